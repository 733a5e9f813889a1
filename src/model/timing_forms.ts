// The forms of the analytic timing model: for each register-to-register path class of a block,
// the features (structural counts read from one IR block) whose fitted linear combination gives
// the path's logic delay in ns (register overhead excluded), and which endpoints of a synthesized
// block's static timing (synth/sta.ts) measure that path. Shared by the model (timing.ts) and the
// fit (fit.ts), so both evaluate the same features and read the same synthesis figure.

import { assertNever } from '../diagnostics/diagnostic.js';
import type { Block, CompressorBlock, FlexCompressorBlock, FlexDecoderBlock, MetaDecoderBlock, MuxNetworkBlock, PathArc, ProcessingElementBlock } from '../ir/types.js';
import { synthEndpointNs, type EndpointClass } from '../synth/arc_timing.js';
import type { StaResult } from '../synth/sta.js';
import { decoderPrefixLevels, decoderRippleBits, type Form } from './forms.js';

/**
 * Timing model keys. A pipelined compressor (m ≥ 16) has two paths around its comparison register
 * (`compressor_compare` ends in it, `compressor_rank` starts from it); a PE has the path into its
 * partial-sum register (multipliers and adder tree) and the accumulator path after it.
 */
export type FittedTimingKey =
  | 'compressor' | 'compressor_compare' | 'compressor_rank' | 'meta_decoder_bitmask' | 'meta_decoder_index'
  | 'mux_network' | 'pe_tree' | 'pe_accumulator' | 'delay_line' | 'stream_control' | 'pe_multiply' | 'pe_merge'
  | 'pe_multiply_cs' | 'pe_merge_cs' | 'pe_accumulator_cs' | 'pe_accumulator_split'
  | 'flex_rank' | 'flex_rank_compare' | 'flex_rank_count' | 'flex_bitonic' | 'flex_decoder_bitmask' | 'flex_decoder_index' | 'mode_capture';
/**
 * Every path class; `flex_bitonic_keep` (the registered keep mask of a pipelined bitonic compressor,
 * wired straight to its outputs) has no logic and no fit: 0 ns.
 */
export type TimingModelKey = FittedTimingKey | 'flex_bitonic_keep';
/** The keys with fitted coefficients (every key but flex_bitonic_keep). */
export const TIMING_MODEL_KEYS: readonly FittedTimingKey[] = [
  'compressor', 'compressor_compare', 'compressor_rank', 'meta_decoder_bitmask', 'meta_decoder_index',
  'mux_network', 'pe_tree', 'pe_accumulator', 'delay_line', 'stream_control', 'pe_multiply', 'pe_merge',
  'pe_multiply_cs', 'pe_merge_cs', 'pe_accumulator_cs', 'pe_accumulator_split',
  'flex_rank', 'flex_rank_compare', 'flex_rank_count', 'flex_bitonic', 'flex_decoder_bitmask', 'flex_decoder_index', 'mode_capture',
];
/** Keys of the blocks only flexible engines have: a coefficients file fitted before them may lack them. */
export const FLEX_TIMING_KEYS: ReadonlySet<string> = new Set(['flex_rank', 'flex_rank_compare', 'flex_rank_count', 'flex_bitonic', 'flex_decoder_bitmask', 'flex_decoder_index', 'mode_capture']);

const log2c = (x: number): number => Math.ceil(Math.log2(Math.max(1, x)));

/** Full-adder levels that reduce `n` vectors to two (each level turns every three into two), as nm_pe's CS = 1 tree. */
export function carrySaveLevels(n: number): number {
  let levels = 0;
  for (let k = n; k > 2; k = 2 * Math.floor(k / 3) + (k % 3)) levels++;
  return levels;
}
const one = { name: 'fixed', unit: 'ns', of: (): number => 1 };

const modesOf = (b: FlexCompressorBlock | FlexDecoderBlock): number => b.modes.length;
/** Compare-and-swap layers a key crosses in the bitonic selector: K(K-1)/2 + 1, K = log2 m. */
const bitonicLayers = (b: FlexCompressorBlock): number => (log2c(b.m) * (log2c(b.m) - 1)) / 2 + 1;

