// Boundary validation: every bad description yields exactly the expected diagnostic (code and
// wording), every preset validates, defaults follow the contract.

import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets.js';
import { validateConfig } from '../../src/config/validate.js';

const base = { rows: 4, cols: 4 };

describe('validateConfig rejects bad descriptions with one clear line each', () => {
  const cases: [string, Record<string, unknown>, string, string][] = [
    ['n > m', { ...base, pattern: '5:4' }, 'config_n_exceeds_m', '`pattern` kept count n must be at most m (4), not 5'],
    ['m not a power of two', { ...base, pattern: '2:6' }, 'config_m_not_legal', '`pattern` group size m must be one of 2, 4, 8, 16, 32, 64 (a power of two), not 6'],
    ['m too large', { ...base, pattern: '2:128' }, 'config_m_not_legal', '`pattern` group size m must be one of 2, 4, 8, 16, 32, 64 (a power of two), not 128'],
    ['n zero', { ...base, pattern: '0:4' }, 'config_n_out_of_range', '`pattern` kept count n must be a whole number of at least 1, not 0'],
    ['pattern syntax', { ...base, pattern: '2/4' }, 'config_pattern_syntax', '`pattern` must be written N:M with whole numbers (e.g. 8:16), not "2/4"'],
    ['window not multiple of m', { ...base, pattern: '8:16', window: 24 }, 'config_window_not_multiple_of_m', '`window` must be a multiple of m (16), not 24'],
    ['window too large', { ...base, pattern: '2:4', window: 512 }, 'config_window_out_of_range', '`window` must be a channel count (1..256), not 512'],
    ['rows too large', { pattern: '2:4', rows: 65, cols: 4 }, 'config_rows_out_of_range', '`rows` must be a token count (1..64), not 65'],
    ['cols zero', { pattern: '2:4', rows: 4, cols: 0 }, 'config_cols_out_of_range', '`cols` must be an output-channel count (1..64), not 0'],
    ['rows not integer', { pattern: '2:4', rows: 2.5, cols: 4 }, 'config_not_integer', '`rows` must be a whole number, not 2.5'],
    ['rows a string', { pattern: '2:4', rows: 'four', cols: 4 }, 'config_not_integer', '`rows` must be a whole number, not "four"'],
    ['act bits too small', { ...base, pattern: '2:4', actBits: 1 }, 'config_act_bits_out_of_range', '`actBits` must be an operand width in bits (2..16), not 1'],
    ['weight bits too large', { ...base, pattern: '2:4', weightBits: 17 }, 'config_weight_bits_out_of_range', '`weightBits` must be an operand width in bits (2..16), not 17'],
    ['acc bits below A+B', { ...base, pattern: '2:4', actBits: 8, weightBits: 8, accBits: 15 }, 'config_acc_bits_out_of_range', '`accBits` must be at least actBits + weightBits and at most 64 (16..64), not 15'],
    ['acc bits above 64', { ...base, pattern: '2:4', accBits: 65 }, 'config_acc_bits_out_of_range', '`accBits` must be at least actBits + weightBits and at most 64 (16..64), not 65'],
    ['unknown meta', { ...base, pattern: '2:4', meta: 'csr' }, 'config_meta_unknown', '`meta` must be one of index, bitmask, not "csr"'],
    ['unknown field', { ...base, pattern: '2:4', colums: 4 }, 'config_unknown_field', 'unknown field `colums` (known: n, m, pattern, window, rows, cols, actBits, weightBits, accBits, meta, modes, org, schedule, targetMhz, timingMarginPct, scheduleObjective)'],
    ['schedule value', { ...base, pattern: '2:4', schedule: { psumCut: 'thirds' } }, 'config_schedule_invalid', '`schedule`: psumCut must be one of none, products, halves, carrySave, not "thirds"'],
    ['schedule halves on 2 lanes', { ...base, pattern: '2:4', schedule: { psumCut: 'halves' } }, 'config_schedule_invalid', '`schedule`: psumCut halves needs an even lane count of at least 4, not 2 (use products)'],
    ['schedule on a dense engine', { ...base, pattern: '8:8', schedule: { compressorCut: 'keep' } }, 'config_schedule_invalid', '`schedule`: a dense engine has no compressor or lane muxes: only psumCut, inputCut and readyCut apply'],
    ['laneCut on a dense engine', { ...base, pattern: '8:8', schedule: { laneCut: false } }, 'config_schedule_invalid', '`schedule`: a dense engine has no compressor or lane muxes: only psumCut, inputCut and readyCut apply'],
    ['weightMuxCut on a dense engine', { ...base, pattern: '8:8', schedule: { weightMuxCut: true } }, 'config_schedule_invalid', '`schedule`: a dense engine has no compressor or lane muxes: only psumCut, inputCut and readyCut apply'],
    ['weightMuxCut without the lane register', { ...base, pattern: '4:8', window: 8, schedule: { laneCut: false, weightMuxCut: true } }, 'config_schedule_invalid', '`schedule`: weightMuxCut true moves the weight mux in front of the lane register, which laneCut false removes: give laneCut true (or leave it out) with weightMuxCut true'],
    ['weightMuxCut on a flexible engine', { ...base, modes: ['2:4', '4:8'], window: 8, schedule: { weightMuxCut: true } }, 'config_schedule_invalid', '`schedule`: flexible engines take only psumCut and readyCut for now (their compressor keeps its default register)'],
    ['weightMuxCut not a boolean', { ...base, pattern: '2:4', schedule: { weightMuxCut: 1 } }, 'config_schedule_invalid', '`schedule`: weightMuxCut must be true or false, not 1'],
    ['inputCut not a boolean', { ...base, pattern: '2:4', schedule: { inputCut: 'no' } }, 'config_schedule_invalid', '`schedule`: inputCut must be true or false, not "no"'],
    ['inputCut on a flexible engine', { ...base, modes: ['2:4', '4:8'], window: 8, schedule: { inputCut: false } }, 'config_schedule_invalid', '`schedule`: flexible engines take only psumCut and readyCut for now (their compressor keeps its default register)'],
    ['target clock', { ...base, pattern: '2:4', targetMhz: 0 }, 'config_target_mhz_invalid', '`targetMhz` must be a clock in MHz (a number above 0, at most 100000), not 0'],
    ['negative timing margin', { ...base, pattern: '2:4', targetMhz: 1000, timingMarginPct: -1 }, 'config_timing_margin_invalid', '`timingMarginPct` must be a timing margin in percent (a number from 0 to 100), not -1'],
    ['timing margin above 100%', { ...base, pattern: '2:4', targetMhz: 1000, timingMarginPct: 150 }, 'config_timing_margin_invalid', '`timingMarginPct` must be a timing margin in percent (a number from 0 to 100), not 150'],
    ['timing margin not a number', { ...base, pattern: '2:4', targetMhz: 1000, timingMarginPct: '5%' }, 'config_timing_margin_invalid', '`timingMarginPct` must be a timing margin in percent (a number from 0 to 100), not "5%"'],
    ['schedule objective unknown', { ...base, pattern: '2:4', targetMhz: 1000, scheduleObjective: 'power' }, 'config_schedule_objective_invalid', '`scheduleObjective` must be one of latency, area, not "power"'],
    ['schedule objective not a string', { ...base, pattern: '2:4', targetMhz: 1000, scheduleObjective: 1 }, 'config_schedule_objective_invalid', '`scheduleObjective` must be one of latency, area, not 1'],
    ['missing pattern', { ...base }, 'config_missing_pattern', 'no pattern given: set `pattern` (e.g. "8:16"), or `n` and `m`'],
    ['missing rows', { pattern: '2:4', cols: 4 }, 'config_missing_field', '`rows` (tokens in parallel, 1..64) is required'],
    ['not an object', [1, 2] as unknown as Record<string, unknown>, 'config_not_object', 'an engine description must be a JSON object, not an array'],
    ['mode listed twice', { ...base, window: 8, modes: ['2:4', '4:8', '2:4'] }, 'config_mode_duplicate', '`modes[2]` (2:4) is listed twice'],
    ['flexible dense', { ...base, window: 8, modes: ['4:4', '8:8'] }, 'config_flexible_dense', 'a flexible engine needs sparse modes: 4:4 keeps every channel, so all its modes would be the same dense engine'],
    ['mode m not dividing window', { ...base, window: 8, modes: ['2:4', '8:16'] }, 'config_mode_m_not_dividing_window', '`modes[1]` (8:16): m must divide the window (8)'],
    ['unknown org', { ...base, window: 8, modes: ['2:4', '4:8'], org: 'crossbar' }, 'config_org_unknown', '`org` must be one of rank, bitonic, not "crossbar"'],
    ['bitonic needs n = m/2', { ...base, window: 16, modes: ['1:4', '4:16'], org: 'bitonic' }, 'config_org_bitonic_needs_half', '`org` bitonic selects the top half of each group: every mode must keep n = m/2, not 1:4'],
    ['org without modes', { ...base, pattern: '2:4', org: 'rank' }, 'config_org_without_modes', '`org` (rank) chooses the selection hardware of a flexible engine: give at least two `modes`'],
    ['mode lanes differ', { ...base, pattern: '2:4', window: 8, modes: ['2:4', '1:8'] }, 'config_mode_lanes_differ', '`modes[1]` (1:8) gives 1 lanes; every mode must give the default\'s 4 (window*n/m)'],
  ];
  for (const [name, input, code, message] of cases) {
    it(name, () => {
      const r = validateConfig(input);
      expect(r.config).toBeUndefined();
      expect(r.diagnostics.map((d) => [d.code, d.message])).toContainEqual([code, message]);
      if (code !== 'config_mode_lanes_differ') expect(r.diagnostics.filter((d) => d.severity === 'error')).toHaveLength(1);
    });
  }

  it('collects every problem at once', () => {
    const r = validateConfig({ pattern: '5:6', rows: 0, cols: 100, actBits: 40 });
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(
      ['config_act_bits_out_of_range', 'config_cols_out_of_range', 'config_m_not_legal', 'config_rows_out_of_range'].sort());
  });
});

