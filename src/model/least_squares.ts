// Ordinary least squares for the area/levels model fits: min ‖X·c − y‖² (optionally relative,
// weighting each row by 1/y so large and small designs count alike). Householder QR, columns
// scaled to unit norm first; small dense problems only (a few features, tens of points).

/** Solution and residuals of one fit. */
export interface LeastSquaresFit {
  readonly coefficients: readonly number[];
  /** Model value of each row, X·c. */
  readonly predicted: readonly number[];
}

/**
 * Solves min Σ w_i (x_i·c − y_i)² by Householder QR.
 * @param rows feature vectors, all of the same length (≥ 1)
 * @param targets one target per row
 * @param weights optional non-negative row weights (default 1)
 * @throws RangeError on mismatched sizes, fewer rows than features, or a rank-deficient design
 */
export function leastSquares(rows: readonly (readonly number[])[], targets: readonly number[], weights?: readonly number[]): LeastSquaresFit {
  const n = rows.length;
  const k = rows[0]?.length ?? 0;
  if (n !== targets.length || (weights !== undefined && weights.length !== n)) throw new RangeError('least squares: row, target and weight counts differ');
  if (k === 0 || n < k) throw new RangeError(`least squares: ${n} rows cannot determine ${k} coefficients`);
  const sw = (i: number): number => Math.sqrt(weights?.[i] ?? 1);
  const a: number[][] = rows.map((r, i) => {
    if (r.length !== k) throw new RangeError('least squares: rows of different lengths');
    return r.map((v) => v * sw(i));
  });
  const b: number[] = targets.map((t, i) => t * sw(i));
  // Scale columns to unit norm (features differ by orders of magnitude).
  const scale: number[] = [];
  for (let j = 0; j < k; j++) {
    const norm = Math.hypot(...a.map((r) => r[j]!));
    if (norm === 0) throw new RangeError(`least squares: feature ${j} is zero on every row`);
    scale.push(norm);
    for (const r of a) r[j] = r[j]! / norm;
  }
  // Householder QR, applied to b as we go.
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm += a[i]![j]! ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-12) throw new RangeError(`least squares: features are linearly dependent (column ${j})`);
    const alpha = a[j]![j]! > 0 ? -norm : norm;
    const v: number[] = new Array<number>(n).fill(0);
    for (let i = j; i < n; i++) v[i] = a[i]![j]!;
    v[j] = v[j]! - alpha;
    let vv = 0;
    for (let i = j; i < n; i++) vv += v[i]! ** 2;
    if (vv === 0) continue;
    for (let c = j; c < k; c++) {
      let dot = 0;
      for (let i = j; i < n; i++) dot += v[i]! * a[i]![c]!;
      const f = (2 * dot) / vv;
      for (let i = j; i < n; i++) a[i]![c] = a[i]![c]! - f * v[i]!;
    }
    let dot = 0;
    for (let i = j; i < n; i++) dot += v[i]! * b[i]!;
    const f = (2 * dot) / vv;
    for (let i = j; i < n; i++) b[i] = b[i]! - f * v[i]!;
  }
  const x: number[] = new Array<number>(k).fill(0);
  for (let j = k - 1; j >= 0; j--) {
    let s = b[j]!;
    for (let c = j + 1; c < k; c++) s -= a[j]![c]! * x[c]!;
    if (Math.abs(a[j]![j]!) < 1e-10) throw new RangeError(`least squares: features are linearly dependent (column ${j})`);
    x[j] = s / a[j]![j]!;
  }
  const coefficients = x.map((v, j) => v / scale[j]!);
  const predicted = rows.map((r) => r.reduce((s, v, j) => s + v * coefficients[j]!, 0));
  return { coefficients, predicted };
}
