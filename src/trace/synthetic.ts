// Seeded synthetic activations shaped like LLM projection inputs (arXiv:2509.22166): heavy-tailed rows,
// persistent outlier channels in hidden-state inputs, sparse peaked down_proj inputs, per-token
// scales and offsets, an extreme first token, and rounding to the model dtype (which creates the
// exact ties real bf16 traces have). Every constant is in SYNTH_PARAMS with its rationale. For the
// models with measured histograms (calibration.ts) the values are then mapped, rank-preserving, onto
// the measured distribution of that layer and input (calibrated.ts).

import { QuantileSampler, geluTanh, laplaceQuantile, normalMoment, normalQuantile, silu } from './distributions.js';
import { InternalError } from '../diagnostics/diagnostic.js';
import { calibrateInPlace, publishedMassiveChannels } from './calibrated.js';
import { calibrationSiteOf, modelCalibration, type ModelCalibration } from './calibration.js';
import { roundToBf16InPlace, roundToF16InPlace } from './float16.js';
import { inputKindOf, modulePath, projectionShape, type InputKind, type ModelShape } from './model_shapes.js';
import { Xoshiro128, hashString32 } from '../util/prng.js';
import { TRACE_FORMAT_NAME, TRACE_FORMAT_VERSION, type Projection, type TraceFile, type TraceLayer, type WritableDtype } from './types.js';

/**
 * Statistics of one input kind. Values are in units of a regular channel's noise standard
 * deviation before the per-token scale. Sources are qualitative (arXiv:2509.22166 [G], and the public
 * papers named in traces/README.md); the numbers are our choices, to be checked against real dumps.
 */
export interface SynthKindParams {
  /** z_tj: `laplace` (unit variance, kurtosis 6) or `gated` = act(g)·u/rms, g ~ N(gateMean, gateSigma²), u Laplace. */
  readonly noise: 'laplace' | 'gated';
  readonly gateMean: number;
  readonly gateSigma: number;
  /** σ of ln c_j, the per-channel scale of regular channels (uneven channel importance). */
  readonly channelScaleSigma: number;
  /** σ of μ_j, the per-channel mean of regular channels. */
  readonly channelMeanSigma: number;
  /** σ of ln s_t, the per-token scale. */
  readonly tokenScaleSigma: number;
  /** σ of o_t, the per-token offset (rows are not zero-centred). */
  readonly tokenOffsetSigma: number;
  /** Persistent outlier channels per 4096 channels (at least 1 when > 0), at fixed indices per model. */
  readonly outliersPer4096: number;
  /** |μ_j| of an outlier channel (its sign is fixed per model). */
  readonly outlierMean: number;
  /** c_j of an outlier channel. */
  readonly outlierScale: number;
  /** |value| of the 2 massive channels of the first token (0: none). */
  readonly firstTokenMassive: number;
  /** Factor on every other channel of the first token. */
  readonly firstTokenDamp: number;
  /** s_t grows by 1 + depthGain · layer / numLayers (residual growth with depth). */
  readonly depthGain: number;
}

export const SYNTH_PARAMS: Readonly<Record<InputKind, SynthKindParams>> = {
  hidden: {
    noise: 'laplace', gateMean: 0, gateSigma: 0,
    channelScaleSigma: 0.35, channelMeanSigma: 0.15, tokenScaleSigma: 0.1, tokenOffsetSigma: 0.2,
    outliersPer4096: 6, outlierMean: 20, outlierScale: 3,
    firstTokenMassive: 100, firstTokenDamp: 0.1, depthGain: 0,
  },
  attn_out: {
    noise: 'laplace', gateMean: 0, gateSigma: 0,
    channelScaleSigma: 0.5, channelMeanSigma: 0.05, tokenScaleSigma: 0.3, tokenOffsetSigma: 0.1,
    outliersPer4096: 0, outlierMean: 0, outlierScale: 1,
    firstTokenMassive: 20, firstTokenDamp: 0.5, depthGain: 1,
  },
  mlp_act: {
    noise: 'gated', gateMean: -1, gateSigma: 1.5,
    channelScaleSigma: 0.5, channelMeanSigma: 0.02, tokenScaleSigma: 0.4, tokenOffsetSigma: 0.05,
    outliersPer4096: 2, outlierMean: 0, outlierScale: 10,
    firstTokenMassive: 1000, firstTokenDamp: 1, depthGain: 1,
  },
};

