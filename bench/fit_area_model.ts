// Refits the analytic area/levels model (src/model/tech/nangate45_fit.json): elaborates a sweep
// of small engine descriptions, synthesizes every distinct IR block of both tops from its RTL
// template with Yosys on a worker pool (one progress line per job), fits each form of
// src/model/forms.ts by least squares and writes the coefficients with their residuals.
// Run: npx tsx bench/fit_area_model.ts [--pool N] [--out PATH] [--dry-run] [--reuse] [--kinds K,...] [--timing-keys K,...] [--library all]
// --timing-keys synthesizes only the blocks timed with those timing forms and refits only those forms (e.g. pe_merge_cs,pe_accumulator_cs).
// --kinds synthesizes only blocks of those kinds or templates (e.g. flex_compressor,flex_decoder,mode_capture),
// fits only the forms they are charged to and merges those into the existing file, the rest kept.
// (2–4 min on 2 cores). The raw synthesis results go to out/fit_area_model_points.json; --reuse
// refits from that file without synthesizing (for trying forms); --dry-run lists the sweep.
// --library all synthesizes against every single-output cell of the cell table (the candidate cells
// of a richer area mapping included, tech/nangate45/README.md) for both mappings: for measuring
// what adopting them would change; use it with --out (a copy of the shipped file when with --kinds).
// Docs: docs/area_model.md.

import { readFileSync } from 'node:fs';
import { writeFileAtomically } from '../src/io/atomic_output.js';
import { formatPattern, type EngineConfigInput } from '../src/config/engine_config.js';
import { FIT_SWEEP, FIT_SWEEP_CARRY_SAVE, FIT_SWEEP_DECODER_KINDS, FIT_SWEEP_DECODERS, FIT_SWEEP_FLEX, FIT_SWEEP_FLEX_BITONIC, FIT_SWEEP_FLEX_KINDS, FIT_SWEEP_SPLIT, FIT_SWEEP_SPLIT_KINDS, FIT_SWEEP_TIMING, FIT_SWEEP_TIMING_KINDS } from '../src/model/fit_sweep.js';
import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import type { Block } from '../src/ir/types.js';
import { groupBlocks } from '../src/ir/block_groups.js';
import { checkCoefficients, defaultCoefficientsPath, type ModelCoefficients } from '../src/model/coefficients.js';
import { fitModel, keysOfPoints, pointLabel, type FitPoint } from '../src/model/fit.js';
import { DEFAULT_FLOW, type SynthFlowOptions, type SynthResult } from '../src/synth/flows.js';
import { packagePath } from '../src/io/package_root.js';
import { DEFAULT_LIBERTY_NAME } from '../src/synth/liberty_cells.js';
import { synthesizeBatchSettled } from '../src/synth/synthesize.js';
import { libertyText } from '../src/synth/tech/liberty_writer.js';
import { templateSpec } from '../src/synth/template_sources.js';
import { timingKeysOf, type FittedTimingKey } from '../src/model/timing_forms.js';
import { defaultPoolSize, YosysPool } from '../src/synth/yosys_pool.js';

export const FIT_COMMAND = 'npx tsx bench/fit_area_model.ts';
/** The area flow plus the delay mapping and its static timing, so one sweep fits area, levels and ns. */
const FIT_FLOW: SynthFlowOptions = { ...DEFAULT_FLOW, timing: true };

