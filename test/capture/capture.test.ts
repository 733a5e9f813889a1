// The PyTorch side, run for real (torch from Debian's python3-torch, installed by .ci/install-tools):
// traces/capture_activations.capture on a Llama-shaped nn.Module, read back with nmcore's reader
// (names, shapes, metadata, values equal to what independent hooks saw); the Python pruning
// definitions against a literal implementation; the accuracy script's x_eff dump; and a shortened,
// real perplexity evaluation of the shipped tiny model that must reproduce the committed numbers.
// Without torch these tests fail (they do not skip): CI installs it.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';
import { roundToBf16InPlace, roundToF16InPlace } from '../../src/trace/float16.js';
import { parseNpy, parseNpyTensor } from '../../src/trace/npy_reader.js';
import { readTraceFile } from '../../src/trace/read_trace.js';

/** The system interpreter that sees Debian's python3-torch (a pyenv python3 may be first on PATH). */
const PYTHON = process.env.NMCORE_PYTHON ?? '/usr/bin/python3';
// Each test starts Python and imports torch (seconds; more on a loaded machine).
vi.setConfig({ testTimeout: 180_000 });
const dirs: string[] = [];
const tempDir = () => { const d = mkdtempSync(join(tmpdir(), 'nmcore-capture-')); dirs.push(d); return d; };
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function py(args: string[], timeoutMs = 120_000) {
  const r = spawnSync(PYTHON, args, { encoding: 'utf8', timeout: timeoutMs, cwd: packagePath(), env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
  if (r.status !== 0) throw new Error(`${PYTHON} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

const npy = (path: string) => {
  const t = parseNpy(new Uint8Array(readFileSync(path)), 'x', path);
  expect(t.diagnostics).toEqual([]);
  return t.value!.layers[0];
};

describe('PyTorch is available to the capture scripts', () => {
  it(`${PYTHON} imports torch and numpy (bash .ci/install-tools installs python3-torch, python3-numpy)`, () => {
    const r = spawnSync(PYTHON, ['-c', 'import torch, numpy; print(torch.__version__, numpy.__version__)'], { encoding: 'utf8' });
    expect(r.status, `torch is missing for ${PYTHON}: run bash .ci/install-tools\n${r.stderr}`).toBe(0);
  });
});

describe.each(['f32', 'bf16', 'f16'])('capture() on a Llama-shaped nn.Module, dtype %s, read by nmcore', (dtype) => {
  const seed = 1 + Math.floor(Math.random() * 1000);
  const dir = tempDir();
  it(`gives the hooked layers' names, shapes, metadata, inputs and weights (seed ${seed})`, () => {
    py([packagePath('test', 'capture', 'tiny_capture.py'), dir, String(seed), dtype]);
    const info = JSON.parse(readFileSync(join(dir, 'modules.json'), 'utf8')) as { modules: { name: string; inChannels: number; outChannels: number }[]; tokens: number };
    const r = readTraceFile(join(dir, 'trace.safetensors'));
    expect(r.diagnostics).toEqual([]);
    const trace = r.value!;
    const expectedNames = [0, 1].flatMap((l) => [...['q', 'k', 'v', 'o'].map((p) => `model.layers.${l}.self_attn.${p}_proj`), ...['gate', 'up', 'down'].map((p) => `model.layers.${l}.mlp.${p}_proj`)]);
    expect(info.modules.map((m) => m.name)).toEqual(expectedNames);
    expect(trace.layers.map((l) => l.name)).toEqual(expectedNames);
    expect(trace.metadata).toMatchObject({ format: 'nmcore-trace', model: 'tiny-random', tokens: String(info.tokens), source: 'captured' });
    const round = dtype === 'bf16' ? roundToBf16InPlace : dtype === 'f16' ? roundToF16InPlace : (v: Float32Array) => v;
    info.modules.forEach((m, i) => {
      const l = trace.layers[i];
      const projection = m.name.match(/(\w+)_proj$/)![1];
      expect(l.meta).toMatchObject({ model: 'tiny-random', layer: Number(m.name.split('.')[2]), projection, source: 'captured' });
      expect([l.tokens, l.channels, l.dtype]).toEqual([info.tokens, m.inChannels, dtype.toUpperCase()]);
      const hookIn = npy(join(dir, `in${i}.npy`));
      expect([hookIn.tokens, hookIn.channels]).toEqual([l.tokens, l.channels]);
      expect(Array.from(l.values)).toEqual(Array.from(round(Float32Array.from(hookIn.values))));
      const w = npy(join(dir, `w${i}.npy`));
      expect(l.weights!.outChannels).toBe(m.outChannels);
      expect(Array.from(l.weights!.values)).toEqual(Array.from(round(Float32Array.from(w.values))));
    });
  });
});

