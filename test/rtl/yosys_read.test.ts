// The generated Verilog reads into Yosys (the WASM build nmcore ships with): every preset and some
// random descriptions pass `hierarchy -check`, `proc` and `check -assert` for both tops, and a small
// engine synthesizes to gates. One file, so the Yosys cold start is paid once.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { generateEngine } from '../../src/emit/generate.js';
import type { EngineIR } from '../../src/ir/types.js';
import { runYosysScript, type YosysTree } from '../../src/synth/yosys_runner.js';
import { configIR, presetIR, randomDescriptions, suiteSeed } from '../helpers/engines.js';

async function readIntoYosys(ir: EngineIR, extra = ''): Promise<string> {
  const gen = generateEngine(ir);
  const files: YosysTree = {};
  for (const f of gen.verilogFiles) files[f] = gen.files.get(f)!;
  const reads = gen.verilogFiles.map((f) => `read_verilog -sv ${f}`).join('\n');
  let log = '';
  for (const top of ['nm_engine', 'nm_engine_core']) {
    const out = await runYosysScript({ script: `${reads}\nhierarchy -check -top ${top}\nproc\ncheck -assert\n${extra}`, files, collect: [] }, top);
    log += out.log;
  }
  return log;
}

describe('Yosys reads the generated Verilog', () => {
  // Flexible presets take minutes in `proc` on the whole top; their blocks are read and synthesized
  // by Yosys component by component in test/model/area_vs_synth.test.ts (held-out flexible engines).
  for (const p of PRESETS.filter((x) => presetIR(x.name).modes.length === 1)) {
    it(`preset ${p.name}`, async () => {
      expect(await readIntoYosys(presetIR(p.name))).not.toMatch(/ERROR/);
    }, 120_000);
  }
  it('a large engine (16:32, 16 x 16 PEs)', async () => {
    expect(await readIntoYosys(configIR({ pattern: '16:32', rows: 16, cols: 16 }))).not.toMatch(/ERROR/);
  }, 300_000);
  it('6 random descriptions', async () => {
    const seed = suiteSeed('yosys random');
    // Yosys's frontend unrolls the m(m-1)/2 comparisons of every group: keep rows x window x m small.
    const picked = randomDescriptions(seed, 100, { maxM: 32, maxRows: 2, maxCols: 2, maxWindow: 64 })
      .map((d) => ({ d, ir: configIR(d) }))
      .filter(({ ir }) => ir.rows * ir.windowChannels * ir.modes[0]!.m <= 2048)
      .slice(0, 6);
    for (const { d, ir } of picked) {
      expect(await readIntoYosys(ir), JSON.stringify(d)).not.toMatch(/ERROR/);
    }
  }, 300_000);
  it('a 2:4 engine of 1 x 2 PEs synthesizes to gates', async () => {
    const log = await readIntoYosys(configIR({ pattern: '2:4', rows: 1, cols: 2 }), 'synth -flatten\nstat');
    expect(log).not.toMatch(/ERROR/);
  }, 300_000);
});
