// N:M selection and statistics against a brute-force reference written from the contract's rank rule
// (arXiv:2509.22166: channel j is kept iff fewer than n channels of its group beat it; i beats j when
// |a_i| > |a_j|, or equal and i < j), on random codes with a printed seed, plus hand-made cases.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GROUP_ALL_ZERO, GROUP_TIED, GROUP_TIED_AT_ZERO, nmKeepMasks, nmStats } from '../../src/trace/nm_stats.js';
import { parsePattern } from '../../src/config/pattern.js';
import type { QuantizedLayer } from '../../src/trace/quantize.js';

const layer = (codes: number[], tokens: number, channels: number, actBits = 8): QuantizedLayer => ({
  tokens, channels, actBits, codes: Int16Array.from(codes), scales: new Float64Array(tokens).fill(1),
});

/** Reference: kept channels per token, tie / zero flags per group, weight rows per block. Rows padded with zeros to a multiple of m. */
function reference(codes: Int16Array, T: number, K: number, n: number, m: number, R: number) {
  const G = Math.ceil(K / m);
  const kept: boolean[][] = [];
  let tied = 0, tiedZero = 0, allZero = 0;
  for (let t = 0; t < T; t++) {
    const row: boolean[] = new Array(K).fill(false);
    for (let g = 0; g < G; g++) {
      const mag = (i: number) => (g * m + i < K ? Math.abs(codes[t * K + g * m + i]) : 0);
      for (let j = 0; j < m; j++) {
        let beaten = 0;
        for (let i = 0; i < m; i++) if (mag(i) > mag(j) || (mag(i) === mag(j) && i < j)) beaten++;
        if (beaten < n && g * m + j < K) row[g * m + j] = true;
      }
      const sorted = Array.from({ length: m }, (_, i) => mag(i)).sort((a, b) => b - a);
      if (sorted[0] === 0) allZero++;
      if (n < m && sorted[n - 1] === sorted[n]) {
        tied++;
        if (sorted[n] === 0) tiedZero++;
      }
    }
    kept.push(row);
  }
  let rows = 0;
  for (let b = 0; b * R < T; b++) {
    for (let c = 0; c < K; c++) if (kept.slice(b * R, (b + 1) * R).some((r) => r[c])) rows++;
  }
  return { kept, tied, tiedZero, allZero, rows, keptValues: kept.flat().filter(Boolean).length };
}

