// CLI wiring of `nmcore synth-module`: any Verilog module (yours, or one of rtl-templates/) through
// nmcore's synthesis flow and library, the way `synth` treats an engine's blocks: cell area (µm²),
// cells, transistors and the longest path (gate levels). Parses and checks the files, top and
// parameters (the synthesis spec's rules, src/synth/synthesize.ts), runs Yosys, prints.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { error, UserError, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { synthesizeModule, validateSynthSpec } from '../../synth/synthesize.js';
import { formatTable } from '../../report/table.js';
import { printJson, type CliIo } from '../io.js';

interface SynthModuleFlags {
  top: string;
  param?: string[];
  json?: boolean;
}

/** `NAME=VALUE` pairs; a value that is not a number is passed on as NaN for the spec's own check to name. */
function parseParams(pairs: readonly string[], diags: Diagnostic[]): Record<string, number> {
  const params: Record<string, number> = {};
  for (const p of pairs) {
    const at = p.indexOf('=');
    if (at < 0) {
      diags.push(error('cli_usage', `--param must be NAME=VALUE, not '${p}'`, { field: '--param' }));
      continue;
    }
    const text = p.slice(at + 1).trim();
    params[p.slice(0, at).trim()] = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  }
  return params;
}

async function run(paths: readonly string[], f: SynthModuleFlags, io: CliIo): Promise<void> {
  const diags: Diagnostic[] = [];
  const files: Record<string, string> = {};
  for (const p of paths) {
    try {
      files[basename(p)] = readFileSync(p, 'utf8');
    } catch (e) {
      diags.push(error('trace_file_unreadable', `cannot read ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: p }));
    }
  }
  const params = parseParams(f.param ?? [], diags);
  const spec = { files, top: f.top, params };
  diags.push(...validateSynthSpec(spec));
  if (diags.length > 0) throw new UserError(diags);
  io.err(`synth-module: synthesizing ${f.top} with Yosys (WASM; the first run in a process compiles it, about 2 s)\n`);
  const r = await synthesizeModule(spec);
  if (f.json === true) return printJson(io, r);
  io.out(`${r.top}${Object.keys(r.params).length > 0 ? ` (${Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''} on ${r.library}\n`);
  io.out(formatTable(['quantity', 'value'], [
    ['cell area (um^2)', r.areaUm2.toFixed(3)],
    ['of it sequential (um^2)', r.sequentialAreaUm2.toFixed(3)],
    ['library cells (1)', r.cells.total],
    [`transistors (${r.transistors.lowerBound ? 'at least' : 'estimate'})`, r.transistors.count],
    ['longest path (gate levels)', r.criticalPath.levels],
    ['Yosys run (s)', r.seconds.toFixed(2)],
  ]));
  for (const w of r.warnings) io.err(`warning: ${w}\n`);
}

/** Adds `synth-module` to `program`. */
export function registerSynthModuleCommand(program: Command, io: CliIo): void {
  program.command('synth-module').description('synthesize any Verilog module with nmcore\'s Yosys flow and NanGate45-based library: area (um^2), cells, transistors, depth')
    .argument('<files...>', 'Verilog sources (.v, .sv) and the files they include')
    .requiredOption('--top <module>', 'top module name')
    .option('--param <NAME=VALUE...>', 'parameter overrides of the top (non-negative integers)')
    .option('--json', 'print the synthesis result as JSON')
    .action((paths: string[], f: SynthModuleFlags) => run(paths, f, io));
}
