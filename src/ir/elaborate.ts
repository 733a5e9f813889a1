// elaborate(): EngineConfig → EngineIR. The only place where widths, counts, fan-in, stages and
// latency are computed from the description. Both tops (nm_engine, nm_engine_core) are elaborated
// here from the same numbers, so the emitter, simulator and cost model agree by construction.

import { createHash } from 'node:crypto';
import type { EngineConfig } from '../config/engine_config.js';
import { clog2, comparatorsPerGroup, indexWidthBits, lanesOf, muxFanIn, sumWidthBits } from './derive.js';
import { compressorPipelineStages, controlRegisterBits, STAGE_DESCRIPTIONS, stagesOf } from './schedule.js';
import {
  CONTRACT_VERSION,
  IR_VERSION,
  type Block,
  type EngineIR,
  type ModeIR,
  type PortIR,
  type ResourceCounts,
  type StageIR,
  type StageName,
  type TopIR,
} from './types.js';

/** Canonical JSON of a config: fixed key order, so equal descriptions hash equally. */
export function canonicalConfigJson(c: EngineConfig): string {
  return JSON.stringify({
    n: c.n, m: c.m, window: c.window, rows: c.rows, cols: c.cols,
    actBits: c.actBits, weightBits: c.weightBits, accBits: c.accBits, meta: c.meta,
    modes: c.modes.map((p) => `${p.n}:${p.m}`),
  });
}

export function configHash(c: EngineConfig): string {
  return createHash('sha256').update(canonicalConfigJson(c)).digest('hex').slice(0, 16);
}

function elaborateMode(n: number, m: number, windowChannels: number): ModeIR {
  const dense = n === m;
  return {
    n, m,
    groupsPerSlice: windowChannels / m,
    muxFanIn: muxFanIn(n, m),
    indexWidthBits: indexWidthBits(m),
    comparatorsPerGroup: dense ? 0 : comparatorsPerGroup(m),
  };
}

/** Numbers shared by both tops. */
interface Shape {
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
}

function portsOf(s: Shape, activationInput: 'dense' | 'compressed', metaEncoding: EngineConfig['meta']): PortIR[] {
  const compressed = activationInput === 'compressed' && !s.dense;
  const actElems = compressed ? s.P : s.W;
  const ports: PortIR[] = [
    { name: 'clk', direction: 'input', widthBits: 1, description: 'rising-edge clock' },
    { name: 'rst_n', direction: 'input', widthBits: 1, description: 'synchronous reset, active low; clears all state' },
    { name: 's_act_valid', direction: 'input', widthBits: 1, description: 'activation slice valid' },
    { name: 's_act_ready', direction: 'output', widthBits: 1, description: 'activation slice ready (raised together with s_wgt_ready, only when both valids are high and the slice is taken)' },
    { name: 's_act_last', direction: 'input', widthBits: 1, description: 'this slice is the last of its dot product' },
    {
      name: 's_act_data', direction: 'input', widthBits: s.R * actElems * s.A,
      description: compressed
        ? `kept activations in channel order: element (r,k), r<${s.R}, k<${s.P}, at bits [(r*${s.P}+k)*${s.A} +: ${s.A}]`
        : `dense activations: element (r,j), r<${s.R}, j<${s.W}, at bits [(r*${s.W}+j)*${s.A} +: ${s.A}]`,
    },
  ];
  if (compressed) {
    ports.push({
      name: 's_act_meta', direction: 'input', widthBits: s.R * s.metaBitsPerRow,
      description: metaEncoding === 'index'
        ? `index metadata: position inside its group of lane (r,k) at bits [(r*${s.P}+k)*${clog2(s.m)} +: ${clog2(s.m)}]`
        : `bitmask metadata: bit r*${s.W}+j is 1 when channel j of token r is kept (exactly ${s.n} per group of ${s.m})`,
    });
  }
  ports.push(
    { name: 's_wgt_valid', direction: 'input', widthBits: 1, description: 'weight slice valid' },
    { name: 's_wgt_ready', direction: 'output', widthBits: 1, description: 'weight slice ready (equal to s_act_ready)' },
    { name: 's_wgt_data', direction: 'input', widthBits: s.C * s.W * s.B, description: `dense weights: element (c,j), c<${s.C}, j<${s.W}, at bits [(c*${s.W}+j)*${s.B} +: ${s.B}]` },
  );
  if (s.modeSelectBits > 0) {
    ports.push({ name: 'cfg_mode', direction: 'input', widthBits: s.modeSelectBits, description: 'index into modes, sampled with the first slice of each dot product' });
  }
  ports.push(
    { name: 'm_out_valid', direction: 'output', widthBits: 1, description: 'result valid' },
    { name: 'm_out_ready', direction: 'input', widthBits: 1, description: 'result ready' },
    { name: 'm_out_data', direction: 'output', widthBits: s.R * s.C * s.acc, description: `results: element (r,c) at bits [(r*${s.C}+c)*${s.acc} +: ${s.acc}], two's complement` },
  );
  return ports;
}

