// Top-n selection inside groups of m consecutive channels of each token row, by a score, with the
// engine contract's tie rule: on equal score the lower channel index wins, and exactly n are kept
// even among zeros. Counts the tied groups (the n-th and (n+1)-th best scores are equal, so the
// tie rule decided the mask). Scores of the criteria (magnitude, Amber, CLACT) are built here too.

import { InternalError } from '../diagnostics/diagnostic.js';
import type { CriterionId } from './ids.js';

/**
 * Reorders a so that a[k] is the value a full ascending sort puts there, with a[i] <= a[k] for
 * i < k and a[i] >= a[k] for i > k (Hoare's quickselect, middle pivot).
 */
function nthElement(a: Float64Array, k: number): void {
  let lo = 0, hi = a.length - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1]!;
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) { const t = a[i]!; a[i] = a[j]!; a[j] = t; i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

/** Groups up to this size are sorted by insertion (cheaper than a native sort call per small group). */
const INSERTION_SORT_MAX = 64;

/**
 * Sets keep[t*K + j] to 1 for the kept channels (0 otherwise) of every token row of `scores` [T x K].
 * @returns the number of tied groups.
 */
export function selectTopN(scores: Float64Array, tokens: number, channels: number, n: number, m: number, keep: Uint8Array): number {
  if (channels % m !== 0) throw new InternalError(`selectTopN: ${channels} channels is not a multiple of m = ${m}`);
  // Per group: the n-th and (n+1)-th best scores from a sorted copy (insertion sort) or a quickselect
  // (large groups); then every
  // score above the n-th is kept, and of those equal to it the lowest channels until n are kept.
  const sorted = new Float64Array(m);
  let tied = 0;
  keep.fill(0);
  if (n <= 0) return 0;
  for (let g = 0; g < tokens * channels; g += m) {
    if (n >= m) { keep.fill(1, g, g + m); continue; }
    if (m > INSERTION_SORT_MAX) {
      sorted.set(scores.subarray(g, g + m));
      nthElement(sorted, m - n);
      let below = -Infinity;
      for (let i = 0; i < m - n; i++) if (sorted[i]! > below) below = sorted[i]!;
      sorted[m - n - 1] = below;
    } else {
      for (let i = 0; i < m; i++) {
        const v = scores[g + i]!;
        let k = i;
        while (k > 0 && sorted[k - 1]! > v) { sorted[k] = sorted[k - 1]!; k--; }
        sorted[k] = v;
      }
    }
    const nth = sorted[m - n]!;
    if (sorted[m - n - 1] === nth) tied++;
    let need = n;
    for (let i = g; i < g + m; i++) if (scores[i]! > nth) need--;
    for (let i = g; i < g + m; i++) {
      const v = scores[i]!;
      if (v > nth || (v === nth && need-- > 0)) keep[i] = 1;
    }
  }
  return tied;
}

/** Column norms ||X_{:,j}||_2 over the T tokens of a row-major [T x K] matrix. */
export function columnNorms(values: ArrayLike<number>, tokens: number, channels: number): Float64Array {
  const norms = new Float64Array(channels);
  for (let t = 0; t < tokens; t++) for (let j = 0; j < channels; j++) norms[j] += values[t * channels + j]! ** 2;
  for (let j = 0; j < channels; j++) norms[j] = Math.sqrt(norms[j]!);
  return norms;
}

/**
 * The per-channel factor of a criterion on the matrix being pruned: none for magnitude, Amber's f_j
 * (from the weights, given), CLACT's column norm of `pruned` (the shifted matrix under a shift).
 */
export function channelFactors(criterion: CriterionId, pruned: ArrayLike<number>, tokens: number, channels: number, amber: Float64Array | undefined): Float64Array | undefined {
  switch (criterion) {
    case 'magnitude': return undefined;
    case 'amber':
      if (amber === undefined) throw new InternalError('channelFactors: the amber criterion needs the layer\'s Amber factors');
      return amber;
    case 'clact': return columnNorms(pruned, tokens, channels);
  }
}

/** score_tj = |v_tj| · factor_j (factor 1 without one). */
export function criterionScores(values: ArrayLike<number>, tokens: number, channels: number, factors: Float64Array | undefined): Float64Array {
  const s = new Float64Array(tokens * channels);
  for (let i = 0; i < s.length; i++) s[i] = Math.abs(values[i]!) * (factors === undefined ? 1 : factors[i % channels]!);
  return s;
}
