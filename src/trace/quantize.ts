// Per-token symmetric quantization of float activations to signed A-bit integers, the form the engine
// consumes (contract §1: actBits A in 2..16). One scale per token row: scale_t = max_k |x_tk| / (2^(A-1) − 1),
// q = round_half_even(x · (2^(A-1) − 1) / max_k |x_tk|) in float64, clamped to [−2^(A−1), 2^(A−1) − 1].
// An all-zero row gets scale 1 and zero codes.

import { InternalError } from '../diagnostics/diagnostic.js';

/** A quantized layer input: codes row-major [T x K] and one scale per token. */
export interface QuantizedLayer {
  /** T, token rows. */
  readonly tokens: number;
  /** K, channels per row. */
  readonly channels: number;
  /** A, signed code width in bits (2..16). */
  readonly actBits: number;
  /** Length T * K; each code in [−2^(A−1), 2^(A−1) − 1]; dequantized value = code * scales[t]. */
  readonly codes: Int16Array;
  /** Length T; scale of each token row (real units per code step), > 0. */
  readonly scales: Float64Array;
}

/**
 * Round half to even (banker's rounding), as torch.round and numpy.round do: 2.5 → 2, 3.5 → 4,
 * −2.5 → −2. Chosen so that quantized traces match PyTorch fake-quantization bit for bit.
 */
export function roundHalfEven(v: number): number {
  // Adding and removing 1.5·2^52 leaves no fraction bits, so the FPU's own round-to-nearest-even
  // does the rounding; exact for |v| < 2^51 (codes are below 2^16). Result +0 for −0.5 .. −0.
  return v + 6755399441055744 - 6755399441055744;
}

/** Largest positive code of an A-bit signed integer: 2^(A−1) − 1. */
export function maxCode(actBits: number): number {
  return 2 ** (actBits - 1) - 1;
}

function checkBits(actBits: number): void {
  if (!Number.isInteger(actBits) || actBits < 2 || actBits > 16) {
    throw new InternalError(`actBits must be an integer in 2..16, not ${actBits}`);
  }
}

/**
 * Quantizes values[offset .. offset+count) into codes[offset ..] and returns the row's scale.
 * Values must be finite (readers guarantee it).
 */
export function quantizeRow(values: Float32Array, offset: number, count: number, actBits: number, codes: Int16Array): number {
  checkBits(actBits);
  const qmax = maxCode(actBits);
  const qmin = -qmax - 1;
  let maxAbs = 0;
  for (let i = offset; i < offset + count; i++) {
    const a = Math.abs(values[i]);
    if (a > maxAbs) maxAbs = a;
  }
  if (maxAbs === 0) {
    codes.fill(0, offset, offset + count);
    return 1;
  }
  const codesPerUnit = qmax / maxAbs;
  for (let i = offset; i < offset + count; i++) {
    const q = values[i] * codesPerUnit + 6755399441055744 - 6755399441055744; // roundHalfEven, inlined
    codes[i] = q > qmax ? qmax : q < qmin ? qmin : q;
  }
  return maxAbs / qmax;
}

/**
 * Quantizes a row-major [T x K] float layer per token. With this symmetric scale the codes lie in
 * [−(2^(A−1) − 1), 2^(A−1) − 1]; −2^(A−1) never occurs here (the engine still handles it, contract §2).
 */
export function quantizeLayer(values: Float32Array, tokens: number, channels: number, actBits: number): QuantizedLayer {
  checkBits(actBits);
  if (values.length !== tokens * channels) {
    throw new InternalError(`quantizeLayer: ${values.length} values is not ${tokens} tokens x ${channels} channels`);
  }
  const codes = new Int16Array(tokens * channels);
  const scales = new Float64Array(tokens);
  for (let t = 0; t < tokens; t++) scales[t] = quantizeRow(values, t * channels, channels, actBits, codes);
  return { tokens, channels, actBits, codes, scales };
}
