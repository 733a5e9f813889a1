// The replay's action counts for the energy model (Accelergy-style: actions × energy per action):
// per layer on one top, MAC slots split by activation (non-zero vs zero: kept zeros, padding and
// idle PEs), comparisons of the top-n selector, metadata decodes, lane selections by operand,
// pipeline register bits written, the readyCut result skid's mux bits, on-chip buffer traffic and
// off-chip bytes. Read from a
// LayerReport and the IR's blocks; every block acts once per slice the engine takes (stalled
// cycles hold their registers and count nothing).

import type { EngineIR, TopIR } from '../../src/ir/types.js';
import type { PricedActions } from '../../src/model/energy.js';
import type { LayerReport, ReplayTop } from './layer_report.js';

/** The priced actions (src/model/energy.ts PricedActions: MACs by activation, comparisons, decodes, selections, register bits, buffer and off-chip bytes) and the totals they come from. */
export interface ActionCounts extends PricedActions {
  /** Slices taken: cycles in which every block acts. */
  readonly slices: number;
  /** P·R·C per slice: every multiplier every slice; macsNonZero + macsZero. */
  readonly macSlots: number;
}

/** Per-slice actions of a top's blocks. */
function perSlice(top: TopIR): { comparisons: number; comparisonBits: number; decodes: number; act: number; wgt: number; registerBits: number; macs: number; skidBits: number } {
  const s = { comparisons: 0, comparisonBits: 0, decodes: 0, act: 0, wgt: 0, registerBits: 0, macs: 0, skidBits: 0 };
  for (const b of top.blocks) {
    switch (b.kind) {
      case 'compressor': s.comparisons += b.comparators; s.comparisonBits = b.comparatorWidthBits; s.registerBits += b.registerBits; break;
      case 'meta_decoder': s.decodes += b.lanes; break;
      case 'mux_network': if (b.operand === 'act') s.act += b.lanes; else s.wgt += b.lanes; break;
      case 'delay_line': s.registerBits += b.registerBits; break;
      case 'pe': s.macs += b.multipliers; if (b.skid) s.skidBits += b.accBits; break;
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
    // Per skid bit: the accumulator-input mux every slice, the output mux once per result (dot product).
    ...(s.skidBits > 0 ? { skidMuxBitUpdates: (slices + report.tiling.dotProducts) * s.skidBits } : {}),
    buffer: {
      // Every column block streams the token block's activations again.
      activationReadBytes: report.tiling.columnBlocks * activationBytes, activationWriteBytes: activationBytes,
      weightReadBytes: report.bytes.weightBytes, weightWriteBytes: report.bytes.weightBytes,
      outputWriteBytes: report.bytes.outputBytes, outputReadBytes: report.bytes.outputBytes,
    },
    offChipBytes: report.bytes.totalBytes,
  };
}
