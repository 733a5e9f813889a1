// Exact bit-slicing of wide delay lines (src/synth/delay_line_slices.ts, used by synthesizeEngine):
// the slice width against a literal divisor search on random widths (seed printed; replay with
// NMCORE_SEED=<seed>); a delay line synthesized whole against one slice scaled by the slice count
// (same area, cell counts per type, transistors, levels); and on a small engine (2:4, window 4,
// 1 x 1 PE, 2-bit operands, delay lines of 4..8 bits) synthesizeEngine with a 4-bit limit reports
// the sliced rows as slice area x slices (each slice synthesized here on its own), and with limit 0
// synthesizes every delay line whole, at the same engine area.

import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { delayLineSlicing, scaleSliceResult, sliceWidth } from '../../src/synth/delay_line_slices.js';
import { synthesizeEngine } from '../../src/synth/engine_synth.js';
import type { SynthFlowOptions } from '../../src/synth/flows.js';
import { synthesizeBatch } from '../../src/synth/synthesize.js';
import { templateSpec } from '../../src/synth/template_sources.js';
import { YosysPool } from '../../src/synth/yosys_pool.js';
import { Prng } from '../../src/util/prng.js';

const SEED = Number(process.env.NMCORE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`delay_line_slices.test seed ${SEED} (replay: NMCORE_SEED=${SEED} npx vitest run test/synth/delay_line_slices.test.ts)`);

const LONG = 180_000;
const FLOW: SynthFlowOptions = { abcScript: 'nmcore', timing: true };

/** Literal: every divisor of `width`, the largest one not above `limit`. */
function literalSliceWidth(width: number, limit: number): number {
  const divisors: number[] = [];
  for (let d = 1; d <= width; d++) if (width % d === 0) divisors.push(d);
  return Math.max(...divisors.filter((d) => d <= limit));
}

describe('delay line slicing rule', () => {
  it('slice width is the largest divisor up to the limit; only nm_delay_line wider than a positive limit is sliced', () => {
    const rng = new Prng(SEED);
    for (let trial = 0; trial < 200; trial++) {
      const width = rng.int(1, 5000);
      const limit = rng.int(1, 600);
      const s = literalSliceWidth(width, limit);
      expect(sliceWidth(width, limit), `seed ${SEED} width ${width} limit ${limit}`).toBe(s);
      const got = delayLineSlicing('nm_delay_line', { WIDTH: width, DEPTH: 3 }, limit);
      if (width > limit) expect(got, `seed ${SEED} width ${width} limit ${limit}`).toEqual({ slices: width / s, params: { WIDTH: s, DEPTH: 3 } });
      else expect(got.slices).toBe(1);
    }
    expect(delayLineSlicing('nm_delay_line', { WIDTH: 32768, DEPTH: 1 }, 0)).toEqual({ slices: 1, params: { WIDTH: 32768, DEPTH: 1 } });
    expect(delayLineSlicing('nm_mux_network', { WINDOW: 32, M: 4, N: 2, WIDTH: 4096 }, 256).slices).toBe(1);
    expect(delayLineSlicing('nm_delay_line', { WIDTH: 32768, DEPTH: 1 })).toEqual({ slices: 128, params: { WIDTH: 256, DEPTH: 1 } });
  });
});

