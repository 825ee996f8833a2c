//! Byte input for the binary importers: plain, zstd or gzip, chosen by the file's magic bytes
//! (not its name), streamed so a large file is never held whole. The offset counts bytes of the
//! decoded stream, which is what error messages name.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufReader, ErrorKind, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use featc_core::error::{display_name, FeatcError};
use featc_core::import::text::CountingFile;

const ZSTD_MAGIC: [u8; 4] = [0x28, 0xB5, 0x2F, 0xFD];
const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Compression {
    None,
    Zstd,
    Gzip,
}

pub struct ByteInput {
    path: PathBuf,
    pub name: String,
    pub compression: Compression,
    inner: Box<dyn Read>,
    /// Bytes of the decoded stream consumed so far.
    pub offset: u64,
    /// Size of the file on disk, for progress.
    pub file_len: u64,
    /// Bytes of the file on disk read so far (compressed bytes for zstd and gzip).
    disk_read: Rc<Cell<u64>>,
}

impl ByteInput {
    pub fn open(path: &Path) -> Result<ByteInput, FeatcError> {
        let mut file = File::open(path).map_err(|e| FeatcError::io(path, "cannot open", &e))?;
        let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let mut magic = [0u8; 4];
        let got = read_up_to(&mut file, &mut magic).map_err(|e| FeatcError::io(path, "cannot read", &e))?;
        let compression = if got >= 4 && magic == ZSTD_MAGIC {
            Compression::Zstd
        } else if got >= 2 && magic[..2] == GZIP_MAGIC {
            Compression::Gzip
        } else {
            Compression::None
        };
        let disk_read = Rc::new(Cell::new(got as u64));
        let counted = CountingFile::new(file, disk_read.clone());
        let raw = BufReader::with_capacity(1 << 16, std::io::Cursor::new(magic[..got].to_vec()).chain(counted));
        let inner: Box<dyn Read> = match compression {
            Compression::None => Box::new(raw),
            Compression::Gzip => Box::new(BufReader::with_capacity(1 << 16, flate2::read::MultiGzDecoder::new(raw))),
            Compression::Zstd => {
                let d = zstd::stream::read::Decoder::with_buffer(raw)
                    .map_err(|e| FeatcError::io(path, "cannot start zstd decoding", &e))?;
                Box::new(BufReader::with_capacity(1 << 16, d))
            }
        };
        Ok(ByteInput {
            path: path.to_path_buf(),
            name: display_name(path),
            compression,
            inner,
            offset: 0,
            file_len,
            disk_read,
        })
    }

    /// Bytes of the file on disk consumed so far, for progress against `file_len`.
    pub fn disk_offset(&self) -> u64 {
        self.disk_read.get()
    }

    /// Fills `buf` entirely: `Ok(true)`; at a clean end of input (no byte read): `Ok(false)`;
    /// an end part-way through is an error naming the offset, with `what` was being read.
    pub fn read_exact_or_end(&mut self, buf: &mut [u8], what: &str) -> Result<bool, FeatcError> {
        let got = read_up_to(&mut self.inner, buf).map_err(|e| self.stream_error(&e))?;
        let start = self.offset;
        self.offset += got as u64;
        if got == buf.len() {
            return Ok(true);
        }
        if got == 0 {
            return Ok(false);
        }
        Err(FeatcError::new(
            code::TRUNCATED,
            format!("{}: byte offset {start}: the input ends inside {what} ({got} of {} bytes)", self.name, buf.len()),
        ))
    }

    /// Like `read_exact_or_end`, but the end of input is an error too.
    pub fn read_exact(&mut self, buf: &mut [u8], what: &str) -> Result<(), FeatcError> {
        let at = self.offset;
        if self.read_exact_or_end(buf, what)? {
            Ok(())
        } else {
            Err(FeatcError::new(
                code::TRUNCATED,
                format!("{}: byte offset {at}: the input ends before {what}", self.name),
            ))
        }
    }

    fn stream_error(&self, e: &std::io::Error) -> FeatcError {
        // A corrupt compressed stream surfaces as an I/O error of the decoder.
        let what = match self.compression {
            Compression::None => "cannot read",
            Compression::Zstd => "corrupt zstd stream",
            Compression::Gzip => "corrupt gzip stream",
        };
        FeatcError::new(
            code::CORRUPT,
            format!("{}: byte offset {}: {what}: {e}", display_name(&self.path), self.offset),
        )
    }
}

/// Error codes of the binary importers.
pub mod code {
    /// The input ends inside a header or record.
    pub const TRUNCATED: &str = "IMPORT_TRUNCATED";
    /// A compressed stream that does not decode.
    pub const CORRUPT: &str = "IMPORT_CORRUPT";
    /// A DBN prelude, metadata block or record that breaks the format.
    pub const DBN_BAD: &str = "DBN_BAD_RECORD";
    /// An ITCH message that breaks the format.
    pub const ITCH_BAD: &str = "ITCH_BAD_MESSAGE";
    /// Two inputs would write the same output with different book kinds or decimals.
    pub const OUTPUT_CONFLICT: &str = "IMPORT_OUTPUT_CONFLICT";
}

fn read_up_to(r: &mut dyn Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}
