//! The C ABI side of a kernel library (ffi.rs): ordinary generic functions, and
//! `export_kernel!`, which only names them under the exported symbols.

use std::ffi::{c_char, CStr, CString};
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::driver::{run_log, FileReport, RunRequest, RunSink, RunSummary, WarmUp};
use crate::error::{code, FeatcError};
use crate::ffi::{FfiFileReport, FfiRunRequest, FfiRunResult, FfiSink, KERNEL_ABI_VERSION};
use crate::kernel::{ColumnType, Kernel, RowBatch};

/// Exports the four `featc_kernel_*` symbols of ffi.rs for kernel type `$k`.
#[macro_export]
macro_rules! export_kernel {
    ($k:ty) => {
        #[unsafe(no_mangle)]
        pub extern "C" fn featc_kernel_abi() -> u32 {
            $crate::ffi::KERNEL_ABI_VERSION
        }

        #[unsafe(no_mangle)]
        pub extern "C" fn featc_kernel_meta() -> *const ::std::ffi::c_char {
            static META: ::std::sync::OnceLock<::std::ffi::CString> = ::std::sync::OnceLock::new();
            META.get_or_init($crate::export::meta_cstring::<$k>).as_ptr()
        }

        /// # Safety
        /// The pointers follow ffi.rs: valid for the call, `out` writable.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn featc_kernel_run(
            req: *const $crate::ffi::FfiRunRequest,
            sink: *const $crate::ffi::FfiSink,
            out: *mut $crate::ffi::FfiRunResult,
        ) -> i32 {
            unsafe { $crate::export::ffi_run::<$k>(req, sink, out) }
        }

        /// # Safety
        /// `p` is null or a string this library returned and has not freed.
        #[unsafe(no_mangle)]
        pub unsafe extern "C" fn featc_kernel_free_string(p: *mut ::std::ffi::c_char) {
            unsafe { $crate::export::free_string(p) }
        }
    };
}

fn type_name(t: ColumnType) -> &'static str {
    match t {
        ColumnType::F64 => "f64",
        ColumnType::I64 => "i64",
        ColumnType::Bool => "bool",
        ColumnType::Timestamp => "timestamp",
    }
}

/// A JSON string literal, quotes included.
pub fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The kernel's description for the host. `barNs` is a string: it may exceed 2^53.
pub fn meta_json<K: Kernel>() -> String {
    let columns: Vec<String> = K::COLUMNS
        .iter()
        .map(|c| format!("{{\"name\":{},\"type\":\"{}\"}}", json_string(c.name), type_name(c.ty)))
        .collect();
    let t = K::TRIGGER;
    format!(
        "{{\"abi\":{KERNEL_ABI_VERSION},\"name\":{},\"irHash\":{},\"columns\":[{}],\"trigger\":{{\"everyEvent\":{},\"trade\":{},\"everyEvents\":{},\"barNs\":\"{}\"}}}}",
        json_string(K::NAME),
        json_string(K::IR_HASH),
        columns.join(","),
        t.every_event,
        t.trade,
        t.every_events,
        t.bar_ns
    )
}

pub fn meta_cstring<K: Kernel>() -> CString {
    // JSON escapes every control character, so there is no NUL inside.
    CString::new(meta_json::<K>()).unwrap_or_default()
}

/// Hands batches and progress to the host's C callbacks.
struct FfiSinkAdapter<'a> {
    sink: &'a FfiSink,
    values: Vec<*const u64>,
    valid: Vec<*const u8>,
}

impl RunSink for FfiSinkAdapter<'_> {
    fn batch(&mut self, file: usize, b: &RowBatch) -> bool {
        self.values.clear();
        self.valid.clear();
        self.values.extend(b.values.iter().map(|v| v.as_ptr()));
        self.valid.extend(b.valid.iter().map(|v| v.as_ptr()));
        (self.sink.on_batch)(
            self.sink.ctx,
            file as u32,
            b.rows as u64,
            b.values.len() as u32,
            self.values.as_ptr(),
            self.valid.as_ptr(),
        ) == 0
    }

    fn file_done(&mut self, file: usize, report: &FileReport) -> bool {
        let ffi = FfiFileReport {
            counts: report.counts,
            start: report.start.code(),
            warm_started: report.warm_start.is_some() as u32,
            warm_as_of_ts: report.warm_start.map_or(0, |w| w.as_of_ts),
            warm_record: report.warm_start.map_or(0, |w| w.record),
            skipped_by_reason: crate::book::BOOK_FAULT_CODES
                .map(|c| report.skipped_by_reason.iter().find(|(r, _)| *r == c).map_or(0, |(_, n)| *n)),
        };
        (self.sink.on_file)(self.sink.ctx, file as u32, &ffi) == 0
    }

    fn progress(&mut self, done: u64, total: u64) -> bool {
        (self.sink.on_progress)(self.sink.ctx, done, total) == 0
    }
}

