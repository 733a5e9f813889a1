// The timing forms' fit-error guard: each fitted timing form stores, with its coefficients, its
// signed error on every fit point (residuals.each of tech/nangate45_fit.json); its largest
// underestimate there (the most negative errorPct) is the guard of that form. A stage's guard is the
// largest one, in ns, of the forms on its chain (arc ns x that form's guard %); the schedule chooser
// (schedule_chooser.ts) asks that every stage, guard added, still fits the target period
// (docs/schedule.md, "Timing margin").

import type { ModelCoefficients } from './coefficients.js';
import type { StageTiming, TimingEstimate } from './timing.js';
import type { TimingModelKey } from './timing_forms.js';

// Per coefficients object, each form's guard once (the chooser times hundreds of candidates per description).
const guardsOf = new WeakMap<ModelCoefficients, Map<TimingModelKey, number>>();

/** A timing form's largest underestimate on its fit points, % (0 where it underestimates none, for the logic-free flex_bitonic_keep and for a key without a fit). */
export function formGuardPct(key: TimingModelKey, coefficients: ModelCoefficients): number {
  let guards = guardsOf.get(coefficients);
  if (guards === undefined) guardsOf.set(coefficients, (guards = new Map()));
  let pct = guards.get(key);
  if (pct === undefined) {
    const fitted = key === 'flex_bitonic_keep' ? undefined : (coefficients.timing[key] as ModelCoefficients['timing'][typeof key] | undefined);
    pct = Math.max(0, ...(fitted?.residuals.each ?? []).map((r) => -r.errorPct));
    guards.set(key, pct);
  }
  return pct;
}

/** The largest fit-error bound of one form on a stage's chain, ns. */
export function stageGuardNs(stage: StageTiming, coefficients: ModelCoefficients): number {
  return Math.max(0, ...stage.path.map((p) => (p.logicNs * formGuardPct(p.key, coefficients)) / 100));
}

/** The highest clock a top meets with every stage's guard added to its delay, MHz. */
export function guardedFmaxMhz(estimate: TimingEstimate, coefficients: ModelCoefficients): number {
  const periodNs = Math.max(...estimate.stages.map((s) => s.delayNs + stageGuardNs(s, coefficients)));
  return Number((1000 / periodNs).toFixed(4));
}
