// The next time-bar boundary `B` of docs/language.md section 4, step 1, kept as (hi, lo) words:
// computed with BigInt once per stream, then advanced by exact word addition with carry, so the
// per-packet path neither allocates nor rounds through a number. `hi` is a number, not an int32:
// a boundary past the last int64 time (hi 2^31) is held as it is and never reached, as the
// native driver holds it in an i128.

import { FeatcError } from "../errors.js";
import { pairToBigInt, TWO_32 } from "../log/int64.js";

/** Periods must stay below 2^52 ns (about 52 days) so a word sum never loses a bit. */
const MAX_PERIOD = 2n ** 52n;

export class BarClock {
  /** `B`, valid once `started`. */
  hi = 0;
  lo = 0;
  started = false;
  private readonly periodHi: number;
  private readonly periodLo: number;
  private readonly period: bigint;
  private readonly periodNumber: number;

  constructor(periodNs: bigint) {
    if (periodNs <= 0n || periodNs >= MAX_PERIOD) {
      throw new FeatcError("BAD_ARGUMENT", `bar period ${periodNs} ns is outside (0, 2^52)`);
    }
    this.period = periodNs;
    this.periodNumber = Number(periodNs);
    this.periodHi = Number(periodNs >> 32n);
    this.periodLo = Number(periodNs & 0xffffffffn);
  }

  /** On the first packet: `B = floor(t0 / P) * P + P`. */
  start(t0Hi: number, t0Lo: number): void {
    const t0 = pairToBigInt(t0Hi, t0Lo);
    let q = t0 / this.period;
    // BigInt division truncates toward zero; bars are aligned by floor.
    if (t0 % this.period < 0n) q -= 1n;
    const b = q * this.period + this.period;
    this.hi = Number(b >> 32n);
    this.lo = Number(b & 0xffffffffn);
    this.started = true;
  }

  /**
   * The boundaries `B, B + P, ...` at or before `t` (`t >= B`), as a number: within one of the
   * exact count (a rounded division, and words rounded above 2^53 ns, whose error is below one
   * period's share of 2^11 ns). `exactBarsTo` is exact.
   */
  barsTo(tHi: number, tLo: number): number {
    return Math.floor(((tHi - this.hi) * TWO_32 + (tLo - this.lo)) / this.periodNumber) + 1;
  }

  exactBarsTo(tHi: number, tLo: number): bigint {
    return (pairToBigInt(tHi, tLo) - this.boundary()) / this.period + 1n;
  }

  /** `B` as a bigint: for messages. */
  boundary(): bigint {
    return BigInt(this.hi) * 2n ** 32n + BigInt(this.lo);
  }

  /** `t >= B`. */
  reached(tHi: number, tLo: number): boolean {
    return tHi > this.hi || (tHi === this.hi && tLo >= this.lo);
  }

  /** `B = B + P`. */
  advance(): void {
    let lo = this.lo + this.periodLo;
    let hi = this.hi + this.periodHi;
    if (lo >= TWO_32) {
      lo -= TWO_32;
      hi += 1;
    }
    this.lo = lo;
    this.hi = hi;
  }
}
