//! featc-native: the Node.js host of generated kernel libraries. It loads a kernel library
//! (the cdylib `featc build` makes from a spec), runs it over `.q` logs on a rayon pool off
//! the JavaScript thread, and writes what it emits to Parquet with provenance metadata.
//! The TypeScript side is runtime/native/binding.ts.

// napi-derive registers exports only outside `cfg(test)`, so unit-test builds see the
// exported items as unused.
#![cfg_attr(test, allow(dead_code))]

mod api;
mod arrow_batch;
mod atomic_output;
mod extract_job;
mod extraction;
mod host_error;
mod kernel_library;
mod kernel_meta;
mod panic_guard;
mod parquet_sink;
mod progress;
mod provenance;
