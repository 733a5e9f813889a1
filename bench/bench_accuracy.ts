// Bench 4 of issue 13: the report's accuracy metrics for one Llama-2-7B block (the seven projections,
// real shapes, synthetic bf16 trace as `nmcore trace synth --model llama-2-7b` writes it, no weights
// in it, so seeded random weights as the report makes them) at T = 256: every pattern, magnitude,
// all four mitigations, exact (every token and output channel). New path: src/accuracy/gemm
// (onnxruntime-node). Old path: the pure-TypeScript reference with output-channel sampling turned
// off (exact), timed in the same run: its weight preparation whole, its evaluation on the first
// --old-tokens tokens of each layer, extrapolated linearly in T (that work is linear in T; stated in the table); --with-sampled also times the reference
// as the report ran it before (full T, output channels sampled above 2^23 multiplies, not exact).
// Run: npm run build && node dist/bench/bench_accuracy.js [--tokens 256] [--repeats 3] [--old-tokens 2] [--old-repeats 1] [--with-sampled]
// (the old path takes hours of extrapolated time and minutes of real time per repeat, hence its own count)

import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { evaluateLayer, type AccuracyPlan } from '../src/accuracy/evaluate_layer.js';
import { evaluateLayers } from '../src/accuracy/evaluate_layers.js';
import { layerWeights } from '../src/accuracy/layer_weights.js';
import { reportLayers } from '../src/report/tradeoff/inputs.js';
import { findModel } from '../src/trace/model_shapes.js';
import { synthesizeModelTrace } from '../src/trace/synthetic.js';
import type { TraceLayer } from '../src/trace/types.js';
import { fullRun } from './lib/bench_traces.js';


function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}
const tokens = Number(arg('tokens', '256'));
// The old path (minutes: its weights alone take ~5 min on this machine) only in the full run by default.
const repeats = Number(arg('repeats', fullRun() ? '3' : '2'));
const oldTokens = Number(arg('old-tokens', '2'));
const oldRepeats = Number(arg('old-repeats', fullRun() ? '1' : '0'));
const withSampled = process.argv.includes('--with-sampled');

const plan: AccuracyPlan = { patterns: ['2:4', '4:8', '8:16', '16:32', 'unstructured'], criteria: ['magnitude'], mitigations: ['none', 'var', 'dynamic_shift', 'static_shift'], actBits: 8 };
const WEIGHT_BITS = 8, SEED = 1;

const t0 = performance.now();
const trace = synthesizeModelTrace({ model: findModel('llama-2-7b')!, projections: ['q', 'k', 'v', 'o', 'gate', 'up', 'down'], layer: 0, tokens, seed: 1, dtype: 'BF16' });
const layers = reportLayers([{ path: 'llama-2-7b-block.safetensors', sha256: '', bytes: 0, layers: trace.layers }]);
const macs = layers.reduce((s, l) => s + l.layer.tokens * l.layer.channels * l.outChannels, 0);
console.error(`synthesized ${layers.length} layers at T = ${tokens} in ${((performance.now() - t0) / 1000).toFixed(1)} s (not counted)`);

interface Timing { wallS: number; cpuS: number }
async function timed(f: () => Promise<unknown>): Promise<Timing> {
  const c0 = process.cpuUsage(), w0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  return { wallS: (performance.now() - w0) / 1000, cpuS: (c.user + c.system) / 1e6 };
}
const stats = (xs: number[]): { min: number; median: number; max: number } => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s[Math.floor((s.length - 1) / 2)]!, max: s[s.length - 1]! };
};

const quiet = (): void => undefined;
let engine = '';
const newRuns: Timing[] = [];
for (let r = 0; r < repeats; r++) {
  newRuns.push(await timed(async () => { engine = (await evaluateLayers(layers, plan, { weightBits: WEIGHT_BITS, seed: SEED, path: 'auto', progress: (s) => console.error(s) })).engine; }));
  console.error(`new path run ${r + 1}/${repeats}: ${newRuns[r]!.wallS.toFixed(1)} s wall, ${newRuns[r]!.cpuS.toFixed(1)} s CPU`);
}
const rssNewMiB = process.memoryUsage().rss / 2 ** 20;

