//! The C ABI between a generated kernel library (a cdylib built by `featc build`) and the
//! native host (`native/addon`). Only `#[repr(C)]` types cross it; a kernel library never
//! unwinds into the host. Bump `KERNEL_ABI_VERSION` on any change here.

use std::ffi::{c_char, c_void};

pub const KERNEL_ABI_VERSION: u32 = 4;

/// What to run: one symbol's day files as one stream (docs/language.md section 4.1).
#[repr(C)]
pub struct FfiRunRequest {
    /// `path_count` NUL-terminated UTF-8 paths of `.q` files, in time order.
    pub paths: *const *const c_char,
    pub path_count: u64,
    /// 1: count and skip book faults instead of failing (`--lenient`).
    pub lenient: u8,
    /// 1: start the first file from a book snapshot that leaves `warm_up_ns` and
    /// `warm_up_events` of history before `emit_from_ns` (docs/language.md section 4.2).
    pub warm_start: u8,
    /// Rows per batch handed to `on_batch` (8192 by default).
    pub batch_rows: u64,
    /// Emit only rows whose trigger time is in `[emit_from_ns, emit_to_ns)`.
    pub emit_from_ns: i64,
    pub emit_to_ns: i64,
    pub warm_up_ns: i64,
    pub warm_up_events: u64,
    /// The most time bars one gap may close (`--max-gap-bars`, docs/language.md section 8), >= 1.
    pub max_gap_bars: u64,
}

/// What the run did with one file, handed to `FfiSink::on_file` once the file gets no more rows.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FfiFileReport {
    pub counts: RunCounts,
    /// `driver::StreamStart::code`: 0 first, 1 continued, 2.. reset (and why).
    pub start: u32,
    /// 1: the file was warm-started from the snapshot below.
    pub warm_started: u32,
    pub warm_as_of_ts: i64,
    pub warm_record: u64,
    /// Records skipped under `lenient`, by reason, in the order of `book::BOOK_FAULT_CODES`.
    pub skipped_by_reason: [u64; 6],
}

/// Where rows, finished files and progress go. Every callback returns 0 to go on, non-zero to
/// cancel the run.
#[repr(C)]
pub struct FfiSink {
    pub ctx: *mut c_void,
    /// Rows of file `file` (an index into the request's paths; files' rows arrive in order):
    /// `values[c]` points at `rows` u64 patterns of column c, `valid[c]` at `rows` bytes.
    pub on_batch: extern "C" fn(
        ctx: *mut c_void,
        file: u32,
        rows: u64,
        columns: u32,
        values: *const *const u64,
        valid: *const *const u8,
    ) -> i32,
    /// File `file` gets no more rows (once per file, in order).
    pub on_file: extern "C" fn(ctx: *mut c_void, file: u32, report: *const FfiFileReport) -> i32,
    pub on_progress: extern "C" fn(ctx: *mut c_void, records_done: u64, records_total: u64) -> i32,
}

/// The receiving end of an `FfiSink` written in Rust: `FfiSink::for_host` makes a sink whose
/// callbacks hand each call to a host, so the C signatures, the cast of `ctx` and the return
/// codes are spelled here once (nothing of it crosses the ABI). Each method returns `true` to go
/// on, `false` to cancel the run.
pub trait FfiHost {
    /// One batch, exactly as `FfiSink::on_batch` receives it (nothing checked yet).
    fn batch(&mut self, file: u32, rows: u64, columns: u32, values: *const *const u64, valid: *const *const u8)
        -> bool;
    /// File `file` is complete.
    fn file_done(&mut self, file: u32, report: &FfiFileReport) -> bool;
    fn progress(&mut self, records_done: u64, records_total: u64) -> bool;
}

impl FfiSink {
    /// A sink that calls `host`. The sink keeps a raw pointer to `host`: a run handed the sink
    /// must end while `host` is alive and not otherwise borrowed, and the kernel library calls
    /// back on the thread that called it, one call at a time (as `export_kernel!`'s does).
    pub fn for_host<H: FfiHost>(host: &mut H) -> FfiSink {
        FfiSink {
            ctx: (host as *mut H).cast::<c_void>(),
            on_batch: host_batch::<H>,
            on_file: host_file::<H>,
            on_progress: host_progress::<H>,
        }
    }
}

/// Continue (0) or cancel (1), as `FfiSink` defines for both callbacks.
fn go_on(yes: bool) -> i32 {
    if yes {
        0
    } else {
        1
    }
}

extern "C" fn host_batch<H: FfiHost>(
    ctx: *mut c_void,
    file: u32,
    rows: u64,
    columns: u32,
    values: *const *const u64,
    valid: *const *const u8,
) -> i32 {
    // SAFETY: `ctx` is the `&mut H` of `FfiSink::for_host`, alive and unshared for the run.
    let host = unsafe { &mut *ctx.cast::<H>() };
    go_on(host.batch(file, rows, columns, values, valid))
}

extern "C" fn host_file<H: FfiHost>(ctx: *mut c_void, file: u32, report: *const FfiFileReport) -> i32 {
    // SAFETY: as in `host_batch`; `report` is valid for the call (ffi.rs).
    let host = unsafe { &mut *ctx.cast::<H>() };
    match unsafe { report.as_ref() } {
        Some(report) => go_on(host.file_done(file, report)),
        None => go_on(false),
    }
}

extern "C" fn host_progress<H: FfiHost>(ctx: *mut c_void, records_done: u64, records_total: u64) -> i32 {
    // SAFETY: as in `host_batch`.
    let host = unsafe { &mut *ctx.cast::<H>() };
    go_on(host.progress(records_done, records_total))
}

/// The counts of one run: what the driver's `RunSummary` holds (`RunSummary::counts`), what a
/// kernel library hands back in `FfiRunResult`, and what the host reports for each job.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RunCounts {
    pub records: u64,
    pub packets: u64,
    pub rows: u64,
    /// Exchange time of the first and last record (0 for an empty log).
    pub first_ts: i64,
    pub last_ts: i64,
    /// Book faults skipped under `lenient`.
    pub skipped: u64,
}

/// The outcome of a run. `error_message` is null on success; otherwise a NUL-terminated
/// string owned by the kernel library, freed with `featc_kernel_free_string`. (`counts` lays
/// out its six fields in a row, as they were laid out here before it grouped them.)
#[repr(C)]
pub struct FfiRunResult {
    pub counts: RunCounts,
    pub error_code: *mut c_char,
    pub error_message: *mut c_char,
}

/// Symbols every kernel library exports (see `export_kernel!`):
/// - `featc_kernel_abi() -> u32`
/// - `featc_kernel_meta() -> *const c_char` (static JSON: name, irHash, columns, trigger)
/// - `featc_kernel_run(req: *const FfiRunRequest, sink: *const FfiSink, out: *mut FfiRunResult) -> i32` (0 ok)
/// - `featc_kernel_free_string(p: *mut c_char)`
pub type AbiFn = unsafe extern "C" fn() -> u32;
pub type MetaFn = unsafe extern "C" fn() -> *const c_char;
pub type RunFn = unsafe extern "C" fn(req: *const FfiRunRequest, sink: *const FfiSink, out: *mut FfiRunResult) -> i32;
pub type FreeStringFn = unsafe extern "C" fn(p: *mut c_char);
