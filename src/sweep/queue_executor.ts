// The distributed executor: submits a sweep's jobs to a BullMQ queue in Redis (job id = the job's
// key, so a job already done by an earlier submission is not run again) and collects their
// results as `nmcore worker` processes on any machine finish them. A job whose worker dies is
// put back by BullMQ's stalled-job check (the lock expires) and taken by another worker; a
// job that throws is retried up to 3 attempts (not for bad input: those fail at once).

import type { Job } from 'bullmq';
import type { SweepJob } from './jobs.js';
import type { Executor } from './executor.js';
import type { JobResult } from './run_job.js';
import { connectionOf, probeRedis, type RedisAddress } from './redis_url.js';

export const DEFAULT_QUEUE_NAME = 'nmcore-sweep';

/** What a worker returns for a job. */
export interface WorkerReturn {
  readonly result: JobResult;
  readonly seconds: number;
  readonly ranOn: string;
}

export const JOB_ATTEMPTS = 3;

export async function queueExecutor(address: RedisAddress, queueName = DEFAULT_QUEUE_NAME): Promise<Executor> {
  await probeRedis(address);
  const connection = connectionOf(address);
  const { Queue, QueueEvents } = await import('bullmq'); // loaded only when a queue is used
  const queue = new Queue<SweepJob, WorkerReturn>(queueName, { connection });
  const events = new QueueEvents(queueName, { connection });
  await events.waitUntilReady();
  return {
    description: `queue ${address.url} (${queueName})`,
    slots: 1,
    async run(jobs, ev) {
      const byKey = new Map(jobs.map((j) => [j.key, j]));
      // every job in flight waits on these emitters (BullMQ adds a listener per waiting job)
      queue.setMaxListeners(2 * jobs.length + 10);
      events.setMaxListeners(2 * jobs.length + 10);
      const active = new Set<string>();
      const onActive = ({ jobId }: { jobId: string }): void => {
        const j = byKey.get(jobId);
        if (j !== undefined && !active.has(jobId)) {
          active.add(jobId);
          ev.started(j);
        }
      };
      events.on('active', onActive);
      try {
        await Promise.all(jobs.map(async (j) => {
          let job: Job<SweepJob, WorkerReturn> | undefined = await queue.getJob(j.key);
          if (job !== undefined && (await job.getState()) === 'failed') {
            await job.remove();
            job = undefined;
          }
          job ??= await queue.add(j.kind, j, {
            jobId: j.key, attempts: JOB_ATTEMPTS, backoff: { type: 'fixed', delay: 500 },
            removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 24 * 3600 },
          });
          try {
            const r = await job.waitUntilFinished(events);
            if (!active.has(j.key)) ev.started(j);
            ev.finished(j, r.result, r.seconds, r.ranOn);
          } catch (e) {
            if (!active.has(j.key)) ev.started(j);
            ev.failed(j, e instanceof Error ? e.message : String(e));
          }
        }));
      } finally {
        events.off('active', onActive);
      }
    },
    async close() {
      await events.close();
      await queue.close();
    },
  };
}
