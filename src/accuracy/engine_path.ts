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

/** The engine's view of a layer before its products: shift, A-bit codes, the keep mask and VAR's v_t. */
export interface EngineSelection {
  /** Per-token shift η_t (0 without a shift or for `dense`). */
  readonly shift: Float64Array;
  /** Codes [T x K] and per-token scales of x − η. */
  readonly codes: Int16Array;
  readonly scales: Float64Array;
  /** 1 where kept, [T x K]. */
  readonly keep: Uint8Array;
  /** VAR's v_t (1 without VAR). */
  readonly rowScale: Float64Array;
  readonly tiedGroups: number;
}

/** Shift, quantization, criterion on the codes and VAR's scale, as the engine does them; `dense` keeps all. */
export function engineSelection(x: ArrayLike<number>, tokens: number, channels: number, actBits: number,
  pattern: PatternId | 'dense', criterion: CriterionId, mitigation: MitigationId, ctx: PruneContext): EngineSelection {
  const K = channels;
  const shift = pattern === 'dense' ? new Float64Array(tokens) : mitigationShifts(x, tokens, K, mitigation, ctx);
  const shifted = new Float32Array(tokens * K);
  for (let t = 0; t < tokens; t++) for (let i = t * K; i < (t + 1) * K; i++) shifted[i] = x[i]! - shift[t]!;
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
    const dq = new Float64Array(tokens * K);
    for (let t = 0; t < tokens; t++) for (let i = t * K; i < (t + 1) * K; i++) dq[i] = q.codes[i]! * q.scales[t]!;
    v = varScales(dq, tokens, K, keep);
  }
  return { shift, codes: q.codes, scales: q.scales, keep, rowScale: v, tiedGroups };
}

/** `pattern` 'dense' keeps every channel (quantization error alone). */
export function engineLayer(x: ArrayLike<number>, tokens: number, channels: number, w: LayerWeights, actBits: number,
  pattern: PatternId | 'dense', criterion: CriterionId, mitigation: MitigationId, ctx: PruneContext): EngineLayerOutput {
  const K = channels, Oe = w.evalChannels.length;
  const { shift, codes, scales, keep, rowScale: v, tiedGroups } = engineSelection(x, tokens, K, actBits, pattern, criterion, mitigation, ctx);
  const accumulators = new Float64Array(tokens * Oe);
  const outputs = new Float64Array(tokens * Oe);
  const codesT = w.codesT;
  for (let t = 0; t < tokens; t++) {
    const ao = t * Oe;
    for (let j = 0; j < K; j++) {
      const c = codes[t * K + j]!;
      if (!keep[t * K + j] || c === 0) continue;
      const base = j * Oe;
      for (let o = 0; o < Oe; o++) accumulators[ao + o] += c * codesT[base + o]!;
    }
    const s = v[t]! * scales[t]!;
    for (let o = 0; o < Oe; o++) outputs[ao + o] = s * w.codeScales[o]! * accumulators[ao + o]! + shift[t]! * w.rowSumsDequantized[o]!;
  }
  return { accumulators, outputs, tiedGroups };
}
