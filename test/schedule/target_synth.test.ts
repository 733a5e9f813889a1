// `--target-mhz` checked by synthesis: a small 2:4 engine (1 x 1 PE) whose default schedule the
// model puts below 1000 MHz is pipelined for 1000 MHz by the chooser, then every component of its
// nm_engine is synthesized with the delay flow and timed per stage with the project's STA
// (src/synth/stage_timing.ts, as `nmcore synth` does); the synthesized fmax must meet the target.
// About 1.5 minutes of Yosys on 2 cores.

import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { scheduleForTarget } from '../../src/model/schedule_chooser.js';
import { estimateTiming } from '../../src/model/timing.js';
import { synthesizeEngine } from '../../src/synth/engine_synth.js';
import { synthStageTiming } from '../../src/synth/stage_timing.js';
import { YosysPool } from '../../src/synth/yosys_pool.js';

const TARGET_MHZ = 1000;
const pool = new YosysPool({ size: 2 });
afterAll(async () => { await pool.close(); });

describe(`an engine generated for ${TARGET_MHZ} MHz meets it in synthesis`, () => {
  it('2:4, window 4, 1 x 1 PE, 8-bit operands, 32-bit accumulator', async () => {
    const v = validateConfig({ pattern: '2:4', rows: 1, cols: 1, targetMhz: TARGET_MHZ });
    expect(v.diagnostics).toEqual([]);
    const plain = elaborate({ ...v.config!, targetMhz: undefined } as never);
    expect(estimateTiming(plain, 'engine').fmaxMhz).toBeLessThan(TARGET_MHZ);
    const ir = elaborate(scheduleForTarget(v.config!));
    expect(ir.schedule).not.toEqual(plain.schedule);
    const report = await synthesizeEngine(ir, 'engine', { pool, whole: 'never', flow: { abcScript: 'nmcore', timing: true } });
    const timing = synthStageTiming(ir, 'engine', report);
    console.log(`schedule ${JSON.stringify(ir.schedule)}: synthesized ${timing.stages.map((s) => `${s.stage} ${s.delayNs} ns`).join(', ')}; fmax ${timing.fmaxMhz} MHz`);
    expect(timing.stages.map((s) => s.stage)).toEqual(ir.tops.engine.stages.map((s) => s.name));
    expect(timing.fmaxMhz).toBeGreaterThanOrEqual(TARGET_MHZ);
  }, 600_000);
});