/** Largest finite binary16 value; F16 traces are clamped to it. */
const F16_MAX = 65504;

/** One synthetic layer input (and optional weights). */
export interface SynthLayerSpec {
  /** Model name: fixes the outlier and massive channel indices (the same for every layer and seed). */
  readonly model: string;
  readonly projection: Projection;
  /** 0-based decoder layer; with numLayers it sets the depth scale drift. */
  readonly layer: number;
  readonly numLayers: number;
  /** T, token rows, >= 1. */
  readonly tokens: number;
  /** K, input channels, >= 1. */
  readonly channels: number;
  /** O, output channels of the weights; needed when withWeights. */
  readonly outChannels?: number;
  readonly withWeights?: boolean;
  /** Activation of the gated MLP (down_proj inputs only); default silu. */
  readonly mlpActivation?: 'silu' | 'gelu_tanh';
  /** Picks the token stream; the channel profile depends only on model, layer and input site. */
  readonly seed: number;
  /** Values are rounded to this dtype (nearest even) and the layer records it. */
  readonly dtype: WritableDtype;
  /** Layer name; default the Hugging Face module path. */
  readonly name?: string;
  /**
   * `measured`: map onto the measured distribution of this model, layer and input (the default when
   * the model has tables, calibration.ts); `none`: the uncalibrated generator alone.
   */
  readonly calibration?: SynthCalibration;
}

export type SynthCalibration = 'measured' | 'none';

/** The measured tables a spec is calibrated with, or undefined (model without tables, or `none`). */
export function calibrationFor(spec: Pick<SynthLayerSpec, 'model' | 'layer' | 'calibration'>): ModelCalibration | undefined {
  if (spec.calibration === 'none') return undefined;
  const c = modelCalibration(spec.model);
  if (c === undefined || spec.layer >= c.layers.length) {
    if (spec.calibration === 'measured') throw new InternalError(`no measured calibration for ${spec.model} layer ${spec.layer}`);
    return undefined;
  }
  return c;
}

/** Layers whose inputs are one tensor in the model share a token stream (q,k,v; gate,up). */
function inputSite(projection: Projection): string {
  switch (projection) {
    case 'q': case 'k': case 'v': return 'attn_in';
    case 'gate': case 'up': return 'mlp_in';
    case 'o': return 'attn_out';
    case 'down': return 'mlp_act';
  }
}

function distinctIndices(rng: Xoshiro128, count: number, range: number, avoid: ReadonlySet<number> = new Set()): number[] {
  const picked = new Set<number>();
  const limit = Math.min(count, range - avoid.size);
  while (picked.size < limit) {
    const i = rng.nextBelow(range);
    if (!avoid.has(i)) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b);
}

/** Number of persistent outlier channels of a kind at K channels. */
export function outlierCount(kind: InputKind, channels: number): number {
  const per = SYNTH_PARAMS[kind].outliersPer4096;
  return per === 0 ? 0 : Math.min(channels, Math.max(1, Math.round((per * channels) / 4096)));
}

/** Persistent outlier channel indices (sorted) for a model, input kind and K: the same in every layer and seed. */
export function outlierChannels(model: string, kind: InputKind, channels: number): number[] {
  const rng = new Xoshiro128(hashString32(`${model}|${kind}|${channels}|outliers`));
  return distinctIndices(rng, outlierCount(kind, channels), channels);
}

/** The first token's massive channel indices (sorted; none when the kind has none), disjoint from the outliers. */
export function massiveChannels(model: string, kind: InputKind, channels: number): number[] {
  if (SYNTH_PARAMS[kind].firstTokenMassive === 0) return [];
  const rng = new Xoshiro128(hashString32(`${model}|${kind}|${channels}|massive`));
  return distinctIndices(rng, Math.min(2, channels), channels, new Set(outlierChannels(model, kind, channels)));
}

