// The results of a sweep as plain data (what results.json holds and every renderer reads): one
// row per point joining its jobs' results (model, replay, synthesis, cosim) with its pattern's
// output error, the Pareto front over area × output error × cycles, the failures and notes.
// Deterministic: no timings or machine names, so a local and a queued run give the same file.

import { generatorVersion } from '../emit/generate.js';
import { JOB_KINDS, type PointEngine, type SweepJob, type SweepPoint } from './jobs.js';
import { paretoFront } from './pareto.js';
import type { AccuracyJobResult, CosimJobResult, JobResult, ModelResult, ReplayResult, SynthesisResult } from './run_job.js';
import type { StudyRun } from './run_study.js';
import type { Study } from './study.js';
import { traceRefPath, type TraceRef } from './trace_refs.js';

/** One point's row: its engine's fields (PointEngine), then the figures measured for it. */
export interface ResultRow extends PointEngine {
  readonly id: string;
  readonly organization: string;
  readonly clockNs: number;
  readonly lanes: number | null;
  readonly modelAreaUm2: number | null;
  readonly um2PerDenseMacPerCycle: number | null;
  readonly latencyCycles: number | null;
  readonly synthAreaUm2: number | null;
  readonly computeBoundCycles: number | null;
  readonly cyclesAtBandwidth: number | null;
  readonly stallCyclesAtBandwidth: number | null;
  readonly macUtilization: number | null;
  readonly speedupOverDense: number | null;
  readonly bytesRead: number | null;
  readonly timeAtClockNs: number | null;
  readonly fmaxMhz: number | null;
  readonly meetsClock: boolean | null;
  readonly energyPjPerToken: number | null;
  readonly engineRelOutputError: number | null;
  readonly relOutputError: number | null;
  readonly keptEnergy: number | null;
  readonly cosimAgree: boolean | null;
  readonly failed: readonly string[];
  readonly pareto: boolean;
}

/** Column keys of ResultRow with unit and meaning, in table order (results.csv's header). */
export const RESULT_COLUMNS: readonly { readonly key: keyof ResultRow; readonly unit: string; readonly what: string }[] = [
  { key: 'id', unit: '', what: 'point: pattern, window, array, widths, metadata, organization, clock' },
  { key: 'pattern', unit: 'n:m', what: 'N:M pattern' },
  { key: 'window', unit: 'channels', what: 'dense activation channels per cycle' },
  { key: 'rows', unit: 'PEs', what: 'tokens in parallel' },
  { key: 'cols', unit: 'PEs', what: 'output channels in parallel' },
  { key: 'actBits', unit: 'bits', what: 'activation width' },
  { key: 'weightBits', unit: 'bits', what: 'weight width' },
  { key: 'accBits', unit: 'bits', what: 'accumulator width' },
  { key: 'meta', unit: '', what: 'metadata encoding of nm_engine_core' },
  { key: 'organization', unit: '', what: 'engine: nm_engine (compressor inside); core: nm_engine_core (compressed in)' },
  { key: 'clockNs', unit: 'ns', what: 'target clock period (checked against the timing model: meetsClock)' },
  { key: 'lanes', unit: 'multipliers/PE', what: 'lanes per PE' },
  { key: 'modelAreaUm2', unit: 'µm²', what: 'area, analytic model' },
  { key: 'um2PerDenseMacPerCycle', unit: 'µm²/(MAC/cycle)', what: 'model area per dense-equivalent MAC per cycle' },
  { key: 'latencyCycles', unit: 'cycles', what: 'pipeline latency L' },
  { key: 'synthAreaUm2', unit: 'µm²', what: 'area, Yosys synthesis of the components' },
  { key: 'computeBoundCycles', unit: 'cycles', what: 'replay of every trace layer, unlimited bandwidth' },
  { key: 'cyclesAtBandwidth', unit: 'cycles', what: 'replay at the study bandwidth' },
  { key: 'stallCyclesAtBandwidth', unit: 'cycles', what: 'memory stalls at the study bandwidth' },
  { key: 'macUtilization', unit: 'fraction', what: 'useful MACs / (multipliers × cycles), unlimited bandwidth' },
  { key: 'speedupOverDense', unit: '×', what: 'over a dense engine with the same multipliers' },
  { key: 'bytesRead', unit: 'bytes', what: 'activations + metadata + weights read' },
  { key: 'timeAtClockNs', unit: 'ns', what: 'cycles at bandwidth × clock period' },
  { key: 'fmaxMhz', unit: 'MHz', what: 'fmax of the top, timing model' },
  { key: 'meetsClock', unit: '', what: 'the timing model\'s clock period is at most clockNs' },
  { key: 'energyPjPerToken', unit: 'pJ', what: 'energy per token over the trace layers, energy model x replay action counts' },
  { key: 'engineRelOutputError', unit: 'fraction', what: 'output error of what the engine computes (magnitude, no mitigation), mean over layers' },
  { key: 'relOutputError', unit: 'fraction', what: 'output error of the pruning alone (float64)' },
  { key: 'keptEnergy', unit: 'fraction', what: 'activation energy kept' },
  { key: 'cosimAgree', unit: '', what: 'TS cycle model and Icarus agree cycle by cycle' },
  { key: 'failed', unit: '', what: 'kinds of work that failed' },
  { key: 'pareto', unit: '', what: 'on the Pareto front' },
];

