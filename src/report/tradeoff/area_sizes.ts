// Area efficiency over array sizes: µm² per dense-equivalent MAC per cycle of every compared
// engine at each R x C the user asks for (model only, instant), and the ratio to the dense
// engine of equal throughput (dense W32), because the answer changes with array size.

import { estimateArea } from '../../model/area.js';
import type { PatternId } from '../../accuracy/ids.js';
import { costedEngines } from './engines.js';

export interface SizePoint {
  readonly label: string;
  readonly rows: number;
  readonly cols: number;
  readonly areaUm2: number;
  readonly um2PerDenseMacPerCycle: number;
  /** um2PerDenseMacPerCycle / that of dense W32 at the same size (1 = the same). */
  readonly relativeToDenseEqualThroughput: number;
}

export function areaOverSizes(patterns: readonly PatternId[], sizes: readonly { rows: number; cols: number }[], actBits: number, weightBits: number): SizePoint[] {
  const out: SizePoint[] = [];
  for (const s of sizes) {
    const engines = costedEngines(patterns, s.rows, s.cols, actBits, weightBits);
    const per = engines.map((e) => ({ e, area: estimateArea(e.ir, 'engine').totalUm2 }));
    const ref = per.find((p) => p.e.role === 'dense_equal_throughput')!;
    const refPer = ref.area / (ref.e.ir.windowChannels * s.rows * s.cols);
    for (const { e, area } of per) {
      const u = area / (e.ir.windowChannels * s.rows * s.cols);
      out.push({ label: e.label, rows: s.rows, cols: s.cols, areaUm2: area, um2PerDenseMacPerCycle: u, relativeToDenseEqualThroughput: u / refPer });
    }
  }
  return out;
}
