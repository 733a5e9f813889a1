// Runs one sweep job on this machine, the same code locally and in a queue worker: the area model
// (src/model), the layer replay over the study's traces (sim/replay), Yosys synthesis of the
// components (src/synth, on a YosysPool), a TS-model-vs-Icarus cosimulation, or the output error
// of one pattern on the traces (src/accuracy, magnitude selection, no mitigation: what the
// generated engine computes). Deterministic: the same job gives the same result anywhere.

import { aggregateResults, evaluateLayer } from '../accuracy/evaluate_layer.js';
import type { PatternId } from '../accuracy/ids.js';
import { layerWeights } from '../accuracy/layer_weights.js';
import { validateConfig } from '../config/validate.js';
import { error, InternalError, UserError } from '../diagnostics/diagnostic.js';
import { generateEngine } from '../emit/generate.js';
import { elaborate } from '../ir/elaborate.js';
import type { EngineIR } from '../ir/types.js';
import { estimateArea } from '../model/area.js';
import { estimateTiming } from '../model/timing.js';
import { layerEnergy } from '../../sim/replay/layer_energy.js';
import { synthesizeEngine } from '../synth/engine_synth.js';
import type { YosysPool } from '../synth/yosys_pool.js';
import { Prng } from '../util/prng.js';
import { cosimulate } from '../../sim/backends/cosim.js';
import { replayLayer, replayTotals } from '../../sim/replay/layer_report.js';
import { icarusBackend } from '../../sim/rtl/backends.js';
import { icarusStatus } from '../../sim/rtl/tools.js';
import { SCENARIOS } from '../../sim/scenario/verify.js';
import { buildStimulus, randomDotProducts, randomPolicy } from '../../sim/scenario/workload.js';
import type { PointEngine, SweepJob } from './jobs.js';
import { loadTraceRefs } from './trace_refs.js';

export interface ModelResult {
  readonly areaUm2: number; readonly latencyCycles: number; readonly lanes: number; readonly denseMacsPerCycle: number; readonly um2PerDenseMacPerCycle: number;
  /** Timing model: fmax (MHz) and clock period (ns) of the organization's top. */
  readonly fmaxMhz: number; readonly periodNs: number;
}
export interface ReplayResult {
  readonly layers: number;
  readonly computeBoundCycles: number;
  readonly cyclesAtBandwidth: number;
  readonly stallCyclesAtBandwidth: number;
  readonly macUtilization: number;
  readonly speedupOverDense: number;
  readonly bytesRead: number;
  /** Energy over the layers (compute-bound replay's action counts x energy per action), pJ, and per token. */
  readonly energyPj: number;
  readonly energyPjPerToken: number;
}
export interface SynthesisResult { readonly areaUm2: number; readonly components: number }
export interface CosimJobResult { readonly agree: boolean; readonly simulator: string; readonly cycles: number; readonly results: number; readonly scenario: string }
export interface AccuracyJobResult { readonly layers: number; readonly relOutputError: number; readonly engineRelOutputError: number; readonly keptEnergy: number; readonly cosine: number }
export type JobResult = ModelResult | ReplayResult | SynthesisResult | CosimJobResult | AccuracyJobResult;

export interface JobContext {
  /** Synthesis runs here (one is made and closed per job when absent). */
  readonly pool?: YosysPool;
}

function irOf(e: PointEngine): EngineIR {
  const v = validateConfig({ ...e });
  if (v.config === undefined) throw new UserError(v.diagnostics);
  return elaborate(v.config);
}

