// The RTL backends of the one backend interface (sim/scenario/backend.ts): the generated Verilog of
// one top on Icarus Verilog (4-state, compiled per run) or Verilator (built once per backend, cached
// by content under the cache folder).

import type { GeneratedEngine } from '../../src/emit/generate.js';
import type { TopIR } from '../../src/ir/types.js';
import type { EngineBackend } from '../scenario/backend.js';
import { runIcarus } from './icarus/run.js';
import { buildVerilatorModel, verilatorModelCached, type VerilatorModel } from './verilator/build.js';
import { runVerilatorModel } from './verilator/run.js';

export function icarusBackend(gen: GeneratedEngine, top: TopIR): EngineBackend {
  return { name: 'icarus', top, run: (s) => runIcarus(gen.files, gen.verilogFiles, top, s) };
}

/** A Verilator backend; `model` tells whether the build came from the cache and how long it took. */
export function verilatorBackend(gen: GeneratedEngine, top: TopIR): EngineBackend & { readonly model: VerilatorModel } {
  const model = buildVerilatorModel(gen.files, gen.verilogFiles, top);
  return { name: 'verilator', top, model, run: (s) => runVerilatorModel(model.binary, s) };
}

/** Whether `verilatorBackend(gen, top)` will reuse a cached model (true) or build one (a minute or more). */
export function verilatorBackendCached(gen: GeneratedEngine, top: TopIR): boolean {
  return verilatorModelCached(gen.files, gen.verilogFiles, top);
}
