// The cycle-accurate model of one generated top (nm_engine or nm_engine_core), built from the
// TopIR alone: one step function per IR block (sim/blocks/<kind>.ts), wired through the nets of
// src/emit/verilog/top.ts. Each cycle: evaluate the combinational outputs from the current state
// (evaluate), then compute every register's next value from the current state and commit them all
// on the rising edge (clock). simulateStream() drives it as the RTL harnesses do.

import { assertNever, InternalError } from '../../src/diagnostics/diagnostic.js';
import type { EngineIR, ProcessingElementBlock, StreamControlBlock, TopIR } from '../../src/ir/types.js';
import type { CycleRecord, StreamStimulus } from '../scenario/stimulus.js';
import { evalCompressor, nextCompressor, pairsPerGroup } from './blocks/compressor.js';
import { evalDelayLine, nextDelayLine } from './blocks/delay_line.js';
import { evalMetaDecoder } from './blocks/meta_decoder.js';
import { evalMuxNetwork } from './blocks/mux_network.js';
import { evalPe, nextPe, type PeInputs, type PeState } from './blocks/pe.js';
import {
  createStreamControlOutputs, evalStreamControl, nextStreamControl, type StreamControlInputs, type StreamControlOutputs,
} from './blocks/stream_control.js';
import { unpackElements, packWords } from './hex.js';
import { createNets, net, netShape } from './nets.js';
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

/** A combinational block, evaluated only on cycles where the registers reading it load (`stage`). */
interface CombStep {
  readonly stage: number;
  readonly run: () => void;
}

interface PeStep {
  readonly block: ProcessingElementBlock;
  readonly state: PeState;
  readonly next: PeState;
  readonly act: Int32Array;
  readonly wgt: Int32Array;
  /** Element index of its result in m_out_data: r*C + c. */
  readonly outIndex: number;
}

export class EngineModel {
  /** Current register state (read-only to callers: line traces, tests). */
  readonly state: EngineState;
  readonly nets: ReadonlyMap<string, Int32Array>;
  private readonly nextState: EngineState;
  private readonly control: StreamControlOutputs;
  private readonly controlBlock: StreamControlBlock;
  private readonly combSteps: CombStep[] = [];
  private readonly regSteps: (() => void)[] = [];
  private readonly peSteps: PeStep[] = [];
  private readonly outWords: Word[];
  private inputs: ControlInputs = { rst_n: false, s_act_valid: false, s_wgt_valid: false, s_act_last: false, m_out_ready: false };
  private peInputs: PeInputs = { rst_n: false, load_psum: false, load_out: false, psum_last: false, acc_first: false };
  private outHexCache: string | undefined;

