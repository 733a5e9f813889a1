// Pipelining to a target clock: enumerates the schedule options a description can take (those it
// does not fix itself), elaborates each candidate, reads its modelled stage delays (timing.ts) and
// area (area.ts), and picks the one that meets the target plus its timing margin (a guard band for
// the model's underestimates against synthesis) and, with a margin, the target with each stage's
// fit-error guard (timing_guard.ts) that is best for the description's `scheduleObjective`:
// `latency` (default) the fewest cycles (nm_engine's L, then nm_engine_core's), ties broken by the
// smallest modelled area of both tops (only the tied candidates are elaborated at full size);
// `area` the smallest modelled area of both tops (every accepted candidate elaborated at full size),
// ties by the fewest cycles. Errors with the best clock any candidate reaches when none meets the target.

import type { EngineConfig } from '../config/engine_config.js';
import { COMPRESSOR_CUTS, DEFAULT_SCHEDULE_OBJECTIVE, DEFAULT_TIMING_MARGIN_PCT, PSUM_CUTS, type ScheduleObjective, type ScheduleOptions } from '../config/schedule_options.js';
import { error, UserError } from '../diagnostics/diagnostic.js';
import { arrayStageFanouts } from '../ir/array_fanouts.js';
import { elaborate } from '../ir/elaborate.js';
import type { EngineIR, ResolvedSchedule, StageName } from '../ir/types.js';
import { estimateArea } from './area.js';
import { loadCoefficients, type ModelCoefficients } from './coefficients.js';
import { estimateTiming } from './timing.js';
import { guardedFmaxMhz } from './timing_guard.js';

export interface ScheduleCandidate {
  readonly schedule: ResolvedSchedule;
  readonly options: ScheduleOptions;
  /** Modelled fmax of each top, MHz, and the stage that sets it. */
  readonly engineFmaxMhz: number;
  readonly coreFmaxMhz: number;
  /** Both tops' lower fmax with every stage's fit-error guard added (timing_guard.ts), MHz. */
  readonly guardedFmaxMhz: number;
  readonly criticalStage: StageName;
  readonly criticalNs: number;
  readonly latencyCycles: { readonly engine: number; readonly core: number };
}

export interface ChosenSchedule extends ScheduleCandidate {
  readonly ir: EngineIR;
  /** Modelled area of both tops, µm². */
  readonly areaUm2: number;
}

export interface ScheduleChoice {
  readonly targetMhz: number;
  /** Guard band applied, percent, and the modelled clock both tops had to reach: targetMhz x (1 + margin/100), MHz. */
  readonly timingMarginPct: number;
  readonly requiredMhz: number;
  /** What the pick minimised: fewest cycles (`latency`) or smallest modelled area (`area`). */
  readonly objective: ScheduleObjective;
  readonly chosen: ChosenSchedule;
  /** Every candidate, fewest cycles first (timing only; areas are computed for the fewest-cycle ties, or with `area` for every accepted one). */
  readonly candidates: readonly ScheduleCandidate[];
}

const round = (x: number): number => Number(x.toFixed(2));

/** The schedule option combinations a description can take, its own fixed options kept. */
export function scheduleOptionSets(config: EngineConfig): ScheduleOptions[] {
  const widest = config.modes.reduce((a, p) => (p.m > a.m ? p : a));
  const sparse = widest.n !== widest.m;
  const fixedEngine = config.modes.length === 1;
  const lanes = (config.window * widest.n) / widest.m;
  const given = config.schedule ?? {};
  const compressorCuts = given.compressorCut !== undefined ? [given.compressorCut] : sparse && fixedEngine ? COMPRESSOR_CUTS : [undefined];
  const selectCuts = given.selectCut !== undefined ? [given.selectCut] : sparse && fixedEngine ? [false, true] : [undefined];
  const psumCuts = given.psumCut !== undefined ? [given.psumCut]
    : PSUM_CUTS.filter((c) => c === 'none' || ((c === 'products' || c === 'carrySave') && lanes >= 2) || (c === 'halves' && lanes >= 4 && lanes % 2 === 0));
  const inputCuts = given.inputCut !== undefined ? [given.inputCut] : fixedEngine ? [true, false] : [undefined];
  const laneCuts = given.laneCut !== undefined ? [given.laneCut] : sparse && fixedEngine ? [true, false] : [undefined];
  // weightMuxCut only where the lane register stays (validation rejects it with laneCut false).
  const weightMuxCuts = given.weightMuxCut !== undefined ? [given.weightMuxCut] : sparse && fixedEngine ? [false, true] : [undefined];
  // readyCut adds no cycle and some area: the tie-break takes it only where the stall path limits the clock.
  const readyCuts = given.readyCut !== undefined ? [given.readyCut] : [false, true];
  const sets: ScheduleOptions[] = [];
  for (const compressorCut of compressorCuts) for (const selectCut of selectCuts) for (const psumCut of psumCuts)
    for (const inputCut of inputCuts) for (const laneCut of laneCuts) for (const weightMuxCut of weightMuxCuts) for (const readyCut of readyCuts) {
      if (weightMuxCut === true && laneCut === false) continue;
      sets.push({
        ...(compressorCut !== undefined ? { compressorCut } : {}), ...(selectCut !== undefined ? { selectCut } : {}), psumCut,
        ...(inputCut !== undefined ? { inputCut } : {}), ...(laneCut !== undefined ? { laneCut } : {}),
        ...(weightMuxCut !== undefined ? { weightMuxCut } : {}), readyCut,
      });
  }
  return sets;
}

