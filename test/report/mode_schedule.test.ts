// The flexible engines' per-layer mode schedule under an error budget: the choice against a
// literal search over random options (ties included), the schedule of a constructed case against
// per-mode costs computed here from the replay, a budget no mode meets, and `nmcore report
// --error-budget` end to end (fixed engines' numbers equal the report's cost table, every scheduled
// mode is the cheapest within the budget, bad budgets are one-line errors).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { layerEnergy } from '../../sim/replay/layer_energy.js';
import { replayLayer } from '../../sim/replay/layer_report.js';
import type { EngineIR } from '../../src/ir/types.js';
import { chooseMode, type ModeOption } from '../../src/report/tradeoff/mode_choice.js';
import { modeSchedule } from '../../src/report/tradeoff/mode_schedule.js';
import { readTraces, reportLayers } from '../../src/report/tradeoff/inputs.js';
import { Prng } from '../../src/util/prng.js';
import { configIR, suiteSeed } from '../helpers/engines.js';
import { tempDir } from '../helpers/temp.js';
import { cli, TRACES } from './fixture.js';

const seed = suiteSeed('mode_schedule');

/** The cost tuple of the documented definition, compared element by element. */
const tuple = (o: ModeOption): number[] => [o.energyPj, o.cyclesAtBandwidth, o.readBytes, o.relError];
function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** Literal: every option within the budget that no other within-budget option beats; the first such. */
function literalChoice(options: readonly ModeOption[], budget: number): { index: number; meets: boolean } {
  const within = options.map((o, i) => ({ o, i })).filter(({ o }) => o.relError <= budget);
  if (within.length > 0) {
    const best = within.filter(({ o }) => !within.some(({ o: p }) => lexLess(tuple(p), tuple(o))));
    return { index: best[0]!.i, meets: true };
  }
  const minErr = Math.min(...options.map((o) => o.relError));
  const least = options.map((o, i) => ({ o, i })).filter(({ o }) => o.relError === minErr);
  const best = least.filter(({ o }) => !least.some(({ o: p }) => lexLess(tuple(p), tuple(o))));
  return { index: best[0]!.i, meets: false };
}

/** Per-mode cost of one layer, straight from the replay and the energy model. */
function modeCost(ir: EngineIR, mode: number, layer: Parameters<typeof replayLayer>[1], outChannels: number, bw: number): { energyPj: number; cycles: number; bwCycles: number; bytes: number } {
  const free = replayLayer(ir, layer, { mode, top: 'engine', outChannels });
  const at = replayLayer(ir, layer, { mode, top: 'engine', outChannels, memory: { bandwidthBytesPerCycle: bw } });
  return { energyPj: layerEnergy(ir, 'engine', free).energy.totalPj, cycles: free.totalCycles, bwCycles: at.totalCycles, bytes: free.bytes.activationBytes + free.bytes.metadataBytes + free.bytes.weightBytes };
}

describe('chooseMode', () => {
  it('is the cheapest option within the budget, or the least-error one marked over budget (random options, many ties)', () => {
    const rng = new Prng(seed);
    let over = 0, within = 0;
    for (let trial = 0; trial < 2000; trial++) {
      const options: ModeOption[] = Array.from({ length: rng.int(1, 5) }, (_, i) => ({
        pattern: `${i}`, relError: rng.int(0, 6) / 20, energyPj: rng.int(1, 4) * 100, computeBoundCycles: 10,
        cyclesAtBandwidth: rng.int(1, 3), readBytes: rng.int(1, 3) * 8,
      }));
      const budget = rng.int(0, 6) / 20 + (rng.bool(0.5) ? 0.001 : 0);
      const got = chooseMode(options, budget);
      const want = literalChoice(options, budget);
      expect(got.meetsBudget, `trial ${trial}`).toBe(want.meets);
      expect(options.indexOf(got.option), `trial ${trial}: ${JSON.stringify(options)} budget ${budget}`).toBe(want.index);
      if (got.meetsBudget) within++; else over++;
    }
    expect(within).toBeGreaterThan(100);
    expect(over).toBeGreaterThan(100);
  });

  it('a cheaper mode over the budget is not chosen', () => {
    const o = (pattern: string, relError: number, energyPj: number): ModeOption => ({ pattern, relError, energyPj, computeBoundCycles: 1, cyclesAtBandwidth: 1, readBytes: 1 });
    const c = chooseMode([o('2:4', 0.3, 100), o('8:16', 0.2, 200), o('16:32', 0.1, 300)], 0.25);
    expect(c).toEqual({ option: o('8:16', 0.2, 200), meetsBudget: true });
    expect(chooseMode([o('2:4', 0.3, 100), o('16:32', 0.28, 300)], 0.25)).toEqual({ option: o('16:32', 0.28, 300), meetsBudget: false });
  });
});

