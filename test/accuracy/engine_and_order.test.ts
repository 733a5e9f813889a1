// The engine path's integer dot products against the contract's untimed reference
// (src/ref/functional.ts) for magnitude selection, and the nesting theorem: with magnitude
// selection, kept energy is ordered 2:4 ≤ 4:8 ≤ 8:16 ≤ 16:32 ≤ unstructured on every layer, random
// (seed printed) and shipped.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineLayer } from '../../src/accuracy/engine_path.js';
import { MITIGATION_IDS, PATTERN_IDS } from '../../src/accuracy/ids.js';
import { layerWeights } from '../../src/accuracy/layer_weights.js';
import { keptEnergy, pruneLayer } from '../../src/accuracy/prune.js';
import { packagePath } from '../../src/io/package_root.js';
import { referenceDotProduct } from '../../src/ref/functional.js';
import { quantizeLayer } from '../../src/trace/quantize.js';
import { readTraceFile } from '../../src/trace/read_trace.js';
import type { TraceLayer } from '../../src/trace/types.js';
import { Prng } from '../../src/util/prng.js';
import { randomLayer } from './literal.js';

const SEED = Number(process.env.NMCORE_SEED ?? Math.floor(Math.random() * 2 ** 31));
console.log(`engine_and_order.test seed ${SEED} (replay: NMCORE_SEED=${SEED} npx vitest run test/accuracy/engine_and_order.test.ts)`);

describe('engine path', () => {
  it('accumulators equal the contract reference on the quantized codes (magnitude, no mitigation)', () => {
    const rng = new Prng(SEED);
    for (const pattern of ['2:4', '4:8', '8:16', '16:32'] as const) {
      const T = rng.int(1, 4), K = 32 * rng.int(1, 3), O = rng.int(1, 5);
      const { layer } = randomLayer(rng, T, K, O, rng.pick([1, 8]));
      const w = layerWeights(layer, O, 'trace weights', 8, SEED);
      const got = engineLayer(layer.values, T, K, w, 8, pattern, 'magnitude', 'none', {});
      const [n, m] = pattern.split(':').map(Number) as [number, number];
      const act = quantizeLayer(layer.values, T, K, 8).codes;
      const wgt = new Int32Array(O * K);
      for (let o = 0; o < O; o++) for (let j = 0; j < K; j++) wgt[o * K + j] = w.codesT[j * O + o]!;
      const ref = referenceDotProduct({ windowChannels: K, rows: T, cols: O, accBits: 32 }, { n, m }, [{ act: Int32Array.from(act), wgt, last: true, mode: 0 }]);
      expect(Array.from(got.accumulators), `seed ${SEED} ${pattern}`).toEqual(ref.map(Number));
    }
  });
});

function checkOrder(layer: TraceLayer, where: string): void {
  const x = Float64Array.from(layer.values);
  for (const mit of MITIGATION_IDS) {
    const e = PATTERN_IDS.map((p) => keptEnergy(x, pruneLayer(x, layer.tokens, layer.channels, p, 'magnitude', mit)));
    for (let i = 1; i < e.length; i++) expect(e[i]! + 1e-12, `${where} ${mit}: ${PATTERN_IDS[i - 1]} ${e[i - 1]} vs ${PATTERN_IDS[i]} ${e[i]}`).toBeGreaterThanOrEqual(e[i - 1]!);
  }
}

describe('kept energy nests', () => {
  it('on random layers', () => {
    const rng = new Prng(SEED ^ 0x1234);
    for (let trial = 0; trial < 20; trial++) checkOrder(randomLayer(rng, rng.int(1, 8), 32 * rng.int(1, 4), 1, rng.pick([1, 2, 1000])).layer, `seed ${SEED} trial ${trial}`);
  });

  it('on every layer of the shipped example traces', () => {
    const dir = packagePath('traces', 'examples');
    const files = readdirSync(dir).filter((f) => /\.(safetensors|npy|npz)$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) for (const l of readTraceFile(join(dir, f)).value!.layers) checkOrder(l, `${f}:${l.name}`);
  });
});
