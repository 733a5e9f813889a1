// Writes traces as safetensors (F32, F16 or BF16 tensors): the format every reader here accepts and
// what the synthetic generator produces. Encodes in memory, then writes a temp file in the target
// directory and renames it, so an error never leaves a half-written trace behind.

import { InternalError } from '../diagnostics/diagnostic.js';
import { writeFileAtomically } from '../io/atomic_output.js';
import { encodeBf16, encodeF16 } from './float16.js';
import { INPUT_SUFFIX, WEIGHT_SUFFIX } from './assemble.js';
import { DTYPE_BYTES, TRACE_FORMAT_NAME, TRACE_FORMAT_VERSION, type TraceFile, type WritableDtype } from './types.js';

/** One tensor to write; `values` are float32 and are rounded to `dtype` (nearest, ties to even). */
export interface TensorToWrite {
  readonly name: string;
  readonly dtype: WritableDtype;
  readonly shape: readonly number[];
  /** Row-major, length = product of shape. */
  readonly values: Float32Array;
}

/**
 * Encodes tensors and string metadata as safetensors bytes. The header is padded with spaces to a
 * multiple of 8 bytes, and 4-byte tensors are laid out before 2-byte ones, so every tensor is aligned
 * to its element size; offsets are contiguous (no holes), as the reference implementation requires.
 */
export function encodeSafetensors(tensors: readonly TensorToWrite[], metadata: Readonly<Record<string, string>> = {}): Uint8Array {
  const sizes = tensors.map((t) => {
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.values.length) throw new InternalError(`tensor '${t.name}': shape [${t.shape.join(', ')}] holds ${count} values, not ${t.values.length}`);
    return count * DTYPE_BYTES[t.dtype];
  });
  const order = tensors.map((_, i) => i).sort((a, b) => DTYPE_BYTES[tensors[b].dtype] - DTYPE_BYTES[tensors[a].dtype] || a - b);
  const starts = new Array<number>(tensors.length);
  let dataBytes = 0;
  for (const i of order) {
    starts[i] = dataBytes;
    dataBytes += sizes[i];
  }
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  tensors.forEach((t, i) => {
    header[t.name] = { dtype: t.dtype, shape: [...t.shape], data_offsets: [starts[i], starts[i] + sizes[i]] };
  });
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) {
    const p = new Uint8Array(padded).fill(0x20);
    p.set(json);
    json = p;
  }
  const out = new Uint8Array(8 + json.length + dataBytes);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, json.length % 2 ** 32, true);
  dv.setUint32(4, Math.floor(json.length / 2 ** 32), true);
  out.set(json, 8);
  const base = 8 + json.length;
  tensors.forEach((t, i) => {
    const at = base + starts[i];
    const n = t.values.length;
    if (t.dtype === 'F32') out.set(new Uint8Array(t.values.buffer, t.values.byteOffset, n * 4), at);
    else if (t.dtype === 'F16') encodeF16(t.values, new Uint16Array(out.buffer, at, n));
    else encodeBf16(t.values, new Uint16Array(out.buffer, at, n));
  });
  return out;
}

/** Options for writing a TraceFile. */
export interface TraceWriteOptions {
  /** Dtype of every tensor; default: each layer's own dtype when writable, else F32. */
  readonly dtype?: WritableDtype;
}

const writableOr = (d: string, fallback: WritableDtype): WritableDtype => (d === 'F32' || d === 'F16' || d === 'BF16' ? d : fallback);

/**
 * The safetensors tensors and metadata of a trace: `<layer>.input` [T, K], `<layer>.weight` [O, K],
 * file metadata plus `format`, `format_version` and per-layer keys `<layer>.model|layer|projection|source|...`.
 */
export function traceToSafetensors(trace: TraceFile, options: TraceWriteOptions = {}): { tensors: TensorToWrite[]; metadata: Record<string, string> } {
  const metadata: Record<string, string> = { ...trace.metadata, format: TRACE_FORMAT_NAME, format_version: TRACE_FORMAT_VERSION };
  const tensors: TensorToWrite[] = [];
  for (const l of trace.layers) {
    tensors.push({ name: l.name + INPUT_SUFFIX, dtype: options.dtype ?? writableOr(l.dtype, 'F32'), shape: [l.tokens, l.channels], values: l.values });
    if (l.weights !== undefined) {
      tensors.push({ name: l.name + WEIGHT_SUFFIX, dtype: options.dtype ?? writableOr(l.weights.dtype, 'F32'), shape: [l.weights.outChannels, l.channels], values: l.weights.values });
    }
    const m = l.meta;
    if (m.model !== undefined) metadata[`${l.name}.model`] = m.model;
    if (m.layer !== undefined) metadata[`${l.name}.layer`] = String(m.layer);
    if (m.projection !== undefined) metadata[`${l.name}.projection`] = m.projection;
    if (m.source !== undefined) metadata[`${l.name}.source`] = m.source;
    for (const [k, v] of Object.entries(m.extra ?? {})) metadata[`${l.name}.${k}`] = v;
  }
  return { tensors, metadata };
}

/** The safetensors bytes of a trace. */
export function encodeTrace(trace: TraceFile, options: TraceWriteOptions = {}): Uint8Array {
  const { tensors, metadata } = traceToSafetensors(trace, options);
  return encodeSafetensors(tensors, metadata);
}

/** Encodes a trace and writes it atomically to `path`; returns the number of bytes written. */
export function writeTraceFile(path: string, trace: TraceFile, options: TraceWriteOptions = {}): number {
  const bytes = encodeTrace(trace, options);
  writeFileAtomically(path, bytes);
  return bytes.length;
}
