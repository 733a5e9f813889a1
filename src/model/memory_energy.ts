// Energy of memory accesses at 45 nm, from published figures (not synthesized): on-chip SRAM per
// 64-bit read by capacity, and off-chip DRAM per 64-bit access. Source: M. Horowitz, "Computing's
// energy problem (and what we can do about it)", ISSCC 2014, as commonly quoted: 64-bit SRAM read
// 10 pJ at 8 KB, 20 pJ at 32 KB, 100 pJ at 1 MB; DRAM 1.3–2.6 nJ per 64-bit access.

/** (capacity bytes, pJ per 64-bit access) points of the SRAM figure. */
export const SRAM_POINTS: readonly (readonly [number, number])[] = [[8 * 1024, 10], [32 * 1024, 20], [1024 * 1024, 100]];
/** DRAM per 64-bit access, pJ: the low end of Horowitz's 1.3–2.6 nJ (an optimistic off-chip figure). */
export const DRAM_PJ_PER_64_BITS = 1300;
export const MEMORY_ENERGY_SOURCE = 'Horowitz, ISSCC 2014 (45 nm): SRAM 64-bit read 10 pJ @ 8 KB, 20 pJ @ 32 KB, 100 pJ @ 1 MB; DRAM 1.3-2.6 nJ per 64-bit access (1.3 nJ taken)';

/**
 * SRAM energy per 64-bit access of a buffer of `capacityBytes`, pJ: log-log interpolation between
 * the published points; the 8 KB figure below 8 KB (smaller arrays are not cheaper in this model)
 * and the 32 KB–1 MB slope extrapolated above 1 MB.
 */
export function sramPjPer64Bits(capacityBytes: number): number {
  const pts = SRAM_POINTS;
  if (capacityBytes <= pts[0]![0]) return pts[0]![1];
  let i = 0;
  while (i < pts.length - 2 && capacityBytes > pts[i + 1]![0]) i++;
  const [x0, y0] = pts[i]!, [x1, y1] = pts[i + 1]!;
  const slope = Math.log(y1 / y0) / Math.log(x1 / x0);
  return y0 * Math.exp(slope * Math.log(capacityBytes / x0));
}

/** pJ per byte of an SRAM access of a buffer of `capacityBytes`. */
export function sramPjPerByte(capacityBytes: number): number {
  return sramPjPer64Bits(capacityBytes) / 8;
}

/** pJ per byte moved off chip. */
export function dramPjPerByte(): number {
  return DRAM_PJ_PER_64_BITS / 8;
}
