// Issue 15's area ratio checked against synthesis: for 2:4, 4:8, 8:16, 16:32 and dense (window 32,
// A = B = 8, acc 32, nm_engine) at 4 x 4 and 16 x 16 PEs, as generated and at --target-mhz 1000
// (the default timing margin), the synthesized area (sum of the components, each distinct one
// synthesized once with the project's flow and counted per instance; bench/lib/area_ratio_synth.ts),
// the model's, its error, the advantage over dense in synthesis and in the model, the target and
// whether it is met. Cell area only: no wiring. Slow (minutes; the 16:32 compressor dominates);
// progress on stderr. Figures are cached in out/area_ratio_synth_cache.json under the model
// fingerprint (a changed library misses it).
// Run: npx tsx bench/area_ratio_synth.ts --help

import { cpus, loadavg } from 'node:os';
import { DEFAULT_TIMING_MARGIN_PCT, SCHEDULE_OBJECTIVES, type ScheduleObjective } from '../src/config/schedule_options.js';
import { packagePath } from '../src/io/package_root.js';
import { loadCoefficients } from '../src/model/coefficients.js';
import { YosysPool } from '../src/synth/yosys_pool.js';
import { patternLabel, RATIO_PATTERNS } from './lib/area_ratio.js';
import { synthesizeAreaRatios, type EngineRatioRow, type SynthRatioReport } from './lib/area_ratio_synth.js';
import { printTable } from './lib/bench_table.js';
import { SynthCache } from './lib/synth_cache.js';

const HELP = `Usage: npx tsx bench/area_ratio_synth.ts [options]

Issue 15's area per dense-equivalent MAC per cycle vs the dense engine, model and synthesis.
Synthesized area = sum over the distinct components (template + parameters) of one instance's cell
area (Yosys, abc script nmcore, shipped Liberty library) x its instance count: cells only, no wiring.

Options:
  --sizes LIST              array sizes R = C, comma-separated (default 4,16)
  --patterns LIST           n:m patterns (default 2:4,4:8,8:16,16:32,32:32; dense W:W is always added)
  --window W                dense channels per cycle (default 32)
  --bits A                  activation = weight bits (default 8)
  --clock WHICH             generated | target | both (default both)
  --target-mhz F            target clock of the schedule chooser, MHz (default 1000)
  --timing-margin-pct P     the chooser's guard band, % (default ${DEFAULT_TIMING_MARGIN_PCT}, the config's default)
  --schedule-objective O    the chooser's objective at the target: latency (fewest cycles, default) | area (smallest)
  --delay-slice-bits N      synthesize delay lines wider than N bits as equal slices (exact; default 256, 0 = never)
  --whole LIST              patterns whose whole flattened top is synthesized too (slow; default none)
  --pool N                  Yosys worker threads, 0..16 (default 2)
  --cache PATH              figures cache (default out/area_ratio_synth_cache.json)
  --no-cache                synthesize everything, store nothing
  --coefficients PATH       another fit of the area model (default the shipped one)
  --json                    print the report as JSON on stdout
  --help                    this text
`;

function fail(message: string): never {
  process.stderr.write(`area_ratio_synth: ${message}\n`);
  process.exit(1);
}

const VALUED = new Set(['--sizes', '--patterns', '--window', '--bits', '--clock', '--target-mhz', '--timing-margin-pct', '--schedule-objective', '--whole', '--delay-slice-bits', '--pool', '--cache', '--coefficients']);
const FLAGS = new Set(['--no-cache', '--json', '--help']);
const args = new Map<string, string>();
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i]!;
  if (FLAGS.has(a)) args.set(a, '');
  else if (VALUED.has(a)) {
    const v = process.argv[++i];
    if (v === undefined) fail(`${a} needs a value`);
    args.set(a, v);
  } else fail(`unknown argument '${a}' (see --help)`);
}
if (args.has('--help')) {
  process.stdout.write(HELP);
  process.exit(0);
}