const FORMS: Record<FittedTimingKey, Form<never>> = {
  compressor: {
    formula: 'c1 + c2*A + c3*log2(m) + c4*log2(m)^2 + c5*log2(n+1) (|a|, A-bit magnitude compare, rank count over m-1 comparisons, "< n": the count is resolved up to n, log2(n+1) bits)',
    features: [one, { name: 'A', unit: 'ns per activation bit', of: (b: CompressorBlock) => b.actBits },
      { name: 'log2m', unit: 'ns per doubling of m', of: (b: CompressorBlock) => log2c(b.m) },
      { name: 'log2mSquared', unit: 'ns per log2(m)^2', of: (b: CompressorBlock) => log2c(b.m) ** 2 },
      { name: 'log2nPlus1', unit: 'ns per bit of the count resolved (log2(n+1))', of: (b: CompressorBlock) => Math.log2(b.n + 1) }],
  },
  compressor_compare: {
    formula: 'c1 + c2*A (|a| and the A-bit magnitude comparison, into the comparison register)',
    features: [one, { name: 'A', unit: 'ns per activation bit', of: (b: CompressorBlock) => b.actBits }],
  },
  compressor_rank: {
    formula: 'c1 + c2*log2(m) (rank count over m-1 registered comparisons and "< n", to the keep mask)',
    features: [one, { name: 'log2m', unit: 'ns per doubling of m', of: (b: CompressorBlock) => log2c(b.m) }],
  },
  meta_decoder_bitmask: {
    formula: 'c1 + c2*(log2(m)-1) + c3*ripple (Kogge-Stone prefix count: log2(m)-1 adder levels, ripple = sum over levels of min(l+1, clog2 n) carry-chain bits crossed; then the sum-addressed lane compare)',
    features: [one, { name: 'prefixLevels', unit: 'ns per prefix-count adder level', of: decoderPrefixLevels },
      { name: 'rippleBits', unit: 'ns per carry-chain bit crossed', of: decoderRippleBits }],
  },
  meta_decoder_index: {
    formula: 'c1 + c2*log2(log2 m) (index compare: an AND tree over log2(m) bits)',
    features: [one, { name: 'log2IndexBits', unit: 'ns per doubling of the index width', of: (b: MetaDecoderBlock) => log2c(log2c(b.m)) }],
  },
  mux_network: {
    formula: 'c1 + c2*log2(F) + c3*log2(width) (AND-OR over F = m-n+1 candidates; each select drives width bits)',
    features: [one, { name: 'log2F', unit: 'ns per doubling of the fan-in', of: (b: MuxNetworkBlock) => log2c(b.muxFanIn) },
      { name: 'log2Width', unit: 'ns per doubling of the operand width', of: (b: MuxNetworkBlock) => log2c(b.widthBits) }],
  },
  pe_tree: {
    formula: 'c1 + c2*(A+B) + c3*log2(P) + c4*[P > 2]*(A+B) (multipliers, a log2(P)-deep sum; from 3 lanes up Yosys maps the sum of products as one carry-save reduction, slower per product bit)',
    features: [one, { name: 'productBits', unit: 'ns per product bit (A + B)', of: (b: ProcessingElementBlock) => b.actBits + b.weightBits },
      { name: 'log2P', unit: 'ns per doubling of the lanes', of: (b: ProcessingElementBlock) => log2c(b.lanes) },
      { name: 'reductionProductBits', unit: 'ns per product bit when P > 2', of: (b: ProcessingElementBlock) => (b.lanes > 2 ? b.actBits + b.weightBits : 0) }],
  },
  pe_multiply: {
    // The log2(parts)^2 term: with many registered parts (products, 16 or 32) the multipliers are mapped up to the
    // merge adder's path (measured 0.68, 0.74, 0.84, 0.97 ns at 4, 8, 16, 32 products, 8 x 8 bits).
    formula: 'c1 + c2*(A+B) + c3*log2(P/parts) + c4*[P/parts > 2]*(A+B) + c5*log2(parts)^2 (split PE: multipliers and the sum of each part, into the part registers; ABC relaxes them toward the merge adder of the parts, whose depth grows with log2(parts)^2)',
    features: [one, { name: 'productBits', unit: 'ns per product bit (A + B)', of: (b: ProcessingElementBlock) => b.actBits + b.weightBits },
      { name: 'log2LanesPerPart', unit: 'ns per doubling of the lanes of a part', of: (b: ProcessingElementBlock) => log2c(b.lanes / Math.max(1, b.psumParts)) },
      { name: 'reductionProductBits', unit: 'ns per product bit when a part sums more than 2 lanes', of: (b: ProcessingElementBlock) => (b.lanes / Math.max(1, b.psumParts) > 2 ? b.actBits + b.weightBits : 0) },
      { name: 'log2PartsSquared', unit: 'ns per log2(parts)^2 (the merge path the multipliers are relaxed to)', of: (b: ProcessingElementBlock) => log2c(b.psumParts) ** 2 }],
  },
  pe_merge: {
    // Measured (14 PEs): 0.56, 0.59, 0.73, 0.91, 1.12 ns at 2, 4, 8, 16, 32 registered products (8 x 8 bits), and
    // 0.73-1.10 ns for two halves of 2-8 lanes (mapped up to the halves' own deep sums).
    formula: 'c1 + c2*log2(parts)^2 + c3*log2(P/parts)*(A+B) + c4*psum (split PE: the sum of the registered parts, into the partial-sum register: an adder tree log2(parts) deep whose carry chains widen with each level; with halves, relaxed toward the part sums of P/parts products)',
    features: [one, { name: 'log2PartsSquared', unit: 'ns per log2(parts)^2', of: (b: ProcessingElementBlock) => log2c(b.psumParts) ** 2 },
      { name: 'log2LanesPerPartProductBits', unit: 'ns per doubling of the lanes of a part per product bit', of: (b: ProcessingElementBlock) => log2c(b.lanes / Math.max(1, b.psumParts)) * (b.actBits + b.weightBits) },
      { name: 'psumBits', unit: 'ns per partial-sum bit', of: (b: ProcessingElementBlock) => b.psumBits }],
  },
  pe_multiply_cs: {
    // Measured apart from pe_multiply: in a carry-save PE the multipliers map up to its accumulator path.
    formula: 'c1 + c2*log2(A+B) + c3*acc (carry-save PE: the multipliers, a partial-product reduction and final add log-deep in the product width, into the product registers; ABC\'s area recovery relaxes them toward the PE\'s worst path, the acc-bit accumulator, so its width enters)',
    features: [one, { name: 'log2ProductBits', unit: 'ns per doubling of the product width (A + B)', of: (b: ProcessingElementBlock) => Math.log2(b.actBits + b.weightBits) },
      { name: 'accBits', unit: 'ns per accumulator bit (the path the multipliers are relaxed to)', of: (b: ProcessingElementBlock) => b.accBits }],
  },
  pe_merge_cs: {
    // Measured (10 PEs, 2..32 parts; 8 x 8 bits, acc 32: 0.07, 0.32, 0.61, 0.69, 0.76 ns at 0, 2, 4, 6, 8
    // levels): about 0.125 ns per level up to 4, then much less, and with the accumulator's width (deep
    // trees are relaxed toward the PE's accumulator path: 0.66, 0.69, 0.73 ns at acc 24, 32, 48, 16 lanes).
    formula: 'c1 + c2*min(levels, 4) + c3*max(0, levels - 4) + c4*acc (carry-save PE: full-adder levels reducing the registered parts to two vectors, no carry chain, into the partial-sum registers; the levels beyond 4 cost less, the tree being relaxed toward the acc-bit accumulator path)',
    features: [one, { name: 'carrySaveLevelsUpTo4', unit: 'ns per full-adder level (the first 4)', of: (b: ProcessingElementBlock) => Math.min(carrySaveLevels(b.psumParts), 4) },
      { name: 'carrySaveLevelsBeyond4', unit: 'ns per full-adder level beyond 4', of: (b: ProcessingElementBlock) => Math.max(0, carrySaveLevels(b.psumParts) - 4) },
      { name: 'accBits', unit: 'ns per accumulator bit (the path the tree is relaxed to)', of: (b: ProcessingElementBlock) => b.accBits }],
  },
  pe_accumulator_cs: {
    // Measured: 0.59, 0.74, 0.80, 0.93 ns at acc 16, 24, 32, 48 (log-deep in acc, as a fast adder), slightly slower with more lanes.
    formula: 'c1 + c2*log2(acc) + c3*log2(P) (carry-save PE: accumulator + the two partial-sum vectors + the sign correction P*2^(A+B-1), one carry-save add and the acc-bit carry-propagate add, mapped log-deep)',
    features: [one, { name: 'log2AccBits', unit: 'ns per doubling of the accumulator width', of: (b: ProcessingElementBlock) => Math.log2(b.accBits) },
      { name: 'log2P', unit: 'ns per doubling of the lanes', of: (b: ProcessingElementBlock) => log2c(b.lanes) }],
  },
  pe_accumulator_split: {
    // Measured (14 split PEs): mapped up to the PE's worst path, 0.68, 0.83, 0.98 ns at 8, 16, 32 registered
    // products (8 x 8 bits, acc 32) and 1.49 ns for two halves of 8 lanes; the unsplit form read them 10-29% off.
    formula: 'c1 + c2*log2(acc) + c3*log2(parts)^2 + c4*log2(P/parts)*(A+B) (split PE: accumulator add with the first-slice and result muxes, relaxed toward the merge adder of the parts and the part sums)',
    features: [one, { name: 'log2AccBits', unit: 'ns per doubling of the accumulator width', of: (b: ProcessingElementBlock) => Math.log2(b.accBits) },
      { name: 'log2PartsSquared', unit: 'ns per log2(parts)^2 (the merge path it is relaxed to)', of: (b: ProcessingElementBlock) => log2c(b.psumParts) ** 2 },
      { name: 'log2LanesPerPartProductBits', unit: 'ns per doubling of the lanes of a part per product bit (the part sums it is relaxed to)', of: (b: ProcessingElementBlock) => log2c(b.lanes / Math.max(1, b.psumParts)) * (b.actBits + b.weightBits) }],
  },
  pe_accumulator: {
    // Measured (20 default PEs, fresh): mapped up to the PE's worst path, the adder tree: 1.04-1.58 ns at 8-32 lanes
    // against 0.82-1.08 ns at 1-2 (e.g. acc 32, 8 x 8 bits: 0.82, 1.32, 1.47, 1.58, 1.55 ns at 2, 4, 8, 12, 16 lanes);
    // the earlier form (acc, [P > 2]*acc) read it 11-15% fast at 8-16 lanes and acc 20-28.
    formula: 'c1 + c2*log2(acc) + c3*log2(P) + c4*[P > 2]*min(A,B) (accumulator add with the first-slice and result muxes, mapped log-deep in acc; relaxed toward the PE\'s adder tree: log2(P) levels and, where Yosys maps the sum of products as one carry-save reduction (P > 2), the min(A,B) partial-product rows of the multipliers)',
    features: [one, { name: 'log2AccBits', unit: 'ns per doubling of the accumulator width', of: (b: ProcessingElementBlock) => Math.log2(b.accBits) },
      { name: 'log2P', unit: 'ns per doubling of the lanes (the tree it is relaxed to)', of: (b: ProcessingElementBlock) => log2c(b.lanes) },
      { name: 'reductionRows', unit: 'ns per partial-product row (min(A,B)) when P > 2', of: (b: ProcessingElementBlock) => (b.lanes > 2 ? Math.min(b.actBits, b.weightBits) : 0) }],
  },
  delay_line: { formula: 'c1 (load-enable mux in front of each flip-flop)', features: [one] },
  flex_rank: {
    formula: 'c1 + c2*A + c3*log2(m) + c4*log2(modes) (unpipelined rank: |a| compares, the count masked to the mode\'s block, the mode\'s "< n")',
    features: [one, { name: 'A', unit: 'ns per activation bit', of: (b: FlexCompressorBlock) => b.actBits },
      { name: 'log2m', unit: 'ns per doubling of m', of: (b: FlexCompressorBlock) => log2c(b.m) },
      { name: 'log2Modes', unit: 'ns per doubling of the modes', of: (b: FlexCompressorBlock) => log2c(modesOf(b)) }],
  },
  flex_rank_compare: {
    formula: 'c1 + c2*A (|a| and the A-bit magnitude comparison, into the comparison register)',
    features: [one, { name: 'A', unit: 'ns per activation bit', of: (b: FlexCompressorBlock) => b.actBits }],
  },
  flex_rank_count: {
    formula: 'c1 + c2*log2(m) + c3*log2(modes) (the registered comparisons masked to the mode\'s block, counted, against the mode\'s n)',
    features: [one, { name: 'log2m', unit: 'ns per doubling of m', of: (b: FlexCompressorBlock) => log2c(b.m) },
      { name: 'log2Modes', unit: 'ns per doubling of the modes', of: (b: FlexCompressorBlock) => log2c(modesOf(b)) }],
  },
  flex_bitonic: {
    formula: 'c1 + c2*L + c3*L*log2(A+log2 m) (L = K(K-1)/2+1 compare-and-swap layers of (A+log2 m)-bit keys, K = log2 m, then the index decode; into the keep register when pipelined)',
    features: [one, { name: 'layers', unit: 'ns per compare-and-swap layer', of: (b: FlexCompressorBlock) => bitonicLayers(b) },
      { name: 'layersLog2KeyBits', unit: 'ns per layer per doubling of the key width', of: (b: FlexCompressorBlock) => bitonicLayers(b) * log2c(b.comparatorWidthBits) }],
  },
  flex_decoder_bitmask: {
    formula: 'c1 + c2*log2(m) + c3*log2(m)^2 + c4*log2(modes) (the log-depth prefix count of the largest group, then the OR over the modes)',
    features: [one, { name: 'log2m', unit: 'ns per doubling of m', of: (b: FlexDecoderBlock) => log2c(b.m) },
      { name: 'log2mSquared', unit: 'ns per log2(m)^2', of: (b: FlexDecoderBlock) => log2c(b.m) ** 2 },
      { name: 'log2Modes', unit: 'ns per doubling of the modes', of: (b: FlexDecoderBlock) => log2c(modesOf(b)) }],
  },
  flex_decoder_index: {
    formula: 'c1 + c2*log2(log2 m) + c3*log2(modes) (index compare, then the OR over the modes)',
    features: [one, { name: 'log2IndexBits', unit: 'ns per doubling of the index width', of: (b: FlexDecoderBlock) => log2c(log2c(b.m)) },
      { name: 'log2Modes', unit: 'ns per doubling of the modes', of: (b: FlexDecoderBlock) => log2c(modesOf(b)) }],
  },
  mode_capture: { formula: 'c1 (cfg_mode into the mode register, with the first-slice select)', features: [one] },
  stream_control: {
    formula: 'c1 + c2*log2(stages)',
    features: [one, { name: 'log2Stages', unit: 'ns per doubling of the stages', of: (b: Extract<Block, { kind: 'stream_control' }>) => log2c(b.stages) }],
  },
};