describe('modeSchedule on a constructed case', () => {
  const read = readTraces([TRACES[0]!], (p) => p);
  const layers = reportLayers(read.traces);
  const costLayers = layers.map((l) => ({ layer: l.layer, outChannels: l.outChannels }));
  // Errors made up per layer and pattern: 2:4 worst, 16:32 best, different per layer.
  const errors: Record<string, number>[] = layers.map((_, i) => ({ '2:4': 0.3 + i / 100, '4:8': 0.2, '8:16': 0.12 - i / 100, '16:32': 0.05 }));
  const accuracy = layers.map((l, i) => ({ id: l.id, errorAt: (p: string) => errors[i]![p]! }));
  const fixed = [{ label: '8:16', role: 'sparse' as const, pattern: '8:16' as const, ir: configIR({ pattern: '8:16', window: 32, rows: 2, cols: 2 }) }];
  const o = { rows: 2, cols: 2, actBits: 8, weightBits: 8, bandwidthBytesPerCycle: 16 };

  it('each flexible engine runs every layer in the cheapest mode within the budget (costs from the replay here)', () => {
    const budget = 0.15;
    const s = modeSchedule(fixed, ['2:4', '4:8', '8:16', '16:32'], costLayers, accuracy, { ...o, errorBudget: budget });
    const flex = s.engines.filter((e) => e.kind === 'flexible');
    expect(flex.map((e) => e.label)).toEqual(['flexible {2:4,4:8,8:16,16:32} rank', 'flexible {2:4,4:8,8:16,16:32} bitonic', 'flexible {2:4,8:16} rank', 'flexible {2:4,8:16} bitonic']);
    for (const e of flex) {
      const ir = configIR({ modes: e.modes, org: e.org, window: 32, rows: 2, cols: 2 });
      layers.forEach((l, i) => {
        const costs = e.modes.map((p, m) => ({ p, err: errors[i]![p]!, ...modeCost(ir, m, l.layer, l.outChannels, o.bandwidthBytesPerCycle) }));
        const ok = costs.filter((c) => c.err <= budget);
        expect(ok.length).toBeGreaterThan(0);
        const best = ok.filter((c) => !ok.some((d) => lexLess([d.energyPj, d.bwCycles, d.bytes, d.err], [c.energyPj, c.bwCycles, c.bytes, c.err])))[0]!;
        const got = e.layers[i]!;
        expect(got.pattern, `${e.label} ${l.id}`).toBe(best.p);
        expect(got.meetsBudget).toBe(true);
        expect(got.energyPj).toBeCloseTo(best.energyPj, 6);
        expect(got.cyclesAtBandwidth).toBe(best.bwCycles);
      });
      expect(e.layersOverBudget).toBe(0);
      expect(e.energyPj).toBeCloseTo(e.layers.reduce((t, x) => t + x.energyPj, 0), 3);
    }
    const f816 = s.engines.find((e) => e.label === '8:16')!;
    expect(f816.layers.every((x) => x.pattern === '8:16')).toBe(true);
    expect(f816.layersOverBudget).toBe(0);
  });

  it('a budget no mode meets is reported as such: the least-error mode, counted over budget', () => {
    const s = modeSchedule(fixed, ['2:4', '4:8', '8:16', '16:32'], costLayers, accuracy, { ...o, errorBudget: 0.01 });
    for (const e of s.engines) {
      expect(e.layersOverBudget, e.label).toBe(layers.length);
      for (const [i, x] of e.layers.entries()) {
        expect(x.meetsBudget).toBe(false);
        expect(x.relError).toBe(Math.min(...e.modes.map((p) => errors[i]![p]!)));
      }
    }
    // Only the four-mode engines hold 16:32.
    expect(s.engines.filter((e) => e.modes.includes('16:32')).every((e) => e.layers.every((x) => x.pattern === '16:32'))).toBe(true);
  });

  it('a mode set not wholly in the patterns is left out', () => {
    const s = modeSchedule(fixed, ['2:4', '8:16'], costLayers, accuracy, { ...o, errorBudget: 0.15 });
    expect(s.engines.map((e) => e.label)).toEqual(['8:16', 'flexible {2:4,8:16} rank', 'flexible {2:4,8:16} bitonic']);
  });
});

