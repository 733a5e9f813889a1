// The rtl-templates/ library: loads each nm_*.v once, parses its header with the Chevrotain parser,
// and checks instances against it: known parameters only, every port connected exactly once, each
// connection as wide as the port evaluates to with the instance's parameters. Also reads the
// declared LATENCY so the emitter can check it against the schedule.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InternalError } from '../../diagnostics/diagnostic.js';
import { packagePath } from '../../io/package_root.js';
import { parseTemplateHeader, type TemplateHeader } from './template_header.js';
import { evaluateWidthExpr } from './width_expr.js';

export interface TemplateModule {
  readonly header: TemplateHeader;
  readonly file: string;
  readonly source: string;
}

/** A connection: a Verilog expression and how many bits it carries. */
export interface Connection {
  readonly expr: string;
  readonly widthBits: number;
}

export interface Instance {
  readonly module: string;
  readonly name: string;
  readonly params: Readonly<Record<string, number>>;
  readonly connections: Readonly<Record<string, Connection>>;
}

let library: ReadonlyMap<string, TemplateModule> | undefined;

export function templateDirectory(): string {
  return packagePath('rtl-templates');
}

/** Every template, keyed by module name. Throws InternalError if a shipped template does not parse. */
export function loadTemplateLibrary(): ReadonlyMap<string, TemplateModule> {
  if (library !== undefined) return library;
  const dir = templateDirectory();
  const map = new Map<string, TemplateModule>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.v')).sort()) {
    const source = readFileSync(join(dir, file), 'utf8');
    const parsed = parseTemplateHeader(source, `rtl-templates/${file}`);
    if (parsed.header === undefined) throw new InternalError(`template does not parse:\n${parsed.errors.join('\n')}`);
    if (`${parsed.header.module}.v` !== file) throw new InternalError(`rtl-templates/${file} declares module ${parsed.header.module}`);
    map.set(parsed.header.module, { header: parsed.header, file, source });
  }
  library = map;
  return map;
}

/** Parameter and localparam values of a template instantiated with `params`. */
export function templateEnvironment(header: TemplateHeader, params: Readonly<Record<string, number>>): Map<string, number> {
  const env = new Map<string, number>();
  for (const p of header.params) env.set(p.name, params[p.name] ?? evaluateWidthExpr(p.defaultValue, env));
  for (const p of header.localparams) env.set(p.name, evaluateWidthExpr(p.defaultValue, env));
  return env;
}

/** Port widths of a template under `params`, in declaration order. */
export function portWidths(header: TemplateHeader, params: Readonly<Record<string, number>>): Map<string, number> {
  const env = templateEnvironment(header, params);
  const widths = new Map<string, number>();
  for (const p of header.ports) {
    widths.set(p.name, p.range === undefined ? 1 : evaluateWidthExpr(p.range.msb, env) - evaluateWidthExpr(p.range.lsb, env) + 1);
  }
  return widths;
}

/** The declared LATENCY localparam (cycles) of a template under `params`. */
export function templateLatency(module: string, params: Readonly<Record<string, number>>): number {
  const t = requireTemplate(module);
  const latency = templateEnvironment(t.header, params).get('LATENCY');
  if (latency === undefined) throw new InternalError(`template ${module} declares no LATENCY`);
  return latency;
}

function requireTemplate(module: string): TemplateModule {
  const t = loadTemplateLibrary().get(module);
  if (t === undefined) throw new InternalError(`no template named ${module} in rtl-templates/`);
  return t;
}

/** Problems with an instance (empty when it matches its template). */
export function checkInstance(inst: Instance): string[] {
  const t = requireTemplate(inst.module);
  const problems: string[] = [];
  const known = new Set(t.header.params.map((p) => p.name));
  for (const name of Object.keys(inst.params)) {
    if (!known.has(name)) problems.push(`${inst.name}: ${inst.module} has no parameter ${name}`);
  }
  if (problems.length > 0) return problems;
  const widths = portWidths(t.header, inst.params);
  for (const [port, width] of widths) {
    const c = inst.connections[port];
    if (c === undefined) problems.push(`${inst.name}: port ${port} of ${inst.module} is not connected`);
    else if (c.widthBits !== width) problems.push(`${inst.name}: port ${port} is ${width} bits wide but is connected to ${c.expr} (${c.widthBits} bits)`);
    if (width < 1) problems.push(`${inst.name}: port ${port} of ${inst.module} evaluates to ${width} bits`);
  }
  for (const port of Object.keys(inst.connections)) {
    if (!widths.has(port)) problems.push(`${inst.name}: ${inst.module} has no port ${port}`);
  }
  return problems;
}

/** Writes a checked instance in the template's port order. Throws InternalError on a mismatch. */
export function renderInstance(inst: Instance): string[] {
  const problems = checkInstance(inst);
  if (problems.length > 0) throw new InternalError(`generated instance does not match its template:\n${problems.join('\n')}`);
  const t = requireTemplate(inst.module);
  const params = t.header.params.filter((p) => inst.params[p.name] !== undefined).map((p) => `.${p.name}(${inst.params[p.name]})`);
  const ports = t.header.ports.map((p) => p.name);
  const w = Math.max(...ports.map((p) => p.length));
  const lines = [`${inst.module} #(${params.join(', ')}) ${inst.name} (`];
  ports.forEach((p, i) => lines.push(`  .${p.padEnd(w)} (${inst.connections[p]!.expr})${i + 1 < ports.length ? ',' : ''}`));
  lines.push(');');
  return lines;
}
