// Progress of a sweep, per kind of work: jobs done (of which found in the cache), running and
// failed, elapsed time and an estimate of the time left (mean seconds per finished job of each
// kind × the jobs left of it ÷ the parallel slots, or the most jobs seen running at once). Produces one line; the caller prints it.

import { JOB_KINDS, type JobKind } from './jobs.js';

interface KindCounts { total: number; done: number; cached: number; running: number; failed: number; seconds: number; computed: number }

export class SweepProgress {
  private readonly kinds = new Map<JobKind, KindCounts>();
  private readonly t0 = performance.now();
  /** Most jobs seen running at once (a queue's workers are not known in advance). */
  private peakRunning = 0;

  constructor(kinds: readonly JobKind[], private readonly slots: number) {
    for (const k of kinds) {
      const c = this.kinds.get(k) ?? { total: 0, done: 0, cached: 0, running: 0, failed: 0, seconds: 0, computed: 0 };
      c.total++;
      this.kinds.set(k, c);
    }
  }

  private of(k: JobKind): KindCounts {
    return this.kinds.get(k)!;
  }

  cached(k: JobKind): void { const c = this.of(k); c.done++; c.cached++; }
  started(k: JobKind): void { this.of(k).running++; this.peakRunning = Math.max(this.peakRunning, this.totals().running); }
  finished(k: JobKind, seconds: number): void { const c = this.of(k); c.running = Math.max(0, c.running - 1); c.done++; c.computed++; c.seconds += seconds; }
  failed(k: JobKind): void { const c = this.of(k); c.running = Math.max(0, c.running - 1); c.failed++; }

  get elapsedSeconds(): number { return (performance.now() - this.t0) / 1000; }

  totals(): { total: number; done: number; cached: number; computed: number; running: number; failed: number } {
    const t = { total: 0, done: 0, cached: 0, computed: 0, running: 0, failed: 0 };
    for (const c of this.kinds.values()) { t.total += c.total; t.done += c.done; t.cached += c.cached; t.computed += c.computed; t.running += c.running; t.failed += c.failed; }
    return t;
  }

  /** Seconds left, or undefined while a kind with work left has no finished job to go by. */
  secondsLeft(): number | undefined {
    let s = 0;
    for (const c of this.kinds.values()) {
      const left = c.total - c.done - c.failed;
      if (left === 0) continue;
      if (c.computed === 0) return undefined;
      s += (left * c.seconds) / c.computed;
    }
    return s / Math.max(1, this.slots, this.peakRunning);
  }

  line(): string {
    const t = this.totals();
    const kinds = JOB_KINDS.filter((k) => this.kinds.has(k)).map((k) => {
      const c = this.of(k);
      return `${k} ${c.done}/${c.total}${c.running > 0 ? ` (${c.running} running)` : ''}${c.failed > 0 ? ` (${c.failed} failed)` : ''}${c.computed > 0 ? ` ~${(c.seconds / c.computed).toFixed(2)} s each` : ''}`;
    });
    const left = this.secondsLeft();
    return `${t.done}/${t.total} jobs done (${t.cached} cached), ${t.running} running, ${t.failed} failed; ${kinds.join(', ')}; elapsed ${this.elapsedSeconds.toFixed(1)} s, ${t.done + t.failed === t.total ? 'finished' : left === undefined ? 'time left unknown yet' : `about ${left.toFixed(0)} s left`}`;
  }
}
