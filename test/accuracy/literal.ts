// A slow, literal implementation of the shared pruning definitions (plain arrays, one token row at
// a time, written from the definitions text, not from src/accuracy), for the tests to compare with.

import type { TraceLayer } from '../../src/trace/types.js';
import type { Prng } from '../../src/util/prng.js';

export type Matrix = number[][];

function quantile(sorted: number[], q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function literalAmber(W: Matrix): number[] {
  const all = W.flat().sort((a, b) => a - b);
  const lo = quantile(all, 0.005), hi = quantile(all, 0.995);
  const inside = all.filter((w) => w >= lo && w <= hi);
  const mu = inside.reduce((s, w) => s + w, 0) / inside.length;
  const sigma = Math.sqrt(inside.reduce((s, w) => s + (w - mu) ** 2, 0) / inside.length);
  const K = W[0]!.length;
  const norms = Array.from({ length: K }, (_, j) => Math.sqrt(W.reduce((s, row) => s + ((row[j]! - mu) / sigma) ** 2, 0)));
  const min = Math.min(...norms);
  return norms.map((v) => v / min);
}

function lowerMedian(row: number[]): number {
  const s = [...row].sort((a, b) => a - b);
  return s[Math.floor((row.length - 1) / 2)]!;
}

function variance(row: number[]): number {
  const mean = row.reduce((s, v) => s + v, 0) / row.length;
  return row.reduce((s, v) => s + (v - mean) ** 2, 0) / (row.length - 1);
}

/** n and m of a pattern on K channels. */
export function shape(pattern: string, K: number): [number, number] {
  if (pattern === 'unstructured') return [Math.floor(K / 2), K];
  const [n, m] = pattern.split(':').map(Number);
  return [n!, m!];
}

export interface LiteralResult { xEff: Matrix; keep: boolean[][]; shifts: number[] }

export function literalPrune(X: Matrix, W: Matrix, pattern: string, criterion: string, mitigation: string): LiteralResult {
  const T = X.length, K = X[0]!.length;
  const [n, m] = shape(pattern, K);
  let shifts = X.map(() => 0);
  if (mitigation === 'dynamic_shift' || mitigation === 'static_shift') shifts = X.map(lowerMedian);
  if (mitigation === 'static_shift') { const eta = shifts.reduce((s, v) => s + v, 0) / T; shifts = shifts.map(() => eta); }
  const Xs = X.map((row, t) => row.map((v) => v - shifts[t]!));
  let factor: number[] = new Array<number>(K).fill(1);
  if (criterion === 'amber') factor = literalAmber(W);
  if (criterion === 'clact') factor = Array.from({ length: K }, (_, j) => Math.sqrt(Xs.reduce((s, row) => s + row[j]! ** 2, 0)));
  const keep = Xs.map((row) => {
    const k = new Array<boolean>(K).fill(false);
    for (let g = 0; g < K; g += m) {
      const idx = Array.from({ length: m }, (_, i) => g + i);
      idx.sort((a, b) => {
        const sa = Math.abs(row[a]!) * factor[a]!, sb = Math.abs(row[b]!) * factor[b]!;
        return sa !== sb ? sb - sa : a - b;
      });
      for (const i of idx.slice(0, n)) k[i] = true;
    }
    return k;
  });
  const xEff = Xs.map((row, t) => {
    const pruned = row.map((v, j) => (keep[t]![j] ? v : 0));
    let scale = 1;
    if (mitigation === 'var') scale = Math.sqrt(variance(X[t]!) / Math.max(variance(pruned), 1e-9));
    return pruned.map((v) => scale * v + shifts[t]!);
  });
  return { xEff, keep, shifts };
}

/** Y = A Bᵀ for A [T x K], B [O x K]. */
export function matmulT(A: Matrix, B: Matrix): Matrix {
  return A.map((a) => B.map((b) => a.reduce((s, v, j) => s + v * b[j]!, 0)));
}

/** A heavy-tailed random layer with an outlier channel, rounded to a coarse grid so ties occur. */
export function randomLayer(rng: Prng, T: number, K: number, O: number, grid: number): { X: Matrix; W: Matrix; layer: TraceLayer } {
  const heavy = (): number => { const u = rng.next() - 0.5; return Math.sign(u) * -Math.log(1 - 2 * Math.abs(u) + 1e-12); };
  const X = Array.from({ length: T }, () => Array.from({ length: K }, (_, j) => Math.round((heavy() + (j === 3 ? 8 : 0)) * grid) / grid));
  const W = Array.from({ length: O }, () => Array.from({ length: K }, () => Math.fround(rng.next() * 2 - 1)));
  const layer: TraceLayer = {
    name: 'rand', tokens: T, channels: K, dtype: 'F32', values: Float32Array.from(X.flat()), meta: {},
    weights: { outChannels: O, dtype: 'F32', values: Float32Array.from(W.flat()) },
  };
  return { X: X.map((r) => r.map(Math.fround)), W, layer };
}

