// Toggle-count energy of a mapped netlist: a zero-delay, two-valued, cycle-by-cycle simulation
// (module inputs given per cycle, flip-flops updated at the end of each cycle) that counts every
// cell output transition and charges it the cell's internal energy plus ½·C·V² of the net it
// drives (nangate45_cells.ts). Glitches are not seen (zero delay) and the clock network is not
// counted, so figures are a lower bound on a real netlist's dynamic energy. Pure; the caller
// supplies the stimulus.

import { loadFf, type Bit, type Netlist, type NetlistCell } from './netlist.js';
import { OUTPUT_PORT_LOAD_FF, SWITCH_FJ_PER_FF } from './tech/nangate45_cells.js';

/** One cycle's input values: port name → value bits, least significant first (missing bits are 0). */
export type InputVector = Readonly<Record<string, readonly (0 | 1)[]>>;

export interface ToggleEnergy {
  readonly cycles: number;
  /** Dynamic energy over every cycle but the first (which only sets the initial state), fJ. */
  readonly totalFj: number;
  /** totalFj / (cycles - 1). */
  readonly perCycleFj: number;
  /** Part of totalFj in flip-flops (their Q transitions), fJ. */
  readonly flipFlopFj: number;
}

type Expr = (v: (pin: string) => number) => number;

/** Compiles a Liberty function (`!`, `&`, `|`, `^`, parentheses, pin names) into an evaluator. */
export function compileFunction(text: string): Expr {
  const tokens = text.match(/[A-Za-z_][A-Za-z0-9_]*|[!&|^()]/g) ?? [];
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === '!') { const e = primary(); return (v) => 1 - e(v); }
    if (t === '(') { const e = or(); i++; return e; }
    if (t === undefined || !/^[A-Za-z_]/.test(t)) throw new Error(`bad liberty function ${JSON.stringify(text)}`);
    return (v) => v(t);
  };
  const binary = (next: () => Expr, op: string, f: (a: number, b: number) => number) => (): Expr => {
    let e = next();
    while (peek() === op) { i++; const l = e, r = next(); e = (v) => f(l(v), r(v)); }
    return e;
  };
  const and = binary(primary, '&', (a, b) => a & b);
  const xor = binary(and, '^', (a, b) => a ^ b);
  const or = binary(xor, '|', (a, b) => a | b);
  return or();
}

/** Simulates `vectors` (one per cycle) and sums the switching energy. */
export function toggleEnergy(netlist: Netlist, vectors: readonly InputVector[]): ToggleEnergy {
  const outputBits = new Set<number>();
  for (const bits of netlist.outputs.values()) for (const b of bits) if (typeof b === 'number') outputBits.add(b);
  const value = new Map<number, number>();
  const get = (b: Bit | undefined): number => (b === '1' ? 1 : b === '0' || b === undefined ? 0 : value.get(b) ?? 0);
  const compiled = new Map<string, Expr>();
  const exprOf = (cell: NetlistCell, pin: string): Expr => {
    const key = `${cell.data.name}.${pin}`;
    let e = compiled.get(key);
    if (e === undefined) compiled.set(key, (e = compileFunction(cell.data.outputs[pin]!)));
    return e;
  };
  const costFj = new Map<number, number>();
  const cost = (cell: NetlistCell, bit: number): number => {
    let c = costFj.get(bit);
    if (c === undefined) costFj.set(bit, (c = cell.data.internalEnergyFj + SWITCH_FJ_PER_FF * loadFf(netlist, bit, outputBits, OUTPUT_PORT_LOAD_FF)));
    return c;
  };
  let totalFj = 0, flipFlopFj = 0;
  vectors.forEach((vec, cycle) => {
    for (const [port, bits] of netlist.inputs) {
      const v = vec[port] ?? [];
      bits.forEach((b, k) => { if (typeof b === 'number') value.set(b, v[k] ?? 0); });
    }
    for (const cell of netlist.combinational) {
      for (const pin of Object.keys(cell.data.outputs)) {
        const out = cell.pins[pin];
        if (typeof out !== 'number') continue;
        const next = exprOf(cell, pin)((p) => get(cell.pins[p]));
        if (cycle > 0 && next !== (value.get(out) ?? 0)) totalFj += cost(cell, out);
        value.set(out, next);
      }
    }
    // Clock edge: every flip-flop takes D.
    const updates = netlist.flipFlops.map((ff) => [ff, get(ff.pins[ff.data.sequential!.data])] as const);
    for (const [ff, d] of updates) {
      const q = ff.pins[Object.keys(ff.data.outputs)[0]!];
      if (typeof q !== 'number') continue;
      if (cycle > 0 && d !== (value.get(q) ?? 0)) { const e = cost(ff, q); totalFj += e; flipFlopFj += e; }
      value.set(q, d);
    }
  });
  const cycles = vectors.length;
  return { cycles, totalFj, perCycleFj: cycles > 1 ? totalFj / (cycles - 1) : 0, flipFlopFj };
}
