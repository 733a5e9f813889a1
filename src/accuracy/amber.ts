// Amber-Pruner's static per-channel factor (arXiv:2509.22166 §4): f_j = ||What_{:,j}||_2 / min_k ||What_{:,k}||_2,
// What = (W − mu) / sigma with mu and sigma (population) over the weights inside [q0.005, q0.995] of
// all of W. Quantiles are exact with linear interpolation (numpy/torch default); the study samples
// 50,000 weights when W has more than 100k, nmcore uses all of them (a stated deviation).

/** Exact quantile q of `sorted` (ascending), linear interpolation between the two nearest ranks. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h), hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export const AMBER_QUANTILES = { low: 0.005, high: 0.995 } as const;

/**
 * f_j for W [O x K] row-major. Only the ranking of f matters to the selection; when the smallest
 * column norm is 0 (or sigma is 0) the factors are left unnormalized (norm_j), same ranking.
 */
export function amberFactors(weights: ArrayLike<number>, outChannels: number, channels: number): Float64Array {
  const sorted = Float64Array.from(weights).sort();
  const lo = quantileSorted(sorted, AMBER_QUANTILES.low), hi = quantileSorted(sorted, AMBER_QUANTILES.high);
  let count = 0, sum = 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i]! >= lo && sorted[i]! <= hi) { count++; sum += sorted[i]!; }
  const mu = sum / count;
  let ss = 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i]! >= lo && sorted[i]! <= hi) ss += (sorted[i]! - mu) ** 2;
  const sigma = Math.sqrt(ss / count);
  const norms = new Float64Array(channels);
  const inv = sigma > 0 ? 1 / sigma : 1;
  for (let o = 0; o < outChannels; o++) {
    for (let j = 0; j < channels; j++) {
      const v = (weights[o * channels + j]! - mu) * inv;
      norms[j] += v * v;
    }
  }
  let min = Infinity;
  for (let j = 0; j < channels; j++) { norms[j] = Math.sqrt(norms[j]!); if (norms[j]! < min) min = norms[j]!; }
  if (min > 0 && Number.isFinite(min)) for (let j = 0; j < channels; j++) norms[j] /= min;
  return norms;
}
