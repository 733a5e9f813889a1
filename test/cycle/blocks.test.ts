// Each simulator step function (sim/cycle/blocks/<kind>.ts) against a small reference written from the
// template's text or the contract: exhaustive where the inputs are tiny, seeded random otherwise.
// Also the word arithmetic (number and bigint paths) and the bus hex conversions the engine uses.

import { describe, expect, it } from 'vitest';
import type { CompressorBlock, DelayLineBlock, MetaDecoderBlock, MuxNetworkBlock, ProcessingElementBlock, StreamControlBlock } from '../../src/ir/types.js';
import { packHex, unpackHex } from '../../src/ir/bits.js';
import { laneChannel, topNKeep } from '../../src/ref/functional.js';
import { Prng } from '../../src/util/prng.js';
import { compareMagnitudes, createCompressorState, evalCompressor, nextCompressor, pairIndex, pairsPerGroup } from '../../sim/cycle/blocks/compressor.js';
import { createDelayLineState, evalDelayLine, nextDelayLine } from '../../sim/cycle/blocks/delay_line.js';
import { evalMetaDecoder } from '../../sim/cycle/blocks/meta_decoder.js';
import { evalMuxNetwork } from '../../sim/cycle/blocks/mux_network.js';
import { adderTree, createPeState, evalPeOut, nextPe } from '../../sim/cycle/blocks/pe.js';
import { createStreamControlOutputs, createStreamControlState, evalStreamControl, nextStreamControl } from '../../sim/cycle/blocks/stream_control.js';
import { packWords, unpackElements } from '../../sim/cycle/hex.js';
import { accumulate, wrapNumber } from '../../sim/cycle/word.js';

const SEED = 0x5eed;
/** Netlist fields the step functions never read: the blocks here are tested apart from any top. */
const unwired = { template: 'unused', params: {}, connections: {}, stage: 0 } as const;
const ctlBlock = (stages: number): StreamControlBlock => ({ ...unwired, kind: 'stream_control', name: 'control', stages, skid: false, registerBits: 2 * stages });

