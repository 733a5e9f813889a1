// Static timing and toggle energy of mapped netlists against literal re-implementations on random
// netlists (seeded, printed): arrival times by recursion over every path (no topological order),
// cell functions from hand-written truth functions (not the Liberty strings), toggles counted by
// re-evaluating the whole netlist from scratch each cycle. Also: the shipped Liberty file is the
// one written from the cell table. No Yosys here: fast.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultDelayLibertyPath, defaultLibertyPath, DEFAULT_LIBERTY_NAME, DELAY_LIBERTY_NAME, parseLibertyCells } from '../../src/synth/liberty_cells.js';
import { readNetlist } from '../../src/synth/netlist.js';
import { analyzeTiming, bufferedNetDelayPs, OUTPUTS_ENDPOINT, registerOverheadNs } from '../../src/synth/sta.js';
import { libertyText } from '../../src/synth/tech/liberty_writer.js';
import { NANGATE45_CELLS, OUTPUT_PORT_LOAD_FF, SWITCH_FJ_PER_FF } from '../../src/synth/tech/nangate45_cells.js';
import { compileFunction, toggleEnergy } from '../../src/synth/toggle_energy.js';
import { Prng } from '../../src/util/prng.js';
import { suiteSeed } from '../helpers/engines.js';

/** Truth functions written by hand from the NanGate data sheet semantics. */
const TRUTH: Record<string, (p: Record<string, number>) => Record<string, number>> = {
  INV_X1: (p) => ({ ZN: p.A ? 0 : 1 }),
  BUF_X1: (p) => ({ Z: p.A! }),
  NAND2_X1: (p) => ({ ZN: p.A1 && p.A2 ? 0 : 1 }),
  NOR2_X1: (p) => ({ ZN: p.A1 || p.A2 ? 0 : 1 }),
  AND2_X1: (p) => ({ ZN: p.A1 && p.A2 ? 1 : 0 }),
  OR2_X1: (p) => ({ ZN: p.A1 || p.A2 ? 1 : 0 }),
  AOI21_X1: (p) => ({ ZN: p.A || (p.B1 && p.B2) ? 0 : 1 }),
  OAI21_X1: (p) => ({ ZN: p.A && (p.B1 || p.B2) ? 0 : 1 }),
  XOR2_X1: (p) => ({ Z: p.A !== p.B ? 1 : 0 }),
  XNOR2_X1: (p) => ({ ZN: p.A === p.B ? 1 : 0 }),
  MUX2_X1: (p) => ({ Z: p.S ? p.B! : p.A! }),
  NAND3_X1: (p) => ({ ZN: p.A1 && p.A2 && p.A3 ? 0 : 1 }),
  NOR3_X1: (p) => ({ ZN: p.A1 || p.A2 || p.A3 ? 0 : 1 }),
  AOI22_X1: (p) => ({ ZN: (p.A1 && p.A2) || (p.B1 && p.B2) ? 0 : 1 }),
  OAI22_X1: (p) => ({ ZN: (p.A1 || p.A2) && (p.B1 || p.B2) ? 0 : 1 }),
  AND3_X1: (p) => ({ ZN: p.A1 && p.A2 && p.A3 ? 1 : 0 }),
  AND4_X1: (p) => ({ ZN: p.A1 && p.A2 && p.A3 && p.A4 ? 1 : 0 }),
  OR3_X1: (p) => ({ ZN: p.A1 || p.A2 || p.A3 ? 1 : 0 }),
  OR4_X1: (p) => ({ ZN: p.A1 || p.A2 || p.A3 || p.A4 ? 1 : 0 }),
  NAND4_X1: (p) => ({ ZN: p.A1 && p.A2 && p.A3 && p.A4 ? 0 : 1 }),
  NOR4_X1: (p) => ({ ZN: p.A1 || p.A2 || p.A3 || p.A4 ? 0 : 1 }),
  AOI211_X1: (p) => ({ ZN: p.A || p.B || (p.C1 && p.C2) ? 0 : 1 }),
  AOI221_X1: (p) => ({ ZN: p.A || (p.B1 && p.B2) || (p.C1 && p.C2) ? 0 : 1 }),
  AOI222_X1: (p) => ({ ZN: (p.A1 && p.A2) || (p.B1 && p.B2) || (p.C1 && p.C2) ? 0 : 1 }),
  OAI211_X1: (p) => ({ ZN: p.A && p.B && (p.C1 || p.C2) ? 0 : 1 }),
  OAI221_X1: (p) => ({ ZN: p.A && (p.B1 || p.B2) && (p.C1 || p.C2) ? 0 : 1 }),
  OAI222_X1: (p) => ({ ZN: (p.A1 || p.A2) && (p.B1 || p.B2) && (p.C1 || p.C2) ? 0 : 1 }),
  FA_X1: (p) => { const s = p.A! + p.B! + p.CI!; return { S: s % 2, CO: s >= 2 ? 1 : 0 }; },
  HA_X1: (p) => ({ S: (p.A! + p.B!) % 2, CO: p.A && p.B ? 1 : 0 }),
};

