// Half-precision conversions: IEEE binary16 (F16) and bfloat16 (BF16) to and from float32. Node 20
// has no Float16Array, so F16 decodes through a 65,536-entry lookup table built once on first use;
// BF16 is the top half of a float32 and decodes by a shift. Encoders round to nearest, ties to even.

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

let f16Table: Float32Array | undefined;

/** The F16 → float32 table: entry h is the value of the binary16 bit pattern h (exact). */
export function f16Table32(): Float32Array {
  if (f16Table !== undefined) return f16Table;
  const table = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const frac = h & 0x3ff;
    let v: number;
    if (exp === 0) v = frac * 2 ** -24;
    else if (exp === 31) v = frac === 0 ? Infinity : NaN;
    else v = (1024 + frac) * 2 ** (exp - 25);
    table[h] = sign * v;
  }
  f16Table = table;
  return table;
}

/** Value of one binary16 bit pattern (0..65535). */
export function f16BitsToF32(bits: number): number {
  return f16Table32()[bits & 0xffff];
}

/** Value of one bfloat16 bit pattern (0..65535): the high half of a float32. */
export function bf16BitsToF32(bits: number): number {
  scratchU32[0] = (bits & 0xffff) << 16;
  return scratchF32[0];
}

/** float32 bit pattern of `x` (rounded to float32 first). */
function f32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0];
}

/** binary16 bits of a float32 bit pattern, round to nearest even; overflow → ±Inf; NaN stays NaN. */
function f16FromF32Bits(u: number): number {
  const sign = (u >>> 16) & 0x8000;
  const exp = (u >>> 23) & 0xff;
  const mant = u & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 | (mant >>> 13) : 0);
  const hExp = exp - 112; // rebias 127 → 15
  if (hExp >= 31) return sign | 0x7c00;
  if (hExp <= 0) {
    // Subnormal or zero result: value = m * 2^(exp-150) = k * 2^-24 with k = m >> (14 - hExp).
    if (hExp < -10) return sign; // below half the smallest subnormal: rounds to ±0
    const m = mant | 0x800000;
    const shift = 14 - hExp;
    let k = m >>> shift;
    const rem = m & ((1 << shift) - 1);
    const half = 1 << (shift - 1);
    if (rem > half || (rem === half && (k & 1) === 1)) k++;
    return sign | k; // k may carry into 0x400, the smallest normal: still the right encoding
  }
  let h = (hExp << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (h & 1) === 1)) h++; // a carry may reach 0x7c00 = Inf: correct
  return sign | h;
}

/** bfloat16 bits of a float32 bit pattern, round to nearest even; NaN stays a quiet NaN. */
function bf16FromF32Bits(u: number): number {
  if ((u & 0x7f800000) === 0x7f800000 && (u & 0x7fffff) !== 0) return ((u >>> 16) | 0x40) & 0xffff;
  return ((u + 0x7fff + ((u >>> 16) & 1)) >>> 16) & 0xffff;
}

/** binary16 bits of `x` (via float32), round to nearest, ties to even. */
export function f32ToF16Bits(x: number): number {
  return f16FromF32Bits(f32Bits(x));
}

/** bfloat16 bits of `x` (via float32), round to nearest, ties to even. */
export function f32ToBf16Bits(x: number): number {
  return bf16FromF32Bits(f32Bits(x));
}

/** Decodes binary16 bit patterns into float32 values (`out` defaults to a new array). */
export function decodeF16(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  const table = f16Table32();
  for (let i = 0; i < src.length; i++) out[i] = table[src[i]];
  return out;
}

/** Decodes bfloat16 bit patterns into float32 values (`out` defaults to a new array). */
export function decodeBf16(src: Uint16Array, out: Float32Array = new Float32Array(src.length)): Float32Array {
  const out32 = new Uint32Array(out.buffer, out.byteOffset, out.length);
  for (let i = 0; i < src.length; i++) out32[i] = src[i] << 16;
  return out;
}

/** Encodes float32 values as binary16 bit patterns, round to nearest even. */
export function encodeF16(src: Float32Array, out: Uint16Array = new Uint16Array(src.length)): Uint16Array {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < src.length; i++) out[i] = f16FromF32Bits(bits[i]);
  return out;
}

/** Encodes float32 values as bfloat16 bit patterns, round to nearest even. */
export function encodeBf16(src: Float32Array, out: Uint16Array = new Uint16Array(src.length)): Uint16Array {
  const bits = new Uint32Array(src.buffer, src.byteOffset, src.length);
  for (let i = 0; i < src.length; i++) out[i] = bf16FromF32Bits(bits[i]);
  return out;
}

/** Rounds every value in place to the nearest bfloat16 (ties to even): the values a bf16 model holds. */
export function roundToBf16InPlace(values: Float32Array): Float32Array {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) bits[i] = bf16FromF32Bits(bits[i]) << 16;
  return values;
}

/** Rounds every value in place to the nearest binary16 (ties to even; beyond ±65504 becomes ±Inf). */
export function roundToF16InPlace(values: Float32Array): Float32Array {
  const table = f16Table32();
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  for (let i = 0; i < bits.length; i++) values[i] = table[f16FromF32Bits(bits[i])];
  return values;
}