  constructor(readonly ir: EngineIR, readonly top: TopIR) {
    this.state = createEngineState(ir, top);
    this.nextState = createEngineState(ir, top);
    const nets = createNets(ir, top);
    this.nets = nets;
    const ctlBlock = top.blocks.find((b) => b.kind === 'stream_control');
    if (ctlBlock === undefined || ctlBlock.kind !== 'stream_control') throw new InternalError(`${top.module}: no stream_control`);
    this.controlBlock = ctlBlock;
    this.control = createStreamControlOutputs(ctlBlock);
    const L = top.latencyCycles;
    const laneStage = top.stages.findIndex((s) => s.name === 'lane');
    const { windowChannels: W, lanes: P } = ir;
    // A delay line's output net is its last register (evalDelayLine), so readers see the state directly.
    for (const b of top.blocks) {
      if (b.kind === 'delay_line') nets.set(b.sink, evalDelayLine(b, this.state.delayLines.get(b.name)!));
    }
    const view = (name: string, lo: number, count: number): Int32Array => net(nets, name).subarray(lo, lo + count);
    const ctl = this.control;
    const cur = this.state, nxt = this.nextState;

    for (const b of top.blocks) {
      switch (b.kind) {
        case 'stream_control':
          this.regSteps.push(() => nextStreamControl(b, cur.control, this.inputs, ctl, nxt.control));
          break;
        case 'delay_line': {
          const s = cur.delayLines.get(b.name)!, n = nxt.delayLines.get(b.name)!, d = net(nets, b.source);
          this.regSteps.push(() => nextDelayLine(b, s, ctl.load, d, n));
          break;
        }
        case 'compressor': {
          const s = cur.compressors.get(b.name)!, n = nxt.compressors.get(b.name)!;
          const act = view('act_in_q', b.row * W, W), keep = view('keep_d', b.row * W, W);
          const scratch = new Uint8Array((W / b.m) * pairsPerGroup(b.m));
          this.combSteps.push({ stage: laneStage, run: () => evalCompressor(b, s, act, keep, scratch) });
          if (b.compareStage >= 0) this.regSteps.push(() => nextCompressor(b, s, ctl.load[b.compareStage] === 1, act, n));
          break;
        }
        case 'meta_decoder': {
          const source = top.activationInput === 'dense' ? view('keep_d', b.row * W, W) : view('meta_q', b.row * (b.metaBits / netShape(ir, top, 'meta_q').elementBits), b.metaBits / netShape(ir, top, 'meta_q').elementBits);
          const sel = view('sel_d', b.row * P * b.muxFanIn, P * b.muxFanIn);
          this.combSteps.push({ stage: laneStage, run: () => evalMetaDecoder(b, source, sel) });
          break;
        }
        case 'mux_network': {
          if (b.operand === 'act') {
            const source = top.stages.some((s) => s.name === 'compare') ? 'act_cmp_q' : 'act_in_q';
            const sel = view('sel_d', b.row * P * b.muxFanIn, P * b.muxFanIn), data = view(source, b.row * W, W), lanes = view('act_lane_d', b.row * P, P);
            this.combSteps.push({ stage: laneStage, run: () => evalMuxNetwork(b, sel, data, lanes) });
          } else {
            const sel = view('sel_lane_q', b.row * P * b.muxFanIn, P * b.muxFanIn), data = view('wgt_q', b.col! * W, W);
            const lanes = net(nets, `wgt_lane_r${b.row}_c${b.col}`);
            const psumStage = top.stages.findIndex((s) => s.name === 'psum');
            this.combSteps.push({ stage: psumStage, run: () => evalMuxNetwork(b, sel, data, lanes) });
          }
          break;
        }
        case 'pe': {
          const act = view('act_lane_q', b.row * P, P);
          const wgt = ir.dense ? view('wgt_q', b.col * W, W) : net(nets, `wgt_lane_r${b.row}_c${b.col}`);
          this.peSteps.push({ block: b, state: cur.pes.get(b.name)!, next: nxt.pes.get(b.name)!, act, wgt, outIndex: b.row * ir.cols + b.col });
          break;
        }
        default:
          assertNever(b, 'block kind');
      }
    }
    this.outWords = new Array<Word>(ir.rows * ir.cols);
    if (this.peSteps.length !== ir.rows * ir.cols || L < 3) throw new InternalError(`${top.module}: malformed top`);
    for (const p of this.peSteps) this.outWords[p.outIndex] = evalPe(p.state);
  }

  /** Drives a data input port (s_act_data, s_act_meta, s_wgt_data) with its element vector. */
  setData(port: 's_act_data' | 's_act_meta' | 's_wgt_data', elements: Int32Array): void {
    net(this.nets, port).set(elements);
  }

  /** Combinational outputs from the current state and the given 1-bit inputs. */
  evaluate(inputs: ControlInputs): ControlOutputs {
    this.inputs = inputs;
    evalStreamControl(this.controlBlock, this.state.control, inputs as StreamControlInputs, this.control);
    return { s_act_ready: this.control.take, s_wgt_ready: this.control.take, m_out_valid: this.control.m_out_valid };
  }

  /** m_out_data as the bus hex the RTL harnesses print. */
  outHex(): string {
    if (this.outHexCache === undefined) this.outHexCache = packWords(this.outWords, this.ir.accBits);
    return this.outHexCache;
  }