export interface SweepResults {
  readonly format: 'nmcore-sweep-results';
  readonly version: 1;
  readonly nmcoreVersion: string;
  /** Model fingerprint (SHA-256 of the code and data that computed them) of each kind of job run. */
  readonly modelFingerprints: Readonly<Partial<Record<SweepJob['kind'], string>>>;
  readonly study: {
    readonly name: string;
    readonly file: string;
    readonly axes: Study['axes'];
    readonly run: Study['run'];
    readonly traces: readonly TraceRef[];
    readonly bandwidthBytesPerCycle: number;
    readonly seed: number;
  };
  readonly columns: typeof RESULT_COLUMNS;
  readonly points: readonly ResultRow[];
  readonly pareto: { readonly objectives: readonly string[]; readonly ids: readonly string[] };
  readonly failures: readonly { readonly key: string; readonly kind: string; readonly message: string }[];
  readonly notes: readonly string[];
}

export function sweepResults(study: Study, traces: readonly TraceRef[], points: readonly SweepPoint[], jobs: readonly SweepJob[], run: StudyRun): SweepResults {
  const get = <T extends JobResult>(key: string | undefined): T | null => (key === undefined ? null : ((run.results.get(key) as T | undefined) ?? null));
  const rows = points.map((p) => {
    const model = get<ModelResult>(p.jobs.model), rep = get<ReplayResult>(p.jobs.replay), syn = get<SynthesisResult>(p.jobs.synthesis);
    const cos = get<CosimJobResult>(p.jobs.cosim), acc = get<AccuracyJobResult>(p.accuracyJob);
    const failed = [...Object.entries(p.jobs), ['accuracy', p.accuracyJob] as const].filter(([, k]) => k !== undefined && run.failures.has(k)).map(([kind]) => kind!);
    return {
      id: p.id, ...p.engine, organization: p.organization, clockNs: p.clockNs,
      lanes: model?.lanes ?? null, modelAreaUm2: model?.areaUm2 ?? null, um2PerDenseMacPerCycle: model?.um2PerDenseMacPerCycle ?? null, latencyCycles: model?.latencyCycles ?? null,
      synthAreaUm2: syn?.areaUm2 ?? null,
      computeBoundCycles: rep?.computeBoundCycles ?? null, cyclesAtBandwidth: rep?.cyclesAtBandwidth ?? null, stallCyclesAtBandwidth: rep?.stallCyclesAtBandwidth ?? null,
      macUtilization: rep?.macUtilization ?? null, speedupOverDense: rep?.speedupOverDense ?? null, bytesRead: rep?.bytesRead ?? null,
      timeAtClockNs: rep !== null ? rep.cyclesAtBandwidth * p.clockNs : null,
      fmaxMhz: model?.fmaxMhz ?? null, meetsClock: model !== null ? model.periodNs <= p.clockNs : null,
      energyPjPerToken: rep?.energyPjPerToken ?? null,
      engineRelOutputError: acc?.engineRelOutputError ?? null, relOutputError: acc?.relOutputError ?? null, keptEnergy: acc?.keptEnergy ?? null,
      cosimAgree: cos?.agree ?? null, failed, pareto: false,
    };
  });
  const areaKey = study.run.includes('model') ? 'modelAreaUm2' : 'synthAreaUm2';
  const objectives: (keyof ResultRow)[] = [areaKey, ...(traces.length > 0 ? ['engineRelOutputError' as const] : []), ...(study.run.includes('replay') ? ['cyclesAtBandwidth' as const] : [])];
  const front = new Set(paretoFront(rows.map((r) => objectives.map((k) => r[k] as number | null))));
  const finalRows: ResultRow[] = rows.map((r, i) => ({ ...r, pareto: front.has(i) }));
  const byKey = new Map(jobs.map((j) => [j.key, j]));
  const notes: string[] = [];
  const unevaluated = points.filter((p) => p.accuracyJob === undefined).map((p) => p.engine.pattern);
  if (traces.length > 0 && unevaluated.length > 0) notes.push(`no output error for ${[...new Set(unevaluated)].join(', ')}: nmcore evaluates 2:4, 4:8, 8:16, 16:32 and dense; those points are left off the Pareto front`);
  notes.push('output error: magnitude selection, no mitigation (what the generated engine computes), mean over the traces\' layers; layers without weights use seeded random weights (docs/report.md)');
  notes.push('clockNs is a target carried into time = cycles × period; nmcore has no delay model yet, so it is not checked against the logic depth');
  return {
    format: 'nmcore-sweep-results', version: 1, nmcoreVersion: generatorVersion(),
    modelFingerprints: Object.fromEntries(JOB_KINDS.map((k) => [k, jobs.find((j) => j.kind === k)?.modelFingerprint]).filter(([, f]) => f !== undefined)),
    study: { name: study.name, file: traceRefPath(study.file), axes: study.axes, run: study.run, traces, bandwidthBytesPerCycle: study.bandwidthBytesPerCycle, seed: study.seed },
    columns: RESULT_COLUMNS,
    points: finalRows,
    pareto: { objectives, ids: finalRows.filter((r) => r.pareto).map((r) => r.id) },
    failures: [...run.failures].map(([key, message]) => ({ key, kind: byKey.get(key)?.kind ?? '?', message })),
    notes,
  };
}
