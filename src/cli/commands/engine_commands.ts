// CLI wiring of the engine commands: `generate` (Verilog + manifest), `presets`, `ir` (the
// elaborated description as text) and `verify` (the generated RTL against the contract on
// Icarus or Verilator). Load, validate, call the library, write, print; no arithmetic here.

import type { Command } from 'commander';
import { PRESETS } from '../../config/presets.js';
import { validateConfig } from '../../config/validate.js';
import { formatPattern } from '../../config/pattern.js';
import { error, UserError } from '../../diagnostics/diagnostic.js';
import { writeOutputSet } from '../../io/atomic_output.js';
import { elaborate } from '../../ir/elaborate.js';
import { printIR } from '../../report/ir_text.js';
import { formatFailures } from '../../report/verify_text.js';
import { BACKEND_LABELS, BACKEND_NAMES, type BackendName } from '../../../sim/scenario/backend.js';
import { icarusStatus, toolMissingError, verilatorStatus } from '../../../sim/rtl/tools.js';
import { addDescriptionOptions, resolveDescription, type DescriptionFlags } from '../description_options.js';
import { printJson, type CliIo } from '../io.js';
import { choiceOption, orThrow, wholeNumberOption } from '../options.js';
import { describeEngine, presetTable, resourceTable, scheduleLine, verifyTable } from '../../report/engine_text.js';
import { estimateTiming } from '../../model/timing.js';

/** The Verilog emitter (its template parser loads Chevrotain), imported only when an action runs, as are the simulators. */
const loadEmitter = () => import('../../emit/generate.js');

