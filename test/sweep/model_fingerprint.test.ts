// The sweep's model fingerprint (src/sweep/model_fingerprint.ts) on small package trees in temp
// folders: a change to any one file in a part's scope changes the fingerprints of exactly the kinds
// that read that part, a change outside every scope changes none, the result does not depend on the
// order the files were made or on how often it is computed, and one part's hash equals a literal
// SHA-256 over its files written out here. On the real package: the jobs of each kind read only
// package files inside their kind's scope (every read of a real job watched).

import { createHash } from 'node:crypto';
import fs, { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/diagnostics/diagnostic.js';
import { packagePath, packageRoot } from '../../src/io/package_root.js';
import type { SweepJob } from '../../src/sweep/jobs.js';
import { checkModelFingerprint, computeModelFingerprints, fingerprintTree, KIND_SCOPE, modelFingerprint, modelFingerprints, runsBuilt, scopeParts, type FingerprintKind, type ScopePart } from '../../src/sweep/model_fingerprint.js';
import { runJob } from '../../src/sweep/run_job.js';
import { readStudyTraces } from '../../src/sweep/trace_refs.js';
import { icarusStatus } from '../../sim/rtl/tools.js';
import { tempDir } from '../helpers/temp.js';

/** In-scope files of a small package, by the part that covers them (source layout, built layout). */
const IN_SCOPE: readonly { file: string; source?: ScopePart; built?: ScopePart }[] = [
  { file: 'package.json', source: 'code', built: 'code' },
  { file: 'src/cli/main.ts', source: 'code' },
  { file: 'src/model/area.ts', source: 'code' },
  { file: 'sim/replay/layer.ts', source: 'code' },
  { file: 'dist/src/cli/main.js', built: 'code' },
  { file: 'dist/sim/replay/layer.js', built: 'code' },
  { file: 'src/model/tech/nangate45_fit.json', source: 'coefficients', built: 'coefficients' },
  { file: 'src/model/tech/nangate45_energy.json', source: 'coefficients', built: 'coefficients' },
  { file: 'rtl-templates/nm_pe.v', source: 'templates', built: 'templates' },
  { file: 'rtl-templates/nm_compressor.v', source: 'templates', built: 'templates' },
  { file: 'tech/nangate45/cells.lib', source: 'liberty', built: 'liberty' },
  { file: 'tech/nangate45/README.md', source: 'liberty', built: 'liberty' },
];
/** Files in no scope of either layout. */
const OUT_OF_SCOPE = ['README.md', 'docs/sweep.md', 'traces/examples/t.safetensors', 'src/model/notes.md', 'dist/src/cli/main.js.map', 'dist/bench/run_all.js', 'bench/run_all.ts', 'test/sweep/x.test.ts'];

function writeTree(root: string, files: readonly string[]): void {
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), `content of ${f}\n`);
  }
}
const allFiles = (): string[] => [...IN_SCOPE.map((x) => x.file), ...OUT_OF_SCOPE];
const kindsReading = (part: ScopePart | undefined): FingerprintKind[] =>
  (Object.keys(KIND_SCOPE) as FingerprintKind[]).filter((k) => part !== undefined && (KIND_SCOPE[k] as readonly ScopePart[]).includes(part));

describe('model fingerprint of a small tree', () => {
  const root = tempDir('nmcore-fingerprint-');
  writeTree(root, allFiles());

  for (const built of [false, true]) {
    const layout = built ? 'built' : 'source';
    it(`${layout} layout: one changed file changes exactly the kinds that read it`, () => {
      const before = computeModelFingerprints(root, built).perKind;
      for (const x of [...IN_SCOPE, ...OUT_OF_SCOPE.map((file) => ({ file }))]) {
        const part = built ? (x as { built?: ScopePart }).built : (x as { source?: ScopePart }).source;
        const p = join(root, x.file);
        const old = readFileSync(p);
        writeFileSync(p, Buffer.concat([old.subarray(0, 3), Buffer.from([old[3]! ^ 1]), old.subarray(4)])); // one bit, same length
        const after = computeModelFingerprints(root, built).perKind;
        writeFileSync(p, old);
        const changed = (Object.keys(before) as FingerprintKind[]).filter((k) => after[k] !== before[k]);
        expect(changed, `${layout}: ${x.file} changed`).toEqual(kindsReading(part));
        // A renamed file (same bytes, other path) changes them too.
        renameSync(p, `${p}.moved`);
        const moved = computeModelFingerprints(root, built).perKind;
        renameSync(`${p}.moved`, p);
        const changedByMove = (Object.keys(before) as FingerprintKind[]).filter((k) => moved[k] !== before[k]);
        expect(changedByMove, `${layout}: ${x.file} renamed`).toEqual(kindsReading(part));
      }
      expect(computeModelFingerprints(root, built).perKind, 'restored').toEqual(before);
    });
  }

  it('does not depend on the order the files were made, and every kind differs', () => {
    const files = allFiles();
    const seed = Date.now() % 100000;
    console.log(`model fingerprint order test: seed ${seed}`);
    let s = seed;
    const shuffled = [...files];
    for (let i = shuffled.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) % 2147483648;
      const j = s % (i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
    }
    const other = tempDir('nmcore-fingerprint-');
    writeTree(other, shuffled.reverse());
    for (const built of [false, true]) expect(computeModelFingerprints(other, built).perKind).toEqual(computeModelFingerprints(root, built).perKind);
    const fp = computeModelFingerprints(root, false).perKind;
    expect(new Set(Object.values(fp)).size).toBe(Object.keys(fp).length);
    expect(computeModelFingerprints(root, true).perKind.model).not.toBe(fp.model);
  });

  it('a part hashes each file as path, length and bytes, in sorted path order', () => {
    const t = tempDir('nmcore-fingerprint-');
    writeTree(t, ['rtl-templates/b.v', 'rtl-templates/a/z.v', 'rtl-templates/a.v']);
    const h = createHash('sha256');
    for (const f of ['rtl-templates/a.v', 'rtl-templates/a/z.v', 'rtl-templates/b.v']) {
      const body = `content of ${f}\n`;
      h.update(`${f}\n${Buffer.byteLength(body)}\n${body}\n`);
    }
    const got = fingerprintTree(t, scopeParts(false).templates);
    expect(got).toEqual({ sha256: h.digest('hex'), files: 3, bytes: 3 * 'content of rtl-templates/a.v\n'.length + 2 });
  });
});

