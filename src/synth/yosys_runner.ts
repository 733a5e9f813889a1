// Runs one Yosys script with @yowasp/yosys (WASM) on the calling thread: files tree in, the files
// the script wrote back, stdout/stderr collected into a log, a non-zero exit turned into a
// YosysError carrying that log. It knows nothing about flows or reports (see flows.ts), nor about
// threads (yosys_pool.ts runs the same job shape inside workers).

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** A virtual file tree as @yowasp/yosys takes and returns it; the script's cwd is its root. */
export interface YosysTree {
  [name: string]: YosysTree | string | Uint8Array;
}

/** One Yosys run as plain data, so it can cross a worker boundary unchanged. */
export interface YosysJob {
  /** Yosys commands, separated by `;` or newlines; run as `yosys -q -p <script>`. */
  readonly script: string;
  /** Input files; every path the script reads must be in here. */
  readonly files: YosysTree;
  /**
   * Top-level paths of the output tree to return (e.g. report files written with `tee -q -o`).
   * Omitted: the whole tree comes back, inputs and Yosys's `tmp/` included.
   */
  readonly collect?: readonly string[];
}

export interface YosysOutput {
  /** The collected part of the tree after the run (text files as strings). */
  readonly files: YosysTree;
  /** Everything Yosys printed; with `-q` only warnings and errors. */
  readonly log: string;
  /** Wall-clock time of the Yosys call, compile of the WASM module included on a cold start. */
  readonly seconds: number;
}

/** Raw outcome of one job, shared by the inline runner and the worker (see yosys_worker_source.ts). */
export type YosysRawOutcome =
  | { readonly ok: true; readonly files: YosysTree; readonly log: string; readonly seconds: number }
  | {
      readonly ok: false;
      /** Yosys exit status; absent when the failure was not an `Exit` (a crash of the WASM module). */
      readonly exitCode?: number;
      readonly message: string;
      readonly log: string;
      readonly seconds: number;
    };

/** Yosys stopped with an error: an unexpected tool failure, with the tool's log attached. */
export class YosysError extends Error {
  readonly log: string;
  readonly exitCode: number | undefined;
  /** The first `ERROR:` line of the log (e.g. `bad.v:3: ERROR: syntax error, unexpected ';'`), if any. */
  readonly errorLine: string | undefined;
  constructor(outcome: { exitCode?: number; message: string; log: string }, context?: string) {
    const errorLine = firstErrorLine(outcome.log);
    const head = outcome.exitCode !== undefined ? `yosys exited with status ${outcome.exitCode}` : `yosys failed: ${outcome.message}`;
    const where = context !== undefined ? ` (${context})` : '';
    super(`${head}${where}${errorLine !== undefined ? `: ${errorLine}` : ''}\n--- yosys log ---\n${outcome.log.trimEnd()}`);
    this.name = 'YosysError';
    this.log = outcome.log;
    this.exitCode = outcome.exitCode;
    this.errorLine = errorLine;
  }
}

function firstErrorLine(log: string): string | undefined {
  return log.split('\n').find((line) => line.includes('ERROR:'))?.trim();
}

/** Turns a raw outcome into output or a thrown YosysError. */
export function outputOrThrow(outcome: YosysRawOutcome, context?: string): YosysOutput {
  if (!outcome.ok) throw new YosysError(outcome, context);
  return { files: outcome.files, log: outcome.log, seconds: outcome.seconds };
}

/** file: URL of @yowasp/yosys's ESM entry, resolved from this file (works from src/ and dist/). */
export function yosysModuleUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('@yowasp/yosys')).href;
}

/** Keeps the listed top-level entries of `tree` (all of it when `collect` is undefined). */
export function collectTree(tree: YosysTree, collect: readonly string[] | undefined): YosysTree {
  if (collect === undefined) return tree;
  const out: YosysTree = {};
  for (const name of collect) {
    const entry = tree[name];
    if (entry !== undefined) out[name] = entry;
  }
  return out;
}

let yosysModule: Promise<typeof import('@yowasp/yosys')> | undefined;

/**
 * Runs `job` on this thread. Resolves to a raw outcome and never rejects for a Yosys failure, so
 * that the inline path and the worker path report failures identically.
 */
export async function runYosysRaw(job: YosysJob): Promise<YosysRawOutcome> {
  let log = '';
  const out = new TextDecoder();
  const err = new TextDecoder();
  const start = performance.now();
  try {
    yosysModule ??= import('@yowasp/yosys');
    const { runYosys } = await yosysModule;
    const tree = (await runYosys(['-q', '-p', job.script], job.files, {
      stdout: (bytes: Uint8Array | null) => {
        if (bytes !== null) log += out.decode(bytes, { stream: true });
      },
      stderr: (bytes: Uint8Array | null) => {
        if (bytes !== null) log += err.decode(bytes, { stream: true });
      },
    })) as YosysTree;
    return { ok: true, files: collectTree(tree, job.collect), log, seconds: (performance.now() - start) / 1000 };
  } catch (e) {
    const code = (e as { code?: unknown } | null)?.code;
    return {
      ok: false,
      ...(typeof code === 'number' ? { exitCode: code } : {}),
      message: e instanceof Error ? e.message : String(e),
      log,
      seconds: (performance.now() - start) / 1000,
    };
  }
}

/** Runs `job` on this thread; a Yosys failure rejects with a YosysError carrying the log. */
export async function runYosysScript(job: YosysJob, context?: string): Promise<YosysOutput> {
  return outputOrThrow(await runYosysRaw(job), context);
}
