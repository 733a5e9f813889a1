// CLI wiring of the cost commands: `area` (the analytic area and timing models, instant), `synth`
// (Yosys on every component and the whole top, area and ns, slow, progress on stderr, reports
// written atomically; delay lines wider than --delay-slice-bits synthesized as equal bit slices,
// src/synth/delay_line_slices.ts) and `compare` (the equal-lane and equal-window pattern sets side by side).
// Load, call, print.

import type { Command } from 'commander';
import { formatPattern, type EngineConfigInput } from '../../config/engine_config.js';
import { validateConfig } from '../../config/validate.js';
import { error, UserError } from '../../diagnostics/diagnostic.js';
import { checkOutputDirectory, writeOutputsAtomically } from '../../io/atomic_output.js';
import { elaborate } from '../../ir/elaborate.js';
import type { EngineIR } from '../../ir/types.js';
import { AREA_CATEGORIES, estimateArea, type AreaEstimate } from '../../model/area.js';
import { estimateTiming, type TimingEstimate } from '../../model/timing.js';
import type { EngineSynthReport } from '../../synth/engine_synth.js';
import { synthStageTiming, type SynthEngineTiming } from '../../synth/stage_timing.js';
import { YosysPool } from '../../synth/yosys_pool.js';
import { addDescriptionOptions, resolveDescription, type DescriptionFlags } from '../description_options.js';
import { printJson, type CliIo } from '../io.js';
import { orThrow, wholeNumberOption } from '../options.js';
import { formatTable } from '../../report/table.js';

const LEVELS_NOTE = 'gate levels: logic depth of the area-mapped netlist, the second figure beside ns';
const TIMING_NOTE = 'ns: delay-oriented mapping, linear NanGate45 cell delays, no wire load; a stage = register clock-to-Q + max(logic + broadcast fan-out, a broadcast select beside the logic, stall enable) + setup, fan-outs as ideally buffered trees from the cell table (inputs such as m_out_ready arrive at 0); the clock tree is not modelled';

function topOf(text: string | undefined): 'engine' | 'core' {
  const t = text ?? 'engine';
  if (t !== 'engine' && t !== 'core') throw new UserError([error('cli_unknown_top', `--top must be engine or core, not '${t}'`, { field: '--top' })]);
  return t;
}

function describe(ir: EngineIR): string {
  return `${ir.modes.map(formatPattern).join(', ')}, window ${ir.windowChannels} channels, ${ir.lanes} lanes, ${ir.rows} x ${ir.cols} PEs, A=${ir.actBits} B=${ir.weightBits} acc=${ir.accBits} bits`;
}

const um2 = (x: number): string => x.toFixed(1);
const pct = (x: number, total: number): string => (total > 0 ? ((100 * x) / total).toFixed(1) : '0.0');

const ns = (x: number): string => x.toFixed(3);

interface FanoutFigures {
  readonly broadcast?: { readonly net: string; readonly sinkPinsPerBit: number; readonly extraNs: number };
  readonly select?: { readonly net: string; readonly sinkPinsPerBit: number; readonly logicNs: number };
  readonly enable: { readonly logicNs: number; readonly flipFlops: number };
}
/** `+0.092 sel_lane_q (128 pins)`, `acc_first (8192 pins) 0.329 beside`, both, or `-`. */
const broadcastCell = (s: FanoutFigures): string => [
  ...(s.broadcast === undefined ? [] : [`+${ns(s.broadcast.extraNs)} ${s.broadcast.net} (${s.broadcast.sinkPinsPerBit} pins)`]),
  ...(s.select === undefined ? [] : [`${s.select.net} (${s.select.sinkPinsPerBit} pins) ${ns(s.select.logicNs)} beside`]),
].join('; ') || '-';
/** `0.394 (16384 flip-flops)`, or `-`. */
const enableCell = (s: FanoutFigures): string => (s.enable.flipFlops === 0 ? '-' : `${ns(s.enable.logicNs)} (${s.enable.flipFlops} flip-flops)`);

