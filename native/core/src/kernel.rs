//! The contract between generated kernels and the packet driver.
//! Generated code (compiler/codegen/rust) implements `Kernel`; `driver::run_log` calls it.
//! Semantics of a step and a row: docs/language.md, section 4.

/// Which side of the book. `Bid = 1`, `Ask = 2`, as in the log's side byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Side {
    Bid = 1,
    Ask = 2,
}

/// Read access to a book at a packet's end. Levels are 0-based here: index 0 is the best.
/// Prices and sizes are raw fixed-point integers (see docs/formats/q.md).
pub trait BookView {
    fn levels(&self, side: Side) -> usize;
    /// Callers check `i < levels(side)` first.
    fn price_at(&self, side: Side, i: usize) -> i64;
    fn size_at(&self, side: Side, i: usize) -> i64;
    fn count_at(&self, side: Side, i: usize) -> i64;
    /// Sum of sizes over the best `n` levels (fewer when the side is shorter).
    fn depth(&self, side: Side, n: usize) -> i64;
}

/// The packet just applied, as features see it (`event.*`, `trade.*`, `flow.*`).
#[derive(Clone, Copy, Debug, Default)]
pub struct StepContext {
    /// Fields of the packet's last record.
    pub exchange_ts: i64,
    pub ingest_ts: i64,
    pub price: i64,
    pub size: i64,
    /// 1 bid, -1 ask, 0 none.
    pub side: i64,
    /// The record kind code (docs/formats/q.md).
    pub kind: i64,
    /// Trades (EXECUTE or TRADE records) in the packet.
    pub trade_count: i64,
    pub trade_size: i64,
    pub trade_signed_size: i64,
    pub trade_last_price: i64,
    /// Order flow in the packet (`flow.*`): ADD records, and CANCEL or DELETE records, by
    /// side, not counting SNAPSHOT records (docs/language.md section 4, step 2).
    pub flow_adds_bid: i64,
    pub flow_adds_ask: i64,
    pub flow_cancels_bid: i64,
    pub flow_cancels_ask: i64,
    /// `10^price_decimals` and `10^size_decimals` of the log.
    pub price_scale: f64,
    pub size_scale: f64,
    /// The time of the row being emitted (valid in `emit` only): the packet's exchange time
    /// for an event row, the boundary for a time-bar row. Time windows and `time_since`
    /// are read as of this time (docs/language.md section 7).
    pub row_ts: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum ColumnType {
    F64 = 1,
    I64 = 2,
    Bool = 3,
    Timestamp = 4,
}

pub struct ColumnSpec {
    pub name: &'static str,
    pub ty: ColumnType,
}

/// The trigger of docs/language.md section 8, fixed at compile time.
#[derive(Clone, Copy, Debug)]
pub struct TriggerSpec {
    pub every_event: bool,
    pub trade: bool,
    /// 0 = off.
    pub every_events: u64,
    /// Clock-aligned bar period in ns; 0 = off.
    pub bar_ns: i64,
    /// `book_change(n)`: the best n levels a side are compared after every packet; 0 = off.
    pub book_change: usize,
    /// `every V volume`: V in size units (scaled); 0 = off.
    pub every_volume: f64,
}

/// One generated kernel. All methods run in the per-packet hot path: no allocation.
pub trait Kernel {
    const NAME: &'static str;
    const IR_HASH: &'static str;
    const COLUMNS: &'static [ColumnSpec];
    const TRIGGER: TriggerSpec;
    fn new() -> Self;
    /// Update every temporal operator from the packet just applied.
    fn step<B: BookView>(&mut self, book: &B, ctx: &StepContext);
    /// Evaluate the columns into `row` (one `put_*` per column, in order), then reset
    /// the since-emit state.
    fn emit<B: BookView>(&mut self, book: &B, ctx: &StepContext, row: &mut RowBatch);
    /// The trigger's `when`: whether a firing emits a row. Runs before `emit`, with
    /// `ctx.row_ts` set; changes no state a later row could see (docs/language.md section 8).
    #[inline(always)]
    fn filter<B: BookView>(&mut self, _book: &B, _ctx: &StepContext) -> bool {
        true
    }

