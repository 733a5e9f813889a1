// The synthesized floor blocks of bench/area_ratio_bounds.ts: per operand bit, the engine's own
// one-hot AND-OR lane mux (nm_mux_network, one group per lane set of a window-32 row); per pair, a
// whole matrix of unsigned A-bit magnitude comparisons of one group of m channels (every pair
// i < j, `>=`, inputs shared so each magnitude's inverted copy is made once), divided by its pairs;
// per channel, its rank threshold (fewer than n of its m−1 comparison bits set: a count and a compare).
// All through the project's flow (Yosys, abc script nmcore, the shipped Liberty library), cached like
// the area benches' figures (synth_cache.ts).

import type { SynthSpec } from '../../src/synth/flows.js';
import { templateSpec } from '../../src/synth/template_sources.js';
import { cachedFigures, type SynthCache } from './synth_cache.js';

export interface FloorBlocks {
  /** Per pattern n:m: µm² of the one-hot (m−n+1):1 mux per operand bit (nm_mux_network, window 32, 8-bit operands). */
  readonly muxBitUm2: Readonly<Record<string, number>>;
  /** Per group size m: µm² per pair of the all-pairs A-bit magnitude comparison matrix. */
  readonly pairUm2: Readonly<Record<number, number>>;
  /** Per pattern n:m: µm² of one channel's rank threshold, `fewer than n of its m−1 comparison bits set`. */
  readonly thresholdUm2: Readonly<Record<string, number>>;
}

const MUX_WINDOW = 32;
const MUX_WIDTH = 8;

/** Verilog of the all-pairs comparison matrix of M unsigned A-bit magnitudes. */
export function comparisonMatrixVerilog(m: number, bits: number): string {
  const pairs = (m * (m - 1)) / 2;
  const lines: string[] = [];
  let k = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) lines.push(`  assign ge[${k++}] = mag[${i * bits} +: ${bits}] >= mag[${j * bits} +: ${bits}];`);
  return `module floor_compare_matrix (input wire [${m * bits - 1}:0] mag, output wire [${pairs - 1}:0] ge);\n${lines.join('\n')}\nendmodule\n`;
}

/** Verilog of one channel's rank threshold: fewer than `n` of `inputs` bits set. */
export function rankThresholdVerilog(inputs: number, n: number): string {
  const w = Math.max(1, Math.ceil(Math.log2(inputs + 1)));
  return `module floor_rank_threshold (input wire [${inputs - 1}:0] beaten, output wire keep);
  reg [${w - 1}:0] count;
  integer i;
  always @* begin
    count = ${w}'d0;
    for (i = 0; i < ${inputs}; i = i + 1) count = count + {{${w - 1}{1'b0}}, beaten[i]};
  end
  assign keep = count < ${w}'d${n};
endmodule
`;
}

/** Synthesizes the floor blocks of `patterns` (n:m, n < m) at `bits`-bit operands (figures from `cache` where it has them); progress lines to `log`. */
export async function synthesizeFloorBlocks(patterns: readonly string[], bits: number, cache: SynthCache | undefined, log: (line: string) => void): Promise<FloorBlocks> {
  const parsed = patterns.map((p) => ({ p, n: Number(p.split(':')[0]), m: Number(p.split(':')[1]) }));
  const groupSizes = [...new Set(parsed.map((x) => x.m))];
  const specs: { spec: SynthSpec; label: string; per: number }[] = [
    ...parsed.map(({ p, n, m }) => ({
      spec: templateSpec('nm_mux_network', { WINDOW: MUX_WINDOW, M: m, N: n, WIDTH: MUX_WIDTH }),
      label: `mux ${p}`, per: ((MUX_WINDOW * n) / m) * MUX_WIDTH,
    })),
    ...groupSizes.map((m) => ({
      spec: { files: { 'floor_compare_matrix.v': comparisonMatrixVerilog(m, bits) }, top: 'floor_compare_matrix' },
      label: `pairs m=${m}`, per: (m * (m - 1)) / 2,
    })),
    ...parsed.map(({ p, n, m }) => ({
      spec: { files: { 'floor_rank_threshold.v': rankThresholdVerilog(m - 1, n) }, top: 'floor_rank_threshold' },
      label: `threshold ${p}`, per: 1,
    })),
  ];
  const figures = await cachedFigures(specs.map((s) => s.spec), cache, (i) => specs[i]!.label, log);
  const per = figures.map((f, i) => f.areaUm2 / specs[i]!.per);
  return {
    muxBitUm2: Object.fromEntries(parsed.map((x, i) => [x.p, per[i]!])),
    pairUm2: Object.fromEntries(groupSizes.map((m, i) => [m, per[parsed.length + i]!])),
    thresholdUm2: Object.fromEntries(parsed.map((x, i) => [x.p, per[parsed.length + groupSizes.length + i]!])),
  };
}
