// Builds the small example traces in traces/examples/ (demos and tests) and the malformed files in
// traces/examples/bad/ (one per reader diagnostic). The synthetic ones use the uncalibrated generator
// (`calibration: 'none'`, as before the measured tables existed), so the files stay as they were.
// Deterministic: rerun with
//   npx tsx traces/make_examples.ts
// and test/trace/examples.test.ts checks that the committed files equal what this builds.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import { encodeF16 } from '../src/trace/float16.js';
import { modulePath } from '../src/trace/model_shapes.js';
import { encodeSafetensors, encodeTrace } from '../src/trace/safetensors_writer.js';
import { synthesizeLayer, type SynthLayerSpec } from '../src/trace/synthetic.js';
import { TRACE_FORMAT_NAME, TRACE_FORMAT_VERSION, type TraceFile } from '../src/trace/types.js';

/** A numpy .npy v1.0 file: magic, version, header dict padded with spaces to a multiple of 64 bytes, data. */
export function encodeNpy(descr: string, shape: readonly number[], data: Uint8Array): Uint8Array {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const header = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(strToU8(header), 10);
  out.set(data, total);
  return out;
}

/** A 0-d numpy unicode string array (descr `<U…`, UTF-32LE), as the npz `__metadata__` member. */
export function encodeNpyString(text: string): Uint8Array {
  const cps = [...text].map((c) => c.codePointAt(0)!);
  const u32 = Uint32Array.from(cps);
  return encodeNpy(`<U${cps.length}`, [], new Uint8Array(u32.buffer));
}

const bytesOf = (a: Float32Array | Uint16Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

const GATE: SynthLayerSpec = {
  model: 'Llama-2-7B', projection: 'gate', layer: 0, numLayers: 32, tokens: 16, channels: 64,
  outChannels: 32, withWeights: true, seed: 1, dtype: 'BF16', calibration: 'none',
};

function file(layers: TraceFile['layers'], extra: Record<string, string> = {}): TraceFile {
  return { layers, metadata: { format: TRACE_FORMAT_NAME, format_version: TRACE_FORMAT_VERSION, generator: 'traces/make_examples.ts', ...extra } };
}

/** Every example file, keyed by its path under traces/examples/. */
export function buildExamples(): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  const gate = synthesizeLayer(GATE);
  out.set('llama_gate_t16_k64.safetensors', encodeTrace(file([gate], { model: 'Llama-2-7B', note: 'tiny llama-like gate_proj input, K cut to 64' })));

  const tiny = (projection: SynthLayerSpec['projection'], channels: number, outChannels: number, withWeights: boolean) =>
    synthesizeLayer({ model: 'tiny-llama', projection, layer: 3, numLayers: 8, tokens: 32, channels, outChannels, withWeights, seed: 7, dtype: 'F16' });
  out.set('tiny_llama_layer3.safetensors', encodeTrace(file([tiny('q', 128, 128, false), tiny('o', 128, 128, false), tiny('down', 352, 128, true)], { model: 'tiny-llama' })));

  const down = synthesizeLayer({ model: 'Llama-2-7B', projection: 'down', layer: 1, numLayers: 32, tokens: 8, channels: 11008, seed: 3, dtype: 'BF16', calibration: 'none' });
  out.set('llama2_down_t8_k11008.safetensors', encodeTrace(file([down], { model: 'Llama-2-7B', note: 'full-width Llama-2-7B down_proj input, 8 tokens' })));

  out.set('llama_gate_t16_k64_f16.npy', encodeNpy('<f2', [16, 64], bytesOf(encodeF16(gate.values))));

  const a = synthesizeLayer({ ...GATE, projection: 'q', seed: 2, dtype: 'F32', tokens: 8 });
  const b = synthesizeLayer({ ...GATE, projection: 'down', seed: 2, dtype: 'F32', tokens: 8, channels: 96, outChannels: 64 });
  const mtime = new Date(2025, 0, 1);
  out.set('two_layers.npz', zipSync({
    'attn_q.input.npy': [encodeNpy('<f4', [8, 64], bytesOf(a.values)), { mtime }],
    'attn_q.weight.npy': [encodeNpy('<f4', [32, 64], bytesOf(a.weights!.values)), { mtime }],
    'mlp_down.input.npy': [encodeNpy('<f4', [8, 96], bytesOf(b.values)), { mtime }],
    '__metadata__.npy': [encodeNpyString(JSON.stringify({ model: 'Llama-2-7B', 'attn_q.projection': 'q', 'attn_q.layer': '0', 'mlp_down.projection': 'down', 'mlp_down.layer': '0' })), { mtime }],
  }));

  // Malformed files: each must give exactly one error diagnostic.
  const small = (values: Float32Array, shape: number[], extra: Parameters<typeof encodeSafetensors>[0] = []) =>
    encodeSafetensors([{ name: 'layer0.input', dtype: 'F32', shape, values }, ...extra], { format: TRACE_FORMAT_NAME });
  const good = small(new Float32Array(4 * 64).map((_, i) => Math.sin(i)), [4, 64]);
  out.set('bad/truncated.safetensors', good.slice(0, good.length - 100));
  const beyond = good.slice(0, 200);
  new DataView(beyond.buffer).setUint32(0, 1_000_000, true);
  out.set('bad/header_beyond_file.safetensors', beyond);
  out.set('bad/unknown_dtype.safetensors', rawSafetensors({ 'layer0.input': { dtype: 'F8_E4M3', shape: [4, 64], data_offsets: [0, 256] } }, new Uint8Array(256).fill(0x38)));
  const nan = new Float32Array(4 * 64).map((_, i) => Math.cos(i));
  nan[2 * 64 + 5] = NaN;
  nan[3 * 64 + 1] = Infinity;
  out.set('bad/non_finite.safetensors', small(nan, [4, 64]));
  out.set('bad/shape_mismatch.safetensors', small(new Float32Array(4 * 64).fill(0.5), [4, 64], [{ name: 'layer0.weight', dtype: 'F32', shape: [8, 32], values: new Float32Array(8 * 32).fill(0.25) }]));
  out.set('bad/empty_tokens.safetensors', small(new Float32Array(0), [0, 64]));
  const npy = encodeNpy('<f4', [4, 64], bytesOf(new Float32Array(256).fill(1)));
  out.set('bad/truncated.npy', npy.slice(0, npy.length - 64));
  return out;
}

/** A safetensors file from a literal header object and data bytes (for dtypes the writer refuses). */
function rawSafetensors(header: object, data: Uint8Array): Uint8Array {
  const json = JSON.stringify(header);
  const n = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + n + data.length);
  new DataView(out.buffer).setUint32(0, n, true);
  out.set(strToU8(json.padEnd(n, ' ')), 8);
  out.set(data, 8 + n);
  return out;
}

const here = dirname(fileURLToPath(import.meta.url));
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const [rel, bytes] of buildExamples()) {
    const p = join(here, 'examples', rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, bytes);
    console.log(`${rel}: ${bytes.length} bytes`);
  }
}
