// The generated cycle model of one top: the TopIR netlist specialized into JavaScript (the way
// Verilator specializes C++) and compiled once with `new Function`. evaluate() is the stream
// control's assigns and the top's assigns; clock() evaluates the combinational blocks whose stage
// loads on this edge, then updates every register in place, ordered so that a register's readers
// run before it changes (a delay line's last register is its output net: no copies after the edge).
// Semantics are those of the interpreted reference (sim/cycle/engine.ts, sim/cycle/blocks/); the
// flexible selection blocks (flex_compressor, flex_decoder) and any block the emitted code does not
// specialize (sim/cycle/jsgen/specialized.ts) call its step functions on views (fallback.ts); a
// control, delay-line or mode-capture block it does not specialize is refused at compile time.

import { assertNever, InternalError } from '../../../src/diagnostics/diagnostic.js';
import {
  isNetSlice, type Block, type CompressorBlock, type DelayLineBlock, type EngineIR, type MetaDecoderBlock, type ModeCaptureBlock,
  type MuxNetworkBlock, type ProcessingElementBlock, type StreamControlBlock, type TopIR,
} from '../../../src/ir/types.js';
import { zeroWord, type Word } from '../word.js';
import {
  copyCode, emitCompressors, emitDelayLines, emitMetaDecoders, emitModeCaptures, emitMuxes, emitPes, PRELUDE, Tables,
} from './emit_blocks.js';
import { fallbackCombinational, fallbackPe, type Fallback } from './fallback.js';
import { buildLayout, type Layout } from './layout.js';
import { unspecializedReason } from './specialized.js';

/** The compiled functions: evaluate returns s_act_ready | s_wgt_ready << 1 | m_out_valid << 2. */
export interface GeneratedSteps {
  evaluate(rstN: number, actValid: number, wgtValid: number, last: number, outReady: number): number;
  /** The rising edge; true when a result word changed. */
  clock(): boolean;
}

export interface GeneratedTop {
  readonly layout: Layout;
  /** Every net and register element (read-only to callers). */
  readonly elements: Int32Array;
  /** out_q of each result element of m_out_data (number, or bigint above 52 accumulator bits). */
  readonly outWords: Word[];
  readonly steps: GeneratedSteps;
  /** The generated source (for inspection and tests). */
  readonly source: string;
  /** Back to the power-up state (all zeros, as the reference and Verilator start). */
  powerUp(): void;
}

interface RegStep { readonly code: string; readonly reads: ReadonlySet<string>; readonly writes: ReadonlySet<string> }

const netsOf = (b: Block, except: readonly string[] = []): Set<string> => {
  const s = new Set<string>();
  for (const [p, c] of Object.entries(b.connections)) if (isNetSlice(c) && !except.includes(p)) s.add(c.net);
  return s;
};

/** Orders register steps so that a step reading a net another step writes (an aliased register) goes first. */
function orderRegSteps(steps: readonly RegStep[], module: string): RegStep[] {
  const left = [...steps], out: RegStep[] = [];
  while (left.length > 0) {
    const i = left.findIndex((s) => !left.some((o) => o !== s && [...s.writes].some((w) => o.reads.has(w))));
    if (i < 0) throw new InternalError(`${module}: registers read each other in a cycle; the generated model cannot order them`);
    out.push(left.splice(i, 1)[0]!);
  }
  return out;
}

/** Groups blocks by a shape key, keeping the order of first appearance. */
function groupBy<B>(bs: readonly B[], key: (b: B) => string): B[][] {
  const m = new Map<string, B[]>();
  for (const b of bs) {
    const k = key(b);
    const g = m.get(k);
    if (g === undefined) m.set(k, [b]); else g.push(b);
  }
  return [...m.values()];
}

