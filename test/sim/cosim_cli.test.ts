// `nmcore cosim` driven in-process through commander: the agreement report (text and JSON) on a
// small engine with Icarus, and UserError diagnostics for bad options.

import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCosimCommand } from '../../src/cli/commands/cosim.js';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { icarusStatus } from '../../sim/rtl/tools.js';

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '', err = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { err += s; } });
  registerCosimCommand(program, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  await program.parseAsync(['cosim', ...args], { from: 'user' });
  return { out, err };
}

async function codesOf(args: string[]): Promise<string[]> {
  try {
    await run(args);
  } catch (e) {
    if (e instanceof UserError) return e.diagnostics.map((d) => d.code);
    throw e;
  }
  return [];
}

const icarus = icarusStatus();
if (!icarus.available) console.warn(`SKIPPING cosim CLI runs: iverilog not found; install it: ${icarus.install}`);

describe('nmcore cosim', () => {
  it.skipIf(!icarus.available)('reports agreement per top with cycles, transfers and results', async () => {
    const { out } = await run(['--pattern', '2:4', '--rows', '2', '--cols', '2', '--simulator', 'icarus', '--cycles', '300', '--seed', '9']);
    expect(out).toContain('simulator icarus');
    expect(out).toContain('seed 9, scenario resets');
    expect(out).toMatch(/nm_engine +302\/302 +\d+ +\d+ .* agree/);
    expect(out).toMatch(/nm_engine_core +302\/302 +\d+ +\d+ .* agree/);
    expect(out).toContain('PASS');
  }, 60_000);

  it.skipIf(!icarus.available)('prints JSON', async () => {
    const { out } = await run(['--pattern', '1:2', '--window', '4', '--rows', '1', '--cols', '2', '--simulator', 'icarus', '--cycles', '100', '--top', 'core', '--scenario', 'random stalls', '--json']);
    const j = JSON.parse(out) as { agree: boolean; scenario: string; results: { top: string; cyclesCompared: number; transfers: number }[] };
    expect(j.agree).toBe(true);
    expect(j.scenario).toBe('random stalls');
    expect(j.results.map((r) => r.top)).toEqual(['nm_engine_core']);
    expect(j.results[0]!.cyclesCompared).toBe(102);
  }, 60_000);

  it('rejects bad options with diagnostics', async () => {
    expect(await codesOf(['--preset', 'nope'])).toEqual(['cli_unknown_preset']);
    expect(await codesOf(['--preset', 'nm2of4_r4c4', '--simulator', 'modelsim'])).toEqual(['cli_unknown_simulator']);
    expect(await codesOf(['--preset', 'nm2of4_r4c4', '--top', 'all'])).toEqual(['cli_unknown_top']);
    expect(await codesOf(['--preset', 'nm2of4_r4c4', '--scenario', 'calm'])).toEqual(['cli_unknown_scenario']);
    expect(await codesOf(['--preset', 'nm2of4_r4c4', '--cycles', '0'])).toEqual(['cli_bad_number']);
    expect(await codesOf(['--preset', 'nm2of4_r4c4', '--seed', '-1'])).toEqual(['cli_bad_number']);
  });
});
