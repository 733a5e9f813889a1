// `nmcore report` end to end on two small shipped traces: the files written, report.json's keys
// and inputs (hashes, engines, version), numbers traced to the model, the replay and a literal
// pruning, the measured-perplexity comparison, the recommendation's numbers, and the CLI's errors
// (bad --out fails before work and writes nothing; bad ids and files are one-line errors, exit 1).

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import { estimateArea } from '../../src/model/area.js';
import { estimateTiming } from '../../src/model/timing.js';
import { layerEnergy } from '../../sim/replay/layer_energy.js';
import { readTraceFile } from '../../src/trace/read_trace.js';
import { replayLayer } from '../../sim/replay/layer_report.js';
import { literalPrune } from '../accuracy/literal.js';
import { buildFixture, cli, TRACES, type Fixture } from './fixture.js';

let f: Fixture;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let json: any;
beforeAll(async () => {
  f = await buildFixture();
  json = f.run.code === 0 ? JSON.parse(readFileSync(join(f.out, 'report.json'), 'utf8')) : undefined;
}, 120_000);
afterAll(() => f?.cleanup());

describe('nmcore report', () => {
  it('writes report.json, report.md, report.html, a spec and an SVG per plot', () => {
    expect(f.run.err).not.toMatch(/internal error/);
    expect(f.run.code).toBe(0);
    expect(f.run.out).toMatch(/open .*report\.html/);
    expect(readdirSync(f.out).sort()).toEqual(['plots', 'report.html', 'report.json', 'report.md', 'specs']);
    const specs = readdirSync(join(f.out, 'specs')).map((s) => s.replace('.vl.json', '')).sort();
    expect(readdirSync(join(f.out, 'plots')).map((s) => s.replace('.svg', '')).sort()).toEqual(specs);
    expect(specs).toEqual(expect.arrayContaining(['pareto', 'area_breakdown', 'error_per_layer', 'utilization', 'bytes_per_layer', 'roofline', 'area_over_sizes', 'measured_vs_proxy']));
    expect(f.run.err).toMatch(/\[1\/3\] accuracy/);
  });

  it('report.json holds per-layer results with the required keys for every combination, and its inputs', () => {
    expect(json.layers).toHaveLength(3);
    for (const l of json.layers) {
      expect(l.results).toHaveLength(5 * 3 * 4 + 1);
      for (const r of l.results) {
        for (const k of ['pattern', 'criterion', 'mitigation', 'keptEnergy', 'relOutputError', 'cosine', 'engineRelOutputError']) expect(r, k).toHaveProperty(k);
        for (const k of ['keptEnergy', 'relOutputError', 'cosine', 'engineRelOutputError']) expect(Number.isFinite(r[k]), `${l.id} ${r.pattern} ${k}`).toBe(true);
      }
    }
    TRACES.forEach((p, i) => expect(json.inputs.traces[i].sha256).toBe(createHash('sha256').update(readFileSync(p)).digest('hex')));
    expect(json.nmcoreVersion).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    expect(json.inputs.engines.map((e: { label: string }) => e.label)).toEqual(['2:4', '4:8', '8:16', '16:32', 'dense W16', 'dense W32']);
    expect(json.inputs.command).toMatch(/^nmcore report --trace /);
  });

  it('cost numbers come from the model and the replay', () => {
    const i = json.cost.engines.indexOf('8:16');
    const ir = elaborate(validateConfig({ pattern: '8:16', window: 32, rows: 4, cols: 4 }).config!);
    const col = (id: string): number => json.cost.columns.find((c: { id: string }) => c.id === id).values[i];
    expect(col('areaUm2')).toBeCloseTo(estimateArea(ir, 'engine').totalUm2, 6);
    const layers = TRACES.flatMap((p) => readTraceFile(p).value!.layers);
    const o = [32, 96, 32]; // two_layers: attn_q has weights (32), mlp_down none (O = K = 96, assumed); gate has weights (32)
    const reports = layers.map((l, k) => replayLayer(ir, l, { mode: ir.defaultMode, top: 'engine', outChannels: o[k]! }));
    const cycles = reports.reduce((s, r) => s + r.totalCycles, 0);
    expect(col('computeBoundCycles')).toBe(cycles);
    // fmax from the timing model, energy from the replay's action counts priced by the energy model.
    expect(col('fmaxMhz')).toBeCloseTo(estimateTiming(ir, 'engine').fmaxMhz, 6);
    const energy = reports.reduce((s, r) => s + layerEnergy(ir, 'engine', r).energy.totalPj, 0);
    const tokens = layers.reduce((s, l) => s + l.tokens, 0);
    expect(col('energyPjPerToken')).toBeCloseTo(energy / tokens, 6);
    expect(json.layers.map((l: { outChannels: number }) => l.outChannels)).toEqual(o);
  });

  it('kept energy in report.json equals a literal pruning of the trace', () => {
    const l = readTraceFile(TRACES[0]!).value!.layers[0]!;
    const X = Array.from({ length: l.tokens }, (_, t) => Array.from(l.values.subarray(t * l.channels, (t + 1) * l.channels)));
    const W = Array.from({ length: 32 }, (_, o) => Array.from(l.weights!.values.subarray(o * l.channels, (o + 1) * l.channels)));
    const lit = literalPrune(X, W, '8:16', 'amber', 'dynamic_shift');
    let kept = 0, all = 0;
    X.forEach((row, t) => row.forEach((v, j) => { const s = (v - lit.shifts[t]!) ** 2; all += s; if (lit.keep[t]![j]) kept += s; }));
    const r = json.layers[0].results.find((x: { pattern: string; criterion: string; mitigation: string }) => x.pattern === '8:16' && x.criterion === 'amber' && x.mitigation === 'dynamic_shift');
    expect(r.keptEnergy).toBeCloseTo(kept / all, 10);
  });

  it('compares measured perplexity with the proxy and says a tiny model is not an LLM', () => {
    expect(json.measured).toHaveLength(1);
    const g = json.measured[0].groups[0];
    expect(g.byPerplexity).toEqual(['16:32', '8:16', '2:4']);
    const agg = (p: string): number => json.aggregate.results.find((x: { pattern: string; criterion: string; mitigation: string }) => x.pattern === p && x.criterion === 'magnitude' && x.mitigation === 'none').relOutputError;
    expect(g.byProxy).toEqual(['16:32', '8:16', '2:4'].sort((a, b) => agg(a) - agg(b)));
    expect(json.measured[0].statement).toMatch(/A tiny model is not an LLM/);
    expect(readFileSync(join(f.out, 'report.md'), 'utf8')).toMatch(/A tiny model is not an LLM/);
  });

  it('states each recommendation step with numbers recomputed from the data', () => {
    const rec = json.recommendation;
    const area = (p: string): number => json.cost.columns.find((c: { id: string }) => c.id === 'areaUm2').values[json.cost.engines.indexOf(p)];
    const agg = (p: string): number => json.aggregate.results.find((x: { pattern: string; criterion: string; mitigation: string }) => x.pattern === p && x.criterion === 'magnitude' && x.mitigation === 'none').relOutputError;
    expect(rec.steps.map((s: { to: string }) => s.to)).toEqual(['4:8', '8:16', '16:32']);
    for (const s of rec.steps) {
      expect(s.areaIncreasePct).toBeCloseTo(100 * (area(s.to) / area(s.from) - 1), 9);
      expect(s.errorReductionPct).toBeCloseTo(100 * (1 - agg(s.to) / agg(s.from)), 9);
      expect(rec.text).toContain(s.sentence);
    }
    expect(readFileSync(join(f.out, 'report.md'), 'utf8')).toContain(rec.text);
  });
});

