//! The DBN prelude and metadata block (databento/dbn, rust/dbn/src/decode/dbn/sync.rs,
//! `MetadataDecoder`). Versions differ only here among the fields featc reads:
//!
//! - v1: after `limit` comes a `record_count` u64 (deprecated later), symbols are 22-byte
//!   C strings, and 47 reserved bytes close the 100-byte fixed part;
//! - v2 and v3: no `record_count`; a u16 `symbol_cstr_len` (71) follows `ts_out`, then 53
//!   reserved bytes.
//!
//! Then, in every version: schema definition length u32 (featc requires 0, as dbn does),
//! the requested symbols, partial and not-found lists (u32 count + C strings each), and the
//! mappings: u32 count of (raw symbol, u32 interval count, intervals of (start date u32
//! YYYYMMDD, end date u32, mapped symbol)).

use std::collections::HashMap;

use featc_core::error::FeatcError;

use crate::input::{code, ByteInput};

/// The metadata's schema id of TBBO (DBN's `Schema::Tbbo`).
pub const SCHEMA_TBBO: u16 = 3;

const FIXED_LEN: usize = 100;
const DATASET_LEN: usize = 16;
const V1_SYMBOL_LEN: usize = 22;
/// Refuse metadata larger than this: a corrupt length must not allocate gigabytes.
const MAX_METADATA_LEN: usize = 256 << 20;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Metadata {
    pub version: u8,
    pub dataset: String,
    /// `None` for the null schema (a file mixing schemas).
    pub schema: Option<u16>,
    pub start: u64,
    pub end: u64,
    pub stype_in: u8,
    pub stype_out: u8,
    pub ts_out: bool,
    pub symbols: Vec<String>,
    /// `(raw symbol, [(start date, end date, mapped symbol)])`.
    pub mappings: Vec<(String, Vec<(u32, u32, String)>)>,
}

impl Metadata {
    /// Instrument id -> symbol, from the mappings whose mapped symbol is an instrument id
    /// (historical files map the requested raw symbol to the ids it had over the period).
    pub fn instrument_symbols(&self) -> HashMap<u32, String> {
        let mut map = HashMap::new();
        for (raw, intervals) in &self.mappings {
            for (_, _, mapped) in intervals {
                if let Ok(id) = mapped.parse::<u32>() {
                    map.entry(id).or_insert_with(|| raw.clone());
                }
            }
        }
        map
    }

    pub fn schema_name(&self) -> &'static str {
        match self.schema {
            Some(0) => "mbo",
            Some(1) => "mbp-1",
            Some(2) => "mbp-10",
            Some(SCHEMA_TBBO) => "tbbo",
            Some(4) => "trades",
            Some(5..=8) => "ohlcv",
            Some(9) => "definition",
            Some(10) => "statistics",
            Some(11) => "status",
            Some(12) => "imbalance",
            Some(_) => "other",
            None => "mixed",
        }
    }
}

struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    name: &'a str,
    base: u64,
}

impl Cursor<'_> {
    fn bad(&self, what: &str) -> FeatcError {
        FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset {}: metadata {what}", self.name, self.base + self.pos as u64),
        )
    }

    fn take(&mut self, n: usize, what: &str) -> Result<&[u8], FeatcError> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.b.len())
            .ok_or_else(|| self.bad(&format!("ends inside {what}")))?;
        let s = &self.b[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn u16(&mut self, what: &str) -> Result<u16, FeatcError> {
        let s = self.take(2, what)?;
        Ok(u16::from_le_bytes([s[0], s[1]]))
    }

    fn u32(&mut self, what: &str) -> Result<u32, FeatcError> {
        let s = self.take(4, what)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }

    fn u64(&mut self, what: &str) -> Result<u64, FeatcError> {
        let s = self.take(8, what)?;
        let mut w = [0u8; 8];
        w.copy_from_slice(s);
        Ok(u64::from_le_bytes(w))
    }

    fn cstr(&mut self, len: usize, what: &str) -> Result<String, FeatcError> {
        let at = self.pos;
        let s = self.take(len, what)?;
        let end = s.iter().position(|&c| c == 0).unwrap_or(s.len());
        std::str::from_utf8(&s[..end]).map(str::to_owned).map_err(|_| {
            FeatcError::new(
                code::DBN_BAD,
                format!("{}: byte offset {}: metadata {what} is not UTF-8", self.name, self.base + at as u64),
            )
        })
    }

    /// A count of items of `each` bytes, refused when that many cannot fit in the block.
    fn count(&mut self, what: &str, each: usize) -> Result<usize, FeatcError> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(each) > self.b.len() {
            return Err(self.bad(&format!("{what} {n} exceeds the block")));
        }
        Ok(n)
    }

    fn symbol_list(&mut self, len: usize, what: &str) -> Result<Vec<String>, FeatcError> {
        let n = self.u32(what)? as usize;
        if n.saturating_mul(len) > self.b.len() {
            return Err(self.bad(&format!("{what}: count {n} exceeds the block")));
        }
        (0..n).map(|_| self.cstr(len, what)).collect()
    }
}

