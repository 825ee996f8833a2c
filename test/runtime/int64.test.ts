// (hi, lo) int64 arithmetic against BigInt: the bar clock, comparisons, exact conversion.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BarClock } from "../../runtime/engine/barClock.js";
import {
  bigIntHi,
  bigIntLo,
  exactNumber,
  pairGreaterOrEqual,
  pairLess,
  pairToBigInt,
  safeIntegerHi,
  safeIntegerLo,
} from "../../runtime/log/int64.js";

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
/** Timestamps whose bars stay inside int64. */
const timestamp = fc.bigInt({ min: -(2n ** 62n), max: 2n ** 62n });
const period = fc.oneof(
  fc.bigInt({ min: 1n, max: 2n ** 52n - 1n }),
  fc.constantFrom(1_000_000_000n, 60_000_000_000n, 1n, 2n ** 32n, 2n ** 32n - 1n),
);

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b < 0n ? q - 1n : q;
}

describe("int64 words", () => {
  it("split and join losslessly", () => {
    fc.assert(fc.property(int64, (v) => pairToBigInt(bigIntHi(v), bigIntLo(v)) === v));
  });

  it("compare like BigInt", () => {
    fc.assert(
      fc.property(int64, int64, (a, b) => {
        const [ah, al, bh, bl] = [bigIntHi(a), bigIntLo(a), bigIntHi(b), bigIntLo(b)];
        return pairGreaterOrEqual(ah, al, bh, bl) === a >= b && pairLess(ah, al, bh, bl) === a < b;
      }),
    );
  });

  it("convert to an exact number below 2^53 and refuse beyond", () => {
    fc.assert(
      fc.property(int64, (v) => {
        const n = exactNumber(bigIntHi(v), bigIntLo(v));
        const inRange = v > -(2n ** 53n) && v < 2n ** 53n;
        return inRange ? n === Number(v) : Number.isNaN(n);
      }),
    );
  });

  it("split safe integers into words", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        (v) => pairToBigInt(safeIntegerHi(v), safeIntegerLo(v)) === BigInt(v),
      ),
    );
  });
});

describe("BarClock", () => {
  it("starts at floor(t0 / P) * P + P and advances by exact addition", () => {
    fc.assert(
      fc.property(timestamp, period, fc.integer({ min: 0, max: 50 }), (t0, p, steps) => {
        const clock = new BarClock(p);
        clock.start(bigIntHi(t0), bigIntLo(t0));
        let b = floorDiv(t0, p) * p + p;
        expect(pairToBigInt(clock.hi, clock.lo)).toBe(b);
        for (let i = 0; i < steps; i++) {
          clock.advance();
          b += p;
          expect(pairToBigInt(clock.hi, clock.lo)).toBe(b);
          const probe = b - 1n + BigInt(i % 3);
          expect(clock.reached(bigIntHi(probe), bigIntLo(probe))).toBe(probe >= b);
        }
      }),
    );
  });

  it("rejects periods outside (0, 2^52)", () => {
    expect(() => new BarClock(0n)).toThrow(/outside/);
    expect(() => new BarClock(2n ** 52n)).toThrow(/outside/);
  });
});
