// The energy model's action counts against a literal count of the replayed layer (every token
// block, column block, slice, row and lane walked one by one, the top-n selection redone by
// sorting), and a layer's energy against the sum of its parts priced independently.

import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/util/prng.js';
import { loadEnergyCoefficients } from '../../src/model/energy_actions.js';
import { dramPjPerByte, sramPjPerByte } from '../../src/model/memory_energy.js';
import { layerEnergy } from '../../sim/replay/layer_energy.js';
import { replayLayer } from '../../sim/replay/layer_report.js';
import { configIR } from '../helpers/engines.js';
import { randomLayer } from './helpers.js';

/** Kept non-zero values of a token, by sorting each zero-padded group on (|a| desc, index asc). */
function keptNonZeroLiteral(codes: Int16Array, T: number, K: number, n: number, m: number): number {
  let count = 0;
  const padded = Math.ceil(K / m) * m;
  for (let t = 0; t < T; t++) {
    for (let g = 0; g < padded; g += m) {
      const group = Array.from({ length: m }, (_, i) => ({ i, a: g + i < K ? codes[t * K + g + i]! : 0 }));
      group.sort((x, y) => Math.abs(y.a) - Math.abs(x.a) || x.i - y.i);
      count += group.slice(0, n).filter((x) => x.a !== 0).length;
    }
  }
  return count;
}

const CASES = [
  { pattern: '2:4', window: 8, rows: 2, cols: 3, T: 7, K: 37, O: 5 },
  { pattern: '8:16', window: 16, rows: 4, cols: 2, T: 9, K: 50, O: 7 },
  { pattern: '16:32', window: 32, rows: 1, cols: 4, T: 3, K: 64, O: 9 },
  { pattern: '4:4', window: 4, rows: 2, cols: 2, T: 5, K: 10, O: 3 },
] as const;

describe('energy model action counts equal a literal count of the replay', () => {
  for (const c of CASES) {
    for (const top of ['engine', 'core'] as const) {
      const seed = 4242 + c.K + (top === 'core' ? 1 : 0);
      it(`${c.pattern} W=${c.window} ${c.rows}x${c.cols}, T=${c.T} K=${c.K} O=${c.O}, ${top} (seed ${seed})`, () => {
        const ir = configIR({ pattern: c.pattern, window: c.window, rows: c.rows, cols: c.cols });
        const rng = new Prng(seed);
        const codes = Int16Array.from({ length: c.T * c.K }, () => (rng.bool(0.3) ? 0 : rng.int(-127, 127)));
        const layer = randomLayer(seed, c.T, c.K);
        const report = replayLayer(ir, layer, { mode: ir.defaultMode, top, outChannels: c.O, codes });
        const { counts } = layerEnergy(ir, top, report);
        const [n, m] = c.pattern.split(':').map(Number) as [number, number];
        const P = (c.window * n) / m, groups = c.window / m, sparse = n < m;
        // Literal walk over the stream: every slice of every dot product.
        let slices = 0, macSlots = 0, comparisons = 0, actSel = 0, wgtSel = 0, decodes = 0;
        const S = Math.ceil(c.K / c.window);
        for (let b = 0; b < Math.ceil(c.T / c.rows); b++) {
          for (let j = 0; j < Math.ceil(c.O / c.cols); j++) {
            for (let s = 0; s < S; s++) {
              slices++;
              for (let r = 0; r < c.rows; r++) {
                if (sparse && top === 'engine') comparisons += groups * ((m * (m - 1)) / 2);
                // nm_engine_core takes the kept values already in lane order: no activation mux.
                if (sparse) { if (top === 'engine') actSel += P; decodes += P; }
                for (let col = 0; col < c.cols; col++) { macSlots += P; if (sparse) wgtSel += P; }
              }
            }
          }
        }
        const nonZero = keptNonZeroLiteral(codes, c.T, c.K, n, m) * c.O;
        expect(counts.slices).toBe(slices);
        expect(counts.macSlots).toBe(macSlots);
        expect(counts.macsNonZero).toBe(nonZero);
        expect(counts.macsZero).toBe(macSlots - nonZero);
        expect(counts.comparisons).toBe(comparisons);
        expect(counts.actSelections).toBe(actSel);
        expect(counts.wgtSelections).toBe(wgtSel);
        // nm_engine decodes the compressor's keep mask (bitmask decoder) as nm_engine_core decodes its metadata.
        expect(counts.decodes).toBe(decodes);
        expect(counts.offChipBytes).toBe(report.bytes.activationBytes + report.bytes.metadataBytes + report.bytes.weightBytes + report.bytes.outputBytes);
      });
    }
  }
});

