// Step functions of nm_meta_decode_bitmask and nm_meta_decode_index (rtl-templates/): one row's
// metadata into one-hot lane selects, sel[(g*N+k)*F + t] = 1 when lane k of group g holds channel
// g*M+k+t (F = M-N+1). Out-of-range metadata (an index outside k..k+F-1, a lane with fewer than k+1
// set bits before its window ends) selects nothing. Purely combinational.

import type { MetaDecoderBlock } from '../../../src/ir/types.js';

/** bitmask: `mask` holds the row's W bits (0/1); channel j feeds lane k when it is the (k+1)-th kept one. */
export function evalMetaDecodeBitmask(b: MetaDecoderBlock, mask: Int32Array, sel: Int32Array): void {
  const { m: M, n: N, muxFanIn: F } = b;
  sel.fill(0);
  for (let g = 0; g < b.windowChannels / M; g++) {
    let keptBelow = 0;
    for (let j = 0; j < M; j++) {
      const bit = mask[g * M + j]! & 1;
      const k = keptBelow;
      if (bit && k < N && j >= k && j - k < F) sel[(g * N + k) * F + (j - k)] = 1;
      keptBelow += bit;
    }
  }
}

/** index: `idx` holds one position per lane (P entries); lane k of group g selects position k + t. */
export function evalMetaDecodeIndex(b: MetaDecoderBlock, idx: Int32Array, sel: Int32Array): void {
  const { m: M, n: N, muxFanIn: F } = b;
  sel.fill(0);
  for (let g = 0; g < b.windowChannels / M; g++) {
    for (let k = 0; k < N; k++) {
      const t = idx[g * N + k]! - k;
      if (t >= 0 && t < F) sel[(g * N + k) * F + t] = 1;
    }
  }
}

export function evalMetaDecoder(b: MetaDecoderBlock, meta: Int32Array, sel: Int32Array): void {
  if (b.encoding === 'bitmask') evalMetaDecodeBitmask(b, meta, sel);
  else evalMetaDecodeIndex(b, meta, sel);
}
