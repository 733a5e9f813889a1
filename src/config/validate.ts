// Boundary validation: unknown JSON or CLI values in, a complete EngineConfig or every problem
// found out. Each diagnostic names the field, the value and the rule; nothing here throws on
// bad input, and nothing downstream re-checks what is checked here.

import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import { error, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { FLEX_ORGS, LIMITS, META_ENCODINGS, type EngineConfig, type EngineConfigInput, type FlexOrg, type MetaEncoding } from './engine_config.js';
import { validateSchedule, validateScheduleObjective, validateTargetMhz, validateTimingMarginPct, type ScheduleObjective, type ScheduleOptions } from './schedule_options.js';
import { parsePatternSyntax, patternProblems, type Pattern } from './pattern.js';

export interface ValidationResult {
  readonly config?: EngineConfig;
  readonly diagnostics: readonly Diagnostic[];
}

const KNOWN_FIELDS = new Set(['n', 'm', 'pattern', 'window', 'rows', 'cols', 'actBits', 'weightBits', 'accBits', 'meta', 'modes', 'org', 'schedule', 'targetMhz', 'timingMarginPct', 'scheduleObjective', '$schema', 'name', 'description']);

/** The catalogue code of each whole-number field's range error. */
const OUT_OF_RANGE = {
  n: 'config_n_out_of_range', m: 'config_m_out_of_range', window: 'config_window_out_of_range', rows: 'config_rows_out_of_range', cols: 'config_cols_out_of_range',
  actBits: 'config_act_bits_out_of_range', weightBits: 'config_weight_bits_out_of_range', accBits: 'config_acc_bits_out_of_range',
} as const satisfies Record<string, DiagnosticCode>;

function checkInt(value: unknown, field: keyof typeof OUT_OF_RANGE, lo: number, hi: number, rule: string, out: Diagnostic[]): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    // JSON.parse reads 1e400 as Infinity, which JSON.stringify would print as null.
    const shown = typeof value === 'number' && !Number.isFinite(value) ? `${value} (a number beyond 1.8e308, such as 1e400)` : JSON.stringify(value);
    out.push(error('config_not_integer', `\`${field}\` must be a whole number, not ${shown}`, { field }));
    return undefined;
  }
  if (value < lo || value > hi) {
    out.push(error(OUT_OF_RANGE[field], `\`${field}\` must be ${rule} (${lo}..${hi}), not ${value}`, { field }));
    return undefined;
  }
  return value;
}

function checkPattern(p: Pattern, field: string, out: Diagnostic[]): boolean {
  const problems = patternProblems(p, field);
  out.push(...problems);
  return problems.length === 0;
}

/**
 * Validates a user description. `pattern: "8:16"` or `n`/`m` give the default pattern; `modes`
 * (flexible engines) lists run-time patterns, the first being the default.
 */
