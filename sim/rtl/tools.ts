// Finds the external RTL tools (Verilator, Icarus, ccache) and says how to install a missing one,
// so suites can skip loudly instead of failing obscurely.

import { spawnSync } from 'node:child_process';

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
