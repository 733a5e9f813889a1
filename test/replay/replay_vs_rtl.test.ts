// The replay's exactness proof: a small layer's slice stream (tiling, zero-padded last slice,
// skipped weight rows sent as zeros) runs through Verilator and the TypeScript cycle model with
// every valid and m_out_ready high; the cycle of the last m_out transfer, counted from the first
// slice, must equal the replay's totalCycles, and every result the direct integer matmul of the kept values.

import { describe, expect, it } from 'vitest';
import { unpackHex } from '../../src/ir/bits.js';
import { generateEngine } from '../../src/emit/generate.js';
import type { EngineIR } from '../../src/ir/types.js';
import type { TraceLayer } from '../../src/trace/types.js';
import { Prng } from '../../src/util/prng.js';
import { simulateStream } from '../../sim/cycle/engine.js';
import { replayLayer, type ReplayTop } from '../../sim/replay/layer_report.js';
import { quantizeActivations, weightCodes } from '../../sim/replay/layer_operands.js';
import { buildSliceStream, expectedTile, keptMatmul } from '../../sim/replay/slice_stream.js';
import type { CycleRecord } from '../../sim/scenario/stimulus.js';
import { buildStimulus, FREE_RUNNING, randomPolicy } from '../../sim/scenario/workload.js';
import { buildVerilatorModel } from '../../sim/rtl/verilator/build.js';
import { runVerilatorModel } from '../../sim/rtl/verilator/run.js';
import { presetIR } from '../helpers/engines.js';
import { haveVerilator } from '../helpers/rtl.js';
import { exampleLayer, randomLayer } from './helpers.js';

interface Case {
  readonly name: string;
  readonly preset: string;
  readonly top: ReplayTop;
  readonly layer: () => TraceLayer;
  readonly outChannels: number;
}

const CASES: readonly Case[] = [
  // 2:4, W=4, 4x4: T=8, K=64, O=8 → 2 x 2 dot products of 16 slices, dense activations in.
  { name: '2:4 nm_engine, T=8 K=64 O=8', preset: 'nm2of4_r4c4', top: 'engine', layer: () => exampleLayer(8, 64), outChannels: 8 },
  // 8:16 bitmask, W=16, 2x3: T=5, K=40 (last slice zero-padded by 8), O=7 from trace weights; short token and column blocks.
  // 16:32, W=32 (L = 5: the compare stage): K=48 pads the second slice by 16; dense reference engine beside it.
  { name: '16:32 nm_engine, T=6 K=48 O=5', preset: 'nm16of32_r4c4', top: 'engine', layer: () => randomLayer(11, 6, 48), outChannels: 5 },
  { name: 'dense 8:8 nm_engine, T=4 K=24 O=4', preset: 'dense_w8_r4c4', top: 'engine', layer: () => exampleLayer(4, 24), outChannels: 4 },
  { name: '8:16 nm_engine_core, T=5 K=40 O=7', preset: 'nm8of16_bitmask_r2c3', top: 'core', layer: () => randomLayer(7, 5, 40, 7), outChannels: 7 },
];

function setup(c: Case, ir: EngineIR) {
  const layer = c.layer();
  const act = quantizeActivations(layer, ir.actBits);
  const wgt = weightCodes(layer, c.outChannels, ir.weightBits, 99);
  const report = replayLayer(ir, layer, { mode: ir.defaultMode, top: c.top, outChannels: c.outChannels });
  const stream = buildSliceStream(ir, ir.defaultMode, act, wgt, layer.tokens, layer.channels, c.outChannels);
  const top = c.top === 'core' ? ir.tops.core : ir.tops.engine;
  const policy = randomPolicy(new Prng(1), stream.slices.length + top.latencyCycles + 8, FREE_RUNNING);
  const stimulus = buildStimulus(ir, top, stream.slices, policy);
  const y = keptMatmul(act, wgt, layer.tokens, layer.channels, c.outChannels, ir.modes[ir.defaultMode]!.n, ir.modes[ir.defaultMode]!.m, ir.accBits);
  return { layer, report, stream, top, stimulus, y };
}

/** Checks a run: cycles from the first slice to the last m_out transfer, and every result. */
function check(ir: EngineIR, s: ReturnType<typeof setup>, records: readonly CycleRecord[]): void {
  const first = records.find((r) => r.actValid && r.actReady)!;
  const outs = records.filter((r) => r.outValid && r.outReady);
  expect(outs).toHaveLength(s.report.tiling.dotProducts);
  expect(outs[outs.length - 1].cycle - first.cycle + 1).toBe(s.report.totalCycles);
  let i = 0;
  for (let b = 0; b < s.report.tiling.tokenBlocks; b++) {
    for (let j = 0; j < s.report.tiling.columnBlocks; j++, i++) {
      const got = unpackHex(outs[i].outHex!, ir.rows * ir.cols, ir.accBits, true);
      expect(got, `dot product (${b}, ${j})`).toEqual(expectedTile(s.y, s.report.tiling, ir.rows, ir.cols, b, j));
    }
  }
}

describe('layer replay cycle count equals the engine\'s', () => {
  for (const c of CASES) {
    it(`${c.name}: TypeScript cycle model`, () => {
      const ir = presetIR(c.preset);
      const s = setup(c, ir);
      expect(s.report.totalCycles).toBe(s.stream.slices.length + s.top.latencyCycles);
      check(ir, s, simulateStream(ir, s.top, s.stimulus));
    });
  }

  describe.runIf(haveVerilator())('on Verilator', () => {
    for (const c of CASES) {
      it(c.name, () => {
        const ir = presetIR(c.preset);
        const s = setup(c, ir);
        const gen = generateEngine(ir);
        const model = buildVerilatorModel(gen.files, gen.verilogFiles, s.top);
        check(ir, s, runVerilatorModel(model.binary, s.stimulus));
      }, 300_000);
    }
  });
});
