//! Inputs the importers' fuzzing campaign found (test/fuzz/importers.ts; docs/reliability.md,
//! "Fuzzing the readers and importers") in featc-core's LOBSTER importer.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};

use common::*;
use featc_core::error::code;
use featc_core::import::lobster::{import, LobsterOptions};
use featc_core::import::ImportSummary;

const NAME: &str = "GOOG_2012-06-21_34200000_57600000_message_10.csv";

/// The first 200 lines of the bundled GOOG message file, with a byte that is not UTF-8 in
/// line 30.
fn message_with_a_stray_byte(dir: &Path) -> PathBuf {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../examples/data/lobster/{NAME}.gz"));
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(std::fs::File::open(sample).unwrap()).read_to_end(&mut text).unwrap();
    let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').take(200).map(<[u8]>::to_vec).collect();
    lines[29][3] = 0xff;
    let path = dir.join(NAME);
    std::fs::write(&path, lines.join(&b'\n')).unwrap();
    path
}

fn run(message: PathBuf, out: &Path, lenient: bool) -> Result<ImportSummary, featc_core::error::FeatcError> {
    import(&LobsterOptions {
        message,
        orderbook: None,
        symbol: "GOOG".into(),
        date: None,
        out_dir: out.to_path_buf(),
        lenient,
        snapshot_every_ns: 0,
        force: true,
        packet_per_message: false,
    })
}

#[test]
fn a_byte_that_is_not_utf8_is_its_lines_fault_not_an_io_error() {
    let dir = temp_dir("fuzz-regression-not-utf8");
    let message = message_with_a_stray_byte(&dir);
    // It used to be IO ("cannot read after line 29: stream did not contain valid UTF-8"),
    // which --lenient could not skip.
    let err = run(message.clone(), &dir.join("strict"), false).unwrap_err();
    assert_eq!(err.code, code::LOBSTER_BAD_LINE);
    assert_eq!(err.message, format!("{NAME}:30: byte 4 of the line (0xff) is not UTF-8 text"));
    assert!(std::fs::read_dir(dir.join("strict")).map_or(true, |d| d.flatten().all(|e| e.path().is_dir())));
    let summary = run(message, &dir.join("lenient"), true).expect("lenient import");
    // Without the orderbook file the book is not seeded, so other skips are counted too.
    assert!(summary.skipped_by_reason.contains(&("malformed line".to_string(), 1)), "{:?}", summary.skipped_by_reason);
}
