// The array's fan-out facts and their delays (src/ir/elaborate.ts stageFanouts,
// src/synth/fanout_timing.ts): the gate inputs a broadcast bit drives and the flip-flops a stage
// load enables, counted literally from the netlist's connections of random descriptions; the buffer
// tree delay against a level-by-level literal of the tree; the stall-enable path against the cell
// arithmetic written out; the chooser's 1 x 1 shortcut (src/ir/array_fanouts.ts) against the
// full elaboration.

import { describe, expect, it } from 'vitest';
import { arrayStageFanouts } from '../../src/ir/array_fanouts.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { isNetSlice, type Block, type TopIR } from '../../src/ir/types.js';
import { broadcastExtraNs, BROADCAST_PIN_FF, stallEnableNs } from '../../src/synth/fanout_timing.js';
import { bufferedUniformNetDelayPs } from '../../src/synth/sta.js';
import { Prng } from '../../src/util/prng.js';
import { configIR, suiteSeed } from '../helpers/engines.js';

const seed = suiteSeed('fanout-timing');
const rng = new Prng(seed);

/** Literal buffer tree: every depth d, the levels' buffer counts by repeated division, the worst leaf path. */
function treeLiteralPs(d0: number, k: number, pins: number, pinFf: number): number {
  const buf = { d0: 28.7, k: 2.45, inFf: 0.97 };
  let best = d0 + k * pins * pinFf;
  if (pins <= 4) return best;
  for (let depth = 1; depth <= 20; depth++) {
    const perLevel: number[] = [];
    let n = pins;
    for (let l = 0; l < depth; l++) { n = Math.ceil(n / 4); perLevel.push(n); }
    const roots = perLevel[depth - 1]!;
    let t = d0 + k * roots * buf.inFf;
    for (let l = depth - 1; l >= 1; l--) t += buf.d0 + buf.k * 4 * buf.inFf;
    t += buf.d0 + buf.k * 4 * pinFf;
    best = Math.min(best, t);
    if (roots === 1) break;
  }
  return best;
}

/** Flip-flops loaded by stage s, from the connections: delay-line registers, compressor registers, PE registers, mode capture (on take = load[0]). */
function enabledLiteral(top: TopIR, s: number): number {
  let bits = 0;
  const covers = (b: Block, port: string, bit: number): boolean => {
    const c = b.connections[port];
    return c !== undefined && isNetSlice(c) && c.net === 'load' && c.lo <= bit && bit < c.lo + c.widthBits;
  };
  for (const b of top.blocks) {
    if (b.kind === 'delay_line' && covers(b, 'load', s)) bits += b.widthBits;
    if ((b.kind === 'compressor' || b.kind === 'flex_compressor') && covers(b, 'load', s)) bits += b.registerBits;
    if (b.kind === 'mode_capture' && s === 0) bits += b.registerBits;
    if (b.kind === 'pe') {
      const lp = b.connections.load_psum!;
      if (isNetSlice(lp) && b.psumParts > 0 && lp.lo === s) bits += b.psumParts * b.partBits;
      if (isNetSlice(lp) && lp.lo + lp.widthBits - 1 === s) bits += b.psumBits;
      if (covers(b, 'load_out', s)) bits += 2 * b.accBits;
    }
  }
  return bits;
}

/** Gate inputs bit `bit` of `net` drives in the weight muxes and PEs, from their connections. */
function pinsLiteral(top: TopIR, net: string, bit: number): number {
  let pins = 0;
  for (const b of top.blocks) {
    for (const [port, c] of Object.entries(b.connections)) {
      if (!isNetSlice(c) || c.net !== net || bit < c.lo || bit >= c.lo + c.widthBits) continue;
      if (b.kind === 'mux_network' && b.operand === 'wgt' && port === 'sel') pins += b.widthBits;
      if (b.kind === 'mux_network' && b.operand === 'wgt' && port === 'data') {
        const j = Math.floor((bit - c.lo) / b.widthBits) % b.m;
        for (let lane = 0; lane < b.n; lane++) if (lane <= j && j <= lane + b.m - b.n) pins++;
      }
      if (b.kind === 'pe' && port === 'acc_first') pins += b.accBits;
      if (b.kind === 'pe' && port === 'act_lane' && net === 'act_lane_q') pins += b.weightBits;
      if (b.kind === 'pe' && port === 'wgt_lane' && net === 'wgt_q') pins += b.actBits;
    }
  }
  return pins;
}

