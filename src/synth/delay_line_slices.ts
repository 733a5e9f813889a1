// Exact bit-slicing of wide delay lines for synthesis: nm_delay_line (rtl-templates/nm_delay_line.v)
// is WIDTH independent bit slices (per bit DEPTH flip-flops, each with its load-enable mux; only
// clk and the per-stage load bits are shared, and the flow inserts no buffers on them), so a delay
// line wider than a limit is synthesized as one slice of WIDTH s (the largest divisor of WIDTH up
// to the limit, DEPTH unchanged) and its figures counted WIDTH / s times. Owns the rule (which
// component is sliced, how wide its slice is) and the scaling of a slice's SynthResult to the
// figures of one whole instance. Used by synthesizeEngine (engine_synth.ts) and the bench.

import type { CellCounts, SynthResult } from './flows.js';

/** Delay lines wider than this (bits) are synthesized as slices unless told otherwise. */
export const DEFAULT_DELAY_SLICE_BITS = 256;

/** The template this rule slices. */
export const SLICED_TEMPLATE = 'nm_delay_line';

/** The largest divisor of `width` that is at most `limit` (1 when there is none above 1). */
export function sliceWidth(width: number, limit: number): number {
  for (let s = Math.min(width, limit); s > 1; s--) if (width % s === 0) return s;
  return 1;
}

/** How one component is synthesized: `params` of the job, `slices` equal slices per instance (1: whole). */
export interface DelayLineSlicing {
  readonly slices: number;
  readonly params: Readonly<Record<string, number>>;
}

/**
 * The slicing of a component: an nm_delay_line whose WIDTH is above `limitBits` (> 0) is synthesized
 * as WIDTH / s slices of WIDTH s = sliceWidth(WIDTH, limitBits); anything else whole (slices 1, its own params).
 */
export function delayLineSlicing(template: string, params: Readonly<Record<string, number>>, limitBits: number = DEFAULT_DELAY_SLICE_BITS): DelayLineSlicing {
  const width = params.WIDTH;
  if (template !== SLICED_TEMPLATE || limitBits <= 0 || width === undefined || width <= limitBits) return { slices: 1, params };
  const s = sliceWidth(width, limitBits);
  return { slices: width / s, params: { ...params, WIDTH: s } };
}

function scaleCells(c: CellCounts, k: number): CellCounts {
  return { total: c.total * k, byType: Object.fromEntries(Object.entries(c.byType).map(([t, n]) => [t, n * k])) };
}

/**
 * The figures of one whole instance from the synthesis of one of its `slices` equal slices, with
 * `params` (the whole instance's) in place of the slice's.
 * Scaled by `slices` (sums over cells): areaUm2, sequentialAreaUm2, genericCells and cells (totals
 * and per type), transistors.count (lowerBound kept), timing.areaUm2.
 * Kept as the slice's (intensive: the slices are parallel, so the longest path of the whole is that
 * of a slice): criticalPath (levels, delayNs, and its start/end nets, which name the slice's bits),
 * timing.sta, registerOverheadNs and criticalPathNs. The one difference the whole would show is the
 * fan-out of the load bits (WIDTH pins instead of s); sta.ts takes such nets as ideally buffered and
 * the engine's stall-enable fan-out is charged from the whole array (fanout_timing.ts), so the
 * slice's figure is what the stage timing wants.
 * Also kept: warnings and seconds (those of the slice's Yosys run, the one that ran).
 */
export function scaleSliceResult(slice: SynthResult, slices: number, params: Readonly<Record<string, number>>): SynthResult {
  if (slices === 1) return slice;
  return {
    ...slice,
    params: { ...params },
    genericCells: scaleCells(slice.genericCells, slices),
    cells: scaleCells(slice.cells, slices),
    transistors: { count: slice.transistors.count * slices, lowerBound: slice.transistors.lowerBound },
    areaUm2: slice.areaUm2 * slices,
    sequentialAreaUm2: slice.sequentialAreaUm2 * slices,
    ...(slice.timing !== undefined ? { timing: { ...slice.timing, areaUm2: slice.timing.areaUm2 * slices } } : {}),
  };
}
