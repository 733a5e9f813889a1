// The report's target-clock table: per costed engine, the modelled fmax as generated (default
// schedule) and what reaching the target clock takes: the schedule the chooser picks
// (src/model/schedule_chooser.ts), its stages, latency L and modelled area of nm_engine, or the
// best clock any schedule reaches when none meets the target. A schedule meets the target when its
// modelled fmax reaches it plus the timing margin (default DEFAULT_TIMING_MARGIN_PCT, as `generate`).

import { DEFAULT_TIMING_MARGIN_PCT } from '../../config/schedule_options.js';
import { UserError } from '../../diagnostics/diagnostic.js';
import { estimateArea } from '../../model/area.js';
import { chooseSchedule, scheduleCandidates } from '../../model/schedule_chooser.js';
import { estimateTiming } from '../../model/timing.js';
import type { ResolvedSchedule } from '../../ir/types.js';
import type { CostedEngine } from './engines.js';

export interface TargetClockRow {
  readonly label: string;
  readonly asGenerated: { readonly fmaxMhz: number; readonly criticalStage: string; readonly stages: readonly string[]; readonly latencyCycles: number; readonly areaUm2: number };
  /** Absent when no schedule meets the target. */
  readonly atTarget?: {
    readonly schedule: ResolvedSchedule;
    readonly stages: readonly string[];
    readonly latencyCycles: number;
    readonly addedCycles: number;
    readonly fmaxMhz: number;
    readonly areaUm2: number;
    /** Area relative to the engine as generated (1 = no change). */
    readonly areaRatio: number;
  };
  /** The best modelled clock over every schedule (always given), MHz. */
  readonly bestFmaxMhz: number;
}

export interface TargetClockTable {
  readonly targetMhz: number;
  /** Guard band on the target, percent: every schedule shown reaches targetMhz x (1 + it/100) in the model. */
  readonly timingMarginPct: number;
  readonly rows: readonly TargetClockRow[];
}

/** The target-clock rows of the report's engines (nm_engine top). */
export function targetClockTable(engines: readonly CostedEngine[], targetMhz: number, timingMarginPct = DEFAULT_TIMING_MARGIN_PCT): TargetClockTable {
  const rows = engines.map((e): TargetClockRow => {
    const t = e.ir.tops.engine;
    const timing = estimateTiming(e.ir, 'engine');
    const areaUm2 = estimateArea(e.ir, 'engine').totalUm2;
    const asGenerated = { fmaxMhz: timing.fmaxMhz, criticalStage: timing.criticalStage, stages: t.stages.map((s) => s.name), latencyCycles: t.latencyCycles, areaUm2 };
    const candidates = scheduleCandidates(e.ir.config);
    const bestFmaxMhz = Math.max(...candidates.map((c) => Math.min(c.engineFmaxMhz, c.coreFmaxMhz)));
    try {
      const { chosen } = chooseSchedule({ ...e.ir.config, timingMarginPct }, targetMhz, undefined, candidates);
      const top = chosen.ir.tops.engine;
      const area = estimateArea(chosen.ir, 'engine').totalUm2;
      return {
        label: e.label, asGenerated, bestFmaxMhz,
        atTarget: {
          schedule: chosen.schedule, stages: top.stages.map((s) => s.name), latencyCycles: top.latencyCycles, addedCycles: top.latencyCycles - t.latencyCycles,
          fmaxMhz: Math.min(chosen.engineFmaxMhz, chosen.coreFmaxMhz), areaUm2: area, areaRatio: area / areaUm2,
        },
      };
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return { label: e.label, asGenerated, bestFmaxMhz };
    }
  });
  return { targetMhz, timingMarginPct, rows };
}
