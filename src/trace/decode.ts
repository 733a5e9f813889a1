// Raw tensor bytes → float32 values, for every TraceDtype. Makes typed-array views only on aligned
// offsets and copies the bytes first when they are misaligned. Little-endian data on a
// little-endian host (every platform Node 20 supports); no validation beyond lengths here.

import { decodeBf16, decodeF16 } from './float16.js';
import { DTYPE_BYTES, type TraceDtype } from './types.js';

/** Maps the safetensors / numpy spellings of a dtype to ours; undefined when unsupported. */
export function parseDtypeName(name: string): TraceDtype | undefined {
  switch (name) {
    case 'F64': case 'F32': case 'F16': case 'BF16': case 'I32': case 'I16': case 'I8': case 'U8':
      return name;
    default:
      return undefined;
  }
}

/**
 * A copy of `view` in a fresh ArrayBuffer (byteOffset 0). Not `.slice()`: on a Node Buffer that
 * returns a view into the same (possibly shared 8 KB pool) memory.
 */
export function copyBytes(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

/** Bytes [start, start+length) of `bytes` as a view whose absolute byte offset is a multiple of `align`. */
function alignedBytes(bytes: Uint8Array, start: number, length: number, align: number): Uint8Array {
  const view = bytes.subarray(start, start + length);
  return view.byteOffset % align === 0 ? view : copyBytes(view);
}

/**
 * Decodes `count` elements of `dtype` from bytes [start, start + count * size). The caller has
 * checked that the range lies inside `bytes`. F32 aligned data is returned as a view (no copy).
 */
export function decodeTensor(bytes: Uint8Array, start: number, count: number, dtype: TraceDtype): Float32Array {
  const size = DTYPE_BYTES[dtype];
  const raw = alignedBytes(bytes, start, count * size, size);
  const buf = raw.buffer;
  const off = raw.byteOffset;
  switch (dtype) {
    case 'F32': return new Float32Array(buf, off, count);
    case 'F16': return decodeF16(new Uint16Array(buf, off, count));
    case 'BF16': return decodeBf16(new Uint16Array(buf, off, count));
    case 'F64': return Float32Array.from(new Float64Array(buf, off, count));
    case 'I32': return Float32Array.from(new Int32Array(buf, off, count));
    case 'I16': return Float32Array.from(new Int16Array(buf, off, count));
    case 'I8': return Float32Array.from(new Int8Array(buf, off, count));
    case 'U8': return Float32Array.from(raw);
  }
}
