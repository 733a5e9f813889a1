// `nmcore simulate` in process: text and JSON reports, --out written whole, and one clear
// diagnostic per bad option, bad trace file, unknown layer or unknown output-channel count.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { registerSimulateCommand } from '../../src/cli/commands/simulate.js';
import { EXAMPLES } from './helpers.js';
import { tempDir } from '../helpers/temp.js';
import { readTraceFile } from '../../src/trace/read_trace.js';
import { referenceDotProduct } from '../../src/ref/functional.js';
import { quantizeActivations, weightCodes } from '../../sim/replay/layer_operands.js';

async function simulate(...args: string[]): Promise<{ out: string; err: string; error?: unknown }> {
  let out = '', err = '';
  const program = new Command().exitOverride().configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { err += s; } });
  registerSimulateCommand(program, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  for (const c of program.commands) c.exitOverride();
  try {
    await program.parseAsync(['simulate', ...args], { from: 'user' });
    return { out, err };
  } catch (e) {
    return { out, err, error: e };
  }
}

const messages = (e: unknown): string => (e instanceof UserError ? e.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n') : String(e));
const DOWN = join(EXAMPLES, 'llama2_down_t8_k11008.safetensors');
const GATE = join(EXAMPLES, 'llama_gate_t16_k64.safetensors');

describe('nmcore simulate', () => {
  it('prints a per-layer report and a summary, every quantity with its unit', async () => {
    const r = await simulate('--trace', DOWN, '--pattern', '8:16', '--rows', '16', '--cols', '16', '--bandwidth', '64');
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(/O = 4096 output channels \(O from model shape\)/);
    expect(r.out).toMatch(/slices per dot product \(S = ceil\(K\/W\)\)\s+688\s+slices/);
    expect(r.out).toMatch(/MAC utilization .*%/);
    expect(r.out).toMatch(/speedup over dense\s+[\d.]+\s+x/);
    expect(r.out).toMatch(/weights moved\s+[\d,]+\s+bytes/);
    expect(r.out).toMatch(/^total\s/m);
  });

  it('--json: reports, totals and the memory model used', async () => {
    const r = await simulate('--trace', GATE, '--preset', 'nm2of4_r4c4', '--top', 'core', '--out-channels', '32', '--json');
    expect(r.error).toBeUndefined();
    const j = JSON.parse(r.out);
    expect(j.engine.top).toBe('nm_engine_core');
    expect(j.memory.bandwidthBytesPerCycle).toBe('unlimited');
    expect(j.layers).toHaveLength(1);
    const l = j.layers[0];
    expect(l.totalCycles).toBe(l.tiling.slices + l.timing.latencyCycles);
    expect(l.bytes.metadataBytes).toBeGreaterThan(0);
    expect(j.totals.totalCycles).toBe(l.totalCycles);
    // Energy per layer: the counts of the replay, parts that add up to the total.
    const e = j.energy[0];
    expect(e.layer).toBe(l.layer);
    expect(e.counts.macsNonZero).toBe(l.keptNonZeroValues * l.outChannels);
    const sum = e.energy.parts.reduce((s: number, p: { pj: number }) => s + p.pj, 0);
    expect(Math.abs(sum - e.energy.totalPj)).toBeLessThanOrEqual(1e-9 * e.energy.totalPj);
    expect(j.energyTotalPj).toBe(e.energy.totalPj);
  });

  it('prints the energy of each layer with its breakdown, per MAC and per token', async () => {
    const r = await simulate('--trace', GATE, '--pattern', '8:16', '--rows', '4', '--cols', '4');
    expect(r.error).toBeUndefined();
    expect(r.out).toMatch(/energy of layer .* \(clock [\d.]+ ns from the timing model\)/);
    for (const part of ['mac_nonzero', 'mac_zero', 'comparisons', 'act_selections', 'wgt_selections', 'off_chip', 'leakage']) expect(r.out).toMatch(new RegExp(`^\\s*${part}\\s+[\\d.e]+\\s`, 'm'));
    expect(r.out).toMatch(/[\d.]+ pJ per useful MAC, [\d.e]+ pJ per token/);
    expect(r.out).toMatch(/per token \(pJ\)/);
  });

  it('--out writes replay.json and replay.txt together', async () => {
    const dir = join(tempDir('nmcore-sim-'), 'rep');
    const r = await simulate('--trace', GATE, '--pattern', '8:16', '--rows', '4', '--cols', '4', '--out', dir);
    expect(r.error).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['replay.json', 'replay.txt']);
    expect(JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8')).layers[0].outChannelsSource).toBe('trace weights');
  });

  it('takes bandwidths as people write them (1e3, .5)', async () => {
    const r = await simulate('--trace', GATE, '--pattern', '8:16', '--rows', '2', '--cols', '2', '--bandwidth', '1e3', '--weight-bandwidth', '.5', '--json');
    expect(r.error).toBeUndefined();
    expect(JSON.parse(r.out).memory).toMatchObject({ bandwidthBytesPerCycle: 1000, weightBandwidthBytesPerCycle: 0.5 });
  });

  it('bad options: one diagnostic each, nothing written', async () => {
    const dir = join(tempDir('nmcore-sim-'), 'rep');
    const r = await simulate('--trace', GATE, '--pattern', '8:12', '--bandwidth', '-3', '--weight-bandwidth', 'fast', '--top', 'gpu', '--out', dir);
    const text = messages(r.error);
    expect(text).toMatch(/--bandwidth must be a positive number of bytes per cycle \(e\.g\. 64, 1e3, \.5\), not '-3'/);
    expect(text).toMatch(/--weight-bandwidth must be a positive number/);
    expect(text).toMatch(/--top must be one of engine, core, not 'gpu'/);
    expect(text).toMatch(/m/);
    expect(r.error).toBeInstanceOf(UserError);
    expect((r.error as UserError).diagnostics.length).toBeGreaterThanOrEqual(4);
    expect(existsSync(dir)).toBe(false);
  });

  it('bad trace files are rejected with the reader\'s diagnostics', async () => {
    for (const f of ['truncated.safetensors', 'header_beyond_file.safetensors', 'non_finite.safetensors', 'empty_tokens.safetensors', 'unknown_dtype.safetensors']) {
      const r = await simulate('--trace', join(EXAMPLES, 'bad', f), '--pattern', '2:4', '--rows', '2', '--cols', '2', '--out-channels', '4');
      expect(r.error, f).toBeInstanceOf(UserError);
      expect(r.out).toBe('');
    }
    const missing = await simulate('--trace', join(EXAMPLES, 'no_such_file.safetensors'), '--pattern', '2:4', '--rows', '2', '--cols', '2');
    expect(messages(missing.error)).toMatch(/trace_file_unreadable/);
  });

  it('unknown layer and unknown O are named', async () => {
    const a = await simulate('--trace', GATE, '--pattern', '2:4', '--rows', '2', '--cols', '2', '--layer', 'nope', '--out-channels', '4');
    expect(messages(a.error)).toMatch(/--layer 'nope' is not in .*; layers: /);
    const b = await simulate('--trace', join(EXAMPLES, 'llama_gate_t16_k64_f16.npy'), '--pattern', '2:4', '--rows', '2', '--cols', '2');
    expect(messages(b.error)).toMatch(/pass --out-channels/);
  });

  it('--functional --out: one .npy per layer with the engine outputs, equal to the contract reference', async () => {
    const dir = join(tempDir('nmcore-sim-'), 'rep');
    const r = await simulate('--trace', GATE, '--pattern', '2:4', '--window', '8', '--rows', '2', '--cols', '2', '--functional', '--out', dir);
    expect(messages(r.error)).toBe('undefined');
    const layer = readTraceFile(GATE).value!.layers[0]!;
    const O = layer.weights!.outChannels;
    const file = readdirSync(dir).find((f) => f.startsWith('functional_') && f.endsWith('.npy'));
    expect(file).toBeDefined();
    const bytes = readFileSync(join(dir, file!));
    const headerLength = bytes[8]! | (bytes[9]! << 8);
    const header = bytes.subarray(10, 10 + headerLength).toString('latin1');
    expect(header).toContain("'descr': '<i4'");
    expect(header).toContain(`'shape': (${layer.tokens}, ${O})`);
    const got = Array.from(new Int32Array(bytes.buffer.slice(bytes.byteOffset + 10 + headerLength, bytes.byteOffset + bytes.length)));
    // Reference: the contract's dot product (naive top-n, bigint sums) on the replay's operand codes.
    const x = quantizeActivations(layer, 8), w = weightCodes(layer, O, 8, 1);
    const K = layer.channels;
    const expected: number[] = [];
    for (let t = 0; t < layer.tokens; t++) {
      const act = Int32Array.from(x.subarray(t * K, (t + 1) * K));
      for (let o = 0; o < O; o++) {
        const wgt = Int32Array.from(w.subarray(o * K, (o + 1) * K));
        expected.push(Number(referenceDotProduct({ windowChannels: K, rows: 1, cols: 1, accBits: 32 }, { n: 2, m: 4 }, [{ act, wgt, last: true, mode: 0 }])[0]));
      }
    }
    expect(got).toEqual(expected);
    expect(JSON.parse(readFileSync(join(dir, 'replay.json'), 'utf8')).functional[0].file).toBe(file);
  });
});
