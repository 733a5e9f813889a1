// Static timing of a mapped netlist with the cell table's linear delays (d0 + k·C_load per arc, no
// slew propagation, no wire load): every startpoint (module input or flip-flop Q) launches at 0,
// arrivals propagate through the combinational cells in topological order, and the worst arrival
// is reported per endpoint group (each register by name, and the module outputs), in ns. High
// fan-out nets are taken as ideally buffered (bufferedNetDelayPs). Register overhead
// (clock-to-Q + setup) is NOT in these figures: see registerOverheadNs.

import { type Bit, type Netlist } from './netlist.js';
import { cellData, DFF_SETUP_PS, OUTPUT_PORT_LOAD_FF } from './tech/nangate45_cells.js';

/** Load of a register's Q assumed for its clock-to-Q, fF: two X1 inputs (the blocks are mapped alone, so a flip-flop's real fan-out is not seen). */
export const CLOCK_TO_Q_LOAD_FF = 3.5;

/** Clock-to-Q of DFF_X1 at CLOCK_TO_Q_LOAD_FF plus its setup time, ns: what every register-to-register stage pays besides its logic. */
export function registerOverheadNs(): number {
  const dff = cellData('DFF_X1')!;
  const ckq = dff.arcs[0]!;
  return (ckq.d0Ps + ckq.kPsPerFf * CLOCK_TO_Q_LOAD_FF + DFF_SETUP_PS) / 1000;
}

/** Branching of the virtual buffer trees: a buffer drives at most this many pins. */
export const BUFFER_FANOUT = 4;

/**
 * Delay of a driver arc (d0 + k·C) into a net with `sinksFf` pin loads, ps, with the net taken as
 * ideally buffered: the least over driving the pins directly and balanced trees of BUF_X1
 * (BUFFER_FANOUT branches, as many levels as the fan-out needs: 1–4 up to 256 pins, log4 of the
 * pins beyond; the driver drives the tree's roots, each level adds one buffer delay, the last level
 * drives BUFFER_FANOUT pins of the net's mean capacitance). The delay mapping cannot buffer (ABC's
 * `buffer` fails on some designs here), so this stands in for the buffering every real flow does on
 * high fan-out nets (operand bits feeding m−1 comparators, lane selects feeding every bit of a lane,
 * the stall enable feeding every flip-flop of an array).
 */
export function bufferedNetDelayPs(d0Ps: number, kPsPerFf: number, sinksFf: readonly number[]): number {
  return bufferedUniformNetDelayPs(d0Ps, kPsPerFf, sinksFf.length, sinksFf.reduce((a, b) => a + b, 0));
}

/** bufferedNetDelayPs for `pins` sinks of `totalFf` together (their mean capacitance at the tree's leaves). */
export function bufferedUniformNetDelayPs(d0Ps: number, kPsPerFf: number, pins: number, totalFf: number): number {
  let best = d0Ps + kPsPerFf * totalFf;
  const f = pins;
  if (f <= BUFFER_FANOUT) return best;
  const buf = cellData('BUF_X1')!;
  const bufIn = buf.inputsFf.A!, bufArc = buf.arcs[0]!;
  const mean = totalFf / f;
  for (let levels = 1; ; levels++) {
    const roots = Math.ceil(f / BUFFER_FANOUT ** levels);
    let t = d0Ps + kPsPerFf * roots * bufIn;
    for (let l = 1; l < levels; l++) t += bufArc.d0Ps + bufArc.kPsPerFf * BUFFER_FANOUT * bufIn;
    t += bufArc.d0Ps + bufArc.kPsPerFf * Math.min(f, BUFFER_FANOUT) * mean;
    best = Math.min(best, t);
    if (roots === 1) break;
  }
  return best;
}

/** Name of the endpoint group of the module outputs. */
export const OUTPUTS_ENDPOINT = 'outputs';

export interface EndpointTiming {
  /** A register name (its D inputs), or `outputs` (the module's output ports). */
  readonly endpoint: string;
  /** Worst combinational arrival at this endpoint, ns (startpoints at 0, no register overhead). */
  readonly logicNs: number;
  /** Start of that worst path: an input port bit or a register bit, e.g. `act_lane[3]` or `reg psum_q`. */
  readonly startpoint: string;
  /** Cells on that path. */
  readonly cells: number;
}

export interface StaResult {
  /** Worst endpoint group first. */
  readonly endpoints: readonly EndpointTiming[];
  /** The worst logicNs over every endpoint, ns. */
  readonly logicNs: number;
}

interface Arrival { readonly t: number; readonly start: string; readonly cells: number }

/** Runs the timing analysis. */
export function analyzeTiming(netlist: Netlist): StaResult {
  const outputBits = new Set<number>();
  for (const bits of netlist.outputs.values()) for (const b of bits) if (typeof b === 'number') outputBits.add(b);
  const arrival = new Map<number, Arrival>();
  for (const [name, bits] of netlist.inputs) bits.forEach((b, i) => { if (typeof b === 'number') arrival.set(b, { t: 0, start: bits.length > 1 ? `${name}[${i}]` : name, cells: 0 }); });
  for (const [bit, reg] of netlist.registerOf) arrival.set(bit, { t: 0, start: `reg ${reg}`, cells: 0 });

  for (const cell of netlist.combinational) {
    for (const [outPin] of Object.entries(cell.data.outputs)) {
      const out = cell.pins[outPin];
      if (typeof out !== 'number') continue;
      const sinks = (netlist.fanoutPins.get(out) ?? []).map((p) => p.cell.data.inputsFf[p.pin]!);
      if (outputBits.has(out)) sinks.push(OUTPUT_PORT_LOAD_FF);
      let best: Arrival | undefined;
      for (const arc of cell.data.arcs) {
        if (arc.to !== outPin) continue;
        const a = arrivalOf(arrival, cell.pins[arc.from]);
        if (a === undefined) continue;
        const t = a.t + bufferedNetDelayPs(arc.d0Ps, arc.kPsPerFf, sinks) / 1000;
        if (best === undefined || t > best.t) best = { t, start: a.start, cells: a.cells + 1 };
      }
      // A cell whose inputs are all constants (ABC leaves none, but be safe) launches at 0.
      arrival.set(out, best ?? { t: 0, start: cell.name, cells: 1 });
    }
  }

  const worst = new Map<string, Arrival>();
  const note = (endpoint: string, a: Arrival | undefined): void => {
    if (a === undefined) return;
    const w = worst.get(endpoint);
    if (w === undefined || a.t > w.t) worst.set(endpoint, a);
  };
  for (const ff of netlist.flipFlops) {
    const q = ff.pins[Object.keys(ff.data.outputs)[0]!];
    const reg = typeof q === 'number' ? netlist.registerOf.get(q) : undefined;
    note(reg ?? ff.name, arrivalOf(arrival, ff.pins[ff.data.sequential!.data]));
  }
  for (const b of outputBits) note(OUTPUTS_ENDPOINT, arrival.get(b));
  const endpoints = [...worst.entries()]
    .map(([endpoint, a]) => ({ endpoint, logicNs: round(a.t), startpoint: a.start, cells: a.cells }))
    .sort((x, y) => y.logicNs - x.logicNs || x.endpoint.localeCompare(y.endpoint));
  return { endpoints, logicNs: endpoints[0]?.logicNs ?? 0 };
}

function arrivalOf(arrival: ReadonlyMap<number, Arrival>, bit: Bit | undefined): Arrival | undefined {
  return typeof bit === 'number' ? arrival.get(bit) : undefined;
}

const round = (x: number): number => Number(x.toFixed(4));
