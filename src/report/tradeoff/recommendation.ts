// The recommendation: walk the hardware patterns from the smallest group up (2:4 → 4:8 → 8:16 →
// 16:32) on the headline combination (magnitude, no mitigation: what nmcore's engine computes),
// and state each step's relative output-error reduction against its relative area increase (model,
// equal lanes, at the report's array size). Recommend the largest pattern reached while every step
// buys at least as much error reduction (%) as it costs area (%); say there is no recommendation
// when the errors do not fall monotonically or a step is within the sampling noise.

import type { AccuracyResult } from '../../accuracy/evaluate_layer.js';
import type { PatternId } from '../../accuracy/ids.js';

/** Relative error changes below this (%) are treated as noise of the evaluation. */
export const NOISE_PCT = 1;

export interface RecommendationStep {
  readonly from: string;
  readonly to: string;
  /** 100 · (1 − error_to / error_from). */
  readonly errorReductionPct: number;
  /** 100 · (area_to / area_from − 1). */
  readonly areaIncreasePct: number;
  readonly sentence: string;
}

export interface Recommendation {
  readonly supported: boolean;
  readonly pattern?: string;
  readonly criterion: string;
  readonly mitigation: string;
  readonly metric: 'relOutputError';
  readonly steps: readonly RecommendationStep[];
  readonly text: string;
  readonly caveats: readonly string[];
}

const pct = (x: number): string => `${Math.abs(x).toFixed(1)}%`;

export function recommend(aggregated: readonly AccuracyResult[], areaUm2: ReadonlyMap<string, number>, hardware: readonly PatternId[], caveats: readonly string[]): Recommendation {
  const criterion = 'magnitude', mitigation = 'none';
  const err = (p: string): number | undefined => aggregated.find((r) => r.pattern === p && r.criterion === criterion && r.mitigation === mitigation)?.relOutputError;
  const chain = hardware.filter((p) => err(p) !== undefined && areaUm2.has(p));
  const base = { criterion, mitigation, metric: 'relOutputError' as const, caveats };
  if (chain.length < 2) {
    return { ...base, supported: false, steps: [], text: 'No recommendation: it needs at least two N:M patterns with both an output error and an area.' };
  }
  const steps: RecommendationStep[] = [];
  for (let i = 1; i < chain.length; i++) {
    const a = chain[i - 1]!, b = chain[i]!;
    const errorReductionPct = 100 * (1 - err(b)! / err(a)!);
    const areaIncreasePct = 100 * (areaUm2.get(b)! / areaUm2.get(a)! - 1);
    const errWord = errorReductionPct >= 0 ? `${pct(errorReductionPct)} less` : `${pct(errorReductionPct)} more`;
    const areaWord = areaIncreasePct >= 0 ? `${pct(areaIncreasePct)} more area` : `${pct(areaIncreasePct)} less area`;
    steps.push({ from: a, to: b, errorReductionPct, areaIncreasePct, sentence: `${b} has ${errWord} output error than ${a} for ${areaWord}` });
  }
  const summary = steps.map((s) => s.sentence).join('; ');
  const nonMonotone = steps.find((s) => s.errorReductionPct < 0);
  const noisy = steps.find((s) => Math.abs(s.errorReductionPct) < NOISE_PCT);
  if (nonMonotone !== undefined || noisy !== undefined) {
    const why = nonMonotone !== undefined
      ? `the output error does not fall from ${nonMonotone.from} to ${nonMonotone.to}`
      : `${noisy!.from} and ${noisy!.to} differ by less than ${NOISE_PCT}% in output error, within the evaluation's noise`;
    return { ...base, supported: false, steps, text: `No recommendation: ${why}. ${summary}.` };
  }
  let k = 0;
  while (k < steps.length && steps[k]!.errorReductionPct >= steps[k]!.areaIncreasePct) k++;
  const pattern = chain[k]!;
  const why = k === 0
    ? `already the step to ${chain[1]} buys less error reduction (${pct(steps[0]!.errorReductionPct)}) than it costs area (${pct(steps[0]!.areaIncreasePct)})`
    : k === steps.length
      ? `every step up to it buys at least as much error reduction as it costs area`
      : `every step up to it buys at least as much error reduction as it costs area; the next, to ${chain[k + 1]}, buys ${pct(steps[k]!.errorReductionPct)} for ${pct(steps[k]!.areaIncreasePct)} more area`;
  return { ...base, supported: true, pattern, steps, text: `Recommended: ${pattern} (magnitude selection, no mitigation): ${why}. ${summary}.` };
}
