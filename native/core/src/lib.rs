//! featc-core: the `.q` event log, order books, the packet driver that runs generated kernels,
//! their C ABI, and the tools that make logs (synthetic generator, LOBSTER importer, inspector).

pub mod book;
pub mod driver;
pub mod error;
pub mod export;
pub mod ffi;
pub mod import;
pub mod inspect;
pub mod interrupt;
pub mod kernel;
pub mod log;
pub mod synth;
pub mod time;

pub use error::FeatcError;
