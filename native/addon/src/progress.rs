//! Progress of a multi-job extraction, reported at most every `REPORT_INTERVAL` however
//! often the kernels call back, plus once at the end. Kernels report from several rayon
//! threads at once, so the state is atomics and the throttle is a compare-and-swap.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Ten reports a second is smooth for a progress bar and negligible for the event loop.
pub const REPORT_INTERVAL: Duration = Duration::from_millis(100);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProgressSnapshot {
    pub records_done: u64,
    pub records_total: u64,
    pub jobs_done: u64,
    pub jobs_total: u64,
}

pub type ReportFn = Box<dyn Fn(ProgressSnapshot) + Send + Sync>;

pub struct ProgressMeter {
    started: Instant,
    /// Nanoseconds after `started` of the last report; `u64::MAX` before the first.
    last_report_ns: AtomicU64,
    done: Vec<AtomicU64>,
    total: Vec<AtomicU64>,
    jobs_done: AtomicU64,
    report: Option<ReportFn>,
}

impl ProgressMeter {
    /// `totals[j]`: job j's record count when known up front (0 when not; the kernel's own
    /// progress calls fill it in).
    pub fn new(totals: &[u64], report: Option<ReportFn>) -> ProgressMeter {
        ProgressMeter {
            started: Instant::now(),
            last_report_ns: AtomicU64::new(u64::MAX),
            done: totals.iter().map(|_| AtomicU64::new(0)).collect(),
            total: totals.iter().map(|&t| AtomicU64::new(t)).collect(),
            jobs_done: AtomicU64::new(0),
            report,
        }
    }

    pub fn job_advanced(&self, job: usize, records_done: u64, records_total: u64) {
        self.done[job].store(records_done, Ordering::Relaxed);
        self.total[job].store(records_total, Ordering::Relaxed);
        self.maybe_report();
    }

    /// A finished job counts all its records as done, whatever the kernel last reported.
    pub fn job_finished(&self, job: usize, records: u64) {
        self.done[job].store(records, Ordering::Relaxed);
        self.total[job].store(records, Ordering::Relaxed);
        self.jobs_done.fetch_add(1, Ordering::Relaxed);
        self.maybe_report();
    }

    /// The closing report, sent whatever the throttle says.
    pub fn report_final(&self) {
        if let Some(report) = &self.report {
            report(self.snapshot());
        }
    }

    pub fn snapshot(&self) -> ProgressSnapshot {
        let sum = |v: &[AtomicU64]| v.iter().map(|a| a.load(Ordering::Relaxed)).sum::<u64>();
        ProgressSnapshot {
            records_done: sum(&self.done),
            records_total: sum(&self.total),
            jobs_done: self.jobs_done.load(Ordering::Relaxed),
            jobs_total: self.done.len() as u64,
        }
    }

    fn maybe_report(&self) {
        let Some(report) = &self.report else { return };
        let now = self.started.elapsed().as_nanos() as u64;
        let last = self.last_report_ns.load(Ordering::Relaxed);
        let due = last == u64::MAX || now.saturating_sub(last) >= REPORT_INTERVAL.as_nanos() as u64;
        // Only the thread that wins the swap reports, so concurrent jobs cannot burst.
        if due && self.last_report_ns.compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed).is_ok() {
            report(self.snapshot());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[test]
    fn throttles_and_sums_over_jobs() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let sink = seen.clone();
        let meter = ProgressMeter::new(&[10, 0], Some(Box::new(move |s| sink.lock().unwrap().push(s))));
        meter.job_advanced(0, 5, 10);
        for i in 0..1000 {
            meter.job_advanced(1, i, 2000);
        }
        assert_eq!(seen.lock().unwrap().len(), 1, "the burst inside one interval reports once");
        meter.job_finished(0, 10);
        meter.job_finished(1, 2000);
        meter.report_final();
        let last = *seen.lock().unwrap().last().unwrap();
        assert_eq!(last, ProgressSnapshot { records_done: 2010, records_total: 2010, jobs_done: 2, jobs_total: 2 });
    }
}
