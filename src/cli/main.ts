#!/usr/bin/env node
// nmcore command line: builds the commander program from the command modules and maps outcomes
// to exit codes (0 ok, 1 input rejected with diagnostics, 2 internal error). Dispatch only.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { formatDiagnostic, UserError } from '../diagnostics/diagnostic.js';
import { generatorVersion } from '../emit/generate.js';
import { registerAreaCommands } from './commands/area_commands.js';
import { registerCosimCommand } from './commands/cosim.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerEngineCommands } from './commands/engine_commands.js';
import { registerReportCommand } from './commands/report.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerSweepCommand } from './commands/sweep.js';
import { registerTraceCommands } from './commands/trace.js';
import { registerWorkerCommand } from './commands/worker.js';
import { EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, processIo, type CliIo } from './io.js';

export function buildProgram(io: CliIo = processIo): Command {
  const program = new Command('nmcore')
    .description('Design N:M sparse-activation tensor cores: generate Verilog, verify it, replay traces')
    .version(generatorVersion())
    .showHelpAfterError()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerEngineCommands(program, io);
  registerCosimCommand(program, io);
  registerSimulateCommand(program, io);
  registerAreaCommands(program, io);
  registerTraceCommands(program, io);
  registerReportCommand(program, io);
  registerSweepCommand(program, io);
  registerWorkerCommand(program, io);
  registerDemoCommand(program, io, (argv, stepIo) => runCli(argv, stepIo));
  return program;
}

/** Runs the CLI on `argv` (user arguments only); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const program = buildProgram(io);
  program.exitOverride();
  for (const c of program.commands) c.exitOverride();
  // Commands report failure through process.exitCode; keep each run's code to itself (the demo
  // runs commands inside a command).
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof UserError) {
      for (const d of e.diagnostics) io.err(formatDiagnostic(d) + '\n');
      return EXIT_USER_ERROR;
    }
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USER_ERROR;
    io.err(`internal error (a bug in nmcore, please report it): ${(e as Error).stack ?? String(e)}\n`);
    return EXIT_INTERNAL_ERROR;
  } finally {
    process.exitCode = outer;
  }
}

function invokedDirectly(): boolean {
  if (process.argv[1] === undefined) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}
if (invokedDirectly()) {
  runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
