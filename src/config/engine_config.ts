// EngineConfig: the user's description of one engine, exactly the parameters of the engine
// contract §1 (docs/engine-contract.md). Nothing here is derived; `elaborate()` in
// src/ir/elaborate.ts is the only place that computes from it.

import { LEGAL_GROUP_SIZES, type Pattern } from './pattern.js';
import type { ScheduleObjective, ScheduleOptions } from './schedule_options.js';

export { formatPattern, type Pattern } from './pattern.js';

/** How `nm_engine_core` receives the positions of the kept activations (contract §4). */
export type MetaEncoding = 'index' | 'bitmask';

export const META_ENCODINGS: readonly MetaEncoding[] = ['index', 'bitmask'];

/**
 * Organization of a flexible engine's selection hardware (chosen at generation time); in both the
 * lane muxes of the largest pattern serve every mode.
 * `rank`: one rank-counting top-n selector over the largest mode's group, its comparisons masked
 * block-diagonally per mode.
 * `bitonic` (every mode keeps half, n = m/2): one bitonic network over the largest group whose
 * intermediate layers hold the top half of every block of each mode's m; the kept channels' indices
 * become the keep mask, so the decoders restore channel order.
 */
export type FlexOrg = 'rank' | 'bitonic';

export const FLEX_ORGS: readonly FlexOrg[] = ['rank', 'bitonic'];

/** A complete, validated engine description (every default filled in). */
export interface EngineConfig {
  /** Dense activation channels of one token consumed per cycle (W); a multiple of m, at most 256. */
  readonly window: number;
  /** Tokens computed in parallel (R), 1..64. */
  readonly rows: number;
  /** Output channels computed in parallel (C), 1..64. */
  readonly cols: number;
  /** Signed activation width A in bits, 2..16. */
  readonly actBits: number;
  /** Signed weight width B in bits, 2..16. */
  readonly weightBits: number;
  /** Accumulator and output width in bits, A+B..64. */
  readonly accBits: number;
  /** Metadata encoding of the `nm_engine_core` top. */
  readonly meta: MetaEncoding;
  /** Patterns selectable at run time, the first being the default. A fixed engine has exactly one. */
  readonly modes: readonly Pattern[];
  /** Flexible engines only (more than one mode): the organization of the selection hardware. */
  readonly org?: FlexOrg;
  /** Where the optional pipeline registers go (src/config/schedule_options.ts); absent: the defaults. */
  readonly schedule?: ScheduleOptions;
  /** Clock the schedule was chosen for, MHz (resolved into `schedule` before elaboration). */
  readonly targetMhz?: number;
  /** Guard band on `targetMhz`, percent (absent: DEFAULT_TIMING_MARGIN_PCT of src/config/schedule_options.ts). */
  readonly timingMarginPct?: number;
  /** What the chooser minimises at `targetMhz`: cycles or area (absent: DEFAULT_SCHEDULE_OBJECTIVE, latency; src/config/schedule_options.ts). */
  readonly scheduleObjective?: ScheduleObjective;
}

/** The user-facing input: the pattern and sizes, every other field optional (contract defaults). */
export interface EngineConfigInput {
  n?: unknown;
  m?: unknown;
  pattern?: unknown;
  window?: unknown;
  rows?: unknown;
  cols?: unknown;
  actBits?: unknown;
  weightBits?: unknown;
  accBits?: unknown;
  meta?: unknown;
  modes?: unknown;
  org?: unknown;
  schedule?: unknown;
  targetMhz?: unknown;
  timingMarginPct?: unknown;
  scheduleObjective?: unknown;
}

/** Contract limits, in one place (§1). */
export const LIMITS = {
  legalM: LEGAL_GROUP_SIZES,
  maxWindowChannels: 256,
  minRows: 1,
  maxRows: 64,
  minCols: 1,
  maxCols: 64,
  minOperandBits: 2,
  maxOperandBits: 16,
  maxAccBits: 64,
  defaultActBits: 8,
  defaultWeightBits: 8,
  defaultAccBits: 32,
  defaultMeta: 'index' as MetaEncoding,
  defaultOrg: 'rank' as FlexOrg,
} as const;
