// buildTradeoffReport(): from traces, measured files and the engine sizes to the report's data
// (what report.json holds and every renderer reads): accuracy per layer and aggregated, cost per
// engine from the model and the replay, area over array sizes, the hardware mapping, the study's
// run logs, measured perplexity against the proxy, and the recommendation. No formatting here.

import { readFileSync } from 'node:fs';
import { aggregateResults, type AccuracyResult } from '../../accuracy/evaluate_layer.js';
import { isHardwarePattern, type CriterionId, type MitigationId, type PatternId } from '../../accuracy/ids.js';
import { generatorVersion } from '../../emit/generate.js';
import { packagePath } from '../../io/package_root.js';
import { synthesizeEngine } from '../../synth/engine_synth.js';
import { YosysPool } from '../../synth/yosys_pool.js';
import { areaOverSizes, type SizePoint } from './area_sizes.js';
import { costColumns, type CostColumn } from './cost_columns.js';
import type { LayerCost } from './cost.js';
import { costedEngines } from './engines.js';
import { targetClockTable, type TargetClockTable } from './target_clock.js';
import { DEFAULT_TARGET_MHZ } from './target_clock_default.js';
import { hardwareMapping, type HardwareMappingRow } from './hardware_mapping.js';
import { modeSchedule, type ModeSchedule } from './mode_schedule.js';
import type { MeasuredFile, ReportLayer, TraceInput } from './inputs.js';
import { compareMeasured, type MeasuredComparison } from './measured_compare.js';
import { recommend, type Recommendation } from './recommendation.js';
import { costLayersOf, runReportJobs } from './report_jobs.js';

export interface ReportOptions {
  readonly patterns: readonly PatternId[];
  readonly criteria: readonly CriterionId[];
  readonly mitigations: readonly MitigationId[];
  readonly rows: number;
  readonly cols: number;
  readonly sizes: readonly { rows: number; cols: number }[];
  readonly bandwidthBytesPerCycle: number;
  readonly actBits: number;
  readonly weightBits: number;
  readonly seed: number;
  readonly synth: boolean;
  /** Clock of the target-clock section, MHz (default 1000). */
  readonly targetMhz?: number;
  /** Guard band on targetMhz, percent (default DEFAULT_TIMING_MARGIN_PCT). */
  readonly timingMarginPct?: number;
  /** Per-layer budget on the engine's relative output error for the flexible engines' mode schedule (a fraction). */
  readonly errorBudget: number;
  /** The command line that made the report (for reproduction). */
  readonly command: string;
  /** Worker threads for the layers' accuracy and the engines' cost (default 1: this thread); the report does not depend on it. */
  readonly jobs?: number;
}

export interface LayerAccuracy {
  readonly id: string;
  readonly file: string;
  readonly layer: string;
  readonly tokens: number;
  readonly channels: number;
  readonly outChannels: number;
  readonly outChannelsSource: string;
  readonly weights: { readonly source: 'trace' | 'random'; readonly distribution?: string; readonly evalOutChannels: number; readonly sampled: boolean };
  readonly results: readonly AccuracyResult[];
}

export interface TradeoffReport {
  readonly format: 'nmcore-tradeoff-report';
  readonly version: 1;
  readonly nmcoreVersion: string;
  readonly inputs: {
    readonly command: string;
    readonly traces: readonly { path: string; sha256: string; bytes: number; layers: readonly { name: string; tokens: number; channels: number; dtype: string; weights: boolean }[] }[];
    readonly measured: readonly { path: string; sha256: string }[];
    readonly engines: readonly { label: string; role: string; config: unknown }[];
    readonly options: Omit<ReportOptions, 'command'>;
  };
  readonly definitions: Readonly<Record<string, string>>;
  readonly layers: readonly LayerAccuracy[];
  readonly aggregate: { readonly method: string; readonly results: readonly AccuracyResult[] };
  readonly cost: {
    readonly rows: number;
    readonly cols: number;
    readonly bandwidthBytesPerCycle: number;
    readonly engines: readonly string[];
    readonly columns: readonly CostColumn[];
    readonly perKindUm2: Readonly<Record<string, Readonly<Record<string, number>>>>;
    readonly perLayer: Readonly<Record<string, readonly LayerCost[]>>;
  };
  readonly areaOverSizes: readonly SizePoint[];
  /** Per engine: fmax as generated and the stages, L and area needed to reach the target clock. */
  readonly targetClock: TargetClockTable;
  readonly hardwareMapping: readonly HardwareMappingRow[];
  readonly publishedRunLogs: unknown;
  readonly measured: readonly MeasuredComparison[];
  readonly recommendation: Recommendation;
  /** The cheapest mode per layer under the error budget, flexible vs fixed engines; null without magnitude/none results. */
  readonly modeSchedule: ModeSchedule | null;
  readonly notes: readonly string[];
}

