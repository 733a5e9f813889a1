// Checks area forms on saved fit points without synthesizing: for each form key, the shipped
// features of src/model/forms.ts and the candidate feature sets below are fitted (least squares
// weighted by 1/measured^2, as fit.ts does) and reported with in-sample and leave-one-out relative
// errors (each point predicted by a fit without it: how the form does on a block it has not seen).
// The candidates are structural counts from IR fields only (issue 15: forms for the area mapping
// with all 28 cells, tech/nangate45/README.md; the flexible decoders' candidates are the forms they
// replaced). Reads a points file written by bench/fit_area_model.ts (default
// out/fit_area_model_points.json, the full sweep against the shipped library).
// Run: npx tsx bench/area_form_loo.ts [--points PATH] [--keys k1,k2,...] [--each]

import { readFileSync } from 'node:fs';
import { pointLabel } from '../src/model/fit.js';
import { areaForm, areaKeyOf, AREA_MODEL_KEYS, type AreaModelKey } from '../src/model/forms.js';
import { leastSquares } from '../src/model/least_squares.js';
import { packagePath } from '../src/io/package_root.js';
import type { Block, FlexDecoderBlock, CompressorBlock } from '../src/ir/types.js';
import { clog2 } from '../src/util/clog2.js';
import { sweepBlocks } from './fit_area_model.js';

interface Feature { readonly name: string; readonly of: (b: never) => number }

const log2c = (x: number): number => clog2(Math.max(1, x));

const CANDIDATES: Partial<Record<AreaModelKey, Record<string, readonly Feature[]>>> = {
  // The forms the flexible decoders had before issue 15's 28-cell adoption, for comparison.
  flex_decoder_bitmask: {
    'per-mode prefix counts (before issue 15)': [
      { name: 'prefixCountBitsSquared', of: (b: FlexDecoderBlock) => b.windowChannels * b.modes.reduce((s, p) => s + log2c(p.m) ** 2, 0) },
      { name: 'modeSelects', of: (b: FlexDecoderBlock) => b.lanes * b.muxFanIn * b.modes.length },
      { name: 'prefixCountBits', of: (b: FlexDecoderBlock) => b.windowChannels * b.modes.reduce((s, p) => s + log2c(p.m), 0) },
    ],
  },
  flex_decoder_index: {
    'per-mode candidates (before issue 15)': [
      { name: 'modeCandidates', of: (b: FlexDecoderBlock) => b.lanes * b.modes.reduce((s, p) => s + p.m - p.n + 1, 0) },
      { name: 'indexBits', of: (b: FlexDecoderBlock) => b.lanes * log2c(b.m) },
      { name: 'laneDecodeOutputs', of: (b: FlexDecoderBlock) => b.lanes * b.m },
      { name: 'lanes', of: (b: FlexDecoderBlock) => b.lanes },
    ],
  },
  compressor: {
    // A log-depth magnitude compare: pairs * log2(A) in place of the rank test bits.
    'pairs*log2(A)': [
      { name: 'comparatorBits', of: (b: CompressorBlock) => b.comparators * b.comparatorWidthBits },
      { name: 'comparatorLevels', of: (b: CompressorBlock) => b.comparators * log2c(b.actBits) },
      { name: 'magnitudeBits', of: (b: CompressorBlock) => b.windowChannels * b.actBits },
      { name: 'rankCountBits', of: (b: CompressorBlock) => b.windowChannels * (b.m - 1) * log2c(b.m) },
      { name: 'registerBits', of: (b: CompressorBlock) => b.registerBits },
    ],
  },
};

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const pct = (model: number, measured: number): number => ((model - measured) / measured) * 100;
const rms = (a: readonly number[]): number => Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
const maxAbs = (a: readonly number[]): number => Math.max(...a.map(Math.abs));

function evaluate(rows: readonly { block: Block; measured: number }[], features: readonly Feature[]): { inSample: number[]; leaveOneOut: number[] } {
  const x = rows.map((r) => features.map((f) => (f.of as (b: Block) => number)(r.block)));
  const y = rows.map((r) => r.measured);
  const w = y.map((v) => 1 / (v * v));
  const all = leastSquares(x, y, w);
  const inSample = all.predicted.map((p, i) => pct(p, y[i]!));
  const leaveOneOut = rows.map((_, i) => {
    const keep = rows.map((_r, j) => j).filter((j) => j !== i);
    const f = leastSquares(keep.map((j) => x[j]!), keep.map((j) => y[j]!), keep.map((j) => w[j]!));
    return pct(x[i]!.reduce((s, v, k) => s + v * f.coefficients[k]!, 0), y[i]!);
  });
  return { inSample, leaveOneOut };
}

const pointsPath = argValue('--points') ?? packagePath('out', 'fit_area_model_points.json');
const keys = (argValue('--keys')?.split(',') ?? Object.keys(CANDIDATES)) as AreaModelKey[];
for (const k of keys) if (!AREA_MODEL_KEYS.includes(k)) throw new Error(`--keys: unknown area form ${k} (one of ${AREA_MODEL_KEYS.join(', ')})`);
const saved = JSON.parse(readFileSync(pointsPath, 'utf8')) as { points: { label: string; result: { areaUm2: number } }[] };
const measured = new Map(saved.points.map((p) => [p.label, p.result.areaUm2]));
const blocks = sweepBlocks().blocks;
console.log(`points: ${pointsPath} (${saved.points.length}); errors are (model - measured) / measured, %`);
for (const key of keys) {
  const rows = blocks.filter((b) => areaKeyOf(b) === key && measured.has(pointLabel(b))).map((block) => ({ block, measured: measured.get(pointLabel(block))! }));
  console.log(`\n${key}: ${rows.length} points`);
  for (const [name, features] of Object.entries({ shipped: areaForm(key).features as readonly Feature[], ...CANDIDATES[key] })) {
    const r = evaluate(rows, features);
    console.log(`  ${name}: in-sample rms ${rms(r.inSample).toFixed(2)}%, max ${maxAbs(r.inSample).toFixed(2)}%; leave-one-out rms ${rms(r.leaveOneOut).toFixed(2)}%, max ${maxAbs(r.leaveOneOut).toFixed(2)}%`);
    if (process.argv.includes('--each')) rows.forEach((row, i) => console.log(`    ${pointLabel(row.block)}: ${row.measured.toFixed(1)} um^2, in-sample ${r.inSample[i]!.toFixed(1)}%, leave-one-out ${r.leaveOneOut[i]!.toFixed(1)}%`));
  }
}
