// The functional forms of the analytic area and logic-depth model: for each model key, the
// features (structural counts read from one IR block, nothing else) whose fitted linear
// combination gives the block's area in µm² or its depth in gate levels. Shared by the model
// (src/model/area.ts) and the fit (src/model/fit.ts), so both evaluate exactly the same features.

import { assertNever } from '../diagnostics/diagnostic.js';
import { clog2 } from '../util/clog2.js';
import type { Block, CompressorBlock, FlexCompressorBlock, FlexDecoderBlock, MetaDecoderBlock, ModeCaptureBlock, MuxNetworkBlock, ProcessingElementBlock } from '../ir/types.js';

/** Area model keys: one per block kind, decoders split by encoding, flexible compressors by organization. */
export type AreaModelKey =
  | 'compressor' | 'meta_decoder_bitmask' | 'meta_decoder_index' | 'mux_network' | 'pe' | 'delay_line' | 'stream_control'
  | 'flex_compressor_rank' | 'flex_compressor_bitonic' | 'flex_decoder_bitmask' | 'flex_decoder_index' | 'mode_capture';
export const AREA_MODEL_KEYS: readonly AreaModelKey[] = [
  'compressor', 'meta_decoder_bitmask', 'meta_decoder_index', 'mux_network', 'pe', 'delay_line', 'stream_control',
  'flex_compressor_rank', 'flex_compressor_bitonic', 'flex_decoder_bitmask', 'flex_decoder_index', 'mode_capture',
];

/**
 * Keys of the blocks only flexible engines have. A coefficients file fitted before they existed may
 * lack them: fixed engines are still estimated, a flexible one then fails with the refit command.
 */
export const FLEX_MODEL_KEYS: ReadonlySet<string> = new Set([
  'flex_compressor_rank', 'flex_compressor_rank_pipelined', 'flex_compressor_bitonic', 'flex_compressor_bitonic_pipelined',
  'flex_decoder_bitmask', 'flex_decoder_index', 'mode_capture',
]);

/**
 * Logic-depth model keys. The PE has two register-to-register paths (products → adder tree → psum
 * register; psum register → accumulator → result register) modelled separately; its depth is the
 * larger. A pipelined compressor (comparison results registered) has its own form.
 */
export type LevelsModelKey =
  | 'compressor' | 'compressor_pipelined' | 'meta_decoder_bitmask' | 'meta_decoder_index' | 'mux_network' | 'pe_tree' | 'pe_accumulator' | 'delay_line' | 'stream_control'
  | 'flex_compressor_rank' | 'flex_compressor_rank_pipelined' | 'flex_compressor_bitonic' | 'flex_compressor_bitonic_pipelined'
  | 'flex_decoder_bitmask' | 'flex_decoder_index' | 'mode_capture';
export const LEVELS_MODEL_KEYS: readonly LevelsModelKey[] = [
  'compressor', 'compressor_pipelined', 'meta_decoder_bitmask', 'meta_decoder_index', 'mux_network', 'pe_tree', 'pe_accumulator', 'delay_line', 'stream_control',
  'flex_compressor_rank', 'flex_compressor_rank_pipelined', 'flex_compressor_bitonic', 'flex_compressor_bitonic_pipelined',
  'flex_decoder_bitmask', 'flex_decoder_index', 'mode_capture',
];

/** Part of a PE an area feature is charged to (the other kinds are one part). */
export type PePart = 'multipliers' | 'adder_tree' | 'accumulator_registers';

/** One feature: a structural count of a block and the unit of its coefficient. */
export interface Feature<B extends Block> {
  readonly name: string;
  /** Unit of the fitted coefficient, e.g. `um^2 per comparator bit`. */
  readonly unit: string;
  readonly part?: PePart;
  readonly of: (b: B) => number;
}

export interface Form<B extends Block> {
  /** The formula in words, for the report and docs. */
  readonly formula: string;
  readonly features: readonly Feature<B>[];
}

const log2c = (x: number): number => clog2(Math.max(1, x));
const groups = (b: { windowChannels: number; m: number }): number => b.windowChannels / b.m;
const selects = (b: MetaDecoderBlock): number => b.lanes * b.muxFanIn;

