// Schedule options of an engine description: where the optional pipeline registers go (contract §3
// lets L grow; every dot product keeps the same L). Given explicitly (`schedule` in a config file)
// or chosen for a target clock (`targetMhz`, by src/model/schedule_chooser.ts, for `scheduleObjective`). Defaults reproduce
// the engine as generated before schedules existed. This file owns the option names and their checks.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Compressor register (nm_engine only): `none`; `compare` (the m(m-1)/2 comparison bits per group,
 * the default for m >= 16); `keep` (after the rank count: m keep bits per group); `both` (the
 * comparison register, then the keep register: two stages).
 */
export type CompressorCut = 'none' | 'compare' | 'keep' | 'both';
export const COMPRESSOR_CUTS: readonly CompressorCut[] = ['none', 'compare', 'keep', 'both'];

/**
 * Partial-sum split inside each PE: `none`; `products` (each lane product registered, A+B bits
 * each); `halves` (the sums of the two halves of the lanes registered, then one add; P >= 4);
 * `carrySave` (the products registered as for `products`, their sum registered in carry-save form,
 * two psum-bit vectors, whose final carry chain is the accumulator's add).
 */
export type PsumCut = 'none' | 'products' | 'halves' | 'carrySave';
export const PSUM_CUTS: readonly PsumCut[] = ['none', 'products', 'halves', 'carrySave'];

export interface ScheduleOptions {
  readonly compressorCut?: CompressorCut;
  /** Register the one-hot lane selects (decoder output) before the lane muxes (nm_engine only). */
  readonly selectCut?: boolean;
  readonly psumCut?: PsumCut;
  /**
   * Register the slice as it arrives (stage `input`; default true). false: the first register is the
   * first one after the logic fed straight from the ports (the ports are taken to come from a
   * register, so that stage's budget is still clock-to-Q + logic + setup). Fixed and dense engines.
   */
  readonly inputCut?: boolean;
  /**
   * Register the compacted activations and the lane selects after the activation mux (stage `lane`;
   * default true). false: the activation mux moves into the stage of the weight mux, beside it
   * (the dense activations and the selects are registered instead, by the stage before). Fixed sparse
   * engines; nm_engine_core drops its lane register (its decoder's selects) only when selectCut is false too.
   */
  readonly laneCut?: boolean;
  /**
   * Move the weight mux in front of the lane register (default false): each PE's muxed weights
   * (R·C·P·B bits) are registered by the lane stage, beside the compacted activations, instead of the
   * dense weights and the lane selects, so the stage after it starts at the multipliers. Fixed sparse
   * engines, only with the lane register (laneCut true); nm_engine_core moves its weight mux likewise.
   */
  readonly weightMuxCut?: boolean;
  /**
   * Cut the ready path (every top): the stall enable and s_act_ready/s_wgt_ready come from a
   * flip-flop instead of m_out_ready; a result that arrives while the result register is unread waits
   * in the accumulator register (a result-side skid), so L and throughput are unchanged.
   */
  readonly readyCut?: boolean;
}

const FIELDS = ['compressorCut', 'selectCut', 'psumCut', 'inputCut', 'laneCut', 'weightMuxCut', 'readyCut'];

