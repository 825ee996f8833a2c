//! One 64-byte record (docs/formats/q.md, "Record").

pub const RECORD_LEN: usize = 64;

/// Record kinds (docs/formats/q.md, "Kinds").
pub mod kind {
    pub const ADD: u8 = 1;
    pub const CANCEL: u8 = 2;
    pub const DELETE: u8 = 3;
    pub const MODIFY: u8 = 4;
    pub const EXECUTE: u8 = 5;
    pub const TRADE: u8 = 6;
    pub const LEVEL: u8 = 7;
    pub const CLEAR: u8 = 8;
    pub const STATUS: u8 = 9;
}

pub mod side {
    pub const NONE: u8 = 0;
    pub const BID: u8 = 1;
    pub const ASK: u8 = 2;
}

pub mod aggressor {
    pub const UNKNOWN: u8 = 0;
    pub const BUY: u8 = 1;
    pub const SELL: u8 = 2;
}

pub mod flag {
    /// Last record of its packet.
    pub const LAST: u8 = 1;
    /// Part of a book snapshot.
    pub const SNAPSHOT: u8 = 2;
    /// Records were lost before this one (the importer saw a sequence gap).
    pub const GAP: u8 = 4;
    /// The venue says the book may be wrong here (DBN `F_MAYBE_BAD_BOOK`).
    pub const BAD_BOOK: u8 = 8;
    /// The venue says this record's receive time is unreliable (DBN `F_BAD_TS_RECV`).
    pub const BAD_TS: u8 = 16;
}

/// The kind's name as written in docs/formats/q.md; `"?"` for an unknown code.
pub fn kind_name(k: u8) -> &'static str {
    match k {
        kind::ADD => "ADD",
        kind::CANCEL => "CANCEL",
        kind::DELETE => "DELETE",
        kind::MODIFY => "MODIFY",
        kind::EXECUTE => "EXECUTE",
        kind::TRADE => "TRADE",
        kind::LEVEL => "LEVEL",
        kind::CLEAR => "CLEAR",
        kind::STATUS => "STATUS",
        _ => "?",
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Record {
    pub exchange_ts: i64,
    pub ingest_ts: i64,
    pub seq: u64,
    pub order_id: u64,
    pub price: i64,
    pub size: i64,
    pub kind: u8,
    pub side: u8,
    pub flags: u8,
    pub aggressor: u8,
    pub aux: i64,
}

#[inline(always)]
fn le_u64(b: &[u8; RECORD_LEN], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_le_bytes(w)
}

impl Record {
    #[inline(always)]
    pub fn decode(b: &[u8; RECORD_LEN]) -> Record {
        Record {
            exchange_ts: le_u64(b, 0) as i64,
            ingest_ts: le_u64(b, 8) as i64,
            seq: le_u64(b, 16),
            order_id: le_u64(b, 24),
            price: le_u64(b, 32) as i64,
            size: le_u64(b, 40) as i64,
            kind: b[48],
            side: b[49],
            flags: b[50],
            aggressor: b[51],
            aux: le_u64(b, 56) as i64,
        }
    }

    pub fn encode(&self) -> [u8; RECORD_LEN] {
        let mut b = [0u8; RECORD_LEN];
        b[0..8].copy_from_slice(&self.exchange_ts.to_le_bytes());
        b[8..16].copy_from_slice(&self.ingest_ts.to_le_bytes());
        b[16..24].copy_from_slice(&self.seq.to_le_bytes());
        b[24..32].copy_from_slice(&self.order_id.to_le_bytes());
        b[32..40].copy_from_slice(&self.price.to_le_bytes());
        b[40..48].copy_from_slice(&self.size.to_le_bytes());
        b[48] = self.kind;
        b[49] = self.side;
        b[50] = self.flags;
        b[51] = self.aggressor;
        b[56..64].copy_from_slice(&self.aux.to_le_bytes());
        b
    }

    #[inline(always)]
    pub fn is_last(&self) -> bool {
        self.flags & flag::LAST != 0
    }

    /// The reason the record's codes are invalid (docs/formats/q.md `Q_BAD_RECORD`), if they are.
    #[inline(always)]
    pub fn code_error(&self) -> Option<&'static str> {
        if !(kind::ADD..=kind::STATUS).contains(&self.kind) {
            Some("unknown kind")
        } else if self.side > side::ASK {
            Some("unknown side")
        } else if self.aggressor > aggressor::SELL {
            Some("unknown aggressor side")
        } else {
            None
        }
    }
}
