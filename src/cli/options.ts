// Parsers for numeric and choice options, shared by every command: each collects a diagnostic that
// names the flag, the value and the rule (so all bad options of a command are reported at once), or
// throws it at once through the `...OrThrow` forms. Numbers accept what a person types: `64`,
// `1e3`, `.5`, `0.25`; whole-number options reject fractions.

import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';

const NUMBER_SYNTAX = /^\s*(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/** A flag's text as a number when it is written as one (`1000`, `2.5`, `1e3`), else the text unchanged (so the config validation names the bad value). */
export function numberOrText(text: string): number | string {
  return NUMBER_SYNTAX.test(text) ? Number(text) : text;
}

/** A whole number in [lo, hi] (with its unit in the message), else a diagnostic and `lo`. */
export function wholeNumberOption(diags: Diagnostic[], flag: string, text: string, lo: number, hi: number, unit = ''): number {
  const v = NUMBER_SYNTAX.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(v) || v < lo || v > hi) {
    diags.push(error('cli_bad_number', `${flag} must be a whole number from ${lo} to ${hi}${unit !== '' ? ` (${unit})` : ''}, not '${text}'`, { field: flag }));
    return lo;
  }
  return v;
}

/** A finite number above 0 (with its unit in the message), else a diagnostic and 1. */
export function positiveNumberOption(diags: Diagnostic[], flag: string, text: string, unit = ''): number {
  const v = NUMBER_SYNTAX.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(v) || v <= 0) {
    diags.push(error('cli_bad_number', `${flag} must be a positive number${unit !== '' ? ` of ${unit}` : ''} (e.g. 64, 1e3, .5), not '${text}'`, { field: flag }));
    return 1;
  }
  return v;
}

/** The catalogue code of each choice flag's error. */
const UNKNOWN_CHOICE = { '--simulator': 'cli_unknown_simulator', '--top': 'cli_unknown_top', '--scenario': 'cli_unknown_scenario' } as const satisfies Record<string, DiagnosticCode>;

/** One of `allowed`, else a diagnostic and the first allowed value. */
export function choiceOption<T extends string>(diags: Diagnostic[], flag: keyof typeof UNKNOWN_CHOICE, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text)) {
    diags.push(error(UNKNOWN_CHOICE[flag], `${flag} must be one of ${allowed.join(', ')}, not '${text}'`, { field: flag }));
    return allowed[0]!;
  }
  return text as T;
}

/** Runs one option parser and throws its diagnostic at once. */
export function orThrow<T>(parse: (diags: Diagnostic[]) => T): T {
  const diags: Diagnostic[] = [];
  const v = parse(diags);
  if (diags.length > 0) throw new UserError(diags);
  return v;
}