const head = (l: TraceLayer, t: number): TraceLayer => ({ ...l, tokens: t, values: l.values.subarray(0, t * l.channels) });
// Old path: its weights (per layer, independent of T) timed whole; its evaluation (linear in T) on
// the first oldTokens tokens, scaled by tokens / oldTokens.
const oldRuns: Timing[] = [];
for (let r = 0; r < oldRepeats; r++) {
  let weightsS = 0, weightsCpuS = 0, evalS = 0, evalCpuS = 0;
  for (const l of layers) {
    const sub = head(l.layer, oldTokens);
    let w: ReturnType<typeof layerWeights> | undefined;
    const tw = await timed(async () => { w = layerWeights(sub, l.outChannels, l.outChannelsSource, WEIGHT_BITS, SEED, Infinity); });
    const te = await timed(async () => { evaluateLayer(sub, w!, plan); });
    weightsS += tw.wallS; weightsCpuS += tw.cpuS; evalS += te.wallS; evalCpuS += te.cpuS;
  }
  oldRuns.push({ wallS: weightsS + evalS * (tokens / oldTokens), cpuS: weightsCpuS + evalCpuS * (tokens / oldTokens) });
  console.error(`old path (exact) run ${r + 1}/${oldRepeats}: weights ${weightsS.toFixed(1)} s + evaluation on ${oldTokens} tokens ${evalS.toFixed(1)} s wall -> ${oldRuns[r]!.wallS.toFixed(0)} s wall, ${oldRuns[r]!.cpuS.toFixed(0)} s CPU at T = ${tokens}`);
}
const sampledRuns: Timing[] = [];
if (withSampled) {
  for (let r = 0; r < repeats; r++) {
    sampledRuns.push(await timed(async () => { await evaluateLayers(layers, plan, { weightBits: WEIGHT_BITS, seed: SEED, path: 'reference', progress: quiet }); }));
    console.error(`old path (sampled) run ${r + 1}/${repeats}: ${sampledRuns[r]!.wallS.toFixed(1)} s wall`);
  }
}

const scale = tokens / oldTokens;
const nw = stats(newRuns.map((t) => t.wallS)), nc = stats(newRuns.map((t) => t.cpuS));
const ow = stats(oldRuns.map((t) => t.wallS)), oc = stats(oldRuns.map((t) => t.cpuS));
const f = (x: number): string => x.toFixed(1);
const cpu = cpus();
console.log(`\n## Accuracy metrics of one Llama-2-7B block (bench/bench_accuracy.ts)\n`);
console.log(`machine: ${cpu.length} x ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB (${(freemem() / 2 ** 30).toFixed(0)} GiB free), Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (1/5/15 min, at the end)`);
console.log(`command: node dist/bench/bench_accuracy.js --tokens ${tokens} --repeats ${repeats} --old-tokens ${oldTokens} --old-repeats ${oldRepeats}${withSampled ? ' --with-sampled' : ''}`);
console.log(`work: ${layers.length} projections (${layers.map((l) => `${l.layer.meta.projection ?? l.layer.name} ${l.layer.channels}->${l.outChannels}`).join(', ')}), T = ${tokens}, ${plan.patterns.length} patterns x ${plan.mitigations.length} mitigations, magnitude, + dense; T·K·O = ${(macs / 1e9).toFixed(1)} G MAC per dense product; GEMM path: ${engine}; RSS after the new path ${rssNewMiB.toFixed(0)} MiB\n`);
console.log('| path | exact | wall min / median / max (s) | CPU min / median / max (s) | repeats |');
console.log('|---|---|---|---|---|');
console.log(`| new: GEMMs (${engine}) | yes | ${f(nw.min)} / ${f(nw.median)} / ${f(nw.max)} | ${f(nc.min)} / ${f(nc.median)} / ${f(nc.max)} | ${repeats} |`);
if (oldRepeats > 0) console.log(`| old: TS reference, no sampling (weights timed whole; evaluation on ${oldTokens} of ${tokens} tokens, x ${f(scale)}) | yes | ${f(ow.min)} / ${f(ow.median)} / ${f(ow.max)} | ${f(oc.min)} / ${f(oc.median)} / ${f(oc.max)} | ${oldRepeats} |`);
else console.log('| old: TS reference, no sampling | yes | not run (--old-repeats 0) | | 0 |');
if (withSampled) {
  const sw = stats(sampledRuns.map((t) => t.wallS)), sc = stats(sampledRuns.map((t) => t.cpuS));
  console.log(`| before: TS reference as the report ran it (output channels sampled) | no | ${f(sw.min)} / ${f(sw.median)} / ${f(sw.max)} | ${f(sc.min)} / ${f(sc.median)} / ${f(sc.max)} | ${repeats} |`);
}
console.log(`\n${oldRepeats > 0 ? `ratio old / new (medians, same run): ${f(ow.median / nw.median)}x wall, ${f(oc.median / nc.median)}x CPU` : 'ratio old / new: not measured (--old-repeats 0)'}; target: new under 60 s wall: ${nw.median < 60 ? 'met' : 'not met'} (median ${f(nw.median)} s)`);
