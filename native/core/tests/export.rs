//! `export_kernel!` and `ffi_run` through the C ABI, with a hand-written kernel and Rust
//! callbacks standing in for the host.

mod common;

use std::ffi::{CStr, CString};

use common::*;
use featc_core::ffi::{FfiFileReport, FfiHost, FfiRunRequest, FfiRunResult, FfiSink, RunCounts, KERNEL_ABI_VERSION};
use featc_core::kernel::*;
use featc_core::log::{kind, side};

struct MidAndTrades {
    trades: i64,
}

impl Kernel for MidAndTrades {
    const NAME: &'static str = "mid \"and\" trades";
    const IR_HASH: &'static str = "abc123";
    const COLUMNS: &'static [ColumnSpec] =
        &[ColumnSpec { name: "mid", ty: ColumnType::F64 }, ColumnSpec { name: "trades", ty: ColumnType::I64 }];
    const TRIGGER: TriggerSpec = TriggerSpec { trade: true, bar_ns: 1_000_000_000, ..TriggerSpec::NONE };
    fn new() -> Self {
        MidAndTrades { trades: 0 }
    }
    fn step<B: BookView>(&mut self, _book: &B, ctx: &StepContext) {
        self.trades += ctx.trade_count;
    }
    fn emit<B: BookView>(&mut self, book: &B, ctx: &StepContext, row: &mut RowBatch) {
        let both = book.levels(Side::Bid) > 0 && book.levels(Side::Ask) > 0;
        let mid = if both {
            (book.price_at(Side::Bid, 0) as f64 / ctx.price_scale
                + book.price_at(Side::Ask, 0) as f64 / ctx.price_scale)
                / 2.0
        } else {
            0.0
        };
        row.put_f64(mid, both);
        row.put_i64(self.trades, true);
        self.trades = 0;
    }
}

featc_core::export_kernel!(MidAndTrades);

#[derive(Default)]
struct Host {
    mids: Vec<Option<f64>>,
    trades: Vec<i64>,
    progress: Vec<(u64, u64)>,
}

impl FfiHost for Host {
    fn file_done(&mut self, _file: u32, _report: &FfiFileReport) -> bool {
        true
    }
    fn batch(
        &mut self,
        _file: u32,
        rows: u64,
        columns: u32,
        values: *const *const u64,
        valid: *const *const u8,
    ) -> bool {
        assert_eq!(columns, 2);
        let values = unsafe { std::slice::from_raw_parts(values, 2) };
        let valid = unsafe { std::slice::from_raw_parts(valid, 2) };
        for r in 0..rows as usize {
            let (v0, ok0) = unsafe { (*values[0].add(r), *valid[0].add(r)) };
            self.mids.push((ok0 == 1).then(|| f64::from_bits(v0)));
            self.trades.push(unsafe { *values[1].add(r) } as i64);
        }
        true
    }

    fn progress(&mut self, done: u64, total: u64) -> bool {
        self.progress.push((done, total));
        true
    }
}

fn run(path: &str, host: &mut Host) -> (i32, FfiRunResult) {
    let c_path = CString::new(path).unwrap();
    let paths = [c_path.as_ptr()];
    let req = FfiRunRequest {
        paths: paths.as_ptr(),
        path_count: 1,
        lenient: 0,
        warm_start: 0,
        batch_rows: 8192,
        emit_from_ns: i64::MIN,
        emit_to_ns: i64::MAX,
        warm_up_ns: 0,
        warm_up_events: 0,
        max_gap_bars: featc_core::driver::DEFAULT_MAX_GAP_BARS,
    };
    let sink = FfiSink::for_host(host);
    let mut out = std::mem::MaybeUninit::<FfiRunResult>::uninit();
    let rc = unsafe { featc_kernel_run(&req, &sink, out.as_mut_ptr()) };
    (rc, unsafe { out.assume_init() })
}

#[test]
fn abi_and_meta() {
    assert_eq!(featc_kernel_abi(), KERNEL_ABI_VERSION);
    let meta = unsafe { CStr::from_ptr(featc_kernel_meta()) }.to_str().unwrap();
    assert_eq!(
        meta,
        r#"{"abi":4,"name":"mid \"and\" trades","irHash":"abc123","columns":[{"name":"mid","type":"f64"},{"name":"trades","type":"i64"}],"trigger":{"everyEvent":false,"trade":true,"everyEvents":0,"barNs":"1000000000"}}"#
    );
    assert_eq!(featc_kernel_meta(), featc_kernel_meta(), "built once");
}

#[test]
fn run_delivers_rows_and_summary() {
    let dir = temp_dir("ffi-run");
    let path = dir.join("t.q");
    let s = 1_000_000_000;
    let mut exec = rec(s / 2, kind::EXECUTE, 2, 0, 10_100, 1);
    exec.aggressor = 1;
    write_log(
        &path,
        &[add(1, 1, side::BID, 10_000, 5), add(2, 2, side::ASK, 10_100, 5), exec, add(s + 7, 3, side::BID, 10_001, 1)],
    );
    let mut host = Host::default();
    let (rc, out) = run(path.to_str().unwrap(), &mut host);
    assert_eq!(rc, 0);
    assert!(out.error_code.is_null() && out.error_message.is_null());
    assert_eq!(out.counts, RunCounts { records: 4, packets: 4, rows: 2, first_ts: 1, last_ts: s + 7, skipped: 0 });
    // The trade row, then the 1 s bar proved passed by the last packet.
    assert_eq!(host.mids, vec![Some(100.5), Some(100.5)]);
    assert_eq!(host.trades, vec![1, 0]);
    assert_eq!(host.progress, vec![(4, 4)]);
}

#[test]
fn errors_come_back_as_strings_to_free() {
    let mut host = Host::default();
    let (rc, out) = run("/nonexistent/featc.q", &mut host);
    assert_eq!(rc, 1);
    let code = unsafe { CStr::from_ptr(out.error_code) }.to_str().unwrap().to_string();
    let message = unsafe { CStr::from_ptr(out.error_message) }.to_str().unwrap().to_string();
    assert_eq!(code, "IO");
    assert!(message.contains("/nonexistent/featc.q"), "{message}");
    unsafe {
        featc_kernel_free_string(out.error_code);
        featc_kernel_free_string(out.error_message);
        featc_kernel_free_string(std::ptr::null_mut());
    }
}

#[test]
fn null_arguments_are_refused_without_a_crash() {
    let mut out = std::mem::MaybeUninit::<FfiRunResult>::uninit();
    let rc = unsafe { featc_kernel_run(std::ptr::null(), std::ptr::null(), out.as_mut_ptr()) };
    assert_eq!(rc, 1);
    let out = unsafe { out.assume_init() };
    assert_eq!(unsafe { CStr::from_ptr(out.error_code) }.to_str().unwrap(), "BAD_ARGUMENT");
    unsafe {
        featc_kernel_free_string(out.error_code);
        featc_kernel_free_string(out.error_message);
    }
    assert_eq!(unsafe { featc_kernel_run(std::ptr::null(), std::ptr::null(), std::ptr::null_mut()) }, 2);
}
