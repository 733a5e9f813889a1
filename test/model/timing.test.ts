// The timing model's own arithmetic, against literal recomputation from the fitted coefficients:
// each stage is the sum of its chain's path forms plus clock-to-Q + setup, the period is the worst
// stage and fmax its inverse (the fan-out terms themselves are checked in
// test/synth/fanout_timing.test.ts); every legal description answers (64 x 64 PEs, m = 64) and the
// stages follow the IR's. Model-vs-synthesis accuracy is in area_vs_synth.test.ts.

import { describe, expect, it } from 'vitest';
import { loadCoefficients } from '../../src/model/coefficients.js';
import { estimateTiming, fmaxMhz, stageDelaysNs } from '../../src/model/timing.js';
import { timingForm } from '../../src/model/timing_forms.js';
import { broadcastExtraNs } from '../../src/synth/fanout_timing.js';
import { cellData } from '../../src/synth/tech/nangate45_cells.js';
import { Prng } from '../../src/util/prng.js';
import type { Block } from '../../src/ir/types.js';
import type { EngineConfigInput } from '../../src/config/engine_config.js';
import { configIR, suiteSeed } from '../helpers/engines.js';

const seed = suiteSeed('timing-model');
const rng = new Prng(seed);
const log2c = (x: number): number => Math.ceil(Math.log2(x));

/** The coefficient of `feature` in a fitted timing form. */
const coef = (key: string, feature: string): number =>
  (loadCoefficients().timing as unknown as Record<string, { coefficients: readonly { feature: string; value: number }[] }>)[key]!.coefficients.find((c) => c.feature === feature)!.value;

describe(`timing model (seed ${seed})`, () => {
  const patterns = ['2:4', '4:8', '8:16', '16:32', '32:64', '8:8', '1:4', '3:8'];
  for (let k = 0; k < 8; k++) {
    const pattern = patterns[k]!;
    const m = Number(pattern.split(':')[1]);
    const window = m * rng.int(1, Math.max(1, Math.floor(64 / m)));
    const input = { pattern, window, rows: rng.int(1, 64), cols: rng.int(1, 64), actBits: rng.int(2, 16), weightBits: rng.int(2, 16), meta: rng.bool(0.5) ? 'bitmask' as const : 'index' as const };
    for (const top of ['engine', 'core'] as const) {
      it(`${JSON.stringify(input)} ${top}: stages are chain sums plus register overhead, period the worst, fmax its inverse`, () => expectChainSums(input, top));
    }
  }
  // Flexible engines: both organizations, pipelined (m* >= 16) and not, with their own timing forms.
  const FLEX = [
    { modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows: rng.int(1, 16), cols: rng.int(1, 16), org: 'rank' as const },
    { modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows: rng.int(1, 16), cols: rng.int(1, 16), org: 'bitonic' as const },
    { modes: ['1:2', '2:4', '4:8'], window: 16, rows: rng.int(1, 16), cols: rng.int(1, 16), org: 'bitonic' as const, meta: 'bitmask' as const },
    { modes: ['1:4', '2:8'], window: 16, rows: rng.int(1, 16), cols: rng.int(1, 16), org: 'rank' as const },
  ];
  for (const input of FLEX) {
    for (const top of ['engine', 'core'] as const) {
      it(`flexible ${JSON.stringify(input)} ${top}: stages are chain sums plus register overhead`, () => expectChainSums(input, top));
    }
  }

  it('a pipelined bitonic compressor: its network ends the compare stage, its registered keep mask adds nothing to the lane stage', () => {
    const ir = configIR({ modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows: 2, cols: 2, org: 'bitonic' });
    const t = estimateTiming(ir, 'engine');
    const link = (stage: string): { key: string; logicNs: number } => t.stages.find((s) => s.stage === stage)!.path.find((p) => p.block === 'compressor_r0')!;
    // Literal features: K = log2 32 = 5, L = K(K-1)/2 + 1 = 11 layers of 8 + 5 = 13-bit keys.
    const literal = coef('flex_bitonic', 'fixed') + coef('flex_bitonic', 'layers') * 11 + coef('flex_bitonic', 'layersLog2KeyBits') * 11 * log2c(13);
    expect(link('compare').key).toBe('flex_bitonic');
    expect(link('compare').logicNs).toBeCloseTo(literal, 3);
    expect(link('lane')).toMatchObject({ key: 'flex_bitonic_keep', logicNs: 0 });
  });

  it('the bitmask decoder path grows with its prefix-count levels, log2(m) - 1, and the carry-chain bits they cross, min(l + 1, clog2 n) at level l', () => {
    const a = estimateTiming(configIR({ pattern: '4:8', rows: 1, cols: 1, meta: 'bitmask' }), 'core');
    const b = estimateTiming(configIR({ pattern: '16:32', rows: 1, cols: 1, meta: 'bitmask' }), 'core');
    const path = (t: typeof a, key: string): number => t.stages.flatMap((s) => s.path).find((p) => p.key === key)!.logicNs;
    // Literal: 4:8 has 2 levels crossing min(1, 2) + min(2, 2) = 3 bits; 16:32 has 4 levels crossing 1 + 2 + 3 + 4 = 10 bits.
    expect(path(b, 'meta_decoder_bitmask') - path(a, 'meta_decoder_bitmask')).toBeCloseTo(coef('meta_decoder_bitmask', 'prefixLevels') * (4 - 2) + coef('meta_decoder_bitmask', 'rippleBits') * (10 - 3), 3);
  });
});

