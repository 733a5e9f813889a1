// elaborate(): EngineConfig → EngineIR. The only place where widths, counts, fan-in, stages,
// latency and the netlist (every net, every block instance with its template, parameters,
// connections and stage) are computed from the description. Both tops (nm_engine, nm_engine_core)
// are elaborated here from the same numbers, so the emitter, cycle model and cost models, which
// only read the result, agree by construction.

import { createHash } from 'node:crypto';
import { LIMITS, type EngineConfig, type FlexOrg } from '../config/engine_config.js';
import { InternalError } from '../diagnostics/diagnostic.js';
import { bitonicComparatorsPerGroup, clog2, comparatorsPerGroup, indexWidthBits, lanesOf, muxFanIn, sumWidthBits } from './derive.js';
import { NetlistBuilder } from './netlist_builder.js';
import { portsOf, type Shape } from './ports.js';
import { compressorPipelineStages, controlRegisterBits, LANE_WEIGHT_MUX_DESCRIPTION, resolveSchedule, STAGE_DESCRIPTIONS, stagesOf, type ResolvedSchedule } from './schedule.js';
import {
  CONTRACT_VERSION,
  IR_VERSION,
  type Block,
  type BroadcastNetIR,
  type EngineIR,
  type ModeIR,
  type PathArc,
  type ResourceCounts,
  type StageFanoutIR,
  type StageIR,
  type StageName,
  type StagePathIR,
  type TopIR,
} from './types.js';

/** Canonical JSON of a config: fixed key order, so equal descriptions hash equally. */
export function canonicalConfigJson(c: EngineConfig): string {
  const first = c.modes[0]!;
  return JSON.stringify({
    n: first.n, m: first.m, window: c.window, rows: c.rows, cols: c.cols,
    actBits: c.actBits, weightBits: c.weightBits, accBits: c.accBits, meta: c.meta,
    modes: c.modes.map((p) => `${p.n}:${p.m}`),
    ...(c.org !== undefined ? { org: c.org } : {}),
    ...(c.schedule !== undefined ? { schedule: { compressorCut: c.schedule.compressorCut, selectCut: c.schedule.selectCut, psumCut: c.schedule.psumCut, inputCut: c.schedule.inputCut, laneCut: c.schedule.laneCut, weightMuxCut: c.schedule.weightMuxCut, readyCut: c.schedule.readyCut } } : {}),
  });
}

export function configHash(c: EngineConfig): string {
  return createHash('sha256').update(canonicalConfigJson(c)).digest('hex').slice(0, 16);
}

/** One mode's numbers; `hardwareM` is the largest mode's m (index entries are log2 of it wide). */
function elaborateMode(n: number, m: number, windowChannels: number, meta: EngineConfig['meta'], hardwareM: number): ModeIR {
  const dense = n === m;
  return {
    n, m,
    groupsPerSlice: windowChannels / m,
    muxFanIn: muxFanIn(n, m),
    indexWidthBits: indexWidthBits(m),
    comparatorsPerGroup: dense ? 0 : comparatorsPerGroup(m),
    metaBitsPerGroup: dense ? 0 : meta === 'index' ? n * indexWidthBits(hardwareM) : m,
  };
}

/**
 * Where a top's registers are and which nets each block reads: the stage indices of the schedule
 * (-1 for a stage the top does not have) and the net names that follow from them. One place, read by
 * the wire declarations, the blocks and the stage paths.
 */
export interface TopPlan {
  readonly stageNames: readonly StageName[];
  readonly L: number;
  /** The sparse engine top (nm_engine with a compressor). */
  readonly engineTop: boolean;
  /** Registers inside the compressor (the comparison register). */
  readonly pipe: number;
  readonly compareStage: number;
  readonly keepStage: number;
  readonly selectStage: number;
  readonly laneStage: number;
  readonly productStage: number;
  readonly psumStage: number;
  /** The stage whose registers capture the weight-mux output (the lane register with weightMuxCut, else the PE's). */
  readonly wgtMuxStage: number;
  /** The stage whose registers capture the multipliers' output (the split register when there is one). */
  readonly peStage: number;
  /** weightMuxCut on a sparse top: the lane register holds each PE's muxed weights (wgt_lane_q). */
  readonly weightMuxCut: boolean;
  /** The stage whose registers capture the decoder's selects (select, lane, or the weight mux's). */
  readonly decoderStage: number;
  /** The stage whose registers capture the compressor's keep mask. */
  readonly compressorStage: number;
  /** The activations the compressor reads (the input register or the port). */
  readonly actIn: string;
  /** The dense activations the activation mux reads (the last register before it). */
  readonly actMuxSource: string;
  /** The keep mask the decoder reads, the selects the activation mux and the weight muxes read. */
  readonly keepSource: string;
  readonly actMuxSel: string;
  readonly wgtMuxSel: string;
  /** The lane activations the PEs read, the weights the weight muxes (dense: the PEs) read. */
  readonly peAct: string;
  readonly wgtSource: string;
  /** The metadata the core's decoders read. */
  readonly metaSource: string;
  /** readyCut: the control's hold flag travels beside acc_first (a 2-bit acc_first net). */
  readonly readyCut: boolean;
}

