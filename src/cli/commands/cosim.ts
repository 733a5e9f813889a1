// CLI wiring of `nmcore cosim`: one seeded random stimulus (dot products of random length, a
// stall/reset scenario) through the TypeScript cycle model and the generated RTL, compared cycle by
// cycle; prints agreement or the first divergent cycle with line traces of both sides. Exit 1 on a
// divergence. Long runs go in segments of SEGMENT_CYCLES (bounded memory, progress per segment).
// Load, validate, call the library, print; no simulation logic here.

import type { Command } from 'commander';
import { elaborate } from '../../ir/elaborate.js';
import type { EngineIR, TopIR } from '../../ir/types.js';
import { Prng } from '../../util/prng.js';
import type { CosimResult } from '../../../sim/backends/cosim.js';
import type { StreamStimulus } from '../../../sim/scenario/stimulus.js';
import { cosimTable, formatDivergence } from '../../report/cosim_text.js';
import { describeEngine } from '../../report/engine_text.js';
import { icarusStatus, toolMissingError, verilatorStatus } from '../../../sim/rtl/tools.js';
import { SCENARIOS } from '../../../sim/scenario/verify.js';
import { buildStimulus, randomDotProducts, randomPolicy } from '../../../sim/scenario/workload.js';
import { addDescriptionOptions, resolveDescription, type DescriptionFlags } from '../description_options.js';
import { printJson, type CliIo } from '../io.js';
import { choiceOption, orThrow, wholeNumberOption } from '../options.js';

interface CosimFlags extends DescriptionFlags {
  seed: string;
  cycles: string;
  simulator: string;
  top: string;
  scenario: string;
  json?: boolean;
}

const TOPS = ['engine', 'core', 'both'] as const;

/** Cycles per cosimulation segment: the records of one segment are all that is held in memory. */
const SEGMENT_CYCLES = 20_000;

function topsOf(ir: EngineIR, which: (typeof TOPS)[number]): TopIR[] {
  return which === 'engine' ? [ir.tops.engine] : which === 'core' ? [ir.tops.core] : [ir.tops.engine, ir.tops.core];
}

export function registerCosimCommand(program: Command, io: CliIo): void {
  addDescriptionOptions(program.command('cosim').description('run the TypeScript cycle model and the generated RTL on the same random stimulus and compare them cycle by cycle'))
    .option('--seed <n>', 'random seed of data, stalls and resets (printed in every report)', '1')
    .option('--cycles <n>', 'clock cycles to simulate after the initial reset', '2000')
    .option('--simulator <name>', 'verilator | icarus | tsgen (the generated JavaScript model against the interpreted one)', 'verilator')
    .option('--top <which>', 'engine | core | both', 'both')
    .option('--scenario <name>', `stall pattern: ${SCENARIOS.map((s) => s.name).join(' | ')}`, 'resets')
    .option('--json', 'print the report as JSON')
    .action(async (flags: CosimFlags) => {
      const ir = elaborate(resolveDescription(flags));
      const simulator = orThrow((d) => choiceOption(d, '--simulator', flags.simulator, ['verilator', 'icarus', 'tsgen'] as const));
      const which = orThrow((d) => choiceOption(d, '--top', flags.top, TOPS));
      const scenario = SCENARIOS.find((s) => s.name === flags.scenario);
      if (scenario === undefined) orThrow((d) => choiceOption(d, '--scenario', flags.scenario, SCENARIOS.map((s) => s.name)));
      const seed = orThrow((d) => wholeNumberOption(d, '--seed', flags.seed, 0, 2 ** 32 - 1, 'unsigned 32-bit'));
      const cycles = orThrow((d) => wholeNumberOption(d, '--cycles', flags.cycles, 1, 10_000_000, 'clock cycles'));
      const tool = simulator === 'icarus' ? icarusStatus() : simulator === 'tsgen' ? { available: true, version: 'nmcore', install: '' } : verilatorStatus();
      if (!tool.available) throw toolMissingError(simulator === 'icarus' ? 'iverilog' : 'verilator', 'cosimulate the generated RTL', tool);

      // The emitter (its template parser loads Chevrotain) and the simulators only when a run starts: `--help` stays fast.
      const [{ generateEngine }, { cosimulateSegments }, { icarusBackend, verilatorBackend, verilatorBackendCached }, { tsgenBackend }] = await Promise.all([
        import('../../emit/generate.js'), import('../../../sim/backends/cosim.js'), import('../../../sim/rtl/backends.js'), import('../../../sim/cycle/backend.js')]);
      const gen = generateEngine(ir);
      const results: CosimResult[] = [];
      const segments = Math.ceil(cycles / SEGMENT_CYCLES);
      for (const top of topsOf(ir, which)) {
        const rng = new Prng(seed);
        // Each segment is drawn from the same generator in turn, so one segment equals the unsegmented run.
        const stimulusOf = (i: number): StreamStimulus => {
          const n = Math.min(SEGMENT_CYCLES, cycles - i * SEGMENT_CYCLES);
          const slices = randomDotProducts(ir, rng, Math.ceil(n / 2), 6);
          return buildStimulus(ir, top, slices, randomPolicy(rng, n, scenario!.policy, ir.modeSelectBits));
        };
        if (!flags.json) {
          const step = simulator === 'tsgen' ? 'generating the JavaScript model' : simulator === 'icarus' ? 'compiling with Icarus (each segment, under a second)'
            : verilatorBackendCached(gen, top) ? 'reusing the cached Verilator model' : 'building the Verilator model (cold build: a minute or more; cached afterwards)';
          io.err(`  ${top.module}: ${step}\n`);
        }
        const t0 = performance.now();
        const rtl = simulator === 'verilator' ? verilatorBackend(gen, top) : simulator === 'tsgen' ? tsgenBackend(ir, top) : icarusBackend(gen, top);
        if (!flags.json) io.err(`  ${top.module}: running ${simulator} and the TS model on ${cycles} cycles${segments > 1 ? ` in ${segments} segments of up to ${SEGMENT_CYCLES} cycles (each from reset)` : ''}\n`);
        results.push(cosimulateSegments(ir, top, segments, stimulusOf, rtl, flags.json || segments === 1 ? undefined : (p) => {
          io.err(`  ${top.module}: segment ${p.segment}/${p.segments}, ${p.cyclesDone} of ${cycles} cycles compared, ${p.agreeSoFar ? 'agreeing' : 'DIVERGED'}, ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
        }));
      }
      const agree = results.every((r) => r.agree);
      if (flags.json) {
        printJson(io, { simulator, simulatorVersion: tool.version, seed, scenario: scenario!.name, agree, results });
      } else {
        io.out(`${describeEngine(ir)}\n`);
        io.out(`simulator ${simulator} (${tool.version}), seed ${seed}, scenario ${scenario!.name}\n`);
        io.out(cosimTable(results));
        for (const r of results) if (!r.agree) io.out('\n' + formatDivergence(r));
        io.out(agree ? 'PASS: the TypeScript model and the RTL agree on every handshake and result, cycle for cycle\n' : 'FAIL: the TypeScript model and the RTL diverge\n');
      }
      if (!agree) process.exitCode = 1;
    });
}
