// Chooses a backend by name for the commands and suites that run the contract scenarios or cosim on
// any of them: the TypeScript cycle model, Icarus or Verilator.

import type { GeneratedEngine } from '../../src/emit/generate.js';
import type { EngineIR } from '../../src/ir/types.js';
import { tsBackend, tsgenBackend } from '../cycle/backend.js';
import { icarusBackend, verilatorBackend } from '../rtl/backends.js';
import type { BackendFactory, BackendName } from '../scenario/backend.js';
import { runContractScenarios, type VerifyOptions, type VerifyReport } from '../scenario/verify.js';

/** The factory of one backend; RTL backends need the generated files, the TS model only the IR. */
export function backendFactory(name: BackendName, ir: EngineIR, gen?: GeneratedEngine): BackendFactory {
  if (name === 'ts') return (top) => tsBackend(ir, top);
  if (name === 'tsgen') return (top) => tsgenBackend(ir, top);
  if (gen === undefined) throw new Error(`the ${name} backend needs the generated Verilog`);
  return name === 'icarus' ? (top) => icarusBackend(gen, top) : (top) => verilatorBackend(gen, top);
}

/** The contract scenarios of both tops on one backend. */
export function verifyEngine(ir: EngineIR, gen: GeneratedEngine | undefined, o: VerifyOptions & { readonly backend: BackendName }): VerifyReport {
  return runContractScenarios(ir, o.backend, backendFactory(o.backend, ir, gen), o);
}
