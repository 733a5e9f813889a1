// The two schedule objectives side by side (model only, shipped coefficients, default 2% timing
// margin): 2:4, 8:16, 16:32 and dense 32:32 at window 32, 16 x 16 and 4 x 4 PEs, at 500 and
// 1000 MHz. Per case: L of both tops and nm_engine's modelled area under `latency` (fewest cycles)
// and `area` (smallest area of both tops), the area pick's options, and the time of each choice
// (the candidates timed once, then chosen from; the area choice sizes every accepted candidate).
// Prints a markdown table (docs/schedule.md, "Objective: fewest cycles or smallest area").
// Run: npm run build && node dist/bench/schedule_objective.js

import { validateConfig } from '../src/config/validate.js';
import { estimateArea } from '../src/model/area.js';
import { chooseSchedule, scheduleCandidates, type ChosenSchedule } from '../src/model/schedule_chooser.js';
import { UserError } from '../src/diagnostics/diagnostic.js';
import { scheduleOptionsText } from '../src/report/engine_text.js';

const PATTERNS = ['2:4', '8:16', '16:32', '32:32'] as const;
const SIZES = [16, 4] as const;
const TARGETS_MHZ = [500, 1000] as const;

const engineUm2 = (c: ChosenSchedule): number => estimateArea(c.ir, 'engine').totalUm2;
const L = (c: ChosenSchedule): string => `${c.latencyCycles.engine} / ${c.latencyCycles.core}`;

console.log('| pattern | PEs | target (MHz) | L latency (cycles, engine / core) | nm_engine latency (µm²) | L area (cycles) | nm_engine area (µm²) | nm_engine change (%) | both tops change (%) | area pick options | choice time latency / area (s) |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const size of SIZES) for (const pattern of PATTERNS) {
  const config = validateConfig({ pattern, window: 32, rows: size, cols: size }).config!;
  const t0 = performance.now();
  const candidates = scheduleCandidates(config);
  const timedS = (performance.now() - t0) / 1000;
  for (const targetMhz of TARGETS_MHZ) {
    process.stderr.write(`${pattern} ${size}x${size} ${targetMhz} MHz ...\n`);
    try {
      const t1 = performance.now();
      const lat = chooseSchedule(config, targetMhz, undefined, candidates).chosen;
      const t2 = performance.now();
      const area = chooseSchedule({ ...config, scheduleObjective: 'area' }, targetMhz, undefined, candidates).chosen;
      const t3 = performance.now();
      const pct = (a: number, b: number): string => (((a - b) / b) * 100).toFixed(1);
      console.log(`| ${pattern} | ${size} x ${size} | ${targetMhz} | ${L(lat)} | ${Math.round(engineUm2(lat)).toLocaleString('en-US')} | ${L(area)} | ${Math.round(engineUm2(area)).toLocaleString('en-US')} | ` +
        `${pct(engineUm2(area), engineUm2(lat))} | ${pct(area.areaUm2, lat.areaUm2)} | ${scheduleOptionsText(area.schedule)} | ${((t2 - t1) / 1000).toFixed(2)} / ${((t3 - t2) / 1000).toFixed(2)} (+ ${timedS.toFixed(2)} timing ${candidates.length} candidates) |`);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      console.log(`| ${pattern} | ${size} x ${size} | ${targetMhz} | unreachable: ${e.diagnostics[0]!.message} |`);
    }
  }
}
