// The per-engine cost table as an array of columns (id, label with unit, source, one value per
// engine), so later issues add timing and energy columns without touching the renderers.
// Numbers come from EngineCost (model + replay) and, when --synth ran, from synthesis.

import type { EngineCost } from './cost.js';

export interface CostColumn {
  readonly id: string;
  /** Header text, with its unit. */
  readonly label: string;
  readonly unit: string;
  readonly source: 'model' | 'simulator' | 'synthesis' | 'model + simulator';
  /** One value per engine, in the order of the report's engines; null where it does not apply. */
  readonly values: readonly (number | null)[];
  readonly digits: number;
}

export function costColumns(costs: readonly EngineCost[], bandwidthBytesPerCycle: number, synthUm2?: readonly (number | null)[]): CostColumn[] {
  const ref16 = costs.find((c) => c.label === 'dense W16')!, ref32 = costs.find((c) => c.label === 'dense W32')!;
  const col = (id: string, label: string, unit: string, source: CostColumn['source'], digits: number, f: (c: EngineCost) => number | null): CostColumn =>
    ({ id, label, unit, source, digits, values: costs.map(f) });
  const cols: CostColumn[] = [
    col('areaUm2', 'area, nm_engine (um^2, model)', 'um^2', 'model', 0, (c) => c.areaUm2),
  ];
  if (synthUm2 !== undefined) cols.push({ id: 'synthAreaUm2', label: 'area, nm_engine components (um^2, Yosys)', unit: 'um^2', source: 'synthesis', digits: 0, values: synthUm2 });
  cols.push(
    col('coreAreaUm2', 'area, nm_engine_core (um^2, model)', 'um^2', 'model', 0, (c) => c.coreAreaUm2),
    col('um2PerDenseMacPerCycle', 'area per dense-equivalent MAC/cycle (um^2)', 'um^2', 'model', 2, (c) => c.um2PerDenseMacPerCycle),
    col('areaVsDenseEqualThroughputPct', 'area vs dense W32 (%)', '%', 'model', 1, (c) => (100 * c.areaUm2) / ref32.areaUm2),
    col('fmaxMhz', 'fmax, nm_engine (MHz, timing model)', 'MHz', 'model', 0, (c) => c.fmaxMhz),
    col('periodNs', 'clock period, nm_engine (ns, timing model)', 'ns', 'model', 3, (c) => c.periodNs),
    col('energyPjPerToken', 'energy per token over the layers (pJ, model x simulator)', 'pJ', 'model + simulator', 0, (c) => c.energyPjPerToken),
    col('energyPjPerMac', 'energy per kept MAC (pJ, model x simulator)', 'pJ', 'model + simulator', 2, (c) => c.energyPjPerMac),
    col('offChipEnergyShare', 'off-chip share of the energy (%)', '%', 'model + simulator', 1, (c) => (100 * c.layers.reduce((s, l) => s + l.energyOffChipPj, 0)) / Math.max(c.energyPj, 1e-12)),
    col('timeUsPerLayerSet', 'time over the layers at fmax, unlimited bandwidth (us)', 'us', 'model + simulator', 2, (c) => (c.totalsComputeBound.totalCycles * c.periodNs) / 1000),
    col('computeBoundCycles', 'cycles, unlimited bandwidth (cycles)', 'cycles', 'simulator', 0, (c) => c.totalsComputeBound.totalCycles),
    col('macUtilization', 'MAC utilization, unlimited bandwidth (%)', '%', 'simulator', 1, (c) => 100 * c.totalsComputeBound.macUtilization),
    col('speedupEqualLanes', 'speedup over dense W16, equal lanes (x)', 'x', 'simulator', 3, (c) => ref16.totalsComputeBound.totalCycles / c.totalsComputeBound.totalCycles),
    col('speedupEqualThroughput', 'speedup over dense W32, equal throughput (x)', 'x', 'simulator', 3, (c) => ref32.totalsComputeBound.totalCycles / c.totalsComputeBound.totalCycles),
    col('cyclesAtBandwidth', `cycles at ${bandwidthBytesPerCycle} B/cycle (cycles)`, 'cycles', 'simulator', 0, (c) => c.totalsAtBandwidth.totalCycles),
    col('stallShareAtBandwidth', `memory stalls at ${bandwidthBytesPerCycle} B/cycle (% of cycles)`, '%', 'simulator', 1, (c) => (100 * c.totalsAtBandwidth.stallCycles) / c.totalsAtBandwidth.totalCycles),
    col('speedupEqualLanesAtBandwidth', `speedup over dense W16 at ${bandwidthBytesPerCycle} B/cycle (x)`, 'x', 'simulator', 3, (c) => ref16.totalsAtBandwidth.totalCycles / c.totalsAtBandwidth.totalCycles),
    col('denseActivationBytes', 'activations read, dense (bytes)', 'bytes', 'simulator', 0, (c) => c.totalsComputeBound.bytes.activationBytes),
    col('compressedActivationBytes', 'activations read, compressed values + metadata (bytes)', 'bytes', 'simulator', 0, (c) => c.totalsCore.bytes.activationBytes + c.totalsCore.bytes.metadataBytes),
    col('weightBytes', 'weights read, with row skipping (bytes)', 'bytes', 'simulator', 0, (c) => c.totalsComputeBound.bytes.weightBytes),
    col('weightBytesWithoutSkipping', 'weights read, every row (bytes)', 'bytes', 'simulator', 0, (c) => c.layers.reduce((s, l) => s + l.weightBytesWithoutSkipping, 0)),
    col('outputBytes', 'results written (bytes)', 'bytes', 'simulator', 0, (c) => c.totalsComputeBound.bytes.outputBytes),
    col('maxRequiredReadBandwidth', 'read bandwidth to stay compute-bound, worst layer, nm_engine (B/cycle)', 'B/cycle', 'simulator', 1, (c) => Math.max(...c.layers.map((l) => l.requiredReadBandwidthBytesPerCycle))),
    col('maxRequiredReadBandwidthCore', 'the same, nm_engine_core (B/cycle)', 'B/cycle', 'simulator', 1, (c) => Math.max(...c.layers.map((l) => l.requiredReadBandwidthCoreBytesPerCycle))),
  );
  return cols;
}
