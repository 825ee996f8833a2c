//! The rolling `Window` ring buffer and its aggregates (docs/language.md section 7).
//! Twin: runtime/kernel/window.ts (same algorithm, same bits).

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
    /// Scratch space for `quantile`, `capacity` long in a window made by `with_sort_buffer`,
    /// empty otherwise (the other rolling operators do not sort, so they pay nothing for it).
    sort: Box<[f64]>,
    /// A time window had to drop a step still inside its span to make room: it no longer
    /// holds every step it covers, so the run must stop (docs/language.md section 7.4).
    overflowed: bool,
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
            sort: Box::new([]),
            overflowed: false,
        }
    }

    /// A window that can also answer `quantile` (`rolling_quantile`): `Window::new` plus a sort
    /// buffer of `capacity` values, allocated here once, so a quantile allocates nothing.
    pub fn with_sort_buffer(capacity: usize, span_ns: i64) -> Self {
        Window { sort: vec![0.0; capacity].into_boxed_slice(), ..Window::new(capacity, span_ns) }
    }

    /// Appends one step's input; the oldest step leaves when the buffer is full.
    #[inline]
    pub fn push(&mut self, ts: i64, value: f64, valid: bool) {
        let cap = self.values.len();
        let at = if self.len == cap {
            let at = self.head;
            // The oldest step leaves; in a time window it must already be outside the span.
            if self.span_ns > 0 && self.ts[at] > ts.saturating_sub(self.span_ns) {
                self.overflowed = true;
            }
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

    /// Whether a step inside the span was dropped for room (a time window with more steps
    /// within its span than its capacity): its aggregates no longer cover the window.
    #[inline]
    pub fn overflowed(&self) -> bool {
        self.overflowed
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

    /// The `q` quantile (`rolling_quantile(x, q, W)`) of the non-null inputs, the ones `count`
    /// counts, by linear interpolation between closest ranks; NaN when any is NaN; null without
    /// a value. `q` is a compile-time constant in [0, 1]. The steps, spelled the same in the
    /// TypeScript twin so both give the same bits: copy the n values into the sort buffer
    /// oldest first; sort them ascending by `total_cmp` (no NaN is left, so this is numeric
    /// order with -0.0 before +0.0, and `sort_unstable_by` sorts in place, without
    /// allocating); `h = (n - 1) * q`, `i = floor(h)`, `f = h - i`; the result is `v[i]` when
    /// `f == 0` or `i` is the last, else `v[i] + f * (v[i + 1] - v[i])`, each operation
    /// rounded on its own (no fused multiply-add).
    ///
    /// Codegen calls it only on a window made by `with_sort_buffer`. On one made by `new` it
    /// has nowhere to sort: it fails a debug assertion, and otherwise gives null.
    pub fn quantile(&mut self, q: f64) -> (f64, bool) {
        debug_assert!(self.sort.len() == self.values.len(), "quantile on a Window without a sort buffer");
        debug_assert!((0.0..=1.0).contains(&q), "quantile {q} outside [0, 1]");
        if self.sort.len() < self.values.len() {
            return (0.0, false);
        }
        let mut n = 0usize;
        let mut nan = false;
        for i in 0..self.len {
            let j = self.at(i);
            if self.valid[j] {
                let x = self.values[j];
                nan |= x.is_nan();
                self.sort[n] = x;
                n += 1;
            }
        }
        if n == 0 {
            return (0.0, false);
        }
        if nan {
            return (f64::NAN, true);
        }
        let v = &mut self.sort[..n];
        v.sort_unstable_by(|a, b| a.total_cmp(b));
        let h = (n - 1) as f64 * q;
        let i = h.floor() as usize;
        let f = h - i as f64;
        if f == 0.0 || i + 1 >= n {
            return (v[i], true);
        }
        (v[i] + f * (v[i + 1] - v[i]), true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// xorshift64*, so the inputs are reproducible without a dependency.
    fn next_random(state: &mut u64) -> u64 {
        *state ^= *state >> 12;
        *state ^= *state << 25;
        *state ^= *state >> 27;
        state.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    const QS: [f64; 6] = [0.0, 0.1, 0.25, 0.5, 0.9, 1.0];

    /// The quantile as a reader of the definition would compute it: the valid values into a
    /// fresh Vec, sorted, interpolated between closest ranks.
    fn naive_quantile(steps: &[(i64, f64, bool)], q: f64) -> (f64, bool) {
        let mut v: Vec<f64> = steps.iter().filter(|s| s.2).map(|s| s.1).collect();
        if v.is_empty() {
            return (0.0, false);
        }
        if v.iter().any(|x| x.is_nan()) {
            return (f64::NAN, true);
        }
        v.sort_by(|a, b| a.partial_cmp(b).unwrap().then(a.is_sign_positive().cmp(&b.is_sign_positive())));
        let h = (v.len() - 1) as f64 * q;
        let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
        if lo == hi {
            return (v[lo], true);
        }
        (v[lo] + (h - lo as f64) * (v[hi] - v[lo]), true)
    }

    /// A random input on a coarse grid, a fifth of the time one of a few special values (so
    /// ties are common, both zeros among them); sometimes null.
    fn random_step(state: &mut u64) -> (f64, bool) {
        let r = next_random(state);
        let valid = r % 7 != 0;
        let x = match (r >> 8) % 5 {
            0 => [-0.0, 0.0, 1.5, -2.25][((r >> 16) % 4) as usize],
            _ => ((r >> 20) % 2001) as f64 / 8.0 - 125.0,
        };
        (x, valid)
    }

    fn assert_same(got: (f64, bool), want: (f64, bool), what: &str) {
        assert_eq!(got.1, want.1, "{what}: ok");
        if want.1 {
            let same = if want.0.is_nan() { got.0.is_nan() } else { got.0.to_bits() == want.0.to_bits() };
            assert!(same, "{what}: {:?} vs {:?}", got.0, want.0);
        }
    }

    #[test]
    fn a_full_time_window_overflows_only_when_its_oldest_step_is_still_inside_the_span() {
        // Span 100 ns, room for 3 steps.
        let mut w = Window::new(3, 100);
        for t in [0, 10, 20] {
            w.push(t, 1.0, true);
        }
        // At 100 the step at 0 is outside (0 <= 100 - 100): making room for 100 loses nothing.
        w.push(100, 1.0, true);
        assert!(!w.overflowed());
        // At 105 the oldest, 10, is still inside (10 > 5): a fourth step within the span.
        w.push(105, 1.0, true);
        assert!(w.overflowed());
        // A window of steps never overflows: it is the last `capacity` steps by definition.
        let mut steps = Window::new(2, 0);
        for t in 0..10 {
            steps.push(t, 1.0, true);
        }
        assert!(!steps.overflowed());
    }

    #[test]
    fn quantile_of_a_window_of_steps_matches_a_naive_sort() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for cap in 1..=9usize {
            let mut w = Window::with_sort_buffer(cap, 0);
            let mut all: Vec<(i64, f64, bool)> = Vec::new();
            for t in 0..400i64 {
                let (x, valid) = random_step(&mut state);
                w.push(t, x, valid);
                all.push((t, x, valid));
                let window = &all[all.len().saturating_sub(cap)..];
                for q in QS {
                    w.expire(t);
                    assert_eq!(w.count(), window.iter().filter(|s| s.2).count() as i64);
                    assert_same(w.quantile(q), naive_quantile(window, q), &format!("cap {cap}, step {t}, q {q}"));
                }
            }
        }
    }

    #[test]
    fn quantile_of_a_time_window_matches_a_naive_sort_after_expiry() {
        let mut state = 0x0123_4567_89ab_cdefu64;
        for (cap, span) in [(4usize, 100i64), (16, 100), (64, 1000), (3, 1)] {
            let mut w = Window::with_sort_buffer(cap, span);
            let mut all: Vec<(i64, f64, bool)> = Vec::new();
            let mut t = 0i64;
            for _ in 0..600 {
                let r = next_random(&mut state);
                t += (r % 40) as i64;
                let (x, valid) = random_step(&mut state);
                w.push(t, x, valid);
                all.push((t, x, valid));
                // Rows are sometimes read later than the last step, so more of it expires.
                let now = t + if r % 3 == 0 { ((r >> 40) % 200) as i64 } else { 0 };
                let last = &all[all.len().saturating_sub(cap)..];
                let window: Vec<_> = last.iter().copied().filter(|s| s.0 > now - span).collect();
                w.expire(now);
                for q in QS {
                    assert_same(w.quantile(q), naive_quantile(&window, q), &format!("cap {cap}, now {now}, q {q}"));
                }
                // Expiry is monotone: the next pushes are at or after `now`.
                t = t.max(now);
            }
        }
    }

    #[test]
    fn quantile_interpolates_between_closest_ranks() {
        let mut w = Window::with_sort_buffer(5, 0);
        for (t, x) in [4.0, 1.0, 3.0, 2.0].into_iter().enumerate() {
            w.push(t as i64, x, true);
        }
        w.push(9, 7.0, false);
        assert_eq!(w.count(), 4);
        assert_eq!(w.quantile(0.0), (1.0, true));
        assert_eq!(w.quantile(0.25), (1.75, true));
        assert_eq!(w.quantile(0.5), (2.5, true));
        assert_eq!(w.quantile(1.0), (4.0, true));
    }

    #[test]
    fn quantile_with_a_nan_in_the_window_is_nan() {
        let mut w = Window::with_sort_buffer(3, 0);
        w.push(0, 1.0, true);
        w.push(1, f64::NAN, true);
        w.push(2, 2.0, true);
        for q in QS {
            let (x, ok) = w.quantile(q);
            assert!(ok && x.is_nan(), "q {q}");
        }
        // A null step holds no value, NaN or otherwise.
        w.push(3, 5.0, true);
        w.push(4, f64::NAN, false);
        assert_eq!(w.quantile(1.0), (5.0, true));
    }

    #[test]
    fn quantile_of_an_empty_window_is_null() {
        let mut w = Window::with_sort_buffer(4, 10);
        assert!(!w.quantile(0.5).1);
        w.push(0, 0.0, false);
        assert!(!w.quantile(0.5).1);
        w.push(1, 3.0, true);
        assert_eq!(w.quantile(0.5), (3.0, true));
        w.expire(11);
        assert_eq!(w.count(), 0);
        assert_eq!(w.quantile(0.5), (0.0, false));
    }

    #[test]
    fn quantile_orders_negative_zero_before_positive_zero() {
        let mut w = Window::with_sort_buffer(4, 0);
        w.push(0, 0.0, true);
        w.push(1, -0.0, true);
        w.push(2, 0.0, true);
        assert_eq!(w.quantile(0.0).0.to_bits(), (-0.0f64).to_bits());
        assert_eq!(w.quantile(0.5).0.to_bits(), 0.0f64.to_bits());
        assert_eq!(w.quantile(1.0).0.to_bits(), 0.0f64.to_bits());
        // Between -0.0 and +0.0: -0.0 + 0.2 * (0.0 - -0.0) is -0.0 + 0.0, which is +0.0.
        let mut w = Window::with_sort_buffer(2, 0);
        w.push(0, 0.0, true);
        w.push(1, -0.0, true);
        assert_eq!(w.quantile(0.0).0.to_bits(), (-0.0f64).to_bits());
        assert_eq!(w.quantile(0.2).0.to_bits(), 0.0f64.to_bits());
    }

    #[test]
    fn quantile_of_one_value_is_that_value() {
        let mut w = Window::with_sort_buffer(1, 0);
        for (t, x) in [-0.0, 2.5, f64::INFINITY, -3.0].into_iter().enumerate() {
            w.push(t as i64, x, true);
            for q in QS {
                assert_eq!(w.quantile(q).0.to_bits(), x.to_bits(), "q {q}");
            }
        }
    }

    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "without a sort buffer"))]
    fn quantile_without_a_sort_buffer_is_null_in_release() {
        let mut w = Window::new(3, 0);
        w.push(0, 1.0, true);
        assert_eq!(w.quantile(0.5), (0.0, false));
        assert_eq!(w.mean(), (1.0, true));
    }
}
