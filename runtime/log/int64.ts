// int64 values as (hi, lo) words: `hi` the signed high 32 bits, `lo` the unsigned low 32 bits.
// Timestamps stay in this form on the hot path because a number rounds above 2^53; prices and
// sizes are converted to exact numbers after a range check.

export const TWO_32 = 4294967296;
/** Smallest and largest `hi` word of an int64 whose value has magnitude below 2^53. */
const EXACT_HI_MIN = -2097152;
const EXACT_HI_MAX = 2097151;

/**
 * The int64 (hi, lo) as an exact number, or NaN when |value| >= 2^53 (a number would round).
 * NaN keeps the check allocation-free; callers turn it into an error naming the record.
 */
export function exactNumber(hi: number, lo: number): number {
  if (hi < EXACT_HI_MIN || hi > EXACT_HI_MAX) return NaN;
  const value = hi * TWO_32 + lo;
  return value === -9007199254740992 ? NaN : value;
}

/** (a) >= (b), both (hi, lo) pairs. */
export function pairGreaterOrEqual(aHi: number, aLo: number, bHi: number, bLo: number): boolean {
  return aHi > bHi || (aHi === bHi && aLo >= bLo);
}

/** (a) < (b), both (hi, lo) pairs. */
export function pairLess(aHi: number, aLo: number, bHi: number, bLo: number): boolean {
  return aHi < bHi || (aHi === bHi && aLo < bLo);
}

export function pairToBigInt(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo >>> 0);
}

/** High (signed) word of an int64 given as a bigint. */
export function bigIntHi(value: bigint): number {
  return Number(BigInt.asIntN(32, BigInt.asIntN(64, value) >> 32n));
}

/** Low (unsigned) word of an int64 given as a bigint. */
export function bigIntLo(value: bigint): number {
  return Number(BigInt.asUintN(32, value));
}

/** An exact safe integer (|v| < 2^53) as its (hi, lo) words. */
export function safeIntegerHi(value: number): number {
  return Math.floor(value / TWO_32) | 0;
}

export function safeIntegerLo(value: number): number {
  return (value - Math.floor(value / TWO_32) * TWO_32) >>> 0;
}
