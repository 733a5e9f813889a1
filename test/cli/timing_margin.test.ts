// `--timing-margin-pct` on the engine commands (in process): the manifest's `schedule` records the
// margin the schedule was chosen with (default 2, 0 allowed), the chosen options are the chooser's at
// that margin, the modelled fmax of both tops reaches target x (1 + margin/100), `generate` prints
// the margin in its schedule line, and a bad value is one config_timing_margin_invalid line, exit 1.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { chooseSchedule } from '../../src/model/schedule_chooser.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const engine = ['--pattern', '4:8', '--window', '16', '--rows', '2', '--cols', '2', '--target-mhz', '1000'];

describe('--timing-margin-pct', () => {
  for (const margin of [undefined, 0, 4, 2.5]) {
    it(`generate with ${margin === undefined ? 'no margin given (default 2%)' : `--timing-margin-pct ${margin}`}`, async () => {
      const dir = join(tempDir('nmcore-margin-'), 'e');
      const r = await cli('generate', ...engine, ...(margin !== undefined ? ['--timing-margin-pct', String(margin)] : []), '--out', dir);
      expect(r.code, r.err).toBe(0);
      const m = margin ?? 2;
      expect(r.out).toContain(`target 1000 MHz + ${m}% timing margin;`);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.schedule.targetMhz).toBe(1000);
      expect(manifest.schedule.timingMarginPct).toBe(m);
      expect(Math.min(manifest.schedule.predictedFmaxMhz.engine, manifest.schedule.predictedFmaxMhz.core)).toBeGreaterThanOrEqual(1000 * (1 + m / 100));
      const config = validateConfig({ pattern: '4:8', window: 16, rows: 2, cols: 2, timingMarginPct: m }).config!;
      expect(manifest.schedule.options).toEqual(chooseSchedule(config, 1000).chosen.schedule);
    });
  }

  it.each([['-1'], ['101'], ['five'], ['']])('rejects %j with one line and exit 1', async (bad) => {
    const r = await cli('ir', ...engine, '--timing-margin-pct', bad);
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('error[config_timing_margin_invalid]: `timingMarginPct` must be a timing margin in percent (a number from 0 to 100)');
  });
});
