#!/usr/bin/env node
// nmcore command line: builds the commander program from the command modules and maps outcomes
// to exit codes (0 ok, 1 input rejected with diagnostics, 2 internal error). Dispatch only. Under
// --json an error is JSON too ({"error": {code, message, fix, ...}} on stdout); a closed stdout
// (`| head`) ends the run quietly; INT/TERM stop child tools and remove temporaries.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, Help } from 'commander';
import { diagnosticJson, formatDiagnostic, UserError } from '../diagnostics/diagnostic.js';
import { installInterruptCleanup } from '../io/temporaries.js';
import { packageVersion } from '../io/package_version.js';
import { COMMAND_INDEX } from './command_index.js';

import { EXIT_INTERNAL_ERROR, EXIT_USER_ERROR, installBrokenPipeExit, printJson, processIo, type CliIo } from './io.js';

type Register = (program: Command, io: CliIo) => void;
type Loader = () => Promise<Register>;

/**
 * The module that registers each command, imported only when that command runs (or for the full
 * --help list): a command never pays for the libraries of another (Chevrotain, vega, bullmq, Yosys).
 */
const engineCommands: Loader = async () => (await import('./commands/engine_commands.js')).registerEngineCommands;
const areaCommands: Loader = async () => (await import('./commands/area_commands.js')).registerAreaCommands;
const COMMAND_MODULES: readonly (readonly [readonly string[], Loader])[] = [
  [['generate', 'presets', 'ir', 'verify'], engineCommands],
  [['cosim'], async () => (await import('./commands/cosim.js')).registerCosimCommand],
  [['simulate'], async () => (await import('./commands/simulate.js')).registerSimulateCommand],
  [['area', 'synth', 'compare'], areaCommands],
  [['synth-module'], async () => (await import('./commands/synth_module.js')).registerSynthModuleCommand],
  [['trace'], async () => (await import('./commands/trace.js')).registerTraceCommands],
  [['report'], async () => (await import('./commands/report.js')).registerReportCommand],
  [['sweep'], async () => (await import('./commands/sweep.js')).registerSweepCommand],
  [['worker'], async () => (await import('./commands/worker.js')).registerWorkerCommand],
  [['demo'], async () => {
    const { registerDemoCommand } = await import('./commands/demo.js');
    return (program, io) => registerDemoCommand(program, io, (argv, stepIo) => runCli(argv, stepIo));
  }],
];

/** Top-level help and version: the commands' index entries stand in for them (no module loaded). */
const HELP_ONLY = new Set(['', '--help', '-h', 'help', '--version', '-V']);

/** Placeholder commands that show in the top-level help as the real ones do (src/cli/command_index.ts). */
function registerIndex(program: Command): void {
  const terms = new Map(COMMAND_INDEX.map((e) => [e.name, e.term]));
  const plain = new Help();
  program.configureHelp({ subcommandTerm: (c) => terms.get(c.name()) ?? plain.subcommandTerm(c) });
  for (const e of COMMAND_INDEX) program.command(e.name).description(e.description);
}

/**
 * The register functions `argv` needs: its command's module only; the index for the top-level help
 * and --version; every module when an unknown command is named (for commander's suggestions).
 */
export async function commandRegistrations(argv: readonly string[]): Promise<Register[]> {
  if (argv.length <= 1 && HELP_ONLY.has(argv[0] ?? '')) return [registerIndex];
  const named = argv.find((a) => !a.startsWith('-'));
  const one = COMMAND_MODULES.find(([names]) => named !== undefined && names.includes(named));
  return Promise.all((one !== undefined ? [one] : COMMAND_MODULES).map(([, load]) => load()));
}

export function buildProgram(io: CliIo = processIo, json = false, registrations: readonly Register[] = []): Command {
  const program = new Command('nmcore')
    .description('Design N:M sparse-activation tensor cores: generate Verilog, verify it, replay traces')
    .version(packageVersion())
    .showHelpAfterError(!json)
    // Under --json the usage error is printed as JSON by runCli, not as commander's text.
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => { if (!json) io.err(s); } });
  for (const register of registrations) register(program, io);
  return program;
}

/** Runs the CLI on `argv` (user arguments only); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const json = argv.includes('--json');
  const program = buildProgram(io, json, await commandRegistrations(argv));
  program.exitOverride();
  for (const c of program.commands) {
    c.exitOverride();
    if (json) c.showHelpAfterError(false);
  }
  // Commands report failure through process.exitCode; keep each run's code to itself (the demo
  // runs commands inside a command).
  const outer = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof UserError) {
      if (json) {
        const all = e.diagnostics.map(diagnosticJson);
        printJson(io, { error: all.find((d) => d.severity === 'error') ?? all[0], diagnostics: all });
      } else for (const d of e.diagnostics) io.err(formatDiagnostic(d) + '\n');
      return EXIT_USER_ERROR;
    }
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0;
      if (json) printJson(io, { error: { code: 'cli_usage', severity: 'error', message: e.message.replace(/^error: /, ''), fix: 'run the command with --help for its options' } });
      return EXIT_USER_ERROR;
    }
    if (json) printJson(io, { error: { code: 'internal_error', severity: 'error', message: `a bug in nmcore, please report it: ${(e as Error).message}`, stack: (e as Error).stack } });
    else io.err(`internal error (a bug in nmcore, please report it): ${(e as Error).stack ?? String(e)}\n`);
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
  installBrokenPipeExit();
  installInterruptCleanup((t) => void process.stderr.write(t));
  runCli(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