export function planTop(s: Shape, activationInput: 'dense' | 'compressed', sched: ResolvedSchedule): TopPlan {
  const stageNames = stagesOf(activationInput, s.dense, sched);
  const at = (name: StageName): number => stageNames.indexOf(name);
  const engineTop = activationInput === 'dense' && !s.dense;
  const [compareStage, keepStage, selectStage, laneStage, productStage, psumStage] = (['compare', 'keep', 'select', 'lane', 'product', 'psum'] as const).map(at) as [number, number, number, number, number, number];
  const peStage = productStage >= 0 ? productStage : psumStage;
  const weightMuxCut = sched.weightMuxCut && !s.dense;
  if (weightMuxCut && laneStage < 0) throw new InternalError('weightMuxCut without a lane register (validation keeps laneCut true with it)');
  const wgtMuxStage = weightMuxCut ? laneStage : peStage;
  const decoderStage = selectStage >= 0 ? selectStage : laneStage >= 0 ? laneStage : wgtMuxStage;
  const actIn = sched.inputCut && engineTop ? 'act_in_q' : 's_act_data';
  const actMuxSource = selectStage >= 0 ? 'act_sel_q' : keepStage >= 0 ? 'act_keep_q' : compareStage >= 0 ? 'act_cmp_q' : actIn;
  const actMuxSel = selectStage >= 0 ? 'sel_sel_q' : 'sel_d';
  const laneRegistered = laneStage >= 0;
  return {
    stageNames, L: stageNames.length, engineTop, pipe: engineTop ? compressorPipelineStages(sched) : 0,
    compareStage, keepStage, selectStage, laneStage, productStage, psumStage, wgtMuxStage, peStage, weightMuxCut, decoderStage,
    compressorStage: keepStage >= 0 ? keepStage : decoderStage,
    actIn, actMuxSource, keepSource: keepStage >= 0 ? 'keep_q' : 'keep_d', actMuxSel,
    wgtMuxSel: laneRegistered && !weightMuxCut ? 'sel_lane_q' : actMuxSel,
    peAct: engineTop ? (laneRegistered ? 'act_lane_q' : 'act_lane_d') : peStage > 0 ? 'act_lane_q' : 's_act_data',
    wgtSource: wgtMuxStage > 0 ? 'wgt_q' : 's_wgt_data',
    metaSource: sched.inputCut ? 'meta_q' : 's_act_meta',
    readyCut: sched.readyCut,
  };
}

/**
 * Declares the internal nets of a top whose width does not depend on the PE (all but the per-PE
 * weight lanes, wgtLaneWires), in the order the Verilog declares them.
 */