  /** The rising edge, with the inputs of the last evaluate(): next state of every register, then commit. */
  clock(): void {
    const ctl = this.control, load = ctl.load;
    for (const c of this.combSteps) if (load[c.stage]) c.run();
    for (const r of this.regSteps) r();
    const L = this.top.latencyCycles;
    const psumStage = this.peSteps[0]!.block.psumStage;
    this.peInputs = { rst_n: this.inputs.rst_n, load_psum: load[psumStage] === 1, load_out: load[L - 1] === 1, psum_last: ctl.psum_last, acc_first: ctl.acc_first };
    for (const p of this.peSteps) nextPe(p.block, p.state, this.peInputs, p.act, p.wgt, p.next);
    commitEngineState(this.nextState, this.state);
    if (!this.peInputs.rst_n || (this.peInputs.load_out && this.peInputs.psum_last)) {
      for (const p of this.peSteps) this.outWords[p.outIndex] = evalPe(p.state);
      this.outHexCache = undefined;
    }
  }

  /** Combinational outputs of the control block from the last evaluate(). */
  get controlOutputs(): Readonly<StreamControlOutputs> {
    return this.control;
  }
}

/** Element vectors of one stimulus slice, decoded once. */
interface DecodedSlice {
  readonly act: Int32Array;
  readonly meta: Int32Array | undefined;
  readonly wgt: Int32Array;
}

function decoder(ir: EngineIR, top: TopIR, model: EngineModel, stimulus: StreamStimulus): (i: number) => DecodedSlice {
  const cache = new Map<number, DecodedSlice>();
  const shapeOf = (port: string): { count: number; bits: number; signed: boolean } | undefined => {
    const v = model.nets.get(port);
    if (v === undefined) return undefined;
    const s = netShape(ir, top, port);
    return { count: v.length, bits: s.elementBits, signed: s.signed };
  };
  const act = shapeOf('s_act_data')!, meta = shapeOf('s_act_meta'), wgt = shapeOf('s_wgt_data')!;
  return (i) => {
    let d = cache.get(i);
    if (d === undefined) {
      const s = stimulus.slices[i]!;
      d = {
        act: unpackElements(s.actHex, act.count, act.bits, act.signed),
        meta: meta === undefined ? undefined : unpackElements(s.metaHex ?? '0', meta.count, meta.bits, meta.signed),
        wgt: unpackElements(s.wgtHex, wgt.count, wgt.bits, wgt.signed),
      };
      if (cache.size > 4096) cache.clear();
      cache.set(i, d);
    }
    return d;
  };
}

export interface SimulateOptions {
  /** Called after each cycle's record, before the edge (line traces, probes). */
  readonly onCycle?: (record: CycleRecord, model: EngineModel) => void;
}

/**
 * Runs a stimulus through the model with the source/sink behaviour of the RTL harnesses
 * (sim/verilator/harness.ts, sim/icarus/testbench.ts): a source raises valid when it wants and has
 * a slice left and holds it until the transfer; reset drives both valids low. One record per rising
 * edge, sampled just before it, field for field comparable with the RTL's.
 */
export function simulateStream(ir: EngineIR, top: TopIR, stimulus: StreamStimulus, options: SimulateOptions = {}): CycleRecord[] {
  const model = new EngineModel(ir, top);
  const slice = decoder(ir, top, model, stimulus);
  const nslices = stimulus.slices.length;
  const records: CycleRecord[] = [];
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
        const d = slice(sa);
        model.setData('s_act_data', d.act);
        if (d.meta !== undefined) model.setData('s_act_meta', d.meta);
        shownAct = sa;
      }
      if (sw !== shownWgt) {
        model.setData('s_wgt_data', slice(sw).wgt);
        shownWgt = sw;
      }
      last = stimulus.slices[sa]!.last;
    }
    const o = model.evaluate({ rst_n: !rst, s_act_valid: av, s_wgt_valid: wv, s_act_last: last, m_out_ready: p.outReady });
    const rec: CycleRecord = {
      cycle: cyc, reset: rst, actValid: av, wgtValid: wv, actReady: o.s_act_ready, wgtReady: o.s_wgt_ready, last: av && last,
      outValid: o.m_out_valid, outReady: p.outReady, ...(o.m_out_valid ? { outHex: model.outHex() } : {}),
    };
    records.push(rec);
    options.onCycle?.(rec, model);
    model.clock();
    if (av && o.s_act_ready) { ia++; av = false; }
    if (wv && o.s_wgt_ready) { iw++; wv = false; }
  }
  return records;
}
