// Functional replay: the engine's bit-exact outputs for a whole layer Y = X·Wᵀ (X: T tokens × K
// channels of A-bit activation codes, W: O × K B-bit weight codes), by the contract's arithmetic
// (docs/engine-contract.md §2): per token, each group of m channels keeps its n largest magnitudes
// (ties to the lower channel, zero-padded to whole groups), the kept products summed modulo 2^accBits.
// The tiling onto R × C PEs and the slicing into W channels change neither: padded tokens, columns
// and channels are zeros, a zero never displaces a non-zero, and partial sums wrap modulo 2^PSUM
// (PSUM = min(sum width, accBits): exact or the same modulus), which commutes with the final wrap.
// Exact in doubles: |product| <= 2^30 and K <= 2^22 keep every sum below 2^53.
// Kernel (gatheredProduct): per token the kept non-zero activations once, as (channel, value)
// lists; dropped channels are never touched. Channels go in chunks; per chunk the weights of two
// output rows are packed into one double, w[o] + w[o+1]·2^26, so one multiply-add does the MACs of
// both rows: a chunk's sums stay below 2^25 per row (CHUNK_SUM_BOUND, from the operands' largest
// magnitudes), hence both rows come back exactly from the packed sum (rounding s / 2^26). Codes too
// wide for that (|a·w| · terms >= 2^25, e.g. 16-bit operands) run one row per double.

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

/** Sums of one packed row of a chunk stay below this magnitude in each row: 2^26 spacing then recovers both exactly. */
const CHUNK_SUM_BOUND = 2 ** 25;
const SPACING = 2 ** 26;
/** Channels per chunk at most (a chunk's packed weights stay in cache while every token passes over them). */
const K_CHUNK = 2048;
/** Packed rows (doubles) per register tile; outputs per cache block. */
const TILE = 8, O_BLOCK = 128;

/** Every token's kept non-zero activations: channels ascending in idx, values in val, token t's in [start[t], start[t+1]). */
interface KeptLists { readonly idx: Int32Array; readonly val: Float64Array; readonly start: Int32Array; readonly kept: number }

function keptLists(layer: FunctionalLayer, n: number, m: number): KeptLists {
  const { tokens: T, channels: K, activations: x } = layer;
  const cap = T * Math.ceil(K / m) * n;
  const idx = new Int32Array(cap), val = new Float64Array(cap), start = new Int32Array(T + 1);
  const ti = new Int32Array(K + m), tv = new Float64Array(K + m);
  let kept = 0;
  for (let t = 0; t < T; t++) {
    start[t] = kept;
    const cnt = keptChannels(x, t * K, K, n, m, ti, tv);
    idx.set(ti.subarray(0, cnt), kept);
    val.set(tv.subarray(0, cnt), kept);
    kept += cnt;
  }
  start[T] = kept;
  return { idx, val, start, kept };
}

function maxAbs(a: Int16Array): number {
  let mx = 0;
  for (let i = 0; i < a.length; i++) { const v = Math.abs(a[i]!); if (v > mx) mx = v; }
  return mx;
}

/**
 * y[t*O + o] += Σ over token t's kept channels k of x[t,k]·w[o,k] (exact integers in doubles).
 * Chunk by chunk of channels: the chunk's weights packed `lanes` (2, or 1 when the codes are too
 * wide) output rows per double, padded to whole tiles with zero rows; per token and tile of TILE
 * packed rows, one pass over the token's kept channels in the chunk.
 */
