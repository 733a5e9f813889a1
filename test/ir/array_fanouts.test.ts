// The chooser's closed-form array fan-outs (src/ir/array_fanouts.ts: a 1 x 1 elaboration scaled to
// R x C) against the full elaboration's TopIR.stageFanouts, both tops, over seeded random legal
// descriptions: fixed sparse, dense and flexible (rank and bitonic) engines, both metadata
// encodings, each under several of the schedules the chooser enumerates (scheduleOptionSets).

import { describe, expect, it } from 'vitest';
import type { EngineConfigInput } from '../../src/config/engine_config.js';
import { validateConfig } from '../../src/config/validate.js';
import { arrayStageFanouts } from '../../src/ir/array_fanouts.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { scheduleOptionSets } from '../../src/model/schedule_chooser.js';
import { Prng } from '../../src/util/prng.js';
import { randomDescription, suiteSeed } from '../helpers/engines.js';

const seed = suiteSeed('array-fanouts');
const rng = new Prng(seed);

/** Flexible mode sets of equal lanes (W·n/m), the window a multiple of the widest m; bitonic only where every mode keeps n = m/2. */
const FLEX: readonly { modes: string[]; window: number; bitonic: boolean }[] = [
  { modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, bitonic: true },
  { modes: ['8:16', '2:4'], window: 16, bitonic: true },
  { modes: ['1:4', '2:8', '4:16'], window: 32, bitonic: false },
  { modes: ['3:4', '6:8'], window: 8, bitonic: false },
  { modes: ['1:2', '2:4'], window: 8, bitonic: true },
];

function randomInput(k: number): EngineConfigInput {
  const rows = rng.int(1, 12), cols = rng.int(1, 12);
  if (k % 4 === 3) {
    const f = rng.pick(FLEX);
    return { modes: f.modes, window: f.window * rng.int(1, 2), rows, cols, org: f.bitonic && rng.bool(0.5) ? 'bitonic' : 'rank', meta: rng.pick(['index', 'bitmask'] as const) };
  }
  const d = randomDescription(rng, { maxM: 32, maxRows: 12, maxCols: 12, maxWindow: 64 });
  // One in four a dense engine (randomDescription makes one in ten).
  return k % 4 === 2 ? { ...d, pattern: `${String(d.pattern).split(':')[1]}:${String(d.pattern).split(':')[1]}`, rows, cols } : { ...d, rows, cols };
}

describe(`array fan-outs from the 1 x 1 elaboration (seed ${seed})`, () => {
  let flexible = 0, dense = 0, sparse = 0, weightMuxCut = 0;
  for (let k = 0; k < 32; k++) {
    const input = randomInput(k);
    it(`${JSON.stringify(input)}: equal to the full elaboration's, both tops, under several schedules`, () => {
      const v = validateConfig(input);
      if (v.config === undefined) throw new Error(`invalid ${JSON.stringify(input)}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
      const config = v.config;
      const sets = scheduleOptionSets(config);
      const picked = [sets[0]!, sets[sets.length - 1]!, ...Array.from({ length: 3 }, () => rng.pick(sets))];
      for (const schedule of picked) {
        const full = elaborate({ ...config, schedule });
        const scaled = arrayStageFanouts(elaborate({ ...config, rows: 1, cols: 1, schedule }), config.rows, config.cols);
        expect(scaled.engine, `nm_engine ${JSON.stringify(schedule)}`).toEqual(full.tops.engine.stageFanouts);
        expect(scaled.core, `nm_engine_core ${JSON.stringify(schedule)}`).toEqual(full.tops.core.stageFanouts);
        // Not all zero: the comparison covers real counts.
        expect(full.tops.engine.stageFanouts.some((f) => f.enabledFlipFlops > 0)).toBe(true);
        if (schedule.weightMuxCut === true) weightMuxCut++;
      }
      if (config.modes.length > 1) flexible++; else if (config.modes[0]!.n === config.modes[0]!.m) dense++; else sparse++;
    });
  }
  it('covered fixed sparse, dense and flexible engines, and the weight mux before the lane register', () => {
    expect(flexible).toBeGreaterThan(0);
    expect(dense).toBeGreaterThan(0);
    expect(sparse).toBeGreaterThan(0);
    expect(weightMuxCut).toBeGreaterThan(0);
  });

  it('refuses an elaboration that is not 1 x 1', () => {
    const v = validateConfig({ pattern: '2:4', rows: 2, cols: 1 });
    expect(() => arrayStageFanouts(elaborate(v.config!), 4, 4)).toThrow(/1 x 1/);
  });
});
