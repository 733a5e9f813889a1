// The Pareto front against a literal definition on random points (seeded, with ties and unknown
// values): a point is on the front when no other point is <= on every objective and < on one.

import { describe, expect, it } from 'vitest';
import { paretoFront } from '../../src/sweep/pareto.js';
import { Prng } from '../../src/util/prng.js';
import { suiteSeed } from '../helpers/engines.js';

function literalFront(rows: (number | null)[][]): number[] {
  const front: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    if (rows[i]!.some((v) => v === null)) continue;
    let dominated = false;
    for (let j = 0; j < rows.length && !dominated; j++) {
      if (j === i || rows[j]!.some((v) => v === null)) continue;
      let allNoWorse = true, oneBetter = false;
      for (let k = 0; k < rows[i]!.length; k++) {
        if (rows[j]![k]! > rows[i]![k]!) allNoWorse = false;
        if (rows[j]![k]! < rows[i]![k]!) oneBetter = true;
      }
      dominated = allNoWorse && oneBetter;
    }
    if (!dominated) front.push(i);
  }
  return front;
}

describe('paretoFront', () => {
  it('a hand case: dominated, equal and unknown points', () => {
    expect(paretoFront([[1, 5], [2, 2], [3, 3], [2, 2], [5, 1], [null, 0]])).toEqual([0, 1, 3, 4]);
  });

  it('equals the literal definition on random points', () => {
    const seed = suiteSeed('pareto');
    const rng = new Prng(seed);
    for (let t = 0; t < 200; t++) {
      const n = 1 + Math.floor(rng.next() * 30), d = 1 + Math.floor(rng.next() * 3);
      const rows = Array.from({ length: n }, () => Array.from({ length: d }, () => (rng.next() < 0.05 ? null : Math.floor(rng.next() * 6))));
      expect(paretoFront(rows), `seed ${seed} case ${t}`).toEqual(literalFront(rows));
    }
  });
});
