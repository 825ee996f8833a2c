//! featc's compute alone, for npm run bench (bench/reference.mjs) and for profiling: the packet
//! driver, the L3 book and the generated kernel of examples/goog_1s.feat (its golden Rust,
//! test/golden/codegen/goog_1s.rs, the code `featc build` generates), with the rows dropped as
//! each batch of 8192 is handed over: no Parquet, no host. Prints one JSON line: records,
//! packets, rows, `compute_s` (the wall time of the run, from opening the logs) and
//! `compute_cpu_s` (the CPU time the process spent in it, which a loaded machine's other
//! work does not inflate as it does the wall time).
//!
//! `cargo run --release --example compute -- LOG.q [LOG.q ...]` (one symbol's day files, in order).

use std::time::Instant;

use featc_core::driver::{run_log, FileReport, RunRequest, RunSink};
use featc_core::kernel::RowBatch;

#[allow(dead_code)]
#[rustfmt::skip] // a golden file: compared byte for byte with the generator's output
#[path = "../../../test/golden/codegen/goog_1s.rs"]
mod goog_1s;

#[repr(C)]
struct Timespec {
    tv_sec: i64,
    tv_nsec: i64,
}

extern "C" {
    fn clock_gettime(clock: i32, out: *mut Timespec) -> i32;
}

/// CPU time of the process so far (CLOCK_PROCESS_CPUTIME_ID), in seconds.
fn cpu_seconds() -> f64 {
    let mut t = Timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: `t` is a valid out-pointer for the call.
    unsafe { clock_gettime(2, &mut t) };
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

/// Counts the rows and keeps none.
struct DropRows(u64);

impl RunSink for DropRows {
    fn batch(&mut self, _file: usize, b: &RowBatch) -> bool {
        self.0 += b.rows as u64;
        true
    }
    fn file_done(&mut self, _file: usize, _report: &FileReport) -> bool {
        true
    }
    fn progress(&mut self, _done: u64, _total: u64) -> bool {
        true
    }
}

fn main() {
    let paths: Vec<_> = std::env::args_os().skip(1).map(Into::into).collect();
    if paths.is_empty() {
        eprintln!("usage: compute LOG.q [LOG.q ...]");
        std::process::exit(2);
    }
    let mut sink = DropRows(0);
    let (started, cpu) = (Instant::now(), cpu_seconds());
    match run_log::<goog_1s::GeneratedKernel>(&RunRequest::stream(paths), &mut sink) {
        Ok(summary) => {
            let (seconds, cpu) = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
            let c = summary.counts;
            println!(
                "{{\"records\":{},\"packets\":{},\"rows\":{},\"compute_s\":{seconds},\"compute_cpu_s\":{cpu}}}",
                c.records, c.packets, sink.0
            );
        }
        Err(e) => {
            eprintln!("compute: {}: {}", e.code, e.message);
            std::process::exit(1);
        }
    }
}
