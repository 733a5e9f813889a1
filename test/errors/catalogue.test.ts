// The error catalogue (src/diagnostics/catalogue.ts): every entry the CLI can reach is reached here
// from the CLI with the input a user would give, and printed with its code; docs/errors.md lists
// exactly the catalogue; no diagnostic code is built at run time; under --json the error is JSON.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE, type DiagnosticCode } from '../../src/diagnostics/catalogue.js';
import { errorsMarkdown } from '../../src/report/errors_doc.js';
import { tempDir } from '../helpers/temp.js';
import { cli, codesIn, f32, npyBytes, npzBytes, safetensorsBytes, safetensorsRaw, type CliRun } from './fixtures.js';

const root = join(import.meta.dirname, '..', '..');
const example = join(root, 'traces', 'examples', 'llama_gate_t16_k64.safetensors');
const twoLayers = join(root, 'traces', 'examples', 'two_layers.npz');
const dir = tempDir('nmcore-errors-');
const p = (name: string): string => join(dir, name);
const engine = ['--pattern', '2:4', '--rows', '1', '--cols', '1'];
const config = (name: string, value: unknown): string => {
  writeFileSync(p(name), typeof value === 'string' ? value : JSON.stringify(value));
  return p(name);
};
/** A small valid study (one 2:4 point on 1 x 1 PEs, the model only) with `over` fields replaced. */
const study = (over: Record<string, unknown>): Record<string, unknown> => ({
  format: 'nmcore-study', version: 1, name: 'err', axes: { patterns: ['2:4'], sizes: ['1x1'] },
  traces: [join(root, 'traces', 'examples', 'llama_gate_t16_k64.safetensors')], run: ['model'], ...over,
});
const input4 = { 'a.input': { dtype: 'F32', shape: [1, 4], offsets: [0, 16] as const } };

