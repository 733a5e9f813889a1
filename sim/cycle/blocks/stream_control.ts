// Step functions of nm_stream_control (rtl-templates/nm_stream_control.v): the joined handshake,
// a valid and a last bit per stage, the global stall enable and the accumulate-first flag; with
// `skid` (readyCut) the hold flag that stalls the pipeline while the accumulators hold an unread
// result. Pure functions of (block, state, inputs); the engine decides when to call them
// (sim/cycle/engine.ts).

import type { StreamControlBlock } from '../../../src/ir/types.js';

/** Registers, named as in the template: valid_q[STAGES], last_q[STAGES-1], acc_first_q, hold_q. */
export interface StreamControlState {
  readonly valid_q: Uint8Array;
  readonly last_q: Uint8Array;
  acc_first_q: boolean;
  /** skid only: the accumulators hold an unread result (never set otherwise). */
  hold_q: boolean;
}

export interface StreamControlInputs {
  readonly rst_n: boolean;
  readonly s_act_valid: boolean;
  readonly s_wgt_valid: boolean;
  readonly s_act_last: boolean;
  readonly m_out_ready: boolean;
}

/** Combinational outputs (and `en`, the template's internal stall enable). */
export interface StreamControlOutputs {
  en: boolean;
  take: boolean;
  m_out_valid: boolean;
  /** load[s]: stage s registers capture on this edge. */
  readonly load: Uint8Array;
  psum_last: boolean;
  acc_first: boolean;
  /** acc_first[1] of a skid control: hold_q. */
  hold: boolean;
}

/** Power-up state: all zeros, as Verilator starts (Icarus shows X until the first reset). */
export function createStreamControlState(b: StreamControlBlock): StreamControlState {
  return { valid_q: new Uint8Array(b.stages), last_q: new Uint8Array(b.stages - 1), acc_first_q: false, hold_q: false };
}

export function createStreamControlOutputs(b: StreamControlBlock): StreamControlOutputs {
  return { en: false, take: false, m_out_valid: false, load: new Uint8Array(b.stages), psum_last: false, acc_first: false, hold: false };
}

/** The template's assigns: outputs from the current registers and inputs. */
export function evalStreamControl(b: StreamControlBlock, s: StreamControlState, i: StreamControlInputs, o: StreamControlOutputs): void {
  const L = b.stages;
  const en = b.skid ? !s.hold_q : s.valid_q[L - 1] === 0 || i.m_out_ready;
  o.en = en;
  o.take = i.s_act_valid && i.s_wgt_valid && en && i.rst_n;
  o.m_out_valid = s.valid_q[L - 1] === 1;
  o.psum_last = s.last_q[L - 2] === 1;
  o.acc_first = s.acc_first_q;
  o.hold = s.hold_q;
  o.load[0] = o.take ? 1 : 0;
  for (let k = 1; k < L; k++) o.load[k] = en && s.valid_q[k - 1] === 1 ? 1 : 0;
}

/** The template's always block: the registers after the edge, written into `n` (every field). */
export function nextStreamControl(b: StreamControlBlock, s: StreamControlState, i: StreamControlInputs, o: StreamControlOutputs, n: StreamControlState): void {
  const L = b.stages;
  n.valid_q.set(s.valid_q);
  n.last_q.set(s.last_q);
  n.acc_first_q = s.acc_first_q;
  n.hold_q = s.hold_q;
  if (!i.rst_n) {
    n.valid_q.fill(0);
    n.last_q.fill(0);
    n.acc_first_q = true;
    n.hold_q = false;
    return;
  }
  if (!o.en) {
    // Only a skid control stalls with m_out_ready high: the held result is taken on this edge.
    if (i.m_out_ready) n.hold_q = false;
    return;
  }
  n.valid_q[0] = o.take ? 1 : 0;
  if (o.take) n.last_q[0] = i.s_act_last ? 1 : 0;
  for (let k = 1; k < L - 1; k++) {
    n.valid_q[k] = s.valid_q[k - 1]!;
    if (s.valid_q[k - 1]) n.last_q[k] = s.last_q[k - 1]!;
  }
  // The result register becomes valid when the last slice of a dot product is accumulated (skid:
  // and stays valid while not taken; an arrival then parks the unread result in the accumulators).
  const arrive = s.valid_q[L - 2] === 1 && s.last_q[L - 2] === 1;
  const unread = s.valid_q[L - 1] === 1 && !i.m_out_ready;
  n.valid_q[L - 1] = arrive || (b.skid && unread) ? 1 : 0;
  if (b.skid) n.hold_q = arrive && unread;
  if (s.valid_q[L - 2]) n.acc_first_q = s.last_q[L - 2] === 1;
}
