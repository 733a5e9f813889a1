// Global setup of the test run: points TMPDIR (and so os.tmpdir() of every worker and every CLI
// process a test spawns) at a private folder, and at the end fails the run, naming them, if any
// `nmcore-*` temporaries are left in it. A private folder keeps other runs on the machine out of the check.

import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepDeadTemporaries } from '../../src/io/temporaries.js';

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  // A run that was killed before its teardown left its folder: the pid in the name lets the next run remove it.
  sweepDeadTemporaries(tmpdir());
  const dir = mkdtempSync(join(tmpdir(), `nmcore-testrun-${process.pid}-`));
  process.env.TMPDIR = dir;
  return () => {
    // nmcore's own temporaries; other tools' (e.g. Chromium's profile folders) go with the folder.
    const left = readdirSync(dir).filter((n) => /^\.?nmcore-/.test(n));
    rmSync(dir, { recursive: true, force: true });
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    if (left.length === 0) return;
    // vitest prints an error thrown here but keeps exit 0; the exit code makes the run fail.
    process.exitCode = 1;
    throw new Error(`the test run left ${left.length} temporar${left.length === 1 ? 'y' : 'ies'} in the temp folder: ${left.slice(0, 20).join(', ')}`);
  };
}
