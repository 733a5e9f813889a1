// Finds the external RTL tools (Verilator, Icarus, ccache) and says how to install a missing one,
// so suites can skip loudly instead of failing obscurely, and gives the one user-facing message
// for a missing or failing tool.

import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { error, UserError } from '../../src/diagnostics/diagnostic.js';
import { withoutInterruptHandlers } from '../../src/io/temporaries.js';

export interface ToolStatus {
  readonly available: boolean;
  readonly version?: string;
  /** How to install it on Debian when missing. */
  readonly install: string;
}

const cache = new Map<string, ToolStatus>();

function probe(command: string, args: string[], install: string): ToolStatus {
  const key = command;
  const hit = cache.get(key);
  if (hit) return hit;
  const r = spawnSync(command, args, { encoding: 'utf8' });
  const status: ToolStatus = r.error || r.status !== 0
    ? { available: false, install }
    : { available: true, version: (r.stdout || r.stderr).split('\n')[0]!.trim(), install };
  cache.set(key, status);
  return status;
}

export function verilatorStatus(): ToolStatus {
  return probe('verilator', ['--version'], 'apt-get install -y verilator   (Debian 12 ships 5.006)');
}

export function icarusStatus(): ToolStatus {
  return probe('iverilog', ['-V'], 'apt-get install -y iverilog   (Debian 12 ships 11.0)');
}

export function ccacheStatus(): ToolStatus {
  return probe('ccache', ['--version'], 'apt-get install -y ccache   (optional: makes Verilator rebuilds ~15x faster)');
}

/** The one message for a tool that is not installed: names it, what needed it, and how to install it (exit 1). */
export function toolMissingError(tool: string, neededFor: string, status: ToolStatus): UserError {
  return new UserError([error('tool_missing', `${tool} is not installed (needed to ${neededFor}); install it: ${status.install}`, { field: tool })]);
}

/** The one message for a tool that ran and failed: names it, what failed, its output's first lines and what to try (exit 1). */
export function toolFailedError(tool: string, what: string, exitStatus: number | null, output: string, fix: string): UserError {
  const head = output.trim().split('\n').slice(0, 8).join(' | ').slice(0, 800);
  return new UserError([error('tool_failed', `${tool} failed to ${what} (exit ${exitStatus ?? 'killed'}): ${head === '' ? 'no output' : head}; ${fix}`, { field: tool })]);
}

const SETPRIV = '/usr/bin/setpriv';
const SETSID = '/usr/bin/setsid';

/**
 * The guard around a tool run: in its own process group, it starts the tool (stdin kept) and waits;
 * on TERM (sent by the kernel when nmcore dies: setpriv --pdeathsig) it stops the whole group, the
 * tool's own children (make, g++) included, and removes the paths in NMCORE_CLEANUP (one a line).
 */
const GUARD = [
  'on_term() { trap "" TERM INT; kill -TERM 0 2>/dev/null;',
  '  printf "%s\\n" "$NMCORE_CLEANUP" | while IFS= read -r p; do [ -n "$p" ] && /bin/rm -rf -- "$p"; done; exit 143; }',
  'trap on_term TERM INT',
  // A background job's stdin is /dev/null unless given: keep nmcore's (the stimulus) through fd 3.
  'exec 3<&0',
  '"$@" <&3 3<&- & child=$!',
  'wait "$child"',
].join('\n');

/**
 * Runs a tool to completion. When nmcore dies (INT/TERM during the run end it at once: see
 * src/io/temporaries.ts), the kernel signals the guard, which stops the tool with every process it
 * started and removes `cleanup` (the run's temporaries), so an interrupted run leaves neither behind.
 * Without setpriv and setsid (util-linux) the tool runs plainly.
 */
export function runToolSync(command: string, args: readonly string[], options: SpawnSyncOptionsWithStringEncoding, cleanup: readonly string[] = []): SpawnSyncReturns<string> {
  const guarded = process.platform === 'linux' && existsSync(SETPRIV) && existsSync(SETSID) && existsSync('/bin/sh') && existsSync('/bin/rm');
  if (!guarded) return withoutInterruptHandlers(() => spawnSync(command, [...args], options));
  const env = { ...(options.env ?? process.env), NMCORE_CLEANUP: cleanup.join('\n') };
  return withoutInterruptHandlers(() => spawnSync(SETPRIV, ['--pdeathsig', 'TERM', '--', SETSID, '-w', '/bin/sh', '-c', GUARD, 'nmcore-guard', command, ...args], { ...options, env }));
}