export const DEFINITIONS: Readonly<Record<string, string>> = {
  keptEnergy: 'Σ kept (x − η)² / Σ (x − η)² over the layer (η = 0 without a shift): the energy the pruner keeps of the row it prunes',
  relOutputError: '||X Wᵀ − X_eff Wᵀ||_F / ||X Wᵀ||_F in float64 on the evaluated output channels (the pruning alone, mitigation applied)',
  cosine: 'mean over tokens of cos(y_t, y~_t)',
  engineRelOutputError: 'the same against what the engine computes: x − η rounded to float32, A-bit per-token quantization, the criterion on the codes, B-bit per-row weights, integer dot products, epilogue in float',
  unstructured: 'top floor(K/2) of each token row by the criterion (the study\'s reference)',
  amber: '|x_j|·f_j, f_j = ||Ŵ_:,j|| / min_k ||Ŵ_:,k||, Ŵ = (W − μ)/σ over the weights in [q0.005, q0.995]; quantiles over all weights (the study samples 50k when W has > 100k: a stated deviation)',
  clact: '|x_j|·||X_:,j||_2 over the trace\'s tokens (of X − η under a shift)',
  var: 'v_t = sqrt(Var_j x_tj / max(Var_j x~_tj, 1e-9)), unbiased, zeros counted; y~_t = v_t · x~_t Wᵀ',
  dynamic_shift: 'η_t = lower median of x_t; the mask from the criterion on x_t − η_t; pruned positions become η_t',
  static_shift: 'one η = mean over the trace\'s tokens of the per-token lower medians (calibrated on the trace itself), then as dynamic_shift',
  ties: 'on equal score the lower channel index wins; a tied group is one whose n-th and (n+1)-th scores are equal',
  aggregate: 'unweighted mean over layers of each per-layer number (tie and group counts summed)',
};


const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8')) as unknown;

/** Synthesizes every sparse and dense engine's components (Yosys), µm² each. */
async function synthAreas(engines: ReturnType<typeof costedEngines>, progress: (s: string) => void): Promise<(number | null)[]> {
  const pool = new YosysPool({ size: 2 });
  try {
    const out: (number | null)[] = [];
    for (const e of engines) {
      progress(`synthesis: ${e.label} ...`);
      const rep = await synthesizeEngine(e.ir, 'engine', { pool, whole: 'never' });
      out.push(rep.componentsTotalUm2);
    }
    return out;
  } finally {
    await pool.close();
  }
}

