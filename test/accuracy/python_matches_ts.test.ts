// One definition of pruning in two languages: the TypeScript of `nmcore report` (src/accuracy/) and
// the Python that measures perplexity (traces/pruning.py through `eval_accuracy.py effective-input`)
// must give the same effective input x_eff for every pattern, criterion and mitigation, on a seeded
// layer full of ties and zeros (the tie rule must agree too). Runs real /usr/bin/python3 with numpy;
// fails, never skips, when it is missing (`bash .ci/install-tools` installs it).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { amberFactors } from '../../src/accuracy/amber.js';
import { CRITERION_IDS, MITIGATION_IDS, PATTERN_IDS } from '../../src/accuracy/ids.js';
import { effectiveInput, pruneLayer } from '../../src/accuracy/prune.js';
import { packagePath } from '../../src/io/package_root.js';
import { Prng } from '../../src/util/prng.js';

const SEED = Number(process.env.NMCORE_TEST_SEED ?? 20261201);
const PYTHON = '/usr/bin/python3';
const dir = mkdtempSync(join(tmpdir(), 'nmcore-test-pyts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A float64 .npy (format 1.0, little-endian, C order). */
function npyF64(values: Float64Array, shape: readonly number[]): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const out = new Uint8Array(10 + header.length + values.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), 10 + header.length);
  return out;
}

/** The float64 payload of an .npy written by numpy (little-endian '<f8'). */
function readNpyF64(bytes: Uint8Array): Float64Array {
  const headerLen = bytes[8]! | (bytes[9]! << 8);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLen));
  if (!header.includes("'<f8'")) throw new Error(`not float64: ${header}`);
  const body = bytes.slice(10 + headerLen);
  return new Float64Array(body.buffer, 0, body.byteLength / 8);
}

describe(`pruning definitions: TypeScript = Python (seed ${SEED})`, () => {
  it('gives the same x_eff for every pattern, criterion and mitigation', () => {
    const rng = new Prng(SEED);
    const T = 6, K = 64, O = 8;
    // Even token rows continuous (no ties: medians and variances tell definitions apart), odd rows on
    // a coarse grid with exact zeros (ties decided by the lower-index rule), row 3 all zero.
    const value = (t: number): number => {
      if (t === 3) return 0;
      if (t % 2 === 0) return (rng.next() - 0.4) * (rng.bool(0.1) ? 20 : 1);
      return rng.bool(0.15) ? 0 : (rng.int(-12, 12) / 4) * (rng.bool(0.1) ? 20 : 1);
    };
    const x = Float64Array.from({ length: T * K }, (_, i) => value(Math.floor(i / K)));
    const w = Float64Array.from({ length: O * K }, () => (rng.next() - 0.5) * 0.2);
    writeFileSync(join(dir, 'x.npy'), npyF64(x, [T, K]));
    writeFileSync(join(dir, 'w.npy'), npyF64(w, [O, K]));
    const r = spawnSync(PYTHON, [packagePath('traces', 'eval_accuracy.py'), 'effective-input', '--x', join(dir, 'x.npy'), '--weight', join(dir, 'w.npy'), '--out', join(dir, 'x_eff.npz')],
      { encoding: 'utf8', cwd: packagePath('.') });
    expect(r.error, `${PYTHON} not runnable: install with bash .ci/install-tools`).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    const arrays = unzipSync(readFileSync(join(dir, 'x_eff.npz')));
    const amber = amberFactors(w, O, K);
    let compared = 0;
    for (const pattern of PATTERN_IDS) for (const criterion of CRITERION_IDS) for (const mitigation of MITIGATION_IDS) {
      const key = `${pattern},${criterion},${mitigation}`;
      const py = arrays[`${key}.npy`];
      expect(py, `${key} missing from the Python output (${Object.keys(arrays).join(' ')})`).toBeDefined();
      const got = readNpyF64(py!);
      const ts = effectiveInput(x, pruneLayer(x, T, K, pattern, criterion, mitigation, { amberFactors: amber }));
      expect(got.length).toBe(ts.length);
      for (let i = 0; i < ts.length; i++) {
        if (Math.abs(got[i]! - ts[i]!) > 1e-9 * Math.max(1, Math.abs(ts[i]!))) {
          expect.fail(`${key}: element (${Math.floor(i / K)}, ${i % K}) Python ${got[i]} vs TypeScript ${ts[i]} (seed ${SEED})`);
        }
      }
      compared++;
    }
    expect(compared).toBe(PATTERN_IDS.length * CRITERION_IDS.length * MITIGATION_IDS.length);
  }, 60_000);
});
