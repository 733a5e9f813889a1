// Synthesis specs for RTL templates: a template module with its parameters plus the sources of
// every nm_* template it instantiates (transitively), read from the emitter's template library.

import { loadTemplateLibrary } from '../emit/verilog/template_library.js';
import type { SynthSpec } from './flows.js';

/** Template modules a template's body instantiates (other than itself). */
function instantiated(source: string, self: string, known: ReadonlyMap<string, unknown>): string[] {
  const body = source.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
  return [...body.matchAll(/\b(nm_\w+)\s*#/g)].map((m) => m[1]!).filter((n) => n !== self && known.has(n));
}

/** The spec that synthesizes `module` (an rtl-templates/ module) with `params`. */
export function templateSpec(module: string, params: Readonly<Record<string, number>>): SynthSpec {
  const library = loadTemplateLibrary();
  const files: Record<string, string> = {};
  const todo = [module];
  while (todo.length > 0) {
    const name = todo.pop()!;
    const t = library.get(name);
    if (t === undefined) throw new Error(`rtl-templates has no module ${name}`);
    if (files[t.file] !== undefined) continue;
    files[t.file] = t.source;
    todo.push(...instantiated(t.source, name, library));
  }
  return { files, top: module, params: { ...params } };
}
