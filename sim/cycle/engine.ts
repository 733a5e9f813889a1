// The cycle-accurate model of one generated top (nm_engine or nm_engine_core), an evaluator of the
// TopIR netlist: one pure step function per block kind (sim/cycle/blocks/<kind>.ts), each block
// reading and writing the views of the nets its IR connections name. Each cycle: evaluate the
// combinational outputs from the current state (evaluate), then compute every register's next value
// from the current state and commit them all on the rising edge (clock). simulateStream() drives it
// as the RTL harnesses do.

import { assertNever, InternalError } from '../../src/diagnostics/diagnostic.js';
import type { EngineIR, StreamControlBlock, TopIR } from '../../src/ir/types.js';
import type { CycleRecord, StreamStimulus } from '../scenario/stimulus.js';
import { evalCompressor, nextCompressor, pairsPerGroup } from './blocks/compressor.js';
import { nextDelayLine } from './blocks/delay_line.js';
import { evalFlexCompressor, nextFlexCompressor } from './blocks/flex_compressor.js';
import { evalFlexDecoder } from './blocks/flex_decoder.js';
import { evalMetaDecoder } from './blocks/meta_decoder.js';
import { nextModeCapture, type ModeCaptureInputs } from './blocks/mode_capture.js';
import { evalMuxNetwork } from './blocks/mux_network.js';
import { evalPe, evalPeOut, nextPe, type PeInputs } from './blocks/pe.js';
import {
  createStreamControlOutputs, evalStreamControl, nextStreamControl, type StreamControlInputs, type StreamControlOutputs,
} from './blocks/stream_control.js';
import { unpackElements, packWords } from './hex.js';
import { portOf, SimNets } from './nets.js';
import { commitEngineState, createEngineState, type EngineState } from './state.js';
import type { Word } from './word.js';

/** The 1-bit input ports of a top in one cycle (data ports are set with setData). */
export interface ControlInputs {
  readonly rst_n: boolean;
  readonly s_act_valid: boolean;
  readonly s_wgt_valid: boolean;
  readonly s_act_last: boolean;
  readonly m_out_ready: boolean;
}

/** The 1-bit output ports in one cycle; m_out_data is read with outHex(). */
export interface ControlOutputs {
  readonly s_act_ready: boolean;
  readonly s_wgt_ready: boolean;
  readonly m_out_valid: boolean;
}

/** A combinational block, evaluated only on edges where the registers reading it load (its IR stage). */
interface CombStep {
  readonly load: Int32Array;
  readonly run: () => void;
}

/** The IR's 1-bit control input ports, in the order of ControlInputs. */
const CONTROL_PORTS = ['rst_n', 's_act_valid', 's_wgt_valid', 's_act_last', 'm_out_ready'] as const;

export class EngineModel {
  /** Current register state (read-only to callers: line traces, tests). */
  readonly state: EngineState;
  readonly nets: SimNets;
  private readonly nextState: EngineState;
  private readonly control: StreamControlOutputs;
  private readonly controlBlock: StreamControlBlock;
  private readonly controlInputs: { -readonly [K in keyof StreamControlInputs]: StreamControlInputs[K] } =
    { rst_n: false, s_act_valid: false, s_wgt_valid: false, s_act_last: false, m_out_ready: false };
  /** Writes the control block's outputs into the nets its connections name. */
  private readonly driveControl: () => void;
  private readonly assigns: readonly { target: Int32Array; source: Int32Array }[];
  private readonly combSteps: CombStep[] = [];
  private readonly regSteps: (() => void)[] = [];
  private readonly peSteps: (() => void)[] = [];
  /** After the commit: outputs that are registers (delay-line q, PE results); true when a result word changed. */
  private readonly afterEdge: (() => boolean)[] = [];
  private readonly outWords: Word[];
  private outHexCache: string | undefined;

