// The N:M pattern: one type, one parser and one printer for engine descriptions, CLI flags and
// trace tools alike. A pattern is legal when m is a group size the engine supports (a power of two,
// 2..64) and 1 <= n <= m; n = m is the dense reference.

import { error, type Diagnostic } from '../diagnostics/diagnostic.js';

/** One N:M pattern: in every group of `m` consecutive channels of one token, `n` are kept. */
export interface Pattern {
  readonly n: number;
  readonly m: number;
}

/** Group sizes the engine supports (contract §1). */
export const LEGAL_GROUP_SIZES: readonly number[] = [2, 4, 8, 16, 32, 64];

export function formatPattern(p: Pattern): string {
  return `${p.n}:${p.m}`;
}

/** Rule violations of a pattern, one diagnostic each, naming `field`. */
export function patternProblems(p: Pattern, field: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!Number.isInteger(p.m) || !LEGAL_GROUP_SIZES.includes(p.m)) {
    out.push(error('config_m_not_legal', `\`${field}\` group size m must be one of ${LEGAL_GROUP_SIZES.join(', ')} (a power of two), not ${p.m}`, { field }));
  }
  if (!Number.isInteger(p.n) || p.n < 1) {
    out.push(error('config_n_out_of_range', `\`${field}\` kept count n must be a whole number of at least 1, not ${p.n}`, { field }));
  } else if (Number.isInteger(p.m) && p.n > p.m) {
    out.push(error('config_n_exceeds_m', `\`${field}\` kept count n must be at most m (${p.m}), not ${p.n}`, { field }));
  }
  return out;
}

/** `"8:16"` or `{n, m}` from JSON as a pattern, legal or not; a syntax diagnostic otherwise. */
export function parsePatternSyntax(text: unknown, field: string): { pattern?: Pattern; diagnostic?: Diagnostic } {
  let p: Pattern | undefined;
  if (typeof text === 'object' && text !== null && 'n' in text && 'm' in text) {
    const o = text as { n: unknown; m: unknown };
    if (typeof o.n === 'number' && typeof o.m === 'number') p = { n: o.n, m: o.m };
  } else if (typeof text === 'string') {
    const match = /^\s*(\d+)\s*:\s*(\d+)\s*$/.exec(text);
    if (match !== null) p = { n: Number(match[1]), m: Number(match[2]) };
  }
  if (p === undefined) {
    return { diagnostic: error('config_pattern_syntax', `\`${field}\` must be written N:M with whole numbers (e.g. 8:16), not ${JSON.stringify(text)}`, { field }) };
  }
  return { pattern: p };
}

/**
 * Parses `"8:16"` (or `{n, m}` from JSON) into a legal pattern. Returns the pattern, or every
 * problem found: the syntax, or the rules of patternProblems.
 */
export function parsePattern(text: unknown, field: string): { pattern: Pattern; diagnostics: [] } | { pattern?: undefined; diagnostics: Diagnostic[] } {
  const { pattern: p, diagnostic } = parsePatternSyntax(text, field);
  if (p === undefined) return { diagnostics: [diagnostic!] };
  const problems = patternProblems(p, field);
  return problems.length === 0 ? { pattern: p, diagnostics: [] } : { diagnostics: problems };
}
