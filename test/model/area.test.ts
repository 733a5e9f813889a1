// Fast checks of the analytic area/levels model: the shipped coefficients load and match the
// forms, every IR block is charged exactly once, the model is monotone in rows, cols and m, reads
// only the IR, and answers in milliseconds for the largest legal descriptions. No synthesis here.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerAreaCommands } from '../../src/cli/commands/area_commands.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import type { EngineConfigInput } from '../../src/config/engine_config.js';
import { findPreset, PRESETS } from '../../src/config/presets.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import type { EngineIR } from '../../src/ir/types.js';
import { AREA_CATEGORIES, estimateArea } from '../../src/model/area.js';
import { loadCoefficients } from '../../src/model/coefficients.js';
import { AREA_MODEL_KEYS, areaForm, LEVELS_MODEL_KEYS } from '../../src/model/forms.js';
import { leastSquares } from '../../src/model/least_squares.js';

function irOf(input: EngineConfigInput): EngineIR {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
  return elaborate(v.config);
}

describe('coefficients', () => {
  it('load, match every form and carry units, source and residuals', () => {
    const c = loadCoefficients();
    expect(c.library).toBe('nmcore_nangate45');
    expect(c.source.command).toContain('bench/fit_area_model.ts');
    expect(Number.isNaN(Date.parse(c.source.date))).toBe(false);
    for (const k of AREA_MODEL_KEYS) {
      expect(c.area[k].coefficients.map((x) => x.feature)).toEqual(areaForm(k).features.map((f) => f.name));
      for (const x of c.area[k].coefficients) expect(x.unit).toMatch(/um\^2/);
      expect(c.area[k].residuals.points).toBeGreaterThanOrEqual(c.area[k].coefficients.length);
      expect(c.area[k].residuals.rmsPct).toBeLessThan(12);
    }
    for (const k of LEVELS_MODEL_KEYS) expect(c.levels[k].coefficients.length).toBeGreaterThan(0);
  });
});

describe('least squares', () => {
  it('recovers an exact linear relation and fits an overdetermined one', () => {
    const rows = [[1, 2], [2, 1], [3, 5], [4, 4]];
    const fit = leastSquares(rows, rows.map(([a, b]) => 3 * a! - 0.5 * b!));
    expect(fit.coefficients[0]).toBeCloseTo(3, 10);
    expect(fit.coefficients[1]).toBeCloseTo(-0.5, 10);
    const line = leastSquares([[1, 0], [1, 1], [1, 2]], [0, 1, 3]);
    expect(line.coefficients[0]).toBeCloseTo(-1 / 6, 10);
    expect(line.coefficients[1]).toBeCloseTo(1.5, 10);
    expect(() => leastSquares([[1, 2], [2, 4]], [1, 2])).toThrow(/dependent/);
  });
});

