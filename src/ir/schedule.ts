// The pipeline schedule: which register stages each top has, in order, and so the latency L
// (contract §3). The description's schedule options (src/config/schedule_options.ts) are resolved
// here into the stages of each top; the emitter inserts exactly these registers, the simulator
// models the same delays and the latency model reads L from here.

import type { EngineConfig } from '../config/engine_config.js';
import type { ResolvedSchedule, StageName } from './types.js';

export type { ResolvedSchedule } from './types.js';

/** Group sizes at or above this get a register between the comparisons and the rank count by default. */
export const COMPRESSOR_PIPELINE_MIN_M = 16;


/** The default schedule of a description: the compressor's comparison register for m >= 16, nothing else. */
export function defaultSchedule(m: number, dense: boolean): ResolvedSchedule {
  return { compressorCut: !dense && m >= COMPRESSOR_PIPELINE_MIN_M ? 'compare' : 'none', selectCut: false, psumCut: 'none', readyCut: false };
}

/** The description's schedule with every absent option at its default. */
export function resolveSchedule(config: EngineConfig, m: number, dense: boolean): ResolvedSchedule {
  const d = defaultSchedule(m, dense);
  const s = config.schedule ?? {};
  return { compressorCut: s.compressorCut ?? d.compressorCut, selectCut: s.selectCut ?? d.selectCut, psumCut: s.psumCut ?? d.psumCut, readyCut: s.readyCut ?? d.readyCut };
}

/** Pipeline registers inside the compressor (1 for the comparison register). */
export function compressorPipelineStages(schedule: ResolvedSchedule): number {
  return schedule.compressorCut === 'compare' || schedule.compressorCut === 'both' ? 1 : 0;
}

export const STAGE_DESCRIPTIONS: Readonly<Record<StageName, string>> = {
  input: 'slice register: written by the edge that takes the slice from both streams',
  compare: 'pairwise |a| comparison results of the top-n selector (m >= 16 only)',
  keep: 'keep mask of the top-n selector (compressorCut both: m bits per group), activations beside it',
  select: 'one-hot lane selects of the metadata decoder (selectCut), activations beside them',
  lane: 'compacted activations and one-hot lane selects, weights beside them',
  product: 'PE split (psumCut): the lane products (products) or the two half sums (halves)',
  psum: 'per-PE sum of the lane products (weight mux, multipliers, adder tree before it)',
  output: 'accumulator and result register (m_out_data); its valid bit is m_out_valid',
};

/** The compare stage's description when it holds the keep mask (compressorCut keep). */
export const KEEP_STAGE_DESCRIPTION = 'keep mask of the top-n selector (compressorCut keep: m bits per group), activations beside it';

/**
 * Stages of one top. Dense engines have no compressor, decoder or muxes, so no lane stage.
 * L equals the number of stages: the output register is written L-1 edges after the input one,
 * and m_out_valid is first sampled high on the edge after that.
 */
export function stagesOf(activationInput: 'dense' | 'compressed', dense: boolean, schedule: ResolvedSchedule): StageName[] {
  const tail: StageName[] = [...(schedule.psumCut !== 'none' ? ['product' as const] : []), 'psum', 'output'];
  if (dense) return ['input', ...tail];
  if (activationInput === 'compressed') return ['input', 'lane', ...tail];
  return [
    'input', ...(schedule.compressorCut !== 'none' ? ['compare' as const] : []), ...(schedule.compressorCut === 'both' ? ['keep' as const] : []), ...(schedule.selectCut ? ['select' as const] : []), 'lane', ...tail,
  ];
}

/** Control flip-flops for L stages: a valid bit per stage, a last bit per stage but the output one, the accumulate-first flag. */
export function controlRegisterBits(stages: number): number {
  return stages + (stages - 1) + 1;
}
