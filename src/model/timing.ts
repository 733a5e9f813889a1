// The analytic timing model: estimateTiming(ir, top) gives every block path's logic delay from its
// fitted form (timing_forms.ts, coefficients in tech/nangate45_fit.json), each pipeline stage's
// delay in ns (the chain of stage_chains.ts plus one register overhead: clock-to-Q + setup), the
// clock period (worst stage), fmax in MHz, and gate levels as the second figure. Reads only the
// IR; instant for any legal description. Target-clock pipelining can read stageDelaysNs/fmaxMhz.

import type { BlockKind, EngineIR, StageName, TopName } from '../ir/types.js';
import { InternalError } from '../diagnostics/diagnostic.js';
import { registerOverheadNs } from '../synth/sta.js';
import { estimateArea } from './area.js';
import { groupBlocks } from '../ir/block_groups.js';
import { loadCoefficients, type ModelCoefficients } from './coefficients.js';
import { stageChains } from './stage_chains.js';
import { timingForm, timingKeysOf, type TimingModelKey } from './timing_forms.js';
import type { Block } from '../ir/types.js';

export interface PathDelay {
  readonly block: string;
  readonly key: TimingModelKey;
  readonly logicNs: number;
}

export interface StageTiming {
  readonly index: number;
  readonly stage: StageName;
  /** Sum of the chain's logic delays, ns. */
  readonly logicNs: number;
  readonly registerOverheadNs: number;
  /** logicNs + registerOverheadNs: the shortest clock period this stage allows, ns. */
  readonly delayNs: number;
  readonly path: readonly PathDelay[];
  /** The area model's depth of the same chain, gate levels (second figure). */
  readonly levels: number;
}

export interface ComponentTiming {
  readonly kind: BlockKind;
  /** Same row names as the area model (`pe_r*_c*` for a row of equal PEs). */
  readonly name: string;
  readonly count: number;
  readonly paths: readonly { readonly key: TimingModelKey; readonly logicNs: number }[];
  /** Worst path + register overhead, ns. */
  readonly delayNs: number;
}

export interface TimingEstimate {
  readonly top: TopName;
  readonly library: string;
  readonly latencyCycles: number;
  readonly registerOverheadNs: number;
  readonly stages: readonly StageTiming[];
  readonly components: readonly ComponentTiming[];
  /** The stage that sets the clock. */
  readonly criticalStage: StageName;
  /** Worst stage delay, ns. */
  readonly periodNs: number;
  /** 1000 / periodNs. */
  readonly fmaxMhz: number;
}

const round = (x: number): number => Number(x.toFixed(4));

/** Modelled logic delay of one path class of a block, ns (never below 0). */
export function pathLogicNs(key: TimingModelKey, block: Block, coefficients: ModelCoefficients = loadCoefficients()): number {
  if (key === 'flex_bitonic_keep') return 0;
  const fitted = coefficients.timing[key] as ModelCoefficients['timing'][typeof key] | undefined;
  if (fitted === undefined) throw new InternalError(`the timing model has no fit for timing.${key}: refit with npx tsx bench/fit_area_model.ts --kinds flex_compressor,flex_decoder,mode_capture`);
  const features = timingForm(key).features.map((f) => f.of(block));
  return Math.max(0, fitted.coefficients.reduce((s, c, i) => s + c.value * features[i]!, 0));
}

/** Per-stage delays of a top in ns, register overhead included, in stage order (for target-clock pipelining). */
export function stageDelaysNs(ir: EngineIR, top: 'engine' | 'core' = 'engine', coefficients: ModelCoefficients = loadCoefficients()): number[] {
  return estimateTiming(ir, top, coefficients).stages.map((s) => s.delayNs);
}

/** The highest clock a top meets as generated, MHz. */
export function fmaxMhz(ir: EngineIR, top: 'engine' | 'core' = 'engine', coefficients: ModelCoefficients = loadCoefficients()): number {
  return estimateTiming(ir, top, coefficients).fmaxMhz;
}

/** Estimates the timing of one top of an elaborated engine. */
export function estimateTiming(ir: EngineIR, top: 'engine' | 'core' = 'engine', coefficients: ModelCoefficients = loadCoefficients()): TimingEstimate {
  const t = ir.tops[top];
  const overhead = registerOverheadNs();
  const levels = new Map(estimateArea(ir, top, coefficients).stageLevels.map((s) => [s.index, s.levels]));
  const stages: StageTiming[] = stageChains(t).map((c) => {
    const path = c.links.map((l) => ({ block: l.block.name, key: l.key, logicNs: round(pathLogicNs(l.key, l.block, coefficients)) }));
    const logicNs = round(path.reduce((s, p) => s + p.logicNs, 0));
    return { index: c.index, stage: c.stage, logicNs, registerOverheadNs: overhead, delayNs: round(logicNs + overhead), path, levels: levels.get(c.index) ?? 0 };
  });
  const components: ComponentTiming[] = groupBlocks(t).map((g) => {
    const b = g.blocks[0]!;
    const paths = timingKeysOf(b).map((key) => ({ key, logicNs: round(pathLogicNs(key, b, coefficients)) }));
    return { kind: b.kind, name: g.name, count: g.blocks.length, paths, delayNs: round(Math.max(...paths.map((p) => p.logicNs)) + overhead) };
  });
  const critical = stages.reduce((a, b) => (b.delayNs > a.delayNs ? b : a));
  return {
    top: t.module, library: coefficients.library, latencyCycles: t.latencyCycles, registerOverheadNs: overhead, stages, components,
    criticalStage: critical.stage, periodNs: critical.delayNs, fmaxMhz: round(1000 / critical.delayNs),
  };
}
