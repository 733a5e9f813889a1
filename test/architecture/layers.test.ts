// The import-direction lint (.dependency-cruiser.cjs, run by `npm test` as `npm run lint:layers`):
// real dependency-cruiser runs on small fixture trees laid out like the project, proving that a
// wrong-way import fails the lint with the rule named, that the allowed direction passes, and that
// the project itself is clean. Fixtures live in a temp folder removed afterwards.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';

const CONFIG = packagePath('.dependency-cruiser.cjs');
const DEPCRUISE = packagePath('node_modules/.bin/depcruise');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** Runs the project's layer rules over a tree of `files` (path -> source) in a fresh folder. */
function lintTree(files: Record<string, string>): { status: number | null; output: string } {
  const root = mkdtempSync(join(tmpdir(), 'nmcore-test-layers-'));
  dirs.push(root);
  writeFileSync(join(root, 'tsconfig.test.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' }, include: ['src/**/*.ts', 'sim/**/*.ts'] }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const roots = ['src', 'sim'].filter((d) => Object.keys(files).some((f) => f.startsWith(`${d}/`)));
  const r = spawnSync(DEPCRUISE, [...roots, '--config', CONFIG, '--output-type', 'err'], { cwd: root, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

describe('import-direction lint', () => {
  it('rejects the cycle model importing an RTL backend', () => {
    const r = lintTree({
      'sim/rtl/tools.ts': 'export const verilator = 1;\n',
      'sim/cycle/engine.ts': "import { verilator } from '../rtl/tools.js';\nexport const x = verilator;\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/cycle-model-alone: sim\/cycle\/engine\.ts → sim\/rtl\/tools\.ts/);
  }, 60_000);

  it('rejects a type-only import of the CLI from the simulator', () => {
    const r = lintTree({
      'src/cli/io.ts': 'export interface CliIo { out(t: string): void }\n',
      'sim/replay/format.ts': "import type { CliIo } from '../../src/cli/io.js';\nexport const f = (io: CliIo) => io.out('x');\n",
    });
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/cli-is-the-top: sim\/replay\/format\.ts → src\/cli\/io\.ts/);
  }, 60_000);

  it('accepts the allowed direction (the CLI importing the replay, the replay importing the IR)', () => {
    const r = lintTree({
      'src/ir/types.ts': 'export interface EngineIR { lanes: number }\n',
      'sim/replay/replay.ts': "import type { EngineIR } from '../../src/ir/types.js';\nexport const lanes = (ir: EngineIR) => ir.lanes;\n",
      'src/cli/simulate.ts': "import { lanes } from '../../sim/replay/replay.js';\nexport const run = lanes;\n",
    });
    expect(r.output).toMatch(/no dependency violations/);
    expect(r.status).toBe(0);
  }, 60_000);

  it('finds the project itself clean', () => {
    const r = spawnSync(DEPCRUISE, ['src', 'sim', 'bench', '--config', CONFIG, '--output-type', 'err'], { cwd: packagePath('.'), encoding: 'utf8' });
    expect(r.stdout + r.stderr).toMatch(/no dependency violations/);
    expect(r.status).toBe(0);
  }, 60_000);
});
