// Fuzzing the trace readers (safetensors, .npy, .npz) and the config parser (JSON + validateConfig,
// and elaborate() on what it accepts) in process: seeded (NMCORE_SEED to replay; the seed is
// printed), a fixed number of mutants of real files (>= 100k in total), each bounded in time. A
// reader must return diagnostics, never throw, never hang, and never return more decoded data than
// the file can hold (4-byte floats from at least 2-byte elements: at most 2x the file's bytes).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { parseNpy } from '../../src/trace/npy_reader.js';
import { parseNpz } from '../../src/trace/npz_reader.js';
import { parseSafetensors } from '../../src/trace/safetensors_reader.js';
import type { ReadResult, TraceFile } from '../../src/trace/types.js';
import { suiteSeed } from '../helpers/engines.js';
import { f32, npyBytes, npzBytes, safetensorsBytes } from '../errors/fixtures.js';
import { fuzz } from './mutator.js';

const examples = join(import.meta.dirname, '..', '..', 'traces', 'examples');
const file = (name: string): Uint8Array => new Uint8Array(readFileSync(join(examples, name)));
const seed = suiteSeed('fuzz');
const HANG_MS = 2000;
const counts = { safetensors: 40_000, npy: 30_000, npz: 8_000, config: 30_000 };

/** A reader's result is fine when it has a trace xor an error, and no more data than the file holds. */
function checkTrace(bytes: Uint8Array, r: ReadResult<TraceFile>): { accepted: boolean; problem?: string } {
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (r.value === undefined) return errors.length > 0 ? { accepted: false } : { accepted: false, problem: 'no trace and no error' };
  if (errors.length > 0) return { accepted: true, problem: 'a trace and an error' };
  let floats = 0;
  for (const l of r.value.layers) {
    if (l.values.length !== l.tokens * l.channels) return { accepted: true, problem: `layer ${l.name}: ${l.values.length} values for ${l.tokens} x ${l.channels}` };
    floats += l.values.length + (l.weights?.values.length ?? 0);
  }
  if (floats * 4 > 2 * bytes.length + 64) return { accepted: true, problem: `${floats * 4} bytes of floats from a ${bytes.length}-byte file` };
  return { accepted: true };
}

const small = safetensorsBytes({ 'a.input': { dtype: 'F32', shape: [2, 4], offsets: [0, 32] }, 'a.weight': { dtype: 'BF16', shape: [2, 4], offsets: [32, 48] } },
  new Uint8Array([...f32([1, -2, 3, -4, 0.5, 0, 7, 8]), ...new Uint8Array(16).fill(0x3f)]), { 'a.layer': '3', 'a.projection': 'down', model: 'llama-2-7b' });

describe('fuzzing the readers and the config parser', () => {
  it(`safetensors: ${counts.safetensors} mutants`, () => {
    const s = fuzz('safetensors', seed, [file('llama_gate_t16_k64.safetensors'), small], counts.safetensors, HANG_MS, (b) => checkTrace(b, parseSafetensors(b, 'fuzz.safetensors')));
    console.log(`[fuzz] safetensors: ${s.inputs} inputs, ${s.accepted} accepted, slowest ${s.slowestMs.toFixed(1)} ms`);
    expect(s.inputs).toBe(counts.safetensors);
  }, 120_000);

  it(`npy: ${counts.npy} mutants`, () => {
    const mini = npyBytes('<f4', [2, 4], f32([1, 2, 3, 4, 5, 6, 7, 8]));
    const s = fuzz('npy', seed + 1, [file('llama_gate_t16_k64_f16.npy'), mini], counts.npy, HANG_MS, (b) => checkTrace(b, parseNpy(b, 'x', 'fuzz.npy')));
    console.log(`[fuzz] npy: ${s.inputs} inputs, ${s.accepted} accepted, slowest ${s.slowestMs.toFixed(1)} ms`);
    expect(s.inputs).toBe(counts.npy);
  }, 120_000);

  it(`npz: ${counts.npz} mutants`, () => {
    const mini = npzBytes({ 'a.input.npy': npyBytes('<f4', [2, 4], f32([1, 2, 3, 4, 5, 6, 7, 8])) });
    const s = fuzz('npz', seed + 2, [file('two_layers.npz'), mini], counts.npz, HANG_MS, (b) => checkTrace(b, parseNpz(b, 'fuzz.npz')));
    console.log(`[fuzz] npz: ${s.inputs} inputs, ${s.accepted} accepted, slowest ${s.slowestMs.toFixed(1)} ms`);
    expect(s.inputs).toBe(counts.npz);
  }, 120_000);

  it(`config: ${counts.config} mutants of JSON descriptions`, () => {
    const seeds = [
      { pattern: '8:16', window: 32, rows: 4, cols: 4, meta: 'bitmask' },
      { n: 2, m: 4, rows: 1, cols: 2, actBits: 4, weightBits: 3, accBits: 12 },
      { pattern: '16:32', modes: ['16:32', '8:16'], rows: 2, cols: 2 },
    ].map((c) => new TextEncoder().encode(JSON.stringify(c)));
    const s = fuzz('config', seed + 3, seeds, counts.config, HANG_MS, (b) => {
      let value: unknown;
      try {
        value = JSON.parse(new TextDecoder().decode(b));
      } catch {
        return { accepted: false }; // the CLI reports cli_config_not_json
      }
      const v = validateConfig(value);
      const errors = v.diagnostics.filter((d) => d.severity === 'error');
      if (v.config === undefined) return errors.length > 0 ? { accepted: false } : { accepted: false, problem: 'rejected without an error' };
      if (errors.length > 0) return { accepted: true, problem: 'accepted with an error' };
      // Small accepted descriptions are elaborated too (the next step of every engine command).
      if (v.config.rows * v.config.cols <= 16) elaborate(v.config);
      return { accepted: true };
    });
    console.log(`[fuzz] config: ${s.inputs} inputs, ${s.accepted} accepted, slowest ${s.slowestMs.toFixed(1)} ms`);
    expect(s.inputs).toBe(counts.config);
  }, 120_000);

  it('runs at least 100k mutated inputs in total', () => {
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100_000);
  });
});
