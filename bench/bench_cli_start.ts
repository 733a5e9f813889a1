// Bench 5 (issue 13): CLI start time: `nmcore --help` and every command's `--help` against
// `node -e 0`, CPU seconds (user + system) and wall seconds of each process, interleaved, min /
// median / max over repeats; ratios = median of the command / median of `node -e 0` (target: within
// 2x). On a shared machine the CPU time is the steadier of the two.

import { printTable, spread, spreadText, timeChild } from './lib/bench_table.js';
import { CLI, repeats } from './lib/bench_traces.js';

const commands = [[], ['generate'], ['presets'], ['ir'], ['verify'], ['cosim'], ['simulate'], ['area'], ['synth'], ['compare'], ['synth-module'],
  ['trace'], ['trace', 'info'], ['trace', 'synth'], ['report'], ['sweep'], ['worker'], ['demo']];
const n = repeats(5);
const runs = [['node', '-e', '0'], ...commands.map((c) => [CLI, ...c, '--help'])];
const cpu = runs.map(() => [] as number[]), wall = runs.map(() => [] as number[]);
for (let i = 0; i < n; i++) {
  runs.forEach((r, j) => {
    const t = timeChild(r[0] === 'node' ? [process.execPath, ...r.slice(1)] : [process.execPath, ...r]);
    cpu[j]!.push(t.cpuSeconds);
    wall[j]!.push(t.wallSeconds);
  });
}
const ratio = (xs: number[], base: number[]) => `${(spread(xs).median / spread(base).median).toFixed(2)}x`;
printTable(`Bench 5: CLI start time, ${n} runs each (CPU and wall time of the process)`, [`node ${CLI} <command> --help`, 'node -e 0'],
  ['command', 'CPU (s) min/med/max', 'CPU vs node -e 0', 'wall (s) min/med/max', 'wall vs node -e 0'],
  runs.map((r, j) => [r[0] === 'node' ? 'node -e 0' : `nmcore ${r.slice(1).join(' ')}`, spreadText(cpu[j]!, 2), ratio(cpu[j]!, cpu[0]!), spreadText(wall[j]!, 2), ratio(wall[j]!, wall[0]!)]));
