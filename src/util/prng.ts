// nmcore's one seeded PRNG: xoshiro128** (Blackman & Vigna) seeded through splitmix32, and a 32-bit
// FNV-1a string hash to derive independent streams from names, for tests, stimulus and the synthetic
// trace generator alike. Reproducible from one printed 32-bit seed; Math.random is never used.
// `Prng` adds the conveniences tests and workloads use (ranges, coin flips, picks).

/** 32-bit FNV-1a hash of a string's UTF-16 code units, then avalanche-mixed. */
export function hashString32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h >>> 0);
}

/** murmur3 finalizer: a bijective 32-bit mix. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** xoshiro128**: 128-bit state, period 2^128 − 1, 32-bit outputs. */
export class Xoshiro128 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** Seeds the four state words from `seed` with splitmix32 (never all zero). */
  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      return mix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const b = this.b;
    const r = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return r;
  }

  /** Uniform in (0, 1): never exactly 0 or 1. */
  nextOpen01(): number {
    return (this.nextU32() + 0.5) * 2.3283064365386963e-10;
  }

  /** Uniform integer in [0, n), n <= 2^32 (multiply-shift; bias below 2^-32 · n). */
  nextBelow(n: number): number {
    return Math.floor(this.nextU32() * 2.3283064365386963e-10 * n);
  }

  /** Fills `out` with 32-bit outputs (the fast path of the generator: state kept in locals). */
  fillU32(out: Uint32Array): Uint32Array {
    let a = this.a, b = this.b, c = this.c, d = this.d;
    for (let i = 0; i < out.length; i++) {
      out[i] = Math.imul(rotl(Math.imul(b, 5), 7), 9);
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
    }
    this.a = a; this.b = b; this.c = c; this.d = d;
    return out;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The PRNG with the draws tests and workloads use; the same stream as Xoshiro128 of the same seed. */
export class Prng extends Xoshiro128 {
  constructor(readonly seed: number) {
    super(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  bool(pTrue: number): boolean {
    return this.next() < pTrue;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}
