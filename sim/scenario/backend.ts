// The one backend interface: "run this stimulus on this top and record what it did". Implemented
// by the TypeScript cycle model (sim/cycle/backend.ts: 'ts' the interpreted reference, 'tsgen' the
// netlist specialized into JavaScript, sim/cycle/jsgen/), Icarus and Verilator (sim/rtl/backends.ts);
// the contract scenarios, verify and cosim run any of them the same way.

import type { TopIR } from '../../src/ir/types.js';
import type { CycleRecord, StreamStimulus } from './stimulus.js';

export type BackendName = 'ts' | 'icarus' | 'verilator' | 'tsgen';
export const BACKEND_NAMES: readonly BackendName[] = ['ts', 'icarus', 'verilator', 'tsgen'];

/** Names people use for each backend in messages. */
export const BACKEND_LABELS: Readonly<Record<BackendName, string>> = {
  ts: 'TypeScript cycle model',
  icarus: 'Icarus Verilog (4-state)',
  verilator: 'Verilator',
  tsgen: 'generated JavaScript cycle model',
};

export interface EngineBackend {
  readonly name: BackendName;
  readonly top: TopIR;
  /** One record per rising edge, sampled just before it (sim/scenario/stimulus.ts). */
  run(stimulus: StreamStimulus): CycleRecord[];
}

/** Makes the backend of one top (an RTL backend may build or compile once here). */
export type BackendFactory = (top: TopIR) => EngineBackend;
