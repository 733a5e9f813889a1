// Bench of `nmcore report --jobs N` (issue 13): the report of one Llama-2-7B block (seven
// projections, bf16 synthetic trace, T = NMCORE_BENCH_REPORT_TOKENS, default 64 (a T = 256 report takes 5+ min per run under load); every pattern,
// criterion and mitigation, exact GEMMs) at --jobs 1 and --jobs 2, runs interleaved, wall and CPU
// seconds (user + system, all threads) and peak RSS; report.json of every run checked equal to the
// first --jobs 1 run's (apart from the --out path in its command line).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printTable, spread, spreadText, timeChild } from './lib/bench_table.js';
import { blockTrace, CLI, repeats } from './lib/bench_traces.js';

const T = Number(process.env.NMCORE_BENCH_REPORT_TOKENS ?? 64);
const trace = blockTrace(T);
const n = repeats(2);
const jobsList = [1, 2];
const dir = mkdtempSync(join(tmpdir(), 'nmcore-bench-report-'));
const load0 = loadavg()[0]!;
const wall = new Map<number, number[]>(jobsList.map((j) => [j, []])), cpu = new Map<number, number[]>(jobsList.map((j) => [j, []])), rss = new Map<number, number[]>(jobsList.map((j) => [j, []]));
let reference: string | undefined;
let same = true;
try {
  for (let i = 0; i < n; i++) {
    for (const j of jobsList) {
      const out = join(dir, `r${i}_j${j}`);
      process.stderr.write(`bench: report --jobs ${j}, run ${i + 1}/${n} ...\n`);
      const r = timeChild([process.execPath, CLI, 'report', '--trace', trace, '--jobs', String(j), '--out', out]);
      wall.get(j)!.push(r.wallSeconds); cpu.get(j)!.push(r.cpuSeconds); rss.get(j)!.push(r.maxRssMiB);
      const json = readFileSync(join(out, 'report.json'), 'utf8').split(out).join('<out>');
      if (reference === undefined) reference = json; else if (json !== reference) same = false;
      rmSync(out, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const base = spread(wall.get(1)!).median;
printTable(`Bench: nmcore report of a Llama-2-7B block (7 projections, T = ${T}, bf16) on worker threads, ${n} runs each (load average ${load0.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end)`, [
  `node ${CLI} report --trace ${trace} --jobs <N> --out <dir>`,
], ['--jobs', 'wall (s) min/med/max', 'CPU (s) min/med/max', 'wall vs --jobs 1 (median)', 'max RSS (MiB)', 'report.json'],
jobsList.map((j) => [String(j), spreadText(wall.get(j)!, 1), spreadText(cpu.get(j)!, 1), `${(base / spread(wall.get(j)!).median).toFixed(2)}x faster`, spread(rss.get(j)!).max.toFixed(0), same ? 'identical' : 'DIFFERS']));
