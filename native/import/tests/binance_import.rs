//! The Binance importer on the real captures and on broken ones: daily files that replay on
//! their own, exact decimals, and bad input that errors (file and line) or, under lenient, is
//! counted, never a panic, a hang or a partial `.q` file.

mod common;

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;
use featc_core::book::BookL2;
use featc_core::kernel::{BookView, Side};
use featc_core::log::{flag, kind, LogReader, BOOK_L2};
use featc_import::binance::{import, BinanceOptions, Market, BAD_LINE};

fn data(name: &str) -> PathBuf {
    common::data(&format!("binance/{name}"))
}

fn options(inputs: Vec<PathBuf>, out: &Path, lenient: bool) -> BinanceOptions {
    BinanceOptions { inputs, out_dir: out.to_path_buf(), market: None, lenient }
}

/// Replays a log into a BookL2; returns (packets, packets ending crossed or locked).
fn replay(path: &Path) -> (u64, u64) {
    let log = LogReader::open(path).expect("open");
    assert_eq!(log.header().book_kind, BOOK_L2);
    let mut book = BookL2::new();
    let (mut packets, mut crossed) = (0, 0);
    for i in 0..log.len() {
        let r = log.record(i);
        book.apply(&r).expect("no book fault");
        if r.flags & flag::LAST != 0 {
            packets += 1;
            if book.levels(Side::Bid) > 0
                && book.levels(Side::Ask) > 0
                && book.price_at(Side::Bid, 0) >= book.price_at(Side::Ask, 0)
            {
                crossed += 1;
            }
        }
    }
    (packets, crossed)
}

#[test]
fn spot_over_midnight_makes_two_daily_logs_that_replay_on_their_own() {
    let out = scratch("spot");
    let inputs = vec![data("spot_btcusdt_20240808.gz"), data("spot_btcusdt_20240809.gz")];
    let r = import(&options(inputs, &out, false)).expect("import");
    eprintln!("{r:#?}");
    assert_eq!(r.market, Market::Spot);
    assert_eq!(r.symbol, "BTCUSDT");
    assert_eq!(r.sync.gaps, 0);
    assert_eq!(r.carried_snapshots, 1);
    assert!(r.skipped_by_reason.is_empty(), "{:?}", r.skipped_by_reason);
    let names: Vec<String> = r.files.iter().map(|f| f.path.strip_prefix(&out).unwrap().display().to_string()).collect();
    assert_eq!(names, ["BTCUSDT/2024-08-08.q", "BTCUSDT/2024-08-09.q"]);
    for f in &r.files {
        let (packets, crossed) = replay(&f.path);
        assert_eq!(packets, f.packets);
        assert_eq!(crossed, 0, "{} ends a packet crossed", f.path.display());
    }
    // The second day opens with the book carried over midnight.
    let day2 = LogReader::open(&r.files[1].path).expect("open");
    let first = day2.record(0);
    assert_eq!((first.kind, first.flags & flag::SNAPSHOT), (kind::CLEAR, flag::SNAPSHOT));
    assert_eq!(files_under(&out).len(), 2, "no temp files remain");
    let _ = fs::remove_dir_all(&out);
}

#[test]
fn futures_capture_imports_as_usdm() {
    let out = scratch("usdm");
    let r = import(&options(vec![data("usdm_btcusdt_20240808.gz")], &out, false)).expect("import");
    assert_eq!(r.market, Market::UsdM);
    assert_eq!((r.price_decimals, r.size_decimals), (1, 3));
    assert_eq!(r.sync.gaps, 0);
    for f in &r.files {
        assert_eq!(replay(&f.path).1, 0);
    }
    let _ = fs::remove_dir_all(&out);
}

/// The first `n` lines of the spot capture, as plain text.
fn head(n: usize) -> Vec<String> {
    let text = {
        use std::io::Read;
        let mut s = String::new();
        flate2::read::MultiGzDecoder::new(fs::File::open(data("spot_btcusdt_20240808.gz")).unwrap())
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    text.lines().take(n).map(str::to_string).collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    let mut f = fs::File::create(path).unwrap();
    for l in lines {
        writeln!(f, "{l}").unwrap();
    }
}

#[test]
fn a_malformed_line_names_file_and_line_and_writes_nothing() {
    let dir = scratch("bad");
    let mut lines = head(400);
    lines[200] = "1723161254206652067 {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":".into();
    let input = dir.join("capture.txt");
    write_lines(&input, &lines);
    let out = dir.join("out");
    let err = import(&options(vec![input.clone()], &out, false)).unwrap_err();
    assert_eq!(err.code, BAD_LINE);
    assert!(err.message.starts_with("capture.txt: line 201: bad JSON"), "{}", err.message);
    assert!(files_under(&out).is_empty());

    let r = import(&options(vec![input], &out, true)).expect("lenient");
    assert_eq!(r.skipped_by_reason, vec![("bad line: bad JSON".to_string(), 1)]);
    assert_eq!(files_under(&out).len(), 1);
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_value_that_is_not_a_decimal_is_an_error_naming_its_line() {
    // The survey sizes the decimals from all values, so this only fails where a value is not
    // a decimal at all; exactness itself is covered by decimal's unit tests.
    let dir = scratch("decimal");
    let mut lines = head(50);
    lines[20] = lines[20].replacen("\"p\":\"", "\"p\":\"1e", 1);
    if !lines[20].contains("1e") {
        lines[20] = "1 {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1e5\",\"q\":\"1\",\"T\":1,\"m\":true}}".into();
    }
    let input = dir.join("capture.txt");
    write_lines(&input, &lines);
    let err = import(&options(vec![input], &dir.join("out"), false)).unwrap_err();
    assert_eq!(err.code, BAD_LINE);
    assert!(err.message.contains("line 21") && err.message.contains("is not a decimal number"), "{}", err.message);
    assert!(files_under(&dir.join("out")).is_empty());
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn broken_captures_never_panic_hang_or_leave_a_partial_file() {
    let dir = scratch("fuzz");
    let lines = head(300);
    let whole = lines.join("\n");
    let gz = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        e.write_all(whole.as_bytes()).unwrap();
        e.finish().unwrap()
    };
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for case in 0..60 {
        let input = dir.join(if case % 3 == 0 { "c.gz" } else { "c.txt" });
        let bytes: Vec<u8> = match case % 3 {
            // Truncated gzip.
            0 => gz[..(rng.next() as usize % gz.len())].to_vec(),
            // Random bytes flipped in the text.
            1 => {
                let mut b = whole.clone().into_bytes();
                for _ in 0..1 + rng.next() % 8 {
                    let i = rng.next() as usize % b.len();
                    b[i] = rng.next() as u8;
                }
                b
            }
            // Shuffled lines.
            _ => {
                let mut l = lines.clone();
                for i in (1..l.len()).rev() {
                    l.swap(i, rng.next() as usize % (i + 1));
                }
                l.join("\n").into_bytes()
            }
        };
        fs::write(&input, &bytes).unwrap();
        for lenient in [false, true] {
            let out = dir.join(format!("out-{case}-{lenient}"));
            let imported = import(&options(vec![input.clone()], &out, lenient));
            assert_all_or_nothing(
                &out,
                imported.map(|r| r.files.into_iter().map(|f| f.path).collect()).map_err(|e| e.to_string()),
                case,
            );
        }
    }
    let _ = fs::remove_dir_all(&dir);
}
