// Temporaries and child processes of a run: every staging folder, temp file and spawned tool is
// registered here while it exists, so an interrupted run (SIGINT, SIGTERM) stops its children and
// removes its temporaries before it exits (130 / 143), instead of leaving them behind. A JS handler
// cannot run while a synchronous tool run blocks, so those runs suspend the handlers: INT/TERM then
// end nmcore at once, and the tool's guard (sim/rtl/tools.ts runToolSync, signalled by the kernel
// when nmcore dies) stops the tool's process group and removes that run's temporaries. Every
// temporary also carries its owner's pid, and the next run removes those whose owner is gone
// (a run killed with SIGKILL).

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const temporaries = new Set<string>();
const children = new Set<ChildProcess>();
let installed = false;

/** A path to remove if the run is interrupted (call `releaseTemporary` once it is gone or kept). */
export function registerTemporary(path: string): void {
  temporaries.add(path);
}

export function releaseTemporary(path: string): void {
  temporaries.delete(path);
}

/** A running child to stop if the run is interrupted; forgotten when it exits. */
export function registerChild(child: ChildProcess): void {
  children.add(child);
  child.once('exit', () => children.delete(child));
}

/** Stops registered children and removes registered temporaries; returns how many temporaries were removed. */
export function cleanUpNow(signal: NodeJS.Signals = 'SIGTERM'): number {
  for (const c of children) {
    try {
      c.kill(signal);
    } catch {
      // already gone
    }
  }
  children.clear();
  let removed = 0;
  for (const p of temporaries) {
    rmSync(p, { recursive: true, force: true });
    removed++;
  }
  temporaries.clear();
  return removed;
}

/** `<tmp>/nmcore-<kind>-<pid>-XXXXXX`, registered; leftovers of dead nmcore processes are removed first. */
export function makeTempDir(kind: string): string {
  sweepDeadTemporaries(tmpdir());
  const dir = mkdtempSync(join(tmpdir(), `nmcore-${kind}-${process.pid}-`));
  registerTemporary(dir);
  return dir;
}

/** nmcore's own temporary names: `nmcore-icarus-<pid>-`, `nmcore-testrun-<pid>-` (a test run's private temp folder), `.nmcore-staging-<pid>-`, `.<file>.nmcore-tmp-<pid>-`, ... */
const TEMP_NAME = /^\.?(?:[^/]*\.)?nmcore-(?:icarus|lint|staging|backup|tmp|probe|testrun)-(\d+)-/;

/** Removes nmcore's temporaries in `parent` whose process is gone. */
export function sweepDeadTemporaries(parent: string): void {
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (m === null || pidAlive(Number(m[1]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}

export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const handlers = new Map<NodeJS.Signals, () => void>();

/** Runs `f` (a blocking tool run) with the INT/TERM handlers removed, so a signal ends nmcore at once. */
export function withoutInterruptHandlers<T>(f: () => T): T {
  for (const [signal, h] of handlers) process.removeListener(signal, h);
  try {
    return f();
  } finally {
    for (const [signal, h] of handlers) process.on(signal, h);
  }
}

/** Installs the INT/TERM handlers once (the CLI entry point calls this). */
export function installInterruptCleanup(report: (text: string) => void): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    const h = (): void => {
      const removed = cleanUpNow(signal);
      report(`interrupted (${signal}): stopped child processes, removed ${removed} temporar${removed === 1 ? 'y' : 'ies'}\n`);
      process.exit(code);
    };
    handlers.set(signal, h);
    process.on(signal, h);
  }
}
