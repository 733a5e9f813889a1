// The generated cycle model (sim/cycle/jsgen/compile.ts) behind the interface simulateStream drives
// (sim/cycle/engine.ts StreamModel), and its run of a stimulus: the same records, cycle for cycle,
// as the interpreted reference model.

import type { EngineIR, TopIR } from '../../../src/ir/types.js';
import type { CycleRecord, StreamStimulus } from '../../scenario/stimulus.js';
import { driveStream, type ControlInputs, type ControlOutputs, type SimulateOptions, type StreamModel } from '../engine.js';
import { packWords } from '../hex.js';
import { compileTop, type GeneratedTop } from './compile.js';

export class GeneratedModel implements StreamModel {
  readonly gen: GeneratedTop;
  private readonly dataOffsets: Readonly<Record<string, number>>;
  private readonly modeOffset: number | undefined;
  private readonly outputs = { s_act_ready: false, s_wgt_ready: false, m_out_valid: false };
  private hex: string | undefined;

  constructor(readonly ir: EngineIR, readonly top: TopIR) {
    this.gen = compileTop(ir, top);
    const L = this.gen.layout;
    const has = (n: string): boolean => top.nets.some((x) => x.name === n);
    this.dataOffsets = Object.fromEntries(['s_act_data', 's_act_meta', 's_wgt_data'].filter(has).map((n) => [n, L.net(n)]));
    this.modeOffset = has('cfg_mode') ? L.net('cfg_mode') : undefined;
  }

  setData(port: 's_act_data' | 's_act_meta' | 's_wgt_data', elements: Int32Array): void {
    const o = this.dataOffsets[port];
    if (o !== undefined) this.gen.elements.set(elements, o);
  }

  setMode(value: number): void {
    if (this.modeOffset !== undefined) this.gen.elements[this.modeOffset] = value;
  }

  evaluate(i: ControlInputs): ControlOutputs {
    const r = this.gen.steps.evaluate(i.rst_n ? 1 : 0, i.s_act_valid ? 1 : 0, i.s_wgt_valid ? 1 : 0, i.s_act_last ? 1 : 0, i.m_out_ready ? 1 : 0);
    const o = this.outputs;
    o.s_act_ready = (r & 1) !== 0; o.s_wgt_ready = (r & 2) !== 0; o.m_out_valid = (r & 4) !== 0;
    return o;
  }

  outHex(): string {
    if (this.hex === undefined) this.hex = packWords(this.gen.outWords, this.ir.accBits);
    return this.hex;
  }

  clock(): void {
    if (this.gen.steps.clock()) this.hex = undefined;
  }

  /** Back to the power-up state, so one compiled model serves many runs. */
  powerUp(): void {
    this.gen.powerUp();
    this.hex = undefined;
  }
}

/** simulateStream on the generated model from power-up; `model` reuses one compiled for this top. */
export function simulateGenerated(ir: EngineIR, top: TopIR, stimulus: StreamStimulus, options: SimulateOptions<GeneratedModel> = {}, model = new GeneratedModel(ir, top)): CycleRecord[] {
  model.powerUp();
  return driveStream(model, top, stimulus, options);
}
