// Emits the structural tops nm_engine and nm_engine_core from a TopIR: ports exactly as contract
// §3–4, one net per IR signal, one checked template instance per IR block (same names as the IR,
// the simulator and the reports). No arithmetic on the config happens here: widths come from the IR.

import { assertNever, InternalError } from '../../diagnostics/diagnostic.js';
import type { Block, EngineIR, TopIR } from '../../ir/types.js';
import { renderInstance, templateLatency, type Connection, type Instance } from './template_library.js';
import { VerilogWriter } from './writer.js';

export const GENERATOR_NAME = 'nmcore';

/** Nets of a top, with their widths, declared before the instances. */
class Nets {
  private readonly widths = new Map<string, number>();
  constructor(private readonly ports: ReadonlyMap<string, number>) {}

  declare(name: string, widthBits: number): void {
    if (this.ports.has(name) || this.widths.has(name)) throw new InternalError(`net ${name} declared twice`);
    this.widths.set(name, widthBits);
  }

  width(name: string): number {
    const w = this.ports.get(name) ?? this.widths.get(name);
    if (w === undefined) throw new InternalError(`unknown net ${name}`);
    return w;
  }

  whole(name: string): Connection {
    return { expr: name, widthBits: this.width(name) };
  }

  /** `name[lo +: widthBits]`, bounds-checked. */
  slice(name: string, lo: number, widthBits: number): Connection {
    const w = this.width(name);
    if (lo < 0 || lo + widthBits > w) throw new InternalError(`slice ${name}[${lo} +: ${widthBits}] outside ${w} bits`);
    if (lo === 0 && widthBits === w) return this.whole(name);
    return { expr: widthBits === 1 ? `${name}[${lo}]` : `${name}[${lo} +: ${widthBits}]`, widthBits };
  }

  declarations(): [string, number][] {
    return [...this.widths.entries()];
  }
}

const one = (expr: string): Connection => ({ expr, widthBits: 1 });

/** Template module and parameters of one IR block: the single mapping the emitter, synthesis and reports share. */
export function blockTemplate(block: Block): { readonly module: string; readonly params: Readonly<Record<string, number>> } {
  switch (block.kind) {
    case 'stream_control':
      return { module: 'nm_stream_control', params: { STAGES: block.stages } };
    case 'delay_line':
      return { module: 'nm_delay_line', params: { WIDTH: block.widthBits, DEPTH: block.depthCycles } };
    case 'compressor':
      return { module: 'nm_compressor', params: { WINDOW: block.windowChannels, M: block.m, N: block.n, A: block.actBits, PIPE: block.pipelineStages } };
    case 'meta_decoder':
      return {
        module: block.encoding === 'bitmask' ? 'nm_meta_decode_bitmask' : 'nm_meta_decode_index',
        params: { WINDOW: block.windowChannels, M: block.m, N: block.n },
      };
    case 'mux_network':
      return { module: 'nm_mux_network', params: { WINDOW: block.windowChannels, M: block.m, N: block.n, WIDTH: block.widthBits } };
    case 'pe':
      return { module: 'nm_pe', params: { P: block.lanes, A: block.actBits, B: block.weightBits, ACC: block.accBits, PSUM: block.psumBits } };
    default:
      return assertNever(block, 'block kind');
  }
}

/** Builds the instance of one IR block. */
function instanceOf(block: Block, ir: EngineIR, top: TopIR, nets: Nets): Instance {
  const L = top.latencyCycles;
  const { windowChannels: W, lanes: P, actBits: A, weightBits: B } = ir;
  const mode = ir.modes[0]!;
  const F = mode.muxFanIn;
  switch (block.kind) {
    case 'stream_control':
      return {
        ...blockTemplate(block), name: block.name,
        connections: {
          clk: one('clk'), rst_n: one('rst_n'), s_act_valid: one('s_act_valid'), s_wgt_valid: one('s_wgt_valid'),
          s_act_last: one('s_act_last'), m_out_ready: one('m_out_ready'), take: one('take'), m_out_valid: one('m_out_valid'),
          load: nets.whole('load'), psum_last: one('psum_last'), acc_first: one('acc_first'),
        },
      };
    case 'delay_line':
      return {
        ...blockTemplate(block), name: block.name,
        connections: {
          clk: one('clk'), load: nets.slice('load', block.firstStage, block.depthCycles),
          d: nets.whole(block.source), q: nets.whole(block.sink),
        },
      };
    case 'compressor':
      return {
        ...blockTemplate(block), name: block.name,
        connections: {
          clk: one('clk'),
          load: block.compareStage >= 0 ? nets.slice('load', block.compareStage, 1) : one("1'b0"),
          act: nets.slice('act_in_q', block.row * W * A, W * A),
          keep: nets.slice('keep_d', block.row * W, W),
        },
      };
    case 'meta_decoder': {
      const { params } = blockTemplate(block);
      const sel = nets.slice('sel_d', block.row * P * F, P * F);
      if (block.encoding === 'bitmask') {
        const source = top.activationInput === 'dense' ? 'keep_d' : 'meta_q';
        return { module: 'nm_meta_decode_bitmask', name: block.name, params, connections: { mask: nets.slice(source, block.row * W, W), sel } };
      }
      return { module: 'nm_meta_decode_index', name: block.name, params, connections: { idx: nets.slice('meta_q', block.row * block.metaBits, block.metaBits), sel } };
    }
    case 'mux_network': {
      const { params } = blockTemplate(block);
      if (block.operand === 'act') {
        const source = top.stages.some((s) => s.name === 'compare') ? 'act_cmp_q' : 'act_in_q';
        return {
          module: 'nm_mux_network', name: block.name, params,
          connections: {
            sel: nets.slice('sel_d', block.row * P * F, P * F),
            data: nets.slice(source, block.row * W * A, W * A),
            lanes: nets.slice('act_lane_d', block.row * P * A, P * A),
          },
        };
      }
      return {
        module: 'nm_mux_network', name: block.name, params,
        connections: {
          sel: nets.slice('sel_lane_q', block.row * P * F, P * F),
          data: nets.slice('wgt_q', block.col! * W * B, W * B),
          lanes: nets.whole(`wgt_lane_r${block.row}_c${block.col}`),
        },
      };
    }
    case 'pe':
      return {
        ...blockTemplate(block), name: block.name,
        connections: {
          clk: one('clk'), rst_n: one('rst_n'),
          load_psum: nets.slice('load', block.psumStage, 1), load_out: nets.slice('load', L - 1, 1),
          psum_last: one('psum_last'), acc_first: one('acc_first'),
          act_lane: nets.slice('act_lane_q', block.row * P * A, P * A),
          wgt_lane: ir.dense ? nets.slice('wgt_q', block.col * W * B, W * B) : nets.whole(`wgt_lane_r${block.row}_c${block.col}`),
          out: nets.slice('m_out_data', (block.row * ir.cols + block.col) * ir.accBits, ir.accBits),
        },
      };
    default:
      return assertNever(block, 'block kind');
  }
}

