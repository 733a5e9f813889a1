// Atomic output: every command that writes files stages them in a hidden sibling directory and
// moves them into place only when all of them were produced, so a failure leaves nothing
// half-written in the user's output directory.

import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve, basename } from 'node:path';
import { error, UserError } from '../diagnostics/diagnostic.js';

/** Files to write, keyed by path relative to the output directory. */
export type OutputFiles = ReadonlyMap<string, string | Uint8Array>;

/**
 * Writes `files` into `outDir`: all of them, or (on any error) none. Existing files of the same
 * name are replaced; other files already in `outDir` are left alone.
 * @returns the absolute paths written, in the order given.
 */
export function writeOutputsAtomically(outDir: string, files: OutputFiles): string[] {
  const target = resolve(outDir);
  checkOutputDirectory(outDir);
  try {
    return writeStaged(target, files);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === undefined) throw e;
    throw new UserError([error('io_output_unwritable', `cannot write output directory '${outDir}': ${code} (${(e as Error).message})`, { file: outDir })]);
  }
}

/** Fails early (UserError) when `outDir` exists and is not a directory, so slow commands check before working. */
export function checkOutputDirectory(outDir: string): void {
  const target = resolve(outDir);
  if (existsSync(target) && !statSync(target).isDirectory()) {
    throw new UserError([error('io_output_not_directory', `output path '${outDir}' exists and is not a directory`, { file: outDir })]);
  }
}

function writeStaged(target: string, files: OutputFiles): string[] {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const stage = mkdtempSync(join(parent, `.${basename(target)}.staging-`));
  try {
    for (const [rel, content] of files) {
      const p = join(stage, rel);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    }
    mkdirSync(target, { recursive: true });
    const written: string[] = [];
    for (const rel of files.keys()) {
      const dest = join(target, rel);
      mkdirSync(dirname(dest), { recursive: true });
      renameSync(join(stage, rel), dest);
      written.push(dest);
    }
    return written;
  } finally {
    rmSync(stage, { recursive: true, force: true });
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
