// The pipeline schedule: which register stages each top has, in order, and so the latency L
// (contract §3). The emitter inserts exactly these registers, the simulator models the same
// delays and the latency model reads L from here.

import type { StageName } from './types.js';

/** Group sizes at or above this get a register between the comparisons and the rank count. */
export const COMPRESSOR_PIPELINE_MIN_M = 16;

export function compressorPipelineStages(m: number, dense: boolean): number {
  return !dense && m >= COMPRESSOR_PIPELINE_MIN_M ? 1 : 0;
}

export const STAGE_DESCRIPTIONS: Readonly<Record<StageName, string>> = {
  input: 'slice register: written by the edge that takes the slice from both streams',
  compare: 'pairwise |a| comparison results of the top-n selector (m >= 16 only)',
  lane: 'compacted activations and one-hot lane selects, weights beside them',
  psum: 'per-PE sum of the lane products (weight mux, multipliers, adder tree before it)',
  output: 'accumulator and result register (m_out_data); its valid bit is m_out_valid',
};

/**
 * Stages of one top. Dense engines have no compressor, decoder or muxes, so no lane stage.
 * L equals the number of stages: the output register is written L-1 edges after the input one,
 * and m_out_valid is first sampled high on the edge after that.
 */
export function stagesOf(activationInput: 'dense' | 'compressed', dense: boolean, m: number): StageName[] {
  if (dense) return ['input', 'psum', 'output'];
  if (activationInput === 'compressed') return ['input', 'lane', 'psum', 'output'];
  return compressorPipelineStages(m, dense) > 0 ? ['input', 'compare', 'lane', 'psum', 'output'] : ['input', 'lane', 'psum', 'output'];
}

/** Control flip-flops for L stages: a valid bit per stage, a last bit per stage but the output one, the accumulate-first flag. */
export function controlRegisterBits(stages: number): number {
  return stages + (stages - 1) + 1;
}
