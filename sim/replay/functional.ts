// Functional replay: the engine's bit-exact outputs for a whole layer Y = X·Wᵀ (X: T tokens × K
// channels of A-bit activation codes, W: O × K B-bit weight codes), by the contract's arithmetic
// (docs/engine-contract.md §2): per token, each group of m channels keeps its n largest magnitudes
// (ties to the lower channel, zero-padded to whole groups), the kept products summed modulo 2^accBits.
// The tiling onto R × C PEs and the slicing into W channels change neither: padded tokens, columns
// and channels are zeros, a zero never displaces a non-zero, and partial sums wrap modulo 2^PSUM
// (PSUM = min(sum width, accBits): exact or the same modulus), which commutes with the final wrap.
// Exact in doubles: |product| <= 2^30 and K <= 2^22 keep every sum below 2^53.
// Kernel: per token the kept activations once (the others zeroed), then a cache-blocked product
// with 4 x 4 register tiles over the weights as given (16 MACs per 8 loads; dropped channels are
// multiplied as zeros, which is cheaper in JavaScript than gathering the kept ones).

import { InternalError } from '../../src/diagnostics/diagnostic.js';
import type { TraceLayer } from '../../src/trace/types.js';
import { quantizeActivations, weightCodes } from './layer_operands.js';

export interface FunctionalLayer {
  readonly tokens: number;
  readonly channels: number;
  readonly outChannels: number;
  /** x[t*K + k]: activation codes. */
  readonly activations: Int16Array;
  /** w[o*K + k]: weight codes. */
  readonly weights: Int16Array;
}

export interface FunctionalEngine {
  readonly n: number;
  readonly m: number;
  readonly accBits: number;
}

/**
 * Kept channels of one token (ascending) into `idx`/`val`; returns their count. Rank counting per
 * group: channel j is kept when fewer than n channels beat it (|a_i| > |a_j|, or equal and i < j).
 */
export function keptChannels(x: Int16Array, offset: number, K: number, n: number, m: number, idx: Int32Array, val: Float64Array): number {
  let count = 0;
  const mag = new Int32Array(m);
  for (let g0 = 0; g0 < K; g0 += m) {
    for (let j = 0; j < m; j++) mag[j] = g0 + j < K ? Math.abs(x[offset + g0 + j]!) : 0;
    for (let j = 0; j < m; j++) {
      const mj = mag[j]!;
      let beaten = 0;
      for (let i = 0; i < j && beaten < n; i++) if (mag[i]! >= mj) beaten++;
      for (let i = j + 1; i < m && beaten < n; i++) if (mag[i]! > mj) beaten++;
      if (beaten < n && g0 + j < K && mj !== 0) {
        idx[count] = g0 + j;
        val[count] = x[offset + g0 + j]!;
        count++;
      }
    }
  }
  return count;
}

/** Two's-complement wrap of exact integer doubles (|v| < 2^53) to `bits` bits, in place. */
function wrapAll(y: Float64Array, bits: number): void {
  if (bits >= 53) return;
  const mod = 2 ** bits, half = mod / 2;
  for (let i = 0; i < y.length; i++) {
    let r = y[i]! % mod;
    if (r >= half) r -= mod; else if (r < -half) r += mod;
    y[i] = r;
  }
}

export interface FunctionalResult {
  /** y[t*O + o]: the engine's results, signed accBits-bit values (exact in doubles). */
  readonly outputs: Float64Array;
  /** Kept activations that are not zero, over all tokens (each meets O weights). */
  readonly keptActivations: number;
  /** T · O · K · n / m: the multiply-accumulates of the engine's lanes (what MAC/s counts). */
  readonly laneMacs: number;
}

/** Per token, the activations the engine keeps (others zero), as 16-bit codes: x̃[t*K + k]. */
export function keptActivations(layer: FunctionalLayer, n: number, m: number): { masked: Int16Array; kept: number } {
  const { tokens: T, channels: K, activations: x } = layer;
  const masked = new Int16Array(T * K);
  const idx = new Int32Array(K + m), val = new Float64Array(K + m);
  let kept = 0;
  for (let t = 0; t < T; t++) {
    const cnt = keptChannels(x, t * K, K, n, m, idx, val);
    for (let q = 0; q < cnt; q++) masked[t * K + idx[q]!] = val[q]!;
    kept += cnt;
  }
  return { masked, kept };
}

