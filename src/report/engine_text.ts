// Text of the engine commands: the one-line description of an engine, its per-top resources, the
// preset list and a verify report's scenario table. Formatting only; the numbers come from the IR and
// the scenario results.

import { formatPattern } from '../config/pattern.js';
import { DEFAULT_TIMING_MARGIN_PCT } from '../config/schedule_options.js';
import type { EngineIR, ResolvedSchedule } from '../ir/types.js';
import type { VerifyReport } from '../../sim/scenario/verify.js';
import { formatTable } from './table.js';

/** `8:16 engine, window 16 channels, 8 lanes, 4 x 4 PEs, A=8 B=8 acc=32 bits`. */
export function describeEngine(ir: EngineIR): string {
  return `${ir.modes.map(formatPattern).join(', ')} engine, window ${ir.windowChannels} channels, ${ir.lanes} lanes, ${ir.rows} x ${ir.cols} PEs, ` +
    `A=${ir.actBits} B=${ir.weightBits} acc=${ir.accBits} bits`;
}

/** Latency and resource counts of both tops. */
export function resourceTable(ir: EngineIR): string {
  return formatTable(['top', 'L (cycles)', 'multipliers', 'mux inputs (words)', 'comparators', 'register bits'],
    [ir.tops.engine, ir.tops.core].map((t) => [
      t.module, t.latencyCycles, t.resources.multipliers, t.resources.actMuxInputs + t.resources.weightMuxInputs, t.resources.comparators, t.resources.registerBits,
    ]));
}

export interface PresetRow {
  readonly name: string;
  readonly pattern: string;
  readonly windowChannels: number;
  readonly lanes: number;
  readonly rows: number;
  readonly cols: number;
  readonly summary: string;
}

export function presetTable(rows: readonly PresetRow[]): string {
  return formatTable(['preset', 'pattern', 'window (ch)', 'lanes', 'rows', 'cols', 'summary'], rows.map((r) => [r.name, r.pattern, r.windowChannels, r.lanes, r.rows, r.cols, r.summary]));
}

/** One row per top and scenario of a verify report. */
export function verifyTable(report: VerifyReport): string {
  return formatTable(['top', 'scenario', 'slices', 'cycles', 'results', 'lost to reset', 'latency (cycles)', 'status'],
    report.results.map((r) => [r.top, r.scenario, r.slices, r.cycles, r.delivered, r.droppedByReset, r.latenciesCycles.join(',') || '-', r.errors.length === 0 ? 'ok' : 'FAILED']));
}

/** The resolved schedule options, `compressorCut both, selectCut true, psumCut products, inputCut false, laneCut false`. */
export function scheduleOptionsText(o: ResolvedSchedule): string {
  return `compressorCut ${o.compressorCut}, selectCut ${o.selectCut}, psumCut ${o.psumCut}, inputCut ${o.inputCut}, laneCut ${o.laneCut}${o.weightMuxCut ? ', weightMuxCut true' : ''}${o.readyCut ? ', readyCut true' : ''}`;
}

/** One line: the schedule options, the target clock and the modelled fmax of both tops. */
export function scheduleLine(ir: EngineIR, fmaxMhz: { readonly engine: number; readonly core: number }): string {
  const target = ir.config.targetMhz !== undefined ? `, target ${ir.config.targetMhz} MHz + ${ir.config.timingMarginPct ?? DEFAULT_TIMING_MARGIN_PCT}% timing margin${ir.config.scheduleObjective === 'area' ? ', smallest-area objective' : ''}` : '';
  return `schedule: ${scheduleOptionsText(ir.schedule)}${target}; ` +
    `L = ${ir.tops.engine.latencyCycles} / ${ir.tops.core.latencyCycles} cycles (nm_engine / nm_engine_core), ` +
    `modelled fmax ${fmaxMhz.engine.toFixed(0)} / ${fmaxMhz.core.toFixed(0)} MHz`;
}