/** Checks the `schedule` field; `lanes` and `sparse` say which options the engine can take. */
export function validateSchedule(raw: unknown, sparse: boolean, flexible: boolean, lanes: number, out: Diagnostic[]): ScheduleOptions | undefined {
  const bad = (msg: string): undefined => { out.push(error('config_schedule_invalid', `\`schedule\`: ${msg}`, { field: 'schedule' })); return undefined; };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return bad(`must be an object such as {"compressorCut": "keep", "psumCut": "products"}, not ${JSON.stringify(raw)}`);
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !FIELDS.includes(k));
  if (unknown !== undefined) return bad(`unknown field \`${unknown}\` (known: ${FIELDS.join(', ')})`);
  const s: { -readonly [K in keyof ScheduleOptions]: ScheduleOptions[K] } = {};
  if (o.compressorCut !== undefined) {
    if (!(COMPRESSOR_CUTS as readonly unknown[]).includes(o.compressorCut)) return bad(`compressorCut must be one of ${COMPRESSOR_CUTS.join(', ')}, not ${JSON.stringify(o.compressorCut)}`);
    s.compressorCut = o.compressorCut as CompressorCut;
  }
  if (o.selectCut !== undefined) {
    if (typeof o.selectCut !== 'boolean') return bad(`selectCut must be true or false, not ${JSON.stringify(o.selectCut)}`);
    s.selectCut = o.selectCut;
  }
  if (o.psumCut !== undefined) {
    if (!(PSUM_CUTS as readonly unknown[]).includes(o.psumCut)) return bad(`psumCut must be one of ${PSUM_CUTS.join(', ')}, not ${JSON.stringify(o.psumCut)}`);
    s.psumCut = o.psumCut as PsumCut;
  }
  for (const flag of ['inputCut', 'laneCut', 'weightMuxCut', 'readyCut'] as const) {
    if (o[flag] === undefined) continue;
    if (typeof o[flag] !== 'boolean') return bad(`${flag} must be true or false, not ${JSON.stringify(o[flag])}`);
    s[flag] = o[flag];
  }
  if (!sparse && ((s.compressorCut ?? 'none') !== 'none' || s.selectCut === true || s.laneCut === false || s.weightMuxCut === true)) return bad('a dense engine has no compressor or lane muxes: only psumCut, inputCut and readyCut apply');
  if (flexible && (s.compressorCut !== undefined || s.selectCut !== undefined || s.inputCut !== undefined || s.laneCut !== undefined || s.weightMuxCut !== undefined)) return bad('flexible engines take only psumCut and readyCut for now (their compressor keeps its default register)');
  if (s.weightMuxCut === true && s.laneCut === false) return bad('weightMuxCut true moves the weight mux in front of the lane register, which laneCut false removes: give laneCut true (or leave it out) with weightMuxCut true');
  if ((s.psumCut === 'products' || s.psumCut === 'carrySave') && lanes < 2) return bad(`psumCut ${s.psumCut} needs at least 2 lanes, not ${lanes}`);
  if (s.psumCut === 'halves' && (lanes < 4 || lanes % 2 !== 0)) return bad(`psumCut halves needs an even lane count of at least 4, not ${lanes} (use products)`);
  return s;
}

/**
 * Default timing guard band, percent: the chooser accepts a schedule only if its modelled fmax is at
 * least targetMhz x (1 + margin/100). 2: after the timing refit the model is within 0.6% of synthesis
 * on the stages that limit the 1 GHz picks at 4 x 4 PEs, every one of those picks synthesizes at
 * 1019 MHz or more, and a larger margin would refuse dense W32 (modelled 1025 MHz); docs/schedule.md,
 * "Timing margin", says what it does not cover.
 */
export const DEFAULT_TIMING_MARGIN_PCT = 2;

/** Checks `timingMarginPct`: a guard band in percent, 0 to 100. */
export function validateTimingMarginPct(raw: unknown, out: Diagnostic[]): number | undefined {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw < 0 || raw > 100) {
    out.push(error('config_timing_margin_invalid', `\`timingMarginPct\` must be a timing margin in percent (a number from 0 to 100), not ${JSON.stringify(raw)}`, { field: 'timingMarginPct' }));
    return undefined;
  }
  return raw;
}

/**
 * What the chooser minimises among the schedules that meet `targetMhz`: `latency` (the default) the
 * fewest cycles (nm_engine's L, then nm_engine_core's), ties by the smallest modelled area of both
 * tops; `area` the smallest modelled area of both tops, ties (within 1e-6 relative) by the fewest cycles.
 */
export type ScheduleObjective = 'latency' | 'area';
export const SCHEDULE_OBJECTIVES: readonly ScheduleObjective[] = ['latency', 'area'];
export const DEFAULT_SCHEDULE_OBJECTIVE: ScheduleObjective = 'latency';

/** Checks `scheduleObjective`: one of SCHEDULE_OBJECTIVES. */
export function validateScheduleObjective(raw: unknown, out: Diagnostic[]): ScheduleObjective | undefined {
  if (!(SCHEDULE_OBJECTIVES as readonly unknown[]).includes(raw)) {
    out.push(error('config_schedule_objective_invalid', `\`scheduleObjective\` must be one of ${SCHEDULE_OBJECTIVES.join(', ')}, not ${JSON.stringify(raw)}`, { field: 'scheduleObjective' }));
    return undefined;
  }
  return raw as ScheduleObjective;
}

/** Checks `targetMhz`: a positive clock in MHz. */
export function validateTargetMhz(raw: unknown, out: Diagnostic[]): number | undefined {
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0 || raw > 100_000) {
    out.push(error('config_target_mhz_invalid', `\`targetMhz\` must be a clock in MHz (a number above 0, at most 100000), not ${JSON.stringify(raw)}`, { field: 'targetMhz' }));
    return undefined;
  }
  return raw;
}
