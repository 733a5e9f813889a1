// selectTopN (sorted-copy threshold, insertion sort for small groups) against a literal selection:
// sort each group's channels by score descending, then channel ascending, keep the first n; a
// group is tied when its n-th and (n+1)-th scores are equal. Scores drawn from few values so that
// ties are common; every group size the accuracy study uses, up to a whole row. Seed printed.

import { describe, expect, it } from 'vitest';
import { selectTopN } from '../../src/accuracy/select.js';
import { Prng } from '../../src/util/prng.js';

const SEED = Number(process.env.NMCORE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`select_topn.test seed ${SEED} (replay: NMCORE_SEED=${SEED} npx vitest run test/accuracy/select_topn.test.ts)`);

function literal(scores: number[], T: number, K: number, n: number, m: number): { keep: number[]; tied: number } {
  const keep = new Array<number>(T * K).fill(0);
  let tied = 0;
  for (let g = 0; g < T * K; g += m) {
    const order = Array.from({ length: m }, (_, i) => g + i).sort((a, b) => (scores[b]! !== scores[a]! ? scores[b]! - scores[a]! : a - b));
    order.slice(0, n).forEach((i) => { keep[i] = 1; });
    if (n > 0 && n < m && scores[order[n - 1]!] === scores[order[n]!]) tied++;
  }
  return { keep, tied };
}

describe('selectTopN', () => {
  it('keeps the literal top-n with the lower-channel tie rule and counts tied groups', () => {
    const rng = new Prng(SEED);
    for (const m of [2, 4, 8, 16, 32, 64, 128, 256]) {
      for (const n of [0, 1, m / 2, m - 1, m]) {
        const T = rng.int(1, 4), K = m * rng.int(1, 3);
        const levels = rng.pick([1, 3, 1000]);
        const scores = Array.from({ length: T * K }, () => rng.int(0, levels) / 4);
        const keep = new Uint8Array(T * K);
        const tied = selectTopN(Float64Array.from(scores), T, K, n, m, keep);
        const lit = literal(scores, T, K, n, m);
        const where = `seed ${SEED} n ${n} m ${m} T ${T} K ${K} levels ${levels}`;
        expect([...keep], where).toEqual(lit.keep);
        expect(tied, `${where}: tied groups`).toBe(lit.tied);
      }
    }
  });
});
