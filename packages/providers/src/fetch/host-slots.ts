/** A per-host cap on requests in flight; waiters are served first come, first served. */
export class HostSlots {
  private readonly active = new Map<string, number>();
  private readonly waiters = new Map<string, (() => void)[]>();

  async acquire(host: string, max: number): Promise<() => void> {
    const n = this.active.get(host) ?? 0;
    if (n < max) {
      this.active.set(host, n + 1);
    } else {
      await new Promise<void>((resolve) => {
        const q = this.waiters.get(host) ?? [];
        q.push(resolve);
        this.waiters.set(host, q);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.get(host)?.shift();
      // a waiter inherits the slot, so the count stays the same
      if (next) next();
      else this.active.set(host, (this.active.get(host) ?? 1) - 1);
    };
  }

  inFlight(host: string): number {
    return this.active.get(host) ?? 0;
  }
}