/** The rank-counting selector's terms, shared by the fixed compressor and the flexible `rank` one. */
function rankCompressorFeatures<B extends CompressorBlock | FlexCompressorBlock>(): Feature<B>[] {
  return [
    { name: 'comparatorBits', unit: 'um^2 per comparator bit (pairs * A)', of: (b) => b.comparators * b.comparatorWidthBits },
    { name: 'magnitudeBits', unit: 'um^2 per activation bit (|a|, W * A)', of: (b) => b.windowChannels * b.actBits },
    { name: 'rankCountBits', unit: 'um^2 per rank-count input bit times rank width (W * (m-1) * log2 m)', of: (b) => b.windowChannels * (b.m - 1) * log2c(b.m) },
    { name: 'rankTestBits', unit: 'um^2 per rank bit of the "< n" test (W * log2 m)', of: (b) => b.windowChannels * log2c(b.m) },
    { name: 'registerBits', unit: 'um^2 per registered comparison bit', of: (b) => b.registerBits },
  ];
}

const COMPRESSOR: Form<CompressorBlock> = {
  formula: 'c1*pairs*A + c2*W*A + c3*W*(m-1)*log2(m) + c4*W*log2(m) + c5*regBits',
  features: rankCompressorFeatures<CompressorBlock>(),
};

/**
 * The fixed bitmask decoder's structure (rtl-templates/nm_meta_decode_bitmask.v): per group a
 * Kogge-Stone prefix count of log2(m)-1 adder levels whose counts are clog2(n) bits modulo 2^clog2(n)
 * plus a sticky overflow bit (only "count == k < n" is asked), then a sum-addressed compare per select.
 */
export const decoderCountBits = (b: MetaDecoderBlock): number => log2c(b.n);
/** Adder levels of the prefix count (the last level is left as two addends for the compare). */
export const decoderPrefixLevels = (b: MetaDecoderBlock): number => Math.max(0, log2c(b.m) - 1);
/** Sum over the adders of level l (m - 2^l per group, l = 0 .. log2(m)-2) of `perAdder(l)`. */
function overPrefixAdders(b: MetaDecoderBlock, perAdder: (l: number) => number): number {
  let sum = 0;
  for (let l = 0; l < decoderPrefixLevels(b); l++) sum += (b.m - 2 ** l) * perAdder(l);
  return groups(b) * sum;
}
/** Carry-chain bits of the count a path crosses: level l adds (l+1)-bit windows, at most clog2(n) bits wide. */
export const decoderRippleBits = (b: MetaDecoderBlock): number => {
  let sum = 0;
  for (let l = 0; l < decoderPrefixLevels(b); l++) sum += Math.min(l + 1, decoderCountBits(b));
  return sum;
};

const DECODER_BITMASK: Form<MetaDecoderBlock> = {
  formula: 'c1*sum(adder input bits) + c2*adders + c3*lanes*F + c4*lanes*F*clog2(n) (per group a Kogge-Stone prefix count: m-2^l adders at level l = 0 .. log2(m)-2, each min(l+1, clog2(n)+1) bits wide with the overflow bit, its low bit a half adder; per select a sum-addressed compare of clog2(n) count bits with its lane number)',
  features: [
    { name: 'prefixAdderBits', unit: 'um^2 per prefix-count adder input bit (sum over adders of min(l+1, clog2(n)+1))', of: (b) => overPrefixAdders(b, (l) => Math.min(l + 1, decoderCountBits(b) + 1)) },
    { name: 'prefixAdders', unit: 'um^2 per prefix-count adder (its half-adder low bit: negative)', of: (b) => overPrefixAdders(b, () => 1) },
    { name: 'selects', unit: 'um^2 per one-hot select (lanes * F)', of: selects },
    { name: 'selectCompareBits', unit: 'um^2 per count bit compared per select (lanes * F * clog2 n)', of: (b) => selects(b) * decoderCountBits(b) },
  ],
};

const DECODER_INDEX: Form<MetaDecoderBlock> = {
  formula: 'c1*lanes*F + c2*lanes*log2(m) + c3*lanes (per lane: its log2(m)-bit index decoded into F selects)',
  features: [
    { name: 'selects', unit: 'um^2 per one-hot select (lanes * F)', of: selects },
    { name: 'indexBits', unit: 'um^2 per index bit (lanes * log2 m)', of: (b) => b.lanes * log2c(b.m) },
    { name: 'lanes', unit: 'um^2 per lane', of: (b) => b.lanes },
  ],
};

