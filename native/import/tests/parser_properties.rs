//! Property tests of every importer's parser (docs/reliability.md, "Fuzzing the readers and
//! importers"): Binance lines and the book sync they drive, Tardis rows through the converter,
//! ITCH messages, DBN metadata and records, on arbitrary input and on mutations of the real
//! samples' lines and records. None may panic; an importer run over a mutated file either
//! succeeds or fails with a coded error naming the file and a byte offset. The case counts are
//! bounded so `npm run test:native` stays fast; the long campaigns are `npm run fuzz`.

mod common;

use std::io::Read;
use std::path::PathBuf;
use std::sync::OnceLock;

use common::*;
use featc_core::error::FeatcError;
use featc_core::log::{Record, DEFAULT_SNAPSHOT_EVERY_NS};
use featc_import::binance::decimal::{check_value, parse_fixed};
use featc_import::binance::message::parse_line;
use featc_import::binance::replay::{PacketSink, Replay};
use featc_import::binance::Market;
use featc_import::dbn::{self, records, DbnOptions};
use featc_import::itch::messages::{decode, message_len};
use featc_import::tardis::convert::Converter;
use featc_import::tardis::csv::{fields, micros_to_ns, Columns};
use featc_import::tardis::TardisKind;
use proptest::prelude::*;

/// `n` cases, or `FEATC_PROPTEST_CASES` of each property when set: the bounded count keeps
/// `npm run test:native` fast, a long run sets more (docs/reliability.md).
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("FEATC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(n);
    ProptestConfig { cases: n, failure_persistence: None, ..ProptestConfig::default() }
}

/// A sink that keeps nothing: the parsers and the book sync run, no file is written.
struct Discard;

impl PacketSink for Discard {
    fn packet(&mut self, _records: &mut [Record]) -> Result<(), FeatcError> {
        Ok(())
    }
}

fn gunzip(rel: &str) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(std::fs::File::open(data(rel)).expect("sample")).read_to_end(&mut out).unwrap();
    out
}

fn text_lines(bytes: &[u8], n: usize) -> Vec<String> {
    String::from_utf8_lossy(bytes).lines().take(n).map(str::to_string).collect()
}

fn binance_lines() -> &'static [String] {
    static LINES: OnceLock<Vec<String>> = OnceLock::new();
    LINES.get_or_init(|| text_lines(&gunzip("binance/spot_btcusdt_20240808.gz"), 300))
}

fn tardis_lines(file: &str) -> Vec<String> {
    text_lines(&std::fs::read(data(&format!("tardis/{file}"))).unwrap(), 200)
}

/// A line changed at a few places: characters replaced, inserted or removed.
fn mutated(line: &str, edits: &[(usize, char, u8)]) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    for &(at, c, op) in edits {
        let at = at % (chars.len() + 1);
        match op % 3 {
            0 if at < chars.len() => chars[at] = c,
            1 => chars.insert(at, c),
            _ if at < chars.len() => {
                chars.remove(at);
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::sample::select(vec!['0', '9', '-', '.', ',', '"', ':', '{', '}', '[', ']', 'e', ' ', '\u{0}']),
        any::<char>()
    ]
}

fn edits() -> impl Strategy<Value = Vec<(usize, char, u8)>> {
    proptest::collection::vec((any::<usize>(), edit_char(), any::<u8>()), 1..6)
}

/// The first `n` messages of the ITCH sample, each without its 2-byte prefix.
fn itch_messages() -> &'static [Vec<u8>] {
    static MESSAGES: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    MESSAGES.get_or_init(|| {
        let b = gunzip("itch/ex20101224.TEST_ITCH_50.gz");
        let mut out = Vec::new();
        let mut p = 0;
        while p + 3 <= b.len() && out.len() < 2000 {
            let Some(len) = message_len(b[p + 2]) else { break };
            out.push(b[p + 2..p + 2 + len].to_vec());
            p += 2 + len;
        }
        out
    })
}

/// A small DBN file decoded: the first 300 records of the CME ESU4 MBP-1 sample.
fn dbn_sample() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let file =
            std::fs::File::open(data("databento/cme-esu4/futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn.zst"))
                .expect("sample");
        let mut b = zstd::stream::decode_all(file).expect("zstd");
        let meta = u32::from_le_bytes([b[4], b[5], b[6], b[7]]) as usize;
        let (mut p, mut n) = (8 + meta, 0);
        while p < b.len() && b[p] > 0 && n < 300 {
            p += 4 * b[p] as usize;
            n += 1;
        }
        b.truncate(p);
        b
    })
}