describe('stream_control', () => {
  // Stages 0 .. L-2 on an enabled edge: the taken slice enters, every valid stage moves one on.
  function advance(L: number, valid: number, last: number, take: number, al: number): { nv: number; nl: number } {
    const bit = (v: number, k: number): number => (v >> k) & 1;
    let nv = take, nl = take ? (last & ~1) | al : last;
    for (let s = 1; s < L - 1; s++) {
      nv |= bit(valid, s - 1) << s;
      if (bit(valid, s - 1)) nl = (nl & ~(1 << s)) | (bit(last, s - 1) << s);
    }
    return { nv, nl };
  }
  // Reference: the template with the registers as integers (bit s = stage s), written once more.
  function reference(L: number, valid: number, last: number, af: number, i: { rst: number; av: number; wv: number; al: number; or: number }) {
    const bit = (v: number, k: number): number => (v >> k) & 1;
    const en = (1 - bit(valid, L - 1)) | i.or;
    const take = i.av & i.wv & en & (1 - i.rst);
    const load = ((valid & ((1 << (L - 1)) - 1) & (en ? -1 : 0)) << 1) | take;
    let nv = valid, nl = last, naf = af;
    if (i.rst) { nv = 0; nl = 0; naf = 1; }
    else if (en) {
      ({ nv, nl } = advance(L, valid, last, take, i.al));
      nv |= (bit(valid, L - 2) & bit(last, L - 2)) << (L - 1);
      if (bit(valid, L - 2)) naf = bit(last, L - 2);
    }
    return { en, take, load, mv: bit(valid, L - 1), psumLast: bit(last, L - 2), nv, nl, naf };
  }
  const toInt = (a: Uint8Array): number => a.reduce((acc, b, k) => acc | (b << k), 0);
  type Inputs = { rst: number; av: number; wv: number; al: number; or: number };
  const inputsOf = (inp: number): Inputs => ({ rst: inp & 1, av: (inp >> 1) & 1, wv: (inp >> 2) & 1, al: (inp >> 3) & 1, or: (inp >> 4) & 1 });
  /** The step functions from the state given as integers. */
  function step(b: StreamControlBlock, valid: number, last: number, af: number, hold: number, i: Inputs) {
    const L = b.stages;
    const s = createStreamControlState(b);
    for (let k = 0; k < L; k++) s.valid_q[k] = (valid >> k) & 1;
    for (let k = 0; k < L - 1; k++) s.last_q[k] = (last >> k) & 1;
    s.acc_first_q = af === 1;
    s.hold_q = hold === 1;
    const inputs = { rst_n: !i.rst, s_act_valid: !!i.av, s_wgt_valid: !!i.wv, s_act_last: !!i.al, m_out_ready: !!i.or };
    const o = createStreamControlOutputs(b);
    evalStreamControl(b, s, inputs, o);
    const n = createStreamControlState(b);
    nextStreamControl(b, s, inputs, o, n);
    return { o, n };
  }

  it.each([3, 4, 5])('matches the template exhaustively for STAGES = %i (every state and input)', (L) => {
    const b = ctlBlock(L);
    let cases = 0;
    for (let valid = 0; valid < 1 << L; valid++) for (let last = 0; last < 1 << (L - 1); last++) for (let af = 0; af < 2; af++) for (let inp = 0; inp < 32; inp++) {
      const i = inputsOf(inp);
      const { o, n } = step(b, valid, last, af, 0, i);
      const r = reference(L, valid, last, af, i);
      const got = { en: +o.en, take: +o.take, load: toInt(o.load), mv: +o.m_out_valid, psumLast: +o.psum_last, nv: toInt(n.valid_q), nl: toInt(n.last_q), naf: +n.acc_first_q };
      expect(got).toEqual(r);
      expect(o.acc_first).toBe(af === 1);
      cases++;
    }
    expect(cases).toBe((1 << L) * (1 << (L - 1)) * 2 * 32);
  });

  // SKID = 1 (readyCut), written once more: the pipeline advances unless hold is set; an arrival
  // while the result is unread sets hold; a held result taken clears it.
  function skidReference(L: number, valid: number, last: number, af: number, hold: number, i: { rst: number; av: number; wv: number; al: number; or: number }) {
    const bit = (v: number, k: number): number => (v >> k) & 1;
    const en = 1 - hold;
    const take = i.av & i.wv & en & (1 - i.rst);
    const load = ((valid & ((1 << (L - 1)) - 1) & (en ? -1 : 0)) << 1) | take;
    let nv = valid, nl = last, naf = af, nh = hold;
    if (i.rst) { nv = 0; nl = 0; naf = 1; nh = 0; }
    else if (en) {
      ({ nv, nl } = advance(L, valid, last, take, i.al));
      const arrive = bit(valid, L - 2) & bit(last, L - 2), unread = bit(valid, L - 1) & (1 - i.or);
      nv |= (arrive | unread) << (L - 1);
      nh = arrive & unread;
      if (bit(valid, L - 2)) naf = bit(last, L - 2);
    } else if (i.or) nh = 0;
    return { en, take, load, mv: bit(valid, L - 1), psumLast: bit(last, L - 2), hold, nv, nl, naf, nh };
  }

  it.each([3, 4, 5])('with the skid (readyCut) matches the template exhaustively for STAGES = %i', (L) => {
    const b: StreamControlBlock = { ...ctlBlock(L), skid: true };
    let cases = 0;
    for (let valid = 0; valid < 1 << L; valid++) for (let last = 0; last < 1 << (L - 1); last++) for (let af = 0; af < 2; af++) for (let hold = 0; hold < 2; hold++) for (let inp = 0; inp < 32; inp++) {
      const i = inputsOf(inp);
      const { o, n } = step(b, valid, last, af, hold, i);
      const got = { en: +o.en, take: +o.take, load: toInt(o.load), mv: +o.m_out_valid, psumLast: +o.psum_last, hold: +o.hold, nv: toInt(n.valid_q), nl: toInt(n.last_q), naf: +n.acc_first_q, nh: +n.hold_q };
      expect(got).toEqual(skidReference(L, valid, last, af, hold, i));
      cases++;
    }
    expect(cases).toBe((1 << L) * (1 << (L - 1)) * 4 * 32);
  });
});

describe('delay_line', () => {
  it('register k captures on bit k of its load port; q is the last register (random loads, depths 1..4)', () => {
    const rng = new Prng(SEED);
    for (let depth = 1; depth <= 4; depth++) {
      const b: DelayLineBlock = { ...unwired, kind: 'delay_line', name: 'x', widthBits: 3 * 8, depthCycles: depth, firstStage: 1, registerBits: 24 * depth };
      let s = createDelayLineState(b, 3);
      const model: number[][] = Array.from({ length: depth }, () => [0, 0, 0]);
      for (let cyc = 0; cyc < 200; cyc++) {
        const load = Uint8Array.from({ length: depth + 2 }, () => (rng.bool(0.6) ? 1 : 0));
        const d = Int32Array.from({ length: 3 }, () => rng.int(-128, 127));
        const n = createDelayLineState(b, 3);
        nextDelayLine(b, s, load.subarray(b.firstStage), d, n);
        for (let k = depth - 1; k >= 0; k--) if (load[1 + k]) model[k] = k === 0 ? [...d] : [...model[k - 1]!];
        s = n;
        expect([...evalDelayLine(b, s)]).toEqual(model[depth - 1]);
      }
    }
  });
});

