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

/**
 * Runs a tool to completion. It gets SIGKILL if nmcore dies (setpriv --pdeathsig, util-linux, when
 * present), and INT/TERM during the run end nmcore at once (see src/io/temporaries.ts), so an
 * interrupted run never leaves the tool running on its own.
 */
export function runToolSync(command: string, args: readonly string[], options: SpawnSyncOptionsWithStringEncoding): SpawnSyncReturns<string> {
  const wrapped = process.platform === 'linux' && existsSync(SETPRIV);
  return withoutInterruptHandlers(() => (wrapped
    ? spawnSync(SETPRIV, ['--pdeathsig', 'KILL', '--', command, ...args], options)
    : spawnSync(command, [...args], options)));
}
