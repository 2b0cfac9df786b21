import type { ItemStatus, ManifestEntry, ManifestIndex, ManifestProblem } from '@jobintel/runner-core';

export const STATUSES: readonly ItemStatus[] = ['success', 'failure', 'skip', 'cancelled'];

/** A growable byte arena: item ids and output references live here as UTF-8 bytes, not as JS strings. */
class Arena {
  buf = Buffer.allocUnsafe(1 << 20);
  length = 0;

  push(src: Uint8Array, start: number, end: number): number {
    const n = end - start;
    if (this.length + n > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.length + n));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    const at = this.length;
    copyBytes(src, start, end, this.buf, at);
    this.length += n;
    return at;
  }
}

function copyBytes(src: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  if (end - start > 48) to.set(src.subarray(start, end), at);
  else for (let k = start; k < end; k++) to[at++] = src[k]!;
}

function grow<T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

/** Lowercase hex digit values; -1 for any other byte (uppercase hex is kept as text, to round-trip). */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX[0x61 + c] = 10 + c;

/**
 * The latest resume fields per item id, in columns and without a JS object or string per item: item
 * ids and output references are UTF-8 bytes in arenas, found through an open-addressing hash table; a
 * byte per status, attempts in a Float64Array, and 32 bytes per lowercase sha256-hex fingerprint (any
 * other fingerprint is kept as a string on the side). About 100 bytes per item plus its id and reference.
 */
export class CompactIndex implements ManifestIndex {
  readonly problems: ManifestProblem[] = [];
  #count = 0;
  #table = new Int32Array(2 << 16); // pairs [slot + 1, hash]; slot + 1 = 0: empty
  #keyAt = new Uint32Array(1024);
  #keyLen = new Uint32Array(1024);
  #refAt = new Uint32Array(1024);
  #refLen = new Int32Array(1024); // -1: null
  #status = new Uint8Array(1024);
  #attempts = new Float64Array(1024);
  #hex = Buffer.alloc(1024 * 32);
  #textual = new Uint8Array(1024); // 1: the fingerprint is in #texts
  readonly #texts = new Map<number, string>();
  readonly #keys = new Arena();
  readonly #refs = new Arena();

  get size(): number {
    return this.#count;
  }

  /** The slot of the item id whose UTF-8 bytes are `buf[start, end)`; created when new. */
  slot(buf: Uint8Array, start: number, end: number): number {
    const s = this.find(buf, start, end);
    return s >= 0 ? s : this.#insert(buf, start, end);
  }

