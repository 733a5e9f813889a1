// Worker thread of src/report/tradeoff/report_jobs.ts: elaborates the report's engines once, opens
// the GEMM backend on its first accuracy task, then runs each task it is sent (one layer's accuracy
// or one engine's cost) and posts the result back.

import { parentPort, workerData } from 'node:worker_threads';
import type { GemmBackend } from '../../accuracy/gemm/ort_gemm.js';
import { evaluateOneLayer, openGemm, REFERENCE_ENGINE, type EvaluateLayersOptions } from '../../accuracy/evaluate_layers.js';
import { engineCost } from './cost.js';
import { costedEngines } from './engines.js';
import { costLayersOf, type ReportJobsSetup, type ReportTask, type ReportTaskResult } from './report_jobs.js';

const setup = workerData as ReportJobsSetup;
const e = setup.engines;
const engines = costedEngines(e.patterns, e.rows, e.cols, e.actBits, e.weightBits);
const costLayers = costLayersOf(setup.layers);
const options: EvaluateLayersOptions = { weightBits: setup.weightBits, seed: setup.seed, path: 'auto', progress: () => {} };
let gemm: Promise<{ gemm?: GemmBackend; reason?: string }> | undefined;

async function run(task: ReportTask): Promise<ReportTaskResult> {
  if (task.kind === 'cost') return { kind: 'cost', cost: engineCost(engines[task.index]!, costLayers, setup.bandwidthBytesPerCycle) };
  gemm ??= openGemm(options);
  const g = await gemm;
  const output = await evaluateOneLayer(setup.layers[task.index]!, setup.plan, options, g.gemm);
  return { kind: 'accuracy', output, engine: g.gemm?.label ?? REFERENCE_ENGINE, ...(g.reason !== undefined ? { fallbackReason: g.reason } : {}) };
}

// One task at a time: the pool sends the next only after this one's result.
parentPort!.on('message', (task: ReportTask) => {
  void run(task).then((r) => parentPort!.postMessage(r));
});
