// verifyEngine(): proves a generated engine against the contract on an RTL simulator. For each top
// it runs four scenarios from one seed (free-running, input stalls only, random stalls on every
// stream, random resets) and checks values against the reference, the latency L with m_out_ready
// held high, and one slice per cycle when nothing stalls.

import type { GeneratedEngine } from '../../src/emit/generate.js';
import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { Prng } from '../../src/util/prng.js';
import { runIcarus } from '../rtl/icarus/run.js';
import { buildVerilatorModel } from '../rtl/verilator/build.js';
import { runVerilatorModel } from '../rtl/verilator/run.js';
import { checkRun } from './contract_checker.js';
import type { CycleRecord, StreamStimulus } from './stimulus.js';
import { buildStimulus, cyclesFor, randomDotProducts, randomPolicy, type PolicyOptions } from './workload.js';

export type RtlSimulator = 'verilator' | 'icarus';

export interface VerifyOptions {
  readonly simulator: RtlSimulator;
  readonly seed: number;
  /** Dot products per scenario. */
  readonly dotProducts: number;
  /** Longest dot product, in slices (lengths are drawn from 1..maxSlices, S = 1 often). */
  readonly maxSlices: number;
  readonly onProgress?: (message: string) => void;
}

interface Scenario {
  readonly name: string;
  readonly policy: PolicyOptions;
  /** Every result must appear exactly L edges after its last slice (m_out_ready held high). */
  readonly checkLatency: boolean;
  /** One slice per cycle from the first to the last. */
  readonly checkThroughput: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'free-running', policy: { pValid: 1, pOutReady: 1, pReset: 0 }, checkLatency: true, checkThroughput: true },
  { name: 'input stalls', policy: { pValid: 0.55, pOutReady: 1, pReset: 0 }, checkLatency: true, checkThroughput: false },
  { name: 'random stalls', policy: { pValid: 0.6, pOutReady: 0.45, pReset: 0 }, checkLatency: false, checkThroughput: false },
  { name: 'resets', policy: { pValid: 0.8, pOutReady: 0.7, pReset: 0.02 }, checkLatency: false, checkThroughput: false },
];

export interface ScenarioResult {
  readonly top: string;
  readonly scenario: string;
  readonly seed: number;
  readonly slices: number;
  readonly cycles: number;
  readonly delivered: number;
  readonly droppedByReset: number;
  /** Distinct measured latencies in cycles (one value, L, when checked). */
  readonly latenciesCycles: readonly number[];
  readonly errors: readonly string[];
}

export interface VerifyReport {
  readonly simulator: RtlSimulator;
  readonly seed: number;
  readonly passed: boolean;
  readonly results: readonly ScenarioResult[];
}

function runner(ir: EngineIR, gen: GeneratedEngine, top: TopIR, simulator: RtlSimulator): (s: StreamStimulus) => CycleRecord[] {
  if (simulator === 'icarus') return (s) => runIcarus(gen.files, gen.verilogFiles, top, s);
  const model = buildVerilatorModel(gen.files, gen.verilogFiles, top);
  return (s) => runVerilatorModel(model.binary, s);
}

export function verifyEngine(ir: EngineIR, gen: GeneratedEngine, o: VerifyOptions): VerifyReport {
  const results: ScenarioResult[] = [];
  for (const top of [ir.tops.engine, ir.tops.core]) {
    o.onProgress?.(`${top.module}: ${o.simulator === 'verilator' ? 'building Verilator model' : 'compiling with Icarus'}`);
    const run = runner(ir, gen, top, o.simulator);
    SCENARIOS.forEach((sc, i) => {
      const seed = (o.seed + i * 7919) >>> 0;
      const rng = new Prng(seed);
      const slices = randomDotProducts(ir, rng, o.dotProducts, o.maxSlices);
      const policy = randomPolicy(rng, cyclesFor(slices.length, sc.policy, top.latencyCycles), sc.policy);
      const records = run(buildStimulus(ir, top, slices, policy));
      const c = checkRun(ir, top, slices, records);
      const errors = [...c.errors];
      if (sc.policy.pReset === 0 && c.delivered !== o.dotProducts) errors.push(`${c.delivered} of ${o.dotProducts} results delivered`);
      if (sc.checkLatency && c.latencies.some((l) => l !== top.latencyCycles)) {
        errors.push(`latency measured ${[...new Set(c.latencies)].join(', ')} cycles, manifest says L = ${top.latencyCycles}`);
      }
      if (sc.checkThroughput) {
        const gaps = c.takeEdges.filter((e, k) => k > 0 && e !== c.takeEdges[k - 1]! + 1).length;
        if (gaps > 0 || c.takeEdges.length !== slices.length) errors.push(`not one slice per cycle: ${gaps} bubble(s), ${c.takeEdges.length} of ${slices.length} slices taken`);
      }
      results.push({
        top: top.module, scenario: sc.name, seed, slices: slices.length, cycles: records.length, delivered: c.delivered,
        droppedByReset: c.droppedByReset, latenciesCycles: [...new Set(c.latencies)].sort((a, b) => a - b), errors,
      });
      o.onProgress?.(`${top.module}: ${sc.name}: ${errors.length === 0 ? 'ok' : 'FAILED'} (${slices.length} slices, ${records.length} cycles)`);
    });
  }
  return { simulator: o.simulator, seed: o.seed, passed: results.every((r) => r.errors.length === 0), results };
}

/** Every failed scenario of a report as text (empty when it passed), for test and CLI messages. */
export function formatFailures(report: VerifyReport): string {
  return report.results.filter((r) => r.errors.length > 0)
    .map((r) => `${r.top} / ${r.scenario} (seed ${r.seed}):\n${r.errors.join('\n')}`).join('\n\n');
}
