// Fits the coefficients of every form in forms.ts to synthesis results of IR blocks by least
// squares, weighting each point by 1/measured² (so the fit minimizes relative error), and records
// the residuals. Pure: the caller synthesizes (bench/fit_area_model.ts) and writes the file.

import type { Block, ProcessingElementBlock } from '../ir/types.js';
import type { SynthResult } from '../synth/flows.js';
import type { FittedForm, FitResidual, ModelCoefficients } from './coefficients.js';
import { AREA_MODEL_KEYS, areaForm, areaKeyOf, featureVector, LEVELS_MODEL_KEYS, levelsForm, levelsKeysOf, type AreaModelKey, type Form, type LevelsModelKey } from './forms.js';
import { leastSquares } from './least_squares.js';
import { synthPathNs, TIMING_MODEL_KEYS, timingForm, timingKeysOf, type FittedTimingKey } from './timing_forms.js';

/** One synthesized block. */
export interface FitPoint {
  readonly block: Block;
  readonly result: SynthResult;
}

export function pointLabel(block: Block): string {
  return `${block.template} ${Object.entries(block.params).map(([k, v]) => `${k}=${v}`).join(' ')}`;
}

function fitForm(form: Form<Block>, points: readonly { block: Block; target: number }[], what: string): FittedForm {
  if (points.length < form.features.length) {
    throw new Error(`fit ${what}: ${points.length} points for ${form.features.length} coefficients; widen the sweep`);
  }
  const rows = points.map((p) => featureVector(form, p.block));
  const targets = points.map((p) => p.target);
  const fit = leastSquares(rows, targets, targets.map((y) => 1 / Math.max(y, 1e-9) ** 2));
  const each: FitResidual[] = points.map((p, i) => ({
    point: pointLabel(p.block), measured: p.target, model: round(fit.predicted[i]!, 3),
    errorPct: round(((fit.predicted[i]! - p.target) / p.target) * 100, 2),
  }));
  const rmsPct = Math.sqrt(each.reduce((s, r) => s + r.errorPct ** 2, 0) / each.length);
  return {
    formula: form.formula,
    coefficients: form.features.map((f, i) => ({ feature: f.name, value: round(fit.coefficients[i]!, 6), unit: f.unit })),
    residuals: { points: each.length, rmsPct: round(rmsPct, 2), maxAbsPct: round(Math.max(...each.map((r) => Math.abs(r.errorPct))), 2), each },
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

/**
 * The PE's depth is the larger of two paths. Fit each on the points where it is the deeper one:
 * start with the accumulator for P <= 2 and the tree otherwise, then reassign each point to the
 * path with the larger prediction and refit, a few rounds.
 */
function fitPeLevels(points: readonly FitPoint[]): { tree: FittedForm; acc: FittedForm } {
  const treeForm = levelsForm('pe_tree');
  const accForm = levelsForm('pe_accumulator');
  let onTree = points.map((p) => (p.block as ProcessingElementBlock).lanes > 2);
  let tree!: FittedForm, acc!: FittedForm;
  const predict = (f: FittedForm, form: Form<Block>, b: Block): number => featureVector(form, b).reduce((s, v, i) => s + v * f.coefficients[i]!.value, 0);
  for (let round = 0; round < 4; round++) {
    const target = (sel: boolean) => points.filter((_, i) => onTree[i] === sel).map((p) => ({ block: p.block, target: p.result.criticalPath.levels }));
    tree = fitForm(treeForm, target(true), 'levels.pe_tree');
    acc = fitForm(accForm, target(false), 'levels.pe_accumulator');
    const next = points.map((p) => predict(tree, treeForm, p.block) >= predict(acc, accForm, p.block));
    const treeCount = next.filter(Boolean).length;
    if (treeCount < treeForm.features.length || points.length - treeCount < accForm.features.length) break;
    if (next.every((v, i) => v === onTree[i])) break;
    onTree = next;
  }
  return { tree, acc };
}

/** Fits every timing form to the logic delay (ns) of its paths; needs points synthesized with the flow's `timing`. */
function fitTiming(points: readonly FitPoint[], keys: readonly FittedTimingKey[]): ModelCoefficients['timing'] {
  return Object.fromEntries(keys.map((key): [FittedTimingKey, FittedForm] => {
    // The accumulator is fitted on unsplit PEs (split PEs have their own form, pe_accumulator_split:
    // their accumulator paths are mapped up to the merge adder and the part sums beside them).
    const from = key === 'pe_accumulator' ? points.filter((p) => p.block.kind !== 'pe' || p.block.psumParts === 0) : points;
    const pts = from.filter((p) => timingKeysOf(p.block).includes(key)).map((p) => {
      if (p.result.timing === undefined) throw new Error(`fit timing.${key}: ${pointLabel(p.block)} was synthesized without timing`);
      return { block: p.block, target: synthPathNs(key, p.result.timing.sta) };
    });
    return [key, fitForm(timingForm(key), pts, `timing.${key}`)];
  })) as ModelCoefficients['timing'];
}

/** Model keys to fit (default: all). */
export interface FitKeys {
  readonly area: readonly AreaModelKey[];
  readonly levels: readonly LevelsModelKey[];
  readonly timing: readonly FittedTimingKey[];
}

/** The keys the blocks of `points` are charged to (for fitting only the forms some new blocks need). */
export function keysOfPoints(points: readonly FitPoint[]): FitKeys {
  return {
    area: AREA_MODEL_KEYS.filter((k) => points.some((p) => areaKeyOf(p.block) === k)),
    levels: LEVELS_MODEL_KEYS.filter((k) => points.some((p) => levelsKeysOf(p.block).includes(k))),
    timing: TIMING_MODEL_KEYS.filter((k) => points.some((p) => timingKeysOf(p.block).includes(k))),
  };
}

/** Fits every area, levels and timing form (or only `keys`; the result then holds only those). */
export function fitModel(points: readonly FitPoint[], keys: FitKeys = { area: AREA_MODEL_KEYS, levels: LEVELS_MODEL_KEYS, timing: TIMING_MODEL_KEYS }): Pick<ModelCoefficients, 'area' | 'levels' | 'timing'> {
  const area = Object.fromEntries(keys.area.map((key) => [key, fitForm(
    areaForm(key),
    points.filter((p) => areaKeyOf(p.block) === key).map((p) => ({ block: p.block, target: p.result.areaUm2 })),
    `area.${key}`,
  )])) as ModelCoefficients['area'];
  // Split PEs (psumCut) have a third path; their gate levels are read with the unsplit forms, so they stay out of the levels fit.
  const unsplit = points.filter((p) => p.block.kind !== 'pe' || p.block.psumParts === 0);
  const pe = keys.levels.includes('pe_tree') ? fitPeLevels(unsplit.filter((p) => p.block.kind === 'pe')) : undefined;
  const levels = Object.fromEntries(keys.levels.map((key): [LevelsModelKey, FittedForm] => {
    if (key === 'pe_tree' && pe !== undefined) return [key, pe.tree];
    if (key === 'pe_accumulator' && pe !== undefined) return [key, pe.acc];
    const pts = unsplit.filter((p) => levelsKeysOf(p.block).includes(key)).map((p) => ({ block: p.block, target: p.result.criticalPath.levels }));
    return [key, fitForm(levelsForm(key), pts, `levels.${key}`)];
  })) as ModelCoefficients['levels'];
  return { area, levels, timing: fitTiming(points, keys.timing) };
}
