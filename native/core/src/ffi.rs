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
