// replayLayer(): the timing replay of one trace layer on one engine top, and its report (cycles,
// stalls, MAC utilization, speedup over the dense engine with the same multipliers, bytes per
// operand, kept values, weight rows). Composes tiling, N:M selection, memory model and timing;
// every number carries its unit in its name. No bit-level simulation here.

import { formatPattern } from '../../src/config/engine_config.js';
import { defaultSchedule, stagesOf } from '../../src/ir/schedule.js';
import type { EngineIR, TopName } from '../../src/ir/types.js';
import type { TraceLayer } from '../../src/trace/types.js';
import { blockKeep } from './block_keep.js';
import type { OutChannelsSource } from './layer_operands.js';
import { quantizeLayer } from '../../src/trace/quantize.js';
import { InternalError } from '../../src/diagnostics/diagnostic.js';
import { bufferSizes, resolvePorts, tokenBits, type BufferSizes, type MemoryOptions } from './memory_model.js';
import { tileLayer, type LayerTiling } from './tiling.js';
import { timeLayer, type TimingResult } from './timing.js';

export type ReplayTop = 'engine' | 'core';

export interface ReplayOptions {
  /** 'engine': nm_engine, dense activations in; 'core': nm_engine_core, kept values + metadata in. */
  readonly top: ReplayTop;
  /** Index into ir.modes: the pattern this layer runs in (cfg_mode of every dot product). */
  readonly mode: number;
  readonly outChannels: number;
  readonly outChannelsSource?: OutChannelsSource;
  readonly memory?: MemoryOptions;
  /** Activation codes [T x K] already quantized to the engine's A bits (skips quantization). */
  readonly codes?: Int16Array;
}

/** Bytes moved off chip per operand over the whole layer. */
export interface OperandBytes {
  readonly activationBytes: number;
  /** nm_engine_core only; 0 for nm_engine. */
  readonly metadataBytes: number;
  readonly weightBytes: number;
  readonly outputBytes: number;
  readonly totalBytes: number;
}

/** The same layer on the dense engine with the same multipliers: window P, pattern P:P, R × C. */
export interface DenseComparison {
  readonly windowChannels: number;
  readonly slicesPerDotProduct: number;
  readonly latencyCycles: number;
  readonly totalCycles: number;
  readonly computeCycles: number;
  readonly stallCycles: number;
  readonly bytes: OperandBytes;
}

export interface LayerReport {
  readonly layer: string;
  readonly tokens: number;
  readonly channels: number;
  readonly outChannels: number;
  readonly outChannelsSource?: OutChannelsSource;
  readonly engine: {
    readonly pattern: string;
    readonly top: TopName;
    readonly windowChannels: number;
    readonly lanes: number;
    readonly rows: number;
    readonly cols: number;
    /** P·R·C: multiply-accumulates per cycle at full speed. */
    readonly multipliers: number;
  };
  readonly tiling: LayerTiling;
  readonly timing: TimingResult;
  readonly totalCycles: number;
  readonly computeCycles: number;
  /** inputStallCycles + outputTailCycles: cycles lost to memory. */
  readonly stallCycles: number;
  /** Useful activation × weight products: kept non-zero values · O (a kept zero does no useful work). */
  readonly usefulMacs: number;
  /** usefulMacs / (P·R·C·totalCycles), in 0..1. */
  readonly macUtilization: number;
  readonly dense: DenseComparison;
  /** dense.totalCycles / totalCycles (×). */
  readonly speedupOverDense: number;
  readonly bytes: OperandBytes;
  /** (token, channel) pairs kept (padding excluded) and of them non-zero; T·K in all. */
  readonly keptValues: number;
  readonly keptNonZeroValues: number;
  readonly denseValues: number;
  /** Weight rows (channels) fetched over all token blocks, for each column block, and without skipping (blocks · K). */
  readonly weightRowsFetched: number;
  readonly weightRowsDense: number;
  readonly weightRowSkipping: boolean;
  readonly buffers: BufferSizes;
}

/** What the replay reads of a layer: its name and shape, and its values unless `codes` are given. */
export type ReplayLayerInput = Pick<TraceLayer, 'name' | 'tokens' | 'channels'> & { readonly values?: Float32Array };

