// Tensors + metadata → TraceFile: applies the trace naming rules (`<layer>.input`, `<layer>.weight`),
// checks shapes, emptiness and finiteness, and attaches per-layer metadata. Shared by every reader,
// so a rule is enforced the same way whatever the container. Never throws on bad input.

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import { PROJECTIONS, type Projection, type ReadResult, type TraceDtype, type TraceFile, type TraceLayer, type TraceLayerMeta } from './types.js';

/** A tensor already decoded by a container reader. */
export interface RawTensor {
  readonly name: string;
  readonly dtype: TraceDtype;
  readonly shape: readonly number[];
  /** Row-major, length = product of shape. */
  readonly values: Float32Array;
}

export const INPUT_SUFFIX = '.input';
export const WEIGHT_SUFFIX = '.weight';

/** `q`, `q_proj`, `Q` → `q`; undefined when not one of the seven projections. */
export function parseProjection(text: string): Projection | undefined {
  const t = text.trim().toLowerCase().replace(/_proj$/, '');
  return (PROJECTIONS as readonly string[]).includes(t) ? (t as Projection) : undefined;
}

/** Projection named inside a module path such as `model.layers.3.mlp.down_proj`. */
export function projectionFromName(name: string): Projection | undefined {
  const m = /(?:^|[._/])(q|k|v|o|gate|up|down)_proj(?:$|[._/])/.exec(name);
  return m === null ? undefined : (m[1] as Projection);
}

/** Decoder layer index inside a module path such as `model.layers.3.mlp.down_proj`. */
export function layerIndexFromName(name: string): number | undefined {
  const m = /(?:^|[._/])(?:layers?|h|blocks?)[._/](\d+)(?:$|[._/])/.exec(name);
  return m === null ? undefined : Number(m[1]);
}