export function declareWires(s: Shape, activationInput: 'dense' | 'compressed', plan: TopPlan, nets: NetlistBuilder, metaEncoding: EngineConfig['meta']): void {
  const { R, C, W, P, A, B, F } = s;
  const metaElementBits = metaEncoding === 'index' ? clog2(s.m) : 1;
  nets.wire('take', 1, 1, false);
  nets.wire('load', plan.L, 1, false);
  nets.wire('psum_last', 1, 1, false);
  nets.wire('acc_first', plan.readyCut ? 2 : 1, 1, false);
  const flexible = s.modes.length > 1;
  if (flexible) nets.wire('mode_q', s.modeSelectBits, s.modeSelectBits, false);
  // Delay-line outputs (the registers the later stages read), in block order.
  if (plan.wgtSource === 'wgt_q') nets.wire('wgt_q', C * W * B, B, true);
  if (s.dense) {
    if (plan.peAct === 'act_lane_q') nets.wire('act_lane_q', R * W * A, A, true);
  } else if (activationInput === 'compressed') {
    if (plan.peAct === 'act_lane_q') nets.wire('act_lane_q', R * P * A, A, true);
    if (plan.metaSource === 'meta_q') nets.wire('meta_q', R * s.metaBitsPerRow, metaElementBits, false);
  } else {
    if (plan.actIn === 'act_in_q') nets.wire('act_in_q', R * W * A, A, true);
    if (plan.compareStage >= 0) nets.wire('act_cmp_q', R * W * A, A, true);
    if (plan.keepStage >= 0) nets.wire('keep_q', R * W, 1, false);
    if (plan.keepStage >= 0) nets.wire('act_keep_q', R * W * A, A, true);
    if (plan.selectStage >= 0) nets.wire('act_sel_q', R * W * A, A, true);
    if (plan.selectStage >= 0) nets.wire('sel_sel_q', R * P * F, 1, false);
    if (plan.pipe > 0 && flexible) nets.wire('mode_cmp_q', s.modeSelectBits, s.modeSelectBits, false);
  }
  if (!s.dense) {
    const laneRegistered = plan.laneStage >= 0;
    if (activationInput === 'dense' && laneRegistered) nets.wire('act_lane_q', R * P * A, A, true);
    if (laneRegistered && !plan.weightMuxCut) nets.wire('sel_lane_q', R * P * F, 1, false);
    if (activationInput === 'dense') {
      nets.wire('keep_d', R * W, 1, false);
      nets.wire('act_lane_d', R * P * A, A, true);
    }
    nets.wire('sel_d', R * P * F, 1, false);
    if (plan.weightMuxCut) {
      nets.wire('wgt_lane_d', R * C * P * B, B, true);
      nets.wire('wgt_lane_q', R * C * P * B, B, true);
    }
  }
}

/** Declares the weight lanes of every PE of a sparse top (after declareWires' nets; weightMuxCut: wgt_lane_d/q instead). */
function wgtLaneWires(s: Shape, plan: TopPlan, nets: NetlistBuilder): void {
  if (s.dense || plan.weightMuxCut) return;
  for (let r = 0; r < s.R; r++) for (let c = 0; c < s.C; c++) nets.wire(`wgt_lane_r${r}_c${c}`, s.P * s.B, s.B, true);
}