fn case_dir() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| scratch("parser-properties"))
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn a_binance_line_of_any_text_parses_or_says_why(text in "\\PC{0,120}") {
        let _ = parse_line(&text);
        let _ = check_value(&text);
        let _ = parse_fixed(&text, 8);
    }

    #[test]
    fn mutated_binance_lines_parse_and_sync_without_a_panic(
        picks in proptest::collection::vec((0usize..300, edits()), 1..40),
    ) {
        let lines = binance_lines();
        let mut replay = Replay::new(Discard, Market::Spot, 2, 8);
        // The snapshot line first, so diff events meet a synced book.
        if let Some(snapshot) = lines.iter().find(|l| l.contains("lastUpdateId")) {
            if let Ok(l) = parse_line(snapshot) {
                let _ = replay.line(l.local_ns, l.message);
            }
        }
        for (k, e) in &picks {
            if let Ok(l) = parse_line(&mutated(&lines[*k], e)) {
                let _ = replay.line(l.local_ns, l.message);
            }
        }
        replay.finish();
    }

    #[test]
    fn mutated_tardis_rows_convert_without_a_panic(
        file in proptest::sample::select(vec![
            "tardis_quotes.csv",
            "tardis_trades.csv",
            "binance-futures_book_snapshot_5_BTCUSDT.csv",
            "deribit_incremental_book_L2_BTC-PERPETUAL.csv",
        ]),
        picks in proptest::collection::vec((0usize..200, edits()), 1..30),
    ) {
        let lines = tardis_lines(file);
        let columns = Columns::parse(&lines[0]);
        let kind = TardisKind::of_columns(&columns).expect("a Tardis header");
        let mut conv = Converter::new(Discard, 3, 6);
        let source = conv.add_source(kind, &columns).expect("the sample's columns");
        for (n, (k, e)) in picks.iter().enumerate() {
            let line = mutated(&lines[1 + k % (lines.len() - 1)], e);
            let _ = micros_to_ns(&line, "timestamp");
            let mut row = Vec::new();
            if fields(&line, &columns, &mut row).is_ok() {
                let _ = conv.row(source, &row, n as u64 + 2);
            }
        }
        let _ = conv.finish();
    }

    #[test]
    fn an_itch_message_of_any_bytes_decodes_or_says_why(
        t in proptest::sample::select(b"SRHYLVWKJhAFECXDUPQBINO".to_vec()),
        body in proptest::collection::vec(any::<u8>(), 64),
    ) {
        let len = message_len(t).expect("an ITCH 5.0 type");
        let mut m = body[..len].to_vec();
        m[0] = t;
        let _ = decode(&m);
    }

    #[test]
    fn a_mutated_itch_message_decodes_or_says_why(
        k in 0usize..2000,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6),
    ) {
        let messages = itch_messages();
        let mut m = messages[k % messages.len()].clone();
        for (at, b) in flips {
            // The type byte stays: decode's caller checked the length against it.
            let at = 1 + at % (m.len() - 1);
            m[at] = b;
        }
        let _ = decode(&m);
    }

    #[test]
    fn a_dbn_record_of_any_bytes_decodes(bytes in proptest::collection::vec(any::<u8>(), 368)) {
        for (rtype, len) in [(records::rtype::MBO, 56), (records::rtype::MBP_1, 80), (records::rtype::MBP_10, 368)] {
            let _ = (records::min_len(rtype), records::header(&bytes[..len]));
        }
        let _ = records::mbo(&bytes[..56]);
        let _ = records::mbp(&bytes[..80], 1);
        let _ = records::mbp(&bytes, 10);
    }
}

proptest! {
    #![proptest_config(cases(192))]

    #[test]
    fn a_mutated_dbn_file_imports_or_fails_naming_its_byte(
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..6),
        cut in proptest::option::of(any::<usize>()),
        lenient in any::<bool>(),
    ) {
        let mut b = dbn_sample().to_vec();
        for (at, v) in flips {
            let len = b.len();
            b[at % len] = v;
        }
        if let Some(cut) = cut {
            b.truncate(cut % (b.len() + 1));
        }
        let input = case_dir().join("case.dbn");
        let out = case_dir().join("out");
        let _ = std::fs::remove_dir_all(&out);
        std::fs::write(&input, &b).unwrap();
        let opts = DbnOptions {
            inputs: vec![input],
            out_dir: out.clone(),
            symbol: None,
            lenient,
            snapshot_every_ns: DEFAULT_SNAPSHOT_EVERY_NS,
            force: false,
        };
        match dbn::import(&opts) {
            Ok(r) => {
                let mut reported: Vec<PathBuf> = r.files.into_iter().map(|f| f.path).collect();
                reported.sort();
                prop_assert_eq!(files_under(&out), reported);
            }
            Err(e) => {
                prop_assert!(e.message.starts_with("case.dbn: byte offset "), "{} {}", e.code, e.message);
                prop_assert!(files_under(&out).is_empty());
            }
        }
    }
}
