// Which block paths make up each pipeline stage of a top, for the cost models: the IR's stage paths
// (TopIR.stagePaths: the chain of logic from a stage's launching registers to its capturing
// registers, decided in src/ir/) with each step's timing key. The timing model and the area model's
// gate-level depth sum their per-path figures over these chains; synthesis walks the same stage
// paths (src/synth/stage_timing.ts), so their per-stage figures line up.

import { InternalError } from '../diagnostics/diagnostic.js';
import type { Block, PathArc, StageName, TopIR } from '../ir/types.js';
import { timingKeyOfArc, type TimingModelKey } from './timing_forms.js';

export interface ChainLink {
  readonly block: Block;
  readonly arc: PathArc;
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
  const byName = new Map(top.blocks.map((b) => [b.name, b] as const));
  return top.stagePaths.map((s) => ({
    index: s.stage, stage: s.name,
    links: s.path.map(({ block, arc }) => {
      const b = byName.get(block);
      if (b === undefined) throw new InternalError(`${top.module}: stage ${s.name} path names unknown block ${block}`);
      return { block: b, arc, key: timingKeyOfArc(b, arc) };
    }),
  }));
}
