// The engines a trade-off report costs: one nm_engine per requested N:M pattern at 16 lanes per
// PE (window 32 for the 50% patterns), and two dense references, dense W16 (equal lanes: the same
// 16 multipliers per PE) and dense W32 (equal dense-equivalent throughput: 32 channels per cycle).
// Elaborated once through the public config and IR entry points.

import { validateConfig } from '../../config/validate.js';
import { UserError } from '../../diagnostics/diagnostic.js';
import { elaborate } from '../../ir/elaborate.js';
import type { EngineIR } from '../../ir/types.js';
import { groupShape, isHardwarePattern, type PatternId } from '../../accuracy/ids.js';

/** Multipliers per PE of every compared engine (the equal-lane basis of `nmcore compare`). */
export const LANES_PER_PE = 16;

export type EngineRole = 'sparse' | 'dense_equal_lanes' | 'dense_equal_throughput';

export interface CostedEngine {
  /** `2:4`, …, `dense W16`, `dense W32`. */
  readonly label: string;
  readonly role: EngineRole;
  /** The accuracy pattern it runs (dense for the references). */
  readonly pattern: PatternId | 'dense';
  readonly ir: EngineIR;
}

function build(label: string, role: EngineRole, pattern: PatternId | 'dense', input: Record<string, unknown>): CostedEngine {
  const v = validateConfig(input);
  if (v.config === undefined) throw new UserError(v.diagnostics);
  return { label, role, pattern, ir: elaborate(v.config) };
}

/** The sparse engines of `patterns` (unstructured has none) and the two dense references at R x C. */
export function costedEngines(patterns: readonly PatternId[], rows: number, cols: number, actBits: number, weightBits: number): CostedEngine[] {
  const common = { rows, cols, actBits, weightBits };
  const out: CostedEngine[] = [];
  for (const p of patterns.filter(isHardwarePattern)) {
    const { n, m } = groupShape(p, 0);
    out.push(build(p, 'sparse', p, { ...common, pattern: p, window: (LANES_PER_PE * m) / n }));
  }
  out.push(build(`dense W${LANES_PER_PE}`, 'dense_equal_lanes', 'dense', { ...common, pattern: `${LANES_PER_PE}:${LANES_PER_PE}` }));
  out.push(build(`dense W${2 * LANES_PER_PE}`, 'dense_equal_throughput', 'dense', { ...common, pattern: `${2 * LANES_PER_PE}:${2 * LANES_PER_PE}` }));
  return out;
}
