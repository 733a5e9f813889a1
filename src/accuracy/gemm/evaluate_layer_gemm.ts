// The accuracy of one layer (the same AccuracyResult rows, in the same order, as evaluate_layer.ts)
// with few, big GEMMs and every output channel. Y = X Wᵀ once; for each pattern × criterion ×
// mitigation only the residual R = X − X_eff changes: R_tj = keep ? 0 : x_tj − η_t, so that
// ỹ_t = v_t · (y_t − r_t Wᵀ) for every mitigation (v_t = VAR's scale, else 1; none and var share one
// mask, so one residual). The residuals of many combinations are stacked into one float32 GEMM.
// The engine side stacks its kept A-bit codes the same way into one exact int8 x int8 -> int32
// product (float32 when A or B > 8), then applies the epilogue: ỹ = v_t s_t c_o acc + η_t rowsum_o.
// Masks, shifts and quantization are the reference's own functions (prune.ts, engine_path.ts).

import type { TraceLayer } from '../../trace/types.js';
import type { EngineSelection } from '../engine_path.js';
import type { AccuracyPlan, AccuracyResult } from '../evaluate_layer.js';
import { relativeError, tokenCosine } from '../metrics.js';
import { keptEnergy, lowerMedian, type PrunedLayer } from '../prune.js';
import { engineSelections, floatSelections, type Combo } from './selections.js';
import { INT8_CODE_BITS, type GemmWeights } from './gemm_weights.js';
import type { GemmBackend } from './ort_gemm.js';

/** Output elements (M·O) of one stacked GEMM: bounds its memory at 4 bytes each. */
export const STACKED_OUTPUT_ELEMENTS = 1 << 25;

/** Sums of outputError over tokens, one token at a time (no ỹ matrix is stored). */
class ErrorSums {
  private diff = 0;
  private ref = 0;
  private cos = 0;
  addToken(dot: number, a: number, b: number, diff: number): void { this.diff += diff; this.ref += a; this.cos += tokenCosine(dot, a, b); }
  result(tokens: number): { rel: number; cos: number } { return { rel: relativeError(this.diff, this.ref), cos: this.cos / tokens }; }
}

/** Combinations that share a mask share a residual: var prunes as none does (no shift). */
const maskKey = (c: { pattern: string; criterion: string; mitigation: string }): string => `${c.pattern}|${c.criterion}|${c.mitigation === 'var' ? 'none' : c.mitigation}`;

/** Groups of distinct masks, each group small enough for one stacked GEMM of `rowsPerBlock` rows per mask. */
function chunks<T>(items: readonly T[], rowsPerBlock: number, outChannels: number): T[][] {
  const per = Math.max(1, Math.floor(STACKED_OUTPUT_ELEMENTS / (rowsPerBlock * outChannels)));
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += per) out.push(items.slice(i, i + per));
  return out;
}

/** Distinct masks in first-seen order, each with the indices of the combinations that use it. */
function distinctMasks(keys: readonly string[]): { first: number; users: number[] }[] {
  const byKey = new Map<string, { first: number; users: number[] }>();
  keys.forEach((k, i) => { const g = byKey.get(k); if (g === undefined) byKey.set(k, { first: i, users: [i] }); else g.users.push(i); });
  return [...byKey.values()];
}

async function floatPath(x: Float64Array, layer: TraceLayer, y: Float64Array, w: GemmWeights, gemm: GemmBackend, prunes: readonly PrunedLayer[], keys: readonly string[]): Promise<{ rel: number; cos: number }[]> {
  const { tokens: T, channels: K } = layer, O = w.outChannels;
  const out = new Array<{ rel: number; cos: number }>(prunes.length);
  for (const group of chunks(distinctMasks(keys), T, O)) {
    const r = new Float32Array(group.length * T * K);
    group.forEach((g, b) => {
      const p = prunes[g.first]!;
      for (let t = 0; t < T; t++) {
        const eta = p.rowShift[t]!, base = (b * T + t) * K;
        for (let j = 0; j < K; j++) if (!p.keep[t * K + j]) r[base + j] = x[t * K + j]! - eta;
      }
    });
    const e = await gemm.gemmF32(r, group.length * T, K, w.rows, O);
    group.forEach((g, b) => {
      for (const i of g.users) {
        const v = prunes[i]!.rowScale;
        const sums = new ErrorSums();
        for (let t = 0; t < T; t++) {
          const s = v[t]!, base = (b * T + t) * O, yo = t * O;
          let dot = 0, a = 0, bb = 0, diff = 0;
          for (let o = 0; o < O; o++) {
            const yv = y[yo + o]!, yt = s * (yv - e[base + o]!);
            dot += yv * yt; a += yv * yv; bb += yt * yt; diff += (yv - yt) ** 2;
          }
          sums.addToken(dot, a, bb, diff);
        }
        out[i] = sums.result(T);
      }
    });
  }
  return out;
}

