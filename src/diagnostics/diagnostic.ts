// Diagnostics: the one shape every user-facing problem takes (a code, a severity, one line of
// text naming the field, the value and the rule, and where it was found). Validation and readers
// collect these and return them; they never throw on bad input. A throw means a bug in nmcore.
// Every code is an entry of the catalogue (./catalogue.ts).

import { CATALOGUE, type DiagnosticCode } from './catalogue.js';

/** Where a problem was found: a config field path, a file position, or a tensor element. */
export interface DiagnosticLocation {
  /** Config field path such as `window` or `modes[1].n`, or a tensor name. */
  readonly field?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Stable snake_case code from the catalogue (e.g. `config_n_exceeds_m`). */
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  /** One line: names the field, the value and the rule. */
  readonly message: string;
  readonly loc?: DiagnosticLocation;
}

export function error(code: DiagnosticCode, message: string, loc?: DiagnosticLocation): Diagnostic {
  return loc === undefined ? { code, severity: 'error', message } : { code, severity: 'error', message, loc };
}

export function warning(code: DiagnosticCode, message: string, loc?: DiagnosticLocation): Diagnostic {
  return loc === undefined ? { code, severity: 'warning', message } : { code, severity: 'warning', message, loc };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** `file:line:col: error[code]: message`, the form every command prints. */
export function formatDiagnostic(d: Diagnostic): string {
  const where: string[] = [];
  if (d.loc?.file !== undefined) {
    where.push(d.loc.file + (d.loc.line !== undefined ? `:${d.loc.line}` : '') + (d.loc.column !== undefined ? `:${d.loc.column}` : ''));
  }
  const prefix = where.length > 0 ? `${where.join(' ')}: ` : '';
  return `${prefix}${d.severity}[${d.code}]: ${d.message}`;
}

/** The JSON form of a diagnostic: `{code, severity, message, fix, field?, file?, ...}`. */
export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { code: d.code, severity: d.severity, message: d.message, fix: CATALOGUE[d.code].fix, ...(d.loc ?? {}) };
}

/** Thrown by library entry points when input diagnostics contain errors; the CLI exits 1 on it. */
export class UserError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'UserError';
    this.diagnostics = diagnostics;
  }
}

/** A broken invariant inside nmcore (never bad user input); the CLI exits 2 on it. */
export class InternalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InternalError';
  }
}

export function assertNever(value: never, what: string): never {
  throw new InternalError(`unhandled ${what}: ${JSON.stringify(value)}`);
}
