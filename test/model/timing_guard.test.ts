// The fit-error guard (src/model/timing_guard.ts) against the coefficients file read directly: each
// form's guard is its most negative stored fit errorPct, negated (0 where none is negative); a stage's
// guard the largest arc ns x that %; the guarded clock 1000 / the worst stage delay plus its guard.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { defaultCoefficientsPath, loadCoefficients } from '../../src/model/coefficients.js';
import { estimateTiming } from '../../src/model/timing.js';
import { TIMING_MODEL_KEYS } from '../../src/model/timing_forms.js';
import { formGuardPct, guardedFmaxMhz, stageGuardNs } from '../../src/model/timing_guard.js';

const file = JSON.parse(readFileSync(defaultCoefficientsPath(), 'utf8')) as { timing: Record<string, { residuals: { each: { measured: number; model: number }[] } }> };

describe('timing fit-error guard', () => {
  it('is each form\'s largest underestimate on its stored fit points, from measured and model ns', () => {
    for (const key of TIMING_MODEL_KEYS) {
      // The file rounds model ns to 3 decimals: the tolerance is that rounding, in % of the point's measured ns.
      let under = 0, tolPct = 0;
      for (const r of file.timing[key]!.residuals.each) {
        const e = ((r.measured - r.model) / r.measured) * 100;
        if (e > under) { under = e; tolPct = (0.0006 / r.measured) * 100; }
      }
      expect(Math.abs(formGuardPct(key, loadCoefficients()) - under), key).toBeLessThanOrEqual(tolPct + 1e-9);
    }
    expect(formGuardPct('flex_bitonic_keep', loadCoefficients())).toBe(0);
  });

  it('guards each stage with its worst single form, and the clock with the worst guarded stage', () => {
    const co = loadCoefficients();
    for (const input of [{ pattern: '4:8', window: 32, rows: 1, cols: 1 }, { pattern: '16:32', rows: 2, cols: 2, schedule: { compressorCut: 'both' as const } }, { pattern: '8:8', rows: 1, cols: 1 }]) {
      const t = estimateTiming(elaborate(validateConfig(input).config!), 'engine');
      let worst = 0;
      for (const s of t.stages) {
        const byArc = s.path.map((p) => (p.logicNs * formGuardPct(p.key, co)) / 100);
        const guard = byArc.length === 0 ? 0 : Math.max(...byArc);
        expect(stageGuardNs(s, co), `${input.pattern} ${s.stage}`).toBeCloseTo(guard, 12);
        worst = Math.max(worst, s.delayNs + guard);
      }
      expect(guardedFmaxMhz(t, co)).toBeCloseTo(1000 / worst, 3);
      expect(guardedFmaxMhz(t, co)).toBeLessThanOrEqual(t.fmaxMhz);
    }
  });
});