function emitControl(c: StreamControlBlock, L: Layout, top: TopIR): { evaluate: string; next: string } {
  const S = c.stages;
  const v = L.reg(c.name, 'valid_q'), lq = L.reg(c.name, 'last_q'), af = L.reg(c.name, 'acc_first_q');
  // readyCut: the stall enable is !hold_q; acc_first[1] carries hold_q to the PEs.
  const hold = c.skid ? L.reg(c.name, 'hold_q') : -1;
  const ready = L.net('m_out_ready');
  const inputs = ['rst_n', 's_act_valid', 's_wgt_valid', 's_act_last', 'm_out_ready'].map((p) => L.net(p));
  const load = L.port(c, 'load');
  const loads = Array.from({ length: S - 1 }, (_, k) => `N[${load + k + 1}] = en & N[${v + k}];`).join(' ');
  const assigns = top.assigns.map((a) => {
    const t = L.net(a.target), s = L.net(a.source), n = top.nets.find((x) => x.name === a.target)!;
    const len = n.widthBits / n.elementBits;
    return copyCode(t, s, len);
  }).join('\n');
  const shifts = Array.from({ length: S - 2 }, (_, j) => {
    const k = S - 2 - j;
    return `{ const pv = N[${v + k - 1}]; N[${v + k}] = pv; if (pv) N[${lq + k}] = N[${lq + k - 1}]; }`;
  }).join('\n    ');
  return {
    evaluate: `N[${inputs[0]}] = rst; N[${inputs[1]}] = av; N[${inputs[2]}] = wv; N[${inputs[3]}] = last; N[${inputs[4]}] = ready;
  const vL = N[${v + S - 1}];
  en = ${c.skid ? `N[${hold}] === 0 ? 1 : 0` : 'vL === 0 || ready === 1 ? 1 : 0'};
  take = av & wv & en & rst;
  N[${L.port(c, 'take')}] = take; N[${L.port(c, 'm_out_valid')}] = vL;
  N[${load}] = take; ${loads}
  N[${L.port(c, 'psum_last')}] = N[${lq + S - 2}]; N[${L.port(c, 'acc_first')}] = N[${af}];${c.skid ? ` N[${L.port(c, 'acc_first') + 1}] = N[${hold}];` : ''}
  ${assigns}
  return N[${L.net('s_act_ready')}] | (N[${L.net('s_wgt_ready')}] << 1) | (N[${L.net('m_out_valid')}] << 2);`,
    next: `if (N[${L.net('rst_n')}] === 0) { N.fill(0, ${v}, ${v + S}); N.fill(0, ${lq}, ${lq + S - 1}); N[${af}] = 1;${c.skid ? ` N[${hold}] = 0;` : ''} }
  else if (en) {
    const vp = N[${v + S - 2}], lp = N[${lq + S - 2}];
    ${c.skid
    ? `const arrive = vp & lp, unread = N[${v + S - 1}] & (N[${ready}] ^ 1);
    N[${v + S - 1}] = arrive | unread; N[${hold}] = arrive & unread;`
    : `N[${v + S - 1}] = vp & lp;`}
    if (vp) N[${af}] = lp;
    ${shifts}
    N[${v}] = take; if (take) N[${lq}] = N[${L.net('s_act_last')}];
  }${c.skid ? ` else if (N[${ready}]) N[${hold}] = 0;` : ''}`,
  };
}

