// Generation speed: wall time of `nmcore generate` for the largest presets, in process (elaborate +
// emit + atomic write) and as a fresh CLI process (Node start included). Target: a 16:32 engine of
// 32 x 32 PEs in under 2 s. Run: `npm run build && node dist/bench/generate_speed.js`.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveDescription } from '../src/cli/description_options.js';
import { generateEngine } from '../src/emit/generate.js';
import { writeOutputsAtomically } from '../src/io/atomic_output.js';
import { packagePath } from '../src/io/package_root.js';
import { elaborate } from '../src/ir/elaborate.js';

const ENGINES: { name: string; args: string[] }[] = [
  { name: '16:32 32x32', args: ['--pattern', '16:32', '--rows', '32', '--cols', '32'] },
  { name: '16:32 16x16', args: ['--pattern', '16:32', '--rows', '16', '--cols', '16'] },
  { name: '8:16 4x4', args: ['--pattern', '8:16', '--rows', '4', '--cols', '4'] },
];
const RUNS = 5;

const tmp = mkdtempSync(join(tmpdir(), 'nmcore-bench-'));
try {
  console.log('engine                 in-process median (ms)   CLI process median (ms)   Verilog (bytes)');
  for (const { name, args } of ENGINES) {
    const config = resolveDescription({ pattern: args[1], rows: args[3], cols: args[5] });
    const inProc: number[] = [];
    let bytes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const gen = generateEngine(elaborate(config));
      writeOutputsAtomically(join(tmp, `in-${i}`), gen.files);
      inProc.push(performance.now() - t0);
      bytes = [...gen.files.values()].reduce((s, t) => s + t.length, 0);
    }
    const cli: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = spawnSync(process.execPath, [packagePath('dist', 'src', 'cli', 'main.js'), 'generate', ...args, '--out', join(tmp, `cli-${i}`)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      cli.push(performance.now() - t0);
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`${name.padEnd(22)} ${median(inProc).toFixed(1).padStart(24)} ${median(cli).toFixed(1).padStart(25)} ${String(bytes).padStart(17)}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