/** The timing form of a fitted model key. */
export function timingForm(key: FittedTimingKey): Form<Block> {
  return FORMS[key] as unknown as Form<Block>;
}

/**
 * Fitted path classes of a block (its own timing keys). A pipelined bitonic compressor's one path
 * ends in its keep register (`flex_bitonic`); the register's output is wired out (flex_bitonic_keep).
 */
export function timingKeysOf(block: Block): FittedTimingKey[] {
  switch (block.kind) {
    case 'compressor': return block.pipelineStages > 0 ? ['compressor_compare', 'compressor_rank'] : ['compressor'];
    case 'flex_compressor':
      if (block.org === 'bitonic') return ['flex_bitonic'];
      return block.pipelineStages > 0 ? ['flex_rank_compare', 'flex_rank_count'] : ['flex_rank'];
    case 'meta_decoder': return [block.encoding === 'bitmask' ? 'meta_decoder_bitmask' : 'meta_decoder_index'];
    case 'flex_decoder': return [block.encoding === 'bitmask' ? 'flex_decoder_bitmask' : 'flex_decoder_index'];
    case 'mode_capture': return ['mode_capture'];
    case 'pe': {
      const k = peArcKeys(block);
      return block.carrySave || block.psumParts > 0 ? [k.multiply, k.merge, k.accumulate] : ['pe_tree', k.accumulate];
    }
    case 'mux_network': case 'delay_line': case 'stream_control': return [block.kind];
    default: return assertNever(block, 'block kind');
  }
}