function elaborateTop(s: Shape, activationInput: 'dense' | 'compressed', metaEncoding: EngineConfig['meta']): TopIR {
  const module = activationInput === 'dense' ? 'nm_engine' : 'nm_engine_core';
  const stageNames = stagesOf(activationInput, s.dense, s.m);
  const stageIndex = (name: StageName): number => stageNames.indexOf(name);
  const L = stageNames.length;
  const blocks: Block[] = [];
  const pipe = activationInput === 'dense' ? compressorPipelineStages(s.m, s.dense) : 0;
  const psumStage = stageIndex('psum');

  blocks.push({ kind: 'stream_control', name: 'control', stages: L, registerBits: controlRegisterBits(L) });

  // Operands travelling to the PEs, named by the nets they read and drive (shared with the emitter and simulator).
  const line = (name: string, widthBits: number, depthCycles: number, firstStage: number, source: string, sink: string): void => {
    blocks.push({ kind: 'delay_line', name, widthBits, depthCycles, firstStage, source, sink, registerBits: widthBits * depthCycles });
  };
  line('wgt_pipe', s.C * s.W * s.B, psumStage, 0, 's_wgt_data', 'wgt_q');
  if (s.dense) {
    line('act_pipe', s.R * s.W * s.A, 1, 0, 's_act_data', 'act_lane_q');
  } else if (activationInput === 'compressed') {
    line('act_pipe', s.R * s.P * s.A, 2, 0, 's_act_data', 'act_lane_q');
    line('meta_pipe', s.R * s.metaBitsPerRow, 1, 0, 's_act_meta', 'meta_q');
  } else {
    line('act_input_reg', s.R * s.W * s.A, 1, 0, 's_act_data', 'act_in_q');
    if (pipe > 0) line('act_compare_reg', s.R * s.W * s.A, 1, 1, 'act_in_q', 'act_cmp_q');
  }
  if (!s.dense) {
    const laneStage = stageIndex('lane');
    if (activationInput === 'dense') line('act_lane_reg', s.R * s.P * s.A, 1, laneStage, 'act_lane_d', 'act_lane_q');
    line('sel_lane_reg', s.R * s.P * s.F, 1, laneStage, 'sel_d', 'sel_lane_q');
    for (let r = 0; r < s.R; r++) {
      if (activationInput === 'dense') {
        const comparators = (s.W / s.m) * comparatorsPerGroup(s.m);
        blocks.push({
          kind: 'compressor', name: `compressor_r${r}`, row: r, windowChannels: s.W, n: s.n, m: s.m, actBits: s.A,
          pipelineStages: pipe, compareStage: pipe > 0 ? stageIndex('compare') : -1, comparators, comparatorWidthBits: s.A,
          registerBits: pipe * comparators,
        });
      }
      const encoding = activationInput === 'dense' ? 'bitmask' : metaEncoding;
      blocks.push({
        kind: 'meta_decoder', name: `decoder_r${r}`, row: r, encoding, windowChannels: s.W, n: s.n, m: s.m, lanes: s.P, muxFanIn: s.F,
        metaBits: encoding === 'index' ? s.P * clog2(s.m) : s.W,
      });
      if (activationInput === 'dense') {
        blocks.push({
          kind: 'mux_network', name: `act_mux_r${r}`, operand: 'act', row: r, windowChannels: s.W, n: s.n, m: s.m, lanes: s.P,
          muxFanIn: s.F, widthBits: s.A, muxInputs: s.P * s.F,
        });
      }
    }
  }
  for (let r = 0; r < s.R; r++) {
    for (let c = 0; c < s.C; c++) {
      if (!s.dense) {
        blocks.push({
          kind: 'mux_network', name: `wgt_mux_r${r}_c${c}`, operand: 'wgt', row: r, col: c, windowChannels: s.W, n: s.n, m: s.m,
          lanes: s.P, muxFanIn: s.F, widthBits: s.B, muxInputs: s.P * s.F,
        });
      }
      blocks.push({
        kind: 'pe', name: `pe_r${r}_c${c}`, row: r, col: c, lanes: s.P, actBits: s.A, weightBits: s.B, accBits: s.acc,
        psumBits: s.psumBits, multipliers: s.P, psumStage, registerBits: s.psumBits + 2 * s.acc,
      });
    }
  }

  const stages: StageIR[] = stageNames.map((name, index) => ({
    index, name, description: STAGE_DESCRIPTIONS[name], dataRegisterBits: stageDataBits(blocks, index, name),
  }));
  return {
    module, activationInput, ports: portsOf(s, activationInput, metaEncoding), stages, latencyCycles: L, blocks,
    resources: countResources(blocks),
  };
}

