// EngineIR: the elaborated engine. Every number a backend needs (widths, counts, fan-in, stages,
// latency, register bits) is computed once by elaborate() and stored here; the Verilog emitter,
// the simulator and the cost model read only this. Deeply readonly; block kinds form a closed union.

import type { EngineConfig, MetaEncoding } from '../config/engine_config.js';

export const IR_VERSION = 1;
export const CONTRACT_VERSION = 1;

/** One run-time pattern with its derived sizes. */
export interface ModeIR {
  readonly n: number;
  readonly m: number;
  /** Groups of m channels in one window: W / m. */
  readonly groupsPerSlice: number;
  /** Candidates per lane: m - n + 1 (1 for dense). */
  readonly muxFanIn: number;
  /** Bits of one `index` metadata entry: log2(m). */
  readonly indexWidthBits: number;
  /** Pairwise comparators per group: m(m-1)/2 (0 for dense, which needs none). */
  readonly comparatorsPerGroup: number;
}

export type PortDirection = 'input' | 'output';

export interface PortIR {
  readonly name: string;
  readonly direction: PortDirection;
  readonly widthBits: number;
  /** One line: what it carries and how elements are packed. */
  readonly description: string;
}

/** A pipeline register stage. Stage 0 is written by the edge that takes a slice. */
export type StageName = 'input' | 'compare' | 'lane' | 'psum' | 'output';

export interface StageIR {
  readonly index: number;
  readonly name: StageName;
  readonly description: string;
  /** Data register bits written in this stage (control bits are counted in the control block). */
  readonly dataRegisterBits: number;
}

/** Joined handshake, stage valid/last bits, accumulate-first flag, global stall enable. */
export interface StreamControlBlock {
  readonly kind: 'stream_control';
  readonly name: 'control';
  readonly stages: number;
  readonly registerBits: number;
}

/** Delays a bus by `depthCycles` stall-aware register stages (operands travelling beside the compressor). */
export interface DelayLineBlock {
  readonly kind: 'delay_line';
  readonly name: string;
  readonly widthBits: number;
  readonly depthCycles: number;
  /** Index of the pipeline stage its first register belongs to. */
  readonly firstStage: number;
  /** Net it reads (a top port or another block's output). */
  readonly source: string;
  /** Net it drives. */
  readonly sink: string;
  readonly registerBits: number;
}

/** Online top-n of m per group for one token row: rank counting over pairwise |a| comparisons. */
export interface CompressorBlock {
  readonly kind: 'compressor';
  readonly name: string;
  readonly row: number;
  readonly windowChannels: number;
  readonly n: number;
  readonly m: number;
  readonly actBits: number;
  /** 1 when the comparison results are registered before the rank count (large m). */
  readonly pipelineStages: number;
  /** Stage whose register holds the comparison results when pipelined (else -1). */
  readonly compareStage: number;
  readonly comparators: number;
  /** Width of each magnitude comparison, in bits: A (|a| of an A-bit signed value fits A bits). */
  readonly comparatorWidthBits: number;
  readonly registerBits: number;
}

/** Metadata (bitmask or index) of one row into one-hot lane selects. */
export interface MetaDecoderBlock {
  readonly kind: 'meta_decoder';
  readonly name: string;
  readonly row: number;
  readonly encoding: MetaEncoding;
  readonly windowChannels: number;
  readonly n: number;
  readonly m: number;
  readonly lanes: number;
  readonly muxFanIn: number;
  /** Metadata bits per row in: index P*log2(m), bitmask W. */
  readonly metaBits: number;
}

/** One-hot AND-OR word muxes: `lanes` outputs, each choosing among `muxFanIn` channels. */
export interface MuxNetworkBlock {
  readonly kind: 'mux_network';
  readonly name: string;
  readonly operand: 'act' | 'wgt';
  readonly row: number;
  /** Output column for weight muxes; undefined for the row's activation mux. */
  readonly col?: number;
  readonly windowChannels: number;
  readonly n: number;
  readonly m: number;
  readonly lanes: number;
  readonly muxFanIn: number;
  readonly widthBits: number;
  /** Word inputs over all lanes: lanes * muxFanIn. */
  readonly muxInputs: number;
}

/** Processing element (r, c): P multipliers, adder tree, partial-sum register, accumulator, result register. */
export interface ProcessingElementBlock {
  readonly kind: 'pe';
  readonly name: string;
  readonly row: number;
  readonly col: number;
  readonly lanes: number;
  readonly actBits: number;
  readonly weightBits: number;
  readonly accBits: number;
  /** Width of the registered adder-tree sum: min(A+B+clog2(P), accBits). */
  readonly psumBits: number;
  readonly multipliers: number;
  /** Stage of the partial-sum register; the accumulator and result register are in the next (last) stage. */
  readonly psumStage: number;
  readonly registerBits: number;
}

export type Block = StreamControlBlock | DelayLineBlock | CompressorBlock | MetaDecoderBlock | MuxNetworkBlock | ProcessingElementBlock;
export type BlockKind = Block['kind'];

/** Totals the area model charges; the manifest lists them and tests count them in the Verilog. */
export interface ResourceCounts {
  /** Signed A x B multipliers. */
  readonly multipliers: number;
  /** Word inputs of activation lane muxes (A bits each). */
  readonly actMuxInputs: number;
  /** Word inputs of weight lane muxes (B bits each). */
  readonly weightMuxInputs: number;
  /** A-bit magnitude comparators in the top-n selectors. */
  readonly comparators: number;
  /** Products summed per PE per cycle, over all PEs: R*C*P adder-tree inputs. */
  readonly adderTreeInputs: number;
  /** Flip-flops: data registers of every stage plus control. */
  readonly registerBits: number;
}

export type TopName = 'nm_engine' | 'nm_engine_core';

export interface TopIR {
  readonly module: TopName;
  /** Dense activations in (compressor inside), or compressed activations plus metadata in. */
  readonly activationInput: 'dense' | 'compressed';
  readonly ports: readonly PortIR[];
  readonly stages: readonly StageIR[];
  /** Contract §3 latency L in cycles: the number of register stages from the taking edge to the result register. */
  readonly latencyCycles: number;
  readonly blocks: readonly Block[];
  readonly resources: ResourceCounts;
}

export interface EngineIR {
  readonly irVersion: number;
  readonly contractVersion: number;
  /** The validated description this IR was elaborated from. */
  readonly config: EngineConfig;
  /** First 16 hex digits of SHA-256 over the canonical config JSON. */
  readonly configHash: string;
  /** n == m: the dense reference engine (no compressor, no muxes). */
  readonly dense: boolean;
  readonly windowChannels: number;
  readonly lanes: number;
  readonly rows: number;
  readonly cols: number;
  readonly actBits: number;
  readonly weightBits: number;
  readonly accBits: number;
  readonly meta: MetaEncoding;
  /** Run-time patterns; modes[0] is the default. */
  readonly modes: readonly ModeIR[];
  /** Width of the cfg_mode port; 0 for a fixed engine (no port). */
  readonly modeSelectBits: number;
  /** A + B: width of one product. */
  readonly productBits: number;
  /** Registered adder-tree sum width: min(A+B+clog2(P), accBits). */
  readonly psumBits: number;
  /** Metadata bits per token row at nm_engine_core's input: index P*log2(m), bitmask W, dense 0. */
  readonly metaBitsPerRow: number;
  readonly tops: { readonly engine: TopIR; readonly core: TopIR };
}
