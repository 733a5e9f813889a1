// The generated cycle model (sim/cycle/jsgen/) against the interpreted reference (sim/cycle/engine.ts)
// and the contract's reference arithmetic (sim/scenario/contract_checker.ts): identical records,
// cycle for cycle, on seeded random descriptions (fixed and flexible, several patterns and sizes,
// both tops, random schedule options: compressor and select cuts, split PEs, the ready cut) under free running, random
// stalls and random resets; one compiled model reused across runs starts each from power-up. Blocks
// it does not specialize run the reference step functions, or are refused at compile time. The
// contract scenarios run on it in test/scenario/all_backends.test.ts.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/util/prng.js';
import { simulateStream } from '../../sim/cycle/engine.js';
import { GeneratedModel, simulateGenerated } from '../../sim/cycle/jsgen/model.js';
import { compareRecords } from '../../sim/scenario/compare_records.js';
import type { CycleRecord } from '../../sim/scenario/stimulus.js';
import { checkRun } from '../../sim/scenario/contract_checker.js';
import { buildStimulus, randomDotProducts, randomPolicy, cyclesFor, type PolicyOptions } from '../../sim/scenario/workload.js';
import { validateConfig } from '../../src/config/validate.js';
import type { Block, EngineIR } from '../../src/ir/types.js';
import { configIR, describeInput, randomDescriptions, suiteSeed } from '../helpers/engines.js';

const SEED = suiteSeed('generated cycle model');
const POLICIES: readonly (readonly [string, PolicyOptions])[] = [
  ['free-running', { pValid: 1, pOutReady: 1, pReset: 0 }],
  ['random stalls', { pValid: 0.7, pOutReady: 0.6, pReset: 0 }],
  ['random resets', { pValid: 0.85, pOutReady: 0.8, pReset: 0.02 }],
];
const FLEXIBLE: readonly Record<string, unknown>[] = [
  { modes: ['2:4', '8:16'], window: 16, rows: 2, cols: 3 },
  { modes: ['2:4', '8:16'], window: 16, rows: 3, cols: 2, org: 'bitonic', meta: 'bitmask' },
  { modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows: 2, cols: 2 },
  { modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows: 2, cols: 2, org: 'bitonic' },
];

/**
 * `input` with a random `schedule` (each option absent, i.e. its default, or drawn): fixed sparse
 * engines every option, dense ones psumCut, inputCut and readyCut, flexible ones only psumCut and readyCut. A psumCut the lane count cannot take
 * (docs/schedule.md) is dropped.
 */
function withRandomSchedule(rng: Prng, input: Record<string, unknown>): Record<string, unknown> {
  const flexible = input.modes !== undefined;
  const [n, m] = flexible ? [0, 1] : String(input.pattern).split(':').map(Number) as [number, number];
  const sparse = flexible || n < m;
  const schedule: Record<string, unknown> = {};
  if (!flexible && sparse) {
    if (rng.bool(0.75)) schedule.compressorCut = rng.pick(['none', 'compare', 'keep', 'both']);
    if (rng.bool(0.6)) schedule.selectCut = rng.bool(0.5);
    if (rng.bool(0.5)) schedule.laneCut = rng.bool(0.5);
    if (schedule.laneCut !== false && rng.bool(0.4)) schedule.weightMuxCut = true;
  }
  if (!flexible && rng.bool(0.5)) schedule.inputCut = rng.bool(0.5);
  if (rng.bool(0.75)) schedule.psumCut = rng.pick(['none', 'products', 'halves', 'carrySave']);
  if (rng.bool(0.5)) schedule.readyCut = true;
  const out = { ...input, schedule };
  if (validateConfig(out).config !== undefined) return out;
  delete schedule.psumCut;
  return out;
}

function agreeOn(input: Record<string, unknown>, seed: number): void {
  const ir = configIR(input);
  for (const top of [ir.tops.engine, ir.tops.core]) {
    const model = new GeneratedModel(ir, top);
    for (const [name, policy] of POLICIES) {
      const rng = new Prng(seed);
      const slices = randomDotProducts(ir, rng, 30, 5);
      const cycles = cyclesFor(slices.length, policy, top.latencyCycles);
      const stimulus = buildStimulus(ir, top, slices, randomPolicy(rng, cycles, policy, ir.modeSelectBits));
      const reference = simulateStream(ir, top, stimulus);
      const generated = simulateGenerated(ir, top, stimulus, {}, model);
      expect(compareRecords(reference, generated), `${top.module} ${name}`).toEqual({ agree: true, cyclesCompared: stimulus.policy.length });
      expect(generated).toEqual(reference);
      const check = checkRun(ir, top, slices, generated);
      expect(check.errors, `${top.module} ${name}`).toEqual([]);
      expect(check.delivered + check.droppedByReset, `${top.module} ${name}: results came out`).toBeGreaterThan(0);
    }
  }
}

