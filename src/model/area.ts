// The analytic area and logic-depth model: estimateArea(ir, top) charges every IR block of a top
// with its fitted form (forms.ts, coefficients in tech/nangate45_fit.json) and groups identical
// blocks into report rows. Reads only the IR (never the config) and runs in milliseconds for any
// legal description. Areas are cell area in µm² (no wiring); depth is in gate levels of the
// area-mapped netlist (ns per stage: timing.ts). Pipeline cycles are the IR's latencyCycles.

import { assertNever, InternalError } from '../diagnostics/diagnostic.js';
import type { Block, BlockKind, EngineIR, StageName, TopIR, TopName } from '../ir/types.js';
import { groupBlocks } from '../ir/block_groups.js';
import { loadCoefficients, type FittedForm, type ModelCoefficients } from './coefficients.js';
import { areaForm, areaKeyOf, levelsForm, levelsKeysOf, type AreaModelKey, type LevelsModelKey, type PePart } from './forms.js';
import { stageChains, type ChainLink } from './stage_chains.js';
import { cellData } from '../synth/tech/nangate45_cells.js';

/** Where area goes: block kinds, muxes split by operand, PEs split into their parts. */
export type AreaCategory =
  | 'control' | 'pipeline_registers' | 'compressor' | 'meta_decoder' | 'act_mux' | 'wgt_mux'
  | 'pe_multipliers' | 'pe_adder_tree' | 'pe_accumulator_registers';
export const AREA_CATEGORIES: readonly AreaCategory[] = [
  'control', 'pipeline_registers', 'compressor', 'meta_decoder', 'act_mux', 'wgt_mux', 'pe_multipliers', 'pe_adder_tree', 'pe_accumulator_registers',
];

/** PE area by part, µm², summed over the row's instances. */
export interface PeParts {
  readonly multipliersUm2: number;
  readonly adderTreeUm2: number;
  readonly accumulatorRegistersUm2: number;
}

/** One report row: identical blocks (same template and parameters) of a top. */
export interface ComponentEstimate {
  readonly kind: BlockKind;
  /** Block name, or a pattern such as `pe_r*_c*` when the row holds several instances. */
  readonly name: string;
  readonly modelKey: AreaModelKey;
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
  readonly count: number;
  readonly areaPerInstanceUm2: number;
  /** areaPerInstanceUm2 * count. */
  readonly areaUm2: number;
  /** Modelled depth of one instance in gate levels (the second figure beside ns, see timing.ts). */
  readonly levels: number;
  readonly parts?: PeParts;
}

/** Longest modelled chain of gate levels ending in one pipeline stage's registers. */
export interface StageLevels {
  readonly index: number;
  readonly stage: StageName;
  readonly levels: number;
  /** Blocks on the chain, in signal order. */
  readonly path: readonly string[];
}

export interface AreaEstimate {
  readonly top: TopName;
  readonly library: string;
  /** Pipeline depth L of this top, from the IR. */
  readonly latencyCycles: number;
  readonly components: readonly ComponentEstimate[];
  readonly totalUm2: number;
  readonly perKind: Readonly<Record<AreaCategory, number>>;
  readonly stageLevels: readonly StageLevels[];
}

/** A fitted form, or a clear error when the file predates the key (flexible blocks). */
function fittedOf<K extends string>(forms: Readonly<Record<K, FittedForm>>, kind: string, key: K): FittedForm {
  const f = forms[key] as FittedForm | undefined;
  if (f === undefined) throw new InternalError(`the area model has no fit for ${kind}.${key}: refit with npx tsx bench/fit_area_model.ts --kinds flex_compressor,flex_decoder,mode_capture`);
  return f;
}

function evaluate(fitted: FittedForm, features: readonly number[]): number {
  return fitted.coefficients.reduce((s, c, i) => s + c.value * features[i]!, 0);
}

/**
 * The result skid of a readyCut PE, µm²: two 2:1 muxes per accumulator bit (the accumulator
 * register's input takes the result register on a last slice; `out` shows the accumulator while
 * held). Not fitted: MUX2_X1's cell area from the cell table (the fit has no readyCut points).
 */
export function skidMuxAreaUm2(accBits: number): number {
  return 2 * accBits * cellData('MUX2_X1')!.areaUm2;
}

/** Modelled area of one block, µm², with the PE's parts. */
export function blockAreaUm2(block: Block, coefficients: ModelCoefficients = loadCoefficients()): { areaUm2: number; parts?: PeParts } {
  const key = areaKeyOf(block);
  const form = areaForm(key);
  const fitted = fittedOf(coefficients.area, 'area', key);
  const terms = form.features.map((f, i) => ({ part: f.part, um2: fitted.coefficients[i]!.value * f.of(block) }));
  if (block.kind === 'pe' && block.skid) terms.push({ part: 'accumulator_registers', um2: skidMuxAreaUm2(block.accBits) });
  const areaUm2 = terms.reduce((s, t) => s + t.um2, 0);
  if (block.kind !== 'pe') return { areaUm2 };
  const sum = (p: PePart): number => terms.filter((t) => t.part === p).reduce((s, t) => s + t.um2, 0);
  return { areaUm2, parts: { multipliersUm2: sum('multipliers'), adderTreeUm2: sum('adder_tree'), accumulatorRegistersUm2: sum('accumulator_registers') } };
}

