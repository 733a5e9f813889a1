// The untimed reference of the engine contract §2: top-n selection by magnitude with ties to the
// lower channel, the dot product over slices modulo 2^accBits, and the decoded meaning of
// nm_engine_core's metadata. Written from the contract alone (naive loops, bigint sums); the RTL
// and the cycle simulator are compared against it.

import { magnitude, wrapSigned } from '../ir/bits.js';
import type { MetaEncoding } from '../config/engine_config.js';
import type { Pattern } from '../config/pattern.js';

/** Shape of the arithmetic, as in contract §1; the pattern is given per dot product (its mode). */
export interface RefShape {
  readonly windowChannels: number;
  readonly rows: number;
  readonly cols: number;
  readonly accBits: number;
}

/** One slice of dense operands: act[r*W + j], wgt[c*W + j]. */
export interface DenseSlice {
  readonly act: Int32Array;
  readonly wgt: Int32Array;
  readonly last: boolean;
  /** Index into the engine's modes: the mode of this slice's dot product (its data are drawn and compressed for it). */
  readonly mode: number;
  /**
   * The cfg_mode value presented with this slice when it differs from `mode`: contract §3 samples
   * cfg_mode only with a dot product's first slice, so the others may carry anything.
   */
  readonly cfgMode?: number;
}

/** One slice for nm_engine_core: kept values[r*P + k] in channel order, metadata per row, dense weights. */
export interface CompressedSlice {
  readonly values: Int32Array;
  /** index: meta[r*P + k] = position in group; bitmask: meta[r*W + j] = 0 or 1. */
  readonly meta: Int32Array;
  readonly wgt: Int32Array;
  readonly last: boolean;
  readonly mode: number;
}

/** keep[j] for one group: fewer than n channels beat j (|a_i| > |a_j|, or equal and i < j). */
export function topNKeep(group: ArrayLike<number>, n: number): boolean[] {
  const keep: boolean[] = [];
  for (let j = 0; j < group.length; j++) {
    let beaten = 0;
    for (let i = 0; i < group.length; i++) {
      if (i === j) continue;
      const mi = magnitude(group[i]!), mj = magnitude(group[j]!);
      if (mi > mj || (mi === mj && i < j)) beaten++;
    }
    keep.push(beaten < n);
  }
  return keep;
}

/** Results of one dot product, out[r*C + c], as signed accBits-bit values. */
export function referenceDotProduct(shape: RefShape, pattern: Pattern, slices: readonly DenseSlice[]): bigint[] {
  const { n, m } = pattern;
  const { windowChannels: W, rows: R, cols: C, accBits } = shape;
  const out: bigint[] = new Array<bigint>(R * C).fill(0n);
  for (const s of slices) {
    for (let r = 0; r < R; r++) {
      for (let g = 0; g < W / m; g++) {
        const group = s.act.subarray(r * W + g * m, r * W + g * m + m);
        const keep = topNKeep(group, n);
        for (let j = 0; j < m; j++) {
          if (!keep[j]) continue;
          const a = BigInt(group[j]!);
          for (let c = 0; c < C; c++) out[r * C + c]! += a * BigInt(s.wgt[c * W + g * m + j]!);
        }
      }
    }
  }
  return out.map((v) => wrapSigned(v, accBits));
}

/**
 * The channel (0..m-1, inside group g) lane k of a group takes, or -1 (the lane contributes 0).
 * index: position p with k <= p <= m-n+k; bitmask: the (k+1)-th set bit, if within k..m-n+k.
 * Well-formed metadata (ascending positions; exactly n bits) always selects.
 */
export function laneChannel(encoding: MetaEncoding, groupMeta: ArrayLike<number>, k: number, n: number, m: number): number {
  const fanIn = m - n + 1;
  if (encoding === 'index') {
    const p = groupMeta[k]!;
    return p >= k && p - k < fanIn ? p : -1;
  }
  let seen = 0;
  for (let j = 0; j < m; j++) {
    if (groupMeta[j]) {
      if (seen === k) return j - k < fanIn ? j : -1;
      seen++;
    }
  }
  return -1;
}

/** Results of one dot product on nm_engine_core. */
export function referenceCoreDotProduct(shape: RefShape, pattern: Pattern, encoding: MetaEncoding, slices: readonly CompressedSlice[]): bigint[] {
  const { n, m } = pattern;
  const { windowChannels: W, rows: R, cols: C, accBits } = shape;
  const P = (W * n) / m;
  const out: bigint[] = new Array<bigint>(R * C).fill(0n);
  for (const s of slices) {
    for (let r = 0; r < R; r++) {
      for (let g = 0; g < W / m; g++) {
        const groupMeta = encoding === 'index' ? s.meta.subarray(r * P + g * n, r * P + g * n + n) : s.meta.subarray(r * W + g * m, r * W + g * m + m);
        for (let k = 0; k < n; k++) {
          const j = laneChannel(encoding, groupMeta, k, n, m);
          if (j < 0) continue;
          const a = BigInt(s.values[r * P + g * n + k]!);
          for (let c = 0; c < C; c++) out[r * C + c]! += a * BigInt(s.wgt[c * W + g * m + j]!);
        }
      }
    }
  }
  return out.map((v) => wrapSigned(v, accBits));
}

/** Compresses a dense slice the way nm_engine's compressor does, into nm_engine_core's input form. */
export function compressSlice(shape: RefShape, pattern: Pattern, encoding: MetaEncoding, s: DenseSlice): CompressedSlice {
  const { n, m } = pattern;
  const { windowChannels: W, rows: R } = shape;
  const P = (W * n) / m;
  const values = new Int32Array(R * P);
  const meta = new Int32Array(encoding === 'index' ? R * P : R * W);
  for (let r = 0; r < R; r++) {
    for (let g = 0; g < W / m; g++) {
      const group = s.act.subarray(r * W + g * m, r * W + g * m + m);
      const keep = topNKeep(group, n);
      let k = 0;
      for (let j = 0; j < m; j++) {
        if (!keep[j]) continue;
        values[r * P + g * n + k] = group[j]!;
        if (encoding === 'index') meta[r * P + g * n + k] = j;
        else meta[r * W + g * m + j] = 1;
        k++;
      }
    }
  }
  return { values, meta, wgt: s.wgt, last: s.last, mode: s.mode };
}
