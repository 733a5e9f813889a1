// generateEngine(): EngineIR → the complete set of output files (both tops, the templates they
// instantiate, the manifest, a compile-order file list). Pure: writing them is the caller's job
// (src/io/atomic_output.ts), so a failure can never leave a half-written directory.

import { buildManifest } from '../ir/manifest.js';
import type { EngineIR } from '../ir/types.js';
import { packageVersion } from '../io/package_version.js';
import { loadTemplateLibrary } from './verilog/template_library.js';
import { emitTop } from './verilog/top.js';

/** nmcore's version, from package.json. */
export function generatorVersion(): string {
  return packageVersion();
}

export interface GeneratedEngine {
  /** Relative path → content, in a stable order. */
  readonly files: ReadonlyMap<string, string>;
  /** Verilog files in compile order. */
  readonly verilogFiles: readonly string[];
}

/** Template modules the IR's blocks instantiate, and those the templates instantiate in turn. */
function templatesUsed(ir: EngineIR): string[] {
  const library = loadTemplateLibrary();
  const used = new Set<string>();
  const visit = (module: string): void => {
    if (used.has(module)) return;
    used.add(module);
    for (const inner of library.keys()) if (inner !== module && new RegExp(`^\\s*${inner}\\s+#\\(`, 'm').test(library.get(module)!.source)) visit(inner);
  };
  for (const top of [ir.tops.engine, ir.tops.core]) for (const b of top.blocks) visit(b.template);
  return [...used].sort();
}

export function generateEngine(ir: EngineIR, options: { generatorVersion?: string; predictedFmaxMhz?: { engine: number; core: number } } = {}): GeneratedEngine {
  const version = options.generatorVersion ?? generatorVersion();
  const library = loadTemplateLibrary();
  const files = new Map<string, string>();
  const verilogFiles: string[] = [];
  for (const module of templatesUsed(ir)) {
    const t = library.get(module)!;
    files.set(t.file, t.source);
    verilogFiles.push(t.file);
  }
  for (const top of [ir.tops.engine, ir.tops.core]) {
    const file = `${top.module}.v`;
    files.set(file, emitTop(ir, top, { generatorVersion: version }));
    verilogFiles.push(file);
  }
  files.set('files.f', verilogFiles.join('\n') + '\n');
  files.set('manifest.json', JSON.stringify(buildManifest(ir, version, verilogFiles, options.predictedFmaxMhz), null, 2) + '\n');
  return { files, verilogFiles };
}
