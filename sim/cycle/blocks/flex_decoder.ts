// Step functions of nm_meta_decode_flex_bitmask and nm_meta_decode_flex_index (rtl-templates/):
// one row's metadata in the active mode n:m into the selects of the largest mode's lane muxes
// (F = m*-n*+1 candidates per lane; lane p's candidate t is channel (p div n*)*m* + p mod n* + t).
// In mode n:m lane p is lane k = p mod n of group g = p div n and takes channel g*m + j, where j is
// the (k+1)-th set bit of the group (bitmask) or the lane's index (index), when k <= j <= k+m-n;
// otherwise it selects nothing. A mode value without a mode selects nothing. Combinational.

import { InternalError } from '../../../src/diagnostics/diagnostic.js';
import type { FlexDecoderBlock } from '../../../src/ir/types.js';

/** The channel lane p takes in `mode` given its position j in its group, as a select index, or -1. */
function selectOf(b: FlexDecoderBlock, p: number, n: number, m: number, j: number): number {
  const k = p % n;
  if (j < k || j - k > m - n) return -1;
  const channel = Math.floor(p / n) * m + j;
  const t = channel - (Math.floor(p / b.n) * b.m + (p % b.n));
  if (t < 0 || t >= b.muxFanIn) throw new InternalError(`${b.name}: lane ${p} of mode ${n}:${m} reaches channel ${channel}, outside its candidates`);
  return p * b.muxFanIn + t;
}

export function evalFlexDecoder(b: FlexDecoderBlock, mode: number, meta: Int32Array, sel: Int32Array): void {
  sel.fill(0);
  const pattern = b.modes[mode];
  if (pattern === undefined) return;
  const { n, m } = pattern;
  for (let p = 0; p < b.lanes; p++) {
    const g = Math.floor(p / n), k = p % n;
    let j = -1;
    if (b.encoding === 'index') j = meta[p]!;
    else {
      for (let i = 0, seen = 0; i < m; i++) {
        if (!(meta[g * m + i]! & 1)) continue;
        if (seen === k) { j = i; break; }
        seen++;
      }
    }
    if (j < 0) continue;
    const at = selectOf(b, p, n, m, j);
    if (at >= 0) sel[at] = 1;
  }
}
