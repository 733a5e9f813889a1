// Synthetic generator: determinism per seed, shared streams (q/k/v see one input), and the documented
// statistics (traces/README.md "Synthetic statistics"): kurtosis, persistent outlier channels, the
// extreme first token, per-token offsets, and tie rates in bf16 and after int8 quantization. These are
// the statistics of the uncalibrated generator (`calibration: 'none'`); the calibrated one is held to
// the measured histograms in calibration.test.ts.

import { describe, expect, it } from 'vitest';
import { encodeBf16 } from '../../src/trace/float16.js';
import { findModel, inputKindOf } from '../../src/trace/model_shapes.js';
import { GROUP_TIED, nmKeepMasks, nmStats } from '../../src/trace/nm_stats.js';
import { quantizeLayer } from '../../src/trace/quantize.js';
import { encodeTrace } from '../../src/trace/safetensors_writer.js';
import { massiveChannels, outlierChannels, synthesizeLayer, synthesizeModelTrace, type SynthLayerSpec } from '../../src/trace/synthetic.js';
import type { Projection } from '../../src/trace/types.js';

const llama = findModel('llama-2-7b')!;
const spec = (projection: Projection, over: Partial<SynthLayerSpec> = {}): SynthLayerSpec => ({
  model: llama.name, projection, layer: 5, numLayers: 32, tokens: 128, channels: projection === 'down' ? 11008 : 4096, seed: 1, dtype: 'BF16', calibration: 'none', ...over,
});

describe('determinism', () => {
  it('gives identical bytes for the same seed and different values for another seed', () => {
    const opts = { model: llama, projections: ['gate', 'o', 'down'] as Projection[], layer: 2, tokens: 8, seed: 42, dtype: 'BF16' as const };
    const same = (x: Uint8Array | Float32Array, y: Uint8Array | Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).equals(Buffer.from(y.buffer, y.byteOffset, y.byteLength));
    expect(same(encodeTrace(synthesizeModelTrace(opts)), encodeTrace(synthesizeModelTrace(opts)))).toBe(true);
    const other = synthesizeModelTrace({ ...opts, seed: 43 });
    const base = synthesizeModelTrace(opts);
    for (let i = 0; i < 3; i++) expect(same(other.layers[i].values, base.layers[i].values)).toBe(false);
    // Weights belong to the model, not to the seed.
    const small = { ...spec('up'), tokens: 4, channels: 256, outChannels: 64, withWeights: true };
    const w1 = synthesizeLayer(small).weights!.values;
    expect(same(w1, synthesizeLayer({ ...small, seed: 99 }).weights!.values)).toBe(true);
    expect(same(w1, synthesizeLayer({ ...small, layer: 6 }).weights!.values)).toBe(false);
  });
  it('gives q, k and v of one layer the same input (one tensor in the model), gate and up too', () => {
    const t = synthesizeModelTrace({ model: llama, projections: ['q', 'k', 'v', 'gate', 'up'], layer: 0, tokens: 4, seed: 3, dtype: 'F32' });
    const [q, k, v, gate, up] = t.layers.map((l) => Array.from(l.values));
    expect(k).toEqual(q);
    expect(v).toEqual(q);
    expect(up).toEqual(gate);
    expect(gate).not.toEqual(q);
  });
  it('keeps outlier channel indices fixed across layers and seeds', () => {
    const idx = outlierChannels(llama.name, 'hidden', 4096);
    expect(idx.length).toBe(6);
    expect(outlierChannels(llama.name, 'hidden', 4096)).toEqual(idx);
    expect(outlierChannels('Qwen2.5-7B', 'hidden', 4096)).not.toEqual(idx);
    expect(massiveChannels(llama.name, 'hidden', 4096).some((c) => idx.includes(c))).toBe(false);
  });
  it('shapes every projection of every model as model_shapes says', () => {
    const t = synthesizeModelTrace({ model: findModel('gemma3-4b')!, projections: ['o', 'down'], layer: 33, tokens: 2, seed: 1, dtype: 'F16', withWeights: true });
    expect(t.layers.map((l) => [l.name, l.channels, l.weights!.outChannels])).toEqual([
      ['model.layers.33.self_attn.o_proj', 2048, 2560], ['model.layers.33.mlp.down_proj', 10240, 2560],
    ]);
  });
});

/** Pearson kurtosis of tokens >= 1 over channels not in `skip`. */
function kurtosis(values: Float32Array, T: number, K: number, skip: Uint8Array): number {
  let n = 0, s = 0;
  for (let t = 1; t < T; t++) for (let j = 0; j < K; j++) if (skip[j] === 0) { s += values[t * K + j]; n++; }
  const mu = s / n;
  let m2 = 0, m4 = 0;
  for (let t = 1; t < T; t++) for (let j = 0; j < K; j++) if (skip[j] === 0) { const d = values[t * K + j] - mu; m2 += d * d; m4 += d * d * d * d; }
  return (m4 / n) / (m2 / n) ** 2;
}