interface RandomCell { name: string; type: string; ins: Record<string, number>; outs: Record<string, number> }

/** A random netlist in Yosys JSON form: `inputs` input bits, `cells` gates each reading earlier bits, a few flip-flops. */
function randomNetlist(rng: Prng, inputs: number, cells: number, flops: number): { json: string; cells: RandomCell[]; inBits: number[]; outBits: number[]; ffs: { d: number; q: number }[] } {
  let next = 2;
  const inBits = Array.from({ length: inputs }, () => next++);
  const ffs = Array.from({ length: flops }, () => ({ q: next++, d: -1 }));
  const pool = [...inBits, ...ffs.map((f) => f.q)];
  const comb = NANGATE45_CELLS.filter((c) => c.sequential === undefined);
  const list: RandomCell[] = [];
  for (let i = 0; i < cells; i++) {
    const data = rng.pick(comb);
    const ins: Record<string, number> = {};
    for (const pin of Object.keys(data.inputsFf)) ins[pin] = rng.pick(pool.slice(-12));
    const outs: Record<string, number> = {};
    for (const pin of Object.keys(data.outputs)) { outs[pin] = next++; pool.push(outs[pin]!); }
    list.push({ name: `g${i}`, type: data.name, ins, outs });
  }
  for (const f of ffs) f.d = rng.pick(pool.slice(-20));
  const outBits = pool.slice(-3);
  const jsonCells: Record<string, unknown> = {};
  for (const c of list) jsonCells[c.name] = { type: c.type, connections: Object.fromEntries([...Object.entries(c.ins), ...Object.entries(c.outs)].map(([k, v]) => [k, [v]])) };
  ffs.forEach((f, i) => { jsonCells[`ff${i}`] = { type: 'DFF_X1', connections: { CK: [1], D: [f.d], Q: [f.q] } }; });
  const netnames: Record<string, unknown> = Object.fromEntries(ffs.map((f, i) => [`r${i}_q`, { bits: [f.q] }]));
  const json = JSON.stringify({ modules: { top: {
    ports: { clk: { direction: 'input', bits: [1] }, x: { direction: 'input', bits: inBits }, y: { direction: 'output', bits: outBits } },
    cells: jsonCells, netnames,
  } } });
  return { json, cells: list, inBits, outBits, ffs };
}

const capOf = (type: string, pin: string): number => NANGATE45_CELLS.find((c) => c.name === type)!.inputsFf[pin]!;

/** Pin loads of a bit, one entry per pin (a module output counts as one DFF D pin). */
function sinksLiteral(n: ReturnType<typeof randomNetlist>, bit: number): number[] {
  const out: number[] = [];
  for (const cell of n.cells) for (const [pin, b] of Object.entries(cell.ins)) if (b === bit) out.push(capOf(cell.type, pin));
  for (const f of n.ffs) if (f.d === bit) out.push(capOf('DFF_X1', 'D'));
  if (n.outBits.includes(bit)) out.push(OUTPUT_PORT_LOAD_FF);
  return out;
}

/** Ideal buffering, literally: every tree depth 0..4 of 4-way BUF_X1 trees, the fastest wins. */
function bufferedLiteral(d0: number, k: number, sinks: number[]): number {
  const total = sinks.reduce((a, b) => a + b, 0);
  const options = [d0 + k * total];
  if (sinks.length > 4) {
    for (let levels = 1; levels <= 4 && Math.ceil(sinks.length / 4 ** (levels - 1)) > 1; levels++) {
      const roots = Math.ceil(sinks.length / 4 ** levels);
      options.push(d0 + k * roots * 0.97 + (levels - 1) * (28.7 + 2.45 * 4 * 0.97) + 28.7 + 2.45 * 4 * (total / sinks.length));
    }
  }
  return Math.min(...options);
}

