// The accuracy of one trace layer under every requested pattern × criterion × mitigation, in
// floating point (the pruning alone) and as the engine computes it (A-bit quantization, pruning,
// B-bit weights), plus the `dense` engine row (quantization alone). Aggregation over layers is
// the unweighted mean of the per-layer numbers (scale-free; kept energy stays ordered).

import type { TraceLayer } from '../trace/types.js';
import { engineLayer } from './engine_path.js';
import type { CriterionId, MitigationId, PatternId } from './ids.js';
import type { LayerWeights } from './layer_weights.js';
import { denseOutputs, outputError, prunedOutputs } from './metrics.js';
import { keptEnergy, pruneLayer } from './prune.js';

export interface AccuracyResult {
  readonly pattern: PatternId | 'dense';
  readonly criterion: CriterionId;
  readonly mitigation: MitigationId;
  /** Σ kept (x − η)² / Σ (x − η)² (fraction, 0..1). */
  readonly keptEnergy: number;
  /** ||X Wᵀ − X_eff Wᵀ||_F / ||X Wᵀ||_F, float64 (fraction). */
  readonly relOutputError: number;
  /** Mean over tokens of cos(y_t, y~_t). */
  readonly cosine: number;
  /** The same against what the engine computes (A-bit activations, B-bit weights, pruning on codes). */
  readonly engineRelOutputError: number;
  readonly engineCosine: number;
  /** Groups the tie rule decided, on the float scores and on the engine's code scores; groups in all. */
  readonly tiedGroups: number;
  readonly engineTiedGroups: number;
  readonly groups: number;
}

export interface AccuracyPlan {
  readonly patterns: readonly PatternId[];
  readonly criteria: readonly CriterionId[];
  readonly mitigations: readonly MitigationId[];
  readonly actBits: number;
}

/** Every combination of the plan on one layer (float64 copy of X), then the dense engine row. */
export function evaluateLayer(layer: TraceLayer, w: LayerWeights, plan: AccuracyPlan): AccuracyResult[] {
  const { tokens: T, channels: K } = layer;
  const x = Float64Array.from(layer.values);
  const y = denseOutputs(x, T, K, w);
  const ctx = { amberFactors: w.amberFactors };
  const results: AccuracyResult[] = [];
  for (const pattern of plan.patterns) {
    for (const criterion of plan.criteria) {
      for (const mitigation of plan.mitigations) {
        const p = pruneLayer(x, T, K, pattern, criterion, mitigation, ctx);
        const fl = outputError(y, prunedOutputs(x, p, w), T);
        const eng = engineLayer(layer.values, T, K, w, plan.actBits, pattern, criterion, mitigation, ctx);
        const en = outputError(y, eng.outputs, T);
        results.push({
          pattern, criterion, mitigation, keptEnergy: keptEnergy(x, p), relOutputError: fl.relOutputError, cosine: fl.cosine,
          engineRelOutputError: en.relOutputError, engineCosine: en.cosine, tiedGroups: p.tiedGroups, engineTiedGroups: eng.tiedGroups, groups: p.groups,
        });
      }
    }
  }
  const dense = outputError(y, engineLayer(layer.values, T, K, w, plan.actBits, 'dense', 'magnitude', 'none', ctx).outputs, T);
  results.push({
    pattern: 'dense', criterion: 'magnitude', mitigation: 'none', keptEnergy: 1, relOutputError: 0, cosine: 1,
    engineRelOutputError: dense.relOutputError, engineCosine: dense.cosine, tiedGroups: 0, engineTiedGroups: 0, groups: 0,
  });
  return results;
}

const NUMERIC_KEYS = ['keptEnergy', 'relOutputError', 'cosine', 'engineRelOutputError', 'engineCosine', 'tiedGroups', 'engineTiedGroups', 'groups'] as const;

/** Mean over layers of each combination's numbers (tie and group counts are summed). */
export function aggregateResults(perLayer: readonly (readonly AccuracyResult[])[]): AccuracyResult[] {
  const first = perLayer[0] ?? [];
  return first.map((r, i) => {
    const rows = perLayer.map((l) => l[i]!);
    const out: Record<string, unknown> = { pattern: r.pattern, criterion: r.criterion, mitigation: r.mitigation };
    for (const k of NUMERIC_KEYS) {
      const sum = rows.reduce((s, x) => s + x[k], 0);
      out[k] = k === 'tiedGroups' || k === 'engineTiedGroups' || k === 'groups' ? sum : sum / rows.length;
    }
    return out as unknown as AccuracyResult;
  });
}
