// Which channels each token keeps under N:M (contract §2: larger |a| wins, ties to the lower
// channel, |−2^(A−1)| = 2^(A−1)), reduced on the fly to what the replay needs: kept values, kept
// non-zeros and, per block of R tokens, the weight rows the block needs (channels kept by at least
// one of its tokens). One O(T·K) pass, no per-group mask array (src/trace/nm_stats.ts keeps those);
// a group whose channels the block already fetches is only counted, not selected.

import { InternalError } from '../../src/diagnostics/diagnostic.js';

export interface BlockKeep {
  readonly n: number;
  readonly m: number;
  /** (token, channel) pairs kept, padding excluded: n per full group, min(n, K mod m) in a short one. */
  readonly keptValues: number;
  /** Kept pairs whose code is non-zero. */
  readonly keptNonZero: number;
  /** Per token block: channels kept by at least one of its tokens (weight rows fetched with skipping). */
  readonly weightRowsPerBlock: Uint32Array;
}

/**
 * Kept sets of a quantized [T x K] layer. A group cut short by the end of the row is treated as
 * zero-padded to m channels: padded positions have |a| = 0 and the highest indices, so they lose
 * every tie and are kept only when the group has fewer than n real channels (then they add nothing
 * and are not counted).
 */
export function blockKeep(codes: Int16Array, tokens: number, channels: number, n: number, m: number, blockTokens: number): BlockKeep {
  if (!(n >= 1 && n <= m && m <= 64)) throw new InternalError(`blockKeep: pattern ${n}:${m} needs 1 <= n <= m <= 64`);
  if (codes.length !== tokens * channels) throw new InternalError(`blockKeep: ${codes.length} codes is not ${tokens} x ${channels}`);
  const K = channels;
  const blocks = Math.ceil(tokens / blockTokens);
  const groups = Math.ceil(K / m);
  const rowsPerBlock = new Uint32Array(blocks);
  const stamp = new Int32Array(K).fill(-1);
  // Channels of each group already counted in the current block: a full group needs no selection,
  // only its non-zero count (the kept non-zeros are min(n, non-zeros): a non-zero beats every zero).
  const stampedInGroup = new Int32Array(groups);
  const top = new Int32Array(n); // the n largest keys of the group so far, descending
  const pair = n === 2 && m === 4;
  let kept = 0, keptNonZero = 0;
  for (let b = 0; b < blocks; b++) {
    let rows = 0;
    stampedInGroup.fill(0);
    const tEnd = Math.min(tokens, (b + 1) * blockTokens);
    for (let t = b * blockTokens; t < tEnd; t++) {
      const row = t * K;
      let g = 0, c0 = 0;
      if (pair) {
        // 2:4, full groups unrolled: count, and select only while the block lacks a channel of the group.
        for (; c0 + 4 <= K; g++, c0 += 4) {
          const base = row + c0;
          const a0 = codes[base], a1 = codes[base + 1], a2 = codes[base + 2], a3 = codes[base + 3];
          const nz = (a0 !== 0 ? 1 : 0) + (a1 !== 0 ? 1 : 0) + (a2 !== 0 ? 1 : 0) + (a3 !== 0 ? 1 : 0);
          keptNonZero += nz < 2 ? nz : 2;
          kept += 2;
          if (stampedInGroup[g] === 4) continue;
          // key = |a| · 4 + (3 − i): the threshold is the second largest key (a 4-key network);
          // with fewer than 2 non-zeros the same keys keep the non-zeros, then the lowest zeros.
          const k0 = (a0 < 0 ? -a0 : a0) * 4 + 3, k1 = (a1 < 0 ? -a1 : a1) * 4 + 2;
          const k2 = (a2 < 0 ? -a2 : a2) * 4 + 1, k3 = (a3 < 0 ? -a3 : a3) * 4;
          const hi01 = k0 > k1 ? k0 : k1, lo01 = k0 > k1 ? k1 : k0;
          const hi23 = k2 > k3 ? k2 : k3, lo23 = k2 > k3 ? k3 : k2;
          const minHi = hi01 < hi23 ? hi01 : hi23, maxLo = lo01 > lo23 ? lo01 : lo23;
          const th = minHi > maxLo ? minHi : maxLo;
          let newly = 0;
          if (k0 >= th && stamp[c0] !== b) { stamp[c0] = b; newly++; }
          if (k1 >= th && stamp[c0 + 1] !== b) { stamp[c0 + 1] = b; newly++; }
          if (k2 >= th && stamp[c0 + 2] !== b) { stamp[c0 + 2] = b; newly++; }
          if (k3 >= th && stamp[c0 + 3] !== b) { stamp[c0 + 3] = b; newly++; }
          stampedInGroup[g] += newly;
          rows += newly;
        }
      }
      for (; g < groups; g++, c0 += m) {
        const len = Math.min(m, K - c0);
        const base = row + c0;
        let nz = 0;
        for (let i = 0; i < len; i++) if (codes[base + i] !== 0) nz++;
        const full = stampedInGroup[g] === len;
        if (len <= n) {
          // Every real channel is kept (the rest of the n are padding).
          keptNonZero += nz;
          kept += len;
          if (full) continue;
          for (let i = 0; i < len; i++) {
            const c = c0 + i;
            if (stamp[c] !== b) { stamp[c] = b; rows++; stampedInGroup[g]++; }
          }
          continue;
        }
        keptNonZero += nz < n ? nz : n;
        kept += n;
        if (full) continue;
        let newly = 0;
        if (nz <= n) {
          // Every non-zero, then the lowest-index zeros up to n (zeros tie; the lower channel wins).
          let zerosLeft = n - nz;
          for (let i = 0; i < len; i++) {
            if (codes[base + i] === 0) {
              if (zerosLeft === 0) continue;
              zerosLeft--;
            }
            const c = c0 + i;
            if (stamp[c] !== b) { stamp[c] = b; newly++; }
          }
        } else if (len - stampedInGroup[g] <= n >> 1) {
          // Few channels of the group still unfetched: rank just those (kept when fewer than n keys beat theirs).
          for (let i = 0; i < len; i++) {
            const c = c0 + i;
            if (stamp[c] === b) continue;
            const a = codes[base + i];
            if (a === 0) continue; // more than n non-zeros: a zero is never kept
            const key = (a < 0 ? -a : a) * 64 + (63 - i);
            let above = 0;
            for (let j = 0; j < len && above < n; j++) {
              const o = codes[base + j];
              if ((o < 0 ? -o : o) * 64 + (63 - j) > key) above++;
            }
            if (above < n) { stamp[c] = b; newly++; }
          }
        } else {
          // key = |a| · 64 + (63 − i): unique; larger |a| wins, equal |a| goes to the lower index.
          // More than n non-zeros: the kept ones are all non-zero, so zeros are never inserted.
          let cnt = 0;
          for (let i = 0; i < len; i++) {
            const a = codes[base + i];
            if (a === 0) continue;
            const key = (a < 0 ? -a : a) * 64 + (63 - i);
            if (cnt < n) {
              let k = cnt++;
              while (k > 0 && top[k - 1] < key) { top[k] = top[k - 1]; k--; }
              top[k] = key;
            } else if (key > top[n - 1]) {
              let k = n - 1;
              while (k > 0 && top[k - 1] < key) { top[k] = top[k - 1]; k--; }
              top[k] = key;
            }
          }
          const threshold = top[n - 1];
          for (let i = 0; i < len; i++) {
            const a = codes[base + i];
            if ((a < 0 ? -a : a) * 64 + (63 - i) < threshold) continue;
            const c = c0 + i;
            if (stamp[c] !== b) { stamp[c] = b; newly++; }
          }
        }
        stampedInGroup[g] += newly;
        rows += newly;
      }
    }
    rowsPerBlock[b] = rows;
  }
  return { n, m, keptValues: kept, keptNonZero, weightRowsPerBlock: rowsPerBlock };
}
