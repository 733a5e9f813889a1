// The weights of one layer in the form the GEMM path multiplies by: every output channel (no
// sampling), float32 rows [O x K] for the float products, the B-bit codes as int8 [K x O] (B <= 8:
// exact integer products) or float32 rows [O x K] (B > 8), and the epilogue constants. Rows and
// codes come from the same generator and quantizer as layer_weights.ts, so both paths see one W.

import { quantizeLayer } from '../../trace/quantize.js';
import type { TraceLayer } from '../../trace/types.js';
import { layerAmberFactors, weightRows } from '../layer_weights.js';

/** Widest code that the int8 product takes (activations and weights). */
export const INT8_CODE_BITS = 8;

export interface GemmWeights {
  readonly source: 'trace' | 'random';
  readonly distribution?: string;
  readonly outChannels: number;
  readonly outChannelsSource: string;
  /** Float rows [O x K]. */
  readonly rows: Float32Array;
  /** B-bit codes: transposed int8 [K x O] when B <= 8, else float32 rows [O x K]. */
  readonly codes: { readonly kind: 'int8'; readonly codesT: Int8Array } | { readonly kind: 'float32'; readonly codeRows: Float32Array };
  readonly codeScales: Float64Array;
  /** Σ_j of the dequantized codes of each row (the engine's shift epilogue constant). */
  readonly rowSumsDequantized: Float64Array;
  /** Amber's f_j, computed only when the plan's criteria need it. */
  readonly amberFactors?: Float64Array;
}

export function gemmWeights(layer: TraceLayer, outChannels: number, outChannelsSource: string, weightBits: number, seed: number, withAmber: boolean): GemmWeights {
  const K = layer.channels, O = outChannels;
  const all = Int32Array.from({ length: O }, (_, i) => i);
  const { rows, distribution } = weightRows(layer, all, seed);
  const q = quantizeLayer(rows, O, K, weightBits);
  const rowSumsDequantized = new Float64Array(O);
  for (let o = 0; o < O; o++) {
    let s = 0;
    for (let j = o * K; j < (o + 1) * K; j++) s += q.codes[j]!;
    rowSumsDequantized[o] = s * q.scales[o]!;
  }
  let codes: GemmWeights['codes'];
  if (weightBits <= INT8_CODE_BITS) {
    const codesT = new Int8Array(K * O);
    for (let o = 0; o < O; o++) for (let j = 0; j < K; j++) codesT[j * O + o] = q.codes[o * K + j]!;
    codes = { kind: 'int8', codesT };
  } else codes = { kind: 'float32', codeRows: Float32Array.from(q.codes) };
  return {
    source: layer.weights !== undefined ? 'trace' : 'random', ...(distribution !== undefined ? { distribution } : {}),
    outChannels, outChannelsSource, rows, codes, codeScales: q.scales, rowSumsDequantized,
    ...(withAmber ? { amberFactors: layerAmberFactors(layer, rows) } : {}),
  };
}
