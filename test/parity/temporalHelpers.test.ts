// The helpers generated TypeScript kernels carry (runtime/kernel/window.ts, numerics.ts, as
// compiler/codegen/ts/runtimeHelpers.ts inlines them) follow native/core/src/kernel/; its unit
// tests hold the Rust side to the same bounds. Loaded from the inlined text, as kernels run them.
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { runtimeHelperSource } from "../../compiler/codegen/ts/runtimeHelpers.js";

function load<T>(source: string, name: string): T {
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  return new Function(`${js}\nreturn ${name};`)() as T;
}
const EXP2_FUNCTION = runtimeHelperSource("numerics");
const LN_FUNCTION = runtimeHelperSource("numerics");
const WINDOW_CLASS = runtimeHelperSource("window");

const bits = (x: number) => new BigInt64Array(new Float64Array([x]).buffer)[0];

describe("exp2NonPositive", () => {
  const exp2 = load<(y: number) => number>(EXP2_FUNCTION, "exp2NonPositive");

  it("is within two ulps of 2 ** y on [-1021, 0]", () => {
    for (let y = 0; y > -1021; y -= 0.0137) {
      const ulps = bits(exp2(y)) - bits(2 ** y);
      expect(ulps <= 2n && ulps >= -2n, `2^${y}`).toBe(true);
    }
  });

  it("is exact at integers and 0 below -1022", () => {
    expect([exp2(0), exp2(-1), exp2(-10), exp2(-1022), exp2(-Infinity)]).toEqual([1, 0.5, 2 ** -10, 0, 0]);
  });
});

describe("ln", () => {
  const ln = load<(x: number) => number>(LN_FUNCTION, "ln");

  /** xorshift64*, as the kernel.rs tests draw it. */
  function random(seed: bigint): () => bigint {
    let state = seed;
    return () => {
      state ^= state >> 12n;
      state ^= BigInt.asUintN(64, state << 25n);
      state ^= state >> 27n;
      return BigInt.asUintN(64, state * 0x2545f4914f6cdd1dn);
    };
  }
  const fromBits = (b: bigint) => new Float64Array(new BigUint64Array([b]).buffer)[0];

  it("is within one ulp of Math.log over all positive f64 and near 1", () => {
    const next = random(0x9e3779b97f4a7c15n);
    let worst = 0n;
    for (let i = 0; i < 200_000; i++) {
      const r = next();
      const x = i % 2 === 0 ? fromBits(r % 0x7ff0000000000000n) : 1 + (Number(r >> 11n) / 2 ** 53 - 0.5) * 0.6;
      if (!(x > 0)) continue;
      const [got, want] = [ln(x), Math.log(x)];
      const ulps = Math.sign(got) === Math.sign(want) || got === 0 ? bits(got) - bits(want) : 1n << 62n;
      const abs = ulps < 0n ? -ulps : ulps;
      if (abs > worst) worst = abs;
      expect(abs <= 1n, `ln(${x}): ${got} vs ${want}`).toBe(true);
    }
    expect(worst <= 1n).toBe(true);
  });

  it("gives the bits of kernel.rs `ln` on 100k inputs (the checksum its test asserts)", () => {
    const next = random(0x0123456789abcdefn);
    let hash = 0xcbf29ce484222325n;
    for (let i = 0; i < 100_000; i++) {
      const r = next();
      const x = i % 2 === 0 ? fromBits(r >> 1n) : Number(r >> 11n) / 2 ** 52;
      const y = ln(x);
      hash = BigInt.asUintN(
        64,
        (hash ^ (Number.isNaN(y) ? 0x7ff8000000000000n : BigInt.asUintN(64, bits(y)))) * 0x100000001b3n,
      );
    }
    expect(hash).toBe(0x2a687888f82b597en);
  });

  it("is exact at 1, +inf and powers of two; NaN for NaN and x <= 0", () => {
    expect([ln(1), ln(Infinity), ln(2), ln(0.5), ln(2 ** -1074)]).toEqual([
      0,
      Infinity,
      Math.log(2),
      Math.log(0.5),
      Math.log(2 ** -1074),
    ]);
    expect([ln(NaN), ln(0), ln(-0), ln(-1), ln(-Infinity)].every(Number.isNaN)).toBe(true);
  });
});