describe('compressor (nm_topn_rank)', () => {
  const block = (m: number, n: number, groups: number, A: number, pipe: number): CompressorBlock => ({
    ...unwired, kind: 'compressor', name: 'c', row: 0, windowChannels: m * groups, n, m, actBits: A, pipelineStages: pipe, compareStage: pipe ? 1 : -1,
    comparators: groups * pairsPerGroup(m), comparatorWidthBits: A, registerBits: pipe * groups * pairsPerGroup(m),
  });
  it('pair_index enumerates the pairs (i < j) ordered by i, then j', () => {
    for (const m of [2, 4, 8, 16, 32, 64]) {
      let p = 0;
      for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) expect(pairIndex(i, j, m)).toBe(p++);
      expect(p).toBe(pairsPerGroup(m));
    }
  });
  it.each([[2, 3], [4, 3], [8, 2]])('keeps the reference top-n exhaustively for m = %i, A = %i, every n, both PIPE settings', (m, A) => {
    const count = (1 << A) ** m;
    for (let n = 1; n < m; n++) {
      for (const pipe of [0, 1]) {
        const b = block(m, n, 1, A, pipe);
        const s = createCompressorState(b), nx = createCompressorState(b);
        const act = new Int32Array(m), keep = new Int32Array(m), scratch = new Uint8Array(pairsPerGroup(m));
        for (let code = 0; code < count; code++) {
          let c = code;
          for (let j = 0; j < m; j++) { act[j] = (c & ((1 << A) - 1)) - (1 << (A - 1)); c = Math.floor(c / (1 << A)); }
          if (pipe) { nextCompressor(b, s, true, act, nx); s.ge_q.set(nx.ge_q); }
          evalCompressor(b, s, act, keep, scratch);
          const want = topNKeep(act, n);
          for (let j = 0; j < m; j++) if (keep[j] !== (want[j] ? 1 : 0)) expect({ act: [...act], n, pipe, keep: [...keep] }).toEqual({ act: [...act], n, pipe, keep: want.map(Number) });
        }
      }
    }
  });
  it('several groups, wide operands, and ge_q held while load is low (random)', () => {
    const rng = new Prng(SEED + 1);
    for (const [m, n, groups, A] of [[16, 8, 2, 8], [32, 16, 1, 16], [64, 20, 2, 5]] as const) {
      const b = block(m, n, groups, A, 1);
      const s = createCompressorState(b), nx = createCompressorState(b);
      const W = m * groups;
      const held = new Int32Array(W), keep = new Int32Array(W);
      for (let t = 0; t < 30; t++) {
        const act = Int32Array.from({ length: W }, () => (rng.bool(0.3) ? rng.pick([-(2 ** (A - 1)), 2 ** (A - 1) - 1, 0, 1, -1]) : rng.int(-(2 ** (A - 1)), 2 ** (A - 1) - 1)));
        const load = t === 0 || rng.bool(0.5);
        nextCompressor(b, s, load, act, nx);
        s.ge_q.set(nx.ge_q);
        if (load) held.set(act);
        evalCompressor(b, s, act, keep, new Uint8Array(0));
        for (let g = 0; g < groups; g++) expect([...keep.subarray(g * m, g * m + m)]).toEqual(topNKeep(held.subarray(g * m, g * m + m), n).map(Number));
      }
    }
  });
  it('the most negative value has the largest magnitude and ties go to the lower channel', () => {
    const b = block(4, 1, 1, 4, 0);
    const ge = new Uint8Array(6);
    compareMagnitudes(b, Int32Array.from([7, -8, 7, -7]), ge);
    const keep = new Int32Array(4);
    evalCompressor(b, createCompressorState(b), Int32Array.from([7, -8, 7, -7]), keep, new Uint8Array(6));
    expect([...keep]).toEqual([0, 1, 0, 0]);
    evalCompressor(b, createCompressorState(b), Int32Array.from([3, -3, 3, 0]), keep, new Uint8Array(6));
    expect([...keep]).toEqual([1, 0, 0, 0]);
  });
});

