// Wall time of the contract suite (four scenarios, both tops) on Icarus for one m* = 32 flexible
// engine (modes 2:4, 4:8, 8:16, 16:32 at W = 32): `npx tsx bench/flex32_icarus_time.ts ORG ROWS COLS
// DOT_PRODUCTS` (e.g. `rank 1 1 16`). Prints the seconds and any contract failure.

import { generateEngine } from '../src/emit/generate.js';
import { formatFailures } from '../src/report/verify_text.js';
import { verifyEngine } from '../sim/backends/factory.js';
import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';

const [org = 'rank', rows = '1', cols = '1', dotProducts = '16'] = process.argv.slice(2);
const valid = validateConfig({ modes: ['2:4', '4:8', '8:16', '16:32'], window: 32, rows: Number(rows), cols: Number(cols), org });
if (valid.config === undefined) throw new Error(valid.diagnostics.map((d) => d.message).join('; '));
const ir = elaborate(valid.config);
const startMs = Date.now();
const report = verifyEngine(ir, generateEngine(ir), { backend: 'icarus', seed: 1234, dotProducts: Number(dotProducts), maxSlices: 4 });
const failures = formatFailures(report);
const wallS = (Date.now() - startMs) / 1000;
console.log(`${org} ${rows}x${cols}, ${dotProducts} dot products per scenario: ${wallS.toFixed(1)} s on Icarus, ${failures === '' ? 'passes' : `FAILS\n${failures}`}`);
process.exitCode = failures === '' ? 0 : 1;