function elaborateTop(s: Shape, activationInput: 'dense' | 'compressed', metaEncoding: EngineConfig['meta'], org: FlexOrg, sched: ResolvedSchedule): TopIR {
  const module = activationInput === 'dense' ? 'nm_engine' : 'nm_engine_core';
  const plan = planTop(s, activationInput, sched);
  const { stageNames, L, pipe, compareStage, keepStage, selectStage, laneStage, productStage, psumStage, wgtMuxStage, peStage } = plan;
  const { R, C, W, P, A, B, F } = s;

  const ports = portsOf(s, activationInput, metaEncoding);
  const nets = new NetlistBuilder();
  for (const p of ports) nets.add(p.name, p.direction, p.widthBits, p.elementBits, p.signed);
  declareWires(s, activationInput, plan, nets, metaEncoding);
  wgtLaneWires(s, plan, nets);

  const blocks: Block[] = [];
  const clk = nets.whole('clk');
  const bit = (name: string) => nets.whole(name);
  const loadBit = (stage: number) => nets.slice('load', stage, 1);

  blocks.push({
    kind: 'stream_control', name: 'control', template: 'nm_stream_control', params: { STAGES: L, ...(sched.readyCut ? { SKID: 1 } : {}) }, stage: 0,
    stages: L, skid: sched.readyCut, registerBits: controlRegisterBits(L) + (sched.readyCut ? 1 : 0),
    connections: {
      clk, rst_n: bit('rst_n'), s_act_valid: bit('s_act_valid'), s_wgt_valid: bit('s_wgt_valid'), s_act_last: bit('s_act_last'),
      m_out_ready: bit('m_out_ready'), take: bit('take'), m_out_valid: bit('m_out_valid'), load: nets.whole('load'),
      psum_last: bit('psum_last'), acc_first: nets.whole('acc_first'),
    },
  });

  const flexible = s.modes.length > 1;
  if (flexible) {
    const MB = s.modeSelectBits;
    blocks.push({
      kind: 'mode_capture', name: 'mode_capture', template: 'nm_mode_capture', params: { MB }, stage: 0,
      modeSelectBits: MB, registerBits: MB + 1,
      connections: { clk, rst_n: bit('rst_n'), take: bit('take'), last: bit('s_act_last'), cfg_mode: bit('cfg_mode'), mode_q: nets.whole('mode_q') },
    });
  }

  // Operands travelling to the PEs: stall-aware register chains named by the nets they read and drive.
  const line = (name: string, depthCycles: number, firstStage: number, source: string, sink: string): void => {
    const widthBits = nets.get(sink).widthBits;
    blocks.push({
      kind: 'delay_line', name, template: 'nm_delay_line', params: { WIDTH: widthBits, DEPTH: depthCycles }, stage: firstStage,
      widthBits, depthCycles, firstStage, registerBits: widthBits * depthCycles,
      connections: { clk, load: nets.slice('load', firstStage, depthCycles), d: nets.whole(source), q: nets.whole(sink) },
    });
  };
  // The activations registered beside the compressor's registers, in stage order.
  const actAfter = (stage: number): string => (stage > keepStage && keepStage >= 0 ? 'act_keep_q' : stage > compareStage && compareStage >= 0 ? 'act_cmp_q' : plan.actIn);
  if (wgtMuxStage > 0) line('wgt_pipe', wgtMuxStage, 0, 's_wgt_data', 'wgt_q');
  if (s.dense || activationInput === 'compressed') {
    // No lane muxes in front of these PEs: the activations (compacted or dense) wait for the weight mux.
    if (peStage > 0) line('act_pipe', peStage, 0, 's_act_data', 'act_lane_q');
    if (!s.dense && plan.metaSource === 'meta_q') line('meta_pipe', 1, 0, 's_act_meta', 'meta_q');
  } else {
    if (plan.actIn === 'act_in_q') line('act_input_reg', 1, 0, 's_act_data', 'act_in_q');
    if (compareStage >= 0) line('act_compare_reg', 1, compareStage, plan.actIn, 'act_cmp_q');
    if (keepStage >= 0) line('act_keep_reg', 1, keepStage, actAfter(keepStage), 'act_keep_q');
    if (keepStage >= 0) line('keep_reg', 1, keepStage, 'keep_d', 'keep_q');
    if (selectStage >= 0) line('act_select_reg', 1, selectStage, actAfter(selectStage), 'act_sel_q');
    if (selectStage >= 0) line('sel_select_reg', 1, selectStage, 'sel_d', 'sel_sel_q');
    if (pipe > 0 && flexible) line('mode_compare_reg', 1, compareStage, 'mode_q', 'mode_cmp_q');
  }
  // Flexible engines: the mode of the slice whose selects the lane stage computes, and the template
  // parameters that describe the modes (log2 m of mode q in bits [3q +: 3] of MODE_LM).
  const modeLane = flexible ? nets.whole(pipe > 0 ? 'mode_cmp_q' : 'mode_q') : undefined;
  const flexParams = { MODES: s.modes.length, MB: s.modeSelectBits, MODE_LM: s.modes.reduce((acc, p, q) => acc + clog2(p.m) * 2 ** (3 * q), 0) };
  if (!s.dense) {
    if (activationInput === 'dense' && laneStage >= 0) line('act_lane_reg', 1, laneStage, 'act_lane_d', 'act_lane_q');
    if (laneStage >= 0 && !plan.weightMuxCut) line('sel_lane_reg', 1, laneStage, plan.actMuxSel, 'sel_lane_q');
    if (plan.weightMuxCut) line('wgt_lane_reg', 1, laneStage, 'wgt_lane_d', 'wgt_lane_q');
    const muxParams = (width: number) => ({ WINDOW: W, M: s.m, N: s.n, WIDTH: width });
    for (let r = 0; r < R; r++) {
      const sel = nets.elements('sel_d', r * P * F, P * F);
      if (activationInput === 'dense' && modeLane !== undefined) {
        // rank registers its comparisons (and counts in the mode of the registered slice); bitonic
        // registers its keep mask (and selects it in the mode of the slice entering the network).
        const bitonic = org === 'bitonic';
        const comparators = (W / s.m) * (bitonic ? bitonicComparatorsPerGroup(s.m) : comparatorsPerGroup(s.m));
        blocks.push({
          kind: 'flex_compressor', name: `compressor_r${r}`, template: bitonic ? 'nm_compressor_flex_bitonic' : 'nm_compressor_flex_rank', org,
          params: { WINDOW: W, M: s.m, N: s.n, A, PIPE: pipe, ...flexParams }, stage: laneStage,
          row: r, windowChannels: W, n: s.n, m: s.m, modes: s.modes, modeSelectBits: s.modeSelectBits, actBits: A,
          pipelineStages: pipe, compareStage: pipe > 0 ? compareStage : -1, comparators,
          comparatorWidthBits: bitonic ? A + clog2(s.m) : A, registerBits: pipe * (bitonic ? W : comparators),
          connections: {
            clk, load: pipe > 0 ? loadBit(compareStage) : nets.constant(0, 1), mode: bitonic ? nets.whole('mode_q') : modeLane,
            act: nets.elements(plan.actIn, r * W, W), keep: nets.elements('keep_d', r * W, W),
          },
        });
      } else if (activationInput === 'dense') {
        const comparators = (W / s.m) * comparatorsPerGroup(s.m);
        blocks.push({
          kind: 'compressor', name: `compressor_r${r}`, template: 'nm_compressor', params: { WINDOW: W, M: s.m, N: s.n, A, PIPE: pipe },
          stage: plan.compressorStage,
          row: r, windowChannels: W, n: s.n, m: s.m, actBits: A, pipelineStages: pipe, compareStage: pipe > 0 ? compareStage : -1,
          comparators, comparatorWidthBits: A, registerBits: pipe * comparators,
          connections: {
            clk, load: pipe > 0 ? loadBit(compareStage) : nets.constant(0, 1),
            act: nets.elements(plan.actIn, r * W, W), keep: nets.elements('keep_d', r * W, W),
          },
        });
      }
      const encoding = activationInput === 'dense' ? 'bitmask' : metaEncoding;
      const metaBits = encoding === 'index' ? P * clog2(s.m) : W;
      const metaSource = activationInput === 'dense' ? plan.keepSource : plan.metaSource;
      const metaIn = nets.slice(metaSource, r * metaBits, metaBits);
      if (modeLane !== undefined) {
        blocks.push({
          kind: 'flex_decoder', name: `decoder_r${r}`, template: encoding === 'bitmask' ? 'nm_meta_decode_flex_bitmask' : 'nm_meta_decode_flex_index',
          params: { WINDOW: W, M: s.m, N: s.n, ...flexParams }, stage: laneStage,
          row: r, encoding, windowChannels: W, n: s.n, m: s.m, modes: s.modes, modeSelectBits: s.modeSelectBits, lanes: P, muxFanIn: F, metaBits,
          connections: encoding === 'bitmask' ? { mode: modeLane, mask: metaIn, sel } : { mode: modeLane, idx: metaIn, sel },
        });
      } else blocks.push({
        kind: 'meta_decoder', name: `decoder_r${r}`, template: encoding === 'bitmask' ? 'nm_meta_decode_bitmask' : 'nm_meta_decode_index',
        params: { WINDOW: W, M: s.m, N: s.n }, stage: plan.decoderStage,
        row: r, encoding, windowChannels: W, n: s.n, m: s.m, lanes: P, muxFanIn: F, metaBits,
        connections: encoding === 'bitmask'
          ? { mask: metaIn, sel }
          : { idx: metaIn, sel },
      });
      if (activationInput === 'dense') {
        blocks.push({
          kind: 'mux_network', name: `act_mux_r${r}`, template: 'nm_mux_network', params: muxParams(A), stage: laneStage >= 0 ? laneStage : wgtMuxStage,
          operand: 'act', row: r, windowChannels: W, n: s.n, m: s.m, lanes: P, muxFanIn: F, widthBits: A, muxInputs: P * F,
          connections: {
            sel: nets.elements(plan.actMuxSel, r * P * F, P * F), data: nets.elements(plan.actMuxSource, r * W, W), lanes: nets.elements('act_lane_d', r * P, P),
          },
        });
      }
    }
  }
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const wgtLane = `wgt_lane_r${r}_c${c}`;
      const pe = (r * C + c) * P;
      if (!s.dense) {
        blocks.push({
          kind: 'mux_network', name: `wgt_mux_r${r}_c${c}`, template: 'nm_mux_network', params: { WINDOW: W, M: s.m, N: s.n, WIDTH: B }, stage: wgtMuxStage,
          operand: 'wgt', row: r, col: c, windowChannels: W, n: s.n, m: s.m, lanes: P, muxFanIn: F, widthBits: B, muxInputs: P * F,
          connections: {
            sel: nets.elements(plan.wgtMuxSel, r * P * F, P * F), data: nets.elements(plan.wgtSource, c * W, W),
            lanes: plan.weightMuxCut ? nets.elements('wgt_lane_d', pe, P) : nets.whole(wgtLane),
          },
        });
      }
      const parts = psumParts(sched, P);
      const partBits = parts > 0 ? Math.min(A + B + clog2(P / parts), s.psumBits) : 0;
      const carrySave = sched.psumCut === 'carrySave';
      blocks.push({
        kind: 'pe', name: `pe_r${r}_c${c}`, template: 'nm_pe',
        params: { P, A, B, ACC: s.acc, PSUM: s.psumBits, ...(parts > 0 ? { SPLIT: 1, PARTS: parts, PART: partBits } : {}), ...(carrySave ? { CS: 1 } : {}), ...(sched.readyCut ? { SKID: 1 } : {}) }, stage: peStage,
        row: r, col: c, lanes: P, actBits: A, weightBits: B, accBits: s.acc, psumBits: s.psumBits, multipliers: P, psumStage,
        psumParts: parts, partBits, carrySave, skid: sched.readyCut, registerBits: (carrySave ? 2 : 1) * s.psumBits + 2 * s.acc + parts * partBits,
        connections: {
          clk, rst_n: bit('rst_n'), load_psum: parts > 0 ? nets.slice('load', productStage, 2) : loadBit(psumStage), load_out: loadBit(L - 1),
          psum_last: bit('psum_last'), acc_first: nets.whole('acc_first'),
          act_lane: nets.elements(plan.peAct, r * P, P),
          wgt_lane: s.dense ? nets.elements(plan.wgtSource, c * W, W) : plan.weightMuxCut ? nets.elements('wgt_lane_q', pe, P) : nets.whole(wgtLane),
          out: nets.elements('m_out_data', r * C + c, 1),
        },
      });
    }
  }

  const stages: StageIR[] = stageNames.map((name, index) => ({
    index, name, description: name === 'lane' && plan.weightMuxCut ? LANE_WEIGHT_MUX_DESCRIPTION : STAGE_DESCRIPTIONS[name], dataRegisterBits: stageDataBits(blocks, index, name),
  }));
  const present = (name: string): boolean => blocks.some((b) => b.name === name);
  const activationPath = ['act_input_reg', 'act_pipe', 'compressor_r0', 'act_keep_reg', 'act_select_reg', 'act_lane_reg', 'pe_r0_c0'].filter(present);
  return {
    module, activationInput, ports: ports.map(({ name, direction, widthBits, description }) => ({ name, direction, widthBits, description })),
    stages, latencyCycles: L, nets: nets.list(), blocks,
    assigns: [{ target: 's_act_ready', source: 'take' }, { target: 's_wgt_ready', source: 'take' }],
    activationPath, stagePaths: stagePathsOf(stageNames, blocks, plan.weightMuxCut), stageLoads: stageNames.map((_, i) => loadBit(i)),
    stageFanouts: stageFanoutsOf(s, stages, plan), stallSource: sched.readyCut ? 'register' : 'm_out_ready', resources: countResources(blocks),
  };
}

