// The activation codes of one layer of a lazily read trace (src/trace/layer_stream.ts), read from
// disk now and nothing else kept: bf16 layers are read a few rows at a time and quantized straight
// from their bits (no float32 copy: the codes are the one layer-sized array), other dtypes decoded first.

import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import type { LazyTraceLayer } from '../../src/trace/layer_stream.js';
import { quantizeLayer } from '../../src/trace/quantize.js';
import { quantizeBf16Rows } from '../../src/trace/quantize_bf16.js';

/** Bytes of bf16 rows read from disk at a time. */
const READ_CHUNK_BYTES = 1 << 20;

/** Codes [T x K] at `actBits`, or the reader's diagnostics (non-finite values, unreadable file). */
export function layerCodes(layer: LazyTraceLayer, actBits: number): { readonly codes?: Int16Array; readonly diagnostics: readonly Diagnostic[] } {
  if (layer.dtype === 'BF16') {
    // A few rows at a time through one scratch buffer: the codes are the only layer-sized array.
    const T = layer.tokens, K = layer.channels;
    const rowsPerRead = Math.max(1, Math.floor(READ_CHUNK_BYTES / (2 * K)));
    const scratch = new Uint8Array(rowsPerRead * K * 2);
    const codes = new Int16Array(T * K);
    let ok = true;
    try {
      for (let t = 0; t < T && ok; t += rowsPerRead) {
        const rows = Math.min(rowsPerRead, T - t);
        const bytes = layer.readInputRows(t, rows, scratch);
        ok = quantizeBf16Rows(new Uint16Array(bytes.buffer, bytes.byteOffset, rows * K), rows, K, actBits, codes, t * K);
      }
    } catch {
      ok = false; // reported below by the checked read
    }
    if (ok) return { codes, diagnostics: [] };
  }
  const read = layer.load();
  if (read.value === undefined) return { diagnostics: read.diagnostics };
  return { codes: quantizeLayer(read.value.values, layer.tokens, layer.channels, actBits).codes, diagnostics: read.diagnostics };
}
