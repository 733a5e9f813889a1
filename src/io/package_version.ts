// nmcore's version, read once from the package's package.json: what `--version` prints and the
// generator stamps into its output. Kept apart from the emitter so that reading it loads nothing else.

import { readFileSync } from 'node:fs';
import { packagePath } from './package_root.js';

let cachedVersion: string | undefined;

/** nmcore's version, from package.json. */
export function packageVersion(): string {
  cachedVersion ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return cachedVersion;
}