    // Labels (docs/language.md section 10, docs/ir.md "Labels"): the last `LABELS` entries of
    // `COLUMNS`, computed by the driver once the row's futures are known. A label slot holds
    // its value's bits (f64 bits, an i64, or 0/1 for a bool).

    /// Label columns at the end of `COLUMNS`; 0 without labels.
    const LABELS: usize = 0;
    /// Values of the present the labels read, captured at the row by `label_now`.
    const NOW_SLOTS: usize = 0;
    /// The horizon of each future slot, in ns (all positive).
    const FUTURE_HORIZONS_NS: &'static [i64] = &[];
    /// At a delivered row, after `filter` and before `emit` (same book, context and row time):
    /// fills the now slots. Changes no state.
    #[inline(always)]
    fn label_now<B: BookView>(&mut self, _book: &B, _ctx: &StepContext, _now: &mut [u64], _now_valid: &mut [bool]) {}
    /// Future slot `slot` as of now, with `ctx.row_ts` the capture time: (bits, valid). Changes no state.
    #[inline(always)]
    fn future<B: BookView>(&mut self, _slot: usize, _book: &B, _ctx: &StepContext) -> (u64, bool) {
        (0, false)
    }
    /// The label columns into `row` (one `put_*` each, in order); a label whose futures are
    /// not all `known` is null.
    #[inline(always)]
    fn labels(
        &self,
        _now: &[u64],
        _now_valid: &[bool],
        _fut: &[u64],
        _fut_valid: &[bool],
        _known: &[bool],
        _row: &mut RowBatch,
    ) {
    }
}

/// The best `n` levels of each side as of the last packet, for `book_change(n)`
/// (docs/language.md section 8). Allocated once per run.
pub struct TopLevels {
    n: usize,
    prices: Box<[i64]>,
    sizes: Box<[i64]>,
    counts: [usize; 2],
}

impl TopLevels {
    pub fn new(n: usize) -> Self {
        TopLevels {
            n,
            prices: vec![0; 2 * n].into_boxed_slice(),
            sizes: vec![0; 2 * n].into_boxed_slice(),
            counts: [0, 0],
        }
    }

    /// Whether the number of levels (up to n), or a price or size among the best n levels,
    /// of either side differs from the previous call's book; then remembers this book.
    pub fn changed<B: BookView>(&mut self, book: &B) -> bool {
        let mut changed = false;
        for (s, side) in [Side::Bid, Side::Ask].into_iter().enumerate() {
            let levels = book.levels(side).min(self.n);
            if levels != self.counts[s] {
                changed = true;
                self.counts[s] = levels;
            }
            for i in 0..levels {
                let j = s * self.n + i;
                let (price, size) = (book.price_at(side, i), book.size_at(side, i));
                if price != self.prices[j] || size != self.sizes[j] {
                    changed = true;
                    self.prices[j] = price;
                    self.sizes[j] = size;
                }
            }
        }
        changed
    }
}

/// Column-major rows awaiting a flush. Values are stored as 64-bit patterns:
/// f64 bits (NaN canonicalised), i64 and timestamps as two's complement, bool as 0/1;
/// `valid[c][r]` is 1 for a value, 0 for null (whose slot holds 0).
pub struct RowBatch {
    pub values: Vec<Vec<u64>>,
    pub valid: Vec<Vec<u8>>,
    pub rows: usize,
    col: usize,
}

/// The canonical quiet NaN of docs/language.md section 6.
pub const CANONICAL_NAN_BITS: u64 = 0x7FF8_0000_0000_0000;

impl RowBatch {
    pub fn new(columns: usize, capacity: usize) -> Self {
        RowBatch {
            values: (0..columns).map(|_| Vec::with_capacity(capacity)).collect(),
            valid: (0..columns).map(|_| Vec::with_capacity(capacity)).collect(),
            rows: 0,
            col: 0,
        }
    }

