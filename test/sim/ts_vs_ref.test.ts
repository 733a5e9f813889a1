// The TypeScript cycle model against the engine contract, no RTL: every preset and a seeded spread
// of random descriptions, both tops, through the four scenarios of sim/rtl/verify.ts (free-running,
// input stalls, random stalls, resets) checked by checkRun: values against the untimed reference,
// joined handshake, results held under backpressure, latency L and one slice per cycle.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { Prng } from '../../src/util/prng.js';
import { simulateStream } from '../../sim/cycle/engine.js';
import { checkRun } from '../../sim/scenario/contract_checker.js';
import { SCENARIOS } from '../../sim/scenario/verify.js';
import { buildStimulus, cyclesFor, randomDotProducts, randomPolicy } from '../../sim/scenario/workload.js';
import { configIR as elaborateInput, describeInput, randomDescription } from '../helpers/engines.js';

const SEED = Number(process.env.NMCORE_TEST_SEED ?? 20240611);
const RANDOM_DESCRIPTIONS = 60;

/** Every scenario on one top; returns the problems found (empty when the model meets the contract). */
function checkTop(ir: EngineIR, top: TopIR, seed: number, dotProducts: number, maxSlices: number): string[] {
  const problems: string[] = [];
  SCENARIOS.forEach((sc, i) => {
    const rng = new Prng((seed + i * 7919) >>> 0);
    const slices = randomDotProducts(ir, rng, dotProducts, maxSlices);
    const policy = randomPolicy(rng, cyclesFor(slices.length, sc.policy, top.latencyCycles), sc.policy);
    const records = simulateStream(ir, top, buildStimulus(ir, top, slices, policy));
    const c = checkRun(ir, top, slices, records);
    const where = `${top.module} / ${sc.name} (seed ${seed})`;
    for (const e of c.errors) problems.push(`${where}: ${e}`);
    if (sc.policy.pReset === 0 && c.delivered !== dotProducts) problems.push(`${where}: ${c.delivered} of ${dotProducts} results delivered`);
    if (sc.checkLatency && c.latencies.some((l) => l !== top.latencyCycles)) {
      problems.push(`${where}: latency ${[...new Set(c.latencies)].join(',')} cycles, IR says L = ${top.latencyCycles}`);
    }
    if (sc.checkThroughput) {
      const gaps = c.takeEdges.filter((e, k) => k > 0 && e !== c.takeEdges[k - 1]! + 1).length;
      if (gaps > 0 || c.takeEdges.length !== slices.length) problems.push(`${where}: ${gaps} bubble(s) in free-running input`);
      // With everything high the first slice is taken on the first edge after reset.
      if (c.takeEdges[0] !== 2) problems.push(`${where}: first slice taken on edge ${c.takeEdges[0]}, expected 2`);
    }
    if (sc.policy.pReset > 0 && records.some((r) => r.reset) && c.delivered === 0) problems.push(`${where}: nothing delivered around resets`);
  });
  return problems;
}

describe('TS model vs the contract on every preset', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    const ir = elaborateInput(p.input);
    const big = ir.rows * ir.cols > 16;
    for (const top of [ir.tops.engine, ir.tops.core]) expect(checkTop(ir, top, SEED, big ? 6 : 16, 5)).toEqual([]);
  });
});

describe(`TS model vs the contract on ${RANDOM_DESCRIPTIONS} random descriptions (seed ${SEED}; set NMCORE_TEST_SEED to vary)`, () => {
  const rng = new Prng(SEED);
  const cases = Array.from({ length: RANDOM_DESCRIPTIONS }, (_, i) => [i, randomDescription(rng, { maxM: 64, maxWindow: 128, maxRows: 4, maxCols: 4 })] as const);
  it.each(cases.map(([i, d]) => [`#${i} ${describeInput(d)}`, i, d] as const))('%s', (_name, i, d) => {
    const ir = elaborateInput(d);
    for (const top of [ir.tops.engine, ir.tops.core]) expect(checkTop(ir, top, (SEED + i * 104729) >>> 0, 10, 6)).toEqual([]);
  });
});