describe('meta_decoder', () => {
  const block = (encoding: 'index' | 'bitmask', m: number, n: number, groups: number): MetaDecoderBlock => ({
    ...unwired, kind: 'meta_decoder', name: 'd', row: 0, encoding, windowChannels: m * groups, n, m, lanes: groups * n, muxFanIn: m - n + 1,
    metaBits: encoding === 'index' ? groups * n * Math.log2(m) : m * groups,
  });
  /** One-hot select of lane k from the contract's laneChannel (or all zero). */
  const expectSel = (b: MetaDecoderBlock, groupMeta: number[], sel: Int32Array, g: number): void => {
    const F = b.muxFanIn;
    for (let k = 0; k < b.n; k++) {
      const ch = laneChannel(b.encoding, groupMeta, k, b.n, b.m);
      const want = Array.from({ length: F }, (_, t) => (ch >= 0 && ch - k === t ? 1 : 0));
      expect([...sel.subarray((g * b.n + k) * F, (g * b.n + k + 1) * F)]).toEqual(want);
    }
  };
  it.each([[2, 1], [4, 1], [4, 2], [4, 3], [8, 3], [8, 5], [8, 7]])('bitmask m=%i n=%i: every mask (well-formed or not) as laneChannel says', (m, n) => {
    const b = block('bitmask', m, n, 2);
    const sel = new Int32Array(2 * n * b.muxFanIn);
    for (let mask = 0; mask < 1 << m; mask++) {
      const other = (mask * 7 + 3) & ((1 << m) - 1);
      const meta = Int32Array.from({ length: 2 * m }, (_, j) => ((j < m ? mask : other) >> (j % m)) & 1);
      evalMetaDecoder(b, meta, sel);
      expectSel(b, [...meta.subarray(0, m)], sel, 0);
      expectSel(b, [...meta.subarray(m, 2 * m)], sel, 1);
    }
  });
  it.each([[2, 1], [4, 2], [4, 3], [8, 3], [16, 2]])('index m=%i n=%i: every combination of positions (out of range selects nothing)', (m, n) => {
    const b = block('index', m, n, 1);
    const sel = new Int32Array(n * b.muxFanIn);
    for (let code = 0; code < m ** n; code++) {
      const idx = Int32Array.from({ length: n }, (_, k) => Math.floor(code / m ** k) % m);
      evalMetaDecoder(b, idx, sel);
      expectSel(b, [...idx], sel, 0);
    }
  });
});

describe('mux_network', () => {
  const block = (m: number, n: number, groups: number, width: number): MuxNetworkBlock => ({
    ...unwired, kind: 'mux_network', name: 'x', operand: 'wgt', row: 0, col: 0, windowChannels: m * groups, n, m, lanes: groups * n, muxFanIn: m - n + 1, widthBits: width, muxInputs: groups * n * (m - n + 1),
  });
  it('a one-hot select picks channel g*M+k+t, no select gives 0 (random)', () => {
    const rng = new Prng(SEED + 2);
    for (const [m, n, groups] of [[4, 2, 2], [8, 3, 1], [16, 8, 2], [64, 1, 1]] as const) {
      const b = block(m, n, groups, 8);
      const F = b.muxFanIn, W = m * groups;
      for (let t = 0; t < 50; t++) {
        const data = Int32Array.from({ length: W }, () => rng.int(-128, 127));
        const sel = new Int32Array(b.lanes * F);
        const want: number[] = [];
        for (let g = 0; g < groups; g++) for (let k = 0; k < n; k++) {
          const pick = rng.int(-1, F - 1);
          if (pick >= 0) sel[(g * n + k) * F + pick] = 1;
          want.push(pick >= 0 ? data[g * m + k + pick]! : 0);
        }
        const lanes = new Int32Array(b.lanes);
        evalMuxNetwork(b, sel, data, lanes);
        expect([...lanes]).toEqual(want);
      }
    }
  });
  it('several selects OR their words, read as signed WIDTH bits (exhaustive, 3-bit words, 2 candidates)', () => {
    const b = block(2, 1, 1, 3);
    for (let x = -4; x < 4; x++) for (let y = -4; y < 4; y++) {
      const lanes = new Int32Array(1);
      evalMuxNetwork(b, Int32Array.from([1, 1]), Int32Array.from([x, y]), lanes);
      const or = ((x & 7) | (y & 7));
      expect(lanes[0]).toBe(or >= 4 ? or - 8 : or);
    }
  });
});

