// The generated cycle model's fallback (sim/cycle/jsgen/compile.ts) for blocks it does not specialize
// (sim/cycle/jsgen/specialized.ts): the interpreted reference's step functions (sim/cycle/blocks/)
// called on views of the one Int32Array, with their own register state, so the records stay those
// of the reference whatever the block's parameters.

import { InternalError } from '../../../src/diagnostics/diagnostic.js';
import type { Block, ProcessingElementBlock } from '../../../src/ir/types.js';
import { createCompressorState, evalCompressor, nextCompressor, pairsPerGroup } from '../blocks/compressor.js';
import { evalFlexCompressor, nextFlexCompressor } from '../blocks/flex_compressor.js';
import { evalFlexDecoder } from '../blocks/flex_decoder.js';
import { evalMetaDecoder } from '../blocks/meta_decoder.js';
import { evalMuxNetwork } from '../blocks/mux_network.js';
import { createPeState, nextPe, type PeInputs, type PeState } from '../blocks/pe.js';
import type { Word } from '../word.js';
import type { Layout } from './layout.js';

/** One step the generated source calls as `H[k]()`; `reset` returns its state to power-up. */
export interface Fallback {
  readonly run: () => unknown;
  readonly reset?: () => void;
}

const viewOf = (N: Int32Array, L: Layout) => (b: Block, p: string): Int32Array => N.subarray(L.port(b, p), L.port(b, p) + L.portLength(b, p));

/** A compressor, metadata decoder (fixed or flexible) or mux network: its evaluation and (pipelined compressor) its register update. */
export function fallbackCombinational(b: Block, N: Int32Array, L: Layout): { comb: Fallback; next?: Fallback } {
  const view = viewOf(N, L);
  switch (b.kind) {
    case 'compressor': case 'flex_compressor': {
      const s = createCompressorState(b);
      const act = view(b, 'act'), keep = view(b, 'keep'), load = L.port(b, 'load');
      const mode = b.kind === 'flex_compressor' ? L.port(b, 'mode') : -1;
      const scratch = new Uint8Array((b.windowChannels / b.m) * pairsPerGroup(b.m));
      const reset = (): void => { s.ge_q.fill(0); s.keep_q.fill(0); };
      const comb = { run: b.kind === 'compressor' ? () => evalCompressor(b, s, act, keep, scratch) : () => evalFlexCompressor(b, s, N[mode]!, act, keep, scratch), reset };
      // In place: the comparisons are written after every reader of ge_q ran (combinational steps go first).
      const next = b.kind === 'compressor' ? () => nextCompressor(b, s, N[load] === 1, act, s) : () => nextFlexCompressor(b, s, N[load] === 1, N[mode]!, act, s);
      return b.pipelineStages > 0 ? { comb, next: { run: next } } : { comb };
    }
    case 'flex_decoder': {
      const meta = view(b, b.encoding === 'bitmask' ? 'mask' : 'idx'), sel = view(b, 'sel'), mode = L.port(b, 'mode');
      return { comb: { run: () => evalFlexDecoder(b, N[mode]!, meta, sel) } };
    }
    case 'meta_decoder': {
      const meta = view(b, b.encoding === 'bitmask' ? 'mask' : 'idx'), sel = view(b, 'sel');
      return { comb: { run: () => evalMetaDecoder(b, meta, sel) } };
    }
    case 'mux_network': {
      const sel = view(b, 'sel'), data = view(b, 'data'), lanes = view(b, 'lanes');
      return { comb: { run: () => evalMuxNetwork(b, sel, data, lanes) } };
    }
    default: throw new InternalError(`${b.name}: no fallback for a ${b.kind} block`);
  }
}

/** A PE through nextPe: run() returns true when out_q changed, after handing it to `setOut(index, word)`. */
export function fallbackPe(b: ProcessingElementBlock, N: Int32Array, L: Layout, index: number, setOut: (index: number, w: Word) => void): Fallback {
  const view = viewOf(N, L);
  const s = createPeState(b), n = createPeState(b);
  const act = view(b, 'act_lane'), wgt = view(b, 'wgt_lane');
  const split = b.psumParts > 0;
  const rst = L.port(b, 'rst_n'), loadPsum = L.port(b, 'load_psum'), loadOut = L.port(b, 'load_out'), psumLast = L.port(b, 'psum_last'), accFirst = L.port(b, 'acc_first');
  const i: { -readonly [K in keyof PeInputs]: PeInputs[K] } = { rst_n: false, load_psum: false, load_part: false, load_out: false, psum_last: false, acc_first: false };
  const copy = (from: PeState, to: PeState): void => { to.psum_q = from.psum_q; to.part_q.set(from.part_q); to.acc_q = from.acc_q; to.out_q = from.out_q; };
  return {
    run: () => {
      i.rst_n = N[rst] === 1; i.load_psum = N[loadPsum + (split ? 1 : 0)] === 1; i.load_part = split && N[loadPsum] === 1;
      i.load_out = N[loadOut] === 1; i.psum_last = N[psumLast] === 1; i.acc_first = N[accFirst] === 1;
      nextPe(b, s, i, act, wgt, n);
      const changed = n.out_q !== s.out_q;
      copy(n, s);
      if (changed) setOut(index, s.out_q);
      return changed;
    },
    reset: () => copy(createPeState(b), s),
  };
}
