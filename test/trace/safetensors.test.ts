// Safetensors writer → reader round trips for F32, F16 and BF16, metadata and naming rules,
// misaligned input bytes, and (when numpy is installed) that numpy reads our bytes identically.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeBf16, decodeF16, encodeBf16, encodeF16 } from '../../src/trace/float16.js';
import { parseSafetensors } from '../../src/trace/safetensors_reader.js';
import { encodeSafetensors, encodeTrace } from '../../src/trace/safetensors_writer.js';
import type { TraceFile, WritableDtype } from '../../src/trace/types.js';

const values = (n: number, salt = 1) => Float32Array.from({ length: n }, (_, i) => Math.fround(Math.sin(i * 0.77 + salt) * 3 ** ((i % 7) - 3)));
const rounded = (x: Float32Array, d: WritableDtype) => (d === 'F32' ? x : d === 'F16' ? decodeF16(encodeF16(x)) : decodeBf16(encodeBf16(x)));

function sampleTrace(dtype: WritableDtype): TraceFile {
  return {
    metadata: { model: 'Toy-1B', note: 'unit test' },
    layers: [
      { name: 'model.layers.2.self_attn.q_proj', tokens: 5, channels: 48, dtype, values: values(240), meta: { model: 'Toy-1B', layer: 2, projection: 'q', source: 'synthetic', extra: { seed: '9' } }, weights: { outChannels: 7, dtype, values: values(7 * 48, 2) } },
      { name: 'model.layers.2.mlp.down_proj', tokens: 5, channels: 33, dtype, values: values(165, 3), meta: { layer: 2, projection: 'down' } },
    ],
  };
}

describe.each(['F32', 'F16', 'BF16'] as const)('round trip %s', (dtype) => {
  const bytes = encodeTrace(sampleTrace(dtype));
  const read = parseSafetensors(bytes, 'mem.safetensors');
  it('reads back with no diagnostics', () => {
    expect(read.diagnostics).toEqual([]);
    expect(read.value?.layers.map((l) => [l.name, l.tokens, l.channels, l.dtype])).toEqual([
      ['model.layers.2.self_attn.q_proj', 5, 48, dtype], ['model.layers.2.mlp.down_proj', 5, 33, dtype],
    ]);
  });
  it('gives the values rounded to the dtype, exactly', () => {
    const src = sampleTrace(dtype);
    const [a, b] = read.value!.layers;
    expect(Array.from(a.values)).toEqual(Array.from(rounded(src.layers[0].values, dtype)));
    expect(Array.from(a.weights!.values)).toEqual(Array.from(rounded(src.layers[0].weights!.values, dtype)));
    expect(a.weights!.outChannels).toBe(7);
    expect(Array.from(b.values)).toEqual(Array.from(rounded(src.layers[1].values, dtype)));
  });
  it('keeps per-layer and file metadata', () => {
    const [a, b] = read.value!.layers;
    expect(a.meta).toEqual({ model: 'Toy-1B', layer: 2, projection: 'q', source: 'synthetic', extra: { seed: '9' } });
    expect(b.meta).toEqual({ model: 'Toy-1B', layer: 2, projection: 'down' }); // model from the file level
    expect(read.value!.metadata.format).toBe('nmcore-trace');
    expect(read.value!.metadata.note).toBe('unit test');
  });
  it('reads the same from a misaligned copy of the bytes', () => {
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const again = parseSafetensors(shifted.subarray(1), 'shifted');
    expect(again.diagnostics).toEqual([]);
    expect(Array.from(again.value!.layers[0].values)).toEqual(Array.from(read.value!.layers[0].values));
  });
});

describe('layout and naming rules', () => {
  it('pads the header to 8 bytes and aligns every tensor to its element size', () => {
    const bytes = encodeSafetensors([
      { name: 'a.input', dtype: 'BF16', shape: [1, 3], values: values(3) },
      { name: 'b.input', dtype: 'F32', shape: [1, 5], values: values(5) },
    ]);
    const n = new DataView(bytes.buffer).getUint32(0, true);
    expect((8 + n) % 8).toBe(0);
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: number[] }>;
    expect(Object.keys(header)).toEqual(['a.input', 'b.input']); // header keeps the given order
    expect(header['b.input'].data_offsets).toEqual([0, 20]); // 4-byte tensors first
    expect(header['a.input'].data_offsets).toEqual([20, 26]);
  });
  it('takes a tensor without the .input suffix as a layer input, flattens rank 3, and infers projection and layer', () => {
    const bytes = encodeSafetensors([{ name: 'model.layers.7.mlp.up_proj', dtype: 'F32', shape: [2, 3, 4], values: values(24) }]);
    const r = parseSafetensors(bytes);
    expect(r.diagnostics).toEqual([]);
    const l = r.value!.layers[0];
    expect([l.name, l.tokens, l.channels, l.meta.layer, l.meta.projection]).toEqual(['model.layers.7.mlp.up_proj', 6, 4, 7, 'up']);
  });
  it('warns about a weight without an input, and about bad metadata, but still reads', () => {
    const bytes = encodeSafetensors(
      [{ name: 'x.input', dtype: 'F32', shape: [1, 4], values: values(4) }, { name: 'y.weight', dtype: 'F32', shape: [2, 4], values: values(8) }],
      { 'x.layer': 'three', 'x.projection': 'qkv' },
    );
    const r = parseSafetensors(bytes, 'w.safetensors');
    expect(r.value?.layers.length).toBe(1);
    expect(r.diagnostics.map((d) => [d.severity, d.code]).sort()).toEqual([
      ['warning', 'trace_bad_metadata'], ['warning', 'trace_bad_metadata'], ['warning', 'trace_orphan_weight'],
    ]);
  });
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasNumpy)('numpy reads our safetensors bytes (skipped without python3/numpy)', () => {
  it('decodes F16 and BF16 tensors to the same float32 values', () => {
    const x = values(64 * 4);
    const bytes = encodeSafetensors([
      { name: 'h.input', dtype: 'F16', shape: [4, 64], values: x },
      { name: 'b.input', dtype: 'BF16', shape: [4, 64], values: x },
    ]);
    const script = [
      'import sys, json, struct, numpy as np',
      'd = sys.stdin.buffer.read(); n = struct.unpack("<Q", d[:8])[0]; h = json.loads(d[8:8+n]); base = 8 + n',
      'def t(k): s, e = h[k]["data_offsets"]; return np.frombuffer(d[base+s:base+e], dtype="<u2")',
      'f16 = t("h.input").view(np.float16).astype(np.float32)',
      'bf = (t("b.input").astype(np.uint32) << 16).view(np.float32)',
      'sys.stdout.buffer.write(f16.tobytes() + bf.tobytes())',
    ].join('\n');
    const r = spawnSync('python3', ['-c', script], { input: Buffer.from(bytes), maxBuffer: 1 << 24 });
    expect(r.status).toBe(0);
    const out = new Float32Array(new Uint8Array(r.stdout).buffer);
    const read = parseSafetensors(bytes).value!;
    expect(Array.from(out.subarray(0, 256))).toEqual(Array.from(read.layers[0].values));
    expect(Array.from(out.subarray(256))).toEqual(Array.from(read.layers[1].values));
  });
});
