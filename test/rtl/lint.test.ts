// Every preset and a seeded spread of random descriptions: both tops lint clean under
// `verilator --lint-only -Wall` (zero warnings) and elaborate under Icarus `-g2012 -Wall`.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { generateEngine } from '../../src/emit/generate.js';
import { configIR, presetIR, randomDescriptions, suiteSeed } from '../helpers/engines.js';
import { haveIcarus, haveVerilator, icarusElaborate, lintTop, writeGenerated } from '../helpers/rtl.js';
import type { EngineIR } from '../../src/ir/types.js';

const verilator = haveVerilator();
const icarus = haveIcarus();

/**
 * Icarus elaborates large engines slowly (minutes at 16 x 16 PEs, or for m = 64 compressors on wide
 * windows); it checks the engines whose compressors and arrays are small.
 */
function icarusCanElaborate(ir: EngineIR): boolean {
  return ir.rows * ir.cols <= 16 && ir.rows * ir.windowChannels * ir.modes[0]!.m <= 4096;
}

function checkEngine(label: string, ir: EngineIR): void {
  const { dir, files } = writeGenerated(generateEngine(ir));
  for (const top of ['nm_engine', 'nm_engine_core']) {
    if (verilator) expect(lintTop(files, top), `${label} ${top}: verilator -Wall`).toBe('');
    if (icarus && icarusCanElaborate(ir)) expect(icarusElaborate(files, top, join(dir, `${top}.vvp`)), `${label} ${top}: iverilog`).toBe('');
  }
}

describe.runIf(verilator || icarus)('lint and elaboration', () => {
  // Engines of 16 x 16 and 32 x 32 PEs are the same templates with more instances; Verilator needs
  // ~50 s of CPU (16 x 16) and >6 GB (32 x 32) to lint them, so `npm run lint:large` covers them
  // rather than every test run. One 8 x 8 engine checks the scaling here.
  for (const p of PRESETS) {
    it(`preset ${p.name}`, () => checkEngine(p.name, presetIR(p.name)), 120_000);
  }
  it('16:32 on 8 x 8 PEs', () => checkEngine('16:32 8x8', configIR({ pattern: '16:32', rows: 8, cols: 8 })), 300_000);
  it('flexible bitonic 2:4,4:8,8:16,16:32, W = 32, 1 x 2 (no preset has org bitonic)', () => checkEngine('flex bitonic w32 1x2', configIR({ modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows: 1, cols: 2, org: 'bitonic' })), 120_000);
  it('30 random descriptions (m up to 64, windows up to 128, widths 2..16, acc up to 64)', () => {
    const seed = suiteSeed('lint random');
    // Verilator's lint time grows with rows x window x m (the comparators); keep each under ~2 s.
    const picked = randomDescriptions(seed, 200, { maxM: 64, maxRows: 4, maxCols: 4, maxWindow: 128 })
      .map((d) => ({ d, ir: configIR(d) }))
      .filter(({ ir }) => ir.rows * ir.windowChannels * ir.modes[0]!.m <= 8192)
      .slice(0, 30);
    for (const { d, ir } of picked) checkEngine(JSON.stringify(d), ir);
  }, 600_000);
});