/**
 * One candidate's modelled timing. Every timing form reads one representative block of each kind,
 * none of which depends on rows or columns, so the candidate's chains are timed on its 1 x 1 PE
 * version (instant even for 64 x 64 PEs); the array's fan-outs (broadcast registers, stall enable)
 * are its full size's, scaled from the same 1 x 1 elaboration (src/ir/array_fanouts.ts).
 */
export function timeSchedule(config: EngineConfig, options: ScheduleOptions, coefficients: ModelCoefficients = loadCoefficients()): ScheduleCandidate {
  const ir = elaborate({ ...config, rows: 1, cols: 1, schedule: options });
  const fanouts = arrayStageFanouts(ir, config.rows, config.cols);
  const engine = estimateTiming(ir, 'engine', coefficients, fanouts.engine), core = estimateTiming(ir, 'core', coefficients, fanouts.core);
  const worst = engine.periodNs >= core.periodNs ? engine : core;
  return {
    schedule: ir.schedule, options, engineFmaxMhz: engine.fmaxMhz, coreFmaxMhz: core.fmaxMhz,
    guardedFmaxMhz: Math.min(guardedFmaxMhz(engine, coefficients), guardedFmaxMhz(core, coefficients)), criticalStage: worst.criticalStage, criticalNs: worst.periodNs,
    latencyCycles: { engine: ir.tops.engine.latencyCycles, core: ir.tops.core.latencyCycles },
  };
}

/** A candidate elaborated at full size with its modelled area (both tops). */
export function sizeSchedule(config: EngineConfig, c: ScheduleCandidate, coefficients: ModelCoefficients = loadCoefficients()): ChosenSchedule {
  const ir = elaborate({ ...config, schedule: c.options });
  return { ...c, ir, areaUm2: estimateArea(ir, 'engine', coefficients).totalUm2 + estimateArea(ir, 'core', coefficients).totalUm2 };
}

/** The description's timing margin, percent (DEFAULT_TIMING_MARGIN_PCT when it gives none). */
export function timingMarginOf(config: EngineConfig): number {
  return config.timingMarginPct ?? DEFAULT_TIMING_MARGIN_PCT;
}

/** The description's schedule objective (DEFAULT_SCHEDULE_OBJECTIVE, latency, when it gives none). */
export function scheduleObjectiveOf(config: EngineConfig): ScheduleObjective {
  return config.scheduleObjective ?? DEFAULT_SCHEDULE_OBJECTIVE;
}

/** The modelled clock a schedule must reach for `targetMhz` with `marginPct` percent of guard band, MHz. */
export function requiredMhz(targetMhz: number, marginPct: number): number {
  return targetMhz * (1 + marginPct / 100);
}

/** Both tops' fmax at least the target (the margin already applied by the caller). */
export function meetsTarget(c: ScheduleCandidate, targetMhz: number): boolean {
  return Math.min(c.engineFmaxMhz, c.coreFmaxMhz) >= targetMhz;
}

/**
 * A candidate the chooser accepts for `targetMhz` with `marginPct`: both tops reach the target plus
 * the margin and, unless the margin is 0 (the model's own figures, no guard band at all), the target
 * itself with each stage's fit-error guard (timing_guard.ts).
 */
export function acceptsCandidate(c: ScheduleCandidate, targetMhz: number, marginPct: number): boolean {
  return meetsTarget(c, requiredMhz(targetMhz, marginPct)) && (marginPct === 0 || c.guardedFmaxMhz >= targetMhz);
}

