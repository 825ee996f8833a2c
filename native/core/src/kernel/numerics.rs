//! Numerics both runtimes spell the same way, so they give the same bits: exact i64 range
//! checks (docs/language.md section 6), `ns_to_seconds`, `exp2_nonpositive` (the time ema's
//! decay) and `ln`. Every step is one IEEE operation; no fused multiply-add.
//! Twin: runtime/kernel/numerics.ts (same algorithms, same bits).

/// Exact i64 arithmetic of docs/language.md section 6: `None` (null) outside ±(2^53-1).
pub const I64_SAFE_MAX: i64 = (1i64 << 53) - 1;

#[inline(always)]
pub fn i64_in_range(v: Option<i64>) -> (i64, bool) {
    match v {
        Some(x) if (-I64_SAFE_MAX..=I64_SAFE_MAX).contains(&x) => (x, true),
        _ => (0, false),
    }
}

/// `ns` as f64 seconds (one i64-to-f64 rounding, one division), as `time_since` reads it.
#[inline(always)]
pub fn ns_to_seconds(ns: i64) -> f64 {
    ns as f64 / 1e9
}

/// 2^y for y <= 0, the decay of a time ema (docs/language.md section 7, "ema by time").
/// One algorithm, spelled the same in the TypeScript kernels, so both give the same bits:
/// y <= -1022 gives 0; otherwise k = floor(y + 0.5), r = (y - k) * ln 2 (|r| <= 0.35), and
/// 2^y = p(r) * 2^k with p the degree-13 Taylor polynomial of e^r in Horner form (its
/// truncation error is below 2^-60). Every step is one IEEE operation; no fused multiply-add.
pub fn exp2_nonpositive(y: f64) -> f64 {
    if !(y > -1022.0) {
        return 0.0;
    }
    let k = (y + 0.5).floor();
    let r = (y - k) * EXP2_LN2;
    let mut p = EXP2_TAYLOR[13];
    let mut i = 13;
    while i > 0 {
        i -= 1;
        p = p * r + EXP2_TAYLOR[i];
    }
    // 2^k exactly, by its bits: k is an integer in [-1022, 0].
    p * f64::from_bits(((k as i64 + 1023) as u64) << 52)
}

/// ln 2 rounded to the nearest f64.
pub const EXP2_LN2: f64 = 0.6931471805599453;

/// 1/n! for n = 0..=13, each rounded to the nearest f64.
pub const EXP2_TAYLOR: [f64; 14] = [
    1.0,
    1.0,
    0.5,
    0.16666666666666666,
    0.041666666666666664,
    0.008333333333333333,
    0.001388888888888889,
    0.0001984126984126984,
    0.0000248015873015873,
    0.0000027557319223985893,
    2.755731922398589e-7,
    2.505210838544172e-8,
    2.08767569878681e-9,
    1.6059043836821613e-10,
];

/// The natural logarithm of `x > 0` (docs/language.md section 6.3): featc's own, spelled the
/// same in the TypeScript kernels, so both give the same bits (no libm, whose `log` differs
/// between platforms). NaN gives NaN, +inf gives +inf; kernels never pass `x <= 0` (that
/// value is null), for which it gives NaN. `x = m * 2^k` exactly from the bits (a subnormal is
/// first scaled by 2^54), with `m` in `[sqrt(1/2), sqrt(2))`; `f = m - 1` (exact),
/// `s = f / (2 + f)`, so `ln m = 2 atanh s = 2s + s*R` with `R = 2s^2/3 + 2s^4/5 + ... + 2s^22/23`
/// (Taylor series of atanh, 11 terms, Horner in `z = s^2`), arranged as in fdlibm:
/// `ln x = k*ln2_hi - ((f^2/2 - (s*(f^2/2 + R) + k*ln2_lo)) - f)`. |s| < 0.1716, so the series'
/// truncation error is below 2^-66 relative; the result is within one ulp of the true value.
/// Every step is one IEEE operation; no fused multiply-add.
pub fn ln(x: f64) -> f64 {
    if !(x > 0.0) {
        return f64::NAN;
    }
    if x == f64::INFINITY {
        return x;
    }
    let mut x = x;
    let mut k: i32 = 0;
    if x < 2.2250738585072014e-308 {
        // Subnormal: scale by 2^54 (exact) into the normal range.
        x *= 18014398509481984.0;
        k = -54;
    }
    let bits = x.to_bits();
    k += ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    if m >= LN_SQRT2 {
        m *= 0.5;
        k += 1;
    }
    let f = m - 1.0;
    let s = f / (2.0 + f);
    let z = s * s;
    let mut p = LN_ATANH[10];
    let mut i = 10;
    while i > 0 {
        i -= 1;
        p = p * z + LN_ATANH[i];
    }
    let r = z * p;
    let hfsq = 0.5 * f * f;
    let dk = k as f64;
    dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
}

