// The replay's action counts for the energy model (Accelergy-style: actions × energy per action):
// per layer on one top, MAC slots split by activation (non-zero vs zero: kept zeros, padding and
// idle PEs), comparisons of the top-n selector, metadata decodes, lane selections by operand,
// pipeline register bits written, on-chip buffer traffic and off-chip bytes. Read from a
// LayerReport and the IR's blocks; every block acts once per slice the engine takes (stalled
// cycles hold their registers and count nothing).

import type { EngineIR, TopIR } from '../../src/ir/types.js';
import type { LayerReport, ReplayTop } from './layer_report.js';

export interface ActionCounts {
  /** Slices taken: cycles in which every block acts. */
  readonly slices: number;
  /** P·R·C per slice: every multiplier every slice. */
  readonly macSlots: number;
  /** Products of a kept non-zero activation with a weight (keptNonZeroValues · O). */
  readonly macsNonZero: number;
  /** macSlots − macsNonZero: kept zeros, zero padding and idle rows/columns. */
  readonly macsZero: number;
  /** Pairwise magnitude comparisons (nm_engine with a compressor only). */
  readonly comparisons: number;
  readonly comparisonBits: number;
  /** One-hot lane selects decoded from metadata, one per lane. */
  readonly decodes: number;
  /** Lane values selected by the activation muxes (A bits each) and the weight muxes (B bits each). */
  readonly actSelections: number;
  readonly wgtSelections: number;
  /** Register bits written outside the PEs (delay lines, comparison registers); the PEs' own registers are in the MAC energy. */
  readonly registerBitWrites: number;
  /** On-chip buffer traffic, bytes: reads by the engine and fills from off chip. */
  readonly buffer: {
    readonly activationReadBytes: number;
    readonly activationWriteBytes: number;
    readonly weightReadBytes: number;
    readonly weightWriteBytes: number;
    readonly outputWriteBytes: number;
    readonly outputReadBytes: number;
  };
  /** Off-chip bytes (activations, metadata, weights after row skipping, outputs). */
  readonly offChipBytes: number;
}

/** Per-slice actions of a top's blocks. */
function perSlice(top: TopIR): { comparisons: number; comparisonBits: number; decodes: number; act: number; wgt: number; registerBits: number; macs: number } {
  const s = { comparisons: 0, comparisonBits: 0, decodes: 0, act: 0, wgt: 0, registerBits: 0, macs: 0 };
  for (const b of top.blocks) {
    switch (b.kind) {
      case 'compressor': s.comparisons += b.comparators; s.comparisonBits = b.comparatorWidthBits; s.registerBits += b.registerBits; break;
      case 'meta_decoder': s.decodes += b.lanes; break;
      case 'mux_network': if (b.operand === 'act') s.act += b.lanes; else s.wgt += b.lanes; break;
      case 'delay_line': s.registerBits += b.registerBits; break;
      case 'pe': s.macs += b.multipliers; break;
      case 'stream_control': break;
    }
  }
  return s;
}

/** Action counts of one replayed layer on `top` (the top the report was made for). */
export function countActions(ir: EngineIR, top: ReplayTop, report: LayerReport): ActionCounts {
  const t = ir.tops[top];
  const slices = report.tiling.slices;
  const s = perSlice(t);
  const macSlots = slices * s.macs;
  const macsNonZero = report.keptNonZeroValues * report.outChannels;
  const activationBytes = report.bytes.activationBytes + report.bytes.metadataBytes;
  return {
    slices, macSlots, macsNonZero, macsZero: macSlots - macsNonZero,
    comparisons: slices * s.comparisons, comparisonBits: s.comparisonBits, decodes: slices * s.decodes,
    actSelections: slices * s.act, wgtSelections: slices * s.wgt, registerBitWrites: slices * s.registerBits,
    buffer: {
      // Every column block streams the token block's activations again.
      activationReadBytes: report.tiling.columnBlocks * activationBytes, activationWriteBytes: activationBytes,
      weightReadBytes: report.bytes.weightBytes, weightWriteBytes: report.bytes.weightBytes,
      outputWriteBytes: report.bytes.outputBytes, outputReadBytes: report.bytes.outputBytes,
    },
    offChipBytes: report.bytes.totalBytes,
  };
}
