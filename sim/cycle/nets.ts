// The nets of a simulated top, named as in src/emit/verilog/top.ts (s_act_data, act_in_q, keep_d,
// sel_d, act_lane_d, act_lane_q, sel_lane_q, wgt_q, meta_q, wgt_lane_rR_cC), each held as a vector
// of its elements (an A-bit activation, a B-bit weight, a metadata entry, a select bit). Element
// widths and counts come from the TopIR's ports and blocks only.

import { InternalError } from '../../src/diagnostics/diagnostic.js';
import type { EngineIR, MetaDecoderBlock, TopIR } from '../../src/ir/types.js';

export interface NetShape {
  /** Bits of one element. */
  readonly elementBits: number;
  /** Elements read as two's complement (operands) or unsigned (metadata, select bits). */
  readonly signed: boolean;
}

/** Element structure of a net, by name. */
export function netShape(ir: EngineIR, top: TopIR, name: string): NetShape {
  if (name === 's_act_data' || name.startsWith('act_')) return { elementBits: ir.actBits, signed: true };
  if (name === 's_wgt_data' || name.startsWith('wgt_')) return { elementBits: ir.weightBits, signed: true };
  if (name === 'keep_d' || name === 'sel_d' || name === 'sel_lane_q') return { elementBits: 1, signed: false };
  if (name === 's_act_meta' || name === 'meta_q') {
    const dec = top.blocks.find((b): b is MetaDecoderBlock => b.kind === 'meta_decoder');
    if (dec === undefined) throw new InternalError(`${top.module}: net ${name} without a metadata decoder`);
    return { elementBits: dec.encoding === 'index' ? dec.metaBits / dec.lanes : 1, signed: false };
  }
  throw new InternalError(`${top.module}: unknown net ${name}`);
}

/** Every net of a top (input ports, delay-line outputs, combinational nets) as a zeroed element vector. */
export function createNets(ir: EngineIR, top: TopIR): Map<string, Int32Array> {
  const nets = new Map<string, Int32Array>();
  const add = (name: string, widthBits: number): void => {
    if (nets.has(name)) throw new InternalError(`net ${name} declared twice`);
    nets.set(name, new Int32Array(widthBits / netShape(ir, top, name).elementBits));
  };
  for (const p of top.ports) {
    if (p.direction === 'input' && (p.name === 's_act_data' || p.name === 's_act_meta' || p.name === 's_wgt_data')) add(p.name, p.widthBits);
  }
  for (const b of top.blocks) {
    switch (b.kind) {
      case 'delay_line': add(b.sink, b.widthBits); break;
      case 'compressor': if (!nets.has('keep_d')) add('keep_d', ir.rows * b.windowChannels); break;
      case 'meta_decoder': if (!nets.has('sel_d')) add('sel_d', ir.rows * b.lanes * b.muxFanIn); break;
      case 'mux_network':
        if (b.operand === 'act') { if (!nets.has('act_lane_d')) add('act_lane_d', ir.rows * b.lanes * b.widthBits); }
        else add(`wgt_lane_r${b.row}_c${b.col}`, b.lanes * b.widthBits);
        break;
      case 'stream_control': case 'pe': break;
    }
  }
  return nets;
}

export function net(nets: ReadonlyMap<string, Int32Array>, name: string): Int32Array {
  const v = nets.get(name);
  if (v === undefined) throw new InternalError(`unknown net ${name}`);
  return v;
}
