// The ports of both tops (contract §3–4) with their widths, packing and element structure. Part of
// elaboration: called only by src/ir/elaborate.ts, which adds the ports to the top's netlist.

import type { MetaEncoding } from '../config/engine_config.js';
import type { Pattern } from '../config/pattern.js';
import { clog2 } from './derive.js';
import type { PortIR } from './types.js';

/** Numbers of a description both tops share (the hardware pattern n:m of a fixed engine). */
export interface Shape {
  readonly dense: boolean;
  readonly W: number;
  readonly P: number;
  readonly R: number;
  readonly C: number;
  readonly A: number;
  readonly B: number;
  readonly acc: number;
  readonly n: number;
  readonly m: number;
  readonly F: number;
  readonly psumBits: number;
  readonly metaBitsPerRow: number;
  readonly modeSelectBits: number;
  /** Every run-time mode (one for a fixed engine, whose n:m is the mode); n and m above are the largest mode's. */
  readonly modes: readonly Pattern[];
}

/** A port with the element structure of its bus. */
export interface PortWithElements extends PortIR {
  readonly elementBits: number;
  readonly signed: boolean;
}

const control = (name: string, direction: 'input' | 'output', description: string): PortWithElements =>
  ({ name, direction, widthBits: 1, description, elementBits: 1, signed: false });

export function portsOf(s: Shape, activationInput: 'dense' | 'compressed', metaEncoding: MetaEncoding): PortWithElements[] {
  const compressed = activationInput === 'compressed' && !s.dense;
  const actElems = compressed ? s.P : s.W;
  const ports: PortWithElements[] = [
    control('clk', 'input', 'rising-edge clock'),
    control('rst_n', 'input', 'synchronous reset, active low; clears all state'),
    control('s_act_valid', 'input', 'activation slice valid'),
    control('s_act_ready', 'output', 'activation slice ready (raised together with s_wgt_ready, only when both valids are high and the slice is taken)'),
    control('s_act_last', 'input', 'this slice is the last of its dot product'),
    {
      name: 's_act_data', direction: 'input', widthBits: s.R * actElems * s.A, elementBits: s.A, signed: true,
      description: compressed
        ? `kept activations in channel order: element (r,k), r<${s.R}, k<${s.P}, at bits [(r*${s.P}+k)*${s.A} +: ${s.A}]`
        : `dense activations: element (r,j), r<${s.R}, j<${s.W}, at bits [(r*${s.W}+j)*${s.A} +: ${s.A}]`,
    },
  ];
  if (compressed) {
    const index = metaEncoding === 'index';
    ports.push({
      name: 's_act_meta', direction: 'input', widthBits: s.R * s.metaBitsPerRow, elementBits: index ? clog2(s.m) : 1, signed: false,
      description: index
        ? `index metadata: position inside its group${s.modes.length > 1 ? ' of the active mode' : ''} of lane (r,k) at bits [(r*${s.P}+k)*${clog2(s.m)} +: ${clog2(s.m)}]`
        : `bitmask metadata: bit r*${s.W}+j is 1 when channel j of token r is kept (exactly ${s.modes.length > 1 ? 'n per group of m of the active mode n:m' : `${s.n} per group of ${s.m}`})`,
    });
  }
  ports.push(
    control('s_wgt_valid', 'input', 'weight slice valid'),
    control('s_wgt_ready', 'output', 'weight slice ready (equal to s_act_ready)'),
    {
      name: 's_wgt_data', direction: 'input', widthBits: s.C * s.W * s.B, elementBits: s.B, signed: true,
      description: `dense weights: element (c,j), c<${s.C}, j<${s.W}, at bits [(c*${s.W}+j)*${s.B} +: ${s.B}]`,
    },
  );
  if (s.modeSelectBits > 0) {
    ports.push({
      name: 'cfg_mode', direction: 'input', widthBits: s.modeSelectBits, elementBits: s.modeSelectBits, signed: false,
      description: 'index into modes, sampled with the first slice of each dot product',
    });
  }
  ports.push(
    control('m_out_valid', 'output', 'result valid'),
    control('m_out_ready', 'input', 'result ready'),
    {
      name: 'm_out_data', direction: 'output', widthBits: s.R * s.C * s.acc, elementBits: s.acc, signed: true,
      description: `results: element (r,c) at bits [(r*${s.C}+c)*${s.acc} +: ${s.acc}], two's complement`,
    },
  );
  return ports;
}
