// Text form of the energy of replayed layers: per layer, where the energy goes (pJ per part, its
// share, the action count and pJ per action), then one summary row per layer with pJ per MAC and
// per token. Formatting only; the numbers come from layer_energy.ts.

import { formatTable } from './table.js';
import type { LayerEnergyReport } from '../../sim/replay/layer_energy.js';
import type { LayerReport } from '../../sim/replay/layer_report.js';

const int = (v: number): string => Math.round(v).toLocaleString('en-US');
const pj = (v: number): string => (v >= 1e6 ? `${(v / 1e6).toFixed(3)}e6` : v.toFixed(1));

/** Breakdown of one layer's energy. */
export function formatLayerEnergy(r: LayerReport, e: LayerEnergyReport): string {
  const total = e.energy.totalPj;
  const rows = e.energy.parts.map((p) => [p.name, pj(p.pj), total > 0 ? ((100 * p.pj) / total).toFixed(1) : '0.0', int(p.count), p.pjPerAction.toPrecision(4), p.action]);
  rows.push(['total', pj(total), '100.0', '', '', `${e.energy.pjPerMac.toFixed(3)} pJ per useful MAC, ${pj(e.energy.pjPerToken)} pJ per token`]);
  return `energy of layer ${r.layer} (clock ${e.energy.periodNs.toFixed(3)} ns from the timing model):\n` +
    formatTable(['part', 'energy (pJ)', 'share (%)', 'actions (count)', 'pJ per action', 'action'], rows);
}

/** One row per layer: totals, core / buffers / off chip, pJ per MAC and per token. */
export function formatEnergySummary(reports: readonly LayerReport[], energies: readonly LayerEnergyReport[]): string {
  const rows = reports.map((r, i) => {
    const e = energies[i]!.energy;
    return [r.layer, pj(e.totalPj), pj(e.corePj), pj(e.bufferPj), pj(e.offChipPj), e.pjPerMac.toFixed(3), pj(e.pjPerToken), ((r.totalCycles * e.periodNs) / r.tokens).toFixed(2)];
  });
  const sum = (f: (e: LayerEnergyReport) => number): number => energies.reduce((s, e) => s + f(e), 0);
  const macs = reports.reduce((s, r) => s + r.usefulMacs, 0);
  const tokens = reports[0]?.tokens ?? 0;
  const totalPj = sum((e) => e.energy.totalPj);
  rows.push(['total (layers back to back)', pj(totalPj), pj(sum((e) => e.energy.corePj)), pj(sum((e) => e.energy.bufferPj)), pj(sum((e) => e.energy.offChipPj)),
    macs > 0 ? (totalPj / macs).toFixed(3) : '0', tokens > 0 ? pj(totalPj / tokens) : '0',
    tokens > 0 ? (reports.reduce((s, r, i) => s + r.totalCycles * energies[i]!.energy.periodNs, 0) / tokens).toFixed(2) : '0']);
  return formatTable(['layer', 'energy (pJ)', 'engine (pJ)', 'buffers (pJ)', 'off chip (pJ)', 'per useful MAC (pJ)', 'per token (pJ)', 'time per token (ns)'], rows) +
    `(engine blocks: ${energies[0]?.energy.sources.components ?? ''}; memories: ${energies[0]?.energy.sources.memories ?? ''})\n`;
}
