//! Property tests of featc-core's readers of outside bytes (docs/reliability.md, "Fuzzing the
//! readers and importers"): the `.q` reader on any bytes and on any mutation of a valid log,
//! and the LOBSTER importer's line parsers on any text and on mutated real lines. None may
//! panic; every refusal of a log is a coded error that names a byte offset. The case counts are
//! bounded so `npm run test:native` stays fast; the long campaigns are `npm run fuzz`.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::*;
use featc_core::error::code;
use featc_core::import::lobster::{parse_book_row, parse_message};
use featc_core::log::{kind, read_import_report, side, LogReader, LogWriter, HEADER_LEN, RECORD_LEN};
use proptest::prelude::*;

/// `n` cases, or `FEATC_PROPTEST_CASES` of each property when set: the bounded count keeps
/// `npm run test:native` fast, a long run sets more (docs/reliability.md).
fn cases(n: u32) -> ProptestConfig {
    let n = std::env::var("FEATC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(n);
    ProptestConfig { cases: n, failure_persistence: None, ..ProptestConfig::default() }
}

/// The codes a refusal of a log may carry (docs/formats/q.md, "Validity and errors").
const LOG_CODES: &[&str] = &[
    code::Q_TRUNCATED_HEADER,
    code::Q_BAD_MAGIC,
    code::Q_BAD_VERSION,
    code::Q_BAD_HEADER,
    code::Q_NOT_SEALED,
    code::Q_TRUNCATED,
    code::Q_BAD_RECORD,
    code::Q_TIME_ORDER,
    code::Q_BAD_SNAPSHOT,
];

/// A valid L3 log of 5,000 records (a time index of 2 entries), snapshots every 2 ms of its
/// 50 ms and an import report: every section a damaged copy can hit.
fn valid_log() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let path = temp_dir("reader-properties-base").join("base.q");
        let mut m = meta();
        m.snapshot_every_ns = 2_000_000;
        let mut w = LogWriter::create(&path, &m).expect("create");
        for i in 0..5_000u64 {
            let ts = 1_000_000_000 + i as i64 * 10_000;
            let r = if i % 3 == 2 {
                rec(ts, kind::DELETE, i - 2, side::BID, 0, 0)
            } else {
                let s = if i % 2 == 0 { side::BID } else { side::ASK };
                add(
                    ts,
                    i,
                    s,
                    if s == side::BID { 10_000 - (i % 50) as i64 } else { 10_100 + (i % 50) as i64 },
                    1 + (i % 7) as i64,
                )
            };
            w.push(&r).expect("push");
        }
        w.set_import_report(&[("skipped: malformed line".to_string(), 3)]);
        w.finish().expect("finish");
        std::fs::read(&path).expect("read back")
    })
}

/// Opens `bytes` as a log and reads everything a replay reads; a refusal must be coded and
/// name a byte offset.
fn open_and_read(path: &Path, bytes: &[u8]) -> Result<(), TestCaseError> {
    std::fs::write(path, bytes).expect("write case");
    match LogReader::open(path) {
        Err(e) => {
            prop_assert!(LOG_CODES.contains(&e.code), "code {} for {}", e.code, e.message);
            prop_assert!(
                e.message.contains(": byte ") || e.message.contains("(byte "),
                "no byte offset: {}",
                e.message
            );
        }
        Ok(log) => {
            let mut sum = 0i64;
            for i in 0..log.len() {
                sum = sum.wrapping_add(log.record(i).exchange_ts);
            }
            for e in log.snapshots() {
                for j in 0..e.body_count {
                    sum = sum.wrapping_add(log.snapshot_record(e, j).price);
                }
            }
            for k in 0..log.header().index_count {
                sum = sum.wrapping_add(log.index_entry(k).0);
            }
            for ts in [i64::MIN, 0, sum, i64::MAX] {
                prop_assert!(log.seek_time(ts) <= log.len());
            }
            // The report's text is checked when it is read: coded too, never a panic.
            if let Err(e) = read_import_report(path, log.header()) {
                prop_assert!(!e.code.is_empty(), "{}", e.message);
            }
        }
    }
    Ok(())
}

fn case_path(tag: &str) -> PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| temp_dir("reader-properties")).join(format!("{tag}.q"))
}