describe('validateConfig accepts', () => {
  it('every preset', () => {
    for (const p of PRESETS) expect(validateConfig(p.input).diagnostics, p.name).toEqual([]);
  });

  it('flexible descriptions: window defaults to the largest m, org to rank, the first mode is the default', () => {
    expect(validateConfig({ modes: ['2:4', '8:16', '4:8'], rows: 1, cols: 2 }).config).toEqual({
      window: 16, rows: 1, cols: 2, actBits: 8, weightBits: 8, accBits: 32, meta: 'index',
      modes: [{ n: 2, m: 4 }, { n: 8, m: 16 }, { n: 4, m: 8 }], org: 'rank',
    });
  });

  it('fills the contract defaults: window m, A = B = 8, acc 32, index metadata, one mode', () => {
    expect(validateConfig({ pattern: '8:16', rows: 2, cols: 3 }).config).toEqual({
      window: 16, rows: 2, cols: 3, actBits: 8, weightBits: 8, accBits: 32, meta: 'index', modes: [{ n: 8, m: 16 }],
    });
  });

  it('n and m instead of pattern, dense n = m, and the widest legal engine', () => {
    expect(validateConfig({ n: 4, m: 4, rows: 1, cols: 1 }).config?.window).toBe(4);
    const wide = validateConfig({ pattern: '32:64', window: 256, rows: 64, cols: 64, actBits: 16, weightBits: 16, accBits: 64 });
    expect(wide.diagnostics).toEqual([]);
  });

  it('a timing margin from 0 to 100 percent, kept as given; absent when not given', () => {
    for (const timingMarginPct of [0, 2.5, 5, 100]) {
      expect(validateConfig({ pattern: '2:4', rows: 1, cols: 1, targetMhz: 1000, timingMarginPct }).config?.timingMarginPct).toBe(timingMarginPct);
    }
    expect(validateConfig({ pattern: '2:4', rows: 1, cols: 1, targetMhz: 1000 }).config).not.toHaveProperty('timingMarginPct');
  });

  it('a schedule objective latency or area, kept as given; absent when not given (like timingMarginPct, accepted without targetMhz)', () => {
    for (const scheduleObjective of ['latency', 'area']) {
      expect(validateConfig({ pattern: '2:4', rows: 1, cols: 1, targetMhz: 1000, scheduleObjective }).config?.scheduleObjective).toBe(scheduleObjective);
      expect(validateConfig({ pattern: '2:4', rows: 1, cols: 1, scheduleObjective }).diagnostics).toEqual([]);
    }
    expect(validateConfig({ pattern: '2:4', rows: 1, cols: 1, targetMhz: 1000 }).config).not.toHaveProperty('scheduleObjective');
  });

  it('raises the default accumulator to A+B when A+B exceeds 32', () => {
    expect(validateConfig({ pattern: '2:4', rows: 1, cols: 1, actBits: 16, weightBits: 16 }).config?.accBits).toBe(32);
    expect(validateConfig({ pattern: '2:4', rows: 1, cols: 1, actBits: 16, weightBits: 16, accBits: 40 }).config?.accBits).toBe(40);
  });
});