/** Data register bits attributed to one stage (control bits excluded). */
function stageDataBits(blocks: readonly Block[], stage: number, name: StageName): number {
  let bits = 0;
  for (const b of blocks) {
    if (b.kind === 'delay_line' && stage >= b.firstStage && stage < b.firstStage + b.depthCycles) bits += b.widthBits;
    if (b.kind === 'compressor' && b.compareStage === stage) bits += b.registerBits;
    if (b.kind === 'pe' && name === 'psum') bits += b.psumBits;
    if (b.kind === 'pe' && name === 'output') bits += 2 * b.accBits;
  }
  return bits;
}

export function countResources(blocks: readonly Block[]): ResourceCounts {
  let multipliers = 0, actMuxInputs = 0, weightMuxInputs = 0, comparators = 0, adderTreeInputs = 0, registerBits = 0;
  for (const b of blocks) {
    switch (b.kind) {
      case 'pe': multipliers += b.multipliers; adderTreeInputs += b.lanes; registerBits += b.registerBits; break;
      case 'mux_network': if (b.operand === 'act') actMuxInputs += b.muxInputs; else weightMuxInputs += b.muxInputs; break;
      case 'compressor': comparators += b.comparators; registerBits += b.registerBits; break;
      case 'delay_line': registerBits += b.registerBits; break;
      case 'stream_control': registerBits += b.registerBits; break;
      case 'meta_decoder': break;
    }
  }
  return { multipliers, actMuxInputs, weightMuxInputs, comparators, adderTreeInputs, registerBits };
}

/** Elaborates a validated description. Throws only on a broken invariant (a bug), never on user input. */
export function elaborate(config: EngineConfig): EngineIR {
  const { n, m, window: W, rows: R, cols: C, actBits: A, weightBits: B, accBits: acc } = config;
  const dense = n === m;
  const P = lanesOf(W, n, m);
  const modes = config.modes.map((p) => elaborateMode(p.n, p.m, W));
  const modeSelectBits = modes.length > 1 ? Math.max(1, clog2(modes.length)) : 0;
  const psumBits = Math.min(sumWidthBits(A, B, P), acc);
  const metaBitsPerRow = dense ? 0 : config.meta === 'index' ? P * clog2(m) : W;
  const s: Shape = { dense, W, P, R, C, A, B, acc, n, m, F: muxFanIn(n, m), psumBits, metaBitsPerRow, modeSelectBits };
  const ir: EngineIR = {
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
    modeSelectBits,
    productBits: A + B,
    psumBits,
    metaBitsPerRow,
    tops: { engine: elaborateTop(s, 'dense', config.meta), core: elaborateTop(s, 'compressed', config.meta) },
  };
  return ir;
}
