// The generated RTL proven against the contract on Icarus (4-state, so X after reset is caught):
// for 2:4, 4:8, 8:16, 16:32, 32:64 and dense engines at several array sizes and windows, both
// metadata encodings, odd widths and narrow accumulators, plus a seeded spread of random
// descriptions. Each engine runs four scenarios per top (sim/scenario/verify.ts): bit-exact results
// under random stalls and resets, latency = L with m_out_ready high, one slice per cycle.

import { describe, expect, it } from 'vitest';
import { generateEngine } from '../../src/emit/generate.js';
import { formatFailures } from '../../src/report/verify_text.js';
import { verifyEngine } from '../../sim/backends/factory.js';
import { configIR, randomDescriptions, suiteSeed } from '../helpers/engines.js';
import { haveIcarus } from '../helpers/rtl.js';

const MATRIX: [string, Record<string, unknown>, number][] = [
  ['2:4, window 4, 1x1', { pattern: '2:4', rows: 1, cols: 1 }, 24],
  ['2:4, window 16 (> m), 4x4, bitmask', { pattern: '2:4', window: 16, rows: 4, cols: 4, meta: 'bitmask' }, 24],
  ['2:4, window 8, 2x3, A=3 B=5, acc = A+B = 8 (wraps)', { pattern: '2:4', window: 8, rows: 2, cols: 3, actBits: 3, weightBits: 5, accBits: 8 }, 24],
  ['1:4, 4x4, bitmask', { pattern: '1:4', rows: 4, cols: 4, meta: 'bitmask' }, 24],
  ['4:8, 2x3', { pattern: '4:8', rows: 2, cols: 3 }, 24],
  ['4:8, window 16, 4x4, bitmask', { pattern: '4:8', window: 16, rows: 4, cols: 4, meta: 'bitmask' }, 24],
  ['8:16, 2x2', { pattern: '8:16', rows: 2, cols: 2 }, 24],
  ['8:16, window 32, 1x3, A=B=16, acc 64, bitmask', { pattern: '8:16', window: 32, rows: 1, cols: 3, actBits: 16, weightBits: 16, accBits: 64, meta: 'bitmask' }, 16],
  ['16:32, 1x1', { pattern: '16:32', rows: 1, cols: 1 }, 16],
  ['16:32, 2x2, bitmask', { pattern: '16:32', rows: 2, cols: 2, meta: 'bitmask' }, 12],
  ['32:64, 1x1', { pattern: '32:64', rows: 1, cols: 1 }, 8],
  ['3:8, 2x2 (n not a power of two)', { pattern: '3:8', rows: 2, cols: 2 }, 24],
  ['1:2 and m = 2, window 4, 3x1', { pattern: '1:2', window: 4, rows: 3, cols: 1 }, 24],
  ['15:16, 1x2, index', { pattern: '15:16', rows: 1, cols: 2 }, 16],
  ['dense 8:8, 2x3', { pattern: '8:8', rows: 2, cols: 3 }, 24],
  ['dense 4:4, window 16, 4x4', { pattern: '4:4', window: 16, rows: 4, cols: 4 }, 24],
];

describe.runIf(haveIcarus())('RTL against the contract on Icarus', () => {
  const seed = suiteSeed('contract icarus');
  for (const [label, input, dotProducts] of MATRIX) {
    it(label, () => {
      const ir = configIR(input);
      const report = verifyEngine(ir, generateEngine(ir), { backend: 'icarus', seed, dotProducts, maxSlices: 6 });
            expect(formatFailures(report)).toBe('');
      for (const r of report.results) {
        if (r.scenario === 'free-running' || r.scenario === 'input stalls') expect(r.latenciesCycles).toEqual([r.top === 'nm_engine' ? ir.tops.engine.latencyCycles : ir.tops.core.latencyCycles]);
      }
    }, 300_000);
  }

  it('long dot products (up to 400 slices) that wrap a 16-bit accumulator', () => {
    const ir = configIR({ pattern: '2:4', window: 8, rows: 1, cols: 2, accBits: 16 });
    const report = verifyEngine(ir, generateEngine(ir), { backend: 'icarus', seed, dotProducts: 5, maxSlices: 400 });
        expect(formatFailures(report)).toBe('');
    expect(Math.max(...report.results.map((r) => r.slices))).toBeGreaterThan(400);
  }, 300_000);

  it('24 random descriptions', () => {
    const descriptions = randomDescriptions(seed ^ 0x5eed, 24, { maxM: 16, maxRows: 3, maxCols: 3, maxWindow: 32 });
    for (const d of descriptions) {
      const ir = configIR(d);
      const report = verifyEngine(ir, generateEngine(ir), { backend: 'icarus', seed, dotProducts: 12, maxSlices: 5 });
            expect(formatFailures(report), JSON.stringify(d)).toBe('');
    }
  }, 900_000);
});
