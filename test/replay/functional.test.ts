// Functional replay (sim/replay/functional.ts) against the contract's reference arithmetic
// (src/ref/functional.ts referenceDotProduct: naive top-n and bigint sums) on seeded random small
// layers (K not a multiple of m or W, ties and extreme values, accumulators that wrap), and against
// the cycle model (sim/cycle/engine.ts) fed the layer's tiles as a stream on a tiny engine.

import { describe, expect, it } from 'vitest';
import { parsePattern } from '../../src/config/pattern.js';
import { unpackHex } from '../../src/ir/bits.js';
import type { DenseSlice } from '../../src/ref/functional.js';
import { referenceDotProduct } from '../../src/ref/functional.js';
import { Prng } from '../../src/util/prng.js';
import { simulateStream } from '../../sim/cycle/engine.js';
import { functionalReplay, type FunctionalLayer } from '../../sim/replay/functional.js';
import { buildStimulus, cyclesFor, FREE_RUNNING, randomPolicy } from '../../sim/scenario/workload.js';
import { configIR, suiteSeed } from '../helpers/engines.js';

const SEED = suiteSeed('functional replay');

function randomLayer(rng: Prng, T: number, K: number, O: number, A: number, B: number): FunctionalLayer {
  const code = (bits: number): number => {
    const lo = -(2 ** (bits - 1)), hi = 2 ** (bits - 1) - 1;
    const r = rng.next();
    if (r < 0.15) return rng.pick([lo, hi, 0, 1, -1]);
    if (r < 0.3) return rng.pick([3, -3]); // ties of equal magnitude and both signs
    return rng.int(lo, hi);
  };
  return {
    tokens: T, channels: K, outChannels: O,
    activations: Int16Array.from({ length: T * K }, () => code(A)),
    weights: Int16Array.from({ length: O * K }, () => code(B)),
  };
}

/** The layer as one dot product of ceil(K/W) zero-padded slices on a T x O reference engine. */
function referenceOutputs(layer: FunctionalLayer, n: number, m: number, W: number, accBits: number): number[] {
  const { tokens: T, channels: K, outChannels: O } = layer;
  const slices: DenseSlice[] = [];
  const S = Math.ceil(K / W);
  for (let s = 0; s < S; s++) {
    const act = new Int32Array(T * W), wgt = new Int32Array(O * W);
    for (let j = 0; j < W && s * W + j < K; j++) {
      for (let t = 0; t < T; t++) act[t * W + j] = layer.activations[t * K + s * W + j]!;
      for (let o = 0; o < O; o++) wgt[o * W + j] = layer.weights[o * K + s * W + j]!;
    }
    slices.push({ act, wgt, last: s === S - 1, mode: 0 });
  }
  return referenceDotProduct({ windowChannels: W, rows: T, cols: O, accBits }, { n, m }, slices).map(Number);
}

