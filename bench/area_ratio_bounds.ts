// How far issue 15's 16 x 16 area targets lie from what this engine's contract leaves room for.
// (1) Model, every clock: the advantage over dense (bench/lib/area_ratio.ts) of each pattern at
// every target clock from --from-mhz to 1000 MHz, both engines at the same clock, once as the
// schedule chooser picks them (fewest cycles) and once as the smallest nm_engine of any schedule
// that meets the clock (margin and fit-error guard as the chooser's); the best of each.
// (2) Upper bounds on the advantage any engine of this contract can have with these PEs (the dense
// engine's PE design): at 1000 MHz, at the best clock of (1) and where the bound is widest,
// dense area / (PEs + the floors of the parts the contract forces), each floor the synthesized area of
// the smallest block we know for it times the count the contract forces (bench/lib/area_ratio_floors.ts):
// - the concentrator: every lane's operand, R·P·A activation bits and R·C·P·B weight bits, taken from
//   m−n+1 candidates (the one-stage concentrator bound); the engine's own one-hot AND-OR
//   nm_mux_network, synthesized per bit;
// - the magnitude comparisons: a top-n decided in one round of comparisons needs every pair of the
//   group's m channels (for any pair some input makes them the n-th and (n+1)-th largest with no
//   other channel between them): R·(W/m)·m(m−1)/2 unsigned A-bit `>=`, synthesized as a whole matrix;
// - bound 2 adds each channel's rank threshold (fewer than n of its m−1 comparison bits) and the
//   registers the modelled path from the ports through compressor, decoder, weight mux and multiplier
//   needs at the period: the slice waits for its keep mask, so each cut holds at least the dense
//   weights (C·W·B bits) and the compacted activations (R·P·A bits), as bare DFF_X1s (no load enable);
//   bound 1 has one cut where the path exceeds the period, no thresholds.
// The PEs: the smallest PE array of any schedule that meets the clock (model), and, for bound 2 once
// more, both engines' PEs synthesized. Taken as free: the magnitudes, decoder, every other register,
// the control. So the bounds are optimistic: an engine at a bound does not exist; one above it cannot.
// Synthesis figures are cached as bench/area_ratio_synth.ts caches them (same file, same keys).
// Run: npm run build && node dist/bench/area_ratio_bounds.js [--sizes LIST] [--from-mhz F] [--step-mhz S] [--cache PATH | --no-cache] [--json]

import { DEFAULT_TIMING_MARGIN_PCT } from '../src/config/schedule_options.js';
import { packagePath } from '../src/io/package_root.js';
import { estimateArea } from '../src/model/area.js';
import { loadCoefficients } from '../src/model/coefficients.js';
import type { EngineConfig } from '../src/config/engine_config.js';
import { validateConfig } from '../src/config/validate.js';
import type { EngineIR } from '../src/ir/types.js';
import { elaborate } from '../src/ir/elaborate.js';
import { acceptsCandidate, chooseSchedule, scheduleCandidates, type ScheduleCandidate } from '../src/model/schedule_chooser.js';
import { estimateTiming } from '../src/model/timing.js';
import { cellData } from '../src/synth/tech/nangate45_cells.js';
import { templateSpec } from '../src/synth/template_sources.js';
import { advantageOverDense, isDensePattern, RATIO_PATTERNS, ratioTarget } from './lib/area_ratio.js';
import { synthesizeFloorBlocks, type FloorBlocks } from './lib/area_ratio_floors.js';
import { printTable } from './lib/bench_table.js';
import { cachedFigures, SynthCache } from './lib/synth_cache.js';