const laplace = new QuantileSampler(laplaceQuantile);
const normal = new QuantileSampler(normalQuantile);
const gatedCache = new Map<string, { sampler: QuantileSampler; rms: number }>();

/** Sampler of act(gateMean + gateSigma·Z) and the rms of that factor. */
function gateSampler(p: SynthKindParams, act: 'silu' | 'gelu_tanh') {
  const key = `${act}|${p.gateMean}|${p.gateSigma}`;
  let g = gatedCache.get(key);
  if (g === undefined) {
    const f = act === 'silu' ? silu : geluTanh;
    const h = (z: number) => f(p.gateMean + p.gateSigma * z);
    g = { sampler: new QuantileSampler((q) => h(normalQuantile(q))), rms: Math.sqrt(normalMoment(h, 2, 1 << 14)) };
    gatedCache.set(key, g);
  }
  return g;
}

/**
 * The first token's channels that receive a calibrated layer's extremes: the published indices where
 * known (calibrated.ts), completed to two with the seeded massive channels.
 */
export function calibratedMassiveChannels(model: string, kind: InputKind, channels: number): number[] {
  const picked = [...(publishedMassiveChannels(model, kind, channels) ?? [])];
  for (const j of massiveChannels(model, kind, channels)) if (picked.length < 2 && !picked.includes(j)) picked.push(j);
  return picked.slice(0, Math.min(2, channels));
}

/** Input values [T x K] of one layer, rounded to spec.dtype. */
export function synthesizeInput(spec: SynthLayerSpec): Float32Array {
  const kind = inputKindOf(spec.projection);
  const p = SYNTH_PARAMS[kind];
  const T = spec.tokens;
  const K = spec.channels;
  const site = inputSite(spec.projection);

  // Channel profile: fixed per model, layer and input site (not per seed).
  const prof = new Xoshiro128(hashString32(`${spec.model}|${site}|${spec.layer}|${K}|profile`));
  const scale = new Float32Array(K);
  const mean = new Float32Array(K);
  for (let j = 0; j < K; j++) {
    scale[j] = Math.exp(p.channelScaleSigma * normalQuantile(prof.nextOpen01()));
    mean[j] = p.channelMeanSigma * normalQuantile(prof.nextOpen01());
  }
  const signs = new Xoshiro128(hashString32(`${spec.model}|${kind}|${K}|signs`));
  for (const j of outlierChannels(spec.model, kind, K)) {
    mean[j] = (signs.nextU32() & 1 ? 1 : -1) * p.outlierMean;
    scale[j] = p.outlierScale;
  }
  const cal = calibrationFor(spec);
  const massive = cal !== undefined ? calibratedMassiveChannels(spec.model, kind, K) : massiveChannels(spec.model, kind, K);
  const massiveSign = massive.map(() => (signs.nextU32() & 1 ? 1 : -1));

  // Token stream: per seed.
  const rng = new Xoshiro128(hashString32(`${spec.seed}|${spec.model}|${site}|${spec.layer}|tokens`));
  const gated = p.noise === 'gated' ? gateSampler(p, spec.mlpActivation ?? 'silu') : undefined;
  const u = new Uint32Array(K);
  const u2 = new Uint32Array(gated !== undefined ? K : 0);
  const z = new Float32Array(K);
  const g = new Float32Array(gated !== undefined ? K : 0);
  const out = new Float32Array(T * K);
  const depth = 1 + (p.depthGain * spec.layer) / Math.max(1, spec.numLayers);
  for (let t = 0; t < T; t++) {
    const st = depth * Math.exp(p.tokenScaleSigma * normalQuantile(rng.nextOpen01()));
    const ot = p.tokenOffsetSigma * normalQuantile(rng.nextOpen01());
    laplace.map(rng.fillU32(u), z);
    if (gated !== undefined) {
      gated.sampler.map(rng.fillU32(u2), g);
      const inv = 1 / gated.rms;
      for (let j = 0; j < K; j++) z[j] *= g[j] * inv;
    }
    const damp = t === 0 ? p.firstTokenDamp : 1;
    const base = t * K;
    for (let j = 0; j < K; j++) out[base + j] = st * damp * (ot + mean[j] + scale[j] * z[j]);
    if (t === 0) massive.forEach((j, i) => { out[j] = st * massiveSign[i] * p.firstTokenMassive; });
  }
  if (cal !== undefined) {
    const site = cal.layers[spec.layer][calibrationSiteOf(spec.projection)];
    calibrateInPlace(out, K, site, cal, massive);
  }
  return roundTo(out, spec.dtype);
}

