// JavaScript source of each block kind's step for the generated cycle model (sim/cycle/jsgen/):
// the semantics of sim/cycle/blocks/<kind>.ts with widths, lane counts, mux fan-in and group sizes
// folded in as literals and connections resolved to offsets in the one Int32Array `N`
// (sim/cycle/jsgen/layout.ts). Blocks of one kind, shape and stage become one loop over offset
// tables (`T.<name>`, Int32Arrays), so the code stays small enough for the optimizing compiler.
// Registers update in place (the order is chosen in compile.ts so readers go before writers).

import { InternalError } from '../../../src/diagnostics/diagnostic.js';
import type {
  CompressorBlock, DelayLineBlock, MetaDecoderBlock, ModeCaptureBlock, MuxNetworkBlock, ProcessingElementBlock,
} from '../../../src/ir/types.js';
import { pairIndex, pairsPerGroup } from '../blocks/compressor.js';
import { accNeedsBigint } from '../word.js';
import type { Layout } from './layout.js';

/** Collects the offset tables the generated code reads, by unique name (bound to locals in the source). */
export class Tables {
  readonly values: Record<string, Int32Array> = {};
  private count = 0;
  /** A table of per-instance offsets: a literal when every instance has the same one. */
  add(values: readonly number[], hint: string): { at: (i: string) => string; uniform: boolean } {
    if (values.every((v) => v === values[0])) return { at: () => String(values[0]), uniform: true };
    const name = `tb_${hint}${this.count++}`;
    this.values[name] = Int32Array.from(values);
    return { at: (i) => `${name}[${i}]`, uniform: false };
  }

  /** A zeroed scratch array of `length` elements for the generated code (kept zero between uses by that code). */
  scratch(length: number, hint: string): string {
    const name = `tb_${hint}${this.count++}`;
    this.values[name] = new Int32Array(length);
    return name;
  }

  /** Local constants binding every table (an object property load per element would be a dictionary lookup). */
  bindings(): string {
    return Object.keys(this.values).map((k) => `const ${k} = T.${k};`).join('\n');
  }
}

/** Code that wraps an integer-valued double `x` to a signed `bits`-bit value (sim/cycle/word.ts wrapNumber). */
function wrapExpr(x: string, bits: number): string {
  if (bits <= 32) return bits === 32 ? `(${x} | 0)` : `((${x} << ${32 - bits}) >> ${32 - bits})`;
  return `wrapWide(${x}, ${bits})`;
}

/** Helper functions every generated model defines (wrapWide: sim/cycle/word.ts wrapNumber above 32 bits). */
export const PRELUDE = `
const MAG = new Int32Array(64);
function wrapWide(x, bits) {
  const mod = 2 ** bits;
  let r = x % mod;
  if (r >= mod / 2) r -= mod; else if (r < -mod / 2) r += mod;
  return r;
}`;

/** Copies above this many elements call copyWithin; below, inline assignments are cheaper than the builtin call. */
const INLINE_COPY_MAX = 48;

/** Code copying N[src .. src+len) to N[dst ..) (overlap safe, as copyWithin). */
export function copyCode(dst: number, src: number, len: number): string {
  if (len > INLINE_COPY_MAX) return `N.copyWithin(${dst}, ${src}, ${src + len});`;
  const order = Array.from({ length: len }, (_, i) => i);
  if (dst > src) order.reverse();
  return order.map((i) => `N[${dst + i}] = N[${src + i}];`).join(' ');
}

/** Bit-exact delay lines: register k takes register k-1 (k = 0: d) when its load bit is set; last register first. */
export function emitDelayLines(bs: readonly DelayLineBlock[], L: Layout): string {
  const out: string[] = [];
  for (const b of bs) {
    const len = L.portLength(b, 'q'), load = L.port(b, 'load'), d = L.port(b, 'd');
    const reg = (k: number): number => (k === b.depthCycles - 1 ? L.port(b, 'q') : L.reg(b.name, `chain_q${k}`));
    for (let k = b.depthCycles - 1; k >= 0; k--) {
      const src = k === 0 ? d : reg(k - 1), dst = reg(k);
      out.push(`if (N[${load + k}]) { ${copyCode(dst, src, len)} } // ${b.name}[${k}]`);
    }
  }
  return out.join('\n');
}

