// The pruning definitions shared with the Python accuracy script: for one layer input X [T x K]
// (float64), a pattern, a criterion and a mitigation, the keep mask and the effective input row
// x_eff_t = scale_t · (keep ? x_tj − shift_t : 0) + shift_t, so that y~_t = x_eff_t Wᵀ.
//   none: scale 1, shift 0.   var: scale v_t = sqrt(Var_j x_tj / max(Var_j x~_tj, 1e-9)), unbiased.
//   dynamic_shift: shift η_t = lower median of x_t; static_shift: one η = mean over tokens of η_t.
// Under a shift the criterion is applied to X − η (CLACT's column norms included).

import { InternalError } from '../diagnostics/diagnostic.js';
import { groupShape, type CriterionId, type MitigationId, type PatternId } from './ids.js';
import { channelFactors, criterionScores, selectTopN } from './select.js';

/** Layer-level inputs of a criterion or mitigation that do not come from X itself. */
export interface PruneContext {
  /** Amber's f_j from the layer's weights (required by the amber criterion). */
  readonly amberFactors?: Float64Array;
  /** η of static_shift from calibration data; default: the mean lower median of this X. */
  readonly staticShift?: number;
  /** The per-token lower medians of this X, when already computed (they do not depend on the pattern). */
  readonly rowMedians?: Float64Array;
}

export interface PrunedLayer {
  readonly tokens: number;
  readonly channels: number;
  /** 1 where kept, row-major [T x K]. */
  readonly keep: Uint8Array;
  /** Per-token scale of the kept part (VAR's v_t, else 1). */
  readonly rowScale: Float64Array;
  /** Per-token shift η_t (0 without a shift). */
  readonly rowShift: Float64Array;
  /** Groups whose mask the tie rule decided, and all groups (T·K/m). */
  readonly tiedGroups: number;
  readonly groups: number;
}

/** Lower median of values[offset .. offset+count): element floor((count−1)/2) in ascending order. */
export function lowerMedian(values: ArrayLike<number>, offset: number, count: number): number {
  const row = new Float64Array(count);
  for (let i = 0; i < count; i++) row[i] = values[offset + i]!;
  return row.sort()[Math.floor((count - 1) / 2)]!;
}

/** Unbiased variance (divide by K − 1) of a row, via a two-pass sum. */
export function rowVariance(values: ArrayLike<number>, offset: number, count: number, keep?: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < count; i++) sum += keep === undefined || keep[offset + i] ? values[offset + i]! : 0;
  const mean = sum / count;
  let ss = 0;
  for (let i = 0; i < count; i++) ss += ((keep === undefined || keep[offset + i] ? values[offset + i]! : 0) - mean) ** 2;
  return count > 1 ? ss / (count - 1) : 0;
}

/** Per-token shifts of a mitigation (zeros when it has none). */
export function mitigationShifts(x: ArrayLike<number>, tokens: number, channels: number, mitigation: MitigationId, ctx: PruneContext): Float64Array {
  const shift = new Float64Array(tokens);
  if (mitigation !== 'dynamic_shift' && mitigation !== 'static_shift') return shift;
  if (ctx.rowMedians !== undefined) shift.set(ctx.rowMedians);
  else for (let t = 0; t < tokens; t++) shift[t] = lowerMedian(x, t * channels, channels);
  if (mitigation === 'static_shift') shift.fill(ctx.staticShift ?? shift.reduce((s, v) => s + v, 0) / tokens);
  return shift;
}

/** VAR's v_t for each token, from the dense row x and its pruned form (keep), both in the same units. */
export function varScales(x: ArrayLike<number>, tokens: number, channels: number, keep: Uint8Array): Float64Array {
  const v = new Float64Array(tokens);
  for (let t = 0; t < tokens; t++) {
    v[t] = Math.sqrt(rowVariance(x, t * channels, channels) / Math.max(rowVariance(x, t * channels, channels, keep), 1e-9));
  }
  return v;
}

/** Prunes X [T x K] (row-major) by the shared definitions above. */
export function pruneLayer(x: ArrayLike<number>, tokens: number, channels: number, pattern: PatternId, criterion: CriterionId, mitigation: MitigationId, ctx: PruneContext = {}): PrunedLayer {
  if (x.length !== tokens * channels) throw new InternalError(`pruneLayer: ${x.length} values is not ${tokens} x ${channels}`);
  const { n, m } = groupShape(pattern, channels);
  const rowShift = mitigationShifts(x, tokens, channels, mitigation, ctx);
  const shifted = new Float64Array(tokens * channels);
  for (let t = 0; t < tokens; t++) for (let i = t * channels; i < (t + 1) * channels; i++) shifted[i] = x[i]! - rowShift[t]!;
  const scores = criterionScores(shifted, tokens, channels, channelFactors(criterion, shifted, tokens, channels, ctx.amberFactors));
  const keep = new Uint8Array(tokens * channels);
  const tiedGroups = selectTopN(scores, tokens, channels, n, m, keep);
  const rowScale = mitigation === 'var' ? varScales(x, tokens, channels, keep) : new Float64Array(tokens).fill(1);
  return { tokens, channels, keep, rowScale, rowShift, tiedGroups, groups: (tokens * channels) / m };
}

/** x_eff [T x K] of a pruned layer: scale_t · (keep ? x − η_t : 0) + η_t. */
export function effectiveInput(x: ArrayLike<number>, p: PrunedLayer): Float64Array {
  const out = new Float64Array(p.tokens * p.channels);
  for (let i = 0; i < out.length; i++) {
    const t = Math.floor(i / p.channels);
    out[i] = p.rowScale[t]! * (p.keep[i] ? x[i]! - p.rowShift[t]! : 0) + p.rowShift[t]!;
  }
  return out;
}

/** Σ kept (x − η)² / Σ (x − η)² over the layer: the energy the pruner keeps of the row it prunes (1 for an all-zero layer). */
export function keptEnergy(x: ArrayLike<number>, p: PrunedLayer): number {
  let kept = 0, all = 0;
  for (let i = 0; i < x.length; i++) {
    const v = (x[i]! - p.rowShift[Math.floor(i / p.channels)]!) ** 2;
    all += v;
    if (p.keep[i]) kept += v;
  }
  return all > 0 ? kept / all : 1;
}