describe("Window", () => {
  type W = {
    push(hi: number, lo: number, v: number, ok: boolean): void;
    expire(hi: number, lo: number): void;
    count(): number;
    sum(): number;
    ok: boolean;
    mean(): number;
    extreme(max: boolean): number;
    std(): number;
    quantile(q: number): number;
  };
  const Window = load<new (capacity: number, spanHi: number, spanLo: number, sortable?: boolean) => W>(
    WINDOW_CLASS,
    "Window",
  );

  it("keeps the last capacity steps of a window of steps", () => {
    const w = new Window(3, 0, 0);
    [1, 2, 3, 4].forEach((x, i) => w.push(0, i, x, true));
    w.push(0, 9, 0, false);
    expect([w.count(), w.sum(), w.mean(), w.extreme(false), w.extreme(true), w.std(), w.ok]).toEqual([
      2,
      7,
      3.5,
      3,
      4,
      Math.sqrt(0.5),
      true,
    ]);
  });

  it("keeps the steps after now - span of a time window, across a carry of the low word", () => {
    const w = new Window(10, 0, 100);
    w.push(1, 4294967200, 1, true);
    w.push(2, 20, NaN, true);
    w.push(2, 50, 3, true);
    w.expire(2, 50);
    expect(w.count()).toBe(2);
    expect(Number.isNaN(w.extreme(true))).toBe(true);
    w.expire(2, 120);
    expect([w.count(), w.sum()]).toEqual([1, 3]);
    w.expire(2, 150);
    w.mean();
    const meanOk = w.ok;
    w.std();
    expect([w.count(), meanOk, w.ok]).toEqual([0, false, false]);
  });

  it("overflows a full time window only when its oldest step is still inside the span, as window.rs does", () => {
    const w = new Window(3, 0, 100) as unknown as W & { overflowed: boolean };
    for (const t of [0, 10, 20]) w.push(0, t, 1, true);
    w.push(0, 100, 1, true);
    expect(w.overflowed).toBe(false);
    w.push(0, 105, 1, true);
    expect(w.overflowed).toBe(true);
    // Across a carry of the low word: the oldest at (1, 2^32 - 50) is inside a span ending at (2, 30).
    const carry = new Window(1, 0, 100) as unknown as W & { overflowed: boolean };
    carry.push(1, 4294967246, 1, true);
    carry.push(2, 30, 1, true);
    expect(carry.overflowed).toBe(true);
    const steps = new Window(2, 0, 0) as unknown as W & { overflowed: boolean };
    for (let t = 0; t < 10; t++) steps.push(0, t, 1, true);
    expect(steps.overflowed).toBe(false);
  });

  it("interpolates quantiles between closest ranks over the valid values, as numpy's default", () => {
    const w = new Window(5, 0, 0, true);
    [3, 1, 4, 1, 5].forEach((x, i) => w.push(0, i, x, true));
    // sorted 1 1 3 4 5: h = 4q
    expect([0, 0.1, 0.25, 0.5, 0.9, 1].map((q) => w.quantile(q))).toEqual([1, 1, 1, 3, 4 + 0.6 * (5 - 4), 5]);
    w.push(0, 5, 0, false);
    // window: 1 4 1 5 (null skipped): sorted 1 1 4 5, h = 3q
    expect([w.quantile(0.5), w.ok]).toEqual([1 + 0.5 * (4 - 1), true]);
    w.push(0, 6, NaN, true);
    expect(Number.isNaN(w.quantile(0.5))).toBe(true);
  });

  it("has no quantile without values, and orders -0 before +0", () => {
    const w = new Window(4, 0, 0, true);
    w.push(0, 0, 0, false);
    expect([w.quantile(0.5), w.ok]).toEqual([0, false]);
    w.push(0, 1, 0, true);
    w.push(0, 2, -0, true);
    expect(Object.is(w.quantile(0), -0)).toBe(true);
    expect(Object.is(w.quantile(1), 0)).toBe(true);
  });
});

describe("Window quantiles against a plain sort", () => {
  const Window = new Function(
    `${ts.transpileModule(WINDOW_CLASS, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText}\nreturn Window;`,
  )() as new (
    capacity: number,
    spanHi: number,
    spanLo: number,
    sortable?: boolean,
  ) => { push(hi: number, lo: number, v: number, ok: boolean): void; quantile(q: number): number; ok: boolean };

  it("equals numpy's linear quantile of the window's valid values, for random windows with ties and zeros", () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let round = 0; round < 300; round++) {
      const capacity = 1 + Math.floor(random() * 60);
      const w = new Window(capacity, 0, 0, true);
      const pushed: (number | null)[] = [];
      const steps = Math.floor(random() * 150);
      for (let i = 0; i < steps; i++) {
        const r = random();
        const x = r < 0.1 ? null : r < 0.2 ? (r < 0.15 ? -0 : 0) : Math.round(random() * 20) / 4 - 2;
        w.push(0, i, x ?? 0, x !== null);
        pushed.push(x);
      }
      const values = pushed.slice(-capacity).filter((x): x is number => x !== null);
      const sorted = [...values].sort((a, b) => a - b || (Object.is(a, -0) ? -1 : Object.is(b, -0) ? 1 : 0));
      for (const q of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 1]) {
        const got = w.quantile(q);
        if (sorted.length === 0) {
          expect(w.ok).toBe(false);
          continue;
        }
        const h = (sorted.length - 1) * q;
        const i = Math.floor(h);
        const f = h - i;
        const want = f === 0 || i + 1 >= sorted.length ? sorted[i] : sorted[i] + f * (sorted[i + 1] - sorted[i]);
        expect(Object.is(got, want), `round ${round} q ${q}: ${got} vs ${want}`).toBe(true);
      }
    }
  });
});