const MUX: Form<MuxNetworkBlock> = {
  formula: 'c1*lanes*(F-1)*width + c2*lanes*width',
  features: [
    { name: 'orInputBits', unit: 'um^2 per extra candidate bit (lanes * (F-1) * width)', of: (b) => b.lanes * (b.muxFanIn - 1) * b.widthBits },
    { name: 'laneBits', unit: 'um^2 per lane output bit (lanes * width)', of: (b) => b.lanes * b.widthBits },
  ],
};

const PE: Form<ProcessingElementBlock> = {
  formula: 'c1*P*A*B (multipliers) + c2*(P-1)*psum (adder tree) + c3*acc + c4*psum (accumulator and registers) + c5*parts*partBits (split register)',
  features: [
    { name: 'partialProductBits', unit: 'um^2 per partial-product bit (P * A * B)', part: 'multipliers', of: (b) => b.multipliers * b.actBits * b.weightBits },
    { name: 'treeAdderBits', unit: 'um^2 per adder-tree bit ((P-1) * psum)', part: 'adder_tree', of: (b) => (b.lanes - 1) * b.psumBits },
    { name: 'accumulatorBits', unit: 'um^2 per accumulator bit (adder, accumulator and result registers)', part: 'accumulator_registers', of: (b) => b.accBits },
    // A carry-save PE (psumCut carrySave) registers two psum-bit vectors.
    { name: 'psumBits', unit: 'um^2 per partial-sum bit (register and sign extension)', part: 'accumulator_registers', of: (b) => (b.carrySave ? 2 : 1) * b.psumBits },
    { name: 'partRegisterBits', unit: 'um^2 per registered part bit of a split PE (parts * part width, with the merge adder)', part: 'adder_tree', of: (b) => b.psumParts * b.partBits },
  ],
};

const DELAY_LINE: Form<Extract<Block, { kind: 'delay_line' }>> = {
  formula: 'c1*registerBits',
  features: [{ name: 'registerBits', unit: 'um^2 per register bit (flip-flop with load enable)', of: (b) => b.registerBits }],
};

const CONTROL: Form<Extract<Block, { kind: 'stream_control' }>> = {
  formula: 'c1*stages + c2',
  features: [
    { name: 'stages', unit: 'um^2 per pipeline stage', of: (b) => b.stages },
    { name: 'fixed', unit: 'um^2', of: () => 1 },
  ],
};

// Flexible engines (organization `rank`): the fixed compressor's terms plus the per-mode masking of
// each channel's count, and decoders that compute each mode's selects and OR them.
const FLEX_COMPRESSOR_RANK: Form<FlexCompressorBlock> = {
  formula: 'c1*pairs*A + c2*W*A + c3*W*(m-1)*log2(m) + c4*W*log2(m) + c5*regBits + c6*W*(m-1)*modes (the per-mode block mask of each count)',
  features: [
    ...rankCompressorFeatures<FlexCompressorBlock>(),
    { name: 'modeMaskBits', unit: 'um^2 per masked count input per mode (W * (m-1) * modes)', of: (b) => b.windowChannels * (b.m - 1) * b.modes.length },
  ],
};

const FLEX_COMPRESSOR_BITONIC: Form<FlexCompressorBlock> = {
  formula: 'c1*cas*(A+log2 m) + c2*W*A + c3*W*sum(m_q/2)*log2(m) + c4*regBits (compare-and-swap of keys, |a|, the index match of each channel against its block\'s max half per mode, the keep register)',
  features: [
    { name: 'casKeyBits', unit: 'um^2 per compare-and-swap key bit (cas * (A + log2 m))', of: (b) => b.comparators * b.comparatorWidthBits },
    { name: 'magnitudeBits', unit: 'um^2 per activation bit (|a|, W * A)', of: (b) => b.windowChannels * b.actBits },
    { name: 'indexMatchBits', unit: 'um^2 per index bit matched (W * sum m_q/2 * log2 m)', of: (b) => b.windowChannels * b.modes.reduce((s, p) => s + p.m / 2, 0) * log2c(b.m) },
    { name: 'registerBits', unit: 'um^2 per registered keep bit', of: (b) => b.registerBits },
  ],
};

const flexSelects = (b: FlexDecoderBlock): number => b.lanes * b.muxFanIn;

