// Derives the per-action energies of the engine's own components (src/model/tech/nangate45_energy.json):
// synthesizes the blocks of a reference engine (8:16, window 16, A = B = 8, acc 32) with the
// delay-oriented mapping, toggle-simulates each netlist on seeded random stimulus
// (src/synth/toggle_energy.ts: cell internal energy + ½CV² per output transition, zero delay) and
// divides by the actions per cycle. Run: npx tsx bench/fit_energy_model.ts [--cycles N] [--seed S]
// (about a minute on 2 cores). Docs: docs/timing_energy_model.md.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import type { Block } from '../src/ir/types.js';
import { defaultEnergyPath, type EnergyCoefficients } from '../src/model/energy_actions.js';
import { FLOW_REPORTS, synthJob } from '../src/synth/flows.js';
import { DEFAULT_LIBERTY_NAME, defaultDelayLibertyText, defaultLibertyText } from '../src/synth/liberty_cells.js';
import { readNetlist, type Netlist } from '../src/synth/netlist.js';
import { templateSpec } from '../src/synth/template_sources.js';
import { toggleEnergy, type InputVector } from '../src/synth/toggle_energy.js';
import { YosysPool } from '../src/synth/yosys_pool.js';
import { Prng } from '../src/util/prng.js';

const argValue = (flag: string): string | undefined => { const i = process.argv.indexOf(flag); return i >= 0 ? process.argv[i + 1] : undefined; };
const CYCLES = Number(argValue('--cycles') ?? 400);
const SEED = Number(argValue('--seed') ?? 1);
const REFERENCE = { pattern: '8:16', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' } as const;

type Bits = (0 | 1)[];
const bitsOf = (value: number, width: number): Bits => Array.from({ length: width }, (_, i) => ((Math.floor(value / 2 ** i) % 2) as 0 | 1));
const randomBits = (rng: Prng, width: number): Bits => Array.from({ length: width }, () => (rng.bool(0.5) ? 1 : 0));
/** `count` fields of `width` bits, each a random non-zero signed value (or 0 when `zero`). */
const fields = (rng: Prng, count: number, width: number, zero = false): Bits =>
  Array.from({ length: count }, () => bitsOf(zero ? 0 : rng.int(1, 2 ** width - 1), width)).flat();
const oneHot = (rng: Prng, groups: number, size: number): Bits =>
  Array.from({ length: groups }, () => { const k = rng.int(0, size - 1); return Array.from({ length: size }, (_, i) => (i === k ? 1 : 0) as 0 | 1); }).flat();

async function netlistOf(pool: YosysPool, block: Block): Promise<{ netlist: Netlist; areaUm2: number; leakageNw: number }> {
  const t = { module: block.template, params: block.params };
  const job = synthJob(templateSpec(t.module, t.params), { name: DEFAULT_LIBERTY_NAME, text: defaultLibertyText(), delayText: defaultDelayLibertyText() }, { abcScript: 'nmcore', timing: true });
  const out = await pool.run(job, `${t.module} (energy)`);
  const netlist = readNetlist(String(out.files[FLOW_REPORTS.timingNetlist]), t.module);
  const cells = [...netlist.combinational, ...netlist.flipFlops];
  return { netlist, areaUm2: cells.reduce((s, c) => s + c.data.areaUm2, 0), leakageNw: cells.reduce((s, c) => s + c.data.leakageNw, 0) };
}

async function main(): Promise<void> {
  const ir = elaborate(validateConfig(REFERENCE).config!);
  const engine = ir.tops.engine.blocks, core = ir.tops.core.blocks;
  const find = <K extends Block['kind']>(blocks: readonly Block[], kind: K, pred: (b: Extract<Block, { kind: K }>) => boolean = () => true): Extract<Block, { kind: K }> => {
    const b = blocks.find((x): x is Extract<Block, { kind: K }> => x.kind === kind && pred(x as Extract<Block, { kind: K }>));
    if (b === undefined) throw new Error(`reference engine has no ${kind}`);
    return b;
  };
  const pe = find(engine, 'pe');
  const mux = find(engine, 'mux_network', (b) => b.operand === 'act');
  const compressor = find(engine, 'compressor');
  const decoder = find(core, 'meta_decoder');
  const line = find(engine, 'delay_line');
  const pool = new YosysPool({ size: 2 });
  const t0 = performance.now();
  let nets;
  try {
    nets = await Promise.all([pe, mux, compressor, decoder, line].map((b) => netlistOf(pool, b)));
  } finally {
    await pool.close();
  }
  const [nPe, nMux, nComp, nDec, nLine] = nets;
  const rng = new Prng(SEED);
  const runs: EnergyCoefficients['runs'][number][] = [];
  const run = (name: string, stimulus: string, n: Netlist, actionsPerCycle: number, vector: (cycle: number) => InputVector): number => {
    const e = toggleEnergy(n, Array.from({ length: CYCLES }, (_, c) => vector(c)));
    runs.push({ block: name, stimulus, perCycleFj: Number(e.perCycleFj.toFixed(3)), actionsPerCycle });
    console.log(`${name} (${stimulus}): ${e.perCycleFj.toFixed(1)} fJ per cycle, ${actionsPerCycle} actions per cycle`);
    return e.perCycleFj / actionsPerCycle / 1000; // pJ per action
  };
  const P = pe.lanes, A = pe.actBits, B = pe.weightBits;
  const peVector = (zero: boolean) => (c: number): InputVector => ({
    rst_n: [1], load_psum: [1], load_out: [1], psum_last: [c % 8 === 7 ? 1 : 0], acc_first: [c % 8 === 0 ? 1 : 0],
    act_lane: fields(rng, P, A, zero), wgt_lane: fields(rng, P, B),
  });
  const macNonZero = run(pe.name, 'random non-zero activations and weights, dot products of 8 slices', nPe.netlist, P, peVector(false));
  const macZero = run(pe.name, 'zero activations, random weights', nPe.netlist, P, peVector(true));
  const groups = mux.windowChannels / mux.m;
  const selection = run(mux.name, 'random data, random one-hot selects', nMux.netlist, mux.lanes, () => ({
    data: randomBits(rng, mux.windowChannels * mux.widthBits), sel: oneHot(rng, groups * mux.n, mux.muxFanIn),
  }));
  const comparison = run(compressor.name, 'random activations', nComp.netlist, compressor.comparators, () => ({
    load: [1], act: randomBits(rng, compressor.windowChannels * compressor.actBits),
  }));
  const decode = run(decoder.name, 'random indices', nDec.netlist, decoder.lanes, () => ({ idx: randomBits(rng, decoder.metaBits) }));
  const register = run(line.name, 'random data, loaded every cycle', nLine.netlist, line.registerBits, () => ({
    load: Array.from({ length: line.depthCycles }, () => 1 as const), d: randomBits(rng, line.widthBits),
  }));
  const area = nets.reduce((s, n) => s + n.areaUm2, 0), leak = nets.reduce((s, n) => s + n.leakageNw, 0);
  const r6 = (x: number): number => Number(x.toPrecision(6));
  const coefficients: EnergyCoefficients = {
    description: 'Energy per action of nmcore\'s own components (pJ), from toggle simulation of synthesized netlists; see docs/timing_energy_model.md. Memory energies are in src/model/memory_energy.ts.',
    library: DEFAULT_LIBERTY_NAME,
    source: {
      command: 'npx tsx bench/fit_energy_model.ts', date: new Date().toISOString(),
      reference: `${REFERENCE.pattern} window=${REFERENCE.window} A=${A} B=${B} acc=${pe.accBits} (blocks ${[pe, mux, compressor, decoder, line].map((b) => b.name).join(', ')})`,
      cyclesPerRun: CYCLES, seed: SEED,
      method: 'delay-mapped netlist (src/synth/flows.ts timing step), zero-delay toggle simulation, per transition: cell internal energy + 0.5*C*V^2 of the driven pins (no wire load, no glitches, no clock network)',
    },
    components: {
      macNonZeroPjPerProductBit: r6(macNonZero / (A * B)),
      macZeroPjPerProductBit: r6(macZero / (A * B)),
      selectionPjPerBit: r6(selection / mux.widthBits),
      decodePjPerLane: r6(decode),
      comparisonPjPerBit: r6(comparison / compressor.comparatorWidthBits),
      registerWritePjPerBit: r6(register),
      leakageNwPerUm2: r6(leak / area),
    },
    runs,
  };
  const outPath = defaultEnergyPath();
  mkdirSync(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(coefficients, null, 2)}\n`);
  renameSync(tmp, outPath);
  console.log(JSON.stringify(coefficients.components));
  console.log(`wrote ${outPath} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
}

await main();