/** The endpoints of a block's static timing that measure each timing key. */
const ENDPOINTS_OF_KEY: Readonly<Record<FittedTimingKey, EndpointClass>> = {
  compressor: 'outputs', compressor_compare: 'compare_register', compressor_rank: 'outputs', meta_decoder_bitmask: 'outputs',
  meta_decoder_index: 'outputs', mux_network: 'outputs', pe_tree: 'psum_register', pe_multiply: 'part_registers', pe_merge: 'psum_register', pe_accumulator: 'accumulator_registers',
  pe_multiply_cs: 'part_registers', pe_merge_cs: 'psum_register', pe_accumulator_cs: 'accumulator_registers', pe_accumulator_split: 'accumulator_registers',
  delay_line: 'all', stream_control: 'all',
  // flex_bitonic: the keep register when pipelined (the outputs are then 0), the outputs otherwise.
  flex_rank: 'outputs', flex_rank_compare: 'compare_register', flex_rank_count: 'outputs', flex_bitonic: 'all',
  flex_decoder_bitmask: 'outputs', flex_decoder_index: 'outputs', mode_capture: 'all',
};

/** The timing key of one arc of a block on an IR stage path. */
/** The timing forms of a PE's multiply, merge and accumulate arcs, by organization: carry-save, split (registered parts) or one adder tree (which has no multiply or merge arc of its own). */
function peArcKeys(b: ProcessingElementBlock): { readonly multiply: FittedTimingKey; readonly merge: FittedTimingKey; readonly accumulate: FittedTimingKey } {
  if (b.carrySave) return { multiply: 'pe_multiply_cs', merge: 'pe_merge_cs', accumulate: 'pe_accumulator_cs' };
  return { multiply: 'pe_multiply', merge: 'pe_merge', accumulate: b.psumParts > 0 ? 'pe_accumulator_split' : 'pe_accumulator' };
}