/** One term of a flexible decoder: lane p, candidate t, mode q, at position `pos` of the lane's group in mode q. */
export interface FlexDecoderTerm { readonly lane: number; readonly candidate: number; readonly mode: number; readonly pos: number }

/**
 * The terms a flexible decoder builds (the `g_on` branches of rtl-templates/nm_meta_decode_flex_*.v),
 * from the block's IR fields: candidate t of lane p in the largest mode is channel
 * c = (p / n)*m + p % n + t; in mode q (n_q = m_q*n/m) lane p is lane k = p % n_q of group p / n_q,
 * c sits at pos = c - (p / n_q)*m_q there, and the term exists when k <= pos <= k + m_q - n_q.
 */
export function flexDecoderTerms(b: FlexDecoderBlock): FlexDecoderTerm[] {
  const terms: FlexDecoderTerm[] = [];
  for (let lane = 0; lane < b.lanes; lane++) {
    for (let candidate = 0; candidate < b.muxFanIn; candidate++) {
      b.modes.forEach((q, mode) => {
        const nq = (q.m * b.n) / b.m;
        const channel = Math.floor(lane / b.n) * b.m + (lane % b.n) + candidate;
        const pos = channel - Math.floor(lane / nq) * q.m, k = lane % nq;
        if (pos >= k && pos - k <= q.m - nq) terms.push({ lane, candidate, mode, pos });
      });
    }
  }
  return terms;
}
/** Distinct (lane, index value) pairs over the terms: the index compares a lane's decoders share across modes. */
export const flexDecoderDistinctPositions = (terms: readonly FlexDecoderTerm[]): number => new Set(terms.map((t) => `${t.lane}/${t.pos}`)).size;
/** log2 of the largest mode's group: the levels of the one prefix-count network per group every mode shares. */
const flexLargestLevels = (b: FlexDecoderBlock): number => Math.max(...b.modes.map((q) => log2c(q.m)));

// Issue 15 (28-cell area mapping): forms from the templates' structure, chosen on leave-one-out
// errors over the fit points (docs/area_model.md, bench/area_form_loo.ts).
const FLEX_DECODER_BITMASK: Form<FlexDecoderBlock> = {
  formula: 'c1*W*L^2 + c2*W*L + c3*validTerms + c4*lanes*F (one log-depth prefix count per group shared by every mode, L = log2 of the largest mode\'s m; one count compare per valid (lane, candidate, mode) term; the OR per select)',
  features: [
    { name: 'prefixLevelsSquared', unit: 'um^2 per channel per L^2 (W * L^2, L = log2 of the largest mode\'s m)', of: (b) => b.windowChannels * flexLargestLevels(b) ** 2 },
    { name: 'prefixLevels', unit: 'um^2 per channel per prefix-count level (W * L)', of: (b) => b.windowChannels * flexLargestLevels(b) },
    { name: 'validTerms', unit: 'um^2 per valid (lane, candidate, mode) term (its count compare)', of: (b) => flexDecoderTerms(b).length },
    { name: 'selects', unit: 'um^2 per one-hot select (lanes * F, the OR over modes)', of: flexSelects },
  ],
};

const FLEX_DECODER_INDEX: Form<FlexDecoderBlock> = {
  formula: 'c1*distinctPositions + c2*validTerms + c3*lanes*log2(m) + c4*lanes (per lane: one decoded index value per distinct position its modes address, one mode AND per valid term)',
  features: [
    { name: 'distinctPositions', unit: 'um^2 per distinct (lane, index value) pair over the valid terms', of: (b) => flexDecoderDistinctPositions(flexDecoderTerms(b)) },
    { name: 'validTerms', unit: 'um^2 per valid (lane, candidate, mode) term', of: (b) => flexDecoderTerms(b).length },
    { name: 'indexBits', unit: 'um^2 per index bit (lanes * log2 m)', of: (b) => b.lanes * log2c(b.m) },
    { name: 'lanes', unit: 'um^2 per lane', of: (b) => b.lanes },
  ],
};

const MODE_CAPTURE: Form<ModeCaptureBlock> = {
  formula: 'c1*registerBits',
  features: [{ name: 'registerBits', unit: 'um^2 per register bit (mode register and first-slice flag)', of: (b) => b.registerBits }],
};

