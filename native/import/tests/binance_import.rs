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
use featc_core::log::{flag, kind, LogReader, BOOK_L2, DEFAULT_SNAPSHOT_EVERY_NS};
use featc_import::binance::{import, BinanceOptions, Market, BAD_LINE};

fn data(name: &str) -> PathBuf {
    common::data(&format!("binance/{name}"))
}

fn options(inputs: Vec<PathBuf>, out: &Path, lenient: bool) -> BinanceOptions {
    BinanceOptions {
        inputs,
        out_dir: out.to_path_buf(),
        market: None,
        lenient,
        snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
        force: false,
    }
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

/// `(record, as_of_ts)` of every snapshot docs/formats/q.md's rule puts in `log` for `every`.
fn snapshot_points(log: &LogReader, every: i64) -> Vec<(u64, i64)> {
    let due_after = |ts: i64| ts.div_euclid(every) * every + every;
    let mut due = i64::MAX;
    let mut points = Vec::new();
    for n in 0..log.len() {
        let r = log.record(n);
        if n == 0 {
            due = due_after(r.exchange_ts);
        } else if log.record(n - 1).is_last() && r.exchange_ts >= due {
            points.push((n, log.record(n - 1).exchange_ts));
            due = due_after(r.exchange_ts);
        }
    }
    points
}

/// Checks the snapshots of imported `files` taken every `every` ns: where the rule puts them,
/// one per interval boundary the file's exchange time crosses (the capture has no silence as
/// long as an interval), each body the book the records before it build. Returns their count.
fn check_snapshots(files: &[featc_import::outputs::OutputFile], every: i64) -> usize {
    let mut total = 0;
    for f in files {
        let log = LogReader::open(&f.path).expect("open");
        let points: Vec<(u64, i64)> = log.snapshots().iter().map(|e| (e.record, e.as_of_ts)).collect();
        assert_eq!(points, snapshot_points(&log, every), "{}", f.path.display());
        let boundaries = (f.last_ts.div_euclid(every) - f.first_ts.div_euclid(every)) as usize;
        assert_eq!(points.len(), boundaries, "{}: {} .. {}", f.path.display(), f.first_ts, f.last_ts);
        total += points.len();
        let mut book = BookL2::new();
        let mut applied = 0;
        for e in log.snapshots() {
            while applied < e.record {
                book.apply(&log.record(applied)).expect("no book fault");
                applied += 1;
            }
            let body: Vec<(u8, i64, i64)> =
                (0..e.body_count).map(|j| log.snapshot_record(e, j)).map(|r| (r.side, r.price, r.size)).collect();
            let mut want = Vec::new();
            for (s, code) in [(Side::Bid, featc_core::log::side::BID), (Side::Ask, featc_core::log::side::ASK)] {
                want.extend((0..book.levels(s)).map(|i| (code, book.price_at(s, i), book.size_at(s, i))));
            }
            assert!(!want.is_empty());
            assert_eq!(body, want, "{}: snapshot at record {}", f.path.display(), e.record);
        }
    }
    total
}

#[test]
fn daily_logs_snapshot_the_book_at_every_interval_of_exchange_time() {
    let inputs = vec![data("spot_btcusdt_20240808.gz"), data("spot_btcusdt_20240809.gz")];
    // The default, 10 minutes: each day of the sample (23:54:15 to midnight, midnight to
    // 00:05:06) stays inside one 10-minute interval, so neither file crosses a boundary.
    let out = scratch("snapshots");
    let r = import(&options(inputs.clone(), &out, false)).expect("import");
    assert_eq!(DEFAULT_SNAPSHOT_EVERY_NS, 600_000_000_000);
    assert_eq!(check_snapshots(&r.files, DEFAULT_SNAPSHOT_EVERY_NS), 0);
    // Every minute: five or six per day.
    let minute = scratch("snapshots-1m");
    let every = 60_000_000_000;
    let r1 = import(&BinanceOptions { snapshot_every_ns: every, ..options(inputs.clone(), &minute, false) })
        .expect("import");
    assert_eq!(check_snapshots(&r1.files, every), 5 + 5);
    assert_eq!(files_under(&minute).len(), 2, "no spool remains");
    // None.
    let plain = scratch("no-snapshots");
    let r0 = import(&BinanceOptions { snapshot_every_ns: 0, ..options(inputs, &plain, false) }).expect("import");
    for (f, g) in r1.files.iter().zip(&r0.files) {
        let log = LogReader::open(&g.path).expect("open");
        assert!(log.snapshots().is_empty());
        assert_eq!((log.header().snapshot_offset, log.header().snapshot_count), (0, 0));
        // The records are the same either way.
        let (with, without) = (fs::read(&f.path).unwrap(), fs::read(&g.path).unwrap());
        let end = 256 + 64 * log.len() as usize;
        assert_eq!(with[256..end], without[256..end]);
        // After the index, only the import report.
        let report_at = end + 16 * log.header().index_count as usize;
        assert_eq!(log.header().report_offset as usize, report_at);
        assert_eq!(without.len(), report_at + log.header().report_len as usize);
    }
    for dir in [out, minute, plain] {
        let _ = fs::remove_dir_all(dir);
    }
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

/// The first `n` lines of a capture, as plain text.
fn head_of(file: &str, n: usize) -> Vec<String> {
    use std::io::Read;
    let mut s = String::new();
    flate2::read::MultiGzDecoder::new(fs::File::open(data(file)).unwrap()).read_to_string(&mut s).unwrap();
    s.lines().take(n).map(str::to_string).collect()
}

/// The USD-M sample rewritten as a COIN-M capture of BTCUSD_PERP (the data has no COIN-M
/// sample): stream names and symbols, and, with `fields`, COIN-M's `ps` on diff events and
/// `pair`/`symbol` on the REST snapshot.
fn as_coinm(lines: &[String], fields: bool) -> Vec<String> {
    lines
        .iter()
        .map(|l| {
            let mut l = l
                .replace("\"stream\":\"btcusdt@", "\"stream\":\"btcusd_perp@")
                .replace("\"s\":\"BTCUSDT\"", "\"s\":\"BTCUSD_PERP\"");
            if fields {
                l = l
                    .replace("\"e\":\"depthUpdate\",", "\"e\":\"depthUpdate\",\"ps\":\"BTCUSD\",")
                    .replace("{\"lastUpdateId\":", "{\"symbol\":\"BTCUSD_PERP\",\"pair\":\"BTCUSD\",\"lastUpdateId\":");
            }
            l
        })
        .collect()
}

#[test]
fn a_coin_m_capture_is_its_own_venue_never_usd_m() {
    let dir = scratch("coinm");
    let usdm = head_of("usdm_btcusdt_20240808.gz", 3_000);
    write_lines(&dir.join("usdm.txt"), &usdm);
    let reference = import(&options(vec![dir.join("usdm.txt")], &dir.join("usdm"), false)).expect("usd-m");
    assert_eq!(reference.market, Market::UsdM);
    for (k, fields) in [(0, true), (1, false)] {
        let input = dir.join(format!("coinm-{k}.txt"));
        write_lines(&input, &as_coinm(&usdm, fields));
        let out = dir.join(format!("out-{k}"));
        let r = import(&options(vec![input.clone()], &out, false)).expect("coin-m");
        assert_eq!((r.market, r.symbol.as_str()), (Market::CoinM, "BTCUSD_PERP"));
        let log = LogReader::open(&r.files[0].path).unwrap();
        assert_eq!(log.header().venue, "BINANCE-COINM");
        // Synced as USD-M is (the `pu` chain), sizes as sent (contracts): the same records.
        assert_eq!((r.sync.depth_applied, r.sync.gaps), (reference.sync.depth_applied, 0));
        let usd = LogReader::open(&reference.files[0].path).unwrap();
        assert_eq!(log.len(), usd.len());
        assert!((0..log.len()).all(|i| log.record(i) == usd.record(i)));
        // Asked to import it as USD-M (or spot): refused, naming the line that shows it.
        for market in [Market::UsdM, Market::Spot] {
            let e = import(&BinanceOptions {
                market: Some(market),
                ..options(vec![input.clone()], &dir.join("no"), false)
            })
            .unwrap_err();
            assert_eq!(e.code, BAD_LINE);
            assert!(e.message.contains("a COIN-M futures capture") && e.message.contains("line "), "{}", e.message);
            assert!(e.message.contains(if fields { "`ps` BTCUSD" } else { "symbol BTCUSD_PERP" }), "{}", e.message);
        }
        assert!(files_under(&dir.join("no")).is_empty());
        let forced = import(&BinanceOptions {
            market: Some(Market::CoinM),
            ..options(vec![input], &dir.join(format!("c-{k}")), false)
        })
        .expect("--market coinm");
        assert_eq!(forced.market, Market::CoinM);
    }
    assert!(featc_import::binance::is_coinm_symbol("ETHUSD_240927"));
    assert!(!featc_import::binance::is_coinm_symbol("BTCUSDT_240927"));
    assert!(!featc_import::binance::is_coinm_symbol("BTCUSDT"));
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_gap_in_the_diff_stream_flags_the_first_record_after_it() {
    let dir = scratch("gap");
    let mut lines = head_of("spot_btcusdt_20240808.gz", 400);
    // Drop the 10th diff event after the snapshot (line 8).
    let depth: Vec<usize> = (8..lines.len()).filter(|&i| lines[i].contains("@depth")).collect();
    lines.remove(depth[10]);
    write_lines(&dir.join("gap.txt"), &lines);
    let r = import(&options(vec![dir.join("gap.txt")], &dir.join("out"), false)).expect("import");
    assert_eq!(r.sync.gaps, 1);
    assert!(r.log_counts.contains(&(format!("lost: {}", featc_import::binance::GAP), 1)), "{:?}", r.log_counts);
    let log = LogReader::open(&r.files[0].path).unwrap();
    let flagged: Vec<u64> = (0..log.len()).filter(|&i| log.record(i).flags & flag::GAP != 0).collect();
    assert_eq!(flagged.len(), 1);
    let first = log.record(flagged[0]);
    assert_eq!(first.kind, kind::CLEAR, "the CLEAR that empties the book");
    assert!((0..flagged[0]).all(|i| log.record(i).kind != kind::CLEAR || log.record(i).flags & flag::SNAPSHOT != 0));
    // Without the gap, no record has the flag.
    let whole = head_of("spot_btcusdt_20240808.gz", 400);
    write_lines(&dir.join("whole.txt"), &whole);
    let r = import(&options(vec![dir.join("whole.txt")], &dir.join("whole"), false)).expect("import");
    let log = LogReader::open(&r.files[0].path).unwrap();
    assert!((0..log.len()).all(|i| log.record(i).flags & flag::GAP == 0));
    let _ = fs::remove_dir_all(dir);
}

/// `line` with every `"E":` and `"T":` time (milliseconds) in microseconds, as a capture made
/// with `timeUnit=MICROSECOND` sends them.
fn in_microseconds(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    while let Some(at) = ["\"E\":", "\"T\":"].iter().filter_map(|k| rest.find(k)).min() {
        let digits_from = at + 4;
        let digits = rest[digits_from..].bytes().take_while(u8::is_ascii_digit).count();
        out.push_str(&rest[..digits_from + digits]);
        // 123 ms is 123000 us: the same instant, so the logs must be the same.
        out.push_str("000");
        rest = &rest[digits_from + digits..];
    }
    out.push_str(rest);
    out
}

#[test]
fn a_capture_in_microseconds_gives_the_same_log_and_says_so_in_its_report() {
    let dir = scratch("micros");
    let lines = head(3000);
    let micros: Vec<String> = lines.iter().map(|l| in_microseconds(l)).collect();
    assert_ne!(lines, micros);
    let (ms_in, us_in) = (dir.join("ms.txt"), dir.join("us.txt"));
    write_lines(&ms_in, &lines);
    write_lines(&us_in, &micros);
    let ms = import(&options(vec![ms_in], &dir.join("ms"), false)).expect("milliseconds");
    let us = import(&options(vec![us_in], &dir.join("us"), false)).expect("microseconds");
    assert_eq!(ms.sync.microsecond_times, 0);
    assert!(us.sync.microsecond_times > 0);
    assert!(
        us.log_counts.iter().any(|(k, n)| k.contains(featc_import::binance::MICROSECONDS) && *n > 0),
        "{:?}",
        us.log_counts
    );
    let (a, b) = (LogReader::open(&ms.files[0].path).unwrap(), LogReader::open(&us.files[0].path).unwrap());
    assert_eq!(a.len(), b.len());
    for i in 0..a.len() {
        let (x, y) = (a.record(i), b.record(i));
        assert_eq!(
            (x.exchange_ts, x.ingest_ts, x.kind, x.price, x.size),
            (y.exchange_ts, y.ingest_ts, y.kind, y.price, y.size),
            "record {i}"
        );
    }
    // A year-2024 time in ms is about 1.7e12 and in us 1.7e15. 1.7e18 (us) and 9.3e12 (ms, the
    // year 2264) are past the nanoseconds an i64 holds: refused, never wrapped or saturated.
    let at = micros.iter().position(|l| l.contains("\"T\":")).unwrap();
    let t_digits = |l: &str| {
        let from = l.find("\"T\":").unwrap() + 4;
        from..from + l[from..].bytes().take_while(u8::is_ascii_digit).count()
    };
    let past_2262_ms = {
        let mut l = lines[at].clone();
        l.replace_range(t_digits(&l), "9300000000000");
        l
    };
    for (k, bad_line) in [(0, in_microseconds(&micros[at])), (1, past_2262_ms)] {
        let mut broken = if k == 0 { micros.clone() } else { lines.clone() };
        broken[at] = bad_line;
        let bad_in = dir.join(format!("bad{k}.txt"));
        write_lines(&bad_in, &broken);
        let out = dir.join(format!("bad{k}"));
        let err = import(&options(vec![bad_in], &out, false)).unwrap_err();
        assert_eq!(err.code, BAD_LINE);
        assert!(
            err.message.contains(&format!("line {}", at + 1))
                && err.message.contains("neither milliseconds nor microseconds"),
            "{}",
            err.message
        );
        assert!(files_under(&out).is_empty());
    }
    let _ = fs::remove_dir_all(&dir);
}
