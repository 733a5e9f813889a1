// Which modules `nmcore CMD --help` loads: run from the built dist/ CLI under a module-load hook
// (node:module register) that logs every loaded URL, and checked against the heavy libraries that
// must wait for a command's action (Chevrotain and its lodash-es, Vega, BullMQ, onnxruntime).
// Structural, not timed: the CPU time goes to bench/bench_cli_start.ts.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMAND_INDEX } from '../../src/cli/command_index.js';
import { tempDir } from '../helpers/temp.js';

const HEAVY = /\/node_modules\/(chevrotain|lodash-es|vega|vega-lite|bullmq|ioredis|onnxruntime-node)\//;

/** The file: URLs that `node dist/src/cli/main.js ...argv` loads, in load order. */
function loadedUrls(dir: string, argv: readonly string[]): { status: number | null; urls: string[] } {
  const log = join(dir, 'modules.log');
  writeFileSync(log, '');
  const hooks = join(dir, 'hooks.mjs'), registrar = join(dir, 'register.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function load(url, context, next) {\n  appendFileSync(${JSON.stringify(log)}, url + '\\n');\n  return next(url, context);\n}\n`);
  writeFileSync(registrar, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  const r = spawnSync(process.execPath, ['--import', pathToFileURL(registrar).href, 'dist/src/cli/main.js', ...argv], { encoding: 'utf8' });
  return { status: r.status, urls: readFileSync(log, 'utf8').split('\n').filter((u) => u.startsWith('file:')) };
}

describe('nmcore CMD --help loads no heavy library', () => {
  it('the hook sees Chevrotain when a command runs the emitter (generate)', () => {
    // Guards the check itself: generating Verilog parses the templates, so Chevrotain must show up.
    const dir = tempDir();
    const run = loadedUrls(dir, ['generate', '--preset', 'nm2of4_r4c4', '--out', join(dir, 'rtl')]);
    expect(run.status).toBe(0);
    expect(run.urls.filter((u) => /\/node_modules\/chevrotain\//.test(u)).length).toBeGreaterThan(0);
  });

  it.each(COMMAND_INDEX.map((e) => e.name))('%s --help', (name) => {
    const r = loadedUrls(tempDir(), [name, '--help']);
    expect(r.status, `${name} --help`).toBe(0);
    expect(r.urls.some((u) => u.endsWith('/dist/src/cli/main.js')), 'the hook logged the CLI').toBe(true);
    expect(r.urls.filter((u) => HEAVY.test(u)), `${name} --help loads a heavy library at import time`).toEqual([]);
  });
});
