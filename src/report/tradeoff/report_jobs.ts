// The report's independent work, the accuracy of each layer and the cost replay of each engine,
// serially in this thread or on worker threads (src/util/worker_pool.ts, one layer or one engine
// per task; `nmcore report --jobs N`). Every task runs the same pure code on the same inputs in
// either case, so the report is the same byte for byte whatever the number of threads.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AccuracyPlan } from '../../accuracy/evaluate_layer.js';
import { accuracyProgressLine, evaluateLayers, REFERENCE_ENGINE, type LayerAccuracyOutput, type LayersAccuracy } from '../../accuracy/evaluate_layers.js';
import { runWorkerPool } from '../../util/worker_pool.js';
import { engineCost, type CostLayer, type EngineCost } from './cost.js';
import type { CostedEngine } from './engines.js';
import type { ReportLayer } from './inputs.js';

/** What every task of one report shares (a worker gets it once, as its workerData). */
export interface ReportJobsSetup {
  readonly layers: readonly ReportLayer[];
  readonly plan: AccuracyPlan;
  readonly weightBits: number;
  readonly seed: number;
  /** The arguments of costedEngines(): a worker elaborates the same engines itself. */
  readonly engines: { readonly patterns: AccuracyPlan['patterns']; readonly rows: number; readonly cols: number; readonly actBits: number; readonly weightBits: number };
  readonly bandwidthBytesPerCycle: number;
}

export type ReportTask = { readonly kind: 'accuracy'; readonly index: number } | { readonly kind: 'cost'; readonly index: number };

export type ReportTaskResult =
  | { readonly kind: 'accuracy'; readonly output: LayerAccuracyOutput; readonly engine: string; readonly fallbackReason?: string }
  | { readonly kind: 'cost'; readonly cost: EngineCost };

export interface ReportJobsResult {
  readonly accuracy: LayersAccuracy;
  readonly costs: EngineCost[];
}

const workerFile = fileURLToPath(new URL('./report_worker.js', import.meta.url));

/** The cost layers of the report (the replay's view of each layer). */
export const costLayersOf = (layers: readonly ReportLayer[]): CostLayer[] => layers.map((l) => ({ layer: l.layer, outChannels: l.outChannels }));

/** The progress line of one engine's cost replay. */
export function costProgressLine(e: CostedEngine, layers: number, seconds: number): string {
  return `cost ${e.label} (${e.ir.windowChannels} channels per cycle, ${e.ir.lanes} lanes, ${e.ir.rows} x ${e.ir.cols} PEs): ${layers} layers replayed, ${seconds.toFixed(2)} s`;
}

/** Cost of one engine over the report's layers, timed. */
function timedCost(e: CostedEngine, layers: readonly CostLayer[], bw: number): { cost: EngineCost; seconds: number } {
  const t0 = performance.now();
  const cost = engineCost(e, layers, bw);
  return { cost, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Accuracy of every layer and cost of every engine of `engines` (as costedEngines(setup.engines)
 * makes them), on `threads` worker threads; serially here when threads <= 1 or the worker is not
 * compiled (running from TypeScript sources).
 */
export async function runReportJobs(setup: ReportJobsSetup, engines: readonly CostedEngine[], threads: number, progress: (s: string) => void): Promise<ReportJobsResult> {
  const costLayers = costLayersOf(setup.layers);
  if (threads <= 1 || !existsSync(workerFile)) {
    const accuracy = await evaluateLayers(setup.layers, setup.plan, { weightBits: setup.weightBits, seed: setup.seed, path: 'auto', progress });
    const costs = engines.map((e) => {
      const { cost, seconds } = timedCost(e, costLayers, setup.bandwidthBytesPerCycle);
      progress(costProgressLine(e, costLayers.length, seconds));
      return cost;
    });
    return { accuracy, costs };
  }
  // Longest first (the accuracy of a layer grows with its weights, K x O, and its products, T x K x O),
  // so that one big layer does not start last; the results are placed by index, not by order.
  const work = (l: ReportLayer): number => l.layer.channels * l.outChannels * (l.layer.tokens + 16);
  const tasks: ReportTask[] = [
    ...setup.layers.map((_, index) => ({ kind: 'accuracy' as const, index })).sort((a, b) => work(setup.layers[b.index]!) - work(setup.layers[a.index]!) || a.index - b.index),
    ...engines.map((_, index) => ({ kind: 'cost' as const, index })),
  ];
  progress(`${tasks.length} tasks (${setup.layers.length} layers' accuracy, ${engines.length} engines' cost) on ${Math.min(threads, tasks.length)} worker threads`);
  let accuracyDone = 0;
  const results = await runWorkerPool<ReportTask, ReportTaskResult>(workerFile, setup, tasks, threads, {
    done: (i, seconds, r) => {
      const t = tasks[i]!;
      if (r.kind === 'accuracy') {
        if (r.fallbackReason !== undefined && accuracyDone === 0) progress(`note: ${r.fallbackReason}; accuracy falls back to the pure TypeScript reference path`);
        progress(accuracyProgressLine(++accuracyDone, setup.layers.length, setup.layers[t.index]!, r.output, seconds));
      } else {
        progress(costProgressLine(engines[t.index]!, costLayers.length, seconds));
      }
    },
  });
  const layers: LayerAccuracyOutput[] = new Array<LayerAccuracyOutput>(setup.layers.length);
  const costs: EngineCost[] = new Array<EngineCost>(engines.length);
  let engine = REFERENCE_ENGINE;
  let fallbackReason: string | undefined;
  results.forEach((r, i) => {
    const index = tasks[i]!.index;
    if (r.kind === 'accuracy') {
      layers[index] = r.output;
      engine = r.engine;
      fallbackReason ??= r.fallbackReason;
    } else {
      costs[index] = r.cost;
    }
  });
  return { accuracy: { layers, engine, ...(fallbackReason !== undefined ? { fallbackReason } : {}) }, costs };
}
