// Trace references of a sweep: each trace named by a path that another machine can resolve
// (`pkg:<path>` inside the nmcore package, else absolute) and its SHA-256, so a queue worker reads
// the same bytes or refuses. Loads the layers with their output-channel count O (trace weights,
// the model shape in the metadata, else O = K, labelled as assumed).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { packageRoot } from '../io/package_root.js';
import { parseTraceBytes } from '../trace/read_trace.js';
import type { TraceLayer } from '../trace/types.js';
import { resolveOutChannels } from '../../sim/replay/layer_operands.js';

export interface TraceRef {
  /** `pkg:traces/examples/x.safetensors` (inside the package) or an absolute path. */
  readonly path: string;
  readonly sha256: string;
}

export interface SweepLayer {
  readonly id: string;
  readonly layer: TraceLayer;
  readonly outChannels: number;
  readonly outChannelsSource: string;
}

const PKG = 'pkg:';

/** The reference of an absolute path: package-relative when inside the package. */
export function traceRefPath(abs: string): string {
  const rel = relative(packageRoot(), abs);
  return rel.startsWith('..') || isAbsolute(rel) ? abs : PKG + rel.split('\\').join('/');
}

/** The local file of a reference. */
export function traceRefFile(path: string): string {
  return path.startsWith(PKG) ? join(packageRoot(), path.slice(PKG.length)) : path;
}

function readBytes(path: string): { bytes?: Buffer; diagnostic?: Diagnostic } {
  try {
    return { bytes: readFileSync(traceRefFile(path)) };
  } catch (e) {
    return { diagnostic: error('sweep_trace_unreadable', `cannot read trace '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path }) };
  }
}

function layersOf(path: string, bytes: Buffer): { layers?: SweepLayer[]; diagnostics: readonly Diagnostic[] } {
  const parsed = parseTraceBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), traceRefFile(path));
  if (parsed.value === undefined) return { diagnostics: parsed.diagnostics };
  const base = path.split('/').pop()!;
  const layers = parsed.value.layers.map((layer) => {
    const o = resolveOutChannels(layer);
    return o.outChannels !== undefined
      ? { id: `${base}:${layer.name}`, layer, outChannels: o.outChannels, outChannelsSource: o.source! }
      : { id: `${base}:${layer.name}`, layer, outChannels: layer.channels, outChannelsSource: 'assumed O = K (no weights, no known model shape)' };
  });
  return { layers, diagnostics: parsed.diagnostics };
}

/** Reads the study's traces (absolute paths): references and layers, or diagnostics. */
export function readStudyTraces(paths: readonly string[]): { refs: TraceRef[]; layers: SweepLayer[]; diagnostics: Diagnostic[] } {
  const refs: TraceRef[] = [], layers: SweepLayer[] = [], diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const ref = traceRefPath(p);
    const r = readBytes(ref);
    if (r.bytes === undefined) {
      diagnostics.push(r.diagnostic!);
      continue;
    }
    const l = layersOf(ref, r.bytes);
    diagnostics.push(...l.diagnostics);
    if (l.layers === undefined) continue;
    refs.push({ path: ref, sha256: createHash('sha256').update(r.bytes).digest('hex') });
    layers.push(...l.layers);
  }
  return { refs, layers, diagnostics };
}

const loaded = new Map<string, SweepLayer[]>();

/** The layers of `refs` on this machine, checked against their SHA-256 (memoized per process). */
export function loadTraceRefs(refs: readonly TraceRef[]): SweepLayer[] {
  return refs.flatMap((ref) => {
    const key = `${ref.path}@${ref.sha256}`;
    const hit = loaded.get(key);
    if (hit !== undefined) return hit;
    const r = readBytes(ref.path);
    if (r.bytes === undefined) throw new UserError([r.diagnostic!]);
    const sha = createHash('sha256').update(r.bytes).digest('hex');
    if (sha !== ref.sha256) throw new UserError([error('sweep_trace_changed', `trace '${ref.path}' on this machine has SHA-256 ${sha.slice(0, 12)}…, not the study's ${ref.sha256.slice(0, 12)}…: give every worker the same trace files`, { file: ref.path })]);
    const l = layersOf(ref.path, r.bytes);
    if (l.layers === undefined) throw new UserError(l.diagnostics);
    if (loaded.size > 16) loaded.clear();
    loaded.set(key, l.layers);
    return l.layers;
  });
}
