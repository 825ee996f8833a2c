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
}