describe('readyCut: the result skid\'s muxes (two MUX2 per result bit) are priced', () => {
  // MUX2_X1 internal energy 4.9951 fJ per output transition, DFF_X1 D pin 1.14 fF, 1.1 V (NanGate45
  // typical corner, src/synth/tech/nangate45_cells.ts): half a transition per bit update of random data.
  const pjPerUpdate = (0.5 * (4.9951 + 0.5 * 1.1 * 1.1 * 1.14)) / 1000;
  const rng = new Prng(5150);
  for (let k = 0; k < 4; k++) {
    const pattern = rng.pick(['2:4', '8:16', '4:4', '1:2']);
    const m = Number(pattern.split(':')[1]);
    const c = { pattern, window: m * rng.int(1, 3), rows: rng.int(1, 4), cols: rng.int(1, 4), accBits: rng.pick([20, 32, 48]), T: rng.int(1, 11), K: rng.int(1, 70), O: rng.int(1, 9) };
    for (const top of ['engine', 'core'] as const) {
      it(`${JSON.stringify(c)}, ${top} (seed 5150): counted per slice and per result, priced from the cell table; none without readyCut`, () => {
        const input = { pattern: c.pattern, window: c.window, rows: c.rows, cols: c.cols, accBits: c.accBits };
        const layer = randomLayer(900 + k, c.T, c.K);
        const ir = configIR({ ...input, schedule: { readyCut: true } });
        const report = replayLayer(ir, layer, { mode: ir.defaultMode, top, outChannels: c.O });
        const { counts, energy } = layerEnergy(ir, top, report, { periodNs: 2 });
        // Literal walk: every dot product of every token and column block, every slice, every PE's acc bits.
        let updates = 0;
        for (let b = 0; b < Math.ceil(c.T / c.rows); b++) {
          for (let j = 0; j < Math.ceil(c.O / c.cols); j++) {
            for (let s = 0; s < Math.ceil(c.K / c.window); s++) updates += c.rows * c.cols * c.accBits; // accumulator-input mux
            updates += c.rows * c.cols * c.accBits; // output mux, once per result
          }
        }
        expect(counts.skidMuxBitUpdates).toBe(updates);
        const skid = energy.parts.find((p) => p.name === 'skid_muxes')!;
        expect(skid.count).toBe(updates);
        expect(skid.pjPerAction).toBeCloseTo(pjPerUpdate, 12);
        const withoutSkid = energy.parts.filter((p) => p.name !== 'skid_muxes');
        const rest = layerEnergy(configIR(input), top, replayLayer(configIR(input), layer, { mode: 0, top, outChannels: c.O }), { periodNs: 2 });
        expect(rest.counts.skidMuxBitUpdates).toBeUndefined();
        expect(rest.energy.parts.map((p) => p.name)).toEqual(withoutSkid.map((p) => p.name));
        const core = withoutSkid.filter((p) => !['activation_buffer', 'weight_buffer', 'output_buffer', 'off_chip'].includes(p.name)).reduce((s, p) => s + p.pj, 0);
        expect(energy.corePj).toBeCloseTo(core + updates * pjPerUpdate, 6);
      });
    }
  }
});

describe('a layer\'s energy is the sum of its parts', () => {
  it('8:16 engine on a random layer: parts priced by hand add up to the total', () => {
    const ir = configIR({ pattern: '8:16', window: 16, rows: 2, cols: 2 });
    const layer = randomLayer(77, 6, 48);
    const report = replayLayer(ir, layer, { mode: ir.defaultMode, top: 'engine', outChannels: 5 });
    const { counts, energy } = layerEnergy(ir, 'engine', report, { periodNs: 1.5 });
    const e = loadEnergyCoefficients().components;
    const byName = new Map(energy.parts.map((p) => [p.name, p.pj]));
    const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b)));
    close(byName.get('mac_nonzero')!, counts.macsNonZero * e.macNonZeroPjPerProductBit * 64);
    close(byName.get('mac_zero')!, counts.macsZero * e.macZeroPjPerProductBit * 64);
    close(byName.get('comparisons')!, counts.comparisons * e.comparisonPjPerBit * 8);
    close(byName.get('off_chip')!, counts.offChipBytes * dramPjPerByte());
    close(byName.get('weight_buffer')!, (counts.buffer.weightReadBytes + counts.buffer.weightWriteBytes) * sramPjPerByte(report.buffers.weightBufferBytes));
    let sum = 0;
    for (const p of energy.parts) { close(p.pj, p.count * p.pjPerAction); sum += p.pj; }
    close(energy.totalPj, sum);
    close(energy.corePj + energy.bufferPj + energy.offChipPj, energy.totalPj);
    close(energy.pjPerToken * report.tokens, energy.totalPj);
    close(energy.pjPerMac * report.usefulMacs, energy.totalPj);
    expect(energy.totalPj).toBeGreaterThan(0);
  });

  it('SRAM energy follows the published points and grows with capacity', () => {
    expect(sramPjPerByte(8 * 1024) * 8).toBeCloseTo(10, 9);
    expect(sramPjPerByte(32 * 1024) * 8).toBeCloseTo(20, 9);
    expect(sramPjPerByte(1024 * 1024) * 8).toBeCloseTo(100, 9);
    expect(sramPjPerByte(100)).toBe(sramPjPerByte(8 * 1024));
    expect(sramPjPerByte(200 * 1024)).toBeGreaterThan(sramPjPerByte(32 * 1024));
    expect(sramPjPerByte(200 * 1024)).toBeLessThan(sramPjPerByte(1024 * 1024));
  });
});