/** Specializes and compiles one top. */
export function compileTop(ir: EngineIR, top: TopIR): GeneratedTop {
  const L = buildLayout(top);
  const T = new Tables();
  const N = new Int32Array(L.size);
  for (const [o, v] of L.constants) N[o] = v;
  const out = top.nets.find((n) => n.name === 'm_out_data');
  if (out === undefined) throw new InternalError(`${top.module}: no m_out_data`);
  const outCount = out.widthBits / out.elementBits;
  const outIndex = (b: ProcessingElementBlock): number => {
    const c = b.connections.out;
    if (c === undefined || !isNetSlice(c) || c.net !== 'm_out_data') throw new InternalError(`${b.name}: out is not a slice of m_out_data`);
    return c.lo / out.elementBits;
  };
  const H: (() => unknown)[] = [];
  const resets: (() => void)[] = [];
  for (const b of top.blocks) {
    const why = b.kind === 'stream_control' || b.kind === 'delay_line' || b.kind === 'mode_capture' ? unspecializedReason(b) : undefined;
    if (why !== undefined) throw new InternalError(`${top.module}: the generated model does not specialize ${b.kind} ${b.name} (${why}) and has no fallback for it`);
  }
  // Flexible selection blocks always, other blocks when the emitted code does not cover them.
  const generic = (b: Block): boolean => b.kind !== 'stream_control' && b.kind !== 'delay_line' && b.kind !== 'mode_capture' && unspecializedReason(b) !== undefined;
  const addFallback = (f: Fallback): string => {
    H.push(f.run);
    if (f.reset !== undefined) resets.push(f.reset);
    return `H[${H.length - 1}]()`;
  };
  const stageLoad = (stage: number): number => {
    const s = top.stageLoads[stage];
    if (s === undefined) throw new InternalError(`${top.module}: no load for stage ${stage}`);
    return L.net(s.net) + s.lo;
  };

  const control = top.blocks.find((b): b is StreamControlBlock => b.kind === 'stream_control');
  if (control === undefined) throw new InternalError(`${top.module}: no stream_control`);
  const ctl = emitControl(control, L, top);
  const comb: { code: string; reads: Set<string>; writes: Set<string> }[] = [];
  const regs: RegStep[] = [{ code: ctl.next, reads: new Set(), writes: new Set() }];
  let pickSize = 0;
  const combBlocks = top.blocks.filter((b) => b.kind === 'compressor' || b.kind === 'meta_decoder' || b.kind === 'mux_network' || b.kind === 'flex_compressor' || b.kind === 'flex_decoder');
  const shapeKey = (b: Block): string => {
    if (generic(b)) return `one|${b.name}`;
    switch (b.kind) {
      case 'compressor': return `c|${b.m}|${b.n}|${b.windowChannels}|${b.pipelineStages}|${b.stage}`;
      case 'meta_decoder': return `d|${b.encoding}|${b.m}|${b.n}|${b.muxFanIn}|${b.windowChannels}|${b.stage}`;
      case 'mux_network': return `x|${b.m}|${b.n}|${b.muxFanIn}|${b.windowChannels}|${b.stage}`;
      default: return `one|${b.name}`;
    }
  };
  for (const g of groupBy(combBlocks, shapeKey)) {
    const b0 = g[0]!;
    const guard = (code: string): string => `if (N[${stageLoad(b0.stage)}]) {\n  ${code}\n}`;
    const outPorts = b0.kind === 'mux_network' ? ['lanes'] : b0.kind === 'meta_decoder' || b0.kind === 'flex_decoder' ? ['sel'] : ['keep'];
    const reads = new Set<string>(), writes = new Set<string>();
    for (const b of g) {
      for (const [p, c] of Object.entries(b.connections)) if (isNetSlice(c)) (outPorts.includes(p) ? writes : reads).add(c.net);
    }
    if (generic(b0)) {
      const f = fallbackCombinational(b0, N, L);
      comb.push({ code: guard(`${addFallback(f.comb)};`), reads, writes });
      if (f.next !== undefined) regs.push({ code: `${addFallback(f.next)};`, reads: netsOf(b0), writes: new Set() });
      continue;
    }
    switch (b0.kind) {
      case 'compressor': {
        const e = emitCompressors(g as CompressorBlock[], L, T);
        comb.push({ code: guard(e.comb), reads, writes });
        if (e.next !== '') regs.push({ code: e.next, reads: new Set(g.flatMap((b) => [...netsOf(b)])), writes: new Set() });
        break;
      }
      case 'meta_decoder': comb.push({ code: guard(emitMetaDecoders(g as MetaDecoderBlock[], L, T)), reads, writes }); break;
      case 'mux_network': {
        const sels = new Set(g.map((b) => L.port(b, 'sel'))).size;
        const P = (b0.windowChannels / b0.m) * b0.n;
        comb.push({ code: guard(emitMuxes(g as MuxNetworkBlock[], L, T, 'PICK')), reads, writes });
        pickSize = Math.max(pickSize, sels * P);
        break;
      }
      default: throw new InternalError('not a combinational block');
    }
  }
  // A combinational group runs after every group that drives a net it reads.
  const combOrdered: typeof comb = [];
  const pending = [...comb];
  while (pending.length > 0) {
    const i = pending.findIndex((c) => !pending.some((o) => o !== c && [...o.writes].some((w) => c.reads.has(w))));
    if (i < 0) throw new InternalError(`${top.module}: combinational blocks in a loop`);
    combOrdered.push(pending.splice(i, 1)[0]!);
  }
  for (const b of top.blocks) {
    switch (b.kind) {
      case 'delay_line': {
        const q = b.connections.q;
        regs.push({ code: emitDelayLines([b as DelayLineBlock], L), reads: netsOf(b, ['q']), writes: new Set(q !== undefined && isNetSlice(q) ? [q.net] : []) });
        break;
      }
      case 'mode_capture': {
        const q = b.connections.mode_q;
        regs.push({ code: emitModeCaptures([b as ModeCaptureBlock], L), reads: netsOf(b, ['mode_q']), writes: new Set(q !== undefined && isNetSlice(q) ? [q.net] : []) });
        break;
      }
      case 'stream_control': case 'compressor': case 'flex_compressor': case 'meta_decoder': case 'flex_decoder': case 'mux_network': case 'pe': break;
      default: assertNever(b, 'block kind');
    }
  }
  const pes = top.blocks.filter((b): b is ProcessingElementBlock => b.kind === 'pe');
  for (const b of pes.filter(generic)) {
    if (b.skid) throw new InternalError(`${top.module}: the generated model has no fallback for the skid PE ${b.name} (${unspecializedReason(b)})`);
    // The reference nextPe on views; it returns true when out_q changed (written into OU).
    regs.push({ code: `if (${addFallback(fallbackPe(b, N, L, outIndex(b), (x, w) => { OU[x] = w; }))}) changed = true;`, reads: netsOf(b, ['out']), writes: new Set() });
  }
  for (const g of groupBy(pes.filter((b) => !generic(b)), (b) => `${b.lanes}|${b.accBits}|${b.psumBits}|${b.psumParts}|${b.partBits}|${b.skid}`)) {
    regs.push({ code: emitPes(g, L, T, outIndex), reads: new Set(g.flatMap((b) => [...netsOf(b, ['out'])])), writes: new Set() });
  }
  const ordered = orderRegSteps(regs, top.module);
  // Skid PEs (readyCut): after every register, each shows its accumulator while the control holds.
  const skidPes = pes.filter((b) => b.skid);
  const skidOut = skidPes.length === 0 ? '' : (() => {
    const t = T.add(skidPes.map(outIndex), 'so');
    return `for (let i = 0; i < ${skidPes.length}; i++) { const x = ${t.at('i')}, w = N[${L.reg(control.name, 'hold_q')}] ? AC[x] : OQ[x]; if (OU[x] !== w) { OU[x] = w; changed = true; } }`;
  })();
  const source = `"use strict";
${PRELUDE}
const PICK = new Int32Array(${Math.max(1, pickSize)});
${T.bindings()}
let en = 0, take = 0;
function evaluate(rst, av, wv, last, ready) {
  ${ctl.evaluate}
}
function clock() {
  let changed = false;
  // combinational blocks whose stage loads on this edge
  ${combOrdered.map((c) => c.code).join('\n')}
  // registers, readers before writers
  ${ordered.map((r) => r.code).join('\n')}
  ${skidOut}
  return changed;
}
return { evaluate, clock };`;
  const zero = zeroWord(ir.accBits);
  const PS = new Float64Array(outCount);
  const PT = new Float64Array(outCount * Math.max(0, ...pes.map((b) => b.psumParts)));
  const AC: Word[] = new Array<Word>(outCount).fill(zero), OU: Word[] = new Array<Word>(outCount).fill(zero), OQ: Word[] = new Array<Word>(outCount).fill(zero);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  const make = new Function('N', 'PS', 'PT', 'AC', 'OU', 'OQ', 'T', 'H', source) as (...a: unknown[]) => GeneratedSteps;
  const steps = make(N, PS, PT, AC, OU, OQ, T.values, H);
  const powerUp = (): void => {
    N.fill(0);
    for (const [o, v] of L.constants) N[o] = v;
    PS.fill(0); PT.fill(0); AC.fill(zero); OU.fill(zero); OQ.fill(zero);
    for (const r of resets) r();
  };
  return { layout: L, elements: N, outWords: OU, steps, source, powerUp };
}
