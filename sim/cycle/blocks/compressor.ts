// Step functions of nm_compressor / nm_topn_rank (rtl-templates/nm_compressor.v, nm_topn_rank.v):
// the keep mask of one token row. Per group of M: ge[pair(i,j)] = |a_i| >= |a_j| for i < j (|-2^(A-1)|
// = 2^(A-1)); channel j is kept when fewer than N channels beat it. PIPE = 1 registers ge (ge_q,
// loaded on load[compareStage]) before the rank count.

import type { CompressorBlock } from '../../../src/ir/types.js';

/**
 * ge_q of every group, group g's pairs at [g*PAIRS, (g+1)*PAIRS); empty when not pipelined.
 * keep_q: the registered keep mask of a pipelined bitonic flexible compressor (else empty).
 */
export interface CompressorState {
  readonly ge_q: Uint8Array;
  readonly keep_q: Uint8Array;
}

export function pairsPerGroup(m: number): number {
  return (m * (m - 1)) / 2;
}

/** Position of pair (i, j), i < j, in the comparison vector: pairs ordered by i, then j. */
export function pairIndex(i: number, j: number, m: number): number {
  return i * m - (i * (i + 1)) / 2 + (j - i - 1);
}

/** The fields of a compressor (fixed or flexible) its comparisons depend on. */
export type CompressorShape = Pick<CompressorBlock, 'windowChannels' | 'm' | 'pipelineStages'>;

export function createCompressorState(b: CompressorShape & { readonly org?: string }): CompressorState {
  const pipelined = b.pipelineStages > 0;
  const bitonic = b.org === 'bitonic';
  return {
    ge_q: new Uint8Array(pipelined && !bitonic ? (b.windowChannels / b.m) * pairsPerGroup(b.m) : 0),
    keep_q: new Uint8Array(pipelined && bitonic ? b.windowChannels : 0),
  };
}

/** The comparisons of every group of one row's activations (`act`: the row's W values). */
export function compareMagnitudes(b: CompressorShape, act: Int32Array, ge: Uint8Array): void {
  const M = b.m;
  const pairs = pairsPerGroup(M);
  for (let g = 0; g < b.windowChannels / M; g++) {
    const a0 = g * M, p0 = g * pairs;
    for (let i = 0; i < M; i++) {
      const mi = Math.abs(act[a0 + i]!);
      for (let j = i + 1; j < M; j++) ge[p0 + pairIndex(i, j, M)] = mi >= Math.abs(act[a0 + j]!) ? 1 : 0;
    }
  }
}

/** Rank counting: keep[j] = 1 when fewer than N channels of its group beat j. */
export function rankKeep(b: CompressorBlock, ge: Uint8Array, keep: Int32Array): void {
  const M = b.m;
  const pairs = pairsPerGroup(M);
  for (let g = 0; g < b.windowChannels / M; g++) {
    const p0 = g * pairs;
    for (let j = 0; j < M; j++) {
      let rank = 0;
      for (let i = 0; i < j; i++) rank += ge[p0 + pairIndex(i, j, M)]!;
      for (let i = j + 1; i < M; i++) rank += 1 - ge[p0 + pairIndex(j, i, M)]!;
      keep[g * M + j] = rank < b.n ? 1 : 0;
    }
  }
}

/** keep from the current state: from ge_q when pipelined, else straight from `act` (`scratch` holds ge). */
export function evalCompressor(b: CompressorBlock, s: CompressorState, act: Int32Array, keep: Int32Array, scratch: Uint8Array): void {
  if (b.pipelineStages > 0) {
    rankKeep(b, s.ge_q, keep);
    return;
  }
  compareMagnitudes(b, act, scratch);
  rankKeep(b, scratch, keep);
}

/** ge_q after the edge (pipelined compressors only). */
export function nextCompressor(b: CompressorShape, s: CompressorState, load: boolean, act: Int32Array, n: CompressorState): void {
  if (b.pipelineStages === 0) return;
  if (load) compareMagnitudes(b, act, n.ge_q);
  else n.ge_q.set(s.ge_q);
}
