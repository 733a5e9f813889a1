// Bench 2 (issue 13): one engine and one stimulus through the TypeScript cycle models (generated
// 'tsgen', sim/cycle/jsgen/, and the interpreted reference 'ts') and through the Verilated RTL built
// with Verilator's default optimization (build time shown apart). Records are checked identical
// (every cycle, every field), then cycles/s of the simulation loop, min/median/max over repeats.
// TS: one run of the backend (stimulus hex decoded per slice, one record object per cycle); 'tsgen
// streamed': the same run with keepRecords false (one reused record to a sink that counts results),
// as the Verilated harness writes its record lines to /dev/null here.
// Verilator: the model's process on the serialized stimulus (hex parsed per cycle, one record line
// printed per cycle), as the difference of a long and a short run of the same slices, so process
// start and stimulus reading cancel out. All rates are of CPU time (user + system: the process's
// own for TS, bash `times` of the child for Verilator), because the machine is shared and loaded.
// Run: npx tsx bench/bench_cycle_model.ts [repeats] [cycleScale] [engine indices, e.g. 0,2]
// (Verilator builds are cached by content; a cold default-flag build of 16 x 16 takes many minutes)

import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { validateConfig } from '../src/config/validate.js';
import { generateEngine } from '../src/emit/generate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { Prng } from '../src/util/prng.js';
import { simulateStream } from '../sim/cycle/engine.js';
import { GeneratedModel, simulateGenerated } from '../sim/cycle/jsgen/model.js';
import { buildVerilatorModel, verilatorModelCached } from '../sim/rtl/verilator/build.js';
import { fullRun } from './lib/bench_traces.js';
import { compareRecords } from '../sim/scenario/compare_records.js';
import { parseCycleRecords, serializeStimulus, type StreamStimulus } from '../sim/scenario/stimulus.js';
import { buildStimulus, FREE_RUNNING, randomDotProducts, randomPolicy } from '../sim/scenario/workload.js';

const repeats = Number(process.argv[2] ?? 5);
const scale = Number(process.argv[3] ?? 1);
/** Optional comma-separated indices into ENGINES (default: all). */
const only = process.argv[4]?.split(',').map(Number);
/** coldBuild: a cold default-flag Verilator build takes this long on the 2-core machine; over 10 min, only built in the full run (else skipped unless cached). */
const ENGINES = [
  { pattern: '2:4', pes: 4, cycles: 60_000, coldBuildMin: 1 },
  { pattern: '16:32', pes: 4, cycles: 30_000, coldBuildMin: 5 },
  { pattern: '2:4', pes: 16, cycles: 30_000, coldBuildMin: 3 },
  { pattern: '16:32', pes: 16, cycles: 6_000, coldBuildMin: 30 },
] as const;

const stats = (xs: readonly number[]): { min: number; med: number; max: number } => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, med: s[Math.floor(s.length / 2)]!, max: s[s.length - 1]! };
};
const fmt = (x: number): string => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));
const mmm = (xs: readonly number[]): string => { const s = stats(xs); return `${fmt(s.min)} / ${fmt(s.med)} / ${fmt(s.max)}`; };