describe('nmcore report errors', () => {
  it('a --out that is a file fails before any work and writes nothing', async () => {
    const file = join(f.dir, 'not_a_dir');
    writeFileSync(file, 'keep me');
    const before = readdirSync(f.dir).sort();
    const r = await cli('report', '--trace', TRACES[0]!, '--out', file);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(`${file}: error[io_output_not_directory]: output path '${file}' exists and is not a directory`);
    expect(r.err).not.toMatch(/accuracy/);
    expect(readFileSync(file, 'utf8')).toBe('keep me');
    expect(readdirSync(f.dir).sort()).toEqual(before);
  });

  it.each([
    [['--patterns', '2:4,3:6'], "error[cli_unknown_id]: --patterns '3:6' is not one of 2:4, 4:8, 8:16, 16:32, unstructured"],
    [['--criteria', 'magnitude,magnitude'], "error[cli_repeated_id]: --criteria names 'magnitude' twice"],
    [['--rows', '0'], "error[cli_bad_number]: --rows must be a whole number from 1 to 64 (tokens), not '0'"],
    [['--sizes', '4by4'], "error[cli_bad_size]: --sizes entry '4by4' must be RxC with R and C in 1..64, e.g. 16x16"],
    [['--bandwidth', '-3'], "error[cli_bad_number]: --bandwidth must be a positive number of bytes per cycle (e.g. 64, 1e3, .5), not '-3'"],
  ])('rejects %j with one clear line', async (args, line) => {
    const out = join(f.dir, 'never');
    const r = await cli('report', '--trace', TRACES[0]!, ...args, '--out', out);
    expect(r.code).toBe(1);
    expect(r.err.trim()).toBe(line);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing trace or a malformed measured file is an input error', async () => {
    const out = join(f.dir, 'never2');
    const r = await cli('report', '--trace', join(f.dir, 'nope.safetensors'), '--out', out);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error\[trace_file_unreadable\]/);
    const bad = join(f.dir, 'bad.measured.json');
    writeFileSync(bad, '{"format": "other"}');
    const r2 = await cli('report', '--trace', TRACES[0]!, '--measured', bad, '--out', out);
    expect(r2.code).toBe(1);
    expect(r2.err.trim()).toBe(`${bad}: error[measured_bad_file]: measured-accuracy file '${bad}': format must be "nmcore-measured-accuracy", version 1`);
    expect(existsSync(out)).toBe(false);
  });

  it('--help lists the options', async () => {
    const r = await cli('report', '--help');
    expect(r.code).toBe(0);
    for (const o of ['--trace', '--measured', '--patterns', '--criteria', '--mitigations', '--rows', '--cols', '--synth', '--out', '--json']) expect(r.out).toContain(o);
  });
});
