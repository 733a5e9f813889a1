// The architecture-level energy model (Accelergy-style): a layer's energy is the sum over actions
// of count × energy per action. Per-action energies of the engine's own blocks come from
// energy_actions.ts (toggle-simulated netlists, scaled with operand bits), the readyCut result
// skid's muxes and the bitonic selector's swap muxes (which the simulated reference engine does not
// have) from the cell table, memories
// from memory_energy.ts (published 45 nm figures), leakage from the modelled area and the layer's
// run time at the modelled clock. The action counts come from the layer replay
// (sim/replay/action_counts.ts); this file only prices them.

import type { EngineIR } from '../ir/types.js';
import { cellData, SWITCH_FJ_PER_FF } from '../synth/tech/nangate45_cells.js';
import { estimateArea } from './area.js';
import { loadEnergyCoefficients, type EnergyCoefficients } from './energy_actions.js';
import { dramPjPerByte, MEMORY_ENERGY_SOURCE, sramPjPerByte } from './memory_energy.js';
import { estimateTiming } from './timing.js';

/** The counts the model prices, per layer (sim/replay/action_counts.ts counts them from the replay). */
export interface PricedActions {
  /** Products of a kept non-zero activation with a weight (keptNonZeroValues · O). */
  readonly macsNonZero: number;
  /** MAC slots with a zero activation: kept zeros, zero padding and idle rows/columns. */
  readonly macsZero: number;
  /** Magnitude comparisons of the top-n selector (nm_engine only; pairwise, or a bitonic flexible selector's compare-and-swaps), of comparisonBits each. */
  readonly comparisons: number;
  readonly comparisonBits: number;
  /** One-hot lane selects decoded (compressor keep mask or metadata), one per lane. */
  readonly decodes: number;
  /** Lane values selected by the activation muxes (A bits each) and the weight muxes (B bits each). */
  readonly actSelections: number;
  readonly wgtSelections: number;
  /** Register bits written outside the PEs (delay lines, comparison or keep registers, the flexible mode register); the PEs' own registers are in the MAC energy. */
  readonly registerBitWrites: number;
  /**
   * readyCut tops only: bits of the PEs' result-skid muxes updated (two MUX2 per result bit,
   * docs/handshake.md): the accumulator-input mux every slice, the output mux on every new result.
   */
  readonly skidMuxBitUpdates?: number;
  /**
   * Bitonic flexible selectors only: MUX2 bits of the compare-and-swap units updated (each unit
   * routes both keys, A + log2(m) bits, through two MUX2 per bit; every slice).
   */
  readonly swapMuxBitUpdates?: number;
  /** On-chip buffer traffic, bytes: reads by the engine and fills from off chip. */
  readonly buffer: {
    readonly activationReadBytes: number; readonly activationWriteBytes: number;
    readonly weightReadBytes: number; readonly weightWriteBytes: number;
    readonly outputWriteBytes: number; readonly outputReadBytes: number;
  };
  /** Off-chip bytes (activations, metadata, weights after row skipping, outputs). */
  readonly offChipBytes: number;
}

/** What the model needs of the replayed layer (a LayerReport has these fields). */
export interface LayerFacts {
  readonly tokens: number;
  readonly usefulMacs: number;
  readonly totalCycles: number;
  readonly buffers: { readonly activationBufferBytes: number; readonly weightBufferBytes: number; readonly outputTileBytes: number };
}

export type EnergyPartName =
  | 'mac_nonzero' | 'mac_zero' | 'comparisons' | 'decodes' | 'act_selections' | 'wgt_selections' | 'pipeline_registers' | 'skid_muxes' | 'swap_muxes'
  | 'activation_buffer' | 'weight_buffer' | 'output_buffer' | 'off_chip' | 'leakage';

export interface EnergyPart {
  readonly name: EnergyPartName;
  /** What one action is, with its unit. */
  readonly action: string;
  readonly count: number;
  readonly pjPerAction: number;
  /** count × pjPerAction, pJ. */
  readonly pj: number;
}

export interface LayerEnergy {
  readonly parts: readonly EnergyPart[];
  /** Sum of the parts, pJ. */
  readonly totalPj: number;
  /** Engine logic (MACs, selector, decoders, muxes, registers) and leakage, pJ. */
  readonly corePj: number;
  /** On-chip buffers, pJ. */
  readonly bufferPj: number;
  /** Off-chip traffic, pJ. */
  readonly offChipPj: number;
  /** totalPj / usefulMacs (kept products), pJ. */
  readonly pjPerMac: number;
  /** totalPj / tokens, pJ. */
  readonly pjPerToken: number;
  /** Clock period the leakage was charged at, ns (the timing model's fmax). */
  readonly periodNs: number;
  readonly sources: { readonly components: string; readonly memories: string };
}

export interface EnergyOptions {
  /** Clock period for leakage, ns; default the timing model's period of the top. */
  readonly periodNs?: number;
  readonly coefficients?: EnergyCoefficients;
}

/**
 * Half an output transition of MUX2_X1 with random data, pJ: its internal energy plus ½·C·V² of the
 * pins its output (and, for a swap unit, its select) drives, `loadFf` fF. From the cell table
 * (src/synth/tech/nangate45_cells.ts), for the muxes the toggle-simulated reference engine of
 * nangate45_energy.json does not have.
 */
function mux2HalfTransitionPj(loadFf: number): number {
  return (0.5 * (cellData('MUX2_X1')!.internalEnergyFj + SWITCH_FJ_PER_FF * loadFf)) / 1000;
}

