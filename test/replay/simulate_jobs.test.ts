// `simulate --jobs N` (worker threads, one layer per task) gives the same JSON as the serial run,
// apart from its wall time: the built CLI (dist/) on a random multi-layer bf16 trace. Seed printed.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../src/trace/safetensors_writer.js';
import { Prng } from '../../src/util/prng.js';
import { suiteSeed } from '../helpers/engines.js';
import { tempDir } from '../helpers/temp.js';

const seed = suiteSeed('simulate_jobs');

function simulateJson(file: string, jobs: number): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['dist/src/cli/main.js', 'simulate', '--trace', file, '-p', '2:4', '-r', '4', '-c', '4', '--out-channels', '24', '--bandwidth', '16', '--json', '--jobs', String(jobs)], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const json = JSON.parse(r.stdout) as Record<string, unknown>;
  delete json.replaySeconds;
  return json;
}

describe('simulate --jobs', () => {
  it('reports the same layers and totals on 1 and 3 worker threads', () => {
    const rng = new Prng(seed);
    const file = join(tempDir(), 'layers.safetensors');
    const layer = (T: number, K: number) => Float32Array.from({ length: T * K }, () => (rng.bool(0.3) ? 0 : rng.int(-50, 50) / 8));
    writeFileSync(file, encodeSafetensors([5, 9, 3, 12].map((T, i) => ({ name: `l${i}.input`, dtype: 'BF16' as const, shape: [T, 8 + 4 * i], values: layer(T, 8 + 4 * i) }))));
    const serial = simulateJson(file, 1);
    expect((serial.layers as unknown[]).length).toBe(4);
    expect(simulateJson(file, 3)).toEqual(serial);
  });
});
