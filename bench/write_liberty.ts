// Writes tech/nangate45/nmcore_nangate45.lib (area mapping) and nmcore_nangate45_delay.lib (delay
// mapping) from the cell table src/synth/tech/nangate45_cells.ts, as the shipped library variant.
// Run: npm run write:liberty (then refit the area and timing models: npm run fit:area).
// `--variant NAME --out-dir DIR` writes another variant (e.g. area28: all 28 single-output cells in
// the area file, the delay file at its 16) into DIR instead, under the same two file names; the
// shipped files are only ever written as SHIPPED_LIBRARY_VARIANT.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { defaultDelayLibertyPath, defaultLibertyPath } from '../src/synth/liberty_cells.js';
import { isLibraryVariant, LIBRARY_VARIANTS, libraryVariantTexts, SHIPPED_LIBRARY_VARIANT } from '../src/synth/tech/liberty_writer.js';

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const variant = argValue('--variant') ?? SHIPPED_LIBRARY_VARIANT;
const outDir = argValue('--out-dir');
if (!isLibraryVariant(variant)) {
  console.error(`error: --variant must be one of ${Object.keys(LIBRARY_VARIANTS).join(', ')}, not '${variant}'`);
  process.exit(1);
}
if (variant !== SHIPPED_LIBRARY_VARIANT && outDir === undefined) {
  console.error(`error: variant ${variant} is not the shipped one (${SHIPPED_LIBRARY_VARIANT}); give --out-dir DIR`);
  process.exit(1);
}
if (outDir !== undefined) mkdirSync(outDir, { recursive: true });
const texts = libraryVariantTexts(variant);
const at = (shipped: string): string => (outDir === undefined ? shipped : join(outDir, basename(shipped)));
for (const [path, text] of [[at(defaultLibertyPath()), texts.area], [at(defaultDelayLibertyPath()), texts.delay]] as const) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  console.log(`wrote ${path} (variant ${variant}: ${LIBRARY_VARIANTS[variant].description})`);
}
