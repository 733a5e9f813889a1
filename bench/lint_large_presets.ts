// Lints the large presets (16 x 16 and 32 x 32 PEs) with `verilator --lint-only -Wall`, which the
// test suite leaves out for time (about 50 s of CPU per 16 x 16 top; the 32 x 32 16:32 engine needs
// more than 6 GB). Run: `npm run lint:large`.

import { PRESETS } from '../src/config/presets.js';
import { validateConfig } from '../src/config/validate.js';
import { generateEngine } from '../src/emit/generate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { lintGenerated } from '../sim/verilator/lint.js';

let failed = 0;
for (const p of PRESETS) {
  const ir = elaborate(validateConfig(p.input).config!);
  if (ir.rows * ir.cols <= 16) continue;
  const gen = generateEngine(ir);
  for (const r of lintGenerated(gen)) {
    if (!r.clean) failed++;
    console.log(`${p.name.padEnd(22)} ${r.top.padEnd(15)} ${r.clean ? 'clean' : 'WARNINGS'} in ${r.seconds.toFixed(1)} s`);
    if (!r.clean) console.log(r.output.slice(0, 4000));
  }
}
process.exitCode = failed > 0 ? 1 : 0;