describe('traces/pruning.py effective_input', () => {
  const seed = 1 + Math.floor(Math.random() * 1e6);
  it(`equals the slow literal implementation of the shared definitions (seed ${seed})`, () => {
    const r = py([packagePath('test', 'capture', 'test_pruning.py'), String(seed)]);
    expect(r.stdout).toMatch(/ 0 mismatches/);
  });
  it('is dumped by eval_accuracy.py effective-input for every pattern, criterion and mitigation', () => {
    const dir = tempDir();
    py(['-c', `import numpy as np; r=np.random.default_rng(${seed}); np.save('${dir}/x.npy', r.standard_normal((6, 32))); np.save('${dir}/w.npy', r.standard_normal((5, 32)))`]);
    py([packagePath('traces', 'eval_accuracy.py'), 'effective-input', '--x', join(dir, 'x.npy'), '--weight', join(dir, 'w.npy'), '--out', join(dir, 'x_eff.npz')]);
    const members = unzipSync(new Uint8Array(readFileSync(join(dir, 'x_eff.npz'))));
    const keys = Object.keys(members).map((k) => k.replace(/\.npy$/, '')).sort();
    expect(keys).toHaveLength(6 * 3 * 4 + 1);
    expect(keys).toContain('16:32,amber,static_shift');
    const x = parseNpyTensor(members['dense,magnitude,none.npy'], 'x', 'x_eff.npz');
    const x0 = parseNpyTensor(new Uint8Array(readFileSync(join(dir, 'x.npy'))), 'x', 'x.npy');
    if ('code' in x || 'code' in x0) throw new Error('npy parse');
    expect(x.dtype).toBe('F64');
    expect(Array.from(x.values)).toEqual(Array.from(x0.values));
    // 2:4 magnitude keeps exactly half of the channels of every row.
    const p = parseNpyTensor(members['2:4,magnitude,none.npy'], 'p', 'x_eff.npz');
    if ('code' in p) throw new Error('npy parse');
    expect(p.values.filter((v) => v !== 0).length).toBe(6 * 16);
  });
});

interface Measured {
  format: string; version: number; trace: string | null; command: string;
  model: { tinyModel: boolean; parameters: number; layers: number; hidden: number };
  evaluation: { tokens: number; contextTokens: number; seed: number };
  results: { pattern: string; criterion: string; mitigation: string; perplexity: number; meanNllNats: number }[];
}

describe('the shipped tiny-model example (traces/examples/tiny_llama.*)', () => {
  const committed = JSON.parse(readFileSync(packagePath('traces', 'examples', 'tiny_llama.measured.json'), 'utf8')) as Measured;
  it('has the measured-accuracy format, dense once, and every pattern with magnitude/none', () => {
    expect([committed.format, committed.version, committed.model.tinyModel]).toEqual(['nmcore-measured-accuracy', 1, true]);
    expect(committed.results.filter((r) => r.pattern === 'dense')).toEqual([expect.objectContaining({ criterion: 'magnitude', mitigation: 'none' })]);
    for (const p of ['2:4', '4:8', '8:16', '16:32', 'unstructured']) {
      expect(committed.results.some((r) => r.pattern === p && r.criterion === 'magnitude' && r.mitigation === 'none'), p).toBe(true);
    }
    for (const r of committed.results) expect(r.perplexity).toBeCloseTo(Math.exp(r.meanNllNats), 4);
  });
  it('has a readable capture of the same model with weights for every projection', () => {
    const t = readTraceFile(packagePath(committed.trace!));
    expect(t.diagnostics).toEqual([]);
    expect(t.value!.layers).toHaveLength(7 * committed.model.layers);
    for (const l of t.value!.layers) expect(l.weights).toBeDefined();
  });
  it('is reproduced by a shortened real evaluation (dense and 8:16 magnitude/none, same text and model)', () => {
    const dir = tempDir();
    const out = join(dir, 'm.json');
    py([packagePath('traces', 'eval_accuracy.py'), 'perplexity', '--tiny-llama', packagePath('traces', 'models', 'tiny_llama.safetensors'),
      '--sequences', String(committed.evaluation.tokens / (committed.evaluation.contextTokens - 1)), '--seq-len', String(committed.evaluation.contextTokens),
      '--text-seed', String(committed.evaluation.seed), '--patterns', '8:16', '--criteria', 'magnitude', '--mitigations', 'none', '--out', out], 300_000);
    const fresh = JSON.parse(readFileSync(out, 'utf8')) as Measured;
    expect(fresh.results.map((r) => [r.pattern, r.criterion, r.mitigation])).toEqual([['dense', 'magnitude', 'none'], ['8:16', 'magnitude', 'none']]);
    for (const r of fresh.results) {
      const c = committed.results.find((x) => x.pattern === r.pattern && x.criterion === r.criterion && x.mitigation === r.mitigation)!;
      expect(r.meanNllNats).toBeCloseTo(c.meanNllNats, 5);
    }
    // Pruning costs accuracy: 8:16 is worse than dense.
    expect(fresh.results[1].meanNllNats).toBeGreaterThan(fresh.results[0].meanNllNats);
  });
});