const median = (xs: ArrayLike<number>) => Float64Array.from(xs).sort()[xs.length >> 1];

function layerStats(projection: Projection) {
  const s = spec(projection);
  const l = synthesizeLayer(s);
  const T = s.tokens, K = s.channels, kind = inputKindOf(projection);
  const special = new Uint8Array(K);
  for (const j of [...outlierChannels(llama.name, kind, K), ...massiveChannels(llama.name, kind, K)]) special[j] = 1;
  const absRest = l.values.subarray(K).map(Math.abs);
  const rowMeans = Array.from({ length: T - 1 }, (_, i) => l.values.subarray((i + 1) * K, (i + 2) * K).reduce((a, b) => a + b, 0) / K);
  const meanRowMean = rowMeans.reduce((a, b) => a + b, 0) / rowMeans.length;
  const bits = encodeBf16(l.values);
  const mags = Int32Array.from(bits, (b) => b & 0x7fff);
  const km = nmKeepMasks(mags, T, K, { n: 8, m: 16 });
  const bf16Tied = km.groupFlags.reduce((a, f) => a + (f & GROUP_TIED ? 1 : 0), 0) / km.groupFlags.length;
  const int8 = nmStats(quantizeLayer(l.values, T, K, 8), { n: 8, m: 16 });
  return {
    l, K, T, kind,
    kurtosis: kurtosis(l.values, T, K, special),
    firstTokenRatio: l.values.subarray(0, K).reduce((a, v) => Math.max(a, Math.abs(v)), 0) / median(absRest),
    offsetStd: Math.sqrt(rowMeans.reduce((a, m) => a + (m - meanRowMean) ** 2, 0) / rowMeans.length) / median(absRest),
    bf16Tied, int8Tied: int8.tiedGroups / int8.groups, int8Zeros: int8.zeroValues / (T * K),
  };
}

describe('documented statistics of the uncalibrated generator (Llama-2-7B shapes, 128 tokens, seed 1)', () => {
  const q = layerStats('q');
  const o = layerStats('o');
  const down = layerStats('down');
  it('hidden-state input: Laplace-like body (kurtosis 7..13 without outlier channels)', () => {
    expect(q.kurtosis).toBeGreaterThan(7);
    expect(q.kurtosis).toBeLessThan(13);
  });
  it('down_proj input: much heavier tails (kurtosis > 30 and > 3x the hidden input), more exact zeros after int8', () => {
    expect(down.kurtosis).toBeGreaterThan(30);
    expect(down.kurtosis).toBeGreaterThan(3 * q.kurtosis);
    expect(down.int8Zeros).toBeGreaterThan(2 * q.int8Zeros);
  });
  it('persistent outlier channels are the largest channels, at >= 10x the median channel', () => {
    const { l, T, K } = q;
    const chanMean = Array.from({ length: K }, (_, j) => {
      let s = 0;
      for (let t = 1; t < T; t++) s += Math.abs(l.values[t * K + j]);
      return s / (T - 1);
    });
    const top = chanMean.map((v, j) => [v, j]).sort((a, b) => b[0] - a[0]).slice(0, 6).map((p) => p[1]).sort((a, b) => a - b);
    expect(top).toEqual(outlierChannels(llama.name, 'hidden', K));
    for (const j of top) expect(chanMean[j]).toBeGreaterThan(10 * median(chanMean));
  });
  it('the first token is extreme (max |x| >= 50x the median |x| of the others; o_proj >= 20x)', () => {
    expect(q.firstTokenRatio).toBeGreaterThan(50);
    expect(down.firstTokenRatio).toBeGreaterThan(50);
    expect(o.firstTokenRatio).toBeGreaterThan(20);
  });
  it('rows are not zero-centred (std of row means >= 0.1x the median |x|, hidden input)', () => {
    expect(q.offsetStd).toBeGreaterThan(0.1);
  });
  it('bf16 rounding gives exact ties in 0.5..4 % of 8:16 groups', () => {
    for (const s of [q, o, down]) {
      expect(s.bf16Tied).toBeGreaterThan(0.005);
      expect(s.bf16Tied).toBeLessThan(0.04);
    }
  });
  it('after int8 per-token quantization ties are common: 25..90 % of 8:16 groups', () => {
    for (const s of [q, o, down]) {
      expect(s.int8Tied).toBeGreaterThan(0.25);
      expect(s.int8Tied).toBeLessThan(0.9);
    }
  });
});
