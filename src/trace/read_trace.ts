// Entry point for reading a trace file of any supported container: dispatches on the content
// (.npy magic, zip magic) and then on the extension, defaulting to safetensors. File-system errors
// become diagnostics too; nothing here throws on bad input.

import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { error } from '../diagnostics/diagnostic.js';
import { isNpy, parseNpy } from './npy_reader.js';
import { isZip, parseNpz } from './npz_reader.js';
import { parseSafetensors } from './safetensors_reader.js';
import type { ReadResult, TraceFile } from './types.js';

export type TraceFormat = 'safetensors' | 'npy' | 'npz';

/** Container format of `bytes`: by magic number first, then by the extension of `fileName`. */
export function detectTraceFormat(bytes: Uint8Array, fileName: string): TraceFormat {
  if (isNpy(bytes)) return 'npy';
  if (isZip(bytes)) return 'npz';
  const ext = extname(fileName).toLowerCase();
  if (ext === '.npy') return 'npy';
  if (ext === '.npz') return 'npz';
  return 'safetensors';
}

/** Reads a trace from bytes; `fileName` names it in diagnostics and, for .npy, names the layer. */
export function parseTraceBytes(bytes: Uint8Array, fileName: string): ReadResult<TraceFile> {
  switch (detectTraceFormat(bytes, fileName)) {
    case 'npy': return parseNpy(bytes, basename(fileName).replace(/\.npy$/i, ''), fileName);
    case 'npz': return parseNpz(bytes, fileName);
    case 'safetensors': return parseSafetensors(bytes, fileName);
  }
}

/** Reads a trace file (.safetensors, .npy or .npz) from disk. */
export function readTraceFile(path: string): ReadResult<TraceFile> {
  let bytes: Uint8Array;
  try {
    const buf = readFileSync(path);
    bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength); // a plain view: .slice() copies again
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { diagnostics: [error('trace_file_unreadable', `cannot read trace file: ${err.code ?? ''} ${err.message}`.trim(), { file: path })] };
  }
  return parseTraceBytes(bytes, path);
}