describe('estimateArea', () => {
  it('charges every IR block exactly once, on both tops of every preset', () => {
    for (const p of PRESETS) {
      const ir = irOf(p.input);
      for (const top of ['engine', 'core'] as const) {
        const est = estimateArea(ir, top);
        expect(est.components.reduce((s, c) => s + c.count, 0)).toBe(ir.tops[top].blocks.length);
        const kinds = new Set(ir.tops[top].blocks.map((b) => b.kind));
        expect(new Set(est.components.map((c) => c.kind))).toEqual(kinds);
        const perKindSum = AREA_CATEGORIES.reduce((s, k) => s + est.perKind[k], 0);
        expect(perKindSum).toBeCloseTo(est.totalUm2, 6);
        expect(est.latencyCycles).toBe(ir.tops[top].latencyCycles);
        expect(est.stageLevels.map((s) => s.stage)).toEqual(ir.tops[top].stages.map((s) => s.name));
        for (const c of est.components) {
          expect(c.areaUm2).toBeGreaterThan(0);
          expect(c.levels).toBeGreaterThanOrEqual(1);
          if (c.parts) expect(c.parts.multipliersUm2 + c.parts.adderTreeUm2 + c.parts.accumulatorRegistersUm2).toBeCloseTo(c.areaUm2, 6);
        }
      }
    }
  });

  it('counts the instances of the IR (e.g. R*C PEs, R*C weight muxes)', () => {
    const ir = irOf(findPreset('nm8of16_r4c4')!.input);
    const est = estimateArea(ir, 'engine');
    expect(est.components.find((c) => c.kind === 'pe')!.count).toBe(16);
    expect(est.components.find((c) => c.name === 'wgt_mux_r*_c*')!.count).toBe(16);
    expect(est.components.find((c) => c.kind === 'compressor')!.count).toBe(4);
  });

  it('is monotone in rows, cols and m', () => {
    const base: EngineConfigInput = { pattern: '8:16', window: 32, rows: 4, cols: 4 };
    const total = (input: EngineConfigInput): number => estimateArea(irOf(input)).totalUm2;
    for (const k of [1, 2, 4, 8, 16]) {
      expect(total({ ...base, rows: k + 1 })).toBeGreaterThan(total({ ...base, rows: k }));
      expect(total({ ...base, cols: k + 1 })).toBeGreaterThan(total({ ...base, cols: k }));
    }
    // Equal lanes (window 32 at 50%): the sparse machinery grows with m.
    let prev = { selector: 0, mux: 0, total: 0 };
    for (const pattern of ['2:4', '4:8', '8:16', '16:32']) {
      const est = estimateArea(irOf({ pattern, window: 32, rows: 4, cols: 4 }));
      const cur = { selector: est.perKind.compressor, mux: est.perKind.act_mux + est.perKind.wgt_mux, total: est.totalUm2 };
      expect(cur.selector).toBeGreaterThan(prev.selector);
      expect(cur.mux).toBeGreaterThan(prev.mux);
      expect(cur.total).toBeGreaterThan(prev.total);
      prev = cur;
    }
  });

  it('reads only the IR, not the config', () => {
    const ir = irOf(findPreset('nm4of8_r4c4')!.input);
    const stripped = { ...ir, config: undefined } as unknown as EngineIR;
    expect(estimateArea(stripped).totalUm2).toBe(estimateArea(ir).totalUm2);
  });

  it('answers in milliseconds for 64 x 64 PEs and m = 64', () => {
    const ir = irOf({ pattern: '32:64', window: 256, rows: 64, cols: 64, actBits: 16, weightBits: 16, accBits: 64 });
    const est = estimateArea(ir, 'engine');
    expect(est.components.find((c) => c.kind === 'pe')!.count).toBe(4096);
    expect(est.totalUm2).toBeGreaterThan(0);
  });

  it('shows the 16:32 selector path as the deepest stage', () => {
    const e2 = estimateArea(irOf(findPreset('nm2of4_w32_r4c4')!.input));
    const e16 = estimateArea(irOf(findPreset('nm16of32_r4c4')!.input));
    const lane = (e: typeof e2): number => e.stageLevels.find((s) => s.stage === 'lane')!.levels;
    expect(lane(e16)).toBeGreaterThan(lane(e2));
    expect(e16.stageLevels.some((s) => s.stage === 'compare')).toBe(true);
  });
});

describe('CLI: area and compare', () => {
  const run = async (args: string[]): Promise<string> => {
    let out = '';
    const program = new Command('nmcore').exitOverride();
    registerAreaCommands(program, { out: (t) => { out += t; }, err: () => {} });
    await program.parseAsync(args, { from: 'user' });
    return out;
  };

  it('prints a per-component table with units in every column', async () => {
    const text = await run(['area', '--preset', 'nm8of16_r4c4']);
    expect(text).toMatch(/count \(instances\)\s+each \(um\^2\)\s+area \(um\^2\)\s+share \(%\)\s+depth \(gate levels\)/);
    expect(text).toContain('pe_r*_c*');
    expect(text).toMatch(/depth \(gate levels\)\s+critical path \(ns\)/);
    expect(text).toMatch(/stage \(index name\)\s+logic \(ns\)\s+broadcast fan-out \(ns\)\s+stall enable \(ns\)\s+registers \(ns\)\s+stage \(ns\)\s+depth \(gate levels\)/);
    expect(text).toMatch(/acc_first \(512 pins\) [\d.]+ beside/);
    expect(text).toMatch(/[\d.]+ \(\d+ flip-flops\)/);
    expect(text).toMatch(/clock period [\d.]+ ns \(stage \w+\), fmax \d+ MHz/);
    const json = JSON.parse(await run(['area', '--preset', 'nm8of16_r4c4', '--top', 'core', '--json'])) as { top: string; totalUm2: number; timing: { fmaxMhz: number; periodNs: number; stages: unknown[] } };
    expect(json.top).toBe('nm_engine_core');
    expect(json.totalUm2).toBeGreaterThan(0);
    expect(json.timing.fmaxMhz).toBeCloseTo(1000 / json.timing.periodNs, 2);
    expect(json.timing.stages).toHaveLength(4);
  });

  it('rejects an unknown top with a diagnostic', async () => {
    await expect(run(['area', '--preset', 'nm2of4_r4c4', '--top', 'chip'])).rejects.toThrow(UserError);
  });

  it('compares the equal-lane patterns side by side', async () => {
    const text = await run(['compare']);
    for (const p of ['2:4 W32', '4:8 W32', '8:16 W32', '16:32 W32', '16:16 W16']) expect(text).toContain(p);
    expect(text).toMatch(/fmax \(MHz\)(\s+\d+){5}/);
    const rows = JSON.parse(await run(['compare', '--basis', 'window', '--json'])) as { windowChannels: number }[];
    expect(rows.map((r) => r.windowChannels)).toEqual([32, 32, 32, 32, 32]);
  });
});