describe(`functional replay is the engine's arithmetic (seed ${SEED})`, () => {
  it('equals the contract reference on random small layers', () => {
    const rng = new Prng(SEED);
    for (let trial = 0; trial < 40; trial++) {
      const m = rng.pick([2, 4, 8, 16, 32]);
      const n = rng.int(1, m);
      const W = m * rng.int(1, 3);
      const T = rng.int(1, 5), O = rng.int(1, 7), K = rng.int(1, 3 * W + 2);
      const A = rng.pick([2, 4, 8, 12, 16]), B = rng.pick([2, 5, 8, 16]);
      const accBits = rng.pick([A + B, A + B + 1, 20, 32, 48, 53, 64].filter((a) => a >= A + B));
      const layer = randomLayer(rng, T, K, O, A, B);
      const got = functionalReplay(layer, { n, m, accBits });
      const label = `trial ${trial}: ${n}:${m} W${W} T${T} K${K} O${O} A${A} B${B} acc${accBits}`;
      expect(Array.from(got.outputs), label).toEqual(referenceOutputs(layer, n, m, W, accBits));
      expect(got.laneMacs, label).toBeCloseTo((T * O * K * n) / m, 6);
    }
  });

  it('equals the contract reference on random 8-bit layers spanning several channel chunks (two output rows per packed double)', () => {
    const rng = new Prng(SEED + 2);
    for (let trial = 0; trial < 4; trial++) {
      const m = rng.pick([4, 16, 32]), n = rng.int(1, m);
      const T = rng.int(1, 3), O = rng.int(17, 21), K = rng.int(4100, 4400);
      const layer = randomLayer(rng, T, K, O, 8, 8);
      const label = `trial ${trial}: ${n}:${m} T${T} K${K} O${O}`;
      expect(Array.from(functionalReplay(layer, { n, m, accBits: 32 }).outputs), label).toEqual(referenceOutputs(layer, n, m, m, 32));
    }
  });

  it('is exact at the packing bound: every product the largest, every channel kept, per-chunk sums just under 2^25', () => {
    // (-128)·(-128) = 2^14 per term: the packed kernel takes 2047 channels per chunk (2047 · 2^14 < 2^25).
    const T = 2, O = 3, K = 5000;
    const layer: FunctionalLayer = { tokens: T, channels: K, outChannels: O, activations: new Int16Array(T * K).fill(-128), weights: new Int16Array(O * K).fill(-128) };
    layer.weights[K + 7] = 127; // row 1 differs in one channel (the packed row 0/1 carries both)
    const dense = Array.from({ length: T * O }, (_, i) => (i % O === 1 ? (K - 1) * 2 ** 14 - 128 * 127 : K * 2 ** 14));
    expect(Array.from(functionalReplay(layer, { n: 4, m: 4, accBits: 48 }).outputs)).toEqual(dense);
    // 2:4 on equal magnitudes keeps the two lower channels of every group (ties to the lower index).
    // Channel 7 (group 4..7) is dropped, so row 1 equals the others.
    expect(Array.from(functionalReplay(layer, { n: 2, m: 4, accBits: 48 }).outputs)).toEqual(new Array<number>(T * O).fill((K / 2) * 2 ** 14));
  });

  it('wraps at the accumulator width: a sum beyond 2^(acc-1) comes back negative', () => {
    const layer: FunctionalLayer = { tokens: 1, channels: 4, outChannels: 1, activations: Int16Array.of(127, 127, 0, 0), weights: Int16Array.of(127, 127, 0, 0) };
    // 2 * 127 * 127 = 32258 >= 2^14: wraps in 15 bits to 32258 - 32768; fits 16 bits.
    expect(Array.from(functionalReplay(layer, { n: 2, m: 4, accBits: 15 }).outputs)).toEqual([32258 - 32768]);
    expect(Array.from(functionalReplay(layer, { n: 2, m: 4, accBits: 16 }).outputs)).toEqual([32258]);
    expect(Array.from(functionalReplay(layer, { n: 2, m: 4, accBits: 32 }).outputs)).toEqual([32258]);
  });

  it('equals the cycle model on a tiny layer streamed through a 2 x 2 engine', () => {
    const ir = configIR({ pattern: '2:4', window: 8, rows: 2, cols: 2, accBits: 20 });
    const rng = new Prng(SEED + 1);
    const T = 4, O = 4, K = 13, W = ir.windowChannels;
    const layer = randomLayer(rng, T, K, O, ir.actBits, ir.weightBits);
    const expected = functionalReplay(layer, { ...parsePattern('2:4', 'test').pattern!, accBits: ir.accBits }).outputs;
    // Tiles: token block b x column block c, each a dot product of ceil(K/W) zero-padded slices.
    const slices: DenseSlice[] = [];
    const tiles: [number, number][] = [];
    const S = Math.ceil(K / W);
    for (let b = 0; b < T / 2; b++) {
      for (let c = 0; c < O / 2; c++) {
        tiles.push([b, c]);
        for (let s = 0; s < S; s++) {
          const act = new Int32Array(2 * W), wgt = new Int32Array(2 * W);
          for (let j = 0; j < W && s * W + j < K; j++) {
            for (let r = 0; r < 2; r++) act[r * W + j] = layer.activations[(2 * b + r) * K + s * W + j]!;
            for (let q = 0; q < 2; q++) wgt[q * W + j] = layer.weights[(2 * c + q) * K + s * W + j]!;
          }
          slices.push({ act, wgt, last: s === S - 1, mode: 0 });
        }
      }
    }
    const top = ir.tops.engine;
    const stimulus = buildStimulus(ir, top, slices, randomPolicy(rng, cyclesFor(slices.length, FREE_RUNNING, top.latencyCycles), FREE_RUNNING));
    const results = simulateStream(ir, top, stimulus).filter((r) => r.outValid && r.outReady).map((r) => unpackHex(r.outHex!, 4, ir.accBits, true).map(Number));
    expect(results.length).toBe(tiles.length);
    tiles.forEach(([b, c], i) => {
      for (let r = 0; r < 2; r++) for (let q = 0; q < 2; q++) {
        expect(results[i]![r * 2 + q], `token ${2 * b + r}, output ${2 * c + q}`).toBe(expected[(2 * b + r) * O + 2 * c + q]);
      }
    });
  });
});
