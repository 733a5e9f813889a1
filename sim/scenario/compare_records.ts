// Compares two record streams of the same stimulus (any two backends) cycle by cycle, field by
// field, and names the first divergence. X/Z shown by a 4-state simulator is tolerated only up to
// the first reset edge.

import type { CycleRecord } from './stimulus.js';

/** Compared fields, by the port they show. */
const FIELDS: readonly [keyof CycleRecord, string][] = [
  ['reset', 'rst'], ['actValid', 's_act_valid'], ['wgtValid', 's_wgt_valid'], ['actReady', 's_act_ready'], ['wgtReady', 's_wgt_ready'],
  ['last', 's_act_last'], ['outValid', 'm_out_valid'], ['outReady', 'm_out_ready'], ['outHex', 'm_out_data'],
];

export interface RecordComparison {
  readonly agree: boolean;
  readonly cyclesCompared: number;
  readonly divergence?: { readonly cycle: number; readonly signals: readonly string[] };
}

/** First cycle where two record streams differ. RTL X/Z before the first reset edge is ignored. */
export function compareRecords(ts: readonly CycleRecord[], rtl: readonly CycleRecord[]): RecordComparison {
  const firstReset = ts.findIndex((r) => r.reset);
  const n = Math.max(ts.length, rtl.length);
  for (let i = 0; i < n; i++) {
    const a = ts[i], b = rtl[i];
    if (a === undefined || b === undefined) return { agree: false, cyclesCompared: i, divergence: { cycle: i, signals: [`record missing on the ${a === undefined ? 'TS' : 'RTL'} side`] } };
    const unknown = new Set(b.unknownSignals ?? []);
    if (unknown.size > 0 && (firstReset < 0 || i > firstReset)) {
      return { agree: false, cyclesCompared: i, divergence: { cycle: a.cycle, signals: [`X/Z on the RTL side: ${[...unknown].join(', ')}`] } };
    }
    const differ: string[] = [];
    for (const [field, port] of FIELDS) {
      if (unknown.has(port)) continue;
      if (field === 'outHex' && unknown.has('m_out_valid')) continue;
      if (a[field] !== b[field]) differ.push(port);
    }
    if (a.cycle !== b.cycle) differ.push('cycle');
    if (differ.length > 0) return { agree: false, cyclesCompared: i, divergence: { cycle: a.cycle, signals: differ } };
  }
  return { agree: true, cyclesCompared: n };
}

