// The synthesis check of issue 15's area ratio (bench/lib/area_ratio_synth.ts): at 1 x 1 PE,
// 2:4 vs dense 4:4 at window 4 with 2-bit operands (small, so seconds of Yosys), the bench's
// synthesized areas and advantage against the same figures obtained here independently: every
// IR block of each top synthesized from its template (own grouping by template and parameters),
// areas summed over the blocks, the advantage computed literally as (dense µm² / W·R·C) /
// (sparse µm² / W·R·C). Also: each distinct job is synthesized once across the engines, a second
// run is served from the cache with the same figures (another fingerprint misses it), and delay
// lines synthesized as equal bit slices give the same areas.

import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthesizeAreaRatios, type SynthRatioReport } from '../../bench/lib/area_ratio_synth.js';
import { SynthCache } from '../../bench/lib/synth_cache.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { loadCoefficients } from '../../src/model/coefficients.js';
import { synthesizeBatch } from '../../src/synth/synthesize.js';
import { templateSpec } from '../../src/synth/template_sources.js';
import { YosysPool } from '../../src/synth/yosys_pool.js';
import { tempDir } from '../helpers/temp.js';

const LONG = 180_000;
const WINDOW = 4;
const BITS = 2;

/** Cell area of a whole nm_engine top as the sum of its blocks, each block synthesized (once per distinct template + parameters). */
async function independentAreaUm2(pattern: string, pool: YosysPool): Promise<{ areaUm2: number; distinct: Set<string> }> {
  const v = validateConfig({ pattern, window: WINDOW, rows: 1, cols: 1, actBits: BITS, weightBits: BITS });
  if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
  const blocks = elaborate(v.config).tops.engine.blocks;
  const byKey = new Map<string, { template: string; params: Readonly<Record<string, number>>; instances: number }>();
  for (const b of blocks) {
    const key = `${b.template} ${JSON.stringify(Object.entries(b.params).sort())}`;
    const e = byKey.get(key);
    if (e === undefined) byKey.set(key, { template: b.template, params: b.params, instances: 1 });
    else e.instances++;
  }
  const entries = [...byKey.values()];
  const results = await synthesizeBatch(entries.map((e) => templateSpec(e.template, e.params)), { pool });
  const areaUm2 = entries.reduce((s, e, i) => s + results[i]!.areaUm2 * e.instances, 0);
  expect(entries.reduce((s, e) => s + e.instances, 0)).toBe(blocks.length);
  return { areaUm2, distinct: new Set(byKey.keys()) };
}

describe('issue 15 area ratio in synthesis (bench/lib/area_ratio_synth.ts)', () => {
  const pool = new YosysPool({ size: 2 });
  afterAll(async () => {
    await pool.close();
  });
  const request = {
    sizes: [1], patterns: ['2:4'], window: WINDOW, bits: BITS, clocks: [undefined], timingMarginPct: 5,
    coefficients: loadCoefficients(), pool, delaySliceBits: 0,
  } as const;

  it('agrees with areas synthesized independently, block by block, and their literal ratio', { timeout: LONG }, async () => {
    const cachePath = join(tempDir(), 'cache.json');
    const cache = new SynthCache(cachePath);
    const report: SynthRatioReport = await synthesizeAreaRatios({ ...request, cache });
    expect(report.rows.map((r) => r.pattern)).toEqual(['2:4', '4:4']);
    const sparse = await independentAreaUm2('2:4', pool);
    const dense = await independentAreaUm2('4:4', pool);
    const [s, d] = report.rows;
    expect(s!.synthUm2).toBeCloseTo(sparse.areaUm2, 6);
    expect(d!.synthUm2).toBeCloseTo(dense.areaUm2, 6);
    // Both engines consume W = 4 dense channels per cycle on 1 x 1 PE.
    const literal = (dense.areaUm2 / (WINDOW * 1 * 1)) / (sparse.areaUm2 / (WINDOW * 1 * 1));
    expect(s!.synthAdvantage).toBeCloseTo(literal, 9);
    expect(d!.synthAdvantage).toBeCloseTo(1, 12);
    expect(s!.synthUm2PerDenseMac).toBeCloseTo(sparse.areaUm2 / WINDOW, 6);
    // Each distinct component of the two engines is one job (the delay lines of equal shape are shared).
    expect(report.distinctJobs).toBe(new Set([...sparse.distinct, ...dense.distinct]).size);
    expect(report.synthesizedJobs).toBe(report.distinctJobs);
    // The component rows add up to the engine and count every block.
    expect(s!.components.reduce((a, c) => a + c.synthUm2, 0)).toBeCloseTo(s!.synthUm2, 6);

    // A second run comes from the cache (nothing synthesized) with the same figures.
    const again = await synthesizeAreaRatios({ ...request, cache: new SynthCache(cachePath) });
    expect(again.synthesizedJobs).toBe(0);
    expect(again.rows.map((r) => r.synthUm2)).toEqual(report.rows.map((r) => r.synthUm2));
    // Another fingerprint (a changed library) misses it.
    const specs = report.rows[0]!.components.map((c) => templateSpec(c.template, c.params));
    const same = new SynthCache(cachePath);
    expect(specs.every((spec) => same.get(same.key(spec, report.library, { abcScript: 'nmcore' })) !== undefined)).toBe(true);
    const other = new SynthCache(cachePath, 'another-fingerprint');
    expect(specs.every((spec) => other.get(other.key(spec, report.library, { abcScript: 'nmcore' })) === undefined)).toBe(true);

    // Delay lines synthesized as bit slices (WIDTH 8 as 4 x 2, WIDTH 6 as 3 x 2) give the same areas.
    const sliced = await synthesizeAreaRatios({ ...request, cache, delaySliceBits: 2 });
    expect(sliced.rows[0]!.components.some((c) => c.slices > 1)).toBe(true);
    expect(sliced.rows[0]!.synthUm2).toBeCloseTo(sparse.areaUm2, 6);
    expect(sliced.rows[1]!.synthUm2).toBeCloseTo(dense.areaUm2, 6);
  });
});
