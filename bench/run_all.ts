// `npm run bench`: runs every bench script bench/bench_*.ts (compiled to dist/bench/bench_*.js), one
// after the other, each in its own Node process; each prints its own table (bench/lib/bench_table.ts).
// Add a bench by adding a file named bench_<what>.ts. Arguments: `--full` (NMCORE_BENCH_FULL=1: also
// what takes many minutes, see fullRun() in bench/lib/bench_traces.ts) and a substring to select scripts.
// Prints the load average before and after each script and the wall time of each.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const full = args.includes('--full');
const only = args.find((a) => a !== '--full');
const env = full ? { ...process.env, NMCORE_BENCH_FULL: '1' } : process.env;
const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const t0 = performance.now();
const scripts = readdirSync(here).filter((f) => /^bench_.*\.js$/.test(f) && (only === undefined || f.includes(only))).sort();
let failed = 0;
for (const s of scripts) {
  const t = performance.now();
  console.log(`\n<!-- bench: ${s}, load average ${load()} (1, 5, 15 min) at start -->`);
  process.stderr.write(`bench: running ${s} ...\n`);
  const r = spawnSync(process.execPath, [join(here, s)], { stdio: 'inherit', env });
  if (r.status !== 0) { failed++; process.stderr.write(`bench: ${s} failed (exit ${r.status})\n`); }
  console.log(`<!-- bench: ${s} took ${((performance.now() - t) / 1000).toFixed(0)} s wall, load average ${load()} at end -->`);
}
console.log(`\n<!-- bench: ${scripts.length - failed} of ${scripts.length} script(s) ran in ${((performance.now() - t0) / 60000).toFixed(1)} min wall${full ? ' (full run)' : ''} -->`);
process.stderr.write(`bench: ${scripts.length - failed} of ${scripts.length} script(s) ran\n`);
process.exitCode = failed > 0 ? 1 : 0;
