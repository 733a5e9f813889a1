// Every pattern pipelined for a target clock (default 1000 MHz) and checked by synthesis: 2:4, 4:8,
// 8:16, 16:32 at window 32 and dense at windows 16 and 32, 4 x 4 PEs by default, 8-bit operands,
// 32-bit accumulator. Per pattern: the schedule the chooser picks (src/model/schedule_chooser.ts),
// L of both tops, then every component of nm_engine synthesized with the delay flow and timed per
// stage (src/synth/stage_timing.ts, as `nmcore synth --target-mhz F --whole never` does): per-stage
// ns (model and synthesis) and fmax (MHz). Slow: minutes per pattern (the 16:32 compressor alone
// takes ~4 min of Yosys); one pattern at a time, progress on stderr.
// Run: npx tsx bench/schedule_synth_target.ts [--target-mhz F] [--rows R] [--cols C] [--only 16:32,...] [--pool N]

import { validateConfig } from '../src/config/validate.js';
import { elaborate } from '../src/ir/elaborate.js';
import { scheduleForTarget } from '../src/model/schedule_chooser.js';
import { estimateTiming } from '../src/model/timing.js';
import { synthesizeEngine } from '../src/synth/engine_synth.js';
import { synthStageTiming } from '../src/synth/stage_timing.js';
import { YosysPool } from '../src/synth/yosys_pool.js';

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const targetMhz = Number(argValue('--target-mhz') ?? 1000);
const rows = Number(argValue('--rows') ?? 4), cols = Number(argValue('--cols') ?? 4);
const PATTERNS: readonly { pattern: string; window: number }[] = [
  { pattern: '2:4', window: 32 }, { pattern: '4:8', window: 32 }, { pattern: '8:16', window: 32 }, { pattern: '16:32', window: 32 },
  { pattern: '16:16', window: 16 }, { pattern: '32:32', window: 32 },
];
const only = argValue('--only')?.split(',');
const pool = new YosysPool({ size: Number(argValue('--pool') ?? 2) });
try {
  for (const p of PATTERNS.filter((x) => only === undefined || only.includes(x.pattern))) {
    const v = validateConfig({ pattern: p.pattern, window: p.window, rows, cols, targetMhz });
    if (v.config === undefined) throw new Error(v.diagnostics.map((d) => d.message).join('; '));
    const ir = elaborate(scheduleForTarget(v.config));
    const t0 = performance.now();
    const report = await synthesizeEngine(ir, 'engine', {
      pool, whole: 'never', flow: { abcScript: 'nmcore', timing: true },
      onProgress: (e) => process.stderr.write(`  ${p.pattern}: [${e.done}/${e.total}] ${e.label} ${e.seconds.toFixed(1)} s\n`),
    });
    const synth = synthStageTiming(ir, 'engine', report);
    const model = estimateTiming(ir, 'engine');
    const s = ir.schedule;
    console.log(`${p.pattern} window ${p.window}, ${rows} x ${cols} PEs at ${targetMhz} MHz: compressorCut ${s.compressorCut}, selectCut ${s.selectCut}, psumCut ${s.psumCut}, inputCut ${s.inputCut}, laneCut ${s.laneCut}, weightMuxCut ${s.weightMuxCut}; ` +
      `L ${ir.tops.engine.latencyCycles} / ${ir.tops.core.latencyCycles} cycles (nm_engine / nm_engine_core); fmax model ${model.fmaxMhz.toFixed(0)} MHz, synthesis ${synth.fmaxMhz.toFixed(0)} MHz (${synth.criticalStage}); ` +
      `${((performance.now() - t0) / 1000).toFixed(0)} s wall`);
    synth.stages.forEach((st, i) => console.log(`  ${st.stage}: model ${model.stages[i]!.delayNs.toFixed(3)} ns, synthesis ${st.delayNs.toFixed(3)} ns`));
  }
} finally {
  await pool.close();
}