const num = (flag: string, dflt: number, min: number, max: number, integer: boolean): number => {
  const raw = args.get(flag);
  if (raw === undefined) return dflt;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) fail(`${flag} takes ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not '${raw}'`);
  return v;
};
const sizes = (args.get('--sizes') ?? '4,16').split(',').map((s) => {
  const v = Number(s);
  if (!Number.isInteger(v) || v < 1 || v > 64) fail(`--sizes takes array sizes from 1 to 64, not '${s}'`);
  return v;
});
const patterns = (args.get('--patterns') ?? RATIO_PATTERNS.join(',')).split(',');
for (const p of patterns) if (!/^\d+:\d+$/.test(p)) fail(`--patterns takes n:m patterns, not '${p}'`);
const window = num('--window', 32, 1, 256, true);
const whole = args.get('--whole')?.split(',') ?? [];
for (const p of whole) if (!patterns.includes(p) && p !== `${window}:${window}`) fail(`--whole names ${p}, which is not among --patterns`);
const bits = num('--bits', 8, 2, 16, true);
const targetMhz = num('--target-mhz', 1000, 1, 100_000, false);
const timingMarginPct = num('--timing-margin-pct', DEFAULT_TIMING_MARGIN_PCT, 0, 100, false);
const poolSize = num('--pool', 2, 0, 16, true);
const objectiveArg = args.get('--schedule-objective');
if (objectiveArg !== undefined && !(SCHEDULE_OBJECTIVES as readonly string[]).includes(objectiveArg)) fail(`--schedule-objective takes ${SCHEDULE_OBJECTIVES.join(' or ')}, not '${objectiveArg}'`);
const scheduleObjective = objectiveArg as ScheduleObjective | undefined;
const delaySliceBits = num('--delay-slice-bits', 256, 0, 1 << 20, true);
const clockArg = args.get('--clock') ?? 'both';
if (!['generated', 'target', 'both'].includes(clockArg)) fail(`--clock takes generated, target or both, not '${clockArg}'`);
const clocks = [...(clockArg !== 'target' ? [undefined] : []), ...(clockArg !== 'generated' ? [targetMhz] : [])];
const json = args.has('--json');
const coefficientsPath = args.get('--coefficients');
const coefficients = loadCoefficients(coefficientsPath);
const cachePath = args.get('--cache') ?? packagePath('out', 'area_ratio_synth_cache.json');
const cache = args.has('--no-cache') ? undefined : new SynthCache(cachePath);

