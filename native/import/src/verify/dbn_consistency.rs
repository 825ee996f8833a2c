//! MBO self-consistency (the CME ESH4 sample has no MBP to compare with): replay MBO files in
//! order through the importer's mapping into `BookL3`, and at every event end (F_LAST) check
//! the book is not crossed and that no record was rejected (a rejected cancel would have
//! driven a size negative); count every cancel, modify and fill that names an order the book
//! does not hold.

use std::collections::HashMap;
use std::path::PathBuf;

use featc_core::book::BookL3;
use featc_core::error::{display_name, FeatcError};
use featc_core::kernel::{BookView, Side};

use super::dbn_mbp10::for_each_record;
use super::VerifyReport;
use crate::counts::Tally;
use crate::dbn::mbo::MboBook;
use crate::dbn::metadata::read_metadata;
use crate::dbn::records::{self, rtype, F_LAST, F_SNAPSHOT};
use crate::input::ByteInput;

fn crossed(book: &BookL3) -> bool {
    book.levels(Side::Bid) > 0
        && book.levels(Side::Ask) > 0
        && book.price_at(Side::Bid, 0) >= book.price_at(Side::Ask, 0)
}

/// The CME ESH4 check (docs/formats/dbn.md, "Verification"), for any MBO files of one feed.
pub fn verify_cme_esh4(inputs: &[PathBuf], lenient: bool) -> Result<VerifyReport, FeatcError> {
    let mut books: HashMap<String, (MboBook, BookL3)> = HashMap::new();
    let (mut skipped, mut adjusted) = (Tally::default(), Tally::default());
    let names: Vec<String> = inputs.iter().map(|p| display_name(p)).collect();
    // No ground truth: the book's consistency only.
    let mut report =
        VerifyReport { sample: names.join(" + "), role: super::CheckRole::Consistency, ..VerifyReport::default() };
    let mut cut = Vec::new();
    let (mut crossed_ends, mut crossed_trading, mut faults) = (0u64, 0u64, 0u64);
    // A crossed book is normal before the session's first trade: in CME's pre-open, orders
    // rest without matching until the opening auction (CME Globex "Pre-Opening" state).
    let mut traded: HashMap<String, bool> = HashMap::new();
    // By action: (records, of which naming an order the book holds).
    let mut hits: [(u64, u64); 3] = [(0, 0); 3];
    let mut out = Vec::new();
    for path in inputs {
        let mut input = ByteInput::open(path)?;
        let ids = read_metadata(&mut input)?.instrument_symbols(&input.name)?;
        drop(input);
        let rest = for_each_record(path, lenient, |b| {
            if b[1] != rtype::MBO || b.len() < records::MBO_LEN {
                return Ok(());
            }
            let m = records::mbo(b);
            report.events += 1;
            let symbol = ids.get(&m.hd.instrument_id).cloned().unwrap_or_else(|| m.hd.instrument_id.to_string());
            let has_traded = traded.entry(symbol.clone()).or_insert(false);
            *has_traded |= m.action == b'T';
            let has_traded = *has_traded;
            let (imp, book) = books.entry(symbol).or_insert_with(|| (MboBook::default(), BookL3::new()));
            let k = match m.action {
                b'C' => Some(0),
                b'M' => Some(1),
                b'F' => Some(2),
                _ => None,
            };
            if let Some(k) = k {
                hits[k].0 += 1;
                hits[k].1 += imp.knows(m.order_id) as u64;
            }
            out.clear();
            let ts = if m.flags & F_SNAPSHOT != 0 { m.ts_recv } else { m.hd.ts_event } as i64;
            imp.apply(&m, ts, &mut out, &mut skipped, &mut adjusted);
            let mut ok = true;
            for r in &out {
                if book.apply(r).is_err() {
                    faults += 1;
                    ok = false;
                }
            }
            if m.flags & F_LAST != 0 {
                report.rows_compared += 1;
                let x = crossed(book);
                crossed_ends += x as u64;
                crossed_trading += (x && has_traded) as u64;
                report.rows_equal += (!x && ok) as u64;
            }
            Ok(())
        })?;
        cut.extend(rest);
    }
    report.notes.push(format!(
        "{} event ends checked: {crossed_ends} with a crossed book ({crossed_trading} of them after the first trade, {} in the pre-open), {faults} records rejected by the book (size would go negative or order unknown)",
        report.rows_compared,
        crossed_ends - crossed_trading
    ));
    for (k, name) in ["cancel", "modify", "fill"].iter().enumerate() {
        report.notes.push(format!("{name}: {} of {} name a resting order", hits[k].1, hits[k].0));
    }
    for (reason, n) in skipped.entries().iter().chain(adjusted.entries()) {
        report.notes.push(format!("{n}: {reason}"));
    }
    report.notes.extend(cut);
    Ok(report)
}
