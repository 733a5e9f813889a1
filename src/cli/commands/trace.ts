// CLI wiring of `nmcore trace info` and `nmcore trace synth`: parse and check options, call the trace
// library, print. No statistics or file-format logic here. Bad input throws UserError(diagnostics),
// which the CLI main prints before exiting 1; warnings go to stderr.

import type { Command } from 'commander';
import { error, formatDiagnostic, hasErrors, UserError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { parseProjection } from '../../trace/assemble.js';
import { traceInfo } from '../../trace/info.js';
import { formatTraceInfo } from '../../report/trace_info_text.js';
import { CALIBRATED_MODELS, modelCalibration } from '../../trace/calibration.js';
import { MODEL_SHAPES, findModel, projectionShape } from '../../trace/model_shapes.js';
import { checkOutputFile } from '../../io/atomic_output.js';

/** The largest buffer trace synth builds at once (one layer as float32, or the whole file), in bytes. */
const MAX_BUFFER_BYTES = 2 * 2 ** 30;
import { parsePattern } from '../../config/pattern.js';
import { processIo, type CliIo } from '../io.js';
import { wholeNumberOption } from '../options.js';
import type { SynthCalibration } from '../../trace/synthetic.js';
import { PROJECTIONS, type Projection, type WritableDtype } from '../../trace/types.js';

function failIfErrors(diags: readonly Diagnostic[]): void {
  if (hasErrors(diags)) throw new UserError(diags);
}

interface InfoOptions { pattern: string; actBits: string; blockTokens: string; layer?: string; json?: boolean }
interface SynthOptions { model: string; projection: string; layer: string; tokens: string; seed: string; dtype: string; calibration: string; withWeights?: boolean; out: string; json?: boolean }

async function runInfo(file: string, o: InfoOptions, io: CliIo): Promise<void> {
  const diags: Diagnostic[] = [];
  const { pattern, diagnostics: patternDiags } = parsePattern(o.pattern, '--pattern');
  diags.push(...patternDiags);
  const actBits = wholeNumberOption(diags, '--act-bits', o.actBits, 2, 16, 'bits');
  const blockTokens = wholeNumberOption(diags, '--block-tokens', o.blockTokens, 1, 65536, 'tokens');
  failIfErrors(diags);
  // The readers (fflate, npyjs), the writer and the generator are imported when a subcommand runs: `--help` stays fast.
  const { readTraceFile } = await import('../../trace/read_trace.js');
  const read = readTraceFile(file);
  failIfErrors(read.diagnostics);
  for (const d of read.diagnostics) io.err(formatDiagnostic(d) + '\n');
  let trace = read.value!;
  if (o.layer !== undefined) {
    const picked = trace.layers.filter((l) => l.name === o.layer);
    if (picked.length === 0) {
      throw new UserError([error('trace_unknown_layer', `--layer '${o.layer}' is not in ${file}; layers: ${trace.layers.map((l) => l.name).join(', ')}`, { file, field: '--layer' })]);
    }
    trace = { ...trace, layers: picked };
  }
  const info = traceInfo(trace, { pattern: pattern!, actBits, blockTokens }, file);
  io.out(o.json === true ? JSON.stringify(info, null, 2) + '\n' : formatTraceInfo(info));
}

async function runSynth(o: SynthOptions, io: CliIo): Promise<void> {
  const diags: Diagnostic[] = [];
  const model = findModel(o.model);
  if (model === undefined) {
    diags.push(error('trace_unknown_model', `--model must be one of ${MODEL_SHAPES.map((m) => m.name).join(', ')} (or an alias), not '${o.model}'`, { field: '--model' }));
  }
  const projections: Projection[] = [];
  const wanted = o.projection.trim().toLowerCase() === 'all' ? [...PROJECTIONS] : o.projection.split(',');
  for (const p of wanted) {
    const proj = parseProjection(p);
    if (proj === undefined) diags.push(error('trace_unknown_projection', `--projection must be 'all' or a comma list of ${PROJECTIONS.join(', ')}, not '${p}'`, { field: '--projection' }));
    else if (!projections.includes(proj)) projections.push(proj);
  }
  const layer = wholeNumberOption(diags, '--layer', o.layer, 0, model !== undefined ? model.layers - 1 : 1023, 'decoder layer index');
  const tokens = wholeNumberOption(diags, '--tokens', o.tokens, 1, 1 << 20, 'tokens');
  const seed = wholeNumberOption(diags, '--seed', o.seed, 0, 2 ** 32 - 1, 'unsigned 32-bit');
  const dtypes: Record<string, WritableDtype> = { bf16: 'BF16', f16: 'F16', f32: 'F32' };
  const dtype = dtypes[o.dtype.trim().toLowerCase()];
  if (dtype === undefined) diags.push(error('trace_bad_option', `--dtype must be bf16, f16 or f32, not '${o.dtype}'`, { field: '--dtype' }));
  const cal = o.calibration.trim().toLowerCase();
  if (cal !== 'auto' && cal !== 'measured' && cal !== 'none') {
    diags.push(error('trace_bad_option', `--calibration must be auto, measured or none, not '${o.calibration}'`, { field: '--calibration' }));
  } else if (cal === 'measured' && model !== undefined && modelCalibration(model.name) === undefined) {
    diags.push(error('trace_no_calibration', `--calibration measured: no measured histograms for ${model.name}; calibrated models: ${Object.keys(CALIBRATED_MODELS).join(', ')}`, { field: '--calibration' }));
  }
  if (!/\.safetensors$/i.test(o.out) && /\.(npy|npz)$/i.test(o.out)) {
    diags.push(error('trace_format_mismatch', `--out '${o.out}' names a .${o.out.split('.').pop()} file, but trace synth writes safetensors; name it .safetensors`, { file: o.out, field: '--out' }));
  }
  if (model !== undefined && !hasErrors(diags)) {
    // Each layer is built as float32 [T, K] in one array, and the file is encoded in one buffer.
    const bytesPer = { BF16: 2, F16: 2, F32: 4 }[dtype!];
    const shapes = projections.map((p) => projectionShape(model, p));
    const largestF32Bytes = Math.max(...shapes.map((s) => tokens * s.inChannels * 4));
    const fileBytes = shapes.reduce((a, s) => a + tokens * s.inChannels * bytesPer + (o.withWeights === true ? s.outChannels * s.inChannels * bytesPer : 0), 0);
    if (largestF32Bytes > MAX_BUFFER_BYTES || fileBytes > MAX_BUFFER_BYTES) {
      diags.push(error('trace_too_large', `--tokens ${tokens} of ${model.name} ${projections.join(',')} would need ${(Math.max(largestF32Bytes, fileBytes) / 2 ** 30).toFixed(1)} GiB in one buffer, beyond the ${MAX_BUFFER_BYTES / 2 ** 30} GiB limit; use at most ${Math.floor(MAX_BUFFER_BYTES / (4 * Math.max(...shapes.map((s) => s.inChannels))))} tokens or one --projection`, { field: '--tokens' }));
    }
  }
  failIfErrors(diags);
  checkOutputFile(o.out);
  const calibration = cal === 'auto' ? undefined : (cal as SynthCalibration);
  const calibrated = calibration !== 'none' && modelCalibration(model!.name) !== undefined;
  const [{ synthesizeModelTrace }, { writeTraceFile }] = await Promise.all([import('../../trace/synthetic.js'), import('../../trace/safetensors_writer.js')]);
  const start = performance.now();
  const trace = synthesizeModelTrace({ model: model!, projections, layer, tokens, seed, dtype: dtype!, withWeights: o.withWeights === true, ...(calibration !== undefined ? { calibration } : {}) });
  const synthMs = performance.now() - start;
  const bytes = writeTraceFile(o.out, trace);
  const totalMs = performance.now() - start;
  const layers = trace.layers.map((l) => ({ name: l.name, projection: l.meta.projection, tokens: l.tokens, channels: l.channels, dtype: l.dtype, ...(l.weights !== undefined ? { outChannels: l.weights.outChannels } : {}) }));
  if (o.json === true) {
    io.out(JSON.stringify({ file: o.out, bytes, model: model!.name, layer, seed, dtype, calibration: calibrated ? 'measured' : 'none', layers, synthMs: Math.round(synthMs), totalMs: Math.round(totalMs) }, null, 2) + '\n');
    return;
  }
  io.out(`wrote ${o.out}: ${bytes} bytes, ${model!.name} layer ${layer}, seed ${seed}, ${dtype}, ${calibrated ? 'calibrated to the measured histograms (TEAL)' : 'uncalibrated'}\n`);
  for (const l of layers) {
    io.out(`  ${l.name}: ${l.tokens} tokens x ${l.channels} channels${l.outChannels !== undefined ? `, weights ${l.outChannels} x ${l.channels} channels` : ''}\n`);
  }
  io.out(`generated in ${synthMs.toFixed(0)} ms, written in ${(totalMs - synthMs).toFixed(0)} ms\n`);
}

/** Adds `trace info` and `trace synth` to `program`; returns the `trace` command. */
export function registerTraceCommands(program: Command, io: CliIo = processIo): Command {
  const trace = program.command('trace').description('inspect activation traces (.safetensors, .npy, .npz) and generate synthetic ones');
  trace
    .command('info')
    .description('layers, shapes, dtypes, value ranges, and N:M tie / zero / weight-row statistics of a trace file')
    .argument('<file>', 'trace file: .safetensors, .npy or .npz (format in traces/README.md)')
    .option('--pattern <n:m>', 'N:M pattern for the statistics (n kept of every m channels)', '8:16')
    .option('--act-bits <bits>', 'signed activation width A in bits for the per-token quantization (2..16)', '8')
    .option('--block-tokens <tokens>', 'tokens per block R for the weight-row union (engine rows)', '16')
    .option('--layer <name>', 'only this layer (default: every layer)')
    .option('--json', 'print JSON instead of text')
    .action((file: string, o: InfoOptions) => runInfo(file, o, io));
  trace
    .command('synth')
    .description('write a seeded synthetic LLM-like activation trace (safetensors, atomically)')
    .requiredOption('--model <name>', `model whose layer shapes to use: ${MODEL_SHAPES.map((m) => m.name).join(', ')}`)
    .requiredOption('--projection <p>', `projection(s) whose input to generate: ${PROJECTIONS.join(', ')}, a comma list, or 'all'`)
    .option('--layer <index>', 'decoder layer index (0-based)', '0')
    .option('--tokens <tokens>', 'number of token rows T', '128')
    .option('--seed <seed>', 'seed of the token stream (unsigned 32-bit integer)', '1')
    .option('--dtype <dtype>', 'stored dtype: bf16, f16 or f32 (values are rounded to it)', 'bf16')
    .option('--calibration <mode>', `auto: map values onto the measured per-layer histograms when the model has them (${Object.keys(CALIBRATED_MODELS).join(', ')}); measured: require them; none: uncalibrated generator`, 'auto')
    .option('--with-weights', 'also write synthetic weights [O x K] per layer')
    .requiredOption('--out <file>', 'output .safetensors file (written through a temp file and a rename)')
    .option('--json', 'print a JSON summary instead of text')
    .action((o: SynthOptions) => runSynth(o, io));
  return trace;
}