/// Reads the prelude and metadata; the input is left at the first record.
pub fn read_metadata(input: &mut ByteInput) -> Result<Metadata, FeatcError> {
    let mut prelude = [0u8; 8];
    input.read_exact(&mut prelude, "the DBN prelude")?;
    if &prelude[..3] != b"DBN" {
        return Err(FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset 0: not a DBN file (no \"DBN\" prelude)", input.name),
        ));
    }
    let version = prelude[3];
    if !(1..=3).contains(&version) {
        return Err(FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset 3: DBN version {version} (featc reads 1 to 3)", input.name),
        ));
    }
    let len = u32::from_le_bytes([prelude[4], prelude[5], prelude[6], prelude[7]]) as usize;
    if !(FIXED_LEN..=MAX_METADATA_LEN).contains(&len) {
        return Err(FeatcError::new(
            code::DBN_BAD,
            format!("{}: byte offset 4: metadata length {len} out of range", input.name),
        ));
    }
    let mut block = vec![0u8; len];
    input.read_exact(&mut block, "the DBN metadata")?;
    let name = input.name.clone();
    let mut c = Cursor { b: &block, pos: 0, name: &name, base: 8 };
    let dataset = c.cstr(DATASET_LEN, "dataset")?;
    let schema = match c.u16("schema")? {
        u16::MAX => None,
        s => Some(s),
    };
    let start = c.u64("start")?;
    let end = c.u64("end")?;
    let _limit = c.u64("limit")?;
    if version == 1 {
        let _record_count = c.u64("record count")?;
    }
    let stype_in = c.take(1, "stype_in")?[0];
    let stype_out = c.take(1, "stype_out")?[0];
    let ts_out = c.take(1, "ts_out")?[0] != 0;
    let symbol_len = if version == 1 { V1_SYMBOL_LEN } else { c.u16("symbol length")? as usize };
    if symbol_len == 0 {
        return Err(c.bad("symbol length 0"));
    }
    c.pos = FIXED_LEN;
    let schema_definition = c.u32("schema definition length")?;
    if schema_definition != 0 {
        return Err(c.bad("carries a schema definition, which DBN readers do not support"));
    }
    let symbols = c.symbol_list(symbol_len, "symbols")?;
    let _partial = c.symbol_list(symbol_len, "partial symbols")?;
    let _not_found = c.symbol_list(symbol_len, "not-found symbols")?;
    let n = c.count("mapping count", symbol_len + 4)?;
    let mut mappings = Vec::with_capacity(n);
    for _ in 0..n {
        let raw = c.cstr(symbol_len, "mapping symbol")?;
        let k = c.count("interval count", symbol_len + 8)?;
        let mut intervals = Vec::with_capacity(k);
        for _ in 0..k {
            let from = c.u32("interval start date")?;
            let to = c.u32("interval end date")?;
            intervals.push((from, to, c.cstr(symbol_len, "interval symbol")?));
        }
        mappings.push((raw, intervals));
    }
    Ok(Metadata { version, dataset, schema, start, end, stype_in, stype_out, ts_out, symbols, mappings })
}
