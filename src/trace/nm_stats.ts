// N:M selection on quantized activations and the statistics the hardware cares about: which channels
// each token keeps (contract §2: larger |a| wins, ties to the lower channel index, |−2^(A−1)| = 2^(A−1)),
// how many groups are decided by that tie rule, all-zero groups, and how many weight rows a block of
// R tokens needs (the union of their kept channels: what weight-row skipping can save).

import { InternalError } from '../diagnostics/diagnostic.js';
import type { QuantizedLayer } from './quantize.js';
import type { Pattern } from '../config/pattern.js';

/** N:M: in every group of m consecutive channels of a token, n are kept (the engine's pattern type). */
export type NmPattern = Pattern;

/** Flags per (token, group) in NmKeepMasks.groupFlags. */
export const GROUP_TIED = 1;
export const GROUP_TIED_AT_ZERO = 2;
export const GROUP_ALL_ZERO = 4;

/**
 * Kept channels of every (token, group). A row whose K is not a multiple of m is zero-padded to one;
 * padded positions lose every tie (highest indices) and are never set in `masks`.
 */
export interface NmKeepMasks {
  readonly pattern: NmPattern;
  readonly tokens: number;
  readonly channels: number;
  /** ceil(K / m). */
  readonly groupsPerToken: number;
  /** ceil(m / 32): 32-bit words per group mask. */
  readonly wordsPerGroup: number;
  /** Bit i of group g of token t (word i >> 5 at ((t * G + g) * words + (i >> 5))) = channel g*m + i is kept. */
  readonly masks: Uint32Array;
  /** GROUP_TIED | GROUP_TIED_AT_ZERO | GROUP_ALL_ZERO per (t * G + g). */
  readonly groupFlags: Uint8Array;
}

