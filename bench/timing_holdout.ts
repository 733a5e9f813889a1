// The timing model's forms against synthesis on blocks NOT in the fit sweep (src/model/fit_sweep.ts):
// synthesizes, with the delay flow and the project's STA, the compressors and PEs of a few held-out
// descriptions (other widths, accumulators, n) and prints per timing key the synthesized logic ns,
// the modelled ns and the error. For docs/timing_energy_model.md ("Timing model").
// Run: npx tsx bench/timing_holdout.ts [--pool N]   (about 2 minutes on 2 idle cores)

import type { EngineConfigInput } from '../src/config/engine_config.js';
import { validateConfig } from '../src/config/validate.js';
import { groupBlocks } from '../src/ir/block_groups.js';
import { elaborate } from '../src/ir/elaborate.js';
import type { Block } from '../src/ir/types.js';
import { pointLabel } from '../src/model/fit.js';
import { pathLogicNs } from '../src/model/timing.js';
import { synthPathNs, timingKeysOf } from '../src/model/timing_forms.js';
import { DEFAULT_FLOW } from '../src/synth/flows.js';
import { synthesizeBatchSettled } from '../src/synth/synthesize.js';
import { templateSpec } from '../src/synth/template_sources.js';
import { defaultPoolSize, YosysPool } from '../src/synth/yosys_pool.js';
import { sweepBlocks } from './fit_area_model.js';

/**
 * Held-out descriptions: carry-save and split PEs at A = B = 6 and acc 20..28, compressors at n = 3, A = 6, m = 4 at W = 16, n = 1;
 * default (unsplit) PEs at 4 lanes (the 1:4 one) and, from the dense ones, 16 and 8 lanes with A != B and acc 22, 26.
 */
const HELD_OUT: readonly EngineConfigInput[] = [
  { pattern: '8:16', window: 32, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 24, schedule: { psumCut: 'carrySave' } },
  { pattern: '4:8', window: 16, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 28, schedule: { psumCut: 'carrySave' } },
  { pattern: '3:8', window: 32, rows: 1, cols: 1, actBits: 8, weightBits: 8, accBits: 32 },
  { pattern: '1:4', window: 16, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 20 },
  { pattern: '8:16', window: 32, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 24, schedule: { psumCut: 'products' } },
  { pattern: '2:4', window: 16, rows: 1, cols: 1, actBits: 6, weightBits: 6, accBits: 20, schedule: { psumCut: 'halves' } },
  { pattern: '8:8', window: 16, rows: 1, cols: 1, actBits: 6, weightBits: 4, accBits: 22 },
  { pattern: '8:8', window: 8, rows: 1, cols: 1, actBits: 4, weightBits: 6, accBits: 26 },
];
const KINDS = new Set(['compressor', 'pe']);

const poolAt = process.argv.indexOf('--pool');
const pool = new YosysPool({ size: poolAt >= 0 ? Number(process.argv[poolAt + 1]) : defaultPoolSize() });
const fitted = new Set(sweepBlocks().blocks.map(pointLabel));
const blocks = new Map<string, Block>();
for (const input of HELD_OUT) {
  const ir = elaborate(validateConfig(input).config!);
  for (const g of groupBlocks(ir.tops.engine)) {
    const b = g.blocks[0]!;
    // Only PEs and unpipelined compressors: the forms this bench checks.
    if (!KINDS.has(b.kind) || (b.kind === 'compressor' && b.pipelineStages > 0)) continue;
    if (!fitted.has(pointLabel(b))) blocks.set(pointLabel(b), b);
  }
}
const order = [...blocks.values()];
const t0 = performance.now();
try {
  const outcomes = await synthesizeBatchSettled(order.map((b) => templateSpec(b.template, b.params)), {
    pool, flow: { ...DEFAULT_FLOW, timing: true },
    onProgress: (p) => console.error(`[${p.done}/${p.total}] ${pointLabel(order[p.index]!)} ${p.seconds.toFixed(1)} s`),
  });
  console.log('| block (held out) | timing key | synthesis ns | model ns | error |');
  console.log('|---|---|---|---|---|');
  outcomes.forEach((o, i) => {
    const b = order[i]!;
    if (!o.ok || o.result.timing === undefined) { console.log(`| ${pointLabel(b)} | failed | | | |`); return; }
    for (const key of timingKeysOf(b)) {
      const synth = synthPathNs(key, o.result.timing.sta), model = pathLogicNs(key, b);
      console.log(`| ${pointLabel(b)} | ${key} | ${synth.toFixed(3)} | ${model.toFixed(3)} | ${(((model - synth) / synth) * 100).toFixed(1)}% |`);
    }
  });
  console.log(`${order.length} blocks, ${((performance.now() - t0) / 1000).toFixed(1)} s wall`);
} finally {
  await pool.close();
}
