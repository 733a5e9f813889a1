// One scenario suite, three backends: the contract scenarios of sim/scenario/verify.ts run on the
// TypeScript cycle model, Icarus and Verilator for the same engines and seed, each must pass, and
// all three must produce the same records for the same stimulus (so a backend cannot pass by
// seeing a different workload). Skips a simulator loudly, with its install command, when missing.

import { describe, expect, it } from 'vitest';
import { generateEngine } from '../../src/emit/generate.js';
import { backendFactory, verifyEngine } from '../../sim/backends/factory.js';
import { icarusStatus, verilatorStatus } from '../../sim/rtl/tools.js';
import { BACKEND_NAMES, type BackendName } from '../../sim/scenario/backend.js';
import { compareRecords } from '../../sim/scenario/compare_records.js';
import { formatFailures } from '../../src/report/verify_text.js';
import { buildStimulus, randomDotProducts, randomPolicy, FREE_RUNNING } from '../../sim/scenario/workload.js';
import { Prng } from '../../src/util/prng.js';
import { presetIR } from '../helpers/engines.js';

const SEED = Number(process.env.NMCORE_TEST_SEED ?? 20240611);
const ENGINES = ['nm2of4_r4c4', 'nm8of16_bitmask_r2c3', 'dense_w8_r4c4'];
const available: Record<BackendName, boolean> = { ts: true, tsgen: true, icarus: icarusStatus().available, verilator: verilatorStatus().available };
for (const b of BACKEND_NAMES) if (!available[b]) console.warn(`SKIPPING the ${b} backend: not installed (${b === 'icarus' ? icarusStatus().install : verilatorStatus().install})`);

describe(`the contract scenarios on every backend (seed ${SEED})`, () => {
  for (const name of ENGINES) {
    for (const backend of BACKEND_NAMES) {
      it.skipIf(!available[backend])(`${name} on ${backend}`, () => {
        const ir = presetIR(name);
        const report = verifyEngine(ir, generateEngine(ir), { backend, seed: SEED, dotProducts: 12, maxSlices: 5 });
        expect(formatFailures(report)).toBe('');
        expect(report.backend).toBe(backend);
        expect(report.results.map((r) => `${r.top}/${r.scenario}`)).toEqual(
          ['nm_engine', 'nm_engine_core'].flatMap((t) => ['free-running', 'input stalls', 'random stalls', 'resets'].map((s) => `${t}/${s}`)));
      }, 300_000);
    }
  }

  it.skipIf(!available.icarus || !available.verilator)('gives identical records on all three backends for one stimulus', () => {
    const ir = presetIR('nm2of4_r4c4');
    const gen = generateEngine(ir);
    for (const top of [ir.tops.engine, ir.tops.core]) {
      const rng = new Prng(SEED);
      const stimulus = buildStimulus(ir, top, randomDotProducts(ir, rng, 8, 4), randomPolicy(rng, 80, FREE_RUNNING));
      const [ts, icarus, verilator] = BACKEND_NAMES.map((b) => backendFactory(b, ir, gen)(top).run(stimulus));
      expect(ts!.length).toBe(stimulus.policy.length);
      // Field for field; Icarus may show X only before the first reset edge.
      expect(compareRecords(ts!, icarus!)).toEqual({ agree: true, cyclesCompared: ts!.length });
      expect(compareRecords(ts!, verilator!)).toEqual({ agree: true, cyclesCompared: ts!.length });
      expect(verilator).toEqual(ts);
    }
  }, 300_000);
});
