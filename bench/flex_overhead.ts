// The overhead of flexibility, measured by synthesis: the flexible engine of the four patterns of
// the study (2:4, 4:8, 8:16, 16:32 at W = 32, 16 lanes) in each organization against the fixed
// engine of the largest mode (16:32) and fixed 8:16 at the same 16 lanes, on R x C PEs (default
// 4 x 4), nm_engine top. Each distinct block of the four engines is synthesized once and charged
// per instance (as src/synth/engine_synth.ts does per engine); depth is the deepest stage path in gate levels (the sum of the synthesized
// levels of the blocks on it) and, from the delay flow (static timing of each block's delay-mapped
// netlist, src/synth/stage_timing.ts), the critical stage in ns. Prints one table and writes
// out/flex_overhead.json.
// Run: npx tsx bench/flex_overhead.ts [--rows R] [--cols C] [--pool N]   (minutes of Yosys)

import { mkdirSync, writeFileSync } from 'node:fs';
import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { groupBlocks } from '../src/ir/block_groups.js';
import type { Block, EngineIR } from '../src/ir/types.js';
import { packagePath } from '../src/io/package_root.js';
import { estimateArea } from '../src/model/area.js';
import type { SynthResult } from '../src/synth/flows.js';
import { synthesizeBatchSettled } from '../src/synth/synthesize.js';
import { synthStageTiming } from '../src/synth/stage_timing.js';
import type { EngineSynthReport } from '../src/synth/engine_synth.js';
import { templateSpec } from '../src/synth/template_sources.js';
import { defaultPoolSize, YosysPool } from '../src/synth/yosys_pool.js';

