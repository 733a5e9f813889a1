// Speed of the TypeScript cycle model (sim/cycle/engine.ts): simulated cycles per second on a 16x16 8:16
// engine (window 16, 8 lanes) and a 4x4 one, both tops, free-running and under random stalls.
// Stimulus generation is excluded; decoding the stimulus hex is included (it is part of a run).
// Run: npx tsx bench/sim_speed.ts [cycles16x16] [repeats]. Wall-clock, one thread, best of repeats.

import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { Prng } from '../src/util/prng.js';
import { simulateStream } from '../sim/cycle/engine.js';
import { buildStimulus, randomDotProducts, randomPolicy, type PolicyOptions } from '../sim/scenario/workload.js';

const cycles16 = Number(process.argv[2] ?? 4000);
const repeats = Number(process.argv[3] ?? 3);
const ENGINES = [
  { name: '8:16 w16 16x16', input: { pattern: '8:16', rows: 16, cols: 16 }, cycles: cycles16 },
  { name: '8:16 w16 4x4', input: { pattern: '8:16', rows: 4, cols: 4 }, cycles: cycles16 * 8 },
];
const POLICIES: [string, PolicyOptions][] = [
  ['free-running', { pValid: 1, pOutReady: 1, pReset: 0 }],
  ['random stalls', { pValid: 0.8, pOutReady: 0.7, pReset: 0 }],
];

console.log('engine           top             policy         cycles  cycles/s  MACs/s (useful lanes)');
for (const e of ENGINES) {
  const ir = elaborate(validateConfig(e.input).config!);
  for (const top of [ir.tops.engine, ir.tops.core]) {
    for (const [pname, p] of POLICIES) {
      const rng = new Prng(1);
      const slices = randomDotProducts(ir, rng, Math.ceil(e.cycles / 2), 4);
      const stimulus = buildStimulus(ir, top, slices, randomPolicy(rng, e.cycles, p));
      let best = Infinity, taken = 0;
      for (let i = 0; i < repeats; i++) {
        const t0 = performance.now();
        const records = simulateStream(ir, top, stimulus);
        best = Math.min(best, (performance.now() - t0) / 1000);
        taken = records.filter((r) => r.actValid && r.actReady).length;
      }
      const rate = stimulus.policy.length / best;
      const macs = (taken * ir.rows * ir.cols * ir.lanes) / best;
      console.log(`${e.name.padEnd(16)} ${top.module.padEnd(15)} ${pname.padEnd(14)} ${String(stimulus.policy.length).padStart(6)} ${rate.toFixed(0).padStart(9)}  ${(macs / 1e6).toFixed(1)} M`);
    }
  }
}
