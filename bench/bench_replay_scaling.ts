// Bench 1b (issue 13): replay time and peak memory of the Llama-2-7B block at T = 256, 1024, 2048
// and 4096 (2:4, 16 x 16 PEs, one thread): CPU seconds, ns per activation value (T·K summed over the
// seven layers), peak RSS, and RSS above the CLI's own baseline (`simulate --help`) in units of the
// largest layer's bytes in the file (down_proj: T x 11008 bf16). Linear in T·K; memory one layer.

import { printTable, spread, spreadText, timeChild } from './lib/bench_table.js';
import { blockTrace, CLI, fullRun, repeats } from './lib/bench_traces.js';

// T = 4096 (a 290 MB trace that takes minutes to synthesize) only in the full run.
const tokenCounts = (process.env.NMCORE_BENCH_SCALING ?? (fullRun() ? '256,1024,2048,4096' : '256,1024,2048')).split(',').map(Number);
const K_SUM = 6 * 4096 + 11008; // channels of the seven projections of Llama-2-7B
const LARGEST_K = 11008;
const n = repeats(3);
const baseline = spread(Array.from({ length: n }, () => timeChild([process.execPath, CLI, 'simulate', '--help']).maxRssMiB)).median;
const rows: string[][] = [];
for (const T of tokenCounts) {
  const trace = blockTrace(T);
  const cpu: number[] = [], rss: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = timeChild([process.execPath, CLI, 'simulate', '--trace', trace, '-p', '2:4', '-r', '16', '-c', '16', '--jobs', '1', '--json']);
    cpu.push(r.cpuSeconds);
    rss.push(r.maxRssMiB);
  }
  const largestMiB = (T * LARGEST_K * 2) / 2 ** 20;
  const peak = spread(rss).max;
  rows.push([String(T), spreadText(cpu), ((spread(cpu).median * 1e9) / (T * K_SUM)).toFixed(1), peak.toFixed(0), largestMiB.toFixed(1), ((peak - baseline) / largestMiB).toFixed(2)]);
}
printTable(`Bench 1b: replay scaling in T (Llama-2-7B block, 2:4, 16 x 16 PEs), ${n} runs each; CLI baseline RSS ${baseline.toFixed(0)} MiB`, [
  `node ${CLI} simulate --trace <block trace at T> -p 2:4 -r 16 -c 16 --jobs 1 --json`,
  `node ${CLI} simulate --help   (baseline RSS)`,
], ['T (tokens)', 'CPU (s) min/med/max', 'CPU per value (ns)', 'peak RSS (MiB)', 'largest layer (MiB)', '(RSS - baseline) / largest layer'], rows);
