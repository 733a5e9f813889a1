// The engine descriptions whose blocks calibrate the area/levels model (bench/fit_area_model.ts
// synthesizes their distinct blocks). Kept apart from the script so tests can check that their
// held-out descriptions are not in it.

import type { EngineConfigInput } from '../config/engine_config.js';

/**
 * The fit sweep: rows = cols = 1, so each description contributes one block of each kind per top.
 * Chosen to span m (2..32), fan-in, A/B (4..16, one asymmetric), lanes P (1..16) and acc width,
 * while staying a few minutes of Yosys. The held-out descriptions of test/model/area_vs_synth.test.ts
 * must not appear here.
 */
export const FIT_SWEEP: readonly EngineConfigInput[] = [
  { pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { pattern: '2:4', window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'bitmask' },
  { pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 16, weightBits: 16, accBits: 48, meta: 'index' },
  { pattern: '1:4', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { pattern: '1:2', window: 2, rows: 1, cols: 1, actBits: 16, weightBits: 16, accBits: 48, meta: 'bitmask' },
  { pattern: '2:8', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 24, meta: 'index' },
  { pattern: '4:8', window: 8, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'index' },
  { pattern: '4:8', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { pattern: '4:8', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 16, accBits: 40, meta: 'index' },
  { pattern: '4:16', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { pattern: '8:16', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { pattern: '8:16', window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'bitmask' },
  { pattern: '16:32', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { pattern: '16:32', window: 32, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'bitmask' },
  { pattern: '4:4', window: 4, rows: 1, cols: 1, actBits: 16, weightBits: 16, accBits: 48 },
  { pattern: '8:8', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 4, accBits: 24 },
];


/**
 * Extra descriptions of which only the metadata decoders and lane muxes are synthesized (cheap
 * blocks; their compressors and PEs would cost minutes): odd n and m = 64, where the decoders'
 * synthesized area is least regular.
 */
export const FIT_SWEEP_DECODERS: readonly EngineConfigInput[] = [
  '1:8', '3:8', '6:8', '1:16', '2:16', '12:16', '1:32', '4:32', '8:32', '24:32', '16:64', '32:64',
].map((pattern) => ({ pattern, window: Number(pattern.split(':')[1]), rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' as const }));

/** Block kinds taken from FIT_SWEEP_DECODERS. */
export const FIT_SWEEP_DECODER_KINDS: readonly string[] = ['meta_decoder', 'mux_network'];

/**
 * Flexible engines (organization `rank`), of which only the blocks flexibility adds are synthesized
 * (their muxes, PEs and registers are the fixed engines' blocks): the compressor unpipelined
 * (largest m <= 8) and pipelined (m = 16 and 32), both decoders, the mode register. The held-out flexible
 * descriptions of test/model/flex_area_vs_synth.test.ts must not appear here.
 */
export const FIT_SWEEP_FLEX: readonly EngineConfigInput[] = [
  { modes: ['1:2', '2:4'], window: 4, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { modes: ['2:4', '4:8'], window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { modes: ['1:2', '2:4', '4:8'], window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { modes: ['1:4', '2:8'], window: 8, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'index' },
  { modes: ['2:4', '4:8'], window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'bitmask' },
  { modes: ['1:2', '2:4'], window: 8, rows: 1, cols: 1, actBits: 16, weightBits: 16, accBits: 48, meta: 'bitmask' },
  { modes: ['2:4', '8:16'], window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { modes: ['4:8', '8:16'], window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'bitmask' },
  { modes: ['1:4', '4:16'], window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { modes: ['2:4', '4:8', '8:16'], window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { modes: ['8:16', '16:32'], window: 32, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'index' },
];

/** The same for organization `bitonic` (every mode keeps half): only its compressor is its own. */
export const FIT_SWEEP_FLEX_BITONIC: readonly EngineConfigInput[] = [
  { modes: ['1:2', '2:4'], window: 4, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, org: 'bitonic' },
  { modes: ['2:4', '4:8'], window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, org: 'bitonic' },
  { modes: ['1:2', '2:4', '4:8'], window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, org: 'bitonic' },
  { modes: ['2:4', '4:8'], window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, org: 'bitonic' },
  { modes: ['1:2', '2:4'], window: 8, rows: 1, cols: 1, actBits: 16, weightBits: 16, accBits: 48, org: 'bitonic' },
  { modes: ['2:4', '8:16'], window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, org: 'bitonic' },
  { modes: ['4:8', '8:16'], window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, org: 'bitonic' },
  { modes: ['2:4', '4:8', '8:16'], window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, org: 'bitonic' },
  { modes: ['8:16', '16:32'], window: 32, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, org: 'bitonic' },
];

/**
 * Descriptions with a split PE (schedule psumCut), of which only the PEs are synthesized: products
 * and halves over P = 2..16 lanes and A, B from 4 to 16 bits.
 */
export const FIT_SWEEP_SPLIT: readonly EngineConfigInput[] = [
  { pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'products' } },
  { pattern: '2:4', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'products' } },
  { pattern: '2:4', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'halves' } },
  { pattern: '4:8', window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, schedule: { psumCut: 'halves' } },
  { pattern: '4:8', window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, schedule: { psumCut: 'products' } },
  { pattern: '8:16', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'products' } },
  { pattern: '16:32', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'halves' } },
  { pattern: '1:2', window: 4, rows: 1, cols: 1, actBits: 16, weightBits: 16, accBits: 48, schedule: { psumCut: 'products' } },
  { pattern: '8:8', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'halves' } },
  { pattern: '2:8', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 16, accBits: 40, schedule: { psumCut: 'halves' } },
  // 16 and 32 registered products (every pattern at window 32, dense at 16 and 32): the merge adder's long sums.
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'products' } },
  { pattern: '8:8', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'products' } },
];

export const FIT_SWEEP_SPLIT_KINDS: readonly string[] = ['pe'];

/** Carry-save PEs (psumCut carrySave): the two timing forms of their merge and accumulator paths (docs/schedule.md). */
export const FIT_SWEEP_CARRY_SAVE: readonly EngineConfigInput[] = [
  { pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'carrySave' } },
  { pattern: '4:8', window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, schedule: { psumCut: 'carrySave' } },
  { pattern: '8:16', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'carrySave' } },
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'carrySave' } },
  { pattern: '8:8', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'carrySave' } },
  { pattern: '2:8', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 16, accBits: 40, schedule: { psumCut: 'carrySave' } },
];

/** Block kinds taken from FIT_SWEEP_FLEX and FIT_SWEEP_FLEX_BITONIC. */
export const FIT_SWEEP_FLEX_KINDS: readonly string[] = ['flex_compressor', 'flex_decoder', 'mode_capture'];

// Added for the 28-cell area mapping (issue 15, tech/nangate45/README.md "To adopt"): compressors at
// activation widths between the sweep's powers of 2, so that A is interpolated, not extrapolated
// (the held-out descriptions of test/model/area_vs_synth.test.ts use A = 5 and 7, in none of them).

/** Descriptions of which only the compressor is synthesized: A = 6 and 12, m = 4 to 16. */
export const FIT_SWEEP_COMPRESSORS: readonly EngineConfigInput[] = [
  { pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 24 },
  { pattern: '4:8', window: 8, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 24 },
  { pattern: '8:16', window: 16, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 24 },
  { pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 12, weightBits: 12, accBits: 40 },
  { pattern: '4:8', window: 8, rows: 1, cols: 1, actBits: 12, weightBits: 12, accBits: 40 },
  { pattern: '1:4', window: 8, rows: 1, cols: 1, actBits: 12, weightBits: 12, accBits: 40 },
];

export const FIT_SWEEP_COMPRESSOR_KINDS: readonly string[] = ['compressor'];

/**
 * Flexible engines of which only the decoders are synthesized (cheap blocks; their compressors at
 * m* = 32 would take minutes): three-mode sets, windows 8 and 32. Both tops hold both decoders, so
 * each description gives a bitmask and an index decoder whatever its `meta`.
 */
export const FIT_SWEEP_FLEX_DECODERS: readonly EngineConfigInput[] = [
  { modes: ['1:2', '2:4', '4:8'], window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { modes: ['1:4', '2:8'], window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { modes: ['1:4', '2:8', '4:16'], window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { modes: ['2:4', '4:8', '8:16'], window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { modes: ['1:2', '2:4'], window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'index' },
  { modes: ['4:8', '16:32'], window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
];

export const FIT_SWEEP_FLEX_DECODER_KINDS: readonly string[] = ['flex_decoder'];

/**
 * Timing-only additions (docs/timing_energy_model.md, "Timing model"): the blocks that decide the
 * target-clock picks at window 32 (docs/schedule.md), of which only the unpipelined compressors and
 * the PEs are synthesized: m <= 8 compressors at W = 32 and other n (their form reads n and the
 * groups), carry-save PEs at 16 lanes over acc 24..48, A = B = 4, and at 4 lanes, split PEs with
 * registered products at 16 lanes.
 */
export const FIT_SWEEP_TIMING: readonly EngineConfigInput[] = [
  { pattern: '4:8', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { pattern: '2:8', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { pattern: '6:8', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, meta: 'bitmask' },
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 24, schedule: { psumCut: 'carrySave' } },
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 48, schedule: { psumCut: 'carrySave' } },
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, schedule: { psumCut: 'carrySave' } },
  { pattern: '2:4', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32, schedule: { psumCut: 'carrySave' } },
  // Registered products (psumCut products) at 16 lanes: the multipliers are relaxed toward the merge adder's path.
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 24, schedule: { psumCut: 'products' } },
  { pattern: '2:4', window: 32, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, schedule: { psumCut: 'products' } },
  // The default (unsplit) PE at 8 to 32 lanes over A, B = 4..8 and acc 20..28 (dense patterns: no compressor
  // enters): its accumulator path is relaxed toward the PE's adder tree (docs/timing_energy_model.md).
  { pattern: '8:8', window: 16, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 20 },
  { pattern: '8:8', window: 16, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 24 },
  { pattern: '8:8', window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 8, accBits: 28 },
  { pattern: '8:8', window: 8, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 24 },
  { pattern: '8:8', window: 8, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 20 },
  { pattern: '8:8', window: 32, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16 },
];

/** Block kinds taken from FIT_SWEEP_TIMING. */
export const FIT_SWEEP_TIMING_KINDS: readonly string[] = ['compressor', 'pe'];

/** Each partial sweep with the block kinds taken from it (bench/fit_area_model.ts synthesizes only those). */
export const FIT_SWEEP_PARTIALS: readonly { readonly sweep: readonly EngineConfigInput[]; readonly kinds: readonly string[] }[] = [
  { sweep: FIT_SWEEP_DECODERS, kinds: FIT_SWEEP_DECODER_KINDS },
  { sweep: FIT_SWEEP_FLEX, kinds: FIT_SWEEP_FLEX_KINDS },
  { sweep: FIT_SWEEP_FLEX_BITONIC, kinds: FIT_SWEEP_FLEX_KINDS },
  { sweep: FIT_SWEEP_SPLIT, kinds: FIT_SWEEP_SPLIT_KINDS },
  { sweep: FIT_SWEEP_CARRY_SAVE, kinds: FIT_SWEEP_SPLIT_KINDS },
  { sweep: FIT_SWEEP_COMPRESSORS, kinds: FIT_SWEEP_COMPRESSOR_KINDS },
  { sweep: FIT_SWEEP_FLEX_DECODERS, kinds: FIT_SWEEP_FLEX_DECODER_KINDS },
  { sweep: FIT_SWEEP_TIMING, kinds: FIT_SWEEP_TIMING_KINDS },
];