/**
 * Per stage, the broadcast registers that launch its chain (gate inputs per bit over the whole
 * array) and the flip-flops its load enable drives. The weight-mux stage (psum, or product when the
 * PE is split) is launched by the lane selects (each bit gates B weight bits in each of the C PEs of
 * its row) and the weights (each bit is a candidate of up to min(n, m−n+1) lanes in each of the R
 * weight muxes of its column); a dense engine's by its activations (B partial-product gates in each
 * of C PEs) and weights (A in each of R PEs). The output stage by acc_first (the first-slice select
 * of every accumulator bit of every PE, a mux after the add: in parallel with the chain). The activations of a sparse engine's lanes enter the
 * multipliers after the weight mux's select, so they are not the stage's first link.
 */
export function stageFanoutsOf(s: Shape, stages: readonly StageIR[], plan: TopPlan): StageFanoutIR[] {
  const { R, C, A, B, F } = s;
  return stages.map((st) => {
    const broadcasts: BroadcastNetIR[] = [];
    if (plan.weightMuxCut && st.index === plan.wgtMuxStage) {
      // The selects reach the weight muxes straight from the decoder (the weights wait beside it, off the path).
      broadcasts.push({ net: plan.wgtMuxSel, sinkPinsPerBit: C * B, joins: 'chain', drives: `the weight-mux gates of ${B} bits in each PE of its row (from the decoder)` });
    } else if (plan.weightMuxCut && st.index === plan.peStage) {
      // The registered lane activations launch the multipliers of every PE of their row; each PE's weights are its own.
      broadcasts.push({ net: plan.peAct, sinkPinsPerBit: C * B, joins: 'chain', drives: `${B} partial-product gates in each PE of its row` });
    } else if (st.index === plan.wgtMuxStage) {
      if (s.dense) {
        broadcasts.push({ net: plan.peAct, sinkPinsPerBit: C * B, joins: 'chain', drives: `${B} partial-product gates in each PE of its row` });
        broadcasts.push({ net: plan.wgtSource, sinkPinsPerBit: R * A, joins: 'chain', drives: `${A} partial-product gates in each PE of its column` });
      } else {
        broadcasts.push({ net: plan.wgtMuxSel, sinkPinsPerBit: C * B, joins: 'chain', drives: `the weight-mux gates of ${B} bits in each PE of its row` });
        const lanesPerChannel = Math.min(s.n, F);
        broadcasts.push({ net: plan.wgtSource, sinkPinsPerBit: R * lanesPerChannel, joins: 'chain', drives: `${lanesPerChannel} lane candidates in the weight mux of each PE of its column` });
      }
    }
    if (st.name === 'output') broadcasts.push({ net: 'acc_first', sinkPinsPerBit: R * C * s.acc, joins: 'final_select', drives: `the first-slice select (after the add) of ${s.acc} accumulator bits in every PE` });
    return { stage: st.index, broadcasts, enabledFlipFlops: st.dataRegisterBits };
  });
}

