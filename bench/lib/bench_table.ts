// Shared pieces of the `npm run bench` scripts (bench/bench_*.ts): the machine line, timing a child
// command (CPU seconds, wall seconds and peak RSS through /usr/bin/time), min/median/max over
// repeats, and the one table each script prints. Benches are not tests: no assertion here.

import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

/** CPU model, core count and Node version of this machine, for the head of every table. */
export function machineLine(): string {
  const c = cpus();
  return `machine: ${c[0]?.model ?? 'unknown CPU'}, ${c.length} cores, Node ${process.version}`;
}

/** One run of a child command. */
export interface ChildRun {
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
  readonly maxRssMiB: number;
  readonly stdout: string;
}

/** Runs `argv` under /usr/bin/time -f and returns its user+system CPU time, wall time and peak RSS; throws when it fails. */
export function timeChild(argv: readonly string[]): ChildRun {
  const r = spawnSync('/usr/bin/time', ['-f', 'BENCH_TIME %U %S %e %M', ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith('BENCH_TIME '));
  if (r.status !== 0 || line === undefined) throw new Error(`${argv.join(' ')} failed (exit ${r.status}): ${(r.stderr ?? '').slice(-2000)}`);
  const [user, sys, wall, rssKiB] = line.split(' ').slice(1).map(Number);
  return { cpuSeconds: user! + sys!, wallSeconds: wall!, maxRssMiB: rssKiB! / 1024, stdout: r.stdout };
}

/** Min, median and max of a non-empty sample. */
export function spread(xs: readonly number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { min: s[0]!, median: s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2, max: s[s.length - 1]! };
}

/** "min / median / max" of seconds, 3 decimals. */
export function spreadText(xs: readonly number[], digits = 3): string {
  const { min, median, max } = spread(xs);
  return `${min.toFixed(digits)} / ${median.toFixed(digits)} / ${max.toFixed(digits)}`;
}

/** Prints a titled table: the machine line, the command line(s), then aligned columns (units in the headers). */
export function printTable(title: string, commands: readonly string[], header: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(`\n## ${title}\n${machineLine()}`);
  for (const c of commands) console.log(`command: ${c}`);
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
}