/** The one-hot AND-OR muxes of one shape and stage; muxes sharing a select slice decode it once. */
export function emitMuxes(bs: readonly MuxNetworkBlock[], L: Layout, T: Tables, pick: string): string {
  const b0 = bs[0]!;
  const { m: M, n: Nn, muxFanIn: F } = b0;
  const P = (b0.windowChannels / M) * Nn;
  const sels = [...new Set(bs.map((b) => L.port(b, 'sel')))];
  const selT = T.add(sels, 'sel'), base = T.add(Array.from({ length: P }, (_, l) => Math.floor(l / Nn) * M + (l % Nn)), 'lb');
  const useT = T.add(bs.map((b) => sels.indexOf(L.port(b, 'sel')) * P), 'use');
  const dataT = T.add(bs.map((b) => L.port(b, 'data')), 'data'), laneT = T.add(bs.map((b) => L.port(b, 'lanes')), 'lane');
  // pick[u*P + l]: the selected candidate t of lane l, -1 none, -2 several (then OR them).
  return `{
  for (let u = 0; u < ${sels.length}; u++) {
    const s0 = ${selT.at('u')};
    for (let l = 0; l < ${P}; l++) {
      const sb = s0 + l * ${F};
      // Branch-free scan (the set bit's position is data dependent): b = 1 when N[sb + t] !== 0.
      let cnt = 0, pos = 0;
      for (let t = 0; t < ${F}; t++) { const x = N[sb + t], b = (x | -x) >>> 31; cnt += b; pos += b * t; }
      ${pick}[u * ${P} + l] = cnt === 1 ? pos : cnt === 0 ? -1 : -2;
    }
  }
  for (let j = 0; j < ${bs.length}; j++) {
    const d = ${dataT.at('j')}, o = ${laneT.at('j')}, pu = ${useT.at('j')}, s0 = ${selT.at(`pu / ${P}`)};
    for (let l = 0; l < ${P}; l++) {
      const p = ${pick}[pu + l], db = d + ${base.at('l')};
      if (p >= 0) N[o + l] = N[db + p];
      else if (p === -1) N[o + l] = 0;
      else { let y = 0; const sb = s0 + l * ${F}; for (let t = 0; t < ${F}; t++) if (N[sb + t] !== 0) y |= N[db + t]; N[o + l] = y; }
    }
  }
}`;
}

/** Metadata decoders of one shape: keep mask (bitmask) or positions (index) into one-hot lane selects. */
export function emitMetaDecoders(bs: readonly MetaDecoderBlock[], L: Layout, T: Tables): string {
  const b0 = bs[0]!;
  const { m: M, n: Nn, muxFanIn: F, encoding } = b0;
  const G = b0.windowChannels / M, P = G * Nn;
  const metaT = T.add(bs.map((b) => L.port(b, encoding === 'bitmask' ? 'mask' : 'idx')), 'meta');
  const selT = T.add(bs.map((b) => L.port(b, 'sel')), 'dsel');
  const body = encoding === 'bitmask'
    ? `for (let g = 0; g < ${G}; g++) {
      let kept = 0;
      for (let j = 0; j < ${M}; j++) {
        const bit = N[mo + g * ${M} + j] & 1;
        if (bit && kept < ${Nn} && j >= kept && j - kept < ${F}) N[so + (g * ${Nn} + kept) * ${F} + (j - kept)] = 1;
        kept += bit;
      }
    }`
    : `for (let l = 0; l < ${P}; l++) {
      const t = N[mo + l] - (l % ${Nn});
      if (t >= 0 && t < ${F}) N[so + l * ${F} + t] = 1;
    }`;
  return `for (let i = 0; i < ${bs.length}; i++) {
    const mo = ${metaT.at('i')}, so = ${selT.at('i')};
    ${P * F <= INLINE_COPY_MAX ? `for (let z = so; z < so + ${P * F}; z++) N[z] = 0;` : `N.fill(0, so, so + ${P * F});`}
    ${body}
  }`;
}

