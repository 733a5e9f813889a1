// Every malformed input gives exactly one error diagnostic with the expected code, naming the tensor
// where there is one, and never throws: the shipped files in traces/examples/bad/ and built cases.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';
import { parseNpy } from '../../src/trace/npy_reader.js';
import { parseNpz } from '../../src/trace/npz_reader.js';
import { parseTraceBytes, readTraceFile } from '../../src/trace/read_trace.js';
import { encodeSafetensors } from '../../src/trace/safetensors_writer.js';
import type { ReadResult, TraceFile } from '../../src/trace/types.js';
import { encodeNpy } from '../../traces/make_examples.js';

function expectOneError(r: ReadResult<TraceFile>, code: string, field?: string): void {
  expect(r.value).toBeUndefined();
  expect(r.diagnostics.map((d) => d.code)).toEqual([code]);
  expect(r.diagnostics[0].severity).toBe('error');
  if (field !== undefined) {
    expect(r.diagnostics[0].loc?.field).toBe(field);
    expect(r.diagnostics[0].message).toContain(`'${field}'`);
  }
}

describe('shipped malformed examples', () => {
  it.each([
    ['truncated.safetensors', 'trace_truncated', 'layer0.input'],
    ['header_beyond_file.safetensors', 'trace_header_beyond_file', undefined],
    ['unknown_dtype.safetensors', 'trace_unknown_dtype', 'layer0.input'],
    ['non_finite.safetensors', 'trace_non_finite', 'layer0.input'],
    ['shape_mismatch.safetensors', 'trace_shape_mismatch', 'layer0.weight'],
    ['empty_tokens.safetensors', 'trace_empty', 'layer0.input'],
    ['truncated.npy', 'trace_truncated', 'truncated'],
  ])('%s → %s', (name, code, field) => {
    const path = packagePath('traces', 'examples', 'bad', name);
    const r = readTraceFile(path);
    expectOneError(r, code, field);
    expect(r.diagnostics[0].loc?.file).toBe(path);
  });
  it('names the first non-finite element and counts them', () => {
    const r = readTraceFile(packagePath('traces', 'examples', 'bad', 'non_finite.safetensors'));
    expect(r.diagnostics[0].message).toContain('2 non-finite value(s); first NaN at token 2, channel 5');
  });
});

const f32 = (n: number, v = 1) => new Float32Array(n).fill(v);
const st = (tensors: Parameters<typeof encodeSafetensors>[0]) => encodeSafetensors(tensors);
function withHeader(json: string, data = new Uint8Array(0)): Uint8Array {
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n + data.length);
  new DataView(out.buffer).setUint32(0, n, true);
  out.set(new TextEncoder().encode(json.padEnd(n, ' ')), 8);
  out.set(data, 8 + n);
  return out;
}

