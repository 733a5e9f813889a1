// `nmcore demo`: the main job end to end on a built-in example. Generates the 8:16 engine of the
// study's recommendation (4 x 4 PEs), lints it with Verilator, proves it against the contract on
// an RTL simulator, and summarizes a shipped activation trace for the same pattern.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Command } from 'commander';
import { findPreset } from '../../config/presets.js';
import { validateConfig } from '../../config/validate.js';
import { generateEngine } from '../../emit/generate.js';
import { writeOutputsAtomically } from '../../io/atomic_output.js';
import { packagePath } from '../../io/package_root.js';
import { elaborate } from '../../ir/elaborate.js';
import { printIR } from '../../ir/print.js';
import { formatTraceInfo, traceInfo } from '../../trace/info.js';
import { readTraceFile } from '../../trace/read_trace.js';
import { verifyEngine } from '../../../sim/rtl/verify.js';
import { icarusStatus, verilatorStatus } from '../../../sim/rtl/tools.js';
import { formatTable, type CliIo } from '../io.js';

export const DEMO_PRESET = 'nm8of16_r4c4';
export const DEMO_TRACE = ['traces', 'examples', 'llama_gate_t16_k64.safetensors'];

export function registerDemoCommand(program: Command, io: CliIo): void {
  program.command('demo').description(`generate, lint and verify the ${DEMO_PRESET} engine and summarize an example trace`)
    .option('-o, --out <dir>', 'output directory', 'out/demo')
    .option('--seed <n>', 'random seed of the verification', '1')
    .action((flags: { out: string; seed: string }) => {
      const step = (t: string): void => io.out(`\n== ${t}\n`);
      const ir = elaborate(validateConfig(findPreset(DEMO_PRESET)!.input).config!);
      step(`1/4 elaborate ${DEMO_PRESET}`);
      io.out(printIR(ir));

      step('2/4 generate Verilog');
      const t0 = performance.now();
      const gen = generateEngine(ir);
      const rtlDir = join(flags.out, 'rtl');
      const written = writeOutputsAtomically(rtlDir, gen.files);
      io.out(`wrote ${written.length} files to ${rtlDir} in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);

      step('3/4 lint (verilator --lint-only -Wall) and verify against the contract');
      const verilator = verilatorStatus();
      if (verilator.available) {
        for (const top of ['nm_engine', 'nm_engine_core']) {
          const r = spawnSync('verilator', ['--lint-only', '-Wall', '--top-module', top, ...gen.verilogFiles.map((f) => join(rtlDir, f))], { encoding: 'utf8' });
          io.out(`${top}: ${r.status === 0 ? 'lint clean (0 warnings)' : 'LINT FAILED\n' + r.stderr}\n`);
          if (r.status !== 0) process.exitCode = 1;
        }
      } else io.out(`verilator not installed, lint skipped (${verilator.install})\n`);
      const simulator = icarusStatus().available ? 'icarus' : verilator.available ? 'verilator' : undefined;
      if (simulator === undefined) {
        io.out(`no RTL simulator installed, verification skipped (${icarusStatus().install})\n`);
      } else {
        const report = verifyEngine(ir, gen, { simulator, seed: Number(flags.seed) >>> 0, dotProducts: 24, maxSlices: 6, onProgress: (m) => io.err(`  ${m}\n`) });
        io.out(formatTable(['top', 'scenario', 'slices', 'cycles', 'results', 'latency (cycles)', 'status'],
          report.results.map((r) => [r.top, r.scenario, r.slices, r.cycles, r.delivered, r.latenciesCycles.join(',') || '-', r.errors.length === 0 ? 'ok' : 'FAILED'])));
        io.out(report.passed ? `PASS on ${simulator}, seed ${report.seed}\n` : 'FAIL\n');
        if (!report.passed) process.exitCode = 1;
      }

      step('4/4 example activation trace, 8:16 statistics');
      const file = packagePath(...DEMO_TRACE);
      const read = readTraceFile(file);
      if (read.value === undefined) io.out(read.diagnostics.map((d) => d.message).join('\n') + '\n');
      else io.out(formatTraceInfo(traceInfo(read.value, { pattern: { n: 8, m: 16 }, actBits: 8, blockTokens: 4 }, file)));
    });
}
