// Fast sampling of the noise distributions the synthetic generator uses, by inverse transform: a
// uniform 32-bit integer indexes a 16,384-entry quantile table with linear interpolation, and the
// outermost bins (probability 2^-11 on each side) are computed exactly so tails are not clipped.

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Quantile of the Laplace distribution with unit variance (scale b = 1/√2); kurtosis 6. */
export function laplaceQuantile(p: number): number {
  const b = Math.SQRT1_2;
  return p < 0.5 ? b * Math.log(2 * p) : -b * Math.log(2 - 2 * p);
}

export function silu(x: number): number {
  return x / (1 + Math.exp(-x));
}

/** GELU, tanh approximation (Gemma's `gelu_pytorch_tanh`). */
export function geluTanh(x: number): number {
  return 0.5 * x * (1 + Math.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)));
}

const INDEX_BITS = 14;
const SIZE = 1 << INDEX_BITS;
const FRAC_BITS = 32 - INDEX_BITS;
const FRAC_SCALE = 2 ** -FRAC_BITS;
const TAIL_BINS = 8;

/** A transform of a uniform 32-bit integer into a sample: f(q) with q = (u + 0.5) / 2^32. */
export class QuantileSampler {
  private readonly table: Float32Array;
  constructor(private readonly fn: (q: number) => number) {
    this.table = new Float32Array(SIZE + 1);
    for (let i = TAIL_BINS; i <= SIZE - TAIL_BINS; i++) this.table[i] = fn(i / SIZE);
  }

  /** One sample from one uniform u32. */
  sample(u: number): number {
    const idx = u >>> FRAC_BITS;
    if (idx < TAIL_BINS || idx >= SIZE - TAIL_BINS) return this.fn((u + 0.5) * 2.3283064365386963e-10);
    const v0 = this.table[idx];
    return v0 + (this.table[idx + 1] - v0) * ((u & (2 ** FRAC_BITS - 1)) * FRAC_SCALE);
  }

  /** out[i] = sample(u[i]). */
  map(u: Uint32Array, out: Float32Array): Float32Array {
    const table = this.table;
    const mask = 2 ** FRAC_BITS - 1;
    for (let i = 0; i < u.length; i++) {
      const x = u[i];
      const idx = x >>> FRAC_BITS;
      if (idx < TAIL_BINS || idx >= SIZE - TAIL_BINS) {
        out[i] = this.fn((x + 0.5) * 2.3283064365386963e-10);
      } else {
        const v0 = table[idx];
        out[i] = v0 + (table[idx + 1] - v0) * ((x & mask) * FRAC_SCALE);
      }
    }
    return out;
  }
}

/** E[f(Z)^k] for Z standard normal, by the midpoint rule over `steps` quantiles. */
export function normalMoment(f: (z: number) => number, k: number, steps = 1 << 16): number {
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += f(normalQuantile((i + 0.5) / steps)) ** k;
  return sum / steps;
}
