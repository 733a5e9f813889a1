// CLI wiring of `nmcore simulate`: replay the layers of an activation trace through one engine
// top and report cycles, stalls, MAC utilization, speedup over dense and bytes per operand.
// Load, validate, call sim/replay, print (or write --out atomically); no arithmetic here.

import type { Command } from 'commander';
import { formatPattern } from '../../config/engine_config.js';
import { error, formatDiagnostic, hasErrors, UserError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { writeOutputsAtomically } from '../../io/atomic_output.js';
import { elaborate } from '../../ir/elaborate.js';
import { readTraceFile } from '../../trace/read_trace.js';
import { formatLayerReport, formatSummary } from '../../../sim/replay/format_report.js';
import { resolveOutChannels } from '../../../sim/replay/layer_operands.js';
import { replayLayer, replayTotals, type LayerReport, type ReplayTop } from '../../../sim/replay/layer_report.js';
import type { MemoryOptions } from '../../../sim/replay/memory_model.js';
import { formatEnergySummary, formatLayerEnergy } from '../../../sim/replay/format_energy.js';
import { layerEnergy } from '../../../sim/replay/layer_energy.js';
import { addDescriptionOptions, resolveDescription, type DescriptionFlags } from '../description_options.js';
import { printJson, type CliIo } from '../io.js';

interface SimulateFlags extends DescriptionFlags {
  trace: string;
  layer?: string[];
  top: string;
  bandwidth?: string;
  weightBandwidth?: string;
  outputBandwidth?: string;
  weightRowSkipping: boolean;
  outChannels?: string;
  seed: string;
  json?: boolean;
  out?: string;
}

/** Layers at or above this many values (T·K, summed) print progress on stderr. */
const PROGRESS_MIN_VALUES = 1 << 20;

function positive(diags: Diagnostic[], flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !(v > 0) || !Number.isFinite(v)) {
    diags.push(error('cli_bad_number', `${flag} must be a positive number of bytes per cycle, not '${text}'`, { field: flag }));
  }
  return v;
}

function whole(diags: Diagnostic[], flag: string, text: string | undefined, lo: number, hi: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || v < lo || v > hi) diags.push(error('cli_bad_number', `${flag} must be a whole number from ${lo} to ${hi}, not '${text}'`, { field: flag }));
  return v;
}

function run(f: SimulateFlags, io: CliIo): void {
  const diags: Diagnostic[] = [];
  if (f.top !== 'engine' && f.top !== 'core') diags.push(error('cli_bad_choice', `--top must be engine or core, not '${f.top}'`, { field: '--top' }));
  const memory: MemoryOptions = {
    ...(f.bandwidth !== undefined ? { bandwidthBytesPerCycle: positive(diags, '--bandwidth', f.bandwidth) } : {}),
    ...(f.weightBandwidth !== undefined ? { weightBandwidthBytesPerCycle: positive(diags, '--weight-bandwidth', f.weightBandwidth) } : {}),
    ...(f.outputBandwidth !== undefined ? { outputBandwidthBytesPerCycle: positive(diags, '--output-bandwidth', f.outputBandwidth) } : {}),
    weightRowSkipping: f.weightRowSkipping,
  };
  const outChannels = whole(diags, '--out-channels', f.outChannels, 1, 1 << 24);
  const seed = whole(diags, '--seed', f.seed, 0, 2 ** 32 - 1)!;
  let ir;
  try {
    ir = elaborate(resolveDescription(f));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    diags.push(...e.diagnostics);
  }
  if (hasErrors(diags)) throw new UserError(diags);

  const read = readTraceFile(f.trace);
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
  const resolved = layers.map((l) => ({ layer: l, o: resolveOutChannels(l, outChannels) }));
  const oDiags = resolved.flatMap((r) => r.o.diagnostics);
  if (hasErrors(oDiags)) throw new UserError(oDiags);

  const top = f.top as ReplayTop;
  const progress = layers.reduce((s, l) => s + l.tokens * l.channels, 0) >= PROGRESS_MIN_VALUES;
  const t0 = performance.now();
  const reports: LayerReport[] = resolved.map(({ layer, o }, i) => {
    if (progress) io.err(`[${i + 1}/${layers.length}] ${layer.name}: ${layer.tokens} x ${layer.channels} -> ${o.outChannels!} on ${formatPattern(ir!.modes[0])} ${top} ...\n`);
    const t = performance.now();
    const r = replayLayer(ir!, layer, { top, outChannels: o.outChannels!, outChannelsSource: o.source!, memory });
    if (progress) io.err(`[${i + 1}/${layers.length}] done in ${((performance.now() - t) / 1000).toFixed(2)} s\n`);
    return r;
  });
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
    energyTotalPj: energies.reduce((s, e) => s + e.energy.totalPj, 0), replaySeconds: seconds };
  const text = `${reports.map((r, i) => `${formatLayerReport(r)}${formatLayerEnergy(r, energies[i]!)}`).join('\n')}\n${formatSummary(reports, totals)}\n${formatEnergySummary(reports, energies)}` +
    `memory: read ${memoryJson.bandwidthBytesPerCycle} B/cycle, weights ${memoryJson.weightBandwidthBytesPerCycle}, write ${memoryJson.outputBandwidthBytesPerCycle} B/cycle; replayed in ${seconds.toFixed(2)} s\n`;
  if (f.out !== undefined) {
    const written = writeOutputsAtomically(f.out, new Map([
      ['replay.json', JSON.stringify(json, null, 2) + '\n'],
      ['replay.txt', text],
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
    .option('--bandwidth <bytes_per_cycle>', 'off-chip read bandwidth for activations and metadata (and weights, unless --weight-bandwidth), bytes/cycle (default unlimited)')
    .option('--weight-bandwidth <bytes_per_cycle>', 'a separate weight read port of this many bytes/cycle')
    .option('--output-bandwidth <bytes_per_cycle>', 'result write bandwidth, bytes/cycle (default: --bandwidth)')
    .option('--no-weight-row-skipping', 'fetch every weight row, even those no token of the block keeps')
    .option('--out-channels <O>', 'output channels O when the trace has no weights and no known model/projection metadata')
    .option('--seed <seed>', 'seed of the random int weights used when the trace has none', '1')
    .option('--json', 'print the reports as JSON')
    .option('-o, --out <dir>', 'write replay.json and replay.txt into this directory (all or nothing) instead of printing')
    .action((f: SimulateFlags) => run(f, io));
}
