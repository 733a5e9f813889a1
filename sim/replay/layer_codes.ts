// The activation codes of one layer of a lazily read trace (src/trace/layer_stream.ts), read from
// disk now and nothing else kept: bf16 layers are quantized straight from their bits (no float32
// copy: the layer's file bytes plus its codes are all it holds), other dtypes decoded first.

import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { LazyTraceLayer } from '../../src/trace/layer_stream.js';
import { quantizeLayer } from '../../src/trace/quantize.js';
import { quantizeBf16Layer } from '../../src/trace/quantize_bf16.js';

/** Codes [T x K] at `actBits`, or the reader's diagnostics (non-finite values, unreadable file). */
export function layerCodes(layer: LazyTraceLayer, actBits: number): { readonly codes?: Int16Array; readonly diagnostics: readonly Diagnostic[] } {
  if (layer.dtype === 'BF16') {
    let codes: Int16Array | undefined;
    try {
      const bytes = layer.readInputBytes();
      codes = quantizeBf16Layer(new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2), layer.tokens, layer.channels, actBits);
    } catch {
      codes = undefined; // reported below by the checked read
    }
    if (codes !== undefined) return { codes, diagnostics: [] };
  }
  const read = layer.load();
  if (read.value === undefined) return { diagnostics: read.diagnostics };
  return { codes: quantizeLayer(read.value.values, layer.tokens, layer.channels, actBits).codes, diagnostics: read.diagnostics };
}
