// Lints generated Verilog with `verilator --lint-only -Wall`, one top at a time, from a temporary
// copy of the generated files. Clean means exit 0 and no diagnostic output at all.

import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedEngine } from '../../../src/emit/generate.js';
import { makeTempDir, releaseTemporary } from '../../../src/io/temporaries.js';
import { runToolSync } from '../tools.js';

export interface LintResult {
  readonly top: string;
  readonly clean: boolean;
  /** Verilator's diagnostics (empty when clean). */
  readonly output: string;
  readonly seconds: number;
}

/** Lints the Verilog files at `paths` (compile order) for one top; `cleanup` is removed if nmcore is interrupted meanwhile. */
export function lintFiles(paths: readonly string[], top: string, cleanup: readonly string[] = []): LintResult {
  const t0 = performance.now();
  const r = runToolSync('verilator', ['--lint-only', '-Wall', '--top-module', top, ...paths], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, cleanup);
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  return { top, clean: r.status === 0 && output === '', output: r.error ? r.error.message : output, seconds: (performance.now() - t0) / 1000 };
}

/** Lints both tops of a generated engine. */
export function lintGenerated(gen: GeneratedEngine, tops: readonly string[] = ['nm_engine', 'nm_engine_core']): LintResult[] {
  const dir = makeTempDir('lint');
  try {
    for (const f of gen.verilogFiles) writeFileSync(join(dir, f), gen.files.get(f) ?? '');
    const paths = gen.verilogFiles.map((f) => join(dir, f));
    return tops.map((t) => lintFiles(paths, t, [dir]));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    releaseTemporary(dir);
  }
}
