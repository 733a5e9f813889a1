// Atomic output: the one mechanism every writer in nmcore uses. A set of files is staged inside
// the target directory itself (so the final renames never cross a filesystem, whatever the
// target is: a mount point, a symlink to another filesystem, a folder under a read-only parent),
// existing files of the same name are moved aside first, and the whole set is replaced or, on any
// failure, rolled back to what was there. Stale files of an earlier run that the caller owns
// (e.g. `nm_*.v` of another engine) are removed with the set and reported.

import { closeSync, copyFileSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, error } from '../diagnostics/diagnostic.js';
import { registerTemporary, releaseTemporary, sweepDeadTemporaries } from './temporaries.js';

/** Files to write, keyed by path relative to the output directory. */
export type OutputFiles = ReadonlyMap<string, string | Uint8Array>;

export interface OutputOptions {
  /** Files of an earlier run that belong to this writer (relative paths); those not in the new set are removed. */
  readonly ownsStale?: (relPath: string) => boolean;
}

export interface OutputResult {
  /** Absolute paths written, in the order given. */
  readonly written: string[];
  /** Stale files of an earlier run that were removed (relative paths). */
  readonly staleRemoved: string[];
}

/**
 * Writes `files` into `outDir`: all of them, or (on any error) none, leaving what was there.
 * Files of the same name are replaced; stale files the caller owns are removed; others are kept.
 * @returns the absolute paths written, in the order given.
 */
export function writeOutputsAtomically(outDir: string, files: OutputFiles): string[] {
  return writeOutputSet(outDir, files).written;
}

