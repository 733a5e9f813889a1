// Tiling arithmetic (K not divisible by W, short token and column blocks), off-chip sizes of each
// operand, and the timing recurrence: exact slices + L with unlimited bandwidth, a hand-worked
// finite-bandwidth case, and monotonicity in bandwidth.

import { describe, expect, it } from 'vitest';
import { bufferSizes, resolvePorts, tokenBits, transferCycles } from '../../sim/replay/memory_model.js';
import { colsInBlock, tileLayer, tokensInBlock } from '../../sim/replay/tiling.js';
import { timeLayer, type TimingInput } from '../../sim/replay/timing.js';

describe('tiling', () => {
  it('K divisible by W: no padding', () => {
    const t = tileLayer({ windowChannels: 16, rows: 4, cols: 4 }, 8, 64, 8);
    expect(t).toMatchObject({ slicesPerDotProduct: 4, paddedChannelsPerToken: 0, tokenBlocks: 2, columnBlocks: 2, dotProducts: 4, slices: 16, paddedSlices: 0 });
  });

  it('K not divisible by W: the last slice is zero-padded and still costs a cycle', () => {
    const t = tileLayer({ windowChannels: 16, rows: 2, cols: 3 }, 5, 40, 7);
    expect(t).toMatchObject({ slicesPerDotProduct: 3, paddedChannelsPerToken: 8, tokenBlocks: 3, columnBlocks: 3, dotProducts: 9, slices: 27, paddedSlices: 9 });
    expect([0, 1, 2].map((b) => tokensInBlock(t, 2, b))).toEqual([2, 2, 1]);
    expect([0, 1, 2].map((j) => colsInBlock(t, 3, j))).toEqual([3, 3, 1]);
  });

  it('Llama-2-7B down_proj on a 16 x 16 8:16 engine', () => {
    const t = tileLayer({ windowChannels: 16, rows: 16, cols: 16 }, 2048, 11008, 4096);
    expect(t).toMatchObject({ slicesPerDotProduct: 688, tokenBlocks: 128, columnBlocks: 256, dotProducts: 32768, slices: 32768 * 688 });
  });

  it('rejects empty shapes as a bug', () => {
    expect(() => tileLayer({ windowChannels: 4, rows: 1, cols: 1 }, 0, 4, 4)).toThrow(/tokens/);
  });
});

describe('memory model sizes', () => {
  it('dense tokens cost K·A bits, compressed n·A + metadata per real group', () => {
    expect(tokenBits({ kind: 'dense', actBits: 8, n: 8, m: 16, metaBitsPerGroup: 0 }, 40)).toEqual({ valueBits: 320, metaBits: 0 });
    // 40 channels, m = 16: 3 groups (the last one short), each stored as 8 values and 8·4 index bits.
    expect(tokenBits({ kind: 'compressed', actBits: 8, n: 8, m: 16, metaBitsPerGroup: 32 }, 40)).toEqual({ valueBits: 192, metaBits: 96 });
    // bitmask 2:4 on 64 channels: 16 groups of 2 values and 4 mask bits: 1.6x smaller than dense int8 (arXiv:2509.22166).
    const b = tokenBits({ kind: 'compressed', actBits: 8, n: 2, m: 4, metaBitsPerGroup: 4 }, 64);
    expect((64 * 8) / (b.valueBits + b.metaBits)).toBeCloseTo(1.6, 10);
  });

  it('buffers and transfer cycles', () => {
    expect(bufferSizes(16, 16, 11008, { valueBits: 11008 * 8, metaBits: 0 }, 8, 32)).toEqual({
      activationBufferBytes: 2 * 16 * 11008, weightBufferBytes: 2 * 16 * 11008, outputTileBytes: 1024,
    });
    expect(transferCycles(8 * 100, 64)).toBe(2);
    expect(transferCycles(8 * 128, 64)).toBe(2);
    expect(transferCycles(1, 64)).toBe(1);
    expect(transferCycles(12345, Infinity)).toBe(0);
    expect(resolvePorts({})).toEqual({ actBytesPerCycle: Infinity, weightBytesPerCycle: Infinity, sharedRead: true, outputBytesPerCycle: Infinity });
    expect(resolvePorts({ bandwidthBytesPerCycle: 8, weightBandwidthBytesPerCycle: 32 })).toMatchObject({ sharedRead: false, weightBytesPerCycle: 32, outputBytesPerCycle: 8 });
  });
});

describe('timing recurrence', () => {
  const base = (over: Partial<TimingInput> = {}): TimingInput => {
    const tiling = tileLayer({ windowChannels: 4, rows: 1, cols: 1 }, 1, 8, 2);
    return { tiling, rows: 1, cols: 1, latencyCycles: 3, tokenBits: 16, weightRowsPerBlock: [4], weightBits: 8, accBits: 32, ports: resolvePorts({}), ...over };
  };

  it('unlimited bandwidth: slices + L, no stall', () => {
    const tiling = tileLayer({ windowChannels: 16, rows: 2, cols: 3 }, 5, 40, 7);
    const r = timeLayer({ ...base(), tiling, rows: 2, cols: 3, latencyCycles: 5, weightRowsPerBlock: [40, 40, 40] });
    expect(r).toMatchObject({ totalCycles: 27 + 5, computeCycles: 27, inputStallCycles: 0, outputTailCycles: 0, latencyCycles: 5 });
  });

  it('1 byte/cycle, worked by hand', () => {
    // Prologue: 2 activation bytes (cycles 0-1). Tile 0: 4 weight bytes (2-5), slices on 6-7, result on 10,
    // written 11-14. Tile 1: weights 6-9, slices 10-11, result on 14, written 15-18 → 19 cycles.
    const r = timeLayer(base({ ports: resolvePorts({ bandwidthBytesPerCycle: 1 }) }));
    expect(r).toMatchObject({ totalCycles: 19, computeCycles: 4, inputStallCycles: 8, latencyCycles: 3, outputTailCycles: 4, actPortBusyCycles: 10, outputPortBusyCycles: 8 });
  });

  it('a separate weight port overlaps with the activation port', () => {
    const shared = timeLayer(base({ ports: resolvePorts({ bandwidthBytesPerCycle: 1 }) }));
    const split = timeLayer(base({ ports: resolvePorts({ bandwidthBytesPerCycle: 1, weightBandwidthBytesPerCycle: 1 }) }));
    expect(split.totalCycles).toBeLessThanOrEqual(shared.totalCycles);
    expect(split.weightPortBusyCycles).toBe(8);
    expect(split.actPortBusyCycles).toBe(2);
  });

  it('more bandwidth never costs cycles, and enough of it reaches the unlimited count', () => {
    const tiling = tileLayer({ windowChannels: 16, rows: 4, cols: 4 }, 37, 200, 50);
    const input = { ...base(), tiling, rows: 4, cols: 4, latencyCycles: 4, tokenBits: 200 * 8, weightRowsPerBlock: Array.from({ length: 10 }, (_, b) => 100 + b * 10) };
    let prev = Infinity;
    for (const bw of [1, 2, 4, 8, 16, 64, 256, 4096, 1 << 20]) {
      const r = timeLayer({ ...input, ports: resolvePorts({ bandwidthBytesPerCycle: bw }) });
      expect(r.totalCycles).toBeLessThanOrEqual(prev);
      expect(r.totalCycles).toBe(r.computeCycles + r.inputStallCycles + r.latencyCycles + r.outputTailCycles);
      prev = r.totalCycles;
    }
    expect(prev).toBeGreaterThanOrEqual(tiling.slices + 4);
    expect(timeLayer(input).totalCycles).toBe(tiling.slices + 4);
  });
});
