// CLI wiring of `nmcore simulate`: replay the layers of an activation trace through one engine
// top and report cycles, stalls, MAC utilization, speedup over dense and bytes per operand.
// Load, validate, call sim/replay, print (or write --out atomically); no arithmetic here.

import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { formatPattern, parsePattern } from '../../config/pattern.js';
import { error, formatDiagnostic, hasErrors, UserError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { checkOutputDirectory, writeOutputsAtomically } from '../../io/atomic_output.js';
import { elaborate } from '../../ir/elaborate.js';
import { formatLayerReport, formatSummary } from '../../report/replay_text.js';
import type { LayerReport } from '../../../sim/replay/layer_report.js';
import type { MemoryOptions } from '../../../sim/replay/memory_model.js';
import { formatEnergySummary, formatLayerEnergy } from '../../report/energy_text.js';
import { addDescriptionOptions, resolveDescription, type DescriptionFlags } from '../description_options.js';
import { printJson, type CliIo } from '../io.js';
import { choiceOption, positiveNumberOption, wholeNumberOption } from '../options.js';

interface SimulateFlags extends DescriptionFlags {
  trace: string;
  layer?: string[];
  top: string;
  mode?: string;
  bandwidth?: string;
  weightBandwidth?: string;
  outputBandwidth?: string;
  weightRowSkipping: boolean;
  outChannels?: string;
  seed: string;
  jobs?: string;
  json?: boolean;
  out?: string;
  functional?: boolean;
}

/** Layers at or above this many values (T·K, summed) print progress on stderr. */
const PROGRESS_MIN_VALUES = 1 << 20;

async function run(f: SimulateFlags, io: CliIo): Promise<void> {
  const diags: Diagnostic[] = [];
  const top = choiceOption(diags, '--top', f.top, ['engine', 'core'] as const);
  const memory: MemoryOptions = {
    ...(f.bandwidth !== undefined ? { bandwidthBytesPerCycle: positiveNumberOption(diags, '--bandwidth', f.bandwidth, 'bytes per cycle') } : {}),
    ...(f.weightBandwidth !== undefined ? { weightBandwidthBytesPerCycle: positiveNumberOption(diags, '--weight-bandwidth', f.weightBandwidth, 'bytes per cycle') } : {}),
    ...(f.outputBandwidth !== undefined ? { outputBandwidthBytesPerCycle: positiveNumberOption(diags, '--output-bandwidth', f.outputBandwidth, 'bytes per cycle') } : {}),
    weightRowSkipping: f.weightRowSkipping,
  };
  // `--out-channels O` (every layer) or `--out-channels name=O,name=O` (those layers only).
  const perLayerO = new Map<string, number>();
  let outChannels: number | undefined;
  for (const part of f.outChannels === undefined ? [] : f.outChannels.split(',')) {
    const eq = part.lastIndexOf('=');
    if (eq < 0) outChannels = wholeNumberOption(diags, '--out-channels', part, 1, 1 << 24, 'output channels');
    else perLayerO.set(part.slice(0, eq).trim(), wholeNumberOption(diags, '--out-channels', part.slice(eq + 1), 1, 1 << 24, 'output channels'));
  }
  const seed = wholeNumberOption(diags, '--seed', f.seed, 0, 2 ** 32 - 1, 'unsigned 32-bit');
  const threads = f.jobs === undefined ? availableParallelism() : wholeNumberOption(diags, '--jobs', f.jobs, 1, 256, 'worker threads');
  let ir;
  try {
    ir = elaborate(resolveDescription(f));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    diags.push(...e.diagnostics);
  }
  let mode = ir?.defaultMode ?? 0;
  if (ir !== undefined && f.mode !== undefined) {
    const parsed = parsePattern(f.mode, '--mode');
    const index = parsed.pattern === undefined ? -1 : ir.modes.findIndex((m) => m.n === parsed.pattern.n && m.m === parsed.pattern.m);
    diags.push(...parsed.diagnostics);
    if (parsed.pattern !== undefined && index < 0) {
      diags.push(error('cli_mode_not_in_engine', `--mode ${f.mode} is not a mode of this engine (modes: ${ir.modes.map(formatPattern).join(', ')})`, { field: '--mode' }));
    }
    mode = index;
  }
  if (hasErrors(diags)) throw new UserError(diags);
  if (f.out !== undefined) checkOutputDirectory(f.out);

  // The trace reader and the replay (worker threads, energy, functional outputs) only when a run starts: `--help` stays fast.
  const [{ openTraceLayers }, { resolveOutChannels }, { replayTraceLayers }, { replayTotals }, { layerEnergy }] = await Promise.all([
    import('../../trace/layer_stream.js'), import('../../../sim/replay/layer_operands.js'), import('../../../sim/replay/trace_replay.js'),
    import('../../../sim/replay/layer_report.js'), import('../../../sim/replay/layer_energy.js')]);
  const read = openTraceLayers(f.trace);
  if (hasErrors(read.diagnostics)) throw new UserError(read.diagnostics);
  for (const d of read.diagnostics) io.err(formatDiagnostic(d) + '\n');
  let layers = read.value!.layers;
  if (f.layer !== undefined) {
    const missing = f.layer.filter((name) => !layers.some((l) => l.name === name));
    if (missing.length > 0) {
      throw new UserError(missing.map((name) => error('trace_unknown_layer', `--layer '${name}' is not in ${f.trace}; layers: ${layers.map((l) => l.name).join(', ')}`, { file: f.trace, field: '--layer' })));
    }
    layers = layers.filter((l) => f.layer!.includes(l.name));
  }
  const unknownO = [...perLayerO.keys()].filter((name) => !layers.some((l) => l.name === name));
  if (unknownO.length > 0) {
    throw new UserError(unknownO.map((name) => error('trace_unknown_layer', `--out-channels names layer '${name}', which is not in ${f.trace}; layers: ${layers.map((l) => l.name).join(', ')}`, { file: f.trace, field: '--out-channels' })));
  }
  const resolved = layers.map((l) => ({ layer: l, o: resolveOutChannels(l, perLayerO.get(l.name) ?? outChannels) }));
  const oDiags = resolved.flatMap((r) => r.o.diagnostics);
  if (hasErrors(oDiags)) throw new UserError(oDiags);

  const progress = layers.reduce((s, l) => s + l.tokens * l.channels, 0) >= PROGRESS_MIN_VALUES;
  const t0 = performance.now();
  const allLayers = read.value!.layers;
  const tasks = resolved.map(({ layer, o }) => ({ layerIndex: allLayers.indexOf(layer), outChannels: o.outChannels!, outChannelsSource: o.source! }));
  const pattern = formatPattern(ir!.modes[mode]!);
  // --functional: each layer's bit-exact outputs (T x O, one .npy per layer with --out), from the same read as its timing.
  const settings = { mode, top, memory, ...(f.functional === true ? { functionalSeed: seed } : {}) };
  const outcomes = await replayTraceLayers(ir!, allLayers, f.trace, tasks, settings, threads,
    (i, s) => { if (progress) io.err(`[${i + 1}/${layers.length}] ${layers[i]!.name} done in ${s.toFixed(2)} s\n`); },
    (i) => { if (progress) io.err(`[${i + 1}/${layers.length}] ${layers[i]!.name}: ${layers[i]!.tokens} x ${layers[i]!.channels} -> ${tasks[i]!.outChannels} on ${pattern} ${top}${f.functional === true ? ' (and its bit-exact outputs)' : ''} ...\n`); });
  const failed = outcomes.flatMap((r) => ('diagnostics' in r ? r.diagnostics : []));
  if (failed.length > 0) throw new UserError(failed);
  const done = outcomes as readonly Exclude<(typeof outcomes)[number], { diagnostics: unknown }>[];
  const reports: LayerReport[] = done.map((r) => r.report);
  const functional = f.functional !== true ? [] : resolved.map(({ layer, o }, i) => {
    const r = done[i]!.functional!;
    const file = `functional_${layer.name.replace(/[^A-Za-z0-9_.-]/g, '_')}.npy`;
    return { layer: layer.name, file, tokens: layer.tokens, outChannels: o.outChannels!, dtype: r.int32 ? 'int32' : 'float64 (exact integers)', laneMacs: r.laneMacs, seconds: r.seconds, bytes: r.npy };
  });
  const functionalJson = functional.map(({ bytes, ...rest }) => ({ ...rest, file: f.out !== undefined ? rest.file : 'not written (no --out)', outputBytes: bytes.length }));
  const totals = replayTotals(reports);
  const energies = reports.map((r) => layerEnergy(ir!, top, r));
  const seconds = (performance.now() - t0) / 1000;
  const bw = (v: number | undefined): number | 'unlimited' => v ?? 'unlimited';
  const memoryJson = {
    bandwidthBytesPerCycle: bw(memory.bandwidthBytesPerCycle),
    weightBandwidthBytesPerCycle: memory.weightBandwidthBytesPerCycle ?? 'shared with --bandwidth',
    outputBandwidthBytesPerCycle: bw(memory.outputBandwidthBytesPerCycle ?? memory.bandwidthBytesPerCycle),
    weightRowSkipping: f.weightRowSkipping,
  };
  const weights = layers.map((l) => (l.weights !== undefined ? 'trace' : `random int${ir!.weightBits} (seed ${seed}; the timing does not depend on weight values)`));
  const json = { trace: f.trace, engine: { config: ir!.config, top: top === 'core' ? 'nm_engine_core' : 'nm_engine' }, memory: memoryJson, weights, layers: reports, totals,
    energy: reports.map((r, i) => ({ layer: r.layer, ...energies[i]! })),
    energyTotalPj: energies.reduce((s, e) => s + e.energy.totalPj, 0), replaySeconds: seconds, ...(f.functional === true ? { functional: functionalJson } : {}) };
  const text = `${reports.map((r, i) => `${formatLayerReport(r)}${formatLayerEnergy(r, energies[i]!)}`).join('\n')}\n${formatSummary(reports, totals)}\n${formatEnergySummary(reports, energies)}` +
    `memory: read ${memoryJson.bandwidthBytesPerCycle} B/cycle, weights ${memoryJson.weightBandwidthBytesPerCycle}, write ${memoryJson.outputBandwidthBytesPerCycle} B/cycle; replayed in ${seconds.toFixed(2)} s\n` +
    functionalJson.map((x) => `functional ${x.layer}: ${x.tokens} x ${x.outChannels} outputs (${x.dtype}) in ${x.seconds.toFixed(2)} s, ${(x.laneMacs / Math.max(x.seconds, 1e-9) / 1e9).toFixed(2)} G MAC/s; ${x.file}\n`).join('');
  if (f.out !== undefined) {
    const written = writeOutputsAtomically(f.out, new Map<string, string | Uint8Array>([
      ['replay.json', JSON.stringify(json, null, 2) + '\n'],
      ['replay.txt', text],
      ...functional.map((x): [string, Uint8Array] => [x.file, x.bytes]),
    ]));
    io.out(`wrote ${written.join(', ')}\n`);
    return;
  }
  if (f.json === true) printJson(io, json);
  else io.out(text);
}

/** Adds `simulate` to `program`. */
export function registerSimulateCommand(program: Command, io: CliIo): void {
  addDescriptionOptions(program.command('simulate').description('replay the layers of an activation trace through an engine: cycles, stalls, MAC utilization, speedup over dense, bytes per operand, energy per layer and per token'))
    .requiredOption('--trace <file>', 'activation trace: .safetensors, .npy or .npz (format in traces/README.md)')
    .option('--layer <name...>', 'only these layers (default: every layer of the trace)')
    .option('--top <top>', 'engine: nm_engine, dense activations in; core: nm_engine_core, kept values + metadata in', 'engine')
    .option('--mode <n:m>', 'the engine mode every layer runs in (one of its modes; default: the description\'s first)')
    .option('--bandwidth <bytes_per_cycle>', 'off-chip read bandwidth for activations and metadata (and weights, unless --weight-bandwidth), bytes/cycle (default unlimited)')
    .option('--weight-bandwidth <bytes_per_cycle>', 'a separate weight read port of this many bytes/cycle')
    .option('--output-bandwidth <bytes_per_cycle>', 'result write bandwidth, bytes/cycle (default: --bandwidth)')
    .option('--no-weight-row-skipping', 'fetch every weight row, even those no token of the block keeps')
    .option('--out-channels <O>', 'output channels O of layers without weights or fitting model metadata: O for every layer, or name=O,name=O per layer')
    .option('--seed <seed>', 'seed of the random int weights used when the trace has none', '1')
    .option('--jobs <n>', 'worker threads replaying layers in parallel (default: the number of cores); results do not depend on it')
    .option('--json', 'print the reports as JSON')
    .option('--functional', 'also compute each layer\'s bit-exact engine outputs (T x O, contract arithmetic); with --out, one functional_<layer>.npy per layer')
    .option('-o, --out <dir>', 'write replay.json and replay.txt into this directory (all or nothing) instead of printing')
    .action((f: SimulateFlags) => run(f, io));
}
