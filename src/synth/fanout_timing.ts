// Fan-out timing of an array, from the cell table: what the block-by-block timing (each block mapped
// and timed alone, its inputs launching at 0 with no driver) leaves out. Per stage (the IR's
// stageFanouts): the extra delay of a broadcast register driving its gate inputs over the whole
// array through an ideally buffered net (bufferedUniformNetDelayPs, the STA's rule), beyond the
// clock-to-Q that the register overhead already holds (added to the chain, or for a select at the
// chain's end, such as acc_first, a path of its own); and the stall-enable path into the stage's
// flip-flops: from m_out_ready (or the control's register) through the enable gates and a buffer tree
// to the load mux of every flip-flop. Both the timing model and synthesis' stage timing add these.

import type { StageFanoutIR, TopIR } from '../ir/types.js';
import { bufferedUniformNetDelayPs, CLOCK_TO_Q_LOAD_FF } from './sta.js';
import { cellData, OUTPUT_PORT_LOAD_FF } from './tech/nangate45_cells.js';

/** Input capacitance taken for one gate input a broadcast bit drives, fF: NAND2_X1's A1 (the AND-OR and partial-product gates are X1 NAND/AOI inputs of 1.6–1.7 fF). */
export const BROADCAST_PIN_FF = cellData('NAND2_X1')!.inputsFf.A1!;

const arcOf = (cell: string, from: string) => {
  const c = cellData(cell);
  const a = c?.arcs.find((x) => x.from === from);
  if (c === undefined || a === undefined) throw new Error(`cell ${cell} pin ${from} missing from the cell table`);
  return { d0Ps: a.d0Ps, kPsPerFf: a.kPsPerFf, inputsFf: c.inputsFf };
};

/** Extra delay of a flip-flop driving `pins` broadcast gate inputs, ns, beyond its clock-to-Q at CLOCK_TO_Q_LOAD_FF (never below 0). */
export function broadcastExtraNs(pins: number): number {
  const q = arcOf('DFF_X1', 'CK');
  const driven = bufferedUniformNetDelayPs(q.d0Ps, q.kPsPerFf, pins, pins * BROADCAST_PIN_FF);
  return Math.max(0, (driven - (q.d0Ps + q.kPsPerFf * CLOCK_TO_Q_LOAD_FF)) / 1000);
}

export interface StallEnableTiming {
  /** Logic from the enable's source to the D pin of the stage's flip-flops, ns (register overhead excluded). */
  readonly logicNs: number;
  readonly flipFlops: number;
}

/**
 * The stall-enable path into one stage's flip-flops, ns of logic: `en = !valid_q[L-1] || m_out_ready`
 * (an OR2 driving the L stage-load ANDs), `load[s] = valid_q[s-1] && en` (an AND2 driving the
 * stage's MUX2 selects through a buffer tree), the load mux (S to Z, into the D pin). With the stall
 * enable from a register (`stallSource` register) the OR2 is gone: the register drives the ANDs.
 * A stage without data flip-flops has no such path (0).
 */
export function stallEnableNs(top: TopIR, f: StageFanoutIR): StallEnableTiming {
  if (f.enabledFlipFlops === 0) return { logicNs: 0, flipFlops: 0 };
  const or2 = arcOf('OR2_X1', 'A2'), and2 = arcOf('AND2_X1', 'A2'), mux = arcOf('MUX2_X1', 'S'), dff = cellData('DFF_X1')!;
  const stages = top.latencyCycles;
  const orPs = top.stallSource === 'm_out_ready' ? or2.d0Ps + or2.kPsPerFf * stages * and2.inputsFf.A2! : 0;
  const treePs = bufferedUniformNetDelayPs(and2.d0Ps, and2.kPsPerFf, f.enabledFlipFlops, f.enabledFlipFlops * mux.inputsFf.S!);
  const muxPs = mux.d0Ps + mux.kPsPerFf * dff.inputsFf.D!;
  return { logicNs: (orPs + treePs + muxPs) / 1000, flipFlops: f.enabledFlipFlops };
}

