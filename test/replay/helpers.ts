// Small trace layers for the replay tests: a slice of the shipped example trace and seeded random
// float layers (optionally with float weights), so tests need no large files.

import { join } from 'node:path';
import { readTraceFile } from '../../src/trace/read_trace.js';
import type { TraceLayer } from '../../src/trace/types.js';
import { Prng } from '../../src/util/prng.js';

export const EXAMPLES = join(import.meta.dirname, '..', '..', 'traces', 'examples');

/** The first `tokens` rows and `channels` columns of the llama gate example (T=16, K=64). */
export function exampleLayer(tokens: number, channels: number): TraceLayer {
  const r = readTraceFile(join(EXAMPLES, 'llama_gate_t16_k64.safetensors'));
  const l = r.value!.layers[0];
  const values = new Float32Array(tokens * channels);
  for (let t = 0; t < tokens; t++) for (let k = 0; k < channels; k++) values[t * channels + k] = l.values[t * l.channels + k];
  return { name: `${l.name}[0:${tokens},0:${channels}]`, tokens, channels, dtype: l.dtype, values, meta: {} };
}

/** Seeded Laplace-like floats [T x K]; with `outChannels`, float weights [O x K] too. */
export function randomLayer(seed: number, tokens: number, channels: number, outChannels?: number): TraceLayer {
  const rng = new Prng(seed);
  const draw = (): number => (rng.bool(0.5) ? 1 : -1) * -Math.log(1 - rng.next());
  const values = Float32Array.from({ length: tokens * channels }, draw);
  const weights = outChannels === undefined ? undefined : { outChannels, dtype: 'F32' as const, values: Float32Array.from({ length: outChannels * channels }, draw) };
  return { name: `random_${seed}`, tokens, channels, dtype: 'F32', values, meta: {}, ...(weights !== undefined ? { weights } : {}) };
}
