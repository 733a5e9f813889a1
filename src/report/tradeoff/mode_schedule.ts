// What flexibility buys: under a per-layer output-error budget, the cheapest mode of every layer on
// each flexible engine (the preset mode sets at 16 lanes per PE, both organizations), and the
// schedule's cycles, bytes, energy, area and error against running every layer at one fixed
// pattern on its fixed engine. Per-mode costs come from the layer replay (sim/replay) in that mode;
// the error is the report's engineRelOutputError (magnitude selection, no mitigation) per layer.
// The choice itself is mode_choice.ts.

import type { PatternId } from '../../accuracy/ids.js';
import { validateConfig } from '../../config/validate.js';
import { UserError } from '../../diagnostics/diagnostic.js';
import { elaborate } from '../../ir/elaborate.js';
import type { EngineIR } from '../../ir/types.js';
import { formatPattern } from '../../config/pattern.js';
import { estimateArea } from '../../model/area.js';
import { layerEnergy } from '../../../sim/replay/layer_energy.js';
import { replayLayer } from '../../../sim/replay/layer_report.js';
import type { CostLayer } from './cost.js';
import { LANES_PER_PE, type CostedEngine } from './engines.js';
import { CHEAPEST_DEFINITION, chooseMode, type ModeOption } from './mode_choice.js';

/** The flexible mode sets scheduled (the presets' sets, at W = 32 so every engine has 16 lanes per PE). */
export const FLEX_MODE_SETS: readonly (readonly PatternId[])[] = [['2:4', '4:8', '8:16', '16:32'], ['2:4', '8:16']];
export const FLEX_ORGS_SCHEDULED = ['rank', 'bitonic'] as const;

export interface ScheduledLayer extends ModeOption {
  readonly layer: string;
  readonly meetsBudget: boolean;
}

export interface ScheduleEngine {
  readonly label: string;
  readonly kind: 'fixed' | 'flexible';
  readonly modes: readonly string[];
  readonly org?: string;
  readonly areaUm2: number;
  readonly computeBoundCycles: number;
  readonly cyclesAtBandwidth: number;
  readonly readBytes: number;
  readonly energyPj: number;
  /** Unweighted mean and worst over layers of the scheduled layers' relative output error (fractions). */
  readonly meanRelError: number;
  readonly maxRelError: number;
  readonly layersOverBudget: number;
  /** Layers per mode in the schedule. */
  readonly layersPerMode: Readonly<Record<string, number>>;
  readonly layers: readonly ScheduledLayer[];
}

export interface ModeSchedule {
  /** The per-layer budget on engineRelOutputError (fraction; the option is in %). */
  readonly errorBudget: number;
  readonly metric: string;
  readonly cheapest: string;
  readonly bandwidthBytesPerCycle: number;
  readonly engines: readonly ScheduleEngine[];
}

function flexEngine(modes: readonly PatternId[], org: string, rows: number, cols: number, actBits: number, weightBits: number): CostedEngine {
  const v = validateConfig({ modes, org, window: 2 * LANES_PER_PE, rows, cols, actBits, weightBits });
  if (v.config === undefined) throw new UserError(v.diagnostics);
  return { label: `flexible {${modes.join(',')}} ${org}`, role: 'sparse', pattern: modes[0]!, ir: elaborate(v.config) };
}

/** One layer in one mode: the replay with unlimited bandwidth (cycles, bytes, energy) and at the report's bandwidth. */
export function modeOption(ir: EngineIR, mode: number, l: CostLayer, relError: number, bandwidthBytesPerCycle: number): ModeOption {
  const free = replayLayer(ir, l.layer, { mode, top: 'engine', outChannels: l.outChannels });
  const bw = replayLayer(ir, l.layer, { mode, top: 'engine', outChannels: l.outChannels, memory: { bandwidthBytesPerCycle } });
  return {
    pattern: formatPattern(ir.modes[mode]!), relError, energyPj: layerEnergy(ir, 'engine', free).energy.totalPj,
    computeBoundCycles: free.totalCycles, cyclesAtBandwidth: bw.totalCycles,
    readBytes: free.bytes.activationBytes + free.bytes.metadataBytes + free.bytes.weightBytes,
  };
}

/** Per layer of the report: its id and its relative output error at a pattern (a fraction). */
export interface LayerErrors {
  readonly id: string;
  readonly errorAt: (pattern: string) => number;
}

function scheduleEngine(e: CostedEngine, kind: ScheduleEngine['kind'], layers: readonly CostLayer[], accuracy: readonly LayerErrors[], budget: number, bandwidth: number): ScheduleEngine {
  const modes = e.ir.modes.map(formatPattern);
  const scheduled = layers.map((l, i): ScheduledLayer => {
    const options = modes.map((p, mode) => modeOption(e.ir, mode, l, accuracy[i]!.errorAt(p), bandwidth));
    const c = chooseMode(options, budget);
    return { layer: accuracy[i]!.id, ...c.option, meetsBudget: c.meetsBudget };
  });
  const sum = (f: (x: ScheduledLayer) => number): number => scheduled.reduce((s, x) => s + f(x), 0);
  const layersPerMode: Record<string, number> = Object.fromEntries(modes.map((p) => [p, scheduled.filter((x) => x.pattern === p).length]));
  return {
    label: e.label, kind, modes, ...(e.ir.org !== undefined ? { org: e.ir.org } : {}),
    areaUm2: estimateArea(e.ir, 'engine').totalUm2,
    computeBoundCycles: sum((x) => x.computeBoundCycles), cyclesAtBandwidth: sum((x) => x.cyclesAtBandwidth), readBytes: sum((x) => x.readBytes), energyPj: sum((x) => x.energyPj),
    meanRelError: scheduled.length > 0 ? sum((x) => x.relError) / scheduled.length : 0,
    maxRelError: Math.max(0, ...scheduled.map((x) => x.relError)),
    layersOverBudget: scheduled.filter((x) => !x.meetsBudget).length,
    layersPerMode, layers: scheduled,
  };
}

/**
 * The schedule of every flexible engine whose modes were all evaluated, and the fixed engines of the
 * report's hardware patterns run at their one pattern.
 */
export function modeSchedule(fixed: readonly CostedEngine[], patterns: readonly PatternId[], layers: readonly CostLayer[], accuracy: readonly LayerErrors[],
  o: { readonly errorBudget: number; readonly rows: number; readonly cols: number; readonly actBits: number; readonly weightBits: number; readonly bandwidthBytesPerCycle: number }): ModeSchedule {
  const flex = FLEX_MODE_SETS.filter((set) => set.every((p) => patterns.includes(p)))
    .flatMap((set) => FLEX_ORGS_SCHEDULED.map((org) => flexEngine(set, org, o.rows, o.cols, o.actBits, o.weightBits)));
  const engines = [
    ...fixed.map((e) => scheduleEngine(e, 'fixed', layers, accuracy, o.errorBudget, o.bandwidthBytesPerCycle)),
    ...flex.map((e) => scheduleEngine(e, 'flexible', layers, accuracy, o.errorBudget, o.bandwidthBytesPerCycle)),
  ];
  return {
    errorBudget: o.errorBudget,
    metric: 'engineRelOutputError per layer (what the engine computes: A-bit activations, B-bit weights), magnitude selection, no mitigation',
    cheapest: CHEAPEST_DEFINITION, bandwidthBytesPerCycle: o.bandwidthBytesPerCycle, engines,
  };
}