/// One damage to a valid log: a byte set, a bit flipped, a u64 field set to an extreme, a cut
/// or bytes appended.
#[derive(Clone, Debug)]
enum Mutation {
    Byte(usize, u8),
    Bit(usize, u8),
    Word(usize, u64),
    Cut(usize),
    Append(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let extreme = prop_oneof![
        Just(0u64),
        Just(u64::MAX),
        Just(i64::MAX as u64),
        Just(i64::MIN as u64),
        Just(1u64 << 53),
        Just(1),
        any::<u64>()
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, b)| Mutation::Byte(at, b)),
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Bit(at, bit)),
        // Mostly the header's fields, else any aligned word of a record or section.
        (prop_oneof![0usize..32, any::<usize>()], extreme).prop_map(|(w, v)| Mutation::Word(w * 8, v)),
        any::<usize>().prop_map(Mutation::Cut),
        proptest::collection::vec(any::<u8>(), 1..80).prop_map(Mutation::Append),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    let len = bytes.len();
    match m {
        Mutation::Byte(at, b) => bytes[at % len] = *b,
        Mutation::Bit(at, bit) => bytes[at % len] ^= 1 << bit,
        Mutation::Word(at, v) => {
            let at = at % (len - 8) / 8 * 8;
            bytes[at..at + 8].copy_from_slice(&v.to_le_bytes());
        }
        Mutation::Cut(at) => bytes.truncate(at % len),
        Mutation::Append(tail) => bytes.extend_from_slice(tail),
    }
}

proptest! {
    #![proptest_config(cases(512))]

    #[test]
    fn any_bytes_open_without_a_panic_and_a_refusal_names_its_byte(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        open_and_read(&case_path("any"), &bytes)?;
    }

    #[test]
    fn any_bytes_after_a_valid_header_open_without_a_panic(body in proptest::collection::vec(any::<u8>(), 0..2048), records in 0u64..40) {
        // A sound header over random sections: the checks past the header get exercised.
        let mut bytes = valid_log()[..HEADER_LEN].to_vec();
        bytes[40..48].copy_from_slice(&records.to_le_bytes());
        bytes.extend_from_slice(&body);
        open_and_read(&case_path("header"), &bytes)?;
    }

    #[test]
    fn any_mutation_of_a_valid_log_opens_without_a_panic(mutations in proptest::collection::vec(mutation(), 1..5)) {
        let mut bytes = valid_log().to_vec();
        for m in &mutations {
            if bytes.len() <= HEADER_LEN + RECORD_LEN {
                break;
            }
            apply(&mut bytes, m);
        }
        open_and_read(&case_path("mutated"), &bytes)?;
    }
}

/// The first `n` lines of the bundled LOBSTER GOOG sample file `name` (examples/data/lobster).
fn goog_lines(name: &str, n: usize) -> &'static [String] {
    static MESSAGE: OnceLock<Vec<String>> = OnceLock::new();
    static ORDERBOOK: OnceLock<Vec<String>> = OnceLock::new();
    let cell = if name == "message" { &MESSAGE } else { &ORDERBOOK };
    cell.get_or_init(|| {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join(format!("../../examples/data/lobster/GOOG_2012-06-21_34200000_57600000_{name}_10.csv.gz"));
        let mut text = String::new();
        flate2::read::GzDecoder::new(std::fs::File::open(path).expect("sample"))
            .read_to_string(&mut text)
            .expect("gzip");
        text.lines().take(n).map(str::to_string).collect()
    })
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

/// Characters a damaged number is likely made of, and any other.
fn edit_char() -> impl Strategy<Value = char> {
    prop_oneof![
        proptest::sample::select(vec!['0', '9', '-', '+', '.', ',', 'e', ' ', '\t', '\u{0}', '\u{fffd}', 'x']),
        any::<char>()
    ]
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn a_lobster_message_line_of_any_text_parses_or_says_why(text in "\\PC{0,80}") {
        let _ = parse_message(&text);
        let _ = parse_book_row(&text);
    }

    #[test]
    fn a_mutated_lobster_message_line_parses_or_says_why(
        k in 0usize..300,
        edits in proptest::collection::vec((any::<usize>(), edit_char(), any::<u8>()), 1..6),
    ) {
        let line = mutated(&goog_lines("message", 300)[k], &edits);
        if let Ok(m) = parse_message(&line) {
            prop_assert!(m.ns >= 0);
        }
    }

    #[test]
    fn a_mutated_lobster_orderbook_row_parses_or_says_why(
        k in 0usize..100,
        edits in proptest::collection::vec((any::<usize>(), edit_char(), any::<u8>()), 1..6),
    ) {
        let line = mutated(&goog_lines("orderbook", 100)[k], &edits);
        let _ = parse_book_row(&line);
    }
}
