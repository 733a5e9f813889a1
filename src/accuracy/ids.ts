// The ids of the accuracy study, used in JSON and on the command line: sparsity patterns
// (n:m groups or `unstructured` = top floor(K/2) of each token row, plus the `dense` baseline),
// selection criteria and error mitigations (arXiv:2509.22166 §4–5). Parsing into diagnostics lives here.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

export type PatternId = '2:4' | '4:8' | '8:16' | '16:32' | 'unstructured';
export type CriterionId = 'magnitude' | 'amber' | 'clact';
export type MitigationId = 'none' | 'var' | 'dynamic_shift' | 'static_shift';

export const PATTERN_IDS: readonly PatternId[] = ['2:4', '4:8', '8:16', '16:32', 'unstructured'];
export const CRITERION_IDS: readonly CriterionId[] = ['magnitude', 'amber', 'clact'];
export const MITIGATION_IDS: readonly MitigationId[] = ['none', 'var', 'dynamic_shift', 'static_shift'];

/** A pattern's group shape on a row of K channels: n kept of every m (unstructured: one group of K, n = floor(K/2)). */
export function groupShape(p: PatternId, channels: number): { n: number; m: number } {
  if (p === 'unstructured') return { n: Math.floor(channels / 2), m: channels };
  const [n, m] = p.split(':').map(Number) as [number, number];
  return { n, m };
}

/** The N:M patterns nmcore builds hardware for (every id but `unstructured`). */
export function isHardwarePattern(p: PatternId): p is Exclude<PatternId, 'unstructured'> {
  return p !== 'unstructured';
}

/** Parses a comma-separated list of ids; unknown or repeated ids become one diagnostic each. */
export function parseIdList<T extends string>(text: string, known: readonly T[], flag: string): { ids: T[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ids: T[] = [];
  for (const raw of text.split(',')) {
    const id = raw.trim();
    if (!(known as readonly string[]).includes(id)) {
      diagnostics.push(error('cli_unknown_id', `${flag} '${id}' is not one of ${known.join(', ')}`, { field: flag }));
    } else if (ids.includes(id as T)) {
      diagnostics.push(error('cli_repeated_id', `${flag} names '${id}' twice`, { field: flag }));
    } else ids.push(id as T);
  }
  return { ids, diagnostics };
}