const HELP = `Usage: node dist/bench/area_ratio_bounds.js [options]

Issue 15's area targets at 16 x 16 PEs against the room this engine's contract leaves: the model's
advantage over dense at every target clock, and a synthesized upper bound on the advantage (PEs +
the floors of the concentrator, the all-pairs comparisons and the forced registers).

Options:
  --sizes LIST      array sizes R = C (default 16)
  --from-mhz F      lowest target clock of the sweep, MHz (default 100)
  --step-mhz S      step of the sweep, MHz (default 50)
  --cache PATH      synthesis figures cache, shared with area_ratio_synth (default out/area_ratio_synth_cache.json)
  --no-cache        synthesize everything, store nothing
  --json            print the tables as JSON
  --help            this text
`;
const args = process.argv.slice(2);
if (args.includes('--help')) {
  process.stdout.write(HELP);
  process.exit(0);
}
function fail(message: string): never {
  process.stderr.write(`area_ratio_bounds: ${message}\n`);
  process.exit(1);
}
const KNOWN = new Set(['--sizes', '--from-mhz', '--step-mhz', '--cache', '--no-cache', '--json']);
for (let i = 0; i < args.length; i++) {
  if (!KNOWN.has(args[i]!)) fail(`unknown argument '${args[i]}' (see --help)`);
  if (args[i] !== '--json' && args[i] !== '--no-cache') i++;
}
const value = (flag: string, dflt: string): string => {
  const at = args.indexOf(flag);
  if (at < 0) return dflt;
  const v = args[at + 1];
  if (v === undefined) fail(`${flag} needs a value`);
  return v;
};
const positive = (flag: string, dflt: number): number => {
  const v = Number(value(flag, String(dflt)));
  if (!Number.isFinite(v) || v <= 0 || v > 1000) fail(`${flag} takes a clock in MHz above 0 and at most 1000, not '${value(flag, '')}'`);
  return v;
};
const sizes = value('--sizes', '16').split(',').map((s) => {
  const v = Number(s);
  if (!Number.isInteger(v) || v < 1 || v > 64) fail(`--sizes takes array sizes from 1 to 64, not '${s}'`);
  return v;
});
const fromMhz = positive('--from-mhz', 100);
const stepMhz = positive('--step-mhz', 50);
const json = args.includes('--json');
const cache = args.includes('--no-cache') ? undefined : new SynthCache(value('--cache', packagePath('out', 'area_ratio_synth_cache.json')));
const WINDOW = 32;
const BITS = 8;
const TOP_MHZ = 1000;

const coefficients = loadCoefficients();
const clocks: number[] = [];
for (let f = fromMhz; f < TOP_MHZ; f += stepMhz) clocks.push(f);
clocks.push(TOP_MHZ);
const SPARSE = RATIO_PATTERNS.filter((p) => !isDensePattern(p));
const DENSE = RATIO_PATTERNS.find((p) => isDensePattern(p))!;

