// The schedule chooser (src/model/schedule_chooser.ts) against a literal search: every option
// combination written out by hand, each elaborated and timed with the model, the target met by
// both tops, fewest nm_engine cycles, then nm_engine_core cycles, then the smallest modelled area.
// The timing margin is applied literally (target x (1 + margin/100)) at margins 0 (the choice without a
// guard band) and 2 (the default), and with a margin the fit-error guard literally: every stage's delay
// plus the largest (arc ns x its form's largest stored fit underestimate, %) of its chain within 1/target. Random
// targets (printed seed); an unreachable target must error with the best reachable clock and the
// margin-adjusted requirement.

import { describe, expect, it } from 'vitest';
import type { EngineConfig } from '../../src/config/engine_config.js';
import { validateConfig } from '../../src/config/validate.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { estimateArea } from '../../src/model/area.js';
import { chooseSchedule, scheduleCandidates } from '../../src/model/schedule_chooser.js';
import { loadCoefficients } from '../../src/model/coefficients.js';
import { estimateTiming, type TimingEstimate } from '../../src/model/timing.js';
import { Prng } from '../../src/util/prng.js';

const SEED = Number(process.env.NMCORE_TEST_SEED ?? 20261201);

function configOf(input: Record<string, unknown>): EngineConfig {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
  return v.config;
}

/** Every legal combination, listed literally per engine class (fixed engines: with and without the input and lane registers, the weight mux before the lane register where it stays). */
function literalOptions(sparse: boolean, lanes: number): Record<string, unknown>[] {
  const psum = ['none', ...(lanes >= 2 ? ['products', 'carrySave'] : []), ...(lanes >= 4 && lanes % 2 === 0 ? ['halves'] : [])];
  const out: Record<string, unknown>[] = [];
  for (const p of psum) for (const r of [false, true]) {
    for (const i of [true, false]) {
      if (!sparse) { out.push({ psumCut: p, inputCut: i, readyCut: r }); continue; }
      for (const c of ['none', 'compare', 'keep', 'both']) for (const s of [false, true]) for (const l of [true, false]) for (const w of l ? [false, true] : [false]) {
        out.push({ compressorCut: c, selectCut: s, psumCut: p, inputCut: i, laneCut: l, weightMuxCut: w, readyCut: r });
      }
    }
  }
  return out;
}

/** The guarded clock of a top, written out: each stage's delay plus, over its chain's arcs, the largest arc ns x (its form's most negative stored fit errorPct, negated) / 100. */
function literalGuardedMhz(t: TimingEstimate): number {
  const timing = loadCoefficients().timing as Record<string, { residuals: { each: readonly { errorPct: number }[] } } | undefined>;
  let worstNs = 0;
  for (const s of t.stages) {
    let guardNs = 0;
    for (const arc of s.path) {
      let underPct = 0;
      for (const r of timing[arc.key]?.residuals.each ?? []) if (-r.errorPct > underPct) underPct = -r.errorPct;
      guardNs = Math.max(guardNs, (arc.logicNs * underPct) / 100);
    }
    worstNs = Math.max(worstNs, s.delayNs + guardNs);
  }
  return 1000 / worstNs;
}

/** The literal pick at `targetMhz` with `marginPct` (0: neither the margin nor the guard; `guard` false: the margin alone). */
function literalChoice(input: Record<string, unknown>, sparse: boolean, lanes: number, targetMhz: number, marginPct = 0, guard = marginPct > 0) {
  const rows = literalOptions(sparse, lanes).map((schedule) => {
    const ir = elaborate(configOf({ ...input, schedule }));
    const engine = estimateTiming(ir, 'engine'), core = estimateTiming(ir, 'core');
    const fmax = Math.min(engine.fmaxMhz, core.fmaxMhz), guarded = Math.min(literalGuardedMhz(engine), literalGuardedMhz(core));
    return { schedule, fmax, guarded, le: ir.tops.engine.latencyCycles, lc: ir.tops.core.latencyCycles, area: estimateArea(ir, 'engine').totalUm2 + estimateArea(ir, 'core').totalUm2 };
  });
  const accepted = (r: (typeof rows)[number], target: number): boolean => r.fmax >= target * (1 + marginPct / 100) && (!guard || r.guarded >= target - 1e-6);
  const meeting = rows.filter((r) => accepted(r, targetMhz));
  meeting.sort((a, b) => a.le - b.le || a.lc - b.lc || a.area - b.area);
  /** The highest target some schedule is accepted at with this margin, MHz. */
  const bestTarget = Math.max(...rows.map((r) => Math.min(r.fmax / (1 + marginPct / 100), marginPct === 0 ? Infinity : r.guarded)));
  return { best: meeting[0], bestFmax: Math.max(...rows.map((r) => r.fmax)), bestTarget };
}

