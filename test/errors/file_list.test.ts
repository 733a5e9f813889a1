// A generated engine folder is usable from any working directory: Verilator reads files.f relative
// to the file itself (-F), and Icarus, whose command files are relative to the working directory,
// finds every template through the folder as a library (-y). Both run from a different cwd here.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { icarusStatus, verilatorStatus } from '../../sim/rtl/tools.js';
import { tempDir } from '../helpers/temp.js';

describe('generated file list from another folder', () => {
  it('verilator -F files.f and iverilog -y work from outside the output folder', async () => {
    const root = tempDir();
    const out = join(root, 'engines', 'e816');
    const elsewhere = tempDir();
    const code = await runCli(['generate', '--pattern', '8:16', '--rows', '2', '--cols', '2', '--out', out], { out: () => {}, err: () => {} });
    expect(code).toBe(0);
    expect(verilatorStatus().available, 'verilator missing: bash .ci/install-tools').toBe(true);
    expect(icarusStatus().available, 'iverilog missing: bash .ci/install-tools').toBe(true);
    const v = spawnSync('verilator', ['--lint-only', '-Wall', '-F', join(out, 'files.f'), '--top-module', 'nm_engine'], { cwd: elsewhere, encoding: 'utf8' });
    expect(v.status, v.stderr).toBe(0);
    const i = spawnSync('iverilog', ['-g2012', '-o', join(elsewhere, 'e.vvp'), '-y', out, '-s', 'nm_engine_core', join(out, 'nm_engine_core.v')], { cwd: elsewhere, encoding: 'utf8' });
    expect(i.status, i.stderr).toBe(0);
  }, 60_000);
});
