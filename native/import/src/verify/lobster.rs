//! LOBSTER reconstruction against LOBSTER's own orderbook file: after every message, the
//! book replayed from the imported log must equal the orderbook row of that message at all
//! N levels (prices and sizes). Three figures per sample (docs/formats/lobster.md):
//! - seeded and reconciled: the import as `featc import lobster --orderbook` writes it;
//! - per message: the same log, compared after the message's own records and before the
//!   importer's corrections for it, i.e. what the messages alone explain;
//! - messages only: an import without the orderbook file (no opening seed, no corrections).

use std::path::{Path, PathBuf};

use featc_core::book::BookL3;
use featc_core::error::{display_name, FeatcError};
use featc_core::import::lobster::{import, lobster_row, LobsterOptions};
use featc_core::import::text::Lines;
use featc_core::log::{flag, LogReader};

use super::{CheckRole, VerifyReport};

fn parse_row(file: &str, line: u64, text: &str, out: &mut Vec<i64>) -> Result<(), FeatcError> {
    out.clear();
    for v in text.split(',') {
        let x = v.trim().parse::<i64>().map_err(|_| {
            FeatcError::new(
                featc_core::error::code::LOBSTER_BAD_LINE,
                format!("{file}:{line}: {v:?} is not an integer"),
            )
        })?;
        out.push(x);
    }
    if out.is_empty() || out.len() % 4 != 0 {
        return Err(FeatcError::new(
            featc_core::error::code::LOBSTER_BAD_LINE,
            format!("{file}:{line}: {} columns, expected 4 per level", out.len()),
        ));
    }
    Ok(())
}

struct Agreement {
    rows: u64,
    equal: u64,
    equal_before_corrections: u64,
    levels: usize,
    /// Malformed orderbook rows skipped under lenient.
    bad_rows: u64,
}

/// Replays `log` and compares with `orderbook` row by row (row k is the book after message k);
/// `lenient`: a malformed orderbook row is skipped (not compared) instead of failing.
fn compare(log_path: &Path, orderbook: &Path, lenient: bool) -> Result<Agreement, FeatcError> {
    let log = LogReader::open(log_path)?;
    let mut rows = Lines::open(orderbook)?;
    let mut book = BookL3::new();
    let (mut want, mut got) = (Vec::new(), Vec::new());
    let mut next = 0u64;
    let mut a = Agreement { rows: 0, equal: 0, equal_before_corrections: 0, levels: 0, bad_rows: 0 };
    let name = display_name(orderbook);
    while let Some((line, text)) = rows.next_line()? {
        let parsed = match text {
            Ok(text) => parse_row(&name, line, text, &mut want),
            Err(reason) => {
                Err(FeatcError::new(featc_core::error::code::LOBSTER_BAD_LINE, format!("{name}:{line}: {reason}")))
            }
        };
        match parsed {
            Ok(()) => {}
            Err(_) if lenient => {
                a.bad_rows += 1;
                continue;
            }
            Err(e) => return Err(e),
        }
        a.levels = want.len() / 4;
        // The message's own records (the opening seed before message 1 included) ...
        while next < log.len() {
            let r = log.record(next);
            if r.seq > line || (r.seq == line && r.flags & flag::SNAPSHOT != 0) {
                break;
            }
            book.apply(&r).map_err(|f| FeatcError::new(f.code(), f.describe(&format!("record {next}"))))?;
            next += 1;
        }
        lobster_row(&book, a.levels, &mut got);
        a.equal_before_corrections += (got == want) as u64;
        // ... then the importer's corrections for it.
        while next < log.len() && log.record(next).seq == line {
            let r = log.record(next);
            book.apply(&r).map_err(|f| FeatcError::new(f.code(), f.describe(&format!("record {next}"))))?;
            next += 1;
        }
        lobster_row(&book, a.levels, &mut got);
        a.equal += (got == want) as u64;
        a.rows += 1;
    }
    Ok(a)
}

fn symbol_of(message: &Path) -> String {
    display_name(message).split('_').next().unwrap_or("LOBSTER").to_string()
}

/// A scratch folder no other check of this process or another uses (checks may run at once).
fn scratch(tag: &str) -> PathBuf {
    static SERIAL: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = SERIAL.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::env::temp_dir().join(format!("featc-verify-lobster-{}-{n}-{tag}", std::process::id()))
}

/// Checks one LOBSTER message/orderbook pair; the three figures as three reports (the first
/// against the orderbook file as exact ground truth, the other two explaining it). `lenient`:
/// the import skips malformed message lines, the comparison malformed orderbook rows.
pub fn verify_lobster(message: &Path, orderbook: &Path, lenient: bool) -> Result<Vec<VerifyReport>, FeatcError> {
    let symbol = symbol_of(message);
    let sample = display_name(message);
    let mut reports = Vec::new();
    for (tag, with_orderbook) in [("seeded", true), ("messages-only", false)] {
        let dir = scratch(tag);
        let summary = import(&LobsterOptions {
            message: message.to_path_buf(),
            orderbook: with_orderbook.then(|| orderbook.to_path_buf()),
            symbol: symbol.clone(),
            date: None,
            out_dir: dir.clone(),
            lenient,
            // The comparison reads the records only.
            snapshot_every_ns: 0,
            // The check's own scratch folder.
            force: true,
            // The comparison is by message (record seq), whatever the packets.
            packet_per_message: false,
        });
        let result = summary.and_then(|s| compare(&s.path, orderbook, lenient).map(|a| (s, a)));
        let _ = std::fs::remove_dir_all(&dir);
        let (summary, a) = result?;
        let mut skipped: Vec<String> = summary.skipped_by_reason.iter().map(|(r, n)| format!("{n} {r}")).collect();
        if a.bad_rows > 0 {
            skipped.push(format!("{} malformed orderbook rows not compared", a.bad_rows));
        }
        let report = |what: &str, rows_equal: u64, note: String, role: CheckRole| VerifyReport {
            sample: format!("{sample}: {what}, {} levels", a.levels),
            events: summary.records,
            rows_compared: a.rows,
            rows_equal,
            notes: vec![note],
            role,
        };
        if with_orderbook {
            let skipped = if skipped.is_empty() { "nothing skipped".to_string() } else { skipped.join(", ") };
            reports.push(report(
                "seeded from the orderbook file and reconciled",
                a.equal,
                format!(
                    "{} seed orders, {} level corrections ({} inside the window); {skipped}",
                    summary.seeded_levels, summary.reconciled_levels, summary.reconciled_inside,
                ),
                CheckRole::Exact,
            ));
            reports.push(report(
                "each message's own records, before its corrections",
                a.equal_before_corrections,
                "what the messages explain, given the reconciled book before each one".to_string(),
                CheckRole::Detail,
            ));
        } else {
            reports.push(report(
                "messages only (no orderbook seed or corrections)",
                a.equal,
                format!(
                    "orders resting before 09:30 and levels entering the {}-level window without a message are unknown; {}",
                    a.levels,
                    skipped.join(", ")
                ),
                CheckRole::Detail,
            ));
        }
    }
    Ok(reports)
}
