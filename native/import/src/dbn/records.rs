//! DBN records (databento/dbn, rust/dbn/src/record.rs): a 16-byte header (length in 4-byte
//! words, rtype, publisher id, instrument id, ts_event), then the schema's fields at fixed
//! offsets, identical in DBN v1, v2 and v3 for the schemas read here.

use featc_core::error::FeatcError;

use crate::input::{code, ByteInput};

pub mod rtype {
    pub const MBP_0: u8 = 0x00; // trades
    pub const MBP_1: u8 = 0x01; // mbp-1 and tbbo
    pub const MBP_10: u8 = 0x0A;
    pub const MBO: u8 = 0xA0;
}

/// `c_char` side and action codes, and the flag bits (record.rs, `enums.rs`, `flags.rs`).
pub const F_LAST: u8 = 0x80;
pub const F_SNAPSHOT: u8 = 0x20;
/// `ts_recv` is inaccurate (clock issues or packet reordering): flags.rs `BAD_TS_RECV`.
pub const F_BAD_TS_RECV: u8 = 0x08;
/// "An unrecoverable gap was detected in the channel": flags.rs `MAYBE_BAD_BOOK`.
pub const F_MAYBE_BAD_BOOK: u8 = 0x04;

/// The q flags (docs/formats/q.md, "Flags") of a record with DBN `flags`: `SNAPSHOT`,
/// `BAD_BOOK` and `BAD_TS`; `LAST` is the packet's, set when it is written.
pub fn q_flags(flags: u8) -> u8 {
    use featc_core::log::flag;
    let mut q = 0;
    if flags & F_SNAPSHOT != 0 {
        q |= flag::SNAPSHOT;
    }
    if flags & F_MAYBE_BAD_BOOK != 0 {
        q |= flag::BAD_BOOK;
    }
    if flags & F_BAD_TS_RECV != 0 {
        q |= flag::BAD_TS;
    }
    q
}
/// Databento's null price.
pub const UNDEF_PRICE: i64 = i64::MAX;
/// Databento's null timestamp.
pub const UNDEF_TIMESTAMP: u64 = u64::MAX;

pub const HEADER_LEN: usize = 16;
pub const MBO_LEN: usize = 56;
pub const TRADE_LEN: usize = 48;
pub const MBP1_LEN: usize = 80;
pub const MBP10_LEN: usize = 368;

#[inline]
fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

#[inline]
fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    pub rtype: u8,
    pub publisher_id: u16,
    pub instrument_id: u32,
    pub ts_event: u64,
}

/// MBO (rtype 0xA0): one order's event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mbo {
    pub hd: Header,
    pub order_id: u64,
    pub price: i64,
    pub size: u32,
    pub flags: u8,
    pub channel_id: u8,
    pub action: u8,
    pub side: u8,
    pub ts_recv: u64,
    pub sequence: u32,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BidAsk {
    pub bid_px: i64,
    pub ask_px: i64,
    pub bid_sz: u32,
    pub ask_sz: u32,
    pub bid_ct: u32,
    pub ask_ct: u32,
}

/// Trades (rtype 0x00, no levels), MBP-1 and TBBO (0x01, one level), MBP-10 (0x0A, ten):
/// the event, then the book's top levels after it (TBBO: before the trade).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mbp {
    pub hd: Header,
    pub price: i64,
    pub size: u32,
    pub action: u8,
    pub side: u8,
    pub flags: u8,
    pub depth: u8,
    pub ts_recv: u64,
    pub sequence: u32,
    pub levels: Vec<BidAsk>,
}

pub fn header(b: &[u8]) -> Header {
    Header {
        rtype: b[1],
        publisher_id: u16::from_le_bytes([b[2], b[3]]),
        instrument_id: u32_at(b, 4),
        ts_event: u64_at(b, 8),
    }
}

/// `b` is a whole record of at least `MBO_LEN` bytes.
pub fn mbo(b: &[u8]) -> Mbo {
    Mbo {
        hd: header(b),
        order_id: u64_at(b, 16),
        price: u64_at(b, 24) as i64,
        size: u32_at(b, 32),
        flags: b[36],
        channel_id: b[37],
        action: b[38],
        side: b[39],
        ts_recv: u64_at(b, 40),
        sequence: u32_at(b, 52),
    }
}

/// `b` is a whole record of at least `TRADE_LEN + 32 * levels` bytes.
pub fn mbp(b: &[u8], levels: usize) -> Mbp {
    let levels = (0..levels)
        .map(|i| {
            let at = TRADE_LEN + 32 * i;
            BidAsk {
                bid_px: u64_at(b, at) as i64,
                ask_px: u64_at(b, at + 8) as i64,
                bid_sz: u32_at(b, at + 16),
                ask_sz: u32_at(b, at + 20),
                bid_ct: u32_at(b, at + 24),
                ask_ct: u32_at(b, at + 28),
            }
        })
        .collect();
    Mbp {
        hd: header(b),
        price: u64_at(b, 16) as i64,
        size: u32_at(b, 24),
        action: b[28],
        side: b[29],
        flags: b[30],
        depth: b[31],
        ts_recv: u64_at(b, 32),
        sequence: u32_at(b, 44),
        levels,
    }
}

/// The minimum length of a record of `rtype`, for the ones featc reads.
pub fn min_len(rtype: u8) -> Option<usize> {
    match rtype {
        rtype::MBO => Some(MBO_LEN),
        rtype::MBP_0 => Some(TRADE_LEN),
        rtype::MBP_1 => Some(MBP1_LEN),
        rtype::MBP_10 => Some(MBP10_LEN),
        _ => None,
    }
}

/// Names of the record types featc counts but does not import.
pub fn rtype_name(rtype: u8) -> &'static str {
    match rtype {
        0x00 => "trades",
        0x01 => "mbp-1",
        0x0A => "mbp-10",
        0xA0 => "mbo",
        0x11 | 0x20..=0x24 => "ohlcv",
        0x12 => "status",
        0x13 => "definition",
        0x14 => "imbalance",
        0x15 => "error",
        0x16 => "symbol mapping",
        0x17 => "system",
        0x18 => "statistics",
        0xB1 | 0xC0..=0xC4 => "consolidated bbo/cmbp",
        _ => "unknown rtype",
    }
}

/// Streams the records that follow the metadata.
pub struct RecordStream {
    pub input: ByteInput,
    buf: Vec<u8>,
    /// Decoded-stream offset of the record last returned.
    pub offset: u64,
}

impl RecordStream {
    pub fn new(input: ByteInput) -> RecordStream {
        RecordStream { input, buf: Vec::with_capacity(512), offset: 0 }
    }

    /// The next record's bytes (header included); `None` at the end of input. A record whose
    /// length byte is smaller than its header cannot be stepped over: an error, even lenient.
    pub fn next_record(&mut self) -> Result<Option<&[u8]>, FeatcError> {
        self.offset = self.input.offset;
        let mut first = [0u8; 1];
        if !self.input.read_exact_or_end(&mut first, "a record header")? {
            return Ok(None);
        }
        let len = first[0] as usize * 4;
        if len < HEADER_LEN {
            return Err(FeatcError::new(
                code::DBN_BAD,
                format!(
                    "{}: byte offset {}: record length {len} bytes is shorter than the 16-byte record header",
                    self.input.name, self.offset
                ),
            ));
        }
        self.buf.clear();
        self.buf.resize(len, 0);
        self.buf[0] = first[0];
        let (_, rest) = self.buf.split_at_mut(1);
        self.input.read_exact(rest, "a record")?;
        Ok(Some(&self.buf))
    }
}