/** The chain of logic ending in each stage's registers, through the first instance of each block kind. */
function stagePathsOf(stageNames: readonly StageName[], blocks: readonly Block[], weightMuxCut: boolean): StagePathIR[] {
  const firstOf = (pred: (b: Block) => boolean): Block | undefined => blocks.find(pred);
  const compressor = firstOf((b) => b.kind === 'compressor' || b.kind === 'flex_compressor');
  const decoder = firstOf((b) => b.kind === 'meta_decoder' || b.kind === 'flex_decoder');
  const actMux = firstOf((b) => b.kind === 'mux_network' && b.operand === 'act');
  const wgtMux = firstOf((b) => b.kind === 'mux_network' && b.operand === 'wgt');
  const pe = firstOf((b) => b.kind === 'pe');
  const line = firstOf((b) => b.kind === 'delay_line');
  const pipelined = compressor !== undefined && (compressor.kind === 'compressor' || compressor.kind === 'flex_compressor') && compressor.pipelineStages > 0;
  const keepCut = stageNames.includes('keep');
  const split = pe !== undefined && pe.kind === 'pe' && pe.psumParts > 0;
  const step = (b: Block | undefined, arc: PathArc) => (b === undefined ? [] : [{ block: b.name, arc }]);
  // The compressor's logic after its last register (all of it when unpipelined): in the keep stage when cut there.
  const rank = step(compressor, pipelined ? 'rank' : 'compare_rank');
  // The logic from the compressor (or its register) through the decoder: in the select stage when cut
  // there, else in the lane stage, else (no lane register) in front of the weight mux.
  const toSelects = [...(keepCut ? [] : rank), ...step(decoder, 'decode')];
  const selectCut = stageNames.includes('select');
  const beforeWgtMux = selectCut || stageNames.includes('lane') ? [] : toSelects;
  // weightMuxCut: the weight mux sits beside the activation mux in the lane stage (the same selects,
  // in parallel): the wider of the two is the path; the PE's stage starts at its multipliers.
  const laneMux = weightMuxCut && wgtMux !== undefined && (actMux === undefined || (wgtMux.kind === 'mux_network' && actMux.kind === 'mux_network' && wgtMux.widthBits >= actMux.widthBits)) ? wgtMux : actMux;
  const toPe = weightMuxCut ? [] : [...beforeWgtMux, ...step(wgtMux, 'select')];
  return stageNames.map((name, stage) => {
    let path: { block: string; arc: PathArc }[];
    switch (name) {
      case 'input': path = step(line, 'load_mux'); break;
      case 'compare': path = step(compressor, 'compare'); break;
      case 'keep': path = rank; break;
      case 'select': path = toSelects; break;
      case 'lane': path = [...(selectCut ? [] : toSelects), ...step(laneMux, 'select')]; break;
      case 'product': path = [...toPe, ...step(pe, 'multiply')]; break;
      case 'psum': path = split ? step(pe, 'merge') : [...toPe, ...step(pe, 'tree')]; break;
      case 'output': path = step(pe, 'accumulate'); break;
    }
    return { stage, name, path };
  });
}

