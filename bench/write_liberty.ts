// Writes tech/nangate45/nmcore_nangate45.lib (area mapping) and nmcore_nangate45_delay.lib (delay
// mapping) from the cell table src/synth/tech/nangate45_cells.ts.
// Run: npm run write:liberty (then refit the area and timing models: npm run fit:area).

import { writeFileSync, renameSync } from 'node:fs';
import { DEFAULT_LIBERTY_NAME, defaultDelayLibertyPath, defaultLibertyPath, DELAY_LIBERTY_NAME } from '../src/synth/liberty_cells.js';
import { libertyText } from '../src/synth/tech/liberty_writer.js';

for (const [path, text] of [[defaultLibertyPath(), libertyText(DEFAULT_LIBERTY_NAME, 'area')], [defaultDelayLibertyPath(), libertyText(DELAY_LIBERTY_NAME, 'delay')]] as const) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
  console.log(`wrote ${path}`);
}
