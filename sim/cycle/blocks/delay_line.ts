// Step functions of nm_delay_line (rtl-templates/nm_delay_line.v): DEPTH stall-aware registers.
// Register k captures on bit k of its `load` port (the IR connects it to the stages it spans); not reset (its contents are only read while the
// matching valid bit is set). A bus is held as a vector of its elements (sim/cycle/nets.ts).

import type { DelayLineBlock } from '../../../src/ir/types.js';

/** chain_q[k]: register k of the chain, as the element vector of the bus it carries. */
export interface DelayLineState {
  readonly chain_q: readonly Int32Array[];
}

/** `last`, when given, becomes the last register (the engine passes the q net's view: no copy after an edge). */
export function createDelayLineState(b: DelayLineBlock, elements: number, last?: Int32Array): DelayLineState {
  return { chain_q: Array.from({ length: b.depthCycles }, (_, k) => (k === b.depthCycles - 1 && last !== undefined ? last : new Int32Array(elements))) };
}

/** q = chain_q[DEPTH-1]. */
export function evalDelayLine(b: DelayLineBlock, s: DelayLineState): Int32Array {
  return s.chain_q[b.depthCycles - 1]!;
}

/** The registers after the edge; `load` holds the block's DEPTH load bits. */
export function nextDelayLine(b: DelayLineBlock, s: DelayLineState, load: ArrayLike<number>, d: Int32Array, n: DelayLineState): void {
  for (let k = 0; k < b.depthCycles; k++) {
    n.chain_q[k]!.set(load[k] ? (k === 0 ? d : s.chain_q[k - 1]!) : s.chain_q[k]!);
  }
}