/** Per-stage timing table and fmax of a model estimate. */
export function formatTimingReport(tim: TimingEstimate): string {
  const lines = [formatTable(['stage (index name)', 'logic (ns)', 'broadcast fan-out (ns)', 'stall enable (ns)', 'registers (ns)', 'stage (ns)', 'depth (gate levels)', 'path into its registers (ns each)'],
    tim.stages.map((s) => [`${s.index} ${s.stage}`, ns(s.logicNs), broadcastCell(s), enableCell(s), ns(s.registerOverheadNs), ns(s.delayNs), s.levels,
      s.path.map((p) => `${p.block} ${ns(p.logicNs)}`).join(' -> ') || '-'])).trimEnd()];
  lines.push(`clock period ${ns(tim.periodNs)} ns (stage ${tim.criticalStage}), fmax ${tim.fmaxMhz.toFixed(0)} MHz`);
  lines.push(tim.readyThroughNs > 0
    ? `m_out_ready -> s_act_ready/s_wgt_ready: combinational, ${ns(tim.readyThroughNs)} ns of logic (schedule readyCut takes the readies and the stall enable from a flip-flop)`
    : 'm_out_ready -> s_act_ready/s_wgt_ready: no combinational path (readyCut: the readies and the stall enable come from a flip-flop)');
  lines.push(`(${TIMING_NOTE}; ${LEVELS_NOTE})`);
  return lines.join('\n') + '\n';
}

/** The text report of a model estimate. */
export function formatAreaReport(ir: EngineIR, est: AreaEstimate, tim: TimingEstimate = estimateTiming(ir, est.top === 'nm_engine_core' ? 'core' : 'engine')): string {
  const lines: string[] = [];
  lines.push(`${est.top}: ${describe(ir)}`);
  lines.push(`model: library ${est.library} (cell area in um^2, no wiring); pipeline L = ${est.latencyCycles} cycles (from the IR)`);
  lines.push('');
  lines.push(formatTable(
    ['component', 'count (instances)', 'each (um^2)', 'area (um^2)', 'share (%)', 'depth (gate levels)', 'critical path (ns)'],
    est.components.map((c, i) => [c.name, c.count, um2(c.areaPerInstanceUm2), um2(c.areaUm2), pct(c.areaUm2, est.totalUm2), c.levels, ns(tim.components[i]!.delayNs)]),
  ).trimEnd());
  lines.push(`total ${um2(est.totalUm2)} um^2`);
  lines.push('');
  lines.push(formatTable(['where the area goes', 'area (um^2)', 'share (%)'],
    AREA_CATEGORIES.filter((k) => est.perKind[k] > 0).map((k) => [k, um2(est.perKind[k]), pct(est.perKind[k], est.totalUm2)])).trimEnd());
  lines.push('');
  lines.push(formatTimingReport(tim).trimEnd());
  return lines.join('\n') + '\n';
}

interface SynthComparisonRow {
  readonly name: string;
  readonly count: number;
  /** Equal bit slices one instance was synthesized as (1: whole). */
  readonly slices: number;
  readonly modelUm2: number;
  readonly synthUm2: number;
  readonly errorPct: number;
  readonly modelLevels: number;
  readonly synthLevels: number;
  readonly transistors: number;
}

/** Rows of model vs synthesis; the model and synthesis share block grouping, so rows match by name. */
export function compareModelToSynth(est: AreaEstimate, rep: EngineSynthReport): SynthComparisonRow[] {
  return rep.components.map((c) => {
    const m = est.components.find((x) => x.name === c.name && x.template === c.template);
    const modelUm2 = m?.areaUm2 ?? 0;
    return {
      name: c.name, count: c.count, slices: c.slices, modelUm2, synthUm2: c.areaUm2, errorPct: ((modelUm2 - c.areaUm2) / c.areaUm2) * 100,
      modelLevels: m?.levels ?? 0, synthLevels: c.result.criticalPath.levels, transistors: c.transistors,
    };
  });
}

/** Model vs synthesis per stage, ns. */
export function compareStageTiming(tim: TimingEstimate, syn: SynthEngineTiming): { stage: string; modelNs: number; synthNs: number; errorPct: number }[] {
  return syn.stages.map((s, i) => {
    const modelNs = tim.stages[i]!.delayNs;
    return { stage: `${s.index} ${s.stage}`, modelNs, synthNs: s.delayNs, errorPct: ((modelNs - s.delayNs) / s.delayNs) * 100 };
  });
}

