//! ITCH message counts against the figures published with the RITCH sample
//! (`ex20101224.TEST_ITCH_50`, /work/shared/data/INDEX.md): the framing check, since the
//! sample's stocks are made up and there is no book to compare with.

use std::path::Path;

use featc_core::error::{display_name, FeatcError};

use super::VerifyReport;
use crate::counts::Tally;
use crate::input::{code, ByteInput};
use crate::itch::messages::message_len;

/// The sample's published counts by message type.
pub const RITCH_SAMPLE_COUNTS: [(&str, u64); 10] =
    [("S", 6), ("R", 3), ("H", 3), ("A", 4997), ("F", 3), ("E", 198), ("X", 45), ("D", 1745), ("U", 12), ("P", 5000)];

/// Counts the file's messages by type (framing only, both prefix layouts).
pub fn count_messages(path: &Path) -> Result<Tally, FeatcError> {
    count_messages_lenient(path, false).map(|(c, _)| c)
}

/// `count_messages`; `lenient`: a message that cannot be framed or a truncated tail ends the
/// count (the note says where) instead of failing.
pub fn count_messages_lenient(path: &Path, lenient: bool) -> Result<(Tally, Option<String>), FeatcError> {
    let mut counts = Tally::default();
    match frame(path, &mut counts) {
        Ok(()) => Ok((counts, None)),
        Err(e) if lenient => Ok((counts, Some(format!("rest of the input unreadable: {}", e.message)))),
        Err(e) => Err(e),
    }
}

fn frame(path: &Path, counts: &mut Tally) -> Result<(), FeatcError> {
    let mut input = ByteInput::open(path)?;
    let mut prefix = [0u8; 2];
    let mut body = vec![0u8; 1 << 16];
    loop {
        let at = input.offset;
        if !input.read_exact_or_end(&mut prefix, "a message length prefix")? {
            return Ok(());
        }
        let len = u16::from_be_bytes(prefix) as usize;
        let mut t = [0u8; 1];
        input.read_exact(&mut t, "a message type")?;
        let n = if len == 0 {
            message_len(t[0]).ok_or_else(|| {
                FeatcError::new(
                    code::ITCH_BAD,
                    format!("{}: byte offset {at}: message type byte 0x{:02x} is not ITCH 5.0", input.name, t[0]),
                )
            })?
        } else {
            len
        };
        input.read_exact(&mut body[..n - 1], "a message")?;
        counts.bump(&(t[0] as char).to_string());
    }
}

pub fn verify_itch_counts(path: &Path, lenient: bool) -> Result<VerifyReport, FeatcError> {
    let (counts, cut) = count_messages_lenient(path, lenient)?;
    let mut report = VerifyReport { sample: display_name(path), events: counts.total(), ..VerifyReport::default() };
    for (t, want) in RITCH_SAMPLE_COUNTS {
        let got = counts.get(t);
        report.rows_compared += 1;
        report.rows_equal += (got == want) as u64;
        if got != want {
            report.notes.push(format!("type {t}: {got} messages, the sample's figure is {want}"));
        }
    }
    for (t, n) in counts.entries() {
        if !RITCH_SAMPLE_COUNTS.iter().any(|(k, _)| k == t) {
            report.notes.push(format!("type {t}: {n} messages not in the sample's figures"));
        }
    }
    report.notes.extend(cut);
    Ok(report)
}
