// The Chevrotain template-header parser and the instance checker built on it: every shipped
// template parses with its parameters, ports and LATENCY; malformed text gives located errors;
// wrong instances (unknown parameter, missing port, width mismatch) are caught.

import { describe, expect, it } from 'vitest';
import { checkInstance, loadTemplateLibrary, portWidths, templateLatency } from '../../src/emit/verilog/template_library.js';
import { parseTemplateHeader } from '../../src/emit/verilog/template_header.js';

describe('template headers', () => {
  it('parses every template in rtl-templates/', () => {
    const lib = loadTemplateLibrary();
    expect([...lib.keys()]).toEqual([
      'nm_compressor', 'nm_compressor_flex_bitonic', 'nm_compressor_flex_rank', 'nm_delay_line', 'nm_meta_decode_bitmask', 'nm_meta_decode_flex_bitmask',
      'nm_meta_decode_flex_index', 'nm_meta_decode_index', 'nm_mode_capture', 'nm_mux_network', 'nm_pe', 'nm_prefix_count', 'nm_stream_control', 'nm_topn_bitonic_flex',
      'nm_topn_rank',
    ]);
    for (const [, t] of lib) {
      expect(t.header.ports.length).toBeGreaterThan(0);
      expect(t.header.localparams.map((p) => p.name)).toContain('LATENCY');
    }
  });

  it('evaluates port widths with $clog2 and parameter arithmetic', () => {
    const idx = loadTemplateLibrary().get('nm_meta_decode_index')!.header;
    expect(Object.fromEntries(portWidths(idx, { WINDOW: 32, M: 16, N: 8 }))).toEqual({ idx: 2 * 8 * 4, sel: 2 * 8 * 9 });
    const mux = loadTemplateLibrary().get('nm_mux_network')!.header;
    expect(Object.fromEntries(portWidths(mux, { WINDOW: 8, M: 4, N: 1, WIDTH: 5 }))).toEqual({ sel: 2 * 1 * 4, data: 40, lanes: 10 });
  });

  it('reads the declared latency', () => {
    expect(templateLatency('nm_pe', {})).toBe(2);
    expect(templateLatency('nm_delay_line', { WIDTH: 4, DEPTH: 3 })).toBe(3);
    expect(templateLatency('nm_compressor', { PIPE: 1 })).toBe(1);
    expect(templateLatency('nm_stream_control', { STAGES: 5 })).toBe(5);
  });

  it('reports a located syntax error instead of throwing', () => {
    const r = parseTemplateHeader('module bad #(parameter integer W = ) (input wire a);\nendmodule\n', 'bad.v');
    expect(r.header).toBeUndefined();
    expect(r.errors[0]).toMatch(/^bad\.v:1:\d+: /);
  });
});

describe('instance checking', () => {
  const good = {
    module: 'nm_delay_line', name: 'u', params: { WIDTH: 8, DEPTH: 2 },
    connections: { clk: { expr: 'clk', widthBits: 1 }, load: { expr: 'ld', widthBits: 2 }, d: { expr: 'x', widthBits: 8 }, q: { expr: 'y', widthBits: 8 } },
  };
  it('accepts a matching instance', () => expect(checkInstance(good)).toEqual([]));
  it('catches a width mismatch', () => {
    expect(checkInstance({ ...good, connections: { ...good.connections, d: { expr: 'x', widthBits: 7 } } }))
      .toEqual(['u: port d is 8 bits wide but is connected to x (7 bits)']);
  });
  it('catches a missing port, an unknown port and an unknown parameter', () => {
    const { q: _q, ...rest } = good.connections;
    expect(checkInstance({ ...good, connections: { ...rest, z: { expr: 'z', widthBits: 1 } } }))
      .toEqual(['u: port q of nm_delay_line is not connected', 'u: nm_delay_line has no port z']);
    expect(checkInstance({ ...good, params: { WIDTH: 8, DEPTH: 2, SPEED: 1 } })).toEqual(['u: nm_delay_line has no parameter SPEED']);
  });
});
