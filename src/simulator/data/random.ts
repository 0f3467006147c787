/**
 * Seeded pseudo-random numbers. Every id, name and amount the simulator invents comes from one
 * of these, so the same seed always yields the same organisations, ids and figures.
 *
 * The generator is sfc32 (small, fast, good statistical quality); seeds are mixed through
 * splitmix32 so that nearby seeds give unrelated streams.
 */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  readonly #seed: number;

  constructor(seed: number | string) {
    this.#seed = typeof seed === 'number' ? seed >>> 0 : hashString(seed);
    let s = this.#seed;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#a = next();
    this.#b = next();
    this.#c = next();
    this.#d = next();
    for (let i = 0; i < 12; i++) this.uint32();
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  uint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** An integer in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('Random.pick needs a non-empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One element chosen with the given relative weights. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (!last) throw new RangeError('Random.weighted needs a non-empty array');
    return last[0];
  }

  /** A lower-case RFC 4122 version-4 shaped GUID, as Xero writes its ids. */
  guid(): string {
    const a = this.uint32();
    const b = this.uint32();
    const c = this.uint32();
    const d = this.uint32();
    // Written byte by byte into a reused buffer: the generator makes millions of ids, and this
    // yields one flat string per id instead of a rope of small pieces.
    const out = GUID_BUFFER;
    writeHex(out, 0, a, 4);
    writeHex(out, 9, b >>> 16, 2);
    writeHex(out, 14, 0x4000 | (b & 0x0fff), 2);
    writeHex(out, 19, 0x8000 | ((c >>> 16) & 0x3fff), 2);
    writeHex(out, 24, c & 0xffff, 2);
    writeHex(out, 28, d, 4);
    return out.toString('latin1');
  }

  /** `length` characters drawn from `alphabet`. */
  string(length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
    return out;
  }

  /** A child generator whose stream depends only on this seed and `label`, not on call order. */
  fork(label: string): Random {
    return new Random(hashString(`${this.#seed}:${label}`));
  }
}

// Hyphens sit at 8, 13, 18 and 23; the hex digits are written around them.
const GUID_BUFFER = Buffer.from('00000000-0000-0000-0000-000000000000', 'latin1');
const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1');

/** Writes the low `bytes` bytes of `value` as lower-case hex at `offset`, most significant first. */
function writeHex(out: Buffer, offset: number, value: number, bytes: number): void {
  for (let i = bytes * 2 - 1; i >= 0; i--) {
    out[offset + i] = HEX_DIGITS[value & 0xf] as number;
    value >>>= 4;
  }
}

/** FNV-1a hash of a string to an unsigned 32-bit integer. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
