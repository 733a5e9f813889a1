// The SCALE-Sim comparison of bench/RESULTS.md: nmcore's timing replay of the dense GEMMs SCALE-Sim
// was run on (M x N x K = tokens x output channels x input channels) on a dense 16 x 16 engine
// (16:16, 16 lanes per PE), in process, replay only (quantization of a seeded random layer
// included, engine elaboration not). SCALE-Sim's own numbers are facts quoted in RESULTS.md, not run here.

import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { Prng } from '../src/util/prng.js';
import { replayLayer } from '../sim/replay/layer_report.js';
import { printTable, spreadText } from './lib/bench_table.js';
import { repeats } from './lib/bench_traces.js';

const ir = elaborate(validateConfig({ pattern: '16:16', rows: 16, cols: 16 }).config!);
const n = repeats(5);
const rows: string[][] = [];
for (const [M, N, K] of [[256, 256, 1024], [512, 512, 4096], [2048, 4096, 4096]] as const) {
  const rng = new Prng(1);
  const values = Float32Array.from({ length: M * K }, () => rng.int(-1000, 1000) / 100);
  const layer = { name: `gemm_${M}x${N}x${K}`, tokens: M, channels: K, values };
  const secs: number[] = [];
  let cycles = 0;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    cycles = replayLayer(ir, layer, { mode: 0, top: 'engine', outChannels: N }).totalCycles;
    secs.push((performance.now() - t) / 1000);
  }
  const folds = Math.ceil(M / 16) * Math.ceil(N / 16);
  rows.push([`${M} x ${N} x ${K}`, String(cycles), String(folds * (K + 16 + 16 - 2) - 1), spreadText(secs, 4)]);
}
printTable(`SCALE-Sim comparison: dense GEMM M x N x K on nmcore's dense 16 x 16 engine (16:16), in-process replay, ${n} runs`,
  ['node dist/bench/bench_scalesim.js'],
  ['GEMM M x N x K', 'nmcore cycles', 'SCALE-Sim formula cycles (OS 16 x 16)', 'nmcore replay wall (s) min/med/max'], rows);
