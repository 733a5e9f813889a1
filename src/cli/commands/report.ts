// CLI wiring of `nmcore report`: the area-versus-accuracy trade-off report from the user's traces
// (or the shipped examples), written all or nothing into --out as report.json, report.md,
// report.html, specs/ and plots/. Parses and checks every option and input before any slow work;
// progress on stderr. The work is in src/report/tradeoff/.

import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { error, formatDiagnostic, hasErrors, UserError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkOutputDirectory, writeOutputsAtomically } from '../../io/atomic_output.js';
import { CRITERION_IDS, MITIGATION_IDS, PATTERN_IDS, parseIdList } from '../../accuracy/ids.js';
import { DEFAULT_TIMING_MARGIN_PCT, validateTimingMarginPct } from '../../config/schedule_options.js';
import { DEFAULT_TARGET_MHZ } from '../../report/tradeoff/target_clock_default.js';
import type { MeasuredFile } from '../../report/tradeoff/inputs.js';
import { printJson, type CliIo } from '../io.js';
import { numberOrText, positiveNumberOption, wholeNumberOption } from '../options.js';

interface ReportFlags {
  trace?: string[];
  measured?: string[];
  patterns: string;
  criteria: string;
  mitigations: string;
  rows: string;
  cols: string;
  sizes: string;
  bandwidth: string;
  actBits: string;
  weightBits: string;
  seed: string;
  errorBudget: string;
  synth?: boolean;
  targetMhz: string;
  timingMarginPct: string;
  jobs?: string;
  json?: boolean;
  out: string;
}

function parseSizes(diags: Diagnostic[], text: string): { rows: number; cols: number }[] {
  return text.split(',').map((s) => {
    const m = /^\s*(\d+)\s*x\s*(\d+)\s*$/.exec(s);
    const rows = m ? Number(m[1]) : NaN, cols = m ? Number(m[2]) : NaN;
    if (!m || rows < 1 || rows > 64 || cols < 1 || cols > 64) diags.push(error('cli_bad_size', `--sizes entry '${s}' must be RxC with R and C in 1..64, e.g. 16x16`, { field: '--sizes' }));
    return { rows, cols };
  });
}

/** The command line that reproduces this report, every option explicit. */
function commandLine(f: ReportFlags): string {
  const parts = ['nmcore report'];
  if (f.trace !== undefined) parts.push(`--trace ${f.trace.join(' ')}`);
  if (f.measured !== undefined) parts.push(`--measured ${f.measured.join(' ')}`);
  parts.push(`--patterns ${f.patterns} --criteria ${f.criteria} --mitigations ${f.mitigations} --rows ${f.rows} --cols ${f.cols} --sizes ${f.sizes}`);
  parts.push(`--bandwidth ${f.bandwidth} --act-bits ${f.actBits} --weight-bits ${f.weightBits} --seed ${f.seed} --error-budget ${f.errorBudget}${f.synth === true ? ' --synth' : ''} --target-mhz ${f.targetMhz} --timing-margin-pct ${f.timingMarginPct} --out ${f.out}`);
  return parts.join(' ');
}

