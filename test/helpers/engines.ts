// Test helpers: elaborate presets and seeded random descriptions; print the seed so any failure
// can be replayed with NMCORE_SEED=<seed>.

import type { EngineConfig, EngineConfigInput } from '../../src/config/engine_config.js';
import { findPreset } from '../../src/config/presets.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import type { EngineIR } from '../../src/ir/types.js';
import { Prng } from '../../src/util/prng.js';

export function presetConfig(name: string): EngineConfig {
  const p = findPreset(name);
  if (p === undefined) throw new Error(`no preset ${name}`);
  const v = validateConfig(p.input);
  if (v.config === undefined) throw new Error(`preset ${name} invalid: ${JSON.stringify(v.diagnostics)}`);
  return v.config;
}

export function presetIR(name: string): EngineIR {
  return elaborate(presetConfig(name));
}

export function configIR(input: EngineConfigInput | Record<string, unknown>): EngineIR {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(`invalid description ${JSON.stringify(input)}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  return elaborate(v.config);
}

/** The suite's seed: NMCORE_SEED if set, else a fixed default, printed once per file. */
export function suiteSeed(label: string, fallback = 20261123): number {
  const seed = process.env.NMCORE_SEED !== undefined ? Number(process.env.NMCORE_SEED) >>> 0 : fallback;
  console.log(`[${label}] seed ${seed} (replay with NMCORE_SEED=${seed})`);
  return seed;
}

export interface RandomDescriptionLimits {
  readonly maxM: number;
  readonly maxRows: number;
  readonly maxCols: number;
  readonly maxWindow: number;
}

/**
 * One random valid description within limits: every legal N:M pattern up to maxM (dense n = m one
 * time in ten), windows of 1..4 groups, operand widths 2..16, accumulators up to 64 bits (around the
 * 52/53-bit boundary where the simulator switches to bigint), both metadata encodings.
 */
export function randomDescription(rng: Prng, o: RandomDescriptionLimits): EngineConfigInput {
  const ms = [2, 4, 8, 16, 32, 64].filter((m) => m <= Math.min(o.maxM, o.maxWindow));
  const m = rng.pick(ms);
  const n = rng.bool(0.1) ? m : rng.int(1, m - 1);
  const groups = rng.int(1, Math.max(1, Math.min(4, Math.floor(o.maxWindow / m))));
  const actBits = rng.pick([2, 3, 4, 8, 8, 8, 11, 16]);
  const weightBits = rng.pick([2, 3, 5, 8, 8, 8, 13, 16]);
  const accBits = rng.pick([actBits + weightBits, actBits + weightBits + 1, 32, 32, 48, 52, 53, 64].filter((a) => a >= actBits + weightBits && a <= 64));
  return {
    pattern: `${n}:${m}`, window: m * groups, rows: rng.int(1, o.maxRows), cols: rng.int(1, o.maxCols),
    actBits, weightBits, accBits, meta: rng.pick(['index', 'bitmask']),
  };
}

/** `count` random descriptions from one seed. */
export function randomDescriptions(seed: number, count: number, lim: RandomDescriptionLimits): Record<string, unknown>[] {
  const rng = new Prng(seed);
  return Array.from({ length: count }, () => randomDescription(rng, lim) as Record<string, unknown>);
}

/** A short text of a description for test names. */
export function describeInput(input: EngineConfigInput): string {
  return `${String(input.pattern)} w${String(input.window)} r${String(input.rows)}c${String(input.cols)} a${String(input.actBits)}w${String(input.weightBits)}acc${String(input.accBits)} ${String(input.meta)}`;
}