describe('model fingerprint of this package', () => {
  it('runs from the sources under vitest and is computed once', () => {
    expect(runsBuilt()).toBe(false);
    expect(modelFingerprints()).toBe(modelFingerprints());
    const fresh = computeModelFingerprints(packageRoot(), false);
    expect(modelFingerprint('model')).toBe(fresh.perKind.model);
    expect(fresh.parts.templates.files).toBeGreaterThan(0);
    expect(fresh.parts.coefficients.files).toBeGreaterThanOrEqual(2);
  });

  it('a worker refuses a job of another build as bad input', () => {
    expect(() => checkModelFingerprint('replay', modelFingerprint('replay'))).not.toThrow();
    let thrown: unknown;
    try {
      checkModelFingerprint('replay', '0'.repeat(64));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(UserError);
    expect((thrown as UserError).diagnostics.map((d) => d.code)).toEqual(['sweep_model_changed']);
    expect((thrown as UserError).message).toContain(`not the job's 000000000000…`);
  });

  it('every package file a job reads is in its kind\'s scope', async () => {
    const trace = packagePath('traces', 'examples', 'llama_gate_t16_k64.safetensors');
    const traces = readStudyTraces([trace]).refs;
    const engine = { pattern: '2:4', window: 4, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 12, meta: 'index' };
    const base = { key: 'k', nmcoreVersion: 'v', modelFingerprint: 'f' };
    const jobs: SweepJob[] = [
      { ...base, kind: 'accuracy', pattern: '2:4', actBits: 4, weightBits: 4, traces, seed: 1 },
      { ...base, kind: 'model', engine, organization: 'engine' },
      { ...base, kind: 'replay', engine, organization: 'core', traces, bandwidthBytesPerCycle: 16 },
      ...(icarusStatus().available ? [{ ...base, kind: 'cosim' as const, engine, organization: 'engine' as const, seed: 1 }] : []),
    ];
    const reads: string[] = [];
    const orig = { readFileSync: fs.readFileSync, readdirSync: fs.readdirSync, openSync: fs.openSync };
    type AnyFn = (...a: unknown[]) => unknown;
    const watch = (f: unknown): AnyFn => (p: unknown, ...rest: unknown[]) => {
      if (typeof p === 'string') reads.push(p);
      return (f as AnyFn)(p, ...rest);
    };
    const inScope = (kind: FingerprintKind, file: string): boolean => {
      const parts = scopeParts(false);
      return (KIND_SCOPE[kind] as readonly ScopePart[]).some((part) => parts[part].some((e) => (file === e.path || file.startsWith(`${e.path}/`)) && (e.ext === undefined || e.ext.some((x) => file.endsWith(x)))));
    };
    try {
      Object.assign(fs, { readFileSync: watch(orig.readFileSync), readdirSync: watch(orig.readdirSync), openSync: watch(orig.openSync) });
      syncBuiltinESMExports();
      for (const job of jobs) {
        reads.length = 0;
        await runJob(job);
        const pkg = reads.map((r) => relative(packageRoot(), r)).filter((r) => !r.startsWith('..') && !r.startsWith('/') && !r.startsWith('node_modules') && r !== relative(packageRoot(), trace));
        // Each file is read once per process (caches): the first job of each kind here reads its own.
        if (job.kind !== 'accuracy') expect(pkg.length, `${job.kind} read no package file: the watch is broken`).toBeGreaterThan(0);
        expect(pkg.filter((f) => !inScope(job.kind, f)), `${job.kind} reads outside its scope`).toEqual([]);
      }
    } finally {
      Object.assign(fs, orig);
      syncBuiltinESMExports();
    }
  }, 60_000);
});
