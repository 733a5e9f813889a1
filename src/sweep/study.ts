// The study file (`nmcore-study` v1, JSON): the axes of a design-space sweep, the traces and the
// kinds of work per point. Reads and validates one, one diagnostic per problem (field, value,
// rule), never throws on bad input. The JSON Schema is docs/study.schema.json; docs/sweep.md.

import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/** What to run per point. */
export type WorkKind = 'model' | 'replay' | 'synthesis' | 'cosim';
export const WORK_KINDS: readonly WorkKind[] = ['model', 'replay', 'synthesis', 'cosim'];

/** Which top is costed: `engine` (dense activations in, compressor inside) or `core` (compressed in). */
export type Organization = 'engine' | 'core';
export const ORGANIZATIONS: readonly Organization[] = ['engine', 'core'];

export interface StudyAxes {
  readonly patterns: readonly string[];
  /** Dense activation channels per cycle; absent: each pattern's m. */
  readonly windows?: readonly number[];
  readonly sizes: readonly { readonly rows: number; readonly cols: number }[];
  readonly actBits: readonly number[];
  readonly weightBits: readonly number[];
  readonly meta: readonly string[];
  readonly organizations: readonly Organization[];
  /** Target clock periods (ns): cycles become time; not checked against timing (no delay model). */
  readonly clockNs: readonly number[];
}

export interface Study {
  readonly name: string;
  /** Absolute path of the study file. */
  readonly file: string;
  readonly axes: StudyAxes;
  /** Absolute trace paths (given relative to the study file). */
  readonly traces: readonly string[];
  readonly run: readonly WorkKind[];
  readonly bandwidthBytesPerCycle: number;
  readonly seed: number;
  /** Synthesis and cosim run only on points with at most this many PEs (rows × cols). */
  readonly rtlMaxPes: number;
}

