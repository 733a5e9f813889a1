// The floor blocks that bench/area_ratio_bounds.ts synthesizes (bench/lib/area_ratio_floors.ts),
// simulated on Icarus. The comparison matrix of a one-round top-n, with random and edge-case
// magnitudes (ties, zero, the largest value): every output bit must be `mag_i >= mag_j` of its pair,
// pairs ordered by i then j, exactly m(m-1)/2 of them. The rank threshold: on every input of up to
// 7 bits and on random 31-bit inputs, keep must be `fewer than n bits set`. Seeded; the seed is printed.

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparisonMatrixVerilog, rankThresholdVerilog } from '../../bench/lib/area_ratio_floors.js';
import { Prng } from '../../src/util/prng.js';
import { suiteSeed } from '../helpers/engines.js';
import { haveIcarus } from '../helpers/rtl.js';
import { removeTempDirs, tempDir } from '../helpers/temp.js';

afterAll(removeTempDirs);

/** Compiles `dut` and the testbench `tb` (top `tb`) in `dir` with Icarus, runs it and returns the lines it printed that are binary numbers. */
function runTestbench(dir: string, dut: string, tb: string): string[] {
  writeFileSync(join(dir, 'dut.v'), dut);
  writeFileSync(join(dir, 'tb.v'), tb);
  const build = spawnSync('iverilog', ['-g2012', '-o', join(dir, 'sim'), '-s', 'tb', join(dir, 'dut.v'), join(dir, 'tb.v')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`iverilog failed: ${build.stderr}`);
  const run = spawnSync('vvp', ['-n', join(dir, 'sim')], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`vvp failed: ${run.stderr}`);
  return run.stdout.split('\n').map((l) => l.trim()).filter((l) => /^[01]+$/.test(l));
}

/** Runs the matrix of m magnitudes of `bits` bits on Icarus for every vector and returns its output bits, pair 0 first. */
function simulate(m: number, bits: number, vectors: readonly number[][]): string[] {
  const dir = tempDir('nmcore-floor-');
  const pairs = (m * (m - 1)) / 2;
  const packed = vectors.map((v) => v.map((x, i) => `mag[${i * bits} +: ${bits}] = ${bits}'d${x};`).join(' '));
  const tb = `module tb; reg [${m * bits - 1}:0] mag; wire [${pairs - 1}:0] ge; floor_compare_matrix dut(.mag(mag), .ge(ge));
initial begin
${packed.map((p) => `  ${p} #1 $display("%b", ge);`).join('\n')}
end
endmodule
`;
  return runTestbench(dir, comparisonMatrixVerilog(m, bits), tb).map((l) => [...l].reverse().join(''));
}

describe.runIf(haveIcarus())('floor comparison matrix (bench/lib/area_ratio_floors.ts)', () => {
  it.each([[2, 3], [5, 4], [8, 8]])('m = %i, %i-bit magnitudes: every pair i < j compared with >=, in order', (m, bits) => {
    const rng = new Prng(suiteSeed(`floor matrix m=${m}`) + m);
    const top = 2 ** bits - 1;
    const vectors: number[][] = [
      Array.from({ length: m }, () => 0),
      Array.from({ length: m }, () => top),
      Array.from({ length: m }, (_, i) => (i % 2 === 0 ? top : 0)),
      // few distinct values: many ties
      ...Array.from({ length: 40 }, () => Array.from({ length: m }, () => rng.nextBelow(3) * Math.floor(top / 2))),
      ...Array.from({ length: 40 }, () => Array.from({ length: m }, () => rng.nextBelow(top + 1))),
    ];
    const got = simulate(m, bits, vectors);
    expect(got).toHaveLength(vectors.length);
    vectors.forEach((v, t) => {
      const want: string[] = [];
      for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) want.push(v[i]! >= v[j]! ? '1' : '0');
      expect(got[t], `vector ${JSON.stringify(v)}`).toBe(want.join(''));
    });
  });
});

/** Runs the rank threshold of `inputs` bits and kept count `n` on Icarus for every vector (bit i of a vector = input i); returns keep per vector. */
function simulateThreshold(inputs: number, n: number, vectors: readonly bigint[]): number[] {
  const dir = tempDir('nmcore-floor-');
  const tb = `module tb; reg [${inputs - 1}:0] beaten; wire keep; floor_rank_threshold dut(.beaten(beaten), .keep(keep));
initial begin
${vectors.map((v) => `  beaten = ${inputs}'d${v}; #1 $display("%b", keep);`).join('\n')}
end
endmodule
`;
  return runTestbench(dir, rankThresholdVerilog(inputs, n), tb).map(Number);
}

const popcount = (v: bigint): number => [...v.toString(2)].filter((c) => c === '1').length;

describe.runIf(haveIcarus())('floor rank threshold (bench/lib/area_ratio_floors.ts)', () => {
  it.each([[3, 2], [7, 4], [15, 8], [31, 16]])('%i comparison bits, n = %i: keep exactly when fewer than n are set', (inputs, n) => {
    const rng = new Prng(suiteSeed(`floor threshold ${inputs}`) + inputs);
    const all = inputs <= 7 ? Array.from({ length: 2 ** inputs }, (_, v) => BigInt(v)) : [];
    const edges = [0n, (1n << BigInt(inputs)) - 1n, (1n << BigInt(n - 1)) - 1n, (1n << BigInt(n)) - 1n];
    const random = Array.from({ length: 60 }, () => BigInt(rng.nextU32()) & ((1n << BigInt(inputs)) - 1n));
    const vectors = [...all, ...edges, ...random];
    const got = simulateThreshold(inputs, n, vectors);
    expect(got).toHaveLength(vectors.length);
    vectors.forEach((v, t) => expect(got[t], `beaten = ${v.toString(2)}`).toBe(popcount(v) < n ? 1 : 0));
  });
});
