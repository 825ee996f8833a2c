//! The 256-byte header (docs/formats/q.md, "Header"), and the import report section it
//! points to.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

use crate::error::{code, display_name, FeatcError};

pub const MAGIC: &[u8; 8] = b"FEATQLOG";
pub const FORMAT_VERSION: u16 = 1;
pub const HEADER_LEN: usize = 256;
pub const BOOK_L3: u8 = 1;
pub const BOOK_L2: u8 = 2;
pub const FILE_SEALED: u8 = 1;
/// One time-index entry every `INDEX_STRIDE` records.
pub const INDEX_STRIDE: u64 = 4096;
pub const INDEX_ENTRY_LEN: usize = 16;
/// One snapshot-table entry (docs/formats/q.md, "Snapshots").
pub const SNAPSHOT_ENTRY_LEN: usize = 32;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LogHeader {
    pub version: u16,
    pub book_kind: u8,
    pub file_flags: u8,
    pub price_decimals: u8,
    pub size_decimals: u8,
    pub first_ts: i64,
    pub last_ts: i64,
    pub record_count: u64,
    pub index_offset: u64,
    pub index_count: u64,
    /// Byte offset of the snapshot table (0: no snapshots).
    pub snapshot_offset: u64,
    pub snapshot_count: u64,
    /// Byte offset and length of the import report, a UTF-8 JSON object (docs/formats/q.md,
    /// "Import report"); 0 and 0: none.
    pub report_offset: u64,
    pub report_len: u64,
    pub symbol: String,
    pub venue: String,
    pub date: String,
    /// SHA-256 of the record section (bytes 256 .. 256 + 64 * record_count), set by the writer;
    /// all zero in a log written before logs carried it (docs/formats/q.md, "Header").
    pub records_sha256: [u8; 32],
}

