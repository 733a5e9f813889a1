// The keep masks of every combination of a plan on one layer, sharing what does not depend on the
// pattern: the shift of each mitigation, the shifted (and, for the engine, quantized) matrix and the
// criterion's scores are computed once per (mitigation's shift, criterion), then only the top-n runs
// per pattern; none and var share one mask. Same functions and results as pruneLayer and
// engineSelection (the reference; tested equal), without recomputing the shared parts per pattern.

import { InternalError } from '../../diagnostics/diagnostic.js';
import { quantizeLayer } from '../../trace/quantize.js';
import type { EngineSelection } from '../engine_path.js';
import { groupShape, type CriterionId, type MitigationId, type PatternId } from '../ids.js';
import { mitigationShifts, varScales, type PruneContext, type PrunedLayer } from '../prune.js';
import { channelFactors, criterionScores, selectTopN } from '../select.js';

export interface Combo { readonly pattern: PatternId | 'dense'; readonly criterion: CriterionId; readonly mitigation: MitigationId }

/** The shift a mitigation applies: var and none prune the unshifted row. */
const shiftOf = (m: MitigationId): MitigationId => (m === 'dynamic_shift' || m === 'static_shift' ? m : 'none');

function memo<V>(cache: Map<string, V>, key: string, make: () => V): V {
  let v = cache.get(key);
  if (v === undefined) { v = make(); cache.set(key, v); }
  return v;
}

function topN(scores: Float64Array, T: number, K: number, pattern: PatternId): { keep: Uint8Array; tiedGroups: number; groups: number } {
  const { n, m } = groupShape(pattern, K);
  const keep = new Uint8Array(T * K);
  return { keep, tiedGroups: selectTopN(scores, T, K, n, m, keep), groups: (T * K) / m };
}

/** pruneLayer of every combination (float path; no `dense`). */
export function floatSelections(x: Float64Array, T: number, K: number, combos: readonly Combo[], ctx: PruneContext): PrunedLayer[] {
  const shifts = new Map<string, { rowShift: Float64Array; shifted: Float64Array }>();
  const scores = new Map<string, Float64Array>();
  const masks = new Map<string, ReturnType<typeof topN>>();
  return combos.map(({ pattern, criterion, mitigation }) => {
    if (pattern === 'dense') throw new InternalError('floatSelections: no dense row on the float path');
    const sk = shiftOf(mitigation);
    const { rowShift, shifted } = memo(shifts, sk, () => {
      const rowShift = mitigationShifts(x, T, K, sk, ctx), shifted = new Float64Array(T * K);
      for (let t = 0; t < T; t++) for (let i = t * K; i < (t + 1) * K; i++) shifted[i] = x[i]! - rowShift[t]!;
      return { rowShift, shifted };
    });
    const sc = memo(scores, `${sk}|${criterion}`, () => criterionScores(shifted, T, K, channelFactors(criterion, shifted, T, K, ctx.amberFactors)));
    const mask = memo(masks, `${sk}|${criterion}|${pattern}`, () => topN(sc, T, K, pattern));
    const rowScale = mitigation === 'var' ? varScales(x, T, K, mask.keep) : new Float64Array(T).fill(1);
    return { tokens: T, channels: K, keep: mask.keep, rowScale, rowShift, tiedGroups: mask.tiedGroups, groups: mask.groups };
  });
}

/** engineSelection of every combination (`dense` keeps all channels, no shift). */
export function engineSelections(x: Float32Array, T: number, K: number, actBits: number, combos: readonly Combo[], ctx: PruneContext): EngineSelection[] {
  const quantized = new Map<string, { shift: Float64Array; shifted64: Float64Array; codes: Int16Array; scales: Float64Array; dequantized?: Float64Array }>();
  const scores = new Map<string, Float64Array>();
  const masks = new Map<string, { keep: Uint8Array; tiedGroups: number }>();
  const ones = new Float64Array(T).fill(1);
  return combos.map(({ pattern, criterion, mitigation }) => {
    const sk = pattern === 'dense' ? 'none' : shiftOf(mitigation);
    const q = memo(quantized, sk, () => {
      const shift = mitigationShifts(x, T, K, sk, ctx), shifted = new Float32Array(T * K);
      for (let t = 0; t < T; t++) for (let i = t * K; i < (t + 1) * K; i++) shifted[i] = x[i]! - shift[t]!;
      const ql = quantizeLayer(shifted, T, K, actBits);
      return { shift, shifted64: Float64Array.from(shifted), codes: ql.codes, scales: ql.scales };
    });
    const mask = pattern === 'dense'
      ? memo(masks, 'dense', () => ({ keep: new Uint8Array(T * K).fill(1), tiedGroups: 0 }))
      : memo(masks, `${sk}|${criterion}|${pattern}`, () => topN(memo(scores, `${sk}|${criterion}`, () => criterionScores(q.codes, T, K, channelFactors(criterion, q.shifted64, T, K, ctx.amberFactors))), T, K, pattern));
    let rowScale: Float64Array = ones;
    if (pattern !== 'dense' && mitigation === 'var') {
      if (q.dequantized === undefined) {
        q.dequantized = new Float64Array(T * K);
        for (let t = 0; t < T; t++) for (let i = t * K; i < (t + 1) * K; i++) q.dequantized[i] = q.codes[i]! * q.scales[t]!;
      }
      rowScale = varScales(q.dequantized, T, K, mask.keep);
    }
    return { shift: q.shift, codes: q.codes, scales: q.scales, keep: mask.keep, rowScale, tiedGroups: mask.tiedGroups };
  });
}
