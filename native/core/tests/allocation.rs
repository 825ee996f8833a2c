//! docs/architecture.md section 4: no heap allocation per event in steady state, counted rather than assumed.
//! A counting global allocator watches the driver run the generated kernel of
//! examples/goog_1s.feat (its golden Rust, test/golden/codegen/goog_1s.rs) over a synthetic
//! L3 day. What may allocate: the book growing to its working size and the row batch; both
//! are amortised, so the count must stay far below one per thousand events.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

use common::temp_dir;
use featc_core::driver::{run_log, FileReport, RunRequest, RunSink};
use featc_core::kernel::RowBatch;
use featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS;
use featc_core::synth::{generate, BookShape, Session, SynthOptions};

#[allow(dead_code)]
#[rustfmt::skip] // a golden file: compared byte for byte with the generator's output
#[path = "../../../test/golden/codegen/goog_1s.rs"]
mod goog_1s;

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct CountRows(u64);

impl RunSink for CountRows {
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

#[test]
fn the_goog_1s_kernel_does_not_allocate_per_event() {
    let dir = temp_dir("allocation");
    let day = generate(&SynthOptions {
        symbol: "SYN".into(),
        events: 1_000_000,
        seed: 11,
        date: "2024-03-04".into(),
        days: 1,
        session: Session::Equity,
        out_dir: dir.clone(),
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        book: BookShape::default(),
    })
    .expect("synthetic day");

    let mut sink = CountRows(0);
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let counts =
        run_log::<goog_1s::GeneratedKernel>(&RunRequest::new(day.path.clone()), &mut sink).expect("run").counts;
    let allocations = ALLOCATIONS.load(Ordering::Relaxed) - before;

    println!("{} records, {} rows, {allocations} allocations", counts.records, sink.0);
    assert_eq!(counts.records, 1_000_000);
    assert!(sink.0 > 10_000, "the day emits rows");
    assert!(allocations < counts.records / 1000, "{allocations} allocations for {} records", counts.records);
}
