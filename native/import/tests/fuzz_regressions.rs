//! Inputs the importers' fuzzing campaign found (test/fuzz/importers.ts; docs/reliability.md,
//! "Fuzzing the readers and importers"), each failing once with an error that did not name the
//! file or the place: now each names the file and the line, and leaves no file behind.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use featc_core::error::FeatcError;
use featc_core::log::DEFAULT_SNAPSHOT_EVERY_NS;
use featc_import::binance::{self, BinanceOptions};
use featc_import::tardis::{self, TardisOptions, BAD_LINE};

const QUOTES_HEADER: &str = "exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount";

fn tardis_import(work: &Path, name: &str, text: &str, lenient: bool) -> Result<tardis::TardisReport, FeatcError> {
    let input = work.join(name);
    std::fs::write(&input, text).unwrap();
    tardis::import(&TardisOptions {
        inputs: vec![input],
        kind: None,
        out_dir: work.join("out"),
        symbol: "BTCUSDT".into(),
        lenient,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    })
}

fn binance_import(work: &Path, inputs: &[(&str, String)], lenient: bool) -> Result<binance::BinanceReport, FeatcError> {
    let paths: Vec<PathBuf> = inputs
        .iter()
        .map(|(name, text)| {
            let p = work.join(name);
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    binance::import(&BinanceOptions {
        inputs: paths,
        out_dir: work.join("out"),
        market: None,
        lenient,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    })
}

/// The first `n` lines of the Binance spot capture of 2024-08-08.
fn spot_lines(n: usize) -> Vec<String> {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::GzDecoder::new(std::fs::File::open(data("binance/spot_btcusdt_20240808.gz")).unwrap())
        .read_to_string(&mut text)
        .unwrap();
    text.lines().take(n).map(str::to_string).collect()
}

#[test]
fn a_tardis_input_without_a_row_of_the_symbol_names_where_it_ends() {
    let work = scratch("tardis-no-symbol");
    let text =
        format!("{QUOTES_HEADER}\nbinance-futures,ETHUSDT,1582329601096000,1582329603502092,0.84,9682,9681.92,0.67\n");
    let err = tardis_import(&work, "quotes.csv", &text, false).unwrap_err();
    assert_eq!(err.code, BAD_LINE);
    assert_eq!(err.message, "quotes.csv: line 2: the input ends without a row of symbol BTCUSDT");
    assert!(files_under(&work.join("out")).is_empty());
}

#[test]
fn an_empty_tardis_input_is_named_at_byte_zero() {
    let work = scratch("tardis-empty");
    let err = tardis_import(&work, "quotes.csv", "", true).unwrap_err();
    assert_eq!(err.message, "quotes.csv: byte 0 (an empty file): the input ends without a row of symbol BTCUSDT");
    assert!(files_under(&work.join("out")).is_empty());
}

#[test]
fn a_tardis_value_with_more_decimals_than_a_log_holds_is_its_lines_fault() {
    let work = scratch("tardis-decimals");
    let text = format!(
        "{QUOTES_HEADER}\n\
         binance-futures,BTCUSDT,1582329601096000,1582329603502092,0.84,9682,9681.92,0.67\n\
         binance-futures,BTCUSDT,1582329603401000,1582329603522418,0.000000000000000000001,9682,9681.83,0.003\n\
         binance-futures,BTCUSDT,1582329603402000,1582329603522419,0.84,9682,9681.83,0.003\n"
    );
    // It used to be "values need more than 18 decimals", naming neither file nor line.
    let err = tardis_import(&work, "quotes.csv", &text, false).unwrap_err();
    assert_eq!(err.code, BAD_LINE);
    assert_eq!(err.message, "quotes.csv: line 3: 0.000000000000000000001 needs 21 decimals; a log holds at most 18");
    assert!(files_under(&work.join("out")).is_empty());
    // Lenient: the line is skipped and counted, and the rest keeps its own decimals.
    let r = tardis_import(&work, "quotes.csv", &text, true).expect("lenient import");
    assert_eq!((r.price_decimals, r.size_decimals), (2, 3));
    assert_eq!(r.rows, 2);
    assert!(
        r.skipped_by_reason.iter().any(|(why, n)| why.contains("needs 21 decimals") && *n == 1),
        "{:?}",
        r.skipped_by_reason
    );
}

#[test]
fn a_binance_capture_without_a_symbol_names_where_each_input_ends() {
    let work = scratch("binance-no-symbol");
    // The REST snapshot line alone names no symbol.
    let snapshot = spot_lines(40).into_iter().find(|l| l.contains("lastUpdateId")).expect("a snapshot line");
    let err = binance_import(&work, &[("a", snapshot), ("b", String::new())], false).unwrap_err();
    assert_eq!(err.code, binance::BAD_LINE);
    assert_eq!(err.message, "a: line 1, b: line 0: the input ends, and no depth or trade message names a symbol");
    assert!(files_under(&work.join("out")).is_empty());
}

#[test]
fn a_binance_value_with_more_decimals_than_a_log_holds_is_its_lines_fault() {
    let work = scratch("binance-decimals");
    let mut lines = spot_lines(200);
    let at = lines.iter().position(|l| l.contains("@trade")).expect("a trade line");
    let price = lines[at].split("\"p\":\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    lines[at] = lines[at].replacen(&format!("\"p\":\"{price}\""), "\"p\":\"1.0000000000000000000001\"", 1);
    let text = lines.join("\n") + "\n";
    let err = binance_import(&work, &[("spot", text.clone())], false).unwrap_err();
    assert_eq!(err.code, binance::BAD_LINE);
    assert_eq!(
        err.message,
        format!("spot: line {}: 1.0000000000000000000001 needs 22 decimals; a log holds at most 18", at + 1)
    );
    assert!(files_under(&work.join("out")).is_empty());
    let r = binance_import(&work, &[("spot", text)], true).expect("lenient import");
    assert!(r.price_decimals <= 18);
    assert!(
        r.skipped_by_reason.iter().any(|(why, n)| why.contains("needs 22 decimals") && *n == 1),
        "{:?}",
        r.skipped_by_reason
    );
}

#[test]
fn a_byte_that_is_not_utf8_is_its_lines_fault_not_an_io_error() {
    let work = scratch("not-utf8");
    let quotes = std::fs::read(data("tardis/tardis_quotes.csv")).unwrap();
    let mut lines: Vec<Vec<u8>> = quotes.split(|&b| b == b'\n').take(50).map(<[u8]>::to_vec).collect();
    lines[19][5] = 0xc3;
    let input = work.join("quotes.csv");
    std::fs::write(&input, lines.join(&b'\n')).unwrap();
    let opts = |lenient| TardisOptions {
        inputs: vec![input.clone()],
        kind: None,
        out_dir: work.join("out"),
        symbol: "BTCUSDT".into(),
        lenient,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: true,
    };
    // It used to be IO ("cannot read after line 19: stream did not contain valid UTF-8").
    let err = tardis::import(&opts(false)).unwrap_err();
    assert_eq!(err.code, BAD_LINE);
    assert_eq!(err.message, "quotes.csv: line 20: byte 6 of the line (0xc3) is not UTF-8 text");
    assert!(files_under(&work.join("out")).is_empty());
    let r = tardis::import(&opts(true)).expect("lenient import");
    assert_eq!(r.rows, 48);

    // A Binance capture: the same, line by line.
    let mut lines = spot_lines(120);
    let at = lines.iter().position(|l| l.contains("@depth")).expect("a depth line");
    let capture = work.join("spot");
    let mut bytes = Vec::new();
    for (k, l) in lines.drain(..).enumerate() {
        let mut l = l.into_bytes();
        if k == at {
            l[30] = 0xff;
        }
        bytes.extend_from_slice(&l);
        bytes.push(b'\n');
    }
    std::fs::write(&capture, bytes).unwrap();
    let opts = |lenient| BinanceOptions {
        inputs: vec![capture.clone()],
        out_dir: work.join("bout"),
        market: None,
        lenient,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: true,
    };
    let err = binance::import(&opts(false)).unwrap_err();
    assert_eq!(err.code, binance::BAD_LINE);
    assert_eq!(err.message, format!("spot: line {}: byte 31 of the line (0xff) is not UTF-8 text", at + 1));
    assert!(files_under(&work.join("bout")).is_empty());
    let r = binance::import(&opts(true)).expect("lenient import");
    assert!(
        r.skipped_by_reason.iter().any(|(why, n)| why.contains("not UTF-8") && *n == 1),
        "{:?}",
        r.skipped_by_reason
    );
}
