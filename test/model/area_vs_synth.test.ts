// The analytic models against Yosys synthesis on descriptions NOT in the fit sweep
// (src/model/fit_sweep.ts): every component row and the total area within 10%, for the
// sum of components and for the whole flattened top, and every pipeline stage's delay in ns
// within 10% (the same runs, with the flow's delay mapping), flexible engines included. All model-vs-synthesis tests live in
// this one file (each vitest file pays the Yosys cold start and ~400 MB per worker).

import { afterAll, describe, expect, it } from 'vitest';
import type { EngineConfigInput } from '../../src/config/engine_config.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { estimateArea } from '../../src/model/area.js';
import { estimateTiming } from '../../src/model/timing.js';
import { synthStageTiming } from '../../src/synth/stage_timing.js';
import { synthesizeEngine } from '../../src/synth/engine_synth.js';
import { YosysPool } from '../../src/synth/yosys_pool.js';
import { groupBlocks } from '../../src/ir/block_groups.js';
import { FIT_SWEEP, FIT_SWEEP_PARTIALS } from '../../src/model/fit_sweep.js';

const TOLERANCE_PCT = 10;

/**
 * Held-out descriptions: widths (A = B = 5 or 7), accumulators and block shapes the fit never saw.
 * Every synthesized block of each (compressor, decoders, muxes, PE, flexible blocks) differs in
 * template or parameters from every block of every fit-sweep description (checked below), so each
 * component row is a real validation, the A-independent decoders included.
 */
const HELD_OUT: readonly { readonly input: EngineConfigInput; readonly top: 'engine' | 'core' }[] = [
  { input: { pattern: '2:4', window: 8, rows: 1, cols: 2, actBits: 5, weightBits: 5, accBits: 20 }, top: 'engine' },
  { input: { pattern: '4:8', window: 32, rows: 2, cols: 1, actBits: 7, weightBits: 7, accBits: 28, meta: 'index' }, top: 'core' },
  { input: { pattern: '8:16', window: 32, rows: 1, cols: 1, actBits: 5, weightBits: 5, accBits: 24 }, top: 'engine' },
  // Flexible engines: both organizations, both decoders.
  { input: { modes: ['1:2', '2:4'], window: 16, rows: 1, cols: 1, actBits: 7, weightBits: 7, accBits: 20, org: 'rank' }, top: 'engine' },
  { input: { modes: ['1:2', '4:8'], window: 8, rows: 1, cols: 1, actBits: 5, weightBits: 5, accBits: 20, org: 'bitonic' }, top: 'engine' },
  { input: { modes: ['1:4', '2:8'], window: 16, rows: 1, cols: 1, actBits: 7, weightBits: 7, accBits: 24, meta: 'index' }, top: 'core' },
  // A pipelined bitonic compressor (its network ends in the keep register).
  { input: { modes: ['1:2', '8:16'], window: 16, rows: 1, cols: 1, actBits: 5, weightBits: 5, accBits: 24, org: 'bitonic' }, top: 'engine' },
];

/** Block kinds whose area forms are exact register counts (0% in the fit): a shared shape there validates nothing and hides nothing. */
const EXACT_KINDS: ReadonlySet<string> = new Set(['delay_line', 'stream_control', 'mode_capture']);
const ALL_SWEEPS: readonly EngineConfigInput[] = [...FIT_SWEEP, ...FIT_SWEEP_PARTIALS.flatMap((p) => p.sweep)];
/** template:params of the blocks of both tops of a description that the fit synthesizes (`kinds`: all but the exact ones). */
function fittedBlockKeys(input: EngineConfigInput, kinds?: readonly string[]): string[] {
  const ir = elaborate(validateConfig(input).config!);
  return [ir.tops.engine, ir.tops.core].flatMap((top) => groupBlocks(top))
    .filter((g) => (kinds === undefined ? !EXACT_KINDS.has(g.blocks[0]!.kind) : kinds.includes(g.blocks[0]!.kind)))
    .map((g) => `${g.template}:${JSON.stringify(g.params)}`);
}

/**
 * Stages where the TIMING model (src/model/timing_forms.ts) is known to miss on these held-out shapes:
 * none since the default PE's accumulator form was refitted on fresh points (2026-12-01, log2(acc),
 * log2(P), [P > 2]*min(A,B)): the two former entries, the `output` stage of 4:8 window 32 2 x 1 A 7
 * acc 28 (core) and of modes 1:2,2:4 rank window 16 A 7 acc 20, went from -11.2% and -14.9% to -1.8%
 * and -0.9%. An entry (description index -> stages) is asserted to be still outside the tolerance
 * (remove it once a refit brings it in); every other stage and every area figure is held to the tolerance.
 */
const KNOWN_TIMING_MISSES: ReadonlyMap<number, readonly string[]> = new Map([]);

const pool = new YosysPool({ size: 2 });
afterAll(async () => { await pool.close(); });

