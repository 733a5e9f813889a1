// Property sweeps over random valid descriptions (seeded, printed; NMCORE_SEED replays): the
// generated Verilog is lint-clean (Verilator -Wall), the TypeScript cycle model and Icarus agree
// cycle for cycle, the latency measured on Icarus equals the model's L (the manifest's), and the
// area model never shrinks as rows, cols, window or a width grows.

import { describe, expect, it } from 'vitest';
import type { EngineConfigInput } from '../../src/config/engine_config.js';
import { validateConfig } from '../../src/config/validate.js';
import { generateEngine } from '../../src/emit/generate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import type { EngineIR } from '../../src/ir/types.js';
import { estimateArea } from '../../src/model/area.js';
import { Prng } from '../../src/util/prng.js';
import { cosimulate } from '../../sim/backends/cosim.js';
import { icarusBackend } from '../../sim/rtl/backends.js';
import { icarusStatus, verilatorStatus } from '../../sim/rtl/tools.js';
import { lintGenerated } from '../../sim/rtl/verilator/lint.js';
import type { CycleRecord } from '../../sim/scenario/stimulus.js';
import { buildStimulus, randomDotProducts, randomPolicy } from '../../sim/scenario/workload.js';
import { describeInput, randomDescription, suiteSeed } from '../helpers/engines.js';

const seed = suiteSeed('properties');

function irOf(input: EngineConfigInput): EngineIR | undefined {
  const v = validateConfig(input);
  return v.config === undefined ? undefined : elaborate(v.config);
}

/** Latencies measured literally from records: k-th result transfer minus k-th last-slice take. */
function measuredLatencies(records: readonly CycleRecord[]): number[] {
  const takes = records.filter((r) => !r.reset && r.actValid && r.actReady && r.last).map((r) => r.cycle);
  const outs = records.filter((r) => !r.reset && r.outValid && r.outReady).map((r) => r.cycle);
  return outs.map((o, k) => o - takes[k]!);
}

describe.runIf(icarusStatus().available && verilatorStatus().available)('random descriptions on the RTL', () => {
  const rng = new Prng(seed);
  const inputs = Array.from({ length: 6 }, () => randomDescription(rng, { maxM: 16, maxRows: 2, maxCols: 3, maxWindow: 32 }));
  it.each(inputs.map((d) => [describeInput(d), d] as const))('%s: lint-clean, exact cosim on Icarus, RTL latency = L', (_name, input) => {
    const ir = irOf(input)!;
    const gen = generateEngine(ir);
    for (const l of lintGenerated(gen)) expect(l.output, `${l.top} lint`).toBe('');
    for (const top of [ir.tops.engine, ir.tops.core]) {
      const r = new Prng(seed ^ top.latencyCycles);
      // Input stalls only, result always taken: every dot product's latency is L.
      const stimulus = buildStimulus(ir, top, randomDotProducts(ir, r, 12, 4), randomPolicy(r, 140, { pValid: 0.7, pOutReady: 1, pReset: 0 }));
      const rtl = icarusBackend(gen, top);
      const res = cosimulate(ir, top, stimulus, rtl);
      expect(res.agree, `${top.module}: first divergence at cycle ${res.divergence?.cycle}`).toBe(true);
      const lat = measuredLatencies(rtl.run(stimulus));
      expect(lat.length, `${top.module}: results`).toBeGreaterThan(0);
      expect(new Set(lat), `${top.module}: latency`).toEqual(new Set([top.latencyCycles]));
    }
  }, 120_000);
});

describe('area model monotonicity', () => {
  it('never shrinks as rows, cols, window or a width grows (both tops)', () => {
    const rng = new Prng(seed + 11);
    let compared = 0;
    for (let i = 0; i < 150; i++) {
      const base = randomDescription(rng, { maxM: 32, maxRows: 8, maxCols: 8, maxWindow: 64 }) as Required<Pick<EngineConfigInput, 'pattern' | 'window' | 'rows' | 'cols' | 'actBits' | 'weightBits' | 'accBits' | 'meta'>> & Record<string, unknown>;
      const m = Number(String(base.pattern).split(':')[1]);
      const grown: Record<string, EngineConfigInput> = {
        rows: { ...base, rows: Number(base.rows) + 1 },
        cols: { ...base, cols: Number(base.cols) + 1 },
        window: { ...base, window: Number(base.window) + m },
        actBits: { ...base, actBits: Number(base.actBits) + 1, accBits: Math.max(Number(base.accBits), Number(base.actBits) + 1 + Number(base.weightBits)) },
        weightBits: { ...base, weightBits: Number(base.weightBits) + 1, accBits: Math.max(Number(base.accBits), Number(base.actBits) + Number(base.weightBits) + 1) },
        accBits: { ...base, accBits: Number(base.accBits) + 1 },
      };
      const ir0 = irOf(base)!;
      for (const [field, input] of Object.entries(grown)) {
        const ir1 = irOf(input);
        if (ir1 === undefined) continue; // beyond a limit (e.g. rows 64 + 1)
        for (const top of ['engine', 'core'] as const) {
          const a0 = estimateArea(ir0, top).totalUm2, a1 = estimateArea(ir1, top).totalUm2;
          expect(a1, `${top}: ${describeInput(base)} with ${field} + 1 step: ${a0} -> ${a1} um^2`).toBeGreaterThanOrEqual(a0);
          compared++;
        }
      }
    }
    console.log(`[properties] area: ${compared} grown/base pairs compared`);
    expect(compared).toBeGreaterThan(1000);
  }, 60_000);
});
