// Builds the nets of one top during elaboration: ports and internal wires with their element
// structure, and bounds-checked slices of them for block connections. Only src/ir/ builds net
// names and bit offsets; every view reads the finished NetIR list and the blocks' connections.

import { InternalError } from '../diagnostics/diagnostic.js';
import type { ConstantDrive, NetIR, NetSlice, PortDirection } from './types.js';

export class NetlistBuilder {
  private readonly nets = new Map<string, NetIR>();

  /** Adds a net; throws on a second declaration or a width that is not whole elements. */
  add(name: string, kind: PortDirection | 'wire', widthBits: number, elementBits: number, signed: boolean): void {
    if (this.nets.has(name)) throw new InternalError(`net ${name} declared twice`);
    if (widthBits < 1 || elementBits < 1 || widthBits % elementBits !== 0) {
      throw new InternalError(`net ${name}: ${widthBits} bits is not a whole number of ${elementBits}-bit elements`);
    }
    this.nets.set(name, { name, kind, widthBits, elementBits, signed });
  }

  wire(name: string, widthBits: number, elementBits: number, signed: boolean): void {
    this.add(name, 'wire', widthBits, elementBits, signed);
  }

  get(name: string): NetIR {
    const net = this.nets.get(name);
    if (net === undefined) throw new InternalError(`unknown net ${name}`);
    return net;
  }

  has(name: string): boolean {
    return this.nets.has(name);
  }

  /** The whole net. */
  whole(name: string): NetSlice {
    return { net: name, lo: 0, widthBits: this.get(name).widthBits };
  }

  /** Bits [lo +: widthBits] of a net, inside it and aligned to its elements. */
  slice(name: string, lo: number, widthBits: number): NetSlice {
    const net = this.get(name);
    if (lo < 0 || widthBits < 1 || lo + widthBits > net.widthBits) throw new InternalError(`slice ${name}[${lo} +: ${widthBits}] outside ${net.widthBits} bits`);
    if (lo % net.elementBits !== 0 || widthBits % net.elementBits !== 0) {
      throw new InternalError(`slice ${name}[${lo} +: ${widthBits}] splits its ${net.elementBits}-bit elements`);
    }
    return { net: name, lo, widthBits };
  }

  /** Elements [first, first + count) of a net. */
  elements(name: string, first: number, count: number): NetSlice {
    const eb = this.get(name).elementBits;
    return this.slice(name, first * eb, count * eb);
  }

  constant(value: number, widthBits: number): ConstantDrive {
    return { constant: value, widthBits };
  }

  /** Every net in declaration order. */
  list(): NetIR[] {
    return [...this.nets.values()];
  }
}
