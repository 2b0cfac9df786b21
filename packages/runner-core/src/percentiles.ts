/** p50 / p95 / p99 of a sample, in the sample's unit. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * The p-th percentile (0 <= p <= 1) of an ascending-sorted sample by linear interpolation between the
 * closest ranks (Hyndman & Fan type 7, as in Excel's PERCENTILE.INC and NumPy's default): with n values
 * x[0..n-1], h = (n - 1) * p, the result is x[floor(h)] + (h - floor(h)) * (x[floor(h) + 1] - x[floor(h)]).
 * An empty sample gives 0.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  if (p <= 0) return sorted[0]!;
  if (p >= 1) return sorted[n - 1]!;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const lower = sorted[lo]!;
  const upper = sorted[Math.min(lo + 1, n - 1)]!;
  return lower + (h - lo) * (upper - lower);
}

/** p50 / p95 / p99 of an unsorted sample (sorted in place: pass a copy if it matters). */
export function summarize(values: Float64Array): Percentiles {
  values.sort();
  return { p50: percentile(values, 0.5), p95: percentile(values, 0.95), p99: percentile(values, 0.99) };
}

/** A growable Float64Array: 8 bytes per sample, so a million items cost 8 MB, not a million boxed numbers. */
export class SampleBuffer {
  #data = new Float64Array(1024);
  #length = 0;

  push(value: number): void {
    if (this.#length === this.#data.length) {
      const next = new Float64Array(this.#data.length * 2);
      next.set(this.#data);
      this.#data = next;
    }
    this.#data[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  summarize(): Percentiles {
    return summarize(this.#data.slice(0, this.#length));
  }
}
