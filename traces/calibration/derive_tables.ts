// Derives traces/calibration/<model>.json from TEAL's per-layer activation histograms (one .npz per
// model, keys layer<i>.<site>.centers / .counts, as described in traces/calibration/README.md):
//   npx tsx traces/calibration/derive_tables.ts <directory holding llama-2-7b.npz, mistral-7b.npz, llama-3-8b.npz>
// Per layer and input it stores the count, the tail fractions, min and max, the body's signed
// quantiles on a 128-interval grid clustered at both ends plus 49 knots around P(x <= 0), and check quantiles computed straight from
// the histogram (signed 2/10/50/90/98 %, |x| 1/10/50/90/97 %) that the calibration test compares with.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { CALIBRATION_FORMAT, CALIBRATION_SITES, CALIBRATED_MODELS, bodyKnots, calibratedQuantile, chebyshevWeights, type ModelCalibration, type SiteCalibration } from '../../src/trace/calibration.js';
import { histogramAbsQuantile, histogramCdf, histogramQuantile, summarizeHistogram, type Histogram } from '../../src/trace/histogram.js';
import { packagePath } from '../../src/io/package_root.js';
import { parseNpyTensor } from '../../src/trace/npy_reader.js';

const GRID_INTERVALS = 128;
/** Extra knots around P(x <= 0): 24 on each side, 0.04 % apart (|x|'s 1st percentile spans about ±0.5 %). */
const ZERO_STEP = 0.0004;
const ZERO_KNOTS = 24;
const CHECK_SIGNED_P = [0.02, 0.1, 0.5, 0.9, 0.98];
const CHECK_ABS_P = [0.01, 0.1, 0.5, 0.9, 0.97];
const SOURCE = 'FasterDecoding/TEAL (arXiv 2408.14690) commit 5baaec8645ce76368bd49eb05efb23f1da7edec6, models/<model>/histograms/layer-<i>/{mlp,self_attn}/histograms.pt (300 Alpaca samples, 10 x 2048 tokens, fp16)';
const LICENCE = 'MIT, Copyright (c) 2024 FasterDecoding: traces/calibration/LICENSE-TEAL';

/** 6 significant digits: the tables stay small and the rounding (< 1e-5 relative) is far below the test tolerance. */
const sig = (x: number) => Number(x.toPrecision(6));

function site(h: Histogram, grid: readonly number[]): SiteCalibration {
  const s = summarizeHistogram(h);
  const pLow = sig(s.tailLowFraction), pHigh = sig(1 - s.tailHighFraction), zeroP = sig(histogramCdf(h, 0));
  const knots = bodyKnots({ pLow, pHigh, zeroP }, { gridWeights: grid, zeroStep: ZERO_STEP, zeroKnots: ZERO_KNOTS });
  const body = Array.from(knots, (p, i) => (i === 0 ? s.bodyLow : i === knots.length - 1 ? s.bodyHigh : histogramQuantile(h, p)));
  return {
    count: s.count, pLow, pHigh, min: sig(s.min), max: sig(s.max), zeroP, body: body.map(sig),
    checkSigned: CHECK_SIGNED_P.map((p) => sig(histogramQuantile(h, p))),
    checkAbs: CHECK_ABS_P.map((p) => sig(histogramAbsQuantile(h, p))),
  };
}

function derive(npzPath: string, model: string, file: string): ModelCalibration {
  const members = unzipSync(new Uint8Array(readFileSync(npzPath)));
  const get = (key: string): Float64Array => {
    const t = parseNpyTensor(members[`${key}.npy`], key, npzPath);
    if ('code' in t) throw new Error(t.message);
    return Float64Array.from(t.values);
  };
  const grid = chebyshevWeights(GRID_INTERVALS).map((w) => Number(w.toPrecision(8)));
  const knotTable = { gridWeights: grid, zeroStep: ZERO_STEP, zeroKnots: ZERO_KNOTS };
  const layers: ModelCalibration['layers'][number][] = [];
  let worst = 0;
  for (let l = 0; ; l++) {
    if (members[`layer${l}.qkv_in.centers.npy`] === undefined) break;
    const entry = {} as Record<(typeof CALIBRATION_SITES)[number], SiteCalibration>;
    for (const k of CALIBRATION_SITES) {
      const h = { centers: get(`layer${l}.${k}.centers`), counts: get(`layer${l}.${k}.counts`) };
      entry[k] = site(h, grid);
      // How far the stored grid's interpolation is from the exact body quantile (printed, for the README).
      for (let q = 0.02; q < 0.981; q += 0.01) {
        const exact = histogramQuantile(h, q), approx = calibratedQuantile(entry[k], knotTable, q);
        worst = Math.max(worst, Math.abs(approx - exact) / Math.max(Math.abs(exact), entry[k].checkAbs[2]));
      }
    }
    layers.push(entry);
  }
  process.stderr.write(`${model}: ${layers.length} layers; worst grid interpolation error over the 2..98 % quantiles: ${(100 * worst).toFixed(3)} % (relative to max(|q|, median |x|))\n`);
  return {
    format: CALIBRATION_FORMAT, version: 1, model, source: SOURCE, licence: LICENCE,
    command: `npx tsx traces/calibration/derive_tables.ts <dir with ${file.replace('.json', '.npz')}>`,
    gridWeights: grid, zeroStep: ZERO_STEP, zeroKnots: ZERO_KNOTS, checkSignedP: CHECK_SIGNED_P, checkAbsP: CHECK_ABS_P, layers,
  };
}

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: npx tsx traces/calibration/derive_tables.ts <directory of TEAL histogram .npz files>\n');
  process.exit(1);
}
for (const [model, file] of Object.entries(CALIBRATED_MODELS)) {
  const table = derive(join(dir, file.replace('.json', '.npz')), model, file);
  const out = packagePath('traces', 'calibration', file);
  const text = JSON.stringify(table) + '\n';
  writeFileSync(out, text);
  process.stderr.write(`wrote ${out}: ${text.length} bytes\n`);
}
