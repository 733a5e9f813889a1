// Duplication of broadcast flip-flops: the one netlist decision about fan-out that elaboration
// makes. acc_first (and the skid's hold flag) is one bit read by every accumulator bit of the array;
// above ACC_FIRST_MAX_PINS gate inputs a single flip-flop's buffer tree costs more than 0.15 ns
// (src/synth/fanout_timing.ts: 1024 pins +0.147 ns, 8192 pins at 16 x 16 PEs +0.207 ns), so the
// control then keeps one identical copy per PE (each drives accBits inputs, +0.054 ns at 32 bits)
// for R·C − 1 more flip-flops. The data broadcasts (lane selects, weights, activations) are not
// duplicated: a copy costs a whole register (R·P·F, C·W·B bits) and saves one buffer level
// (about 0.02 ns); docs/schedule.md has the numbers.

/** Gate inputs above which acc_first is duplicated per PE. */
export const ACC_FIRST_MAX_PINS = 1024;

/** Copies of the control's first-slice (and hold) flags: 1, or one per PE above ACC_FIRST_MAX_PINS. */
export function accFirstCopies(rows: number, cols: number, accBits: number): number {
  return rows * cols * accBits > ACC_FIRST_MAX_PINS ? rows * cols : 1;
}

/** Gate inputs one acc_first bit drives: every accumulator bit of the PEs it serves. */
export function accFirstPinsPerBit(rows: number, cols: number, accBits: number): number {
  return (rows * cols * accBits) / accFirstCopies(rows, cols, accBits);
}