/** Each stage of `top` is the literal sum of its chain's fitted forms plus one register overhead. */
function expectChainSums(input: EngineConfigInput, top: 'engine' | 'core'): void {
  const ir = configIR(input);
  const t = estimateTiming(ir, top);
  expect(t.stages.map((s) => s.stage)).toEqual(ir.tops[top].stages.map((s) => s.name));
  const dff = cellData('DFF_X1')!;
  const overhead = (dff.arcs[0]!.d0Ps + dff.arcs[0]!.kPsPerFf * 3.5 + 50) / 1000;
  for (const s of t.stages) {
    let sum = 0;
    for (const p of s.path) {
      const block = ir.tops[top].blocks.find((b) => b.name === p.block) as Block;
      if (p.key === 'flex_bitonic_keep') { expect(p.logicNs).toBe(0); continue; }
      const form = timingForm(p.key);
      const literal = form.features.reduce((acc, f) => acc + coef(p.key, f.name) * f.of(block), 0);
      expect(p.logicNs, `${s.stage} ${p.block}`).toBeCloseTo(Math.max(0, literal), 3);
      sum += p.logicNs;
    }
    // With the array's fan-outs: the launching broadcast's extra delay on the chain, or the stall-enable path.
    const f = ir.tops[top].stageFanouts[s.index]!;
    const worstBroadcast = Math.max(0, ...f.broadcasts.filter((b) => b.joins === 'chain').map((b) => broadcastExtraNs(b.sinkPinsPerBit)));
    // A select after the chain (acc_first): its fan-out, the 2:1 mux (S to Z into a MUX2 input), the load mux (A to Z into D).
    const select = Math.max(0, ...f.broadcasts.filter((b) => b.joins === 'final_select').map((b) => broadcastExtraNs(b.sinkPinsPerBit) + (56.8 + 2.6 * 0.95 + 58.2 + 2.6 * 1.14) / 1000));
    expect(s.broadcast?.extraNs ?? 0).toBeCloseTo(worstBroadcast, 3);
    expect(s.select?.logicNs ?? 0).toBeCloseTo(select, 3);
    expect(s.enable.flipFlops).toBe(f.enabledFlipFlops);
    expect(s.delayNs).toBeCloseTo(Math.max(sum + worstBroadcast, select, s.enable.logicNs) + overhead, 3);
  }
  const worst = Math.max(...t.stages.map((s) => s.delayNs));
  expect(t.periodNs).toBe(worst);
  expect(t.fmaxMhz).toBeCloseTo(1000 / worst, 2);
  expect(fmaxMhz(ir, top)).toBe(t.fmaxMhz);
  expect(stageDelaysNs(ir, top)).toEqual(t.stages.map((s) => s.delayNs));
}