function formatSynthTiming(tim: TimingEstimate, syn: SynthEngineTiming, rep: EngineSynthReport): string {
  const rows = compareStageTiming(tim, syn).map((r, i) => [r.stage, ns(r.modelNs), ns(r.synthNs), r.errorPct.toFixed(1), broadcastCell(syn.stages[i]!), enableCell(syn.stages[i]!),
    syn.stages[i]!.path.map((p) => `${p.block} ${ns(p.logicNs)}`).join(' -> ') || '-']);
  rows.push(['clock period', ns(tim.periodNs), ns(syn.periodNs), (((tim.periodNs - syn.periodNs) / syn.periodNs) * 100).toFixed(1), '', '', `fmax model ${tim.fmaxMhz.toFixed(0)} MHz, synthesis ${syn.fmaxMhz.toFixed(0)} MHz`]);
  const lines = [formatTable(['stage (index name)', 'model (ns)', 'synthesis (ns)', 'model error (%)', 'broadcast fan-out (ns)', 'stall enable (ns)', 'synthesized path (logic ns each)'], rows).trimEnd()];
  const comp = rep.components.map((c) => {
    const t = c.result.timing;
    return [c.name, t === undefined ? '-' : ns(t.criticalPathNs), t === undefined ? '-' : t.sta.endpoints.slice(0, 3).map((e) => `${e.endpoint} ${ns(e.logicNs)} from ${e.startpoint}`).join('; ')];
  });
  if (rep.whole?.timing !== undefined) comp.push(['whole top (flat)', ns(rep.whole.timing.criticalPathNs), rep.whole.timing.sta.endpoints.slice(0, 3).map((e) => `${e.endpoint} ${ns(e.logicNs)} from ${e.startpoint}`).join('; ')]);
  lines.push('', formatTable(['component', 'critical path (ns)', 'worst endpoints (logic ns, from)'], comp).trimEnd());
  lines.push(`(${TIMING_NOTE})`);
  return lines.join('\n') + '\n';
}

function formatSynthReport(ir: EngineIR, est: AreaEstimate, rep: EngineSynthReport): string {
  const rows = compareModelToSynth(est, rep);
  const lines: string[] = [`${rep.top}: ${describe(ir)}`, `synthesis: Yosys, library ${est.library} (um^2 of cell area); pipeline L = ${est.latencyCycles} cycles`, ''];
  const table = rows.map((r) => [r.name, r.count, um2(r.modelUm2), um2(r.synthUm2), r.errorPct.toFixed(1), r.modelLevels, r.synthLevels, r.transistors]);
  table.push(['sum of components', '', um2(est.totalUm2), um2(rep.componentsTotalUm2), (((est.totalUm2 - rep.componentsTotalUm2) / rep.componentsTotalUm2) * 100).toFixed(1), '', '', rows.reduce((s, r) => s + r.transistors, 0)]);
  if (rep.whole !== undefined) {
    table.push([`whole top (flat)`, 1, um2(est.totalUm2), um2(rep.whole.areaUm2), (((est.totalUm2 - rep.whole.areaUm2) / rep.whole.areaUm2) * 100).toFixed(1), Math.max(...est.stageLevels.map((s) => s.levels)), rep.whole.criticalPath.levels, rep.whole.transistors.count]);
  }
  lines.push(formatTable(['component', 'count (instances)', 'model (um^2)', 'synthesis (um^2)', 'model error (%)', 'model depth (levels)', 'synth depth (levels)', 'synth (transistors)'], table).trimEnd());
  if (rep.wholeSkipped !== undefined) lines.push(`whole top not synthesized: ${rep.wholeSkipped}`);
  for (const c of rep.components) {
    if (c.slices > 1) lines.push(`${c.name}: synthesized as ${c.slices} slices of ${c.params.WIDTH! / c.slices} bits (one slice through Yosys, area, cells and transistors x ${c.slices}: exact, the bits are independent)`);
  }
  lines.push(`(${LEVELS_NOTE}; transistors from stat -tech cmos, library-free)`);
  return lines.join('\n') + '\n';
}

const TIMING_FLOW = { abcScript: 'nmcore', timing: true } as const;

/** The compared engines: 16 x 16 PEs with 16 multipliers each (equal lanes). */
export const EQUAL_LANE_ENGINES: readonly { label: string; input: EngineConfigInput }[] = [
  { label: 'nm2of4_w32_r16c16', input: { pattern: '2:4', window: 32, rows: 16, cols: 16 } },
  { label: 'nm4of8_w32_r16c16', input: { pattern: '4:8', window: 32, rows: 16, cols: 16 } },
  { label: 'nm8of16_w32_r16c16', input: { pattern: '8:16', window: 32, rows: 16, cols: 16 } },
  { label: 'nm16of32_r16c16', input: { pattern: '16:32', rows: 16, cols: 16 } },
  { label: 'dense_w16_r16c16', input: { pattern: '16:16', rows: 16, cols: 16 } },
];

