// Issue 15's area ratio, shared by the model bench (bench/bench_area_ratio.ts) and its synthesis
// check (bench/area_ratio_synth.ts): the patterns and targets, the engine as generated or as the
// schedule chooser picks it at a target clock (at its best modelled clock when the target is out of
// reach), dense-equivalent MACs per cycle, and the advantage over dense:
// (dense µm² per dense-equivalent MAC/cycle) / (this engine's); > 1 is better.

import { parsePatternSyntax } from '../../src/config/pattern.js';
import type { ScheduleObjective } from '../../src/config/schedule_options.js';
import { validateConfig } from '../../src/config/validate.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { elaborate } from '../../src/ir/elaborate.js';
import type { EngineIR } from '../../src/ir/types.js';
import type { ModelCoefficients } from '../../src/model/coefficients.js';
import { chooseSchedule, scheduleCandidates } from '../../src/model/schedule_chooser.js';

/** The sparse patterns of issue 15 at window 32 and the dense reference of the same window. */
export const RATIO_PATTERNS = ['2:4', '4:8', '8:16', '16:32', '32:32'] as const;

/** Issue 15's targets (advantage over dense, x) per pattern and array size (R = C). */
export const RATIO_TARGETS: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  '2:4': { 4: 1, 16: 1.85 }, '4:8': { 4: 1 }, '8:16': { 4: 1, 16: 1.7 }, '16:32': { 4: 1, 16: 1.5 },
};

/** The target of a pattern at R = C = size, if the issue sets one. */
export function ratioTarget(pattern: string, size: number): number | undefined {
  return RATIO_TARGETS[pattern]?.[size];
}

/** What one engine of the comparison is. */
export interface RatioEngineSpec {
  readonly pattern: string;
  readonly window: number;
  readonly rows: number;
  readonly cols: number;
  /** Activation and weight bits (A = B); default 8. */
  readonly bits?: number;
  /** Absent: as generated (default schedule). */
  readonly targetMhz?: number;
  readonly timingMarginPct: number;
  /** The chooser's objective at the target (default the description's default, fewest cycles). */
  readonly scheduleObjective?: ScheduleObjective;
}

export interface RatioEngine {
  readonly ir: EngineIR;
  /** Set when the target (with its margin) is out of the model's reach: the best modelled clock taken instead, MHz. */
  readonly unreachableBestMhz?: number;
}

/** The engine as generated, or with the schedule the chooser picks at the target (timed once, chosen from). */
export function ratioEngine(spec: RatioEngineSpec, coefficients: ModelCoefficients): RatioEngine {
  const bits = spec.bits ?? 8;
  const v = validateConfig({
    pattern: spec.pattern, window: spec.window, rows: spec.rows, cols: spec.cols, actBits: bits, weightBits: bits,
    ...(spec.targetMhz !== undefined ? { targetMhz: spec.targetMhz, timingMarginPct: spec.timingMarginPct } : {}),
    ...(spec.targetMhz !== undefined && spec.scheduleObjective !== undefined ? { scheduleObjective: spec.scheduleObjective } : {}),
  });
  if (v.config === undefined) throw new Error(`${spec.pattern}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  if (spec.targetMhz === undefined) return { ir: elaborate(v.config) };
  const candidates = scheduleCandidates(v.config, coefficients);
  try {
    return { ir: elaborate({ ...v.config, schedule: chooseSchedule(v.config, spec.targetMhz, coefficients, candidates).chosen.schedule }) };
  } catch (e) {
    if (!(e instanceof UserError) || !e.diagnostics.some((d) => d.code === 'schedule_target_unreachable')) throw e;
    const bestMhz = Math.floor(Math.max(...candidates.map((c) => Math.min(c.engineFmaxMhz, c.coreFmaxMhz))));
    return {
      ir: elaborate({ ...v.config, schedule: chooseSchedule({ ...v.config, timingMarginPct: 0 }, bestMhz, coefficients, candidates).chosen.schedule }),
      unreachableBestMhz: bestMhz,
    };
  }
}

/** Dense-equivalent MACs per cycle: W dense channels x R tokens x C output channels. */
export const denseMacsPerCycle = (ir: EngineIR): number => ir.windowChannels * ir.rows * ir.cols;

/** µm² per dense-equivalent MAC per cycle. */
export const um2PerDenseMac = (areaUm2: number, ir: EngineIR): number => areaUm2 / denseMacsPerCycle(ir);

/** Advantage over dense (x): dense's µm² per dense-equivalent MAC/cycle over the engine's. */
export function advantageOverDense(engineUm2: number, engineIr: EngineIR, denseUm2: number, denseIr: EngineIR): number {
  return um2PerDenseMac(denseUm2, denseIr) / um2PerDenseMac(engineUm2, engineIr);
}

/** Whether `pattern` (n:m) is a dense reference engine, n = m (parsePatternSyntax of src/config/pattern.ts). */
export function isDensePattern(pattern: string): boolean {
  const p = parsePatternSyntax(pattern, 'pattern').pattern;
  if (p === undefined) throw new Error(`not an n:m pattern: ${pattern}`);
  return p.n === p.m;
}

/** `dense 32:32` for n = m, else the pattern. */
export const patternLabel = (pattern: string): string => (isDensePattern(pattern) ? `dense ${pattern}` : pattern);
