// The chooser's `scheduleObjective` (src/model/schedule_chooser.ts) against literal picks over the
// same timed candidates (scheduleCandidates), each sized here by elaborating it at full size and
// summing both tops' modelled area: `latency` (and no field at all) = fewest nm_engine L, then
// nm_engine_core L, then least area; `area` = least area, ties (1e-6 relative) by fewer cycles, then
// candidate order. Random small descriptions, margins and targets (printed seed); and the 8:16
// window 32, 16 x 16 PEs, 500 MHz case where the area pick's nm_engine is smaller than the latency pick's.

import { describe, expect, it } from 'vitest';
import type { EngineConfig } from '../../src/config/engine_config.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { estimateArea } from '../../src/model/area.js';
import { chooseSchedule, leastAreaSchedule, scheduleCandidates, type ScheduleCandidate } from '../../src/model/schedule_chooser.js';
import { Prng } from '../../src/util/prng.js';

const SEED = Number(process.env.NMCORE_TEST_SEED ?? 20261202);

function configOf(input: Record<string, unknown>): EngineConfig {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
  return v.config;
}

interface Sized { readonly c: ScheduleCandidate; readonly le: number; readonly lc: number; readonly engineUm2: number; readonly areaUm2: number }

/** The candidates accepted at `targetMhz` + `marginPct`, written out: both tops' fmax at the target plus the margin, and (margin > 0) the guarded fmax at the target. */
function acceptedLiterally(cands: readonly ScheduleCandidate[], targetMhz: number, marginPct: number): ScheduleCandidate[] {
  return cands.filter((c) => c.engineFmaxMhz >= targetMhz * (1 + marginPct / 100) && c.coreFmaxMhz >= targetMhz * (1 + marginPct / 100) && (marginPct === 0 || c.guardedFmaxMhz >= targetMhz));
}

function sizeLiterally(config: EngineConfig, c: ScheduleCandidate): Sized {
  const ir = elaborate({ ...config, schedule: c.options });
  const engineUm2 = estimateArea(ir, 'engine').totalUm2;
  return { c, le: ir.tops.engine.latencyCycles, lc: ir.tops.core.latencyCycles, engineUm2, areaUm2: engineUm2 + estimateArea(ir, 'core').totalUm2 };
}

function literalLatencyPick(sized: readonly Sized[]): Sized {
  let best = sized[0]!;
  for (const s of sized) if (s.le < best.le || (s.le === best.le && (s.lc < best.lc || (s.lc === best.lc && s.areaUm2 < best.areaUm2)))) best = s;
  return best;
}

function literalAreaPick(sized: readonly Sized[]): Sized {
  let least = Infinity;
  for (const s of sized) least = Math.min(least, s.areaUm2);
  let best: Sized | undefined;
  for (const s of sized) {
    if (s.areaUm2 > least * (1 + 1e-6)) continue;
    if (best === undefined || s.le < best.le || (s.le === best.le && s.lc < best.lc)) best = s;
  }
  return best!;
}

const PATTERNS = ['2:4', '4:8', '8:16', '16:32', '8:8', '4:4', '1:2'] as const;

