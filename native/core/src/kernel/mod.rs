//! The contract between generated kernels and the packet driver, and the helpers generated
//! kernels call. Generated code (compiler/codegen/rust) implements `Kernel`; `driver::run_log`
//! calls it. Semantics of a step and a row: docs/language.md, section 4.
//!
//! One file per job, each with a TypeScript twin that gives the same results:
//! - `contract`: `Side`, `BookView`, `StepContext`, `ColumnType`, `ColumnSpec`, `TriggerSpec`, `Kernel`;
//! - `top_levels`: `TopLevels`, for the `book_change(n)` trigger;
//! - `row_batch`: `RowBatch` and `CANONICAL_NAN_BITS`;
//! - `window`: `Window`, the ring buffer of the rolling operators;
//! - `numerics`: exact i64 range checks, `ns_to_seconds`, `exp2_nonpositive`, `ln`.
//!
//! Everything is re-exported here: generated kernels and the other crates name these items
//! `featc_core::kernel::<Name>`, whatever file holds them.

mod contract;
mod numerics;
mod row_batch;
mod top_levels;
mod window;

pub use contract::{row_trigger, BookView, ColumnSpec, ColumnType, Kernel, Side, StepContext, TriggerSpec};
pub use numerics::{
    exp2_nonpositive, i64_in_range, ln, ns_to_seconds, EXP2_LN2, EXP2_TAYLOR, I64_SAFE_MAX, LN2_HI, LN2_LO, LN_ATANH,
    LN_SQRT2,
};
pub use row_batch::{RowBatch, CANONICAL_NAN_BITS};
pub use top_levels::TopLevels;
pub use window::Window;