function arg(flag: string, fallback: number): number {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const rows = arg('--rows', 4), cols = arg('--cols', 4);
const FOUR = ['2:4', '4:8', '8:16', '16:32'];
const ENGINES: { label: string; input: Record<string, unknown> }[] = [
  { label: 'fixed 16:32', input: { pattern: '16:32', window: 32, rows, cols } },
  { label: 'fixed 8:16', input: { pattern: '8:16', window: 32, rows, cols } },
  { label: 'flexible rank', input: { modes: FOUR, window: 32, rows, cols, org: 'rank' } },
  { label: 'flexible bitonic', input: { modes: FOUR, window: 32, rows, cols, org: 'bitonic' } },
];

function elaborateInput(input: Record<string, unknown>): EngineIR {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
  return elaborate(v.config);
}


// Every distinct block of every engine, synthesized once (the engines share their muxes, PEs and registers).
const irs = ENGINES.map((e) => ({ ...e, ir: elaborateInput(e.input) }));
const distinct = new Map<string, Block>();
for (const e of irs) for (const g of groupBlocks(e.ir.tops.engine)) distinct.set(keyOf(g.blocks[0]!), g.blocks[0]!);
const jobs = [...distinct.values()];
const pool = new YosysPool({ size: arg('--pool', defaultPoolSize()) });
const t0 = performance.now();
let outcomes;
try {
  outcomes = await synthesizeBatchSettled(jobs.map((b) => templateSpec(b.template, b.params)), {
    pool,
    flow: { abcScript: 'nmcore', timing: true },
    onProgress: (p) => process.stderr.write(`[${p.done}/${p.total}] ${jobs[p.index]!.template} ${JSON.stringify(jobs[p.index]!.params)}${p.result ? `: ${p.result.areaUm2.toFixed(1)} um^2, ${p.result.criticalPath.levels} levels` : ' FAILED'}, ${p.seconds.toFixed(1)} s\n`),
  });
} finally {
  await pool.close();
}
const synth = new Map<string, SynthResult>();
jobs.forEach((b, i) => {
  const o = outcomes[i]!;
  if (!o.ok) throw o.error;
  synth.set(keyOf(b), o.result);
});

const SELECTION = new Set(['compressor', 'flex_compressor', 'meta_decoder', 'flex_decoder', 'mode_capture']);
const rowsOut = irs.map((e) => {
  const top = e.ir.tops.engine;
  const result = (b: Block): SynthResult => synth.get(keyOf(b))!;
  const areaUm2 = top.blocks.reduce((s, b) => s + result(b).areaUm2, 0);
  const selectionUm2 = top.blocks.filter((b) => SELECTION.has(b.kind) || b.name === 'mode_compare_reg').reduce((s, b) => s + result(b).areaUm2, 0);
  // Deepest stage: per stage, the synthesized levels of the blocks on its path, summed.
  const byName = new Map(top.blocks.map((b) => [b.name, b] as const));
  let deepest = { stage: '', levels: 0 };
  for (const sp of top.stagePaths) {
    const levels = sp.path.reduce((t, p) => t + result(byName.get(p.block)!).criticalPath.levels, 0);
    if (levels > deepest.levels) deepest = { stage: sp.name, levels };
  }
  let modelUm2: number | undefined;
  try { modelUm2 = estimateArea(e.ir, 'engine').totalUm2; } catch { modelUm2 = undefined; /* coefficients not fitted yet */ }
  // Critical stage in ns: the synthesized stage timing over the engine's groups (one result per group).
  const components = groupBlocks(top).map((g) => {
    const r = result(g.blocks[0]!);
    return { kind: g.blocks[0]!.kind, name: g.blocks[0]!.name, template: g.blocks[0]!.template, params: g.blocks[0]!.params, count: g.blocks.length, slices: 1, result: r, areaUm2: r.areaUm2 * g.blocks.length, transistors: r.transistors.count * g.blocks.length };
  });
  const report: EngineSynthReport = { top: 'nm_engine', components, componentsTotalUm2: areaUm2 };
  const timing = synthStageTiming(e.ir, 'engine', report);
  const compressor = top.blocks.find((b) => b.kind === 'compressor' || b.kind === 'flex_compressor')!;
  return {
    engine: e.label, rows, cols, synthAreaUm2: Math.round(areaUm2), selectionAreaUm2: Math.round(selectionUm2),
    modelAreaUm2: modelUm2 === undefined ? null : Math.round(modelUm2), deepestStage: deepest.stage, deepestStageLevels: deepest.levels,
    criticalStage: timing.criticalStage, periodNs: timing.periodNs, fmaxMhz: timing.fmaxMhz,
    stageNs: Object.fromEntries(timing.stages.map((s) => [s.stage, s.delayNs])),
    compressorLevels: result(compressor).criticalPath.levels, compressorAreaUm2: Math.round(result(compressor).areaUm2),
  };
});
const base = rowsOut[0]!.synthAreaUm2, base816 = rowsOut[1]!.synthAreaUm2;
console.log(`${rows} x ${cols} PEs, nm_engine, 16 lanes, synthesized per distinct block in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
console.log('engine             area (um^2)  vs 16:32   vs 8:16  selection (um^2)  compressor (um^2, levels)  model (um^2)  deepest stage (levels)  critical stage (ns)');
for (const r of rowsOut) {
  const pct = (x: number, y: number): string => `${((x / y - 1) * 100).toFixed(1)} %`;
  console.log(`${r.engine.padEnd(18)} ${String(r.synthAreaUm2).padStart(11)}  ${pct(r.synthAreaUm2, base).padStart(8)}  ${pct(r.synthAreaUm2, base816).padStart(8)}  ${String(r.selectionAreaUm2).padStart(16)}  ${`${r.compressorAreaUm2}, ${r.compressorLevels}`.padStart(25)}  ${String(r.modelAreaUm2 ?? 'not fitted').padStart(12)}  ${`${r.deepestStage} ${r.deepestStageLevels}`.padStart(22)}  ${`${r.criticalStage} ${r.periodNs.toFixed(3)} ns`.padStart(20)}`);
}
mkdirSync(packagePath('out'), { recursive: true });
writeFileSync(packagePath('out', 'flex_overhead.json'), `${JSON.stringify({ command: 'npx tsx bench/flex_overhead.ts', date: new Date().toISOString(), rows: rowsOut }, null, 2)}\n`);

function keyOf(b: Block): string {
  return `${b.template}:${JSON.stringify(b.params)}`;
}
