// `nmcore --help` and every command's --help after the CLI became lazy (src/cli/main.ts imports a
// command's module only when that command runs): each command is found and prints its own usage,
// in process through runCli and, for the top level and one command, from the built dist/ CLI.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { buildProgram, commandRegistrations, runCli } from '../../src/cli/main.js';

async function capture(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await runCli(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

describe('lazy CLI help', () => {
  it('lists every command at the top level and prints each command\'s own help', async () => {
    const full = buildProgram({ out: () => {}, err: () => {} }, false, await commandRegistrations([]));
    const names = full.commands.map((c) => c.name());
    expect(names.length).toBeGreaterThan(10);
    const top = await capture(['--help']);
    expect(top.code).toBe(0);
    for (const name of names) expect(top.out, name).toContain(`  ${name}`);
    // The top level is printed from src/cli/command_index.ts: it must read as the registered commands' help.
    expect(top.out.split('\n'), 'update src/cli/command_index.ts to match the commands').toEqual(full.helpInformation().split('\n'));
    // Sub-subcommands (trace info) exit the process on --help (commander), so they are run from dist/ below.
    for (const name of names) {
      const r = await capture([name, '--help']);
      expect(r.code, name).toBe(0);
      expect(r.out, name).toContain(`Usage: nmcore ${name}`);
    }
  });

  it('prints help from the built CLI (dist/), top level and a command', () => {
    for (const argv of [['--help'], ['simulate', '--help'], ['help', 'area'], ['trace', 'info', '--help'], ['trace', 'synth', '--help']]) {
      const r = spawnSync(process.execPath, ['dist/src/cli/main.js', ...argv], { encoding: 'utf8' });
      expect(r.status, argv.join(' ')).toBe(0);
      expect(r.stdout, argv.join(' ')).toMatch(argv[0] === '--help' ? /Usage: nmcore \[options\] \[command\]/ : new RegExp(`Usage: nmcore ${argv.filter((a) => a !== 'help' && a !== '--help').join(' ')} `));
    }
  });

  it('rejects an unknown command with exit 1', async () => {
    const r = await capture(['no-such-command']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no-such-command');
  });
});
