// Conversions between bus hex strings (sim/scenario/stimulus.ts: element i at bits [i*w +: w], most
// significant digit first, ceil(total/4) digits) and the simulator's element vectors. Same layout
// as packHex/unpackHex in src/ir/bits.ts, but without per-bit bigint work on the hot path.

import { packHex } from '../../src/ir/bits.js';
import type { Word } from './word.js';

/** Scratch 32-bit words of the bus being decoded (grown on demand, never shared across calls' results). */
let scratchWords = new Uint32Array(64);

/** Value of one hex digit's char code (0-9, a-f, A-F). */
const nibbleOf = (c: number): number => (c <= 57 ? c - 48 : (c | 32) - 87);

/** `count` elements of `widthBits` (<= 31) from a bus hex string; missing high digits read as 0. */
export function unpackElements(hex: string, count: number, widthBits: number, signed: boolean, out: Int32Array = new Int32Array(count)): Int32Array {
  if (widthBits % 4 === 0) return unpackDigitAligned(hex, count, widthBits, signed, out);
  // 32-bit words of the bus, word 0 least significant, from 8 hex digits each.
  const nwords = Math.ceil((count * widthBits) / 32) + 1;
  if (scratchWords.length < nwords) scratchWords = new Uint32Array(nwords * 2);
  const words = scratchWords;
  for (let k = 0; k < nwords; k++) words[k] = 0;
  const digits = Math.min(hex.length, nwords * 8);
  for (let d = 0; d < digits; d++) {
    const c = hex.charCodeAt(hex.length - 1 - d);
    const nib = c <= 57 ? c - 48 : (c | 32) - 87; // 0-9, a-f, A-F
    words[d >>> 3] = (words[d >>> 3]! | (nib << ((d & 7) * 4))) >>> 0;
  }
  const mask = widthBits === 32 ? 0xffffffff : (1 << widthBits) - 1;
  const signBit = 2 ** (widthBits - 1);
  for (let i = 0; i < count; i++) {
    const lo = i * widthBits, w = lo >>> 5, off = lo & 31;
    let v = words[w]! >>> off;
    if (off + widthBits > 32) v |= words[w + 1]! << (32 - off);
    v = (v & mask) >>> 0;
    out[i] = signed && v >= signBit ? v - 2 * signBit : v;
  }
  return out;
}

/** Nibble of each ASCII char code of a hex digit (0-9, a-f, A-F); 0 for anything else. */
const NIBBLE = new Int8Array(128);
for (let c = 0; c < 128; c++) NIBBLE[c] = (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) ? nibbleOf(c) : 0;

/** unpackElements when every element is whole hex digits: read straight from the string, sign by shifts. */
function unpackDigitAligned(hex: string, count: number, widthBits: number, signed: boolean, out: Int32Array): Int32Array {
  const per = widthBits >> 2, len = hex.length;
  const shift = 32 - widthBits;
  for (let i = 0; i < count; i++) {
    let v = 0;
    const end = len - i * per; // one past the element's most significant digit, counted from the left
    for (let d = end - per < 0 ? 0 : end - per; d < end; d++) v = (v << 4) | NIBBLE[hex.charCodeAt(d) & 127]!;
    out[i] = signed ? (v << shift) >> shift : v;
  }
  return out;
}

const HEX_CHARS = '0123456789abcdef';
let packScratch = Buffer.alloc(256);

/** Packs accBits-bit results (element 0 in the low bits) as the bus hex the RTL harnesses print. */
export function packWords(values: readonly Word[], widthBits: number): string {
  if (widthBits % 4 !== 0) return packHex(values, widthBits);
  if (widthBits <= 32 && values.length > 0 && typeof values[0] === 'number') return packNumbers32(values as readonly number[], widthBits);
  const perElement = widthBits / 4;
  const mod = widthBits <= 52 ? 2 ** widthBits : 0;
  let s = '';
  for (let i = values.length - 1; i >= 0; i--) {
    const v = values[i]!;
    const u = typeof v === 'bigint' ? BigInt.asUintN(widthBits, v).toString(16) : (v < 0 ? v + mod : v).toString(16);
    s += u.padStart(perElement, '0');
  }
  return s.length > 0 ? s : '0';
}

/** packWords for number results of at most 32 bits: digits written into a byte buffer. */
function packNumbers32(values: readonly number[], widthBits: number): string {
  const per = widthBits / 4, total = values.length * per;
  if (packScratch.length < total) packScratch = Buffer.alloc(total * 2);
  const buf = packScratch;
  for (let i = 0; i < values.length; i++) {
    let u = values[i]! >>> 0;
    for (let d = 0, at = total - 1 - i * per; d < per; d++, at--) {
      buf[at] = HEX_CHARS.charCodeAt(u & 15);
      u >>>= 4;
    }
  }
  return buf.toString('latin1', 0, total);
}
