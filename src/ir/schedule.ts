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
  return { compressorCut: !dense && m >= COMPRESSOR_PIPELINE_MIN_M ? 'compare' : 'none', selectCut: false, psumCut: 'none', inputCut: true, laneCut: true, weightMuxCut: false, readyCut: false };
}

/** The description's schedule with every absent option at its default. */
export function resolveSchedule(config: EngineConfig, m: number, dense: boolean): ResolvedSchedule {
  const d = defaultSchedule(m, dense);
  const s = config.schedule ?? {};
  return {
    compressorCut: s.compressorCut ?? d.compressorCut, selectCut: s.selectCut ?? d.selectCut, psumCut: s.psumCut ?? d.psumCut,
    inputCut: s.inputCut ?? d.inputCut, laneCut: s.laneCut ?? d.laneCut, weightMuxCut: s.weightMuxCut ?? d.weightMuxCut, readyCut: s.readyCut ?? d.readyCut,
  };
}

/** Pipeline registers inside the compressor (1 for the comparison register). */
export function compressorPipelineStages(schedule: ResolvedSchedule): number {
  return schedule.compressorCut === 'compare' || schedule.compressorCut === 'both' ? 1 : 0;
}

export const STAGE_DESCRIPTIONS: Readonly<Record<StageName, string>> = {
  input: 'slice register: written by the edge that takes the slice from both streams',
  compare: 'pairwise |a| comparison results of the top-n selector (m >= 16 only)',
  keep: 'keep mask of the top-n selector (compressorCut keep or both: m bits per group), activations beside it',
  select: 'one-hot lane selects of the metadata decoder (selectCut), activations beside them',
  lane: 'compacted activations and one-hot lane selects, weights beside them',
  product: 'PE split (psumCut): the lane products (products) or the two half sums (halves)',
  psum: 'per-PE sum of the lane products (weight mux, multipliers, adder tree before it)',
  output: 'accumulator and result register (m_out_data); its valid bit is m_out_valid',
};

/** The lane stage's registers with weightMuxCut (the weight mux moved in front of them). */
export const LANE_WEIGHT_MUX_DESCRIPTION = 'compacted activations and every PE\'s muxed weights (weightMuxCut: the weight mux before the lane register)';

/**
 * Stages of one top. Dense engines have no compressor, decoder or muxes, so no lane stage.
 * L equals the number of stages: the output register is written L-1 edges after the first one
 * (the edge that takes the slice), and m_out_valid is first sampled high on the edge after that.
 * Without `inputCut` the first stage's registers capture the logic fed straight from the ports.
 * nm_engine_core's lane register (its decoder's selects and the compacted activations) plays the
 * part of both nm_engine's select and lane registers, so it goes only with `laneCut` and `selectCut` both false.
 */
export function stagesOf(activationInput: 'dense' | 'compressed', dense: boolean, schedule: ResolvedSchedule): StageName[] {
  const when = (on: boolean, name: StageName): StageName[] => (on ? [name] : []);
  const head = when(schedule.inputCut, 'input');
  const lane = when(schedule.laneCut, 'lane');
  const tail: StageName[] = [...when(schedule.psumCut !== 'none', 'product'), 'psum', 'output'];
  if (dense) return [...head, ...tail];
  // The core's lane register holds its decoder's selects: kept when nm_engine registers them either way.
  if (activationInput === 'compressed') return [...head, ...when(schedule.laneCut || schedule.selectCut, 'lane'), ...tail];
  const cut = schedule.compressorCut;
  return [...head, ...when(cut === 'compare' || cut === 'both', 'compare'), ...when(cut === 'keep' || cut === 'both', 'keep'), ...when(schedule.selectCut, 'select'), ...lane, ...tail];
}

/** Control flip-flops for L stages: a valid bit per stage, a last bit per stage but the output one, the accumulate-first flag. */
export function controlRegisterBits(stages: number): number {
  return stages + (stages - 1) + 1;
}
