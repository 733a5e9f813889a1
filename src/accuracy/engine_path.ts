// What the engine computes for a layer under a pattern, criterion and mitigation: the (shifted)
// input quantized per token to A bits (src/trace/quantize.ts, after rounding x − η to float32),
// the criterion's top-n on the codes (|q|·factor, ties to the lower channel), the integer dot
// product with the B-bit weight codes (exact in float64), then the epilogue: the token and weight
// scales, VAR's v_t (from Σx, Σx² of the dense and kept dequantized row) and η_t·rowsum(W).

import { quantizeLayer } from '../trace/quantize.js';
import { groupShape, type CriterionId, type MitigationId, type PatternId } from './ids.js';
import type { LayerWeights } from './layer_weights.js';
import { mitigationShifts, varScales, type PruneContext } from './prune.js';
import { channelFactors, criterionScores, selectTopN } from './select.js';

export interface EngineLayerOutput {
  /** Integer accumulators Σ_kept q_tj · wcode_oj, [T x O_eval] (before any scale). */
  readonly accumulators: Float64Array;
  /** Outputs in real units after the epilogue, [T x O_eval]. */
  readonly outputs: Float64Array;
  readonly tiedGroups: number;
}

/** `pattern` 'dense' keeps every channel (quantization error alone). */
export function engineLayer(x: ArrayLike<number>, tokens: number, channels: number, w: LayerWeights, actBits: number,
  pattern: PatternId | 'dense', criterion: CriterionId, mitigation: MitigationId, ctx: PruneContext): EngineLayerOutput {
  const K = channels, Oe = w.evalChannels.length;
  const shift = pattern === 'dense' ? new Float64Array(tokens) : mitigationShifts(x, tokens, K, mitigation, ctx);
  const shifted = Float32Array.from({ length: tokens * K }, (_, i) => x[i]! - shift[Math.floor(i / K)]!);
  const q = quantizeLayer(shifted, tokens, K, actBits);
  const keep = new Uint8Array(tokens * K);
  let tiedGroups = 0;
  if (pattern === 'dense') keep.fill(1);
  else {
    const { n, m } = groupShape(pattern, K);
    const shifted64 = Float64Array.from(shifted);
    tiedGroups = selectTopN(criterionScores(q.codes, tokens, K, channelFactors(criterion, shifted64, tokens, K, ctx.amberFactors)), tokens, K, n, m, keep);
  }
  let v: Float64Array = new Float64Array(tokens).fill(1);
  if (pattern !== 'dense' && mitigation === 'var') {
    const dq = Float64Array.from(q.codes, (c, i) => c * q.scales[Math.floor(i / K)]!);
    v = varScales(dq, tokens, K, keep);
  }
  const accumulators = new Float64Array(tokens * Oe);
  const outputs = new Float64Array(tokens * Oe);
  const codes = q.codes, codesT = w.codesT;
  for (let t = 0; t < tokens; t++) {
    const ao = t * Oe;
    for (let j = 0; j < K; j++) {
      const c = codes[t * K + j]!;
      if (!keep[t * K + j] || c === 0) continue;
      const base = j * Oe;
      for (let o = 0; o < Oe; o++) accumulators[ao + o] += c * codesT[base + o]!;
    }
    const s = v[t]! * q.scales[t]!;
    for (let o = 0; o < Oe; o++) outputs[ao + o] = s * w.codeScales[o]! * accumulators[ao + o]! + shift[t]! * w.rowSumsDequantized[o]!;
  }
  return { accumulators, outputs, tiedGroups };
}