/// sqrt(2) rounded to the nearest f64: mantissas at or above it are halved.
pub const LN_SQRT2: f64 = 1.4142135623730951;
/// ln 2 split: the high part has 32 trailing zero bits, so `k * LN2_HI` is exact for |k| < 2^20.
pub const LN2_HI: f64 = 0.6931471803691238;
pub const LN2_LO: f64 = 1.9082149292705877e-10;

/// 2 / (2n + 3) for n = 0..=10, each rounded to the nearest f64.
pub const LN_ATANH: [f64; 11] = [
    0.6666666666666666,
    0.4,
    0.2857142857142857,
    0.2222222222222222,
    0.18181818181818182,
    0.15384615384615385,
    0.13333333333333333,
    0.11764705882352941,
    0.10526315789473684,
    0.09523809523809523,
    0.08695652173913043,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// xorshift64*, so the inputs are reproducible without a dependency.
    fn next_random(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    #[test]
    fn ln_is_within_one_ulp_of_the_library_log() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut worst = 0i64;
        for i in 0..1_000_000 {
            let r = next_random(&mut state);
            // Half the inputs over every positive finite f64, half near 1 (where ln is small).
            let x = if i % 2 == 0 {
                f64::from_bits(r % 0x7ff0_0000_0000_0000)
            } else {
                1.0 + ((r >> 11) as f64 / 9007199254740992.0 - 0.5) * 0.6
            };
            if !(x > 0.0) {
                continue;
            }
            let (got, want) = (ln(x), x.ln());
            let ulps = (got.to_bits() as i64 - want.to_bits() as i64).abs();
            let ulps = if got.is_sign_negative() != want.is_sign_negative() { i64::MAX } else { ulps };
            worst = worst.max(ulps);
            assert!(ulps <= 1, "ln({x:e}): {got:e} vs {want:e} ({ulps} ulps)");
        }
        assert!(worst <= 1);
        assert_eq!(ln(1.0), 0.0);
        assert!(ln(1.0).is_sign_positive());
        assert_eq!(ln(f64::INFINITY), f64::INFINITY);
        assert!(ln(f64::NAN).is_nan() && ln(0.0).is_nan() && ln(-1.0).is_nan());
        assert_eq!(ln(f64::MIN_POSITIVE * 0.25), (f64::MIN_POSITIVE * 0.25).ln());
    }

    #[test]
    fn ln_gives_the_bits_of_the_typescript_helper() {
        // test/parity/temporalHelpers.test.ts hashes the TypeScript `ln` of the same inputs
        // and asserts the same checksum.
        let mut state = 0x0123_4567_89ab_cdefu64;
        let mut hash = 0xcbf2_9ce4_8422_2325u64;
        for i in 0..100_000 {
            let r = next_random(&mut state);
            let x = if i % 2 == 0 { f64::from_bits(r >> 1) } else { (r >> 11) as f64 / 4503599627370496.0 };
            let y = ln(x);
            hash = (hash ^ if y.is_nan() { 0x7ff8_0000_0000_0000 } else { y.to_bits() })
                .wrapping_mul(0x0000_0100_0000_01b3);
        }
        assert_eq!(hash, 0x2a68_7888_f82b_597e);
    }

    #[test]
    fn exp2_is_within_two_ulps_of_powf() {
        let mut y = 0.0f64;
        while y > -1021.0 {
            let want = 2f64.powf(y);
            let got = exp2_nonpositive(y);
            let ulps = (got.to_bits() as i64 - want.to_bits() as i64).abs();
            assert!(ulps <= 2, "2^{y}: {got} vs {want} ({ulps} ulps)");
            y -= 0.0137;
        }
        assert_eq!(exp2_nonpositive(0.0), 1.0);
        assert_eq!(exp2_nonpositive(-1.0), 0.5);
        assert_eq!(exp2_nonpositive(-1022.0), 0.0);
        assert_eq!(exp2_nonpositive(f64::NEG_INFINITY), 0.0);
    }
}
