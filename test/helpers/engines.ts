// Test helpers: elaborate presets and seeded random descriptions; print the seed so any failure
// can be replayed with NMCORE_SEED=<seed>.

import type { EngineConfig } from '../../src/config/engine_config.js';
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

export function configIR(input: Record<string, unknown>): EngineIR {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(`invalid: ${JSON.stringify(v.diagnostics)}`);
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

/** Random valid descriptions within limits: any n <= m (dense included), windows up to maxWindow. */
export function randomDescriptions(seed: number, count: number, lim: RandomDescriptionLimits): Record<string, unknown>[] {
  const rng = new Prng(seed);
  const out: Record<string, unknown>[] = [];
  const ms = [2, 4, 8, 16, 32, 64].filter((m) => m <= lim.maxM && m <= lim.maxWindow);
  for (let i = 0; i < count; i++) {
    const m = rng.pick(ms);
    const n = rng.int(1, m);
    const windows = [1, 2, 4, 8].map((k) => k * m).filter((w) => w <= lim.maxWindow);
    const actBits = rng.pick([2, 3, 4, 8, 8, 8, 16]);
    const weightBits = rng.pick([2, 5, 8, 8, 8, 16]);
    const accBits = rng.pick([actBits + weightBits, 32, 32, 64].filter((a) => a >= actBits + weightBits));
    out.push({
      pattern: `${n}:${m}`, window: rng.pick(windows), rows: rng.int(1, lim.maxRows), cols: rng.int(1, lim.maxCols),
      actBits, weightBits, accBits, meta: rng.pick(['index', 'bitmask']),
    });
  }
  return out;
}
