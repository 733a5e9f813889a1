// Temporary folders of tests: made under the system temp folder with an `nmcore-` prefix and
// removed after each test file (test/setup/remove_temps.ts), so a test run leaves nothing behind.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new empty folder `<tmp>/<prefix>XXXXXX`, removed when the test file ends. */
export function tempDir(prefix = 'nmcore-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes every folder `tempDir` made so far. */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
