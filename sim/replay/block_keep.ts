// Which channels each token keeps under N:M (contract §2: larger |a| wins, ties to the lower
// channel, |−2^(A−1)| = 2^(A−1)), reduced on the fly to what the replay needs: kept values, kept
// non-zeros and, per block of R tokens, the weight rows the block needs (channels kept by at least
// one of its tokens). One O(T·K) pass, no per-group mask array (src/trace/nm_stats.ts keeps those).

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
  const rowsPerBlock = new Uint32Array(blocks);
  const stamp = new Int32Array(K).fill(-1);
  const top = new Int32Array(n); // the n largest keys of the group so far, descending
  const gkeys = new Int32Array(m);
  let kept = 0, keptNonZero = 0;
  for (let b = 0; b < blocks; b++) {
    let rows = 0;
    const tEnd = Math.min(tokens, (b + 1) * blockTokens);
    for (let t = b * blockTokens; t < tEnd; t++) {
      const row = t * K;
      for (let c0 = 0; c0 < K; c0 += m) {
        const len = Math.min(m, K - c0);
        if (len <= n) {
          // Every real channel is kept (the rest of the n are padding).
          for (let i = 0; i < len; i++) {
            const c = c0 + i;
            if (stamp[c] !== b) { stamp[c] = b; rows++; }
            if (codes[row + c] !== 0) keptNonZero++;
          }
          kept += len;
          continue;
        }
        // key = |a| · 64 + (63 − i): unique; larger |a| wins, equal |a| goes to the lower index.
        let cnt = 0;
        for (let i = 0; i < len; i++) {
          const a = codes[row + c0 + i];
          const key = (a < 0 ? -a : a) * 64 + (63 - i);
          gkeys[i] = key;
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
          if (gkeys[i] < threshold) continue;
          const c = c0 + i;
          if (stamp[c] !== b) { stamp[c] = b; rows++; }
          if (codes[row + c] !== 0) keptNonZero++;
        }
        kept += n;
      }
    }
    rowsPerBlock[b] = rows;
  }
  return { n, m, keptValues: kept, keptNonZero, weightRowsPerBlock: rowsPerBlock };
}