/** Fixed rank compressors of one shape: the keep mask (combinational) and, pipelined, ge_q (register). */
export function emitCompressors(bs: readonly CompressorBlock[], L: Layout, T: Tables): { comb: string; next: string } {
  const b0 = bs[0]!;
  const { m: M, n: Nn } = b0;
  const G = b0.windowChannels / M, PAIRS = pairsPerGroup(M);
  const actT = T.add(bs.map((b) => L.port(b, 'act')), 'cact'), keepT = T.add(bs.map((b) => L.port(b, 'keep')), 'ckeep');
  const pairs: number[] = [];
  for (let i = 0; i < M; i++) for (let j = 0; j < M; j++) pairs.push(i === j ? 0 : pairIndex(Math.min(i, j), Math.max(i, j), M));
  const pairT = T.add(pairs, 'pair');
  if (b0.pipelineStages === 0) {
    // i beats j: |a_i| > |a_j|, or equal and i < j (ge[pair(i,j)] for i < j, 1 - ge[pair(j,i)] for i > j).
    return {
      comb: `for (let r = 0; r < ${bs.length}; r++) {
    const a = ${actT.at('r')}, k = ${keepT.at('r')};
    for (let g = 0; g < ${G}; g++) {
      const a0 = a + g * ${M};
      for (let j = 0; j < ${M}; j++) {
        const mj = Math.abs(N[a0 + j]);
        let rank = 0;
        // Branch-free comparisons (magnitudes < 2^31): sign bit of mj - |a_i| - 1 is |a_i| >= mj, of mj - |a_i| is |a_i| > mj.
        for (let i = 0; i < j; i++) rank += (mj - Math.abs(N[a0 + i]) - 1) >>> 31;
        for (let i = j + 1; i < ${M}; i++) rank += (mj - Math.abs(N[a0 + i])) >>> 31;
        N[k + g * ${M} + j] = rank < ${Nn} ? 1 : 0;
      }
    }
  }`, next: '',
    };
  }
  const geT = T.add(bs.map((b) => L.reg(b.name, 'ge_q')), 'ge'), loadT = T.add(bs.map((b) => L.port(b, 'load')), 'cload');
  if (M <= 32) {
    // ge_q as masks: bit i of word j set when channel i beats j (ge[pair(i,j)] for i < j, its complement for i > j).
    // Beaten-by mask of j: i < j with |a_i| >= |a_j|, i > j with |a_i| > |a_j|. When the magnitudes
    // take few values (R = 2^(A-1) + 1), by buckets: HB[v] the channels of magnitude v, HG[v] those
    // above v; then mask_j = HG[|a_j|] | (HB[|a_j|] & channels below j): O(R + m), not m² comparisons.
    const R = 2 ** (b0.actBits - 1) + 1;
    let maskCode: string;
    if (2 * R + 4 * M < M * M) {
      const hb = T.scratch(R, 'hb'), hg = T.scratch(R, 'hg');
      maskCode = `for (let i = 0; i < ${M}; i++) ${hb}[MAG[i]] |= 1 << i;
      let above = 0;
      for (let v = ${R - 1}; v >= 0; v--) { ${hg}[v] = above; above |= ${hb}[v]; }
      for (let j = 0; j < ${M}; j++) { const mj = MAG[j]; N[q0 + j] = ${hg}[mj] | (${hb}[mj] & ((1 << j) - 1)); }
      for (let i = 0; i < ${M}; i++) ${hb}[MAG[i]] = 0;`;
    } else {
      maskCode = `for (let j = 0; j < ${M}; j++) {
        const mj = MAG[j];
        let v = 0;
        for (let i = 0; i < j; i++) v |= ((mj - MAG[i] - 1) >>> 31) << i;
        for (let i = j + 1; i < ${M}; i++) v |= ((mj - MAG[i]) >>> 31) << i;
        N[q0 + j] = v;
      }`;
    }
    return {
      comb: `for (let r = 0; r < ${bs.length}; r++) {
    const ge = ${geT.at('r')}, k = ${keepT.at('r')};
    for (let c = 0; c < ${G * M}; c++) {
      let v = N[ge + c];
      v = v - ((v >>> 1) & 0x55555555); v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      N[k + c] = ((((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24) < ${Nn} ? 1 : 0;
    }
  }`,
      next: `for (let r = 0; r < ${bs.length}; r++) {
    if (N[${loadT.at('r')}] === 0) continue;
    const a = ${actT.at('r')}, ge = ${geT.at('r')};
    for (let g = 0; g < ${G}; g++) {
      const a0 = a + g * ${M}, q0 = ge + g * ${M};
      for (let i = 0; i < ${M}; i++) MAG[i] = Math.abs(N[a0 + i]);
      ${maskCode}
    }
  }`,
    };
  }
  return {
    comb: `for (let r = 0; r < ${bs.length}; r++) {
    const ge = ${geT.at('r')}, k = ${keepT.at('r')};
    for (let g = 0; g < ${G}; g++) {
      const p0 = ge + g * ${PAIRS};
      for (let j = 0; j < ${M}; j++) {
        let rank = 0;
        for (let i = 0; i < j; i++) rank += N[p0 + ${pairT.at(`i * ${M} + j`)}];
        for (let i = j + 1; i < ${M}; i++) rank += 1 - N[p0 + ${pairT.at(`j * ${M} + i`)}];
        N[k + g * ${M} + j] = rank < ${Nn} ? 1 : 0;
      }
    }
  }`,
    next: `for (let r = 0; r < ${bs.length}; r++) {
    if (N[${loadT.at('r')}] === 0) continue;
    const a = ${actT.at('r')}, ge = ${geT.at('r')};
    for (let g = 0; g < ${G}; g++) {
      const a0 = a + g * ${M}, p0 = ge + g * ${PAIRS};
      let p = p0;
      for (let i = 0; i < ${M}; i++) {
        const mi = Math.abs(N[a0 + i]);
        for (let j = i + 1; j < ${M}; j++) N[p++] = mi >= Math.abs(N[a0 + j]) ? 1 : 0;
      }
    }
  }`,
  };
}

