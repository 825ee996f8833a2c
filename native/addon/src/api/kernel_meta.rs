//! `kernelMeta(libPath)`: what a kernel library says about itself, after the ABI check.

use std::path::Path;

use napi::Env;
use napi_derive::napi;

use crate::kernel_library::KernelLibrary;
use crate::panic_guard::guard;

/// The meta JSON of the kernel library at `lib_path` (name, irHash, columns, trigger).
#[napi]
pub fn kernel_meta(env: Env, lib_path: String) -> napi::Result<String> {
    guard(|| KernelLibrary::open(Path::new(&lib_path)).map(|library| library.meta_json().to_string()))
        .map_err(|e| e.into_js(&env))
}