/** As `writeOutputsAtomically`, with stale-file handling and a report of what was removed. */
export function writeOutputSet(outDir: string, files: OutputFiles, options: OutputOptions = {}): OutputResult {
  checkOutputDirectory(outDir);
  const target = resolve(outDir);
  try {
    mkdirSync(target, { recursive: true });
  } catch (e) {
    throw ioUserError(outDir, e);
  }
  sweepDeadTemporaries(target);
  for (const rel of files.keys()) {
    const dest = join(target, rel);
    if (existsSync(dest) && lstatSync(dest).isDirectory()) {
      throw new UserError([error('io_output_entry_is_directory', `cannot replace '${join(outDir, rel)}': it is a directory, not a file; move it away and run again (nothing was written)`, { file: join(outDir, rel) })]);
    }
  }
  const stale = options.ownsStale === undefined ? [] : listFilesRecursive(target).filter((rel) => !rel.startsWith('.nmcore-') && !files.has(rel) && options.ownsStale!(rel));
  const stage = join(target, `.nmcore-staging-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  const backup = join(target, `.nmcore-backup-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  registerTemporary(stage);
  registerTemporary(backup);
  const movedAside: string[] = [];
  const placed: string[] = [];
  let keepBackup = false;
  try {
    mkdirSync(stage);
    for (const [rel, content] of files) writeDurable(join(stage, rel), content);
    mkdirSync(backup);
    for (const rel of [...files.keys(), ...stale]) {
      const dest = join(target, rel);
      if (!existsSync(dest)) continue;
      moveFile(dest, join(backup, rel));
      movedAside.push(rel);
    }
    const written: string[] = [];
    for (const rel of files.keys()) {
      const dest = join(target, rel);
      moveFile(join(stage, rel), dest);
      placed.push(rel);
      written.push(dest);
    }
    return { written, staleRemoved: stale };
  } catch (e) {
    keepBackup = !rollBack(target, backup, placed, movedAside);
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    throw ioUserError(outDir, e);
  } finally {
    rmSync(stage, { recursive: true, force: true });
    if (!keepBackup) rmSync(backup, { recursive: true, force: true });
    releaseTemporary(stage);
    releaseTemporary(backup);
  }
}

/** Writes one file all or nothing: staged beside it (same directory, so same filesystem), synced, renamed. */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  checkOutputFile(path);
  const dest = resolve(path);
  const temp = join(dirname(dest), `.${basename(dest)}.nmcore-tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  registerTemporary(temp);
  try {
    mkdirSync(dirname(dest), { recursive: true });
    sweepDeadTemporaries(dirname(dest));
    writeDurable(temp, content);
    moveFile(temp, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === undefined) throw e;
    throw ioUserError(path, e);
  } finally {
    rmSync(temp, { force: true });
    releaseTemporary(temp);
  }
}

/**
 * Publishes a folder built at `staging` (a sibling of `dest`, so on the same filesystem) as `dest`
 * in one rename. When `dest` appeared meanwhile (another process built the same content), theirs is
 * kept and the staging removed. Returns false in that case.
 */
export function publishDirectory(staging: string, dest: string): boolean {
  try {
    renameSync(staging, dest);
    return true;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if (existsSync(dest)) return false;
    throw e;
  }
}

/** Fails early (UserError) when `outDir` cannot become an output directory, so slow commands check before working. */
export function checkOutputDirectory(outDir: string): void {
  if (outDir.trim() === '') throw new UserError([error('io_output_path_empty', `the output path is empty; give a directory, e.g. --out out/engine`)]);
  const target = resolve(outDir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UserError([error('io_output_not_directory', `output path '${outDir}' exists and is not a directory`, { file: outDir })]);
  }
  checkWritableAncestor(outDir, target);
}

/** Fails early when `path` cannot be written as one file (empty, a directory, or no writable folder to hold it). */
export function checkOutputFile(path: string): void {
  if (path.trim() === '') throw new UserError([error('io_output_path_empty', `the output path is empty; give a file name, e.g. --out out/trace.safetensors`)]);
  const dest = resolve(path);
  if (existsSync(dest) && statSync(dest).isDirectory()) {
    throw new UserError([error('io_output_entry_is_directory', `cannot replace '${path}': it is a directory, not a file; give a file name (nothing was written)`, { file: path })]);
  }
  checkWritableAncestor(path, dirname(dest));
}

/** The nearest existing folder at or above `abs` must be a writable directory. */
function checkWritableAncestor(shown: string, abs: string): void {
  let p = abs;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  if (!statSync(p).isDirectory()) {
    throw new UserError([error('io_output_not_directory', `output path '${shown}' lies under '${p}', which is not a directory`, { file: shown })]);
  }
  // A real probe, not access(): root passes access() on read-only and pseudo filesystems.
  const probe = join(p, `.nmcore-probe-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
  try {
    mkdirSync(probe);
    rmSync(probe, { recursive: true, force: true });
  } catch (e) {
    throw new UserError([error('io_output_unwritable', `cannot write output '${shown}': '${p}' is not writable (${(e as NodeJS.ErrnoException).code ?? 'error'}); choose another --out or fix its permissions`, { file: shown })]);
  }
}

/** Lists the files under `dir` (relative paths, sorted); empty when it does not exist. */
export function listFilesRecursive(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), prefix + e.name + '/');
      else out.push(prefix + e.name);
    }
  };
  walk(dir, '');
  return out.sort();
}

function writeDurable(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { flag: 'wx' });
  syncFile(path);
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Renames `from` to `to`; where a rename cannot be atomic (another filesystem), copies, syncs and removes. */
function moveFile(from: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true });
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
    const temp = `${dirname(to)}/.${basename(to)}.nmcore-tmp-${process.pid}-copy`;
    copyFileSync(from, temp);
    syncFile(temp);
    renameSync(temp, to);
    rmSync(from, { force: true });
  }
}

/** Puts back what was there; false when a file could not be restored (its backup folder is then kept). */
function rollBack(target: string, backup: string, placed: readonly string[], movedAside: readonly string[]): boolean {
  let restored = true;
  for (const rel of placed) rmSync(join(target, rel), { force: true });
  for (const rel of movedAside) {
    try {
      moveFile(join(backup, rel), join(target, rel));
    } catch {
      restored = false;
    }
  }
  return restored;
}

function ioUserError(shown: string, e: unknown): UserError {
  const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
  return new UserError([error('io_output_unwritable', `cannot write output '${shown}': ${code} (${(e as Error).message}); nothing was changed`, { file: shown })]);
}
