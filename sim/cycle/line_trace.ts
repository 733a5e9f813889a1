// One-line-per-cycle views for debugging and mismatch reports: the port record of any backend
// (formatCycleRecord) and, for the TypeScript model, its control state (stage valid and last bits,
// acc_first, stall enable, stage loads). Text only; nothing here changes the model.

import type { EngineModel } from './engine.js';
import { formatCycleRecord, type CycleRecord } from '../scenario/stimulus.js';

const bits = (v: Uint8Array): string => Array.from(v, (b) => (b ? '1' : '0')).join('');

/** Control state of the model after evaluate(): `valid 0110 last 010 af 1 en 1 load 0110` (stage 0 first). */
export function controlLineTrace(model: EngineModel): string {
  const c = model.state.control, o = model.controlOutputs;
  return `valid ${bits(c.valid_q)} last ${bits(c.last_q)} af ${c.acc_first_q ? 1 : 0} en ${o.en ? 1 : 0} load ${bits(o.load)}`;
}

/**
 * Records around cycle `at` (span cycles either side), the line of `at` marked with '>'; `extra`
 * appends a per-cycle annotation (the TS model's control trace) when given.
 */
export function traceWindow(records: readonly CycleRecord[], at: number, span: number, extra?: ReadonlyMap<number, string>): string[] {
  const lines: string[] = [];
  for (const r of records) {
    if (r.cycle < at - span || r.cycle > at + span) continue;
    const note = extra?.get(r.cycle);
    const unknown = r.unknownSignals !== undefined ? `  X: ${r.unknownSignals.join(',')}` : '';
    lines.push(`${r.cycle === at ? '>' : ' '} ${formatCycleRecord(r)}${unknown}${note !== undefined ? `  | ${note}` : ''}`);
  }
  return lines;
}
