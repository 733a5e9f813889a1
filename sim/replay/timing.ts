// Cycle count of one replayed layer: the engine's exact slice-per-cycle timing (contract §3 and
// rtl-templates/nm_stream_control.v) composed with the double-buffered memory model of
// memory_model.ts. One pass over the dot products (tiles), O(tokenBlocks · columnBlocks); no data.

import { colsInBlock, tokensInBlock, type LayerTiling } from './tiling.js';
import { transferCycles, type Ports } from './memory_model.js';

export interface TimingInput {
  readonly tiling: LayerTiling;
  readonly rows: number;
  readonly cols: number;
  /** L of the top (TopIR.latencyCycles). */
  readonly latencyCycles: number;
  /** Off-chip activation bits per token (values + metadata). */
  readonly tokenBits: number;
  /** Weight rows fetched per token block (length tokenBlocks). */
  readonly weightRowsPerBlock: ArrayLike<number>;
  readonly weightBits: number;
  readonly accBits: number;
  readonly ports: Ports;
}

/**
 * Cycles are counted from the edge that takes the first slice (cycle 0) through the edge of the
 * last m_out transfer, inclusive: totalCycles = computeCycles + inputStallCycles + latencyCycles
 * + outputTailCycles. With unlimited bandwidth both stall terms are 0 and totalCycles = slices + L,
 * exactly what the RTL does with both valids and m_out_ready held high.
 */
export interface TimingResult {
  readonly totalCycles: number;
  /** Cycles on which the engine takes a slice: the number of slices. */
  readonly computeCycles: number;
  /** Cycles the engine waits for an operand to arrive between its first and last slice (and before the first). */
  readonly inputStallCycles: number;
  /** L: from the last slice to its result. */
  readonly latencyCycles: number;
  /** Cycles the last results wait for the write port after the engine is done. */
  readonly outputTailCycles: number;
  /** Cycles each port is busy transferring. */
  readonly actPortBusyCycles: number;
  readonly weightPortBusyCycles: number;
  readonly outputPortBusyCycles: number;
}

/**
 * The recurrence, per tile i = (b, j) in stream order:
 *  - weights of tile i load into the free half of the weight buffer: start when the port is free and
 *    tile i−2 has taken its last slice (ping-pong), take transferCycles(rows_b · C_j · B);
 *  - the next token block's activations load in `columnBlocks` equal shares after each weight tile,
 *    into the activation half that block b−1 used (free once its last tile took its last slice);
 *    block 0's activations load first (prologue);
 *  - tile i starts when tile i−1 has taken its last slice and its weights and block's activations are
 *    on chip, and takes S consecutive cycles (one slice per cycle);
 *  - its result transfers on m_out L − 1 cycles after its last slice and queues for the write port.
 */
export function timeLayer(x: TimingInput): TimingResult {
  const t = x.tiling;
  const S = t.slicesPerDotProduct;
  const L = x.latencyCycles;
  const p = x.ports;
  const Bt = t.tokenBlocks, Bc = t.columnBlocks;
  let actFree = 0, wgtFree = 0, outFree = 0;
  let actBusy = 0, wgtBusy = 0, outBusy = 0;
  // Port used by a weight transfer: the activation port when shared.
  const readAct = (earliest: number, bits: number): number => {
    const c = transferCycles(bits, p.actBytesPerCycle);
    actFree = Math.max(actFree, earliest) + c;
    actBusy += c;
    if (p.sharedRead) wgtFree = actFree;
    return actFree;
  };
  const readWgt = (earliest: number, bits: number): number => {
    if (p.sharedRead) return readAct(earliest, bits);
    const c = transferCycles(bits, p.weightBytesPerCycle);
    wgtFree = Math.max(wgtFree, earliest) + c;
    wgtBusy += c;
    return wgtFree;
  };
  let actDone = readAct(0, tokensInBlock(t, x.rows, 0) * x.tokenBits);
  let prevEnd = 0, prev2End = 0, blockEndPrev = 0, stall = 0;
  for (let b = 0; b < Bt; b++) {
    const nextBits = b + 1 < Bt ? tokensInBlock(t, x.rows, b + 1) * x.tokenBits : 0;
    const rowsB = x.weightRowsPerBlock[b];
    let nextDone = actDone;
    for (let j = 0; j < Bc; j++) {
      const cj = colsInBlock(t, x.cols, j);
      const wDone = readWgt(prev2End, rowsB * cj * x.weightBits);
      const share = Math.floor(((j + 1) * nextBits) / Bc) - Math.floor((j * nextBits) / Bc);
      if (share > 0) nextDone = readAct(blockEndPrev, share);
      const ready = Math.max(wDone, actDone);
      const start = Math.max(prevEnd, ready);
      stall += start - prevEnd;
      const end = start + S;
      const c = transferCycles(tokensInBlock(t, x.rows, b) * cj * x.accBits, p.outputBytesPerCycle);
      outFree = Math.max(outFree, end + L) + c; // m_out transfer on cycle end − 1 + L; writing starts the next cycle
      outBusy += c;
      prev2End = prevEnd;
      prevEnd = end;
    }
    blockEndPrev = prevEnd;
    actDone = nextDone;
  }
  const total = Math.max(prevEnd + L, outFree);
  return {
    totalCycles: total, computeCycles: t.slices, inputStallCycles: stall, latencyCycles: L,
    outputTailCycles: total - (prevEnd + L), actPortBusyCycles: actBusy,
    weightPortBusyCycles: p.sharedRead ? actBusy : wgtBusy, outputPortBusyCycles: outBusy,
  };
}
