// Schedule option readyCut in the cost models: the area of the result skid (two MUX2_X1 per
// accumulator bit of every PE, from the cell table), L unchanged, the stall-enable path without the
// OR2 on m_out_ready, no m_out_ready -> s_act_ready path, and the chooser taking it only when
// needed (it adds area and no cycle). Its behaviour is proved in test/schedule/schedule_contract.test.ts.

import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { estimateArea } from '../../src/model/area.js';
import { chooseSchedule } from '../../src/model/schedule_chooser.js';
import { estimateTiming } from '../../src/model/timing.js';
import { Prng } from '../../src/util/prng.js';
import { suiteSeed } from '../helpers/engines.js';

const seed = suiteSeed('ready-cut');
const rng = new Prng(seed);

const configOf = (input: Record<string, unknown>) => {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
  return v.config;
};

describe(`schedule option readyCut in the models (seed ${seed})`, () => {
  for (let k = 0; k < 4; k++) {
    const pattern = rng.pick(['2:4', '8:16', '16:32', '8:8']);
    const m = Number(pattern.split(':')[1]);
    const input = { pattern, window: m, rows: rng.int(1, 16), cols: rng.int(1, 16), accBits: rng.pick([24, 32, 48]) };
    it(`${JSON.stringify(input)}: skid area, same L, enable path and ready path`, () => {
      const plain = elaborate(configOf(input));
      const cut = elaborate(configOf({ ...input, schedule: { readyCut: true } }));
      for (const top of ['engine', 'core'] as const) {
        expect(cut.tops[top].latencyCycles).toBe(plain.tops[top].latencyCycles);
        const extra = estimateArea(cut, top).totalUm2 - estimateArea(plain, top).totalUm2;
        // Two 1.862 um^2 MUX2_X1 per accumulator bit per PE; the control's one more flip-flop is in its fitted per-stage form (not charged).
        expect(extra).toBeCloseTo(input.rows * input.cols * input.accBits * 2 * 1.862, 3);
        const a = estimateTiming(plain, top), b = estimateTiming(cut, top);
        expect(a.readyThroughNs).toBeGreaterThan(0);
        expect(b.readyThroughNs).toBe(0);
        for (let s = 0; s < a.stages.length; s++) {
          // The OR2 of `en = !valid || m_out_ready` (its A2 arc driving the L stage-load AND2 inputs) is gone.
          const or2Ns = (49.9 + 2.46 * plain.tops[top].latencyCycles * 0.97) / 1000;
          if (a.stages[s]!.enable.flipFlops > 0) expect(a.stages[s]!.enable.logicNs - b.stages[s]!.enable.logicNs).toBeCloseTo(or2Ns, 3);
        }
      }
    });
  }

  it('the chooser leaves readyCut off when the target is met without it (it adds area, no cycle)', () => {
    for (const pattern of ['2:4', '16:32']) {
      const got = chooseSchedule(configOf({ pattern, rows: 4, cols: 4 }), 300);
      expect(got.chosen.schedule.readyCut).toBe(false);
      expect(got.candidates.some((c) => c.schedule.readyCut)).toBe(true);
    }
  });
});
