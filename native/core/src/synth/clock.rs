//! Event times over the session: a business clock `s` in [0, 1) advanced by exponential gaps,
//! mapped to wall time through the inverse of a cumulative intraday intensity. An equity
//! session's intensity is U-shaped (a burst after the open, a ramp into the close), the
//! stylised pattern of US equities' intraday activity; a continuous (24-hour) session's is
//! flat.

const SEGMENTS: usize = 2048;

pub struct SessionClock {
    start_ns: i64,
    length_ns: i64,
    /// `cum[k]`: share of the day's activity before `k / SEGMENTS` of the session.
    cum: Vec<f64>,
}

fn intensity(x: f64) -> f64 {
    1.0 + 2.5 * (-x / 0.05).exp() + 1.5 * (-(1.0 - x) / 0.08).exp()
}

impl SessionClock {
    /// The U-shaped equity session.
    pub fn new(start_ns: i64, length_ns: i64) -> SessionClock {
        SessionClock::with_intensity(start_ns, length_ns, intensity)
    }

    /// Activity spread evenly over the session (a venue that never closes).
    pub fn flat(start_ns: i64, length_ns: i64) -> SessionClock {
        SessionClock::with_intensity(start_ns, length_ns, |_| 1.0)
    }

    fn with_intensity(start_ns: i64, length_ns: i64, intensity: impl Fn(f64) -> f64) -> SessionClock {
        let mut cum = Vec::with_capacity(SEGMENTS + 1);
        cum.push(0.0);
        let h = 1.0 / SEGMENTS as f64;
        for k in 0..SEGMENTS {
            let x = k as f64 * h;
            let last = cum[k];
            cum.push(last + 0.5 * h * (intensity(x) + intensity(x + h)));
        }
        let total = cum[SEGMENTS];
        for c in &mut cum {
            *c /= total;
        }
        SessionClock { start_ns, length_ns, cum }
    }

    /// Wall time (ns since the epoch) at business time `s`, clamped into the session.
    pub fn wall_ns(&self, s: f64) -> i64 {
        let s = s.clamp(0.0, 1.0);
        // First k with cum[k] > s, so segment k-1 holds s.
        let k = self.cum.partition_point(|&c| c <= s).clamp(1, SEGMENTS);
        let (c0, c1) = (self.cum[k - 1], self.cum[k]);
        let frac = if c1 > c0 { (s - c0) / (c1 - c0) } else { 0.0 };
        let x = ((k - 1) as f64 + frac) / SEGMENTS as f64;
        let offset = (x * self.length_ns as f64) as i64;
        self.start_ns + offset.clamp(0, self.length_ns - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::SessionClock;

    #[test]
    fn monotone_and_busier_at_the_open() {
        let c = SessionClock::new(1_000, 23_400_000_000_000);
        let mut last = i64::MIN;
        for k in 0..=10_000 {
            let t = c.wall_ns(k as f64 / 10_000.0);
            assert!(t >= last);
            last = t;
        }
        assert_eq!(c.wall_ns(0.0), 1_000);
        assert!(c.wall_ns(1.0) < 1_000 + 23_400_000_000_000);
        // The first 10% of activity takes less than 10% of the session.
        assert!(c.wall_ns(0.1) - 1_000 < 2_340_000_000_000);
    }
}
