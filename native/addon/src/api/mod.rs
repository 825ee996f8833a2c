//! The napi surface: a few coarse functions (docs/architecture.md section 3). Each converts its arguments,
//! calls the host, and converts the result; errors leave as JS errors with a `code`.

pub mod binance;
pub mod dbn;
pub mod extract;
pub mod import_report;
pub mod inspect;
pub mod interrupt;
pub mod itch;
pub mod kernel_meta;
pub mod lobster;
pub mod parquet_head;
pub mod read_plain;
pub mod synthetic;
pub mod tardis;
pub mod verify_book;
