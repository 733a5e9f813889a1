// The shared pruning definitions (src/accuracy/prune.ts) and the output metrics against the slow
// literal implementation in literal.ts, on small random heavy-tailed layers (seed printed; replay
// with NMCORE_SEED=<seed>), plus the tie rule on constructed groups.

import { describe, expect, it } from 'vitest';
import { CRITERION_IDS, MITIGATION_IDS, PATTERN_IDS } from '../../src/accuracy/ids.js';
import { amberFactors } from '../../src/accuracy/amber.js';
import { effectiveInput, keptEnergy, pruneLayer } from '../../src/accuracy/prune.js';
import { layerWeights } from '../../src/accuracy/layer_weights.js';
import { denseOutputs, outputError, prunedOutputs } from '../../src/accuracy/metrics.js';
import { Prng } from '../../src/util/prng.js';
import { literalAmber, literalPrune, matmulT, randomLayer } from './literal.js';

const SEED = Number(process.env.NMCORE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`prune.test seed ${SEED} (replay: NMCORE_SEED=${SEED} npx vitest run test/accuracy/prune.test.ts)`);

describe('pruning definitions vs the literal implementation', () => {
  it('x_eff, kept energy, output error and cosine agree for every pattern, criterion and mitigation', () => {
    const rng = new Prng(SEED);
    for (let trial = 0; trial < 3; trial++) {
      const T = rng.int(2, 6), K = 32 * rng.int(1, 2), O = rng.int(3, 9);
      const { X, W, layer } = randomLayer(rng, T, K, O, rng.pick([1, 4, 1000]));
      const w = layerWeights(layer, O, 'trace weights', 8, SEED);
      const x = Float64Array.from(layer.values);
      const Y = matmulT(X, W);
      for (const p of PATTERN_IDS) for (const c of CRITERION_IDS) for (const mit of MITIGATION_IDS) {
        const where = `seed ${SEED} trial ${trial} ${p} ${c} ${mit} (T ${T}, K ${K})`;
        const lit = literalPrune(X, W, p, c, mit);
        const pl = pruneLayer(x, T, K, p, c, mit, { amberFactors: w.amberFactors });
        const eff = effectiveInput(x, pl);
        const keepDiff: string[] = [];
        let maxErr = 0;
        for (let t = 0; t < T; t++) for (let j = 0; j < K; j++) {
          if ((pl.keep[t * K + j] === 1) !== lit.keep[t]![j]) keepDiff.push(`[${t}][${j}]`);
          maxErr = Math.max(maxErr, Math.abs(eff[t * K + j]! - lit.xEff[t]![j]!) / Math.max(1, Math.abs(lit.xEff[t]![j]!)));
        }
        expect(keepDiff, `${where}: keep masks differ at`).toEqual([]);
        expect(maxErr, `${where}: largest relative x_eff difference`).toBeLessThan(1e-9);
        let kept = 0, all = 0;
        X.forEach((row, t) => row.forEach((v, j) => { const s = (v - lit.shifts[t]!) ** 2; all += s; if (lit.keep[t]![j]) kept += s; }));
        expect(keptEnergy(x, pl), where).toBeCloseTo(kept / all, 12);
        const Yt = matmulT(lit.xEff, W);
        const diff = Math.sqrt(Y.flat().reduce((s, v, i) => s + (v - Yt.flat()[i]!) ** 2, 0));
        const ref = Math.sqrt(Y.flat().reduce((s, v) => s + v * v, 0));
        const cos = Y.reduce((s, y, t) => s + y.reduce((a, v, o) => a + v * Yt[t]![o]!, 0) / Math.sqrt(y.reduce((a, v) => a + v * v, 0) * Yt[t]!.reduce((a, v) => a + v * v, 0)), 0) / T;
        const got = outputError(denseOutputs(x, T, K, w), prunedOutputs(x, pl, w), T);
        expect(got.relOutputError, where).toBeCloseTo(diff / ref, 9);
        expect(got.cosine, where).toBeCloseTo(cos, 9);
      }
    }
  });

  it('Amber factors equal the literal quantile / mean / std / norm computation', () => {
    const rng = new Prng(SEED ^ 0x5a5a);
    const W = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => rng.next() * 4 - 2 + (rng.bool(0.02) ? 30 : 0)));
    const got = amberFactors(Float64Array.from(W.flat()), 7, 24);
    literalAmber(W).forEach((v, j) => expect(got[j]!, `seed ${SEED} f_${j}`).toBeCloseTo(v, 10));
  });

  it('ties go to the lower channel, exactly n are kept among zeros, and tied groups are counted', () => {
    const x = Float64Array.from([1, -1, 1, 1, 0, 0, 0, 0, 3, 2, 2, 1, 5, 4, 3, 2]);
    const p = pruneLayer(x, 1, 16, '2:4', 'magnitude', 'none');
    expect(Array.from(p.keep)).toEqual([1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]);
    expect(p.tiedGroups).toBe(3);
    expect(p.groups).toBe(4);
  });
});
