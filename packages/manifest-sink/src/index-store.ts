import type { ItemStatus, ManifestEntry, ManifestIndex, ManifestProblem } from '@jobintel/runner-core';

export const STATUSES: readonly ItemStatus[] = ['success', 'failure', 'skip', 'cancelled'];

/** A growable byte arena: keys and output references live here as bytes, not as JS strings. */
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
    for (let k = 0; k < n; k++) this.buf[at + k] = src[start + k]!;
    this.length += n;
    return at;
  }
}

function grow<T extends Uint8Array | Uint32Array | Int32Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(size);
  next.set(a);
  return next;
}

const nibble = (c: number): number =>
  c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;

/**
 * The latest resume fields per item id, in columns and without a JS object or string per item: item
 * ids and output references are bytes in arenas, found through an open-addressing hash table; a byte per
 * status, 32 bytes per lowercase sha256-hex fingerprint (others kept as strings), attempts in a
 * Uint32Array. A million items cost well under 100 MB.
 */
export class CompactIndex implements ManifestIndex {
  readonly problems: ManifestProblem[] = [];
  #count = 0;
  #table = new Int32Array(1 << 20); // slot + 1, 0 = empty (4 MB: no rehash below 512k items)
  #hash = new Uint32Array(1024);
  #keyAt = new Uint32Array(1024);
  #keyLen = new Uint32Array(1024);
  #refAt = new Uint32Array(1024);
  #refLen = new Int32Array(1024); // -1 = null
  #status = new Uint8Array(1024);
  #attempts = new Uint32Array(1024);
  #hashes = Buffer.alloc(1024 * 32);
  readonly #otherFingerprints = new Map<number, string>();
  readonly #keys = new Arena();
  readonly #refs = new Arena();

  get size(): number {
    return this.#count;
  }

  /** The slot of the item id `buf[start, end)` (UTF-8 bytes), created if new. */
  slot(buf: Uint8Array, start: number, end: number, create: boolean): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    h >>>= 0;
    const mask = this.#table.length - 1;
    const len = end - start;
    for (let p = h & mask; ; p = (p + 1) & mask) {
      const s = this.#table[p]! - 1;
      if (s < 0) {
        if (!create) return -1;
        return this.#insert(p, h, buf, start, end);
      }
      if (this.#hash[s] === h && this.#keyLen[s] === len) {
        const at = this.#keyAt[s]!;
        const keys = this.#keys.buf;
        let k = 0;
        while (k < len && keys[at + k] === buf[start + k]) k++;
        if (k === len) return s;
      }
    }
  }

  #insert(p: number, h: number, buf: Uint8Array, start: number, end: number): number {
    const s = this.#count++;
    if (s >= this.#status.length) this.#growColumns();
    this.#hash[s] = h;
    this.#keyAt[s] = this.#keys.push(buf, start, end);
    this.#keyLen[s] = end - start;
    this.#refLen[s] = -1;
    this.#table[p] = s + 1;
    if (this.#count * 2 > this.#table.length) this.#rehash();
    return s;
  }

  /** Records the latest row of a slot. `fp` is 64 hex bytes at `buf[fpAt]`, or a string. */
  record(
    s: number,
    status: number,
    attempts: number,
    buf: Uint8Array,
    fpAt: number,
    fp: string | undefined,
    refStart: number,
    refEnd: number,
  ): void {
    this.#status[s] = status;
    this.#attempts[s] = attempts;
    if (fp === undefined && this.#writeHex(s, buf, fpAt)) {
      if (this.#otherFingerprints.size > 0) this.#otherFingerprints.delete(s);
    } else
      this.#otherFingerprints.set(s, fp ?? Buffer.from(buf.subarray(fpAt, fpAt + 64)).toString('latin1'));
    if (refStart < 0) {
      this.#refLen[s] = -1;
    } else if (this.#refLen[s] === refEnd - refStart) {
      // same length as before (usually the same path): overwrite in place
      const to = this.#refs.buf;
      const at = this.#refAt[s]! - refStart;
      for (let k = refStart; k < refEnd; k++) to[at + k] = buf[k]!;
    } else {
      this.#refAt[s] = this.#refs.push(buf, refStart, refEnd);
      this.#refLen[s] = refEnd - refStart;
    }
  }

  get(itemId: string): ManifestEntry | undefined {
    const key = Buffer.from(itemId, 'utf8');
    const s = this.slot(key, 0, key.length, false);
    if (s < 0) return undefined;
    const refLen = this.#refLen[s]!;
    return {
      status: STATUSES[this.#status[s]!]!,
      fingerprint: this.#otherFingerprints.get(s) ?? this.#hashes.toString('hex', s * 32, s * 32 + 32),
      outputRef:
        refLen < 0 ? null : this.#refs.buf.toString('utf8', this.#refAt[s]!, this.#refAt[s]! + refLen),
      attempts: this.#attempts[s]!,
    };
  }

  #writeHex(s: number, buf: Uint8Array, at: number): boolean {
    const base = s * 32;
    for (let k = 0; k < 32; k++) {
      const hi = nibble(buf[at + 2 * k]!);
      const lo = nibble(buf[at + 2 * k + 1]!);
      if (hi < 0 || lo < 0) return false;
      this.#hashes[base + k] = (hi << 4) | lo;
    }
    return true;
  }

  #growColumns(): void {
    const n = this.#status.length * 2;
    this.#hash = grow(this.#hash, n);
    this.#keyAt = grow(this.#keyAt, n);
    this.#keyLen = grow(this.#keyLen, n);
    this.#refAt = grow(this.#refAt, n);
    this.#refLen = grow(this.#refLen, n);
    this.#status = grow(this.#status, n);
    this.#attempts = grow(this.#attempts, n);
    const hashes = Buffer.alloc(n * 32);
    this.#hashes.copy(hashes);
    this.#hashes = hashes;
  }

  #rehash(): void {
    const table = new Int32Array(this.#table.length * 2);
    const mask = table.length - 1;
    for (let s = 0; s < this.#count; s++) {
      let p = this.#hash[s]! & mask;
      while (table[p] !== 0) p = (p + 1) & mask;
      table[p] = s + 1;
    }
    this.#table = table;
  }
}
