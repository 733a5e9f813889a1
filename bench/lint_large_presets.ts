// Lints the large presets (16 x 16 and 32 x 32 PEs) with `verilator --lint-only -Wall`, which the
// test suite leaves out for time (about 50 s of CPU per 16 x 16 top; the 32 x 32 16:32 engine needs
// more than 6 GB). Run: `npm run lint:large`.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS } from '../src/config/presets.js';
import { validateConfig } from '../src/config/validate.js';
import { generateEngine } from '../src/emit/generate.js';
import { elaborate } from '../src/ir/elaborate.js';

let failed = 0;
for (const p of PRESETS) {
  const ir = elaborate(validateConfig(p.input).config!);
  if (ir.rows * ir.cols <= 16) continue;
  const gen = generateEngine(ir);
  const dir = mkdtempSync(join(tmpdir(), 'nmcore-lint-'));
  try {
    for (const [f, t] of gen.files) writeFileSync(join(dir, f), t);
    for (const top of ['nm_engine', 'nm_engine_core']) {
      const t0 = performance.now();
      const r = spawnSync('verilator', ['--lint-only', '-Wall', '--top-module', top, ...gen.verilogFiles.map((f) => join(dir, f))], { encoding: 'utf8' });
      const ok = r.status === 0 && r.stderr.trim() === '';
      if (!ok) failed++;
      console.log(`${p.name.padEnd(22)} ${top.padEnd(15)} ${ok ? 'clean' : 'WARNINGS'} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      if (!ok) console.log(r.stderr.slice(0, 4000));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
process.exitCode = failed > 0 ? 1 : 0;
