// Reads a trace one layer at a time, so that a replay holds one layer in memory whatever the number
// of layers: a safetensors file is opened, its header checked and assembled (names, weights,
// metadata: the rules of assemble.ts) without its data; each layer's bytes are read from disk only
// when asked and can be dropped after use. Other containers (.npy, .npz) are read whole.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { assembleTrace, type RawTensor } from './assemble.js';
import { decodeTensor } from './decode.js';
import { detectTraceFormat, readTraceFile } from './read_trace.js';
import { headerEndOffset, parseSafetensorsHeader, SAFETENSORS_PREFIX_BYTES, typedEntries, type TypedEntry } from './safetensors_reader.js';
import type { ReadResult, TraceDtype, TraceLayer, TraceLayerMeta } from './types.js';

/** One layer of a trace, its data still on disk. */
export interface LazyTraceLayer {
  readonly name: string;
  readonly tokens: number;
  readonly channels: number;
  /** Dtype of the bytes readInputBytes() returns (the file's; F32 for .npy/.npz, read whole and decoded). */
  readonly dtype: TraceDtype;
  readonly meta: TraceLayerMeta;
  /** Weights present in the file: their O and dtype (values through load()). */
  readonly weights?: { readonly outChannels: number; readonly dtype: TraceDtype };
  /** The input tensor's raw little-endian bytes (T·K elements of `dtype`), read now; unchecked. */
  readInputBytes(): Uint8Array;
  /** Rows [firstToken, firstToken + tokens) of the input's raw bytes, read now into the start of `into`; a view of it. */
  readInputRows(firstToken: number, tokens: number, into: Uint8Array): Uint8Array;
  /** The whole layer decoded and checked (non-finite values are an error), read now. */
  load(): ReadResult<TraceLayer>;
}

export interface LazyTrace {
  readonly layers: readonly LazyTraceLayer[];
  readonly metadata: Readonly<Record<string, string>>;
}

function unreadable(path: string, e: unknown): ReadResult<never> {
  const err = e as NodeJS.ErrnoException;
  return { diagnostics: [error('trace_file_unreadable', `cannot read trace file: ${err.code ?? ''} ${err.message}`.trim(), { file: path })] };
}

/** Bytes [offset, offset + length) of the file at `path`, into `out` (a new array by default). */
function readRange(path: string, offset: number, length: number, out: Uint8Array = new Uint8Array(length)): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    let done = 0;
    while (done < length) {
      const got = readSync(fd, out, done, length - done, offset + done);
      if (got === 0) throw new Error(`${path} ended at byte ${offset + done}, before byte ${offset + length}`);
      done += got;
    }
  } finally {
    closeSync(fd);
  }
  return out.subarray(0, length);
}

/** A layer already in memory (from a whole-file reader), behind the lazy interface. */
function inMemory(layer: TraceLayer): LazyTraceLayer {
  const { values } = layer;
  return {
    name: layer.name, tokens: layer.tokens, channels: layer.channels, dtype: 'F32', meta: layer.meta,
    ...(layer.weights !== undefined ? { weights: { outChannels: layer.weights.outChannels, dtype: layer.weights.dtype } } : {}),
    readInputBytes: () => new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
    readInputRows: (first, tokens, into) => {
      const rowBytes = layer.channels * 4;
      into.set(new Uint8Array(values.buffer, values.byteOffset + first * rowBytes, tokens * rowBytes));
      return into.subarray(0, tokens * rowBytes);
    },
    load: () => ({ value: layer, diagnostics: [] }),
  };
}

/**
 * Opens the trace at `path` for reading layer by layer. Header problems are reported here; a
 * layer's non-finite values when it is loaded.
 */
export function openTraceLayers(path: string): ReadResult<LazyTrace> {
  let fileBytes: number;
  let head: Uint8Array;
  try {
    const fd = openSync(path, 'r');
    try {
      fileBytes = fstatSync(fd).size;
      const prefix = new Uint8Array(Math.min(fileBytes, SAFETENSORS_PREFIX_BYTES));
      readSync(fd, prefix, 0, prefix.length, 0);
      if (detectTraceFormat(prefix, path) !== 'safetensors') {
        const whole = readTraceFile(path);
        if (whole.value === undefined) return { diagnostics: whole.diagnostics };
        return { value: { layers: whole.value.layers.map(inMemory), metadata: whole.value.metadata }, diagnostics: whole.diagnostics };
      }
      const end = headerEndOffset(prefix) ?? prefix.length;
      head = new Uint8Array(Math.min(end, fileBytes));
      readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    return unreadable(path, e);
  }
  const header = parseSafetensorsHeader(head, fileBytes, path);
  if (header.value === undefined) return { diagnostics: header.diagnostics };
  const { metadata, dataStart } = header.value;
  const diags: Diagnostic[] = [...header.diagnostics];
  const typed = typedEntries(header.value.entries, path, diags);
  if (diags.some((d) => d.severity === 'error')) return { diagnostics: diags };
  // Assemble with empty value arrays, each its own object, to find each layer's entries again.
  const entryOf = new Map<Float32Array, TypedEntry>();
  const placeholders: RawTensor[] = typed.map((e) => {
    const values = new Float32Array(0);
    entryOf.set(values, e);
    return { name: e.name, dtype: e.dtype, shape: e.shape, values };
  });
  const assembled = assembleTrace(placeholders, metadata, path);
  diags.push(...assembled.diagnostics);
  if (assembled.value === undefined) return { diagnostics: diags };
  const layers = assembled.value.layers.map((l): LazyTraceLayer => {
    const input = entryOf.get(l.values)!;
    const weight = l.weights !== undefined ? entryOf.get(l.weights.values)! : undefined;
    const raw = (e: TypedEntry): RawTensor => {
      const bytes = readRange(path, dataStart + e.start, e.end - e.start);
      return { name: e.name, dtype: e.dtype, shape: e.shape, values: decodeTensor(bytes, 0, e.count, e.dtype) };
    };
    return {
      name: l.name, tokens: l.tokens, channels: l.channels, dtype: l.dtype, meta: l.meta,
      ...(l.weights !== undefined ? { weights: { outChannels: l.weights.outChannels, dtype: l.weights.dtype } } : {}),
      readInputBytes: () => readRange(path, dataStart + input.start, input.end - input.start),
      readInputRows: (first, tokens, into) => {
        const rowBytes = (input.end - input.start) / l.tokens;
        return readRange(path, dataStart + input.start + first * rowBytes, tokens * rowBytes, into);
      },
      load: () => {
        let tensors: RawTensor[];
        try {
          tensors = weight !== undefined ? [raw(input), raw(weight)] : [raw(input)];
        } catch (e) {
          return unreadable(path, e);
        }
        // The same checks as a whole-file read; only errors (warnings were given when opening).
        const one = assembleTrace(tensors, {}, path);
        const errors = one.diagnostics.filter((d) => d.severity === 'error');
        if (one.value === undefined) return { diagnostics: errors };
        return { value: { ...one.value.layers[0]!, meta: l.meta }, diagnostics: [] };
      },
    };
  });
  return { value: { layers, metadata: assembled.value.metadata }, diagnostics: diags };
}
