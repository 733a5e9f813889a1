// The sweep's cache: one JSON file per finished job under DIR/points/<key>.json (the job, its
// result and how long it took), each written atomically as soon as the job finishes, so an
// interrupted sweep loses at most the jobs in flight and a re-run finds every finished one.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutputsAtomically } from '../io/atomic_output.js';
import type { SweepJob } from './jobs.js';
import type { JobResult } from './run_job.js';

export interface StoredJob {
  readonly format: 'nmcore-sweep-job';
  readonly version: 1;
  readonly key: string;
  readonly job: SweepJob;
  readonly result: JobResult;
  /** Wall time of the job where it ran (s); not part of the results. */
  readonly seconds: number;
  readonly ranOn: string;
}

export const POINTS_DIR = 'points';

export class JobStore {
  constructor(private readonly outDir: string) {}

  /** The stored result of `key`, or undefined when missing or unreadable (it is then recomputed). */
  get(key: string): StoredJob | undefined {
    const p = join(this.outDir, POINTS_DIR, `${key}.json`);
    if (!existsSync(p)) return undefined;
    try {
      const s = JSON.parse(readFileSync(p, 'utf8')) as StoredJob;
      return s.format === 'nmcore-sweep-job' && s.key === key && s.result !== undefined ? s : undefined;
    } catch {
      return undefined;
    }
  }

  put(job: SweepJob, result: JobResult, seconds: number, ranOn: string): StoredJob {
    const stored: StoredJob = { format: 'nmcore-sweep-job', version: 1, key: job.key, job, result, seconds, ranOn };
    writeOutputsAtomically(this.outDir, new Map([[`${POINTS_DIR}/${job.key}.json`, JSON.stringify(stored, null, 1) + '\n']]));
    return stored;
  }
}