/** Distinct blocks of both tops of every sweep description, in a stable order. */
export function sweepBlocks(
  sweep: readonly EngineConfigInput[] = FIT_SWEEP,
  partials: readonly { readonly sweep: readonly EngineConfigInput[]; readonly kinds: readonly string[] }[] = [
    { sweep: FIT_SWEEP_DECODERS, kinds: FIT_SWEEP_DECODER_KINDS },
    { sweep: FIT_SWEEP_FLEX, kinds: FIT_SWEEP_FLEX_KINDS },
    { sweep: FIT_SWEEP_FLEX_BITONIC, kinds: FIT_SWEEP_FLEX_KINDS },
    { sweep: FIT_SWEEP_SPLIT, kinds: FIT_SWEEP_SPLIT_KINDS },
    { sweep: FIT_SWEEP_CARRY_SAVE, kinds: FIT_SWEEP_SPLIT_KINDS },
    { sweep: FIT_SWEEP_TIMING, kinds: FIT_SWEEP_TIMING_KINDS },
  ],
): { blocks: Block[]; configs: string[] } {
  const seen = new Map<string, Block>();
  const configs: string[] = [];
  const entries = [
    ...sweep.map((input) => ({ input, kinds: undefined as readonly string[] | undefined })),
    ...partials.flatMap((partial) => partial.sweep.map((input) => ({ input, kinds: partial.kinds }))),
  ];
  for (const { input, kinds } of entries) {
    const v = validateConfig(input);
    if (v.config === undefined) throw new Error(`fit sweep entry ${JSON.stringify(input)} is invalid: ${v.diagnostics.map((d) => d.message).join('; ')}`);
    const ir = elaborate(v.config);
    configs.push(`${ir.modes.map(formatPattern).join(',')} window=${ir.windowChannels} rows=1 cols=1 A=${ir.actBits} B=${ir.weightBits} acc=${ir.accBits} meta=${ir.meta}${kinds !== undefined ? ` (only ${kinds.join(', ')})` : ''}`);
    for (const top of [ir.tops.engine, ir.tops.core]) {
      for (const g of groupBlocks(top)) {
        if (kinds !== undefined && !kinds.includes(g.blocks[0]!.kind)) continue;
        const key = `${g.template}:${JSON.stringify(g.params)}`;
        if (!seen.has(key)) seen.set(key, g.blocks[0]!);
      }
    }
  }
  return { blocks: [...seen.values()], configs };
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const poolSize = argValue('--pool') !== undefined ? Number(argValue('--pool')) : defaultPoolSize();
  const outPath = argValue('--out') ?? defaultCoefficientsPath();
  const onlyTimingKeys = argValue('--timing-keys')?.split(',') as FittedTimingKey[] | undefined;
  // --timing-keys K,...: only the blocks timed with those forms, and only those timing forms refitted.
  const onlyKinds = argValue('--kinds')?.split(',') ?? (onlyTimingKeys !== undefined ? [`timing-keys_${onlyTimingKeys.join('_')}`] : undefined);
  const libraryArg = argValue('--library');
  if (libraryArg !== undefined && libraryArg !== 'all') throw new Error(`--library must be all, not ${libraryArg}`);
  const allName = `${DEFAULT_LIBERTY_NAME}_all`;
  const library = libraryArg === 'all' ? { name: allName, text: libertyText(allName, 'all') } : undefined;
  const libraryName = library?.name ?? DEFAULT_LIBERTY_NAME;
  const swept = sweepBlocks();
  const blocks = onlyTimingKeys !== undefined ? swept.blocks.filter((b) => timingKeysOf(b).some((k) => onlyTimingKeys.includes(k)))
    : onlyKinds === undefined ? swept.blocks : swept.blocks.filter((b) => onlyKinds.includes(b.kind) || onlyKinds.includes(b.template));
  const configs = swept.configs;
  // Largest first, so the long jobs do not end up alone at the tail of the batch (the flexible
  // compressors grow with m*^2 and at m* = 32 take the longest of all, > 10 min each under load).
  const order = blocks.map((b, i) => ({ b, i, size: JSON.stringify(b).length + (b.kind === 'compressor' ? b.m * 100 : b.kind === 'flex_compressor' ? b.m * b.m * 100 : b.kind === 'pe' ? b.lanes * b.actBits * b.weightBits : 0) }))
    .sort((x, y) => y.size - x.size).map((x) => x.b);
  if (process.argv.includes('--dry-run')) {
    for (const b of order) console.log(pointLabel(b));
    console.log(`${order.length} blocks from ${configs.length} descriptions`);
    return;
  }
  const pointsPath = packagePath('out', `fit_area_model_points${onlyKinds === undefined ? '' : `_${onlyKinds.join('_')}`}${library !== undefined ? '_all' : ''}.json`);
  let points: FitPoint[];
  let wallSeconds: number;
  if (process.argv.includes('--reuse')) {
    const saved = JSON.parse(readFileSync(pointsPath, 'utf8')) as { wallSeconds: number; points: { label: string; result: SynthResult }[] };
    const byLabel = new Map(saved.points.map((p) => [p.label, p.result]));
    points = order.map((block) => {
      const result = byLabel.get(pointLabel(block));
      if (result === undefined) throw new Error(`${pointsPath} has no result for ${pointLabel(block)}; run without --reuse`);
      return { block, result };
    });
    wallSeconds = saved.wallSeconds;
    console.log(`refitting from ${pointsPath} (${points.length} points)`);
  } else {
    console.log(`fit sweep: ${order.length} distinct blocks from ${configs.length} descriptions, ${poolSize} worker(s), library ${libraryName}, ABC script ${DEFAULT_FLOW.abcScript}`);
    const pool = new YosysPool({ size: poolSize });
    const t0 = performance.now();
    let outcomes;
    try {
      outcomes = await synthesizeBatchSettled(order.map(templateSpecOf), {
        pool,
        ...(library !== undefined ? { library } : {}),
        flow: FIT_FLOW,
        onProgress: (p) => {
          const head = `[${String(p.done).padStart(3)}/${p.total}] ${pointLabel(order[p.index]!)}`;
          console.log(p.result !== undefined
            ? `${head}: ${p.result.areaUm2.toFixed(1)} um^2, ${p.result.criticalPath.levels} levels, ${p.result.timing?.sta.logicNs.toFixed(3)} ns logic, ${p.seconds.toFixed(1)} s`
            : `${head}: FAILED ${p.error?.message.split('\n')[0]}`);
        },
      });
    } finally {
      await pool.close();
    }
    wallSeconds = (performance.now() - t0) / 1000;
    const failed = outcomes.filter((o) => !o.ok).length;
    if (failed > 0) throw new Error(`${failed} synthesis jobs failed; no fit written`);
    points = order.map((block, i) => ({ block, result: (outcomes[i] as { ok: true; result: SynthResult }).result }));
    writeFileAtomically(pointsPath, `${JSON.stringify({ command: FIT_COMMAND, date: new Date().toISOString(), wallSeconds, points: points.map((p) => ({ label: pointLabel(p.block), result: p.result })) }, null, 2)}\n`);
  }
  const previous = onlyKinds === undefined ? undefined : JSON.parse(readFileSync(outPath, 'utf8')) as ModelCoefficients;
  const fitted = previous === undefined ? fitModel(points)
    : fitModel(points, onlyTimingKeys !== undefined ? { area: [], levels: [], timing: onlyTimingKeys } : keysOfPoints(points));
  const merged = previous === undefined ? fitted : { area: { ...previous.area, ...fitted.area }, levels: { ...previous.levels, ...fitted.levels }, timing: { ...previous.timing, ...fitted.timing } };
  const coefficients: ModelCoefficients = checkCoefficients({
    description: 'Coefficients of the nmcore analytic area (um^2), logic-depth (gate levels) and timing (ns) model; forms in src/model/forms.ts and src/model/timing_forms.ts, docs in docs/area_model.md and docs/timing_energy_model.md.',
    library: libraryName,
    units: { area: 'um^2 of cell area (tech/nangate45/nmcore_nangate45.lib, no wiring)', levels: 'gate levels of the area-mapped netlist (ltp -noff)', timing: 'ns of logic delay per path of the delay-mapped netlist (src/synth/sta.ts: linear cell delays, no wire load), register overhead excluded' },
    source: previous !== undefined ? { ...previous.source, refits: [...(previous.source.refits ?? []), { command: onlyTimingKeys !== undefined ? `${FIT_COMMAND} --timing-keys ${onlyTimingKeys.join(',')}` : `${FIT_COMMAND} --kinds ${onlyKinds!.join(',')}`, date: new Date().toISOString(), points: points.length, wallSeconds: Number(wallSeconds.toFixed(1)) }] } : {
      command: FIT_COMMAND,
      date: new Date().toISOString(),
      synthesis: 'Yosys (@yowasp/yosys WASM) flow of src/synth/flows.ts on each block\'s rtl-templates module',
      abcScript: DEFAULT_FLOW.abcScript,
      configs,
      points: points.length,
      wallSeconds: Number(wallSeconds.toFixed(1)),
    },
    ...merged,
  } as ModelCoefficients, 'fit');
  writeFileAtomically(outPath, `${JSON.stringify(coefficients, null, 2)}\n`);
  for (const [kind, forms] of [['area', coefficients.area], ['levels', coefficients.levels], ['timing', coefficients.timing]] as const) {
    for (const [key, f] of Object.entries(forms).filter(([k]) => previous === undefined || k in fitted.area || k in fitted.levels || k in fitted.timing)) {
      console.log(`${kind}.${key}: ${f.coefficients.map((c) => `${c.feature}=${c.value}`).join(' ')}  (rms ${f.residuals.rmsPct}%, max ${f.residuals.maxAbsPct}%, ${f.residuals.points} points)`);
    }
  }
  console.log(`${points.length} blocks (synthesized in ${wallSeconds.toFixed(1)} s wall${process.argv.includes('--reuse') ? ', reused' : ''}); wrote ${outPath}`);
}

function templateSpecOf(b: Block): ReturnType<typeof templateSpec> {
  return templateSpec(b.template, b.params);
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) await main();
