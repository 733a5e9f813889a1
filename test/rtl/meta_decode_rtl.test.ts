// The bitmask decoder templates (nm_meta_decode_bitmask on its saturating Kogge-Stone count,
// nm_meta_decode_flex_bitmask on the log-depth nm_prefix_count) run alone in one Verilator build against a slow literal prefix count
// written from their header comments: every mask for W <= 16 (m <= 16), seeded random masks at
// m = 32 (seed printed), every cfg_mode value (including ones that name no mode) for the flexible
// decoder. Verilator, not Icarus: Icarus takes minutes for the 65,536 masks of one m = 16 decoder.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/io/package_root.js';
import { Prng } from '../../src/util/prng.js';
import { haveVerilator } from '../helpers/rtl.js';
import { tempDir } from '../helpers/temp.js';

const SEED = 0x1515;
const RANDOM_MASKS = 2000;

/** Set bits of `mask` (one 0/1 entry per channel) in channels lo .. hi-1, counted one by one. */
function keptBetween(mask: Uint8Array, lo: number, hi: number): number {
  let c = 0;
  for (let i = lo; i < hi; i++) c += mask[i]!;
  return c;
}

/** Literal fixed decoder: sel[(g*N+k)*F + t] = 1 when channel g*M+k+t is the (k+1)-th kept one of group g. */
function literalFixed(mask: Uint8Array, window: number, m: number, n: number): Uint8Array {
  const f = m - n + 1;
  const sel = new Uint8Array((window / m) * n * f);
  for (let g = 0; g < window / m; g++) for (let k = 0; k < n; k++) for (let t = 0; t < f; t++) {
    const c = g * m + k + t;
    if (mask[c] === 1 && keptBetween(mask, g * m, c) === k) sel[(g * n + k) * f + t] = 1;
  }
  return sel;
}

/** Literal flexible decoder in mode (m_q, n_q): lane p = lane k = p % n_q of mode group g = p / n_q. */
function literalFlex(mask: Uint8Array, window: number, m: number, n: number, mode: { m: number; n: number } | undefined): Uint8Array {
  const f = m - n + 1;
  const sel = new Uint8Array((window / m) * n * f);
  if (mode === undefined) return sel;
  for (let p = 0; p < (window / m) * n; p++) {
    const k: number = p % mode.n;
    const g: number = Math.floor(p / mode.n);
    for (let pos: number = k; pos <= k + mode.m - mode.n; pos++) {
      const c = g * mode.m + pos;
      if (mask[c] !== 1 || keptBetween(mask, g * mode.m, c) !== k) continue;
      sel[p * f + c - (Math.floor(p / n) * m + (p % n))] = 1;
    }
  }
  return sel;
}

/** Bits (entry i = bit i) as the hex digits Verilog's %h prints. */
function toHex(bits: Uint8Array): string {
  let out = '';
  for (let d = Math.ceil(bits.length / 4) - 1; d >= 0; d--) {
    let v = 0;
    for (let b = 3; b >= 0; b--) v = (v << 1) | (bits[d * 4 + b] ?? 0);
    out += v.toString(16);
  }
  return out;
}

interface Dut {
  readonly name: string;
  readonly module: string;
  readonly params: Readonly<Record<string, number>>;
  readonly window: number;
  readonly m: number;
  readonly n: number;
  /** Flexible: the modes (n:m), cfg_mode bits. */
  readonly modes?: readonly (readonly [number, number])[];
  readonly modeBits: number;
  readonly masks: readonly Uint8Array[];
}

/** Every mask of `bits` bits when bits <= 16, else seeded random ones at every density. */
function masksFor(bits: number, prng: Prng): Uint8Array[] {
  if (bits <= 16) return Array.from({ length: 1 << bits }, (_, v) => Uint8Array.from({ length: bits }, (_, i) => (v >> i) & 1));
  return Array.from({ length: RANDOM_MASKS }, () => {
    const p = prng.next();
    return Uint8Array.from({ length: bits }, () => (prng.next() < p ? 1 : 0));
  });
}

