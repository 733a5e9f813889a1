// Builds a Verilated model of one generated top with the stdin harness, in a cache directory keyed
// by the hash of the Verilog, the harness and the Verilator version, so an unchanged engine is
// never rebuilt. Uses ccache when installed. Verilator runs through child_process only. The cache
// lives in a user folder ($NMCORE_CACHE_DIR, else $XDG_CACHE_HOME/nmcore, else ~/.cache/nmcore), never
// in the package (which may be a read-only global install); a build is staged beside its final
// folder and registered as a temporary, and stagings of dead processes are swept.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { error, UserError } from '../../../src/diagnostics/diagnostic.js';
import type { TopIR } from '../../../src/ir/types.js';
import { publishDirectory } from '../../../src/io/atomic_output.js';
import { pidAlive, registerTemporary, releaseTemporary } from '../../../src/io/temporaries.js';
import { ccacheStatus, runToolSync, toolFailedError, toolMissingError, verilatorStatus } from '../tools.js';
import { harnessCpp } from './harness.js';

/**
 * How the model is compiled: 'fast-build' (the default: -fno-inline and -O0 C++, several times
 * quicker to build, for the short runs of tests and verify) or 'default' (Verilator's own default
 * flags and optimization, what a user running Verilator would get; bench/bench_cycle_model.ts).
 */
export type VerilatorOptimization = 'fast-build' | 'default';

export interface VerilatorModel {
  readonly binary: string;
  readonly cached: boolean;
  readonly buildSeconds: number;
}

/** Cache root: $NMCORE_CACHE_DIR, else $XDG_CACHE_HOME/nmcore, else ~/.cache/nmcore. */
export function cacheRoot(): string {
  const explicit = process.env.NMCORE_CACHE_DIR;
  if (explicit !== undefined && explicit !== '') return resolve(explicit);
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg !== undefined && xdg !== '' ? join(resolve(xdg), 'nmcore') : join(homedir(), '.cache', 'nmcore');
}

/** Removes `<dir>.tmp-<pid>` stagings whose process is gone (a run killed before it could clean up). */
function sweepDeadStagings(parent: string): void {
  if (!existsSync(parent)) return;
  for (const name of readdirSync(parent)) {
    const m = /\.tmp-(\d+)$/.exec(name);
    if (m === null || pidAlive(Number(m[1]))) continue;
    rmSync(join(parent, name), { recursive: true, force: true });
  }
}


/** The cache folder and binary of the model of `top` (keyed by Verilog, harness and Verilator version). */
function modelLocation(verilog: ReadonlyMap<string, string>, verilogFiles: readonly string[], top: TopIR, opt: VerilatorOptimization): { dir: string; binary: string } {
  const hash = createHash('sha256');
  hash.update(verilatorStatus().version ?? '').update(top.module).update(harnessCpp(top));
  if (opt !== 'fast-build') hash.update(`optimization ${opt}`);
  for (const f of verilogFiles) hash.update(f).update(verilog.get(f) ?? '');
  const dir = join(cacheRoot(), 'verilator', `${top.module}-${hash.digest('hex').slice(0, 20)}`);
  return { dir, binary: join(dir, 'obj', 'sim') };
}

/** Whether the model of `top` is already in the cache (so a run will not build it). */
export function verilatorModelCached(verilog: ReadonlyMap<string, string>, verilogFiles: readonly string[], top: TopIR, opt: VerilatorOptimization = 'fast-build'): boolean {
  return existsSync(modelLocation(verilog, verilogFiles, top, opt).binary);
}

/**
 * Builds (or reuses) the model of `top` from the generated files (name → Verilog text).
 * Throws an Error carrying Verilator's output when the build fails.
 */
export function buildVerilatorModel(verilog: ReadonlyMap<string, string>, verilogFiles: readonly string[], top: TopIR, opt: VerilatorOptimization = 'fast-build'): VerilatorModel {
  const tool = verilatorStatus();
  if (!tool.available) throw toolMissingError('verilator', 'build a Verilated model of the generated RTL', tool);
  const harness = harnessCpp(top);
  const { dir, binary } = modelLocation(verilog, verilogFiles, top, opt);
  if (existsSync(binary)) return { binary, cached: true, buildSeconds: 0 };

  const t0 = performance.now();
  const staging = `${dir}.tmp-${process.pid}`;
  try {
    mkdirSync(join(dir, '..'), { recursive: true });
    sweepDeadStagings(join(dir, '..'));
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
  } catch (e) {
    throw new UserError([error('tool_cache_unwritable', `cannot write the Verilator cache '${cacheRoot()}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; set NMCORE_CACHE_DIR to a writable folder`, { file: cacheRoot() })]);
  }
  registerTemporary(staging);
  try {
    return buildStaged(staging, dir, binary, verilog, verilogFiles, top, harness, t0, opt);
  } finally {
    rmSync(staging, { recursive: true, force: true });
    releaseTemporary(staging);
  }
}

function buildStaged(staging: string, dir: string, binary: string, verilog: ReadonlyMap<string, string>, verilogFiles: readonly string[], top: TopIR, harness: string, t0: number, opt: VerilatorOptimization): VerilatorModel {
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
    // fast-build: no module inlining and -O0 C++: generated arrays compile several times faster,
    // and the short runs of the test suite do not need the faster model. VM_PARALLEL_BUILDS=0
    // compiles the generated classes as one translation unit (Verilator's __ALL.cpp): with
    // -fno-inline an engine has 50+ small files, each paying g++'s ~0.7 s parse of verilated.h
    // (m* = 32 flexible rank engine, 1 x 1: 55.6 s of g++ CPU in 55 files, 9.0 s as one).
    ...(opt === 'fast-build' ? ['-fno-inline', '-MAKEFLAGS', 'OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0 VM_PARALLEL_BUILDS=0'] : []),
    '--Mdir', resolve(staging, 'obj'), '-o', 'sim',
    ...files, harnessPath,
  ];
  const r = runToolSync('verilator', args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 }, [staging]);
  if (r.error || r.status !== 0) {
    throw toolFailedError('verilator', `build a model of ${top.module}`, r.status, `${r.error?.message ?? ''}${r.stderr ?? ''}${r.stdout ?? ''}`, 'check that verilator (5.006 or newer) and a C++ compiler (g++, make) are installed: apt-get install -y verilator g++ make');
  }
  // Another process may have built the same model meanwhile: then theirs is kept.
  publishDirectory(staging, dir);
  return { binary, cached: false, buildSeconds: (performance.now() - t0) / 1000 };
}
