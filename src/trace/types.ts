// Trace types: the in-memory form of an activation trace, whatever file it came from. A trace holds
// one or more named layer inputs X [T x K] (T tokens, K input channels) with optional weights
// W [O x K] and metadata. Readers build these; the synthetic generator, statistics and the layer
// replay consume them. No I/O here.

import type { Diagnostic } from '../diagnostics/diagnostic.js';

/**
 * Element types a trace file may store. Values are always decoded to float32 in memory; `dtype`
 * records what the file held (F64 and I32 above 2^24 lose precision in that conversion).
 */
export type TraceDtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I32' | 'I16' | 'I8' | 'U8';

/** Dtypes the writer can produce (what PyTorch users hold activations in). */
export type WritableDtype = 'F32' | 'F16' | 'BF16';

export const TRACE_DTYPES: readonly TraceDtype[] = ['F64', 'F32', 'F16', 'BF16', 'I32', 'I16', 'I8', 'U8'];

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<TraceDtype, number>> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I32: 4, I16: 2, I8: 1, U8: 1,
};

/** The seven linear projections of a Llama-style decoder layer whose inputs are pruned (arXiv:2509.22166). */
export type Projection = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';

export const PROJECTIONS: readonly Projection[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];

/**
 * Descriptive metadata of one layer input. All fields are optional: a trace captured from an
 * unknown model may carry none. Keys other than the named ones are kept as strings.
 */
export interface TraceLayerMeta {
  /** Model name, e.g. `Llama-2-7B` or a Hugging Face id. */
  readonly model?: string;
  /** Decoder layer index, 0-based. */
  readonly layer?: number;
  /** Which projection consumes this input. */
  readonly projection?: Projection;
  /** `captured`, `synthetic`, or anything the producer wrote. */
  readonly source?: string;
  /** Every other metadata key of this layer, verbatim. */
  readonly extra?: Readonly<Record<string, string>>;
}

/** Weights W of the projection, row-major [O x K]: y = X W^T. */
export interface TraceWeights {
  /** O, the number of output channels (rows of W). */
  readonly outChannels: number;
  /** Dtype stored in the file. */
  readonly dtype: TraceDtype;
  /** Length outChannels * K, row-major: element (o, k) at o * K + k. */
  readonly values: Float32Array;
}

/**
 * One layer input X, row-major [T x K]: element (token t, channel k) at t * K + k.
 * Invariants (checked by every reader, relied upon by every consumer): tokens >= 1, channels >= 1,
 * values.length === tokens * channels, every value finite; weights, when present, have the same K.
 * `values` may share memory with the bytes the reader was given (F32 files are not copied).
 */
export interface TraceLayer {
  /** Layer name, unique in the file, e.g. `model.layers.0.mlp.down_proj`. */
  readonly name: string;
  /** T, the number of token rows. */
  readonly tokens: number;
  /** K, the number of input channels (the reduction dimension, along which N:M groups run). */
  readonly channels: number;
  /** Dtype of the input tensor in the file. */
  readonly dtype: TraceDtype;
  /** Length tokens * channels, row-major. */
  readonly values: Float32Array;
  readonly meta: TraceLayerMeta;
  readonly weights?: TraceWeights;
}

/** A whole trace file: its layers in file order plus file-level metadata (string to string). */
export interface TraceFile {
  readonly layers: readonly TraceLayer[];
  readonly metadata: Readonly<Record<string, string>>;
}

/** Value of the `format` metadata key nmcore writes; readers accept files without it. */
export const TRACE_FORMAT_NAME = 'nmcore-trace';
/** Value of the `format_version` metadata key nmcore writes. */
export const TRACE_FORMAT_VERSION = '1';

/** Reader result: a value only when no error was found, plus every diagnostic (errors and warnings). */
export interface ReadResult<T> {
  readonly value?: T;
  readonly diagnostics: readonly Diagnostic[];
}