function loadLiteral(n: ReturnType<typeof randomNetlist>, bit: number): number {
  let c = 0;
  for (const cell of n.cells) for (const [pin, b] of Object.entries(cell.ins)) if (b === bit) c += capOf(cell.type, pin);
  for (const f of n.ffs) if (f.d === bit) c += capOf('DFF_X1', 'D');
  if (n.outBits.includes(bit)) c += OUTPUT_PORT_LOAD_FF * n.outBits.filter((b) => b === bit).length;
  return c;
}

describe('static timing vs a recursive literal', () => {
  const seed = suiteSeed('sta');
  for (let k = 0; k < 6; k++) {
    it(`random netlist ${k} (seed ${seed + k})`, () => {
      const rng = new Prng(seed + k);
      const n = randomNetlist(rng, 6, 30, 3);
      const sta = analyzeTiming(readNetlist(n.json, 'top'));
      const driver = new Map<number, RandomCell>();
      for (const c of n.cells) for (const b of Object.values(c.outs)) driver.set(b, c);
      const arrival = (bit: number): number => {
        const c = driver.get(bit);
        if (c === undefined) return 0; // input or flip-flop output
        const pin = Object.entries(c.outs).find(([, b]) => b === bit)![0];
        const data = NANGATE45_CELLS.find((x) => x.name === c.type)!;
        return Math.max(...data.arcs.filter((a) => a.to === pin).map((a) => arrival(c.ins[a.from]!) + bufferedLiteral(a.d0Ps, a.kPsPerFf, sinksLiteral(n, bit)) / 1000));
      };
      const out = Math.max(...n.outBits.map(arrival));
      expect(sta.endpoints.find((e) => e.endpoint === OUTPUTS_ENDPOINT)!.logicNs).toBeCloseTo(out, 3);
      n.ffs.forEach((f, i) => expect(sta.endpoints.find((e) => e.endpoint === `r${i}_q`)!.logicNs, `r${i}_q`).toBeCloseTo(arrival(f.d), 3));
      expect(sta.logicNs).toBeCloseTo(Math.max(out, ...n.ffs.map((f) => arrival(f.d))), 3);
    });
  }
  it('a net of 64 INV inputs driven by a NOR2 is buffered three levels deep; 4 pins are driven directly', () => {
    const pins = Array.from({ length: 64 }, () => 1.7);
    // Roots = 1 at three levels: NOR2 into one BUF, two more BUF levels of 4 BUF inputs, the last driving 4 INV inputs.
    const three = 18.4 + 5.02 * 0.97 + 2 * (28.7 + 2.45 * 4 * 0.97) + 28.7 + 2.45 * 4 * 1.7;
    const two = 18.4 + 5.02 * 4 * 0.97 + (28.7 + 2.45 * 4 * 0.97) + 28.7 + 2.45 * 4 * 1.7;
    expect(bufferedNetDelayPs(18.4, 5.02, pins)).toBeCloseTo(Math.min(three, two, 18.4 + 5.02 * 64 * 1.7), 9);
    expect(bufferedNetDelayPs(18.4, 5.02, pins.slice(0, 4))).toBeCloseTo(18.4 + 5.02 * 4 * 1.7, 9);
  });

  it('register overhead is DFF clock-to-Q at 3.5 fF plus 50 ps setup', () => {
    expect(registerOverheadNs()).toBeCloseTo((88.5 + 2.2 * 3.5 + 50) / 1000, 9);
  });
});