const TOP_KEYS = ['$schema', 'format', 'version', 'name', 'description', 'axes', 'traces', 'run', 'bandwidthBytesPerCycle', 'seed', 'rtlMaxPes'];
const AXIS_KEYS = ['patterns', 'windows', 'sizes', 'actBits', 'weightBits', 'meta', 'organizations', 'clockNs'];

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Reads and validates a study file. */
export function readStudy(path: string): { study?: Study; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { diagnostics: [error('study_unreadable', `cannot read study file '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path })] };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [error('study_not_json', `study file '${path}' is not JSON: ${(e as Error).message}`, { file: path })] };
  }
  return parseStudy(doc, resolve(path));
}

/** Validates a parsed study document; `file` anchors relative trace paths. */
export function parseStudy(doc: unknown, file: string): { study?: Study; diagnostics: Diagnostic[] } {
  const d: Diagnostic[] = [];
  const bad = (field: string, message: string): void => void d.push(error('study_bad_field', `\`${field}\` ${message}`, { file, field }));
  if (!isObject(doc)) return { diagnostics: [error('study_not_object', 'a study file must hold one JSON object', { file })] };
  for (const k of Object.keys(doc)) if (!TOP_KEYS.includes(k)) bad(k, `is not a study field (known: ${TOP_KEYS.slice(1).join(', ')})`);
  if (doc.format !== 'nmcore-study') bad('format', `must be "nmcore-study", not ${show(doc.format)}`);
  if (doc.version !== 1) bad('version', `must be 1, not ${show(doc.version)}`);
  const name = typeof doc.name === 'string' && /^[A-Za-z0-9_.-]+$/.test(doc.name) ? doc.name : (bad('name', `must be a name of letters, digits, _ . - , not ${show(doc.name)}`), 'study');

  const list = <T>(field: string, v: unknown, item: (x: unknown) => T | undefined, rule: string, fallback?: readonly T[]): T[] => {
    if (v === undefined && fallback !== undefined) return [...fallback];
    if (!Array.isArray(v) || v.length === 0) {
      bad(field, `must be a non-empty array of ${rule}, not ${show(v)}`);
      return [];
    }
    const out: T[] = [];
    v.forEach((x, i) => {
      const parsed = item(x);
      if (parsed === undefined) bad(`${field}[${i}]`, `must be ${rule}, not ${show(x)}`);
      else if (out.some((o) => show(o) === show(parsed))) bad(`${field}[${i}]`, `repeats ${show(x)}`);
      else out.push(parsed);
    });
    return out;
  };
  const wholeIn = (lo: number, hi: number) => (x: unknown): number | undefined => (Number.isSafeInteger(x) && (x as number) >= lo && (x as number) <= hi ? (x as number) : undefined);
  const oneOf = <T extends string>(allowed: readonly T[]) => (x: unknown): T | undefined => (allowed as readonly unknown[]).includes(x) ? (x as T) : undefined;

  const a = isObject(doc.axes) ? doc.axes : (bad('axes', `must be an object, not ${show(doc.axes)}`), {} as Doc);
  for (const k of Object.keys(a)) if (!AXIS_KEYS.includes(k)) bad(`axes.${k}`, `is not an axis (known: ${AXIS_KEYS.join(', ')})`);
  const patterns = list('axes.patterns', a.patterns, (x) => (typeof x === 'string' && /^\d+:\d+$/.test(x) ? x : undefined), 'patterns "n:m"');
  const windows = a.windows === undefined ? undefined : list('axes.windows', a.windows, wholeIn(1, 256), 'channel counts 1..256');
  const sizes = list('axes.sizes', a.sizes, (x) => {
    const m = typeof x === 'string' ? /^(\d+)x(\d+)$/.exec(x) : null;
    const rows = Number(m?.[1]), cols = Number(m?.[2]);
    return m && rows >= 1 && rows <= 64 && cols >= 1 && cols <= 64 ? { rows, cols } : undefined;
  }, 'sizes "RxC" with R and C in 1..64');
  const actBits = list('axes.actBits', a.actBits, wholeIn(2, 16), 'widths 2..16 (bits)', [8]);
  const weightBits = list('axes.weightBits', a.weightBits, wholeIn(2, 16), 'widths 2..16 (bits)', [8]);
  const meta = list('axes.meta', a.meta, oneOf(['index', 'bitmask'] as const), '"index" or "bitmask"', ['index']);
  const organizations = list<Organization>('axes.organizations', a.organizations, oneOf(ORGANIZATIONS), `one of ${ORGANIZATIONS.join(', ')}`, ['engine']);
  const clockNs = list('axes.clockNs', a.clockNs, (x) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : undefined), 'clock periods above 0 (ns)', [1]);

  const traces = list('traces', doc.traces, (x) => (typeof x === 'string' && x !== '' ? resolve(dirname(file), x) : undefined), 'trace file paths (relative to the study file)', []);
  const run = list<WorkKind>('run', doc.run, oneOf(WORK_KINDS), `one of ${WORK_KINDS.join(', ')}`);
  if (run.includes('replay') && traces.length === 0) bad('traces', 'must name at least one trace when `run` includes "replay"');
  const bandwidth = doc.bandwidthBytesPerCycle ?? 64;
  if (typeof bandwidth !== 'number' || !(bandwidth > 0) || !Number.isFinite(bandwidth)) bad('bandwidthBytesPerCycle', `must be a number above 0 (bytes per cycle), not ${show(bandwidth)}`);
  const seed = doc.seed ?? 1;
  if (!Number.isSafeInteger(seed) || (seed as number) < 0 || (seed as number) > 2 ** 32 - 1) bad('seed', `must be a whole number 0..4294967295, not ${show(seed)}`);
  const rtlMaxPes = doc.rtlMaxPes ?? 64 * 64;
  if (!Number.isSafeInteger(rtlMaxPes) || (rtlMaxPes as number) < 1) bad('rtlMaxPes', `must be a whole number of PEs from 1, not ${show(rtlMaxPes)}`);
  if (d.length > 0) return { diagnostics: d };
  return {
    study: {
      name, file, traces, run, bandwidthBytesPerCycle: bandwidth as number, seed: seed as number, rtlMaxPes: rtlMaxPes as number,
      axes: { patterns, ...(windows !== undefined ? { windows } : {}), sizes, actBits, weightBits, meta, organizations, clockNs },
    },
    diagnostics: [],
  };
}
