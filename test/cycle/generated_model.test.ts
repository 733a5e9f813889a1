// The generated cycle model (sim/cycle/jsgen/) against the interpreted reference (sim/cycle/engine.ts)
// and the contract's reference arithmetic (sim/scenario/contract_checker.ts): identical records,
// cycle for cycle, on seeded random descriptions (fixed and flexible, several patterns and sizes,
// both tops) under free running, random stalls and random resets; one compiled model reused across
// runs starts each from power-up. The contract scenarios run on it in test/scenario/all_backends.test.ts.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/util/prng.js';
import { simulateStream } from '../../sim/cycle/engine.js';
import { GeneratedModel, simulateGenerated } from '../../sim/cycle/jsgen/model.js';
import { compareRecords } from '../../sim/scenario/compare_records.js';
import { checkRun } from '../../sim/scenario/contract_checker.js';
import { buildStimulus, randomDotProducts, randomPolicy, cyclesFor, type PolicyOptions } from '../../sim/scenario/workload.js';
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
  const descriptions = randomDescriptions(SEED, 8, { maxM: 32, maxRows: 3, maxCols: 3, maxWindow: 64 });
  descriptions.forEach((input, i) => {
    it(`random fixed engine ${i}: ${describeInput(input)}`, () => agreeOn(input, SEED + i));
  });
  FLEXIBLE.forEach((input, i) => {
    it(`flexible engine ${JSON.stringify(input)}`, () => agreeOn(input, SEED + 100 + i));
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
