// Synthesizes each RTL template (rtl-templates/nm_*.v) over a sweep of sizes with the Yosys
// worker pool and writes every result to out/synth_components.json, printing one progress line
// per job. Raw data for calibrating the analytic area/latency model (issue 4); no fitting here.
// Run: npx tsx bench/synth_components.ts [--quick] [--pool N] [--out PATH]

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomically } from '../src/io/atomic_output.js';
import { availableParallelism } from 'node:os';
import { packagePath } from '../src/io/package_root.js';
import { DEFAULT_FLOW, type SynthSpec } from '../src/synth/flows.js';
import { DEFAULT_LIBERTY_NAME } from '../src/synth/liberty_cells.js';
import { synthesizeBatchSettled } from '../src/synth/synthesize.js';
import { defaultPoolSize, YosysPool } from '../src/synth/yosys_pool.js';
import { clog2 } from '../src/util/clog2.js';

/** One point of the sweep: a template module and its parameters. */
export interface SweepPoint {
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
}


/** N:M patterns compared in issue 4, plus 1:4 and 2:8 for the shape of the curves. */
const PATTERNS: readonly (readonly [number, number])[] = [[1, 4], [2, 4], [2, 8], [4, 8], [8, 16], [16, 32]];

/** The sweep; `quick` keeps the small end only (a smoke run of a minute or so). */
export function componentSweep(quick: boolean): SweepPoint[] {
  const points: SweepPoint[] = [];
  const patterns = quick ? PATTERNS.filter(([, m]) => m <= 8) : PATTERNS;
  for (const [n, m] of patterns) {
    for (const pipe of [0, 1]) points.push({ template: 'nm_topn_rank', params: { M: m, N: n, A: 8, PIPE: pipe } });
    if (!quick) points.push({ template: 'nm_topn_rank', params: { M: m, N: n, A: 4, PIPE: 0 } });
    for (const window of quick ? [16] : [16, 32, 64]) {
      if (window < m) continue;
      points.push({ template: 'nm_compressor', params: { WINDOW: window, M: m, N: n, A: 8, PIPE: 0 } });
      points.push({ template: 'nm_meta_decode_index', params: { WINDOW: window, M: m, N: n } });
      points.push({ template: 'nm_meta_decode_bitmask', params: { WINDOW: window, M: m, N: n } });
      for (const width of quick ? [8] : [4, 8, 16]) {
        points.push({ template: 'nm_mux_network', params: { WINDOW: window, M: m, N: n, WIDTH: width } });
      }
    }
  }
  for (const p of quick ? [2, 4] : [1, 2, 4, 8, 16, 32]) {
    for (const [a, acc] of quick ? [[8, 32]] : [[8, 32], [4, 16], [16, 48]]) {
      points.push({ template: 'nm_pe', params: { P: p, A: a, B: a, ACC: acc, PSUM: 2 * a + clog2(Math.max(2, p)) } });
    }
  }
  for (const width of quick ? [8] : [8, 64, 256]) {
    for (const depth of quick ? [1, 2] : [1, 2, 4]) points.push({ template: 'nm_delay_line', params: { WIDTH: width, DEPTH: depth } });
  }
  for (const stages of quick ? [2, 4] : [2, 3, 4, 6]) points.push({ template: 'nm_stream_control', params: { STAGES: stages } });
  return points;
}

/** Template sources: each nm_*.v file by module name. */
function readTemplates(): Map<string, string> {
  const dir = packagePath('rtl-templates');
  const out = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => /^nm_\w+\.v$/.test(f)).sort()) {
    out.set(file.replace(/\.v$/, ''), readFileSync(join(dir, file), 'utf8'));
  }
  return out;
}

/** The template's file plus the files of the nm_* modules it instantiates, transitively. */
function filesFor(template: string, templates: Map<string, string>): Record<string, string> {
  const files: Record<string, string> = {};
  const todo = [template];
  while (todo.length > 0) {
    const name = todo.pop()!;
    const text = templates.get(name);
    if (text === undefined) throw new Error(`rtl-templates/${name}.v not found`);
    if (files[`${name}.v`] !== undefined) continue;
    files[`${name}.v`] = text;
    const body = text.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
    for (const m of body.matchAll(/\b(nm_\w+)\s*#/g)) if (m[1] !== name && templates.has(m[1]!)) todo.push(m[1]!);
  }
  return files;
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const poolSize = argValue('--pool') !== undefined ? Number(argValue('--pool')) : defaultPoolSize();
  const outPath = argValue('--out') ?? packagePath('out', 'synth_components.json');
  const templates = readTemplates();
  const sweep = componentSweep(quick).filter((p) => templates.has(p.template));
  const missing = [...new Set(componentSweep(quick).map((p) => p.template))].filter((t) => !templates.has(t));
  if (missing.length > 0) console.log(`skipping templates not in rtl-templates/: ${missing.join(', ')}`);
  const specs: SynthSpec[] = sweep.map((p) => ({ files: filesFor(p.template, templates), top: p.template, params: p.params }));

  console.log(`synthesizing ${specs.length} template configurations on ${poolSize} worker(s), library ${DEFAULT_LIBERTY_NAME}, ABC script ${DEFAULT_FLOW.abcScript}`);
  const pool = new YosysPool({ size: poolSize });
  const start = performance.now();
  const outcomes = await synthesizeBatchSettled(specs, {
    pool,
    onProgress: (p) => {
      const params = Object.entries(p.spec.params ?? {}).map(([k, v]) => `${k}=${v}`).join(' ');
      const head = `[${String(p.done).padStart(3)}/${p.total}] ${p.spec.top} ${params}`;
      if (p.result !== undefined) {
        const r = p.result;
        console.log(`${head}: ${r.areaUm2.toFixed(1)} um^2, ${r.cells.total} cells, ${r.transistors.count} transistors, ${r.criticalPath.levels} levels, ${p.seconds.toFixed(2)} s`);
      } else {
        console.log(`${head}: FAILED ${p.error?.message.split('\n')[0]}`);
      }
    },
  });
  const wallSeconds = (performance.now() - start) / 1000;
  await pool.close();

  const results = outcomes.map((o, i) => ({
    template: sweep[i]!.template,
    params: sweep[i]!.params,
    ...(o.ok ? { ok: true as const, result: o.result } : { ok: false as const, error: o.error.message }),
  }));
  const yosysSeconds = outcomes.reduce((s, o) => s + (o.ok ? o.result.seconds : 0), 0);
  const report = {
    generator: 'bench/synth_components.ts',
    createdAt: new Date().toISOString(),
    library: DEFAULT_LIBERTY_NAME,
    flow: DEFAULT_FLOW,
    units: { areaUm2: 'um^2 (cell area only)', levels: 'gate levels of the mapped netlist', seconds: 'wall-clock s' },
    poolSize,
    cores: availableParallelism(),
    quick,
    wallSeconds,
    yosysSeconds,
    failed: results.filter((r) => !r.ok).length,
    results,
  };
  writeFileAtomically(outPath, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`${results.length} jobs (${report.failed} failed) in ${wallSeconds.toFixed(1)} s wall, ${yosysSeconds.toFixed(1)} s of Yosys time; wrote ${outPath}`);
  if (report.failed > 0) process.exitCode = 1;
}

await main();
