// featc's own elementary functions (docs/language.md sections 6.3 and 7.3), included in every
// generated TypeScript kernel that uses them. Twin: native/core/src/kernel/numerics.rs, with the
// same algorithm and constants step for step, so both backends give the same bits.

/** 1/n! for n = 0..13 (numerics.rs `EXP2_TAYLOR`). */
const EXP2_TAYLOR = [
  1, 1, 0.5, 0.16666666666666666, 0.041666666666666664, 0.008333333333333333, 0.001388888888888889,
  0.0001984126984126984, 0.0000248015873015873, 0.0000027557319223985893, 2.755731922398589e-7, 2.505210838544172e-8,
  2.08767569878681e-9, 1.6059043836821613e-10,
];
/** 2^-k for k = 0..1022, exact: each halving of a normal power of two is exact. */
const POW2_NEG = new Float64Array(1023);
POW2_NEG[0] = 1;
for (let k = 1; k < 1023; k++) POW2_NEG[k] = POW2_NEG[k - 1] * 0.5;

/** 2^y for y <= 0, the decay of a time ema (numerics.rs `exp2_nonpositive`). */
export function exp2NonPositive(y: number): number {
  if (!(y > -1022)) return 0;
  const k = Math.floor(y + 0.5);
  const r = (y - k) * 0.6931471805599453;
  let p = EXP2_TAYLOR[13];
  for (let i = 12; i >= 0; i--) p = p * r + EXP2_TAYLOR[i];
  return p * POW2_NEG[-k];
}

/** 2 / (2n + 3) for n = 0..10 (numerics.rs `LN_ATANH`). */
const LN_ATANH = [
  0.6666666666666666, 0.4, 0.2857142857142857, 0.2222222222222222, 0.18181818181818182, 0.15384615384615385,
  0.13333333333333333, 0.11764705882352941, 0.10526315789473684, 0.09523809523809523, 0.08695652173913043,
];
/** The bits of an f64 as (high, low) words; big-endian accesses, whatever the platform. */
const LN_BITS = new DataView(new ArrayBuffer(8));

/** ln x for x > 0; NaN for NaN, x <= 0 (numerics.rs `ln`). */
export function ln(x: number): number {
  if (!(x > 0)) return NaN;
  if (x === Infinity) return x;
  let k = 0;
  if (x < 2.2250738585072014e-308) {
    x *= 18014398509481984;
    k = -54;
  }
  LN_BITS.setFloat64(0, x);
  const hi = LN_BITS.getUint32(0);
  k += ((hi >>> 20) & 0x7ff) - 1023;
  LN_BITS.setUint32(0, (hi & 0xfffff) | 0x3ff00000);
  let m = LN_BITS.getFloat64(0);
  if (m >= 1.4142135623730951) {
    m *= 0.5;
    k += 1;
  }
  const f = m - 1;
  const s = f / (2 + f);
  const z = s * s;
  let p = LN_ATANH[10];
  for (let i = 9; i >= 0; i--) p = p * z + LN_ATANH[i];
  const r = z * p;
  const hfsq = 0.5 * f * f;
  return k * 0.6931471803691238 - (hfsq - (s * (hfsq + r) + k * 1.9082149292705877e-10) - f);
}
