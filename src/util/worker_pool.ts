// A pool of node:worker_threads running independent tasks of one kind: each worker is started once
// with the same `workerData`, is sent one task at a time and posts back one result per task.
// Results come back in the tasks' order whatever the number of threads. Used by the layer replay
// (`simulate --jobs`) and the report (`report --jobs`).

import { Worker } from 'node:worker_threads';

/** Hooks of a pool run: `start(i)` when task i is sent, `done(i, seconds, result)` when its result arrives. */
export interface PoolHooks<R> {
  readonly start?: (i: number) => void;
  readonly done?: (i: number, seconds: number, result: R) => void;
}

/**
 * Runs `tasks` on min(threads, tasks.length) workers of `workerFile` (each started with
 * `workerData`) and returns their results in task order. A worker error rejects the whole run.
 */
export async function runWorkerPool<T, R>(workerFile: string, workerData: unknown, tasks: readonly T[], threads: number, hooks: PoolHooks<R> = {}): Promise<R[]> {
  const out: R[] = new Array<R>(tasks.length);
  const n = Math.max(1, Math.min(threads, tasks.length));
  let next = 0;
  const workers: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: n }, () => new Promise<void>((resolve, reject) => {
      const worker = new Worker(workerFile, { workerData });
      workers.push(worker);
      let current = -1, began = 0;
      const feed = (): void => {
        if (next >= tasks.length) { resolve(); return; }
        current = next++;
        hooks.start?.(current);
        began = performance.now();
        worker.postMessage(tasks[current]);
      };
      worker.on('message', (r: R) => {
        out[current] = r;
        hooks.done?.(current, (performance.now() - began) / 1000, r);
        feed();
      });
      worker.on('error', reject);
      // After the run, terminate() exits every worker with code 1: the promise has resolved by then.
      worker.on('exit', (code) => { if (code !== 0) reject(new Error(`worker thread exited with code ${code}`)); });
      feed();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
