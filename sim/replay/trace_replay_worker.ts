// Worker thread of sim/replay/trace_replay.ts: elaborates the engine and opens the trace once, then
// replays each layer it is sent and posts the outcome back. No state kept between layers.

import { parentPort, workerData } from 'node:worker_threads';
import { elaborate } from '../../src/ir/elaborate.js';
import { openTraceLayers } from '../../src/trace/layer_stream.js';
import { replayLazyLayer, type LayerOutcome, type LayerTask, type WorkerSetup } from './trace_replay.js';

const setup = workerData as WorkerSetup;
const ir = elaborate(setup.config);
const trace = openTraceLayers(setup.tracePath);
parentPort!.on('message', (task: LayerTask) => {
  const outcome: LayerOutcome = trace.value === undefined ? { diagnostics: trace.diagnostics } : replayLazyLayer(ir, trace.value.layers[task.layerIndex]!, task, setup.settings);
  parentPort!.postMessage(outcome);
});