describe('hand-made groups', () => {
  it('larger magnitude wins, ties go to the lower index, |−128| = 128 beats 127', () => {
    // 2:4 groups: [3, -3, 3, 1] keeps channels 0, 1 (tie at 3 broken by index); [-128, 127, 0, 0] keeps 0, 1.
    const km = nmKeepMasks(Int16Array.of(3, -3, 3, 1, -128, 127, 0, 0), 1, 8, { n: 2, m: 4 });
    expect(Array.from(km.masks)).toEqual([0b0011, 0b0011]);
    expect(km.groupFlags[0] & GROUP_TIED).toBe(GROUP_TIED);
    expect(km.groupFlags[1]).toBe(0);
  });
  it('keeps exactly n channels of an all-zero group (the lowest indices) and flags it', () => {
    const km = nmKeepMasks(new Int16Array(4), 1, 4, { n: 2, m: 4 });
    expect(Array.from(km.masks)).toEqual([0b0011]);
    expect(km.groupFlags[0]).toBe(GROUP_TIED | GROUP_TIED_AT_ZERO | GROUP_ALL_ZERO);
  });
  it('counts weight rows as the union of kept channels over each block of tokens', () => {
    // 1:2, K = 4, tokens keep {0,2}, {1,2}, {1,3}; blocks of 2 tokens → {0,1,2} = 3 rows, {1,3} = 2 rows.
    const s = nmStats(layer([5, 1, 5, 1, 1, 5, 5, 1, 1, 5, 1, 5], 3, 4), { n: 1, m: 2 }, 2);
    expect([s.blocks, s.weightRowsFetched, s.weightRowsDense, s.minWeightRowsPerBlock, s.maxWeightRowsPerBlock]).toEqual([2, 5, 8, 2, 3]);
    expect(Array.from(s.channelKeepCounts)).toEqual([1, 2, 2, 1]);
  });
  it('pads K to a multiple of m with zeros that never count as kept channels', () => {
    const s = nmStats(layer([0, 0, 0, 4, 0, 2], 1, 6), { n: 2, m: 4 }); // groups [0,0,0,4] and [0,2,pad,pad]
    expect([s.groupsPerToken, s.paddedChannelsPerToken, s.keptValues, s.keptNonZero, s.tiedGroups, s.tiedGroupsAtZero]).toEqual([2, 2, 4, 2, 2, 2]); // both groups tie at 0 below their top value
  });
  it('parses patterns with the engine\'s rules (one parser for configs and traces)', () => {
    expect(parsePattern('8:16', 'p').pattern).toEqual({ n: 8, m: 16 });
    expect(parsePattern(' 2 : 4 ', 'p').pattern).toEqual({ n: 2, m: 4 });
    const codes = (t: string): string[] => parsePattern(t, 'p').diagnostics.map((d) => d.code);
    expect([codes('5:4'), codes('0:4'), codes('8-16'), codes('1:128'), codes('2:3')])
      .toEqual([['config_n_exceeds_m'], ['config_n_out_of_range'], ['config_pattern_syntax'], ['config_m_not_legal'], ['config_m_not_legal']]);
  });
});

describe('against the brute-force reference', () => {
  const seed = Number(process.env.NMCORE_TEST_SEED ?? (Date.now() >>> 0));
  console.log(`nm_stats reference property seed ${seed} (rerun with NMCORE_TEST_SEED=${seed})`);
  it('agrees on kept sets, ties, zeros and weight rows (numRuns 150)', () => {
    const arb = fc
      .record({ m: fc.constantFrom(2, 4, 8, 16, 32, 64), T: fc.integer({ min: 1, max: 6 }), K: fc.integer({ min: 1, max: 80 }), bits: fc.integer({ min: 2, max: 8 }), R: fc.integer({ min: 1, max: 4 }), nFrac: fc.double({ min: 0, max: 1, noNaN: true }) })
      .chain((p) => fc.record({
        p: fc.constant(p),
        // Small alphabets make ties common; −2^(A−1) is included.
        codes: fc.array(fc.integer({ min: -(2 ** (p.bits - 1)), max: 2 ** (p.bits - 1) - 1 }), { minLength: p.T * p.K, maxLength: p.T * p.K }),
      }));
    fc.assert(
      fc.property(arb, ({ p, codes }) => {
        const n = Math.max(1, Math.round(p.nFrac * p.m));
        const q = layer(codes, p.T, p.K, p.bits);
        const s = nmStats(q, { n, m: p.m }, p.R);
        const ref = reference(q.codes, p.T, p.K, n, p.m, p.R);
        const km = nmKeepMasks(q.codes, p.T, p.K, { n, m: p.m });
        const G = km.groupsPerToken;
        for (let t = 0; t < p.T; t++) {
          for (let c = 0; c < p.K; c++) {
            const g = Math.floor(c / p.m), i = c % p.m;
            const bit = (km.masks[(t * G + g) * km.wordsPerGroup + (i >> 5)] >>> (i & 31)) & 1;
            expect(bit === 1).toBe(ref.kept[t][c]);
          }
        }
        expect([s.tiedGroups, s.tiedGroupsAtZero, s.allZeroGroups, s.weightRowsFetched, s.keptValues]).toEqual([ref.tied, ref.tiedZero, ref.allZero, ref.rows, ref.keptValues]);
      }),
      { numRuns: 150, seed },
    );
  });
});
