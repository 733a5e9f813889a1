// A small worker_threads pool for Yosys jobs: each worker compiles the ≈30 MB WASM module once
// (≈2 s) and then runs jobs warm, so batches of syntheses reuse it. Jobs and results are plain
// data (YosysJob in, YosysOutput out). Idle workers are unref'd, so a forgotten pool never keeps
// a process alive; `close()` ends them. Size 0, or a platform where workers cannot start, runs
// the jobs inline on the calling thread, one at a time.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  outputOrThrow,
  runYosysRaw,
  yosysModuleUrl,
  type YosysJob,
  type YosysOutput,
  type YosysRawOutcome,
} from './yosys_runner.js';
import { YOSYS_WORKER_SOURCE, type YosysWorkerData, type YosysWorkerRequest } from './yosys_worker_source.js';

export interface YosysPoolOptions {
  /**
   * Number of worker threads, started lazily as jobs arrive. Default min(2, available cores):
   * each warm worker holds ≈250–400 MB. 0 runs every job inline on the calling thread.
   */
  readonly size?: number;
}

/** Default pool size: min(2, available cores). */
export function defaultPoolSize(): number {
  return Math.max(1, Math.min(2, availableParallelism()));
}

interface Pending {
  readonly job: YosysJob;
  readonly resolve: (outcome: YosysRawOutcome) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  readonly worker: Worker;
  current: { readonly id: number; readonly pending: Pending } | undefined;
}

export class YosysPool {
  /** Worker count this pool may start (0 when it runs jobs inline). */
  readonly size: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private inlineTail: Promise<unknown> = Promise.resolve();
  private workersFailed: Error | undefined;
  private closed = false;
  private nextId = 1;

  constructor(options: YosysPoolOptions = {}) {
    const size = options.size ?? defaultPoolSize();
    if (!Number.isInteger(size) || size < 0) throw new RangeError(`YosysPool size must be a non-negative integer, not ${size}`);
    this.size = size;
  }

  /** 'workers', or 'inline' when size is 0 or worker threads could not be started. */
  get mode(): 'workers' | 'inline' {
    return this.size === 0 || this.workersFailed !== undefined ? 'inline' : 'workers';
  }

  /** Number of worker threads started so far. */
  get startedWorkers(): number {
    return this.slots.length;
  }

  /** Runs one job; a Yosys failure rejects with a YosysError carrying the Yosys log. */
  async run(job: YosysJob, context?: string): Promise<YosysOutput> {
    return outputOrThrow(await this.runRaw(job), context);
  }

  /** Runs one job and resolves to its raw outcome, failures included; rejects only if the pool closes first. */
  runRaw(job: YosysJob): Promise<YosysRawOutcome> {
    if (this.closed) return Promise.reject(new Error('YosysPool is closed'));
    if (this.mode === 'inline') return this.runInline(job);
    return new Promise<YosysRawOutcome>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.dispatch();
    });
  }

  /** Ends all workers; jobs still queued or running reject. Safe to call more than once. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('YosysPool closed before the job started'));
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
    await this.inlineTail.catch(() => undefined);
  }

  private runInline(job: YosysJob): Promise<YosysRawOutcome> {
    const result = this.inlineTail.then(() => runYosysRaw(job));
    this.inlineTail = result.catch(() => undefined);
    return result;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => s.current === undefined);
      if (slot === undefined && this.slots.length < this.size) slot = this.spawn();
      if (slot === undefined) break;
      const pending = this.queue.shift()!;
      const id = this.nextId++;
      slot.current = { id, pending };
      slot.worker.ref();
      const request: YosysWorkerRequest = { id, job: pending.job };
      slot.worker.postMessage(request);
    }
    if (this.mode === 'inline') {
      // Workers could not start: run what is queued on this thread instead.
      for (const pending of this.queue.splice(0)) this.runInline(pending.job).then(pending.resolve, pending.reject);
    }
  }

  private spawn(): Slot | undefined {
    let worker: Worker;
    try {
      const workerData: YosysWorkerData = { yosysUrl: yosysModuleUrl() };
      worker = new Worker(YOSYS_WORKER_SOURCE, { eval: true, workerData });
    } catch (e) {
      if (this.slots.length > 0) return undefined; // some workers run; the job waits for one of them
      this.workersFailed = e instanceof Error ? e : new Error(String(e));
      return undefined;
    }
    const slot: Slot = { worker, current: undefined };
    worker.on('message', (message: { id: number; outcome: YosysRawOutcome }) => {
      const current = slot.current;
      if (current === undefined || current.id !== message.id) return;
      slot.current = undefined;
      current.pending.resolve(message.outcome);
      if (this.queue.length === 0) worker.unref();
      this.dispatch();
    });
    let crash: Error | undefined;
    worker.on('error', (e) => {
      crash = e;
    });
    worker.on('exit', (code) => {
      const index = this.slots.indexOf(slot);
      if (index >= 0) this.slots.splice(index, 1);
      const current = slot.current;
      slot.current = undefined;
      if (current !== undefined) {
        if (this.closed) current.pending.reject(new Error('YosysPool closed before the job finished'));
        else
          current.pending.resolve({
            ok: false,
            message: `yosys worker stopped (exit code ${code})${crash !== undefined ? `: ${crash.message}` : ''}`,
            log: '',
            seconds: 0,
          });
      }
      if (!this.closed) this.dispatch();
    });
    this.slots.push(slot);
    return slot;
  }
}