/** Every schedule candidate of an engine with its modelled nm_engine and PE areas (clock-independent). */
interface SizedCandidate {
  readonly candidate: ScheduleCandidate;
  readonly engineUm2: number;
  readonly peUm2: number;
  /** The nm_pe block of this schedule (every PE of an engine is the same block) and how many there are. */
  readonly pe: { readonly template: string; readonly params: Readonly<Record<string, number>>; readonly count: number };
}
/** One engine's description and its candidates, timed and sized once for every clock of the sweep. */
interface EngineCandidates {
  readonly config: EngineConfig;
  readonly candidates: readonly ScheduleCandidate[];
  readonly sized: readonly SizedCandidate[];
}
const engineCache = new Map<string, EngineCandidates>();
function engineCandidates(pattern: string, size: number): EngineCandidates {
  const key = `${pattern} ${size}`;
  const hit = engineCache.get(key);
  if (hit !== undefined) return hit;
  const v = validateConfig({ pattern, window: WINDOW, rows: size, cols: size, actBits: BITS, weightBits: BITS });
  if (v.config === undefined) throw new Error(`${pattern}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  const config = v.config;
  const candidates = scheduleCandidates(config, coefficients);
  const sized = candidates.map((candidate) => {
    const ir = elaborate({ ...config, schedule: candidate.schedule });
    const est = estimateArea(ir, 'engine', coefficients);
    const k = est.perKind;
    const pes = ir.tops.engine.blocks.filter((b) => b.kind === 'pe');
    return {
      candidate, engineUm2: est.totalUm2, peUm2: k.pe_multipliers + k.pe_adder_tree + k.pe_accumulator_registers,
      pe: { template: pes[0]!.template, params: pes[0]!.params, count: pes.length },
    };
  });
  const entry = { config, candidates, sized };
  engineCache.set(key, entry);
  return entry;
}
/** The candidates that meet `mhz` with the default margin and guard (the chooser's acceptsCandidate). */
const meeting = (e: EngineCandidates, mhz: number): SizedCandidate[] => e.sized.filter((c) => acceptsCandidate(c.candidate, mhz, DEFAULT_TIMING_MARGIN_PCT));
const smallest = (cs: readonly SizedCandidate[], pick: (c: SizedCandidate) => number): SizedCandidate => cs.reduce((a, b) => (pick(b) < pick(a) ? b : a));
/** The engine `--target-mhz mhz` picks (default objective and margin), its IR and nm_engine area; memoized (dense is asked once per pattern). */
const chosenCache = new Map<string, { readonly ir: EngineIR; readonly areaUm2: number }>();
function chosenAt(pattern: string, size: number, mhz: number): { readonly ir: EngineIR; readonly areaUm2: number } {
  const key = `${pattern} ${size} ${mhz}`;
  const hit = chosenCache.get(key);
  if (hit !== undefined) return hit;
  const e = engineCandidates(pattern, size);
  const { ir } = chooseSchedule(e.config, mhz, coefficients, e.candidates).chosen;
  const entry = { ir, areaUm2: estimateArea(ir, 'engine', coefficients).totalUm2 };
  chosenCache.set(key, entry);
  return entry;
}

interface ClockPoint {
  readonly mhz: number;
  /** The chooser's pick: L and advantage over the chooser's dense engine. */
  readonly latencyCycles: number;
  readonly advantage: number;
  /** Modelled delay from the ports to the weight mux's output, ns: compressor + decoder + weight mux + register overhead (the multiply is added by the caller). */
  readonly frontPathNs: number;
  /** Clock-to-Q + setup of one register, ns. */
  readonly registerOverheadNs: number;
  /** The multipliers' own delay, ns, where the schedule registers the products (a path of its own). */
  readonly multiplyNs?: number;
  /** Of the candidates that meet the clock: the smallest PE array, the smallest nm_engine, and the smallest dense nm_engine. */
  readonly minPe: SizedCandidate;
  readonly minEngine: SizedCandidate;
  readonly minDense: SizedCandidate;
}

/** Each sparse pattern's model figures at one clock, against dense at the same clock. */
function atClock(pattern: string, size: number, mhz: number): ClockPoint {
  const { ir, areaUm2 } = chosenAt(pattern, size, mhz);
  const dense = chosenAt(DENSE, size, mhz);
  const tim = estimateTiming(ir, 'engine', coefficients);
  const paths = tim.components.flatMap((c) => c.paths.map((p) => ({ kind: c.kind, ...p })));
  const longest = (pick: (key: string) => boolean): number => Math.max(0, ...paths.filter((p) => pick(p.key)).map((p) => p.logicNs));
  // The compressor's parts (compare, then rank) run in series; the decoder and weight mux follow.
  const compressorNs = paths.filter((p) => p.kind === 'compressor').reduce((a, p) => a + p.logicNs, 0);
  const front = compressorNs + longest((k) => k.startsWith('meta_decoder')) + longest((k) => k === 'mux_network');
  const multiply = longest((k) => k.startsWith('pe_multiply'));
  const own = meeting(engineCandidates(pattern, size), mhz);
  const denseOwn = meeting(engineCandidates(DENSE, size), mhz);
  if (own.length === 0 || denseOwn.length === 0) fail(`${pattern} or dense at ${size} x ${size}: no schedule meets ${mhz} MHz`);
  return {
    mhz, latencyCycles: ir.tops.engine.latencyCycles, advantage: advantageOverDense(areaUm2, ir, dense.areaUm2, dense.ir),
    frontPathNs: front + tim.registerOverheadNs, registerOverheadNs: tim.registerOverheadNs, ...(multiply > 0 ? { multiplyNs: multiply } : {}),
    minPe: smallest(own, (c) => c.peUm2), minEngine: smallest(own, (c) => c.engineUm2), minDense: smallest(denseOwn, (c) => c.engineUm2),
  };
}

process.stderr.write(`area_ratio_bounds: the floor blocks (Yosys, a minute unless cached)...\n`);
const t0 = performance.now();
const floors: FloorBlocks = await synthesizeFloorBlocks(SPARSE, BITS, cache, (line) => process.stderr.write(`area_ratio_bounds: ${line}\n`));
const synthSeconds = (performance.now() - t0) / 1000;
const dffUm2 = cellData('DFF_X1')!.areaUm2;

const sweepRows: string[][] = [];
const boundRows: string[][] = [];
const jsonOut: unknown[] = [];
/** Rows whose PEs are synthesized before they are printed: the PEs are the largest term of every bound. */
const deferred: { p: ClockPoint; finish: (sparsePeUm2: number, densePeUm2: number) => void }[] = [];
for (const size of sizes) {
  for (const pattern of SPARSE) {
    const [n, m] = pattern.split(':').map(Number) as [number, number];
    const lanes = (WINDOW * n) / m;
    const points = clocks.map((mhz) => atClock(pattern, size, mhz));
    const best = points.reduce((a, b) => (b.advantage > a.advantage ? b : a));
    const areaFirst = (p: ClockPoint): number => p.minDense.engineUm2 / p.minEngine.engineUm2;
    const bestAreaFirst = points.reduce((a, b) => (areaFirst(b) > areaFirst(a) ? b : a));
    const at1000 = points[points.length - 1]!;
    // The multipliers are the same logic at every clock; their delay is a path of its own where the products are registered.
    const multiplyNs = points.find((p) => p.multiplyNs !== undefined)?.multiplyNs;
    if (multiplyNs === undefined) fail(`${pattern} ${size} x ${size}: no schedule of the sweep registers the products, so the multiply delay is unknown`);
    const target = ratioTarget(pattern, size);
    sweepRows.push([`${size} x ${size}`, pattern, target === undefined ? '-' : `${target}x`, `${best.advantage.toFixed(3)}x`, `${best.mhz}`, String(best.latencyCycles),
      `${at1000.advantage.toFixed(3)}x`, String(at1000.latencyCycles), `${areaFirst(bestAreaFirst).toFixed(3)}x at ${bestAreaFirst.mhz}`, `${areaFirst(at1000).toFixed(3)}x`,
      points.map((p) => `${p.mhz}: ${p.advantage.toFixed(3)} / ${areaFirst(p).toFixed(3)}`).join(', ')]);
    // The bounds compare with the smallest dense engine that meets the clock (same dense-equivalent MACs per cycle).
    const denseAreaAt = (p: ClockPoint): number => p.minDense.engineUm2;
    const muxBits = size * lanes * BITS + size * size * lanes * BITS;
    const concentratorUm2 = muxBits * floors.muxBitUm2[pattern]!;
    const comparisonsUm2 = size * (WINDOW / m) * ((m * (m - 1)) / 2) * floors.pairUm2[m]!;
    const thresholdsUm2 = size * WINDOW * floors.thresholdUm2[pattern]!;
    const cutUm2 = (size * WINDOW * BITS + size * lanes * BITS) * dffUm2;
    const boundsAt = (p: ClockPoint) => {
      const periodNs = 1000 / p.mhz;
      const overheadNs = p.registerOverheadNs;
      const pathNs = p.frontPathNs + multiplyNs;
      // Registers the modelled path needs: each cut leaves a period of clock-to-Q + logic + setup.
      const cuts = Math.max(0, Math.ceil((pathNs - overheadNs) / (periodNs - overheadNs)) - 1);
      const one = p.minPe.peUm2 + concentratorUm2 + comparisonsUm2 + (cuts > 0 ? cutUm2 : 0);
      const two = p.minPe.peUm2 + concentratorUm2 + comparisonsUm2 + thresholdsUm2 + cuts * cutUm2;
      return { periodNs, pathNs, cuts, bound1: denseAreaAt(p) / one, bound2: denseAreaAt(p) / two, floors2Um2: two - p.minPe.peUm2 };
    };
    const widest = points.reduce((a, b) => (boundsAt(b).bound2 > boundsAt(a).bound2 ? b : a));
    const shown = [...new Set([at1000, best, widest])];
    for (const p of shown) deferred.push({ p, finish: (sparsePeSynthUm2, densePeSynthUm2) => {
      const b = boundsAt(p);
      // Bound 2 with the PEs synthesized: this engine's smallest PE array and the smallest dense engine with its PEs synthesized.
      const denseSynthUm2 = p.minDense.engineUm2 - p.minDense.peUm2 + densePeSynthUm2;
      const bound2Synth = denseSynthUm2 / (sparsePeSynthUm2 + b.floors2Um2);
      const allowedUm2 = target === undefined ? undefined : denseAreaAt(p) / target - p.minPe.peUm2;
      const why = [p === best ? 'best engine' : '', p === widest ? 'widest bound' : ''].filter((w) => w !== '').join(', ');
      boundRows.push([`${size} x ${size}`, pattern, `${p.mhz} MHz${why !== '' ? ` (${why})` : ''}`, p.minPe.peUm2.toFixed(0), concentratorUm2.toFixed(0), comparisonsUm2.toFixed(0), thresholdsUm2.toFixed(0),
        `${b.cuts} (path ${b.pathNs.toFixed(3)} ns, period ${b.periodNs.toFixed(3)} ns): ${(b.cuts * cutUm2).toFixed(0)}`,
        allowedUm2 === undefined ? '-' : `${allowedUm2.toFixed(0)} (floors ${b.floors2Um2.toFixed(0)})`,
        `${b.bound1.toFixed(3)}x`, `${b.bound2.toFixed(3)}x`, `${bound2Synth.toFixed(3)}x (PEs ${sparsePeSynthUm2.toFixed(0)}, dense ${denseSynthUm2.toFixed(0)})`,
        `${p.advantage.toFixed(3)}x / ${areaFirst(p).toFixed(3)}x`,
        target === undefined ? '-' : `${target}x: ${Math.max(p.advantage, areaFirst(p)) >= target ? 'met by an engine (model)' : Math.max(b.bound2, bound2Synth) < target ? 'out of reach' : 'not excluded by the floors'}`]);
      jsonOut.push({ size, pattern, mhz: p.mhz, bestEngine: p === best, widestBound: p === widest, minPeUm2: p.minPe.peUm2, minDenseUm2: p.minDense.engineUm2, concentratorUm2, comparisonsUm2, thresholdsUm2,
        cuts: b.cuts, cutUm2, pathNs: b.pathNs, periodNs: b.periodNs, bound1Advantage: b.bound1, bound2Advantage: b.bound2,
        bound2SynthPesAdvantage: bound2Synth, sparsePeSynthUm2, densePeSynthUm2, modelAdvantage: p.advantage, smallestEngineAdvantage: areaFirst(p), target, allowedUm2 });
    } });
  }
}

// Synthesize each distinct PE of the bound rows once (the sparse engine's smallest-PE schedule, the smallest dense engine's).
const peKey = (pe: SizedCandidate['pe']): string => `${pe.template} ${JSON.stringify(Object.entries(pe.params).sort())}`;
const peSpecs = new Map<string, SizedCandidate['pe']>();
for (const d of deferred) for (const pe of [d.p.minPe.pe, d.p.minDense.pe]) peSpecs.set(peKey(pe), pe);
const peKeys = [...peSpecs.keys()];
process.stderr.write(`area_ratio_bounds: ${peKeys.length} PEs (Yosys, minutes unless cached)...\n`);
const tPe = performance.now();
const peFigures = await cachedFigures(peKeys.map((k) => templateSpec(peSpecs.get(k)!.template, peSpecs.get(k)!.params)), cache, (i) => `PE ${peKeys[i]}`,
  (line) => process.stderr.write(`area_ratio_bounds: ${line}\n`));
const peSeconds = (performance.now() - tPe) / 1000;
const peSynthUm2 = new Map(peKeys.map((k, i) => [k, peFigures[i]!.areaUm2]));
for (const d of deferred) d.finish(peSynthUm2.get(peKey(d.p.minPe.pe))! * d.p.minPe.pe.count, peSynthUm2.get(peKey(d.p.minDense.pe))! * d.p.minDense.pe.count);

const command = `node dist/bench/area_ratio_bounds.js ${args.join(' ')}`.trimEnd();
if (json) {
  process.stdout.write(`${JSON.stringify({ command, floors, dffUm2, clocks, synthSeconds, peSeconds, bounds: jsonOut }, null, 2)}\n`);
} else {
  printTable(`Advantage over dense at every target clock (model, nm_engine, window ${WINDOW}, A = B = ${BITS}, margin ${DEFAULT_TIMING_MARGIN_PCT}%)`, [command],
    ['PEs', 'pattern', 'target', 'best advantage (chooser)', 'at (MHz)', 'L (cycles)', 'at 1000 MHz (chooser)', 'L (cycles)', 'best advantage (smallest engines)', 'at 1000 MHz (smallest engines)',
      'advantage per target clock (MHz: chooser / smallest engines)'], sweepRows);
  printTable('Upper bounds on the advantage: PEs + the floors of the parts the contract forces (µm²; floors synthesized, PEs model)', [
    command,
    `floor blocks (synthesized or from the cache, ${synthSeconds.toFixed(1)} s): one-hot mux per operand bit ${Object.entries(floors.muxBitUm2).map(([p, a]) => `${p} ${a.toFixed(3)}`).join(', ')} µm²; ` +
      `A-bit magnitude comparison per pair ${Object.entries(floors.pairUm2).map(([m, a]) => `m ${m} ${a.toFixed(3)}`).join(', ')} µm²; ` +
      `rank threshold per channel ${Object.entries(floors.thresholdUm2).map(([p, a]) => `${p} ${a.toFixed(3)}`).join(', ')} µm²; DFF_X1 ${dffUm2} µm² per bit`,
    'bound 1: PEs + concentrator + comparisons + one cut (C·W·B + R·P·A bare DFFs) if the modelled path from the ports to the products exceeds the period; ' +
      'bound 2: + the rank thresholds + as many cuts as that path needs at the period; both with the PEs of the model (the smallest PE array of any schedule that meets the clock) ' +
      `against the smallest dense engine that meets it; "synthesized PEs": bound 2 with both engines' PEs synthesized (${peKeys.length} PEs, synthesized or from the cache, ${peSeconds.toFixed(1)} s)`,
  ], ['PEs', 'pattern', 'clock', 'PEs (µm², model)', 'concentrator floor (µm²)', 'comparisons floor (µm²)', 'rank thresholds (µm²)', 'cuts the path needs (µm²)',
    'target allows beyond the PEs (µm²)', 'bound 1', 'bound 2', 'bound 2, synthesized PEs', 'engine (model: chooser / smallest)', 'verdict'], boundRows);
}
