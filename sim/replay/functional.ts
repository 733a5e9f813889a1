// Functional replay: the engine's bit-exact outputs for a whole layer Y = X·Wᵀ (X: T tokens × K
// channels of A-bit activation codes, W: O × K B-bit weight codes), by the contract's arithmetic
// (docs/engine-contract.md §2): per token, each group of m channels keeps its n largest magnitudes
// (ties to the lower channel, zero-padded to whole groups), the kept products summed modulo 2^accBits.
// The tiling onto R × C PEs and the slicing into W channels change neither: padded tokens, columns
// and channels are zeros, a zero never displaces a non-zero, and partial sums wrap modulo 2^PSUM
// (PSUM = min(sum width, accBits): exact or the same modulus), which commutes with the final wrap.
// Exact in doubles: |product| <= 2^30 and K <= 2^22 keep every sum below 2^53.
// Kernel: per token the kept (channel, value) list once, then for every 4 kept channels one pass
// over the output row with weights stored channel-major (axpy, 4 MACs per output load/store).

import { InternalError } from '../../src/diagnostics/diagnostic.js';

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

/** Channel-major weights (wT[k*O + o]) as doubles: prepared once per layer, reused across engines. */
export function transposeWeights(layer: FunctionalLayer): Float64Array {
  const { channels: K, outChannels: O, weights: w } = layer;
  const wT = new Float64Array(K * O);
  for (let o = 0; o < O; o++) for (let k = 0; k < K; k++) wT[k * O + o] = w[o * K + k]!;
  return wT;
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
  /** Multiplications the engine performs with a non-zero kept activation (sum over tokens of kept × O). */
  readonly keptMacs: number;
  /** T · O · K · n / m: the multiply-accumulates of the engine's lanes (what MAC/s counts). */
  readonly laneMacs: number;
}

/** The engine's outputs for one layer; `wT` from transposeWeights(layer). */
export function functionalReplay(layer: FunctionalLayer, engine: FunctionalEngine, wT: Float64Array = transposeWeights(layer)): FunctionalResult {
  const { tokens: T, channels: K, outChannels: O, activations: x } = layer;
  const { n, m } = engine;
  if (K > 1 << 22) throw new InternalError(`functional replay: K = ${K} channels exceeds 2^22 (sums could leave exact doubles)`);
  if (x.length !== T * K || layer.weights.length !== O * K || wT.length !== K * O) throw new InternalError('functional replay: operand sizes do not match T, K, O');
  const y = new Float64Array(T * O);
  const idx = new Int32Array(K + 4), val = new Float64Array(K + 4);
  let kept = 0;
  for (let t = 0; t < T; t++) {
    const cnt = keptChannels(x, t * K, K, n, m, idx, val);
    kept += cnt;
    const yo = t * O;
    let q = 0;
    for (; q + 4 <= cnt; q += 4) {
      const a0 = val[q]!, a1 = val[q + 1]!, a2 = val[q + 2]!, a3 = val[q + 3]!;
      const b0 = idx[q]! * O, b1 = idx[q + 1]! * O, b2 = idx[q + 2]! * O, b3 = idx[q + 3]! * O;
      for (let o = 0; o < O; o++) y[yo + o] += a0 * wT[b0 + o]! + a1 * wT[b1 + o]! + a2 * wT[b2 + o]! + a3 * wT[b3 + o]!;
    }
    for (; q < cnt; q++) {
      const a = val[q]!, b = idx[q]! * O;
      for (let o = 0; o < O; o++) y[yo + o] += a * wT[b + o]!;
    }
  }
  wrapAll(y, engine.accBits);
  return { outputs: y, keptMacs: kept * O, laneMacs: (T * O * K * n) / m };
}
