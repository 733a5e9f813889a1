// Cosimulation, cycle for cycle and value for value: the TypeScript model against the generated RTL
// on every preset (all at most 4x4 PEs) on Verilator or Icarus, and on a seeded spread
// of random descriptions (rows, cols <= 3, window <= 16) on Icarus (no build step), each top under a
// stimulus that chains free-running, input stalls, random stalls and random resets. Skips loudly
// with the install command when a simulator is missing.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { EQUAL_LANE_ENGINES } from '../../src/cli/commands/area_commands.js';
import type { EngineIR } from '../../src/ir/types.js';
import { Prng } from '../../src/util/prng.js';
import { compareRuns } from '../../sim/backends/cosim.js';
import { formatDivergence } from '../../src/report/cosim_text.js';
import { simulateStream } from '../../sim/cycle/engine.js';
import type { CycleRecord } from '../../sim/scenario/stimulus.js';
import { icarusStatus, verilatorStatus } from '../../sim/rtl/tools.js';
import { expectAgreement, mixedStimulus, type RtlSimulator } from '../helpers/cosim.js';
import { configIR as elaborateInput, describeInput, randomDescription } from '../helpers/engines.js';

const SEED = Number(process.env.NMCORE_TEST_SEED ?? 20240611);
const RANDOM_ICARUS = 52;
const verilator = verilatorStatus();
const icarus = icarusStatus();
if (!verilator.available) console.warn(`SKIPPING Verilator cosim: verilator not found; install it: ${verilator.install}`);
if (!icarus.available) console.warn(`SKIPPING Icarus cosim: iverilog not found; install it: ${icarus.install}`);

/**
 * Flexible presets whose largest group is m >= 32 (2 x 2 PEs) build for minutes on Verilator: they
 * cosimulate only with NMCORE_COSIM_LARGE=1 (test/flex/ proves them on the TS model against the
 * contract; the m = 16 flexible presets run here, m = 32 engines at 1 x 1 on Icarus below).
 */
const slowFlexible = (ir: EngineIR): boolean => ir.modes.length > 1 && ir.modes[ir.hardwareMode]!.m >= 32;
const smallPresets = PRESETS.filter((p) => {
  const ir = elaborateInput(p.input);
  return ir.rows <= 4 && ir.cols <= 4 && (process.env.NMCORE_COSIM_LARGE === '1' || !slowFlexible(ir));
});
/**
 * Verilator builds of 4x4 engines with m >= 16 take 1-3 minutes each from a cold cache (their
 * compressors); those presets run on Icarus unless NMCORE_COSIM_VERILATOR=all. Everything else
 * (and they too, once built) comes from the hash-keyed build cache in seconds.
 */
const ALL_ON_VERILATOR = process.env.NMCORE_COSIM_VERILATOR === 'all';
const slowToBuild = (ir: EngineIR): boolean => ir.tops.engine.stages.some((s) => s.name === 'compare') && ir.rows * ir.cols > 6;
const presetSimulator = (ir: EngineIR): RtlSimulator => (ALL_ON_VERILATOR || !slowToBuild(ir) ? 'verilator' : 'icarus');

describe('cosim TS vs RTL on every preset (Verilator; Icarus where a cold Verilator build takes minutes)', () => {
  it('covers every preset but the slow flexible ones', () => expect(smallPresets).toEqual(PRESETS.filter((p) => process.env.NMCORE_COSIM_LARGE === '1' || !slowFlexible(elaborateInput(p.input)))));
  it.each(smallPresets.map((p, i) => [`${p.name} on ${presetSimulator(elaborateInput(p.input))}`, p, i] as const))('%s', (_name, p, i) => {
    const ir = elaborateInput(p.input);
    const simulator = presetSimulator(ir);
    const tool = simulator === 'verilator' ? verilator : icarus;
    if (!tool.available) {
      console.warn(`SKIPPING ${p.name}: ${simulator} not found; install it: ${tool.install}`);
      return;
    }
    expectAgreement(ir, simulator, (SEED + i * 31) >>> 0, 40, 120);
  }, 600_000);
});

/** Opt-in (NMCORE_COSIM_LARGE=1): 16x16 engines of every pattern and a 32x32 one on Verilator, short stimulus; builds take many minutes. */
const LARGE_ENGINES = [...EQUAL_LANE_ENGINES.map((e) => ({ name: e.label, input: e.input })), { name: 'nm16of32_r32c32', input: { pattern: '16:32', rows: 32, cols: 32 } }];
describe.skipIf(process.env.NMCORE_COSIM_LARGE !== '1' || !verilator.available)('cosim TS vs Verilator on large engines (opt-in)', () => {
  it.each(LARGE_ENGINES.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    expectAgreement(elaborateInput(p.input), 'verilator', SEED, 6, 25);
  }, 3_600_000);
});

/**
 * The m* = 32 flexible engines (2:4, 4:8, 8:16, 16:32 at W = 32) in both organizations at 1 x 2 and
 * 2 x 1 PEs on Verilator, a random mode per dot product and junk cfg_mode elsewhere, cycle by cycle
 * against the TS model; the 1 x 1 ones cosimulate on Verilator in test/flex/flex_contract.test.ts (on
 * the models its contract run builds), again here with NMCORE_COSIM_LARGE=1. A cold build is
 * 10-15 s each (one translation unit, sim/rtl/verilator/build.ts), so they run by default.
 */