/**
 * How the blocks counted by stageDataBits stand for a (larger) array's: the copies of each compressor
 * and PE, and each delay line's register width. The identity counts the blocks as they are;
 * src/ir/array_fanouts.ts scales a 1 x 1 elaboration's blocks to the full array.
 */
export interface BlockScale {
  readonly compressorCopies: number;
  readonly peCopies: number;
  readonly delayLineWidthBits: (b: Extract<Block, { kind: 'delay_line' }>) => number;
}

const AS_ELABORATED: BlockScale = { compressorCopies: 1, peCopies: 1, delayLineWidthBits: (b) => b.widthBits };

/** Data register bits attributed to one stage (control bits excluded). */
export function stageDataBits(blocks: readonly Block[], stage: number, name: StageName, scale: BlockScale = AS_ELABORATED): number {
  let bits = 0;
  const { compressorCopies: rows, peCopies: pes } = scale;
  for (const b of blocks) {
    if (b.kind === 'delay_line' && stage >= b.firstStage && stage < b.firstStage + b.depthCycles) bits += scale.delayLineWidthBits(b);
    if ((b.kind === 'compressor' || b.kind === 'flex_compressor') && b.compareStage === stage) bits += rows * b.registerBits;
    if (b.kind === 'mode_capture' && stage === 0) bits += b.registerBits;
    if (b.kind === 'pe' && name === 'psum') bits += pes * (b.carrySave ? 2 : 1) * b.psumBits;
    if (b.kind === 'pe' && name === 'product') bits += pes * b.psumParts * b.partBits;
    if (b.kind === 'pe' && name === 'output') bits += pes * 2 * b.accBits;
  }
  return bits;
}

