// EngineIR: the elaborated engine. Every number a view needs (widths, counts, fan-in, stages,
// latency, register bits) and the engine's whole structure (the netlist of each top: nets, block
// instances with template, parameters, port connections and pipeline stage) are computed once by
// elaborate() and stored here; the Verilog emitter prints the netlist, the cycle model evaluates it
// and the cost models sum over it. Deeply readonly; block kinds form a closed union.

import type { EngineConfig, FlexOrg, MetaEncoding } from '../config/engine_config.js';
import type { Pattern } from '../config/pattern.js';
import type { CompressorCut, PsumCut } from '../config/schedule_options.js';

/** Every schedule option resolved (the IR's `schedule`; src/ir/schedule.ts resolves it). */
export interface ResolvedSchedule {
  readonly compressorCut: CompressorCut;
  readonly selectCut: boolean;
  readonly psumCut: PsumCut;
  /** The slice registered as it arrives (stage `input`). */
  readonly inputCut: boolean;
  /** The compacted activations and lane selects registered after the activation mux (stage `lane`). */
  readonly laneCut: boolean;
  /** The weight mux in front of the lane register: the lane stage registers each PE's muxed weights (stage `lane`). */
  readonly weightMuxCut: boolean;
  /** The stall enable and the input readys from a flip-flop, the accumulator as the result skid (both tops). */
  readonly readyCut: boolean;
}

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
  /** Metadata bits per group at nm_engine_core's input: index n*log2(m), bitmask m, dense 0. */
  readonly metaBitsPerGroup: number;
}

export type PortDirection = 'input' | 'output';

/** One net of a top: a port or an internal wire, with the element structure of a packed bus. */
export interface NetIR {
  readonly name: string;
  readonly widthBits: number;
  /** Bits of one element (an A-bit activation, a metadata entry, a select bit, a result word). */
  readonly elementBits: number;
  /** Elements are two's complement (operands, results) or unsigned (metadata, selects, control). */
  readonly signed: boolean;
  /** A top port (with its direction) or an internal wire. */
  readonly kind: PortDirection | 'wire';
}

/** Bits [lo +: widthBits] of a net; lo and widthBits are multiples of the net's element width. */
export interface NetSlice {
  readonly net: string;
  readonly lo: number;
  readonly widthBits: number;
}

/** A constant driven into an input port of a template (e.g. a tied-off load enable). */
export interface ConstantDrive {
  readonly constant: number;
  readonly widthBits: number;
}

export type Connection = NetSlice | ConstantDrive;

export function isNetSlice(c: Connection): c is NetSlice {
  return 'net' in c;
}

/** `assign target = source;` between two whole nets (the joined ready outputs). */
export interface AssignIR {
  readonly target: string;
  readonly source: string;
}

/** Fields every block instance has: what it instantiates, how it is wired, where it sits in the pipeline. */
export interface InstanceFields {
  /** Instance name: also the simulator's state key and the report row. */
  readonly name: string;
  /** Template module in rtl-templates/ and its parameter values. */
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
  /** Template port name -> the net slice or constant it connects to. Every template port appears once. */
  readonly connections: Readonly<Record<string, Connection>>;
  /**
   * Pipeline stage of the block: the stage whose registers capture its combinational output (the
   * cycle model evaluates it on the edges that load that stage), or for a block whose outputs are
   * registers, the stage of its first register.
   */
  readonly stage: number;
}

export interface PortIR {
  readonly name: string;
  readonly direction: PortDirection;
  readonly widthBits: number;
  /** One line: what it carries and how elements are packed. */
  readonly description: string;
}

/** A pipeline register stage. Stage 0 is written by the edge that takes a slice. */
export type StageName = 'input' | 'compare' | 'keep' | 'select' | 'lane' | 'product' | 'psum' | 'output';

export interface StageIR {
  readonly index: number;
  readonly name: StageName;
  readonly description: string;
  /** Data register bits written in this stage (control bits are counted in the control block). */
  readonly dataRegisterBits: number;
}

/** Joined handshake, stage valid/last bits, accumulate-first flag, global stall enable. */
export interface StreamControlBlock extends InstanceFields {
  readonly kind: 'stream_control';
  readonly stages: number;
  /** readyCut: the stall enable is !hold_q (a flip-flop); acc_first carries hold_q as its bit 1. */
  readonly skid: boolean;
  readonly registerBits: number;
}

