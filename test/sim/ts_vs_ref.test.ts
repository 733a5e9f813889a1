// The TypeScript cycle model against the engine contract, no RTL: every preset and a seeded spread
// of random descriptions, both tops, through the shared contract scenarios (sim/scenario/verify.ts,
// the same suite verify runs on Icarus and Verilator): values against the untimed reference, joined
// handshake, results held under backpressure, latency L and one slice per cycle.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { Prng } from '../../src/util/prng.js';
import { verifyEngine } from '../../sim/backends/factory.js';
import { formatFailures } from '../../src/report/verify_text.js';
import { configIR as elaborateInput, describeInput, randomDescription } from '../helpers/engines.js';

const SEED = Number(process.env.NMCORE_TEST_SEED ?? 20240611);
const RANDOM_DESCRIPTIONS = 60;

describe('TS model vs the contract on every preset', () => {
  it.each(PRESETS.map((p) => [p.name, p] as const))('%s', (_name, p) => {
    const ir = elaborateInput(p.input);
    const big = ir.rows * ir.cols > 16;
    const report = verifyEngine(ir, undefined, { backend: 'ts', seed: SEED, dotProducts: big ? 6 : 16, maxSlices: 5 });
    expect(formatFailures(report)).toBe('');
    expect(report.results.length).toBe(8);
  });
});

describe(`TS model vs the contract on ${RANDOM_DESCRIPTIONS} random descriptions (seed ${SEED}; set NMCORE_TEST_SEED to vary)`, () => {
  const rng = new Prng(SEED);
  const cases = Array.from({ length: RANDOM_DESCRIPTIONS }, (_, i) => [i, randomDescription(rng, { maxM: 64, maxWindow: 128, maxRows: 4, maxCols: 4 })] as const);
  it.each(cases.map(([i, d]) => [`#${i} ${describeInput(d)}`, i, d] as const))('%s', (_name, i, d) => {
    const report = verifyEngine(elaborateInput(d), undefined, { backend: 'ts', seed: (SEED + i * 104729) >>> 0, dotProducts: 10, maxSlices: 6 });
    expect(formatFailures(report)).toBe('');
  });
});
