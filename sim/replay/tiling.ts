// Tiling of a linear layer Y = X·Wᵀ (X: T tokens × K channels, W: O × K) onto an R × C engine:
// token blocks of R × column blocks of C, each (token block, column block) pair one dot product of
// S = ceil(K / W) slices. Pure arithmetic on the shapes; no data, no timing.

import { InternalError } from '../../src/diagnostics/diagnostic.js';

/** Engine numbers the tiling needs (from EngineIR). */
export interface TileShape {
  /** W: dense channels per slice. */
  readonly windowChannels: number;
  /** R: tokens per dot product. */
  readonly rows: number;
  /** C: output channels per dot product. */
  readonly cols: number;
}

/**
 * How a layer maps onto the engine. Stream order is token-block-major: for each token block b,
 * the column blocks j = 0 .. columnBlocks-1, each streaming its S slices in channel order.
 * K not divisible by W: the last slice of every dot product is zero-padded on chip to W channels
 * (`paddedChannelsPerToken` zeros per token); it still costs one full cycle and is counted in `slices`.
 * A short last token block (T mod R tokens) or column block (O mod C columns) still occupies the
 * whole R × C array; the idle PEs compute on zero rows / zero columns and count as unused.
 */
export interface LayerTiling {
  readonly tokens: number;
  readonly channels: number;
  readonly outChannels: number;
  /** S = ceil(K / W): slices per dot product. */
  readonly slicesPerDotProduct: number;
  /** S·W − K: zero channels appended per token in the last slice. */
  readonly paddedChannelsPerToken: number;
  /** ceil(T / R). */
  readonly tokenBlocks: number;
  /** ceil(O / C). */
  readonly columnBlocks: number;
  /** tokenBlocks · columnBlocks: dot products (one m_out transfer each). */
  readonly dotProducts: number;
  /** dotProducts · S: slices taken by the engine (one per cycle at full speed). */
  readonly slices: number;
  /** Dot products whose last slice is partly padding (all of them when W does not divide K, else 0). */
  readonly paddedSlices: number;
}

export function tileLayer(shape: TileShape, tokens: number, channels: number, outChannels: number): LayerTiling {
  for (const [name, v] of [['tokens', tokens], ['channels', channels], ['outChannels', outChannels]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new InternalError(`tileLayer: ${name} must be a positive integer, not ${v}`);
  }
  const W = shape.windowChannels;
  const S = Math.ceil(channels / W);
  const tokenBlocks = Math.ceil(tokens / shape.rows);
  const columnBlocks = Math.ceil(outChannels / shape.cols);
  const dotProducts = tokenBlocks * columnBlocks;
  const padded = S * W - channels;
  return {
    tokens, channels, outChannels, slicesPerDotProduct: S, paddedChannelsPerToken: padded,
    tokenBlocks, columnBlocks, dotProducts, slices: dotProducts * S, paddedSlices: padded > 0 ? dotProducts : 0,
  };
}

/** Tokens in token block b: R, or T mod R for a short last block. */
export function tokensInBlock(t: LayerTiling, rows: number, b: number): number {
  return Math.min(rows, t.tokens - b * rows);
}

/** Output channels in column block j: C, or O mod C for a short last block. */
export function colsInBlock(t: LayerTiling, cols: number, j: number): number {
  return Math.min(cols, t.outChannels - j * cols);
}
