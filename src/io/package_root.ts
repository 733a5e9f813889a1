// Locates files shipped with the package (rtl-templates/, tech/, traces/) whether nmcore runs from
// source under tsx/vitest (src/io/) or compiled (dist/src/io/).

import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Absolute path of the directory holding nmcore's package.json. */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rtl-templates'))) {
      cached = dir;
      return dir;
    }
    const up = resolve(dir, '..');
    if (up === dir) throw new Error('nmcore package root not found (no package.json beside rtl-templates/)');
    dir = up;
  }
}

/** Absolute path of a file or directory shipped with the package, e.g. `packagePath('rtl-templates')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
