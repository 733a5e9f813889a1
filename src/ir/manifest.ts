// The JSON manifest written beside the Verilog (contract §5): a serialization of the IR, so its
// latency and resource counts are by definition the numbers the simulator and area model use.

import { DEFAULT_SCHEDULE_OBJECTIVE, DEFAULT_TIMING_MARGIN_PCT, type ScheduleObjective } from '../config/schedule_options.js';
import type { EngineIR, TopIR } from './types.js';

/** Version 2: `parameters.modes` replaces `parameters.n`/`m`; per-mode numbers live in `derived.modes`. */
export const MANIFEST_SCHEMA = 'nmcore-manifest/2';

export interface TopManifest {
  readonly module: string;
  readonly activationInput: 'dense' | 'compressed';
  readonly latencyCycles: number;
  readonly stages: readonly { name: string; dataRegisterBits: number; description: string }[];
  readonly ports: readonly { name: string; direction: string; widthBits: number; description: string }[];
  readonly resources: TopIR['resources'];
  readonly instances: Readonly<Record<string, number>>;
}

export interface ScheduleManifest {
  readonly options: EngineIR['schedule'];
  readonly targetMhz?: number;
  /** With targetMhz: the guard band the schedule was chosen with, percent (modelled fmax >= targetMhz x (1 + it/100)). */
  readonly timingMarginPct?: number;
  /** With targetMhz: what the chooser minimised, fewest cycles (`latency`) or smallest modelled area (`area`). */
  readonly scheduleObjective?: ScheduleObjective;
  /** Modelled fmax of each top (src/model/timing.ts), MHz. */
  readonly predictedFmaxMhz?: { readonly engine: number; readonly core: number };
}

export interface Manifest {
  readonly schema: string;
  readonly generator: { readonly name: string; readonly version: string };
  readonly contractVersion: number;
  readonly configHash: string;
  readonly parameters: EngineIR['config'];
  readonly derived: {
    readonly dense: boolean;
    readonly lanes: number;
    readonly metaBitsPerRow: number;
    readonly productBits: number;
    readonly psumBits: number;
    readonly modeSelectBits: number;
    /** One entry per run-time mode, in cfg_mode order. */
    readonly modes: readonly (EngineIR['modes'][number] & { readonly pattern: string })[];
  };
  /** Present when the description gives a schedule or a target clock: the options resolved, the target and the modelled fmax. */
  readonly schedule?: ScheduleManifest;
  readonly tops: readonly TopManifest[];
  /** Verilog files in compile order (templates first, then the tops). */
  readonly files: readonly string[];
}

function topManifest(top: TopIR): TopManifest {
  const instances: Record<string, number> = {};
  for (const b of top.blocks) instances[b.kind] = (instances[b.kind] ?? 0) + 1;
  return {
    module: top.module,
    activationInput: top.activationInput,
    latencyCycles: top.latencyCycles,
    stages: top.stages.map((s) => ({ name: s.name, dataRegisterBits: s.dataRegisterBits, description: s.description })),
    ports: top.ports.map((p) => ({ name: p.name, direction: p.direction, widthBits: p.widthBits, description: p.description })),
    resources: top.resources,
    instances,
  };
}

export function buildManifest(ir: EngineIR, generatorVersion: string, files: readonly string[], predictedFmaxMhz?: ScheduleManifest['predictedFmaxMhz']): Manifest {
  const scheduled = ir.config.schedule !== undefined || ir.config.targetMhz !== undefined;
  return {
    schema: MANIFEST_SCHEMA,
    generator: { name: 'nmcore', version: generatorVersion },
    contractVersion: ir.contractVersion,
    configHash: ir.configHash,
    parameters: ir.config,
    derived: {
      dense: ir.dense,
      lanes: ir.lanes,
      metaBitsPerRow: ir.metaBitsPerRow,
      productBits: ir.productBits,
      psumBits: ir.psumBits,
      modeSelectBits: ir.modeSelectBits,
      modes: ir.modes.map((m) => ({ pattern: `${m.n}:${m.m}`, ...m })),
    },
    ...(scheduled ? { schedule: { options: ir.schedule, ...(ir.config.targetMhz !== undefined ? { targetMhz: ir.config.targetMhz, timingMarginPct: ir.config.timingMarginPct ?? DEFAULT_TIMING_MARGIN_PCT, scheduleObjective: ir.config.scheduleObjective ?? DEFAULT_SCHEDULE_OBJECTIVE } : {}), ...(predictedFmaxMhz !== undefined ? { predictedFmaxMhz } : {}) } } : {}),
    tops: [topManifest(ir.tops.engine), topManifest(ir.tops.core)],
    files,
  };
}
