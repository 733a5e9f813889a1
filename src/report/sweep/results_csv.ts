// results.csv of a sweep: one row per point, the columns of results.json in the same order, the
// unit in each header (`modelAreaUm2 [µm²]`), empty cells for work not run, RFC 4180 quoting.

import { RESULT_COLUMNS, type ResultRow, type SweepResults } from '../../sweep/results.js';

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : Array.isArray(v) ? v.join(';') : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function resultsCsv(r: SweepResults): string {
  const header = RESULT_COLUMNS.map((c) => cell(c.unit !== '' ? `${c.key} [${c.unit}]` : c.key)).join(',');
  const rows = r.points.map((p: ResultRow) => RESULT_COLUMNS.map((c) => cell(p[c.key])).join(','));
  return [header, ...rows].join('\n') + '\n';
}
