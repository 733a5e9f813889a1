// Step functions of the flexible compressors (rtl-templates/nm_compressor_flex_rank.v with
// nm_topn_rank.v (MODES > 1), nm_compressor_flex_bitonic.v with nm_topn_bitonic_flex.v): the keep mask of
// one token row in the active mode, over groups of the largest mode's m. A mode value without a
// mode keeps nothing.
// rank: the comparisons of the fixed compressor (compareMagnitudes); channel j is kept when fewer
// than n_q channels of its own block of m_q channels beat it; PIPE = 1 registers them (ge_q).
// bitonic: the network of the template, on keys |a| * m + (m-1-j); mode q reads the kept indices
// from the max halves after the first layer of merge log2(m_q); PIPE = 1 registers the mask (keep_q).

import type { FlexCompressorBlock } from '../../../src/ir/types.js';
import { compareMagnitudes, nextCompressor, pairIndex, pairsPerGroup, type CompressorState } from './compressor.js';

/** Rank counting masked to the active mode's blocks. */
export function flexRankKeep(b: FlexCompressorBlock, mode: number, ge: Uint8Array, keep: Int32Array): void {
  const M = b.m;
  const pattern = b.modes[mode];
  if (pattern === undefined) { keep.fill(0); return; }
  const pairs = pairsPerGroup(M);
  for (let g = 0; g < b.windowChannels / M; g++) {
    const p0 = g * pairs;
    for (let j = 0; j < M; j++) {
      const lo = j - (j % pattern.m), hi = lo + pattern.m;
      let rank = 0;
      for (let i = lo; i < j; i++) rank += ge[p0 + pairIndex(i, j, M)]!;
      for (let i = j + 1; i < hi; i++) rank += 1 - ge[p0 + pairIndex(j, i, M)]!;
      keep[g * M + j] = rank < pattern.n ? 1 : 0;
    }
  }
}

/** The bitonic network's keep mask for one row of W activations (`keep` gets 0/1 per channel). */
export function bitonicKeep(b: FlexCompressorBlock, mode: number, act: ArrayLike<number>, keep: { [i: number]: number; fill(v: number): unknown }): void {
  keep.fill(0);
  const pattern = b.modes[mode];
  if (pattern === undefined) return;
  const M = b.m, K = Math.log2(M), kq = Math.log2(pattern.m);
  const d = new Array<number>(M);
  for (let g = 0; g < b.windowChannels / M; g++) {
    for (let i = 0; i < M; i++) d[i] = Math.abs(act[g * M + i]!) * M + (M - 1 - i);
    for (let k = 1; k <= kq; k++) {
      // Merge k (blocks of 2^k): layers at distance 2^(k-1) .. 1; the tap merge stops after its first.
      const layers = k === kq ? 1 : k;
      for (let jj = 0; jj < layers && !(k === K && jj > 0); jj++) {
        const dist = 1 << (k - 1 - jj);
        for (let i = 0; i < M; i++) {
          if (i & dist) continue;
          const lo = d[i]!, hi = d[i + dist]!;
          const descending = ((i >> k) & 1) === 0;
          if (descending ? lo < hi : lo > hi) { d[i] = hi; d[i + dist] = lo; }
        }
      }
    }
    // The max half of every block of m_q: the lower positions of even blocks, the upper of odd ones.
    for (let blk = 0; blk < M / pattern.m; blk++) {
      const first = blk * pattern.m + (blk % 2) * (pattern.m / 2);
      for (let u = 0; u < pattern.m / 2; u++) keep[g * M + (M - 1 - (d[first + u]! % M))] = 1;
    }
  }
}

/** keep from the current state: from the register when pipelined, else straight from `act` (`scratch` holds ge). */
export function evalFlexCompressor(b: FlexCompressorBlock, s: CompressorState, mode: number, act: Int32Array, keep: Int32Array, scratch: Uint8Array): void {
  if (b.org === 'bitonic') {
    if (b.pipelineStages > 0) keep.set(s.keep_q);
    else bitonicKeep(b, mode, act, keep);
    return;
  }
  if (b.pipelineStages > 0) {
    flexRankKeep(b, mode, s.ge_q, keep);
    return;
  }
  compareMagnitudes(b, act, scratch);
  flexRankKeep(b, mode, scratch, keep);
}

/** The registers after the edge (pipelined compressors only): ge_q (rank) or keep_q (bitonic, in `mode`). */
export function nextFlexCompressor(b: FlexCompressorBlock, s: CompressorState, load: boolean, mode: number, act: Int32Array, n: CompressorState): void {
  if (b.pipelineStages === 0) return;
  if (b.org !== 'bitonic') { nextCompressor(b, s, load, act, n); return; }
  if (load) bitonicKeep(b, mode, act, n.keep_q);
  else n.keep_q.set(s.keep_q);
}