    #[inline(always)]
    fn put_bits(&mut self, bits: u64, valid: bool) {
        let c = self.col;
        self.values[c].push(if valid { bits } else { 0 });
        self.valid[c].push(valid as u8);
        self.col += 1;
        if self.col == self.values.len() {
            self.col = 0;
            self.rows += 1;
        }
    }

    /// A value already in column form (as `put_*` stores it), for rows held back by the driver.
    #[inline(always)]
    pub fn put_raw(&mut self, bits: u64, valid: bool) {
        self.put_bits(bits, valid)
    }

    #[inline(always)]
    pub fn put_f64(&mut self, v: f64, valid: bool) {
        let bits = if v.is_nan() { CANONICAL_NAN_BITS } else { v.to_bits() };
        self.put_bits(bits, valid)
    }

    #[inline(always)]
    pub fn put_i64(&mut self, v: i64, valid: bool) {
        self.put_bits(v as u64, valid)
    }

    #[inline(always)]
    pub fn put_bool(&mut self, v: bool, valid: bool) {
        self.put_bits(v as u64, valid)
    }

    #[inline(always)]
    pub fn put_timestamp(&mut self, v: i64, valid: bool) {
        self.put_bits(v as u64, valid)
    }

    /// Forget the rows (keeps the capacity).
    pub fn clear(&mut self) {
        for v in &mut self.values {
            v.clear();
        }
        for v in &mut self.valid {
            v.clear();
        }
        self.rows = 0;
        self.col = 0;
    }
}

/// Exact i64 arithmetic of docs/language.md section 6: `None` (null) outside ±(2^53-1).
pub const I64_SAFE_MAX: i64 = (1i64 << 53) - 1;

#[inline(always)]
pub fn i64_in_range(v: Option<i64>) -> (i64, bool) {
    match v {
        Some(x) if (-I64_SAFE_MAX..=I64_SAFE_MAX).contains(&x) => (x, true),
        _ => (0, false),
    }
}

/// The ring buffer of a rolling operator (docs/language.md section 7, "Rolling windows"):
/// the last `capacity` steps' inputs, and for a time window their exchange times. Allocated
/// once by the kernel's `new`; nothing allocates per step. Aggregates are recomputed from the
/// buffer, oldest to newest, whenever read, so a value depends only on the steps in the
/// window (no drift from adding and subtracting), exactly as the TypeScript kernels do it.
pub struct Window {
    values: Box<[f64]>,
    valid: Box<[bool]>,
    ts: Box<[i64]>,
    /// Index of the oldest entry.
    head: usize,
    len: usize,
    /// The window in ns; 0 for a window of steps.
    span_ns: i64,
}

impl Window {
    pub fn new(capacity: usize, span_ns: i64) -> Self {
        Window {
            values: vec![0.0; capacity].into_boxed_slice(),
            valid: vec![false; capacity].into_boxed_slice(),
            ts: vec![0; if span_ns > 0 { capacity } else { 0 }].into_boxed_slice(),
            head: 0,
            len: 0,
            span_ns,
        }
    }

    /// Appends one step's input; the oldest step leaves when the buffer is full.
    #[inline]
    pub fn push(&mut self, ts: i64, value: f64, valid: bool) {
        let cap = self.values.len();
        let at = if self.len == cap {
            let at = self.head;
            self.head = if self.head + 1 == cap { 0 } else { self.head + 1 };
            at
        } else {
            let at = self.head + self.len;
            self.len += 1;
            if at >= cap {
                at - cap
            } else {
                at
            }
        };
        self.values[at] = if valid { value } else { 0.0 };
        self.valid[at] = valid;
        if self.span_ns > 0 {
            self.ts[at] = ts;
        }
    }

