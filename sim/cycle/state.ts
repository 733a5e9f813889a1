// The register state of a simulated top, one entry per stateful IR block, keyed by the block's
// name (the Verilog instance name), with the template's register names inside (valid_q, last_q,
// acc_first_q, chain_q, ge_q, psum_q, acc_q, out_q, first_q, mode_q). Combinational blocks (decoders,
// mux_network) have none. The engine keeps two of these: current and next, committed on the edge.

import { assertNever } from '../../src/diagnostics/diagnostic.js';
import type { TopIR } from '../../src/ir/types.js';
import { createCompressorState, type CompressorState } from './blocks/compressor.js';
import { createDelayLineState, type DelayLineState } from './blocks/delay_line.js';
import { createModeCaptureState, type ModeCaptureState } from './blocks/mode_capture.js';
import { createPeState, type PeState } from './blocks/pe.js';
import { createStreamControlState, type StreamControlState } from './blocks/stream_control.js';
import { portOf, type SimNets } from './nets.js';

export interface EngineState {
  readonly control: StreamControlState;
  readonly delayLines: ReadonlyMap<string, DelayLineState>;
  readonly compressors: ReadonlyMap<string, CompressorState>;
  readonly pes: ReadonlyMap<string, PeState>;
  readonly modeCaptures: ReadonlyMap<string, ModeCaptureState>;
}

/**
 * Power-up state (all zeros, as Verilator starts; the first reset sets what the RTL resets). With
 * `aliasOutputs` each delay line's last register is its q net's view, so the commit writes the net.
 */
export function createEngineState(top: TopIR, nets: SimNets, aliasOutputs = false): EngineState {
  let control: StreamControlState | undefined;
  const delayLines = new Map<string, DelayLineState>();
  const compressors = new Map<string, CompressorState>();
  const pes = new Map<string, PeState>();
  const modeCaptures = new Map<string, ModeCaptureState>();
  for (const b of top.blocks) {
    switch (b.kind) {
      case 'stream_control': control = createStreamControlState(b); break;
      case 'delay_line': {
        const q = nets.view(portOf(b.connections, 'q', b.name));
        delayLines.set(b.name, createDelayLineState(b, q.length, aliasOutputs ? q : undefined));
        break;
      }
      case 'compressor': case 'flex_compressor': compressors.set(b.name, createCompressorState(b)); break;
      case 'mode_capture': modeCaptures.set(b.name, createModeCaptureState()); break;
      case 'pe': pes.set(b.name, createPeState(b)); break;
      case 'meta_decoder': case 'flex_decoder': case 'mux_network': break;
      default: assertNever(b, 'block kind');
    }
  }
  if (control === undefined) throw new Error(`${top.module}: no stream_control block`);
  return { control, delayLines, compressors, pes, modeCaptures };
}

/** The edge: every register of `to` takes its value in `from`. */
export function commitEngineState(from: EngineState, to: EngineState): void {
  to.control.valid_q.set(from.control.valid_q);
  to.control.last_q.set(from.control.last_q);
  to.control.acc_first_q = from.control.acc_first_q;
  to.control.hold_q = from.control.hold_q;
  for (const [name, d] of from.delayLines) {
    const t = to.delayLines.get(name)!;
    for (let k = 0; k < d.chain_q.length; k++) t.chain_q[k]!.set(d.chain_q[k]!);
  }
  for (const [name, c] of from.compressors) {
    const t = to.compressors.get(name)!;
    t.ge_q.set(c.ge_q);
    t.keep_q.set(c.keep_q);
  }
  for (const [name, c] of from.modeCaptures) {
    const t = to.modeCaptures.get(name)!;
    t.first_q = c.first_q;
    t.mode_q = c.mode_q;
  }
  for (const [name, p] of from.pes) {
    const t = to.pes.get(name)!;
    t.psum_q = p.psum_q;
    t.part_q.set(p.part_q);
    t.acc_q = p.acc_q;
    t.out_q = p.out_q;
  }
}
