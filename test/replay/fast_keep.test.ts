// The fast replay path against slow literal references on random bf16 data with many ties and
// zeros: bf16 quantization straight from the bits (src/trace/quantize_bf16.ts) against
// quantizeLayer on decoded values, the block selection (sim/replay/block_keep.ts) against a literal
// per-group sort (larger |code| first, ties to the lower channel, short groups zero-padded), and the
// layer-by-layer reader against the whole-file reader. Seed printed (NMCORE_SEED replays it).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockKeep } from '../../sim/replay/block_keep.js';
import { layerCodes } from '../../sim/replay/layer_codes.js';
import { decodeBf16 } from '../../src/trace/float16.js';
import { openTraceLayers } from '../../src/trace/layer_stream.js';
import { quantizeLayer } from '../../src/trace/quantize.js';
import { quantizeBf16Layer } from '../../src/trace/quantize_bf16.js';
import { readTraceFile } from '../../src/trace/read_trace.js';
import { encodeSafetensors } from '../../src/trace/safetensors_writer.js';
import { Prng } from '../../src/util/prng.js';
import { suiteSeed } from '../helpers/engines.js';
import { tempDir } from '../helpers/temp.js';

const seed = suiteSeed('fast_keep');

/** bf16 bit patterns: a few magnitudes only (ties), many zeros (±0), some rows all zero, some wide. */
function randomBf16(rng: Prng, count: number, channels: number): Uint16Array {
  const bits = new Uint16Array(count);
  const palette = Array.from({ length: 6 }, () => rng.int(0x3000, 0x4400));
  for (let i = 0; i < count; i++) {
    const r = rng.int(0, 9);
    const sign = rng.bool(0.5) ? 0x8000 : 0;
    bits[i] = r < 3 ? sign : r < 7 ? sign | palette[rng.int(0, palette.length - 1)]! : sign | rng.int(0x0001, 0x4700);
  }
  for (let t = 0; t * channels < count; t++) if (rng.bool(0.1)) bits.fill(rng.bool(0.5) ? 0x8000 : 0, t * channels, (t + 1) * channels);
  return bits;
}

/** Literal N:M selection of one token row: sort each zero-padded group by (|a| desc, index asc), keep the first n. */
function literalKeep(codes: Int16Array, tokens: number, channels: number, n: number, m: number, blockTokens: number) {
  let keptValues = 0, keptNonZero = 0;
  const rows: number[] = [];
  for (let b = 0; b * blockTokens < tokens; b++) {
    const needed = new Set<number>();
    for (let t = b * blockTokens; t < Math.min(tokens, (b + 1) * blockTokens); t++) {
      for (let c0 = 0; c0 < channels; c0 += m) {
        const group = Array.from({ length: m }, (_, i) => ({ i, mag: c0 + i < channels ? Math.abs(codes[t * channels + c0 + i]!) : 0, real: c0 + i < channels }));
        group.sort((x, y) => y.mag - x.mag || x.i - y.i);
        for (const g of group.slice(0, n)) {
          if (!g.real) continue;
          keptValues++;
          if (g.mag !== 0) keptNonZero++;
          needed.add(c0 + g.i);
        }
      }
    }
    rows.push(needed.size);
  }
  return { keptValues, keptNonZero, rows };
}