/** Delays a bus by `depthCycles` stall-aware register stages (operands travelling beside the compressor). */
export interface DelayLineBlock extends InstanceFields {
  readonly kind: 'delay_line';
  readonly widthBits: number;
  readonly depthCycles: number;
  /** Index of the pipeline stage its first register belongs to. */
  readonly firstStage: number;
  readonly registerBits: number;
}

/** Online top-n of m per group for one token row: rank counting over pairwise |a| comparisons. */
export interface CompressorBlock extends InstanceFields {
  readonly kind: 'compressor';
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
export interface MetaDecoderBlock extends InstanceFields {
  readonly kind: 'meta_decoder';
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
export interface MuxNetworkBlock extends InstanceFields {
  readonly kind: 'mux_network';
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
export interface ProcessingElementBlock extends InstanceFields {
  readonly kind: 'pe';
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
  /** psumCut: registered parts of the sum in the stage before psumStage (P products, 2 halves; 0 = no split). */
  readonly psumParts: number;
  /** Bits of one registered part: min(A+B+log2(P/parts), psum); 0 without a split. */
  readonly partBits: number;
  /** psumCut carrySave: the parts' sum registered as two psum-bit carry-save vectors, added with the accumulator (template CS = 1). */
  readonly carrySave: boolean;
  /** readyCut: the accumulator register holds an unread result while the control's hold flag is set. */
  readonly skid: boolean;
  readonly registerBits: number;
}

/**
 * Flexible engines: captures cfg_mode on the edge that takes the first slice of a dot product and
 * holds it for the whole dot product (contract §3); `mode_q` is the mode of the slice in stage 0.
 */
export interface ModeCaptureBlock extends InstanceFields {
  readonly kind: 'mode_capture';
  readonly modeSelectBits: number;
  /** mode_q plus the first-slice flag. */
  readonly registerBits: number;
}

/**
 * Flexible engines: online top-n of one token row in the active mode, over groups of the largest
 * mode's m. `rank`: pairwise |a| comparisons as in the fixed compressor, each channel's count masked
 * to the channels of its own group of the active mode (block-diagonal) and compared with that
 * mode's n. `bitonic` (n = m/2 in every mode): a bitonic network on keys {|a|, ~index} whose
 * intermediate layers hold every mode's top halves; the kept indices decode into the keep mask.
 */
export interface FlexCompressorBlock extends InstanceFields {
  readonly kind: 'flex_compressor';
  readonly org: FlexOrg;
  readonly row: number;
  readonly windowChannels: number;
  /** The largest mode (the hardware group): n*, m*. */
  readonly n: number;
  readonly m: number;
  /** Every mode, in cfg_mode order. */
  readonly modes: readonly Pattern[];
  readonly modeSelectBits: number;
  readonly actBits: number;
  readonly pipelineStages: number;
  readonly compareStage: number;
  /** rank: pairwise |a| comparators; bitonic: compare-and-swap units of keys {|a|, ~index}. */
  readonly comparators: number;
  /** rank: A; bitonic: A + log2(m) (the key). */
  readonly comparatorWidthBits: number;
  /** Registered comparison bits (rank) or keep-mask bits (bitonic) when pipelined. */
  readonly registerBits: number;
}

/**
 * Flexible engines: metadata of one row (bitmask, or index entries of log2(m*) bits) in the active
 * mode into the one-hot selects of the largest mode's lane muxes (fan-in m*-n*+1): lane p of mode
 * n:m holds channels g*m+k .. g*m+k+m-n (g = p div n, k = p mod n), a subset of its candidates in the
 * largest mode.
 */
export interface FlexDecoderBlock extends InstanceFields {
  readonly kind: 'flex_decoder';
  readonly row: number;
  readonly encoding: MetaEncoding;
  readonly windowChannels: number;
  readonly n: number;
  readonly m: number;
  readonly modes: readonly Pattern[];
  readonly modeSelectBits: number;
  readonly lanes: number;
  readonly muxFanIn: number;
  readonly metaBits: number;
}

export type Block =
  | StreamControlBlock | DelayLineBlock | CompressorBlock | MetaDecoderBlock | MuxNetworkBlock | ProcessingElementBlock
  | ModeCaptureBlock | FlexCompressorBlock | FlexDecoderBlock;
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

/** The part of a block's logic that a register-to-register path crosses. */
export type PathArc =
  | 'load_mux'          // delay line: the load-enable mux in front of each flip-flop
  | 'compare_rank'      // compressor, unpipelined: |a| comparisons and rank count
  | 'compare'           // pipelined compressor: the comparisons before its register
  | 'rank'              // pipelined compressor: the rank count after its register
  | 'decode'            // metadata decoder
  | 'select'            // lane mux network
  | 'tree'              // PE: multipliers and adder tree into the partial-sum register
  | 'multiply'          // split PE: multipliers (and each part's sum) into the part registers
  | 'merge'             // split PE: the sum of the registered parts into the partial-sum register
  | 'accumulate';       // PE: accumulator into the result register

/** The chain of logic ending in one stage's registers, in signal order (one representative instance each). */
export interface StagePathIR {
  readonly stage: number;
  readonly name: StageName;
  readonly path: readonly { readonly block: string; readonly arc: PathArc }[];
}

/**
 * Fan-out facts of one stage for the timing views (each block is mapped and timed alone, so what a
 * net drives across the array is stated here): the broadcast registers that launch the stage's
 * chain, with the gate inputs one bit of each drives over the whole array, and the flip-flops that
 * the stage's load enable (the stall enable, ANDed with the previous stage's valid bit) drives.
 */
export interface StageFanoutIR {
  readonly stage: number;
  readonly broadcasts: readonly BroadcastNetIR[];
  /** Data flip-flops loaded by this stage's enable: its data register bits. */
  readonly enabledFlipFlops: number;
}

/** A register output whose every bit drives `sinkPinsPerBit` gate inputs spread over many blocks. */
export interface BroadcastNetIR {
  readonly net: string;
  readonly sinkPinsPerBit: number;
  /**
   * Where it enters the stage's logic: at the start of the chain (its fan-out delay adds to the
   * chain), or as the select of a 2:1 mux at the chain's end (`final_select`: in parallel with it).
   */
  readonly joins: 'chain' | 'final_select';
  /** What the bit drives, in words independent of the array size (for the reports). */
  readonly drives: string;
}

export interface TopIR {
  readonly module: TopName;
  /** Dense activations in (compressor inside), or compressed activations plus metadata in. */
  readonly activationInput: 'dense' | 'compressed';
  readonly ports: readonly PortIR[];
  readonly stages: readonly StageIR[];
  /** Contract §3 latency L in cycles: the number of register stages from the taking edge to the result register. */
  readonly latencyCycles: number;
  /** Every net: the ports first (in port order), then the internal wires in declaration order. */
  readonly nets: readonly NetIR[];
  /** Block instances in evaluation order: every block's inputs are ports, registers or outputs of earlier blocks. */
  readonly blocks: readonly Block[];
  readonly assigns: readonly AssignIR[];
  /** Blocks along the activation path whose templates' declared LATENCY must add up to L. */
  readonly activationPath: readonly string[];
  /** Per stage, the chain of logic ending in its registers (area model depth, timing). */
  readonly stagePaths: readonly StagePathIR[];
  /** Per stage, the one-bit net slice that is high on the edges that load that stage's registers. */
  readonly stageLoads: readonly NetSlice[];
  /** Per stage, the broadcast nets launching its chain and the flip-flops its load enable drives. */
  readonly stageFanouts: readonly StageFanoutIR[];
  /**
   * Where the stall enable comes from: `m_out_ready` (combinational: m_out_ready -> enable of every
   * data flip-flop and -> s_act_ready/s_wgt_ready), or `register` (a flip-flop of the control).
   */
  readonly stallSource: 'm_out_ready' | 'register';
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
  /** Run-time patterns (one for a fixed engine), in the order of cfg_mode values. */
  readonly modes: readonly ModeIR[];
  /** Index into modes used when a command is not told which mode to run (the description's first). */
  readonly defaultMode: number;
  /** Width of the cfg_mode port; 0 for a fixed engine (no port). */
  readonly modeSelectBits: number;
  /** Flexible engines only: the organization of the selection hardware. */
  readonly org?: FlexOrg;
  /** Index into modes of the largest m: the hardware group (the only mode of a fixed engine). */
  readonly hardwareMode: number;
  /** A + B: width of one product. */
  readonly productBits: number;
  /** Registered adder-tree sum width: min(A+B+clog2(P), accBits). */
  readonly psumBits: number;
  /** Metadata bits per token row at nm_engine_core's input: index P*log2(m), bitmask W, dense 0. */
  readonly metaBitsPerRow: number;
  /** Where the optional pipeline registers go, every option resolved (src/ir/schedule.ts). */
  readonly schedule: ResolvedSchedule;
  readonly tops: { readonly engine: TopIR; readonly core: TopIR };
}
