// Memory layout of a generated cycle model (sim/cycle/jsgen/): every IR net with elements of at most
// 31 bits, every register held as elements (delay-line chains, compressor comparisons, control
// valid/last bits, mode capture) and every constant drive get a fixed offset in one Int32Array. A
// delay line's last register IS its output net's slot and mode_q IS its net (aliased: nothing is
// copied after an edge). Result words (accumulators, m_out_data) live apart (sim/cycle/jsgen/compile.ts).

import { InternalError } from '../../../src/diagnostics/diagnostic.js';
import { isNetSlice, type Block, type Connection, type TopIR } from '../../../src/ir/types.js';
import { pairsPerGroup } from '../blocks/compressor.js';
import { MAX_VECTOR_ELEMENT_BITS } from '../nets.js';

export interface Layout {
  /** Elements in the one Int32Array. */
  readonly size: number;
  /** Element offset of a net (nets of <= 31-bit elements only). */
  net(name: string): number;
  /** Element offset of a block port's connection (a net slice or a constant's slot). */
  port(b: Block, port: string): number;
  /** Element count of a block port's connection. */
  portLength(b: Block, port: string): number;
  /** Element offset of a register region a block owns (`delay_line` chain k < DEPTH-1, `ge_q`, `valid_q`, ...). */
  reg(block: string, name: string): number;
  /** Initial values of constant slots: [offset, value]. */
  readonly constants: readonly (readonly [number, number])[];
}

export function buildLayout(top: TopIR): Layout {
  const nets = new Map<string, { offset: number; elementBits: number }>();
  const regs = new Map<string, number>();
  const constSlots = new Map<Connection, number>();
  const constants: [number, number][] = [];
  let size = 0;
  const alloc = (n: number): number => { const o = size; size += n; return o; };
  const aliased = new Map<string, { block: string; elements: number }>();
  const elementsOf = (name: string): number => {
    const n = top.nets.find((x) => x.name === name)!;
    return n.widthBits / n.elementBits;
  };
  const connElements = (c: Connection): number => {
    if (!isNetSlice(c)) return 1;
    const n = top.nets.find((x) => x.name === c.net);
    if (n === undefined) throw new InternalError(`unknown net ${c.net}`);
    return c.widthBits / n.elementBits;
  };
  for (const n of top.nets) {
    if (n.elementBits > MAX_VECTOR_ELEMENT_BITS) continue;
    nets.set(n.name, { offset: alloc(n.widthBits / n.elementBits), elementBits: n.elementBits });
  }
  for (const b of top.blocks) {
    const c = (p: string): Connection => {
      const x = b.connections[p];
      if (x === undefined) throw new InternalError(`${b.name}: no connection for port ${p}`);
      return x;
    };
    switch (b.kind) {
      case 'stream_control':
        regs.set(`${b.name}.valid_q`, alloc(b.stages));
        regs.set(`${b.name}.last_q`, alloc(b.stages - 1));
        regs.set(`${b.name}.acc_first_q`, alloc(1));
        if (b.skid) regs.set(`${b.name}.hold_q`, alloc(1));
        break;
      case 'delay_line': {
        const q = c('q');
        const len = connElements(q);
        for (let k = 0; k < b.depthCycles - 1; k++) regs.set(`${b.name}.chain_q${k}`, alloc(len));
        if (isNetSlice(q)) aliased.set(q.net, { block: b.name, elements: len });
        break;
      }
      case 'compressor':
        // ge_q: the pairwise comparison bits, held as one beaten-by mask per channel when m <= 32.
        if (b.pipelineStages > 0) regs.set(`${b.name}.ge_q`, alloc((b.windowChannels / b.m) * (b.m <= 32 ? b.m : pairsPerGroup(b.m))));
        break;
      case 'mode_capture':
        regs.set(`${b.name}.first_q`, alloc(1));
        break;
      case 'flex_compressor': case 'meta_decoder': case 'flex_decoder': case 'mux_network': case 'pe':
        break;
      default: {
        const never: never = b;
        throw new InternalError(`block kind ${(never as Block).kind}`);
      }
    }
    for (const x of Object.values(b.connections)) {
      if (!isNetSlice(x) && !constSlots.has(x)) {
        const o = alloc(1);
        constSlots.set(x, o);
        constants.push([o, x.constant]);
      }
    }
  }
  // A delay line drives its whole q net (elaboration never splits one): the net is its last register.
  for (const [net, a] of aliased) {
    if (elementsOf(net) !== a.elements) throw new InternalError(`${a.block}: q drives part of net ${net}; the generated model aliases whole nets`);
  }
  const netOffset = (name: string): number => {
    const n = nets.get(name);
    if (n === undefined) throw new InternalError(`net ${name} has no element slots (unknown, or elements wider than ${MAX_VECTOR_ELEMENT_BITS} bits)`);
    return n.offset;
  };
  const connOf = (b: Block, port: string): Connection => {
    const x = b.connections[port];
    if (x === undefined) throw new InternalError(`${b.name}: no connection for port ${port}`);
    return x;
  };
  return {
    size,
    constants,
    net: netOffset,
    port(b, port) {
      const x = connOf(b, port);
      if (!isNetSlice(x)) return constSlots.get(x)!;
      return netOffset(x.net) + x.lo / nets.get(x.net)!.elementBits;
    },
    portLength: (b, port) => connElements(connOf(b, port)),
    reg(block, name) {
      const o = regs.get(`${block}.${name}`);
      if (o === undefined) throw new InternalError(`${block}: no register ${name}`);
      return o;
    },
  };
}
