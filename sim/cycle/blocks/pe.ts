// Step functions of nm_pe (rtl-templates/nm_pe.v): P signed multipliers and their PSUM-bit sum
// into psum_q (on load_psum), then on load_out the accumulator: out_q takes (acc_first ? 0 : acc_q)
// + psum_q on the last slice, acc_q otherwise; reset clears acc_q and out_q (psum_q is not reset).
// Arithmetic modulo 2^ACC; the word representation (number or bigint) is chosen in sim/cycle/word.ts.
// A split PE (psumParts > 0) registers its parts (sums of P/parts lanes, exact in partBits) on
// load_part and their sum modulo 2^PSUM into psum_q on load_psum. A skid PE (readyCut) also moves
// out_q into acc_q on the last slice, and shows acc_q while the control's hold flag is set.

import type { ProcessingElementBlock } from '../../../src/ir/types.js';
import { accumulate, wrapNumber, zeroWord, type Word } from '../word.js';

export interface PeState {
  /** Signed PSUM-bit partial sum (a number: PSUM <= A+B+8 <= 40 bits). */
  psum_q: number;
  /** Split PEs: the registered parts (signed, exact); empty otherwise. */
  readonly part_q: Float64Array;
  acc_q: Word;
  out_q: Word;
}

export interface PeInputs {
  readonly rst_n: boolean;
  readonly load_psum: boolean;
  /** Split PEs: load of the part registers (the stage before psum). */
  readonly load_part: boolean;
  readonly load_out: boolean;
  readonly psum_last: boolean;
  readonly acc_first: boolean;
}

/** The output word: out_q, or acc_q while a skid PE's hold flag (acc_first[1]) is set. */
export function evalPeOut(b: ProcessingElementBlock, s: PeState, hold: boolean): Word {
  return b.skid && hold ? s.acc_q : s.out_q;
}

export function createPeState(b: ProcessingElementBlock): PeState {
  return { psum_q: 0, part_q: new Float64Array(b.psumParts), acc_q: zeroWord(b.accBits), out_q: zeroWord(b.accBits) };
}

/** The adder tree: sum of the P lane products modulo 2^PSUM, signed. Exact: |sum| <= 256 * 2^30. */
export function adderTree(b: ProcessingElementBlock, act: Int32Array, wgt: Int32Array): number {
  let sum = 0;
  for (let k = 0; k < b.lanes; k++) sum += act[k]! * wgt[k]!;
  return wrapNumber(sum, b.psumBits);
}

/** out = out_q. */
export function evalPe(s: PeState): Word {
  return s.out_q;
}

/** The registers after the edge, written into `n`. `act`/`wgt` are the PE's lane operands. */
export function nextPe(b: ProcessingElementBlock, s: PeState, i: PeInputs, act: Int32Array, wgt: Int32Array, n: PeState): void {
  if (b.psumParts > 0) {
    n.psum_q = i.load_psum ? wrapNumber(s.part_q.reduce((x, y) => x + y, 0), b.psumBits) : s.psum_q;
    if (i.load_part) {
      const per = b.lanes / b.psumParts;
      for (let q = 0; q < b.psumParts; q++) {
        let sum = 0;
        for (let k = q * per; k < (q + 1) * per; k++) sum += act[k]! * wgt[k]!;
        n.part_q[q] = wrapNumber(sum, b.partBits);
      }
    } else n.part_q.set(s.part_q);
  } else n.psum_q = i.load_psum ? adderTree(b, act, wgt) : s.psum_q;
  n.acc_q = s.acc_q;
  n.out_q = s.out_q;
  if (!i.rst_n) {
    n.acc_q = zeroWord(b.accBits);
    n.out_q = zeroWord(b.accBits);
  } else if (i.load_out) {
    const accNext = accumulate(s.acc_q, s.psum_q, i.acc_first, b.accBits);
    if (i.psum_last) {
      n.out_q = accNext;
      if (b.skid) n.acc_q = s.out_q;
    } else n.acc_q = accNext;
  }
}
