// Golden Verilog and manifests for a few presets, reviewed in diffs. The generator version is
// normalized. Expected files are rewritten only with UPDATE_GOLDEN=1 (npm run test:update-golden);
// otherwise a difference fails with the first differing line.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateEngine } from '../../src/emit/generate.js';
import { presetIR } from '../helpers/engines.js';

const GOLDEN_PRESETS = ['nm2of4_r4c4', 'nm8of16_bitmask_r2c3', 'nm16of32_r4c4', 'dense_w8_r4c4'];
const GOLDEN_FILES = ['nm_engine.v', 'nm_engine_core.v', 'manifest.json'];
const VERSION = '0.0.0-golden';
const update = process.env.UPDATE_GOLDEN === '1';

function firstDifference(a: string, b: string): string {
  const al = a.split('\n'), bl = b.split('\n');
  for (let i = 0; i < Math.max(al.length, bl.length); i++) {
    if (al[i] !== bl[i]) return `line ${i + 1}:\n  expected ${JSON.stringify(al[i])}\n  got      ${JSON.stringify(bl[i])}`;
  }
  return 'identical';
}

describe('golden Verilog', () => {
  for (const preset of GOLDEN_PRESETS) {
    it(preset, () => {
      const gen = generateEngine(presetIR(preset), { generatorVersion: VERSION });
      const dir = join(import.meta.dirname, 'samples', preset);
      for (const file of GOLDEN_FILES) {
        const actual = gen.files.get(file)!;
        const path = join(dir, file);
        if (update) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(path, actual);
          continue;
        }
        expect(existsSync(path), `${path} missing: run UPDATE_GOLDEN=1 npx vitest run test/golden`).toBe(true);
        const expected = readFileSync(path, 'utf8');
        if (expected !== actual) expect.fail(`${preset}/${file} differs from the golden (UPDATE_GOLDEN=1 to accept), ${firstDifference(expected, actual)}`);
      }
    });
  }
});
