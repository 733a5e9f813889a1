// `nmcore demo`: the main job end to end on a built-in example, as the sequence of nmcore commands
// a user would type (each printed before it runs): describe and generate the 8:16 engine the study
// recommends, lint and verify it against the contract, compare the TypeScript cycle model with the
// RTL, inspect an example activation trace, replay it through the engine, and estimate the area.

import type { Command } from 'commander';
import { packagePath } from '../../io/package_root.js';
import { icarusStatus } from '../../../sim/rtl/tools.js';
import { checkOutputDirectory } from '../../io/atomic_output.js';
import { printJson, type CliIo } from '../io.js';
import { orThrow, wholeNumberOption } from '../options.js';

export const DEMO_PRESET = 'nm8of16_r4c4';
export const DEMO_TRACE = ['traces', 'examples', 'llama_gate_t16_k64.safetensors'];

/** Runs one nmcore command line; returns its exit code. Injected to avoid a cycle with main.ts. */
export type CommandRunner = (argv: readonly string[], io: CliIo) => Promise<number>;

export function demoSteps(outDir: string, seed: string): { title: string; argv: string[] }[] {
  const simulator = icarusStatus().available ? 'icarus' : 'verilator';
  const trace = packagePath(...DEMO_TRACE);
  return [
    { title: 'the elaborated engine: every derived number', argv: ['ir', '--preset', DEMO_PRESET] },
    { title: 'generate Verilog and the manifest', argv: ['generate', '--preset', DEMO_PRESET, '--out', `${outDir}/rtl`] },
    { title: 'lint, then prove the RTL against the contract', argv: ['verify', '--preset', DEMO_PRESET, '--simulator', simulator, '--seed', seed] },
    { title: 'TypeScript cycle model vs RTL, cycle by cycle', argv: ['cosim', '--preset', DEMO_PRESET, '--simulator', simulator, '--seed', seed, '--cycles', '600'] },
    { title: 'an example activation trace (Llama-like gate_proj input)', argv: ['trace', 'info', trace, '--pattern', '8:16'] },
    { title: 'replay the trace through the engine', argv: ['simulate', '--trace', trace, '--preset', DEMO_PRESET, '--bandwidth', '32'] },
    { title: 'area by component (model calibrated by Yosys)', argv: ['area', '--preset', DEMO_PRESET] },
  ];
}

export function registerDemoCommand(program: Command, io: CliIo, runCommand: CommandRunner): void {
  program.command('demo').description(`run the main job on the built-in ${DEMO_PRESET} engine: generate, lint, verify, cosim, replay a trace, area`)
    .option('-o, --out <dir>', 'output directory', 'out/demo')
    .option('--seed <n>', 'random seed of the verification and cosimulation', '1')
    .option('--json', 'run every step with --json and print one JSON document: [{title, argv, exitCode, result}]')
    .action(async (flags: { out: string; seed: string; json?: boolean }) => {
      // Checked up front, once: a bad seed or output folder stops the demo before any step writes.
      orThrow((d) => wholeNumberOption(d, '--seed', flags.seed, 0, 2 ** 32 - 1, 'unsigned 32-bit'));
      checkOutputDirectory(flags.out);
      const steps = demoSteps(flags.out, flags.seed);
      if (flags.json) {
        const results: { title: string; argv: string[]; exitCode: number; result: unknown; stderr: string }[] = [];
        for (const step of steps) {
          let out = '', err = '';
          const argv = [...step.argv, '--json'];
          const exitCode = await runCommand(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
          let result: unknown = out;
          try { result = JSON.parse(out); } catch { /* keep the text */ }
          results.push({ title: step.title, argv, exitCode, result, stderr: err });
        }
        printJson(io, results);
        if (results.some((r) => r.exitCode !== 0)) process.exitCode = 1;
        return;
      }
      let failed = 0;
      for (const [i, step] of steps.entries()) {
        io.out(`\n== ${i + 1}/${steps.length} ${step.title}\n$ nmcore ${step.argv.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}\n`);
        const code = await runCommand(step.argv, io);
        if (code !== 0) {
          failed++;
          io.out(`(exit ${code})\n`);
        }
      }
      io.out(failed === 0 ? `\ndemo complete: ${steps.length} steps, all passed; Verilog in ${flags.out}/rtl\n` : `\ndemo: ${failed} step(s) failed\n`);
      if (failed > 0) process.exitCode = 1;
    });
}