describe('toggle energy vs a literal re-evaluation', () => {
  it('every cell function compiles to its truth table', () => {
    for (const c of NANGATE45_CELLS.filter((x) => x.sequential === undefined)) {
      const pins = Object.keys(c.inputsFf);
      for (let v = 0; v < 2 ** pins.length; v++) {
        const p = Object.fromEntries(pins.map((pin, i) => [pin, (v >> i) & 1]));
        const want = TRUTH[c.name]!(p);
        for (const [out, fn] of Object.entries(c.outputs)) expect(compileFunction(fn)((x) => p[x]!), `${c.name}.${out} at ${JSON.stringify(p)}`).toBe(want[out]);
      }
    }
  });

  const seed = suiteSeed('toggle');
  for (let k = 0; k < 4; k++) {
    it(`random netlist ${k} (seed ${seed + k})`, () => {
      const rng = new Prng(seed + k);
      const n = randomNetlist(rng, 5, 30, 4);
      const vectors = Array.from({ length: 25 }, () => ({ x: n.inBits.map(() => (rng.bool(0.5) ? 1 : 0) as 0 | 1) }));
      const got = toggleEnergy(readNetlist(n.json, 'top'), vectors);
      // Literal: evaluate everything from scratch per cycle, in file order until stable.
      let q = n.ffs.map(() => 0);
      let prev: Map<number, number> | undefined;
      let total = 0;
      for (const [cycle, vec] of vectors.entries()) {
        const v = new Map<number, number>();
        n.inBits.forEach((b, i) => v.set(b, vec.x[i]!));
        n.ffs.forEach((f, i) => v.set(f.q, q[i]!));
        for (const c of n.cells) {
          const outs = TRUTH[c.type]!(Object.fromEntries(Object.entries(c.ins).map(([pin, b]) => [pin, v.get(b)!])));
          for (const [pin, b] of Object.entries(c.outs)) v.set(b, outs[pin]!);
        }
        if (prev !== undefined) {
          for (const c of n.cells) {
            const e = NANGATE45_CELLS.find((x) => x.name === c.type)!.internalEnergyFj;
            for (const b of Object.values(c.outs)) if (v.get(b) !== prev.get(b)) total += e + SWITCH_FJ_PER_FF * loadLiteral(n, b);
          }
        }
        const nq = n.ffs.map((f) => v.get(f.d)!);
        if (cycle > 0) n.ffs.forEach((f, i) => { if (nq[i] !== q[i]) total += 7.55389 + SWITCH_FJ_PER_FF * loadLiteral(n, f.q); });
        q = nq;
        prev = v;
      }
      expect(got.totalFj).toBeCloseTo(total, 6);
      expect(got.perCycleFj).toBeCloseTo(total / (vectors.length - 1), 6);
    });
  }
});

describe('the shipped libraries', () => {
  it('are the texts written from the cell table, with the table\'s areas; the area library holds every single-output cell (28), the delay library 16', () => {
    const area = readFileSync(defaultLibertyPath(), 'utf8');
    const delay = readFileSync(defaultDelayLibertyPath(), 'utf8');
    expect(area).toBe(libertyText(DEFAULT_LIBERTY_NAME, 'area_all_cells'));
    expect(delay).toBe(libertyText(DELAY_LIBERTY_NAME, 'delay'));
    const areaCells = parseLibertyCells(area), delayCells = parseLibertyCells(delay);
    for (const c of NANGATE45_CELLS.filter((x) => x.multiOutput !== true && x.candidate !== true)) expect(delayCells.find((x) => x.name === c.name)?.areaUm2, c.name).toBe(c.areaUm2);
    expect(areaCells).toHaveLength(28);
    expect(delayCells).toHaveLength(16);
    expect(delayCells.map((c) => c.name).filter((n) => !areaCells.some((a) => a.name === n))).toEqual([]);
    expect(delayCells.map((c) => c.name)).not.toContain('FA_X1');
  });

  it('keep the candidate cells out of the delay library; the area library and the `all` measurement library hold every single-output cell with the table\'s areas', () => {
    const delayNames = parseLibertyCells(readFileSync(defaultDelayLibertyPath(), 'utf8')).map((c) => c.name);
    const candidates = NANGATE45_CELLS.filter((c) => c.candidate === true).map((c) => c.name);
    expect(candidates).toEqual(expect.arrayContaining(['AOI222_X1', 'OAI222_X1', 'NAND4_X1', 'AND4_X1', 'AOI211_X1', 'OAI221_X1']));
    for (const n of candidates) expect(delayNames, n).not.toContain(n);
    const areaLib = parseLibertyCells(readFileSync(defaultLibertyPath(), 'utf8'));
    for (const n of candidates) expect(areaLib.map((c) => c.name), n).toContain(n);
    const all = parseLibertyCells(libertyText('all', 'all'));
    const singleOutput = NANGATE45_CELLS.filter((c) => c.multiOutput !== true);
    expect(all.map((c) => c.name).sort()).toEqual(singleOutput.map((c) => c.name).sort());
    for (const c of singleOutput) expect(all.find((x) => x.name === c.name)?.areaUm2, c.name).toBe(c.areaUm2);
  });
});