/** Equal lanes, or for --basis window the same patterns at a 32-channel window (equal dense-equivalent throughput). */
function compareSet(basis: string): { label: string; input: EngineConfigInput }[] {
  const presets = [...EQUAL_LANE_ENGINES];
  if (basis === 'lanes') return presets;
  if (basis === 'window') {
    // Equal dense-equivalent throughput: every engine consumes 32 dense channels per cycle.
    return presets.map((p) => p.label.startsWith('dense')
      ? { label: 'dense_w32_r16c16', input: { ...p.input, pattern: '32:32', window: 32 } }
      : { label: p.label, input: { ...p.input, window: 32 } });
  }
  throw new UserError([error('cli_unknown_basis', `--basis must be lanes or window, not '${basis}'`, { field: '--basis' })]);
}

export function registerAreaCommands(program: Command, io: CliIo): void {
  addDescriptionOptions(program.command('area').description('estimate area (um^2), ns per stage, fmax (MHz) and logic depth (gate levels) with the analytic models (instant)'))
    .option('--top <top>', 'engine (dense activations in, compressor inside) | core (compressed activations + metadata in)', 'engine')
    .option('--json', 'print the estimate as JSON')
    .action((flags: DescriptionFlags & { top?: string; json?: boolean }) => {
      const ir = elaborate(resolveDescription(flags));
      const est = estimateArea(ir, topOf(flags.top));
      const tim = estimateTiming(ir, topOf(flags.top));
      if (flags.json) return printJson(io, { ...est, levelsNote: LEVELS_NOTE, timing: tim, timingNote: TIMING_NOTE });
      io.out(formatAreaReport(ir, est, tim));
    });

  addDescriptionOptions(program.command('synth').description('synthesize every component and the whole top with Yosys, area and ns per stage, and compare with the models (slow; progress on stderr)'))
    .requiredOption('-o, --out <dir>', 'directory for synth_report.json and synth_report.txt (written all or none)')
    .option('--top <top>', 'engine | core', 'engine')
    .option('--whole <when>', 'synthesize the whole flattened top too: auto (when small) | always | never', 'auto')
    .option('--pool <workers>', 'Yosys worker threads, 0..2', '2')
    .option('--delay-slice-bits <bits>', 'a delay line wider than this is synthesized as one equal bit slice and scaled (exact; 0 = never)', '256')
    .option('--json', 'print the report as JSON')
    .action(async (flags: DescriptionFlags & { out: string; top?: string; whole: string; pool: string; delaySliceBits: string; json?: boolean }) => {
      checkOutputDirectory(flags.out);
      const ir = elaborate(resolveDescription(flags));
      const top = topOf(flags.top);
      if (!['auto', 'always', 'never'].includes(flags.whole)) throw new UserError([error('cli_bad_whole', `--whole must be auto, always or never, not '${flags.whole}'`, { field: '--whole' })]);
      if (!/^[0-2]$/.test(flags.pool)) throw new UserError([error('cli_bad_pool', `--pool must be 0, 1 or 2, not '${flags.pool}'`, { field: '--pool' })]);
      const delaySliceBits = orThrow((d) => wholeNumberOption(d, '--delay-slice-bits', flags.delaySliceBits, 0, 1 << 20, 'bits'));
      const est = estimateArea(ir, top);
      // Synthesis reaches the Verilog emitter (Chevrotain): imported only when a run starts.
      const { synthesizeEngine } = await import('../../synth/engine_synth.js');
      const pool = new YosysPool({ size: Number(flags.pool) });
      const t0 = performance.now();
      let rep: EngineSynthReport;
      try {
        rep = await synthesizeEngine(ir, top, {
          pool, whole: flags.whole as 'auto' | 'always' | 'never', flow: TIMING_FLOW, delaySliceBits,
          onProgress: (p) => io.err(`[${p.done}/${p.total}] ${p.label}: ${p.result !== undefined ? `${um2(p.result.areaUm2)} um^2, ${p.result.criticalPath.levels} levels, ${p.result.criticalPath.delayNs !== undefined ? ns(p.result.criticalPath.delayNs) : '-'} ns` : 'FAILED'}, ${p.seconds.toFixed(1)} s\n`),
        });
      } finally {
        await pool.close();
      }
      const seconds = (performance.now() - t0) / 1000;
      const tim = estimateTiming(ir, top);
      const synTiming = synthStageTiming(ir, top, rep);
      const text = `${formatSynthReport(ir, est, rep)}\n${formatSynthTiming(tim, synTiming, rep)}`;
      const json = {
        description: describe(ir), top: rep.top, levelsNote: LEVELS_NOTE, timingNote: TIMING_NOTE, seconds, model: est, modelTiming: tim, synthesis: rep,
        synthesisTiming: synTiming, comparison: compareModelToSynth(est, rep), stageTimingComparison: compareStageTiming(tim, synTiming),
      };
      const written = writeOutputsAtomically(flags.out, new Map([['synth_report.json', JSON.stringify(json, null, 2) + '\n'], ['synth_report.txt', text]]));
      if (flags.json) return printJson(io, { ...json, written });
      io.out(text);
      io.out(`synthesized in ${seconds.toFixed(1)} s; wrote ${written.join(', ')}\n`);
    });

  program.command('compare').description('the 2:4, 4:8, 8:16, 16:32 and dense engines side by side: where the area goes (model)')
    .option('--basis <basis>', 'lanes: equal lanes (16 multipliers per PE, the equal-lane presets) | window: equal dense-equivalent throughput (32 channels per cycle)', 'lanes')
    .option('--top <top>', 'engine | core', 'engine')
    .option('--json', 'print as JSON')
    .action((flags: { basis: string; top?: string; json?: boolean }) => {
      const top = topOf(flags.top);
      const entries = compareSet(flags.basis).map(({ label, input }) => {
        const v = validateConfig(input);
        if (v.config === undefined) throw new UserError(v.diagnostics);
        const ir = elaborate(v.config);
        return { label, ir, est: estimateArea(ir, top), tim: estimateTiming(ir, top) };
      });
      if (flags.json) {
        return printJson(io, entries.map((e) => ({
          label: e.label, pattern: formatPattern(e.ir.modes[0]!), windowChannels: e.ir.windowChannels, lanes: e.ir.lanes, rows: e.ir.rows, cols: e.ir.cols,
          latencyCycles: e.est.latencyCycles, totalUm2: e.est.totalUm2, perKind: e.est.perKind, stageLevels: e.est.stageLevels,
          stages: e.tim.stages, periodNs: e.tim.periodNs, fmaxMhz: e.tim.fmaxMhz, criticalStage: e.tim.criticalStage,
          um2PerDenseMac: e.est.totalUm2 / (e.ir.windowChannels * e.ir.rows * e.ir.cols),
        })));
      }
      const headers = ['(um^2 unless stated)', ...entries.map((e) => `${formatPattern(e.ir.modes[0]!)} W${e.ir.windowChannels}`)];
      const rows: (string | number)[][] = AREA_CATEGORIES.map((k) => [k, ...entries.map((e) => `${um2(e.est.perKind[k])} (${pct(e.est.perKind[k], e.est.totalUm2)}%)`)]);
      rows.push(['total', ...entries.map((e) => um2(e.est.totalUm2))]);
      rows.push(['lanes per PE (multipliers)', ...entries.map((e) => e.ir.lanes)]);
      rows.push(['um^2 per dense MAC/cycle', ...entries.map((e) => um2(e.est.totalUm2 / (e.ir.windowChannels * e.ir.rows * e.ir.cols)))]);
      rows.push(['pipeline L (cycles)', ...entries.map((e) => e.est.latencyCycles)]);
      rows.push(['deepest stage (gate levels)', ...entries.map((e) => {
        const s = e.est.stageLevels.reduce((a, b) => (b.levels > a.levels ? b : a));
        return `${s.levels} (${s.stage})`;
      })]);
      io.out(`${top === 'engine' ? 'nm_engine' : 'nm_engine_core'}, ${flags.basis === 'lanes' ? 'equal lanes' : 'equal dense-equivalent throughput (window 32)'}, ${entries[0]!.ir.rows} x ${entries[0]!.ir.cols} PEs; model, library ${entries[0]!.est.library}\n`);
      rows.push(['clock period (ns)', ...entries.map((e) => `${ns(e.tim.periodNs)} (${e.tim.criticalStage})`)]);
      rows.push(['fmax (MHz)', ...entries.map((e) => e.tim.fmaxMhz.toFixed(0))]);
      io.out(formatTable(headers, rows));
      io.out(`(${TIMING_NOTE}; ${LEVELS_NOTE})\n`);
    });
}
