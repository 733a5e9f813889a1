// Lints large engines (16 x 16 and 32 x 32 PEs of each pattern) with `verilator --lint-only -Wall`,
// which the test suite leaves out for time (about 50 s of CPU per 16 x 16 top; the 32 x 32 16:32
// engine needs more than 6 GB). Run: `npm run lint:large`.

import { EQUAL_LANE_ENGINES } from '../src/cli/commands/area_commands.js';
import { validateConfig } from '../src/config/validate.js';
import { generateEngine } from '../src/emit/generate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { lintGenerated } from '../sim/rtl/verilator/lint.js';

const LARGE = [
  ...EQUAL_LANE_ENGINES.map((e) => ({ name: e.label, input: e.input })),
  { name: 'nm16of32_r32c32', input: { pattern: '16:32', rows: 32, cols: 32 } },
];

let failed = 0;
for (const p of LARGE) {
  const ir = elaborate(validateConfig(p.input).config!);
  const gen = generateEngine(ir);
  for (const r of lintGenerated(gen)) {
    if (!r.clean) failed++;
    console.log(`${p.name.padEnd(22)} ${r.top.padEnd(15)} ${r.clean ? 'clean' : 'WARNINGS'} in ${r.seconds.toFixed(1)} s`);
    if (!r.clean) console.log(r.output.slice(0, 4000));
  }
}
process.exitCode = failed > 0 ? 1 : 0;
