// Calibration of a synthetic layer input to a measured distribution: a rank-preserving map of every
// value onto the measured quantile function (calibration.ts), so the structure the generator builds
// (persistent outlier channels, per-token scales, the first token) keeps its order while the body
// and tails take the measured per-layer shape; then the first token's massive channels receive the
// measured extremes, at the channel indices published for the model where known.

import { calibratedQuantile, type ModelCalibration, type SiteCalibration } from './calibration.js';
import type { InputKind } from './model_shapes.js';

/**
 * Massive-activation channel indices published for a model and input kind at its full width K, the
 * larger-magnitude extreme first; undefined where nothing is published (the generator then uses seeded
 * indices). Sources in traces/README.md ("Channel structure").
 */
export function publishedMassiveChannels(model: string, kind: InputKind, channels: number): number[] | undefined {
  if (model === 'Llama-2-7B') {
    // Sun et al. 2024, "Massive Activations in Large Language Models" (arXiv 2402.17762): residual-stream dims 1415, 2533.
    if (kind === 'hidden' && channels === 4096) return [1415, 2533];
    // down_proj input channel 7890 of layer 1 (where the massive activations are written into the residual stream).
    if (kind === 'mlp_act' && channels === 11008) return [7890];
  }
  return undefined;
}

/** Midrank-based probabilities (rank + 0.5) / n of every value, ties sharing their mean rank. */
function midrankProbabilities(values: Float32Array): Float64Array {
  const n = values.length;
  const sorted = Float64Array.from(values).sort();
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0, hi = n;
    while (lo < hi) { const mid = (lo + hi) >>> 1; if (sorted[mid] < v) lo = mid + 1; else hi = mid; }
    let up = lo;
    if (up + 1 < n && sorted[up + 1] === v) {
      let a = lo, b = n;
      while (a < b) { const mid = (a + b) >>> 1; if (sorted[mid] <= v) a = mid + 1; else b = mid; }
      up = a - 1;
    }
    u[i] = ((lo + up) / 2 + 0.5) / n;
  }
  return u;
}

/**
 * Maps `values` [T x K] in place onto the measured distribution `c` and writes its min and max into
 * row 0 at `massive` (the larger-magnitude extreme at massive[0], the other at massive[1] when given).
 */
export function calibrateInPlace(values: Float32Array, channels: number, c: SiteCalibration, table: ModelCalibration, massive: readonly number[]): Float32Array {
  const u = midrankProbabilities(values);
  for (let i = 0; i < values.length; i++) values[i] = calibratedQuantile(c, table, u[i]);
  const [big, small] = Math.abs(c.max) >= Math.abs(c.min) ? [c.max, c.min] : [c.min, c.max];
  if (massive.length > 0 && massive[0] < channels) values[massive[0]] = big;
  if (massive.length > 1 && massive[1] < channels) values[massive[1]] = small;
  return values;
}
