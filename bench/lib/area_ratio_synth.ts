// Issue 15's area ratio measured in synthesis: each engine of the comparison (bench/lib/area_ratio.ts)
// is charged the cell area of its components, each distinct component (template + parameters, the
// model's rows: src/ir/block_groups.ts) synthesized ONCE with the project's flow (src/synth/, the
// default area flow, shipped Liberty library) and counted once per instance; identical components
// of different engines (the same PE in every sparse engine, both array sizes, both clocks) share one
// job. A delay line wider than `delaySliceBits` is synthesized as one slice of WIDTH s (the largest
// divisor of WIDTH up to that) and counted WIDTH / s times, the rule of src/synth/delay_line_slices.ts
// (exact: nm_delay_line is WIDTH independent bit slices; the test checks it), which avoids Yosys
// runs on tens of thousands of flip-flops at 16 x 16.
// Optionally the whole flattened top too. Returns per engine the synthesized and modelled area,
// the model's error, both advantages over dense and the component rows.
// What is counted: cell area (µm²) of the mapped netlist only: no wiring, no placement
// utilization, no clock tree, and no optimization across component boundaries.

import type { ScheduleObjective } from '../../src/config/schedule_options.js';
import { estimateArea, type ComponentEstimate } from '../../src/model/area.js';
import type { ModelCoefficients } from '../../src/model/coefficients.js';
import { groupBlocks } from '../../src/ir/block_groups.js';
import type { EngineIR } from '../../src/ir/types.js';
import { DEFAULT_DELAY_SLICE_BITS, delayLineSlicing } from '../../src/synth/delay_line_slices.js';
import { wholeTopSpec } from '../../src/synth/engine_synth.js';
import { DEFAULT_FLOW, type SynthSpec } from '../../src/synth/flows.js';
import { DEFAULT_LIBERTY_NAME } from '../../src/synth/liberty_cells.js';
import { synthesizeBatchSettled } from '../../src/synth/synthesize.js';
import { templateSpec } from '../../src/synth/template_sources.js';
import type { YosysPool } from '../../src/synth/yosys_pool.js';
import { advantageOverDense, isDensePattern, ratioEngine, ratioTarget, um2PerDenseMac } from './area_ratio.js';
import { figuresOf, type SynthCache, type SynthFigures } from './synth_cache.js';

export interface SynthRatioRequest {
  /** R = C of each array size. */
  readonly sizes: readonly number[];
  /** Patterns n:m; the dense W:W engine is added when absent (the reference of every ratio). */
  readonly patterns: readonly string[];
  readonly window: number;
  /** A = B (bits). */
  readonly bits: number;
  /** undefined: as generated; a number: the chooser's schedule at that target (MHz). */
  readonly clocks: readonly (number | undefined)[];
  readonly timingMarginPct: number;
  /** The chooser's objective at a target clock (default fewest cycles). */
  readonly scheduleObjective?: ScheduleObjective;
  readonly coefficients: ModelCoefficients;
  readonly pool: YosysPool;
  readonly cache?: SynthCache;
  /** Delay lines wider than this (bits) are synthesized as equal slices; 0 = never. Default 256. */
  readonly delaySliceBits?: number;
  /** Patterns whose whole flattened top is synthesized too (every size and clock asked for). */
  readonly whole?: readonly string[];
  readonly onProgress?: (line: string) => void;
}

export interface ComponentRatioRow {
  readonly name: string;
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
  /** Instances in the top. */
  readonly count: number;
  /** Equal bit slices one instance was synthesized as (1: synthesized whole). */
  readonly slices: number;
  /** One instance, synthesized (one slice x slices), µm². */
  readonly synthPerInstanceUm2: number;
  /** synthPerInstanceUm2 x count, µm². */
  readonly synthUm2: number;
  readonly modelUm2: number;
  /** (model - synthesis) / synthesis, %. */
  readonly errorPct: number;
}