    /// A time window keeps the steps with `ts > now - span`: drops the older ones. `now`
    /// never decreases, so a dropped step never comes back into the window.
    #[inline]
    pub fn expire(&mut self, now: i64) {
        if self.span_ns == 0 {
            return;
        }
        let cutoff = now.saturating_sub(self.span_ns);
        let cap = self.values.len();
        while self.len > 0 && self.ts[self.head] <= cutoff {
            self.head = if self.head + 1 == cap { 0 } else { self.head + 1 };
            self.len -= 1;
        }
    }

    #[inline]
    fn at(&self, i: usize) -> usize {
        let j = self.head + i;
        if j >= self.values.len() {
            j - self.values.len()
        } else {
            j
        }
    }

    /// Non-null inputs in the window.
    pub fn count(&self) -> i64 {
        let mut n = 0i64;
        for i in 0..self.len {
            n += self.valid[self.at(i)] as i64;
        }
        n
    }

    /// `s = 0; s = s + x` over the non-null inputs, oldest first.
    pub fn sum(&self) -> f64 {
        let mut s = 0.0f64;
        for i in 0..self.len {
            let j = self.at(i);
            if self.valid[j] {
                s += self.values[j];
            }
        }
        s
    }

    /// `sum / count`; null without a value.
    pub fn mean(&self) -> (f64, bool) {
        let n = self.count();
        if n == 0 {
            return (0.0, false);
        }
        (self.sum() / n as f64, true)
    }

    /// The smallest (`max == false`) or largest non-null input; NaN when any is NaN; null without a value.
    pub fn extreme(&self, max: bool) -> (f64, bool) {
        let mut m = 0.0f64;
        let mut ok = false;
        for i in 0..self.len {
            let j = self.at(i);
            if !self.valid[j] {
                continue;
            }
            let x = self.values[j];
            // A NaN, once taken, stays: `x > NaN` and `x < NaN` are false.
            if !ok || x.is_nan() || (if max { x > m } else { x < m }) {
                if !ok || !m.is_nan() {
                    m = x;
                }
            }
            ok = true;
        }
        (m, ok)
    }

    /// Sample standard deviation (n - 1 in the denominator), two passes: the mean, then the
    /// squared deviations oldest first; null with fewer than two values.
    pub fn std(&self) -> (f64, bool) {
        let n = self.count();
        if n < 2 {
            return (0.0, false);
        }
        let mean = self.sum() / n as f64;
        let mut ss = 0.0f64;
        for i in 0..self.len {
            let j = self.at(i);
            if self.valid[j] {
                let d = self.values[j] - mean;
                ss += d * d;
            }
        }
        ((ss / (n - 1) as f64).sqrt(), true)
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

    #[test]
    fn a_window_of_steps_keeps_the_last_capacity_steps() {
        let mut w = Window::new(3, 0);
        for (i, x) in [1.0, 2.0, 3.0, 4.0].iter().enumerate() {
            w.push(i as i64, *x, true);
        }
        w.push(9, 0.0, false);
        assert_eq!(w.count(), 2);
        assert_eq!(w.sum(), 7.0);
        assert_eq!(w.mean(), (3.5, true));
        assert_eq!(w.extreme(false), (3.0, true));
        assert_eq!(w.extreme(true), (4.0, true));
        assert_eq!(w.std().0, (0.5f64).sqrt());
    }

    #[test]
    fn a_time_window_keeps_the_steps_after_now_minus_span() {
        let mut w = Window::new(10, 100);
        w.push(0, 1.0, true);
        w.push(50, f64::NAN, true);
        w.push(100, 3.0, true);
        w.expire(100);
        assert_eq!(w.count(), 2);
        assert!(w.extreme(true).0.is_nan());
        w.expire(150);
        assert_eq!((w.count(), w.sum()), (1, 3.0));
        w.expire(200);
        assert_eq!((w.count(), w.mean().1, w.std().1), (0, false, false));
    }
}