const ENGINES: { input: Record<string, unknown>; sparse: boolean; lanes: number }[] = [
  { input: { pattern: '2:4', rows: 1, cols: 1 }, sparse: true, lanes: 2 },
  { input: { pattern: '4:8', window: 16, rows: 2, cols: 2 }, sparse: true, lanes: 8 },
  { input: { pattern: '16:32', rows: 2, cols: 2 }, sparse: true, lanes: 16 },
  { input: { pattern: '8:8', rows: 2, cols: 1, accBits: 20 }, sparse: false, lanes: 8 },
  { input: { pattern: '1:2', rows: 1, cols: 2, actBits: 4, weightBits: 4, accBits: 12 }, sparse: true, lanes: 1 },
];

describe(`schedule chooser (seed ${SEED})`, () => {
  it('picks what the literal search picks: the target plus the margin met, fewest cycles, then the smallest area', () => {
    const rng = new Prng(SEED);
    for (const e of ENGINES) {
      for (const margin of [0, 2]) {
        const { bestTarget } = literalChoice(e.input, e.sparse, e.lanes, 1, margin);
        const config = configOf({ ...e.input, timingMarginPct: margin });
        // Timed once and chosen from at every target (as bench/bench_area_ratio.ts and the report do).
        const candidates = scheduleCandidates(config);
        for (let k = 0; k < 3; k++) {
          const target = rng.int(200, Math.floor(bestTarget));
          const required = target * (1 + margin / 100);
          const want = literalChoice(e.input, e.sparse, e.lanes, target, margin).best!;
          for (const [how, got] of [['timed here', chooseSchedule(config, target)], ['timed once', chooseSchedule(config, target, undefined, candidates)]] as const) {
            const label = `${JSON.stringify(e.input)} at ${target} MHz + ${margin}%, candidates ${how}`;
            expect(got.timingMarginPct, label).toBe(margin);
            expect(got.requiredMhz, label).toBeCloseTo(required, 9);
            expect(got.chosen.latencyCycles, label).toEqual({ engine: want.le, core: want.lc });
            expect(got.chosen.areaUm2, label).toBeCloseTo(want.area, 6);
            expect(Math.min(got.chosen.engineFmaxMhz, got.chosen.coreFmaxMhz), label).toBeGreaterThanOrEqual(required);
            if (margin > 0) expect(got.chosen.guardedFmaxMhz, label).toBeGreaterThanOrEqual(target);
          }
        }
      }
    }
  });

  it('without timingMarginPct the default margin is 2%', () => {
    const input = { pattern: '4:8', window: 16, rows: 2, cols: 2 };
    const { bestFmax } = literalChoice(input, true, 8, 1);
    // A target the engine reaches without a margin but not with 2%: an error without a margin given, a schedule with 0.
    const target = Math.floor(bestFmax / 1.02) + 1;
    expect(() => chooseSchedule(configOf(input), target)).toThrow(UserError);
    expect(chooseSchedule(configOf({ ...input, timingMarginPct: 0 }), target).timingMarginPct).toBe(0);
    expect(chooseSchedule(configOf(input), 500).timingMarginPct).toBe(2);
  });

  it('16:32 (window 32) at its best modelled clock takes L <= 6 (no input or lane register), as the literal search finds', () => {
    const input = { pattern: '16:32', window: 32, rows: 1, cols: 1 };
    const target = Math.floor(literalChoice(input, true, 16, 1).bestFmax);
    const want = literalChoice(input, true, 16, target).best!;
    const got = chooseSchedule(configOf({ ...input, timingMarginPct: 0 }), target);
    expect(got.chosen.latencyCycles).toEqual({ engine: want.le, core: want.lc });
    expect(got.chosen.latencyCycles.engine).toBeLessThanOrEqual(6);
  });

  it('16:32 (window 32) at 4 x 4 PEs meets 1000 MHz with L <= 6 (the weight mux before the lane register) with and without the margin, as the literal search finds', () => {
    const input = { pattern: '16:32', window: 32, rows: 4, cols: 4 };
    for (const margin of [0, 2]) {
      const want = literalChoice(input, true, 16, 1000, margin).best!;
      const got = chooseSchedule(configOf({ ...input, timingMarginPct: margin }), 1000);
      expect(got.chosen.latencyCycles, `margin ${margin}%`).toEqual({ engine: want.le, core: want.lc });
      expect(got.chosen.areaUm2, `margin ${margin}%`).toBeCloseTo(want.area, 6);
      expect(got.chosen.latencyCycles.engine).toBeLessThanOrEqual(6);
      expect(want.schedule.weightMuxCut).toBe(true);
    }
  });

  it('2:4 (window 32) at 4 x 4 PEs and 1000 MHz: with the 2% margin the literal search at 1000 MHz + 2% (and the guard), the weight mux before the lane register; without it the cheaper pick without it', () => {
    const input = { pattern: '2:4', window: 32, rows: 4, cols: 4 };
    const with2 = literalChoice(input, true, 16, 1000, 2).best!, with0 = literalChoice(input, true, 16, 1000).best!;
    for (const [margin, want] of [[2, with2], [0, with0]] as const) {
      const got = chooseSchedule(configOf({ ...input, timingMarginPct: margin }), 1000);
      expect(got.chosen.latencyCycles, `margin ${margin}%`).toEqual({ engine: want.le, core: want.lc });
      expect(got.chosen.areaUm2, `margin ${margin}%`).toBeCloseTo(want.area, 6);
    }
    expect(with2.schedule.weightMuxCut).toBe(true);
    expect(with0.schedule.weightMuxCut).toBe(false);
  });

  it('every pattern at 4 x 4 PEs (window 32; dense also 16) meets 1000 MHz with the default margin, 16:32 at L <= 6', () => {
    for (const [pattern, window] of [['2:4', 32], ['4:8', 32], ['8:16', 32], ['16:32', 32], ['8:8', 32], ['8:8', 16]] as const) {
      const m = Number(pattern.split(':')[1]), n = Number(pattern.split(':')[0]);
      const input = { pattern, window, rows: 4, cols: 4 };
      const got = chooseSchedule(configOf(input), 1000);
      expect(Math.min(got.chosen.engineFmaxMhz, got.chosen.coreFmaxMhz), pattern).toBeGreaterThanOrEqual(1020);
      const want = literalChoice(input, n !== m, (window * n) / m, 1000, 2).best!;
      expect(got.chosen.latencyCycles, `${pattern} window ${window}`).toEqual({ engine: want.le, core: want.lc });
      if (pattern === '16:32') expect(got.chosen.latencyCycles.engine).toBeLessThanOrEqual(6);
    }
  });

  it('4:8 (window 32) at 4 x 4 PEs and 900 MHz: the fit-error guard refuses the margin-only pick (its unpipelined m = 8 compressor and decoder in one stage) and the pick is the literal guarded search\'s', () => {
    const input = { pattern: '4:8', window: 32, rows: 4, cols: 4 };
    const want = literalChoice(input, true, 16, 900, 2).best!, marginOnly = literalChoice(input, true, 16, 900, 2, false).best!;
    const got = chooseSchedule(configOf(input), 900);
    expect(got.chosen.latencyCycles).toEqual({ engine: want.le, core: want.lc });
    expect(got.chosen.areaUm2).toBeCloseTo(want.area, 6);
    expect(got.chosen.guardedFmaxMhz).toBeGreaterThanOrEqual(900);
    expect(want.schedule).not.toEqual(marginOnly.schedule);
    expect(marginOnly.guarded).toBeLessThan(900);
    // At margin 0 neither guard band applies: the literal search at 900 MHz.
    const at0 = chooseSchedule(configOf({ ...input, timingMarginPct: 0 }), 900), want0 = literalChoice(input, true, 16, 900).best!;
    expect(at0.chosen.areaUm2).toBeCloseTo(want0.area, 6);
  });

  it('keeps the options a description fixes and chooses only the others', () => {
    const config = configOf({ pattern: '8:16', rows: 1, cols: 1, schedule: { compressorCut: 'keep' } });
    const got = chooseSchedule(config, 300);
    expect(got.candidates.every((c) => c.schedule.compressorCut === 'keep')).toBe(true);
    expect(got.chosen.schedule.compressorCut).toBe('keep');
  });

  it('an unreachable target is a user error naming the margin-adjusted requirement and the best modelled clock', () => {
    for (const e of ENGINES) {
      const { bestFmax } = literalChoice(e.input, e.sparse, e.lanes, 1);
      // Above the best clock without a margin; and reachable alone but not with the default 2%.
      for (const [target, margin] of [[Math.ceil(bestFmax) + 1, 0], [Math.floor(bestFmax / 1.02) + 1, undefined]] as const) {
        let thrown: unknown;
        try { chooseSchedule(configOf({ ...e.input, ...(margin !== undefined ? { timingMarginPct: margin } : {}) }), target); } catch (err) { thrown = err; }
        expect(thrown).toBeInstanceOf(UserError);
        const d = (thrown as UserError).diagnostics[0]!;
        expect(d.code).toBe('schedule_target_unreachable');
        const m = margin ?? 2;
        expect(d.message).toContain(`no schedule meets ${target} MHz + ${m}% timing margin = ${Number((target * (1 + m / 100)).toFixed(2))} MHz`);
        expect(d.message).toContain(`the best reaches ${Number(bestFmax.toFixed(2))} MHz`);
      }
    }
  });
});
