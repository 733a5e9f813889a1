// Runs an expanded study: takes every finished job from the cache (DIR/points/), runs the rest on
// the executor (local pool or queue), stores each result as it arrives, and reports progress.
// Returns every job's result by key and the jobs that failed; the results table is results.ts.

import type { Executor } from './executor.js';
import { JOB_KINDS, type SweepJob } from './jobs.js';
import { JobStore } from './job_store.js';
import { SweepProgress } from './progress.js';
import type { JobResult } from './run_job.js';

export interface StudyRun {
  readonly results: ReadonlyMap<string, JobResult>;
  readonly failures: ReadonlyMap<string, string>;
  readonly cachedJobs: number;
  readonly computedJobs: number;
  readonly seconds: number;
  /** Sum of the computed jobs' own wall times (s). */
  readonly jobSeconds: number;
}

export interface RunOptions {
  readonly progress: (line: string) => void;
  /** Minimum seconds between progress lines (a line is always printed at the end). */
  readonly progressEverySeconds?: number;
}

export async function runStudyJobs(outDir: string, jobs: readonly SweepJob[], executor: Executor, o: RunOptions): Promise<StudyRun> {
  const store = new JobStore(outDir);
  const progress = new SweepProgress(jobs.map((j) => j.kind), executor.slots);
  const results = new Map<string, JobResult>();
  const failures = new Map<string, string>();
  const todo: SweepJob[] = [];
  for (const j of jobs) {
    const hit = store.get(j.key);
    if (hit !== undefined) {
      results.set(j.key, hit.result);
      progress.cached(j.kind);
    } else todo.push(j);
  }
  // The quick analytic jobs first, the RTL ones (cosim, synthesis) last: results and the time
  // estimate of every kind arrive early, and no slot idles behind a long synthesis.
  todo.sort((a, b) => JOB_KINDS.indexOf(a.kind) - JOB_KINDS.indexOf(b.kind));
  const every = (o.progressEverySeconds ?? 1) * 1000;
  let last = -Infinity;
  const tick = (force = false): void => {
    const now = performance.now();
    if (!force && now - last < every) return;
    last = now;
    o.progress(progress.line());
  };
  tick(true);
  let jobSeconds = 0;
  const timer = setInterval(() => tick(true), Math.max(every, 5000));
  timer.unref();
  try {
    if (todo.length > 0) {
      await executor.run(todo, {
        started: (j) => { progress.started(j.kind); tick(); },
        finished: (j, r, seconds, ranOn) => {
          store.put(j, r, seconds, ranOn);
          results.set(j.key, r);
          jobSeconds += seconds;
          progress.finished(j.kind, seconds);
          tick();
        },
        failed: (j, message) => {
          failures.set(j.key, message);
          progress.failed(j.kind);
          o.progress(`job ${j.key} (${j.kind}) failed: ${message}`);
          tick();
        },
      });
    }
  } finally {
    clearInterval(timer);
  }
  tick(true);
  const t = progress.totals();
  return { results, failures, cachedJobs: t.cached, computedJobs: t.computed, seconds: progress.elapsedSeconds, jobSeconds };
}
