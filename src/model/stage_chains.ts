// Which block paths make up each pipeline stage of a top: the chain of (block, timing path class)
// from the stage's launching registers to its capturing registers, read from the IR's stage list
// and block fields. The timing model (timing.ts) and synthesis (synth/stage_timing.ts) both sum
// their per-path delays over these chains, so their per-stage figures line up.

import { assertNever } from '../diagnostics/diagnostic.js';
import type { Block, BlockKind, StageName, TopIR } from '../ir/types.js';
import type { TimingModelKey } from './timing_forms.js';

export interface ChainLink {
  readonly block: Block;
  readonly key: TimingModelKey;
}

export interface StageChain {
  readonly index: number;
  readonly stage: StageName;
  /** In signal order; the stage's delay is the sum of the links plus one register overhead. */
  readonly links: readonly ChainLink[];
}

/** The chain of every stage of `top`, in stage order. */
export function stageChains(top: TopIR): StageChain[] {
  const first = <K extends BlockKind>(kind: K, pred: (b: Extract<Block, { kind: K }>) => boolean = () => true): Extract<Block, { kind: K }> | undefined =>
    top.blocks.find((b): b is Extract<Block, { kind: K }> => b.kind === kind && pred(b as Extract<Block, { kind: K }>));
  const compressor = first('compressor');
  const decoder = first('meta_decoder');
  const actMux = first('mux_network', (b) => b.operand === 'act');
  const wgtMux = first('mux_network', (b) => b.operand === 'wgt');
  const pe = first('pe');
  const line = first('delay_line');
  const link = (block: Block | undefined, key: TimingModelKey): ChainLink[] => (block === undefined ? [] : [{ block, key }]);
  const decoderKey: TimingModelKey = decoder?.kind === 'meta_decoder' && decoder.encoding === 'bitmask' ? 'meta_decoder_bitmask' : 'meta_decoder_index';
  return top.stages.map((s) => {
    let links: ChainLink[];
    switch (s.name) {
      case 'input': links = link(line, 'delay_line'); break;
      case 'compare': links = link(compressor, 'compressor_compare'); break;
      case 'lane':
        links = [
          ...link(compressor, compressor !== undefined && compressor.pipelineStages > 0 ? 'compressor_rank' : 'compressor'),
          ...link(decoder, decoderKey), ...link(actMux, 'mux_network'),
        ];
        break;
      case 'psum': links = [...link(wgtMux, 'mux_network'), ...link(pe, 'pe_tree')]; break;
      case 'output': links = link(pe, 'pe_accumulator'); break;
      default: links = assertNever(s.name, 'stage name');
    }
    return { index: s.index, stage: s.name, links };
  });
}
