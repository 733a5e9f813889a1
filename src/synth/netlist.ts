// A mapped gate-level netlist read from Yosys `write_json`: library cells with their pins bound to
// net bits, the module's ports, a name for every register bit, and the cells in topological order
// (flip-flops cut the loops). Shared by static timing (sta.ts) and toggle energy (toggle_energy.ts);
// knows cells only through the cell table (tech/nangate45_cells.ts).

import { cellData, type CellData } from './tech/nangate45_cells.js';

/** A net bit: a Yosys bit id, or the constant 0 / 1. */
export type Bit = number | '0' | '1';

export interface NetlistCell {
  readonly name: string;
  readonly data: CellData;
  /** Pin → bit (single-bit pins only, as library cells have). */
  readonly pins: Readonly<Record<string, Bit>>;
}

export interface Netlist {
  readonly module: string;
  readonly inputs: ReadonlyMap<string, readonly Bit[]>;
  readonly outputs: ReadonlyMap<string, readonly Bit[]>;
  /** Combinational cells, each after every cell driving its inputs. */
  readonly combinational: readonly NetlistCell[];
  readonly flipFlops: readonly NetlistCell[];
  /** Register bit (a flip-flop's Q) → the register's name without index, e.g. `psum_q`, `u_rank.ge_q`. */
  readonly registerOf: ReadonlyMap<number, string>;
  /** Bit → total input-pin capacitance it drives, fF (module outputs add OUTPUT_PORT_LOAD_FF each, set by the caller). */
  readonly fanoutPins: ReadonlyMap<number, readonly { readonly cell: NetlistCell; readonly pin: string }[]>;
}

interface JsonModule {
  ports: Record<string, { direction: string; bits: Bit[] }>;
  cells: Record<string, { type: string; connections: Record<string, Bit[]> }>;
  netnames: Record<string, { bits: Bit[]; hide_name?: number }>;
}

/** Reads module `top` of a Yosys JSON netlist. Throws on a cell type the cell table lacks. */
export function readNetlist(json: string, top: string): Netlist {
  const doc = JSON.parse(json) as { modules: Record<string, JsonModule> };
  const mod = doc.modules[top] ?? Object.values(doc.modules)[0];
  if (mod === undefined) throw new Error(`netlist has no module ${top}`);
  const inputs = new Map<string, Bit[]>();
  const outputs = new Map<string, Bit[]>();
  for (const [name, p] of Object.entries(mod.ports)) (p.direction === 'input' ? inputs : outputs).set(name, p.bits);

  // `$scopeinfo` cells only record the flattened hierarchy; they have no logic.
  const cells: NetlistCell[] = Object.entries(mod.cells).filter(([, c]) => c.type !== '$scopeinfo').map(([name, c]) => {
    const data = cellData(c.type);
    if (data === undefined) throw new Error(`netlist cell ${name} has type ${c.type}, which the cell table does not hold`);
    const pins: Record<string, Bit> = {};
    for (const [pin, bits] of Object.entries(c.connections)) pins[pin] = bits[0]!;
    return { name, data, pins };
  });
  const flipFlops = cells.filter((c) => c.data.sequential !== undefined);
  const combinational = cells.filter((c) => c.data.sequential === undefined);

  const fanoutPins = new Map<number, { cell: NetlistCell; pin: string }[]>();
  for (const c of cells) {
    for (const pin of Object.keys(c.data.inputsFf)) {
      const b = c.pins[pin];
      if (typeof b !== 'number') continue;
      let list = fanoutPins.get(b);
      if (list === undefined) fanoutPins.set(b, (list = []));
      list.push({ cell: c, pin });
    }
  }

  // Register names: the visible netname of each flip-flop's Q bit.
  const nameOfBit = new Map<number, string>();
  for (const [name, n] of Object.entries(mod.netnames)) {
    if (n.hide_name === 1) continue;
    // A register's own name (`..._q`) wins over a port or wire it also drives.
    for (const b of n.bits) if (typeof b === 'number' && (!nameOfBit.has(b) || (/_q$/.test(name) && !/_q$/.test(nameOfBit.get(b)!)))) nameOfBit.set(b, name);
  }
  const registerOf = new Map<number, string>();
  for (const ff of flipFlops) {
    const q = ff.pins[Object.keys(ff.data.outputs)[0]!];
    if (typeof q === 'number') registerOf.set(q, (nameOfBit.get(q) ?? ff.name).replace(/^\\/, ''));
  }

  return { module: top, inputs, outputs, combinational: topoOrder(combinational), flipFlops, registerOf, fanoutPins };
}

/** Kahn's order over combinational cells; throws on a combinational loop. */
function topoOrder(cells: readonly NetlistCell[]): NetlistCell[] {
  const driver = new Map<number, NetlistCell>();
  for (const c of cells) for (const pin of Object.keys(c.data.outputs)) { const b = c.pins[pin]; if (typeof b === 'number') driver.set(b, c); }
  const pending = new Map<NetlistCell, number>();
  const users = new Map<NetlistCell, NetlistCell[]>();
  for (const c of cells) {
    let n = 0;
    for (const pin of Object.keys(c.data.inputsFf)) {
      const b = c.pins[pin];
      const d = typeof b === 'number' ? driver.get(b) : undefined;
      if (d === undefined) continue;
      n++;
      let u = users.get(d);
      if (u === undefined) users.set(d, (u = []));
      u.push(c);
    }
    pending.set(c, n);
  }
  const order: NetlistCell[] = cells.filter((c) => pending.get(c) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const u of users.get(order[i]!) ?? []) {
      const left = pending.get(u)! - 1;
      pending.set(u, left);
      if (left === 0) order.push(u);
    }
  }
  if (order.length !== cells.length) throw new Error(`netlist has a combinational loop (${cells.length - order.length} cells on it)`);
  return order;
}

/** Capacitive load of a bit, fF: the input pins it drives plus `portLoadFf` per module output bit it is. */
export function loadFf(netlist: Netlist, bit: Bit, outputBits: ReadonlySet<number>, portLoadFf: number): number {
  if (typeof bit !== 'number') return 0;
  const pins = netlist.fanoutPins.get(bit) ?? [];
  return pins.reduce((s, p) => s + p.cell.data.inputsFf[p.pin]!, 0) + (outputBits.has(bit) ? portLoadFf : 0);
}