describe(`schedule objective (seed ${SEED})`, () => {
  it('latency (given or not) and area pick what the literal searches pick over the same candidates, on 20 random descriptions', () => {
    const rng = new Prng(SEED);
    let differ = 0;
    for (let k = 0; k < 20; k++) {
      const pattern = PATTERNS[rng.int(0, PATTERNS.length - 1)]!;
      const m = Number(pattern.split(':')[1]);
      const window = m * rng.int(1, Math.max(1, Math.floor(32 / m)));
      const margin = rng.int(0, 1) === 0 ? 0 : 2;
      const input = { pattern, window, rows: rng.int(1, 4), cols: rng.int(1, 4), timingMarginPct: margin };
      const config = configOf(input);
      const cands = scheduleCandidates(config);
      const reach = Math.max(...cands.map((c) => Math.min(Math.min(c.engineFmaxMhz, c.coreFmaxMhz) / (1 + margin / 100), margin === 0 ? Infinity : c.guardedFmaxMhz)));
      const target = rng.int(200, Math.max(200, Math.floor(reach)));
      const label = `${JSON.stringify(input)} at ${target} MHz`;
      const sized = acceptedLiterally(cands, target, margin).map((c) => sizeLiterally(config, c));
      expect(sized.length, label).toBeGreaterThan(0);
      const wantLatency = literalLatencyPick(sized), wantArea = literalAreaPick(sized);
      for (const [how, cfg] of [['no field', config], ['latency', { ...config, scheduleObjective: 'latency' as const }]] as const) {
        const got = chooseSchedule(cfg, target, undefined, cands);
        expect(got.objective, `${label}, ${how}`).toBe('latency');
        expect(got.chosen.latencyCycles, `${label}, ${how}`).toEqual({ engine: wantLatency.le, core: wantLatency.lc });
        expect(got.chosen.areaUm2, `${label}, ${how}`).toBeCloseTo(wantLatency.areaUm2, 6);
      }
      const got = chooseSchedule({ ...config, scheduleObjective: 'area' }, target, undefined, cands);
      expect(got.objective, label).toBe('area');
      expect(got.chosen.areaUm2, `${label}, area`).toBeCloseTo(wantArea.areaUm2, 6);
      expect(got.chosen.latencyCycles, `${label}, area`).toEqual({ engine: wantArea.le, core: wantArea.lc });
      expect(got.chosen.schedule, `${label}, area`).toEqual(elaborate({ ...config, schedule: wantArea.c.options }).schedule);
      expect(got.chosen.areaUm2, label).toBeLessThanOrEqual(wantLatency.areaUm2 * (1 + 1e-6));
      if (wantArea.areaUm2 < wantLatency.areaUm2 * (1 - 1e-6)) differ++;
    }
    // The two objectives must disagree somewhere, or this test could not tell them apart.
    expect(differ).toBeGreaterThan(0);
  });

  it('area ties: within 1e-6 relative the fewer cycles (engine, then core) win, then the first; beyond it the smaller area', () => {
    const c = (name: string, areaUm2: number, engine: number, core: number) => ({ name, areaUm2, latencyCycles: { engine, core } });
    expect(leastAreaSchedule([c('a', 100, 5, 4), c('b', 100 * (1 + 5e-7), 4, 4), c('c', 100 * (1 + 3e-6), 3, 3)]).name).toBe('b');
    expect(leastAreaSchedule([c('a', 100 * (1 + 5e-7), 4, 4), c('b', 100, 4, 3), c('c', 100, 4, 3)]).name).toBe('b');
    expect(leastAreaSchedule([c('a', 100, 4, 4), c('b', 100, 4, 4)]).name).toBe('a');
    expect(leastAreaSchedule([c('a', 100 * (1 + 2e-6), 3, 3), c('b', 100, 6, 6)]).name).toBe('b');
  });

  it('8:16, window 32, 16 x 16 PEs at 500 MHz: the area pick has a smaller nm_engine (and both tops) than the fewest-cycle pick', () => {
    const config = configOf({ pattern: '8:16', window: 32, rows: 16, cols: 16 });
    const cands = scheduleCandidates(config);
    const byLatency = chooseSchedule(config, 500, undefined, cands).chosen, byArea = chooseSchedule({ ...config, scheduleObjective: 'area' }, 500, undefined, cands).chosen;
    const engineUm2 = (s: typeof byArea): number => estimateArea(elaborate({ ...config, schedule: s.schedule }), 'engine').totalUm2;
    expect(engineUm2(byArea)).toBeLessThan(engineUm2(byLatency));
    expect(byArea.areaUm2).toBeLessThan(byLatency.areaUm2);
    // Fewest cycles is no longer first: the area pick takes more cycles here.
    expect(byArea.latencyCycles.engine * 100 + byArea.latencyCycles.core).toBeGreaterThan(byLatency.latencyCycles.engine * 100 + byLatency.latencyCycles.core);
    expect(Math.min(byArea.engineFmaxMhz, byArea.coreFmaxMhz)).toBeGreaterThanOrEqual(500 * 1.02);
  });
});
