// Builds a Verilated model of one generated top with the stdin harness, in a cache directory keyed
// by the hash of the Verilog, the harness and the Verilator version, so an unchanged engine is
// never rebuilt. Uses ccache when installed. Verilator runs through child_process only.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TopIR } from '../../../src/ir/types.js';
import { packagePath } from '../../../src/io/package_root.js';
import { ccacheStatus, verilatorStatus } from '../tools.js';
import { harnessCpp } from './harness.js';

export interface VerilatorModel {
  readonly binary: string;
  readonly cached: boolean;
  readonly buildSeconds: number;
}

/** Cache root: $NMCORE_CACHE_DIR, else .cache/ in the package. */
export function cacheRoot(): string {
  return process.env.NMCORE_CACHE_DIR ?? packagePath('.cache');
}

/**
 * Builds (or reuses) the model of `top` from the generated files (name → Verilog text).
 * Throws an Error carrying Verilator's output when the build fails.
 */
export function buildVerilatorModel(verilog: ReadonlyMap<string, string>, verilogFiles: readonly string[], top: TopIR): VerilatorModel {
  const tool = verilatorStatus();
  if (!tool.available) throw new Error(`verilator not found; install it: ${tool.install}`);
  const harness = harnessCpp(top);
  const hash = createHash('sha256');
  hash.update(tool.version ?? '').update(top.module).update(harness);
  for (const f of verilogFiles) hash.update(f).update(verilog.get(f) ?? '');
  const key = hash.digest('hex').slice(0, 20);
  const dir = join(cacheRoot(), 'verilator', `${top.module}-${key}`);
  const binary = join(dir, 'obj', 'sim');
  if (existsSync(binary)) return { binary, cached: true, buildSeconds: 0 };

  const t0 = performance.now();
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const files: string[] = [];
  for (const f of verilogFiles) {
    const p = resolve(staging, f);
    writeFileSync(p, verilog.get(f) ?? '');
    files.push(p);
  }
  const harnessPath = resolve(staging, 'harness.cpp');
  writeFileSync(harnessPath, harness);
  const env = { ...process.env };
  if (ccacheStatus().available) {
    env.OBJCACHE = 'ccache';
    env.CCACHE_DIR = env.CCACHE_DIR ?? join(cacheRoot(), 'ccache');
  }
  const args = [
    '--cc', '--exe', '--build', '-j', '2', '-Wno-fatal', '--top-module', top.module,
    // No module inlining and -O0 C++: generated arrays compile several times faster, and the
    // short runs of the test suite do not need the faster model.
    '-fno-inline', '--Mdir', resolve(staging, 'obj'), '-o', 'sim', '-MAKEFLAGS', 'OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0',
    ...files, harnessPath,
  ];
  const r = spawnSync('verilator', args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    throw new Error(`verilator build of ${top.module} failed (exit ${r.status}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.slice(0, 20000));
  }
  mkdirSync(join(dir, '..'), { recursive: true });
  try {
    renameSync(staging, dir);
  } catch (e) {
    // Another process built the same model meanwhile: keep theirs.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(binary)) throw e;
  }
  return { binary, cached: false, buildSeconds: (performance.now() - t0) / 1000 };
}
