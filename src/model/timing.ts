// The analytic timing model: estimateTiming(ir, top) gives every block path's logic delay from its
// fitted form (timing_forms.ts, coefficients in tech/nangate45_fit.json), each pipeline stage's
// delay in ns (the chain of stage_chains.ts plus one register overhead: clock-to-Q + setup; with the
// array's fan-outs: the launching broadcast register's buffer tree and the stall-enable path, from
// src/synth/fanout_timing.ts, the same cell-table rule the synthesis stage timing adds), the
// clock period (worst stage), fmax in MHz, and gate levels as the second figure. Reads only the
// IR; instant for any legal description. Target-clock pipelining can read stageDelaysNs/fmaxMhz.

import type { BlockKind, EngineIR, StageFanoutIR, StageName, TopName } from '../ir/types.js';
import { InternalError } from '../diagnostics/diagnostic.js';
import { registerOverheadNs } from '../synth/sta.js';
import { estimateArea } from './area.js';
import { groupBlocks } from '../ir/block_groups.js';
import { loadCoefficients, type ModelCoefficients } from './coefficients.js';
import { stageChains } from './stage_chains.js';
import { readyThroughNs, stageDelayWithFanoutNs, stageFanoutTiming } from '../synth/fanout_timing.js';
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
  /** The broadcast register launching the chain with the largest extra fan-out delay (src/synth/fanout_timing.ts). */
  readonly broadcast?: { readonly net: string; readonly sinkPinsPerBit: number; readonly extraNs: number };
  /** A broadcast selecting at the chain's end (acc_first): its own path to the registers, logic ns. */
  readonly select?: { readonly net: string; readonly sinkPinsPerBit: number; readonly logicNs: number };
  /** The stall-enable path into this stage's flip-flops: logic ns and the flip-flops its buffer tree drives. */
  readonly enable: { readonly logicNs: number; readonly flipFlops: number };
  /** max(logicNs + broadcast extra, enable logic) + registerOverheadNs: the shortest clock period this stage allows, ns. */
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
  /** Logic of the combinational path m_out_ready -> s_act_ready/s_wgt_ready, ns (0: none, readyCut). */
  readonly readyThroughNs: number;
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
export function estimateTiming(ir: EngineIR, top: 'engine' | 'core' = 'engine', coefficients: ModelCoefficients = loadCoefficients(),
  /** The stage fan-outs to time with (default the IR's own; the chooser passes a larger array's, src/ir/array_fanouts.ts). */
  fanoutFacts: readonly StageFanoutIR[] = ir.tops[top].stageFanouts): TimingEstimate {
  const t = ir.tops[top];
  const overhead = registerOverheadNs();
  const levels = new Map(estimateArea(ir, top, coefficients).stageLevels.map((s) => [s.index, s.levels]));
  const fanouts = stageFanoutTiming(t, fanoutFacts);
  const stages: StageTiming[] = stageChains(t).map((c) => {
    const path = c.links.map((l) => ({ block: l.block.name, key: l.key, logicNs: round(pathLogicNs(l.key, l.block, coefficients)) }));
    const logicNs = round(path.reduce((s, p) => s + p.logicNs, 0));
    const f = fanouts[c.index]!;
    return {
      index: c.index, stage: c.stage, logicNs, registerOverheadNs: overhead, ...(f.broadcast !== undefined ? { broadcast: f.broadcast } : {}), ...(f.select !== undefined ? { select: f.select } : {}), enable: f.enable,
      delayNs: stageDelayWithFanoutNs(logicNs, f, overhead), path, levels: levels.get(c.index) ?? 0,
    };
  });
  const components: ComponentTiming[] = groupBlocks(t).map((g) => {
    const b = g.blocks[0]!;
    const paths = timingKeysOf(b).map((key) => ({ key, logicNs: round(pathLogicNs(key, b, coefficients)) }));
    return { kind: b.kind, name: g.name, count: g.blocks.length, paths, delayNs: round(Math.max(...paths.map((p) => p.logicNs)) + overhead) };
  });
  const critical = stages.reduce((a, b) => (b.delayNs > a.delayNs ? b : a));
  return {
    top: t.module, library: coefficients.library, latencyCycles: t.latencyCycles, registerOverheadNs: overhead, stages, components,
    criticalStage: critical.stage, periodNs: critical.delayNs, fmaxMhz: round(1000 / critical.delayNs), readyThroughNs: readyThroughNs(t),
  };
}