fn text_field(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

/// Copies `s` NUL-padded into `out`, cut at a character boundary when too long.
fn put_text(out: &mut [u8], s: &str) {
    let mut n = s.len().min(out.len());
    while !s.is_char_boundary(n) {
        n -= 1;
    }
    out[..n].copy_from_slice(&s.as_bytes()[..n]);
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

impl LogHeader {
    /// The header of the log at `path`, its bytes decoded and nothing checked: for the figures
    /// of a log that a run opens and checks anyway (`LogReader::open`: a progress bar's total,
    /// the hash of a log just replayed), where a full open would check the whole file's layout
    /// again. `None` when the path is not a regular file (a FIFO would block the open, as
    /// `LogReader::open` says), cannot be read, or is shorter than a header.
    pub fn peek(path: &Path) -> Option<LogHeader> {
        if !std::fs::metadata(path).ok()?.is_file() {
            return None;
        }
        let mut b = [0u8; HEADER_LEN];
        File::open(path).and_then(|mut f| f.read_exact(&mut b)).ok()?;
        (&b[0..8] == MAGIC).then(|| LogHeader::decode(&b))
    }

    /// Field values only; the caller has checked that `b` holds `HEADER_LEN` bytes.
    pub fn decode(b: &[u8; HEADER_LEN]) -> LogHeader {
        LogHeader {
            version: u16_at(b, 8),
            book_kind: b[14],
            file_flags: b[15],
            price_decimals: b[16],
            size_decimals: b[17],
            first_ts: u64_at(b, 24) as i64,
            last_ts: u64_at(b, 32) as i64,
            record_count: u64_at(b, 40),
            index_offset: u64_at(b, 48),
            index_count: u64_at(b, 56),
            snapshot_offset: u64_at(b, 144),
            snapshot_count: u64_at(b, 152),
            report_offset: u64_at(b, 160),
            report_len: u64_at(b, 168),
            records_sha256: b[176..208].try_into().expect("32 bytes"),
            symbol: text_field(&b[64..96]),
            venue: text_field(&b[96..128]),
            date: text_field(&b[128..144]),
        }
    }

    pub fn encode(&self) -> [u8; HEADER_LEN] {
        let mut b = [0u8; HEADER_LEN];
        b[0..8].copy_from_slice(MAGIC);
        b[8..10].copy_from_slice(&self.version.to_le_bytes());
        b[10..12].copy_from_slice(&(HEADER_LEN as u16).to_le_bytes());
        b[12..14].copy_from_slice(&(super::RECORD_LEN as u16).to_le_bytes());
        b[14] = self.book_kind;
        b[15] = self.file_flags;
        b[16] = self.price_decimals;
        b[17] = self.size_decimals;
        b[24..32].copy_from_slice(&self.first_ts.to_le_bytes());
        b[32..40].copy_from_slice(&self.last_ts.to_le_bytes());
        b[40..48].copy_from_slice(&self.record_count.to_le_bytes());
        b[48..56].copy_from_slice(&self.index_offset.to_le_bytes());
        b[56..64].copy_from_slice(&self.index_count.to_le_bytes());
        put_text(&mut b[64..96], &self.symbol);
        put_text(&mut b[96..128], &self.venue);
        put_text(&mut b[128..144], &self.date);
        b[144..152].copy_from_slice(&self.snapshot_offset.to_le_bytes());
        b[152..160].copy_from_slice(&self.snapshot_count.to_le_bytes());
        b[160..168].copy_from_slice(&self.report_offset.to_le_bytes());
        b[168..176].copy_from_slice(&self.report_len.to_le_bytes());
        b[176..208].copy_from_slice(&self.records_sha256);
        b
    }

    /// The SHA-256 of the record section as lowercase hex, `None` for a log written before
    /// logs carried it (all zero).
    pub fn records_sha256_hex(&self) -> Option<String> {
        if self.records_sha256 == [0u8; 32] {
            return None;
        }
        Some(self.records_sha256.iter().map(|b| format!("{b:02x}")).collect())
    }

    pub fn is_sealed(&self) -> bool {
        self.file_flags & FILE_SEALED != 0
    }

    /// `10^price_decimals` as the driver's `StepContext::price_scale`.
    pub fn price_scale(&self) -> f64 {
        10f64.powi(self.price_decimals as i32)
    }

    pub fn size_scale(&self) -> f64 {
        10f64.powi(self.size_decimals as i32)
    }
}

/// The import report of the log at `path` whose header is `h` (docs/formats/q.md, "Import
/// report"): its counts by reason in the file's order, or `None` when the header points to
/// none. The section must lie after the records, the time index and the snapshot table, inside
/// the file, and be `{"counts": {<reason>: <whole number>, ...}}` in UTF-8; otherwise
/// `Q_BAD_HEADER` naming byte 160 and the reason.
pub fn read_import_report(path: &Path, h: &LogHeader) -> Result<Option<Vec<(String, u64)>>, FeatcError> {
    let name = display_name(path);
    let bad = |reason: String| FeatcError::new(code::Q_BAD_HEADER, format!("{name}: byte 160: {reason}"));
    if h.report_offset == 0 && h.report_len == 0 {
        return Ok(None);
    }
    let mut file = File::open(path).map_err(|e| FeatcError::io(path, "cannot open", &e))?;
    let file_len = file.metadata().map_err(|e| FeatcError::io(path, "cannot stat", &e))?.len();
    let index_end = (HEADER_LEN as u64)
        .saturating_add((super::RECORD_LEN as u64).saturating_mul(h.record_count))
        .saturating_add((INDEX_ENTRY_LEN as u64).saturating_mul(h.index_count));
    let table_end = match h.snapshot_count {
        0 => 0,
        n => h.snapshot_offset.saturating_add((SNAPSHOT_ENTRY_LEN as u64).saturating_mul(n)),
    };
    let after = index_end.max(table_end);
    let end = h.report_offset.checked_add(h.report_len);
    if h.report_offset < after || h.report_len == 0 || !matches!(end, Some(e) if e <= file_len) {
        return Err(bad(format!(
            "import report of {} bytes at byte {} is not inside the file after the records, index and snapshot table (bytes {after}..{file_len})",
            h.report_len, h.report_offset
        )));
    }
    let mut bytes = vec![0u8; h.report_len as usize];
    file.seek(SeekFrom::Start(h.report_offset)).map_err(|e| FeatcError::io(path, "cannot read", &e))?;
    file.read_exact(&mut bytes).map_err(|e| FeatcError::io(path, "cannot read", &e))?;
    let text =
        String::from_utf8(bytes).map_err(|_| bad(format!("import report at byte {} is not UTF-8", h.report_offset)))?;
    parse_import_report(&text)
        .map(Some)
        .map_err(|reason| bad(format!("import report at byte {}: {reason}", h.report_offset)))
}

/// `{"counts": {<reason>: <whole number>, ...}}` (JSON; other members of the outer object are
/// allowed and skipped when they are strings, numbers, booleans or null) as its counts, in
/// order.
pub fn parse_import_report(text: &str) -> Result<Vec<(String, u64)>, String> {
    let mut p = Json { b: text.as_bytes(), at: 0 };
    let mut counts = None;
    p.expect(b'{')?;
    if !p.eat(b'}') {
        loop {
            let key = p.string()?;
            p.expect(b':')?;
            if key == "counts" {
                counts = Some(p.counts()?);
            } else {
                p.scalar()?;
            }
            if p.eat(b'}') {
                break;
            }
            p.expect(b',')?;
        }
    }
    p.ws();
    if p.at != p.b.len() {
        return Err(format!("text after the object at offset {}", p.at));
    }
    counts.ok_or_else(|| "no \"counts\" object".to_string())
}

struct Json<'a> {
    b: &'a [u8],
    at: usize,
}

impl Json<'_> {
    fn ws(&mut self) {
        while self.at < self.b.len() && matches!(self.b[self.at], b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        self.ws();
        if self.b.get(self.at) == Some(&c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), String> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(format!("expected {:?} at offset {}", c as char, self.at))
        }
    }

    fn counts(&mut self) -> Result<Vec<(String, u64)>, String> {
        let mut out = Vec::new();
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Ok(out);
        }
        loop {
            let key = self.string()?;
            self.expect(b':')?;
            self.ws();
            let start = self.at;
            while self.at < self.b.len() && self.b[self.at].is_ascii_digit() {
                self.at += 1;
            }
            let digits = std::str::from_utf8(&self.b[start..self.at]).unwrap_or("");
            let n = digits.parse::<u64>().map_err(|_| format!("count of {key:?} is not a whole number"))?;
            out.push((key, n));
            if self.eat(b'}') {
                return Ok(out);
            }
            self.expect(b',')?;
        }
    }

    /// A string, number, `true`, `false` or `null`, skipped.
    fn scalar(&mut self) -> Result<(), String> {
        self.ws();
        match self.b.get(self.at) {
            Some(b'"') => self.string().map(|_| ()),
            Some(c) if c.is_ascii_digit() || *c == b'-' || c.is_ascii_alphabetic() => {
                while self.at < self.b.len() && !matches!(self.b[self.at], b',' | b'}' | b' ' | b'\n' | b'\r' | b'\t') {
                    self.at += 1;
                }
                Ok(())
            }
            _ => Err(format!("unexpected value at offset {}", self.at)),
        }
    }

    fn string(&mut self) -> Result<String, String> {
        self.expect(b'"')?;
        let mut out: Vec<u16> = Vec::new();
        let mut text = String::new();
        loop {
            let Some(&c) = self.b.get(self.at) else { return Err("unterminated string".into()) };
            self.at += 1;
            match c {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.b.get(self.at) else { return Err("unterminated string".into()) };
                    self.at += 1;
                    let unit = match e {
                        b'"' => '"' as u16,
                        b'\\' => '\\' as u16,
                        b'/' => '/' as u16,
                        b'b' => 8,
                        b'f' => 12,
                        b'n' => 10,
                        b'r' => 13,
                        b't' => 9,
                        b'u' => {
                            let hex = self.b.get(self.at..self.at + 4).ok_or("short \\u escape")?;
                            self.at += 4;
                            let hex = std::str::from_utf8(hex).map_err(|_| "bad \\u escape")?;
                            u16::from_str_radix(hex, 16).map_err(|_| "bad \\u escape")?
                        }
                        _ => return Err(format!("bad escape at offset {}", self.at - 1)),
                    };
                    out.push(unit);
                }
                c if c < 0x20 => return Err(format!("control character in a string at offset {}", self.at - 1)),
                _ => {
                    // Plain UTF-8 runs are copied as they are; escapes between them as UTF-16.
                    if !out.is_empty() {
                        text.push_str(&String::from_utf16(&out).map_err(|_| "bad \\u escape")?);
                        out.clear();
                    }
                    let start = self.at - 1;
                    while self.at < self.b.len() && !matches!(self.b[self.at], b'"' | b'\\') && self.b[self.at] >= 0x20
                    {
                        self.at += 1;
                    }
                    text.push_str(std::str::from_utf8(&self.b[start..self.at]).map_err(|_| "bad UTF-8")?);
                }
            }
        }
        if !out.is_empty() {
            text.push_str(&String::from_utf16(&out).map_err(|_| "bad \\u escape")?);
        }
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_reports_parse_in_order() {
        let text = "{\"counts\": {\"b \\\"q\\\" \\u00e9\\t\": 3, \"a\": 0, \"é\": 12}, \"v\": 1}";
        assert_eq!(
            parse_import_report(text).unwrap(),
            vec![("b \"q\" é\t".to_string(), 3), ("a".to_string(), 0), ("é".to_string(), 12)]
        );
        assert_eq!(parse_import_report("{\"counts\": {}}").unwrap(), vec![]);
        for bad in [
            "",
            "{}",
            "{\"counts\": {\"a\": -1}}",
            "{\"counts\": {\"a\": 1.5}}",
            "{\"counts\": []}",
            "{\"counts\": {}} x",
        ] {
            assert!(parse_import_report(bad).is_err(), "{bad}");
        }
    }
}
