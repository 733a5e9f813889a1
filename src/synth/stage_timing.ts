// Per-stage timing of a synthesized engine, in ns: each stage's chain of block paths
// (model/stage_chains.ts) summed from the static timing of each component's delay-mapped netlist,
// plus one register overhead. The synthesis counterpart of the model's estimateTiming stages.

import type { EngineIR, StageName } from '../ir/types.js';
import { stageChains } from '../model/stage_chains.js';
import { synthPathNs, type TimingModelKey } from '../model/timing_forms.js';
import type { EngineSynthReport } from './engine_synth.js';
import { registerOverheadNs } from './sta.js';
import { groupBlocks } from '../model/block_groups.js';

export interface SynthStageTiming {
  readonly index: number;
  readonly stage: StageName;
  readonly logicNs: number;
  readonly registerOverheadNs: number;
  readonly delayNs: number;
  readonly path: readonly { readonly block: string; readonly key: TimingModelKey; readonly logicNs: number }[];
}

export interface SynthEngineTiming {
  readonly stages: readonly SynthStageTiming[];
  readonly criticalStage: StageName;
  readonly periodNs: number;
  readonly fmaxMhz: number;
}

const round = (x: number): number => Number(x.toFixed(4));

/**
 * Stage timing of a report synthesized with the flow's `timing` option.
 * @throws when a component of a chain was synthesized without timing.
 */
export function synthStageTiming(ir: EngineIR, top: 'engine' | 'core', report: EngineSynthReport): SynthEngineTiming {
  const t = ir.tops[top];
  const groups = groupBlocks(t);
  const componentOf = new Map<string, EngineSynthReport['components'][number]>();
  groups.forEach((g, i) => { for (const b of g.blocks) componentOf.set(b.name, report.components[i]!); });
  const stages = stageChains(t).map((c) => {
    const overhead = registerOverheadNs();
    const path = c.links.map((l) => {
      const timing = componentOf.get(l.block.name)?.result.timing;
      if (timing === undefined) throw new Error(`stage ${c.stage}: ${l.block.name} was synthesized without timing`);
      return { block: l.block.name, key: l.key, logicNs: round(synthPathNs(l.key, timing.sta)) };
    });
    const logicNs = round(path.reduce((s, p) => s + p.logicNs, 0));
    return { index: c.index, stage: c.stage, logicNs, registerOverheadNs: overhead, delayNs: round(logicNs + overhead), path };
  });
  const critical = stages.reduce((a, b) => (b.delayNs > a.delayNs ? b : a));
  return { stages, criticalStage: critical.stage, periodNs: critical.delayNs, fmaxMhz: round(1000 / critical.delayNs) };
}