const load = (): string => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const pool = new YosysPool({ size: poolSize });
let report: SynthRatioReport;
try {
  report = await synthesizeAreaRatios({
    sizes, patterns, window, bits, clocks, timingMarginPct, coefficients, pool, whole, delaySliceBits, ...(scheduleObjective !== undefined ? { scheduleObjective } : {}),
    ...(cache !== undefined ? { cache } : {}),
    onProgress: (line) => process.stderr.write(`area_ratio_synth: ${line}\n`),
  });
} catch (e) {
  process.stderr.write(`area_ratio_synth: synthesis failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exit(2);
} finally {
  await pool.close();
}
const wallSeconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const loadAfter = load();

const command = `npx tsx bench/area_ratio_synth.ts ${process.argv.slice(2).join(' ')}`.trimEnd();
const clockLabel = (r: EngineRatioRow): string => (r.targetMhz === undefined ? 'as generated' : `${r.targetMhz} MHz + ${timingMarginPct}% margin${scheduleObjective === 'area' ? ', smallest' : ''}`);
const engineLabel = (r: EngineRatioRow): string => `${patternLabel(r.pattern)} ${r.rows} x ${r.cols} ${r.targetMhz === undefined ? 'as generated' : `${r.targetMhz} MHz`}`;
const x = (v: number): string => `${v.toFixed(3)}x`;
const metText = (adv: number, target: number | undefined): string => (target === undefined ? '-' : adv >= target ? 'met' : 'MISSED');
const timingLine = `${report.synthesizedJobs} of ${report.distinctJobs} distinct jobs synthesized (the rest cached), ${report.yosysSeconds.toFixed(1)} s of Yosys; ` +
  `${wallSeconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (all threads) on ${cpus().length} cores, pool ${poolSize}; load average ${loadBefore} before, ${loadAfter} after (1, 5, 15 min)`;

if (json) {
  process.stdout.write(`${JSON.stringify({
    command, units: { area: 'µm² of cell area (no wiring)', advantage: 'x over dense (µm² per dense-equivalent MAC/cycle)', errorPct: '% (model - synthesis) / synthesis', seconds: 's' },
    library: report.library, coefficientsLibrary: coefficients.library, window, bits, timingMarginPct,
    distinctJobs: report.distinctJobs, synthesizedJobs: report.synthesizedJobs, yosysSeconds: report.yosysSeconds, wallSeconds, cpuSeconds, loadBefore, loadAfter,
    rows: report.rows,
  }, null, 2)}\n`);
} else {
  const counted = `synthesis: sum over distinct components of one instance's cell area x instances (Yosys, abc script nmcore, library ${report.library}): cells only, no wiring, no cross-boundary optimization; delay lines wider than ${delaySliceBits || '∞'} bits synthesized as equal bit slices (exact)`;
  printTable(`Area per dense-equivalent MAC per cycle vs dense (issue 15), synthesis and model, nm_engine, window ${window}, A = B = ${bits}, acc 32`, [command], [
    'clock', 'PEs', 'pattern', 'L (cycles)', 'area, synthesis (µm²)', 'area, model (µm²)', 'model error (%)', 'µm² per dense MAC/cycle (synthesis)',
    'advantage, synthesis (x)', 'advantage, model (x)', 'target (x)', 'synthesis', 'model', 'note',
  ], report.rows.map((r) => [
    clockLabel(r), `${r.rows} x ${r.cols}`, patternLabel(r.pattern), String(r.latencyCycles), r.synthUm2.toFixed(0), r.modelUm2.toFixed(0), r.modelErrorPct.toFixed(2),
    r.synthUm2PerDenseMac.toFixed(1), x(r.synthAdvantage), x(r.modelAdvantage), r.target === undefined ? '-' : `${r.target}x`,
    metText(r.synthAdvantage, r.target), metText(r.modelAdvantage, r.target),
    r.unreachableBestMhz !== undefined ? `target + margin unreachable in the model: at its best, ${r.unreachableBestMhz} MHz` : '',
  ]));
  console.log(counted);
  printTable('Components: model vs synthesis (each distinct component synthesized once, x instances)', [command], [
    'engine', 'component', 'template, parameters', 'instances', 'synthesized as (slices)', 'synthesis, one (µm²)', 'synthesis (µm²)', 'model (µm²)', 'model - synthesis (µm²)', 'model error (%)',
  ], report.rows.flatMap((r) => r.components.map((c) => [
    engineLabel(r), c.name, `${c.template} ${Object.entries(c.params).map(([k, v]) => `${k}=${v}`).join(' ')}`, String(c.count), c.slices === 1 ? 'whole' : `${c.slices} x WIDTH=${c.params.WIDTH! / c.slices}`, c.synthPerInstanceUm2.toFixed(1),
    c.synthUm2.toFixed(0), c.modelUm2.toFixed(0), (c.modelUm2 - c.synthUm2).toFixed(0), c.errorPct.toFixed(2),
  ])));
  printTable('Largest disagreement per engine (the component with the largest |model - synthesis|)', [command], [
    'engine', 'component', 'model - synthesis (µm²)', 'model error (%)', 'share of the engine\'s model - synthesis (%)',
  ], report.rows.map((r) => {
    const worst = r.components.reduce((a, b) => (Math.abs(b.modelUm2 - b.synthUm2) > Math.abs(a.modelUm2 - a.synthUm2) ? b : a));
    const total = r.modelUm2 - r.synthUm2;
    return [engineLabel(r), worst.name, (worst.modelUm2 - worst.synthUm2).toFixed(0), worst.errorPct.toFixed(2), total === 0 ? '-' : ((100 * (worst.modelUm2 - worst.synthUm2)) / total).toFixed(0)];
  }));
  const wholes = report.rows.filter((r) => r.whole !== undefined);
  if (wholes.length > 0) {
    printTable('Whole flattened top vs the sum of its components (synthesis)', [command], [
      'engine', 'whole top (µm²)', 'sum of components (µm²)', 'whole vs sum (%)', 'model vs whole (%)', 'whole: flip-flops (µm²)', 'whole: cells', 'whole: Yosys (s)',
    ], wholes.map((r) => [engineLabel(r), r.whole!.areaUm2.toFixed(0), r.synthUm2.toFixed(0), ((100 * (r.whole!.areaUm2 - r.synthUm2)) / r.synthUm2).toFixed(2),
      ((100 * (r.modelUm2 - r.whole!.areaUm2)) / r.whole!.areaUm2).toFixed(2), r.whole!.sequentialAreaUm2.toFixed(0), String(r.whole!.cells), r.whole!.seconds.toFixed(1)]));
  }
  console.log(`\n${timingLine}`);
}
process.stderr.write(`area_ratio_synth: ${timingLine}\n`);
