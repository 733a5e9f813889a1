// Quantiles of a measured activation histogram in the TEAL layout (traces/calibration/README.md):
// 10,000 bins whose first and last hold the lowest and highest ~1 % of the values (centers = the
// minimum and the maximum), the others uniform over the body. Values inside a body bin are taken as
// uniform over the bin, so the body's CDF is piecewise linear and its quantiles are exact up to one bin.

/** One histogram: `centers` ascending, `counts` per bin (totals over all tokens and channels). */
export interface Histogram {
  readonly centers: Float64Array;
  readonly counts: Float64Array;
}

/** The body and the two tail bins of a histogram. */
export interface HistogramSummary {
  /** Total count of values. */
  readonly count: number;
  /** Fraction of the values in the lowest bin (below the body) and in the highest (above it). */
  readonly tailLowFraction: number;
  readonly tailHighFraction: number;
  /** Lower and upper edges of the body (the signed values at probabilities tailLowFraction and 1 − tailHighFraction). */
  readonly bodyLow: number;
  readonly bodyHigh: number;
  /** Smallest and largest value seen. */
  readonly min: number;
  readonly max: number;
}

function binWidth(h: Histogram): number {
  const n = h.centers.length;
  return (h.centers[n - 2] - h.centers[1]) / (n - 3);
}

export function summarizeHistogram(h: Histogram): HistogramSummary {
  const n = h.centers.length;
  const count = h.counts.reduce((a, b) => a + b, 0);
  const w = binWidth(h);
  return {
    count, tailLowFraction: h.counts[0] / count, tailHighFraction: h.counts[n - 1] / count,
    bodyLow: h.centers[1] - w / 2, bodyHigh: h.centers[n - 2] + w / 2, min: h.centers[0], max: h.centers[n - 1],
  };
}

/** Signed quantile at probability p, which must lie in the body [tailLowFraction, 1 − tailHighFraction]. */
export function histogramQuantile(h: Histogram, p: number): number {
  const s = summarizeHistogram(h);
  const n = h.centers.length;
  if (p < s.tailLowFraction - 1e-12 || p > 1 - s.tailHighFraction + 1e-12) {
    throw new RangeError(`histogramQuantile: p = ${p} lies in a tail bin, whose shape the histogram does not give`);
  }
  const w = binWidth(h);
  const target = p * s.count;
  let cum = h.counts[0];
  for (let i = 1; i < n - 1; i++) {
    const c = h.counts[i];
    if (c > 0 && cum + c >= target) return h.centers[i] - w / 2 + (w * Math.max(0, target - cum)) / c;
    cum += c;
  }
  return s.bodyHigh;
}

/** P(x <= v) for v inside the body, from the cumulative counts `cum` (cum[i] = counts of bins < i). */
function bodyCdf(h: Histogram, cum: Float64Array, v: number, s: HistogramSummary): number {
  const n = h.centers.length;
  const w = binWidth(h);
  const lo1 = h.centers[1] - w / 2;
  const i = Math.min(n - 2, Math.max(1, 1 + Math.floor((v - lo1) / w)));
  const frac = Math.min(1, Math.max(0, (v - (lo1 + (i - 1) * w)) / w));
  return (cum[i] + h.counts[i] * frac) / s.count;
}

function cumulativeCounts(h: Histogram): Float64Array {
  const cum = new Float64Array(h.counts.length + 1);
  for (let i = 0; i < h.counts.length; i++) cum[i + 1] = cum[i] + h.counts[i];
  return cum;
}

/** P(x <= v) for v inside the body [bodyLow, bodyHigh]. */
export function histogramCdf(h: Histogram, v: number): number {
  return bodyCdf(h, cumulativeCounts(h), v, summarizeHistogram(h));
}

/**
 * Quantile of |x| at probability p: the a with P(|x| <= a) = p, by bisection on
 * P(-a <= x <= a). Throws when the answer leaves the body on either side (the tails' shape is unknown).
 */
export function histogramAbsQuantile(h: Histogram, p: number): number {
  const s = summarizeHistogram(h);
  const limit = Math.min(-s.bodyLow, s.bodyHigh);
  const cum = cumulativeCounts(h);
  const absCdf = (a: number) => bodyCdf(h, cum, a, s) - bodyCdf(h, cum, -a, s);
  if (!(limit > 0) || absCdf(limit) < p) throw new RangeError(`histogramAbsQuantile: p = ${p} reaches a tail bin`);
  let lo = 0, hi = limit;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (absCdf(mid) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}
