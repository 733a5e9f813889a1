// Cost of each engine of the report: area from the analytic model (nm_engine and nm_engine_core),
// and, per trace layer, the timing replay (sim/replay) with unlimited bandwidth (compute-bound
// cycles), at the user's bandwidth (stalls), and on nm_engine_core (compressed activations +
// metadata off chip). The roofline number is the read bandwidth that keeps a layer compute-bound:
// bytes read / compute cycles (an average; bursts are what the replay at a bandwidth shows).

import { estimateArea, type AreaCategory } from '../../model/area.js';
import { estimateTiming } from '../../model/timing.js';
import { layerEnergy } from '../../../sim/replay/layer_energy.js';
import type { TraceLayer } from '../../trace/types.js';
import { quantizeLayer } from '../../trace/quantize.js';
import { replayLayer, replayTotals, type LayerReport, type ReplayTotals } from '../../../sim/replay/layer_report.js';
import type { CostedEngine } from './engines.js';

export interface LayerCost {
  readonly layer: string;
  readonly tokens: number;
  readonly channels: number;
  readonly outChannels: number;
  /** Replay with unlimited bandwidth: compute-bound. */
  readonly computeBoundCycles: number;
  readonly macUtilization: number;
  readonly speedupOverDenseEqualLanes: number;
  /** Replay at the user's read bandwidth. */
  readonly cyclesAtBandwidth: number;
  readonly stallCyclesAtBandwidth: number;
  readonly macUtilizationAtBandwidth: number;
  /** Bytes read per operand: dense activations (nm_engine), compressed values and metadata (nm_engine_core), weights with row skipping, results written. */
  readonly denseActivationBytes: number;
  readonly compressedActivationBytes: number;
  readonly metadataBytes: number;
  readonly weightBytes: number;
  readonly weightBytesWithoutSkipping: number;
  readonly outputBytes: number;
  /** Read bytes / compute cycles, B/cycle, for nm_engine (dense activations in) and nm_engine_core. */
  readonly requiredReadBandwidthBytesPerCycle: number;
  readonly requiredReadBandwidthCoreBytesPerCycle: number;
  /** Energy of the layer on nm_engine, compute-bound replay (model: action counts x energy per action), pJ, and its parts. */
  readonly energyPj: number;
  readonly energyCorePj: number;
  readonly energyBufferPj: number;
  readonly energyOffChipPj: number;
}

export interface EngineCost {
  readonly label: string;
  readonly areaUm2: number;
  readonly coreAreaUm2: number;
  readonly perKindUm2: Readonly<Record<AreaCategory, number>>;
  readonly denseMacsPerCycle: number;
  readonly um2PerDenseMacPerCycle: number;
  readonly layers: readonly LayerCost[];
  readonly totalsComputeBound: ReplayTotals;
  readonly totalsAtBandwidth: ReplayTotals;
  readonly totalsCore: ReplayTotals;
  /** Timing model of nm_engine: fmax (MHz), clock period (ns) and the stage that sets it. */
  readonly fmaxMhz: number;
  readonly periodNs: number;
  readonly criticalStage: string;
  /** Energy over the report's layers (compute-bound replay, nm_engine), pJ; per token and per kept MAC. */
  readonly energyPj: number;
  readonly energyPjPerToken: number;
  readonly energyPjPerMac: number;
}

export interface CostLayer {
  readonly layer: TraceLayer;
  readonly outChannels: number;
}

function layerCost(e: CostedEngine, l: CostLayer, bandwidthBytesPerCycle: number): { cost: LayerCost; free: LayerReport; bw: LayerReport; core: LayerReport } {
  // Quantized once for the four replays (they differ only in top and memory).
  const codes = quantizeLayer(l.layer.values, l.layer.tokens, l.layer.channels, e.ir.actBits).codes;
  const free = replayLayer(e.ir, l.layer, { mode: e.ir.defaultMode, top: 'engine', outChannels: l.outChannels, codes });
  const bw = replayLayer(e.ir, l.layer, { mode: e.ir.defaultMode, top: 'engine', outChannels: l.outChannels, memory: { bandwidthBytesPerCycle }, codes });
  const core = replayLayer(e.ir, l.layer, { mode: e.ir.defaultMode, top: 'core', outChannels: l.outChannels, codes });
  const noSkip = replayLayer(e.ir, l.layer, { mode: e.ir.defaultMode, top: 'engine', outChannels: l.outChannels, memory: { weightRowSkipping: false }, codes });
  const read = (r: LayerReport): number => r.bytes.activationBytes + r.bytes.metadataBytes + r.bytes.weightBytes;
  const energy = layerEnergy(e.ir, 'engine', free).energy;
  return {
    free, bw, core,
    cost: {
      layer: l.layer.name, tokens: l.layer.tokens, channels: l.layer.channels, outChannels: l.outChannels,
      computeBoundCycles: free.totalCycles, macUtilization: free.macUtilization, speedupOverDenseEqualLanes: free.speedupOverDense,
      cyclesAtBandwidth: bw.totalCycles, stallCyclesAtBandwidth: bw.stallCycles, macUtilizationAtBandwidth: bw.macUtilization,
      denseActivationBytes: free.bytes.activationBytes, compressedActivationBytes: core.bytes.activationBytes, metadataBytes: core.bytes.metadataBytes,
      weightBytes: free.bytes.weightBytes, weightBytesWithoutSkipping: noSkip.bytes.weightBytes, outputBytes: free.bytes.outputBytes,
      requiredReadBandwidthBytesPerCycle: read(free) / free.computeCycles,
      requiredReadBandwidthCoreBytesPerCycle: read(core) / core.computeCycles,
      energyPj: energy.totalPj, energyCorePj: energy.corePj, energyBufferPj: energy.bufferPj, energyOffChipPj: energy.offChipPj,
    },
  };
}

/** Area and per-layer replay of one engine over the report's layers. */
export function engineCost(e: CostedEngine, layers: readonly CostLayer[], bandwidthBytesPerCycle: number): EngineCost {
  const est = estimateArea(e.ir, 'engine');
  const rows = layers.map((l) => layerCost(e, l, bandwidthBytesPerCycle));
  const denseMacsPerCycle = e.ir.windowChannels * e.ir.rows * e.ir.cols;
  const timing = estimateTiming(e.ir, 'engine');
  const totals = replayTotals(rows.map((r) => r.free));
  const energyPj = rows.reduce((s, r) => s + r.cost.energyPj, 0);
  const tokens = rows.reduce((s, r) => s + r.cost.tokens, 0);
  return {
    fmaxMhz: timing.fmaxMhz, periodNs: timing.periodNs, criticalStage: timing.criticalStage,
    energyPj, energyPjPerToken: tokens > 0 ? energyPj / tokens : 0, energyPjPerMac: totals.usefulMacs > 0 ? energyPj / totals.usefulMacs : 0,
    label: e.label, areaUm2: est.totalUm2, coreAreaUm2: estimateArea(e.ir, 'core').totalUm2, perKindUm2: est.perKind,
    denseMacsPerCycle, um2PerDenseMacPerCycle: est.totalUm2 / denseMacsPerCycle,
    layers: rows.map((r) => r.cost),
    totalsComputeBound: replayTotals(rows.map((r) => r.free)),
    totalsAtBandwidth: replayTotals(rows.map((r) => r.bw)),
    totalsCore: replayTotals(rows.map((r) => r.core)),
  };
}
