// Step functions of nm_mode_capture (rtl-templates/nm_mode_capture.v): a flexible engine's mode.
// cfg_mode is captured on the edge that takes the first slice of a dot product (first_q: set by
// reset and by taking a last slice) and held for the whole dot product; mode_q is not reset.

import type { ModeCaptureBlock } from '../../../src/ir/types.js';

export interface ModeCaptureState {
  first_q: number;
  mode_q: number;
}

export function createModeCaptureState(): ModeCaptureState {
  return { first_q: 0, mode_q: 0 };
}

export interface ModeCaptureInputs {
  readonly rst_n: number;
  readonly take: number;
  readonly last: number;
  readonly cfgMode: number;
}

/** The registers after the edge. */
export function nextModeCapture(b: ModeCaptureBlock, s: ModeCaptureState, i: ModeCaptureInputs, n: ModeCaptureState): void {
  n.first_q = !i.rst_n ? 1 : i.take ? i.last : s.first_q;
  n.mode_q = i.take && s.first_q ? i.cfgMode & ((1 << b.modeSelectBits) - 1) : s.mode_q;
}