describe('fast replay path', () => {
  it('quantizes bf16 bits exactly as quantizeLayer on the decoded values', () => {
    const rng = new Prng(seed);
    for (let trial = 0; trial < 20; trial++) {
      const T = rng.int(1, 9), K = rng.int(1, 70), bitsA = rng.int(2, 16);
      const bits = randomBf16(rng, T * K, K);
      const fast = quantizeBf16Layer(bits, T, K, bitsA)!;
      expect(Array.from(fast), `trial ${trial}: T ${T}, K ${K}, A ${bitsA}`).toEqual(Array.from(quantizeLayer(decodeBf16(bits), T, K, bitsA).codes));
    }
    expect(quantizeBf16Layer(new Uint16Array([0x3f80, 0x7f80]), 1, 2, 8)).toBeUndefined(); // +Inf
    expect(quantizeBf16Layer(new Uint16Array([0x7fc0, 0]), 1, 2, 8)).toBeUndefined(); // NaN
  });

  it('keeps the same values, non-zeros and weight rows per block as a literal sort', () => {
    const rng = new Prng(seed ^ 0x5eed);
    const patterns: [number, number][] = [[2, 4], [8, 16], [16, 32], [1, 2], [3, 8], [1, 4], [5, 8], [24, 32], [2, 64]];
    for (let trial = 0; trial < 270; trial++) {
      const [n, m] = patterns[trial % patterns.length]!;
      const T = rng.int(1, 40), K = rng.int(1, 3 * m + 5), R = rng.int(1, 16), A = rng.int(2, 8);
      const codes = quantizeBf16Layer(randomBf16(rng, T * K, K), T, K, A)!;
      const fast = blockKeep(codes, T, K, n, m, R);
      const slow = literalKeep(codes, T, K, n, m, R);
      const label = `trial ${trial}: ${n}:${m}, T ${T}, K ${K}, R ${R}, A ${A}`;
      expect(fast.keptValues, label).toBe(slow.keptValues);
      expect(fast.keptNonZero, label).toBe(slow.keptNonZero);
      expect(Array.from(fast.weightRowsPerBlock), label).toEqual(slow.rows);
    }
  });

  it('selects a short last group on its own channels, not the next token\'s (2:4, K = 3)', () => {
    const codes = new Int16Array([5, 1, 1, 9, 0, 0]);
    const slow = literalKeep(codes, 2, 3, 2, 4, 2);
    expect(slow.rows).toEqual([2]); // token 0 keeps channels 0, 1 (tie to the lower); token 1 keeps 0, 1
    expect(Array.from(blockKeep(codes, 2, 3, 2, 4, 2).weightRowsPerBlock)).toEqual(slow.rows);
  });

  it('reads layer by layer the same layers and codes as the whole-file reader', () => {
    const rng = new Prng(seed ^ 0xfeed);
    const dir = tempDir();
    const file = join(dir, 'two.safetensors');
    const layer = (T: number, K: number) => decodeBf16(randomBf16(rng, T * K, K));
    writeFileSync(file, encodeSafetensors([
      { name: 'a.input', dtype: 'BF16', shape: [5, 12], values: layer(5, 12) },
      { name: 'b.input', dtype: 'F32', shape: [3, 7], values: layer(3, 7) },
      { name: 'b.weight', dtype: 'F32', shape: [4, 7], values: layer(4, 7) },
    ], { model: 'm', 'a.projection': 'q' }));
    const whole = readTraceFile(file).value!;
    const lazy = openTraceLayers(file).value!;
    expect(lazy.layers.map((l) => [l.name, l.tokens, l.channels, l.dtype, l.meta, l.weights?.outChannels]))
      .toEqual(whole.layers.map((l) => [l.name, l.tokens, l.channels, l.dtype, l.meta, l.weights?.outChannels]));
    for (let i = 0; i < whole.layers.length; i++) {
      const w = whole.layers[i]!;
      expect(Array.from(lazy.layers[i]!.load().value!.values)).toEqual(Array.from(w.values));
      expect(Array.from(layerCodes(lazy.layers[i]!, 8).codes!)).toEqual(Array.from(quantizeLayer(w.values, w.tokens, w.channels, 8).codes));
    }
  });

  it('reports a non-finite bf16 value of a lazily read layer as the whole-file reader does', () => {
    const dir = tempDir();
    const file = join(dir, 'inf.safetensors');
    writeFileSync(file, encodeSafetensors([{ name: 'x.input', dtype: 'BF16', shape: [2, 2], values: new Float32Array([1, 2, Infinity, 0]) }]));
    const lazy = openTraceLayers(file).value!;
    const got = layerCodes(lazy.layers[0]!, 8);
    expect(got.codes).toBeUndefined();
    expect(got.diagnostics.map((d) => d.message)).toEqual(readTraceFile(file).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message));
  });
});
