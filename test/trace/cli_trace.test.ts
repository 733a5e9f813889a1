// `trace info` and `trace synth` driven in-process through commander: output with units, JSON,
// atomic writes, and UserError diagnostics for bad options and bad files (nothing half-written).

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { packagePath } from '../../src/io/package_root.js';
import { registerTraceCommands } from '../../src/cli/commands/trace.js';
import { readTraceFile } from '../../src/trace/read_trace.js';

const dir = mkdtempSync(join(tmpdir(), 'nmcore-trace-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ out: string; err: string }> {
  let out = '', err = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { err += s; } });
  registerTraceCommands(program, { out: (s) => { out += s; }, err: (s) => { err += s; } });
  await program.parseAsync(args, { from: 'user' });
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

describe('trace info', () => {
  it('prints shapes, dtypes and statistics with units', async () => {
    const { out } = await run(['trace', 'info', packagePath('traces', 'examples', 'llama_gate_t16_k64.safetensors')]);
    expect(out).toContain('layer model.layers.0.mlp.gate_proj (Llama-2-7B, layer 0, gate_proj, synthetic)');
    expect(out).toContain('input    16 tokens x 64 channels, BF16, 2048 bytes');
    expect(out).toContain('weights  32 output channels x 64 channels, BF16, 4096 bytes');
    expect(out).toMatch(/ties {5}\d+ tied groups \(\d+\.\d %/);
    expect(out).toContain('N:M statistics for 8:16, 8-bit');
  });
  it('prints JSON with --json, honouring --pattern, --act-bits and --block-tokens', async () => {
    const { out } = await run(['trace', 'info', packagePath('traces', 'examples', 'two_layers.npz'), '--json', '--pattern', '2:4', '--act-bits', '4', '--block-tokens', '4']);
    const info = JSON.parse(out) as { pattern: { n: number; m: number }; actBits: number; layers: { name: string; nm: { groupsPerToken: number; blocks: number } }[] };
    expect(info.pattern).toEqual({ n: 2, m: 4 });
    expect(info.actBits).toBe(4);
    expect(info.layers.map((l) => [l.name, l.nm.groupsPerToken, l.nm.blocks])).toEqual([['attn_q', 16, 2], ['mlp_down', 24, 2]]);
  });
  it('filters one layer with --layer', async () => {
    const { out } = await run(['trace', 'info', packagePath('traces', 'examples', 'tiny_llama_layer3.safetensors'), '--layer', 'model.layers.3.mlp.down_proj']);
    expect(out).toContain('1 layer(s)');
    expect(out).toContain('32 tokens x 352 channels, F16');
  });
  it('throws UserError with the reader diagnostic for a bad file, and for bad options', async () => {
    expect(await codesOf(['trace', 'info', packagePath('traces', 'examples', 'bad', 'truncated.safetensors')])).toEqual(['trace_truncated']);
    expect(await codesOf(['trace', 'info', 'x.safetensors', '--pattern', '9:8', '--act-bits', '1'])).toEqual(['config_n_exceeds_m', 'cli_bad_number']);
    expect(await codesOf(['trace', 'info', packagePath('traces', 'examples', 'two_layers.npz'), '--layer', 'nope'])).toEqual(['trace_unknown_layer']);
  });
});

describe('trace synth', () => {
  it('writes a trace that reads back with the requested shapes', async () => {
    const out = join(dir, 'kv.safetensors');
    const { out: text } = await run(['trace', 'synth', '--model', 'qwen2.5-7b', '--projection', 'v,k', '--layer', '4', '--tokens', '6', '--seed', '5', '--dtype', 'f16', '--with-weights', '--out', out]);
    expect(text).toMatch(/wrote .*kv\.safetensors: \d+ bytes, Qwen2\.5-7B layer 4, seed 5, F16/);
    expect(text).toContain('model.layers.4.self_attn.v_proj: 6 tokens x 3584 channels, weights 512 x 3584 channels');
    const r = readTraceFile(out);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.layers.map((l) => [l.name, l.tokens, l.channels, l.dtype, l.weights?.outChannels, l.meta.layer, l.meta.projection])).toEqual([
      ['model.layers.4.self_attn.v_proj', 6, 3584, 'F16', 512, 4, 'v'], ['model.layers.4.self_attn.k_proj', 6, 3584, 'F16', 512, 4, 'k'],
    ]);
  });
  it('prints a JSON summary with --json', async () => {
    const out = join(dir, 'all.safetensors');
    const { out: text } = await run(['trace', 'synth', '--model', 'gemma3-4b', '--projection', 'all', '--tokens', '2', '--out', out, '--json']);
    const s = JSON.parse(text) as { bytes: number; layers: { channels: number }[]; dtype: string };
    expect(s.layers.map((l) => l.channels)).toEqual([2560, 2560, 2560, 2048, 2560, 2560, 10240]);
    expect(s.dtype).toBe('BF16');
    expect(s.bytes).toBeGreaterThan(2 * 2 * (2560 * 5 + 2048 + 10240));
  });
  it('reports every bad option at once and writes nothing', async () => {
    const out = join(dir, 'bad.safetensors');
    const codes = await codesOf(['trace', 'synth', '--model', 'gpt-5', '--projection', 'qq', '--tokens', '0', '--seed', '-1', '--dtype', 'f8', '--out', out]);
    expect(codes).toEqual(['trace_unknown_model', 'trace_unknown_projection', 'cli_bad_number', 'cli_bad_number', 'trace_bad_option']);
    expect(existsSync(out)).toBe(false);
  });
  it('refuses a layer index beyond the model', async () => {
    expect(await codesOf(['trace', 'synth', '--model', 'qwen2.5-7b', '--projection', 'o', '--layer', '28', '--out', join(dir, 'x.safetensors')])).toEqual(['cli_bad_number']);
  });
  it('turns a write failure into io_output_unwritable and leaves no temp file', async () => {
    // /sys refuses new entries even to root (chmod does not stop root).
    expect(await codesOf(['trace', 'synth', '--model', 'llama-2-7b', '--projection', 'k', '--tokens', '1', '--out', '/sys/nmcore-no-such-dir/x.safetensors'])).toEqual(['io_output_unwritable']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp') || f.includes('nmcore-tmp'))).toEqual([]);
  });
  it('calibrates the three measured models by default, and refuses --calibration measured elsewhere', async () => {
    const out = join(dir, 'cal.safetensors');
    for (const [model, want] of [['mistral-7b', 'measured'], ['llama-3-8b', 'measured'], ['qwen2.5-7b', 'none']]) {
      const { out: text } = await run(['trace', 'synth', '--model', model, '--projection', 'o', '--tokens', '2', '--out', out, '--json']);
      expect((JSON.parse(text) as { calibration: string }).calibration, model).toBe(want);
    }
    const { out: none } = await run(['trace', 'synth', '--model', 'llama-2-7b', '--projection', 'o', '--tokens', '2', '--calibration', 'none', '--out', out, '--json']);
    expect((JSON.parse(none) as { calibration: string }).calibration).toBe('none');
    expect(await codesOf(['trace', 'synth', '--model', 'gemma3-4b', '--projection', 'o', '--calibration', 'measured', '--out', join(dir, 'y.safetensors')])).toEqual(['trace_no_calibration']);
    expect(await codesOf(['trace', 'synth', '--model', 'gemma3-4b', '--projection', 'o', '--calibration', 'teal', '--out', join(dir, 'y.safetensors')])).toEqual(['trace_bad_option']);
    expect(existsSync(join(dir, 'y.safetensors'))).toBe(false);
  });
  it('documents every option in --help', () => {
    const trace = registerTraceCommands(new Command());
    const help = trace.commands.map((c) => c.helpInformation()).join('\n');
    for (const flag of ['--model', '--projection', '--layer', '--tokens', '--seed', '--dtype', '--calibration', '--with-weights', '--out', '--json', '--pattern', '--act-bits', '--block-tokens']) {
      expect(help).toContain(flag);
    }
    expect(help).toContain('(default: "8:16")');
  });
});
