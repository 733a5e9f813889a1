// `--schedule-objective` on the engine commands (in process): `area --json` with `area` reports the
// nm_engine of the chooser's smallest-area pick (its L and µm² recomputed here from that schedule),
// `generate` records the objective in the manifest's `schedule` (latency when not given) and names
// it in its schedule line, and a bad value is one config_schedule_objective_invalid line, exit 1.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { estimateArea } from '../../src/model/area.js';
import { chooseSchedule } from '../../src/model/schedule_chooser.js';
import { cli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const engine = ['-p', '8:16', '--window', '32', '-r', '4', '-c', '4', '--target-mhz', '500'];
const config = validateConfig({ pattern: '8:16', window: 32, rows: 4, cols: 4 }).config!;

describe('--schedule-objective', () => {
  it('area --json with area: the nm_engine of the smallest-area pick', async () => {
    const r = await cli('area', ...engine, '--schedule-objective', 'area', '--json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out) as { top: string; latencyCycles: number; totalUm2: number };
    const pick = elaborate({ ...config, schedule: chooseSchedule({ ...config, scheduleObjective: 'area' }, 500).chosen.schedule });
    expect(j.top).toBe('nm_engine');
    expect(j.latencyCycles).toBe(pick.tops.engine.latencyCycles);
    expect(j.totalUm2).toBeCloseTo(estimateArea(pick, 'engine').totalUm2, 6);
  });

  for (const objective of [undefined, 'latency', 'area'] as const) {
    it(`generate with ${objective === undefined ? 'no objective given (latency)' : `--schedule-objective ${objective}`}: the manifest records it`, async () => {
      const dir = join(tempDir('nmcore-objective-'), 'e');
      const r = await cli('generate', ...engine, ...(objective !== undefined ? ['--schedule-objective', objective] : []), '--out', dir);
      expect(r.code, r.err).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      expect(manifest.schedule.scheduleObjective).toBe(objective ?? 'latency');
      expect(manifest.schedule.options).toEqual(chooseSchedule({ ...config, ...(objective !== undefined ? { scheduleObjective: objective } : {}) }, 500).chosen.schedule);
      expect(r.out.includes('smallest-area objective')).toBe(objective === 'area');
    });
  }

  it.each([['power'], ['Area'], ['']])('rejects %j with one line and exit 1', async (bad) => {
    const r = await cli('area', ...engine, '--schedule-objective', bad, '--json');
    expect(r.code).toBe(1);
    const plain = await cli('ir', ...engine, '--schedule-objective', bad);
    expect(plain.code).toBe(1);
    expect(plain.err.trim().split('\n')).toHaveLength(1);
    expect(plain.err.trim()).toBe(`error[config_schedule_objective_invalid]: \`scheduleObjective\` must be one of latency, area, not ${JSON.stringify(bad)}`);
  });
});
