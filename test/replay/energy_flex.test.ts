// The energy model's per-block action counts (comparisons, decodes, register bits, the bitonic
// selector's swap muxes) against a literal walk over the IR's blocks written here: every slice of
// every dot product, each block's actions recomputed from its template parameters (the bitonic
// network's compare-and-swaps enumerated with the loops of rtl-templates/nm_topn_bitonic_flex.v,
// the rank pairs one by one), for random flexible engines of both organizations and fixed ones;
// and the new parts priced from the cell figures written out.

import { describe, expect, it } from 'vitest';
import type { Block } from '../../src/ir/types.js';
import { loadEnergyCoefficients } from '../../src/model/energy_actions.js';
import { Prng } from '../../src/util/prng.js';
import { layerEnergy } from '../../sim/replay/layer_energy.js';
import { replayLayer } from '../../sim/replay/layer_report.js';
import { configIR } from '../helpers/engines.js';
import { randomLayer } from './helpers.js';

const log2 = (x: number): number => Math.round(Math.log2(x));

/** Pairs i < j of a group of m, counted one by one. */
function pairsLiteral(m: number): number {
  let pairs = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) pairs++;
  return pairs;
}

/**
 * One group of the bitonic network, walked as the template's loops: merge k, layer j (the last
 * merge its first layer only), one compare-and-swap per position i whose partner bit is 0. Each
 * unit compares two keys of A + log2 M bits; its muxes route both keys (2 MUX2 per key bit), except
 * in the last layer, whose outputs are read only for the index of the max half (log2 M MUX2).
 */
function bitonicGroupLiteral(M: number, A: number): { units: number; muxBits: number } {
  const K = log2(M), keyBits = A + K;
  let units = 0, muxBits = 0;
  for (let k = 1; k <= K; k++) {
    for (let j = 0; j < k; j++) {
      if (!(k < K || j === 0)) continue;
      const last = k === K && j === 0;
      for (let i = 0; i < M; i++) {
        if (((i >> (k - 1 - j)) & 1) !== 0) continue;
        units++;
        muxBits += last ? K : 2 * keyBits;
      }
    }
  }
  return { units, muxBits };
}

interface PerBlock { comparisons: number; comparisonBits: number; decodes: number; regPerSlice: number; regPerDot: number; swapBits: number }

/** What one block does per slice (and per dot product), from its template and parameters. */
function literalBlock(b: Block): PerBlock {
  const p = b.params;
  const z: PerBlock = { comparisons: 0, comparisonBits: 0, decodes: 0, regPerSlice: 0, regPerDot: 0, swapBits: 0 };
  switch (b.template) {
    case 'nm_delay_line': return { ...z, regPerSlice: p.WIDTH! * p.DEPTH! };
    case 'nm_compressor': case 'nm_compressor_flex_rank': {
      const pairs = (p.WINDOW! / p.M!) * pairsLiteral(p.M!);
      return { ...z, comparisons: pairs, comparisonBits: p.A!, regPerSlice: p.PIPE! * pairs };
    }
    case 'nm_compressor_flex_bitonic': {
      const g = bitonicGroupLiteral(p.M!, p.A!), groups = p.WINDOW! / p.M!;
      return { ...z, comparisons: groups * g.units, comparisonBits: p.A! + log2(p.M!), regPerSlice: p.PIPE! * p.WINDOW!, swapBits: groups * g.muxBits };
    }
    case 'nm_meta_decode_bitmask': case 'nm_meta_decode_index': case 'nm_meta_decode_flex_bitmask': case 'nm_meta_decode_flex_index':
      return { ...z, decodes: (p.WINDOW! * p.N!) / p.M! };
    // first_q loads on every slice taken, mode_r (MB bits) on a dot product's first slice.
    case 'nm_mode_capture': return { ...z, regPerSlice: 1, regPerDot: p.MB! };
    default: return z; // control, lane muxes and PEs: counted by test/replay/energy.test.ts
  }
}

const FLEX_SETS: Record<'rank' | 'bitonic', readonly (readonly string[])[]> = {
  rank: [['2:4', '8:16'], ['2:4', '4:8', '8:16', '16:32'], ['8:16', '2:4'], ['1:4', '2:8', '4:16'], ['3:4', '6:8']],
  bitonic: [['2:4', '4:8', '8:16', '16:32'], ['8:16', '2:4'], ['1:2', '2:4', '4:8'], ['2:4', '4:8']],
};