export interface EngineRatioRow {
  readonly pattern: string;
  readonly rows: number;
  readonly cols: number;
  readonly targetMhz?: number;
  readonly unreachableBestMhz?: number;
  readonly latencyCycles: number;
  /** Sum of the components (one synthesis each, x instances), µm². */
  readonly synthUm2: number;
  readonly modelUm2: number;
  readonly modelErrorPct: number;
  readonly synthUm2PerDenseMac: number;
  /** Advantage over the dense engine of the same size and clock, synthesis (x). */
  readonly synthAdvantage: number;
  readonly modelAdvantage: number;
  /** Issue 15's target (x), when it sets one. */
  readonly target?: number;
  readonly components: readonly ComponentRatioRow[];
  /** The whole flattened top, when asked for. */
  readonly whole?: SynthFigures;
}

export interface SynthRatioReport {
  readonly rows: readonly EngineRatioRow[];
  readonly library: string;
  /** Distinct jobs the engines need (components, and whole tops). */
  readonly distinctJobs: number;
  /** Of which synthesized in this run (the rest came from the cache). */
  readonly synthesizedJobs: number;
  /** Sum of Yosys wall seconds of this run's jobs. */
  readonly yosysSeconds: number;
}

interface PlannedEngine {
  readonly pattern: string;
  readonly size: number;
  readonly clock: number | undefined;
  readonly ir: EngineIR;
  readonly unreachableBestMhz?: number;
  readonly model: readonly ComponentEstimate[];
  readonly modelUm2: number;
  readonly componentKeys: readonly string[];
  readonly counts: readonly number[];
  readonly slices: readonly number[];
  readonly wholeKey?: string;
}

