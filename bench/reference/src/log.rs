//! A `.q` log (docs/formats/q.md) mapped read-only, its records read in place. std has no
//! memory mapping, so `mmap` is called through libc, which every Rust program on Linux links.

use std::ffi::c_void;
use std::fs::File;
use std::os::fd::AsRawFd;

extern "C" {
    fn mmap(addr: *mut c_void, len: usize, prot: i32, flags: i32, fd: i32, offset: i64) -> *mut c_void;
    fn munmap(addr: *mut c_void, len: usize) -> i32;
}

const PROT_READ: i32 = 1;
const MAP_PRIVATE: i32 = 2;
const HEADER: usize = 256;
const RECORD: usize = 64;

pub mod kind {
    pub const ADD: u8 = 1;
    pub const CANCEL: u8 = 2;
    pub const DELETE: u8 = 3;
    pub const MODIFY: u8 = 4;
    pub const EXECUTE: u8 = 5;
    pub const TRADE: u8 = 6;
    pub const CLEAR: u8 = 8;
}

pub const BID: u8 = 1;
pub const ASK: u8 = 2;
pub const BUY: u8 = 1;
pub const SELL: u8 = 2;
pub const LAST: u8 = 1;

pub struct Log {
    base: *const u8,
    len: usize,
    pub records: usize,
    pub price_decimals: u8,
    pub size_decimals: u8,
    pub book_kind: u8,
    pub symbol: String,
    pub date: String,
}

/// The fields of one record the reference reads.
#[derive(Clone, Copy)]
pub struct Record {
    pub exchange_ts: i64,
    pub ingest_ts: i64,
    pub order_id: u64,
    pub price: i64,
    pub size: i64,
    pub kind: u8,
    pub side: u8,
    pub flags: u8,
    pub aggressor: u8,
}

fn text(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl Log {
    pub fn open(path: &str) -> Result<Log, String> {
        let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        let len = file.metadata().map_err(|e| format!("{path}: {e}"))?.len() as usize;
        if len < HEADER {
            return Err(format!("{path}: {len} bytes, shorter than a header"));
        }
        // SAFETY: a read-only private mapping of a file we keep open until it is mapped.
        let base = unsafe { mmap(std::ptr::null_mut(), len, PROT_READ, MAP_PRIVATE, file.as_raw_fd(), 0) };
        if base as isize == -1 {
            return Err(format!("{path}: mmap failed: {}", std::io::Error::last_os_error()));
        }
        let base = base as *const u8;
        // SAFETY: `len` bytes are mapped at `base`.
        let header = unsafe { std::slice::from_raw_parts(base, HEADER) };
        if &header[0..8] != b"FEATQLOG" {
            return Err(format!("{path}: not a .q log"));
        }
        let records = u64::from_le_bytes(header[40..48].try_into().unwrap()) as usize;
        if HEADER + records * RECORD > len {
            return Err(format!("{path}: {records} records do not fit in {len} bytes"));
        }
        Ok(Log {
            base,
            len,
            records,
            book_kind: header[14],
            price_decimals: header[16],
            size_decimals: header[17],
            symbol: text(&header[64..96]),
            date: text(&header[128..144]),
        })
    }

    #[inline(always)]
    pub fn record(&self, i: usize) -> Record {
        debug_assert!(i < self.records);
        // SAFETY: record i lies inside the mapping (checked at open).
        let p = unsafe { self.base.add(HEADER + i * RECORD) };
        let word = |at: usize| unsafe { (p.add(at) as *const u64).read_unaligned() }.to_le();
        let bytes = word(48);
        Record {
            exchange_ts: word(0) as i64,
            ingest_ts: word(8) as i64,
            order_id: word(24),
            price: word(32) as i64,
            size: word(40) as i64,
            kind: bytes as u8,
            side: (bytes >> 8) as u8,
            flags: (bytes >> 16) as u8,
            aggressor: (bytes >> 24) as u8,
        }
    }
}

impl Drop for Log {
    fn drop(&mut self) {
        // SAFETY: the mapping made in `open`.
        unsafe { munmap(self.base as *mut c_void, self.len) };
    }
}
