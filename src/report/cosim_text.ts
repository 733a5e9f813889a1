// Text of cosimulation: the per-top agreement table, and a divergence (the cycle, the differing
// signals, then the line traces of both sides). Formatting only; sim/backends/cosim.ts finds the divergence.

import type { CosimResult } from '../../sim/backends/cosim.js';
import { formatTable } from './table.js';

/** One row per top: cycles compared, transfers, results, run times, agreement. */
export function cosimTable(results: readonly CosimResult[]): string {
  return formatTable(['top', 'cycles compared', 'slices taken', 'results', 'TS model (s)', 'RTL (s)', 'status'],
    results.map((r) => [r.top, `${r.cyclesCompared}/${r.cycles}`, r.transfers, r.results, r.tsSeconds.toFixed(3), r.rtlSeconds.toFixed(2), r.agree ? 'agree' : `DIVERGE at ${r.divergence!.cycle}`]));
}

/** A divergence as text: the cycle, the signals, then both traces. */
export function formatDivergence(r: CosimResult): string {
  const d = r.divergence;
  if (d === undefined) return '';
  return `${r.top}: first divergence at cycle ${d.cycle} on ${d.signals.join(', ')}\n` +
    `  TypeScript model (record | control: stage valid/last bits, acc_first, enable, loads):\n${d.tsTrace.map((l) => `    ${l}`).join('\n')}\n` +
    `  RTL (${r.simulator}):\n${d.rtlTrace.map((l) => `    ${l}`).join('\n')}\n`;
}
