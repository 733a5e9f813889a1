// The body of a Yosys pool worker, as JavaScript source run with `new Worker(src, { eval: true })`.
// Being plain CommonJS text with no imports of nmcore code, it runs the same whether nmcore is
// compiled (dist/) or executed from TypeScript under vitest/tsx; it loads @yowasp/yosys by the
// absolute file: URL the pool passes in workerData. Keep its outcome shape equal to
// `runYosysRaw` in yosys_runner.ts (YosysRawOutcome), which is the inline twin of this code.

/** workerData the worker expects. */
export interface YosysWorkerData {
  readonly yosysUrl: string;
}

/** Message to the worker: run one job. */
export interface YosysWorkerRequest {
  readonly id: number;
  readonly job: { readonly script: string; readonly files: unknown; readonly collect?: readonly string[] };
}

export const YOSYS_WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
let yosys;
function collectTree(tree, collect) {
  if (collect === undefined) return tree;
  const out = {};
  for (const name of collect) if (tree[name] !== undefined) out[name] = tree[name];
  return out;
}
parentPort.on('message', async ({ id, job }) => {
  let log = '';
  const out = new TextDecoder();
  const err = new TextDecoder();
  const start = performance.now();
  try {
    yosys ??= import(workerData.yosysUrl);
    const { runYosys } = await yosys;
    const tree = await runYosys(['-q', '-p', job.script], job.files, {
      stdout: (bytes) => { if (bytes !== null) log += out.decode(bytes, { stream: true }); },
      stderr: (bytes) => { if (bytes !== null) log += err.decode(bytes, { stream: true }); },
    });
    parentPort.postMessage({ id, outcome: { ok: true, files: collectTree(tree, job.collect), log, seconds: (performance.now() - start) / 1000 } });
  } catch (e) {
    const outcome = { ok: false, message: e instanceof Error ? e.message : String(e), log, seconds: (performance.now() - start) / 1000 };
    if (e !== null && typeof e === 'object' && typeof e.code === 'number') outcome.exitCode = e.code;
    parentPort.postMessage({ id, outcome });
  }
});
`;