describe('built malformed inputs', () => {
  it.each<[string, Uint8Array, string, string | undefined]>([
    ['an empty file', new Uint8Array(0), 'trace_truncated', undefined],
    ['5 bytes', new Uint8Array(5), 'trace_truncated', undefined],
    ['a u64 header length of 2^40', (() => { const b = new Uint8Array(16); b[5] = 1; return b; })(), 'trace_header_beyond_file', undefined],
    ['a header that is not JSON', withHeader('{"a": '), 'trace_bad_header', undefined],
    ['a header that is a JSON array', withHeader('[1,2]'), 'trace_bad_header', undefined],
    ['an entry without data_offsets', withHeader('{"x.input":{"dtype":"F32","shape":[1,1]}}', new Uint8Array(4)), 'trace_bad_header', 'x.input'],
    ['byte size not matching the shape', withHeader('{"x.input":{"dtype":"F32","shape":[2,3],"data_offsets":[0,20]}}', new Uint8Array(24)), 'trace_shape_mismatch', 'x.input'],
    ['a rank-1 input', st([{ name: 'x.input', dtype: 'F32', shape: [4], values: f32(4) }]), 'trace_shape_mismatch', 'x.input'],
    ['K = 0', st([{ name: 'x.input', dtype: 'F32', shape: [3, 0], values: f32(0) }]), 'trace_empty', 'x.input'],
    ['no tensors', withHeader('{"__metadata__":{"model":"m"}}'), 'trace_empty', undefined],
    ['only weights', st([{ name: 'x.weight', dtype: 'F32', shape: [2, 2], values: f32(4) }]), 'trace_empty', undefined],
    ['infinite weights', st([{ name: 'x.input', dtype: 'F32', shape: [1, 2], values: f32(2) }, { name: 'x.weight', dtype: 'F32', shape: [1, 2], values: f32(2, -Infinity) }]), 'trace_non_finite', 'x.weight'],
    ['an F16 overflow to Inf', st([{ name: 'x.input', dtype: 'F16', shape: [1, 2], values: Float32Array.of(1, 70000) }]), 'trace_non_finite', 'x.input'],
    ['a weight with the wrong rank', st([{ name: 'x.input', dtype: 'F32', shape: [1, 2], values: f32(2) }, { name: 'x.weight', dtype: 'F32', shape: [2], values: f32(2) }]), 'trace_shape_mismatch', 'x.weight'],
    ['two tensors for one layer', st([{ name: 'x', dtype: 'F32', shape: [1, 2], values: f32(2) }, { name: 'x.input', dtype: 'F32', shape: [1, 2], values: f32(2) }]), 'trace_duplicate_layer', 'x.input'],
  ])('safetensors with %s', (_what, bytes, code, field) => {
    expectOneError(parseTraceBytes(bytes, 'case.safetensors'), code, field);
  });

  it('NaN input with weights gives one diagnostic, not an extra orphan-weight warning', () => {
    const bytes = st([{ name: 'x.input', dtype: 'F32', shape: [1, 2], values: Float32Array.of(0, NaN) }, { name: 'x.weight', dtype: 'F32', shape: [1, 2], values: f32(2) }]);
    expectOneError(parseTraceBytes(bytes, 'nan.safetensors'), 'trace_non_finite', 'x.input');
  });

  it.each<[string, Uint8Array, string]>([
    ['a big-endian dtype', encodeNpy('>f4', [2, 2], new Uint8Array(16)), 'trace_unknown_dtype'],
    ['a complex dtype', encodeNpy('<c8', [2, 2], new Uint8Array(32)), 'trace_unknown_dtype'],
    ['a header length beyond the file', (() => { const b = encodeNpy('<f4', [1, 1], new Uint8Array(4)); new DataView(b.buffer).setUint16(8, 60000, true); return b; })(), 'trace_header_beyond_file'],
    ['a header without shape', (() => { const b = encodeNpy('<f4', [1, 1], new Uint8Array(4)); b.set(new TextEncoder().encode("'shap'"), 50); return b; })(), 'trace_bad_header'],
    ['T = 0', encodeNpy('<f4', [0, 8], new Uint8Array(0)), 'trace_empty'],
    ['NaN', encodeNpy('<f4', [1, 2], new Uint8Array(Float32Array.of(1, NaN).buffer)), 'trace_non_finite'],
    ['9 bytes', new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0]), 'trace_truncated'],
  ])('.npy with %s', (_what, bytes, code) => {
    const r = parseNpy(bytes, 'arr', 'arr.npy');
    expectOneError(r, code);
  });

  it('a truncated .npz gives one trace_truncated', () => {
    const whole = new Uint8Array(readFileSync(packagePath('traces', 'examples', 'two_layers.npz')));
    expectOneError(parseNpz(whole.subarray(0, whole.length - 40), 'cut.npz'), 'trace_truncated');
  });

  it('a missing file gives one trace_file_unreadable', () => {
    expectOneError(readTraceFile('/nonexistent/dir/trace.safetensors'), 'trace_file_unreadable');
  });
});