/** A CLI process with PATH holding only node and the given fake tools (shell scripts). */
function spawnWithTools(args: string[], tools: Record<string, string>, env: Record<string, string> = {}): CliRun {
  const bin = join(tempDir('nmcore-errors-bin-'), 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  for (const [name, script] of Object.entries(tools)) {
    writeFileSync(join(bin, name), `#!/bin/sh\n${script}\n`);
    chmodSync(join(bin, name), 0o755);
  }
  const r = spawnSync(process.execPath, [join(root, 'dist', 'src', 'cli', 'main.js'), ...args], { encoding: 'utf8', env: { ...process.env, PATH: bin, ...env } });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

const CASES: Record<string, () => Promise<CliRun> | CliRun> = {
  cli_usage: () => cli(['ir', '--bogus', '--json']),
  cli_bad_number: () => cli(['verify', ...engine, '--seed', 'abc']),
  cli_bad_pool: () => cli(['synth', ...engine, '--out', p('synth-pool'), '--pool', '5']),
  cli_bad_size: () => cli(['report', '--sizes', '99x1', '--out', p('rep-size')]),
  cli_bad_whole: () => cli(['synth', ...engine, '--out', p('synth-whole'), '--whole', 'sometimes']),
  cli_config_not_json: () => cli(['ir', '--config', config('bad.json', '{"rows": 1,')]),
  cli_config_unreadable: () => cli(['ir', '--config', p('no-such-config.json')]),
  cli_mode_not_in_engine: () => cli(['simulate', '--trace', example, '--pattern', '8:16', '--rows', '1', '--cols', '1', '--mode', '2:4']),
  cli_repeated_id: () => cli(['report', '--patterns', '2:4,2:4', '--out', p('rep-rep')]),
  cli_unknown_id: () => cli(['report', '--criteria', 'largest', '--out', p('rep-id')]),
  cli_unknown_preset: () => cli(['ir', '--preset', 'nope']),
  cli_unknown_basis: () => cli(['compare', '--basis', 'area']),
  cli_unknown_top: () => cli(['area', ...engine, '--top', 'middle']),
  cli_unknown_simulator: () => cli(['verify', ...engine, '--simulator', 'modelsim']),
  cli_unknown_scenario: () => cli(['cosim', ...engine, '--simulator', 'icarus', '--scenario', 'chaos']),
  config_not_object: () => cli(['ir', '--config', config('array.json', [1])]),
  config_unknown_field: () => cli(['ir', '--config', config('unknown.json', { pattern: '2:4', rows: 1, cols: 1, colour: 'red' })]),
  config_missing_field: () => cli(['ir', '--pattern', '2:4', '--cols', '1']),
  config_missing_pattern: () => cli(['ir', '--rows', '1', '--cols', '1']),
  config_pattern_conflict: () => cli(['ir', '--config', config('conflict.json', { pattern: '2:4', n: 2, m: 4, rows: 1, cols: 1 })]),
  config_pattern_syntax: () => cli(['ir', '--pattern', 'half', '--rows', '1', '--cols', '1']),
  config_m_not_legal: () => cli(['ir', '--pattern', '2:3', '--rows', '1', '--cols', '1']),
  config_n_out_of_range: () => cli(['ir', '--pattern', '0:4', '--rows', '1', '--cols', '1']),
  config_n_exceeds_m: () => cli(['ir', '--pattern', '5:4', '--rows', '1', '--cols', '1']),
  config_not_integer: () => cli(['ir', '--config', config('huge.json', '{"pattern": "2:4", "rows": 1e400, "cols": 1}')]),
  config_window_not_multiple_of_m: () => cli(['ir', ...engine, '--window', '6']),
  config_meta_unknown: () => cli(['ir', ...engine, '--meta', 'bitmap']),
  config_modes_not_list: () => cli(['ir', '--config', config('modes3.json', { pattern: '8:16', modes: 3, rows: 1, cols: 1 })]),
  config_modes_first_differs: () => cli(['ir', '--config', config('modes-first.json', { pattern: '8:16', modes: ['4:8', '8:16'], rows: 1, cols: 1 })]),
  config_mode_m_not_dividing_window: () => cli(['ir', '--config', config('modes-div.json', { pattern: '8:16', modes: ['8:16', '16:32'], window: 16, rows: 1, cols: 1 })]),
  config_mode_lanes_differ: () => cli(['ir', '--config', config('modes-lanes.json', { pattern: '8:16', modes: ['8:16', '2:16'], rows: 1, cols: 1 })]),
  config_mode_duplicate: () => cli(['ir', ...engine.slice(2), '--modes', '2:4,2:4']),
  config_flexible_dense: () => cli(['ir', '--config', config('dense-modes.json', { modes: ['8:8', '4:4'], rows: 1, cols: 1 })]),
  config_org_unknown: () => cli(['ir', '--modes', '2:4,4:8', '--rows', '1', '--cols', '1', '--org', 'sorter']),
  config_org_without_modes: () => cli(['ir', ...engine, '--org', 'rank']),
  config_org_bitonic_needs_half: () => cli(['ir', '--modes', '1:4,2:8', '--rows', '1', '--cols', '1', '--org', 'bitonic']),
  config_schedule_invalid: () => cli(['ir', '--config', config('schedule.json', { pattern: '2:4', rows: 1, cols: 1, schedule: { psumCut: 'thirds' } })]),
  config_target_mhz_invalid: () => cli(['ir', ...engine, '--target-mhz', '-5']),
  config_timing_margin_invalid: () => cli(['ir', ...engine, '--target-mhz', '500', '--timing-margin-pct', 'five']),
  config_schedule_objective_invalid: () => cli(['ir', ...engine, '--target-mhz', '500', '--schedule-objective', 'power']),
  schedule_target_unreachable: () => cli(['generate', ...engine, '--target-mhz', '20000', '--out', p('unreachable')]),
  config_m_out_of_range: () => cli(['ir', '--config', config('m128.json', { n: 1, m: 128, rows: 1, cols: 1 })]),
  config_window_out_of_range: () => cli(['ir', ...engine, '--window', '512']),
  config_rows_out_of_range: () => cli(['ir', '--pattern', '2:4', '--rows', '70', '--cols', '1']),
  config_cols_out_of_range: () => cli(['ir', '--pattern', '2:4', '--rows', '1', '--cols', '0']),
  config_act_bits_out_of_range: () => cli(['ir', ...engine, '--act-bits', '1']),
  config_weight_bits_out_of_range: () => cli(['ir', ...engine, '--weight-bits', '17']),
  config_acc_bits_out_of_range: () => cli(['ir', ...engine, '--acc-bits', '8']),
  io_output_path_empty: () => cli(['generate', ...engine, '--out', '']),
  io_output_not_directory: () => cli(['generate', ...engine, '--out', config('a-file', 'x')]),
  io_output_entry_is_directory: () => {
    mkdirSync(p('engine-with-dir/manifest.json'), { recursive: true });
    return cli(['generate', ...engine, '--out', p('engine-with-dir')]);
  },
  io_output_unwritable: () => cli(['generate', ...engine, '--out', '/sys/nmcore-not-writable']),
  tool_missing: () => spawnWithTools(['verify', ...engine, '--simulator', 'icarus'], {}),
  tool_failed: () => spawnWithTools(['cosim', ...engine, '--simulator', 'icarus', '--cycles', '20'], {
    iverilog: 'if [ "$1" = "-V" ]; then echo "Icarus Verilog version 11.0 (fake)"; exit 0; fi\necho "fake iverilog: cannot compile" >&2; exit 3',
  }),
  tool_cache_unwritable: () => spawnWithTools(['cosim', ...engine, '--simulator', 'verilator', '--cycles', '20'], {
    verilator: 'echo "Verilator 5.006 (fake)"; exit 0',
  }, { NMCORE_CACHE_DIR: '/sys/nmcore-cache' }),
  trace_file_unreadable: () => cli(['trace', 'info', p('missing.npy')]),
  trace_truncated: () => { writeFileSync(p('short.safetensors'), new Uint8Array([1, 2, 3])); return cli(['trace', 'info', p('short.safetensors')]); },
  trace_bad_header: () => { writeFileSync(p('badhdr.safetensors'), safetensorsRaw('{"a.input": ', new Uint8Array(0))); return cli(['trace', 'info', p('badhdr.safetensors')]); },
  trace_header_beyond_file: () => { writeFileSync(p('beyond.safetensors'), safetensorsRaw('{}', new Uint8Array(0), 4096)); return cli(['trace', 'info', p('beyond.safetensors')]); },
  trace_unknown_dtype: () => { writeFileSync(p('i8.safetensors'), safetensorsBytes({ 'a.input': { dtype: 'C64', shape: [1, 4], offsets: [0, 32] } }, new Uint8Array(32))); return cli(['trace', 'info', p('i8.safetensors')]); },
  trace_shape_mismatch: () => { writeFileSync(p('shape.safetensors'), safetensorsBytes({ 'a.input': { dtype: 'F32', shape: [2, 4], offsets: [0, 16] } }, f32([1, 2, 3, 4]))); return cli(['trace', 'info', p('shape.safetensors')]); },
  trace_overlapping_data: () => {
    writeFileSync(p('overlap.safetensors'), safetensorsBytes({ 'a.input': { dtype: 'F32', shape: [1, 4], offsets: [0, 16] }, 'b.input': { dtype: 'F32', shape: [1, 4], offsets: [8, 24] } }, f32([1, 2, 3, 4, 5, 6])));
    return cli(['trace', 'info', p('overlap.safetensors')]);
  },
  trace_format_mismatch: () => cli(['trace', 'synth', '--model', 'llama-2-7b', '--projection', 'k', '--tokens', '1', '--out', p('x.npy')]),
  trace_too_large: () => cli(['trace', 'synth', '--model', 'llama-2-7b', '--projection', 'down', '--tokens', '1000000', '--out', p('huge.safetensors')]),
  trace_empty: () => { writeFileSync(p('empty.safetensors'), safetensorsBytes({ 'a.input': { dtype: 'F32', shape: [0, 4], offsets: [0, 0] } }, new Uint8Array(0))); return cli(['trace', 'info', p('empty.safetensors')]); },
  trace_duplicate_layer: () => {
    writeFileSync(p('dup.safetensors'), safetensorsBytes({ a: { dtype: 'F32', shape: [1, 4], offsets: [0, 16] }, 'a.input': { dtype: 'F32', shape: [1, 4], offsets: [16, 32] } }, f32([1, 2, 3, 4, 5, 6, 7, 8])));
    return cli(['trace', 'info', p('dup.safetensors')]);
  },
  trace_non_finite: () => { writeFileSync(p('nan.safetensors'), safetensorsBytes(input4, f32([1, Number.NaN, 3, 4]))); return cli(['trace', 'info', p('nan.safetensors')]); },
  trace_unknown_layer: () => cli(['trace', 'info', example, '--layer', 'nope']),
  trace_unknown_model: () => cli(['trace', 'synth', '--model', 'gpt-5', '--projection', 'k', '--out', p('m.safetensors')]),
  trace_unknown_projection: () => cli(['trace', 'synth', '--model', 'llama-2-7b', '--projection', 'qq', '--out', p('m.safetensors')]),
  trace_bad_option: () => cli(['trace', 'synth', '--model', 'llama-2-7b', '--projection', 'k', '--dtype', 'f8', '--out', p('m.safetensors')]),
  synth_bad_file_name: () => cli(['synth-module', config('my block.v', 'module m; endmodule\n'), '--top', 'm']),
  synth_no_sources: () => cli(['synth-module', config('notes.txt', 'no Verilog here'), '--top', 'm']),
  synth_bad_top: () => cli(['synth-module', config('m.v', 'module m; endmodule\n'), '--top', '1m']),
  synth_bad_param_name: () => cli(['synth-module', config('m.v', 'module m; endmodule\n'), '--top', 'm', '--param', 'W-1=4']),
  synth_bad_param_value: () => cli(['synth-module', config('m.v', 'module m; endmodule\n'), '--top', 'm', '--param', 'W=-4']),
  study_unreadable: () => cli(['sweep', p('no-such-study.json'), '--out', p('sw0')]),
  study_not_json: () => cli(['sweep', config('bad-study.json', '{ nope'), '--out', p('sw1')]),
  study_not_object: () => cli(['sweep', config('list-study.json', [1, 2]), '--out', p('sw2')]),
  study_bad_field: () => cli(['sweep', config('field-study.json', study({ bandwidthBytesPerCycle: -1 })), '--out', p('sw3')]),
  study_channels_not_multiple: () => {
    writeFileSync(p('k4.safetensors'), safetensorsBytes(input4, f32([1, 2, 3, 4])));
    return cli(['sweep', config('k4-study.json', study({ axes: { patterns: ['8:16'], sizes: ['1x1'] }, traces: [p('k4.safetensors')] })), '--out', p('sw4')]);
  },
  sweep_bad_queue_url: () => cli(['sweep', config('q-study.json', study({})), '--out', p('sw6'), '--queue', 'http://127.0.0.1:6379']),
  sweep_queue_unreachable: () => cli(['sweep', config('q2-study.json', study({})), '--out', p('sw7'), '--queue', 'redis://127.0.0.1:1']),
  sweep_icarus_missing: () => spawnWithTools(['sweep', config('cosim-study.json', study({ run: ['cosim'] })), '--out', p('sw8')], {}),
  sweep_trace_unreadable: () => cli(['sweep', config('tr-study.json', study({ traces: [p('missing.safetensors')] })), '--out', p('sw9')]),
  trace_no_calibration: () => cli(['trace', 'synth', '--model', 'qwen2.5-7b', '--projection', 'k', '--calibration', 'measured', '--out', p('c.safetensors')]),
  trace_bad_metadata: () => { writeFileSync(p('meta.safetensors'), safetensorsBytes(input4, f32([1, 2, 3, 4]), { 'a.layer': 'first' })); return cli(['trace', 'info', p('meta.safetensors')]); },
  trace_orphan_weight: () => {
    writeFileSync(p('orphan.safetensors'), safetensorsBytes({ ...input4, 'b.weight': { dtype: 'F32', shape: [1, 4], offsets: [16, 32] } }, f32([1, 2, 3, 4, 5, 6, 7, 8])));
    return cli(['trace', 'info', p('orphan.safetensors')]);
  },
  trace_unknown_member: () => {
    writeFileSync(p('member.npz'), npzBytes({ 'a.input.npy': npyBytes('<f4', [1, 4], f32([1, 2, 3, 4])), 'notes.txt': new TextEncoder().encode('hello') }));
    return cli(['trace', 'info', p('member.npz')]);
  },
  replay_out_channels_mismatch: () => cli(['simulate', '--trace', twoLayers, '--pattern', '8:16', '--rows', '1', '--cols', '1', '--layer', 'attn_q', '--out-channels', '5']),
  replay_unknown_out_channels: () => cli(['simulate', '--trace', twoLayers, '--pattern', '8:16', '--rows', '1', '--cols', '1']),
  report_channels_not_multiple: () => {
    writeFileSync(p('k4.safetensors'), safetensorsBytes(input4, f32([1, 2, 3, 4])));
    return cli(['report', '--trace', p('k4.safetensors'), '--patterns', '8:16', '--criteria', 'magnitude', '--mitigations', 'none', '--out', p('rep-k4')]);
  },
  measured_bad_file: () => cli(['report', '--measured', config('measured.json', { format: 'other' }), '--out', p('rep-measured')]),
};

const cliCodes = (Object.keys(CATALOGUE) as DiagnosticCode[]).filter((c) => CATALOGUE[c].reach === 'cli');

describe('error catalogue', () => {
  beforeAll(() => {
    // The tool cases spawn the built CLI.
    if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('run `npm run build` first: the tool cases spawn dist/src/cli/main.js');
  });

  it('has a CLI case for every entry the CLI can reach, and no case for anything else', () => {
    expect(Object.keys(CASES).sort()).toEqual([...cliCodes].sort());
  });

  it.each(cliCodes)('%s is reached from the CLI with its exit code', async (code) => {
    const r = await CASES[code]!();
    expect(codesIn(r), `stdout: ${r.out.slice(0, 400)}\nstderr: ${r.err.slice(0, 800)}`).toContain(code);
    const entry = CATALOGUE[code];
    if (entry.severity === 'error') expect(r.code).toBe(entry.exit);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
  }, 60_000);

  it('docs/errors.md lists every code with its fix, and nothing else', () => {
    const docPath = join(root, 'docs', 'errors.md');
    if (process.env.UPDATE_DOCS === '1') writeFileSync(docPath, errorsMarkdown());
    const doc = readFileSync(docPath, 'utf8');
    expect(doc, 'docs/errors.md is stale: UPDATE_DOCS=1 npx vitest run test/errors/catalogue.test.ts').toBe(errorsMarkdown());
    const listed = [...doc.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]!);
    expect(listed.sort()).toEqual(Object.keys(CATALOGUE).sort());
    for (const [code, entry] of Object.entries(CATALOGUE)) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\` |`))!;
      expect(row, code).toContain(entry.fix.replace(/\|/g, '\\|'));
    }
  });

  it('builds no diagnostic code at run time (every error()/warning() call names a literal code)', () => {
    const offenders: string[] = [];
    const walk = (d: string): void => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const f = join(d, e.name);
        if (e.isDirectory()) walk(f);
        else if (f.endsWith('.ts') && /\b(error|warning)\(\s*`/.test(readFileSync(f, 'utf8'))) offenders.push(f);
      }
    };
    walk(join(root, 'src'));
    walk(join(root, 'sim'));
    expect(offenders).toEqual([]);
  });

  it('prints errors as JSON under --json: {"error": {code, message, fix}}', async () => {
    const r = await cli(['ir', '--pattern', '9:12', '--rows', '70', '--cols', '4', '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const j = JSON.parse(r.out) as { error: { code: string; message: string; fix: string }; diagnostics: { code: string }[] };
    expect(j.error.code).toBe('config_m_not_legal');
    expect(j.error.fix).toBe(CATALOGUE.config_m_not_legal.fix);
    expect(j.diagnostics.map((d) => d.code)).toEqual(['config_m_not_legal', 'config_rows_out_of_range']);
  });
});
