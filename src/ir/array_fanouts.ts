// The stage fan-outs (TopIR.stageFanouts) of a description at its full array size without
// elaborating the whole array: every count in them (flip-flops a stage load enables, gate inputs a
// broadcast bit drives) is a sum of per-engine, per-row, per-column and per-PE terms, so it is
// bilinear in rows and columns, and four tiny elaborations (1 x 1, 2 x 1, 1 x 2, 2 x 2) give it
// exactly. For the schedule chooser, which times each candidate on its 1 x 1 version and passes
// that elaboration in (the other three are made here).

import { InternalError } from '../diagnostics/diagnostic.js';
import { elaborate } from './elaborate.js';
import type { BroadcastNetIR, EngineIR, StageFanoutIR } from './types.js';

export interface ArrayFanouts {
  readonly engine: readonly StageFanoutIR[];
  readonly core: readonly StageFanoutIR[];
}

/** f(R, C) from f at (1,1), (2,1), (1,2), (2,2) when f is bilinear in R and C. */
const bilinear = (f11: number, f21: number, f12: number, f22: number, R: number, C: number): number =>
  f11 + (R - 1) * (f21 - f11) + (C - 1) * (f12 - f11) + (R - 1) * (C - 1) * (f22 - f21 - f12 + f11);

/** Stage fan-outs of both tops of `unit` (an elaboration at 1 x 1 PE) at R x C, as elaborate() at that size gives them. */
export function arrayStageFanouts(unit: EngineIR, R: number, C: number): ArrayFanouts {
  if (unit.rows !== 1 || unit.cols !== 1) throw new InternalError(`arrayStageFanouts: scales a 1 x 1 elaboration, got ${unit.rows} x ${unit.cols}`);
  if (R === 1 && C === 1) return { engine: unit.tops.engine.stageFanouts, core: unit.tops.core.stageFanouts };
  const at = (rows: number, cols: number) => elaborate({ ...unit.config, rows, cols, targetMhz: undefined });
  const corners = [unit, at(2, 1), at(1, 2), at(2, 2)] as const;
  const top = (which: 'engine' | 'core'): StageFanoutIR[] => {
    const [a, b, c, d] = corners.map((ir) => ir.tops[which].stageFanouts);
    return a!.map((s, i) => {
      const at4 = (pick: (f: StageFanoutIR) => number): number => bilinear(pick(s), pick(b![i]!), pick(c![i]!), pick(d![i]!), R, C);
      const broadcasts: BroadcastNetIR[] = s.broadcasts.map((x, k) => {
        const pins = (f: StageFanoutIR): number => {
          const y = f.broadcasts[k];
          if (y === undefined || y.net !== x.net) throw new InternalError(`stage ${s.stage}: broadcast ${x.net} differs between array sizes`);
          return y.sinkPinsPerBit;
        };
        return { net: x.net, sinkPinsPerBit: at4(pins), joins: x.joins, drives: x.drives };
      });
      return { stage: s.stage, broadcasts, enabledFlipFlops: at4((f) => f.enabledFlipFlops) };
    });
  };
  return { engine: top('engine'), core: top('core') };
}
