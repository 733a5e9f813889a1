// Test helpers for RTL: write a generated engine to a temporary directory, lint it with
// Verilator, elaborate it with Icarus, and say loudly when a tool is missing.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeneratedEngine } from '../../src/emit/generate.js';
import { icarusStatus, verilatorStatus, type ToolStatus } from '../../sim/rtl/tools.js';
import { lintFiles } from '../../sim/rtl/verilator/lint.js';
import { tempDir } from './temp.js';

export function writeGenerated(gen: GeneratedEngine): { dir: string; files: string[] } {
  const dir = tempDir('nmcore-test-');
  for (const [name, text] of gen.files) writeFileSync(join(dir, name), text);
  return { dir, files: gen.verilogFiles.map((f) => join(dir, f)) };
}

/** Verilator -Wall diagnostics for one top (empty when clean). */
export function lintTop(files: readonly string[], top: string): string {
  const r = lintFiles(files, top);
  return r.clean ? '' : r.output || 'verilator exited non-zero';
}

/** Icarus -g2012 elaboration problems for one top (empty when clean; the timescale note is ignored). */
export function icarusElaborate(files: readonly string[], top: string, outFile: string): string {
  const r = spawnSync('iverilog', ['-g2012', '-Wall', '-o', outFile, '-s', top, ...files], { encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`.split('\n').filter((l) => l.trim() !== '' && !/timescale/.test(l)).join('\n');
  return r.status === 0 ? text : `exit ${r.status}: ${text}`;
}

/** Logs once why a suite is skipped, with the install command. */
export function toolOrSkipNote(name: string, status: ToolStatus): boolean {
  if (!status.available) console.warn(`SKIPPED: ${name} is not installed; install it with: ${status.install}`);
  return status.available;
}

export const haveVerilator = (): boolean => toolOrSkipNote('verilator', verilatorStatus());
export const haveIcarus = (): boolean => toolOrSkipNote('iverilog', icarusStatus());
