// Reads one array from .npy bytes (numpy's format: magic, version, a Python-dict header giving descr,
// fortran_order and shape, then raw data). The header and the byte counts are checked here; the data
// goes through npyjs `parse` on an exactly sliced ArrayBuffer (F16 stays raw and decodes via our LUT).

import { parse as npyParse } from 'npyjs';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import { assembleTrace, type RawTensor } from './assemble.js';
import { copyBytes, decodeTensor } from './decode.js';
import { decodeF16 } from './float16.js';
import { DTYPE_BYTES, type ReadResult, type TraceDtype, type TraceFile } from './types.js';

/** numpy descr (little-endian or byte-order-free) → our dtype. */
const NPY_DTYPES: Readonly<Record<string, TraceDtype>> = {
  '<f8': 'F64', '<f4': 'F32', '<f2': 'F16', '<i4': 'I32', '<i2': 'I16', '|i1': 'I8', '|u1': 'U8', '<i1': 'I8', '<u1': 'U8',
};

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** True when `bytes` start with the .npy magic string. */
export function isNpy(bytes: Uint8Array): boolean {
  return bytes.length >= 6 && NPY_MAGIC.every((b, i) => bytes[i] === b);
}

interface NpyHeader {
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  readonly dataOffset: number;
}

/** Parses the .npy preamble and header dict; a diagnostic when malformed or beyond the file. */
export function parseNpyHeader(bytes: Uint8Array, name: string, file: string): NpyHeader | Diagnostic {
  const loc = { file, field: name };
  if (!isNpy(bytes)) return error('trace_bad_header', `'${name}' does not start with the .npy magic string \\x93NUMPY`, loc);
  if (bytes.length < 10) return error('trace_truncated', `'${name}' is ${bytes.length} bytes, too short for a .npy preamble (10 bytes)`, loc);
  const major = bytes[6];
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerStart = 10;
  let headerBytes: number;
  if (major === 1) headerBytes = dv.getUint16(8, true);
  else if (major === 2 || major === 3) {
    if (bytes.length < 12) return error('trace_truncated', `'${name}' is ${bytes.length} bytes, too short for a .npy v${major} preamble (12 bytes)`, loc);
    headerBytes = dv.getUint32(8, true);
    headerStart = 12;
  } else return error('trace_bad_header', `'${name}' has .npy format version ${major}; supported: 1, 2, 3`, loc);
  const dataOffset = headerStart + headerBytes;
  if (dataOffset > bytes.length) {
    return error('trace_header_beyond_file', `'${name}' declares a ${headerBytes}-byte .npy header ending at byte ${dataOffset}, beyond the end of its ${bytes.length} bytes`, loc);
  }
  const text = new TextDecoder('latin1').decode(bytes.subarray(headerStart, dataOffset));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    return error('trace_bad_header', `'${name}' has a .npy header without descr, fortran_order and shape: ${JSON.stringify(text.trim())}`, loc);
  }
  const parts = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (!parts.every((s) => /^\d+L?$/.test(s))) return error('trace_bad_header', `'${name}' has a .npy shape that is not a tuple of integers: (${shapeText})`, loc);
  return { descr, fortranOrder: fortran === 'True', shape: parts.map((s) => parseInt(s, 10)), dataOffset };
}

/** Decodes the data of a parsed .npy array; npyjs when aligned, our decoder when the data offset is not. */
function decodeNpyData(bytes: Uint8Array, h: NpyHeader, dtype: TraceDtype, count: number): Float32Array {
  const size = DTYPE_BYTES[dtype];
  if (h.dataOffset % size !== 0) return decodeTensor(bytes, h.dataOffset, count, dtype);
  const exact = copyBytes(bytes.subarray(0, h.dataOffset + count * size)).buffer as ArrayBuffer; // own buffer, exact length
  const data = npyParse(exact, { convertFloat16: false }).data;
  if (data instanceof Float32Array) return data;
  if (dtype === 'F16') return decodeF16(data as Uint16Array);
  return Float32Array.from(data as Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array);
}

/** Reads one .npy array as a tensor named `name` (fortran-order 2-D arrays are transposed to row-major). */
export function parseNpyTensor(bytes: Uint8Array, name: string, file: string): RawTensor | Diagnostic {
  const loc = { file, field: name };
  const h = parseNpyHeader(bytes, name, file);
  if ('code' in h) return h;
  const dtype = NPY_DTYPES[h.descr];
  if (dtype === undefined) {
    return error('trace_unknown_dtype', `tensor '${name}' has numpy dtype '${h.descr}'; supported: ${Object.keys(NPY_DTYPES).join(', ')} (little-endian)`, loc);
  }
  if (h.fortranOrder && h.shape.length > 2) {
    return error('trace_shape_mismatch', `tensor '${name}' is a Fortran-order array of rank ${h.shape.length}; save it C-contiguous (numpy.ascontiguousarray)`, loc);
  }
  const count = h.shape.reduce((a, b) => a * b, 1);
  const needBytes = count * DTYPE_BYTES[dtype];
  const haveBytes = bytes.length - h.dataOffset;
  if (haveBytes < needBytes) {
    return error('trace_truncated', `tensor '${name}' has shape (${h.shape.join(', ')}) ${dtype} = ${needBytes} bytes of data, but only ${haveBytes} bytes follow the header; the file looks truncated`, loc);
  }
  let values: Float32Array;
  try {
    values = decodeNpyData(bytes, h, dtype, count);
  } catch (e) {
    return error('trace_bad_header', `tensor '${name}': npyjs could not parse the array: ${(e as Error).message}`, loc);
  }
  if (h.fortranOrder && h.shape.length === 2) {
    const [rows, cols] = h.shape;
    const t = new Float32Array(count);
    for (let c = 0; c < cols; c++) for (let r = 0; r < rows; r++) t[r * cols + c] = values[c * rows + r];
    values = t;
  }
  return { name, dtype, shape: h.shape, values };
}

/**
 * Reads a trace from one .npy array [T, K] (or higher rank, leading dims flattened into T). The layer
 * is named `name` (usually the file name without `.npy`); the file carries no metadata.
 */
export function parseNpy(bytes: Uint8Array, name: string, file = '<npy>'): ReadResult<TraceFile> {
  const t = parseNpyTensor(bytes, name, file);
  if ('code' in t) return { diagnostics: [t] };
  return assembleTrace([t], {}, file);
}
