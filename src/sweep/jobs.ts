// A study expanded into points and jobs. A point is one engine description × organization × clock;
// each requested kind of work on a point is one job, and the output error of each (pattern,
// operand widths) is one `accuracy` job shared by every point with that pattern (it does not
// depend on the engine's shape). Every job is plain JSON keyed by the SHA-256 of its inputs, the
// nmcore version and the model fingerprint of its kind (model_fingerprint.ts: the code and data
// that compute it): the cache key and the queue's job id.

import { createHash } from 'node:crypto';
import type { EngineConfig } from '../config/engine_config.js';
import { validateConfig } from '../config/validate.js';
import { error, InternalError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { generatorVersion } from '../emit/generate.js';
import { modelFingerprint } from './model_fingerprint.js';
import type { Organization, Study, WorkKind } from './study.js';
import type { SweepLayer, TraceRef } from './trace_refs.js';

/** The engine of a point, every field explicit. */
export interface PointEngine {
  readonly pattern: string;
  readonly window: number;
  readonly rows: number;
  readonly cols: number;
  readonly actBits: number;
  readonly weightBits: number;
  readonly accBits: number;
  readonly meta: string;
}

export interface SweepPoint {
  /** `8:16 W32 2x2 A8 B8 index engine 1ns`, unique over the study. */
  readonly id: string;
  readonly engine: PointEngine;
  readonly organization: Organization;
  readonly clockNs: number;
  /** Job keys of this point per kind, and of its accuracy job (absent for patterns nmcore does not evaluate). */
  readonly jobs: Readonly<Partial<Record<WorkKind, string>>>;
  readonly accuracyJob?: string;
}

interface JobBase {
  readonly key: string;
  readonly nmcoreVersion: string;
  /** SHA-256 of the code and data that compute this kind of job (model_fingerprint.ts). */
  readonly modelFingerprint: string;
}
export type SweepJob =
  | (JobBase & { readonly kind: 'model' | 'synthesis'; readonly engine: PointEngine; readonly organization: Organization })
  | (JobBase & { readonly kind: 'replay'; readonly engine: PointEngine; readonly organization: Organization; readonly traces: readonly TraceRef[]; readonly bandwidthBytesPerCycle: number })
  | (JobBase & { readonly kind: 'cosim'; readonly engine: PointEngine; readonly organization: Organization; readonly seed: number })
  | (JobBase & { readonly kind: 'accuracy'; readonly pattern: string; readonly actBits: number; readonly weightBits: number; readonly traces: readonly TraceRef[]; readonly seed: number });

export type JobKind = SweepJob['kind'];
export const JOB_KINDS: readonly JobKind[] = ['accuracy', 'model', 'replay', 'synthesis', 'cosim'];

/** Patterns whose output error nmcore evaluates (src/accuracy), besides dense (n = m). */
const EVALUATED = ['2:4', '4:8', '8:16', '16:32'];

/** JSON with sorted keys: the hashed form of a job. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object' && v !== null) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

/** The model fingerprint of a kind of job: this process's (model_fingerprint.ts), or one given by a test. */
export type FingerprintOf = (kind: JobKind) => string;

function keyed<T extends Record<string, unknown> & { kind: JobKind }>(body: T, fingerprint: FingerprintOf): T & JobBase {
  const withVersion = { ...body, nmcoreVersion: generatorVersion(), modelFingerprint: fingerprint(body.kind) };
  const key = `${String(body.kind)}-${createHash('sha256').update(canonicalJson(withVersion)).digest('hex').slice(0, 32)}`;
  return { ...withVersion, key };
}

function engineOf(c: EngineConfig): PointEngine {
  const p = c.modes[0]!;
  return { pattern: `${p.n}:${p.m}`, window: c.window, rows: c.rows, cols: c.cols, actBits: c.actBits, weightBits: c.weightBits, accBits: c.accBits, meta: c.meta };
}

/** Accuracy id of a pattern: itself, `dense` for n = m, undefined when nmcore does not evaluate it. */
export function accuracyPattern(pattern: string): string | undefined {
  const [n, m] = pattern.split(':').map(Number);
  if (n === m) return 'dense';
  return EVALUATED.includes(pattern) ? pattern : undefined;
}

export interface Expansion {
  readonly points: SweepPoint[];
  readonly jobs: SweepJob[];
  readonly diagnostics: Diagnostic[];
}

/** Every point of the study (axes crossed in file order) and its jobs, deduplicated by key. */
export function expandStudy(study: Study, traces: readonly TraceRef[], layers: readonly SweepLayer[], fingerprint: FingerprintOf = modelFingerprint): Expansion {
  const a = study.axes;
  const points: SweepPoint[] = [];
  const jobs = new Map<string, SweepJob>();
  const diagnostics: Diagnostic[] = [];
  const add = (j: SweepJob): string => (jobs.has(j.key) ? j.key : (jobs.set(j.key, j), j.key));
  for (const pattern of a.patterns) {
    const m = Number(pattern.split(':')[1]);
    const badLayer = layers.find((l) => l.layer.channels % m !== 0);
    if (badLayer !== undefined && (study.run.includes('replay') || accuracyPattern(pattern) !== undefined)) {
      diagnostics.push(error('study_channels_not_multiple', `trace layer '${badLayer.id}' has K = ${badLayer.layer.channels} channels, not a multiple of m = ${m} of pattern ${pattern}; leave ${pattern} out of \`axes.patterns\``, { file: study.file, field: 'axes.patterns' }));
      continue;
    }
    for (const window of a.windows ?? [undefined]) {
      for (const size of a.sizes) {
        for (const actBits of a.actBits) {
          for (const weightBits of a.weightBits) {
            for (const meta of a.meta) {
              const v = validateConfig({ pattern, ...(window !== undefined ? { window } : {}), rows: size.rows, cols: size.cols, actBits, weightBits, meta });
              if (v.config === undefined) {
                for (const d of v.diagnostics) diagnostics.push({ ...d, message: `point ${pattern}${window !== undefined ? ` window ${window}` : ''} ${size.rows}x${size.cols} A${actBits} B${weightBits} ${meta}: ${d.message}`, loc: { file: study.file, field: 'axes' } });
                continue;
              }
              const engine = engineOf(v.config);
              const accPattern = accuracyPattern(pattern);
              const accuracyJob = accPattern !== undefined && layers.length > 0
                ? add(keyed({ kind: 'accuracy' as const, pattern: accPattern, actBits, weightBits, traces, seed: study.seed }, fingerprint)) : undefined;
              for (const organization of a.organizations) {
                const perKind: Partial<Record<WorkKind, string>> = {};
                for (const kind of study.run) {
                  if ((kind === 'synthesis' || kind === 'cosim') && engine.rows * engine.cols > study.rtlMaxPes) continue;
                  perKind[kind] = add(kind === 'replay' ? keyed({ kind, engine, organization, traces, bandwidthBytesPerCycle: study.bandwidthBytesPerCycle }, fingerprint)
                    : kind === 'cosim' ? keyed({ kind, engine, organization, seed: study.seed }, fingerprint)
                      : keyed({ kind, engine, organization }, fingerprint));
                }
                for (const clockNs of a.clockNs) {
                  const id = `${engine.pattern} W${engine.window} ${engine.rows}x${engine.cols} A${actBits} B${weightBits} ${meta} ${organization} ${clockNs}ns`;
                  points.push({ id, engine, organization, clockNs, jobs: perKind, ...(accuracyJob !== undefined ? { accuracyJob } : {}) });
                }
              }
            }
          }
        }
      }
    }
  }
  const seen = new Set<string>();
  for (const p of points) {
    // Axis values are unique (study.ts rejects repeats), so two points with one id would be a bug.
    if (seen.has(p.id)) throw new InternalError(`point ${p.id} expanded twice`);
    seen.add(p.id);
  }
  return { points, jobs: [...jobs.values()], diagnostics };
}
