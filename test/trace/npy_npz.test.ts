// .npy and .npz readers: the shipped examples, F16 through the LUT, Fortran order, the pooled-Buffer
// pitfall of small files (the team's toolchain survey), npz metadata and naming rules.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';
import { decodeF16, encodeF16 } from '../../src/trace/float16.js';
import { parseNpy } from '../../src/trace/npy_reader.js';
import { detectTraceFormat, parseTraceBytes, readTraceFile } from '../../src/trace/read_trace.js';
import { encodeNpy } from '../../traces/make_examples.js';

const example = (name: string) => packagePath('traces', 'examples', name);

describe('.npy', () => {
  it('reads the F16 example as the same values as the safetensors example, rounded to F16', () => {
    const npy = readTraceFile(example('llama_gate_t16_k64_f16.npy'));
    const st = readTraceFile(example('llama_gate_t16_k64.safetensors'));
    expect(npy.diagnostics).toEqual([]);
    const l = npy.value!.layers[0];
    expect([l.name, l.tokens, l.channels, l.dtype]).toEqual(['llama_gate_t16_k64_f16', 16, 64, 'F16']);
    expect(Array.from(l.values)).toEqual(Array.from(decodeF16(encodeF16(st.value!.layers[0].values))));
  });
  it('parses a small file read into Node\'s shared Buffer pool (byteOffset ≠ 0)', () => {
    const small = encodeNpy('<f4', [2, 3], new Uint8Array(Float32Array.of(1, 2, 3, 4, 5, 6).buffer));
    const pooled = Buffer.from(small); // small Buffers come from the 8 KB pool
    expect(pooled.buffer.byteLength).toBeGreaterThan(small.length);
    const r = parseNpy(pooled, 'x', 'x.npy');
    expect(r.diagnostics).toEqual([]);
    expect(Array.from(r.value!.layers[0].values)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('transposes a Fortran-order 2-D array to row-major', () => {
    const col = encodeNpy('<f4', [2, 3], new Uint8Array(Float32Array.of(1, 4, 2, 5, 3, 6).buffer));
    const text = new TextDecoder('latin1').decode(col);
    const fortran = new TextEncoder().encode(text.replace("'fortran_order': False", "'fortran_order': True ")); // same length
    const r = parseNpy(Uint8Array.from(fortran, (c, i) => (i < 10 || i >= 64 ? col[i] : c)), 'f', 'f.npy');
    expect(r.diagnostics).toEqual([]);
    expect(Array.from(r.value!.layers[0].values)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('decodes integer and float64 arrays to float32', () => {
    const r = parseNpy(encodeNpy('|i1', [1, 4], Uint8Array.of(0, 1, 0xff, 0x80)), 'q', 'q.npy');
    expect(Array.from(r.value!.layers[0].values)).toEqual([0, 1, -1, -128]);
    const d = parseNpy(encodeNpy('<f8', [1, 2], new Uint8Array(Float64Array.of(0.5, -3).buffer)), 'd', 'd.npy');
    expect([d.value!.layers[0].dtype, ...d.value!.layers[0].values]).toEqual(['F64', 0.5, -3]);
  });
});

describe('.npz', () => {
  it('reads layers, weights and the __metadata__ member', () => {
    const r = readTraceFile(example('two_layers.npz'));
    expect(r.diagnostics).toEqual([]);
    const [q, down] = r.value!.layers;
    expect([q.name, q.tokens, q.channels, q.weights?.outChannels, q.meta.projection, q.meta.model]).toEqual(['attn_q', 8, 64, 32, 'q', 'Llama-2-7B']);
    expect([down.name, down.channels, down.weights, down.meta.projection]).toEqual(['mlp_down', 96, undefined, 'down']);
  });
});

describe('format detection', () => {
  it('goes by magic number before extension', () => {
    const npy = encodeNpy('<f4', [1, 1], new Uint8Array(4));
    expect(detectTraceFormat(npy, 'x.safetensors')).toBe('npy');
    expect(detectTraceFormat(readFileSync(example('two_layers.npz')), 'x.bin')).toBe('npz');
    expect(detectTraceFormat(new Uint8Array(16), 'x.bin')).toBe('safetensors');
    expect(parseTraceBytes(npy, 'dir/arr.npy').value?.layers[0].name).toBe('arr');
  });
});
