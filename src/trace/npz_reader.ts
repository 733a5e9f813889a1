// Reads a trace from .npz bytes (a zip of .npy members, as numpy.savez writes): each member is a
// tensor named after the member without `.npy`, under the same naming rules as safetensors. An
// optional member `__metadata__.npy` holding a 0-d unicode string of JSON gives the metadata.

import { unzipSync } from 'fflate';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { assembleTrace, type RawTensor } from './assemble.js';
import { copyBytes } from './decode.js';
import { parseNpyHeader, parseNpyTensor } from './npy_reader.js';
import type { ReadResult, TraceFile } from './types.js';

/** True when `bytes` start like a zip archive (local file header `PK\x03\x04`, or `PK\x05\x06` when empty). */
export function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

const METADATA_MEMBER = '__metadata__.npy';

/** The JSON object in a 0-d `<U…` .npy member, as string → string. */
function parseMetadataMember(bytes: Uint8Array, file: string, diags: Diagnostic[]): Record<string, string> {
  const h = parseNpyHeader(bytes, '__metadata__', file);
  const bad = (why: string) => {
    diags.push(warning('trace_bad_metadata', `'__metadata__' member ignored: ${why}`, { file }));
    return {};
  };
  if ('code' in h) return bad(h.message);
  if (!/^<U\d+$/.test(h.descr)) return bad(`it must be a unicode string array (descr '<U…'), not '${h.descr}'`);
  const raw = copyBytes(bytes.subarray(h.dataOffset));
  const codes = new Uint32Array(raw.buffer, 0, Math.floor(raw.length / 4));
  let text = '';
  for (const c of codes) {
    if (c === 0) continue;
    // UTF-32 code units above U+10FFFF are not characters (fuzzing found the throw of fromCodePoint).
    if (c > 0x10ffff) return bad(`its text holds ${c}, which is not a Unicode code point`);
    text += String.fromCodePoint(c);
  }
  try {
    const obj = JSON.parse(text) as unknown;
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return bad('it is not a JSON object');
    return Object.fromEntries(Object.entries(obj as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
  } catch (e) {
    return bad(`not JSON: ${(e as Error).message}`);
  }
}

/** Reads a trace from the bytes of an .npz archive. Never throws on bad input. */
export function parseNpz(bytes: Uint8Array, file = '<npz>'): ReadResult<TraceFile> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (e) {
    return { diagnostics: [error('trace_truncated', `not a readable zip archive (.npz): ${(e as Error).message}; the file may be truncated`, { file })] };
  }
  const diags: Diagnostic[] = [];
  const tensors: RawTensor[] = [];
  let metadata: Record<string, string> = {};
  for (const [member, data] of Object.entries(members)) {
    if (member === METADATA_MEMBER) {
      metadata = parseMetadataMember(data, file, diags);
      continue;
    }
    if (!member.endsWith('.npy')) {
      diags.push(warning('trace_unknown_member', `archive member '${member}' is not a .npy array; ignored`, { file, field: member }));
      continue;
    }
    const t = parseNpyTensor(data, member.slice(0, -4), file);
    if ('code' in t) diags.push(t);
    else tensors.push(t);
  }
  if (diags.some((d) => d.severity === 'error')) return { diagnostics: diags };
  const assembled = assembleTrace(tensors, metadata, file);
  return assembled.value !== undefined
    ? { value: assembled.value, diagnostics: [...diags, ...assembled.diagnostics] }
    : { diagnostics: [...diags, ...assembled.diagnostics] };
}
