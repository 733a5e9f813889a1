// CLI wiring of `nmcore sweep STUDY --out DIR [--queue redis://HOST:PORT]`: reads and checks the
// study and its traces before any work, runs every point locally (a pool sized to the cores) or
// through the BullMQ queue, caches each job under DIR/points/ as it finishes, and writes the
// combined report (results.json/.csv, pareto.csv, report.md/.html, specs/, plots/) all or nothing.
// The work is in src/sweep/, the report in src/report/sweep/.

import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { formatDiagnostic, hasErrors, UserError } from '../../diagnostics/diagnostic.js';
import { checkOutputDirectory, writeOutputsAtomically } from '../../io/atomic_output.js';
import type { Executor } from '../../sweep/executor.js';
import { DEFAULT_QUEUE_NAME, queueExecutor } from '../../sweep/queue_executor.js';
import { parseRedisUrl } from '../../sweep/redis_url.js';
import { readStudy } from '../../sweep/study.js';
import { readStudyTraces } from '../../sweep/trace_refs.js';
import { EXIT_USER_ERROR, printJson, type CliIo } from '../io.js';
import { orThrow, wholeNumberOption } from '../options.js';

interface SweepFlags {
  out: string;
  queue?: string;
  queueName: string;
  jobs?: string;
  json?: boolean;
}

/** The study's jobs, executors and report (they reach the emitter: Chevrotain), imported only when a run starts. */
async function loadSweep() {
  const [jobs, executor, runStudy, results, files] = await Promise.all([import('../../sweep/jobs.js'), import('../../sweep/executor.js'),
    import('../../sweep/run_study.js'), import('../../sweep/results.js'), import('../../report/sweep/sweep_files.js')]);
  return { expandStudy: jobs.expandStudy, localExecutor: executor.localExecutor, runStudyJobs: runStudy.runStudyJobs, sweepResults: results.sweepResults, sweepFiles: files.sweepFiles };
}

async function run(studyPath: string, f: SweepFlags, io: CliIo): Promise<void> {
  checkOutputDirectory(f.out);
  const slots = f.jobs === undefined ? availableParallelism() : orThrow((d) => wholeNumberOption(d, '--jobs', f.jobs!, 1, 256, 'parallel jobs'));
  const address = f.queue !== undefined ? parseRedisUrl(f.queue) : undefined;
  const read = readStudy(studyPath);
  if (read.study === undefined) throw new UserError(read.diagnostics);
  const study = read.study;
  const traces = readStudyTraces(study.traces);
  if (hasErrors(traces.diagnostics)) throw new UserError(traces.diagnostics);
  for (const d of traces.diagnostics) io.err(formatDiagnostic(d) + '\n');
  const { expandStudy, localExecutor, runStudyJobs, sweepResults, sweepFiles } = await loadSweep();
  const expansion = expandStudy(study, traces.refs, traces.layers);
  if (hasErrors(expansion.diagnostics)) throw new UserError(expansion.diagnostics);

  const executor: Executor = address !== undefined ? await queueExecutor(address, f.queueName) : localExecutor(slots);
  io.err(`sweep: ${study.name}: ${expansion.points.length} points, ${expansion.jobs.length} jobs (${[...new Set(expansion.jobs.map((j) => j.kind))].join(', ')}), ${executor.description}\n`);
  let outcome;
  try {
    outcome = await runStudyJobs(f.out, expansion.jobs, executor, { progress: (s) => io.err(`sweep: ${s}\n`) });
  } finally {
    await executor.close();
  }
  const results = sweepResults(study, traces.refs, expansion.points, expansion.jobs, outcome);
  const info = { executor: executor.description, cachedJobs: outcome.cachedJobs, computedJobs: outcome.computedJobs, seconds: outcome.seconds };
  const written = writeOutputsAtomically(f.out, await sweepFiles(results, info));
  const front = results.pareto.ids.length;
  if (f.json === true) printJson(io, { written, points: results.points.length, pareto: results.pareto.ids, failures: results.failures, ...info });
  else io.out(`${results.points.length} points, ${front} on the Pareto front (${results.pareto.objectives.join(' x ')}); ${outcome.computedJobs} jobs computed, ${outcome.cachedJobs} cached, ${outcome.seconds.toFixed(1)} s; wrote ${written.length} files to ${f.out} (report.md, report.html, results.json, results.csv)\n`);
  if (results.failures.length > 0) {
    io.err(`error[sweep_jobs_failed]: ${results.failures.length} job(s) failed (listed in report.md); re-run the same command to retry only those\n`);
    process.exitCode = EXIT_USER_ERROR;
  }
}

export function registerSweepCommand(program: Command, io: CliIo): void {
  program.command('sweep').description('run a design-space study (docs/sweep.md) locally or through a Redis job queue, and write the combined report')
    .argument('<study>', 'study file (JSON, format nmcore-study v1; schema docs/study.schema.json; examples in studies/)')
    .requiredOption('-o, --out <dir>', 'directory for the report and the job cache points/ (re-runs reuse it)')
    .option('--queue <url>', 'run the jobs on `nmcore worker` processes through the BullMQ queue at redis://HOST:PORT[/DB]')
    .option('--queue-name <name>', 'name of the BullMQ queue', DEFAULT_QUEUE_NAME)
    .option('-j, --jobs <n>', 'local parallel jobs (default: the machine\'s cores)')
    .option('--json', 'print the files written, the Pareto points and the job counts as JSON')
    .action((study: string, f: SweepFlags) => run(study, f, io));
}
