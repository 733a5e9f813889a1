// Test helper: run the nmcore CLI in-process and capture what it prints (stdout, stderr) and its
// exit code; process.exitCode is reset so a failing command does not fail the test run.

import { runCli } from '../../src/cli/main.js';

export interface CapturedCli {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function cli(...args: string[]): Promise<CapturedCli> {
  let out = '', err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  process.exitCode = undefined;
  return { code, out, err };
}
