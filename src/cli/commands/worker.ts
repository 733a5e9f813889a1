// CLI wiring of `nmcore worker --queue redis://HOST:PORT`: a sweep worker that runs jobs from the
// BullMQ queue until SIGINT or SIGTERM, logging each job on stderr. The work is src/sweep/queue_worker.ts.

import type { Command } from 'commander';
import { DEFAULT_QUEUE_NAME } from '../../sweep/queue_executor.js';
import { parseRedisUrl } from '../../sweep/redis_url.js';
import { printJson, type CliIo } from '../io.js';
import { positiveNumberOption, wholeNumberOption, orThrow } from '../options.js';

interface WorkerFlags {
  queue: string;
  queueName: string;
  concurrency: string;
  lockSeconds: string;
  json?: boolean;
}

export function registerWorkerCommand(program: Command, io: CliIo): void {
  program.command('worker').description('take sweep jobs from a Redis job queue (BullMQ) and run them, until SIGINT or SIGTERM')
    .requiredOption('--queue <url>', 'the queue\'s Redis, redis://HOST:PORT[/DB]')
    .option('--queue-name <name>', 'name of the BullMQ queue', DEFAULT_QUEUE_NAME)
    .option('--concurrency <n>', 'jobs at a time (each synthesis holds a Yosys worker of ≈300 MB)', '1')
    .option('--lock-seconds <s>', 'job lock duration, s: a job of a worker that died is retried this long after', '30')
    .option('--json', 'print the number of jobs done as JSON when stopped')
    .action(async (f: WorkerFlags) => {
      const address = parseRedisUrl(f.queue);
      const concurrency = orThrow((d) => wholeNumberOption(d, '--concurrency', f.concurrency, 1, 64, 'jobs'));
      const lockSeconds = orThrow((d) => positiveNumberOption(d, '--lock-seconds', f.lockSeconds, 'seconds'));
      // The worker runs the jobs (the emitter, Chevrotain, BullMQ): imported only when it starts.
      const { runQueueWorker } = await import('../../sweep/queue_worker.js');
      let stopNow: () => void = () => undefined;
      const stop = new Promise<void>((r) => { stopNow = r; });
      process.once('SIGINT', () => stopNow());
      process.once('SIGTERM', () => stopNow());
      const jobs = await runQueueWorker(address, { queueName: f.queueName, concurrency, lockSeconds, log: (s) => io.err(s + '\n') }, stop);
      if (f.json === true) printJson(io, { jobs });
    });
}