const errPct = (model: number, synth: number): number => ((model - synth) / synth) * 100;

describe('area model vs synthesis (held-out descriptions)', () => {
  it('uses descriptions outside the fit sweep', () => {
    const key = (i: EngineConfigInput): string => JSON.stringify(elaborate(validateConfig(i).config!).config);
    const fit = new Set(ALL_SWEEPS.map(key));
    for (const h of HELD_OUT) expect(fit.has(key(h.input))).toBe(false);
  });

  it('has no fitted-form block that a fit-sweep description has (so no component row is an in-sample residual)', () => {
    const swept = new Set([...FIT_SWEEP.flatMap((i) => fittedBlockKeys(i)), ...FIT_SWEEP_PARTIALS.flatMap((p) => p.sweep.flatMap((i) => fittedBlockKeys(i, p.kinds)))]);
    const shared = HELD_OUT.flatMap((h) => fittedBlockKeys(h.input).filter((k) => swept.has(k)));
    expect(shared).toEqual([]);
  });

  HELD_OUT.forEach((h, index) => {
    it(`${h.input.pattern ?? `modes ${(h.input.modes as string[]).join(',')} ${h.input.org ?? 'rank'}`} window ${h.input.window} ${h.input.rows}x${h.input.cols} A=${h.input.actBits} (${h.top}): each component, the total and each stage's ns within ${TOLERANCE_PCT}%${KNOWN_TIMING_MISSES.has(index) ? ` (known timing misses: ${KNOWN_TIMING_MISSES.get(index)!.join(', ')})` : ''}`, async () => {
      const ir = elaborate(validateConfig(h.input).config!);
      const est = estimateArea(ir, h.top);
      const rep = await synthesizeEngine(ir, h.top, { pool, whole: 'always', flow: { abcScript: 'nmcore', timing: true } });
      const problems: string[] = [], errors: string[] = [];
      for (const c of rep.components) {
        const m = est.components.find((x) => x.name === c.name && x.template === c.template)!;
        expect(m.count).toBe(c.count);
        const e = errPct(m.areaUm2, c.areaUm2);
        errors.push(`${c.name} ${e.toFixed(1)}%`);
        if (Math.abs(e) > TOLERANCE_PCT) problems.push(`${c.name}: model ${m.areaUm2.toFixed(1)} vs synth ${c.areaUm2.toFixed(1)} um^2 (${e.toFixed(1)}%)`);
      }
      const eSum = errPct(est.totalUm2, rep.componentsTotalUm2);
      const eWhole = errPct(est.totalUm2, rep.whole!.areaUm2);
      // The measured errors, for docs/area_model.md's validation table (model vs synthesis, %).
      console.log(`[area_vs_synth] ${JSON.stringify(h.input)} (${h.top}): ${errors.join(', ')}; sum of components ${est.totalUm2.toFixed(1)} vs ${rep.componentsTotalUm2.toFixed(1)} um^2 (${eSum.toFixed(1)}%), whole top ${rep.whole!.areaUm2.toFixed(1)} um^2 (${eWhole.toFixed(1)}%)`);
      if (Math.abs(eSum) > TOLERANCE_PCT) problems.push(`sum of components: ${eSum.toFixed(1)}%`);
      if (Math.abs(eWhole) > TOLERANCE_PCT) problems.push(`whole top: model ${est.totalUm2.toFixed(1)} vs ${rep.whole!.areaUm2.toFixed(1)} um^2 (${eWhole.toFixed(1)}%)`);
      const tim = estimateTiming(ir, h.top);
      const syn = synthStageTiming(ir, h.top, rep);
      expect(syn.stages.map((s) => s.stage)).toEqual(tim.stages.map((s) => s.stage));
      // Flexible blocks are timed with their own fitted forms (flex_rank*, flex_bitonic, flex_decoder_*).
      const known = KNOWN_TIMING_MISSES.get(index) ?? [];
      syn.stages.forEach((s, i) => {
        const e = errPct(tim.stages[i]!.delayNs, s.delayNs);
        const text = `stage ${s.stage}: model ${tim.stages[i]!.delayNs.toFixed(3)} vs synth ${s.delayNs.toFixed(3)} ns (${e.toFixed(1)}%)`;
        console.log(`[area_vs_synth] ${JSON.stringify(h.input)} ${text}`);
        if (known.includes(s.stage)) {
          if (Math.abs(e) <= TOLERANCE_PCT) problems.push(`${text}: a known timing miss is now inside ${TOLERANCE_PCT}%; remove it from KNOWN_TIMING_MISSES`);
        } else if (Math.abs(e) > TOLERANCE_PCT) problems.push(text);
      });
      for (const k of known) if (!syn.stages.some((s) => s.stage === k)) problems.push(`KNOWN_TIMING_MISSES names stage ${k}, which this top does not have`);
      expect(problems).toEqual([]);
    }, 480_000);
  });
});
