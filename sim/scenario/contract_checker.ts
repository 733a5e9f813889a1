// Checks one observed run (per-cycle records from any backend) against the engine contract:
// joined handshake, results in order and bit-exact against the untimed reference (dot products
// rebuilt from the transfers actually made, resets included), results held stable under
// backpressure, and the per-result latency. Reports the first problems with a line-trace window.

import { packHex } from '../../src/ir/bits.js';
import type { EngineIR, TopIR } from '../../src/ir/types.js';
import { compressSlice, referenceCoreDotProduct, referenceDotProduct, type DenseSlice } from '../../src/ref/functional.js';
import { formatCycleRecord, type CycleRecord } from './stimulus.js';
import { refShapeOf } from './workload.js';

export interface RunCheck {
  readonly errors: readonly string[];
  /** Results transferred on m_out. */
  readonly delivered: number;
  /** Per delivered result: edges from the edge taking its last slice to the first edge m_out_valid is high for it. */
  readonly latencies: readonly number[];
  /** Edges on which a slice was taken. */
  readonly takeEdges: readonly number[];
  /** Results lost to a reset (taken but not delivered before it). */
  readonly droppedByReset: number;
}

interface Pending {
  readonly expectedHex: string;
  readonly lastEdge: number;
  firstValidEdge?: number;
}

function window(records: readonly CycleRecord[], at: number, span = 4): string {
  return records.slice(Math.max(0, at - span), at + span + 1).map((r) => (r.cycle === at ? '> ' : '  ') + formatCycleRecord(r)).join('\n');
}

export function checkRun(ir: EngineIR, top: TopIR, slices: readonly DenseSlice[], records: readonly CycleRecord[], maxErrors = 5): RunCheck {
  const shape = refShapeOf(ir);
  const compressed = top.nets.some((n) => n.name === 's_act_meta');
  const expectedOf = (idx: readonly number[]): string => {
    const ds = idx.map((i) => slices[i]!);
    // cfg_mode is sampled with the first slice the engine takes for a dot product (contract §3): the
    // value presented with it, which after a reset may be a later slice's. Compressed slices are
    // presented as compressed for their own dot product's mode.
    const first = ds[0]!;
    const pattern = ir.modes[first.cfgMode ?? first.mode]!;
    const out = compressed
      ? referenceCoreDotProduct(shape, pattern, ir.meta, ds.map((s) => compressSlice(shape, ir.modes[s.mode]!, ir.meta, s)))
      : referenceDotProduct(shape, pattern, ds);
    return packHex(out, ir.accBits);
  };
  const errors: string[] = [];
  const fail = (at: number, msg: string): void => {
    if (errors.length < maxErrors) errors.push(`cycle ${at}: ${msg}\n${window(records, at)}`);
  };
  let nextSlice = 0;
  let partial: number[] = [];
  let queue: Pending[] = [];
  const latencies: number[] = [];
  const takeEdges: number[] = [];
  let delivered = 0, dropped = 0;
  let afterReset = false;

  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (afterReset && r.unknownSignals !== undefined) fail(r.cycle, `X or Z after reset on ${r.unknownSignals.join(', ')}`);
    if (r.outValid && r.outHex !== undefined && /[^0-9a-f]/.test(r.outHex)) fail(r.cycle, `m_out_data has unknown bits while m_out_valid is high: ${r.outHex}`);
    if (r.actReady !== r.wgtReady) fail(r.cycle, 's_act_ready and s_wgt_ready differ (the streams are joined)');
    if (r.actReady && !(r.actValid && r.wgtValid)) fail(r.cycle, 'ready raised while a valid is low (ready only when both valids are high)');
    const head = queue[0];
    if (r.outValid && head !== undefined && head.firstValidEdge === undefined) head.firstValidEdge = r.cycle;
    if (r.outValid && r.outReady) {
      const p = queue.shift();
      if (p === undefined) fail(r.cycle, 'a result was transferred but no dot product was completed');
      else {
        delivered++;
        if (r.outHex !== p.expectedHex) fail(r.cycle, `result ${delivered - 1} differs from the reference\n  got      ${r.outHex}\n  expected ${p.expectedHex}`);
        latencies.push((p.firstValidEdge ?? r.cycle) - p.lastEdge);
      }
    } else if (r.outValid && !r.reset) {
      const nx = records[i + 1];
      if (nx !== undefined && (!nx.outValid || nx.outHex !== r.outHex)) fail(nx.cycle, 'result changed or dropped while m_out_valid was high and m_out_ready low');
    }
    if (r.actValid && r.actReady) {
      if (nextSlice >= slices.length) fail(r.cycle, 'more slices taken than were sent');
      else {
        takeEdges.push(r.cycle);
        partial.push(nextSlice);
        if (slices[nextSlice]!.last) {
          queue.push({ expectedHex: expectedOf(partial), lastEdge: r.cycle });
          partial = [];
        }
        nextSlice++;
      }
    }
    if (r.reset) {
      afterReset = true;
      dropped += queue.length;
      queue = [];
      partial = [];
    }
  }
  if (queue.length > 0) fail(records.length - 1, `${queue.length} completed dot product(s) never delivered`);
  return { errors, delivered, latencies, takeEdges, droppedByReset: dropped };
}
