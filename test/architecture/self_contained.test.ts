// The repository stands alone: no tracked file points into the workspace's shared notes (paths such
// as ../shared/..., or the notes' file names), so a clone read anywhere makes sense. Facts taken from
// those notes are cited by their public source instead.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';

const OUTSIDE = /(\.\.\/shared\/|shared\/(notes|spec|data)\/|\bpaper\.md\b|\bpeers\.md\b|\btoolchain\.md\b|\bstyle\.md\b|nangate45-timing\.md)/;

describe('self-contained repository', () => {
  it('has no tracked text file that refers to the shared notes', () => {
    const root = packagePath('.');
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' }).split('\n')
      .filter((f) => f !== '' && /\.(ts|md|json|v|lib|py|cjs|sh|txt)$|^\.ci\//.test(f) && !f.endsWith('package-lock.json') && f !== 'test/architecture/self_contained.test.ts');
    expect(files.length).toBeGreaterThan(50);
    const offenders = files.flatMap((f) => readFileSync(join(root, f), 'utf8').split('\n')
      .map((line, i) => (OUTSIDE.test(line) ? `${f}:${i + 1}: ${line.trim().slice(0, 120)}` : undefined))
      .filter((x): x is string => x !== undefined));
    expect(offenders).toEqual([]);
  });
});
