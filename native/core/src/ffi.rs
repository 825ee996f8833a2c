//! The C ABI between a generated kernel library (a cdylib built by `featc build`) and the
//! native host (`native/addon`). Only `#[repr(C)]` types cross it; a kernel library never
//! unwinds into the host. Bump `KERNEL_ABI_VERSION` on any change here.

use std::ffi::{c_char, c_void};

pub const KERNEL_ABI_VERSION: u32 = 1;

/// What to run: one log file.
#[repr(C)]
pub struct FfiRunRequest {
    /// NUL-terminated UTF-8 path of the `.q` file.
    pub path: *const c_char,
    /// 1: count and skip book faults instead of failing (`--lenient`).
    pub lenient: u8,
    /// Rows per batch handed to `on_batch` (8192 by default).
    pub batch_rows: u64,
    /// Emit only rows whose trigger time is in `[emit_from_ns, emit_to_ns)`.
    pub emit_from_ns: i64,
    pub emit_to_ns: i64,
}

/// Where rows and progress go. Both callbacks return 0 to go on, non-zero to cancel the run.
#[repr(C)]
pub struct FfiSink {
    pub ctx: *mut c_void,
    /// `values[c]` points at `rows` u64 patterns of column c, `valid[c]` at `rows` bytes.
    pub on_batch: extern "C" fn(
        ctx: *mut c_void,
        rows: u64,
        columns: u32,
        values: *const *const u64,
        valid: *const *const u8,
    ) -> i32,
    pub on_progress: extern "C" fn(ctx: *mut c_void, records_done: u64, records_total: u64) -> i32,
}

/// The receiving end of an `FfiSink` written in Rust: `FfiSink::for_host` makes a sink whose
/// callbacks hand each call to a host, so the C signatures, the cast of `ctx` and the return
/// codes are spelled here once (nothing of it crosses the ABI). Each method returns `true` to go
/// on, `false` to cancel the run.
pub trait FfiHost {
    /// One batch, exactly as `FfiSink::on_batch` receives it (nothing checked yet).
    fn batch(&mut self, rows: u64, columns: u32, values: *const *const u64, valid: *const *const u8) -> bool;
    fn progress(&mut self, records_done: u64, records_total: u64) -> bool;
}

impl FfiSink {
    /// A sink that calls `host`. The sink keeps a raw pointer to `host`: a run handed the sink
    /// must end while `host` is alive and not otherwise borrowed, and the kernel library calls
    /// back on the thread that called it, one call at a time (as `export_kernel!`'s does).
    pub fn for_host<H: FfiHost>(host: &mut H) -> FfiSink {
        FfiSink { ctx: (host as *mut H).cast::<c_void>(), on_batch: host_batch::<H>, on_progress: host_progress::<H> }
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
    rows: u64,
    columns: u32,
    values: *const *const u64,
    valid: *const *const u8,
) -> i32 {
    // SAFETY: `ctx` is the `&mut H` of `FfiSink::for_host`, alive and unshared for the run.
    let host = unsafe { &mut *ctx.cast::<H>() };
    go_on(host.batch(rows, columns, values, valid))
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
