/** The look-ahead window of items taken from the plan and not started yet. */
export interface Window<T> {
  push(entry: T): void;
  take(): T | undefined;
  drain(): T[];
  readonly size: number;
}

/** `fifo`: plan order. */
export function fifoWindow<T>(): Window<T> {
  let items: (T | undefined)[] = [];
  let head = 0;
  return {
    push(entry) {
      items.push(entry);
    },
    take() {
      if (head >= items.length) return undefined;
      const entry = items[head];
      items[head++] = undefined;
      if (head > 1024 && head * 2 > items.length) {
        items = items.slice(head);
        head = 0;
      }
      return entry;
    },
    drain() {
      const rest = items.slice(head) as T[];
      items = [];
      head = 0;
      return rest;
    },
    get size() {
      return items.length - head;
    },
  };
}

/** `sjf`: smallest cost first within the window, ties by plan order (a binary min-heap). */
export function sjfWindow<T>(cost: (entry: T) => number, seq: (entry: T) => number): Window<T> {
  const heap: T[] = [];
  const less = (a: T, b: T) => {
    const ca = cost(a);
    const cb = cost(b);
    return ca < cb || (ca === cb && seq(a) < seq(b));
  };
  const swap = (i: number, j: number) => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  return {
    push(entry) {
      heap.push(entry);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!less(heap[i]!, heap[parent]!)) break;
        swap(i, parent);
        i = parent;
      }
    },
    take() {
      if (heap.length === 0) return undefined;
      const top = heap[0];
      const last = heap.pop()!;
      if (heap.length > 0) {
        heap[0] = last;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
          if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
          if (m === i) break;
          swap(i, m);
          i = m;
        }
      }
      return top;
    },
    drain() {
      const rest = heap.splice(0).sort((a, b) => seq(a) - seq(b));
      return rest;
    },
    get size() {
      return heap.length;
    },
  };
}