/** Area model key of a block. */
export function areaKeyOf(block: Block): AreaModelKey {
  switch (block.kind) {
    case 'meta_decoder': return block.encoding === 'bitmask' ? 'meta_decoder_bitmask' : 'meta_decoder_index';
    case 'compressor': case 'mux_network': case 'pe': case 'delay_line': case 'stream_control': case 'mode_capture': return block.kind;
    case 'flex_compressor': return block.org === 'bitonic' ? 'flex_compressor_bitonic' : 'flex_compressor_rank';
    case 'flex_decoder': return block.encoding === 'bitmask' ? 'flex_decoder_bitmask' : 'flex_decoder_index';
    default: return assertNever(block, 'block kind');
  }
}

/** The area form of a model key. */
export function areaForm(key: AreaModelKey): Form<Block> {
  const forms: Record<AreaModelKey, Form<never>> = {
    compressor: COMPRESSOR, meta_decoder_bitmask: DECODER_BITMASK, meta_decoder_index: DECODER_INDEX,
    mux_network: MUX, pe: PE, delay_line: DELAY_LINE, stream_control: CONTROL,
    flex_compressor_rank: FLEX_COMPRESSOR_RANK, flex_compressor_bitonic: FLEX_COMPRESSOR_BITONIC, flex_decoder_bitmask: FLEX_DECODER_BITMASK, flex_decoder_index: FLEX_DECODER_INDEX, mode_capture: MODE_CAPTURE,
  };
  return forms[key] as unknown as Form<Block>;
}

