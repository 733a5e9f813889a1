// A small seeded mutator over real files: bit flips, interesting bytes, overwritten and repeated
// chunks, truncation and extension, and edits that favour the header (the first bytes), where the
// readers decide how much to allocate. Plus a harness that runs a parser on every mutant and fails
// on a throw, a call slower than the hang limit, or a result larger than the input allows.

import { Prng } from '../../src/util/prng.js';

const INTERESTING = [0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x22, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x30, 0x39, 0x2d, 0x65];

/** One mutant of `seed` (never the same array). */
export function mutate(rng: Prng, seed: Uint8Array): Uint8Array {
  let b = seed.slice();
  const edits = 1 + rng.nextBelow(4);
  for (let e = 0; e < edits; e++) {
    const headerBias = rng.bool(0.6) && b.length > 0;
    const pos = (): number => (b.length === 0 ? 0 : headerBias ? rng.nextBelow(Math.min(b.length, 160)) : rng.nextBelow(b.length));
    switch (rng.nextBelow(7)) {
      case 0: if (b.length > 0) { const i = pos(); b[i] = b[i]! ^ (1 << rng.nextBelow(8)); } break;
      case 1: if (b.length > 0) b[pos()] = rng.pick(INTERESTING); break;
      case 2: if (b.length > 0) { const i = pos(); for (let k = 0; k < 8 && i + k < b.length; k++) b[i + k] = rng.nextBelow(256); } break;
      case 3: b = b.slice(0, rng.nextBelow(b.length + 1)); break;
      case 4: { const i = pos(); const n = 1 + rng.nextBelow(32); const out = new Uint8Array(b.length + n); out.set(b.subarray(0, i)); out.set(b.subarray(Math.max(0, i - n), i).length === n ? b.subarray(i - n, i) : new Uint8Array(n).fill(0x39), i); out.set(b.subarray(i), i + n); b = out; break; }
      case 5: { const i = pos(); const n = Math.min(b.length - i, 1 + rng.nextBelow(16)); b = Uint8Array.from([...b.subarray(0, i), ...b.subarray(i + n)]); break; }
      default: if (b.length >= 8 && rng.bool(0.5)) { const v = new DataView(b.buffer, b.byteOffset); v.setUint32(rng.bool(0.5) ? 0 : 4, rng.pick([0, 1, 0xffffffff, 0x7fffffff, b.length, b.length + 1, rng.nextU32()]), true); } break;
    }
  }
  return b;
}

export interface FuzzStats {
  readonly inputs: number;
  readonly accepted: number;
  readonly slowestMs: number;
}

/**
 * Runs `parse` on `count` mutants of the seeds. `check` returns a problem text for a bad result
 * (undefined when fine). Throws, naming the seed and the input index, on the first failure.
 */
export function fuzz(label: string, seedValue: number, seeds: readonly Uint8Array[], count: number, hangMs: number,
  parse: (bytes: Uint8Array) => { accepted: boolean; problem?: string }): FuzzStats {
  const rng = new Prng(seedValue);
  let accepted = 0, slowest = 0;
  for (let i = 0; i < count; i++) {
    const input = mutate(rng, rng.pick(seeds));
    const t0 = performance.now();
    let r: { accepted: boolean; problem?: string };
    try {
      r = parse(input);
    } catch (e) {
      throw new Error(`[${label}] seed ${seedValue}, input ${i} (${input.length} bytes): uncaught ${(e as Error).stack ?? String(e)}`);
    }
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    if (ms > hangMs) throw new Error(`[${label}] seed ${seedValue}, input ${i}: took ${ms.toFixed(0)} ms (hang limit ${hangMs} ms)`);
    if (r.problem !== undefined) throw new Error(`[${label}] seed ${seedValue}, input ${i} (${input.length} bytes): ${r.problem}`);
    if (r.accepted) accepted++;
  }
  return { inputs: count, accepted, slowestMs: slowest };
}