async function run(f: ReportFlags, io: CliIo): Promise<void> {
  checkOutputDirectory(f.out);
  const diags: Diagnostic[] = [];
  const patterns = parseIdList(f.patterns, PATTERN_IDS, '--patterns');
  const criteria = parseIdList(f.criteria, CRITERION_IDS, '--criteria');
  const mitigations = parseIdList(f.mitigations, MITIGATION_IDS, '--mitigations');
  diags.push(...patterns.diagnostics, ...criteria.diagnostics, ...mitigations.diagnostics);
  const rows = wholeNumberOption(diags, '--rows', f.rows, 1, 64, 'tokens'), cols = wholeNumberOption(diags, '--cols', f.cols, 1, 64, 'output channels');
  const actBits = wholeNumberOption(diags, '--act-bits', f.actBits, 2, 16, 'bits'), weightBits = wholeNumberOption(diags, '--weight-bits', f.weightBits, 2, 16, 'bits');
  const seed = wholeNumberOption(diags, '--seed', f.seed, 0, 2 ** 32 - 1, 'unsigned 32-bit');
  const bandwidth = positiveNumberOption(diags, '--bandwidth', f.bandwidth, 'bytes per cycle');
  const targetMhz = positiveNumberOption(diags, '--target-mhz', f.targetMhz, 'MHz');
  const timingMarginPct = validateTimingMarginPct(numberOrText(f.timingMarginPct), diags);
  const sizes = parseSizes(diags, f.sizes);
  const errorBudgetPct = positiveNumberOption(diags, '--error-budget', f.errorBudget, 'percent of output error');
  const jobs = f.jobs === undefined ? availableParallelism() : wholeNumberOption(diags, '--jobs', f.jobs, 1, 256, 'worker threads');
  if (hasErrors(diags)) throw new UserError(diags);

  // The readers, the report's engines (the emitter, Yosys: Chevrotain) and its writer only when a run starts.
  const [{ displayPath, exampleInputs, readMeasured, readTraces, reportLayers }, { buildTradeoffReport }, { reportFiles }] = await Promise.all([
    import('../../report/tradeoff/inputs.js'), import('../../report/tradeoff/build_report.js'), import('../../report/tradeoff/write_report.js')]);
  const examples = f.trace === undefined ? exampleInputs() : undefined;
  const tracePaths = f.trace ?? examples!.traces;
  const measuredPaths = f.measured ?? examples?.measured ?? [];
  const shown = (p: string): string => (examples !== undefined ? displayPath(resolve(p)) : p);
  const read = readTraces(tracePaths, shown);
  const measured: MeasuredFile[] = [];
  for (const p of measuredPaths) {
    const m = readMeasured(p, shown(p));
    read.diagnostics.push(...m.diagnostics);
    if (m.value !== undefined) measured.push(m.value);
  }
  if (hasErrors(read.diagnostics)) throw new UserError(read.diagnostics);
  for (const d of read.diagnostics) io.err(formatDiagnostic(d) + '\n');
  const layers = reportLayers(read.traces);
  const ids = patterns.ids.filter((p) => p !== 'unstructured');
  const bad = layers.flatMap((l) => ids.filter((p) => l.layer.channels % Number(p.split(':')[1]) !== 0)
    .map((p) => error('report_channels_not_multiple', `layer '${l.id}' has K = ${l.layer.channels} channels, not a multiple of the group size of ${p}; leave ${p} out of --patterns`, { field: '--patterns' })));
  if (bad.length > 0) throw new UserError(bad);
  if (examples !== undefined) io.err(`report: no --trace given, using the ${tracePaths.length} shipped example traces${measured.length > 0 ? ` and ${measured.length} measured file(s)` : ''}\n`);

  const t0 = performance.now();
  const report = await buildTradeoffReport(read.traces, layers, measured, {
    patterns: patterns.ids, criteria: criteria.ids, mitigations: mitigations.ids, rows, cols, sizes, bandwidthBytesPerCycle: bandwidth,
    actBits, weightBits, seed, synth: f.synth === true, targetMhz, ...(timingMarginPct !== undefined ? { timingMarginPct } : {}), errorBudget: errorBudgetPct / 100, command: commandLine(f), jobs,
  }, (s) => io.err(`report: ${s}\n`));
  const files = await reportFiles(report);
  const written = writeOutputsAtomically(f.out, files);
  const html = written.find((p) => p.endsWith('report.html'))!;
  const seconds = (performance.now() - t0) / 1000;
  const schedule = report.modeSchedule === null ? null : {
    errorBudgetPct: 100 * report.modeSchedule.errorBudget, cheapest: report.modeSchedule.cheapest,
    engines: report.modeSchedule.engines.map((e) => ({ label: e.label, areaUm2: e.areaUm2, energyPj: e.energyPj, cyclesAtBandwidth: e.cyclesAtBandwidth, readBytes: e.readBytes, meanRelError: e.meanRelError, layersOverBudget: e.layersOverBudget, layersPerMode: e.layersPerMode })),
  };
  if (f.json === true) return printJson(io, { written, seconds, recommendation: report.recommendation, modeSchedule: schedule });
  io.out(`${report.recommendation.text}\nwrote ${written.length} files in ${seconds.toFixed(1)} s; open ${html} in a browser (report.md beside it for a terminal)\n`);
}

/** Adds `report` to `program`. */
export function registerReportCommand(program: Command, io: CliIo): void {
  program.command('report').description('the area-versus-accuracy trade-off report: accuracy on traces per pattern, criterion and mitigation, cost from the simulator and the model, a recommendation')
    .option('--trace <file...>', 'activation traces (.safetensors, .npy, .npz); default: the shipped examples in traces/examples/')
    .option('--measured <file...>', 'measured-accuracy JSON files (nmcore-measured-accuracy v1); default with no --trace: traces/examples/*.measured.json')
    .option('--patterns <list>', `patterns, comma-separated: ${PATTERN_IDS.join(',')}`, PATTERN_IDS.join(','))
    .option('--criteria <list>', `selection criteria: ${CRITERION_IDS.join(',')}`, CRITERION_IDS.join(','))
    .option('--mitigations <list>', `error mitigations: ${MITIGATION_IDS.join(',')}`, MITIGATION_IDS.join(','))
    .option('-r, --rows <R>', 'engine rows (tokens in parallel), 1..64', '16')
    .option('-c, --cols <C>', 'engine columns (output channels in parallel), 1..64', '16')
    .option('--sizes <list>', 'array sizes for area efficiency, RxC comma-separated', '4x4,8x8,16x16,32x32')
    .option('--bandwidth <bytes_per_cycle>', 'off-chip read bandwidth for the memory-bound replay, bytes/cycle', '64')
    .option('--act-bits <bits>', 'activation width A of the engine, bits', '8')
    .option('--weight-bits <bits>', 'weight width B of the engine, bits', '8')
    .option('--seed <seed>', 'seed of random weights (traces without weights) and of output-channel samples', '1')
    .option('--target-mhz <MHz>', 'clock of the target-clock section: per engine, the stages, L and area needed to reach it (timing model)', String(DEFAULT_TARGET_MHZ))
    .option('--timing-margin-pct <percent>', 'guard band of --target-mhz: a schedule must reach the target x (1 + percent/100) in the timing model, 0..100', String(DEFAULT_TIMING_MARGIN_PCT))
    .option('--error-budget <percent>', 'per-layer budget on the engine\'s relative output error for the flexible engines\' cheapest-mode schedule, %', '25')
    .option('--synth', 'also synthesize every engine\'s components with Yosys (slow: minutes at 16 x 16)')
    .option('--jobs <n>', 'worker threads for the layers\' accuracy and the engines\' cost (default: the number of cores); the report does not depend on it')
    .option('--json', 'print the files written and the recommendation as JSON')
    .requiredOption('-o, --out <dir>', 'directory for report.json, report.md, report.html, specs/, plots/ (written all or nothing)')
    .action((f: ReportFlags) => run(f, io));
}
