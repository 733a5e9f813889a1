// The overhead of flexibility, measured by synthesis: the flexible engine of the four patterns of
// the study (2:4, 4:8, 8:16, 16:32 at W = 32, 16 lanes) in each organization against the fixed
// engine of the largest mode (16:32) and fixed 8:16 at the same 16 lanes, on R x C PEs (default
// 4 x 4), nm_engine top. Each distinct component is synthesized once (src/synth/engine_synth.ts) and
// charged per instance; depth is the deepest stage path in gate levels (the sum of the synthesized
// levels of the blocks on it). Prints one table and writes out/flex_overhead.json.
// Run: npx tsx bench/flex_overhead.ts [--rows R] [--cols C] [--pool N]   (minutes of Yosys)

import { mkdirSync, writeFileSync } from 'node:fs';
import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import type { EngineIR } from '../src/ir/types.js';
import { packagePath } from '../src/io/package_root.js';
import { estimateArea } from '../src/model/area.js';
import { synthesizeEngine, type EngineSynthReport } from '../src/synth/engine_synth.js';
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

/** Deepest stage of the top: per stage, the synthesized levels of the blocks on its path, summed. */
function deepestStageLevels(ir: EngineIR, report: EngineSynthReport): { stage: string; levels: number } {
  const levelsOf = new Map<string, number>();
  for (const c of report.components) for (const b of ir.tops.engine.blocks) if (b.template === c.template && JSON.stringify(b.params) === JSON.stringify(c.params)) levelsOf.set(b.name, c.result.criticalPath.levels);
  let best = { stage: '', levels: 0 };
  for (const s of ir.tops.engine.stagePaths) {
    const levels = s.path.reduce((t, p) => t + (levelsOf.get(p.block) ?? 0), 0);
    if (levels > best.levels) best = { stage: s.name, levels };
  }
  return best;
}

const pool = new YosysPool({ size: arg('--pool', defaultPoolSize()) });
const rowsOut: Record<string, unknown>[] = [];
try {
  for (const e of ENGINES) {
    const ir = elaborateInput(e.input);
    const t0 = performance.now();
    const report = await synthesizeEngine(ir, 'engine', {
      pool, whole: 'never',
      onProgress: (p) => process.stderr.write(`  ${e.label}: [${p.done}/${p.total}] ${p.label}${p.seconds !== undefined ? ` ${p.seconds.toFixed(1)} s` : ''}\n`),
    });
    const selection = report.components.filter((c) => ['compressor', 'flex_compressor', 'meta_decoder', 'flex_decoder', 'mode_capture'].includes(c.kind)).reduce((s, c) => s + c.areaUm2, 0);
    const deepest = deepestStageLevels(ir, report);
    let modelUm2: number | undefined;
    try { modelUm2 = estimateArea(ir, 'engine').totalUm2; } catch { modelUm2 = undefined; /* coefficients not fitted yet */ }
    rowsOut.push({
      engine: e.label, rows, cols, synthAreaUm2: Math.round(report.componentsTotalUm2), selectionAreaUm2: Math.round(selection),
      modelAreaUm2: modelUm2 === undefined ? 'not fitted' : Math.round(modelUm2), deepestStage: deepest.stage, deepestStageLevels: deepest.levels,
      compressorLevels: report.components.find((c) => c.kind === 'compressor' || c.kind === 'flex_compressor')?.result.criticalPath.levels,
      seconds: Math.round((performance.now() - t0) / 1000),
    });
    process.stderr.write(`${e.label}: ${Math.round(report.componentsTotalUm2)} um^2\n`);
  }
} finally {
  await pool.close();
}
const base = rowsOut[0]!.synthAreaUm2 as number, base816 = rowsOut[1]!.synthAreaUm2 as number;
console.log(`engine             area (um^2)  vs 16:32  vs 8:16  selection (um^2)  model (um^2)  deepest stage (levels)  compressor (levels)`);
for (const r of rowsOut) {
  const a = r.synthAreaUm2 as number;
  console.log(`${String(r.engine).padEnd(18)} ${String(a).padStart(11)}  ${((a / base - 1) * 100).toFixed(1).padStart(6)} %  ${((a / base816 - 1) * 100).toFixed(1).padStart(5)} %  ${String(r.selectionAreaUm2).padStart(16)}  ${String(r.modelAreaUm2).padStart(12)}  ${`${r.deepestStage} ${r.deepestStageLevels}`.padStart(22)}  ${String(r.compressorLevels).padStart(19)}`);
}
mkdirSync(packagePath('out'), { recursive: true });
writeFileSync(packagePath('out', 'flex_overhead.json'), `${JSON.stringify({ command: 'npx tsx bench/flex_overhead.ts', date: new Date().toISOString(), rows: rowsOut }, null, 2)}\n`);
