// The contract scenarios, on any backend: for each top, four scenarios from one seed (free-running,
// input stalls only, random stalls on every stream, random resets) with random and edge-case data;
// each run is checked against the untimed reference (values, order, holding under backpressure),
// the latency L with m_out_ready held high, and one slice per cycle when nothing stalls.

import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { Prng } from '../../src/util/prng.js';
import type { BackendFactory, BackendName } from './backend.js';
import { checkRun } from './contract_checker.js';
import type { CycleRecord, StreamStimulus } from './stimulus.js';
import { buildStimulus, cyclesFor, randomDotProducts, randomPolicy, type PolicyOptions } from './workload.js';

export interface VerifyOptions {
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
  /** One slice per cycle from the first to the last, the first on the edge after the reset. */
  readonly checkThroughput: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { name: 'free-running', policy: { pValid: 1, pOutReady: 1, pReset: 0 }, checkLatency: true, checkThroughput: true },
  { name: 'input stalls', policy: { pValid: 0.55, pOutReady: 1, pReset: 0 }, checkLatency: true, checkThroughput: false },
  { name: 'random stalls', policy: { pValid: 0.6, pOutReady: 0.45, pReset: 0 }, checkLatency: false, checkThroughput: false },
  { name: 'resets', policy: { pValid: 0.8, pOutReady: 0.7, pReset: 0.02 }, checkLatency: false, checkThroughput: false },
];

/** The edge that takes the first slice when everything is high: the first after the two reset cycles. */
const FIRST_TAKE_EDGE = 2;

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
  readonly backend: BackendName;
  readonly seed: number;
  readonly passed: boolean;
  readonly results: readonly ScenarioResult[];
}

/** The seed of scenario `index` under a run seed (printed with every result, so each is reproducible alone). */
export function scenarioSeed(seed: number, index: number): number {
  return (seed + index * 7919) >>> 0;
}

/** Every scenario on every top of `ir`, through the backend `backendFor` makes for each top. */
export function runContractScenarios(ir: EngineIR, backend: BackendName, backendFor: BackendFactory, o: VerifyOptions): VerifyReport {
  const results: ScenarioResult[] = [];
  for (const top of [ir.tops.engine, ir.tops.core]) {
    o.onProgress?.(`${top.module}: ${backend === 'verilator' ? 'building Verilator model' : backend === 'icarus' ? 'compiling with Icarus' : 'elaborating the cycle model'}`);
    const run = backendFor(top);
    SCENARIOS.forEach((sc, i) => {
      const r = runScenario(ir, top, (s) => run.run(s), sc, scenarioSeed(o.seed, i), o.dotProducts, o.maxSlices);
      results.push(r);
      o.onProgress?.(`${top.module}: ${sc.name}: ${r.errors.length === 0 ? 'ok' : 'FAILED'} (${r.slices} slices, ${r.cycles} cycles)`);
    });
  }
  return { backend, seed: o.seed, passed: results.every((r) => r.errors.length === 0), results };
}

function runScenario(
  ir: EngineIR, top: TopIR, run: (s: StreamStimulus) => CycleRecord[], sc: Scenario, seed: number, dotProducts: number, maxSlices: number,
): ScenarioResult {
  const rng = new Prng(seed);
  const slices = randomDotProducts(ir, rng, dotProducts, maxSlices);
  const policy = randomPolicy(rng, cyclesFor(slices.length, sc.policy, top.latencyCycles), sc.policy, ir.modeSelectBits);
  const records = run(buildStimulus(ir, top, slices, policy));
  const c = checkRun(ir, top, slices, records);
  const errors = [...c.errors];
  if (sc.policy.pReset === 0 && c.delivered !== dotProducts) errors.push(`${c.delivered} of ${dotProducts} results delivered`);
  if (sc.policy.pReset > 0 && records.some((r) => r.reset) && c.delivered === 0) errors.push('nothing delivered around the resets');
  if (sc.checkLatency && c.latencies.some((l) => l !== top.latencyCycles)) {
    errors.push(`latency measured ${[...new Set(c.latencies)].join(', ')} cycles, manifest says L = ${top.latencyCycles}`);
  }
  if (sc.checkThroughput) {
    const gaps = c.takeEdges.filter((e, k) => k > 0 && e !== c.takeEdges[k - 1]! + 1).length;
    if (gaps > 0 || c.takeEdges.length !== slices.length) errors.push(`not one slice per cycle: ${gaps} bubble(s), ${c.takeEdges.length} of ${slices.length} slices taken`);
    if (c.takeEdges.length > 0 && c.takeEdges[0] !== FIRST_TAKE_EDGE) errors.push(`first slice taken on edge ${c.takeEdges[0]}, expected ${FIRST_TAKE_EDGE} (the first after reset)`);
  }
  return {
    top: top.module, scenario: sc.name, seed, slices: slices.length, cycles: records.length, delivered: c.delivered,
    droppedByReset: c.droppedByReset, latenciesCycles: [...new Set(c.latencies)].sort((a, b) => a - b), errors,
  };
}
