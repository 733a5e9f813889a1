// Pure arithmetic on engine parameters: the formulas behind every derived number (lanes, widths,
// fan-in, comparator counts). Only src/ir/elaborate.ts and src/ir/schedule.ts call these; every
// consumer reads the results from the IR instead.

import { clog2 } from '../util/clog2.js';

export { clog2 };

/** Lanes (multipliers per PE): P = W * n / m. */
export function lanesOf(windowChannels: number, n: number, m: number): number {
  return (windowChannels * n) / m;
}

/**
 * Candidates a lane can take. Kept values arrive in channel order, so lane k of a group can only
 * hold channels k .. m-n+k: fan-in m-n+1 (arXiv:2509.22166). Dense (n = m) gives 1: no mux.
 */
export function muxFanIn(n: number, m: number): number {
  return m - n + 1;
}

/** Bits of one `index` metadata entry: the position inside a group of m, log2(m). */
export function indexWidthBits(m: number): number {
  return clog2(m);
}

/** Pairwise magnitude comparators of the rank-counting top-n selector, per group: m(m-1)/2. */
export function comparatorsPerGroup(m: number): number {
  return (m * (m - 1)) / 2;
}

/** Compare-and-swap units of the bitonic flexible selector over groups of m: (m/2)*(K(K-1)/2 + 1), K = log2 m. */
export function bitonicComparatorsPerGroup(m: number): number {
  const K = clog2(m);
  return (m / 2) * ((K * (K - 1)) / 2 + 1);
}

/** Width of the sum of `terms` signed products of a and b bits, without overflow. */
export function sumWidthBits(actBits: number, weightBits: number, terms: number): number {
  return actBits + weightBits + clog2(terms);
}