  constructor(readonly ir: EngineIR, readonly top: TopIR) {
    const nets = new SimNets(top);
    this.nets = nets;
    this.state = createEngineState(top, nets, true);
    this.nextState = createEngineState(top, nets);
    const ctlBlock = top.blocks.find((b): b is StreamControlBlock => b.kind === 'stream_control');
    if (ctlBlock === undefined) throw new InternalError(`${top.module}: no stream_control`);
    this.controlBlock = ctlBlock;
    this.control = createStreamControlOutputs(ctlBlock);
    const out = top.nets.find((n) => n.name === 'm_out_data');
    if (out === undefined) throw new InternalError(`${top.module}: no m_out_data`);
    this.outWords = new Array<Word>(out.widthBits / out.elementBits);
    const cur = this.state, nxt = this.nextState, ctl = this.control;
    const view = (b: { connections: Parameters<typeof portOf>[0]; name: string }, port: string): Int32Array => nets.view(portOf(b.connections, port, b.name));

    {
      const c = ctlBlock;
      const take = view(c, 'take'), valid = view(c, 'm_out_valid'), load = view(c, 'load'), psumLast = view(c, 'psum_last'), accFirst = view(c, 'acc_first');
      this.driveControl = () => {
        take[0] = ctl.take ? 1 : 0;
        valid[0] = ctl.m_out_valid ? 1 : 0;
        load.set(ctl.load);
        psumLast[0] = ctl.psum_last ? 1 : 0;
        accFirst[0] = ctl.acc_first ? 1 : 0;
        if (c.skid) accFirst[1] = ctl.hold ? 1 : 0;
      };
    }
    this.assigns = top.assigns.map((a) => ({ target: nets.vector(a.target), source: nets.vector(a.source) }));
    // A delay line's last register (evalDelayLine) is its output net's view in the current state:
    // the commit writes the net, nothing is copied after the edge.
    const stageLoad = (stage: number): Int32Array => nets.view(top.stageLoads[stage]!);

    for (const b of top.blocks) {
      switch (b.kind) {
        case 'stream_control':
          this.regSteps.push(() => nextStreamControl(b, cur.control, this.controlInputs, ctl, nxt.control));
          break;
        case 'delay_line': {
          const s = cur.delayLines.get(b.name)!, n = nxt.delayLines.get(b.name)!;
          const d = view(b, 'd'), load = view(b, 'load');
          this.regSteps.push(() => nextDelayLine(b, s, load, d, n));
          break;
        }
        case 'compressor': {
          const s = cur.compressors.get(b.name)!, n = nxt.compressors.get(b.name)!;
          const act = view(b, 'act'), keep = view(b, 'keep'), load = view(b, 'load');
          const scratch = new Uint8Array((b.windowChannels / b.m) * pairsPerGroup(b.m));
          this.combSteps.push({ load: stageLoad(b.stage), run: () => evalCompressor(b, s, act, keep, scratch) });
          if (b.pipelineStages > 0) this.regSteps.push(() => nextCompressor(b, s, load[0] === 1, act, n));
          break;
        }
        case 'flex_compressor': {
          const s = cur.compressors.get(b.name)!, n = nxt.compressors.get(b.name)!;
          const act = view(b, 'act'), keep = view(b, 'keep'), load = view(b, 'load'), mode = view(b, 'mode');
          const scratch = new Uint8Array((b.windowChannels / b.m) * pairsPerGroup(b.m));
          this.combSteps.push({ load: stageLoad(b.stage), run: () => evalFlexCompressor(b, s, mode[0]!, act, keep, scratch) });
          if (b.pipelineStages > 0) this.regSteps.push(() => nextFlexCompressor(b, s, load[0] === 1, mode[0]!, act, n));
          break;
        }
        case 'flex_decoder': {
          const meta = view(b, b.encoding === 'bitmask' ? 'mask' : 'idx'), sel = view(b, 'sel'), mode = view(b, 'mode');
          this.combSteps.push({ load: stageLoad(b.stage), run: () => evalFlexDecoder(b, mode[0]!, meta, sel) });
          break;
        }
        case 'mode_capture': {
          const s = cur.modeCaptures.get(b.name)!, n = nxt.modeCaptures.get(b.name)!;
          const rst = view(b, 'rst_n'), take = view(b, 'take'), last = view(b, 'last'), cfg = view(b, 'cfg_mode'), q = view(b, 'mode_q');
          const inputs: { -readonly [K in keyof ModeCaptureInputs]: ModeCaptureInputs[K] } = { rst_n: 0, take: 0, last: 0, cfgMode: 0 };
          this.regSteps.push(() => {
            inputs.rst_n = rst[0]!; inputs.take = take[0]!; inputs.last = last[0]!; inputs.cfgMode = cfg[0]!;
            nextModeCapture(b, s, inputs, n);
          });
          this.afterEdge.push(() => { q[0] = s.mode_q; return false; });
          break;
        }
        case 'meta_decoder': {
          const meta = view(b, b.encoding === 'bitmask' ? 'mask' : 'idx'), sel = view(b, 'sel');
          this.combSteps.push({ load: stageLoad(b.stage), run: () => evalMetaDecoder(b, meta, sel) });
          break;
        }
        case 'mux_network': {
          const sel = view(b, 'sel'), data = view(b, 'data'), lanes = view(b, 'lanes');
          this.combSteps.push({ load: stageLoad(b.stage), run: () => evalMuxNetwork(b, sel, data, lanes) });
          break;
        }
        case 'pe': {
          const s = cur.pes.get(b.name)!, n = nxt.pes.get(b.name)!;
          const act = view(b, 'act_lane'), wgt = view(b, 'wgt_lane');
          const rst = view(b, 'rst_n'), loadPsum = view(b, 'load_psum'), loadOut = view(b, 'load_out'), psumLast = view(b, 'psum_last'), accFirst = view(b, 'acc_first');
          const inputs: { -readonly [K in keyof PeInputs]: PeInputs[K] } = { rst_n: false, load_psum: false, load_part: false, load_out: false, psum_last: false, acc_first: false };
          const split = b.psumParts > 0;
          this.peSteps.push(() => {
            inputs.rst_n = rst[0] === 1; inputs.load_psum = loadPsum[split ? 1 : 0] === 1; inputs.load_part = split && loadPsum[0] === 1; inputs.load_out = loadOut[0] === 1;
            inputs.psum_last = psumLast[0] === 1; inputs.acc_first = accFirst[0] === 1;
            nextPe(b, s, inputs, act, wgt, n);
          });
          const index = nets.firstElement(portOf(b.connections, 'out', b.name));
          // A skid PE's word depends on the control's hold flag: read from the committed state.
          const out = (): Word => (b.skid ? evalPeOut(b, s, cur.control.hold_q) : evalPe(s));
          this.outWords[index] = out();
          this.afterEdge.push(() => {
            const w = out();
            if (this.outWords[index] === w) return false;
            this.outWords[index] = w;
            return true;
          });
          break;
        }
        default:
          assertNever(b, 'block kind');
      }
    }
    if (this.outWords.some((w) => w === undefined) || top.latencyCycles < 2) throw new InternalError(`${top.module}: malformed top`);
  }