describe('delay lines synthesized as bit slices (Yosys)', () => {
  const pool = new YosysPool({ size: 2 });
  afterAll(async () => {
    await pool.close();
  });

  it('a 1000-bit, 2-deep delay line: whole = one 250-bit slice x 4 (area, cells, transistors, levels)', { timeout: LONG }, async () => {
    const params = { WIDTH: 1000, DEPTH: 2 };
    const { slices, params: sliceParams } = delayLineSlicing('nm_delay_line', params, 256);
    expect(slices).toBe(4);
    const [whole, slice] = await synthesizeBatch([templateSpec('nm_delay_line', params), templateSpec('nm_delay_line', sliceParams)], { pool, flow: FLOW });
    const scaled = scaleSliceResult(slice!, slices, params);
    expect(scaled.params).toEqual(params);
    expect(scaled.cells).toEqual(whole!.cells);
    expect(scaled.genericCells).toEqual(whole!.genericCells);
    expect(scaled.transistors).toEqual(whole!.transistors);
    expect(scaled.areaUm2).toBeCloseTo(whole!.areaUm2, 6);
    expect(scaled.sequentialAreaUm2).toBeCloseTo(whole!.sequentialAreaUm2, 6);
    expect(scaled.timing!.areaUm2).toBeCloseTo(whole!.timing!.areaUm2, 6);
    expect(scaled.criticalPath.levels).toBe(whole!.criticalPath.levels);
    // 2 flip-flops per bit, literally.
    expect(Object.entries(whole!.cells.byType).filter(([t]) => t.startsWith('DFF')).reduce((s, [, n]) => s + n, 0)).toBe(2000);
  });

  it('synthesizeEngine: sliced rows are slice x slices, limit 0 synthesizes whole, same engine area', { timeout: LONG }, async () => {
    const v = validateConfig({ pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 2, weightBits: 2 });
    if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
    const ir = elaborate(v.config);
    const limit = 4;
    let jobs = 0;
    const sliced = await synthesizeEngine(ir, 'engine', { pool, whole: 'never', flow: FLOW, delaySliceBits: limit, onProgress: (p) => { jobs = p.total; } });
    const whole = await synthesizeEngine(ir, 'engine', { pool, whole: 'never', flow: FLOW, delaySliceBits: 0 });
    expect(whole.components.every((c) => c.slices === 1)).toBe(true);

    const wide = sliced.components.filter((c) => c.template === 'nm_delay_line' && c.params.WIDTH! > limit);
    expect(wide.length).toBeGreaterThan(0);
    const sliceSpecs = wide.map((c) => templateSpec('nm_delay_line', { ...c.params, WIDTH: literalSliceWidth(c.params.WIDTH!, limit) }));
    const own = await synthesizeBatch(sliceSpecs, { pool, flow: FLOW });
    wide.forEach((c, i) => {
      const n = c.params.WIDTH! / literalSliceWidth(c.params.WIDTH!, limit);
      expect(c.slices, c.name).toBe(n);
      expect(n).toBeGreaterThan(1);
      expect(c.result.areaUm2, c.name).toBeCloseTo(own[i]!.areaUm2 * n, 6);
      expect(c.areaUm2, c.name).toBeCloseTo(own[i]!.areaUm2 * n * c.count, 6);
      expect(c.transistors, c.name).toBe(own[i]!.transistors.count * n * c.count);
      expect(c.result.params, c.name).toEqual(c.params);
      // The same row synthesized whole.
      const w = whole.components.find((x) => x.name === c.name)!;
      expect(w.result.params.WIDTH).toBe(c.params.WIDTH);
      expect(c.result.cells, c.name).toEqual(w.result.cells);
      expect(c.transistors, c.name).toBe(w.transistors);
      expect(c.areaUm2, c.name).toBeCloseTo(w.areaUm2, 6);
    });
    // Rows whose slices are the same template and parameters share one job.
    const distinct = new Set(sliced.components.map((c) => `${c.template} ${JSON.stringify({ ...c.params, ...(wide.includes(c) ? { WIDTH: literalSliceWidth(c.params.WIDTH!, limit) } : {}) })}`));
    expect(jobs).toBe(distinct.size);
    // Rows at or under the limit, and every other component, are synthesized whole either way.
    for (const c of sliced.components.filter((x) => !wide.includes(x))) expect(c.slices, c.name).toBe(1);
    expect(sliced.componentsTotalUm2).toBeCloseTo(whole.componentsTotalUm2, 6);
  });
});