describe(`array fan-out timing (seed ${seed})`, () => {
  it('a flip-flop driving p pins pays the ideally buffered tree (literal, every depth) beyond its clock-to-Q at 3.5 fF', () => {
    for (const pins of [1, 2, 3, 4, 5, 17, 64, 256, 257, 1000, 8192, 131072, rng.int(5, 300000)]) {
      const literal = Math.max(0, treeLiteralPs(88.5, 2.2, pins, BROADCAST_PIN_FF) - (88.5 + 2.2 * 3.5)) / 1000;
      expect(broadcastExtraNs(pins), `${pins} pins`).toBeCloseTo(literal, 6);
      expect(bufferedUniformNetDelayPs(88.5, 2.2, pins, pins * 1.92)).toBeCloseTo(treeLiteralPs(88.5, 2.2, pins, 1.92), 6);
    }
    // More levels than the four a 256-pin tree needs: 131072 pins is a 9-level tree, far below driving 219 roots.
    expect(broadcastExtraNs(131072)).toBeLessThan(0.35);
  });

  for (let k = 0; k < 6; k++) {
    const pattern = rng.pick(['2:4', '4:8', '8:16', '16:32', '8:8', '3:8', '1:4']);
    const m = Number(pattern.split(':')[1]);
    const window = m * rng.int(1, Math.max(1, Math.floor(32 / m)));
    const split = rng.bool(0.5) && (window * Number(pattern.split(':')[0])) / m >= 2;
    const input = { pattern, window, rows: rng.int(1, 9), cols: rng.int(1, 9), ...(split ? { schedule: { psumCut: 'products' } } : {}) };
    it(`${JSON.stringify(input)}: broadcast pins and enabled flip-flops match the netlist's connections`, () => {
      const ir = configIR(input);
      for (const top of [ir.tops.engine, ir.tops.core]) {
        for (const f of top.stageFanouts) {
          expect(f.enabledFlipFlops, `${top.module} stage ${f.stage}`).toBe(enabledLiteral(top, f.stage));
          for (const b of f.broadcasts) {
            const net = top.nets.find((n) => n.name === b.net)!;
            let worst = 0;
            for (let bit = 0; bit < net.widthBits; bit += Math.max(1, Math.floor(net.widthBits / 97))) worst = Math.max(worst, pinsLiteral(top, b.net, bit));
            expect(b.sinkPinsPerBit, `${top.module} ${b.net}`).toBe(worst);
          }
          const e = stallEnableNs(top, f);
          if (f.enabledFlipFlops > 0) {
            const orPs = 49.9 + 2.46 * top.latencyCycles * 0.97;
            const literal = orPs + treeLiteralPs(32.5, 2.56, f.enabledFlipFlops, 1.92) + 56.8 + 2.6 * 1.14;
            expect(e.logicNs).toBeCloseTo(literal / 1000, 6);
          } else expect(e.logicNs).toBe(0);
        }
        const names = top.stageFanouts.flatMap((f) => f.broadcasts.map((b) => b.net));
        // acc_first selects after the accumulator's add (nm_pe): beside the chain, every other broadcast starts it.
        for (const b of top.stageFanouts.flatMap((f) => f.broadcasts)) expect(b.joins, b.net).toBe(b.net === 'acc_first' ? 'final_select' : 'chain');
        // The chooser's shortcut (the 1 x 1 elaboration scaled) gives the full array's facts exactly.
        const scaled = arrayStageFanouts(elaborate({ ...ir.config, rows: 1, cols: 1 }), ir.rows, ir.cols);
        expect(top.activationInput === 'dense' ? scaled.engine : scaled.core).toEqual(top.stageFanouts);
        expect(names).toContain('acc_first');
        expect(names).toContain('wgt_q');
      }
    });
  }
});
