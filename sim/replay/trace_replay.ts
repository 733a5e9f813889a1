// The replay of a trace's layers, each read from disk only while it is replayed (src/trace/
// layer_stream.ts), serially or on worker threads (src/util/worker_pool.ts, one layer per task, each
// worker holding one layer at a time). Reports come back in layer order and are the same whatever
// the number of threads: every layer is replayed by the same pure code on the same bytes. With
// `functionalSeed` (simulate --functional) a task also computes the layer's bit-exact outputs
// (sim/replay/functional.ts) from the same read and the same activation codes.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EngineConfig } from '../../src/config/engine_config.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { EngineIR } from '../../src/ir/types.js';
import type { LazyTraceLayer } from '../../src/trace/layer_stream.js';
import { encodeNpy } from '../../src/trace/npy_writer.js';
import { runWorkerPool } from '../../src/util/worker_pool.js';
import { functionalTraceLayer } from './functional.js';
import { layerCodes } from './layer_codes.js';
import { quantizeActivations, type OutChannelsSource } from './layer_operands.js';
import { replayLayer, type LayerReport, type ReplayTop } from './layer_report.js';
import type { MemoryOptions } from './memory_model.js';

/** What every layer of one replay shares. */
export interface TraceReplaySettings {
  readonly mode: number;
  readonly top: ReplayTop;
  readonly memory: MemoryOptions;
  /** Also each layer's bit-exact outputs; random weights from this seed where the trace has none. */
  readonly functionalSeed?: number;
}

/** One layer to replay: its index in the trace and its output channels. */
export interface LayerTask {
  readonly layerIndex: number;
  readonly outChannels: number;
  readonly outChannelsSource: OutChannelsSource;
}

/** A layer's bit-exact outputs (T x O) as a .npy file, int32 when the accumulator fits, else exact float64. */
export interface FunctionalOutcome {
  readonly npy: Uint8Array;
  readonly int32: boolean;
  readonly laneMacs: number;
  /** Wall time of the functional replay alone (the layer read and quantized once, for both). */
  readonly seconds: number;
}

export type LayerOutcome = { readonly report: LayerReport; readonly functional?: FunctionalOutcome } | { readonly diagnostics: readonly Diagnostic[] };

/** Replays one lazily read layer: its codes (and with functionalSeed its weights) are read now and dropped with the return. */
export function replayLazyLayer(ir: EngineIR, layer: LazyTraceLayer, task: LayerTask, s: TraceReplaySettings): LayerOutcome {
  const timing = (codes: Int16Array): LayerReport =>
    replayLayer(ir, layer, { mode: s.mode, top: s.top, outChannels: task.outChannels, outChannelsSource: task.outChannelsSource, memory: s.memory, codes });
  if (s.functionalSeed === undefined) {
    const codes = layerCodes(layer, ir.actBits);
    if (codes.codes === undefined) return { diagnostics: codes.diagnostics };
    return { report: timing(codes.codes) };
  }
  // The functional outputs need the weights: the whole layer is read once, its codes quantized once.
  const read = layer.load();
  if (read.value === undefined) return { diagnostics: read.diagnostics };
  const codes = quantizeActivations(read.value, ir.actBits);
  const report = timing(codes);
  const t = performance.now();
  const r = functionalTraceLayer(read.value, task.outChannels, ir, ir.modes[s.mode]!, s.functionalSeed, codes);
  const npy = encodeNpy(r.outputsInt32 ?? r.outputs, [layer.tokens, task.outChannels]);
  return { report, functional: { npy, int32: r.outputsInt32 !== undefined, laneMacs: r.laneMacs, seconds: (performance.now() - t) / 1000 } };
}

/** Message a worker gets first, then one LayerTask per layer. */
export interface WorkerSetup {
  readonly config: EngineConfig;
  readonly tracePath: string;
  readonly settings: TraceReplaySettings;
}

const workerFile = fileURLToPath(new URL('./trace_replay_worker.js', import.meta.url));

/** Whether worker threads can run here (compiled code; from TypeScript sources the replay runs serially). */
export function workersAvailable(): boolean {
  return existsSync(workerFile);
}

/**
 * Outcomes of `tasks` in their order, on `threads` worker threads (serially in this thread when
 * threads <= 1, a single task, or workers are unavailable). `done(i, seconds)` after task i.
 */
export async function replayTraceLayers(ir: EngineIR, layers: readonly LazyTraceLayer[], tracePath: string, tasks: readonly LayerTask[], s: TraceReplaySettings,
  threads: number, done: (i: number, seconds: number) => void = () => {}, start: (i: number) => void = () => {}): Promise<LayerOutcome[]> {
  const out: LayerOutcome[] = new Array(tasks.length);
  const n = Math.min(threads, tasks.length);
  if (n <= 1 || !workersAvailable()) {
    tasks.forEach((task, i) => {
      start(i);
      const t = performance.now();
      out[i] = replayLazyLayer(ir, layers[task.layerIndex]!, task, s);
      done(i, (performance.now() - t) / 1000);
    });
    return out;
  }
  const setup: WorkerSetup = { config: ir.config, tracePath, settings: s };
  return runWorkerPool<LayerTask, LayerOutcome>(workerFile, setup, tasks, n, { start, done });
}
