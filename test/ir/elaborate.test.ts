// The elaborated IR: derived numbers per pattern (lanes, fan-in, comparators, widths, stages,
// latency), the register-bit bookkeeping (stages + control = resources), the stable text dump,
// and invariants over a seeded spread of random descriptions.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { printIR } from '../../src/report/ir_text.js';
import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { configIR, presetIR, randomDescriptions, suiteSeed } from '../helpers/engines.js';

describe('derived numbers', () => {
  it.each([
    // pattern, window, lanes, fan-in, comparators/group, engine L, core L, meta bits/row (index)
    ['2:4', 4, 2, 3, 6, 4, 4, 4],
    ['2:4', 16, 8, 3, 6, 4, 4, 16],
    ['4:8', 8, 4, 5, 28, 4, 4, 12],
    ['8:16', 16, 8, 9, 120, 5, 4, 32],
    ['16:32', 32, 16, 17, 496, 5, 4, 80],
    ['1:4', 4, 1, 4, 6, 4, 4, 2],
    ['8:8', 8, 8, 1, 0, 3, 3, 0],
  ] as const)('%s with window %i', (pattern, window, lanes, fanIn, cmp, engineL, coreL, metaBits) => {
    const ir = configIR({ pattern, window, rows: 2, cols: 3 });
    expect(ir.lanes).toBe(lanes);
    expect(ir.modes[0]!.muxFanIn).toBe(fanIn);
    expect(ir.modes[0]!.comparatorsPerGroup).toBe(cmp);
    expect(ir.tops.engine.latencyCycles).toBe(engineL);
    expect(ir.tops.core.latencyCycles).toBe(coreL);
    expect(ir.metaBitsPerRow).toBe(metaBits);
  });

  it('resource counts follow the array: R*C*P multipliers, R*P*F + R*C*P*F mux inputs, R*(W/m)*m(m-1)/2 comparators', () => {
    const ir = configIR({ pattern: '8:16', window: 32, rows: 3, cols: 5 });
    const r = ir.tops.engine.resources;
    expect(r.multipliers).toBe(3 * 5 * 16);
    expect(r.actMuxInputs).toBe(3 * 16 * 9);
    expect(r.weightMuxInputs).toBe(3 * 5 * 16 * 9);
    expect(r.comparators).toBe(3 * 2 * 120);
    expect(ir.tops.core.resources.comparators).toBe(0);
    expect(ir.tops.core.resources.actMuxInputs).toBe(0);
  });

  it('psum width is A+B+clog2(P), capped at the accumulator', () => {
    expect(configIR({ pattern: '16:32', rows: 1, cols: 1 }).psumBits).toBe(8 + 8 + 4);
    expect(configIR({ pattern: '16:32', rows: 1, cols: 1, accBits: 17 }).psumBits).toBe(17);
  });

  it('bitmask metadata is one bit per channel', () => {
    expect(configIR({ pattern: '8:16', window: 32, rows: 1, cols: 1, meta: 'bitmask' }).metaBitsPerRow).toBe(32);
  });
});

function checkRegisterBookkeeping(ir: EngineIR, top: TopIR): void {
  const control = top.blocks.find((b) => b.kind === 'stream_control')!.registerBits;
  const stageBits = top.stages.reduce((s, st) => s + st.dataRegisterBits, 0);
  expect(stageBits + control, `${top.module} of ${ir.configHash}`).toBe(top.resources.registerBits);
  expect(top.stages.map((s) => s.index)).toEqual(top.stages.map((_, i) => i));
  expect(top.latencyCycles).toBe(top.stages.length);
  expect(top.stages[0]!.name).toBe('input');
  expect(top.stages.at(-1)!.name).toBe('output');
}

