// The value side of the replay, for small layers: the exact slice stream the tiling feeds the
// engine (dense int slices in stream order, zero padding and skipped weight rows made explicit)
// and the layer's expected results by a direct integer matmul over the kept values. Used to prove
// the replay against the RTL and the cycle model; O(T·K·O), not for large layers.

import { wrapSigned } from '../../src/ir/bits.js';
import type { EngineIR } from '../../src/ir/types.js';
import { topNKeep, type DenseSlice } from '../../src/ref/functional.js';
import { tileLayer, type LayerTiling } from './tiling.js';

/** kept[t*K + k] = 1 when token t keeps channel k (contract §2 on the row zero-padded to a multiple of m). */
export function keptChannels(codes: Int16Array, tokens: number, channels: number, n: number, m: number): Uint8Array {
  const kept = new Uint8Array(tokens * channels);
  const group = new Int32Array(m);
  for (let t = 0; t < tokens; t++) {
    for (let c0 = 0; c0 < channels; c0 += m) {
      for (let i = 0; i < m; i++) group[i] = c0 + i < channels ? codes[t * channels + c0 + i] : 0;
      const keep = topNKeep(group, n);
      for (let i = 0; i < m && c0 + i < channels; i++) if (keep[i]) kept[t * channels + c0 + i] = 1;
    }
  }
  return kept;
}

export interface SliceStream {
  readonly tiling: LayerTiling;
  /** Slices in stream order: token block, column block, slice. */
  readonly slices: DenseSlice[];
}

/**
 * The stream for Y = X·Wᵀ: act codes [T x K], weight codes [O x K]. With `skipWeightRows`, weight
 * rows no token of the block keeps are sent as zeros (they are never fetched); the results do not
 * change, since the engine multiplies only kept channels.
 */
export function buildSliceStream(ir: EngineIR, mode: number, act: Int16Array, wgt: Int16Array, tokens: number, channels: number, outChannels: number, skipWeightRows = true): SliceStream {
  const { windowChannels: W, rows: R, cols: C } = ir;
  const { n, m } = ir.modes[mode]!;
  const K = channels;
  const tiling = tileLayer(ir, tokens, K, outChannels);
  const kept = skipWeightRows ? keptChannels(act, tokens, K, n, m) : undefined;
  const slices: DenseSlice[] = [];
  const needed = new Uint8Array(K);
  for (let b = 0; b < tiling.tokenBlocks; b++) {
    needed.fill(kept === undefined ? 1 : 0);
    if (kept !== undefined) {
      for (let t = b * R; t < Math.min(tokens, (b + 1) * R); t++) for (let k = 0; k < K; k++) if (kept[t * K + k]) needed[k] = 1;
    }
    for (let j = 0; j < tiling.columnBlocks; j++) {
      for (let s = 0; s < tiling.slicesPerDotProduct; s++) {
        const a = new Int32Array(R * W);
        const w = new Int32Array(C * W);
        for (let x = 0; x < W; x++) {
          const k = s * W + x;
          if (k >= K) continue; // zero padding of the last slice
          for (let r = 0; r < R; r++) {
            const t = b * R + r;
            if (t < tokens) a[r * W + x] = act[t * K + k];
          }
          if (!needed[k]) continue; // skipped weight row
          for (let c = 0; c < C; c++) {
            const o = j * C + c;
            if (o < outChannels) w[c * W + x] = wgt[o * K + k];
          }
        }
        slices.push({ act: a, wgt: w, last: s === tiling.slicesPerDotProduct - 1, mode });
      }
    }
  }
  return { tiling, slices };
}

/** Y[t*O + o] = Σ over channels k kept by token t of act[t,k]·wgt[o,k], as a signed accBits-bit value. */
export function keptMatmul(act: Int16Array, wgt: Int16Array, tokens: number, channels: number, outChannels: number, n: number, m: number, accBits: number): bigint[] {
  const kept = keptChannels(act, tokens, channels, n, m);
  const y: bigint[] = [];
  for (let t = 0; t < tokens; t++) {
    for (let o = 0; o < outChannels; o++) {
      let sum = 0n;
      for (let k = 0; k < channels; k++) if (kept[t * channels + k]) sum += BigInt(act[t * channels + k] * wgt[o * channels + k]);
      y.push(wrapSigned(sum, accBits));
    }
  }
  return y;
}

/** The R × C results of dot product (b, j), out[r*C + c], as the engine delivers them (zeros for padded rows/cols). */
export function expectedTile(y: readonly bigint[], tiling: LayerTiling, rows: number, cols: number, b: number, j: number): bigint[] {
  const out: bigint[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const t = b * rows + r, o = j * cols + c;
      out.push(t < tiling.tokens && o < tiling.outChannels ? y[t * tiling.outChannels + o] : 0n);
    }
  }
  return out;
}
