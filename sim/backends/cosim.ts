// Cosimulation: one stimulus through the TypeScript cycle model and another backend (the generated
// RTL on Verilator or Icarus), records compared field by field, cycle by cycle
// (sim/scenario/compare_records.ts). On the first divergence it returns the cycle, the differing
// signals and a window of line traces of both sides, the model's with its control state.

import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { controlLineTrace, traceWindow } from '../cycle/line_trace.js';
import { simulateStream } from '../cycle/engine.js';
import type { BackendName, EngineBackend } from '../scenario/backend.js';
import { compareRecords } from '../scenario/compare_records.js';
import type { CycleRecord, StreamStimulus } from '../scenario/stimulus.js';

export interface CosimDivergence {
  readonly cycle: number;
  /** Port names whose values differ (or 'record missing', 'X after reset'). */
  readonly signals: readonly string[];
  /** Line traces around the cycle: the TS model (with its control state) and the RTL. */
  readonly tsTrace: readonly string[];
  readonly rtlTrace: readonly string[];
}

export interface CosimResult {
  readonly top: string;
  readonly simulator: BackendName;
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

/** The stimulus on the TS model and on `other` (an RTL backend of the same top), compared. */
export function cosimulate(ir: EngineIR, top: TopIR, stimulus: StreamStimulus, other: EngineBackend, options: CosimOptions = {}): CosimResult {
  const t0 = performance.now();
  const ts = simulateStream(ir, top, stimulus);
  const t1 = performance.now();
  const rtl = other.run(stimulus);
  const t2 = performance.now();
  return compareRuns(ir, top, stimulus, ts, rtl, other.name, { ...options, tsSeconds: (t1 - t0) / 1000, rtlSeconds: (t2 - t1) / 1000 });
}

/** Progress of a segmented cosimulation, after each segment. */
export interface CosimSegmentProgress {
  readonly segment: number;
  readonly segments: number;
  readonly cyclesDone: number;
  readonly agreeSoFar: boolean;
}

/**
 * A long cosimulation as consecutive segments, each a stimulus of its own that starts from reset,
 * run and compared one at a time so memory stays bounded by one segment (records are not kept
 * across segments). Stops at the first divergence; its cycle counts from the start of the run.
 */
export function cosimulateSegments(
  ir: EngineIR, top: TopIR, segments: number, stimulusOf: (segment: number) => StreamStimulus, other: EngineBackend,
  onSegment?: (p: CosimSegmentProgress) => void, options: CosimOptions = {},
): CosimResult {
  let cyclesCompared = 0, cycles = 0, transfers = 0, results = 0, tsSeconds = 0, rtlSeconds = 0;
  for (let i = 0; i < segments; i++) {
    const r = cosimulate(ir, top, stimulusOf(i), other, options);
    const offset = cycles;
    cyclesCompared += r.cyclesCompared; cycles += r.cycles; transfers += r.transfers; results += r.results;
    tsSeconds += r.tsSeconds; rtlSeconds += r.rtlSeconds;
    onSegment?.({ segment: i + 1, segments, cyclesDone: cycles, agreeSoFar: r.agree });
    if (!r.agree) {
      // The line traces keep the segment's own cycle numbers; `cycle` counts from the start of the run.
      const d = r.divergence!;
      return { ...r, cyclesCompared: offset + r.cyclesCompared, cycles, transfers, results, tsSeconds, rtlSeconds, divergence: { ...d, cycle: offset + d.cycle } };
    }
  }
  return { top: top.module, simulator: other.name, agree: true, cyclesCompared, cycles, transfers, results, tsSeconds, rtlSeconds };
}

/** Compares records already produced for `stimulus` (the TS model's and the RTL's) into a CosimResult. */
export function compareRuns(
  ir: EngineIR, top: TopIR, stimulus: StreamStimulus, ts: readonly CycleRecord[], rtl: readonly CycleRecord[], simulator: BackendName,
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