function randomDescription(rng: Prng, kind: 'rank' | 'bitonic' | 'fixed'): Record<string, unknown> {
  const common = { rows: rng.int(1, 3), cols: rng.int(1, 3), actBits: rng.pick([4, 6, 8]), meta: rng.pick(['index', 'bitmask']), ...(rng.bool(0.4) ? { schedule: { readyCut: true } } : {}) };
  if (kind === 'fixed') {
    const pattern = rng.pick(['2:4', '8:16', '16:32', '3:4', '4:4']);
    return { ...common, pattern, window: Number(pattern.split(':')[1]) * rng.int(1, 2) };
  }
  const modes = rng.pick(FLEX_SETS[kind]);
  const mStar = Math.max(...modes.map((s) => Number(s.split(':')[1])));
  return { ...common, modes, org: kind, window: mStar * rng.int(1, 2) };
}

describe('energy action counts of every block kind equal a literal walk over the IR blocks', () => {
  const seed = 6021;
  const rng = new Prng(seed);
  for (const kind of ['rank', 'bitonic', 'fixed'] as const) {
    for (let k = 0; k < 4; k++) {
      const input = randomDescription(rng, kind);
      const T = rng.int(1, 9), K = rng.int(1, 90), O = rng.int(1, 7), layerSeed = rng.int(1, 1e6);
      const mode = rng.int(0, (Array.isArray(input.modes) ? input.modes.length : 1) - 1);
      for (const top of ['engine', 'core'] as const) {
        it(`${kind} ${JSON.stringify(input)} mode ${mode}, T=${T} K=${K} O=${O}, ${top} (seed ${seed}, layer ${layerSeed})`, () => {
          const ir = configIR(input);
          const report = replayLayer(ir, randomLayer(layerSeed, T, K), { mode, top, outChannels: O });
          const { counts, energy } = layerEnergy(ir, top, report, { periodNs: 2 });
          const W = Number(input.window), R = Number(input.rows), C = Number(input.cols);
          // Literal walk: every token block, column block and slice, every block of the top.
          let comparisons = 0, decodes = 0, registerBits = 0, swapBits = 0, comparisonBits = 0;
          const blocks = ir.tops[top].blocks.map(literalBlock);
          for (let b = 0; b < Math.ceil(T / R); b++) {
            for (let j = 0; j < Math.ceil(O / C); j++) {
              for (let s = 0; s < Math.ceil(K / W); s++) {
                for (const a of blocks) {
                  comparisons += a.comparisons; decodes += a.decodes; registerBits += a.regPerSlice; swapBits += a.swapBits;
                  if (a.comparisonBits > 0) comparisonBits = a.comparisonBits;
                  if (s === 0) registerBits += a.regPerDot;
                }
              }
            }
          }
          const dense = ir.modes.every((p) => p.n === p.m);
          if (!dense) expect(decodes).toBeGreaterThan(0);
          if (!dense && top === 'engine') expect(comparisons).toBeGreaterThan(0);
          expect(counts.comparisons).toBe(comparisons);
          expect(counts.comparisonBits).toBe(comparisonBits);
          expect(counts.decodes).toBe(decodes);
          expect(counts.registerBitWrites).toBe(registerBits);
          const e = loadEnergyCoefficients().components;
          const part = (name: string) => energy.parts.find((p) => p.name === name);
          expect(part('comparisons')!.pj).toBeCloseTo(comparisons * e.comparisonPjPerBit * comparisonBits, 6);
          expect(part('decodes')!.pj).toBeCloseTo(decodes * e.decodePjPerLane, 6);
          if (swapBits > 0) {
            // MUX2_X1: internal 4.9951 fJ per output transition, pins A 0.95, B 0.94, S 1.92 fF; 1.1 V
            // (src/synth/tech/nangate45_cells.ts): half a transition of the output (driving an A and
            // a B pin) and of the select (its S pin) per bit update of random data.
            const pjPerBit = (0.5 * (4.9951 + 0.5 * 1.1 * 1.1 * (0.95 + 0.94 + 1.92))) / 1000;
            expect(counts.swapMuxBitUpdates).toBe(swapBits);
            expect(part('swap_muxes')!.pjPerAction).toBeCloseTo(pjPerBit, 12);
            expect(part('swap_muxes')!.pj).toBeCloseTo(swapBits * pjPerBit, 6);
          } else {
            expect(counts.swapMuxBitUpdates).toBeUndefined();
            expect(part('swap_muxes')).toBeUndefined();
          }
          const corePart = energy.parts.filter((p) => !['activation_buffer', 'weight_buffer', 'output_buffer', 'off_chip'].includes(p.name));
          expect(energy.corePj).toBeCloseTo(corePart.reduce((s, p) => s + p.pj, 0), 6);
        });
      }
    }
  }
});

describe('the bitonic network walk matches its published size', () => {
  it('(M/2)(K(K-1)/2 + 1) compare-and-swaps per group of M = 2^K (the template header)', () => {
    for (let K = 1; K <= 6; K++) expect(bitonicGroupLiteral(2 ** K, 8).units).toBe((2 ** K / 2) * ((K * (K - 1)) / 2 + 1));
  });
});
