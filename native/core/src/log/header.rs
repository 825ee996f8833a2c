//! The 256-byte header (docs/formats/q.md, "Header").

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
    pub symbol: String,
    pub venue: String,
    pub date: String,
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
        b
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