/** Modelled depth of one block's path in gate levels (one levels form). */
export function pathLevels(key: LevelsModelKey, block: Block, coefficients: ModelCoefficients = loadCoefficients()): number {
  const form = levelsForm(key);
  return Math.max(1, Math.round(evaluate(fittedOf(coefficients.levels, 'levels', key), form.features.map((f) => f.of(block)))));
}

/** Modelled depth of one block in gate levels: the deepest of its paths. */
export function blockLevels(block: Block, coefficients: ModelCoefficients = loadCoefficients()): number {
  return Math.max(...levelsKeysOf(block).map((k) => pathLevels(k, block, coefficients)));
}

function categoryOf(block: Block): AreaCategory {
  switch (block.kind) {
    case 'stream_control': return 'control';
    case 'delay_line': return 'pipeline_registers';
    case 'compressor': case 'flex_compressor': return 'compressor';
    case 'meta_decoder': case 'flex_decoder': return 'meta_decoder';
    case 'mode_capture': return 'control';
    case 'mux_network': return block.operand === 'act' ? 'act_mux' : 'wgt_mux';
    case 'pe': return 'pe_multipliers';
    default: return assertNever(block, 'block kind');
  }
}

/**
 * The levels key charged for one link of a stage chain (a pipelined compressor's two halves share one
 * form); undefined for a link without logic (a bitonic compressor's registered keep mask).
 */
function levelsKeyOfLink(link: ChainLink): LevelsModelKey | undefined {
  switch (link.key) {
    case 'compressor_compare': case 'compressor_rank': return 'compressor_pipelined';
    case 'pe_multiply': case 'pe_merge': case 'pe_multiply_cs': case 'pe_merge_cs': return 'pe_tree';
    case 'pe_accumulator_cs': case 'pe_accumulator_split': return 'pe_accumulator';
    case 'flex_rank': return 'flex_compressor_rank';
    case 'flex_rank_compare': case 'flex_rank_count': return 'flex_compressor_rank_pipelined';
    case 'flex_bitonic': return link.block.kind === 'flex_compressor' && link.block.pipelineStages > 0 ? 'flex_compressor_bitonic_pipelined' : 'flex_compressor_bitonic';
    case 'flex_bitonic_keep': return undefined;
    default: return link.key;
  }
}

/** The chain of blocks that ends in each stage's registers (stage_chains.ts), with its modelled depth. */
function stageLevelsOf(top: TopIR, coefficients: ModelCoefficients): StageLevels[] {
  return stageChains(top).map((c) => ({
    index: c.index, stage: c.stage,
    levels: c.links.reduce((sum, l) => { const key = levelsKeyOfLink(l); return sum + (key === undefined ? 0 : pathLevels(key, l.block, coefficients)); }, 0),
    path: c.links.map((l) => l.block.name),
  }));
}

/**
 * Estimates the area (µm²) and depth (gate levels) of one top of an elaborated engine.
 * @param top which top: 'engine' (dense activations in, compressor inside) or 'core'.
 */
export function estimateArea(ir: EngineIR, top: 'engine' | 'core' = 'engine', coefficients: ModelCoefficients = loadCoefficients()): AreaEstimate {
  const t = ir.tops[top];
  const perKind = Object.fromEntries(AREA_CATEGORIES.map((c) => [c, 0])) as Record<AreaCategory, number>;
  const components: ComponentEstimate[] = [];
  for (const { blocks, name, template, params } of groupBlocks(t)) {
    const b = blocks[0]!;
    const count = blocks.length;
    const one = blockAreaUm2(b, coefficients);
    const parts = one.parts === undefined ? undefined : {
      multipliersUm2: one.parts.multipliersUm2 * count, adderTreeUm2: one.parts.adderTreeUm2 * count,
      accumulatorRegistersUm2: one.parts.accumulatorRegistersUm2 * count,
    };
    if (parts !== undefined) {
      perKind.pe_multipliers += parts.multipliersUm2;
      perKind.pe_adder_tree += parts.adderTreeUm2;
      perKind.pe_accumulator_registers += parts.accumulatorRegistersUm2;
    } else {
      perKind[categoryOf(b)] += one.areaUm2 * count;
    }
    components.push({
      kind: b.kind, name, modelKey: areaKeyOf(b), template, params,
      count, areaPerInstanceUm2: one.areaUm2, areaUm2: one.areaUm2 * count, levels: blockLevels(b, coefficients), ...(parts !== undefined ? { parts } : {}),
    });
  }
  const totalUm2 = components.reduce((s, c) => s + c.areaUm2, 0);
  return { top: t.module, library: coefficients.library, latencyCycles: t.latencyCycles, components, totalUm2, perKind, stageLevels: stageLevelsOf(t, coefficients) };
}
