// Measured per-layer value distributions of real LLM projection inputs (derived from TEAL's
// histograms, traces/calibration/README.md) and the quantile function the synthetic generator maps
// its values through: the measured body between the 1st and 99th percentiles (interpolated on a
// stored grid) and, in each tail, a power law from the body's edge to the measured extreme.

import { readFileSync } from 'node:fs';
import { packagePath } from '../io/package_root.js';
import type { Projection } from './types.js';

/** The four tensors TEAL measured per decoder layer; q/k/v share one input, as do gate/up. */
export type CalibrationSite = 'qkv_in' | 'o_in' | 'mlp_in' | 'down_in';
export const CALIBRATION_SITES: readonly CalibrationSite[] = ['qkv_in', 'o_in', 'mlp_in', 'down_in'];

export function calibrationSiteOf(projection: Projection): CalibrationSite {
  switch (projection) {
    case 'q': case 'k': case 'v': return 'qkv_in';
    case 'o': return 'o_in';
    case 'gate': case 'up': return 'mlp_in';
    case 'down': return 'down_in';
  }
}

/** One measured distribution (one model, layer and input). */
export interface SiteCalibration {
  /** Values counted (all tokens x channels of TEAL's run). */
  readonly count: number;
  /** Probability below the body (TEAL's lowest bin) and the probability at the body's top edge. */
  readonly pLow: number;
  readonly pHigh: number;
  readonly min: number;
  readonly max: number;
  /** P(x <= 0): around it the body gets extra knots (the density peaks at zero; |x|'s low quantiles live there). */
  readonly zeroP: number;
  /** Signed quantiles at the knots bodyKnots(this, gridWeights): body[0] and body[last] are the body's edges. */
  readonly body: readonly number[];
  /** Independent checks computed straight from the histogram: signed and |x| quantiles at the file's check probabilities. */
  readonly checkSigned: readonly number[];
  readonly checkAbs: readonly number[];
}

/** One file traces/calibration/<model>.json. */
export interface ModelCalibration {
  readonly format: 'nmcore-activation-calibration';
  readonly version: 1;
  /** Canonical model name (model_shapes.ts). */
  readonly model: string;
  readonly source: string;
  readonly licence: string;
  readonly command: string;
  /** Positions in [0, 1] of the body grid (clustered at both ends, where the quantile function bends). */
  readonly gridWeights: readonly number[];
  /** Probability step and count on each side of zeroP of the extra knots. */
  readonly zeroStep: number;
  readonly zeroKnots: number;
  readonly checkSignedP: readonly number[];
  readonly checkAbsP: readonly number[];
  /** layers[l][site]. */
  readonly layers: readonly Readonly<Record<CalibrationSite, SiteCalibration>>[];
}

export const CALIBRATION_FORMAT = 'nmcore-activation-calibration';

/** Calibrated models: canonical name → file under traces/calibration/. */
export const CALIBRATED_MODELS: Readonly<Record<string, string>> = {
  'Llama-2-7B': 'llama-2-7b.json',
  'Mistral-7B': 'mistral-7b.json',
  'Llama-3-8B': 'llama-3-8b.json',
};

const cache = new Map<string, ModelCalibration>();

/** The measured tables of `model` (canonical name), or undefined when it has none. */
export function modelCalibration(model: string): ModelCalibration | undefined {
  const file = CALIBRATED_MODELS[model];
  if (file === undefined) return undefined;
  let c = cache.get(model);
  if (c === undefined) {
    c = JSON.parse(readFileSync(packagePath('traces', 'calibration', file), 'utf8')) as ModelCalibration;
    cache.set(model, c);
  }
  return c;
}

/** Grid weights clustered at both ends: w_i = (1 − cos(π i / G)) / 2. */
export function chebyshevWeights(intervals: number): number[] {
  return Array.from({ length: intervals + 1 }, (_, i) => (i === 0 ? 0 : i === intervals ? 1 : (1 - Math.cos((Math.PI * i) / intervals)) / 2));
}

/**
 * Tail value at probability s of lying beyond it (s <= tailFraction): a power law
 * s = tailFraction·(a/edge)^(−α) through the body's edge and through the extreme at s = 1/count;
 * linear in s when the edge and the extreme do not allow one (edge and extreme of different signs).
 */
function tailMagnitude(s: number, tailFraction: number, edge: number, extreme: number, count: number): number {
  const sMin = 1 / count;
  if (s <= sMin) return extreme;
  if (edge > 0 && extreme > edge && tailFraction > sMin) {
    const alpha = Math.log(tailFraction / sMin) / Math.log(extreme / edge);
    return Math.min(extreme, edge * (s / tailFraction) ** (-1 / alpha));
  }
  return extreme + (edge - extreme) * Math.min(1, (s - sMin) / Math.max(tailFraction - sMin, 1e-30));
}

/** Probabilities of the body knots: the grid over [pLow, pHigh] and zeroP ± k·zeroStep, sorted, distinct. */
export function bodyKnots(c: Pick<SiteCalibration, 'pLow' | 'pHigh' | 'zeroP'>, t: Pick<ModelCalibration, 'gridWeights' | 'zeroStep' | 'zeroKnots'>): Float64Array {
  const ps = t.gridWeights.map((w, i) => (i === 0 ? c.pLow : i === t.gridWeights.length - 1 ? c.pHigh : c.pLow + (c.pHigh - c.pLow) * w));
  for (let k = -t.zeroKnots; k <= t.zeroKnots; k++) {
    const p = c.zeroP + k * t.zeroStep;
    if (p > c.pLow && p < c.pHigh) ps.push(p);
  }
  const sorted = Float64Array.from(ps).sort();
  const out: number[] = [];
  for (const p of sorted) if (out.length === 0 || p - out[out.length - 1] > 1e-9) out.push(p);
  return Float64Array.from(out);
}

const knotCache = new WeakMap<SiteCalibration, Float64Array>();

/** Quantile function of a measured distribution at u in (0, 1). */
export function calibratedQuantile(c: SiteCalibration, t: Pick<ModelCalibration, 'gridWeights' | 'zeroStep' | 'zeroKnots'>, u: number): number {
  const last = c.body.length - 1;
  if (u < c.pLow) return -tailMagnitude(u, c.pLow, -c.body[0], -c.min, c.count);
  if (u > c.pHigh) return tailMagnitude(1 - u, 1 - c.pHigh, c.body[last], c.max, c.count);
  let knots = knotCache.get(c);
  if (knots === undefined) {
    knots = bodyKnots(c, t);
    if (knots.length !== c.body.length) throw new RangeError(`calibration: ${knots.length} knots for ${c.body.length} body values`);
    knotCache.set(c, knots);
  }
  let lo = 0, hi = last;
  while (hi - lo > 1) { const mid = (lo + hi) >>> 1; if (knots[mid] <= u) lo = mid; else hi = mid; }
  const f = (u - knots[lo]) / (knots[hi] - knots[lo]);
  return c.body[lo] + (c.body[hi] - c.body[lo]) * Math.min(1, Math.max(0, f));
}