/** Synthesizes every engine of the request (each distinct job once) and returns the ratio rows. */
export async function synthesizeAreaRatios(req: SynthRatioRequest): Promise<SynthRatioReport> {
  const dense = `${req.window}:${req.window}`;
  const patterns = req.patterns.some(isDensePattern) ? [...req.patterns] : [...req.patterns, dense];
  const denseOf = patterns.find(isDensePattern)!;
  const flow = DEFAULT_FLOW;
  const sliceBits = req.delaySliceBits ?? DEFAULT_DELAY_SLICE_BITS;
  const specs = new Map<string, { spec: SynthSpec; label: string; weightUm2: number }>();
  const keyOf = (spec: SynthSpec): string => req.cache?.key(spec, DEFAULT_LIBERTY_NAME, flow) ?? JSON.stringify(spec);
  const planned: PlannedEngine[] = [];
  for (const clock of req.clocks) {
    for (const size of req.sizes) {
      for (const pattern of patterns) {
        const e = ratioEngine({ pattern, window: req.window, rows: size, cols: size, bits: req.bits, ...(clock !== undefined ? { targetMhz: clock } : {}), timingMarginPct: req.timingMarginPct, ...(req.scheduleObjective !== undefined ? { scheduleObjective: req.scheduleObjective } : {}) }, req.coefficients);
        const est = estimateArea(e.ir, 'engine', req.coefficients);
        const groups = groupBlocks(e.ir.tops.engine);
        const slices: number[] = [];
        const componentKeys = groups.map((g, i) => {
          const m = est.components[i]!;
          if (m.name !== g.name || m.template !== g.template) throw new Error(`model row ${m.name} does not line up with synthesis row ${g.name}`);
          const { params, slices: n } = delayLineSlicing(g.template, g.params, sliceBits);
          slices.push(n);
          const spec = templateSpec(g.template, params);
          const key = keyOf(spec);
          if (!specs.has(key)) specs.set(key, { spec, label: `${g.template} ${Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ')}`, weightUm2: m.areaPerInstanceUm2 / slices[i]! });
          return key;
        });
        let wholeKey: string | undefined;
        if (req.whole?.includes(pattern) === true) {
          const spec = wholeTopSpec(e.ir, 'engine');
          wholeKey = keyOf(spec);
          if (!specs.has(wholeKey)) specs.set(wholeKey, { spec, label: `${pattern} ${size} x ${size} ${clock ?? 'as generated'} whole top (flattened)`, weightUm2: est.totalUm2 });
        }
        planned.push({
          pattern, size, clock, ir: e.ir, ...(e.unreachableBestMhz !== undefined ? { unreachableBestMhz: e.unreachableBestMhz } : {}),
          model: est.components, modelUm2: est.totalUm2, componentKeys, counts: groups.map((g) => g.blocks.length), slices, ...(wholeKey !== undefined ? { wholeKey } : {}),
        });
      }
    }
  }

  // Jobs not in the cache, the largest (by model area, a proxy for time) first so the pool's workers finish together.
  const figures = new Map<string, SynthFigures>();
  const todo: string[] = [];
  for (const key of specs.keys()) {
    const hit = req.cache?.get(key);
    if (hit !== undefined) figures.set(key, hit);
    else todo.push(key);
  }
  todo.sort((a, b) => specs.get(b)!.weightUm2 - specs.get(a)!.weightUm2);
  req.onProgress?.(`${specs.size} distinct jobs for ${planned.length} engines: ${specs.size - todo.length} cached, ${todo.length} to synthesize`);
  let yosysSeconds = 0;
  const outcomes = await synthesizeBatchSettled(todo.map((k) => specs.get(k)!.spec), {
    pool: req.pool,
    flow,
    onProgress: (p) => {
      const key = todo[p.index]!;
      yosysSeconds += p.seconds;
      if (p.result !== undefined) {
        const f = figuresOf(p.result);
        figures.set(key, f);
        req.cache?.put(key, f);
      }
      req.onProgress?.(`[${p.done}/${p.total}] ${specs.get(key)!.label}: ${p.result !== undefined ? `${p.result.areaUm2.toFixed(1)} µm²` : `FAILED ${p.error?.message.split('\n')[0]}`}, ${p.seconds.toFixed(1)} s`);
    },
  });
  const failed = outcomes.find((o) => !o.ok);
  if (failed !== undefined && !failed.ok) throw failed.error;

  const rows0 = planned.map((p) => {
    const components: ComponentRatioRow[] = p.componentKeys.map((key, i) => {
      const one = figures.get(key)!.areaUm2 * p.slices[i]!;
      const m = p.model[i]!;
      const synthUm2 = one * p.counts[i]!;
      return { name: m.name, template: m.template, params: m.params, count: p.counts[i]!, slices: p.slices[i]!, synthPerInstanceUm2: one, synthUm2, modelUm2: m.areaUm2, errorPct: (100 * (m.areaUm2 - synthUm2)) / synthUm2 };
    });
    const synthUm2 = components.reduce((s, c) => s + c.synthUm2, 0);
    return { p, components, synthUm2 };
  });
  const rows: EngineRatioRow[] = rows0.map(({ p, components, synthUm2 }) => {
    const ref = rows0.find((r) => r.p.pattern === denseOf && r.p.size === p.size && r.p.clock === p.clock)!;
    const target = ratioTarget(p.pattern, p.size);
    return {
      pattern: p.pattern, rows: p.size, cols: p.size, ...(p.clock !== undefined ? { targetMhz: p.clock } : {}),
      ...(p.unreachableBestMhz !== undefined ? { unreachableBestMhz: p.unreachableBestMhz } : {}),
      latencyCycles: p.ir.tops.engine.latencyCycles, synthUm2, modelUm2: p.modelUm2, modelErrorPct: (100 * (p.modelUm2 - synthUm2)) / synthUm2,
      synthUm2PerDenseMac: um2PerDenseMac(synthUm2, p.ir),
      synthAdvantage: advantageOverDense(synthUm2, p.ir, ref.synthUm2, ref.p.ir),
      modelAdvantage: advantageOverDense(p.modelUm2, p.ir, ref.p.modelUm2, ref.p.ir),
      ...(target !== undefined ? { target } : {}), components,
      ...(p.wholeKey !== undefined ? { whole: figures.get(p.wholeKey)! } : {}),
    };
  });
  return { rows, library: DEFAULT_LIBERTY_NAME, distinctJobs: specs.size, synthesizedJobs: todo.length, yosysSeconds };
}
