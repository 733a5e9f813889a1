// Cosimulation: one stimulus through the TypeScript model (sim/engine.ts) and the generated RTL
// (Verilator by default, or Icarus), records compared field by field, cycle by cycle. On the first
// divergence it returns the cycle, the differing signals and a window of line traces of both sides.
// X/Z from a 4-state simulator is tolerated only up to the first reset edge.

import type { GeneratedEngine } from '../../src/emit/generate.js';
import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { runIcarus } from '../rtl/icarus/run.js';
import { controlLineTrace, traceWindow } from '../cycle/line_trace.js';
import type { CycleRecord, StreamStimulus } from '../scenario/stimulus.js';
import type { RtlSimulator } from '../scenario/verify.js';
import { buildVerilatorModel } from '../rtl/verilator/build.js';
import { runVerilatorModel } from '../rtl/verilator/run.js';
import { simulateStream } from '../cycle/engine.js';

/** Compared fields, by the port they show. */
const FIELDS: readonly [keyof CycleRecord, string][] = [
  ['reset', 'rst'], ['actValid', 's_act_valid'], ['wgtValid', 's_wgt_valid'], ['actReady', 's_act_ready'], ['wgtReady', 's_wgt_ready'],
  ['last', 's_act_last'], ['outValid', 'm_out_valid'], ['outReady', 'm_out_ready'], ['outHex', 'm_out_data'],
];

export interface CosimDivergence {
  readonly cycle: number;
  /** Port names whose values differ (or 'record missing', 'X after reset'). */
  readonly signals: readonly string[];
  /** Line traces around the cycle: the TS model (with its control state) and the RTL. */
  readonly tsTrace: readonly string[];
  readonly rtlTrace: readonly string[];
}

export interface RecordComparison {
  readonly agree: boolean;
  readonly cyclesCompared: number;
  readonly divergence?: { readonly cycle: number; readonly signals: readonly string[] };
}

/** First cycle where two record streams differ. RTL X/Z before the first reset edge is ignored. */
export function compareRecords(ts: readonly CycleRecord[], rtl: readonly CycleRecord[]): RecordComparison {
  const firstReset = ts.findIndex((r) => r.reset);
  const n = Math.max(ts.length, rtl.length);
  for (let i = 0; i < n; i++) {
    const a = ts[i], b = rtl[i];
    if (a === undefined || b === undefined) return { agree: false, cyclesCompared: i, divergence: { cycle: i, signals: [`record missing on the ${a === undefined ? 'TS' : 'RTL'} side`] } };
    const unknown = new Set(b.unknownSignals ?? []);
    if (unknown.size > 0 && (firstReset < 0 || i > firstReset)) {
      return { agree: false, cyclesCompared: i, divergence: { cycle: a.cycle, signals: [`X/Z on the RTL side: ${[...unknown].join(', ')}`] } };
    }
    const differ: string[] = [];
    for (const [field, port] of FIELDS) {
      if (unknown.has(port)) continue;
      if (field === 'outHex' && unknown.has('m_out_valid')) continue;
      if (a[field] !== b[field]) differ.push(port);
    }
    if (a.cycle !== b.cycle) differ.push('cycle');
    if (differ.length > 0) return { agree: false, cyclesCompared: i, divergence: { cycle: a.cycle, signals: differ } };
  }
  return { agree: true, cyclesCompared: n };
}

export interface CosimResult {
  readonly top: string;
  readonly simulator: RtlSimulator;
  readonly agree: boolean;
  readonly cyclesCompared: number;
  readonly cycles: number;
  /** Slices taken (activation transfers), per the TS model. */
  readonly transfers: number;
  /** Results transferred on m_out, per the TS model. */
  readonly results: number;
  readonly divergence?: CosimDivergence;
  readonly tsSeconds: number;
  /** RTL run time, Verilator build included when it was not cached. */
  readonly rtlSeconds: number;
}

export interface CosimOptions {
  /** Cycles either side of a divergence in the traces (default 6). */
  readonly windowCycles?: number;
}

/** Runs the RTL of `top` on a stimulus and returns its records. */
export function runRtl(gen: GeneratedEngine, top: TopIR, stimulus: StreamStimulus, simulator: RtlSimulator): CycleRecord[] {
  if (simulator === 'icarus') return runIcarus(gen.files, gen.verilogFiles, top, stimulus);
  const model = buildVerilatorModel(gen.files, gen.verilogFiles, top);
  return runVerilatorModel(model.binary, stimulus);
}

export function cosimulate(ir: EngineIR, gen: GeneratedEngine, top: TopIR, stimulus: StreamStimulus, simulator: RtlSimulator = 'verilator', options: CosimOptions = {}): CosimResult {
  const t0 = performance.now();
  const ts = simulateStream(ir, top, stimulus);
  const t1 = performance.now();
  const rtl = runRtl(gen, top, stimulus, simulator);
  const t2 = performance.now();
  return compareRuns(ir, top, stimulus, ts, rtl, simulator, { ...options, tsSeconds: (t1 - t0) / 1000, rtlSeconds: (t2 - t1) / 1000 });
}

/** Compares records already produced for `stimulus` (the TS model's and the RTL's) into a CosimResult. */
export function compareRuns(
  ir: EngineIR, top: TopIR, stimulus: StreamStimulus, ts: readonly CycleRecord[], rtl: readonly CycleRecord[], simulator: RtlSimulator,
  options: CosimOptions & { tsSeconds?: number; rtlSeconds?: number } = {},
): CosimResult {
  const span = options.windowCycles ?? 6;
  const cmp = compareRecords(ts, rtl);
  let divergence: CosimDivergence | undefined;
  if (cmp.divergence !== undefined) {
    const at = cmp.divergence.cycle;
    // Re-run the model to collect its control trace around the divergence only.
    const notes = new Map<number, string>();
    simulateStream(ir, top, { slices: stimulus.slices, policy: stimulus.policy.slice(0, at + span + 1) }, {
      onCycle: (r, m) => { if (r.cycle >= at - span) notes.set(r.cycle, controlLineTrace(m)); },
    });
    divergence = { cycle: at, signals: cmp.divergence.signals, tsTrace: traceWindow(ts, at, span, notes), rtlTrace: traceWindow(rtl, at, span) };
  }
  return {
    top: top.module, simulator, agree: cmp.agree, cyclesCompared: cmp.cyclesCompared, cycles: stimulus.policy.length,
    transfers: ts.filter((r) => r.actValid && r.actReady).length, results: ts.filter((r) => r.outValid && r.outReady).length,
    ...(divergence !== undefined ? { divergence } : {}), tsSeconds: options.tsSeconds ?? 0, rtlSeconds: options.rtlSeconds ?? 0,
  };
}

/** A divergence as text: the cycle, the signals, then both traces. */
export function formatDivergence(r: CosimResult): string {
  const d = r.divergence;
  if (d === undefined) return '';
  return `${r.top}: first divergence at cycle ${d.cycle} on ${d.signals.join(', ')}\n` +
    `  TypeScript model (record | control: stage valid/last bits, acc_first, enable, loads):\n${d.tsTrace.map((l) => `    ${l}`).join('\n')}\n` +
    `  RTL (${r.simulator}):\n${d.rtlTrace.map((l) => `    ${l}`).join('\n')}\n`;
}