/**
 * The combinational path from m_out_ready to s_act_ready/s_wgt_ready, ns of logic: the OR2 of the
 * enable, then `take` (an AND of both valids, the enable and rst_n: two AND2 levels) into the two
 * output ports. 0 when the stall enable comes from a register (readyCut): no input-to-output path.
 */
export function readyThroughNs(top: TopIR): number {
  if (top.stallSource === 'register') return 0;
  const or2 = arcOf('OR2_X1', 'A2'), and2 = arcOf('AND2_X1', 'A2');
  const stages = top.latencyCycles;
  const orPs = or2.d0Ps + or2.kPsPerFf * (stages + 1) * and2.inputsFf.A2!;
  const andPs = and2.d0Ps + and2.kPsPerFf * and2.inputsFf.A2! + and2.d0Ps + and2.kPsPerFf * 2 * OUTPUT_PORT_LOAD_FF;
  return round((orPs + andPs) / 1000);
}

/**
 * The path of a `final_select` broadcast, ns of logic: its extra fan-out delay, the 2:1 mux it
 * selects (S to Z, into the load mux's input) and the register's load mux (A to Z, into the D pin).
 */
export function finalSelectNs(pins: number): number {
  const mux = arcOf('MUX2_X1', 'S'), muxA = arcOf('MUX2_X1', 'A'), dff = cellData('DFF_X1')!;
  return broadcastExtraNs(pins) + (mux.d0Ps + mux.kPsPerFf * mux.inputsFf.A! + muxA.d0Ps + muxA.kPsPerFf * dff.inputsFf.D!) / 1000;
}

export interface StageFanoutTiming {
  /** The `chain` broadcast with the largest extra delay launching the stage (undefined: none). */
  readonly broadcast?: { readonly net: string; readonly sinkPinsPerBit: number; readonly extraNs: number };
  /** The slowest `final_select` broadcast: its whole path to the D pins, in parallel with the chain (undefined: none). */
  readonly select?: { readonly net: string; readonly sinkPinsPerBit: number; readonly logicNs: number };
  readonly enable: StallEnableTiming;
}

const round = (x: number): number => Number(x.toFixed(4));

/** The fan-out figures of every stage of a top, in stage order. */
export function stageFanoutTiming(top: TopIR, facts: readonly StageFanoutIR[] = top.stageFanouts): StageFanoutTiming[] {
  return facts.map((f) => {
    const worst = f.broadcasts.filter((b) => b.joins === 'chain')
      .map((b) => ({ net: b.net, sinkPinsPerBit: b.sinkPinsPerBit, extraNs: round(broadcastExtraNs(b.sinkPinsPerBit)) }))
      .reduce<StageFanoutTiming['broadcast']>((a, b) => (a === undefined || b.extraNs > a.extraNs ? b : a), undefined);
    const select = f.broadcasts.filter((b) => b.joins === 'final_select')
      .map((b) => ({ net: b.net, sinkPinsPerBit: b.sinkPinsPerBit, logicNs: round(finalSelectNs(b.sinkPinsPerBit)) }))
      .reduce<StageFanoutTiming['select']>((a, b) => (a === undefined || b.logicNs > a.logicNs ? b : a), undefined);
    const e = stallEnableNs(top, f);
    return { ...(worst !== undefined ? { broadcast: worst } : {}), ...(select !== undefined ? { select } : {}), enable: { logicNs: round(e.logicNs), flipFlops: e.flipFlops } };
  });
}

/**
 * A stage's delay with its fan-outs, ns: the worst of its chain (plus the launching broadcast's extra
 * delay), its final-select broadcast's path and its stall-enable path, plus one register overhead.
 */
export function stageDelayWithFanoutNs(chainLogicNs: number, f: StageFanoutTiming, registerOverheadNs: number): number {
  return round(Math.max(chainLogicNs + (f.broadcast?.extraNs ?? 0), f.select?.logicNs ?? 0, f.enable.logicNs) + registerOverheadNs);
}
