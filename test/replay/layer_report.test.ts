// N:M selection of the replay against nm_stats and the contract reference, the report's fields and
// units (bytes per operand, kept values, weight rows, utilization, speedup over dense), output
// channel resolution and the weight operands.

import { describe, expect, it } from 'vitest';
import { quantizeLayer } from '../../src/trace/quantize.js';
import { nmStats } from '../../src/trace/nm_stats.js';
import { Prng } from '../../src/util/prng.js';
import { blockKeep } from '../../sim/replay/block_keep.js';
import { replayLayer, replayTotals } from '../../sim/replay/layer_report.js';
import { quantizeActivations, resolveOutChannels, weightCodes } from '../../sim/replay/layer_operands.js';
import { keptChannels } from '../../sim/replay/slice_stream.js';
import { configIR } from '../helpers/engines.js';
import { exampleLayer, randomLayer } from './helpers.js';

function randomCodes(seed: number, count: number, maxMag: number): Int16Array {
  const rng = new Prng(seed);
  return Int16Array.from({ length: count }, () => rng.int(-maxMag, maxMag));
}

describe('block keep', () => {
  for (const [n, m, K, maxMag] of [[2, 4, 64, 127], [8, 16, 40, 3], [16, 32, 100, 1], [1, 4, 9, 2], [3, 8, 21, 128]] as const) {
    it(`${n}:${m}, K = ${K}, |a| <= ${maxMag}: agrees with nm_stats and the contract reference`, () => {
      const T = 13, R = 4;
      const codes = randomCodes(n * 1000 + K, T * K, maxMag);
      const k = blockKeep(codes, T, K, n, m, R);
      const s = nmStats({ tokens: T, channels: K, actBits: 9, codes, scales: new Float64Array(T) }, { n, m }, R);
      expect(k.keptValues).toBe(s.keptValues);
      expect(k.keptNonZero).toBe(s.keptNonZero);
      expect([...k.weightRowsPerBlock].reduce((a, b) => a + b, 0)).toBe(s.weightRowsFetched);
      const kept = keptChannels(codes, T, K, n, m);
      for (let b = 0; b < Math.ceil(T / R); b++) {
        const union = new Set<number>();
        for (let t = b * R; t < Math.min(T, b * R + R); t++) for (let c = 0; c < K; c++) if (kept[t * K + c]) union.add(c);
        expect(k.weightRowsPerBlock[b], `block ${b}`).toBe(union.size);
      }
    });
  }
});