  /** Drives a data input port (s_act_data, s_act_meta, s_wgt_data) with its element vector. */
  setData(port: 's_act_data' | 's_act_meta' | 's_wgt_data', elements: Int32Array): void {
    this.nets.vector(port).set(elements);
  }

  /** Drives cfg_mode (flexible engines; a fixed engine has no such port and ignores it). */
  setMode(value: number): void {
    if (this.nets.has('cfg_mode')) this.nets.vector('cfg_mode')[0] = value;
  }

  /** Combinational outputs from the current state and the given 1-bit inputs. */
  evaluate(inputs: ControlInputs): ControlOutputs {
    for (const p of CONTROL_PORTS) {
      this.controlInputs[p] = inputs[p];
      this.nets.vector(p)[0] = inputs[p] ? 1 : 0;
    }
    evalStreamControl(this.controlBlock, this.state.control, this.controlInputs, this.control);
    this.driveControl();
    for (const a of this.assigns) a.target.set(a.source);
    return {
      s_act_ready: this.nets.vector('s_act_ready')[0] === 1,
      s_wgt_ready: this.nets.vector('s_wgt_ready')[0] === 1,
      m_out_valid: this.nets.vector('m_out_valid')[0] === 1,
    };
  }

  /** m_out_data as the bus hex the RTL harnesses print. */
  outHex(): string {
    if (this.outHexCache === undefined) this.outHexCache = packWords(this.outWords, this.ir.accBits);
    return this.outHexCache;
  }

  /** The rising edge, with the inputs of the last evaluate(): next state of every register, then commit. */
  clock(): void {
    for (const c of this.combSteps) if (c.load[0]) c.run();
    for (const r of this.regSteps) r();
    for (const p of this.peSteps) p();
    commitEngineState(this.nextState, this.state);
    let changed = false;
    for (const o of this.afterEdge) changed = o() || changed;
    if (changed) this.outHexCache = undefined;
  }

  /** Combinational outputs of the control block from the last evaluate(). */
  get controlOutputs(): Readonly<StreamControlOutputs> {
    return this.control;
  }
}

/** Element vectors of one stimulus slice's activation ports. */
interface DecodedSlice {
  readonly act: Int32Array;
  readonly meta: Int32Array | undefined;
}

/** Decodes slice i's ports into reusable element vectors (valid until the next call for that port). */
function decoder(top: TopIR, stimulus: StreamStimulus): { act: (i: number) => DecodedSlice; wgt: (i: number) => Int32Array } {
  const shapeOf = (port: string): { count: number; bits: number; signed: boolean; out: Int32Array } | undefined => {
    const n = top.nets.find((x) => x.name === port);
    if (n === undefined) return undefined;
    const count = n.widthBits / n.elementBits;
    return { count, bits: n.elementBits, signed: n.signed, out: new Int32Array(count) };
  };
  const act = shapeOf('s_act_data')!, meta = shapeOf('s_act_meta'), wgt = shapeOf('s_wgt_data')!;
  return {
    act: (i) => {
      const s = stimulus.slices[i]!;
      return {
        act: unpackElements(s.actHex, act.count, act.bits, act.signed, act.out),
        meta: meta === undefined ? undefined : unpackElements(s.metaHex ?? '0', meta.count, meta.bits, meta.signed, meta.out),
      };
    },
    wgt: (i) => { const s = stimulus.slices[i]!; return unpackElements(s.wgtHex, wgt.count, wgt.bits, wgt.signed, wgt.out); },
  };
}

