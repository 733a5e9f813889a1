// The TypeScript cycle model as a backend of the one backend interface (sim/scenario/backend.ts).

import type { EngineIR, TopIR } from '../../src/ir/types.js';
import type { EngineBackend } from '../scenario/backend.js';
import { simulateStream } from './engine.js';

export function tsBackend(ir: EngineIR, top: TopIR): EngineBackend {
  return { name: 'ts', top, run: (s) => simulateStream(ir, top, s) };
}