/** Registered parts of a split PE's sum (0: no split): P products (products, carrySave), or 2 half sums. */
export function psumParts(sched: ResolvedSchedule, lanes: number): number {
  return sched.psumCut === 'products' || sched.psumCut === 'carrySave' ? lanes : sched.psumCut === 'halves' ? 2 : 0;
}

export function countResources(blocks: readonly Block[]): ResourceCounts {
  let multipliers = 0, actMuxInputs = 0, weightMuxInputs = 0, comparators = 0, adderTreeInputs = 0, registerBits = 0;
  for (const b of blocks) {
    switch (b.kind) {
      case 'pe': multipliers += b.multipliers; adderTreeInputs += b.lanes; registerBits += b.registerBits; break;
      case 'mux_network': if (b.operand === 'act') actMuxInputs += b.muxInputs; else weightMuxInputs += b.muxInputs; break;
      case 'compressor': case 'flex_compressor': comparators += b.comparators; registerBits += b.registerBits; break;
      case 'mode_capture': registerBits += b.registerBits; break;
      case 'delay_line': registerBits += b.registerBits; break;
      case 'stream_control': registerBits += b.registerBits; break;
      case 'meta_decoder': case 'flex_decoder': break;
    }
  }
  return { multipliers, actMuxInputs, weightMuxInputs, comparators, adderTreeInputs, registerBits };
}

/** The numbers every top of a description is built from, with its hardware mode's index. */
export function shapeOf(config: EngineConfig): { readonly s: Shape; readonly hardwareMode: number } {
  const { window: W, rows: R, cols: C, actBits: A, weightBits: B, accBits: acc } = config;
  // The hardware is built for the largest mode (a fixed engine's one mode): its group, lanes and
  // lane muxes serve every mode (each mode's candidates per lane are a subset of its).
  const hardwareMode = config.modes.reduce((best, p, i) => (p.m > config.modes[best]!.m ? i : best), 0);
  const { n, m } = config.modes[hardwareMode]!;
  const dense = n === m;
  const P = lanesOf(W, n, m);
  const modeSelectBits = config.modes.length > 1 ? Math.max(1, clog2(config.modes.length)) : 0;
  const psumBits = Math.min(sumWidthBits(A, B, P), acc);
  const metaBitsPerRow = dense ? 0 : config.meta === 'index' ? P * clog2(m) : W;
  return { s: { dense, W, P, R, C, A, B, acc, n, m, F: muxFanIn(n, m), psumBits, metaBitsPerRow, modeSelectBits, modes: config.modes }, hardwareMode };
}

/** Elaborates a validated description. Throws only on a broken invariant (a bug), never on user input. */
export function elaborate(config: EngineConfig): EngineIR {
  const { s, hardwareMode } = shapeOf(config);
  const { dense, W, P, R, C, A, B, acc, m, modeSelectBits, psumBits, metaBitsPerRow } = s;
  const modes = config.modes.map((p) => elaborateMode(p.n, p.m, W, config.meta, m));
  const org = config.org ?? LIMITS.defaultOrg;
  const sched = resolveSchedule(config, m, dense);
  return {
    irVersion: IR_VERSION,
    contractVersion: CONTRACT_VERSION,
    config,
    configHash: configHash(config),
    dense,
    windowChannels: W,
    lanes: P,
    rows: R,
    cols: C,
    actBits: A,
    weightBits: B,
    accBits: acc,
    meta: config.meta,
    modes,
    defaultMode: 0,
    modeSelectBits,
    ...(config.org !== undefined ? { org: config.org } : {}),
    hardwareMode,
    productBits: A + B,
    psumBits,
    metaBitsPerRow,
    schedule: sched,
    tops: { engine: elaborateTop(s, 'dense', config.meta, org, sched), core: elaborateTop(s, 'compressed', config.meta, org, sched) },
  };
}
