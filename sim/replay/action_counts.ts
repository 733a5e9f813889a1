// The replay's action counts for the energy model (Accelergy-style: actions × energy per action):
// per layer on one top, MAC slots split by activation (non-zero vs zero: kept zeros, padding and
// idle PEs), comparisons of the top-n selector (fixed or flexible), metadata decodes (fixed and
// flexible decoders), lane selections by operand, pipeline register bits written (delay lines,
// compressor registers, the flexible mode register), the readyCut result skid's mux bits, the
// bitonic selector's swap-mux bits, on-chip buffer traffic and off-chip bytes. Read from a
// LayerReport and the IR's blocks (every block kind counted, the switch exhaustive); every block
// acts once per slice the engine takes (stalled cycles hold their registers and count nothing),
// except the mode register, loaded on a dot product's first slice.

import { assertNever } from '../../src/diagnostics/diagnostic.js';
import type { EngineIR, FlexCompressorBlock, TopIR } from '../../src/ir/types.js';
import type { PricedActions } from '../../src/model/energy.js';
import type { LayerReport, ReplayTop } from './layer_report.js';

/** The priced actions (src/model/energy.ts PricedActions: MACs by activation, comparisons, decodes, selections, register bits, buffer and off-chip bytes) and the totals they come from. */
export interface ActionCounts extends PricedActions {
  /** Slices taken: cycles in which every block acts. */
  readonly slices: number;
  /** P·R·C per slice: every multiplier every slice; macsNonZero + macsZero. */
  readonly macSlots: number;
}

/** Actions of a top's blocks per slice taken, and the register bits loaded once per dot product. */
interface BlockActions {
  comparisons: number; comparisonBits: number; decodes: number; act: number; wgt: number; registerBits: number; macs: number; skidBits: number;
  /** Bitonic flexible compressors: compare-and-swap MUX2 bits (data and index) updated per slice. */
  swapMuxBits: number;
  /** Register bits loaded on a dot product's first slice only (the flexible mode register). */
  registerBitsPerDotProduct: number;
}

/**
 * Swap-mux bits of one bitonic flexible compressor (rtl-templates/nm_topn_bitonic_flex.v): every
 * compare-and-swap of the layers before the last drives both of its (A + log2 m)-bit keys on (two
 * MUX2 per key bit); the last layer (the last merge's first, W/2 units of the row) is read only for
 * the index of its max half (log2 m MUX2), the rest of it is left unused by the template.
 */
function bitonicSwapMuxBits(b: FlexCompressorBlock): number {
  const lastLayer = b.windowChannels / 2;
  const indexBits = b.comparatorWidthBits - b.actBits;
  return 2 * b.comparatorWidthBits * (b.comparators - lastLayer) + indexBits * lastLayer;
}

/** The actions of a top's blocks, block by block (every kind of the IR's closed union). */
function blockActions(top: TopIR): BlockActions {
  const s: BlockActions = { comparisons: 0, comparisonBits: 0, decodes: 0, act: 0, wgt: 0, registerBits: 0, macs: 0, skidBits: 0, swapMuxBits: 0, registerBitsPerDotProduct: 0 };
  for (const b of top.blocks) {
    switch (b.kind) {
      case 'compressor': s.comparisons += b.comparators; s.comparisonBits = b.comparatorWidthBits; s.registerBits += b.registerBits; break;
      // The whole network of the largest mode m* acts every slice whatever the mode (rank: every
      // pair is compared, the mode only masks the counts; bitonic: no layer is gated).
      case 'flex_compressor':
        s.comparisons += b.comparators; s.comparisonBits = b.comparatorWidthBits; s.registerBits += b.registerBits;
        if (b.org === 'bitonic') s.swapMuxBits += bitonicSwapMuxBits(b);
        break;
      case 'meta_decoder': case 'flex_decoder': s.decodes += b.lanes; break;
      case 'mux_network': if (b.operand === 'act') s.act += b.lanes; else s.wgt += b.lanes; break;
      case 'delay_line': s.registerBits += b.registerBits; break;
      case 'pe': s.macs += b.multipliers; if (b.skid) s.skidBits += b.accBits; break;
      // The first-slice flag loads every slice, the mode bits on a dot product's first slice.
      case 'mode_capture': s.registerBits += b.registerBits - b.modeSelectBits; s.registerBitsPerDotProduct += b.modeSelectBits; break;
      // Control flip-flops (stage valids, handshake) are not priced (docs/timing_energy_model.md).
      case 'stream_control': break;
      default: assertNever(b, 'block kind');
    }
  }
  return s;
}

/** Action counts of one replayed layer on `top` (the top the report was made for). */
export function countActions(ir: EngineIR, top: ReplayTop, report: LayerReport): ActionCounts {
  const t = ir.tops[top];
  const slices = report.tiling.slices;
  const s = blockActions(t);
  const macSlots = slices * s.macs;
  const macsNonZero = report.keptNonZeroValues * report.outChannels;
  const activationBytes = report.bytes.activationBytes + report.bytes.metadataBytes;
  return {
    slices, macSlots, macsNonZero, macsZero: macSlots - macsNonZero,
    comparisons: slices * s.comparisons, comparisonBits: s.comparisonBits, decodes: slices * s.decodes,
    actSelections: slices * s.act, wgtSelections: slices * s.wgt,
    registerBitWrites: slices * s.registerBits + report.tiling.dotProducts * s.registerBitsPerDotProduct,
    // Per skid bit: the accumulator-input mux every slice, the output mux once per result (dot product).
    ...(s.skidBits > 0 ? { skidMuxBitUpdates: (slices + report.tiling.dotProducts) * s.skidBits } : {}),
    ...(s.swapMuxBits > 0 ? { swapMuxBitUpdates: slices * s.swapMuxBits } : {}),
    buffer: {
      // Every column block streams the token block's activations again.
      activationReadBytes: report.tiling.columnBlocks * activationBytes, activationWriteBytes: activationBytes,
      weightReadBytes: report.bytes.weightBytes, weightWriteBytes: report.bytes.weightBytes,
      outputWriteBytes: report.bytes.outputBytes, outputReadBytes: report.bytes.outputBytes,
    },
    offChipBytes: report.bytes.totalBytes,
  };
}
