// Text of a cosimulation divergence: the cycle, the differing signals, then the line traces of both
// sides. Formatting only; sim/backends/cosim.ts finds the divergence.

import type { CosimResult } from '../../sim/backends/cosim.js';

/** A divergence as text: the cycle, the signals, then both traces. */
export function formatDivergence(r: CosimResult): string {
  const d = r.divergence;
  if (d === undefined) return '';
  return `${r.top}: first divergence at cycle ${d.cycle} on ${d.signals.join(', ')}\n` +
    `  TypeScript model (record | control: stage valid/last bits, acc_first, enable, loads):\n${d.tsTrace.map((l) => `    ${l}`).join('\n')}\n` +
    `  RTL (${r.simulator}):\n${d.rtlTrace.map((l) => `    ${l}`).join('\n')}\n`;
}
