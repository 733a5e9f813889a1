// Speed of the layer timing replay (sim/replay/): a Llama-2-7B down_proj-shaped synthetic trace
// (T = 2048, K = 11008, O = 4096) through 2:4, 8:16 and 16:32 engines of 16 × 16 PEs, full report
// included (quantization, N:M selection, weight-row unions, tiling, memory model, dense comparison).
// Trace synthesis is excluded. Run: npx tsx bench/replay_speed.ts [tokens,...] [repeats]. One thread, best of repeats.

import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { findModel } from '../src/trace/model_shapes.js';
import { synthesizeModelTrace } from '../src/trace/synthetic.js';
import { replayLayer, type LayerReport } from '../sim/replay/layer_report.js';

const tokenCounts = (process.argv[2] ?? '2048').split(',').map(Number);
const repeats = Number(process.argv[3] ?? 3);
const BANDWIDTH = 64; // bytes/cycle, shared by activations and weights

for (const tokens of tokenCounts) {
  const t0 = performance.now();
  const trace = synthesizeModelTrace({ model: findModel('llama-2-7b')!, projections: ['down'], layer: 0, tokens, seed: 1, dtype: 'BF16' });
  const layer = trace.layers[0]!;
  console.log(`\n${layer.name}: T = ${layer.tokens} tokens x K = ${layer.channels} channels -> O = 4096 (synthesized in ${((performance.now() - t0) / 1000).toFixed(2)} s, not counted)`);
  console.log('pattern  top     wall (s)  cpu (s)  cycles @unlimited  cycles @64 B/cycle  util @64 (%)  speedup @64 (x)  weight rows fetched/dense');
  for (const pattern of ['2:4', '8:16', '16:32']) {
    const ir = elaborate(validateConfig({ pattern, rows: 16, cols: 16 }).config!);
    for (const top of ['engine', 'core'] as const) {
      let wall = Infinity, cpu = Infinity;
      let r: LayerReport | undefined;
      for (let i = 0; i < repeats; i++) {
        const c0 = process.cpuUsage();
        const s = performance.now();
        r = replayLayer(ir, layer, { mode: ir.defaultMode, top, outChannels: 4096, memory: { bandwidthBytesPerCycle: BANDWIDTH } });
        wall = Math.min(wall, (performance.now() - s) / 1000);
        const c = process.cpuUsage(c0);
        cpu = Math.min(cpu, (c.user + c.system) / 1e6);
      }
      const unlimited = replayLayer(ir, layer, { mode: ir.defaultMode, top, outChannels: 4096 });
      console.log(`${pattern.padEnd(7)}  ${top.padEnd(6)}  ${wall.toFixed(3).padStart(8)}  ${cpu.toFixed(3).padStart(7)}  ${String(unlimited.totalCycles).padStart(17)}  ${String(r!.totalCycles).padStart(18)}  ${(r!.macUtilization * 100).toFixed(1).padStart(12)}  ${r!.speedupOverDense.toFixed(2).padStart(15)}  ${r!.weightRowsFetched}/${r!.weightRowsDense}`);
    }
  }
}
