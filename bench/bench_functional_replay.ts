// Bench 3 (issue 13): functional replay (sim/replay/functional.ts), the engine's bit-exact outputs
// of whole layers, in multiply-accumulates per second: lane MACs T·O·K·n/m (what the engine's
// multipliers do). Llama-2-7B-shaped projections (q: K = O = 4096; down: K = 11008, O = 4096) at
// T tokens of random 8-bit activation and weight codes, through 2:4, 8:16 and 16:32 engines
// (accumulator 32 bits). One thread: min/median/max over repeats per (layer, engine), wall time and
// the process's CPU time (on a shared, loaded machine the CPU time is the per-core figure); then every
// (layer, engine) job at once on 1 and on all cores' worker threads (wall-clock aggregate; the layers
// are made once, before timing, in shared memory, and the longest jobs are dealt out first).
// Run: npm run build && node dist/bench/bench_functional_replay.js [tokens] [repeats] (worker threads load the compiled file)

import { cpus, loadavg } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Prng } from '../src/util/prng.js';
import { functionalReplay, type FunctionalLayer } from '../sim/replay/functional.js';

const LAYERS = [
  { name: 'q_proj', channels: 4096, outChannels: 4096 },
  { name: 'down_proj', channels: 11008, outChannels: 4096 },
] as const;
const PATTERNS = [{ n: 2, m: 4 }, { n: 8, m: 16 }, { n: 16, m: 32 }] as const;

interface Job { readonly layer: number; readonly pattern: number; readonly tokens: number }

/** A layer's random codes, in shared memory so that worker threads read the same bytes without a copy. */
function makeLayer(i: number, tokens: number): FunctionalLayer {
  const l = LAYERS[i]!, rng = new Prng(1000 + i);
  const codes = (count: number): Int16Array => {
    const a = new Int16Array(new SharedArrayBuffer(count * 2));
    for (let k = 0; k < count; k++) a[k] = rng.int(-128, 127);
    return a;
  };
  return { tokens, channels: l.channels, outChannels: l.outChannels, activations: codes(tokens * l.channels), weights: codes(l.outChannels * l.channels) };
}

/** Runs jobs on the given layers; returns lane MACs done. */
function runJobs(jobs: readonly Job[], layers: readonly FunctionalLayer[]): number {
  let macs = 0;
  for (const j of jobs) macs += functionalReplay(layers[j.layer]!, { ...PATTERNS[j.pattern]!, accBits: 32 }).laneMacs;
  return macs;
}

/** Wall seconds of every job on `threads` worker threads, longest jobs first, layers shared (made before timing). */
async function parallel(jobs: readonly Job[], layers: readonly FunctionalLayer[], threads: number): Promise<number> {
  const parts: Job[][] = Array.from({ length: threads }, () => []);
  const work = (j: Job): number => LAYERS[j.layer]!.channels * LAYERS[j.layer]!.outChannels;
  [...jobs].sort((a, b) => work(b) - work(a)).forEach((j, i) => parts[i % threads]!.push(j));
  const t0 = performance.now();
  await Promise.all(parts.map((p) => new Promise<void>((resolve, reject) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { jobs: p, layers }, execArgv: process.execArgv });
    w.once('message', () => { void w.terminate(); resolve(); });
    w.once('error', reject);
  })));
  return (performance.now() - t0) / 1000;
}

const G = (x: number): string => `${(x / 1e9).toFixed(2)} G`;

if (!isMainThread) {
  const d = workerData as { jobs: Job[]; layers: FunctionalLayer[] };
  runJobs(d.jobs, d.layers);
  parentPort!.postMessage('done');
} else {
  const tokens = Number(process.argv[2] ?? 256);
  const repeats = Number(process.argv[3] ?? 3);
  console.log('# Bench 3: functional replay (bit-exact layer outputs)');
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared machine)`);
  console.log(`command: node dist/bench/bench_functional_replay.js ${tokens} ${repeats}; T = ${tokens}, 8-bit codes, acc 32 bits; lane MACs = T·O·K·n/m\n`);
  console.log('| layer | engine | lane MACs | wall s min / median / max | MAC/s of wall time (one thread) min / median / max | CPU s median | MAC/s of CPU time (one core) median |');
  console.log('|---|---|---|---|---|---|---|');
  const jobs: Job[] = [];
  const layers = LAYERS.map((_, li) => makeLayer(li, tokens));
  for (let li = 0; li < LAYERS.length; li++) {
    const layer = layers[li]!;
    for (let pi = 0; pi < PATTERNS.length; pi++) {
      jobs.push({ layer: li, pattern: pi, tokens });
      const p = PATTERNS[pi]!;
      const secs: number[] = [], cpu: number[] = [];
      let macs = 0;
      for (let r = 0; r < repeats; r++) {
        const t0 = performance.now(), c0 = process.cpuUsage();
        macs = functionalReplay(layer, { ...p, accBits: 32 }).laneMacs;
        const c = process.cpuUsage(c0);
        secs.push((performance.now() - t0) / 1000);
        cpu.push((c.user + c.system) / 1e6);
      }
      secs.sort((a, b) => a - b);
      cpu.sort((a, b) => a - b);
      const med = secs[Math.floor(secs.length / 2)]!, cpuMed = cpu[Math.floor(cpu.length / 2)]!;
      console.log(`| ${LAYERS[li]!.name} (K ${layer.channels}, O ${layer.outChannels}) | ${p.n}:${p.m} | ${(macs / 1e9).toFixed(2)} G | ${secs[0]!.toFixed(2)} / ${med.toFixed(2)} / ${secs[secs.length - 1]!.toFixed(2)} | ${G(macs / secs[secs.length - 1]!)} / ${G(macs / med)} / ${G(macs / secs[0]!)} | ${cpuMed.toFixed(2)} | ${G(macs / cpuMed)} |`);
    }
  }
  const total = jobs.reduce((s, j) => s + (j.tokens * LAYERS[j.layer]!.outChannels * LAYERS[j.layer]!.channels * PATTERNS[j.pattern]!.n) / PATTERNS[j.pattern]!.m, 0);
  console.log(`\n| all ${jobs.length} (layer, engine) jobs | worker threads | wall s (layers made before, shared) | aggregate MAC/s |`);
  console.log('|---|---|---|---|');
  for (const threads of [...new Set([1, cpus().length])]) {
    const s = await parallel(jobs, layers, threads);
    console.log(`| ${(total / 1e9).toFixed(1)} G lane MACs | ${threads} | ${s.toFixed(2)} | ${G(total / s)} |`);
  }
  console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}