export function validateConfig(input: unknown): ValidationResult {
  const d: Diagnostic[] = [];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { diagnostics: [error('config_not_object', `an engine description must be a JSON object, not ${Array.isArray(input) ? 'an array' : JSON.stringify(input)}`)] };
  }
  const raw = input as EngineConfigInput & Record<string, unknown>;
  for (const key of Object.keys(raw)) {
    if (!KNOWN_FIELDS.has(key)) {
      d.push(error('config_unknown_field', `unknown field \`${key}\` (known: n, m, pattern, window, rows, cols, actBits, weightBits, accBits, meta, modes, org, schedule, targetMhz, timingMarginPct, scheduleObjective)`, { field: key }));
    }
  }

  // The default pattern: `pattern`, or `n` and `m`, or the first of `modes`.
  let pattern: Pattern | undefined;
  if (raw.pattern !== undefined) {
    const r = parsePatternSyntax(raw.pattern, 'pattern');
    if (r.diagnostic) d.push(r.diagnostic);
    pattern = r.pattern;
    if (raw.n !== undefined || raw.m !== undefined) {
      d.push(error('config_pattern_conflict', '`pattern` and `n`/`m` both given: use one of them', { field: 'pattern' }));
    }
  } else if (raw.n !== undefined || raw.m !== undefined) {
    const n = raw.n === undefined ? undefined : checkInt(raw.n, 'n', 1, 64, 'a kept count', d);
    const m = raw.m === undefined ? undefined : checkInt(raw.m, 'm', 2, 64, 'a group size', d);
    if (raw.n === undefined) d.push(error('config_missing_field', '`n` is required when `m` is given', { field: 'n' }));
    if (raw.m === undefined) d.push(error('config_missing_field', '`m` is required when `n` is given', { field: 'm' }));
    if (n !== undefined && m !== undefined) pattern = { n, m };
  }

  let modes: Pattern[] | undefined;
  if (raw.modes !== undefined) {
    if (!Array.isArray(raw.modes) || raw.modes.length === 0) {
      d.push(error('config_modes_not_list', `\`modes\` must be a non-empty list of patterns such as ["8:16", "4:8"], not ${JSON.stringify(raw.modes)}`, { field: 'modes' }));
    } else {
      modes = [];
      raw.modes.forEach((mode, i) => {
        const r = parsePatternSyntax(mode, `modes[${i}]`);
        if (r.diagnostic) d.push(r.diagnostic);
        else if (r.pattern) modes!.push(r.pattern);
      });
      if (modes.length !== raw.modes.length) modes = undefined;
    }
  }
  if (pattern === undefined && modes !== undefined && modes.length > 0) pattern = modes[0];
  if (pattern === undefined) {
    if (raw.pattern === undefined && raw.n === undefined && raw.m === undefined && raw.modes === undefined) {
      d.push(error('config_missing_pattern', 'no pattern given: set `pattern` (e.g. "8:16"), or `n` and `m`', { field: 'pattern' }));
    }
    return { diagnostics: d };
  }
  const patternOk = checkPattern(pattern, raw.pattern !== undefined ? 'pattern' : 'n:m', d);

  // Default window: the largest group size among the modes (m of the pattern for a fixed engine).
  const widestM = Math.max(pattern.m, ...(modes ?? []).map((p) => p.m).filter((m) => LIMITS.legalM.includes(m)));
  const window = raw.window === undefined ? widestM : checkInt(raw.window, 'window', 1, LIMITS.maxWindowChannels, 'a channel count', d);
  if (patternOk && window !== undefined && window % pattern.m !== 0) {
    d.push(error('config_window_not_multiple_of_m', `\`window\` must be a multiple of m (${pattern.m}), not ${window}`, { field: 'window' }));
  }
  const rows = raw.rows === undefined ? undefined : checkInt(raw.rows, 'rows', LIMITS.minRows, LIMITS.maxRows, 'a token count', d);
  const cols = raw.cols === undefined ? undefined : checkInt(raw.cols, 'cols', LIMITS.minCols, LIMITS.maxCols, 'an output-channel count', d);
  if (raw.rows === undefined) d.push(error('config_missing_field', '`rows` (tokens in parallel, 1..64) is required', { field: 'rows' }));
  if (raw.cols === undefined) d.push(error('config_missing_field', '`cols` (output channels in parallel, 1..64) is required', { field: 'cols' }));
  const actBits = raw.actBits === undefined ? LIMITS.defaultActBits : checkInt(raw.actBits, 'actBits', LIMITS.minOperandBits, LIMITS.maxOperandBits, 'an operand width in bits', d);
  const weightBits = raw.weightBits === undefined ? LIMITS.defaultWeightBits : checkInt(raw.weightBits, 'weightBits', LIMITS.minOperandBits, LIMITS.maxOperandBits, 'an operand width in bits', d);
  let accBits: number | undefined;
  if (actBits !== undefined && weightBits !== undefined) {
    const minAcc = actBits + weightBits;
    const given = raw.accBits === undefined ? Math.max(LIMITS.defaultAccBits, minAcc) : raw.accBits;
    accBits = checkInt(given, 'accBits', minAcc, LIMITS.maxAccBits, `at least actBits + weightBits and at most ${LIMITS.maxAccBits}`, d);
  }
  let meta: MetaEncoding | undefined = LIMITS.defaultMeta;
  if (raw.meta !== undefined) {
    if (typeof raw.meta !== 'string' || !(META_ENCODINGS as readonly string[]).includes(raw.meta)) {
      d.push(error('config_meta_unknown', `\`meta\` must be one of ${META_ENCODINGS.join(', ')}, not ${JSON.stringify(raw.meta)}`, { field: 'meta' }));
      meta = undefined;
    } else meta = raw.meta as MetaEncoding;
  }

  const allModes = modes ?? [pattern];
  if (modes !== undefined && patternOk) {
    const first = modes[0]!;
    if (raw.pattern !== undefined || raw.n !== undefined) {
      if (first.n !== pattern.n || first.m !== pattern.m) {
        d.push(error('config_modes_first_differs', `the first of \`modes\` (${first.n}:${first.m}) must equal the default pattern (${pattern.n}:${pattern.m})`, { field: 'modes[0]' }));
      }
    }
    modes.forEach((mode, i) => {
      if (i === 0) return;
      if (!checkPattern(mode, `modes[${i}]`, d) || window === undefined) return;
      if (window % mode.m !== 0) {
        d.push(error('config_mode_m_not_dividing_window', `\`modes[${i}]\` (${mode.n}:${mode.m}): m must divide the window (${window})`, { field: `modes[${i}]` }));
      } else if ((window * mode.n) / mode.m !== (window * pattern.n) / pattern.m) {
        d.push(error('config_mode_lanes_differ', `\`modes[${i}]\` (${mode.n}:${mode.m}) gives ${(window * mode.n) / mode.m} lanes; every mode must give the default's ${(window * pattern.n) / pattern.m} (window*n/m)`, { field: `modes[${i}]` }));
      }
    });
    const seen = new Set<string>();
    modes.forEach((mode, i) => {
      const key = `${mode.n}:${mode.m}`;
      if (seen.has(key)) d.push(error('config_mode_duplicate', `\`modes[${i}]\` (${key}) is listed twice`, { field: `modes[${i}]` }));
      seen.add(key);
    });
    if (modes.length > 1 && first.n === first.m) {
      d.push(error('config_flexible_dense', `a flexible engine needs sparse modes: ${first.n}:${first.m} keeps every channel, so all its modes would be the same dense engine`, { field: 'modes' }));
    }
  }
  let org: FlexOrg | undefined;
  if (raw.org !== undefined) {
    if (typeof raw.org !== 'string' || !(FLEX_ORGS as readonly string[]).includes(raw.org)) {
      d.push(error('config_org_unknown', `\`org\` must be one of ${FLEX_ORGS.join(', ')}, not ${JSON.stringify(raw.org)}`, { field: 'org' }));
    } else if (allModes.length < 2) {
      d.push(error('config_org_without_modes', `\`org\` (${raw.org}) chooses the selection hardware of a flexible engine: give at least two \`modes\``, { field: 'org' }));
    } else {
      org = raw.org as FlexOrg;
      const notHalf = allModes.find((p) => 2 * p.n !== p.m);
      if (org === 'bitonic' && notHalf !== undefined) {
        d.push(error('config_org_bitonic_needs_half', `\`org\` bitonic selects the top half of each group: every mode must keep n = m/2, not ${notHalf.n}:${notHalf.m}`, { field: 'org' }));
      }
    }
  } else if (allModes.length > 1) org = LIMITS.defaultOrg;
  let schedule: ScheduleOptions | undefined;
  if (raw.schedule !== undefined && patternOk && window !== undefined) {
    const widest = allModes.reduce((a, p) => (p.m > a.m ? p : a));
    schedule = validateSchedule(raw.schedule, widest.n !== widest.m, allModes.length > 1, (window * widest.n) / widest.m, d);
  }
  const targetMhz = raw.targetMhz === undefined ? undefined : validateTargetMhz(raw.targetMhz, d);
  const timingMarginPct = raw.timingMarginPct === undefined ? undefined : validateTimingMarginPct(raw.timingMarginPct, d);
  const scheduleObjective: ScheduleObjective | undefined = raw.scheduleObjective === undefined ? undefined : validateScheduleObjective(raw.scheduleObjective, d);

  if (hasErrors(d) || window === undefined || rows === undefined || cols === undefined || actBits === undefined || weightBits === undefined || accBits === undefined || meta === undefined) {
    return { diagnostics: d };
  }
  return {
    config: {
      window, rows, cols, actBits, weightBits, accBits, meta, modes: allModes.map((p) => ({ n: p.n, m: p.m })),
      ...(org !== undefined ? { org } : {}),
      ...(schedule !== undefined ? { schedule } : {}),
      ...(targetMhz !== undefined ? { targetMhz } : {}),
      ...(timingMarginPct !== undefined ? { timingMarginPct } : {}),
      ...(scheduleObjective !== undefined ? { scheduleObjective } : {}),
    },
    diagnostics: d,
  };
}