const FLEX32_SMALL = (['rank', 'bitonic'] as const).flatMap((org) => [[1, 1], [1, 2], [2, 1]].map(([rows, cols]) => ({
  name: `flex {2:4,4:8,8:16,16:32} ${org} ${rows}x${cols}`, input: { modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows, cols, org },
})));
const FLEX32_VERILATOR = FLEX32_SMALL.filter((p) => process.env.NMCORE_COSIM_LARGE === '1' || !p.name.endsWith('1x1'));
describe.skipIf(!verilator.available)('cosim TS vs Verilator on m* = 32 flexible engines, small arrays (random mode switches)', () => {
  it.each(FLEX32_VERILATOR.map((p) => [p.name, p, FLEX32_SMALL.indexOf(p)] as const))('%s', (_name, p, i) => {
    expectAgreement(elaborateInput(p.input), 'verilator', (SEED + i * 17) >>> 0, 24, 60);
  }, 1_800_000);
});

/**
 * The same m* = 32 flexible engines (both organizations, 1 x 1, 1 x 2, 2 x 1) on Icarus (no build
 * step; 2-6 s each), both tops, a random mode per dot product and junk cfg_mode elsewhere, cycle by
 * cycle against the TS model.
 */
const FLEX32_ICARUS = FLEX32_SMALL;
describe.skipIf(!icarus.available)('cosim TS vs Icarus on m* = 32 flexible engines, small arrays (random mode switches)', () => {
  it.each(FLEX32_ICARUS.map((p, i) => [p.name, p, i] as const))('%s', (_name, p, i) => {
    expectAgreement(elaborateInput(p.input), 'icarus', (SEED + i * 13) >>> 0, 16, 50);
  }, 300_000);
});

describe.skipIf(!verilator.available)(`cosim TS vs Verilator on a random description (seed ${SEED})`, () => {
  const d = randomDescription(new Prng(SEED ^ 0xabcdef), { maxM: 4, maxWindow: 8, maxRows: 3, maxCols: 3 });
  it(describeInput(d), () => expectAgreement(elaborateInput(d), 'verilator', SEED, 30, 80), 600_000);
});

describe.skipIf(!icarus.available)(`cosim TS vs Icarus on ${RANDOM_ICARUS} random descriptions (seed ${SEED}; set NMCORE_TEST_SEED to vary)`, () => {
  const rng = new Prng(SEED + 1);
  const cases = Array.from({ length: RANDOM_ICARUS }, (_, i) => [i, randomDescription(rng, { maxM: 16, maxWindow: 16, maxRows: 3, maxCols: 3 })] as const);
  it.each(cases.map(([i, d]) => [`#${i} ${describeInput(d)}`, i, d] as const))('%s', (_name, i, d) => {
    expectAgreement(elaborateInput(d), 'icarus', (SEED + i * 7) >>> 0, 14, 45);
  }, 120_000);
});

describe('divergence reports', () => {
  const ir = elaborateInput({ pattern: '2:4', rows: 2, cols: 2 });
  const top = ir.tops.engine;
  const stimulus = mixedStimulus(ir, top, 3, 10, 40);
  const ts = simulateStream(ir, top, stimulus);

  it('finds the first differing cycle and names the signals, with a window of both traces', () => {
    const at = ts.findIndex((r, k) => k > 20 && r.outValid);
    const rtl: CycleRecord[] = ts.map((r) => (r.cycle === at ? { ...r, outHex: r.outHex!.replace(/^./, (c) => (c === '0' ? '1' : '0')) } : r));
    rtl[at + 2] = { ...rtl[at + 2]!, actReady: !rtl[at + 2]!.actReady };
    const r = compareRuns(ir, top, stimulus, ts, rtl, 'verilator', { windowCycles: 3 });
    expect(r.agree).toBe(false);
    expect(r.divergence!.cycle).toBe(at);
    expect(r.divergence!.signals).toEqual(['m_out_data']);
    expect(r.divergence!.tsTrace).toHaveLength(7);
    expect(r.divergence!.tsTrace[3]).toMatch(new RegExp(`^> +${at} .*\\| valid [01]+ last [01]+ af [01] en [01] load [01]+$`));
    expect(r.divergence!.rtlTrace[3]).toMatch(new RegExp(`^> +${at} `));
    const text = formatDivergence(r);
    expect(text).toContain(`nm_engine: first divergence at cycle ${at} on m_out_data`);
    expect(text).toContain('RTL (verilator):');
  });

  it('reports a missing record and X after reset, and tolerates X before the first reset edge', () => {
    expect(compareRuns(ir, top, stimulus, ts, ts.slice(0, 50), 'icarus').divergence!.signals).toEqual(['record missing on the RTL side']);
    const early = ts.map((r) => (r.cycle === 0 ? { ...r, outValid: false, unknownSignals: ['m_out_valid'] } : r));
    expect(compareRuns(ir, top, stimulus, ts, early, 'icarus').agree).toBe(true);
    const late = ts.map((r) => (r.cycle === 30 ? { ...r, unknownSignals: ['s_act_ready'] } : r));
    expect(compareRuns(ir, top, stimulus, ts, late, 'icarus').divergence).toMatchObject({ cycle: 30, signals: ['X/Z on the RTL side: s_act_ready'] });
  });
});
