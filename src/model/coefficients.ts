// The fitted coefficients of the analytic model (src/model/tech/nangate45_fit.json): their JSON
// shape, loading and checking against the forms of forms.ts. Written only by
// bench/fit_area_model.ts; nothing here fits or synthesizes.

import { readFileSync } from 'node:fs';
import { packagePath } from '../io/package_root.js';
import { AREA_MODEL_KEYS, areaForm, FLEX_MODEL_KEYS, LEVELS_MODEL_KEYS, levelsForm, type AreaModelKey, type LevelsModelKey } from './forms.js';
import { FLEX_TIMING_KEYS, TIMING_MODEL_KEYS, timingForm, type FittedTimingKey } from './timing_forms.js';

export interface FittedCoefficient {
  readonly feature: string;
  readonly value: number;
  /** e.g. `um^2 per comparator bit (pairs * A)` or `levels per doubling of m`. */
  readonly unit: string;
}

/** One fit point's residual. */
export interface FitResidual {
  /** Template and parameters, e.g. `nm_pe P=4 A=8 B=8 ACC=32 PSUM=18`. */
  readonly point: string;
  readonly measured: number;
  readonly model: number;
  /** (model - measured) / measured, in %. */
  readonly errorPct: number;
}

export interface FittedForm {
  readonly formula: string;
  readonly coefficients: readonly FittedCoefficient[];
  readonly residuals: {
    readonly points: number;
    /** Root mean square of errorPct, %. */
    readonly rmsPct: number;
    /** Largest |errorPct|, %. */
    readonly maxAbsPct: number;
    readonly each: readonly FitResidual[];
  };
}

export interface ModelCoefficients {
  readonly description: string;
  /** Liberty library the areas refer to. */
  readonly library: string;
  readonly units: { readonly area: string; readonly levels: string; readonly timing: string };
  /** Where the data came from: how to reproduce this file. */
  readonly source: {
    readonly command: string;
    /** ISO date-time of the fit. */
    readonly date: string;
    readonly synthesis: string;
    readonly abcScript: string;
    /** Engine descriptions whose distinct blocks were synthesized. */
    readonly configs: readonly string[];
    readonly points: number;
    readonly wallSeconds: number;
    /** Partial refits since (`--kinds`): only those kinds' coefficients were replaced, in this order. */
    readonly refits?: readonly { readonly command: string; readonly date: string; readonly points: number; readonly wallSeconds: number }[];
  };
  readonly area: Readonly<Record<AreaModelKey, FittedForm>>;
  readonly levels: Readonly<Record<LevelsModelKey, FittedForm>>;
  /** Logic delay per path class, ns, of the delay-oriented mapping (register overhead excluded). */
  readonly timing: Readonly<Record<FittedTimingKey, FittedForm>>;
}

/** Path of the coefficients shipped with nmcore. */
export function defaultCoefficientsPath(): string {
  return packagePath('src', 'model', 'tech', 'nangate45_fit.json');
}

let cached: ModelCoefficients | undefined;

/** Checks that every form of forms.ts has a fitted coefficient per feature, in order. Throws on mismatch. */
export function checkCoefficients(c: ModelCoefficients, where: string): ModelCoefficients {
  const check = (kind: string, fitted: FittedForm | undefined, features: readonly { name: string }[]): void => {
    if (fitted === undefined) throw new Error(`${where}: no fit for ${kind} (run bench/fit_area_model.ts)`);
    const names = fitted.coefficients.map((x) => x.feature).join(',');
    const want = features.map((f) => f.name).join(',');
    if (names !== want) throw new Error(`${where}: ${kind} has coefficients [${names}] but the model's form has [${want}]; refit with bench/fit_area_model.ts`);
    for (const x of fitted.coefficients) if (!Number.isFinite(x.value)) throw new Error(`${where}: ${kind}.${x.feature} is not a finite number`);
  };
  for (const k of AREA_MODEL_KEYS) if (c.area?.[k] !== undefined || !FLEX_MODEL_KEYS.has(k)) check(`area.${k}`, c.area?.[k], areaForm(k).features);
  for (const k of LEVELS_MODEL_KEYS) if (c.levels?.[k] !== undefined || !FLEX_MODEL_KEYS.has(k)) check(`levels.${k}`, c.levels?.[k], levelsForm(k).features);
  for (const k of TIMING_MODEL_KEYS) if (c.timing?.[k] !== undefined || !FLEX_TIMING_KEYS.has(k)) check(`timing.${k}`, c.timing?.[k], timingForm(k).features);
  return c;
}

/** Loads and checks a coefficients file (default: the shipped NanGate45 fit, read once). */
export function loadCoefficients(path?: string): ModelCoefficients {
  if (path === undefined && cached !== undefined) return cached;
  const file = path ?? defaultCoefficientsPath();
  const c = checkCoefficients(JSON.parse(readFileSync(file, 'utf8')) as ModelCoefficients, file);
  if (path === undefined) cached = c;
  return c;
}