describe('nmcore report --error-budget', () => {
  it('writes the schedule: fixed engines match the cost table, each flexible layer within budget where any mode is', async () => {
    const out = join(tempDir(), 'rep');
    const run = await cli('report', '--trace', ...TRACES, '--criteria', 'magnitude', '--mitigations', 'none', '--rows', '2', '--cols', '2', '--sizes', '2x2', '--error-budget', '5', '--out', out, '--json');
    expect(run.code, run.err).toBe(0);
    const printed = JSON.parse(run.out) as { modeSchedule: { errorBudgetPct: number; engines: { label: string }[] } };
    expect(printed.modeSchedule.errorBudgetPct).toBe(5);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const r = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as any;
    const s = r.modeSchedule;
    expect(s.errorBudget).toBe(0.05);
    expect(printed.modeSchedule.engines.map((e) => e.label)).toEqual(s.engines.map((e: { label: string }) => e.label));
    for (const e of s.engines.filter((x: { kind: string }) => x.kind === 'fixed')) {
      const perLayer = r.cost.perLayer[e.label];
      e.layers.forEach((x: { energyPj: number; computeBoundCycles: number; cyclesAtBandwidth: number }, i: number) => {
        expect(x.energyPj).toBeCloseTo(perLayer[i].energyPj, 6);
        expect(x.computeBoundCycles).toBe(perLayer[i].computeBoundCycles);
        expect(x.cyclesAtBandwidth).toBe(perLayer[i].cyclesAtBandwidth);
      });
    }
    expect(s.engines.filter((x: { kind: string }) => x.kind === 'flexible')).toHaveLength(4);
    for (const e of s.engines) {
      e.layers.forEach((x: { pattern: string; relError: number; meetsBudget: boolean }, i: number) => {
        const errs = e.modes.map((p: string) => r.layers[i].results.find((y: { pattern: string; criterion: string; mitigation: string }) => y.pattern === p && y.criterion === 'magnitude' && y.mitigation === 'none').engineRelOutputError as number);
        const mine = errs[e.modes.indexOf(x.pattern)];
        expect(x.relError).toBe(mine);
        expect(x.meetsBudget).toBe(errs.some((v: number) => v <= 0.05));
        if (x.meetsBudget) expect(x.relError).toBeLessThanOrEqual(0.05);
        else expect(x.relError).toBe(Math.min(...errs));
      });
    }
    const md = readFileSync(join(out, 'report.md'), 'utf8'), html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(md).toContain('## Flexible engines: the cheapest mode per layer under an error budget');
    expect(html).toContain('<section id="mode_schedule">');
    for (const e of s.engines) expect(md).toContain(`| ${e.label} |`);
    // The made-up 5% budget is missed by some layer of these traces (two_layers.npz attn_q: 2:4 about 7%).
    expect(md).toContain('over budget: no mode meets it');
  }, 120_000);

  it('a budget that is not a positive number is a one-line error, exit 1', async () => {
    for (const bad of ['abc', '0', '-3']) {
      const run = await cli('report', '--trace', TRACES[0]!, '--error-budget', bad, '--out', join(tempDir(), 'rep'));
      expect(run.code).toBe(1);
      expect(run.err.trim().split('\n')).toHaveLength(1);
      expect(run.err).toContain('--error-budget');
    }
  });
});
