// The stage fan-outs (TopIR.stageFanouts) of a description at its full array size from its 1 x 1
// elaboration, without elaborating the array: the broadcast counts in closed form (stageFanoutsOf,
// the same function the full elaboration calls, with the full array's numbers), and the flip-flops
// each stage's load enables from the 1 x 1 blocks scaled to the array (stageDataBits): the PE's
// registers R·C times, the compressor's R times, the mode capture once, each delay line at its
// register's width in the full array (declareWires' nets at rows x cols). Exact: nothing else in a
// stage's count depends on rows or columns. For the schedule chooser, which times each candidate
// on its 1 x 1 version.

import type { EngineConfig } from '../config/engine_config.js';
import { InternalError } from '../diagnostics/diagnostic.js';
import { declareWires, planTop, shapeOf, stageDataBits, stageFanoutsOf, type BlockScale } from './elaborate.js';
import { NetlistBuilder } from './netlist_builder.js';
import { isNetSlice, type EngineIR, type StageFanoutIR, type StageIR } from './types.js';

export interface ArrayFanouts {
  readonly engine: readonly StageFanoutIR[];
  readonly core: readonly StageFanoutIR[];
}

/** Stage fan-outs of both tops of `unit` (an elaboration at 1 x 1 PE) at rows x cols, as elaborate() at that size gives them. */
export function arrayStageFanouts(unit: EngineIR, rows: number, cols: number): ArrayFanouts {
  if (unit.rows !== 1 || unit.cols !== 1) throw new InternalError(`arrayStageFanouts: scales a 1 x 1 elaboration, got ${unit.rows} x ${unit.cols}`);
  const config: EngineConfig = { ...unit.config, rows, cols };
  const { s } = shapeOf(config);
  const top = (which: 'engine' | 'core'): StageFanoutIR[] => {
    const t = unit.tops[which];
    const plan = planTop(s, t.activationInput, unit.schedule);
    const nets = new NetlistBuilder();
    declareWires(s, t.activationInput, plan, nets, config.meta);
    const scale: BlockScale = {
      compressorCopies: rows, peCopies: rows * cols,
      delayLineWidthBits: (b) => {
        const q = b.connections.q;
        if (q === undefined || !isNetSlice(q)) throw new InternalError(`${b.name}: no q net`);
        return nets.get(q.net).widthBits;
      },
    };
    const stages: StageIR[] = t.stages.map((st) => ({ ...st, dataRegisterBits: stageDataBits(t.blocks, st.index, st.name, scale) }));
    return stageFanoutsOf(s, stages, plan);
  };
  return { engine: top('engine'), core: top('core') };
}