const K_CHUNK = 2048, O_CHUNK = 64;

/**
 * y += x̃ · wᵀ over 4 tokens x 4 outputs register tiles, channels in chunks of K_CHUNK and outputs
 * in chunks of O_CHUNK so a chunk of weights stays in cache while every token block passes over it.
 * Edge tiles (T or O not a multiple of 4) go through the same loop with clamped rows.
 */
function maskedGemm(xm: Int16Array, w: Int16Array, y: Float64Array, T: number, K: number, O: number): void {
  for (let k0 = 0; k0 < K; k0 += K_CHUNK) {
    const k1 = Math.min(K, k0 + K_CHUNK);
    for (let o0 = 0; o0 < O; o0 += O_CHUNK) {
      const oEnd = Math.min(O, o0 + O_CHUNK);
      for (let t = 0; t < T; t += 4) {
        const x0 = t * K, x1 = Math.min(t + 1, T - 1) * K, x2 = Math.min(t + 2, T - 1) * K, x3 = Math.min(t + 3, T - 1) * K;
        for (let o = o0; o < oEnd; o += 4) {
          const w0 = o * K, w1 = Math.min(o + 1, O - 1) * K, w2 = Math.min(o + 2, O - 1) * K, w3 = Math.min(o + 3, O - 1) * K;
          let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
          let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
          for (let k = k0; k < k1; k++) {
            const a0 = xm[x0 + k]!, a1 = xm[x1 + k]!, a2 = xm[x2 + k]!, a3 = xm[x3 + k]!;
            const b0 = w[w0 + k]!, b1 = w[w1 + k]!, b2 = w[w2 + k]!, b3 = w[w3 + k]!;
            s00 += a0 * b0; s01 += a0 * b1; s02 += a0 * b2; s03 += a0 * b3;
            s10 += a1 * b0; s11 += a1 * b1; s12 += a1 * b2; s13 += a1 * b3;
            s20 += a2 * b0; s21 += a2 * b1; s22 += a2 * b2; s23 += a2 * b3;
            s30 += a3 * b0; s31 += a3 * b1; s32 += a3 * b2; s33 += a3 * b3;
          }
          const rows = Math.min(4, T - t), cols = Math.min(4, O - o);
          const tile = [s00, s01, s02, s03, s10, s11, s12, s13, s20, s21, s22, s23, s30, s31, s32, s33];
          for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) y[(t + r) * O + o + c] += tile[r * 4 + c]!;
        }
      }
    }
  }
}

/** The engine's outputs for one layer. */
export function functionalReplay(layer: FunctionalLayer, engine: FunctionalEngine): FunctionalResult {
  const { tokens: T, channels: K, outChannels: O } = layer;
  const { n, m } = engine;
  if (K > 1 << 22) throw new InternalError(`functional replay: K = ${K} channels exceeds 2^22 (sums could leave exact doubles)`);
  if (layer.activations.length !== T * K || layer.weights.length !== O * K) throw new InternalError('functional replay: operand sizes do not match T, K, O');
  const { masked, kept } = keptActivations(layer, n, m);
  const y = new Float64Array(T * O);
  maskedGemm(masked, layer.weights, y, T, K, O);
  wrapAll(y, engine.accBits);
  return { outputs: y, keptActivations: kept, laneMacs: (T * O * K * n) / m };
}

/** A trace layer's functional replay as `simulate --functional` runs it: the replay's operand codes, int32 when they fit. */
export function functionalTraceLayer(layer: TraceLayer, outChannels: number, bits: { actBits: number; weightBits: number; accBits: number }, pattern: { n: number; m: number }, seed: number): FunctionalResult & { readonly outputsInt32?: Int32Array } {
  const r = functionalReplay({
    tokens: layer.tokens, channels: layer.channels, outChannels,
    activations: quantizeActivations(layer, bits.actBits), weights: weightCodes(layer, outChannels, bits.weightBits, seed),
  }, { ...pattern, accBits: bits.accBits });
  return bits.accBits <= 32 ? { ...r, outputsInt32: Int32Array.from(r.outputs) } : r;
}