/** CPU seconds (user + system) of the model's process on `input`, from bash's `times`. */
function timeProcess(binary: string, input: string): number {
  const r = spawnSync('bash', ['-c', `"$0" > /dev/null; times`, binary], { input, maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${binary} failed: ${r.stderr}`);
  // `times`: shell user/sys, then children user/sys, as 0m1.234s 0m0.010s.
  const line = r.stdout.trim().split('\n').pop()!;
  return line.split(/\s+/).map((f) => { const m = /(\d+)m([\d.]+)s/.exec(f); return m === null ? 0 : Number(m[1]) * 60 + Number(m[2]); }).reduce((a, b) => a + b, 0);
}

/** CPU seconds of `f` in this process. */
function cpuSeconds(f: () => unknown): number {
  const c0 = process.cpuUsage();
  f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

console.log(`# Bench 2: cycle model vs Verilator (default optimization)`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}, node ${process.version}, load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared machine)`);
console.log(`command: node dist/bench/bench_cycle_model.js ${repeats} ${scale} (or npx tsx bench/bench_cycle_model.ts); nm_engine top, window = m, free-running, random data; cycles per CPU second, min / median / max over ${repeats} runs\n`);
console.log('| engine | cycles | Verilator build | Verilator cycles/s | tsgen cycles/s | tsgen streamed cycles/s | ts (interpreted) cycles/s | tsgen / Verilator (medians) | tsgen streamed / Verilator | records |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
for (const [ei, e] of ENGINES.entries()) {
  if (only !== undefined && !only.includes(ei)) continue;
  const ir = elaborate(validateConfig({ pattern: e.pattern, rows: e.pes, cols: e.pes }).config!);
  const top = ir.tops.engine;
  const cycles = Math.round(e.cycles * scale);
  const rng = new Prng(13);
  const slices = randomDotProducts(ir, rng, Math.ceil(cycles / 4), 8);
  const policy = randomPolicy(rng, cycles, FREE_RUNNING);
  const stimulus: StreamStimulus = buildStimulus(ir, top, slices, policy);
  const short: StreamStimulus = { slices: stimulus.slices, policy: policy.slice(0, Math.ceil(cycles / 10)) };
  const gen = generateEngine(ir);
  if (e.coldBuildMin > 10 && !fullRun() && !verilatorModelCached(gen.files, gen.verilogFiles, top, 'default')) {
    console.log(`| ${e.pattern}, ${e.pes} x ${e.pes} PEs | ${Math.round(e.cycles * scale)} | skipped: its default-flag Verilator build is not cached (about ${e.coldBuildMin} min cold on 2 cores); \`npm run bench -- --full\` builds it | | | | | | | |`);
    continue;
  }
  process.stderr.write(`${e.pattern} ${e.pes}x${e.pes}: building/reusing the Verilated model (default flags)\n`);
  const vm = buildVerilatorModel(gen.files, gen.verilogFiles, top, 'default');
  const build = vm.cached ? 'cached' : `${vm.buildSeconds.toFixed(0)} s`;
  const longIn = serializeStimulus(stimulus), shortIn = serializeStimulus(short);
  // Same records, field for field, on all three.
  const rv = spawnSync(vm.binary, [], { input: longIn, maxBuffer: 1 << 30, encoding: 'utf8' });
  const vRecords = parseCycleRecords(rv.stdout);
  const model = new GeneratedModel(ir, top);
  const gRecords = simulateGenerated(ir, top, stimulus, {}, model);
  const refCycles = Math.min(cycles, e.pes === 16 ? 3000 : 20000);
  const refStim: StreamStimulus = { slices: stimulus.slices, policy: policy.slice(0, refCycles) };
  const tRecords = simulateStream(ir, top, refStim);
  // Streamed: one reused record handed to a sink that only counts results (the harness's lines go to /dev/null).
  let sunk = 0;
  const sink = { keepRecords: false as const, onCycle: (r: { outValid: boolean; outHex?: string }): void => { if (r.outValid && r.outHex !== undefined) sunk++; } };
  const streamed: typeof gRecords = [];
  simulateGenerated(ir, top, stimulus, { keepRecords: false, onCycle: (r) => { streamed.push({ ...r }); } }, model);
  const agreeS = compareRecords(gRecords, streamed);
  const agreeV = compareRecords(gRecords, vRecords);
  const agreeT = compareRecords(gRecords.slice(0, refCycles), tRecords);
  const results = gRecords.filter((r) => r.outValid && r.outReady).length;
  const recordNote = agreeV.agree && agreeT.agree && agreeS.agree && vRecords.length === policy.length
    ? `identical (${cycles} cycles, ${results} results; ts on the first ${refCycles})`
    : `DIFFER: verilator ${JSON.stringify(agreeV)}, ts ${JSON.stringify(agreeT)}, streamed ${JSON.stringify(agreeS)}`;
  const vRate: number[] = [], gRate: number[] = [], sRate: number[] = [], tRate: number[] = [];
  for (let i = 0; i < repeats; i++) {
    process.stderr.write(`  repeat ${i + 1}/${repeats}\n`);
    const tl = timeProcess(vm.binary, longIn), ts = timeProcess(vm.binary, shortIn);
    vRate.push((cycles - short.policy.length) / Math.max(1e-6, tl - ts));
    gRate.push(cycles / cpuSeconds(() => simulateGenerated(ir, top, stimulus, {}, model)));
    sRate.push(cycles / cpuSeconds(() => simulateGenerated(ir, top, stimulus, sink, model)));
    tRate.push(refCycles / cpuSeconds(() => simulateStream(ir, top, refStim)));
  }
  const ratio = stats(gRate).med / stats(vRate).med, ratioS = stats(sRate).med / stats(vRate).med;
  if (sunk === 0) throw new Error('the streamed runs saw no result');
  console.log(`| ${e.pattern}, ${e.pes} x ${e.pes} PEs | ${cycles} | ${build} | ${mmm(vRate)} | ${mmm(gRate)} | ${mmm(sRate)} | ${mmm(tRate)} | ${ratio.toFixed(2)}x | ${ratioS.toFixed(2)}x | ${recordNote} |`);
}
console.log(`\nload average at end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