fn c_string(s: &str) -> *mut c_char {
    CString::new(s.replace('\0', "\\0")).unwrap_or_default().into_raw()
}

fn panic_text(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs `K` over the request's log. Returns 0 on success, 1 on error (code and message in
/// `out`), 2 when `out` is null.
///
/// # Safety
/// `req` and `sink` are null or valid for the call; `out` is null or writable; the sink's
/// callbacks follow ffi.rs.
pub unsafe fn ffi_run<K: Kernel>(req: *const FfiRunRequest, sink: *const FfiSink, out: *mut FfiRunResult) -> i32 {
    if out.is_null() {
        return 2;
    }
    let result = catch_unwind(AssertUnwindSafe(|| unsafe { run_from_ffi::<K>(req, sink) }))
        .unwrap_or_else(|p| Err(FeatcError::new(code::PANIC, format!("kernel panicked: {}", panic_text(p.as_ref())))));
    let (summary, error) = match result {
        Ok(s) => (s, None),
        Err(e) => (RunSummary::default(), Some(e)),
    };
    let (error_code, error_message) = match &error {
        None => (std::ptr::null_mut(), std::ptr::null_mut()),
        Some(e) => (c_string(e.code), c_string(&e.message)),
    };
    unsafe {
        out.write(FfiRunResult { counts: summary.counts, error_code, error_message });
    }
    error.is_some() as i32
}

unsafe fn run_from_ffi<K: Kernel>(req: *const FfiRunRequest, sink: *const FfiSink) -> Result<RunSummary, FeatcError> {
    let (Some(req), Some(sink)) = (unsafe { req.as_ref() }, unsafe { sink.as_ref() }) else {
        return Err(FeatcError::new(code::BAD_ARGUMENT, "null run request or sink"));
    };
    if req.path_count == 0 || req.paths.is_null() {
        return Err(FeatcError::new(code::BAD_ARGUMENT, "a run needs at least one log path"));
    }
    let count =
        usize::try_from(req.path_count).map_err(|_| FeatcError::new(code::BAD_ARGUMENT, "too many log paths"))?;
    // SAFETY: ffi.rs: `paths` points at `path_count` pointers, valid for the call.
    let raw = unsafe { std::slice::from_raw_parts(req.paths, count) };
    let mut paths = Vec::with_capacity(count);
    for &p in raw {
        if p.is_null() {
            return Err(FeatcError::new(code::BAD_ARGUMENT, "null log path"));
        }
        let path = unsafe { CStr::from_ptr(p) }
            .to_str()
            .map_err(|_| FeatcError::new(code::BAD_ARGUMENT, "log path is not UTF-8"))?;
        paths.push(path.into());
    }
    let request = RunRequest {
        paths,
        lenient: req.lenient != 0,
        batch_rows: usize::try_from(req.batch_rows).unwrap_or(usize::MAX),
        emit_from_ns: req.emit_from_ns,
        emit_to_ns: req.emit_to_ns,
        warm_start: (req.warm_start != 0).then_some(WarmUp { ns: req.warm_up_ns, events: req.warm_up_events }),
        max_gap_bars: req.max_gap_bars,
    };
    let mut adapter = FfiSinkAdapter { sink, values: Vec::new(), valid: Vec::new() };
    run_log::<K>(&request, &mut adapter)
}

/// Frees a string returned in an `FfiRunResult`.
///
/// # Safety
/// `p` is null or came from this library and was not freed before.
pub unsafe fn free_string(p: *mut c_char) {
    if !p.is_null() {
        drop(unsafe { CString::from_raw(p) });
    }
}