/** One Verilator binary driving every DUT through its masks (x every cfg_mode value); one output file per DUT. */
function runVerilator(duts: readonly Dut[]): Map<string, string[]> {
  const dir = tempDir('nmcore-decode-');
  const lines: string[] = ['module tb;', '  integer i, q, fd;'];
  const body: string[] = [];
  for (const d of duts) {
    writeFileSync(join(dir, `${d.name}.hex`), d.masks.map(toHex).join('\n') + '\n');
    const selBits = (d.window / d.m) * d.n * (d.m - d.n + 1);
    const params = Object.entries(d.params).map(([k, v]) => `.${k}(${v})`).join(', ');
    lines.push(`  reg [${d.window - 1}:0] ${d.name}_masks [0:${d.masks.length - 1}];`, `  reg [${d.window - 1}:0] ${d.name}_mask = 0;`,
      `  reg [${Math.max(d.modeBits, 1) - 1}:0] ${d.name}_mode = 0;`, `  wire [${selBits - 1}:0] ${d.name}_sel;`,
      `  ${d.module} #(${params}) ${d.name} (${d.modeBits > 0 ? `.mode(${d.name}_mode), ` : ''}.mask(${d.name}_mask), .sel(${d.name}_sel));`);
    body.push(`    $readmemh("${join(dir, `${d.name}.hex`)}", ${d.name}_masks);`, `    fd = $fopen("${join(dir, `${d.name}.out`)}", "w");`,
      `    for (i = 0; i < ${d.masks.length}; i = i + 1) for (q = 0; q < ${d.modeBits > 0 ? 1 << d.modeBits : 1}; q = q + 1) begin`,
      `      ${d.name}_mask = ${d.name}_masks[i]; ${d.name}_mode = q[${Math.max(d.modeBits, 1) - 1}:0]; #1 $fdisplay(fd, "%h", ${d.name}_sel);`,
      '    end', '    $fclose(fd);');
  }
  lines.push('  initial begin', ...body, '    $finish;', '  end', 'endmodule', '');
  writeFileSync(join(dir, 'tb.v'), lines.join('\n'));
  const sources = ['nm_meta_decode_bitmask', 'nm_meta_decode_flex_bitmask', 'nm_prefix_count'].map((m) => packagePath('rtl-templates', `${m}.v`));
  const build = spawnSync('verilator', ['--binary', '--timing', '-O1', '-Wno-fatal', '-Wno-lint', '-Wno-style', '--top-module', 'tb', '-Mdir', join(dir, 'obj'), join(dir, 'tb.v'), ...sources],
    { encoding: 'utf8', maxBuffer: 1 << 26 });
  expect(build.status, build.stderr).toBe(0);
  const run = spawnSync(join(dir, 'obj', 'Vtb'), [], { encoding: 'utf8', cwd: dir });
  expect(run.status, run.stderr).toBe(0);
  return new Map(duts.map((d) => [d.name, readFileSync(join(dir, `${d.name}.out`), 'utf8').trim().split('\n')]));
}

const lm = (ms: readonly number[]): number => ms.reduce((s, m, q) => s + Math.log2(m) * 8 ** q, 0);

const FIXED: readonly [number, number, number][] = [[1, 2, 2], [1, 4, 8], [2, 4, 8], [3, 8, 8], [4, 8, 8], [2, 8, 16], [1, 16, 16], [8, 16, 16], [12, 16, 16], [4, 32, 32], [16, 32, 32], [8, 32, 64]];
/** Flexible sets: largest n, largest m, W, modes (n:m, equal lanes W*n/m), the first the default. */
const FLEX: readonly [number, number, number, readonly (readonly [number, number])[]][] = [
  [4, 8, 8, [[1, 2], [2, 4], [4, 8]]],
  [8, 16, 16, [[8, 16], [2, 4], [4, 8]]],
  [16, 32, 32, [[2, 4], [4, 8], [8, 16], [16, 32]]],
];

describe.runIf(haveVerilator())('bitmask decoders in Verilator against a literal prefix count', () => {
  const prng = new Prng(SEED);
  const duts: Dut[] = [
    ...FIXED.map(([n, m, window]) => ({ name: `fixed_${n}_${m}_w${window}`, module: 'nm_meta_decode_bitmask', params: { WINDOW: window, M: m, N: n }, window, m, n, modeBits: 0, masks: masksFor(window, prng) })),
    ...FLEX.map(([n, m, window, modes]) => {
      const modeBits = Math.max(1, Math.ceil(Math.log2(modes.length)));
      const params = { WINDOW: window, M: m, N: n, MODES: modes.length, MB: modeBits, MODE_LM: lm(modes.map(([, mq]) => mq)) };
      return { name: `flex_${n}_${m}_w${window}`, module: 'nm_meta_decode_flex_bitmask', params, window, m, n, modes, modeBits, masks: masksFor(window, prng) };
    }),
  ];
  let out = new Map<string, string[]>();
  beforeAll(() => {
    console.log(`seed ${SEED} (random masks of W > 16: ${RANDOM_MASKS} per decoder)`);
    out = runVerilator(duts);
  }, 180_000);

  it.each(duts.map((d) => [d.name, d] as const))('%s matches the literal decoder on every mask and mode', (_name, d) => {
    const got = out.get(d.name)!;
    const modeValues = d.modeBits > 0 ? 1 << d.modeBits : 1;
    expect(got.length).toBe(d.masks.length * modeValues);
    const wrong: string[] = [];
    d.masks.forEach((mask, i) => {
      for (let q = 0; q < modeValues; q++) {
        const mode = d.modes === undefined ? undefined : q < d.modes.length ? { n: d.modes[q]![0], m: d.modes[q]![1] } : undefined;
        const want = toHex(d.modes === undefined ? literalFixed(mask, d.window, d.m, d.n) : literalFlex(mask, d.window, d.m, d.n, mode));
        if (got[i * modeValues + q] !== want && wrong.length < 3) wrong.push(`mask ${toHex(mask)} mode ${q}: got ${got[i * modeValues + q]}, want ${want}`);
      }
    });
    expect(wrong).toEqual([]);
  });
});