function roundTo(values: Float32Array, dtype: WritableDtype): Float32Array {
  if (dtype === 'BF16') return roundToBf16InPlace(values);
  if (dtype === 'F16') {
    for (let i = 0; i < values.length; i++) values[i] = Math.max(-F16_MAX, Math.min(F16_MAX, values[i]));
    return roundToF16InPlace(values);
  }
  return values;
}

/**
 * Weights [O x K]: w_oj = r_j · n_oj / √K with n standard normal and r_j = exp(0.25·n_j) a per-input-
 * channel scale. Fixed per model, projection and layer (independent of the seed).
 */
export function synthesizeWeights(spec: SynthLayerSpec, outChannels: number): Float32Array {
  const K = spec.channels;
  const rng = new Xoshiro128(hashString32(`${spec.model}|${spec.projection}|${spec.layer}|${K}|${outChannels}|weights`));
  const colScale = new Float32Array(K);
  for (let j = 0; j < K; j++) colScale[j] = Math.exp(0.25 * normalQuantile(rng.nextOpen01())) / Math.sqrt(K);
  const w = new Float32Array(outChannels * K);
  const u = new Uint32Array(K);
  const row = new Float32Array(K);
  for (let o = 0; o < outChannels; o++) {
    normal.map(rng.fillU32(u), row);
    for (let j = 0; j < K; j++) row[j] *= colScale[j];
    w.set(row, o * K);
  }
  return roundTo(w, spec.dtype);
}

/** One synthetic TraceLayer (input, optional weights, metadata). */
export function synthesizeLayer(spec: SynthLayerSpec): TraceLayer {
  const values = synthesizeInput(spec);
  let weights: TraceLayer['weights'];
  if (spec.withWeights === true) {
    if (spec.outChannels === undefined || spec.outChannels < 1) throw new InternalError('synthesizeLayer: withWeights needs outChannels >= 1');
    weights = { outChannels: spec.outChannels, dtype: spec.dtype, values: synthesizeWeights(spec, spec.outChannels) };
  }
  return {
    name: spec.name ?? modulePath(spec.layer, spec.projection),
    tokens: spec.tokens,
    channels: spec.channels,
    dtype: spec.dtype,
    values,
    meta: {
      model: spec.model, layer: spec.layer, projection: spec.projection, source: 'synthetic',
      extra: { seed: String(spec.seed), ...(calibrationFor(spec) !== undefined ? { calibration: 'measured (TEAL histograms)' } : {}) },
    },
    ...(weights !== undefined ? { weights } : {}),
  };
}

/** Options of a whole synthetic trace of one model. */
export interface SynthTraceOptions {
  readonly model: ModelShape;
  readonly projections: readonly Projection[];
  readonly layer: number;
  readonly tokens: number;
  readonly seed: number;
  readonly dtype: WritableDtype;
  readonly withWeights?: boolean;
  readonly calibration?: SynthCalibration;
}

/** A trace with one layer per projection, shaped like `model` (arXiv:2509.22166). */
export function synthesizeModelTrace(o: SynthTraceOptions): TraceFile {
  const layers = o.projections.map((projection) => {
    const shape = projectionShape(o.model, projection);
    return synthesizeLayer({
      model: o.model.name, projection, layer: o.layer, numLayers: o.model.layers, tokens: o.tokens,
      channels: shape.inChannels, outChannels: shape.outChannels, withWeights: o.withWeights ?? false,
      mlpActivation: o.model.mlpActivation, seed: o.seed, dtype: o.dtype, ...(o.calibration !== undefined ? { calibration: o.calibration } : {}),
    });
  });
  return { layers, metadata: { format: TRACE_FORMAT_NAME, format_version: TRACE_FORMAT_VERSION, generator: 'nmcore trace synth', model: o.model.name, seed: String(o.seed) } };
}
