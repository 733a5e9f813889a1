// The named library variants of liberty_writer.ts: area28 is what ships (every single-output cell,
// 28, in the area library, the delay library kept at its 16; issue 15), area12 the earlier 12-cell
// area library; the bench script writes a non-shipped variant only into a folder it is given.

import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';
import { defaultDelayLibertyPath, defaultLibertyPath, parseLibertyCells } from '../../src/synth/liberty_cells.js';
import { LIBRARY_VARIANTS, libraryVariantTexts, SHIPPED_LIBRARY_VARIANT } from '../../src/synth/tech/liberty_writer.js';
import { NANGATE45_CELLS } from '../../src/synth/tech/nangate45_cells.js';
import { tempDir } from '../helpers/temp.js';

// Written out by hand from tech/nangate45/README.md's cell table (not derived from the code).
const AREA12 = ['INV_X1', 'BUF_X1', 'NAND2_X1', 'NOR2_X1', 'AND2_X1', 'OR2_X1', 'AOI21_X1', 'OAI21_X1', 'XOR2_X1', 'XNOR2_X1', 'MUX2_X1', 'DFF_X1'];
const DELAY16 = [...AREA12, 'NAND3_X1', 'NOR3_X1', 'AOI22_X1', 'OAI22_X1'];
const CANDIDATES = ['AND3_X1', 'AND4_X1', 'OR3_X1', 'OR4_X1', 'NAND4_X1', 'NOR4_X1', 'AOI211_X1', 'AOI221_X1', 'AOI222_X1', 'OAI211_X1', 'OAI221_X1', 'OAI222_X1'];
const names = (text: string): string[] => parseLibertyCells(text).map((c) => c.name).sort();

describe('library variants', () => {
  it('the shipped files are the shipped variant (area28: 28 area cells at the table\'s areas, 16 delay cells)', () => {
    expect(SHIPPED_LIBRARY_VARIANT).toBe('area28');
    const t = libraryVariantTexts(SHIPPED_LIBRARY_VARIANT);
    expect(t.area).toBe(readFileSync(defaultLibertyPath(), 'utf8'));
    expect(t.delay).toBe(readFileSync(defaultDelayLibertyPath(), 'utf8'));
    expect(names(t.area)).toEqual([...DELAY16, ...CANDIDATES].sort());
    for (const c of parseLibertyCells(t.area)) expect(c.areaUm2, c.name).toBe(NANGATE45_CELLS.find((x) => x.name === c.name)?.areaUm2);
    expect(t.area).toContain('variant area28');
    expect(names(t.delay)).toEqual([...DELAY16].sort());
  });

  it('area12 maps area with the 12 cells and the same 16-cell delay library (the shipped one)', () => {
    const t = libraryVariantTexts('area12');
    expect(names(t.area)).toEqual([...AREA12].sort());
    expect(t.delay).toBe(readFileSync(defaultDelayLibertyPath(), 'utf8'));
    expect(Object.keys(LIBRARY_VARIANTS).sort()).toEqual(['area12', 'area28']);
  });

  it('bench/write_liberty.ts writes area12 (not shipped) into --out-dir only, and refuses it without one', () => {
    const dir = tempDir();
    const tsx = packagePath('node_modules', 'tsx', 'dist', 'cli.mjs');
    execFileSync(process.execPath, [tsx, packagePath('bench', 'write_liberty.ts'), '--variant', 'area12', '--out-dir', dir], { stdio: 'pipe' });
    const t = libraryVariantTexts('area12');
    expect(readFileSync(join(dir, 'nmcore_nangate45.lib'), 'utf8')).toBe(t.area);
    expect(readFileSync(join(dir, 'nmcore_nangate45_delay.lib'), 'utf8')).toBe(t.delay);
    const refused = spawnSync(process.execPath, [tsx, packagePath('bench', 'write_liberty.ts'), '--variant', 'area12'], { encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--out-dir');
    const bad = spawnSync(process.execPath, [tsx, packagePath('bench', 'write_liberty.ts'), '--variant', 'area99', '--out-dir', dir], { encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('area12, area28');
  });
});
