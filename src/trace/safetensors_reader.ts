// Reads a trace from safetensors bytes, by hand: an 8-byte little-endian u64 header length n, n bytes
// of JSON (tensor name → {dtype, shape, data_offsets}, plus optional string→string `__metadata__`),
// then the data section. Checks every offset against the file before touching data; one diagnostic
// per problem, naming the tensor. Naming and metadata rules live in assemble.ts.

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { assembleTrace, type RawTensor } from './assemble.js';
import { decodeTensor, parseDtypeName } from './decode.js';
import { DTYPE_BYTES, TRACE_DTYPES, type ReadResult, type TraceDtype, type TraceFile } from './types.js';

/** Bytes of the little-endian u64 that opens every safetensors file. */
export const SAFETENSORS_PREFIX_BYTES = 8;

export interface HeaderEntry {
  readonly name: string;
  readonly dtypeName: string;
  readonly shape: readonly number[];
  readonly start: number;
  readonly end: number;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** Parses one header entry; a diagnostic when its structure is wrong. */
function parseEntry(name: string, raw: unknown, file: string): HeaderEntry | Diagnostic {
  const loc = { file, field: name };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return error('trace_bad_header', `header entry '${name}' must be an object {dtype, shape, data_offsets}`, loc);
  }
  const r = raw as Record<string, unknown>;
  if (typeof r.dtype !== 'string') return error('trace_bad_header', `header entry '${name}' has no string 'dtype'`, loc);
  if (!Array.isArray(r.shape) || !r.shape.every(isCount)) {
    return error('trace_bad_header', `header entry '${name}' needs 'shape' as an array of non-negative integers, not ${JSON.stringify(r.shape)}`, loc);
  }
  const off = r.data_offsets;
  if (!Array.isArray(off) || off.length !== 2 || !isCount(off[0]) || !isCount(off[1]) || off[1] < off[0]) {
    return error('trace_bad_header', `header entry '${name}' needs 'data_offsets' [start, end] with 0 <= start <= end, not ${JSON.stringify(off)}`, loc);
  }
  return { name, dtypeName: r.dtype, shape: r.shape as number[], start: off[0], end: off[1] };
}

/** The validated header of a safetensors file: its tensor entries (offsets relative to `dataStart`), metadata and warnings. */
export interface SafetensorsHeader {
  readonly entries: readonly HeaderEntry[];
  readonly metadata: Readonly<Record<string, string>>;
  readonly dataStart: number;
}

/** Bytes of the prefix and header of a file whose first bytes are `prefix` (at least 8 of them); undefined when shorter. */
export function headerEndOffset(prefix: Uint8Array): number | undefined {
  if (prefix.length < SAFETENSORS_PREFIX_BYTES) return undefined;
  const dv = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength);
  return SAFETENSORS_PREFIX_BYTES + dv.getUint32(0, true) + dv.getUint32(4, true) * 2 ** 32; // exact up to 2^53
}