/** Mode capture: cfg_mode sampled with the first slice of a dot product; mode_q is its output net. */
export function emitModeCaptures(bs: readonly ModeCaptureBlock[], L: Layout): string {
  return bs.map((b) => {
    const first = L.reg(b.name, 'first_q'), q = L.port(b, 'mode_q');
    const rst = L.port(b, 'rst_n'), take = L.port(b, 'take'), last = L.port(b, 'last'), cfg = L.port(b, 'cfg_mode');
    return `{ const f = N[${first}], tk = N[${take}];
  if (tk && f) N[${q}] = N[${cfg}] & ${(1 << b.modeSelectBits) - 1};
  N[${first}] = N[${rst}] === 0 ? 1 : tk ? N[${last}] : f; } // ${b.name}`;
  }).join('\n');
}

/** The sum of lane products [lo, hi) of the PE at lane offsets `a` (activations) and `w` (weights): unrolled up to 32 lanes. */
function productsExpr(lo: number, hi: number): { decl: (v: string) => string } {
  if (hi - lo <= 32) {
    const e = Array.from({ length: hi - lo }, (_, k) => `N[a + ${lo + k}] * N[w + ${lo + k}]`).join(' + ');
    return { decl: (v) => `const ${v} = ${e};` };
  }
  return { decl: (v) => `let ${v} = 0; for (let k = ${lo}; k < ${hi}; k++) ${v} += N[a + k] * N[w + k];` };
}

