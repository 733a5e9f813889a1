// Bench 5 (issue 13): CLI start time: `nmcore --help` and every command's `--help` against
// `node -e 0`, wall seconds of each process, interleaved, min / median / max over repeats;
// ratio = median of the command / median of `node -e 0` (target: within 2x).

import { printTable, spread, spreadText, timeChild } from './lib/bench_table.js';
import { CLI, repeats } from './lib/bench_traces.js';

const commands = [[], ['generate'], ['presets'], ['ir'], ['verify'], ['cosim'], ['simulate'], ['area'], ['synth'], ['compare'], ['synth-module'],
  ['trace'], ['trace', 'info'], ['trace', 'synth'], ['report'], ['sweep'], ['worker'], ['demo']];
const n = repeats(5);
const base: number[] = [];
const times = commands.map(() => [] as number[]);
for (let i = 0; i < n; i++) {
  base.push(timeChild([process.execPath, '-e', '0']).wallSeconds);
  commands.forEach((c, j) => times[j]!.push(timeChild([process.execPath, CLI, ...c, '--help']).wallSeconds));
}
const b = spread(base).median;
printTable(`Bench 5: CLI start time, ${n} runs each (wall time of the process)`, [`node ${CLI} <command> --help`, 'node -e 0'],
  ['command', 'wall (s) min/med/max', 'vs node -e 0 (median)'],
  [['node -e 0', spreadText(base), '1.00x'], ...commands.map((c, j) => [`nmcore ${[...c, '--help'].join(' ')}`, spreadText(times[j]!), `${(spread(times[j]!).median / b).toFixed(2)}x`])]);
