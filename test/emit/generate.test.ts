// The generated file set: both tops and the templates they use, a manifest that serializes the IR,
// byte-identical output on every run, and instance counts in the Verilog equal to the IR's blocks
// and resource counts (what the area model charges).

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { generateEngine } from '../../src/emit/generate.js';
import type { Manifest } from '../../src/ir/manifest.js';
import { configIR, presetIR } from '../helpers/engines.js';

function countInstances(verilog: string, module: string): number {
  return (verilog.match(new RegExp(`^\\s*${module} #\\(`, 'gm')) ?? []).length;
}

describe('generateEngine', () => {
  it('writes both tops, their templates, files.f and manifest.json', () => {
    const gen = generateEngine(presetIR('nm8of16_r4c4'));
    expect([...gen.files.keys()].sort()).toEqual([
      'files.f', 'manifest.json', 'nm_compressor.v', 'nm_delay_line.v', 'nm_engine.v', 'nm_engine_core.v', 'nm_meta_decode_bitmask.v',
      'nm_meta_decode_index.v', 'nm_mux_network.v', 'nm_pe.v', 'nm_stream_control.v', 'nm_topn_rank.v',
    ]);
    expect(gen.files.get('files.f')!.trim().split('\n').at(-1)).toBe('nm_engine_core.v');
  });

  it('the dense engine needs no compressor, decoder or mux', () => {
    const gen = generateEngine(presetIR('dense_w8_r4c4'));
    expect(gen.verilogFiles).toEqual(['nm_delay_line.v', 'nm_pe.v', 'nm_stream_control.v', 'nm_engine.v', 'nm_engine_core.v']);
  });

  it('is byte-identical from run to run', () => {
    const ir = presetIR('nm16of32_r4c4');
    const a = generateEngine(ir, { generatorVersion: 'x' });
    const b = generateEngine(presetIR('nm16of32_r4c4'), { generatorVersion: 'x' });
    expect([...a.files]).toEqual([...b.files]);
  });

  it('manifest carries parameters, ports, latency and resources of the IR', () => {
    const ir = presetIR('nm4of8_r4c4');
    const m = JSON.parse(generateEngine(ir).files.get('manifest.json')!) as Manifest;
    expect(m.parameters).toEqual(ir.config);
    expect(m.tops.map((t) => [t.module, t.latencyCycles])).toEqual([['nm_engine', 4], ['nm_engine_core', 4]]);
    expect(m.tops[0]!.resources).toEqual(ir.tops.engine.resources);
    expect(m.tops[1]!.ports.find((p) => p.name === 's_act_meta')!.widthBits).toBe(4 * 4 * 3);
    expect(m.derived.lanes).toBe(4);
  });

  it('counts of emitted instances equal the IR blocks and resources, for every preset and some random shapes', () => {
    const irs = [...PRESETS.map((p) => presetIR(p.name)), configIR({ pattern: '3:8', window: 16, rows: 3, cols: 2, meta: 'bitmask' })];
    for (const ir of irs) {
      const gen = generateEngine(ir);
      for (const top of [ir.tops.engine, ir.tops.core]) {
        const v = gen.files.get(`${top.module}.v`)!;
        const blocks = (k: string): number => top.blocks.filter((b) => b.kind === k).length;
        expect(countInstances(v, 'nm_pe')).toBe(blocks('pe'));
        expect(countInstances(v, 'nm_pe') * ir.lanes).toBe(top.resources.multipliers);
        expect(countInstances(v, 'nm_mux_network')).toBe(blocks('mux_network'));
        expect(countInstances(v, 'nm_compressor')).toBe(blocks('compressor'));
        expect(countInstances(v, 'nm_compressor_flex_rank')).toBe(blocks('flex_compressor'));
        const hw = ir.modes[ir.hardwareMode]!;
        const compressors = countInstances(v, 'nm_compressor') + countInstances(v, 'nm_compressor_flex_rank');
        expect(compressors * (ir.windowChannels / hw.m) * hw.comparatorsPerGroup).toBe(top.resources.comparators);
        expect(countInstances(v, 'nm_meta_decode_(bitmask|index)')).toBe(blocks('meta_decoder'));
        expect(countInstances(v, 'nm_meta_decode_flex_(bitmask|index)')).toBe(blocks('flex_decoder'));
        expect(countInstances(v, 'nm_mode_capture')).toBe(ir.modes.length > 1 ? 1 : 0);
        expect(countInstances(v, 'nm_delay_line')).toBe(blocks('delay_line'));
        expect(countInstances(v, 'nm_stream_control')).toBe(1);
        // Every instance name is an IR block name.
        const names = [...v.matchAll(/^\s*nm_\w+ #\(.*\) (\w+) \($/gm)].map((x) => x[1]);
        expect(names.sort()).toEqual(top.blocks.map((b) => b.name).sort());
      }
    }
  });
});
