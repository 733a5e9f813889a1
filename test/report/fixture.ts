// One small trade-off report shared by the report tests: two shipped traces (one with weights,
// one without), a fixture measured-accuracy file written to a temp dir, a 4 x 4 array; built once
// per test file through the CLI in process, removed by cleanup().

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main.js';
import { packagePath } from '../../src/io/package_root.js';

export async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await runCli(args, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  process.exitCode = undefined;
  return { code, out, err };
}

export const TRACES = [packagePath('traces', 'examples', 'two_layers.npz'), packagePath('traces', 'examples', 'llama_gate_t16_k64.safetensors')];

/** A measured file in the documented format; perplexities made up for the test, in the order 2:4 > 8:16 > 16:32. */
export function writeMeasuredFixture(dir: string): string {
  const p = join(dir, 'fixture.measured.json');
  const r = (pattern: string, perplexity: number): object => ({ pattern, criterion: 'magnitude', mitigation: 'none', perplexity, meanNllNats: Math.log(perplexity) });
  writeFileSync(p, JSON.stringify({
    format: 'nmcore-measured-accuracy', version: 1,
    model: { name: 'test-tiny', parameters: 1000, layers: 2, hidden: 64, description: 'test fixture', tinyModel: true },
    evaluation: { text: 'test', tokens: 10, contextTokens: 8, seed: 0 }, trace: null, command: 'test',
    results: [r('dense', 10), r('2:4', 14), r('8:16', 12), r('16:32', 11)],
  }));
  return p;
}

export interface Fixture { dir: string; out: string; measured: string; run: { code: number; out: string; err: string }; cleanup(): void }

export async function buildFixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'nmcore-report-'));
  const measured = writeMeasuredFixture(dir);
  const out = join(dir, 'rep');
  const run = await cli('report', '--trace', ...TRACES, '--measured', measured, '--rows', '4', '--cols', '4', '--sizes', '2x2,4x4', '--out', out);
  return { dir, out, measured, run, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
