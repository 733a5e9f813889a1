// Which endpoints of a block's static timing measure one part of its logic (an IR path arc): the
// comparison (or keep-mask) register of a pipelined compressor, the partial-sum register or the accumulator and
// result registers of a PE, the outputs of a combinational block, or everything. Used by the
// per-stage timing of synthesized engines and, through plain numbers, by the timing fit.

import { assertNever } from '../diagnostics/diagnostic.js';
import type { Block, PathArc } from '../ir/types.js';
import { OUTPUTS_ENDPOINT, type StaResult } from './sta.js';

export type EndpointClass = 'compare_register' | 'part_registers' | 'psum_register' | 'accumulator_registers' | 'outputs' | 'all';

/** The endpoints that end the logic of `arc` in `block`. */
export function endpointClassOf(block: Block, arc: PathArc): EndpointClass {
  switch (arc) {
    case 'compare': return 'compare_register';
    case 'tree': case 'merge': return 'psum_register';
    case 'multiply': return 'part_registers';
    case 'accumulate': return 'accumulator_registers';
    case 'compare_rank': case 'rank': case 'decode': case 'select': return 'outputs';
    case 'load_mux': return block.kind === 'delay_line' ? 'all' : 'outputs';
    default: return assertNever(arc, 'path arc');
  }
}

function matches(cls: EndpointClass): (endpoint: string) => boolean {
  switch (cls) {
    // The comparison register of a pipelined rank compressor, or the keep-mask register of a bitonic one.
    case 'compare_register': return (e) => /(ge_q|keep_q)$/.test(e);
    case 'psum_register': return (e) => /psum_q$/.test(e);
    case 'part_registers': return (e) => /part_q$/.test(e);
    case 'accumulator_registers': return (e) => /(acc_q|out_q)$/.test(e);
    case 'outputs': return (e) => e === OUTPUTS_ENDPOINT;
    case 'all': return () => true;
    default: return assertNever(cls, 'endpoint class');
  }
}

/** The synthesized logic delay ending in one endpoint class, ns (worst over its endpoints; 0 when none). */
export function synthEndpointNs(cls: EndpointClass, sta: StaResult): number {
  const pick = matches(cls);
  return Math.max(0, ...sta.endpoints.filter((e) => pick(e.endpoint)).map((e) => e.logicNs));
}

/** The synthesized logic delay of one arc of a block, ns. */
export function synthArcNs(block: Block, arc: PathArc, sta: StaResult): number {
  return synthEndpointNs(endpointClassOf(block, arc), sta);
}
