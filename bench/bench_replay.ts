// Bench 1 (issue 13): `nmcore simulate` of one Llama-2-7B block (seven projections, T = 2048, bf16)
// on 2:4, 8:16 and 16:32 engines of 16 x 16 PEs against the floor (bench/replay_floor.ts: read the
// trace, compute its N:M masks once). CPU seconds (user + system) of each process, runs of floor and
// simulate interleaved, min / median / max over repeats; ratio = median simulate / median floor.

import { printTable, spread, spreadText, timeChild } from './lib/bench_table.js';
import { blockTrace, CLI, repeats } from './lib/bench_traces.js';

const T = Number(process.env.NMCORE_BENCH_TOKENS ?? 2048);
const trace = blockTrace(T);
const n = repeats(3);
const rows: string[][] = [];
for (const [pn, pm] of [[2, 4], [8, 16], [16, 32]] as const) {
  const floor: number[] = [], sim: number[] = [], rss: number[] = [];
  for (let i = 0; i < n; i++) {
    floor.push(timeChild([process.execPath, 'dist/bench/replay_floor.js', trace, String(pn), String(pm)]).cpuSeconds);
    const s = timeChild([process.execPath, CLI, 'simulate', '--trace', trace, '-p', `${pn}:${pm}`, '-r', '16', '-c', '16', '--jobs', '1', '--json']);
    sim.push(s.cpuSeconds);
    rss.push(s.maxRssMiB);
  }
  rows.push([`${pn}:${pm}`, spreadText(floor), spreadText(sim), `${(spread(sim).median / spread(floor).median).toFixed(2)}x`, spread(rss).max.toFixed(0)]);
}
printTable(`Bench 1: timing replay of a Llama-2-7B block (7 projections, T = ${T}, bf16) vs the floor, ${n} runs each`, [
  `node dist/bench/replay_floor.js ${trace} <n> <m>`,
  `node ${CLI} simulate --trace ${trace} -p <n:m> -r 16 -c 16 --jobs 1 --json`,
], ['pattern', 'floor CPU (s) min/med/max', 'simulate CPU (s) min/med/max', 'simulate/floor (median)', 'simulate max RSS (MiB)'], rows);
