// `report --jobs N` (worker threads, one layer's accuracy or one engine's cost per task) writes the
// same files byte for byte as `--jobs 1`: the built CLI (dist/) on random multi-layer bf16 traces of
// different sizes (so the longest-first order differs from the layer order) and a shipped trace
// with weights. Seed printed.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';
import { encodeSafetensors } from '../../src/trace/safetensors_writer.js';
import { Prng } from '../../src/util/prng.js';
import { suiteSeed } from '../helpers/engines.js';
import { tempDir } from '../helpers/temp.js';

const seed = suiteSeed('report_jobs');

/** Every file under `dir`, relative path → bytes. */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p); else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function report(traces: readonly string[], out: string, jobs: number): { files: Map<string, Buffer>; err: string } {
  const r = spawnSync(process.execPath, ['dist/src/cli/main.js', 'report', '--trace', ...traces, '-r', '4', '-c', '4', '--sizes', '2x2,4x4', '--jobs', String(jobs), '--out', out], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return { files: files(out), err: r.stderr };
}

describe('report --jobs', () => {
  it('writes the same report on 1 and 3 worker threads', () => {
    const rng = new Prng(seed);
    const dir = tempDir();
    const random = join(dir, 'layers.safetensors');
    const layer = (T: number, K: number) => Float32Array.from({ length: T * K }, () => (rng.bool(0.3) ? 0 : rng.int(-50, 50) / 8));
    const shapes: [number, number][] = [[5, 32], [9, 96], [3, 64], [12, 32]];
    writeFileSync(random, encodeSafetensors(shapes.map(([T, K], i) => ({ name: `l${i}.input`, dtype: 'BF16' as const, shape: [T, K], values: layer(T, K) }))));
    const traces = [random, packagePath('traces', 'examples', 'two_layers.npz')];
    // The --out path is in the report's command line: compared with it replaced.
    const serial = report(traces, join(dir, 'a'), 1);
    const parallel = report(traces, join(dir, 'b'), 3);
    expect(parallel.err).toMatch(/on 3 worker threads/);
    expect(serial.err).not.toMatch(/worker threads/);
    expect(serial.files.size).toBeGreaterThan(5);
    expect([...parallel.files.keys()]).toEqual([...serial.files.keys()]);
    const outPath = (s: string, d: string): string => s.split(join(dir, d)).join('<out>');
    for (const [name, bytes] of serial.files) {
      expect(outPath(parallel.files.get(name)!.toString('latin1'), 'b'), name).toBe(outPath(bytes.toString('latin1'), 'a'));
    }
    const json = JSON.parse(serial.files.get('report.json')!.toString('utf8')) as { layers: { layer: string }[] };
    expect(json.layers.map((l) => l.layer)).toEqual(['l0', 'l1', 'l2', 'l3', 'attn_q', 'mlp_down']);
  }, 120_000);
});
