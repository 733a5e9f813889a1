// Ceiling of log2 with Verilog's $clog2 semantics (clog2(0) = clog2(1) = 0): the one clog2 of the
// project, used by elaboration, the template-header evaluator, the cost models and the benches.

export function clog2(x: number): number {
  if (!Number.isInteger(x) || x < 0) throw new RangeError(`clog2 of ${x}`);
  let bits = 0;
  while (2 ** bits < x) bits++;
  return bits;
}
