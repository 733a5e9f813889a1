// Output-side metrics of one pruned layer on the evaluated output channels: the dense reference
// Y = X Wᵀ, the pruned output Y~ = X_eff Wᵀ computed sparsely (scale_t · Σ_kept (x − η) W + η_t ·
// rowsum(W), the epilogue form), relOutputError = ||Y − Y~||_F / ||Y||_F and the mean over tokens
// of cos(y_t, y~_t). All in float64.

import type { LayerWeights } from './layer_weights.js';
import type { PrunedLayer } from './prune.js';

/** Y [T x O_eval] = X Wᵀ, dense. */
export function denseOutputs(x: ArrayLike<number>, tokens: number, channels: number, w: LayerWeights): Float64Array {
  const Oe = w.evalChannels.length;
  const y = new Float64Array(tokens * Oe);
  const wT = w.wT;
  for (let t = 0; t < tokens; t++) {
    const yo = t * Oe;
    for (let j = 0; j < channels; j++) {
      const v = x[t * channels + j]!;
      if (v === 0) continue;
      const base = j * Oe;
      for (let o = 0; o < Oe; o++) y[yo + o] += v * wT[base + o]!;
    }
  }
  return y;
}

/** Y~ [T x O_eval] = X_eff Wᵀ of a pruned layer, in its sparse-plus-epilogue form. */
export function prunedOutputs(x: ArrayLike<number>, p: PrunedLayer, w: LayerWeights): Float64Array {
  const Oe = w.evalChannels.length, K = p.channels;
  const y = new Float64Array(p.tokens * Oe);
  const wT = w.wT, keep = p.keep;
  for (let t = 0; t < p.tokens; t++) {
    const eta = p.rowShift[t]!, s = p.rowScale[t]!, yo = t * Oe;
    for (let j = 0; j < K; j++) {
      if (!keep[t * K + j]) continue;
      const v = x[t * K + j]! - eta;
      if (v === 0) continue;
      const base = j * Oe;
      for (let o = 0; o < Oe; o++) y[yo + o] += v * wT[base + o]!;
    }
    for (let o = 0; o < Oe; o++) y[yo + o] = s * y[yo + o]! + eta * w.rowSums[o]!;
  }
  return y;
}

export interface OutputError {
  /** ||Y − Y~||_F / ||Y||_F (0 when both are zero). */
  readonly relOutputError: number;
  /** Mean over tokens of cos(y_t, y~_t); a token with a zero output counts 1 if both are zero, else 0. */
  readonly cosine: number;
  readonly sumSqDiff: number;
  readonly sumSqRef: number;
}

/** cos(y_t, ỹ_t) from Σ y·ỹ, Σ y², Σ ỹ²: 1 if both are zero, 0 if only one is. */
export function tokenCosine(dot: number, a: number, b: number): number {
  return a > 0 && b > 0 ? dot / Math.sqrt(a * b) : a === 0 && b === 0 ? 1 : 0;
}

/** ||Y − Y~||_F / ||Y||_F from the two sums of squares (0 when both are zero). */
export function relativeError(sumSqDiff: number, sumSqRef: number): number {
  return sumSqRef > 0 ? Math.sqrt(sumSqDiff / sumSqRef) : sumSqDiff > 0 ? Infinity : 0;
}

export function outputError(y: Float64Array, yt: Float64Array, tokens: number): OutputError {
  const Oe = y.length / tokens;
  let diff = 0, ref = 0, cosSum = 0;
  for (let t = 0; t < tokens; t++) {
    let dot = 0, a = 0, b = 0;
    for (let o = t * Oe; o < (t + 1) * Oe; o++) {
      diff += (y[o]! - yt[o]!) ** 2;
      dot += y[o]! * yt[o]!; a += y[o]! ** 2; b += yt[o]! ** 2;
    }
    ref += a;
    cosSum += tokenCosine(dot, a, b);
  }
  return { relOutputError: relativeError(diff, ref), cosine: cosSum / tokens, sumSqDiff: diff, sumSqRef: ref };
}
