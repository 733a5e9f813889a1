// The report's target-clock table (src/report/tradeoff/target_clock.ts) on the report's engines at
// 4 x 4 PEs: as generated it repeats the timing model of the default engine; at a target it shows
// a schedule whose elaborated engine the model puts at or above the target plus the timing margin
// (default 2%, and 0), with L and area of that engine; a target above every schedule's clock shows
// none and the best clock.

import { describe, expect, it } from 'vitest';
import { elaborate } from '../../src/ir/elaborate.js';
import { estimateArea } from '../../src/model/area.js';
import { estimateTiming } from '../../src/model/timing.js';
import { costedEngines } from '../../src/report/tradeoff/engines.js';
import { targetClockTable } from '../../src/report/tradeoff/target_clock.js';

const engines = costedEngines(['2:4', '16:32'], 4, 4, 8, 8);

describe('target-clock table of the report', () => {
  for (const [targetMhz, margin] of [[450, undefined], [600, undefined], [600, 0], [500, 20]] as const) {
    it(`at ${targetMhz} MHz, margin ${margin ?? 'default'}: each row's schedule meets the target plus the margin in the model and its L and area are the elaborated engine's`, () => {
      const table = targetClockTable(engines, targetMhz, margin);
      expect(table.timingMarginPct).toBe(margin ?? 2);
      const required = targetMhz * (1 + (margin ?? 2) / 100);
      expect(table.rows.map((r) => r.label)).toEqual(engines.map((e) => e.label));
      table.rows.forEach((row, i) => {
        const e = engines[i]!;
        expect(row.asGenerated.fmaxMhz).toBe(estimateTiming(e.ir, 'engine').fmaxMhz);
        expect(row.asGenerated.latencyCycles).toBe(e.ir.tops.engine.latencyCycles);
        if (row.atTarget === undefined) {
          expect(row.bestFmaxMhz).toBeLessThan(required);
          return;
        }
        const ir = elaborate({ ...e.ir.config, schedule: row.atTarget.schedule });
        expect(Math.min(estimateTiming(ir, 'engine').fmaxMhz, estimateTiming(ir, 'core').fmaxMhz)).toBeGreaterThanOrEqual(required);
        expect(row.atTarget.latencyCycles).toBe(ir.tops.engine.latencyCycles);
        expect(row.atTarget.stages).toEqual(ir.tops.engine.stages.map((s) => s.name));
        expect(row.atTarget.addedCycles).toBe(ir.tops.engine.latencyCycles - e.ir.tops.engine.latencyCycles);
        expect(row.atTarget.areaUm2).toBeCloseTo(estimateArea(ir, 'engine').totalUm2, 6);
        // Meeting the clock as generated, the chosen schedule takes no more cycles (it may take fewer: no input or lane register).
        if (row.asGenerated.fmaxMhz >= required) expect(row.atTarget.addedCycles).toBeLessThanOrEqual(0);
      });
    });
  }

  it('a target above every schedule shows no schedule and the best clock below it', () => {
    const table = targetClockTable(engines, 50_000);
    for (const row of table.rows) {
      expect(row.atTarget).toBeUndefined();
      expect(row.bestFmaxMhz).toBeGreaterThanOrEqual(row.asGenerated.fmaxMhz);
      expect(row.bestFmaxMhz).toBeLessThan(50_000);
    }
  });
});