/** What simulateStream drives: the interpreted EngineModel or a generated one (sim/cycle/jsgen/). */
export interface StreamModel {
  setData(port: 's_act_data' | 's_act_meta' | 's_wgt_data', elements: Int32Array): void;
  setMode(value: number): void;
  evaluate(inputs: ControlInputs): ControlOutputs;
  outHex(): string;
  clock(): void;
}

export interface SimulateOptions<M extends StreamModel = EngineModel> {
  /** Called after each cycle's record, before the edge (line traces, probes). */
  readonly onCycle?: (record: CycleRecord, model: M) => void;
  /**
   * false: stream the records to onCycle only, in one record object rewritten every cycle (copy it to
   * keep it), and return none; the way the Verilated harness prints its lines (default true: keep all).
   */
  readonly keepRecords?: boolean;
}

type MutableRecord = { -readonly [K in keyof CycleRecord]: CycleRecord[K] };

/**
 * Runs a stimulus through the model with the source/sink behaviour of the RTL harnesses
 * (sim/rtl/verilator/harness.ts, sim/rtl/icarus/testbench.ts): a source raises valid when it wants and has
 * a slice left and holds it until the transfer; reset drives both valids low. One record per rising
 * edge, sampled just before it, field for field comparable with the RTL's.
 */
export function simulateStream(ir: EngineIR, top: TopIR, stimulus: StreamStimulus, options: SimulateOptions = {}): CycleRecord[] {
  return driveStream(new EngineModel(ir, top), top, stimulus, options);
}

/** simulateStream on any model of `top`. */
export function driveStream<M extends StreamModel>(model: M, top: TopIR, stimulus: StreamStimulus, options: SimulateOptions<M> = {}): CycleRecord[] {
  const slice = decoder(top, stimulus);
  const nslices = stimulus.slices.length;
  const keep = options.keepRecords !== false;
  const records: CycleRecord[] = keep ? new Array<CycleRecord>(stimulus.policy.length) : [];
  const shared: MutableRecord | undefined = keep ? undefined
    : { cycle: 0, reset: false, actValid: false, wgtValid: false, actReady: false, wgtReady: false, last: false, outValid: false, outReady: false, outHex: undefined };
  let ia = 0, iw = 0, av = false, wv = false;
  let shownAct = -1, shownWgt = -1;
  for (let cyc = 0; cyc < stimulus.policy.length; cyc++) {
    const p = stimulus.policy[cyc]!;
    const rst = p.reset;
    if (rst) { av = false; wv = false; }
    else {
      if (!av && p.actWant && ia < nslices) av = true;
      if (!wv && p.wgtWant && iw < nslices) wv = true;
    }
    const sa = ia < nslices ? ia : 0, sw = iw < nslices ? iw : 0;
    let last = false;
    if (nslices > 0) {
      if (sa !== shownAct) {
        const d = slice.act(sa);
        model.setData('s_act_data', d.act);
        if (d.meta !== undefined) model.setData('s_act_meta', d.meta);
        shownAct = sa;
      }
      if (sw !== shownWgt) {
        model.setData('s_wgt_data', slice.wgt(sw));
        shownWgt = sw;
      }
      last = stimulus.slices[sa]!.last;
    }
    model.setMode(av ? stimulus.slices[sa]!.mode : p.idleMode ?? 0);
    const o = model.evaluate({ rst_n: !rst, s_act_valid: av, s_wgt_valid: wv, s_act_last: last, m_out_ready: p.outReady });
    // One object shape for every record (outHex undefined when no result): monomorphic and cheap to allocate.
    let rec: CycleRecord;
    if (shared === undefined) {
      rec = { cycle: cyc, reset: rst, actValid: av, wgtValid: wv, actReady: o.s_act_ready, wgtReady: o.s_wgt_ready, last: av && last, outValid: o.m_out_valid, outReady: p.outReady, outHex: o.m_out_valid ? model.outHex() : undefined };
      records[cyc] = rec;
    } else {
      shared.cycle = cyc; shared.reset = rst; shared.actValid = av; shared.wgtValid = wv; shared.actReady = o.s_act_ready; shared.wgtReady = o.s_wgt_ready;
      shared.last = av && last; shared.outValid = o.m_out_valid; shared.outReady = p.outReady; shared.outHex = o.m_out_valid ? model.outHex() : undefined;
      rec = shared;
    }
    options.onCycle?.(rec, model);
    model.clock();
    if (av && o.s_act_ready) { ia++; av = false; }
    if (wv && o.s_wgt_ready) { iw++; wv = false; }
  }
  return records;
}
