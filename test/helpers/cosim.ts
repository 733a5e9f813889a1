// Test helpers for cosimulation: the mixed stimulus (random dot products, the four contract
// scenarios' policies back to back) and the cycle-by-cycle agreement check of the TS model against
// the generated RTL of both tops on Verilator or Icarus. Shared by test/sim/cosim.test.ts and the
// flexible-engine suite (which cosimulates on the Verilator models its contract run just built).

import { expect } from 'vitest';
import type { GeneratedEngine } from '../../src/emit/generate.js';
import { generateEngine } from '../../src/emit/generate.js';
import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { formatDivergence } from '../../src/report/cosim_text.js';
import { Prng } from '../../src/util/prng.js';
import { cosimulate } from '../../sim/backends/cosim.js';
import { icarusBackend, verilatorBackend } from '../../sim/rtl/backends.js';
import type { CyclePolicy, StreamStimulus } from '../../sim/scenario/stimulus.js';
import { SCENARIOS } from '../../sim/scenario/verify.js';
import { buildStimulus, randomDotProducts, randomPolicy } from '../../sim/scenario/workload.js';

export type RtlSimulator = 'verilator' | 'icarus';

/** Dot products, then a policy of the four scenarios back to back (`segmentCycles` each, one initial reset). */
export function mixedStimulus(ir: EngineIR, top: TopIR, seed: number, dotProducts: number, segmentCycles: number): StreamStimulus {
  const rng = new Prng(seed);
  const slices = randomDotProducts(ir, rng, dotProducts, 5);
  const policy: CyclePolicy[] = [];
  SCENARIOS.forEach((sc, i) => policy.push(...randomPolicy(rng, segmentCycles, sc.policy, ir.modeSelectBits).slice(i === 0 ? 0 : 2)));
  return buildStimulus(ir, top, slices, policy);
}

/**
 * Both tops of `ir` on the TS model and on `simulator`, cycle by cycle; throws with the first
 * divergence. Returns, per top, whether the Verilator model came from the build cache.
 */
export function expectAgreement(ir: EngineIR, simulator: RtlSimulator, seed: number, dotProducts: number, segmentCycles: number, gen: GeneratedEngine = generateEngine(ir)): boolean[] {
  const cached: boolean[] = [];
  for (const top of [ir.tops.engine, ir.tops.core]) {
    let rtl;
    if (simulator === 'verilator') {
      rtl = verilatorBackend(gen, top);
      cached.push(rtl.model.cached);
    } else rtl = icarusBackend(gen, top);
    const r = cosimulate(ir, top, mixedStimulus(ir, top, seed, dotProducts, segmentCycles), rtl);
    if (!r.agree) throw new Error(`seed ${seed}\n${formatDivergence(r)}`);
    expect(r.cyclesCompared).toBe(r.cycles);
    expect(r.results).toBeGreaterThan(0);
  }
  return cached;
}
