// The integer operands of a replayed layer: activations quantized per token to A bits
// (src/trace/quantize.ts), weights from the trace quantized per output row to B bits, else seeded
// random B-bit integers, and the output-channel count O (from the weights, an explicit value, or
// the model shape named in the layer's metadata). Diagnostics for what cannot be resolved.

import { error, type Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { signedRange } from '../../src/ir/bits.js';
import { findModel, projectionShape } from '../../src/trace/model_shapes.js';
import { quantizeLayer } from '../../src/trace/quantize.js';
import type { TraceLayer } from '../../src/trace/types.js';
import { Prng } from '../../src/util/prng.js';

export type OutChannelsSource = 'trace weights' | 'option' | 'model shape';

export interface OutChannels {
  readonly outChannels?: number;
  readonly source?: OutChannelsSource;
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * O of a layer: the trace's weights when present (an explicit value must then agree), else the
 * explicit value, else the model shape named by the layer metadata (model + projection) when its
 * K matches the trace's.
 */
export function resolveOutChannels(layer: Pick<TraceLayer, 'name' | 'channels' | 'meta'> & { readonly weights?: { readonly outChannels: number } }, explicit?: number): OutChannels {
  if (layer.weights !== undefined) {
    if (explicit !== undefined && explicit !== layer.weights.outChannels) {
      return { diagnostics: [error('replay_out_channels_mismatch', `--out-channels ${explicit} disagrees with the weights of layer '${layer.name}' (${layer.weights.outChannels} output channels)`, { field: '--out-channels' })] };
    }
    return { outChannels: layer.weights.outChannels, source: 'trace weights', diagnostics: [] };
  }
  if (explicit !== undefined) return { outChannels: explicit, source: 'option', diagnostics: [] };
  const model = layer.meta.model !== undefined ? findModel(layer.meta.model) : undefined;
  if (model !== undefined && layer.meta.projection !== undefined) {
    const shape = projectionShape(model, layer.meta.projection);
    if (shape.inChannels === layer.channels) return { outChannels: shape.outChannels, source: 'model shape', diagnostics: [] };
    return {
      diagnostics: [error('replay_unknown_out_channels',
        `layer '${layer.name}' has no weights, and its metadata (${model.name} ${layer.meta.projection}_proj) does not fit: K = ${layer.channels} channels, not ${shape.inChannels}; pass --out-channels ${layer.name}=O for this layer`, { field: '--out-channels' })],
    };
  }
  return {
    diagnostics: [error('replay_unknown_out_channels',
      `layer '${layer.name}' has no weights and no known model/projection metadata, so its output channels O are unknown; pass --out-channels O (every layer) or --out-channels ${layer.name}=O`, { field: '--out-channels' })],
  };
}

/** Activation codes [T x K] of a layer at A bits (per-token symmetric scale, round half to even). */
export function quantizeActivations(layer: TraceLayer, actBits: number): Int16Array {
  return quantizeLayer(layer.values, layer.tokens, layer.channels, actBits).codes;
}

/**
 * Weight codes [O x K] at B bits: the trace's weights quantized with one symmetric scale per output
 * row (the same rule as activations), or, without weights, uniform random integers in
 * [−2^(B−1), 2^(B−1) − 1] from Prng(seed), row-major.
 */
export function weightCodes(layer: TraceLayer, outChannels: number, weightBits: number, seed: number): Int16Array {
  if (layer.weights !== undefined) return quantizeLayer(layer.weights.values, outChannels, layer.channels, weightBits).codes;
  const { min, max } = signedRange(weightBits);
  const rng = new Prng(seed);
  const codes = new Int16Array(outChannels * layer.channels);
  for (let i = 0; i < codes.length; i++) codes[i] = rng.int(min, max);
  return codes;
}
