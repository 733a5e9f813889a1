// `nmcore worker`: a BullMQ worker that takes sweep jobs from the Redis queue and runs them with
// the same code as a local sweep (run_job.ts), synthesis on its own YosysPool. Its lock on a job is
// renewed while it runs; when the process dies the lock expires after `lockSeconds` and another
// worker's stalled-job check puts the job back in the queue. Bad input fails a job at once, and so
// does a job whose model fingerprint is not this worker's (another build would store its results
// under the submitter's key).

import { hostname } from 'node:os';
import { UserError } from '../diagnostics/diagnostic.js';
import { YosysPool } from '../synth/yosys_pool.js';
import { failureMessage } from './executor.js';
import type { SweepJob } from './jobs.js';
import { checkModelFingerprint } from './model_fingerprint.js';
import { DEFAULT_QUEUE_NAME, type WorkerReturn } from './queue_executor.js';
import { connectionOf, probeRedis, type RedisAddress } from './redis_url.js';
import { runJob } from './run_job.js';

export interface WorkerOptions {
  readonly queueName?: string;
  readonly concurrency: number;
  /** How long a job's lock lasts without renewal (s): how soon a dead worker's job is retried. */
  readonly lockSeconds: number;
  readonly log: (line: string) => void;
}

/** Runs until `stop` resolves (SIGINT/SIGTERM in the CLI); returns the number of jobs done. */
export async function runQueueWorker(address: RedisAddress, o: WorkerOptions, stop: Promise<void>): Promise<number> {
  await probeRedis(address);
  const pool = new YosysPool({ size: o.concurrency });
  const name = `${hostname()}:${process.pid}`;
  let done = 0;
  const { UnrecoverableError, Worker } = await import('bullmq'); // loaded only when a worker runs
  const worker = new Worker<SweepJob, WorkerReturn>(o.queueName ?? DEFAULT_QUEUE_NAME, async (job) => {
    o.log(`worker ${name}: started ${job.data.key} (attempt ${job.attemptsMade + 1})`);
    const t0 = performance.now();
    try {
      checkModelFingerprint(job.data.kind, job.data.modelFingerprint);
      const result = await runJob(job.data, { pool });
      const seconds = (performance.now() - t0) / 1000;
      done++;
      o.log(`worker ${name}: finished ${job.data.key} in ${seconds.toFixed(2)} s`);
      return { result, seconds, ranOn: name };
    } catch (e) {
      o.log(`worker ${name}: failed ${job.data.key}: ${failureMessage(e)}`);
      if (e instanceof UserError) throw new UnrecoverableError(failureMessage(e));
      throw e;
    }
  }, {
    connection: connectionOf(address), concurrency: o.concurrency, lockDuration: o.lockSeconds * 1000,
    stalledInterval: Math.max(1000, (o.lockSeconds * 1000) / 2), maxStalledCount: 3,
  });
  worker.on('error', (e) => o.log(`worker ${name}: ${e.message}`));
  await worker.waitUntilReady();
  o.log(`worker ${name}: waiting for jobs on ${address.url} (queue ${o.queueName ?? DEFAULT_QUEUE_NAME}, ${o.concurrency} at a time, lock ${o.lockSeconds} s)`);
  await stop;
  o.log(`worker ${name}: stopping after ${done} job(s)`);
  await worker.close();
  await pool.close();
  return done;
}
