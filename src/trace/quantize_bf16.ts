// Per-token quantization straight from bfloat16 bits, without a float32 copy of the layer: the same
// codes as quantizeLayer() on the decoded values (src/trace/quantize.ts), bit for bit. The row
// maximum is found on the integer magnitudes (|bf16| orders as its low 15 bits for finite values),
// each value is widened to float32 by a shift into a one-row scratch, then scaled and rounded as there.

import { maxCode } from './quantize.js';

/**
 * Codes [T x K] of bf16 bit patterns `bits` at `actBits` (2..16); undefined when a value is NaN or
 * ±Inf (the caller reports it through the checked reader).
 */
export function quantizeBf16Layer(bits: Uint16Array, tokens: number, channels: number, actBits: number): Int16Array | undefined {
  const codes = new Int16Array(tokens * channels);
  return quantizeBf16Rows(bits, tokens, channels, actBits, codes, 0) ? codes : undefined;
}

/**
 * Quantizes `tokens` rows of bf16 bits into codes[offset ..] (a layer read a few rows at a time);
 * false, leaving the codes partly written, when a value is NaN or ±Inf.
 */
export function quantizeBf16Rows(bits: Uint16Array, tokens: number, channels: number, actBits: number, codes: Int16Array, offset: number): boolean {
  const qmax = maxCode(actBits);
  const wide = new Uint32Array(channels);
  const f32 = new Float32Array(wide.buffer);
  const one = new Uint32Array(1);
  const oneF = new Float32Array(one.buffer);
  for (let t = 0; t < tokens; t++) {
    const row = t * channels, out = offset + row;
    let maxMag = 0;
    for (let i = 0; i < channels; i++) {
      const b = bits[row + i];
      const mag = b & 0x7fff;
      if (mag > maxMag) maxMag = mag;
      wide[i] = b << 16;
    }
    if (maxMag >= 0x7f80) return false; // exponent all ones: NaN or ±Inf
    if (maxMag === 0) { codes.fill(0, out, out + channels); continue; } // all-zero row: zero codes
    one[0] = maxMag << 16;
    const codesPerUnit = qmax / oneF[0];
    // |x| <= max|x| keeps x · (qmax / max|x|) within qmax + qmax·2^-52, which rounds into
    // [−qmax, qmax]: quantizeRow's clamp never acts, and the integral result converts with | 0.
    for (let i = 0; i < channels; i++) {
      codes[out + i] = (f32[i] * codesPerUnit + 6755399441055744 - 6755399441055744) | 0; // round half to even, as quantizeRow
    }
  }
  return true;
}