/** acc [M x O] = codes (kept) · Bᵀ of the stacked selections, exact (int8) or float32 (wide codes). */
async function engineProducts(sels: readonly EngineSelection[], T: number, K: number, w: GemmWeights, actBits: number, gemm: GemmBackend): Promise<ArrayLike<number>> {
  const M = sels.length * T, O = w.outChannels;
  const useInt8 = w.codes.kind === 'int8' && actBits <= INT8_CODE_BITS;
  const a = useInt8 ? new Int8Array(M * K) : new Float32Array(M * K);
  sels.forEach((s, b) => { for (let i = 0; i < T * K; i++) if (s.keep[i]) a[b * T * K + i] = s.codes[i]!; });
  if (useInt8 && w.codes.kind === 'int8') return await gemm.gemmI8(a as Int8Array, M, K, w.codes.codesT, O);
  const rows = w.codes.kind === 'float32' ? w.codes.codeRows : Float32Array.from({ length: O * K }, (_, i) => (w.codes as { codesT: Int8Array }).codesT[(i % K) * O + Math.floor(i / K)]!);
  return await gemm.gemmF32(a as Float32Array, M, K, rows, O);
}

async function enginePath(layer: TraceLayer, y: Float64Array, w: GemmWeights, gemm: GemmBackend, sels: readonly EngineSelection[], keys: readonly string[], actBits: number): Promise<{ rel: number; cos: number }[]> {
  const { tokens: T, channels: K } = layer, O = w.outChannels;
  const out = new Array<{ rel: number; cos: number }>(sels.length);
  for (const group of chunks(distinctMasks(keys), T, O)) {
    const acc = await engineProducts(group.map((g) => sels[g.first]!), T, K, w, actBits, gemm);
    group.forEach((g, b) => {
      for (const i of g.users) {
        const s = sels[i]!, cs = w.codeScales, rs = w.rowSumsDequantized;
        const sums = new ErrorSums();
        for (let t = 0; t < T; t++) {
          const c = s.rowScale[t]! * s.scales[t]!, eta = s.shift[t]!, base = (b * T + t) * O, yo = t * O;
          let dot = 0, a = 0, bb = 0, diff = 0;
          for (let o = 0; o < O; o++) {
            const yv = y[yo + o]!, yt = c * cs[o]! * acc[base + o]! + eta * rs[o]!;
            dot += yv * yt; a += yv * yv; bb += yt * yt; diff += (yv - yt) ** 2;
          }
          sums.addToken(dot, a, bb, diff);
        }
        out[i] = sums.result(T);
      }
    });
  }
  return out;
}

/** Every combination of the plan on one layer, then the dense engine row (as evaluateLayer). */
export async function evaluateLayerGemm(layer: TraceLayer, w: GemmWeights, plan: AccuracyPlan, gemm: GemmBackend): Promise<AccuracyResult[]> {
  const { tokens: T, channels: K } = layer;
  const x = Float64Array.from(layer.values);
  const y = await gemm.gemmF64(x, T, K, Float64Array.from(w.rows), w.outChannels);
  const needsShift = plan.mitigations.some((m) => m === 'dynamic_shift' || m === 'static_shift');
  const rowMedians = needsShift ? Float64Array.from({ length: T }, (_, t) => lowerMedian(x, t * K, K)) : undefined;
  const ctx = { ...(w.amberFactors !== undefined ? { amberFactors: w.amberFactors } : {}), ...(rowMedians !== undefined ? { rowMedians } : {}) };
  const combos = plan.patterns.flatMap((pattern) => plan.criteria.flatMap((criterion) => plan.mitigations.map((mitigation) => ({ pattern, criterion, mitigation }))));
  const keys = combos.map(maskKey);
  const prunes = floatSelections(x, T, K, combos, ctx);
  const fl = await floatPath(x, layer, y, w, gemm, prunes, keys);
  const dense: Combo = { pattern: 'dense', criterion: 'magnitude', mitigation: 'none' };
  const sels = engineSelections(layer.values, T, K, plan.actBits, [...combos, dense], ctx);
  const en = await enginePath(layer, y, w, gemm, sels, [...keys, 'dense'], plan.actBits);
  const results: AccuracyResult[] = combos.map((c, i) => ({
    ...c, keptEnergy: keptEnergy(x, prunes[i]!), relOutputError: fl[i]!.rel, cosine: fl[i]!.cos,
    engineRelOutputError: en[i]!.rel, engineCosine: en[i]!.cos, tiedGroups: prunes[i]!.tiedGroups, engineTiedGroups: sels[i]!.tiedGroups, groups: prunes[i]!.groups,
  }));
  const d = en[combos.length]!;
  results.push({
    pattern: 'dense', criterion: 'magnitude', mitigation: 'none', keptEnergy: 1, relOutputError: 0, cosine: 1,
    engineRelOutputError: d.rel, engineCosine: d.cos, tiedGroups: 0, engineTiedGroups: 0, groups: 0,
  });
  return results;
}
