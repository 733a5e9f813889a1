// How a sweep's jobs run: the executor interface and the local one. Locally, up to `slots` jobs
// (default: the machine's cores) run at once; synthesis goes to one YosysPool of that many worker
// threads (src/synth/yosys_pool.ts), the analytic jobs (model, replay, accuracy) run on this
// thread in milliseconds to seconds. The queued executor (queue_executor.ts) has the same shape.

import { availableParallelism, hostname } from 'node:os';
import { UserError, formatDiagnostic } from '../diagnostics/diagnostic.js';
import { YosysPool } from '../synth/yosys_pool.js';
import type { SweepJob } from './jobs.js';
import { runJob, type JobResult } from './run_job.js';

export interface JobEvents {
  started(job: SweepJob): void;
  finished(job: SweepJob, result: JobResult, seconds: number, ranOn: string): void;
  failed(job: SweepJob, message: string): void;
}

export interface Executor {
  /** `local (2 slots)` or `queue redis://…`. */
  readonly description: string;
  readonly slots: number;
  /** Runs every job, reporting each; resolves when all finished or failed. */
  run(jobs: readonly SweepJob[], events: JobEvents): Promise<void>;
  close(): Promise<void>;
}

/** One line for a failed job: the diagnostics of a UserError, else the error's message. */
export function failureMessage(e: unknown): string {
  if (e instanceof UserError) return e.diagnostics.map(formatDiagnostic).join('; ');
  return e instanceof Error ? e.message : String(e);
}

export function localExecutor(slots = availableParallelism()): Executor {
  const pool = new YosysPool({ size: slots });
  const ranOn = `${hostname()} (local)`;
  return {
    description: `local, ${slots} parallel job${slots === 1 ? '' : 's'}`,
    slots,
    async run(jobs, events) {
      let next = 0;
      const lane = async (): Promise<void> => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          events.started(job);
          const t0 = performance.now();
          try {
            const result = await runJob(job, { pool });
            events.finished(job, result, (performance.now() - t0) / 1000, ranOn);
          } catch (e) {
            events.failed(job, failureMessage(e));
          }
          await new Promise((r) => setImmediate(r)); // let progress and other lanes through between analytic jobs
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, slots) }, lane));
    },
    close: () => pool.close(),
  };
}