/** Declares the internal nets a top needs (everything that is not a port). */
function declareNets(ir: EngineIR, top: TopIR, nets: Nets): void {
  const { rows: R, cols: C, windowChannels: W, lanes: P, actBits: A, weightBits: B } = ir;
  const F = ir.modes[0]!.muxFanIn;
  nets.declare('take', 1);
  nets.declare('load', top.latencyCycles);
  nets.declare('psum_last', 1);
  nets.declare('acc_first', 1);
  for (const b of top.blocks) {
    if (b.kind === 'delay_line') nets.declare(b.sink, b.widthBits);
  }
  if (!ir.dense) {
    if (top.activationInput === 'dense') {
      nets.declare('keep_d', R * W);
      nets.declare('act_lane_d', R * P * A);
    }
    nets.declare('sel_d', R * P * F);
    for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) nets.declare(`wgt_lane_r${r}_c${c}`, P * B);
  }
}

/**
 * The pipeline depth the templates declare along the activation path must equal the schedule's L:
 * input register(s), compressor pipeline, lane register, PE (psum + output).
 */
function checkDeclaredLatency(top: TopIR, instances: readonly Instance[]): void {
  const latency = (name: string): number => {
    const inst = instances.find((i) => i.name === name);
    return inst === undefined ? 0 : templateLatency(inst.module, inst.params);
  };
  const firstPe = instances.find((i) => i.module === 'nm_pe');
  const path = top.activationInput === 'dense'
    ? latency('act_input_reg') + latency('act_pipe') + latency('compressor_r0') + latency('act_lane_reg')
    : latency('act_pipe');
  const total = path + (firstPe ? templateLatency('nm_pe', firstPe.params) : 0);
  if (total !== top.latencyCycles) {
    throw new InternalError(`${top.module}: templates declare ${total} cycles along the activation path, the schedule says L = ${top.latencyCycles}`);
  }
}

export interface EmitOptions {
  /** Version string written into the header; goldens replace it. */
  readonly generatorVersion: string;
}

/** The Verilog text of one top. */
export function emitTop(ir: EngineIR, top: TopIR, options: EmitOptions): string {
  const portWidths = new Map(top.ports.map((p) => [p.name, p.widthBits] as const));
  const nets = new Nets(portWidths);
  declareNets(ir, top, nets);
  const instances = top.blocks.map((b) => instanceOf(b, ir, top, nets));
  checkDeclaredLatency(top, instances);

  const w = new VerilogWriter();
  const modeText = ir.modes.map((m) => `${m.n}:${m.m}`).join(', ');
  w.comment(`${top.module}: generated by ${GENERATOR_NAME} ${options.generatorVersion}; do not edit.`);
  w.comment(`engine contract v${ir.contractVersion}; config ${ir.configHash}`);
  w.comment(`pattern ${modeText}, window ${ir.windowChannels} channels, ${ir.lanes} lanes, ${ir.rows} x ${ir.cols} PEs, ` +
    `A=${ir.actBits} B=${ir.weightBits} acc=${ir.accBits} bits` + (top.activationInput === 'compressed' && !ir.dense ? `, ${ir.meta} metadata` : ''));
  w.comment(`latency L = ${top.latencyCycles} cycles (stages: ${top.stages.map((s) => s.name).join(', ')})`);
  const pw = Math.max(...top.ports.map((p) => p.name.length));
  w.line(`module ${top.module} (`);
  w.indent(() => {
    top.ports.forEach((p, i) => {
      const range = p.widthBits > 1 ? `[${p.widthBits - 1}:0]` : '';
      const sep = i + 1 < top.ports.length ? ',' : '';
      w.line(`${p.direction.padEnd(6)} wire ${range.padEnd(12)} ${(p.name + sep).padEnd(pw + 1)}  // ${p.description}`);
    });
  });
  w.line(');');
  w.indent(() => {
    for (const [name, width] of nets.declarations()) w.line(`wire ${width > 1 ? `[${width - 1}:0] ` : ''}${name};`);
    w.line();
    w.line('// Joined handshake: both streams are taken on the same edge.');
    w.line('assign s_act_ready = take;');
    w.line('assign s_wgt_ready = take;');
    for (const inst of instances) {
      w.line();
      for (const l of renderInstance(inst)) w.line(l);
    }
  });
  w.line('endmodule');
  return w.toString();
}
