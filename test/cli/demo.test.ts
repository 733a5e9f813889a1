// The README's main job: `nmcore demo` runs every step (ir, generate, verify, cosim, trace info,
// simulate, area) successfully, each giving a JSON result with --json.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { haveIcarus, haveVerilator } from '../helpers/rtl.js';
import { tempDir } from '../helpers/temp.js';

describe.runIf(haveIcarus() && haveVerilator())('nmcore demo', () => {
  it('runs every step and each returns JSON', async () => {
    let out = '';
    const code = await runCli(['demo', '--json', '--out', join(tempDir('nmcore-demo-'), 'demo')], { out: (t) => { out += t; }, err: () => {} });
    const steps = JSON.parse(out) as { argv: string[]; exitCode: number; result: unknown }[];
    expect(steps.map((s) => s.argv[0])).toEqual(['ir', 'generate', 'verify', 'cosim', 'trace', 'simulate', 'area']);
    for (const s of steps) {
      expect(s.exitCode, s.argv.join(' ')).toBe(0);
      expect(typeof s.result, s.argv.join(' ')).toBe('object');
    }
    expect((steps[2]!.result as { passed: boolean }).passed).toBe(true);
    expect(code).toBe(0);
  }, 300_000);
});
