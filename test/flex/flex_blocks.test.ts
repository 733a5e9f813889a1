// The step functions a flexible engine adds (sim/cycle/blocks/flex_*.ts, mode_capture.ts) against
// the contract reference (src/ref/functional.ts: topNKeep per group of the active mode, laneChannel
// for the metadata rule), on seeded random inputs in every mode, ties and malformed metadata
// included. The lane a select reaches is decoded here from the largest mode's mux layout.

import { describe, expect, it } from 'vitest';
import type { Pattern } from '../../src/config/pattern.js';
import type { FlexCompressorBlock, FlexDecoderBlock, ModeCaptureBlock } from '../../src/ir/types.js';
import { laneChannel, topNKeep } from '../../src/ref/functional.js';
import { Prng } from '../../src/util/prng.js';
import { createCompressorState, pairsPerGroup } from '../../sim/cycle/blocks/compressor.js';
import { evalFlexCompressor, nextFlexCompressor } from '../../sim/cycle/blocks/flex_compressor.js';
import { evalFlexDecoder } from '../../sim/cycle/blocks/flex_decoder.js';
import { createModeCaptureState, nextModeCapture } from '../../sim/cycle/blocks/mode_capture.js';
import { suiteSeed } from '../helpers/engines.js';

const unwired = { template: 'unused', params: {}, connections: {}, stage: 0 } as const;
const SETS: { modes: Pattern[]; window: number }[] = [
  { modes: [{ n: 2, m: 4 }, { n: 4, m: 8 }, { n: 8, m: 16 }, { n: 16, m: 32 }], window: 32 },
  { modes: [{ n: 8, m: 16 }, { n: 2, m: 4 }], window: 16 },
  { modes: [{ n: 1, m: 4 }, { n: 2, m: 8 }, { n: 4, m: 16 }], window: 32 },
  { modes: [{ n: 3, m: 4 }, { n: 6, m: 8 }], window: 8 },
];
const largest = (modes: readonly Pattern[]): Pattern => modes.reduce((a, b) => (b.m > a.m ? b : a));

function compressor(modes: Pattern[], window: number, pipelined: boolean, org: 'rank' | 'bitonic' = 'rank'): FlexCompressorBlock {
  const { n, m } = largest(modes);
  const comparators = (window / m) * pairsPerGroup(m);
  return {
    ...unwired, kind: 'flex_compressor', name: 'c', org, row: 0, windowChannels: window, n, m, modes, modeSelectBits: 2, actBits: 4,
    pipelineStages: pipelined ? 1 : 0, compareStage: pipelined ? 1 : -1, comparators, comparatorWidthBits: 4, registerBits: pipelined ? comparators : 0,
  };
}

function decoder(modes: Pattern[], window: number, encoding: 'index' | 'bitmask'): FlexDecoderBlock {
  const { n, m } = largest(modes);
  const lanes = (window * n) / m;
  return {
    ...unwired, kind: 'flex_decoder', name: 'd', row: 0, encoding, windowChannels: window, n, m, modes, modeSelectBits: 2, lanes, muxFanIn: m - n + 1,
    metaBits: encoding === 'index' ? lanes * Math.log2(m) : window,
  };
}

const HALF_SETS = SETS.filter((set) => set.modes.every((p) => 2 * p.n === p.m)).concat([
  { modes: [{ n: 1, m: 2 }, { n: 8, m: 16 }, { n: 2, m: 4 }], window: 32 },
  { modes: [{ n: 32, m: 64 }, { n: 4, m: 8 }], window: 64 },
]);
const ORG_CASES = [
  ...SETS.map((set) => ({ ...set, org: 'rank' as const })),
  ...HALF_SETS.map((set) => ({ ...set, org: 'bitonic' as const })),
];

describe('flex_compressor (rank and bitonic) keeps the top n of every group of the active mode', () => {
  const seed = suiteSeed('flex compressor');
  for (const { modes, window, org } of ORG_CASES) {
    for (const pipelined of [false, true]) {
      it(`${org} ${modes.map((p) => `${p.n}:${p.m}`).join(',')} W=${window}${pipelined ? ' (registered)' : ''}`, () => {
        const rng = new Prng(seed);
        const b = compressor(modes, window, pipelined, org);
        const s = createCompressorState(b);
        const act = new Int32Array(window), keep = new Int32Array(window), scratch = new Uint8Array((window / b.m) * pairsPerGroup(b.m));
        for (let trial = 0; trial < 200; trial++) {
          // Small magnitudes of both signs make ties common; -8 is the most negative 4-bit value.
          for (let j = 0; j < window; j++) act[j] = trial % 3 === 0 ? rng.pick([-8, 7, -7, 0, 1, -1]) : rng.int(-8, 7);
          const mode = rng.int(0, modes.length - 1);
          if (pipelined) nextFlexCompressor(b, s, true, mode, act, s);
          evalFlexCompressor(b, s, mode, act, keep, scratch);
          const { n, m } = modes[mode]!;
          const want: number[] = [];
          for (let g = 0; g < window / m; g++) want.push(...topNKeep(act.subarray(g * m, g * m + m), n).map((k) => (k ? 1 : 0)));
          expect([...keep], `seed ${seed} trial ${trial} mode ${n}:${m} act ${[...act].join(',')}`).toEqual(want);
        }
      });
    }
  }

  for (const org of ['rank', 'bitonic'] as const) {
    it(`${org}: keeps nothing for a cfg_mode value that names no mode`, () => {
      const b = compressor([{ n: 2, m: 4 }, { n: 4, m: 8 }, { n: 8, m: 16 }], 16, false, org);
      const keep = new Int32Array(16).fill(1);
      evalFlexCompressor(b, createCompressorState(b), 3, Int32Array.from({ length: 16 }, (_, j) => j - 8), keep, new Uint8Array(120));
      expect([...keep]).toEqual(new Array(16).fill(0));
    });
  }
});