describe('pe', () => {
  const block = (P: number, A: number, B: number, acc: number, psum: number, skid = false): ProcessingElementBlock => ({
    ...unwired, kind: 'pe', name: 'pe_r0_c0', row: 0, col: 0, lanes: P, actBits: A, weightBits: B, accBits: acc, psumBits: psum, multipliers: P, psumStage: 2, psumParts: 0, partBits: 0, carrySave: false, skid, registerBits: psum + 2 * acc,
  });
  it.each([false, true])('adder tree, accumulator and result register match bigint arithmetic (random, number and bigint paths; skid %s)', (skid) => {
    const rng = new Prng(SEED + 3);
    for (const [P, A, B, acc] of [[2, 8, 8, 32], [16, 16, 16, 40], [8, 2, 2, 4], [4, 8, 8, 52], [4, 16, 16, 53], [256, 16, 16, 64], [3, 5, 3, 8]] as const) {
      const psum = Math.min(A + B + Math.ceil(Math.log2(P)), acc);
      const b = block(P, A, B, acc, psum, skid);
      let s = createPeState(b);
      let accRef = 0n, outRef = 0n, psumRef = 0n;
      for (let t = 0; t < 300; t++) {
        const act = Int32Array.from({ length: P }, () => (rng.bool(0.2) ? -(2 ** (A - 1)) : rng.int(-(2 ** (A - 1)), 2 ** (A - 1) - 1)));
        const wgt = Int32Array.from({ length: P }, () => (rng.bool(0.2) ? -(2 ** (B - 1)) : rng.int(-(2 ** (B - 1)), 2 ** (B - 1) - 1)));
        const i = { rst_n: !rng.bool(0.03), load_psum: rng.bool(0.7), load_part: false, load_out: rng.bool(0.7), psum_last: rng.bool(0.3), acc_first: rng.bool(0.3) };
        const n = createPeState(b);
        nextPe(b, s, i, act, wgt, n);
        // Reference, in bigint from the template's text.
        const accNext = BigInt.asIntN(acc, (i.acc_first ? 0n : accRef) + psumRef);
        const nextPsum = i.load_psum ? BigInt.asIntN(psum, [...act].reduce((sum, a, k) => sum + BigInt(a) * BigInt(wgt[k]!), 0n)) : psumRef;
        if (!i.rst_n) { accRef = 0n; outRef = 0n; }
        else if (i.load_out) {
          // The skid: a last slice also parks the result register's old word in the accumulator.
          if (i.psum_last) { if (skid) accRef = outRef; outRef = accNext; } else accRef = accNext;
        }
        psumRef = nextPsum;
        s = n;
        expect([BigInt(s.psum_q), BigInt(s.acc_q), BigInt(s.out_q)]).toEqual([psumRef, accRef, outRef]);
        const hold = rng.bool(0.5);
        expect(BigInt(evalPeOut(b, s, hold))).toBe(skid && hold ? accRef : outRef);
        expect(typeof s.acc_q).toBe(acc > 52 ? 'bigint' : 'number');
      }
      expect(adderTree(b, new Int32Array(P), new Int32Array(P))).toBe(0);
    }
  });
  it('wrapNumber equals BigInt.asIntN for every width 1..52 (random integers below 2^53)', () => {
    const rng = new Prng(SEED + 4);
    for (let bits = 1; bits <= 52; bits++) {
      for (let t = 0; t < 200; t++) {
        const x = (rng.bool(0.5) ? -1 : 1) * Math.floor(rng.next() * 2 ** rng.int(0, 53));
        expect(BigInt(wrapNumber(x, bits))).toBe(BigInt.asIntN(bits, BigInt(x)));
      }
    }
    expect(accumulate(2 ** 51 - 1, 1, false, 52)).toBe(-(2 ** 51));
    expect(accumulate(2n ** 63n - 1n, 1, false, 64)).toBe(-(2n ** 63n));
  });
});

describe('bus hex', () => {
  it('unpackElements and packWords agree with unpackHex/packHex (random widths and counts)', () => {
    const rng = new Prng(SEED + 5);
    for (let t = 0; t < 300; t++) {
      const bits = rng.int(1, 16), count = rng.int(1, 40);
      const vals = Array.from({ length: count }, () => rng.int(-(2 ** (bits - 1)), 2 ** (bits - 1) - 1));
      const hex = packHex(vals, bits);
      expect([...unpackElements(hex, count, bits, true)]).toEqual(unpackHex(hex, count, bits, true).map(Number));
      expect([...unpackElements(hex, count, bits, false)]).toEqual(unpackHex(hex, count, bits, false).map(Number));
      const accBits = rng.pick([4, 8, 16, 17, 20, 32, 33, 48, 52, 53, 60, 64]);
      const words = Array.from({ length: count }, () => (accBits > 52 ? BigInt.asIntN(accBits, BigInt(rng.nextU32()) << BigInt(rng.int(0, 40))) : wrapNumber(rng.nextU32() * 2 ** rng.int(0, 20), accBits)));
      expect(packWords(words, accBits)).toBe(packHex(words, accBits));
    }
  });
});