/** One result-skid mux bit updated, pJ: the MUX2 drives one DFF_X1 D pin (the accumulator register, or the module output's load). */
export function skidMuxPjPerBitUpdate(): number {
  return mux2HalfTransitionPj(cellData('DFF_X1')!.inputsFf.D!);
}

/**
 * One compare-and-swap MUX2 bit of a bitonic flexible selector updated, pJ: the MUX2 drives one A
 * and one B pin of the next layer's pair of MUX2, plus half a transition of its own S pin (its share
 * of the compare result, which drives the S pins of both keys' muxes). The reference engine has a
 * rank compressor, no bitonic network.
 */
export function swapMuxPjPerBitUpdate(): number {
  const pins = cellData('MUX2_X1')!.inputsFf;
  return mux2HalfTransitionPj(pins.A! + pins.B! + pins.S!);
}

/** Energy of one replayed layer on `top`. */
export function estimateLayerEnergy(ir: EngineIR, top: 'engine' | 'core', counts: PricedActions, layer: LayerFacts, options: EnergyOptions = {}): LayerEnergy {
  const e = (options.coefficients ?? loadEnergyCoefficients()).components;
  const A = ir.actBits, B = ir.weightBits;
  const periodNs = options.periodNs ?? estimateTiming(ir, top).periodNs;
  const areaUm2 = estimateArea(ir, top).totalUm2;
  const sram = (bytes: number): number => sramPjPerByte(bytes);
  const b = counts.buffer;
  const actBuf = sram(layer.buffers.activationBufferBytes), wgtBuf = sram(layer.buffers.weightBufferBytes), outBuf = sram(layer.buffers.outputTileBytes);
  const leakagePj = e.leakageNwPerUm2 * areaUm2 * layer.totalCycles * periodNs * 1e-6; // nW · ns = 1e-6 pJ
  const part = (name: EnergyPartName, action: string, count: number, pjPerAction: number): EnergyPart => ({ name, action, count, pjPerAction, pj: count * pjPerAction });
  const parts: EnergyPart[] = [
    part('mac_nonzero', `MAC with a non-zero activation (${A}x${B} bits, with adder tree and accumulator share)`, counts.macsNonZero, e.macNonZeroPjPerProductBit * A * B),
    part('mac_zero', 'MAC slot with a zero activation (kept zero, padding, idle PE)', counts.macsZero, e.macZeroPjPerProductBit * A * B),
    part('comparisons', `magnitude comparison of ${counts.comparisonBits} bits with its rank-count share`, counts.comparisons, e.comparisonPjPerBit * counts.comparisonBits),
    part('decodes', 'lane select decoded from metadata', counts.decodes, e.decodePjPerLane),
    part('act_selections', `activation lane value selected (${A} bits)`, counts.actSelections, e.selectionPjPerBit * A),
    part('wgt_selections', `weight lane value selected (${B} bits)`, counts.wgtSelections, e.selectionPjPerBit * B),
    part('pipeline_registers', 'register bit written outside the PEs', counts.registerBitWrites, e.registerWritePjPerBit),
    ...(counts.skidMuxBitUpdates !== undefined
      ? [part('skid_muxes', 'result-skid MUX2 bit updated (readyCut: accumulator input every slice, output per result; half a transition)', counts.skidMuxBitUpdates, skidMuxPjPerBitUpdate())] : []),
    ...(counts.swapMuxBitUpdates !== undefined
      ? [part('swap_muxes', 'bitonic compare-and-swap MUX2 bit updated (key bits, every slice; half a transition)', counts.swapMuxBitUpdates, swapMuxPjPerBitUpdate())] : []),
    part('activation_buffer', `byte read or written, ${layer.buffers.activationBufferBytes} B activation buffer`, b.activationReadBytes + b.activationWriteBytes, actBuf),
    part('weight_buffer', `byte read or written, ${layer.buffers.weightBufferBytes} B weight buffer`, b.weightReadBytes + b.weightWriteBytes, wgtBuf),
    part('output_buffer', `byte read or written, ${layer.buffers.outputTileBytes} B output tile`, b.outputWriteBytes + b.outputReadBytes, outBuf),
    part('off_chip', 'byte moved to or from DRAM', counts.offChipBytes, dramPjPerByte()),
    part('leakage', `cycle of ${areaUm2.toFixed(0)} um^2 leaking at ${periodNs.toFixed(3)} ns`, layer.totalCycles, layer.totalCycles > 0 ? leakagePj / layer.totalCycles : 0),
  ];
  const sum = (names: readonly EnergyPartName[]): number => parts.filter((p) => names.includes(p.name)).reduce((s, p) => s + p.pj, 0);
  const totalPj = parts.reduce((s, p) => s + p.pj, 0);
  return {
    parts, totalPj,
    corePj: sum(['mac_nonzero', 'mac_zero', 'comparisons', 'decodes', 'act_selections', 'wgt_selections', 'pipeline_registers', 'skid_muxes', 'swap_muxes', 'leakage']),
    bufferPj: sum(['activation_buffer', 'weight_buffer', 'output_buffer']),
    offChipPj: sum(['off_chip']),
    pjPerMac: layer.usefulMacs > 0 ? totalPj / layer.usefulMacs : 0,
    pjPerToken: layer.tokens > 0 ? totalPj / layer.tokens : 0,
    periodNs,
    sources: { components: 'src/model/tech/nangate45_energy.json (toggle-simulated netlists, bench/fit_energy_model.ts)', memories: MEMORY_ENERGY_SOURCE },
  };
}
