// Writes tech/nangate45/nmcore_nangate45.lib from the cell table src/synth/tech/nangate45_cells.ts.
// Run: npm run write:liberty (then refit the area and timing models: npm run fit:area).

import { writeFileSync, renameSync } from 'node:fs';
import { DEFAULT_LIBERTY_NAME, defaultLibertyPath } from '../src/synth/liberty_cells.js';
import { libertyText } from '../src/synth/tech/liberty_writer.js';

const path = defaultLibertyPath();
const tmp = `${path}.tmp-${process.pid}`;
writeFileSync(tmp, libertyText(DEFAULT_LIBERTY_NAME));
renameSync(tmp, path);
console.log(`wrote ${path}`);
