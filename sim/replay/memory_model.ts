// The replay's memory model: what each operand costs off chip (bits per token block / per tile),
// how large the on-chip buffers are, and which off-chip port carries what. Sizes only; the
// cycle recurrence that overlaps these transfers with compute is in timing.ts.

import { InternalError } from '../../src/diagnostics/diagnostic.js';

/** Off-chip bandwidth, in bytes per cycle; Infinity (the default) means never a stall. */
export interface MemoryOptions {
  /** Read bandwidth for activations and metadata, and for weights unless `weightBandwidthBytesPerCycle` is set. */
  readonly bandwidthBytesPerCycle?: number;
  /** A separate weight read port of this bandwidth; unset: weights share the read port above. */
  readonly weightBandwidthBytesPerCycle?: number;
  /** Write bandwidth for results; default: `bandwidthBytesPerCycle` (a full-duplex link such as AXI). */
  readonly outputBandwidthBytesPerCycle?: number;
  /** Fetch only the weight rows whose channel some token of the block keeps (default true). */
  readonly weightRowSkipping?: boolean;
}

/** Off-chip form of the activations of one engine top. */
export interface ActivationFormat {
  /** 'dense': K·A bits per token (nm_engine). 'compressed': kept values plus metadata (nm_engine_core). */
  readonly kind: 'dense' | 'compressed';
  readonly actBits: number;
  /** Compressed only: n kept values and this many metadata bits per group of m channels. */
  readonly n: number;
  readonly m: number;
  readonly metaBitsPerGroup: number;
}

/** Activation value bits and metadata bits of one token, as stored off chip. */
export interface TokenBits {
  readonly valueBits: number;
  readonly metaBits: number;
}

/**
 * Per token: dense K·A bits; compressed ceil(K/m) groups of n·A value bits plus metadata
 * (index: n·log2 m bits, bitmask: m bits per group). Only groups holding real channels are
 * stored; the zero groups of a padded last slice are made on chip (zero values, the metadata the
 * compressor gives an all-zero group), so they cost no bandwidth.
 */
export function tokenBits(f: ActivationFormat, channels: number): TokenBits {
  if (f.kind === 'dense') return { valueBits: channels * f.actBits, metaBits: 0 };
  const groups = Math.ceil(channels / f.m);
  return { valueBits: groups * f.n * f.actBits, metaBits: groups * f.metaBitsPerGroup };
}

/** On-chip buffer sizes the model assumes, in bytes. */
export interface BufferSizes {
  /** Two token blocks of activations (ping-pong): the one being computed and the next one loading. */
  readonly activationBufferBytes: number;
  /** Two weight tiles of C columns × K rows (ping-pong). */
  readonly weightBufferBytes: number;
  /** One result tile R × C × accBits; results queue here until written (writes never stall compute). */
  readonly outputTileBytes: number;
}

export function bufferSizes(rows: number, cols: number, channels: number, token: TokenBits, weightBits: number, accBits: number): BufferSizes {
  return {
    activationBufferBytes: (2 * rows * (token.valueBits + token.metaBits)) / 8,
    weightBufferBytes: (2 * cols * channels * weightBits) / 8,
    outputTileBytes: (rows * cols * accBits) / 8,
  };
}

/** Cycles a port of `bytesPerCycle` needs for `bits`: ceil(bits / (8·bytesPerCycle)); 0 when unlimited. */
export function transferCycles(bits: number, bytesPerCycle: number): number {
  if (bits === 0 || bytesPerCycle === Infinity) return 0;
  if (!(bytesPerCycle > 0)) throw new InternalError(`bandwidth must be positive, not ${bytesPerCycle}`);
  return Math.ceil(bits / (8 * bytesPerCycle));
}

/** The three ports, bandwidths resolved (Infinity = unlimited). */
export interface Ports {
  readonly actBytesPerCycle: number;
  /** Equal to actBytesPerCycle and `sharedRead` when weights share the activation port. */
  readonly weightBytesPerCycle: number;
  readonly sharedRead: boolean;
  readonly outputBytesPerCycle: number;
}

export function resolvePorts(o: MemoryOptions): Ports {
  const read = o.bandwidthBytesPerCycle ?? Infinity;
  const shared = o.weightBandwidthBytesPerCycle === undefined;
  return {
    actBytesPerCycle: read,
    weightBytesPerCycle: shared ? read : o.weightBandwidthBytesPerCycle!,
    sharedRead: shared,
    outputBytesPerCycle: o.outputBandwidthBytesPerCycle ?? read,
  };
}
