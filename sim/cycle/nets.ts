// The nets of a simulated top, straight from the IR netlist (TopIR.nets): each held as a vector of
// its elements (an A-bit activation, a B-bit weight, a metadata entry, a select or control bit).
// Result words (m_out_data, whose elements may exceed 31 bits) are kept apart by the engine as
// Words. A block connection becomes a zero-copy view of its net's elements.

import { InternalError } from '../../src/diagnostics/diagnostic.js';
import { isNetSlice, type Connection, type NetIR, type TopIR } from '../../src/ir/types.js';

/** Widest element an Int32Array element vector holds exactly. */
export const MAX_VECTOR_ELEMENT_BITS = 31;

export class SimNets {
  private readonly vectors = new Map<string, Int32Array>();
  private readonly info = new Map<string, NetIR>();

  constructor(top: TopIR) {
    for (const n of top.nets) {
      this.info.set(n.name, n);
      if (n.elementBits <= MAX_VECTOR_ELEMENT_BITS) this.vectors.set(n.name, new Int32Array(n.widthBits / n.elementBits));
    }
  }

  /** The IR description of a net. */
  net(name: string): NetIR {
    const n = this.info.get(name);
    if (n === undefined) throw new InternalError(`unknown net ${name}`);
    return n;
  }

  has(name: string): boolean {
    return this.vectors.has(name);
  }

  /** The element vector of a whole net. */
  vector(name: string): Int32Array {
    const v = this.vectors.get(name);
    if (v === undefined) throw new InternalError(`net ${name} has no element vector (unknown, or elements wider than ${MAX_VECTOR_ELEMENT_BITS} bits)`);
    return v;
  }

  /** The elements a connection covers: a view into its net, or a constant vector. */
  view(c: Connection): Int32Array {
    if (!isNetSlice(c)) return Int32Array.of(c.constant);
    const eb = this.net(c.net).elementBits;
    return this.vector(c.net).subarray(c.lo / eb, (c.lo + c.widthBits) / eb);
  }

  /** Index of a connection's first element in its net (for result words kept outside the vectors). */
  firstElement(c: Connection): number {
    if (!isNetSlice(c)) throw new InternalError('a constant has no element index');
    return c.lo / this.net(c.net).elementBits;
  }
}

/** The connection of a block port, which elaboration always provides. */
export function portOf(connections: Readonly<Record<string, Connection>>, port: string, block: string): Connection {
  const c = connections[port];
  if (c === undefined) throw new InternalError(`${block}: no connection for port ${port}`);
  return c;
}
