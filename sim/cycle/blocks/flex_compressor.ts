// Step functions of nm_compressor_flex_rank / nm_topn_rank_flex (rtl-templates/): the keep mask of
// one token row of a flexible engine in the active mode. The comparisons are those of the fixed
// compressor over groups of the largest mode's m (compareMagnitudes); channel j is kept when fewer
// than n_q channels of its own block of m_q channels beat it. A mode value without a mode keeps
// nothing. PIPE = 1 registers the comparisons (ge_q) as in the fixed compressor.

import type { FlexCompressorBlock } from '../../../src/ir/types.js';
import { compareMagnitudes, pairIndex, pairsPerGroup, type CompressorState } from './compressor.js';

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

/** keep from the current state: from ge_q when pipelined, else straight from `act` (`scratch` holds ge). */
export function evalFlexCompressor(b: FlexCompressorBlock, s: CompressorState, mode: number, act: Int32Array, keep: Int32Array, scratch: Uint8Array): void {
  if (b.pipelineStages > 0) {
    flexRankKeep(b, mode, s.ge_q, keep);
    return;
  }
  compareMagnitudes(b, act, scratch);
  flexRankKeep(b, mode, scratch, keep);
}