function gatheredProduct(layer: FunctionalLayer, kl: KeptLists, y: Float64Array): void {
  const { tokens: T, channels: K, outChannels: O, weights: w } = layer;
  const maxProduct = maxAbs(layer.activations) * maxAbs(w);
  // Terms of one row's chunk sum: at most the chunk's channels; packing needs terms · maxProduct < 2^25.
  const packTerms = maxProduct === 0 ? K_CHUNK : Math.floor((CHUNK_SUM_BOUND - 1) / maxProduct);
  const lanes = packTerms >= 64 ? 2 : 1;
  const chunk = lanes === 2 ? Math.min(K_CHUNK, packTerms) : K_CHUNK;
  const rows = Math.ceil(O / lanes / TILE) * TILE;
  const packed = new Float64Array(rows * chunk);
  const cursor = Int32Array.from(kl.start.subarray(0, T));
  const { idx, val, start } = kl;
  for (let k0 = 0; k0 < K; k0 += chunk) {
    const k1 = Math.min(K, k0 + chunk), width = k1 - k0;
    packed.fill(0);
    for (let p = 0; p < rows; p++) {
      const o = p * lanes;
      if (o >= O) break;
      const dst = p * chunk;
      for (let k = 0; k < width; k++) packed[dst + k] = w[o * K + k0 + k]!;
      if (lanes === 2 && o + 1 < O) for (let k = 0; k < width; k++) packed[dst + k] += w[(o + 1) * K + k0 + k]! * SPACING;
    }
    // Token t's kept channels in this chunk: [from[t], to[t]).
    const from = Int32Array.from(cursor);
    for (let t = 0; t < T; t++) {
      let c = cursor[t]!;
      const end = start[t + 1]!;
      while (c < end && idx[c]! < k1) c++;
      cursor[t] = c;
    }
    for (let p0 = 0; p0 < rows; p0 += O_BLOCK / lanes) {
      const pEnd = Math.min(rows, p0 + O_BLOCK / lanes);
      for (let t = 0; t < T; t++) {
        const q0 = from[t]!, q1 = cursor[t]!;
        if (q0 === q1) continue;
        for (let p = p0; p < pEnd; p += TILE) {
          const b0 = p * chunk - k0, b1 = b0 + chunk, b2 = b1 + chunk, b3 = b2 + chunk, b4 = b3 + chunk, b5 = b4 + chunk, b6 = b5 + chunk, b7 = b6 + chunk;
          let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
          for (let q = q0; q < q1; q++) {
            const i = idx[q]!, a = val[q]!;
            s0 += a * packed[b0 + i]!; s1 += a * packed[b1 + i]!; s2 += a * packed[b2 + i]!; s3 += a * packed[b3 + i]!;
            s4 += a * packed[b4 + i]!; s5 += a * packed[b5 + i]!; s6 += a * packed[b6 + i]!; s7 += a * packed[b7 + i]!;
          }
          const sums = [s0, s1, s2, s3, s4, s5, s6, s7];
          for (let r = 0; r < TILE; r++) {
            const o = (p + r) * lanes;
            if (o >= O) break;
            const sum = sums[r]!;
            if (lanes === 1) { y[t * O + o] += sum; continue; }
            const hi = Math.round(sum / SPACING);
            y[t * O + o] += sum - hi * SPACING;
            if (o + 1 < O) y[t * O + o + 1] += hi;
          }
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
  const kl = keptLists(layer, n, m);
  const y = new Float64Array(T * O);
  gatheredProduct(layer, kl, y);
  wrapAll(y, engine.accBits);
  return { outputs: y, keptActivations: kl.kept, laneMacs: (T * O * K * n) / m };
}

/**
 * A trace layer's functional replay as `simulate --functional` runs it: the replay's operand codes
 * (`activations`: the layer's codes at actBits when the caller has them already), int32 when they fit.
 */
export function functionalTraceLayer(layer: TraceLayer, outChannels: number, bits: { actBits: number; weightBits: number; accBits: number }, pattern: { n: number; m: number }, seed: number,
  activations: Int16Array = quantizeActivations(layer, bits.actBits)): FunctionalResult & { readonly outputsInt32?: Int32Array } {
  const r = functionalReplay({
    tokens: layer.tokens, channels: layer.channels, outChannels,
    activations, weights: weightCodes(layer, outChannels, bits.weightBits, seed),
  }, { ...pattern, accBits: bits.accBits });
  return bits.accBits <= 32 ? { ...r, outputsInt32: Int32Array.from(r.outputs) } : r;
}