  /** The slot of an item id, or -1. */
  find(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    this.#lastHash = h;
    const table = this.#table;
    const mask = (table.length >> 1) - 1;
    const len = end - start;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const s = table[2 * p]! - 1;
      if (s < 0) {
        this.#lastFree = p;
        return -1;
      }
      if (table[2 * p + 1] === h && this.#keyLen[s] === len) {
        const at = this.#keyAt[s]!;
        const keys = this.#keys.buf;
        let k = 0;
        while (k < len && keys[at + k] === buf[start + k]) k++;
        if (k === len) return s;
      }
    }
  }

  #lastHash = 0;
  #lastFree = 0;

  /** Inserts the key `find` just failed to find (its hash and free position are remembered). */
  #insert(buf: Uint8Array, start: number, end: number): number {
    const s = this.#count++;
    if (s >= this.#status.length) this.#growColumns();
    this.#keyAt[s] = this.#keys.push(buf, start, end);
    this.#keyLen[s] = end - start;
    this.#refLen[s] = -1;
    this.#table[2 * this.#lastFree] = s + 1;
    this.#table[2 * this.#lastFree + 1] = this.#lastHash;
    if (this.#count * 4 > this.#table.length) this.#rehash(); // load factor 1/2
    return s;
  }

  setStatus(s: number, status: number, attempts: number): void {
    this.#status[s] = status;
    this.#attempts[s] = attempts;
  }

  /** The fingerprint as the UTF-8 bytes `buf[start, end)`: 64 lowercase hex digits are stored packed. */
  setFingerprintBytes(s: number, buf: Buffer, start: number, end: number): void {
    if (end - start === 64) {
      const hex = this.#hex;
      const base = s * 32;
      let k = 0;
      for (; k < 32; k++) {
        const hi = HEX[buf[start + 2 * k]!]!;
        const lo = HEX[buf[start + 2 * k + 1]!]!;
        if ((hi | lo) < 0) break;
        hex[base + k] = (hi << 4) | lo;
      }
      if (k === 32) {
        if (this.#textual[s]) {
          this.#textual[s] = 0;
          this.#texts.delete(s);
        }
        return;
      }
    }
    this.setFingerprintText(s, buf.toString('utf8', start, end));
  }

  /** The fingerprint as 32 decoded bytes (it was 64 lowercase hex digits). */
  setFingerprintHex(s: number, bytes: Uint8Array): void {
    const hex = this.#hex;
    const base = s * 32;
    for (let k = 0; k < 32; k++) hex[base + k] = bytes[k]!;
    if (this.#textual[s]) {
      this.#textual[s] = 0;
      this.#texts.delete(s);
    }
  }

  setFingerprintText(s: number, fingerprint: string): void {
    this.#textual[s] = 1;
    this.#texts.set(s, fingerprint);
  }

  /** The output reference as UTF-8 bytes `buf[start, end)`, or null when `start` is negative. */
  setOutputRef(s: number, buf: Uint8Array, start: number, end: number): void {
    if (start < 0) {
      this.#refLen[s] = -1;
    } else if (this.#refLen[s] === end - start) {
      // as long as before (usually the same path): overwrite in place
      copyBytes(buf, start, end, this.#refs.buf, this.#refAt[s]!);
    } else {
      this.#refAt[s] = this.#refs.push(buf, start, end);
      this.#refLen[s] = end - start;
    }
  }

  get(itemId: string): ManifestEntry | undefined {
    const key = Buffer.from(itemId, 'utf8');
    const s = this.find(key, 0, key.length);
    if (s < 0) return undefined;
    const refLen = this.#refLen[s]!;
    const refAt = this.#refAt[s]!;
    return {
      status: STATUSES[this.#status[s]!]!,
      fingerprint: this.#textual[s]
        ? (this.#texts.get(s) ?? '')
        : this.#hex.toString('hex', s * 32, s * 32 + 32),
      outputRef: refLen < 0 ? null : this.#refs.buf.toString('utf8', refAt, refAt + refLen),
      attempts: this.#attempts[s]!,
    };
  }

  /** Every item id, in order of first appearance. */
  *itemIds(): IterableIterator<string> {
    for (let s = 0; s < this.#count; s++) {
      const at = this.#keyAt[s]!;
      yield this.#keys.buf.toString('utf8', at, at + this.#keyLen[s]!);
    }
  }

  #growColumns(): void {
    const n = this.#status.length * 2;
    this.#keyAt = grow(this.#keyAt, n);
    this.#keyLen = grow(this.#keyLen, n);
    this.#refAt = grow(this.#refAt, n);
    this.#refLen = grow(this.#refLen, n);
    this.#status = grow(this.#status, n);
    this.#attempts = grow(this.#attempts, n);
    this.#textual = grow(this.#textual, n);
    const hex = Buffer.alloc(n * 32);
    this.#hex.copy(hex);
    this.#hex = hex;
  }

  #rehash(): void {
    const old = this.#table;
    const table = new Int32Array(old.length * 2);
    const mask = (table.length >> 1) - 1;
    for (let p = 0; p < old.length; p += 2) {
      const slot = old[p]!;
      if (slot === 0) continue;
      const h = old[p + 1]!;
      let q = h & mask;
      while (table[2 * q] !== 0) q = (q + 1) & mask;
      table[2 * q] = slot;
      table[2 * q + 1] = h;
    }
    this.#table = table;
  }
}