export async function buildTradeoffReport(traces: readonly TraceInput[], layers: readonly ReportLayer[], measured: readonly MeasuredFile[], o: ReportOptions, progress: (s: string) => void): Promise<TradeoffReport> {
  const plan = { patterns: o.patterns, criteria: o.criteria, mitigations: o.mitigations, actBits: o.actBits };
  const engines = costedEngines(o.patterns, o.rows, o.cols, o.actBits, o.weightBits);
  const { accuracy, costs } = await runReportJobs({
    layers, plan, weightBits: o.weightBits, seed: o.seed, bandwidthBytesPerCycle: o.bandwidthBytesPerCycle,
    engines: { patterns: o.patterns, rows: o.rows, cols: o.cols, actBits: o.actBits, weightBits: o.weightBits },
  }, engines, o.jobs ?? 1, progress);
  const perLayer: LayerAccuracy[] = layers.map((l, i) => ({
    id: l.id, file: l.file, layer: l.layer.name, tokens: l.layer.tokens, channels: l.layer.channels, outChannels: l.outChannels, outChannelsSource: l.outChannelsSource,
    weights: accuracy.layers[i]!.weights, results: accuracy.layers[i]!.results,
  }));
  const aggregated = aggregateResults(perLayer.map((l) => l.results));

  const costLayers = costLayersOf(layers);
  const synth = o.synth ? await synthAreas(engines, progress) : undefined;
  const t1 = performance.now();
  const baseline = perLayer.every((l) => l.results.some((x) => x.criterion === 'magnitude' && x.mitigation === 'none'));
  const schedule = baseline
    ? modeSchedule(engines.filter((e) => e.role === 'sparse'), o.patterns, costLayers, perLayer.map((l) => ({
      id: l.id, errorAt: (p: string) => l.results.find((x) => x.pattern === p && x.criterion === 'magnitude' && x.mitigation === 'none')!.engineRelOutputError,
    })), { errorBudget: o.errorBudget, rows: o.rows, cols: o.cols, actBits: o.actBits, weightBits: o.weightBits, bandwidthBytesPerCycle: o.bandwidthBytesPerCycle })
    : null;
  if (schedule !== null) progress(`mode schedule: ${schedule.engines.length} engines, every mode of each replayed on ${layers.length} layers, ${((performance.now() - t1) / 1000).toFixed(2)} s`);
  const hardware = o.patterns.filter(isHardwarePattern);
  const areaByPattern = new Map(costs.filter((_, i) => engines[i]!.role === 'sparse').map((c) => [c.label, c.areaUm2]));

  const notes: string[] = [];
  const random = perLayer.filter((l) => l.weights.source === 'random');
  if (schedule === null) notes.push('No mode schedule: it needs magnitude selection without mitigation in --criteria and --mitigations.');
  if (random.length > 0) notes.push(`${random.length} of ${perLayer.length} layers have no weights in their trace: their output error uses seeded random weights (${random[0]!.weights.distribution}).`);
  notes.push(accuracy.fallbackReason === undefined
    ? `Output errors computed on every output channel with ${accuracy.engine}: float32 residual GEMMs for the pruning alone, exact int8 products for the engine (float32 above 8 bits), the dense Y in float64.`
    : `Output errors computed by the ${accuracy.engine} because ${accuracy.fallbackReason}.`);
  const sampled = perLayer.filter((l) => l.weights.sampled);
  for (const l of sampled) notes.push(`${l.id}: output error evaluated on a seeded sample of ${l.weights.evalOutChannels} of ${l.outChannels} output channels (kept energy is exact).`);
  const assumed = perLayer.filter((l) => l.outChannelsSource.startsWith('assumed'));
  if (assumed.length > 0) notes.push(`${assumed.map((l) => l.id).join(', ')}: O unknown, assumed O = K for the cost replay and random weights.`);
  const synthetic = traces.filter((t) => t.layers.some((l) => l.meta.source === 'synthetic'));
  if (synthetic.length > 0) notes.push(`${synthetic.map((t) => t.path).join(', ')} hold synthetic activations (nmcore's generator), not captured ones.`);
  const caveats = [...(random.length > 0 ? ['output error partly on random weights'] : []), ...(synthetic.length > 0 ? ['some traces are synthetic'] : []),
    `area from the model at ${o.rows} x ${o.cols} PEs, equal lanes (${engines[0]!.ir.lanes} multipliers per PE)`];

  return {
    format: 'nmcore-tradeoff-report', version: 1, nmcoreVersion: generatorVersion(),
    inputs: {
      command: o.command,
      traces: traces.map((t) => ({ path: t.path, sha256: t.sha256, bytes: t.bytes, layers: t.layers.map((l) => ({ name: l.name, tokens: l.tokens, channels: l.channels, dtype: l.dtype, weights: l.weights !== undefined })) })),
      measured: measured.map((m) => ({ path: m.path, sha256: m.sha256 })),
      engines: engines.map((e) => ({ label: e.label, role: e.role, config: e.ir.config })),
      options: { patterns: o.patterns, criteria: o.criteria, mitigations: o.mitigations, rows: o.rows, cols: o.cols, sizes: o.sizes, bandwidthBytesPerCycle: o.bandwidthBytesPerCycle, actBits: o.actBits, weightBits: o.weightBits, seed: o.seed, synth: o.synth, errorBudget: o.errorBudget },
    },
    definitions: DEFINITIONS,
    layers: perLayer,
    aggregate: { method: DEFINITIONS.aggregate!, results: aggregated },
    cost: {
      rows: o.rows, cols: o.cols, bandwidthBytesPerCycle: o.bandwidthBytesPerCycle, engines: costs.map((c) => c.label),
      columns: costColumns(costs, o.bandwidthBytesPerCycle, synth),
      perKindUm2: Object.fromEntries(costs.map((c) => [c.label, c.perKindUm2])),
      perLayer: Object.fromEntries(costs.map((c) => [c.label, c.layers])),
    },
    areaOverSizes: areaOverSizes(o.patterns, o.sizes, o.actBits, o.weightBits),
    targetClock: targetClockTable(engines, o.targetMhz ?? DEFAULT_TARGET_MHZ, o.timingMarginPct),
    hardwareMapping: hardwareMapping(engines, costs),
    publishedRunLogs: readJson(packagePath('src', 'report', 'tradeoff', 'published_run_logs.json')),
    measured: measured.map((m) => compareMeasured(m, aggregated)),
    recommendation: recommend(aggregated, areaByPattern, hardware, caveats),
    modeSchedule: schedule,
    notes,
  };
}
