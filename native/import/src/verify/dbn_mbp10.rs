//! MBO against MBP-10 (Databento publishes both from the same feed): replay the MBO through
//! the importer's mapping into featc-core's `BookL3`, and wherever an MBO event ends (F_LAST)
//! with the ts_recv and sequence of an MBP-10 record, compare all ten levels a side: price,
//! size and order count.

use std::collections::HashMap;
use std::path::Path;

use featc_core::book::BookL3;
use featc_core::error::{display_name, FeatcError};
use featc_core::kernel::{BookView, Side};

use super::VerifyReport;
use crate::counts::Tally;
use crate::dbn::mbo::MboBook;
use crate::dbn::metadata::read_metadata;
use crate::dbn::records::{self, rtype, BidAsk, RecordStream, F_LAST, UNDEF_PRICE};
use crate::input::ByteInput;

/// The records of a DBN file, as bytes. `lenient`: a stream that cannot be read on (a record
/// header shorter than 16 bytes, a truncated tail, a corrupt zstd stream) ends the file, and
/// the note saying so is returned, instead of the error.
pub(crate) fn for_each_record(
    path: &Path,
    lenient: bool,
    mut f: impl FnMut(&[u8]) -> Result<(), FeatcError>,
) -> Result<Option<String>, FeatcError> {
    let mut input = ByteInput::open(path)?;
    read_metadata(&mut input)?;
    let mut stream = RecordStream::new(input);
    loop {
        match stream.next_record() {
            Ok(Some(b)) => f(b)?,
            Ok(None) => return Ok(None),
            Err(e) if lenient => return Ok(Some(format!("rest of {} unreadable: {}", display_name(path), e.message))),
            Err(e) => return Err(e),
        }
    }
}

fn level(book: &BookL3, s: Side, i: usize) -> (i64, i64, i64) {
    if i < book.levels(s) {
        (book.price_at(s, i), book.size_at(s, i), book.count_at(s, i))
    } else {
        (UNDEF_PRICE, 0, 0)
    }
}

fn equal(book: &BookL3, want: &[BidAsk]) -> bool {
    want.iter().enumerate().all(|(i, l)| {
        let empty = |p: i64, z: u32, c: u32| if z == 0 { (UNDEF_PRICE, 0, 0) } else { (p, z as i64, c as i64) };
        level(book, Side::Bid, i) == empty(l.bid_px, l.bid_sz, l.bid_ct)
            && level(book, Side::Ask, i) == empty(l.ask_px, l.ask_sz, l.ask_ct)
    })
}

pub fn verify_dbn_mbo_vs_mbp10(mbo: &Path, mbp10: &Path, lenient: bool) -> Result<VerifyReport, FeatcError> {
    let mut truth: HashMap<(u32, u64, u32), Vec<BidAsk>> = HashMap::new();
    let cut_truth = for_each_record(mbp10, lenient, |b| {
        if b[1] == rtype::MBP_10 && b.len() >= records::MBP10_LEN {
            let m = records::mbp(b, 10);
            truth.insert((m.hd.instrument_id, m.ts_recv, m.sequence), m.levels);
        }
        Ok(())
    })?;
    let mut books: HashMap<u32, (MboBook, BookL3)> = HashMap::new();
    let (mut skipped, mut adjusted) = (Tally::default(), Tally::default());
    let mut report =
        VerifyReport { sample: format!("{} vs {}", display_name(mbo), display_name(mbp10)), ..VerifyReport::default() };
    let mut faults = 0u64;
    let mut out = Vec::new();
    let cut_mbo = for_each_record(mbo, lenient, |b| {
        if b[1] != rtype::MBO || b.len() < records::MBO_LEN {
            return Ok(());
        }
        let m = records::mbo(b);
        report.events += 1;
        let (imp, book) = books.entry(m.hd.instrument_id).or_insert_with(|| (MboBook::default(), BookL3::new()));
        out.clear();
        imp.apply(&m, m.hd.ts_event as i64, &mut out, &mut skipped, &mut adjusted);
        for r in &out {
            faults += book.apply(r).is_err() as u64;
        }
        if m.flags & F_LAST != 0 {
            if let Some(want) = truth.get(&(m.hd.instrument_id, m.ts_recv, m.sequence)) {
                report.rows_compared += 1;
                report.rows_equal += equal(book, want) as u64;
            }
        }
        Ok(())
    })?;
    report.notes.push(format!("{} MBP-10 records, {} matched an MBO event end", truth.len(), report.rows_compared));
    report.notes.extend(cut_truth.into_iter().chain(cut_mbo));
    if faults > 0 {
        report.notes.push(format!("{faults} records the book rejected"));
    }
    for (reason, n) in skipped.entries() {
        report.notes.push(format!("not applied {n}: {reason}"));
    }
    Ok(report)
}
