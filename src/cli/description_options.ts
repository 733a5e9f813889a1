// The engine-description options every engine command shares (--preset, --config, --pattern,
// sizes and widths) and their resolution into one validated EngineConfig: preset, then config
// file, then flags, each overriding the one before. Unknown presets, unreadable or malformed
// config files and bad numbers become diagnostics, never exceptions.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { FLEX_ORGS, LIMITS, type EngineConfig, type EngineConfigInput } from '../config/engine_config.js';
import { findPreset, PRESETS } from '../config/presets.js';
import { validateConfig } from '../config/validate.js';
import { error, UserError, type Diagnostic } from '../diagnostics/diagnostic.js';
import { DEFAULT_SCHEDULE_OBJECTIVE, DEFAULT_TIMING_MARGIN_PCT } from '../config/schedule_options.js';
import { scheduleForTarget } from '../model/schedule_chooser.js';
import { numberOrText } from './options.js';

export interface DescriptionFlags {
  preset?: string;
  config?: string;
  pattern?: string;
  window?: string;
  rows?: string;
  cols?: string;
  actBits?: string;
  weightBits?: string;
  accBits?: string;
  meta?: string;
  modes?: string;
  org?: string;
  targetMhz?: string;
  timingMarginPct?: string;
  scheduleObjective?: string;
}

export function addDescriptionOptions(cmd: Command): Command {
  return cmd
    .option('--preset <name>', 'start from a named description (see `nmcore presets`)')
    .option('--config <file>', 'JSON engine description (fields: pattern, window, rows, cols, actBits, weightBits, accBits, meta, modes, org, schedule, targetMhz, timingMarginPct, scheduleObjective)')
    .option('-p, --pattern <n:m>', 'N:M pattern: n kept in every m channels (m in 2,4,..,64; n = m is the dense reference)')
    .option('--window <channels>', 'dense activation channels per cycle W: a multiple of m, at most 256 (default m)')
    .option('-r, --rows <tokens>', 'tokens computed in parallel R, 1..64')
    .option('-c, --cols <channels>', 'output channels computed in parallel C, 1..64')
    .option('--act-bits <bits>', 'signed activation width A in bits, 2..16 (default 8)')
    .option('--weight-bits <bits>', 'signed weight width B in bits, 2..16 (default 8)')
    .option('--acc-bits <bits>', 'accumulator/output width in bits, A+B..64 (default 32)')
    .option('--meta <encoding>', 'metadata of nm_engine_core: index | bitmask (default index)')
    .option('--modes <list>', 'flexible engine: patterns selected at run time by cfg_mode, comma separated, the first the default (e.g. 2:4,4:8,8:16,16:32; equal lanes W*n/m)')
    .option('--org <name>', `selection hardware of a flexible engine: ${FLEX_ORGS.join(' | ')} (default ${LIMITS.defaultOrg})`)
    .option('--target-mhz <MHz>', 'pipeline to this clock: insert the registers the modelled stages need, fewest added cycles (config field targetMhz; explicit `schedule` options are kept)')
    .option('--timing-margin-pct <percent>', `guard band of --target-mhz: a schedule must reach the target x (1 + percent/100) in the timing model, 0..100 (config field timingMarginPct; default ${DEFAULT_TIMING_MARGIN_PCT})`)
    .option('--schedule-objective <latency|area>', `what --target-mhz minimises among the schedules that meet it: latency = fewest cycles (nm_engine L, then nm_engine_core L), ties by smallest modelled area; area = smallest modelled area of both tops, ties by fewest cycles (sizes every candidate at full size, so it is slower) (config field scheduleObjective; default ${DEFAULT_SCHEDULE_OBJECTIVE})`);
}

/** A flag's text as a number when it is one, else the text (so validation names the bad value). */
function numeric(text: string): number | string {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
}

function dropPattern(input: Record<string, unknown>): void {
  delete input.pattern; delete input.n; delete input.m; delete input.modes; delete input.org;
}

/** Resolves the flags into a validated config, or throws UserError with every problem found. */
export function resolveDescription(flags: DescriptionFlags): EngineConfig {
  const diagnostics: Diagnostic[] = [];
  let input: Record<string, unknown> = {};
  if (flags.preset !== undefined) {
    const p = findPreset(flags.preset);
    if (p === undefined) {
      diagnostics.push(error('cli_unknown_preset', `unknown preset '${flags.preset}' (known: ${PRESETS.map((x) => x.name).join(', ')})`, { field: '--preset' }));
    } else input = { ...p.input };
  }
  if (flags.config !== undefined) {
    let text: string | undefined;
    try {
      text = readFileSync(flags.config, 'utf8');
    } catch (e) {
      diagnostics.push(error('cli_config_unreadable', `cannot read config file '${flags.config}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: flags.config }));
    }
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as unknown;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
          diagnostics.push(error('config_not_object', `config file '${flags.config}' must hold a JSON object`, { file: flags.config }));
        } else {
          const o = parsed as EngineConfigInput & Record<string, unknown>;
          if (o.pattern !== undefined || o.n !== undefined || o.m !== undefined || o.modes !== undefined) dropPattern(input);
          input = { ...input, ...o };
        }
      } catch (e) {
        diagnostics.push(error('cli_config_not_json', `config file '${flags.config}' is not valid JSON: ${(e as Error).message}`, { file: flags.config }));
      }
    }
  }
  // A pattern or a mode list given later replaces every pattern given before (a preset's modes included).
  if (flags.pattern !== undefined || flags.modes !== undefined) dropPattern(input);
  if (flags.pattern !== undefined) input.pattern = flags.pattern;
  if (flags.modes !== undefined) input.modes = flags.modes.split(',').map((x) => x.trim());
  if (flags.org !== undefined) input.org = flags.org;
  const set = (key: keyof EngineConfigInput, v: string | undefined): void => { if (v !== undefined) input[key] = numeric(v); };
  set('window', flags.window);
  set('rows', flags.rows);
  set('cols', flags.cols);
  set('actBits', flags.actBits);
  set('weightBits', flags.weightBits);
  set('accBits', flags.accBits);
  if (flags.meta !== undefined) input.meta = flags.meta;
  if (flags.targetMhz !== undefined) input.targetMhz = numberOrText(flags.targetMhz);
  if (flags.timingMarginPct !== undefined) input.timingMarginPct = numberOrText(flags.timingMarginPct);
  if (flags.scheduleObjective !== undefined) input.scheduleObjective = flags.scheduleObjective;
  if (diagnostics.length > 0) throw new UserError(diagnostics);
  const v = validateConfig(input);
  if (v.config === undefined) throw new UserError(v.diagnostics);
  return scheduleForTarget(v.config);
}
