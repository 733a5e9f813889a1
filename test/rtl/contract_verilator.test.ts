// The same contract proof on Verilator (2-state, compiled), for a few engines: the models are
// cached by content, so reruns and the cosim suite reuse them.

import { describe, expect, it } from 'vitest';
import { generateEngine } from '../../src/emit/generate.js';
import { formatFailures } from '../../src/report/verify_text.js';
import { verifyEngine } from '../../sim/backends/factory.js';
import { presetIR, suiteSeed } from '../helpers/engines.js';
import { haveVerilator } from '../helpers/rtl.js';

describe.runIf(haveVerilator())('RTL against the contract on Verilator', () => {
  const seed = suiteSeed('contract verilator');
  for (const preset of ['nm2of4_r4c4', 'nm8of16_bitmask_r2c3', 'dense_w8_r4c4']) {
    it(preset, () => {
      const ir = presetIR(preset);
      const report = verifyEngine(ir, generateEngine(ir), { backend: 'verilator', seed, dotProducts: 60, maxSlices: 8 });
            expect(formatFailures(report)).toBe('');
    }, 600_000);
  }
});