describe(`the generated cycle model equals the interpreted one and the contract (seed ${SEED})`, () => {
  const scheduleRng = new Prng(SEED + 7);
  const descriptions = randomDescriptions(SEED, 8, { maxM: 32, maxRows: 3, maxCols: 3, maxWindow: 64 }).map((d) => withRandomSchedule(scheduleRng, d));
  descriptions.forEach((input, i) => {
    it(`random fixed engine ${i}: ${describeInput(input)} schedule ${JSON.stringify(input.schedule)}`, () => agreeOn(input, SEED + i));
  });
  FLEXIBLE.map((d) => withRandomSchedule(scheduleRng, d)).forEach((input, i) => {
    it(`flexible engine ${JSON.stringify(input)}`, () => agreeOn(input, SEED + 100 + i));
  });
  // Every option value at least once, whatever the seed draws (each top gets its own stages).
  const EVERY_OPTION: readonly Record<string, unknown>[] = [
    { pattern: '2:4', window: 8, rows: 2, cols: 2, schedule: { compressorCut: 'both', selectCut: true, psumCut: 'products' } },
    { pattern: '3:8', window: 16, rows: 1, cols: 3, accBits: 60, meta: 'bitmask', schedule: { compressorCut: 'keep', psumCut: 'halves' } },
    { pattern: '8:16', window: 32, rows: 2, cols: 1, schedule: { compressorCut: 'none', selectCut: true, psumCut: 'halves' } },
    { pattern: '4:4', window: 8, rows: 1, cols: 2, schedule: { psumCut: 'products' } },
    { modes: ['2:4', '8:16'], window: 16, rows: 2, cols: 2, org: 'bitonic', schedule: { psumCut: 'halves' } },
  ];
  EVERY_OPTION.forEach((input, i) => {
    it(`schedule ${JSON.stringify(input.schedule)} on ${String(input.pattern ?? input.modes)}`, () => {
      agreeOn(input, SEED + 200 + i);
      // The split PEs are specialized: part registers in the source, no reference PE step.
      const ir = configIR(input);
      const src = new GeneratedModel(ir, ir.tops.engine).gen.source;
      expect(src).toContain('PT[p + 1]');
    });
  });

  // The pipelined rank compressor's beaten-by masks by magnitude buckets (few magnitude values, large m).
  const BUCKETED: readonly Record<string, unknown>[] = [
    { pattern: '16:32', window: 32, rows: 2, cols: 2 },
    { pattern: '5:16', window: 32, rows: 2, cols: 1, actBits: 4 },
  ];
  BUCKETED.forEach((input, i) => {
    it(`bucketed beaten-by masks on ${String(input.pattern)} A${String(input.actBits ?? 8)}`, () => {
      const ir = configIR(input);
      expect(new GeneratedModel(ir, ir.tops.engine).gen.source).toContain('tb_hb');
      agreeOn(input, SEED + 300 + i);
    });
  });

  /** A copy of `ir` with `edit` applied to every block of the engine top it selects. */
  function editBlocks(ir: EngineIR, pick: (b: Block) => boolean, edit: (b: Record<string, unknown>) => void): EngineIR {
    const copy = structuredClone(ir);
    for (const b of copy.tops.engine.blocks) if (pick(b)) edit(b as unknown as Record<string, unknown>);
    return copy;
  }

  it('blocks with parameters it does not specialize run the reference step functions: same records', () => {
    const base = configIR({ pattern: '8:16', window: 16, rows: 2, cols: 2, schedule: { compressorCut: 'compare', psumCut: 'halves' } });
    const kinds = new Set(['compressor', 'meta_decoder', 'mux_network', 'pe']);
    const ir = editBlocks(base, (b) => kinds.has(b.kind), (b) => { b.params = { ...(b.params as object), FUTURE: 1 }; });
    const top = ir.tops.engine;
    const model = new GeneratedModel(ir, top);
    const fallbacks = (model.gen.source.match(/H\[\d+\]\(\)/g) ?? []).length;
    // 2 compressors (evaluation and comparison register), 2 decoders, 2 + 4 muxes, 4 PEs.
    expect(fallbacks).toBe(2 * 2 + 2 + 6 + 4);
    expect(model.gen.source).not.toContain('PT[');
    const rng = new Prng(SEED + 300);
    const slices = randomDotProducts(ir, rng, 20, 4);
    const stimulus = buildStimulus(ir, top, slices, randomPolicy(rng, cyclesFor(slices.length, POLICIES[2]![1], top.latencyCycles), POLICIES[2]![1]));
    const generated = simulateGenerated(ir, top, stimulus, {}, model);
    expect(generated).toEqual(simulateStream(ir, top, stimulus));
    expect(checkRun(ir, top, slices, generated).errors).toEqual([]);
    // Again from power-up on the same compiled model: the fallback state is reset too.
    expect(simulateGenerated(ir, top, stimulus, {}, model)).toEqual(generated);
  });

  it('a control, delay line or mode capture it does not specialize is refused at compile time', () => {
    const base = configIR({ modes: ['2:4', '8:16'], window: 16, rows: 1, cols: 1 });
    for (const kind of ['stream_control', 'delay_line', 'mode_capture']) {
      const renamed = editBlocks(base, (b) => b.kind === kind, (b) => { b.template = `${String(b.template)}_v2`; });
      expect(() => new GeneratedModel(renamed, renamed.tops.engine), kind).toThrow(new RegExp(`does not specialize ${kind} .*template ${kind === 'stream_control' ? 'nm_stream_control' : `nm_${kind}`}_v2`));
      const extra = editBlocks(base, (b) => b.kind === kind, (b) => { b.params = { ...(b.params as object), FUTURE: 1 }; });
      expect(() => new GeneratedModel(extra, extra.tops.engine), kind).toThrow(/parameter FUTURE/);
    }
    expect(() => new GeneratedModel(base, base.tops.engine)).not.toThrow();
  });

  it('streamed records (keepRecords: false, one reused record) are the kept ones, cycle for cycle, on both models', () => {
    const ir = configIR({ pattern: '2:4', window: 8, rows: 2, cols: 2 });
    const top = ir.tops.engine;
    const rng = new Prng(SEED + 7);
    const stimulus = buildStimulus(ir, top, randomDotProducts(ir, rng, 20, 3), randomPolicy(rng, 120, POLICIES[0]![1]));
    const reference = simulateStream(ir, top, stimulus);
    for (const run of [(o: { keepRecords: false; onCycle: (r: CycleRecord) => void }) => simulateGenerated(ir, top, stimulus, o), (o: { keepRecords: false; onCycle: (r: CycleRecord) => void }) => simulateStream(ir, top, stimulus, o)]) {
      const streamed: CycleRecord[] = [];
      const returned = run({ keepRecords: false, onCycle: (r) => { streamed.push({ ...r }); } });
      expect(returned).toEqual([]);
      expect(streamed.length).toBe(reference.length);
      expect(streamed.filter((r) => r.outValid).length).toBeGreaterThan(0);
      expect(compareRecords(reference, streamed).agree).toBe(true);
    }
  });

  it('a corrupted register shows: the comparison is not vacuous', () => {
    const ir = configIR({ pattern: '2:4', window: 8, rows: 2, cols: 2 });
    const top = ir.tops.engine;
    const rng = new Prng(SEED);
    const stimulus = buildStimulus(ir, top, randomDotProducts(ir, rng, 12, 3), randomPolicy(rng, 60, POLICIES[0]![1]));
    const model = new GeneratedModel(ir, top);
    const good = simulateGenerated(ir, top, stimulus, {}, model);
    expect(compareRecords(simulateStream(ir, top, stimulus), good).agree).toBe(true);
    // Overwrite the weight pipeline's output register once: later results must differ.
    const at = model.gen.layout.net('wgt_q');
    const bad = simulateGenerated(ir, top, stimulus, { onCycle: (r) => { if (r.cycle === 8) model.gen.elements.fill(3, at, at + 4); } }, model);
    expect(compareRecords(good, bad).agree).toBe(false);
  });

  it('specializes: constants folded, no per-block interpretation in the generated source', () => {
    const ir = configIR({ pattern: '8:16', rows: 4, cols: 4 });
    const src = new GeneratedModel(ir, ir.tops.engine).gen.source;
    // 8:16 over W = 16: 8 lanes, fan-in 9; the PE's 8 products are unrolled.
    expect(src).toContain('l < 8');
    expect(src).toContain('t < 9');
    expect(src).toMatch(/N\[a \+ 7\] \* N\[w \+ 7\]/);
    expect(src).not.toMatch(/connections|\.get\(/);
  });
});