const one = { name: 'fixed', unit: 'levels', of: (): number => 1 };
const LEVELS: Record<LevelsModelKey, Form<never>> = {
  compressor: {
    formula: 'c1 + c2*A + c3*log2(m) + c4*log2(m)^2 (|a| ripple, compare, rank count, "< n")',
    features: [one, { name: 'A', unit: 'levels per activation bit', of: (b: CompressorBlock) => b.actBits },
      { name: 'log2m', unit: 'levels per doubling of m', of: (b: CompressorBlock) => log2c(b.m) },
      { name: 'log2mSquared', unit: 'levels per log2(m)^2', of: (b: CompressorBlock) => log2c(b.m) ** 2 }],
  },
  compressor_pipelined: {
    formula: 'c1 + c2*log2(m): the deeper of the two halves around the comparison register',
    features: [one, { name: 'log2m', unit: 'levels per doubling of m', of: (b: CompressorBlock) => log2c(b.m) }],
  },
  meta_decoder_bitmask: {
    formula: 'c1 + c2*[n > 1]*(log2(m)-1) + c3*ripple + c4*[n = 1]*m (prefix-count adder levels and the carry-chain bits they cross, ripple = sum over levels of min(l+1, clog2 n); at n = 1 the area mapping turns the prefix OR into a chain)',
    features: [one, { name: 'prefixAdderLevels', unit: 'levels per prefix-count adder level (n > 1)', of: (b: MetaDecoderBlock) => (b.n > 1 ? decoderPrefixLevels(b) : 0) },
      { name: 'rippleBits', unit: 'levels per carry-chain bit crossed', of: decoderRippleBits },
      { name: 'orChainChannels', unit: 'levels per channel of the n = 1 prefix OR chain', of: (b: MetaDecoderBlock) => (b.n === 1 ? b.m : 0) }],
  },
  meta_decoder_index: {
    formula: 'c1 + c2*log2(log2 m) (index compare: an AND tree over log2(m) bits)',
    features: [one, { name: 'log2IndexBits', unit: 'levels per doubling of the index width', of: (b: MetaDecoderBlock) => log2c(log2c(b.m)) }],
  },
  mux_network: {
    formula: 'c1 + c2*log2(F) (AND then an OR tree over F candidates)',
    features: [one, { name: 'log2F', unit: 'levels per doubling of the fan-in', of: (b: MuxNetworkBlock) => log2c(b.muxFanIn) }],
  },
  pe_tree: {
    formula: 'c1 + c2*(A+B) + c3*log2(P) (multiplier array, adder tree, carry-propagate adder)',
    features: [one, { name: 'productBits', unit: 'levels per product bit (A + B)', of: (b: ProcessingElementBlock) => b.actBits + b.weightBits },
      { name: 'log2P', unit: 'levels per doubling of the lanes', of: (b: ProcessingElementBlock) => log2c(b.lanes) }],
  },
  pe_accumulator: {
    formula: 'c1 + c2*acc (ripple-carry accumulator)',
    features: [one, { name: 'accBits', unit: 'levels per accumulator bit', of: (b: ProcessingElementBlock) => b.accBits }],
  },
  delay_line: { formula: 'c1 (load-enable mux in front of each flip-flop)', features: [one] },
  flex_compressor_rank: {
    formula: 'c1 + c2*A + c3*log2(m) + c4*log2(modes) (the fixed compressor plus the mode mask; m <= 8 unpipelined)',
    features: [one, { name: 'A', unit: 'levels per activation bit', of: (b: FlexCompressorBlock) => b.actBits },
      { name: 'log2m', unit: 'levels per doubling of m', of: (b: FlexCompressorBlock) => log2c(b.m) },
      { name: 'log2Modes', unit: 'levels per doubling of the modes', of: (b: FlexCompressorBlock) => log2c(b.modes.length) }],
  },
  flex_compressor_rank_pipelined: {
    formula: 'c1 + c2*log2(m) + c3*log2(modes): the deeper of the two halves around the comparison register',
    features: [one, { name: 'log2m', unit: 'levels per doubling of m', of: (b: FlexCompressorBlock) => log2c(b.m) },
      { name: 'log2Modes', unit: 'levels per doubling of the modes', of: (b: FlexCompressorBlock) => log2c(b.modes.length) }],
  },
  flex_compressor_bitonic: {
    formula: 'c1 + c2*log2(m)^2 + c3*A (the key compare of each of K(K-1)/2+1 layers, then the index match)',
    features: [one, { name: 'log2mSquared', unit: 'levels per log2(m)^2', of: (b: FlexCompressorBlock) => log2c(b.m) ** 2 },
      { name: 'A', unit: 'levels per activation bit', of: (b: FlexCompressorBlock) => b.actBits }],
  },
  flex_compressor_bitonic_pipelined: {
    formula: 'c1 + c2*log2(m)^2 (the network and index match before the keep register)',
    features: [one, { name: 'log2mSquared', unit: 'levels per log2(m)^2', of: (b: FlexCompressorBlock) => log2c(b.m) ** 2 }],
  },
  flex_decoder_bitmask: {
    formula: 'c1 + c2*m + c3*log2(modes) (the prefix count ripples through the largest group, then the mode OR)',
    features: [one, { name: 'm', unit: 'levels per channel of the largest group', of: (b: FlexDecoderBlock) => b.m },
      { name: 'log2Modes', unit: 'levels per doubling of the modes', of: (b: FlexDecoderBlock) => log2c(b.modes.length) }],
  },
  flex_decoder_index: {
    formula: 'c1 + c2*log2(modes) (index compare, then the OR over the modes)',
    features: [one, { name: 'log2Modes', unit: 'levels per doubling of the modes', of: (b: FlexDecoderBlock) => log2c(b.modes.length) }],
  },
  mode_capture: { formula: 'c1 (load mux in front of the mode register)', features: [one] },
  stream_control: {
    formula: 'c1 + c2*log2(stages)',
    features: [one, { name: 'log2Stages', unit: 'levels per doubling of the stages', of: (b: Extract<Block, { kind: 'stream_control' }>) => log2c(b.stages) }],
  },
};

/** The levels form of a model key. */
export function levelsForm(key: LevelsModelKey): Form<Block> {
  return LEVELS[key] as unknown as Form<Block>;
}

/** Levels model keys whose maximum is a block's depth (two for a PE: its two paths). */
export function levelsKeysOf(block: Block): LevelsModelKey[] {
  switch (block.kind) {
    case 'compressor': return [block.pipelineStages > 0 ? 'compressor_pipelined' : 'compressor'];
    case 'flex_compressor': return [`${areaKeyOf(block)}${block.pipelineStages > 0 ? '_pipelined' : ''}` as LevelsModelKey];
    case 'pe': return ['pe_tree', 'pe_accumulator'];
    case 'meta_decoder': case 'mux_network': case 'delay_line': case 'stream_control': case 'flex_decoder': case 'mode_capture': return [areaKeyOf(block) as LevelsModelKey];
    default: return assertNever(block, 'block kind');
  }
}

/** Feature vector of a block under a form. */
export function featureVector(form: Form<Block>, block: Block): number[] {
  return form.features.map((f) => f.of(block));
}
