// Literal builders of small trace files for the error tests (safetensors and .npy/.npz written byte by
// byte from the format specifications, not with nmcore's writer), and an in-process CLI runner.

import { zipSync } from 'fflate';
import { runCli } from '../../src/cli/main.js';

export interface TensorSpec {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly offsets: readonly [number, number];
}

/** safetensors: u64 little-endian header length, JSON header, raw data (spec: huggingface/safetensors README). */
export function safetensorsBytes(tensors: Record<string, TensorSpec>, data: Uint8Array, metadata?: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) header.__metadata__ = metadata;
  for (const [name, t] of Object.entries(tensors)) header[name] = { dtype: t.dtype, shape: t.shape, data_offsets: t.offsets };
  return safetensorsRaw(JSON.stringify(header), data);
}

/** safetensors with a given header text (possibly malformed). */
export function safetensorsRaw(headerText: string, data: Uint8Array, declaredLength?: number): Uint8Array {
  const head = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + head.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLength ?? head.length), true);
  out.set(head, 8);
  out.set(data, 8 + head.length);
  return out;
}

/** float32 little-endian bytes of `values`. */
export function f32(values: readonly number[]): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setFloat32(i * 4, x, true));
  return b;
}

/** .npy v1.0 (spec: numpy.lib.format): magic, version, u16 header length, dict header padded to 64 bytes, data. */
export function npyBytes(descr: string, shape: readonly number[], data: Uint8Array): Uint8Array {
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const pad = 64 - ((10 + dict.length + 1) % 64);
  dict = dict + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(10 + dict.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), 10);
  out.set(data, 10 + dict.length);
  return out;
}

/** A .npz: a zip of named members. */
export function npzBytes(members: Record<string, Uint8Array>): Uint8Array {
  return zipSync(members);
}

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the CLI in process with collected stdout and stderr. */
export async function cli(argv: readonly string[]): Promise<CliRun> {
  let out = '', err = '';
  const code = await runCli(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

/** The diagnostic codes a run printed (`error[code]` / `warning[code]` on stderr, or the JSON error on stdout). */
export function codesIn(r: CliRun): string[] {
  const codes = [...r.err.matchAll(/(?:error|warning)\[([a-z0-9_]+)\]/g)].map((m) => m[1]!);
  if (r.out.trimStart().startsWith('{"error"') || /^\{\s*"error"/.test(r.out)) {
    const j = JSON.parse(r.out) as { error: { code: string }; diagnostics?: { code: string }[] };
    codes.push(...(j.diagnostics ?? [j.error]).map((d) => d.code));
  }
  return codes;
}
