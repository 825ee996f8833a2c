//! featc-import: venue files in, `.q` event logs out (docs/formats/dbn.md, docs/formats/itch.md),
//! and the checks that replay them against the venue's own ground truth (`featc verify-book`).

pub mod counts;
pub mod day;
pub mod input;
pub mod outputs;
pub mod report;

pub mod binance;
pub mod dbn;
pub mod itch;
pub mod tardis;
pub mod verify;
