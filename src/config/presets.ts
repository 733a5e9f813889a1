// Named engine descriptions for the CLI, docs and tests: each N:M pattern of the study, windows
// wider than m, both metadata encodings, the dense reference, an equal-lane set (16 lanes) and the
// two common flexible sets (modes selected at run time by cfg_mode).
// Every preset is small enough (at most 4 x 4 PEs) to be cosimulated against the RTL in every test
// run; larger engines are the same templates with more instances (pass --rows/--cols).

import type { EngineConfigInput } from './engine_config.js';

export interface Preset {
  readonly name: string;
  readonly summary: string;
  readonly input: EngineConfigInput;
}

/** The common flexible sets: every pattern of the study at 16 lanes, and the two practical ones at 8. */
export const FLEX_W32_MODES: readonly string[] = ['2:4', '4:8', '8:16', '16:32'];
export const FLEX_W16_MODES: readonly string[] = ['2:4', '8:16'];

const preset = (name: string, summary: string, input: EngineConfigInput): Preset => ({ name, summary, input });

export const PRESETS: readonly Preset[] = [
  preset('nm1of4_r4c4', '1:4 (75% sparse), window 4, 4x4 PEs', { pattern: '1:4', rows: 4, cols: 4 }),
  preset('nm2of4_r4c4', '2:4, window 4, 4x4 PEs: the pattern of today\'s sparse tensor cores, on activations', { pattern: '2:4', rows: 4, cols: 4 }),
  preset('nm2of4_w16_r4c4', '2:4 with a 16-channel window (8 lanes), 4x4 PEs', { pattern: '2:4', window: 16, rows: 4, cols: 4 }),
  preset('nm4of8_r4c4', '4:8, window 8, 4x4 PEs', { pattern: '4:8', rows: 4, cols: 4 }),
  preset('nm8of16_r4c4', '8:16, window 16, 4x4 PEs: the study\'s practical balance', { pattern: '8:16', rows: 4, cols: 4 }),
  preset('nm16of32_r4c4', '16:32, window 32, 4x4 PEs: closest to unstructured 50%', { pattern: '16:32', rows: 4, cols: 4 }),
  preset('nm8of16_bitmask_r2c3', '8:16 with bitmask metadata on a 2x3 array', { pattern: '8:16', rows: 2, cols: 3, meta: 'bitmask' }),
  preset('dense_w8_r4c4', 'dense reference (8:8), window 8, 4x4 PEs: same 8 lanes as 2:4/4:8/8:16 at window 16', { pattern: '8:8', rows: 4, cols: 4 }),
  preset('nm2of4_w32_r4c4', 'equal lanes (16): 2:4, window 32, 4x4 PEs', { pattern: '2:4', window: 32, rows: 4, cols: 4 }),
  preset('nm4of8_w32_r4c4', 'equal lanes (16): 4:8, window 32, 4x4 PEs', { pattern: '4:8', window: 32, rows: 4, cols: 4 }),
  preset('nm8of16_w32_r4c4', 'equal lanes (16): 8:16, window 32, 4x4 PEs', { pattern: '8:16', window: 32, rows: 4, cols: 4 }),
  preset('dense_w16_r4c4', 'equal lanes (16): dense reference, window 16, 4x4 PEs', { pattern: '16:16', rows: 4, cols: 4 }),
  preset('flex4_w32_r2c2', 'flexible: 2:4, 4:8, 8:16, 16:32 selected by cfg_mode, window 32 (16 lanes), 2x2 PEs', { modes: [...FLEX_W32_MODES], window: 32, rows: 2, cols: 2 }),
  preset('flex2_w16_r2c2', 'flexible: 2:4, 8:16 selected by cfg_mode, window 16 (8 lanes), 2x2 PEs', { modes: [...FLEX_W16_MODES], window: 16, rows: 2, cols: 2 }),
];

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}
