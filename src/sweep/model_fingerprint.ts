// The model fingerprint of a sweep job: a SHA-256 over the package's code and data that compute a
// job of that kind, part of the job's cache key (jobs.ts), so a changed model (a refit coefficient
// file, an energy fix, a new template, a changed form) gives new keys even when the package version
// stays. The code is the built JavaScript (dist/src, dist/sim) when this module runs from dist/,
// else the TypeScript sources (src, sim) under tsx/vitest, plus package.json (dependency versions).
// The data depends on the kind: the area/timing/energy coefficients (src/model/tech/*.json) for
// model and replay, the templates (rtl-templates/) for cosim, templates, Liberty files (tech/) and
// coefficients for synthesis, none for accuracy. Computed once per process and kind.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { error, UserError } from '../diagnostics/diagnostic.js';
import { packageRoot } from '../io/package_root.js';

/** A file or directory (searched recursively) relative to a root; with `ext`, only names ending so. */
export interface ScopeEntry { readonly path: string; readonly ext?: readonly string[] }

export interface TreeFingerprint {
  readonly sha256: string;
  readonly files: number;
  readonly bytes: number;
}

function filesUnder(root: string, entry: ScopeEntry, out: string[]): void {
  const walk = (rel: string): void => {
    let dirents;
    try {
      dirents = readdirSync(join(root, rel), { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        out.push(rel);
        return;
      }
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // an absent part hashes as empty
      throw e;
    }
    for (const d of dirents) {
      const child = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.isDirectory()) walk(child);
      else if (d.isFile() && (entry.ext === undefined || entry.ext.some((x) => d.name.endsWith(x)))) out.push(child);
    }
  };
  walk(entry.path.split(sep).join('/'));
}

/** SHA-256 over the files of `entries` under `root`: each file's relative path (sorted, `/`-separated), length and bytes. */
export function fingerprintTree(root: string, entries: readonly ScopeEntry[]): TreeFingerprint {
  const found: string[] = [];
  for (const e of entries) filesUnder(root, e, found);
  const files = [...new Set(found)].sort();
  const h = createHash('sha256');
  let bytes = 0;
  for (const f of files) {
    const b = readFileSync(join(root, f));
    h.update(`${f}\n${b.length}\n`).update(b).update('\n');
    bytes += b.length;
  }
  return { sha256: h.digest('hex'), files: files.length, bytes };
}

export type ScopePart = 'code' | 'coefficients' | 'templates' | 'liberty';

/** What each kind of job (jobs.ts JobKind; tsc checks they match there) reads besides its inputs. */
export const KIND_SCOPE = {
  accuracy: ['code'],
  model: ['code', 'coefficients'],
  replay: ['code', 'coefficients'],
  cosim: ['code', 'templates'],
  synthesis: ['code', 'coefficients', 'templates', 'liberty'],
} as const satisfies Readonly<Record<string, readonly ScopePart[]>>;

export type FingerprintKind = keyof typeof KIND_SCOPE;

/** The files of each part, relative to the package root; `built`: the code runs from dist/. */
export function scopeParts(built: boolean): Readonly<Record<ScopePart, readonly ScopeEntry[]>> {
  const code: ScopeEntry[] = built
    ? [{ path: 'dist/src', ext: ['.js'] }, { path: 'dist/sim', ext: ['.js'] }]
    : [{ path: 'src', ext: ['.ts'] }, { path: 'sim', ext: ['.ts'] }];
  return {
    code: [...code, { path: 'package.json' }],
    coefficients: [{ path: 'src/model/tech', ext: ['.json'] }],
    templates: [{ path: 'rtl-templates' }],
    liberty: [{ path: 'tech' }],
  };
}

/** The fingerprint of a kind from its parts' fingerprints. */
export function combineParts(kind: FingerprintKind, parts: Readonly<Record<ScopePart, TreeFingerprint>>): string {
  const h = createHash('sha256').update(`nmcore-model-fingerprint 1 ${kind}\n`);
  for (const p of KIND_SCOPE[kind]) h.update(`${p} ${parts[p].sha256}\n`);
  return h.digest('hex');
}

/** Whether this module runs from the package's dist/ (compiled) rather than its sources. */
export function runsBuilt(root: string = packageRoot()): boolean {
  return relative(root, fileURLToPath(import.meta.url)).split(sep)[0] === 'dist';
}

export interface ModelFingerprints {
  readonly perKind: Readonly<Record<FingerprintKind, string>>;
  readonly parts: Readonly<Record<ScopePart, TreeFingerprint>>;
  readonly built: boolean;
  /** Wall time of hashing every part once (ms). */
  readonly milliseconds: number;
}

/** The fingerprints of every kind under `root`, hashing each part once. */
export function computeModelFingerprints(root: string, built: boolean): ModelFingerprints {
  const t0 = performance.now();
  const entries = scopeParts(built);
  const parts = Object.fromEntries((Object.keys(entries) as ScopePart[]).map((p) => [p, fingerprintTree(root, entries[p])])) as Record<ScopePart, TreeFingerprint>;
  const perKind = Object.fromEntries((Object.keys(KIND_SCOPE) as FingerprintKind[]).map((k) => [k, combineParts(k, parts)])) as Record<FingerprintKind, string>;
  return { perKind, parts, built, milliseconds: performance.now() - t0 };
}

let cached: ModelFingerprints | undefined;

/** This process's fingerprints (computed on first use). */
export function modelFingerprints(): ModelFingerprints {
  if (cached === undefined) cached = computeModelFingerprints(packageRoot(), runsBuilt());
  return cached;
}

/** The model fingerprint of a kind of job in this process. */
export function modelFingerprint(kind: FingerprintKind): string {
  return modelFingerprints().perKind[kind];
}

/** Refuses (bad input, not retried) a job made by another build: its results would be stored under the submitter's key. */
export function checkModelFingerprint(kind: FingerprintKind, jobFingerprint: unknown, own: string = modelFingerprint(kind)): void {
  if (jobFingerprint === own) return;
  throw new UserError([error('sweep_model_changed', `this worker's ${kind} model fingerprint is ${own.slice(0, 12)}…, not the job's ${String(jobFingerprint).slice(0, 12)}…: run every worker and the sweep from the same nmcore build`)]);
}
