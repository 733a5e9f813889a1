// The Pareto front of a sweep: the points no other point dominates on every objective (all
// minimized: area, output error, cycles). A point dominates another when it is no worse on every
// objective and better on at least one; equal points are all on the front. Points missing an
// objective are left out.

/** Indices (ascending) of the non-dominated rows; `objectives[i]` has one value per objective, null when unknown. */
export function paretoFront(objectives: readonly (readonly (number | null)[])[]): number[] {
  const known = objectives.map((o, i) => ({ o, i })).filter((x) => x.o.every((v) => v !== null && Number.isFinite(v)));
  const dominates = (a: readonly (number | null)[], b: readonly (number | null)[]): boolean =>
    a.every((v, k) => v! <= b[k]!) && a.some((v, k) => v! < b[k]!);
  return known.filter((x) => !known.some((y) => y.i !== x.i && dominates(y.o, x.o))).map((x) => x.i);
}