export function timingKeyOfArc(block: Block, arc: PathArc): TimingModelKey {
  const rank = block.kind === 'flex_compressor' && block.org === 'rank';
  const bitonic = block.kind === 'flex_compressor' && block.org === 'bitonic';
  switch (arc) {
    case 'load_mux': return block.kind === 'mode_capture' ? 'mode_capture' : 'delay_line';
    case 'compare_rank': return rank ? 'flex_rank' : bitonic ? 'flex_bitonic' : 'compressor';
    case 'compare': return rank ? 'flex_rank_compare' : bitonic ? 'flex_bitonic' : 'compressor_compare';
    case 'rank': return rank ? 'flex_rank_count' : bitonic ? 'flex_bitonic_keep' : 'compressor_rank';
    case 'decode':
      if (block.kind === 'flex_decoder') return block.encoding === 'bitmask' ? 'flex_decoder_bitmask' : 'flex_decoder_index';
      return block.kind === 'meta_decoder' && block.encoding === 'bitmask' ? 'meta_decoder_bitmask' : 'meta_decoder_index';
    case 'select': return 'mux_network';
    case 'tree': return 'pe_tree';
    case 'multiply': return block.kind === 'pe' ? peArcKeys(block).multiply : 'pe_multiply';
    case 'merge': return block.kind === 'pe' ? peArcKeys(block).merge : 'pe_merge';
    case 'accumulate': return block.kind === 'pe' ? peArcKeys(block).accumulate : 'pe_accumulator';
    default: return assertNever(arc, 'path arc');
  }
}

export function synthPathNs(key: FittedTimingKey, sta: StaResult): number {
  return synthEndpointNs(ENDPOINTS_OF_KEY[key], sta);
}
