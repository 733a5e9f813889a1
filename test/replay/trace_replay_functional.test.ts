// `simulate --functional`'s per-layer task (sim/replay/trace_replay.ts replayLazyLayer with
// functionalSeed): each layer is read from the trace once (the reads counted on the shipped
// examples, an F32 layer with weights and a BF16 one without), its timing report is the one the
// replay gives without --functional, and its outputs (.npy) equal the contract's dot product
// (src/ref/functional.ts: naive top-n, bigint sums) on the replay's operand codes.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { referenceDotProduct } from '../../src/ref/functional.js';
import { openTraceLayers, type LazyTraceLayer } from '../../src/trace/layer_stream.js';
import { quantizeActivations, weightCodes } from '../../sim/replay/layer_operands.js';
import { replayLazyLayer, type LayerTask } from '../../sim/replay/trace_replay.js';
import { suiteSeed } from '../helpers/engines.js';
import { EXAMPLES } from './helpers.js';

const seed = suiteSeed('trace-replay-functional');

/** The layer behind a counter of every read of its data. */
function counted(layer: LazyTraceLayer): { layer: LazyTraceLayer; reads: () => number } {
  let reads = 0;
  return {
    reads: () => reads,
    layer: {
      name: layer.name, tokens: layer.tokens, channels: layer.channels, dtype: layer.dtype, meta: layer.meta,
      ...(layer.weights !== undefined ? { weights: layer.weights } : {}),
      readInputBytes: () => { reads++; return layer.readInputBytes(); },
      readInputRows: (first, tokens, into) => { reads++; return layer.readInputRows(first, tokens, into); },
      load: () => { reads++; return layer.load(); },
    },
  };
}

/** The .npy's int32 elements (the header's shape checked). */
function npyInt32(bytes: Uint8Array, rows: number, cols: number): number[] {
  const headerLength = bytes[8]! | (bytes[9]! << 8);
  const header = Buffer.from(bytes.subarray(10, 10 + headerLength)).toString('latin1');
  expect(header).toContain("'descr': '<i4'");
  expect(header).toContain(`'shape': (${rows}, ${cols})`);
  return Array.from(new Int32Array(bytes.slice(10 + headerLength).buffer));
}

const CASES = [
  { file: 'llama_gate_t16_k64.safetensors', pattern: '2:4', window: 8, outChannels: undefined },
  { file: 'llama2_down_t8_k11008.safetensors', pattern: '8:16', window: 32, outChannels: 12 },
] as const;

describe(`simulate --functional: one read per layer (seed ${seed})`, () => {
  for (const c of CASES) {
    it(`${c.file} on ${c.pattern}: read once, the same timing report, outputs equal to the contract reference`, () => {
      const ir = elaborate(validateConfig({ pattern: c.pattern, window: c.window, rows: 2, cols: 3 }).config!);
      const lazy = openTraceLayers(join(EXAMPLES, c.file)).value!.layers[0]!;
      const O = c.outChannels ?? lazy.weights!.outChannels;
      const task: LayerTask = { layerIndex: 0, outChannels: O, outChannelsSource: c.outChannels === undefined ? 'trace weights' : 'option' };
      const settings = { mode: 0, top: 'engine' as const, memory: {} };
      const withFunctional = counted(lazy);
      const got = replayLazyLayer(ir, withFunctional.layer, task, { ...settings, functionalSeed: seed });
      expect(withFunctional.reads()).toBe(1);
      if (!('report' in got)) throw new Error(JSON.stringify(got.diagnostics));
      const timingOnly = replayLazyLayer(ir, lazy, task, settings);
      expect(got.report).toEqual((timingOnly as { report: unknown }).report);

      const layer = lazy.load().value!;
      const x = quantizeActivations(layer, ir.actBits), w = weightCodes(layer, O, ir.weightBits, seed);
      const K = layer.channels;
      const { n, m } = ir.modes[0]!;
      const expected: number[] = [];
      for (let t = 0; t < layer.tokens; t++) {
        const act = Int32Array.from(x.subarray(t * K, (t + 1) * K));
        for (let o = 0; o < O; o++) {
          const wgt = Int32Array.from(w.subarray(o * K, (o + 1) * K));
          expected.push(Number(referenceDotProduct({ windowChannels: K, rows: 1, cols: 1, accBits: ir.accBits }, { n, m }, [{ act, wgt, last: true, mode: 0 }])[0]));
        }
      }
      expect(got.functional!.int32).toBe(true);
      expect(got.functional!.laneMacs).toBe((layer.tokens * O * K * n) / m);
      expect(npyInt32(got.functional!.npy, layer.tokens, O)).toEqual(expected);
    });
  }
});