describe('flex_decoder routes each lane to the channel the contract reference names', () => {
  const seed = suiteSeed('flex decoder');
  for (const { modes, window } of SETS) {
    for (const encoding of ['index', 'bitmask'] as const) {
      it(`${modes.map((p) => `${p.n}:${p.m}`).join(',')} W=${window} ${encoding}`, () => {
        const rng = new Prng(seed);
        const b = decoder(modes, window, encoding);
        const F = b.muxFanIn;
        const sel = new Int32Array(b.lanes * F);
        for (let trial = 0; trial < 300; trial++) {
          const mode = rng.int(0, modes.length - 1);
          const { n, m } = modes[mode]!;
          const wellFormed = trial % 2 === 0;
          let meta: Int32Array;
          if (encoding === 'index') {
            // Ascending positions per group (well formed), or any position the entry width holds.
            meta = new Int32Array(b.lanes);
            for (let g = 0; g < window / m; g++) {
              const pos = wellFormed ? sortedSubset(rng, m, n) : Array.from({ length: n }, () => rng.int(0, b.m - 1));
              for (let k = 0; k < n; k++) meta[g * n + k] = pos[k]!;
            }
          } else {
            meta = new Int32Array(window);
            for (let g = 0; g < window / m; g++) {
              const pos = wellFormed ? sortedSubset(rng, m, n) : [...Array(m).keys()].filter(() => rng.bool(0.5));
              for (const j of pos) meta[g * m + j] = 1;
            }
          }
          evalFlexDecoder(b, mode, meta, sel);
          for (let p = 0; p < b.lanes; p++) {
            const g = Math.floor(p / n), k = p % n;
            const groupMeta = encoding === 'index' ? meta.subarray(g * n, g * n + n) : meta.subarray(g * m, g * m + m);
            const j = laneChannel(encoding, groupMeta, k, n, m);
            const want = j < 0 ? -1 : g * m + j;
            const hits = [...sel.subarray(p * F, p * F + F)].flatMap((v, t) => (v ? [t] : []));
            expect(hits.length, `seed ${seed} trial ${trial} lane ${p}`).toBeLessThanOrEqual(1);
            // Candidate t of lane p in the largest mode's mux: channel (p div n*)*m* + p mod n* + t.
            const got = hits.length === 0 ? -1 : Math.floor(p / b.n) * b.m + (p % b.n) + hits[0]!;
            expect(got, `seed ${seed} trial ${trial} mode ${n}:${m} lane ${p} meta ${[...groupMeta].join(',')}`).toBe(want);
          }
        }
      });
    }
  }
});

function sortedSubset(rng: Prng, m: number, n: number): number[] {
  const all = [...Array(m).keys()];
  for (let i = m - 1; i > 0; i--) { const j = rng.int(0, i); [all[i], all[j]] = [all[j]!, all[i]!]; }
  return all.slice(0, n).sort((a, b) => a - b);
}

describe('mode_capture samples cfg_mode with the first slice of each dot product only', () => {
  it('follows a literal model over a random run', () => {
    const seed = suiteSeed('mode capture');
    const rng = new Prng(seed);
    const b: ModeCaptureBlock = { ...unwired, kind: 'mode_capture', name: 'mode_capture', modeSelectBits: 2, registerBits: 3 };
    let s = createModeCaptureState();
    let first = true, mode = -1;
    for (let cyc = 0; cyc < 500; cyc++) {
      const rst_n = cyc > 0 && rng.bool(0.97) ? 1 : 0;
      // take is low during reset (nm_stream_control gates it with rst_n).
      const i = { rst_n, take: rst_n && rng.bool(0.7) ? 1 : 0, last: rng.bool(0.4) ? 1 : 0, cfgMode: rng.int(0, 3) };
      const n = createModeCaptureState();
      nextModeCapture(b, s, i, n);
      // Literal: the mode of a dot product is the value presented with its first taken slice.
      if (i.take && first) mode = i.cfgMode;
      first = !i.rst_n ? true : i.take ? i.last === 1 : first;
      s = n;
      if (mode >= 0) expect(s.mode_q, `seed ${seed} cycle ${cyc}`).toBe(mode);
    }
  });
});
