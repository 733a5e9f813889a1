// Text form of replay reports: one quantity-per-line table per layer and a summary table over all
// layers. Every line names its unit. Formatting only; the numbers come from layer_report.ts.

import { formatTable } from './table.js';
import type { LayerReport, ReplayTotals } from '../../sim/replay/layer_report.js';

const int = (v: number): string => Math.round(v).toLocaleString('en-US');
const pct = (v: number): string => (100 * v).toFixed(2);
const ratio = (v: number): string => v.toFixed(3);

/** One layer, quantity by quantity. */
export function formatLayerReport(r: LayerReport): string {
  const t = r.tiling;
  const head = `layer ${r.layer}: T = ${r.tokens} tokens, K = ${r.channels} channels, O = ${r.outChannels} output channels` +
    (r.outChannelsSource !== undefined ? ` (O from ${r.outChannelsSource})` : '') + '\n' +
    `engine ${r.engine.pattern} ${r.engine.top}, window ${r.engine.windowChannels} channels, ${r.engine.lanes} lanes, ${r.engine.rows} x ${r.engine.cols} PEs\n`;
  const rows: (string | number)[][] = [
    ['slices per dot product (S = ceil(K/W))', int(t.slicesPerDotProduct), 'slices'],
    ['zero padding in the last slice', int(t.paddedChannelsPerToken), 'channels/token'],
    ['token blocks x column blocks', `${int(t.tokenBlocks)} x ${int(t.columnBlocks)}`, 'dot products'],
    ['total', int(r.totalCycles), 'cycles'],
    ['compute (slices taken)', int(r.computeCycles), 'cycles'],
    ['stall (memory)', int(r.stallCycles), 'cycles'],
    ['  input stall', int(r.timing.inputStallCycles), 'cycles'],
    ['  output tail', int(r.timing.outputTailCycles), 'cycles'],
    ['pipeline latency L', int(r.timing.latencyCycles), 'cycles'],
    ['useful MACs (kept non-zero values x O)', int(r.usefulMacs), 'MACs'],
    ['MAC utilization (useful / (P*R*C*cycles))', pct(r.macUtilization), '%'],
    [`dense engine (window ${r.dense.windowChannels}, same multipliers)`, int(r.dense.totalCycles), 'cycles'],
    ['speedup over dense', ratio(r.speedupOverDense), 'x'],
    ['activations moved', int(r.bytes.activationBytes), 'bytes'],
    ['metadata moved', int(r.bytes.metadataBytes), 'bytes'],
    ['weights moved', int(r.bytes.weightBytes), 'bytes'],
    ['outputs moved', int(r.bytes.outputBytes), 'bytes'],
    ['total moved (dense engine)', `${int(r.bytes.totalBytes)} (${int(r.dense.bytes.totalBytes)})`, 'bytes'],
    ['kept values (of T*K)', `${int(r.keptValues)} of ${int(r.denseValues)}`, 'values'],
    ['kept non-zero values', int(r.keptNonZeroValues), 'values'],
    [`weight rows fetched${r.weightRowSkipping ? ' (row skipping)' : ' (no skipping)'} / dense`, `${int(r.weightRowsFetched)} / ${int(r.weightRowsDense)}`, 'rows'],
    ['activation buffer (2 token blocks)', int(r.buffers.activationBufferBytes), 'bytes'],
    ['weight buffer (2 tiles of C x K)', int(r.buffers.weightBufferBytes), 'bytes'],
  ];
  return head + formatTable(['quantity', 'value', 'unit'], rows);
}

/** One row per layer plus the total. */
export function formatSummary(reports: readonly LayerReport[], totals: ReplayTotals): string {
  const row = (name: string, cycles: number, compute: number, stall: number, util: number, speedup: number, act: number, meta: number, wgt: number, out: number, kept: number, dense: number, rows: number, rowsDense: number): string[] =>
    [name, int(cycles), int(compute), int(stall), pct(util), ratio(speedup), int(act), int(meta), int(wgt), int(out), pct(kept / dense), `${int(rows)}/${int(rowsDense)}`];
  const body = reports.map((r) => row(r.layer, r.totalCycles, r.computeCycles, r.stallCycles, r.macUtilization, r.speedupOverDense,
    r.bytes.activationBytes, r.bytes.metadataBytes, r.bytes.weightBytes, r.bytes.outputBytes, r.keptValues, r.denseValues, r.weightRowsFetched, r.weightRowsDense));
  body.push(row('total', totals.totalCycles, totals.computeCycles, totals.stallCycles, totals.macUtilization, totals.speedupOverDense,
    totals.bytes.activationBytes, totals.bytes.metadataBytes, totals.bytes.weightBytes, totals.bytes.outputBytes, totals.keptValues, totals.denseValues,
    totals.weightRowsFetched, totals.weightRowsDense));
  return formatTable(['layer', 'cycles', 'compute (cycles)', 'stall (cycles)', 'MAC util (%)', 'speedup (x)', 'act (bytes)', 'meta (bytes)',
    'weights (bytes)', 'out (bytes)', 'kept (%)', 'weight rows (rows)'], body);
}