describe('invariants', () => {
  it('every preset: stage register bits plus control equal the register count; L = stages', () => {
    for (const p of PRESETS) {
      const ir = presetIR(p.name);
      checkRegisterBookkeeping(ir, ir.tops.engine);
      checkRegisterBookkeeping(ir, ir.tops.core);
    }
  });

  it('random descriptions elaborate with consistent numbers', () => {
    const seed = suiteSeed('ir invariants');
    for (const d of randomDescriptions(seed, 300, { maxM: 64, maxRows: 64, maxCols: 64, maxWindow: 256 })) {
      const ir = configIR(d);
      const { n, m } = ir.modes[0]!;
      expect(ir.lanes * m).toBe(ir.windowChannels * n);
      expect(ir.dense).toBe(n === m);
      if (!ir.dense && ir.meta === 'index') expect(ir.metaBitsPerRow).toBe(ir.lanes * Math.log2(m));
      expect(ir.psumBits).toBeGreaterThanOrEqual(ir.actBits + ir.weightBits);
      expect(ir.psumBits).toBeLessThanOrEqual(ir.accBits);
      checkRegisterBookkeeping(ir, ir.tops.engine);
      checkRegisterBookkeeping(ir, ir.tops.core);
      const pes = ir.tops.engine.blocks.filter((b) => b.kind === 'pe');
      expect(pes).toHaveLength(ir.rows * ir.cols);
    }
  });

  it('elaboration is deterministic and the hash tracks the description', () => {
    const a = elaborate(validateConfig({ pattern: '8:16', rows: 2, cols: 2 }).config!);
    const b = elaborate(validateConfig({ pattern: '8:16', rows: 2, cols: 2 }).config!);
    const c = elaborate(validateConfig({ pattern: '8:16', rows: 2, cols: 3 }).config!);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(a.configHash).not.toBe(c.configHash);
  });
});

describe('printIR', () => {
  it('prints a stable summary', () => {
    expect(printIR(configIR({ pattern: '2:4', rows: 1, cols: 2 }))).toMatchInlineSnapshot(`
      "engine 4048c797f98b03b7 (IR v1, contract v1)
        modes 2:4
        window 4 channels, 2 lanes, 1 x 2 PEs
        operands A = 8 bits, B = 8 bits, accumulator 32 bits, psum 17 bits
        mux fan-in 3, 6 comparators per group, index metadata 4 bits per token row
      top nm_engine (dense activations in), latency L = 4 cycles
        stage 0 input         96 data register bits  slice register: written by the edge that takes the slice from both streams
        stage 1 lane          86 data register bits  compacted activations and one-hot lane selects, weights beside them
        stage 2 psum          34 data register bits  per-PE sum of the lane products (weight mux, multipliers, adder tree before it)
        stage 3 output       128 data register bits  accumulator and result register (m_out_data); its valid bit is m_out_valid
        port input  clk                1 bits
        port input  rst_n              1 bits
        port input  s_act_valid        1 bits
        port output s_act_ready        1 bits
        port input  s_act_last         1 bits
        port input  s_act_data        32 bits
        port input  s_wgt_valid        1 bits
        port output s_wgt_ready        1 bits
        port input  s_wgt_data        64 bits
        port output m_out_valid        1 bits
        port input  m_out_ready        1 bits
        port output m_out_data        64 bits
        resources: 4 multipliers, 6 act mux inputs, 12 weight mux inputs, 6 comparators, 4 adder-tree inputs, 352 register bits
        blocks: 1 stream_control, 4 delay_line, 1 compressor, 1 meta_decoder, 3 mux_network, 2 pe
      top nm_engine_core (compressed activations in), latency L = 4 cycles
        stage 0 input         84 data register bits  slice register: written by the edge that takes the slice from both streams
        stage 1 lane          86 data register bits  compacted activations and one-hot lane selects, weights beside them
        stage 2 psum          34 data register bits  per-PE sum of the lane products (weight mux, multipliers, adder tree before it)
        stage 3 output       128 data register bits  accumulator and result register (m_out_data); its valid bit is m_out_valid
        port input  clk                1 bits
        port input  rst_n              1 bits
        port input  s_act_valid        1 bits
        port output s_act_ready        1 bits
        port input  s_act_last         1 bits
        port input  s_act_data        16 bits
        port input  s_act_meta         4 bits
        port input  s_wgt_valid        1 bits
        port output s_wgt_ready        1 bits
        port input  s_wgt_data        64 bits
        port output m_out_valid        1 bits
        port input  m_out_ready        1 bits
        port output m_out_data        64 bits
        resources: 4 multipliers, 0 act mux inputs, 12 weight mux inputs, 0 comparators, 4 adder-tree inputs, 340 register bits
        blocks: 1 stream_control, 4 delay_line, 1 meta_decoder, 2 mux_network, 2 pe
      "
    `);
  });
});
