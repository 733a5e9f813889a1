// Per-stage timing of a synthesized engine, in ns: each stage's chain of block paths
// (the IR's stage paths) summed from the static timing of each component's delay-mapped netlist,
// plus one register overhead, with the array's fan-outs (broadcast registers, stall enable) from the
// cell table as the model adds them (fanout_timing.ts). The synthesis counterpart of the model's estimateTiming stages.

import { InternalError } from '../diagnostics/diagnostic.js';
import type { EngineIR, PathArc, StageName } from '../ir/types.js';
import { synthArcNs } from './arc_timing.js';
import type { EngineSynthReport } from './engine_synth.js';
import { stageDelayWithFanoutNs, stageFanoutTiming } from './fanout_timing.js';
import { registerOverheadNs } from './sta.js';
import { groupBlocks } from '../ir/block_groups.js';

export interface SynthStageTiming {
  readonly index: number;
  readonly stage: StageName;
  readonly logicNs: number;
  readonly registerOverheadNs: number;
  /** The array's fan-outs (fanout_timing.ts: each component is synthesized alone, so they come from the cell table). */
  readonly broadcast?: { readonly net: string; readonly sinkPinsPerBit: number; readonly extraNs: number };
  /** A broadcast selecting at the chain's end (acc_first): its own path to the registers, logic ns. */
  readonly select?: { readonly net: string; readonly sinkPinsPerBit: number; readonly logicNs: number };
  readonly enable: { readonly logicNs: number; readonly flipFlops: number };
  readonly delayNs: number;
  readonly path: readonly { readonly block: string; readonly arc: PathArc; readonly logicNs: number }[];
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
  const byName = new Map(t.blocks.map((b) => [b.name, b] as const));
  const fanouts = stageFanoutTiming(t);
  const stages = t.stagePaths.map((c) => {
    const overhead = registerOverheadNs();
    const path = c.path.map(({ block, arc }) => {
      const b = byName.get(block);
      if (b === undefined) throw new InternalError(`${t.module}: stage ${c.name} path names unknown block ${block}`);
      const timing = componentOf.get(block)?.result.timing;
      if (timing === undefined) throw new Error(`stage ${c.name}: ${block} was synthesized without timing`);
      return { block, arc, logicNs: round(synthArcNs(b, arc, timing.sta)) };
    });
    const logicNs = round(path.reduce((s, p) => s + p.logicNs, 0));
    const f = fanouts[c.stage]!;
    return {
      index: c.stage, stage: c.name, logicNs, registerOverheadNs: overhead, ...(f.broadcast !== undefined ? { broadcast: f.broadcast } : {}), ...(f.select !== undefined ? { select: f.select } : {}), enable: f.enable,
      delayNs: stageDelayWithFanoutNs(logicNs, f, overhead), path,
    };
  });
  const critical = stages.reduce((a, b) => (b.delayNs > a.delayNs ? b : a));
  return { stages, criticalStage: critical.stage, periodNs: critical.delayNs, fmaxMhz: round(1000 / critical.delayNs) };
}
