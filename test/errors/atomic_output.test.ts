// All-or-nothing output (src/io/atomic_output.ts) from the CLI: a target that is a symlink to
// another filesystem (EXDEV before), a folder in the way of one file (rollback: nothing changes),
// stale Verilog of an earlier engine (removed and named), an unwritable parent, an empty --out,
// single files; and that no staging or backup folder is left behind.

import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listFilesRecursive, writeOutputSet } from '../../src/io/atomic_output.js';
import { tempDir } from '../helpers/temp.js';
import { cli, codesIn } from './fixtures.js';

const dir = tempDir('nmcore-atomic-');
const e24 = ['--pattern', '2:4', '--rows', '1', '--cols', '1'];
const e816 = ['--pattern', '8:16', '--rows', '1', '--cols', '1'];
const snapshot = (d: string): Map<string, string> => new Map(listFilesRecursive(d).map((f) => [f, readFileSync(join(d, f), 'utf8')]));
const hidden = (d: string): string[] => readdirSync(d).filter((n) => n.startsWith('.nmcore-'));

// /dev/shm is a tmpfs on Linux; the temp folder usually is not (checked, not assumed).
const shm = existsSync('/dev/shm') ? '/dev/shm' : undefined;
const otherFs = shm !== undefined && statSync(shm).dev !== statSync(dir).dev;
const shmDirs: string[] = [];
afterAll(() => { for (const d of shmDirs) rmSync(d, { recursive: true, force: true }); });

describe('all-or-nothing output', () => {
  it.runIf(otherFs)('generates into a symlink to another filesystem (the EXDEV case)', async () => {
    const far = join(shm!, `nmcore-atomic-${process.pid}`);
    shmDirs.push(far);
    mkdirSync(far, { recursive: true });
    const link = join(dir, 'link-to-shm');
    symlinkSync(far, link);
    const r = await cli(['generate', ...e24, '--out', link]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readdirSync(far).sort()).toContain('manifest.json');
    expect(JSON.parse(readFileSync(join(far, 'manifest.json'), 'utf8')).parameters.window).toBe(4);
    expect(hidden(far)).toEqual([]);
  });

  it('changes nothing when one entry cannot be replaced (a folder named manifest.json)', async () => {
    const out = join(dir, 'mixed');
    expect((await cli(['generate', ...e24, '--out', out])).code).toBe(0);
    const before = snapshot(out);
    rmSync(join(out, 'manifest.json'));
    mkdirSync(join(out, 'manifest.json'));
    before.delete('manifest.json');
    const r = await cli(['generate', ...e816, '--out', out]);
    expect(r.code).toBe(1);
    expect(codesIn(r)).toEqual(['io_output_entry_is_directory']);
    expect(snapshot(out)).toEqual(before);
    expect(hidden(out)).toEqual([]);
  });

  it('rolls back every file already placed when a later move fails', () => {
    const out = join(dir, 'rollback');
    mkdirSync(out);
    writeFileSync(join(out, 'a.txt'), 'old a');
    writeFileSync(join(out, 'b.txt'), 'old b');
    // 'c/x.txt' cannot be placed: 'c' is a file, so making the folder c/ fails after a and b moved.
    writeFileSync(join(out, 'c'), 'a file in the way');
    expect(() => writeOutputSet(out, new Map([['a.txt', 'new a'], ['b.txt', 'new b'], ['c/x.txt', 'new x']]))).toThrow(/nothing was changed/);
    expect(snapshot(out)).toEqual(new Map([['a.txt', 'old a'], ['b.txt', 'old b'], ['c', 'a file in the way']]));
    expect(hidden(out)).toEqual([]);
  });

  it('removes the Verilog of an earlier, different engine and says which files', async () => {
    const out = join(dir, 'stale');
    expect((await cli(['generate', ...e816, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = await cli(['generate', '--pattern', '4:4', '--rows', '1', '--cols', '1', '--out', out]);
    expect(r.code).toBe(0);
    const files = new Set(readFileSync(join(out, 'files.f'), 'utf8').trim().split('\n'));
    const verilog = readdirSync(out).filter((f) => f.endsWith('.v'));
    expect(verilog.filter((f) => !files.has(f))).toEqual([]);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
    const removed = /removed (\d+) stale file\(s\) of an earlier engine from [^:]+: (.*)\n/.exec(r.err);
    expect(removed).not.toBeNull();
    expect(removed![2]!.split(', ').every((f) => /^nm_\w+\.v$/.test(f) && !files.has(f))).toBe(true);
    expect(Number(removed![1])).toBe(removed![2]!.split(', ').length);
  });

  it('refuses an empty --out instead of writing into the current folder', async () => {
    const cwdBefore = readdirSync(process.cwd());
    const r = await cli(['generate', ...e24, '--out', '']);
    expect(codesIn(r)).toEqual(['io_output_path_empty']);
    expect(readdirSync(process.cwd())).toEqual(cwdBefore);
  });

  it('checks the output folder before the slow work (synth: before Yosys; simulate: before the replay)', async () => {
    const t = await cli(['synth', ...e24, '--out', '/sys/nmcore-not-writable', '--pool', '0']);
    expect(codesIn(t)).toEqual(['io_output_unwritable']);
    expect(t.err).not.toMatch(/\[\d+\/\d+\]/);
    const s = await cli(['simulate', '--trace', join(import.meta.dirname, '..', '..', 'traces', 'examples', 'llama_gate_t16_k64.safetensors'), ...e816, '--out', '/sys/nmcore-not-writable']);
    expect(codesIn(s)).toEqual(['io_output_unwritable']);
  });

  it('writes a trace file through the same mechanism and leaves no temp file beside it', async () => {
    const out = join(dir, 'traces', 'k.safetensors');
    const r = await cli(['trace', 'synth', '--model', 'llama-2-7b', '--projection', 'k', '--tokens', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'traces'))).toEqual(['k.safetensors']);
    expect((await cli(['trace', 'info', out])).code).toBe(0);
  });
});