/** The kept set of every group under the contract's rule (one pass, insertion sort of m unique keys). */
export function nmKeepMasks(codes: Int16Array | Int32Array, tokens: number, channels: number, pattern: NmPattern): NmKeepMasks {
  const { n, m } = pattern;
  if (!(n >= 1 && n <= m && m <= 64)) throw new InternalError(`pattern ${n}:${m} needs 1 <= n <= m <= 64`);
  if (codes.length !== tokens * channels) throw new InternalError(`nmKeepMasks: ${codes.length} codes is not ${tokens} x ${channels}`);
  const G = Math.ceil(channels / m);
  const words = Math.ceil(m / 32);
  const masks = new Uint32Array(tokens * G * words);
  const flags = new Uint8Array(tokens * G);
  const keys = new Int32Array(m);
  for (let t = 0; t < tokens; t++) {
    const row = t * channels;
    for (let g = 0; g < G; g++) {
      const c0 = g * m;
      // key = |a| * 64 + (63 − i): unique, larger wins; on equal |a| the lower index has the larger key.
      for (let i = 0; i < m; i++) {
        const c = c0 + i;
        const mag = c < channels ? Math.abs(codes[row + c]) : 0;
        const key = mag * 64 + (63 - i);
        let k = i;
        while (k > 0 && keys[k - 1] < key) {
          keys[k] = keys[k - 1];
          k--;
        }
        keys[k] = key;
      }
      const tg = t * G + g;
      const mbase = tg * words;
      for (let r = 0; r < n; r++) {
        const i = 63 - (keys[r] & 63);
        if (c0 + i < channels) masks[mbase + (i >>> 5)] |= 1 << (i & 31);
      }
      let f = 0;
      if (keys[0] >>> 6 === 0) f |= GROUP_ALL_ZERO;
      if (n < m && keys[n - 1] >>> 6 === keys[n] >>> 6) f |= keys[n] >>> 6 === 0 ? GROUP_TIED | GROUP_TIED_AT_ZERO : GROUP_TIED;
      flags[tg] = f;
    }
  }
  return { pattern, tokens, channels, groupsPerToken: G, wordsPerGroup: words, masks, groupFlags: flags };
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Statistics of one quantized layer under one N:M pattern. Counts are plain numbers of items. */
export interface NmStats {
  readonly pattern: NmPattern;
  readonly actBits: number;
  readonly tokens: number;
  readonly channels: number;
  readonly groupsPerToken: number;
  /** tokens * groupsPerToken. */
  readonly groups: number;
  /** Zero channels appended per row to reach a multiple of m (0 when m divides K). */
  readonly paddedChannelsPerToken: number;
  /** (token, channel) pairs kept; n per full group. */
  readonly keptValues: number;
  /** Kept pairs whose code is non-zero. */
  readonly keptNonZero: number;
  /** Codes equal to 0 (over all T x K). */
  readonly zeroValues: number;
  /** Groups whose n-th and (n+1)-th largest |a| are equal: the tie rule decides the kept set. */
  readonly tiedGroups: number;
  /** Tied groups where that magnitude is 0 (the choice changes which weight rows, not the result). */
  readonly tiedGroupsAtZero: number;
  /** Groups whose codes are all zero. */
  readonly allZeroGroups: number;
  /** How many tokens keep each channel (length K). */
  readonly channelKeepCounts: Uint32Array;
  /** R: tokens per block for the weight-row union. */
  readonly blockTokens: number;
  /** ceil(T / R). */
  readonly blocks: number;
  /** Sum over blocks of the number of channels kept by at least one token of the block (weight rows). */
  readonly weightRowsFetched: number;
  /** blocks * K: rows a dense engine fetches. */
  readonly weightRowsDense: number;
  readonly minWeightRowsPerBlock: number;
  readonly maxWeightRowsPerBlock: number;
}

/**
 * N:M statistics of a quantized layer. `blockTokens` (R, default 16) is the number of tokens the
 * engine computes together; the last block may be shorter.
 */
export function nmStats(q: QuantizedLayer, pattern: NmPattern, blockTokens = 16): NmStats {
  if (!Number.isInteger(blockTokens) || blockTokens < 1) throw new InternalError(`blockTokens must be a positive integer, not ${blockTokens}`);
  const { tokens: T, channels: K, codes } = q;
  const km = nmKeepMasks(codes, T, K, pattern);
  const G = km.groupsPerToken;
  const W = km.wordsPerGroup;
  let keptValues = 0, keptNonZero = 0, zeroValues = 0, tied = 0, tiedZero = 0, allZero = 0;
  const channelKeepCounts = new Uint32Array(K);
  for (let i = 0; i < codes.length; i++) if (codes[i] === 0) zeroValues++;
  for (let tg = 0; tg < T * G; tg++) {
    const f = km.groupFlags[tg];
    if (f & GROUP_TIED) tied++;
    if (f & GROUP_TIED_AT_ZERO) tiedZero++;
    if (f & GROUP_ALL_ZERO) allZero++;
  }
  const union = new Uint32Array(G * W);
  const blocks = Math.ceil(T / blockTokens);
  let fetched = 0, minRows = Infinity, maxRows = 0;
  for (let b = 0; b < blocks; b++) {
    union.fill(0);
    for (let t = b * blockTokens; t < Math.min(T, (b + 1) * blockTokens); t++) {
      for (let g = 0; g < G; g++) {
        for (let w = 0; w < W; w++) {
          let bits = km.masks[(t * G + g) * W + w];
          union[g * W + w] |= bits;
          while (bits !== 0) {
            const low = bits & -bits;
            const c = g * pattern.m + w * 32 + (31 - Math.clz32(low));
            keptValues++;
            channelKeepCounts[c]++;
            if (codes[t * K + c] !== 0) keptNonZero++;
            bits ^= low;
          }
        }
      }
    }
    let rows = 0;
    for (let i = 0; i < union.length; i++) rows += popcount32(union[i]);
    fetched += rows;
    minRows = Math.min(minRows, rows);
    maxRows = Math.max(maxRows, rows);
  }
  return {
    pattern, actBits: q.actBits, tokens: T, channels: K, groupsPerToken: G, groups: T * G,
    paddedChannelsPerToken: G * pattern.m - K, keptValues, keptNonZero, zeroValues,
    tiedGroups: tied, tiedGroupsAtZero: tiedZero, allZeroGroups: allZero, channelKeepCounts,
    blockTokens, blocks, weightRowsFetched: fetched, weightRowsDense: blocks * K,
    minWeightRowsPerBlock: minRows, maxWeightRowsPerBlock: maxRows,
  };
}
