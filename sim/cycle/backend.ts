// The TypeScript cycle models (interpreted 'ts', generated 'tsgen') as backends of the one backend interface (sim/scenario/backend.ts).

import type { EngineIR, TopIR } from '../../src/ir/types.js';
import type { EngineBackend } from '../scenario/backend.js';
import { simulateStream } from './engine.js';
import { GeneratedModel, simulateGenerated } from './jsgen/model.js';

/** The interpreted model, the reference of the generated one. */
export function tsBackend(ir: EngineIR, top: TopIR): EngineBackend {
  return { name: 'ts', top, run: (s) => simulateStream(ir, top, s) };
}

/** The generated model, compiled once for this top; every run starts from power-up. */
export function tsgenBackend(ir: EngineIR, top: TopIR): EngineBackend {
  const model = new GeneratedModel(ir, top);
  return { name: 'tsgen', top, run: (s) => simulateGenerated(ir, top, s, {}, model) };
}
