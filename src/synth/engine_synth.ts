// Synthesis of a generated engine for comparison with the area model: each distinct component
// (the same rows as the model: identical IR blocks grouped, see model/block_groups.ts) is
// synthesized once from its template and charged `count` times, and the whole generated top is
// synthesized too when it is small enough. A delay line wider than `delaySliceBits` is synthesized
// as one equal bit slice and scaled (delay_line_slices.ts: exact). Runs on a YosysPool; progress is
// reported per job.

import { generateEngine } from '../emit/generate.js';
import type { BlockKind, EngineIR, TopName } from '../ir/types.js';
import { groupBlocks } from '../ir/block_groups.js';
import { DEFAULT_DELAY_SLICE_BITS, delayLineSlicing, scaleSliceResult } from './delay_line_slices.js';
import type { SynthFlowOptions, SynthResult, SynthSpec } from './flows.js';
import { synthesizeBatchSettled, type SynthProgress } from './synthesize.js';
import { templateSpec } from './template_sources.js';
import type { YosysPool } from './yosys_pool.js';

/** One row: a group of identical blocks and the synthesis of one of them. */
export interface ComponentSynth {
  readonly kind: BlockKind;
  readonly name: string;
  readonly template: string;
  readonly params: Readonly<Record<string, number>>;
  readonly count: number;
  /**
   * Equal bit slices one instance was synthesized as (1: synthesized whole; > 1: a delay line wider
   * than `delaySliceBits`, one slice synthesized, see delay_line_slices.ts).
   */
  readonly slices: number;
  /** One whole instance (when sliced: the slice's figures scaled by `slices`, scaleSliceResult). */
  readonly result: SynthResult;
  /** result.areaUm2 * count. */
  readonly areaUm2: number;
  /** result.transistors.count * count. */
  readonly transistors: number;
}

export interface EngineSynthReport {
  readonly top: TopName;
  readonly components: readonly ComponentSynth[];
  /** Sum over the rows, µm². */
  readonly componentsTotalUm2: number;
  /** The whole generated top, synthesized flat (absent when skipped as too large). */
  readonly whole?: SynthResult;
  /** Why the whole top was not synthesized, when it was not. */
  readonly wholeSkipped?: string;
}

export interface EngineSynthOptions {
  readonly pool?: YosysPool;
  /** Synthesize the whole top: always, never, or (default 'auto') when `wholeLimitUm2` allows. */
  readonly whole?: 'auto' | 'always' | 'never';
  /** For 'auto': skip the whole top when the components add up to more than this (µm²). Default 60,000. */
  readonly wholeLimitUm2?: number;
  /** Flow options of every job (default DEFAULT_FLOW; `{ abcScript: 'nmcore', timing: true }` adds ns). */
  readonly flow?: SynthFlowOptions;
  /** Delay lines wider than this (bits) are synthesized as one equal slice and scaled; 0 = never. Default 256. */
  readonly delaySliceBits?: number;
  /** Reports each finished job: one per distinct template + parameters (a sliced delay line's job is one slice, its figures unscaled). */
  readonly onProgress?: (progress: SynthProgress & { readonly label: string }) => void;
}

/** The spec of the whole generated top: every Verilog file the generator writes. */
export function wholeTopSpec(ir: EngineIR, top: 'engine' | 'core'): SynthSpec {
  const gen = generateEngine(ir, { generatorVersion: 'synth' });
  const files: Record<string, string> = {};
  for (const f of gen.verilogFiles) files[f] = gen.files.get(f)!;
  return { files, top: ir.tops[top].module };
}

/**
 * Synthesizes each component row of one top (and, by default, the whole top when small).
 * @throws the first Yosys failure, after every job has finished.
 */
export async function synthesizeEngine(ir: EngineIR, top: 'engine' | 'core', options: EngineSynthOptions = {}): Promise<EngineSynthReport> {
  const t = ir.tops[top];
  const groups = groupBlocks(t);
  const slicing = groups.map((g) => delayLineSlicing(g.template, g.params, options.delaySliceBits ?? DEFAULT_DELAY_SLICE_BITS));
  const paramText = (params: Readonly<Record<string, number>>): string => Object.entries(params).map(([k, v]) => `${k}=${v}`).join(' ');
  // One job per distinct template + parameters: after slicing, several delay lines can share a slice
  // (e.g. WIDTH=256 DEPTH=1), synthesized once; each row then scales it by its own slice count.
  const jobIndex = new Map<string, number>();
  const jobs: { spec: SynthSpec; params: Readonly<Record<string, number>>; rows: string[] }[] = [];
  const jobOf = groups.map((g, i) => {
    const { params, slices } = slicing[i]!;
    const key = `${g.template} ${paramText(params)}`;
    let j = jobIndex.get(key);
    if (j === undefined) {
      jobIndex.set(key, (j = jobs.length));
      jobs.push({ spec: templateSpec(g.template, params), params, rows: [] });
    }
    jobs[j]!.rows.push(slices > 1 ? `${g.name} (${paramText(g.params)}) as ${slices} slices` : g.name);
    return j;
  });
  const labels = jobs.map((job) => `${job.rows.join(', ')}: ${job.spec.top} ${paramText(job.params)}`);
  const run = async (batch: SynthSpec[], names: string[]): Promise<SynthResult[]> => {
    const outcomes = await synthesizeBatchSettled(batch, {
      ...(options.pool !== undefined ? { pool: options.pool } : {}),
      ...(options.flow !== undefined ? { flow: options.flow } : {}),
      onProgress: (p) => options.onProgress?.({ ...p, label: names[p.index]! }),
    });
    return outcomes.map((o) => {
      if (!o.ok) throw o.error;
      return o.result;
    });
  };
  const jobResults = await run(jobs.map((job) => job.spec), labels);
  // Each row's result as one whole instance (a sliced delay line's slice scaled up).
  const results = groups.map((g, i) => scaleSliceResult(jobResults[jobOf[i]!]!, slicing[i]!.slices, g.params));
  const components: ComponentSynth[] = groups.map((g, i) => ({
    kind: g.blocks[0]!.kind, name: g.name, template: g.template, params: g.params, count: g.blocks.length, slices: slicing[i]!.slices, result: results[i]!,
    areaUm2: results[i]!.areaUm2 * g.blocks.length, transistors: results[i]!.transistors.count * g.blocks.length,
  }));
  const componentsTotalUm2 = components.reduce((s, c) => s + c.areaUm2, 0);
  const mode = options.whole ?? 'auto';
  const limit = options.wholeLimitUm2 ?? 60_000;
  if (mode === 'never') return { top: t.module, components, componentsTotalUm2, wholeSkipped: 'not requested' };
  if (mode === 'auto' && componentsTotalUm2 > limit) {
    return { top: t.module, components, componentsTotalUm2, wholeSkipped: `components add up to ${componentsTotalUm2.toFixed(0)} um^2, above the ${limit} um^2 limit for a flat synthesis here` };
  }
  const [whole] = await run([wholeTopSpec(ir, top)], [`${t.module} (whole top, flattened)`]);
  return { top: t.module, components, componentsTotalUm2, whole: whole! };
}
