// Exact two's-complement arithmetic for the simulator's datapath words. Operands and partial sums
// are JS numbers (|sum| <= 256 * 2^30 < 2^53, so exact); accumulators are numbers when accBits <=
// MAX_NUMBER_ACC_BITS (then |acc + psum| < 2^53 and every step is exact) and bigints above, where a
// double could no longer hold every accBits-bit sum. Wrapping matches Verilog truncation.

/** An accumulator or result value: a number when its width allows exact doubles, else a bigint. */
export type Word = number | bigint;

/** Widest accumulator kept in a double: acc and psum both below 2^52 in magnitude, sum below 2^53. */
export const MAX_NUMBER_ACC_BITS = 52;

/** Whether an accBits-bit accumulator is simulated with bigint. */
export function accNeedsBigint(accBits: number): boolean {
  return accBits > MAX_NUMBER_ACC_BITS;
}

/** Low `bits` bits of an integer-valued double read as two's complement (bits <= 52, |x| < 2^53). */
export function wrapNumber(x: number, bits: number): number {
  if (bits <= 32) {
    const s = 32 - bits;
    return (x << s) >> s; // ToInt32 is exact modulo 2^32 for every integer-valued double
  }
  const mod = 2 ** bits;
  let r = x % mod; // exact: fmod of integers below 2^53
  if (r >= mod / 2) r -= mod;
  else if (r < -mod / 2) r += mod;
  return r;
}

/** (first ? 0 : acc) + psum modulo 2^accBits, in the representation `acc` uses. */
export function accumulate(acc: Word, psum: number, first: boolean, accBits: number): Word {
  if (typeof acc === 'bigint') return BigInt.asIntN(accBits, (first ? 0n : acc) + BigInt(psum));
  return wrapNumber((first ? 0 : acc) + psum, accBits);
}

/** The zero of an accBits-bit accumulator in its representation. */
export function zeroWord(accBits: number): Word {
  return accNeedsBigint(accBits) ? 0n : 0;
}