/** First non-finite element: its index and kind, and the count; undefined when all are finite. */
function findNonFinite(values: Float32Array): { index: number; count: number; kind: string } | undefined {
  let first = -1;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) { // NaN and ±Inf only
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return undefined;
  const v = values[first];
  return { index: first, count, kind: Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf' };
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Splits file metadata into per-layer maps (keys `<layer>.<key>`, longest layer name wins) and the rest. */
function splitMetadata(metadata: Readonly<Record<string, string>>, layerNames: readonly string[]) {
  const byLength = [...layerNames].sort((a, b) => b.length - a.length);
  const perLayer = new Map<string, Record<string, string>>(layerNames.map((n) => [n, {}]));
  const fileLevel: Record<string, string> = {};
  for (const [key, value] of Object.entries(metadata)) {
    const owner = byLength.find((n) => key.startsWith(n + '.') && key.length > n.length + 1);
    if (owner === undefined) fileLevel[key] = value;
    else perLayer.get(owner)![key.slice(owner.length + 1)] = value;
  }
  return { perLayer, fileLevel };
}

function buildMeta(name: string, own: Record<string, string>, fileLevel: Record<string, string>, file: string, diags: Diagnostic[]): TraceLayerMeta {
  const extra: Record<string, string> = {};
  let layer = layerIndexFromName(name);
  let projection = projectionFromName(name);
  const model = own.model ?? fileLevel.model;
  const source = own.source ?? fileLevel.source;
  for (const [key, value] of Object.entries(own)) {
    if (key === 'model' || key === 'source') continue;
    if (key === 'layer') {
      if (/^\d+$/.test(value.trim())) layer = Number(value.trim());
      else diags.push(warning('trace_bad_metadata', `metadata '${name}.layer' must be a non-negative integer, not '${value}'; ignored`, { file, field: name }));
    } else if (key === 'projection') {
      const p = parseProjection(value);
      if (p !== undefined) projection = p;
      else diags.push(warning('trace_bad_metadata', `metadata '${name}.projection' must be one of ${PROJECTIONS.join(', ')}, not '${value}'; ignored`, { file, field: name }));
    } else {
      extra[key] = value;
    }
  }
  return {
    ...(model !== undefined ? { model } : {}),
    ...(layer !== undefined ? { layer } : {}),
    ...(projection !== undefined ? { projection } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(Object.keys(extra).length > 0 ? { extra } : {}),
  };
}

/**
 * Builds the TraceFile of `tensors`. Rules: a tensor named `<L>.weight` holds the weights [O, K] of
 * layer L; every other tensor is a layer input named by its name without a trailing `.input`.
 * Inputs of rank > 2 are flattened into [T, K] (leading dimensions are tokens). Each problem
 * gives one diagnostic naming the tensor; the value is returned only when there is no error.
 */
export function assembleTrace(tensors: readonly RawTensor[], metadata: Readonly<Record<string, string>>, file: string): ReadResult<TraceFile> {
  const diags: Diagnostic[] = [];
  const inputs: RawTensor[] = [];
  const weights = new Map<string, RawTensor>();
  for (const t of tensors) {
    if (t.name.endsWith(WEIGHT_SUFFIX)) weights.set(t.name.slice(0, -WEIGHT_SUFFIX.length), t);
    else inputs.push(t);
  }
  const layerName = (t: RawTensor) => (t.name.endsWith(INPUT_SUFFIX) ? t.name.slice(0, -INPUT_SUFFIX.length) : t.name);
  if (inputs.length === 0) {
    const what = tensors.length === 0 ? 'no tensors' : `only weights (${tensors.map((t) => `'${t.name}'`).join(', ')})`;
    return { diagnostics: [error('trace_empty', `file holds ${what}; a trace needs at least one layer input '<layer>${INPUT_SUFFIX}' [T, K]`, { file })] };
  }
  const names = inputs.map(layerName);
  const { perLayer, fileLevel } = splitMetadata(metadata, names);
  const layers: TraceLayer[] = [];
  const seen = new Set<string>();
  for (const t of inputs) {
    const name = layerName(t);
    const loc = { file, field: t.name };
    if (seen.has(name)) {
      diags.push(error('trace_duplicate_layer', `layer '${name}' appears twice (tensors '${name}' and '${name}${INPUT_SUFFIX}')`, loc));
      continue;
    }
    seen.add(name);
    const w = weights.get(name);
    weights.delete(name);
    if (t.shape.length < 2) {
      diags.push(error('trace_shape_mismatch', `tensor '${t.name}' has shape ${shapeText(t.shape)}; a layer input must be [T, K] (rank 2, or more with leading dimensions flattened into T)`, loc));
      continue;
    }
    const channels = t.shape[t.shape.length - 1];
    const tokens = t.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    if (tokens === 0 || channels === 0) {
      diags.push(error('trace_empty', `tensor '${t.name}' has shape ${shapeText(t.shape)}: ${tokens} tokens x ${channels} channels; a layer input needs T >= 1 and K >= 1`, loc));
      continue;
    }
    const bad = findNonFinite(t.values);
    if (bad !== undefined) {
      diags.push(error('trace_non_finite', `tensor '${t.name}' holds ${bad.count} non-finite value(s); first ${bad.kind} at token ${Math.floor(bad.index / channels)}, channel ${bad.index % channels}`, loc));
      continue;
    }
    let layerWeights: TraceLayer['weights'];
    if (w !== undefined) {
      const wloc = { file, field: w.name };
      if (w.shape.length !== 2 || w.shape[1] !== channels) {
        diags.push(error('trace_shape_mismatch', `tensor '${w.name}' has shape ${shapeText(w.shape)}; weights of layer '${name}' must be [O, K] with K = ${channels} channels, as its input ${shapeText(t.shape)}`, wloc));
        continue;
      }
      if (w.shape[0] === 0) {
        diags.push(error('trace_empty', `tensor '${w.name}' has shape ${shapeText(w.shape)}: 0 output channels; weights need O >= 1`, wloc));
        continue;
      }
      const wbad = findNonFinite(w.values);
      if (wbad !== undefined) {
        diags.push(error('trace_non_finite', `tensor '${w.name}' holds ${wbad.count} non-finite value(s); first ${wbad.kind} at output channel ${Math.floor(wbad.index / channels)}, input channel ${wbad.index % channels}`, wloc));
        continue;
      }
      layerWeights = { outChannels: w.shape[0], dtype: w.dtype, values: w.values };
    }
    const meta = buildMeta(name, perLayer.get(name) ?? {}, fileLevel, file, diags);
    layers.push({ name, tokens, channels, dtype: t.dtype, values: t.values, meta, ...(layerWeights !== undefined ? { weights: layerWeights } : {}) });
  }
  for (const [name, w] of weights) {
    diags.push(warning('trace_orphan_weight', `tensor '${w.name}' has no matching input '${name}${INPUT_SUFFIX}' (or '${name}'); ignored`, { file, field: w.name }));
  }
  if (diags.some((d) => d.severity === 'error')) return { diagnostics: diags };
  return { value: { layers, metadata: { ...metadata } }, diagnostics: diags };
}
