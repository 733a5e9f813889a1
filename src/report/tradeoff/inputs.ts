// The report's inputs: trace files (the user's, or the shipped examples under traces/examples/,
// bad/ excluded) with their SHA-256, each layer's output-channel count O (trace weights, the model
// shape in the metadata, else O = K, labelled as assumed), and measured-accuracy files
// (`nmcore-measured-accuracy` v1, written by the Python evaluation script). Diagnostics, no throws.

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { error, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { packagePath, packageRoot } from '../../io/package_root.js';
import { readTraceFile } from '../../trace/read_trace.js';
import type { TraceLayer } from '../../trace/types.js';
import { resolveOutChannels } from '../../../sim/replay/layer_operands.js';
import { CRITERION_IDS, MITIGATION_IDS, PATTERN_IDS } from '../../accuracy/ids.js';

export interface TraceInput {
  /** As given, or repository-relative for the shipped examples. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly layers: readonly TraceLayer[];
}

export interface ReportLayer {
  /** `<file>:<layer>`, unique over the report. */
  readonly id: string;
  readonly file: string;
  readonly layer: TraceLayer;
  readonly outChannels: number;
  readonly outChannelsSource: string;
}

const TRACE_EXTENSIONS = ['.safetensors', '.npy', '.npz'];

/** The shipped example traces and measured files (absolute paths, sorted). */
export function exampleInputs(): { traces: string[]; measured: string[] } {
  const dir = packagePath('traces', 'examples');
  const files = existsSync(dir) ? readdirSync(dir).sort() : [];
  return {
    traces: files.filter((f) => TRACE_EXTENSIONS.some((e) => f.endsWith(e))).map((f) => join(dir, f)),
    measured: files.filter((f) => f.endsWith('.measured.json')).map((f) => join(dir, f)),
  };
}

/** A path for the report: relative to the package root when inside it. */
export function displayPath(abs: string): string {
  const rel = relative(packageRoot(), abs);
  return rel.startsWith('..') ? abs : rel;
}

export function readTraces(paths: readonly string[], shown: (p: string) => string): { traces: TraceInput[]; diagnostics: Diagnostic[] } {
  const traces: TraceInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const read = readTraceFile(p);
    diagnostics.push(...read.diagnostics);
    if (read.value === undefined) continue;
    const bytes = readFileSync(p);
    traces.push({ path: shown(p), sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, layers: read.value.layers });
  }
  return { traces, diagnostics };
}

/** Every layer of every trace with its O. */
export function reportLayers(traces: readonly TraceInput[]): ReportLayer[] {
  return traces.flatMap((t) => t.layers.map((layer) => {
    const o = resolveOutChannels(layer);
    const base = t.path.split('/').pop()!;
    return o.outChannels !== undefined
      ? { id: `${base}:${layer.name}`, file: t.path, layer, outChannels: o.outChannels, outChannelsSource: o.source! }
      : { id: `${base}:${layer.name}`, file: t.path, layer, outChannels: layer.channels, outChannelsSource: 'assumed O = K (no weights, no known model shape)' };
  }));
}

export interface MeasuredResult {
  readonly pattern: string;
  readonly criterion: string;
  readonly mitigation: string;
  readonly perplexity: number;
  readonly meanNllNats: number;
}

export interface MeasuredFile {
  readonly path: string;
  readonly sha256: string;
  readonly model: { readonly name: string; readonly parameters?: number; readonly layers?: number; readonly hidden?: number; readonly description?: string; readonly tinyModel?: boolean };
  readonly evaluation: Readonly<Record<string, unknown>>;
  readonly trace: string | null;
  readonly command?: string;
  readonly results: readonly MeasuredResult[];
}

/** Reads and checks one measured-accuracy file. */
export function readMeasured(path: string, shown: string): { value?: MeasuredFile; diagnostics: Diagnostic[] } {
  const bad = (why: string): { diagnostics: Diagnostic[] } => ({ diagnostics: [error('measured_bad_file', `measured-accuracy file '${shown}': ${why}`, { file: shown })] });
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (e) {
    return bad(`cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text.toString('utf8')) as Record<string, unknown>;
  } catch {
    return bad('not JSON');
  }
  if (typeof doc !== 'object' || doc === null || doc.format !== 'nmcore-measured-accuracy' || doc.version !== 1) return bad('format must be "nmcore-measured-accuracy", version 1');
  const model = doc.model as MeasuredFile['model'] | undefined;
  if (typeof model?.name !== 'string') return bad('model.name missing');
  if (!Array.isArray(doc.results) || doc.results.length === 0) return bad('results must be a non-empty array');
  const patterns = [...PATTERN_IDS, 'dense'] as string[];
  for (const [i, r] of (doc.results as Record<string, unknown>[]).entries()) {
    if (!patterns.includes(r.pattern as string) || !(CRITERION_IDS as readonly string[]).includes(r.criterion as string) || !(MITIGATION_IDS as readonly string[]).includes(r.mitigation as string)) {
      return bad(`results[${i}] has an unknown pattern, criterion or mitigation`);
    }
    if (typeof r.perplexity !== 'number' || !(r.perplexity > 0) || typeof r.meanNllNats !== 'number') return bad(`results[${i}] needs a positive perplexity and meanNllNats`);
  }
  return {
    value: {
      path: shown, sha256: createHash('sha256').update(text).digest('hex'), model, evaluation: (doc.evaluation ?? {}) as Record<string, unknown>,
      trace: typeof doc.trace === 'string' ? doc.trace : null, ...(typeof doc.command === 'string' ? { command: doc.command } : {}),
      results: doc.results as MeasuredResult[],
    },
    diagnostics: [],
  };
}