/**
 * Parses and checks the header of a safetensors file of `fileBytes` bytes from its first bytes
 * `bytes` (at least up to the end of the header). Every offset is checked against the file size.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, fileBytes: number, file = '<safetensors>'): ReadResult<SafetensorsHeader> {
  if (fileBytes < SAFETENSORS_PREFIX_BYTES) {
    return { diagnostics: [error('trace_truncated', `file is ${fileBytes} bytes, shorter than the 8-byte header length that opens a safetensors file`, { file })] };
  }
  const dataStart = headerEndOffset(bytes)!;
  const headerBytes = dataStart - SAFETENSORS_PREFIX_BYTES;
  if (dataStart > fileBytes) {
    return { diagnostics: [error('trace_header_beyond_file', `header length ${headerBytes} bytes ends at byte ${dataStart}, beyond the end of the ${fileBytes}-byte file (truncated, or not a safetensors file)`, { file })] };
  }
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(SAFETENSORS_PREFIX_BYTES, dataStart)));
  } catch (e) {
    return { diagnostics: [error('trace_bad_header', `header (${headerBytes} bytes) is not valid UTF-8 JSON: ${(e as Error).message}`, { file })] };
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    return { diagnostics: [error('trace_bad_header', `header must be a JSON object mapping tensor names to entries`, { file })] };
  }
  const diags: Diagnostic[] = [];
  const metadata: Record<string, string> = {};
  const entries: HeaderEntry[] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        diags.push(warning('trace_bad_metadata', `'__metadata__' must be an object of strings; ignored`, { file }));
        continue;
      }
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        if (typeof v === 'string') metadata[k] = v;
        else {
          metadata[k] = JSON.stringify(v);
          diags.push(warning('trace_bad_metadata', `metadata '${k}' is not a string (safetensors metadata is string to string); kept as ${metadata[k]}`, { file }));
        }
      }
      continue;
    }
    const e = parseEntry(name, raw, file);
    if ('code' in e) diags.push(e);
    else entries.push(e);
  }
  const dataBytes = fileBytes - dataStart;
  const beyond = entries.filter((e) => e.end > dataBytes).sort((a, b) => a.start - b.start);
  if (beyond.length > 0) {
    const e = beyond[0];
    const more = beyond.length > 1 ? ` (and ${beyond.length - 1} more tensor(s))` : '';
    return { diagnostics: [error('trace_truncated', `tensor '${e.name}' needs bytes ${dataStart + e.start}..${dataStart + e.end} but the file ends at byte ${fileBytes}${more}; the file looks truncated`, { file, field: e.name })] };
  }
  // Tensors must not share bytes (safetensors.save_file never overlaps them); empty ones share none.
  const byStart = entries.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
  for (let i = 1; i < byStart.length; i++) {
    const a = byStart[i - 1]!, b = byStart[i]!;
    if (b.start < a.end) {
      return { diagnostics: [error('trace_overlapping_data', `tensors '${a.name}' and '${b.name}' share bytes ${b.start}..${Math.min(a.end, b.end)} of the data (data_offsets [${a.start}, ${a.end}] and [${b.start}, ${b.end}] overlap)`, { file, field: b.name })] };
    }
  }
  return { value: { entries, metadata, dataStart }, diagnostics: diags };
}

/** A header entry whose dtype is known and whose byte span fits its shape. */
export interface TypedEntry extends HeaderEntry {
  readonly dtype: TraceDtype;
  /** Elements: the product of the shape. */
  readonly count: number;
}

/** The entries with a supported dtype and a byte span that fits the shape; a diagnostic in `diags` for each other one. */
export function typedEntries(entries: readonly HeaderEntry[], file: string, diags: Diagnostic[]): TypedEntry[] {
  const typed: TypedEntry[] = [];
  for (const e of entries) {
    const loc = { file, field: e.name };
    const dtype = parseDtypeName(e.dtypeName);
    if (dtype === undefined) {
      diags.push(error('trace_unknown_dtype', `tensor '${e.name}' has dtype '${e.dtypeName}'; supported: ${TRACE_DTYPES.join(', ')}`, loc));
      continue;
    }
    const count = e.shape.reduce((a, b) => a * b, 1);
    const expectedBytes = count * DTYPE_BYTES[dtype];
    if (expectedBytes !== e.end - e.start) {
      diags.push(error('trace_shape_mismatch', `tensor '${e.name}' has shape [${e.shape.join(', ')}] ${dtype} = ${expectedBytes} bytes, but data_offsets [${e.start}, ${e.end}] span ${e.end - e.start} bytes`, loc));
      continue;
    }
    typed.push({ ...e, dtype, count });
  }
  return typed;
}

/**
 * Reads a trace from the bytes of a safetensors file. `file` names it in diagnostics. Never throws
 * on bad input; returns a value only when there is no error.
 */
export function parseSafetensors(bytes: Uint8Array, file = '<safetensors>'): ReadResult<TraceFile> {
  const head = parseSafetensorsHeader(bytes, bytes.length, file);
  if (head.value === undefined) return { diagnostics: head.diagnostics };
  const { entries, metadata, dataStart } = head.value;
  const diags: Diagnostic[] = [...head.diagnostics];

  const tensors: RawTensor[] = typedEntries(entries, file, diags).map((e) => ({
    name: e.name, dtype: e.dtype, shape: e.shape, values: decodeTensor(bytes, dataStart + e.start, e.count, e.dtype),
  }));
  if (diags.some((d) => d.severity === 'error')) return { diagnostics: diags };
  const assembled = assembleTrace(tensors, metadata, file);
  return assembled.value !== undefined
    ? { value: assembled.value, diagnostics: [...diags, ...assembled.diagnostics] }
    : { diagnostics: [...diags, ...assembled.diagnostics] };
}
