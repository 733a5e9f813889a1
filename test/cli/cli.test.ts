// The CLI in process: generate writes all files or none, every bad description gives one line per
// problem and exit 1, presets/ir/--help/--json work, nothing is half-written on failure.

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { PRESETS } from '../../src/config/presets.js';
import { tempDir } from '../helpers/temp.js';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  process.exitCode = undefined;
  return { code, out, err };
}

const tmp = (): string => tempDir('nmcore-cli-');

describe('nmcore generate', () => {
  it('writes both tops, templates, files.f and the manifest', async () => {
    const dir = join(tmp(), 'e816');
    const r = await cli('generate', '--pattern', '8:16', '--rows', '4', '--cols', '4', '--out', dir);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/8:16 engine, window 16 channels, 8 lanes, 4 x 4 PEs/);
    expect(r.out).toMatch(/L \(cycles\)/);
    expect(readdirSync(dir).sort()).toContain('nm_engine.v');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.tops[0].latencyCycles).toBe(5);
  });

  it('--json prints the manifest', async () => {
    const out = join(tmp(), 'x');
    const r = await cli('generate', '--preset', 'nm2of4_r4c4', '--meta', 'bitmask', '--out', out, '--json');
    expect(r.code).toBe(0);
    const m = JSON.parse(r.out);
    expect(m.parameters.meta).toBe('bitmask');
    // Every file written is listed, and only those: seven templates (the bitmask decoder needs no
    // nm_prefix_count since its Kogge-Stone count is inline), both tops, files.f and the manifest.
    expect((m.written as string[]).map((f) => f.slice(out.length + 1)).sort()).toEqual(readdirSync(out).sort());
    expect(m.written).toHaveLength(11);
    expect(readdirSync(out)).toContain('nm_meta_decode_bitmask.v');
  });

  it('flags override the preset, the config file overrides the preset', async () => {
    const cfg = join(tmp(), 'c.json');
    writeFileSync(cfg, JSON.stringify({ pattern: '4:8', rows: 2, cols: 2 }));
    const r = await cli('generate', '--preset', 'nm2of4_r4c4', '--config', cfg, '--cols', '3', '--out', join(tmp(), 'y'), '--json');
    expect(JSON.parse(r.out).parameters).toMatchObject({ modes: [{ n: 4, m: 8 }], rows: 2, cols: 3 });
  });

  it.each([
    [['--pattern', '5:4', '--rows', '1', '--cols', '1'], 'error[config_n_exceeds_m]: `pattern` kept count n must be at most m (4), not 5'],
    [['--pattern', '3:6', '--rows', '1', '--cols', '1'], 'error[config_m_not_legal]: `pattern` group size m must be one of 2, 4, 8, 16, 32, 64 (a power of two), not 6'],
    [['--pattern', '8:16', '--window', '24', '--rows', '1', '--cols', '1'], 'error[config_window_not_multiple_of_m]: `window` must be a multiple of m (16), not 24'],
    [['--pattern', '2:4', '--rows', '65', '--cols', '1'], 'error[config_rows_out_of_range]: `rows` must be a token count (1..64), not 65'],
    [['--pattern', '2:4', '--rows', 'x', '--cols', '1'], 'error[config_not_integer]: `rows` must be a whole number, not "x"'],
    [['--pattern', '2:4', '--rows', '1', '--cols', '1', '--act-bits', '1'], 'error[config_act_bits_out_of_range]: `actBits` must be an operand width in bits (2..16), not 1'],
    [['--preset', 'nope'], "error[cli_unknown_preset]: unknown preset 'nope' (known: " + PRESETS.map((p) => p.name).join(', ') + ')'],
    [['--config', '/nonexistent/engine.json'], "/nonexistent/engine.json: error[cli_config_unreadable]: cannot read config file '/nonexistent/engine.json': ENOENT"],
  ])('rejects %j with one clear line and writes nothing', async (args, line) => {
    const dir = join(tmp(), 'never');
    const r = await cli('generate', ...args, '--out', dir);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(line);
    expect(existsSync(dir)).toBe(false);
  });

  it('rejects a config file that is not JSON', async () => {
    const cfg = join(tmp(), 'bad.json');
    writeFileSync(cfg, '{ "pattern": "2:4", ');
    const r = await cli('generate', '--config', cfg, '--out', join(tmp(), 'z'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error\[cli_config_not_json\]: config file '.*bad\.json' is not valid JSON/);
  });

  it('requires --out', async () => {
    const r = await cli('generate', '--preset', 'nm2of4_r4c4');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/required option '-o, --out <dir>' not specified/);
  });
});

describe('other commands', () => {
  it('presets --json lists every preset with its derived sizes', async () => {
    const r = await cli('presets', '--json');
    expect(JSON.parse(r.out).map((p: { name: string }) => p.name)).toEqual(PRESETS.map((p) => p.name));
  });

  it('ir prints the derived numbers', async () => {
    const r = await cli('ir', '--pattern', '16:32', '--rows', '2', '--cols', '2');
    expect(r.out).toMatch(/mux fan-in 17, 496 comparators per group/);
    expect(r.out).toMatch(/latency L = 5 cycles/);
  });

  it.each(['generate', 'presets', 'ir', 'verify', 'demo', 'trace'])('%s --help documents its options', async (cmd) => {
    const r = await cli(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Usage: nmcore/);
    if (cmd !== 'trace') expect(r.out).toMatch(/--json|--out|--seed/);
  });
});

describe('output directory problems are input errors, not crashes', () => {
  it('an output path that is a file', async () => {
    const file = join(tmp(), 'f.txt');
    writeFileSync(file, 'x');
    const r = await cli('generate', '--preset', 'nm2of4_r4c4', '--out', file);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`${file}: error[io_output_not_directory]: output path '${file}' exists and is not a directory`);
  });
  it('an output path below a file', async () => {
    const file = join(tmp(), 'g.txt');
    writeFileSync(file, 'x');
    const r = await cli('generate', '--preset', 'nm2of4_r4c4', '--out', join(file, 'sub'));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error\[io_output_not_directory\]: output path '.*g\.txt\/sub' lies under '.*g\.txt', which is not a directory/);
  });
});
