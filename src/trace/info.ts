// `trace info`: per-layer summary of a trace (shapes, dtypes, value ranges and moments) and the N:M
// tie, zero and weight-row statistics after per-token quantization. Returns plain data (JSON-ready)
// and formats it as text with a unit on every number; reading files and printing are the CLI's job.

import { encodeBf16, encodeF16 } from './float16.js';
import { GROUP_TIED, nmKeepMasks, nmStats, type NmPattern, type NmStats } from './nm_stats.js';
import { quantizeLayer } from './quantize.js';
import { DTYPE_BYTES, type TraceDtype, type TraceFile, type TraceLayer, type TraceLayerMeta } from './types.js';

/** Moments and range of a layer's float values. */
export interface ValueStats {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly std: number;
  readonly maxAbs: number;
  /** Pearson kurtosis E[(x−μ)^4]/σ^4 over all values (normal = 3, Laplace = 6). */
  readonly kurtosis: number;
  /** Fraction of values exactly 0. */
  readonly zeroFraction: number;
}

/** Moments of `values` (accumulated in float64). */
export function valueStats(values: Float32Array): ValueStats {
  let min = Infinity, max = -Infinity, sum = 0, zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    if (v === 0) zeros++;
  }
  const mean = sum / values.length;
  let m2 = 0, m4 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    const d2 = d * d;
    m2 += d2;
    m4 += d2 * d2;
  }
  m2 /= values.length;
  m4 /= values.length;
  return { min, max, mean, std: Math.sqrt(m2), maxAbs: Math.max(-min, max), kurtosis: m2 > 0 ? m4 / (m2 * m2) : 0, zeroFraction: zeros / values.length };
}

/** The layer's N:M statistics as `trace info` reports them (counts from nmStats, plus summaries). */
export interface LayerNmInfo extends Pick<NmStats,
  'groupsPerToken' | 'groups' | 'paddedChannelsPerToken' | 'keptValues' | 'keptNonZero' | 'zeroValues' |
  'tiedGroups' | 'tiedGroupsAtZero' | 'allZeroGroups'> {
  /**
   * Tied groups on the float values as stored (before quantization), for F16/BF16 layers: what a
   * PyTorch top-k on the model dtype faces (arXiv:2509.22166, tie-breaking note). Absent for other dtypes.
   */
  readonly storedDtypeTiedGroups?: number;
  /** Channels kept by every token. */
  readonly channelsAlwaysKept: number;
  /** Channels kept by no token. */
  readonly channelsNeverKept: number;
  readonly blocks: number;
  readonly weightRowsFetched: number;
  readonly weightRowsDense: number;
  readonly minWeightRowsPerBlock: number;
  readonly maxWeightRowsPerBlock: number;
}

export interface LayerInfo {
  readonly name: string;
  readonly meta: TraceLayerMeta;
  readonly dtype: TraceDtype;
  readonly tokens: number;
  readonly channels: number;
  /** Bytes of the input tensor in its file dtype. */
  readonly inputBytes: number;
  readonly weights?: { readonly outChannels: number; readonly dtype: TraceDtype; readonly bytes: number };
  readonly values: ValueStats;
  /** Smallest and largest per-token quantization scale (real units per code). */
  readonly minScale: number;
  readonly maxScale: number;
  readonly nm: LayerNmInfo;
}

export interface TraceInfoOptions {
  readonly pattern: NmPattern;
  /** A, bits of the signed activation codes. */
  readonly actBits: number;
  /** R, tokens per block for the weight-row union. */
  readonly blockTokens: number;
}

export interface TraceInfo extends TraceInfoOptions {
  readonly file?: string;
  readonly metadata: Readonly<Record<string, string>>;
  readonly layers: readonly LayerInfo[];
}

/** Tied groups of a 16-bit float layer, ranking by |value| through the magnitude bits (monotone for finite values). */
function storedTiedGroups(layer: TraceLayer, o: TraceInfoOptions): number | undefined {
  if (layer.dtype !== 'BF16' && layer.dtype !== 'F16') return undefined;
  const bits = layer.dtype === 'BF16' ? encodeBf16(layer.values) : encodeF16(layer.values); // exact: values are representable
  const mags = new Int32Array(bits.length);
  for (let i = 0; i < bits.length; i++) mags[i] = bits[i] & 0x7fff;
  const km = nmKeepMasks(mags, layer.tokens, layer.channels, o.pattern);
  let tied = 0;
  for (const f of km.groupFlags) if (f & GROUP_TIED) tied++;
  return tied;
}

export function layerInfo(layer: TraceLayer, o: TraceInfoOptions): LayerInfo {
  const q = quantizeLayer(layer.values, layer.tokens, layer.channels, o.actBits);
  const s = nmStats(q, o.pattern, o.blockTokens);
  let always = 0, never = 0;
  for (const c of s.channelKeepCounts) {
    if (c === layer.tokens) always++;
    if (c === 0) never++;
  }
  let minScale = Infinity, maxScale = 0;
  for (const sc of q.scales) {
    minScale = Math.min(minScale, sc);
    maxScale = Math.max(maxScale, sc);
  }
  const storedTied = storedTiedGroups(layer, o);
  return {
    name: layer.name, meta: layer.meta, dtype: layer.dtype, tokens: layer.tokens, channels: layer.channels,
    inputBytes: layer.tokens * layer.channels * DTYPE_BYTES[layer.dtype],
    ...(layer.weights !== undefined
      ? { weights: { outChannels: layer.weights.outChannels, dtype: layer.weights.dtype, bytes: layer.weights.outChannels * layer.channels * DTYPE_BYTES[layer.weights.dtype] } }
      : {}),
    values: valueStats(layer.values), minScale, maxScale,
    nm: {
      groupsPerToken: s.groupsPerToken, groups: s.groups, paddedChannelsPerToken: s.paddedChannelsPerToken,
      keptValues: s.keptValues, keptNonZero: s.keptNonZero, zeroValues: s.zeroValues, tiedGroups: s.tiedGroups,
      tiedGroupsAtZero: s.tiedGroupsAtZero, allZeroGroups: s.allZeroGroups,
      ...(storedTied !== undefined ? { storedDtypeTiedGroups: storedTied } : {}), channelsAlwaysKept: always, channelsNeverKept: never,
      blocks: s.blocks, weightRowsFetched: s.weightRowsFetched, weightRowsDense: s.weightRowsDense,
      minWeightRowsPerBlock: s.minWeightRowsPerBlock, maxWeightRowsPerBlock: s.maxWeightRowsPerBlock,
    },
  };
}

export function traceInfo(trace: TraceFile, o: TraceInfoOptions, file?: string): TraceInfo {
  return { ...(file !== undefined ? { file } : {}), ...o, metadata: trace.metadata, layers: trace.layers.map((l) => layerInfo(l, o)) };
}
