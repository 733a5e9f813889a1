// The GEMM accuracy path (src/accuracy/gemm/, onnxruntime-node) against the pure-TypeScript
// reference (evaluate_layer.ts) on small random layers (seed printed; replay with NMCORE_SEED=<seed>):
// every pattern, criterion and mitigation, trace weights and seeded random weights, int8 and wide
// codes. Masks, kept energy and tie counts are equal; the output metrics agree within the float32
// tolerance of the residual GEMM (float path) and the float64 tolerance of the engine path (exact
// int8 products against a float64 dense Y; float32 when a width exceeds 8 bits).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateLayer, type AccuracyPlan } from '../../src/accuracy/evaluate_layer.js';
import { evaluateLayerGemm } from '../../src/accuracy/gemm/evaluate_layer_gemm.js';
import { gemmWeights } from '../../src/accuracy/gemm/gemm_weights.js';
import { loadOrtGemm, type GemmBackend } from '../../src/accuracy/gemm/ort_gemm.js';
import { CRITERION_IDS, MITIGATION_IDS, PATTERN_IDS } from '../../src/accuracy/ids.js';
import { layerWeights } from '../../src/accuracy/layer_weights.js';
import type { TraceLayer } from '../../src/trace/types.js';
import { Prng } from '../../src/util/prng.js';
import { randomLayer } from './literal.js';

const SEED = Number(process.env.NMCORE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`gemm_matches_reference.test seed ${SEED} (replay: NMCORE_SEED=${SEED} npx vitest run test/accuracy/gemm_matches_reference.test.ts)`);

/** Relative tolerance of relOutputError on the float path (float32 residual products, K <= 96). */
const FLOAT_REL_TOL = 1e-4;
/** Relative tolerance of engineRelOutputError with int8 products (exact) against float64 Y. */
const ENGINE_INT8_REL_TOL = 1e-9;
/** The same when a code is wider than 8 bits (float32 products). */
const ENGINE_F32_REL_TOL = 1e-4;
/** Absolute tolerance of the cosines (float32 path). */
const COSINE_TOL = 1e-6;

const relDiff = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(b), 1e-300));

let gemm: GemmBackend;
beforeAll(async () => {
  const loaded = await loadOrtGemm(1);
  if (!loaded.ok) throw new Error(loaded.reason);
  gemm = loaded.gemm;
});
afterAll(async () => { await gemm.release(); });

describe('GEMM accuracy path vs the pure-TypeScript reference', () => {
  it('plain products equal literal sums (float32, float64, int8 exact)', async () => {
    const rng = new Prng(SEED);
    const m = rng.int(1, 7), k = rng.int(1, 40), n = rng.int(1, 9);
    const a = Float64Array.from({ length: m * k }, () => rng.int(-5, 5)), b = Float64Array.from({ length: n * k }, () => rng.int(-5, 5));
    const c32 = await gemm.gemmF32(Float32Array.from(a), m, k, Float32Array.from(b), n);
    const c64 = await gemm.gemmF64(a, m, k, b, n);
    const ai = Int8Array.from({ length: m * k }, () => rng.int(-128, 127)), bi = Int8Array.from({ length: k * n }, () => rng.int(-128, 127));
    const ci = await gemm.gemmI8(ai, m, k, bi, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      let s = 0, si = 0;
      for (let l = 0; l < k; l++) { s += a[i * k + l]! * b[j * k + l]!; si += ai[i * k + l]! * bi[l * n + j]!; }
      expect(c32[i * n + j], `seed ${SEED} f32 [${i}][${j}]`).toBe(s);
      expect(c64[i * n + j], `seed ${SEED} f64 [${i}][${j}]`).toBe(s);
      expect(ci[i * n + j], `seed ${SEED} i8 [${i}][${j}]`).toBe(si);
    }
  });

  it('every metric of every combination agrees on random layers', async () => {
    const rng = new Prng(SEED ^ 0x5bd1e995);
    for (let trial = 0; trial < 4; trial++) {
      const T = rng.int(3, 9), K = 32 * rng.int(1, 3), O = rng.int(3, 40);
      const { layer: withWeights } = randomLayer(rng, T, K, O, rng.pick([1, 4, 1000]));
      const layer: TraceLayer = trial % 2 === 0 ? withWeights : { ...withWeights, weights: undefined };
      const actBits = rng.pick([4, 8, 10]), weightBits = rng.pick([8, 8, 12]);
      const plan: AccuracyPlan = { patterns: PATTERN_IDS, criteria: CRITERION_IDS, mitigations: MITIGATION_IDS, actBits };
      const ref = evaluateLayer(layer, layerWeights(layer, O, 'test', weightBits, SEED), plan);
      const fast = await evaluateLayerGemm(layer, gemmWeights(layer, O, 'test', weightBits, SEED, true), plan, gemm);
      const engineTol = actBits <= 8 && weightBits <= 8 ? ENGINE_INT8_REL_TOL : ENGINE_F32_REL_TOL;
      expect(fast.length).toBe(ref.length);
      ref.forEach((r, i) => {
        const f = fast[i]!;
        const where = `seed ${SEED} trial ${trial} ${r.pattern} ${r.criterion} ${r.mitigation} (T ${T}, K ${K}, O ${O}, A ${actBits}, B ${weightBits}, ${layer.weights ? 'trace' : 'random'} weights)`;
        expect([f.pattern, f.criterion, f.mitigation], where).toEqual([r.pattern, r.criterion, r.mitigation]);
        expect([f.keptEnergy, f.tiedGroups, f.engineTiedGroups, f.groups], `${where}: kept energy and counts`).toEqual([r.keptEnergy, r.tiedGroups, r.engineTiedGroups, r.groups]);
        expect(relDiff(f.relOutputError, r.relOutputError), `${where}: relOutputError ${f.relOutputError} vs ${r.relOutputError}`).toBeLessThanOrEqual(FLOAT_REL_TOL);
        expect(relDiff(f.engineRelOutputError, r.engineRelOutputError), `${where}: engineRelOutputError ${f.engineRelOutputError} vs ${r.engineRelOutputError}`).toBeLessThanOrEqual(engineTol);
        expect(Math.abs(f.cosine - r.cosine), `${where}: cosine`).toBeLessThanOrEqual(COSINE_TOL);
        expect(Math.abs(f.engineCosine - r.engineCosine), `${where}: engineCosine`).toBeLessThanOrEqual(engineTol === ENGINE_INT8_REL_TOL ? 1e-12 : COSINE_TOL);
      });
    }
  });
});
