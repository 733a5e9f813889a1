// Seeded random engine descriptions for the simulator suites (a helper, not a test file): every
// legal N:M pattern up to m = 64, windows of 1..4 groups, small arrays, operand widths 2..16 and
// accumulators up to 64 bits (both the number and the bigint datapath), both metadata encodings.

import type { EngineConfigInput } from '../../src/config/engine_config.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import type { EngineIR } from '../../src/ir/types.js';
import type { Prng } from '../../src/util/prng.js';

export interface DescriptionLimits {
  readonly maxM: number;
  readonly maxWindow: number;
  readonly maxRows: number;
  readonly maxCols: number;
}

export function randomDescription(rng: Prng, o: DescriptionLimits): EngineConfigInput {
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

export function elaborateInput(input: EngineConfigInput): EngineIR {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(`invalid description ${JSON.stringify(input)}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  return elaborate(v.config);
}

/** A short text of a description for test names. */
export function describeInput(input: EngineConfigInput): string {
  return `${String(input.pattern)} w${String(input.window)} r${String(input.rows)}c${String(input.cols)} a${String(input.actBits)}w${String(input.weightBits)}acc${String(input.accBits)} ${String(input.meta)}`;
}