/** Timing replay of `layer` on `ir`'s chosen top. Cost O(T·K) for the selection plus O(T/R · O/C) for the timing. */
export function replayLayer(ir: EngineIR, layer: ReplayLayerInput, o: ReplayOptions): LayerReport {
  const mode = ir.modes[o.mode];
  if (mode === undefined) throw new RangeError(`mode ${o.mode} of an engine with ${ir.modes.length}`);
  const top = o.top === 'core' ? ir.tops.core : ir.tops.engine;
  const compressed = top.activationInput === 'compressed' && !ir.dense;
  const { tokens: T, channels: K } = layer;
  const O = o.outChannels;
  const R = ir.rows, C = ir.cols, P = ir.lanes;
  const memory = o.memory ?? {};
  const skipping = memory.weightRowSkipping ?? true;
  const ports = resolvePorts(memory);

  const tiling = tileLayer(ir, T, K, O);
  if (o.codes === undefined && layer.values === undefined) throw new InternalError(`replayLayer: layer '${layer.name}' has neither values nor codes`);
  const codes = o.codes ?? quantizeLayer(layer.values!, T, K, ir.actBits).codes;
  const keep = blockKeep(codes, T, K, mode.n, mode.m, R);
  const rowsPerBlock = skipping ? keep.weightRowsPerBlock : new Uint32Array(tiling.tokenBlocks).fill(K);
  let rowsFetched = 0;
  for (let b = 0; b < rowsPerBlock.length; b++) rowsFetched += rowsPerBlock[b];

  const tok = tokenBits({ kind: compressed ? 'compressed' : 'dense', actBits: ir.actBits, n: mode.n, m: mode.m, metaBitsPerGroup: mode.metaBitsPerGroup }, K);
  const timing = timeLayer({
    tiling, rows: R, cols: C, latencyCycles: top.latencyCycles, tokenBits: tok.valueBits + tok.metaBits,
    weightRowsPerBlock: rowsPerBlock, weightBits: ir.weightBits, accBits: ir.accBits, ports,
  });
  const bytes = operandBytes(T, O, tok.valueBits, tok.metaBits, rowsFetched, ir.weightBits, ir.accBits);

  // The dense engine with the same multipliers: window P, every channel kept, every weight row fetched.
  const denseTiling = tileLayer({ windowChannels: P, rows: R, cols: C }, T, K, O);
  const denseL = stagesOf('dense', true, defaultSchedule(P, true)).length;
  const denseTiming = timeLayer({
    tiling: denseTiling, rows: R, cols: C, latencyCycles: denseL, tokenBits: K * ir.actBits,
    weightRowsPerBlock: new Uint32Array(denseTiling.tokenBlocks).fill(K), weightBits: ir.weightBits, accBits: ir.accBits, ports,
  });
  const denseBytes = operandBytes(T, O, K * ir.actBits, 0, denseTiling.tokenBlocks * K, ir.weightBits, ir.accBits);

  const usefulMacs = keep.keptNonZero * O;
  const stallCycles = timing.inputStallCycles + timing.outputTailCycles;
  return {
    layer: layer.name, tokens: T, channels: K, outChannels: O,
    ...(o.outChannelsSource !== undefined ? { outChannelsSource: o.outChannelsSource } : {}),
    engine: { pattern: formatPattern(mode), top: top.module, windowChannels: ir.windowChannels, lanes: P, rows: R, cols: C, multipliers: P * R * C },
    tiling, timing, totalCycles: timing.totalCycles, computeCycles: timing.computeCycles, stallCycles,
    usefulMacs, macUtilization: usefulMacs / (P * R * C * timing.totalCycles),
    dense: {
      windowChannels: P, slicesPerDotProduct: denseTiling.slicesPerDotProduct, latencyCycles: denseL, totalCycles: denseTiming.totalCycles,
      computeCycles: denseTiming.computeCycles, stallCycles: denseTiming.inputStallCycles + denseTiming.outputTailCycles, bytes: denseBytes,
    },
    speedupOverDense: denseTiming.totalCycles / timing.totalCycles,
    bytes, keptValues: keep.keptValues, keptNonZeroValues: keep.keptNonZero, denseValues: T * K,
    weightRowsFetched: rowsFetched, weightRowsDense: tiling.tokenBlocks * K, weightRowSkipping: skipping,
    buffers: bufferSizes(R, C, K, tok, ir.weightBits, ir.accBits),
  };
}

/** Weight rows are fetched once per column block, C (or the short remainder) weights each: O·B bits per row over a block. */
function operandBytes(T: number, O: number, valueBitsPerToken: number, metaBitsPerToken: number, rowsFetched: number, B: number, acc: number): OperandBytes {
  const activationBytes = (T * valueBitsPerToken) / 8;
  const metadataBytes = (T * metaBitsPerToken) / 8;
  const weightBytes = (rowsFetched * O * B) / 8;
  const outputBytes = (T * O * acc) / 8;
  return { activationBytes, metadataBytes, weightBytes, outputBytes, totalBytes: activationBytes + metadataBytes + weightBytes + outputBytes };
}

/** Sums over layers run back to back (each drains before the next starts); ratios recomputed from the sums. */
export interface ReplayTotals {
  readonly layers: number;
  readonly totalCycles: number;
  readonly computeCycles: number;
  readonly stallCycles: number;
  readonly latencyCycles: number;
  readonly usefulMacs: number;
  readonly macUtilization: number;
  readonly denseTotalCycles: number;
  readonly speedupOverDense: number;
  readonly bytes: OperandBytes;
  readonly keptValues: number;
  readonly denseValues: number;
  readonly weightRowsFetched: number;
  readonly weightRowsDense: number;
}

export function replayTotals(reports: readonly LayerReport[]): ReplayTotals {
  const sum = (f: (r: LayerReport) => number): number => reports.reduce((s, r) => s + f(r), 0);
  const totalCycles = sum((r) => r.totalCycles);
  const denseTotalCycles = sum((r) => r.dense.totalCycles);
  const multipliers = reports[0]?.engine.multipliers ?? 0;
  const usefulMacs = sum((r) => r.usefulMacs);
  const bytes: OperandBytes = {
    activationBytes: sum((r) => r.bytes.activationBytes), metadataBytes: sum((r) => r.bytes.metadataBytes),
    weightBytes: sum((r) => r.bytes.weightBytes), outputBytes: sum((r) => r.bytes.outputBytes), totalBytes: sum((r) => r.bytes.totalBytes),
  };
  return {
    layers: reports.length, totalCycles, computeCycles: sum((r) => r.computeCycles), stallCycles: sum((r) => r.stallCycles),
    latencyCycles: sum((r) => r.timing.latencyCycles), usefulMacs,
    macUtilization: totalCycles > 0 ? usefulMacs / (multipliers * totalCycles) : 0,
    denseTotalCycles, speedupOverDense: totalCycles > 0 ? denseTotalCycles / totalCycles : 0, bytes,
    keptValues: sum((r) => r.keptValues), denseValues: sum((r) => r.denseValues),
    weightRowsFetched: sum((r) => r.weightRowsFetched), weightRowsDense: sum((r) => r.weightRowsDense),
  };
}
