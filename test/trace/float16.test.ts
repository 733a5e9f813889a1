// F16 / BF16 decoding and encoding: exact values of known bit patterns, round-to-nearest-even
// cases, full 65,536-pattern round trips, and (when numpy is installed) agreement with numpy.

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { float16ToFloat32 } from 'npyjs';
import {
  bf16BitsToF32, decodeBf16, decodeF16, encodeBf16, encodeF16, f16BitsToF32, f16Table32, f32ToBf16Bits, f32ToF16Bits, roundToBf16InPlace,
} from '../../src/trace/float16.js';

describe('F16 decoding', () => {
  it.each([
    [0x0000, 0], [0x3c00, 1], [0xc000, -2], [0x7bff, 65504], [0x0001, 2 ** -24], [0x03ff, 1023 * 2 ** -24],
    [0x0400, 2 ** -14], [0x3555, 0.333251953125], [0x7c00, Infinity], [0xfc00, -Infinity], [0x5640, 100],
  ])('bits %s is %s', (bits, value) => {
    expect(f16BitsToF32(bits)).toBe(value);
  });
  it('keeps the sign of zero and decodes NaN', () => {
    expect(Object.is(f16BitsToF32(0x8000), -0)).toBe(true);
    expect(Number.isNaN(f16BitsToF32(0x7e00))).toBe(true);
    expect(Number.isNaN(f16BitsToF32(0xfc01))).toBe(true);
  });
  it('agrees with npyjs float16ToFloat32 (an independent formula) on all 65,536 patterns', () => {
    const table = f16Table32();
    let mismatches = 0;
    for (let h = 0; h < 65536; h++) if (!Object.is(table[h], Math.fround(float16ToFloat32(h)))) mismatches++;
    expect(mismatches).toBe(0);
  });
});

describe('BF16 decoding', () => {
  it.each([
    [0x3f80, 1], [0xc000, -2], [0x7f80, Infinity], [0xff80, -Infinity], [0x0001, 2 ** -133],
    [0x7f7f, 3.3895313892515355e38], [0x3eab, 0.333984375], [0x4348, 200],
  ])('bits %s is %s', (bits, value) => {
    expect(bf16BitsToF32(bits)).toBe(value);
  });
  it('decodes arrays like the scalar function', () => {
    const bits = Uint16Array.from([0x3f80, 0xc000, 0x0001, 0x7f80]);
    expect(Array.from(decodeBf16(bits))).toEqual([1, -2, 2 ** -133, Infinity]);
  });
});

describe('encoders (round to nearest, ties to even)', () => {
  it.each([
    [1 + 2 ** -11, 0x3c00], // halfway between 1 and 1 + 2^-10: even (1)
    [1 + 3 * 2 ** -11, 0x3c02], // halfway between odd 0x3c01 and 0x3c02: even
    [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just above halfway
    [65504, 0x7bff], [65519, 0x7bff], [65520, 0x7c00], [1e6, 0x7c00], [-1e6, 0xfc00],
    [2 ** -25, 0x0000], // halfway between 0 and the smallest subnormal: even (0)
    [1.5 * 2 ** -25, 0x0001], [2 ** -24, 0x0001], [3 * 2 ** -25, 0x0002], [2 ** -14 - 2 ** -25, 0x0400],
    [-0.333251953125, 0xb555], [Infinity, 0x7c00],
  ])('f16(%s) = %s', (x, bits) => {
    expect(f32ToF16Bits(x)).toBe(bits);
  });
  it.each([
    [1 + 2 ** -8, 0x3f80], [1 + 3 * 2 ** -8, 0x3f82], [1 + 2 ** -8 + 2 ** -20, 0x3f81], [-2, 0xc000],
    [3.4e38, 0x7f80], [Infinity, 0x7f80],
  ])('bf16(%s) = %s', (x, bits) => {
    expect(f32ToBf16Bits(x)).toBe(bits);
  });
  it('keeps NaN a NaN', () => {
    expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(NaN)))).toBe(true);
    expect(Number.isNaN(bf16BitsToF32(f32ToBf16Bits(NaN)))).toBe(true);
  });
  it('round-trips every non-NaN F16 and BF16 pattern', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const keep = (decoded: Float32Array) => all.filter((_, i) => !Number.isNaN(decoded[i]));
    const f16 = decodeF16(all);
    expect(Array.from(encodeF16(f16)).filter((_, i) => !Number.isNaN(f16[i]))).toEqual(Array.from(keep(f16)));
    const bf16 = decodeBf16(all);
    expect(Array.from(encodeBf16(bf16)).filter((_, i) => !Number.isNaN(bf16[i]))).toEqual(Array.from(keep(bf16)));
  });
  it('roundToBf16InPlace equals decode(encode(x))', () => {
    const x = Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 1.37) * 10 ** ((i % 9) - 4));
    const expected = decodeBf16(encodeBf16(x));
    expect(Array.from(roundToBf16InPlace(x.slice()))).toEqual(Array.from(expected));
  });
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasNumpy)('agreement with numpy (skipped when python3/numpy is absent)', () => {
  it('f32 → f16 bits equal numpy astype(float16) on 20,000 values across the range', () => {
    const x = Float32Array.from({ length: 20000 }, (_, i) => Math.fround(Math.sin(i * 12.9898) * 2 ** ((i % 60) - 30)));
    const script = 'import sys,numpy as np; x=np.frombuffer(sys.stdin.buffer.read(),dtype="<f4"); sys.stdout.buffer.write(x.astype(np.float16).view("<u2").tobytes())';
    const r = spawnSync('python3', ['-c', script], { input: Buffer.from(x.buffer), maxBuffer: 1 << 24 });
    expect(r.status).toBe(0);
    const fromNumpy = new Uint16Array(new Uint8Array(r.stdout).buffer);
    expect(Array.from(encodeF16(x))).toEqual(Array.from(fromNumpy));
  });
});