/**
 * PEs of one shape: psum_q (PS), acc_q (AC), out_q (OU) per PE, index = the PE's result element;
 * a split PE (psumParts K > 0) also its K part registers (PT[x*K .. x*K+K-1]): load_psum is then two
 * load bits, [0] the parts' stage (product), [1] the psum stage (sim/cycle/blocks/pe.ts).
 * Sets `changed` when an out_q changes (m_out_data's hex is then rebuilt).
 */
export function emitPes(bs: readonly ProcessingElementBlock[], L: Layout, T: Tables, outIndex: (b: ProcessingElementBlock) => number): string {
  const b0 = bs[0]!;
  const P = b0.lanes, K = b0.psumParts;
  if (bs.some((b) => b.lanes !== P || b.accBits !== b0.accBits || b.psumBits !== b0.psumBits || b.psumParts !== K || b.partBits !== b0.partBits || b.skid !== b0.skid)) {
    throw new InternalError('PEs of different shapes in one group');
  }
  if (K > 0 && P % K !== 0) throw new InternalError(`${b0.name}: ${P} lanes do not split into ${K} parts`);
  const idx = T.add(bs.map(outIndex), 'out');
  const act = T.add(bs.map((b) => L.port(b, 'act_lane')), 'pa'), wgt = T.add(bs.map((b) => L.port(b, 'wgt_lane')), 'pw');
  const ctl = (p: string, element = 0): string => {
    const t = T.add(bs.map((b) => L.port(b, p) + element), 'pc');
    return `N[${t.at('i')}]`;
  };
  const operands = `const a = ${act.at('i')}, w = ${wgt.at('i')};`;
  let psumStep: string;
  if (K === 0) {
    psumStep = `if (${ctl('load_psum')}) { ${operands} ${productsExpr(0, P).decl('s')} PS[x] = ${wrapExpr('s', b0.psumBits)}; }`;
  } else {
    // psum_q from the registered parts (before they change), then the parts from the lanes.
    const per = P / K;
    const partSum = Array.from({ length: K }, (_, q) => `PT[p + ${q}]`).join(' + ');
    const parts = Array.from({ length: K }, (_, q) => `${productsExpr(q * per, (q + 1) * per).decl(`s${q}`)} PT[p + ${q}] = ${wrapExpr(`s${q}`, b0.partBits)};`).join(' ');
    psumStep = `const p = x * ${K};
    if (${ctl('load_psum', 1)}) { const s = ${partSum}; PS[x] = ${wrapExpr('s', b0.psumBits)}; }
    if (${ctl('load_psum', 0)}) { ${operands} ${parts} }`;
  }
  const big = accNeedsBigint(b0.accBits);
  const zero = big ? '0n' : '0';
  const accNext = big
    ? `BigInt.asIntN(${b0.accBits}, (${ctl('acc_first')} ? 0n : AC[x]) + BigInt(ps))`
    : wrapExpr(`(${ctl('acc_first')} ? 0 : AC[x]) + ps`, b0.accBits);
  // A skid PE (readyCut) keeps out_q in OQ; its shown word (OU) is chosen after the edge (compile.ts).
  const accStep = b0.skid
    ? `if (${ctl('rst_n')} === 0) { AC[x] = ${zero}; OQ[x] = ${zero}; }
    else if (${ctl('load_out')}) {
      const nx = ${accNext};
      if (${ctl('psum_last')}) { AC[x] = OQ[x]; OQ[x] = nx; } else AC[x] = nx;
    }`
    : `if (${ctl('rst_n')} === 0) { AC[x] = ${zero}; if (OU[x] !== ${zero}) { OU[x] = ${zero}; changed = true; } }
    else if (${ctl('load_out')}) {
      const nx = ${accNext};
      if (${ctl('psum_last')}) { if (OU[x] !== nx) { OU[x] = nx; changed = true; } } else AC[x] = nx;
    }`;
  return `for (let i = 0; i < ${bs.length}; i++) {
    const x = ${idx.at('i')}, ps = PS[x];
    ${psumStep}
    ${accStep}
  }`;
}