describe('layer report', () => {
  const layer = randomLayer(3, 37, 200, 50);

  it('nm_engine: dense activations, weight rows skipped, every unit consistent', () => {
    const ir = configIR({ pattern: '8:16', rows: 4, cols: 4 });
    const r = replayLayer(ir, layer, { mode: ir.defaultMode, top: 'engine', outChannels: 50 });
    expect(r.engine).toMatchObject({ pattern: '8:16', top: 'nm_engine', windowChannels: 16, lanes: 8, multipliers: 128 });
    expect(r.tiling).toMatchObject({ slicesPerDotProduct: 13, paddedChannelsPerToken: 8, tokenBlocks: 10, columnBlocks: 13 });
    expect(r.totalCycles).toBe(r.tiling.slices + ir.tops.engine.latencyCycles);
    expect(r.stallCycles).toBe(0);
    // 200 channels = 12 full groups of 16 (8 kept) + one group of 8 real channels (8 kept).
    expect(r.keptValues).toBe(37 * (12 * 8 + 8));
    expect(r.usefulMacs).toBe(r.keptNonZeroValues * 50);
    expect(r.macUtilization).toBeCloseTo(r.usefulMacs / (128 * r.totalCycles), 12);
    expect(r.bytes).toMatchObject({ activationBytes: 37 * 200, metadataBytes: 0, outputBytes: 37 * 50 * 4 });
    expect(r.bytes.weightBytes).toBe(r.weightRowsFetched * 50);
    expect(r.weightRowsFetched).toBeLessThanOrEqual(r.weightRowsDense);
    expect(r.weightRowsDense).toBe(10 * 200);
    // Dense engine: window 8 (same 8 lanes), 25 slices per dot product, L = 3.
    expect(r.dense).toMatchObject({ windowChannels: 8, slicesPerDotProduct: 25, latencyCycles: 3, totalCycles: 130 * 25 + 3 });
    expect(r.speedupOverDense).toBeCloseTo((130 * 25 + 3) / (130 * 13 + r.timing.latencyCycles), 12);
  });

  it('nm_engine_core: compressed activations plus index metadata', () => {
    const ir = configIR({ pattern: '2:4', rows: 4, cols: 4 });
    const r = replayLayer(ir, layer, { mode: ir.defaultMode, top: 'core', outChannels: 50 });
    expect(r.engine.top).toBe('nm_engine_core');
    expect(r.bytes.activationBytes).toBe(37 * 50 * 2);
    expect(r.bytes.metadataBytes).toBe((37 * 50 * 2 * 2) / 8);
    expect(r.speedupOverDense).toBeGreaterThan(1.9);
  });

  it('no weight-row skipping fetches every row; finite bandwidth adds stalls', () => {
    const ir = configIR({ pattern: '8:16', rows: 4, cols: 4 });
    const r = replayLayer(ir, layer, { mode: ir.defaultMode, top: 'engine', outChannels: 50, memory: { bandwidthBytesPerCycle: 4, weightRowSkipping: false } });
    expect(r.weightRowsFetched).toBe(r.weightRowsDense);
    expect(r.stallCycles).toBeGreaterThan(0);
    expect(r.totalCycles).toBe(r.computeCycles + r.stallCycles + r.timing.latencyCycles);
    const t = replayTotals([r, r]);
    expect(t).toMatchObject({ layers: 2, totalCycles: 2 * r.totalCycles, usefulMacs: 2 * r.usefulMacs });
    expect(t.macUtilization).toBeCloseTo(r.macUtilization, 12);
  });

  it('precomputed codes give the same report', () => {
    const ir = configIR({ pattern: '4:8', rows: 3, cols: 5 });
    const a = replayLayer(ir, layer, { mode: ir.defaultMode, top: 'engine', outChannels: 50 });
    const b = replayLayer(ir, layer, { mode: ir.defaultMode, top: 'engine', outChannels: 50, codes: quantizeActivations(layer, 8) });
    expect(b).toEqual(a);
  });
});

describe('layer operands', () => {
  it('O from the weights, an option or the model shape; an error otherwise', () => {
    expect(resolveOutChannels(randomLayer(1, 2, 8, 5))).toMatchObject({ outChannels: 5, source: 'trace weights' });
    expect(resolveOutChannels(randomLayer(1, 2, 8, 5), 6).diagnostics[0].code).toBe('replay_out_channels_mismatch');
    expect(resolveOutChannels(randomLayer(1, 2, 8), 6)).toMatchObject({ outChannels: 6, source: 'option' });
    const down = { ...randomLayer(1, 2, 11008), meta: { model: 'Llama-2-7B', projection: 'down' as const } };
    expect(resolveOutChannels(down)).toMatchObject({ outChannels: 4096, source: 'model shape' });
    expect(resolveOutChannels(randomLayer(1, 2, 8)).diagnostics[0].code).toBe('replay_unknown_out_channels');
  });

  it('random weights are seeded B-bit integers; trace weights are quantized per output row', () => {
    const l = exampleLayer(4, 64);
    const a = weightCodes(l, 3, 4, 7);
    expect(a).toEqual(weightCodes(l, 3, 4, 7));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(-8);
    expect(Math.max(...a)).toBeLessThanOrEqual(7);
    const w = randomLayer(2, 2, 16, 3);
    expect(weightCodes(w, 3, 8, 0)).toEqual(quantizeLayer(w.weights!.values, 3, 16, 8).codes);
  });
});
