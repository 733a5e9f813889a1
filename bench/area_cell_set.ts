// The area mapping with two cell sets, block kind by block kind: every distinct component of the
// given engines (nm_engine, window 32, 4 x 4 PEs by default, --target-mhz 1000) synthesized once
// against the 12-cell area library of the `area12` variant (shipped until issue 15 adopted area28) and
// once against every single-output cell of the table (the `all` library: the delay library's extra
// four and the candidate cells, the cells the shipped area library now holds; see
// tech/nangate45/README.md), same ABC script; area (µm²) and Yosys wall seconds of each, and the
// change. Wall seconds depend on the machine's load: quote it with them.
// Run: npx tsx bench/area_cell_set.ts [--rows R --cols C] [--patterns 2:4,16:32,32:32]

import { validateConfig } from '../src/config/validate.js';
import { groupBlocks } from '../src/ir/block_groups.js';
import { elaborate } from '../src/ir/elaborate.js';
import { scheduleForTarget } from '../src/model/schedule_chooser.js';
import { synthesizeBatchSettled } from '../src/synth/synthesize.js';
import { templateSpec } from '../src/synth/template_sources.js';
import { YosysPool } from '../src/synth/yosys_pool.js';
import { libertyText, libraryVariantTexts } from '../src/synth/tech/liberty_writer.js';
import type { SynthResult } from '../src/synth/flows.js';
import { printTable } from './lib/bench_table.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const rows = Number(arg('--rows', '4'));
const cols = Number(arg('--cols', '4'));
const patterns = arg('--patterns', '2:4,4:8,8:16,16:32,32:32').split(',');

const libraries = [
  { label: '12-cell area library (area12)', library: { name: 'nmcore_nangate45_12', text: libraryVariantTexts('area12').area } },
  { label: 'every single-output cell', library: { name: 'nmcore_nangate45_all', text: libertyText('nmcore_nangate45_all', 'all') } },
] as const;

const pool = new YosysPool({ size: 2 });
const table: string[][] = [];
const totals = new Map<string, number[]>();
try {
  for (const p of patterns) {
    const v = validateConfig({ pattern: p, window: 32, rows, cols, targetMhz: 1000 });
    if (v.config === undefined) throw new Error(`${p}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
    const ir = elaborate(scheduleForTarget(v.config));
    const groups = groupBlocks(ir.tops.engine);
    const specs = groups.map((g) => templateSpec(g.template, g.params));
    const results: SynthResult[][] = [];
    const seconds: number[][] = [];
    for (const l of libraries) {
      const secs: number[] = new Array(specs.length).fill(0);
      const out = await synthesizeBatchSettled(specs, { pool, ...(l.library !== undefined ? { library: l.library } : {}), onProgress: (pr) => { secs[pr.index] = pr.seconds; } });
      results.push(out.map((o) => { if (!o.ok) throw o.error; return o.result; }));
      seconds.push(secs);
    }
    const sums = [0, 0];
    groups.forEach((g, i) => {
      const a = results[0]![i]!.areaUm2, b = results[1]![i]!.areaUm2;
      sums[0]! += a * g.blocks.length; sums[1]! += b * g.blocks.length;
      table.push([p, `${g.template} ${Object.entries(g.params).map(([k, x]) => `${k}=${x}`).join(' ')}`, String(g.blocks.length), a.toFixed(1), b.toFixed(1),
        `${(100 * (b / a - 1)).toFixed(1)}%`, seconds[0]![i]!.toFixed(1), seconds[1]![i]!.toFixed(1)]);
    });
    table.push([p, 'engine (sum of components x count)', '', sums[0]!.toFixed(0), sums[1]!.toFixed(0), `${(100 * (sums[1]! / sums[0]! - 1)).toFixed(1)}%`, '', '']);
    totals.set(p, sums);
    process.stderr.write(`${p}: done\n`);
  }
} finally {
  await pool.close();
}
const dense = totals.get('32:32');
if (dense !== undefined) {
  for (const [p, s] of totals) {
    table.push([p, 'advantage over dense 32:32 (x)', '', (dense[0]! / s[0]!).toFixed(3), (dense[1]! / s[1]!).toFixed(3), '', '', '']);
  }
}
printTable(`Area mapping: the 12-cell library (area12) vs every single-output cell of the table, nm_engine components, window 32, ${rows} x ${cols} PEs, --target-mhz 1000`,
  [`npx tsx bench/area_cell_set.ts --rows ${rows} --cols ${cols} --patterns ${patterns.join(',')}`],
  ['pattern', 'component (template, parameters)', 'count', '12 cells (µm², one)', 'all cells (µm², one)', 'change', '12 cells (s)', 'all cells (s)'], table);
