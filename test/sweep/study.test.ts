// The study file: every bad field is one exact one-line diagnostic; the expansion is the literal
// cross product of the axes (counted independently here), every job key is stable and changes
// with any of its inputs, the model fingerprint of its kind included; synthesis is limited to rtlMaxPes.

import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics/diagnostic.js';
import { packagePath } from '../../src/io/package_root.js';
import { expandStudy } from '../../src/sweep/jobs.js';
import { modelFingerprint } from '../../src/sweep/model_fingerprint.js';
import { parseStudy } from '../../src/sweep/study.js';
import { readStudyTraces } from '../../src/sweep/trace_refs.js';

const FILE = packagePath('studies', 'x.json');
const TRACE = '../traces/examples/llama_gate_t16_k64.safetensors';
const base = (over: Record<string, unknown> = {}, axes: Record<string, unknown> = {}): Record<string, unknown> => ({
  format: 'nmcore-study', version: 1, name: 't', axes: { patterns: ['2:4', '8:16'], sizes: ['1x1', '2x2'], ...axes }, traces: [TRACE], run: ['model', 'replay'], ...over,
});
const messages = (doc: unknown): string[] => parseStudy(doc, FILE).diagnostics.map(formatDiagnostic);

describe('study validation', () => {
  it('accepts a valid study and fills the defaults', () => {
    const r = parseStudy(base(), FILE);
    expect(r.diagnostics).toEqual([]);
    expect(r.study!.axes.actBits).toEqual([8]);
    expect(r.study!.axes.organizations).toEqual(['engine']);
    expect(r.study!.traces[0]).toBe(packagePath('traces', 'examples', 'llama_gate_t16_k64.safetensors'));
    expect(r.study!.bandwidthBytesPerCycle).toBe(64);
  });

  it('names each bad field with its value and rule, one line each', () => {
    const m = messages(base({ format: 'x', version: 2, run: ['model', 'place'], seed: -1, colour: 1 }, { sizes: ['1x1', '65x2', '1x1'], actBits: [1], organizations: ['mesh'], wat: [] }));
    expect(m).toEqual([
      `${FILE}: error[study_bad_field]: \`colour\` is not a study field (known: format, version, name, description, axes, traces, run, bandwidthBytesPerCycle, seed, rtlMaxPes)`,
      `${FILE}: error[study_bad_field]: \`format\` must be "nmcore-study", not "x"`,
      `${FILE}: error[study_bad_field]: \`version\` must be 1, not 2`,
      `${FILE}: error[study_bad_field]: \`axes.wat\` is not an axis (known: patterns, windows, sizes, actBits, weightBits, meta, organizations, clockNs)`,
      `${FILE}: error[study_bad_field]: \`axes.sizes[1]\` must be sizes "RxC" with R and C in 1..64, not "65x2"`,
      `${FILE}: error[study_bad_field]: \`axes.sizes[2]\` repeats "1x1"`,
      `${FILE}: error[study_bad_field]: \`axes.actBits[0]\` must be widths 2..16 (bits), not 1`,
      `${FILE}: error[study_bad_field]: \`axes.organizations[0]\` must be one of engine, core, not "mesh"`,
      `${FILE}: error[study_bad_field]: \`run[1]\` must be one of model, replay, synthesis, cosim, not "place"`,
      `${FILE}: error[study_bad_field]: \`seed\` must be a whole number 0..4294967295, not -1`,
    ]);
  });

  it('needs a trace for replay and a non-empty pattern list', () => {
    expect(messages(base({ traces: [] }, { patterns: [] }))).toEqual([
      `${FILE}: error[study_bad_field]: \`axes.patterns\` must be a non-empty array of patterns "n:m", not []`,
      `${FILE}: error[study_bad_field]: \`traces\` must be a non-empty array of trace file paths (relative to the study file), not []`,
      `${FILE}: error[study_bad_field]: \`traces\` must name at least one trace when \`run\` includes "replay"`,
    ]);
  });

  it('rejects points the engine contract forbids, naming the point', () => {
    const s = parseStudy(base({}, { patterns: ['16:32'], windows: [16] }), FILE).study!;
    const t = readStudyTraces(s.traces);
    const e = expandStudy(s, t.refs, t.layers);
    expect(e.diagnostics.map((d) => d.message)[0]).toMatch(/^point 16:32 window 16 1x1 A8 B8 index: .*window/);
    const k48 = [{ ...t.layers[0]!, id: 'x.npy:x', layer: { ...t.layers[0]!.layer, channels: 48 } }];
    const bad = expandStudy(parseStudy(base({}, { patterns: ['16:32'] }), FILE).study!, t.refs, k48);
    expect(bad.diagnostics.map((d) => d.message)).toEqual([
      "trace layer 'x.npy:x' has K = 48 channels, not a multiple of m = 32 of pattern 16:32; leave 16:32 out of `axes.patterns`",
    ]);
  });
});

