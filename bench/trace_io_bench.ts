// Timing of the trace subsystem on a full Llama-2-7B down_proj input (T = 2048, K = 11008, bf16):
// synthesis, safetensors encode + atomic write, read back, and int8 quantization + 8:16 statistics.
// Run: npx tsx bench/trace_io_bench.ts [repeats]. Wall-clock, one thread; prints the best of the repeats.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findModel } from '../src/trace/model_shapes.js';
import { nmStats } from '../src/trace/nm_stats.js';
import { quantizeLayer } from '../src/trace/quantize.js';
import { readTraceFile } from '../src/trace/read_trace.js';
import { writeTraceFile } from '../src/trace/safetensors_writer.js';
import { synthesizeModelTrace } from '../src/trace/synthetic.js';

const repeats = Number(process.argv[2] ?? 3);
const dir = mkdtempSync(join(tmpdir(), 'nmcore-bench-'));
const best: Record<string, number> = {};
const time = <T>(name: string, fn: () => T): T => {
  const t0 = performance.now();
  const r = fn();
  best[name] = Math.min(best[name] ?? Infinity, performance.now() - t0);
  return r;
};
try {
  let bytes = 0;
  for (let i = 0; i < repeats; i++) {
    const trace = time('synth 2048x11008 bf16', () => synthesizeModelTrace({ model: findModel('llama-2-7b')!, projections: ['down'], layer: 1, tokens: 2048, seed: 1 + i, dtype: 'BF16' }));
    const path = join(dir, 'down.safetensors');
    bytes = time('encode + write', () => writeTraceFile(path, trace));
    const read = time('read (decode + checks)', () => readTraceFile(path));
    const l = read.value!.layers[0];
    const q = time('quantize int8', () => quantizeLayer(l.values, l.tokens, l.channels, 8));
    time('8:16 stats, R = 16', () => nmStats(q, { n: 8, m: 16 }, 16));
  }
  console.log(`file ${bytes} bytes; best of ${repeats} (ms):`);
  for (const [k, v] of Object.entries(best)) console.log(`  ${k.padEnd(26)} ${v.toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
