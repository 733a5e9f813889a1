// Two's-complement helpers shared by the reference model, the simulators' drivers and the tests:
// wrapping to a bit width, magnitudes with |-2^(A-1)| = 2^(A-1), and packing element vectors into
// the hex form of a Verilog bus (element i at bits [i*w +: w], most significant digit first).

/** Reads the low `bits` bits of v as a two's-complement number. */
export function wrapSigned(v: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, v);
}

/** Smallest and largest signed value of `bits` bits. */
export function signedRange(bits: number): { min: number; max: number } {
  return { min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 };
}

/** |a| of a signed operand; exact for every A <= 16 (so |-2^(A-1)| = 2^(A-1)). */
export function magnitude(a: number): number {
  return a < 0 ? -a : a;
}

/** Packs elements (signed or unsigned) of `widthBits` each into a bus, as lowercase hex of ceil(total/4) digits. */
export function packHex(values: ArrayLike<number | bigint>, widthBits: number): string {
  const totalBits = values.length * widthBits;
  const digits = Math.max(1, Math.ceil(totalBits / 4));
  const nibbles = new Uint8Array(digits);
  const mask = (1n << BigInt(widthBits)) - 1n;
  for (let i = 0; i < values.length; i++) {
    let v = BigInt(values[i]!) & mask;
    let bit = i * widthBits;
    for (let b = 0; b < widthBits; b++, bit++, v >>= 1n) {
      if (v & 1n) nibbles[bit >> 2]! |= 1 << (bit & 3);
    }
  }
  let out = '';
  for (let d = digits - 1; d >= 0; d--) out += nibbles[d]!.toString(16);
  return out;
}

/** Inverse of packHex: `count` elements of `widthBits`, read as signed when `signed`. */
export function unpackHex(hex: string, count: number, widthBits: number, signed: boolean): bigint[] {
  const all = BigInt('0x' + (hex.length > 0 ? hex : '0'));
  const mask = (1n << BigInt(widthBits)) - 1n;
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    const raw = (all >> BigInt(i * widthBits)) & mask;
    out.push(signed ? BigInt.asIntN(widthBits, raw) : raw);
  }
  return out;
}
