// Per-token symmetric quantization: rounding rule, scale, clamping, all-zero rows, and the error
// bound |x − q·scale| <= scale/2 on random rows (fast-check, pinned runs, seed printed on failure).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxCode, quantizeLayer, quantizeRow, roundHalfEven } from '../../src/trace/quantize.js';

describe('roundHalfEven', () => {
  it.each([[2.5, 2], [3.5, 4], [-2.5, -2], [-3.5, -4], [0.5, 0], [-0.5, 0], [1.4999, 1], [-1.5001, -2], [7, 7]])('%s → %s', (v, r) => {
    expect(roundHalfEven(v)).toBe(r);
  });
});

describe('quantizeLayer', () => {
  it('maps each row max to 2^(A-1)−1 with scale max/(2^(A-1)−1)', () => {
    const x = Float32Array.of(0.5, -1, 0.25, 0, /* row 2 */ 3, 1.5, -0.75, 0.1);
    const q = quantizeLayer(x, 2, 4, 8);
    expect(Array.from(q.scales)).toEqual([1 / 127, 3 / 127]);
    expect(Array.from(q.codes)).toEqual([64, -127, 32, 0, 127, 64, -32, 4]); // 63.5 → 64 (half to even), 31.75 → 32, 4.23 → 4
  });
  it('gives an all-zero row scale 1 and zero codes', () => {
    const q = quantizeLayer(new Float32Array(6), 2, 3, 4);
    expect(Array.from(q.scales)).toEqual([1, 1]);
    expect(Array.from(q.codes)).toEqual([0, 0, 0, 0, 0, 0]);
  });
  it('uses the symmetric range, so −2^(A−1) never occurs, at A = 2 and A = 16', () => {
    const q2 = quantizeLayer(Float32Array.of(-1, -0.6, 0.4, 1), 1, 4, 2);
    expect(Array.from(q2.codes)).toEqual([-1, -1, 0, 1]);
    const q16 = quantizeLayer(Float32Array.of(-1, 1 / 32767), 1, 2, 16);
    expect(Array.from(q16.codes)).toEqual([-32767, 1]);
  });
  it('rejects an activation width outside 2..16 as a bug', () => {
    expect(() => quantizeLayer(new Float32Array(1), 1, 1, 17)).toThrow(/actBits/);
  });
});

describe('property: reconstruction error at most half a step, codes in range', () => {
  it('holds on random rows (numRuns 200)', () => {
    const seed = Number(process.env.NMCORE_TEST_SEED ?? (Date.now() >>> 0));
    console.log(`quantize property seed ${seed} (rerun with NMCORE_TEST_SEED=${seed})`);
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 16 }), fc.array(fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 40 }), (bits, row) => {
        const x = Float32Array.from(row);
        const codes = new Int16Array(x.length);
        const scale = quantizeRow(x, 0, x.length, bits, codes);
        for (let i = 0; i < x.length; i++) {
          if (codes[i] > maxCode(bits) || codes[i] < -maxCode(bits) - 1) return false;
          if (Math.abs(x[i] - codes[i] * scale) > scale / 2 + 1e-9 * Math.abs(x[i])) return false;
        }
        return scale > 0;
      }),
      { numRuns: 200, seed },
    );
  });
});