const byCycles = (a: Pick<ScheduleCandidate, 'latencyCycles'>, b: Pick<ScheduleCandidate, 'latencyCycles'>): number =>
  a.latencyCycles.engine - b.latencyCycles.engine || a.latencyCycles.core - b.latencyCycles.core;

/** Every candidate schedule of a description, timed, fewest cycles first. */
export function scheduleCandidates(config: EngineConfig, coefficients: ModelCoefficients = loadCoefficients()): ScheduleCandidate[] {
  return scheduleOptionSets(config).map((o) => timeSchedule(config, o, coefficients)).sort(byCycles);
}

/** Relative area difference below which two candidates tie under the `area` objective. */
export const AREA_TIE_REL = 1e-6;

/** The smallest area of `sized` (non-empty), ties (within AREA_TIE_REL) by fewer cycles, then by their order: the `area` objective's pick. */
export function leastAreaSchedule<T extends Pick<ChosenSchedule, 'areaUm2' | 'latencyCycles'>>(sized: readonly T[]): T {
  const leastUm2 = Math.min(...sized.map((c) => c.areaUm2));
  const tied = sized.filter((c) => c.areaUm2 <= leastUm2 * (1 + AREA_TIE_REL));
  return tied.reduce((a, b) => (byCycles(b, a) < 0 ? b : a));
}

/**
 * The schedule whose modelled fmax (both tops) reaches `targetMhz` x (1 + margin/100), the margin
 * the description's `timingMarginPct` (default DEFAULT_TIMING_MARGIN_PCT), and (margin > 0) whose
 * guarded fmax reaches `targetMhz` (acceptsCandidate), best for the description's
 * `scheduleObjective`: the fewest added cycles (`latency`, default) or the smallest modelled area
 * (`area`); throws UserError
 * (schedule_target_unreachable) when none does. `candidates`: scheduleCandidates(config,
 * coefficients) when the caller has them already (so they are timed once).
 */
export function chooseSchedule(config: EngineConfig, targetMhz: number, coefficients: ModelCoefficients = loadCoefficients(),
  candidates: readonly ScheduleCandidate[] = scheduleCandidates(config, coefficients)): ScheduleChoice {
  const timingMarginPct = timingMarginOf(config);
  const required = requiredMhz(targetMhz, timingMarginPct);
  const first = candidates.find((c) => acceptsCandidate(c, targetMhz, timingMarginPct));
  if (first === undefined) {
    const best = candidates.reduce((a, b) => (Math.min(b.engineFmaxMhz, b.coreFmaxMhz) > Math.min(a.engineFmaxMhz, a.coreFmaxMhz) ? b : a));
    const what = config.modes.map((p) => `${p.n}:${p.m}`).join(',');
    throw new UserError([error('schedule_target_unreachable',
      `no schedule meets ${targetMhz} MHz + ${timingMarginPct}% timing margin = ${round(required)} MHz for ${what} (window ${config.window}, A=${config.actBits} B=${config.weightBits} bits): the best reaches ` +
      `${round(Math.min(best.engineFmaxMhz, best.coreFmaxMhz))} MHz (${best.criticalStage} stage, ${round(best.criticalNs)} ns, modelled)` +
      (timingMarginPct > 0 ? `; with the fit-error guard the best reaches ${round(Math.max(...candidates.map((c) => c.guardedFmaxMhz)))} MHz` : ''), { field: 'targetMhz' })]);
  }
  const objective = scheduleObjectiveOf(config);
  const accepted = candidates.filter((c) => acceptsCandidate(c, targetMhz, timingMarginPct));
  if (objective === 'area') {
    return { targetMhz, timingMarginPct, requiredMhz: required, objective, chosen: leastAreaSchedule(accepted.map((c) => sizeSchedule(config, c, coefficients))), candidates };
  }
  const tied = accepted.filter((c) => byCycles(c, first) === 0).map((c) => sizeSchedule(config, c, coefficients));
  const chosen = tied.reduce((a, b) => (b.areaUm2 < a.areaUm2 ? b : a));
  return { targetMhz, timingMarginPct, requiredMhz: required, objective, chosen, candidates };
}

/** The description with its schedule chosen for its `targetMhz` (unchanged without one). */
export function scheduleForTarget(config: EngineConfig, coefficients?: ModelCoefficients): EngineConfig {
  if (config.targetMhz === undefined) return config;
  const { chosen } = chooseSchedule(config, config.targetMhz, coefficients);
  return { ...config, schedule: chosen.schedule };
}
