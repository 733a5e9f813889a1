// `npm run bench`: runs every bench script bench/bench_*.ts (compiled to dist/bench/bench_*.js), one
// after the other, each in its own Node process; each prints its own table (bench/lib/bench_table.ts).
// Add a bench by adding a file named bench_<what>.ts. Optional argument: a substring to select scripts.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const scripts = readdirSync(here).filter((f) => /^bench_.*\.js$/.test(f) && (only === undefined || f.includes(only))).sort();
let failed = 0;
for (const s of scripts) {
  process.stderr.write(`bench: running ${s} ...\n`);
  const r = spawnSync(process.execPath, [join(here, s)], { stdio: 'inherit' });
  if (r.status !== 0) { failed++; process.stderr.write(`bench: ${s} failed (exit ${r.status})\n`); }
}
process.stderr.write(`bench: ${scripts.length - failed} of ${scripts.length} script(s) ran\n`);
process.exitCode = failed > 0 ? 1 : 0;
