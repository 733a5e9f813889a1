// The valid-term enumeration of the flexible decoders' area forms (flexDecoderTerms in
// src/model/forms.ts, read from IR fields) against a literal walk of the templates' generate loops:
// the `g_on` condition and the index compare value are read out of rtl-templates/*.v and evaluated
// on the block's Verilog parameters with BigInt (truncating integer division, as Verilog's).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EngineConfigInput } from '../../src/config/engine_config.js';
import { validateConfig } from '../../src/config/validate.js';
import { elaborate } from '../../src/ir/elaborate.js';
import type { FlexDecoderBlock } from '../../src/ir/types.js';
import { packagePath } from '../../src/io/package_root.js';
import { flexDecoderDistinctPositions, flexDecoderTerms } from '../../src/model/forms.js';
import { Prng } from '../../src/util/prng.js';

type Env = Record<'gp' | 'gt' | 'gm' | 'N' | 'M' | 'MODE_LM', bigint>;

/** A Verilog constant expression over genvars and parameters as a BigInt function. */
function compile(expr: string): (env: Env) => bigint | boolean {
  const js = expr.replace(/\s+/g, ' ').replace(/\b(\d+)\b/g, '$1n').replace(/\b(gp|gt|gm|N|M|MODE_LM)\b/g, 'e.$1');
  return new Function('e', `return (${js});`) as (env: Env) => bigint | boolean;
}

/** The text between `open` and its balanced closing parenthesis, searching from `from`. */
function balanced(text: string, from: number): string {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')' && --depth === 0) return text.slice(from + 1, i);
  }
  throw new Error('unbalanced');
}

function templateWalk(template: string): (params: Record<string, number>) => { lane: number; candidate: number; mode: number; pos?: number }[] {
  const v = readFileSync(packagePath('rtl-templates', `${template}.v`), 'utf8');
  const at = v.lastIndexOf('if (', v.indexOf('begin : g_on'));
  const cond = compile(balanced(v, at + 3));
  const iwAt = v.indexOf('iw_bits((gp');
  const pos = iwAt >= 0 ? compile(balanced(v, iwAt + 'iw_bits'.length)) : undefined;
  return (p) => {
    const out = [];
    const P = (p.WINDOW! / p.M!) * p.N!, F = p.M! - p.N! + 1; // the templates' localparams
    for (let gp = 0; gp < P; gp++) for (let gt = 0; gt < F; gt++) for (let gm = 0; gm < p.MODES!; gm++) {
      const e: Env = { gp: BigInt(gp), gt: BigInt(gt), gm: BigInt(gm), N: BigInt(p.N!), M: BigInt(p.M!), MODE_LM: BigInt(p.MODE_LM!) };
      if (cond(e) === true) out.push({ lane: gp, candidate: gt, mode: gm, ...(pos !== undefined ? { pos: Number(pos(e)) } : {}) });
    }
    return out;
  };
}

/** Random legal flexible descriptions: one n/m ratio, modes a subset of m = 2 .. 32 with the largest, window m* or 2 m*. */
function randomFlexInputs(seed: number, count: number): EngineConfigInput[] {
  const rng = new Prng(seed);
  const out: EngineConfigInput[] = [];
  while (out.length < count) {
    const quarter = rng.int(0, 1) === 1;
    const ms = [2, 4, 8, 16, 32].filter((m) => !quarter || m >= 4);
    const top = ms[rng.int(1, ms.length - 1)]!;
    const modes = ms.filter((m) => m < top && rng.int(0, 1) === 1).concat(top).map((m) => `${quarter ? m / 4 : m / 2}:${m}`);
    if (modes.length < 2) continue;
    out.push({ modes, window: top * rng.int(1, 2), rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: rng.int(0, 1) === 1 ? 'index' : 'bitmask' });
  }
  return out;
}

const flexDecoders = (input: EngineConfigInput): FlexDecoderBlock[] => {
  const v = validateConfig(input);
  if (v.config === undefined) throw new Error(`${JSON.stringify(input)}: ${v.diagnostics.map((d) => d.message).join('; ')}`);
  const ir = elaborate(v.config);
  return [ir.tops.engine, ir.tops.core].flatMap((t) => t.blocks).filter((b): b is FlexDecoderBlock => b.kind === 'flex_decoder');
};

describe('flexible decoder valid terms (area forms) vs the templates\' generate loops', () => {
  const seed = Number(process.env['SEED'] ?? Date.now() % 100000);
  const inputs: EngineConfigInput[] = [
    { modes: ['2:4', '4:8', '8:16'], window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16 },
    { modes: ['1:4', '2:8'], window: 16, rows: 1, cols: 1, actBits: 4, weightBits: 4, accBits: 16, meta: 'index' },
    ...randomFlexInputs(seed, 12),
  ];
  for (const template of ['nm_meta_decode_flex_bitmask', 'nm_meta_decode_flex_index']) {
    it(`${template}: the same (lane, candidate, mode) terms and index values (seed ${seed})`, () => {
      const walk = templateWalk(template);
      let blocks = 0, pruned = 0;
      for (const input of inputs) {
        for (const b of flexDecoders(input).filter((x) => x.template === template)) {
          const literal = walk(b.params as Record<string, number>);
          const model = flexDecoderTerms(b);
          const strip = (t: { lane: number; candidate: number; mode: number; pos?: number }): string => `${t.lane}/${t.candidate}/${t.mode}`;
          expect(model.map(strip), `${JSON.stringify(input)} seed ${seed}`).toEqual(literal.map(strip));
          if (template === 'nm_meta_decode_flex_index') {
            expect(model.map((t) => t.pos), `${JSON.stringify(input)} seed ${seed}`).toEqual(literal.map((t) => t.pos));
            expect(flexDecoderDistinctPositions(model)).toBe(new Set(literal.map((t) => `${t.lane}/${t.pos}`)).size);
          }
          blocks++;
          if (literal.length < b.lanes * b.muxFanIn * b.modes.length) pruned++;
        }
      }
      expect(blocks).toBeGreaterThan(0);
      expect(pruned).toBeGreaterThan(0); // the condition is not trivially true
    });
  }
});