function replay(job: Extract<SweepJob, { kind: 'replay' }>): ReplayResult {
  const ir = irOf(job.engine);
  const layers = loadTraceRefs(job.traces);
  const reports = (bandwidth?: number) => layers.map((l) => replayLayer(ir, l.layer, {
    mode: ir.defaultMode, top: job.organization, outChannels: l.outChannels, ...(bandwidth !== undefined ? { memory: { bandwidthBytesPerCycle: bandwidth } } : {}),
  }));
  const freeReports = reports();
  const free = replayTotals(freeReports), bw = replayTotals(reports(job.bandwidthBytesPerCycle));
  const energyPj = freeReports.reduce((s, r) => s + layerEnergy(ir, job.organization, r).energy.totalPj, 0);
  const tokens = layers.reduce((s, l) => s + l.layer.tokens, 0);
  return {
    layers: layers.length, computeBoundCycles: free.totalCycles, cyclesAtBandwidth: bw.totalCycles, stallCyclesAtBandwidth: bw.stallCycles,
    macUtilization: free.macUtilization, speedupOverDense: free.speedupOverDense,
    bytesRead: free.bytes.activationBytes + free.bytes.metadataBytes + free.bytes.weightBytes,
    energyPj, energyPjPerToken: tokens > 0 ? energyPj / tokens : 0,
  };
}

function cosim(job: Extract<SweepJob, { kind: 'cosim' }>): CosimJobResult {
  const tool = icarusStatus();
  if (!tool.available) throw new UserError([error('sweep_icarus_missing', `cosim needs Icarus Verilog, which is not installed; ${tool.install}`)]);
  const ir = irOf(job.engine);
  const top = ir.tops[job.organization];
  const scenario = SCENARIOS.find((s) => s.name === 'random stalls') ?? SCENARIOS[0]!;
  const rng = new Prng(job.seed);
  const cycles = 400;
  const slices = randomDotProducts(ir, rng, cycles / 2, 6);
  const policy = randomPolicy(rng, cycles, scenario.policy);
  const r = cosimulate(ir, top, buildStimulus(ir, top, slices, policy), icarusBackend(generateEngine(ir), top));
  return { agree: r.agree, simulator: 'icarus', cycles: r.cycles, results: r.results, scenario: scenario.name };
}

function accuracy(job: Extract<SweepJob, { kind: 'accuracy' }>): AccuracyJobResult {
  const layers = loadTraceRefs(job.traces);
  const patterns = job.pattern === 'dense' ? [] : [job.pattern as PatternId];
  const perLayer = layers.map((l) => {
    const w = layerWeights(l.layer, l.outChannels, l.outChannelsSource, job.weightBits, job.seed);
    return evaluateLayer(l.layer, w, { patterns, criteria: ['magnitude'], mitigations: ['none'], actBits: job.actBits });
  });
  const row = aggregateResults(perLayer).find((r) => r.pattern === job.pattern);
  if (row === undefined) throw new InternalError(`no accuracy row for ${job.pattern}`);
  return { layers: layers.length, relOutputError: row.relOutputError, engineRelOutputError: row.engineRelOutputError, keptEnergy: row.keptEnergy, cosine: row.cosine };
}

/** Runs one job. */
export async function runJob(job: SweepJob, ctx: JobContext = {}): Promise<JobResult> {
  switch (job.kind) {
    case 'model': {
      const ir = irOf(job.engine);
      const est = estimateArea(ir, job.organization);
      const denseMacsPerCycle = ir.windowChannels * ir.rows * ir.cols;
      const timing = estimateTiming(ir, job.organization);
      return {
        areaUm2: est.totalUm2, latencyCycles: est.latencyCycles, lanes: ir.lanes, denseMacsPerCycle, um2PerDenseMacPerCycle: est.totalUm2 / denseMacsPerCycle,
        fmaxMhz: timing.fmaxMhz, periodNs: timing.periodNs,
      };
    }
    case 'replay': return replay(job);
    case 'synthesis': {
      const rep = await synthesizeEngine(irOf(job.engine), job.organization, { whole: 'never', ...(ctx.pool !== undefined ? { pool: ctx.pool } : {}) });
      return { areaUm2: rep.componentsTotalUm2, components: rep.components.length };
    }
    case 'cosim': return cosim(job);
    case 'accuracy': return accuracy(job);
  }
}
