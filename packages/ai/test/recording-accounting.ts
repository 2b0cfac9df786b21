import type { Accounting, CallEstimate, LlmApi, Reservation, SettledCall } from '../src/accounting.js';

export type AccountingEvent =
  | { type: 'reserve'; id: string; call: CallEstimate }
  | { type: 'settle'; id: string; api: LlmApi; rawUsage: unknown; costNanos: number }
  | { type: 'release'; id: string };

export interface RecordingAccounting extends Accounting {
  events: AccountingEvent[];
  /** Reservations neither settled nor released. */
  open(): string[];
  /** Ids closed more than once (must be empty). */
  closedTwice(): string[];
  count(type: AccountingEvent['type']): number;
  /** Sum of settled costs, nano-dollars. */
  spentNanos(): number;
}

/** Wraps an accounting and records every reserve / settle / release in order. */
export function recordAccounting(inner: Accounting): RecordingAccounting {
  const events: AccountingEvent[] = [];
  const closed = new Map<string, number>();
  const opened = new Set<string>();
  const close = (id: string) => {
    opened.delete(id);
    closed.set(id, (closed.get(id) ?? 0) + 1);
  };
  return {
    events,
    estimateInputTokens: (model, messages) => inner.estimateInputTokens(model, messages),
    async reserve(call) {
      const reservation = await inner.reserve(call);
      events.push({ type: 'reserve', id: reservation.id, call });
      opened.add(reservation.id);
      return reservation;
    },
    async settle(reservation: Reservation, api: LlmApi, rawUsage: unknown): Promise<SettledCall> {
      const settled = await inner.settle(reservation, api, rawUsage);
      events.push({ type: 'settle', id: reservation.id, api, rawUsage, costNanos: settled.costNanos });
      close(reservation.id);
      return settled;
    },
    async release(reservation) {
      await inner.release(reservation);
      events.push({ type: 'release', id: reservation.id });
      close(reservation.id);
    },
    open: () => [...opened],
    closedTwice: () => [...closed].filter(([, n]) => n > 1).map(([id]) => id),
    count: (type) => events.filter((e) => e.type === type).length,
    spentNanos: () => events.reduce((sum, e) => sum + (e.type === 'settle' ? e.costNanos : 0), 0),
  };
}
