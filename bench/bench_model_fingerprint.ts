// The sweep's model fingerprint (src/sweep/model_fingerprint.ts): wall time of hashing every part
// (code, coefficients, templates, Liberty) in the layout this process runs from, the first time in
// the process and then repeated, and of the other layout; files and bytes per part. A sweep pays it
// once per process (sweep, each worker).

import { computeModelFingerprints, modelFingerprints, type ScopePart } from '../src/sweep/model_fingerprint.js';
import { packageRoot } from '../src/io/package_root.js';
import { printTable, spreadText } from './lib/bench_table.js';
import { repeats } from './lib/bench_traces.js';

const first = modelFingerprints();
const n = repeats(20);
const root = packageRoot();
const layouts = [first.built, !first.built];
const ms = layouts.map(() => [] as number[]);
for (let i = 0; i < n; i++) layouts.forEach((built, j) => ms[j]!.push(computeModelFingerprints(root, built).milliseconds));
const name = (built: boolean): string => (built ? 'built (dist/src, dist/sim .js)' : 'source (src, sim .ts)');
const rows = layouts.map((built, j) => {
  const f = computeModelFingerprints(root, built);
  const parts = Object.keys(f.parts) as ScopePart[];
  const files = parts.reduce((s, p) => s + f.parts[p].files, 0), bytes = parts.reduce((s, p) => s + f.parts[p].bytes, 0);
  return [name(built) + (j === 0 ? ' (this process)' : ''), j === 0 ? first.milliseconds.toFixed(1) : '-', spreadText(ms[j]!, 1),
    `${files}`, `${(bytes / 1024).toFixed(0)}`, parts.map((p) => `${p} ${f.parts[p].files} files / ${(f.parts[p].bytes / 1024).toFixed(0)} KiB`).join('; ')];
});
printTable(`Model fingerprint of the sweep's job keys, ${n} repeats each (wall time)`, ['node dist/bench/bench_model_fingerprint.js'],
  ['code layout', 'first call in the process (ms)', 'repeated (ms) min/med/max', 'files', 'KiB', 'per part'], rows);
