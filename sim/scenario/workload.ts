// Random and edge-case workloads for proving an engine against the contract: dot products of
// random length (S = 1 included) whose activation groups mix random values with the corner cases
// of §2 (the most negative value, equal magnitudes of both signs, all-zero groups, all-equal
// groups), and random source/sink/reset policies. Everything derives from one seed.

import { packHex, signedRange } from '../../src/ir/bits.js';
import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { compressSlice, type DenseSlice, type RefShape } from '../../src/ref/functional.js';
import type { Prng } from '../../src/util/prng.js';
import type { CyclePolicy, StimulusSlice, StreamStimulus } from './stimulus.js';

export function refShapeOf(ir: EngineIR): RefShape {
  return { windowChannels: ir.windowChannels, rows: ir.rows, cols: ir.cols, accBits: ir.accBits };
}

type GroupStyle = 'random' | 'extreme' | 'ties' | 'zero' | 'equal' | 'small';

function fillGroup(out: Int32Array, offset: number, m: number, bits: number, style: GroupStyle, rng: Prng): void {
  const { min, max } = signedRange(bits);
  for (let j = 0; j < m; j++) {
    let v: number;
    switch (style) {
      case 'random': v = rng.int(min, max); break;
      case 'extreme': v = rng.pick([min, max, min + 1, 0, -1, 1]); break;
      case 'ties': { const mag = rng.int(0, Math.min(3, max)); v = rng.bool(0.5) ? mag : -mag; break; }
      case 'zero': v = 0; break;
      case 'equal': v = j === 0 ? rng.int(min, max) : out[offset]!; break;
      case 'small': v = rng.int(-2, 1); break;
    }
    out[offset + j] = v;
  }
}

const STYLES: readonly GroupStyle[] = ['random', 'random', 'random', 'extreme', 'ties', 'zero', 'equal', 'small'];

/**
 * Dot products of random length, 1..maxSlices slices each, each in a mode drawn from the engine's
 * modes (always mode 0 on a fixed engine); returns the slices in stream order.
 */
export function randomDotProducts(ir: EngineIR, rng: Prng, count: number, maxSlices: number): DenseSlice[] {
  const { windowChannels: W, rows: R, cols: C, actBits: A, weightBits: B } = ir;
  const slices: DenseSlice[] = [];
  for (let d = 0; d < count; d++) {
    const mode = ir.modes.length > 1 ? rng.int(0, ir.modes.length - 1) : 0;
    const m = ir.modes[mode]!.m;
    const S = rng.bool(0.3) ? 1 : rng.int(1, maxSlices);
    for (let s = 0; s < S; s++) {
      const act = new Int32Array(R * W);
      for (let r = 0; r < R; r++) for (let g = 0; g < W / m; g++) fillGroup(act, r * W + g * m, m, A, rng.pick(STYLES), rng);
      const wgt = new Int32Array(C * W);
      for (let c = 0; c < C; c++) for (let g = 0; g < W / m; g++) fillGroup(wgt, c * W + g * m, m, B, rng.pick(['random', 'random', 'extreme'] as const), rng);
      // cfg_mode is sampled with the first slice only: the others carry another mode (flexible engines).
      const junk = s > 0 && ir.modes.length > 1 ? { cfgMode: rng.int(0, ir.modes.length - 1) } : {};
      slices.push({ act, wgt, last: s === S - 1, mode, ...junk });
    }
  }
  return slices;
}

/** Packs dense slices for a top: as they are for nm_engine, compressed (values + metadata) for nm_engine_core. */
export function stimulusSlices(ir: EngineIR, top: TopIR, slices: readonly DenseSlice[]): StimulusSlice[] {
  const meta = top.nets.find((n) => n.name === 's_act_meta');
  return slices.map((s) => {
    const wgtHex = packHex(s.wgt, ir.weightBits);
    const mode = s.cfgMode ?? s.mode;
    if (meta === undefined) return { last: s.last, mode, actHex: packHex(s.act, ir.actBits), wgtHex };
    const cs = compressSlice(refShapeOf(ir), ir.modes[s.mode]!, ir.meta, s);
    return { last: s.last, mode, actHex: packHex(cs.values, ir.actBits), metaHex: packHex(cs.meta, meta.elementBits), wgtHex };
  });
}

export interface PolicyOptions {
  /** Probability a source that has nothing pending raises valid in a cycle. */
  readonly pValid: number;
  readonly pOutReady: number;
  /** Probability of a reset cycle (after the initial reset). */
  readonly pReset: number;
}

export const FREE_RUNNING: PolicyOptions = { pValid: 1, pOutReady: 1, pReset: 0 };

/**
 * Two reset cycles, then `cycles` cycles drawn from the options. With `modeSelectBits` > 0 (a
 * flexible engine) every cycle also carries a random cfg_mode for the cycles without a slice.
 */
export function randomPolicy(rng: Prng, cycles: number, o: PolicyOptions, modeSelectBits = 0): CyclePolicy[] {
  const policy: CyclePolicy[] = [
    { actWant: false, wgtWant: false, outReady: false, reset: true },
    { actWant: false, wgtWant: false, outReady: false, reset: true },
  ];
  for (let i = 0; i < cycles; i++) {
    const p: CyclePolicy = { actWant: rng.bool(o.pValid), wgtWant: rng.bool(o.pValid), outReady: rng.bool(o.pOutReady), reset: o.pReset > 0 && rng.bool(o.pReset) };
    policy.push(modeSelectBits > 0 ? { ...p, idleMode: rng.int(0, 2 ** modeSelectBits - 1) } : p);
  }
  return policy;
}

/** Enough cycles to drain `slices` slices under a policy's probabilities, with margin. */
export function cyclesFor(slices: number, o: PolicyOptions, latency: number): number {
  const rate = Math.min(o.pValid * o.pValid, o.pOutReady);
  return Math.ceil((slices + latency + 8) / Math.max(rate, 0.05) * 1.6) + 40;
}

export function buildStimulus(ir: EngineIR, top: TopIR, slices: readonly DenseSlice[], policy: readonly CyclePolicy[]): StreamStimulus {
  return { slices: stimulusSlices(ir, top, slices), policy };
}