describe('study expansion', () => {
  const axes = { patterns: ['2:4', '4:8', '8:16'], windows: [16, 32], sizes: ['1x1', '2x2', '1x4'], actBits: [4, 8], organizations: ['engine', 'core'], clockNs: [1, 2] };
  const study = parseStudy(base({ run: ['model', 'replay', 'synthesis'], rtlMaxPes: 1 }, axes), FILE).study!;
  const t = readStudyTraces(study.traces);
  const e = expandStudy(study, t.refs, t.layers);

  it('has one point per element of the cross product, unique ids', () => {
    let literal = 0;
    for (const _p of axes.patterns) for (const _w of axes.windows) for (const _s of axes.sizes) for (const _a of axes.actBits) for (const _o of axes.organizations) for (const _c of axes.clockNs) literal++;
    expect(e.diagnostics).toEqual([]);
    expect(e.points).toHaveLength(literal);
    expect(new Set(e.points.map((p) => p.id)).size).toBe(literal);
  });

  it('shares jobs between points that differ only in the clock, and accuracy between shapes', () => {
    const kinds = (k: string): number => e.jobs.filter((j) => j.kind === k).length;
    // model/replay: pattern x window x size x actBits x organization; clock does not change the work.
    expect(kinds('model')).toBe(3 * 2 * 3 * 2 * 2);
    expect(kinds('replay')).toBe(3 * 2 * 3 * 2 * 2);
    // synthesis only where rows*cols <= 1: the 1x1 size.
    expect(kinds('synthesis')).toBe(3 * 2 * 1 * 2 * 2);
    // accuracy: one per pattern x operand widths.
    expect(kinds('accuracy')).toBe(3 * 2);
    expect(e.points.filter((p) => p.engine.rows * p.engine.cols > 1).every((p) => p.jobs.synthesis === undefined)).toBe(true);
  });

  it('keys are stable and change with every input', () => {
    const again = expandStudy(study, t.refs, t.layers);
    expect(again.jobs.map((j) => j.key)).toEqual(e.jobs.map((j) => j.key));
    const otherBw = expandStudy({ ...study, bandwidthBytesPerCycle: 32 }, t.refs, t.layers);
    const replayKeys = (x: typeof e): string[] => x.jobs.filter((j) => j.kind === 'replay').map((j) => j.key);
    const modelKeys = (x: typeof e): string[] => x.jobs.filter((j) => j.kind === 'model').map((j) => j.key);
    expect(replayKeys(otherBw).some((k) => replayKeys(e).includes(k))).toBe(false);
    expect(modelKeys(otherBw)).toEqual(modelKeys(e));
    const otherTrace = expandStudy(study, t.refs.map((r) => ({ ...r, sha256: '0'.repeat(64) })), t.layers);
    expect(otherTrace.jobs.filter((j) => j.kind === 'accuracy').some((j) => e.jobs.some((x) => x.key === j.key))).toBe(false);
  });

  it('keys change with the model fingerprint of their kind only, and jobs carry it', () => {
    const kinds = [...new Set(e.jobs.map((j) => j.kind))];
    expect(kinds.sort()).toEqual(['accuracy', 'model', 'replay', 'synthesis']);
    expect(e.jobs.every((j) => modelFingerprint(j.kind) === j.modelFingerprint)).toBe(true);
    const fixed = expandStudy(study, t.refs, t.layers, () => 'a'.repeat(64));
    expect(fixed.jobs.every((j) => j.modelFingerprint === 'a'.repeat(64))).toBe(true);
    expect(expandStudy(study, t.refs, t.layers, () => 'a'.repeat(64)).jobs.map((j) => j.key)).toEqual(fixed.jobs.map((j) => j.key));
    for (const changed of kinds) {
      const other = expandStudy(study, t.refs, t.layers, (k) => (k === changed ? 'b'.repeat(64) : 'a'.repeat(64)));
      expect(other.jobs.map((j) => j.kind)).toEqual(fixed.jobs.map((j) => j.kind));
      other.jobs.forEach((j, i) => {
        expect(j.key === fixed.jobs[i]!.key, `${changed} changed, ${j.kind} job ${i}`).toBe(j.kind !== changed);
      });
      // The points name the new keys.
      const keys = new Set(other.jobs.map((j) => j.key));
      expect(other.points.every((p) => Object.values(p.jobs).every((k) => keys.has(k!)) && (p.accuracyJob === undefined || keys.has(p.accuracyJob)))).toBe(true);
    }
  });
});
