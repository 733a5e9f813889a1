// Temporaries and child processes of a run: every staging folder, temp file and spawned tool is
// registered here while it exists, so an interrupted run (SIGINT, SIGTERM) stops its children and
// removes its temporaries before it exits (130 / 143), instead of leaving them behind.

import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

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

/** Installs the INT/TERM handlers once (the CLI entry point calls this). */
export function installInterruptCleanup(report: (text: string) => void): void {
  if (installed) return;
  installed = true;
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      const removed = cleanUpNow(signal);
      report(`interrupted (${signal}): stopped child processes, removed ${removed} temporar${removed === 1 ? 'y' : 'ies'}\n`);
      process.exit(code);
    });
  }
}