export function registerEngineCommands(program: Command, io: CliIo): void {
  addDescriptionOptions(program.command('generate').description('write the Verilog of nm_engine and nm_engine_core and their manifest.json into a directory'))
    .requiredOption('-o, --out <dir>', 'output directory (created; files of the same name are replaced, all or none)')
    .option('--json', 'print the manifest as JSON instead of a summary')
    .action(async (flags: DescriptionFlags & { out: string; json?: boolean }) => {
      const t0 = performance.now();
      const ir = elaborate(resolveDescription(flags));
      const { generateEngine } = await loadEmitter();
      const scheduled = ir.config.schedule !== undefined || ir.config.targetMhz !== undefined;
      const predictedFmaxMhz = scheduled ? { engine: estimateTiming(ir, 'engine').fmaxMhz, core: estimateTiming(ir, 'core').fmaxMhz } : undefined;
      const gen = generateEngine(ir, predictedFmaxMhz !== undefined ? { predictedFmaxMhz } : {});
      // Verilog of an earlier, different engine in the same folder (nm_*.v not in this set) is removed with the set.
      const { written, staleRemoved } = writeOutputSet(flags.out, gen.files, { ownsStale: (rel) => /^nm_[A-Za-z0-9_]*\.v$/.test(rel) });
      const seconds = (performance.now() - t0) / 1000;
      if (flags.json) {
        printJson(io, { ...(JSON.parse(gen.files.get('manifest.json')!) as object), outDir: flags.out, written, staleRemoved, seconds });
        return;
      }
      if (staleRemoved.length > 0) io.err(`removed ${staleRemoved.length} stale file(s) of an earlier engine from ${flags.out}: ${staleRemoved.join(', ')}\n`);
      io.out(`${describeEngine(ir)}\n`);
      io.out(resourceTable(ir));
      if (predictedFmaxMhz !== undefined) io.out(`${scheduleLine(ir, predictedFmaxMhz)}\n`);
      io.out(`wrote ${written.length} files to ${flags.out} in ${seconds.toFixed(2)} s (compile order in files.f)\n`);
    });

  program.command('presets').description('list the named engine descriptions')
    .option('--json', 'print as JSON')
    .action((flags: { json?: boolean }) => {
      const rows = PRESETS.map((p) => {
        const v = validateConfig(p.input);
        const ir = elaborate(v.config!);
        return { name: p.name, pattern: ir.modes.map(formatPattern).join(','), windowChannels: ir.windowChannels, lanes: ir.lanes, rows: ir.rows, cols: ir.cols, summary: p.summary };
      });
      if (flags.json) return printJson(io, rows);
      io.out(presetTable(rows));
    });

  addDescriptionOptions(program.command('ir').description('print the elaborated engine: every derived number, stage and resource count'))
    .option('--json', 'print the full IR as JSON (every block)')
    .action((flags: DescriptionFlags & { json?: boolean }) => {
      const ir = elaborate(resolveDescription(flags));
      if (flags.json) return printJson(io, ir);
      io.out(printIR(ir));
    });

  addDescriptionOptions(program.command('verify').description('lint the generated RTL (Verilator -Wall) and simulate it on random data and stalls against the contract (values, latency, throughput, reset)'))
    .option('--simulator <name>', 'icarus | verilator | ts (the TypeScript cycle model) | tsgen (the same model generated as specialized JavaScript)', 'icarus')
    .option('--seed <n>', 'random seed (printed in every report)', '1')
    .option('--dot-products <n>', 'dot products per scenario', '24')
    .option('--max-slices <n>', 'longest dot product in slices', '6')
    .option('--json', 'print the report as JSON')
    .action(async (flags: DescriptionFlags & { simulator: string; seed: string; dotProducts: string; maxSlices: string; json?: boolean }) => {
      const ir = elaborate(resolveDescription(flags));
      const backend: BackendName = orThrow((d) => choiceOption(d, '--simulator', flags.simulator, BACKEND_NAMES));
      const [{ generateEngine, generatorVersion }, { lintGenerated }, { verifyEngine }] = await Promise.all([loadEmitter(),
        import('../../../sim/rtl/verilator/lint.js'), import('../../../sim/backends/factory.js')]);
      const tool = backend === 'icarus' ? icarusStatus() : backend === 'verilator' ? verilatorStatus() : { available: true, version: `nmcore ${generatorVersion()}`, install: '' };
      if (!tool.available) throw toolMissingError(backend === 'icarus' ? 'iverilog' : 'verilator', 'verify the generated RTL', tool);
      const gen = generateEngine(ir);
      const lint = verilatorStatus().available ? lintGenerated(gen) : [];
      const report = verifyEngine(ir, gen, {
        backend, seed: orThrow((d) => wholeNumberOption(d, '--seed', flags.seed, 0, 2 ** 32 - 1, 'unsigned 32-bit')),
        dotProducts: orThrow((d) => wholeNumberOption(d, '--dot-products', flags.dotProducts, 1, 100000, 'per scenario')),
        maxSlices: orThrow((d) => wholeNumberOption(d, '--max-slices', flags.maxSlices, 1, 10000, 'slices per dot product')), onProgress: flags.json ? undefined : (m) => io.err(`  ${m}\n`),
      });
      // A lint that could not run is reported as not run, never as clean.
      const lintRan = lint.length > 0;
      const lintClean = lintRan && lint.every((l) => l.clean);
      const lintFailed = lintRan && !lintClean;
      if (flags.json) printJson(io, { ...report, passed: report.passed && lintClean, scenariosPassed: report.passed, lint: lintRan ? lint : 'not run: verilator not installed' });
      else {
        io.out(`${describeEngine(ir)}\n`);
        if (!lintRan) io.out(`lint NOT RUN: verilator not installed (${verilatorStatus().install})\n`);
        for (const l of lint) io.out(`${l.top}: verilator --lint-only -Wall ${l.clean ? 'clean (0 warnings)' : 'WARNINGS:\n' + l.output}\n`);
        io.out(`simulator ${BACKEND_LABELS[backend]} (${tool.version}), seed ${report.seed}\n`);
        io.out(verifyTable(report));
        if (!report.passed) io.out(`\n${formatFailures(report)}\n`);
        if (report.passed && lintClean) io.out('PASS: lint clean; bit-exact, latency and throughput as the contract states\n');
        else if (report.passed && !lintRan) io.out('INCOMPLETE: bit-exact, latency and throughput as the contract states, but lint did not run\n');
        else io.out('FAIL\n');
      }
      if (!report.passed || lintFailed || !lintRan) process.exitCode = 1;
    });
}
