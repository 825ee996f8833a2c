//! A loaded kernel library (the cdylib `featc build` makes from a spec): its C ABI
//! (native/core/src/ffi.rs) behind safe Rust calls.

use std::ffi::{c_char, CStr, CString};
use std::path::Path;

use featc_core::driver::WarmUp;
use featc_core::ffi::{
    AbiFn, FfiRunRequest, FfiRunResult, FfiSink, FreeStringFn, MetaFn, RunCounts, RunFn, KERNEL_ABI_VERSION,
};
use libloading::Library;

use crate::host_error::{codes, HostError};
use crate::kernel_meta::KernelMeta;

pub struct KernelLibrary {
    run_fn: RunFn,
    free_string_fn: FreeStringFn,
    meta_json: String,
    meta: KernelMeta,
    // Declared last so the function pointers above are never used after the unload.
    _library: Library,
}

/// A kernel run's outcome, with the library's error strings already copied and freed.
pub struct RunOutcome {
    pub counts: RunCounts,
    pub error: Option<HostError>,
}

/// What one run asks of the kernel.
pub struct RunRequest<'a> {
    /// One symbol's day files, in time order.
    pub log_paths: &'a [&'a Path],
    pub lenient: bool,
    pub batch_rows: u64,
    pub emit_from_ns: i64,
    pub emit_to_ns: i64,
    pub warm_up: Option<WarmUp>,
    /// The most time bars one gap may close (docs/language.md section 8), >= 1.
    pub max_gap_bars: u64,
}

impl KernelLibrary {
    pub fn open(path: &Path) -> Result<KernelLibrary, HostError> {
        let shown = path.display();
        // SAFETY: loading runs the library's initialisers. Kernel libraries are built by
        // `featc build` from featc-core and have none beyond the Rust runtime's.
        let library = unsafe { Library::new(path) }
            .map_err(|e| HostError::new(codes::KERNEL_LOAD, format!("cannot load kernel library {shown}: {e}")))?;
        // SAFETY: the symbol types are those ffi.rs declares for every kernel library; the
        // ABI version is checked before any other symbol is called.
        unsafe {
            let abi: AbiFn = *symbol(&library, b"featc_kernel_abi\0", path)?;
            let found = abi();
            if found != KERNEL_ABI_VERSION {
                return Err(HostError::new(
                    codes::KERNEL_ABI,
                    format!(
                        "kernel library {shown} has kernel ABI version {found}, this featc expects {KERNEL_ABI_VERSION}; rebuild it with `featc build`"
                    ),
                ));
            }
            let meta_fn: MetaFn = *symbol(&library, b"featc_kernel_meta\0", path)?;
            let run_fn: RunFn = *symbol(&library, b"featc_kernel_run\0", path)?;
            let free_string_fn: FreeStringFn = *symbol(&library, b"featc_kernel_free_string\0", path)?;
            let meta_ptr = meta_fn();
            if meta_ptr.is_null() {
                return Err(HostError::new(
                    codes::KERNEL_META,
                    format!("kernel library {shown} returned no meta JSON"),
                ));
            }
            // The meta string is static data of the library: borrowed, never freed.
            let meta_json = CStr::from_ptr(meta_ptr)
                .to_str()
                .map_err(|_| {
                    HostError::new(codes::KERNEL_META, format!("kernel library {shown}: meta JSON is not UTF-8"))
                })?
                .to_string();
            let meta = KernelMeta::parse(&meta_json).map_err(|e| e.context(format!("kernel library {shown}")))?;
            Ok(KernelLibrary { run_fn, free_string_fn, meta_json, meta, _library: library })
        }
    }

    pub fn meta_json(&self) -> &str {
        &self.meta_json
    }

    pub fn meta(&self) -> &KernelMeta {
        &self.meta
    }

    /// Run the kernel over one stream of logs. `sink` callbacks run on this thread.
    pub fn run(&self, request: &RunRequest<'_>, sink: &FfiSink) -> Result<RunOutcome, HostError> {
        let paths = request
            .log_paths
            .iter()
            .map(|path| {
                path.to_str().and_then(|p| CString::new(p).ok()).ok_or_else(|| {
                    HostError::new(
                        codes::BAD_ARGUMENT,
                        format!("log path {} is not valid UTF-8 without NUL", path.display()),
                    )
                })
            })
            .collect::<Result<Vec<CString>, HostError>>()?;
        let pointers: Vec<*const c_char> = paths.iter().map(|p| p.as_ptr()).collect();
        let warm = request.warm_up;
        let ffi_request = FfiRunRequest {
            paths: pointers.as_ptr(),
            path_count: pointers.len() as u64,
            lenient: request.lenient as u8,
            warm_start: warm.is_some() as u8,
            batch_rows: request.batch_rows,
            emit_from_ns: request.emit_from_ns,
            emit_to_ns: request.emit_to_ns,
            warm_up_ns: warm.map_or(0, |w| w.ns),
            warm_up_events: warm.map_or(0, |w| w.events),
            max_gap_bars: request.max_gap_bars,
        };
        let mut out = FfiRunResult {
            counts: RunCounts::default(),
            error_code: std::ptr::null_mut(),
            error_message: std::ptr::null_mut(),
        };
        // SAFETY: `ffi_request`, `sink` and `out` outlive the call; the kernel library
        // promises not to unwind across it (ffi.rs).
        let status = unsafe { (self.run_fn)(&ffi_request, sink, &mut out) };
        let error_code = self.take_string(out.error_code);
        let error_message = self.take_string(out.error_message);
        let error = if status == 0 && error_message.is_none() {
            None
        } else {
            Some(HostError::new(
                error_code.unwrap_or_else(|| codes::KERNEL_RUN.to_string()),
                error_message.unwrap_or_else(|| format!("kernel run failed with status {status}")),
            ))
        };
        Ok(RunOutcome { counts: out.counts, error })
    }

    /// Copy a string the library allocated, then hand it back to the library to free.
    fn take_string(&self, ptr: *mut c_char) -> Option<String> {
        if ptr.is_null() {
            return None;
        }
        // SAFETY: non-null strings in `FfiRunResult` are NUL-terminated and owned by the
        // library until `featc_kernel_free_string`.
        let text = unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned();
        unsafe { (self.free_string_fn)(ptr) };
        Some(text)
    }
}

unsafe fn symbol<'lib, T>(
    library: &'lib Library,
    name: &[u8],
    path: &Path,
) -> Result<libloading::Symbol<'lib, T>, HostError> {
    unsafe { library.get::<T>(name) }.map_err(|e| {
        let shown = String::from_utf8_lossy(&name[..name.len() - 1]);
        HostError::new(
            codes::KERNEL_SYMBOL,
            format!("{} is not a featc kernel library: symbol {shown} not found ({e})", path.display()),
        )
    })
}
