// The weights W [O x K] an accuracy evaluation multiplies by: the trace's own, or seeded random
// Gaussian weights N(0, 1/K) (labelled as such) when the trace has none. Output error is evaluated
// on all O output channels, or on a seeded subset when T·K·O exceeds a multiply budget (the count
// is reported). Holds the float weights, their B-bit per-row codes (what the engine multiplies by),
// row sums for the shift epilogues and Amber's factors, transposed to [K x O_eval] for fast GEMMs.

import { quantizeLayer } from '../trace/quantize.js';
import type { TraceLayer } from '../trace/types.js';
import { Prng } from '../util/prng.js';
import { amberFactors } from './amber.js';

/** Multiplies per GEMM (T·K·O_eval) above which output channels are sampled. */
export const OUTPUT_ERROR_MAC_BUDGET = 1 << 23;
/** Fewest output channels a sample holds. */
export const MIN_SAMPLED_OUT_CHANNELS = 64;

export interface LayerWeights {
  readonly source: 'trace' | 'random';
  /** How random weights were drawn (absent for trace weights). */
  readonly distribution?: string;
  /** O of the layer and where it came from. */
  readonly outChannels: number;
  readonly outChannelsSource: string;
  /** The output channels the output error is evaluated on (sorted); all of 0..O−1 unless sampled. */
  readonly evalChannels: Int32Array;
  readonly sampled: boolean;
  /** [K x O_eval] float weights, transposed. */
  readonly wT: Float64Array;
  /** [K x O_eval] B-bit weight codes (per-row symmetric scale), transposed, and the scale of each evaluated row. */
  readonly codesT: Float64Array;
  readonly codeScales: Float64Array;
  /** Σ_j W_oj over the evaluated rows: float, and of the dequantized codes (the engine's epilogue constant). */
  readonly rowSums: Float64Array;
  readonly rowSumsDequantized: Float64Array;
  /** Amber's f_j from all rows of W (random weights: from the generated rows). */
  readonly amberFactors: Float64Array;
}

/** The sorted output channels to evaluate: all, or a seeded sample sized to the budget. */
export function evalChannelsOf(tokens: number, channels: number, outChannels: number, seed: number, budget = OUTPUT_ERROR_MAC_BUDGET): Int32Array {
  const count = tokens * channels * outChannels <= budget
    ? outChannels
    : Math.min(outChannels, Math.max(MIN_SAMPLED_OUT_CHANNELS, Math.floor(budget / (tokens * channels))));
  const all = Int32Array.from({ length: outChannels }, (_, i) => i);
  if (count === outChannels) return all;
  const rng = new Prng(seed);
  for (let i = 0; i < count; i++) {
    const j = rng.int(i, outChannels - 1);
    const t = all[i]!; all[i] = all[j]!; all[j] = t;
  }
  return all.subarray(0, count).sort();
}

/** Standard normal variates (Box–Muller) from a Prng. */
function gaussian(rng: Prng): number {
  const u = 1 - rng.next(), v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** The float rows [O_eval x K] of W on `evalChannels`: the trace's, or seeded Gaussian rows (and how they were drawn). */
export function weightRows(layer: TraceLayer, evalChannels: Int32Array, seed: number): { rows: Float32Array; distribution?: string } {
  const K = layer.channels, Oe = evalChannels.length;
  if (layer.weights !== undefined) {
    const rows = new Float32Array(Oe * K);
    evalChannels.forEach((o, i) => rows.set(layer.weights!.values.subarray(o * K, (o + 1) * K), i * K));
    return { rows };
  }
  const rng = new Prng(seed);
  const sd = 1 / Math.sqrt(K);
  const rows = new Float32Array(Oe * K);
  for (let i = 0; i < rows.length; i++) rows[i] = gaussian(rng) * sd;
  return { rows, distribution: `Gaussian N(0, 1/K) float32, K = ${K}, Prng seed ${seed}, ${Oe} rows generated` };
}

/** Amber's f_j from all rows of the trace's W, or from the generated rows. */
export function layerAmberFactors(layer: TraceLayer, rows: Float32Array): Float64Array {
  const K = layer.channels;
  return layer.weights !== undefined ? amberFactors(layer.weights.values, layer.weights.outChannels, K) : amberFactors(rows, rows.length / K, K);
}

/** Weights of `layer` with O = `outChannels` (from the trace, an option or the model shape). */
export function layerWeights(layer: TraceLayer, outChannels: number, outChannelsSource: string, weightBits: number, seed: number, budget = OUTPUT_ERROR_MAC_BUDGET): LayerWeights {
  const K = layer.channels;
  const evalChannels = evalChannelsOf(layer.tokens, K, outChannels, seed, budget);
  const Oe = evalChannels.length;
  const { rows, distribution } = weightRows(layer, evalChannels, seed);
  const amber = layerAmberFactors(layer, rows);
  const q = quantizeLayer(rows, Oe, K, weightBits);
  const wT = new Float64Array(K * Oe), codesT = new Float64Array(K * Oe);
  const rowSums = new Float64Array(Oe), rowSumsDequantized = new Float64Array(Oe);
  for (let o = 0; o < Oe; o++) {
    for (let j = 0; j < K; j++) {
      wT[j * Oe + o] = rows[o * K + j]!;
      codesT[j * Oe + o] = q.codes[o * K + j]!;
      rowSums[o] += rows[o * K + j]!;
      rowSumsDequantized[o] += q.codes[o * K + j]! * q.scales[o]!;
    }
  }
  return {
    source: layer.weights !== undefined ? 'trace' : 'random',
    ...(distribution !== undefined ? { distribution } : {}),
    outChannels, outChannelsSource, evalChannels, sampled: Oe < outChannels,
    wT, codesT, codeScales: q.scales, rowSums, rowSumsDequantized, amberFactors: amber,
  };
}
