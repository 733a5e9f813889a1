// The synthetic Llama-2-7B block traces the replay benches read (seven projections, bf16, seed 1):
// made once with `nmcore trace synth` into NMCORE_BENCH_DIR (default out/bench/) and reused; the
// synthesis (minutes at T = 4096) is not part of any measurement.

import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { timeChild } from './bench_table.js';

/** The built CLI the benches run. */
export const CLI = 'dist/src/cli/main.js';

/** Path of the block trace at `tokens` tokens, synthesized now when missing. */
export function blockTrace(tokens: number): string {
  const dir = process.env.NMCORE_BENCH_DIR ?? join('out', 'bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `llama2_7b_block_T${tokens}_bf16.safetensors`);
  if (!existsSync(file)) {
    process.stderr.write(`bench: synthesizing ${file} (once; not timed) ...\n`);
    timeChild([process.execPath, CLI, 'trace', 'synth', '--model', 'Llama-2-7B', '--projection', 'all', '--tokens', String(tokens), '--seed', '1', '--dtype', 'bf16', '--out', file]);
  }
  return file;
}

/** Repeats per measurement: NMCORE_BENCH_REPEATS, default `fallback`. */
export function repeats(fallback: number): number {
  return Number(process.env.NMCORE_BENCH_REPEATS ?? fallback);
}

/**
 * Whether this is the full run (`npm run bench -- --full`, or NMCORE_BENCH_FULL=1): the default run
 * leaves out what takes many minutes and adds no new figure (cold default-flag Verilator builds of
 * 16 x 16 16:32, the T = 4096 trace, the old pure-TypeScript accuracy path); each bench says what
 * it left out.
 */
export function fullRun(): boolean {
  return process.env.NMCORE_BENCH_FULL === '1';
}
