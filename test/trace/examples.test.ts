// Shipped example traces: they equal what traces/make_examples.ts builds (so the documented way of
// making them is the real one), every good example reads cleanly, and the PyTorch capture script
// compiles and prints its help with any python3 (test/capture/ runs it for real on PyTorch).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';
import { readTraceFile } from '../../src/trace/read_trace.js';
import { buildExamples } from '../../traces/make_examples.js';

const built = buildExamples();

describe('traces/examples', () => {
  it.each([...built.keys()])('%s equals the committed file', (rel) => {
    const committed = new Uint8Array(readFileSync(packagePath('traces', 'examples', rel)));
    const fresh = built.get(rel)!;
    if (rel.endsWith('.npz')) {
      // zip headers hold a local-time timestamp: compare the members instead of the bytes
      const a = unzipSync(committed), b = unzipSync(fresh);
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const k of Object.keys(a)) expect(Buffer.from(a[k]).equals(Buffer.from(b[k]))).toBe(true);
    } else {
      expect(Buffer.from(committed).equals(Buffer.from(fresh))).toBe(true);
    }
  });
  it.each([...built.keys()].filter((k) => !k.startsWith('bad/')))('%s reads with no diagnostics and stays small', (rel) => {
    const r = readTraceFile(packagePath('traces', 'examples', rel));
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.layers.length).toBeGreaterThan(0);
    expect(built.get(rel)!.length).toBeLessThan(300 * 1024);
  });
});

const hasPython = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!hasPython)('traces/capture_activations.py (skipped without python3)', () => {
  const script = packagePath('traces', 'capture_activations.py');
  it('compiles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nmcore-pyc-'));
    try {
      const r = spawnSync('python3', ['-c', 'import py_compile,sys; py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)', script, join(dir, 'c.pyc')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('prints --help without torch installed, naming every option', () => {
    const r = spawnSync('python3', [script, '--help'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const flag of ['--model', '--prompt', '--prompt-file', '--projections', '--layers', '--name-regex', '--max-tokens', '--dtype', '--with-weights', '--out']) {
      expect(r.stdout).toContain(flag);
    }
  });
});
