//! Line-by-line reading of plain or gzip text input (by the `.gz` extension), and progress
//! reports by the bytes of the files on disk read.

use std::cell::Cell;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use flate2::read::MultiGzDecoder;

use crate::error::{display_name, FeatcError};

/// A line's text, or why it is not text.
pub type LineText<'a> = Result<&'a str, String>;

pub struct Lines {
    path: PathBuf,
    pub name: String,
    input: Box<dyn BufRead>,
    buf: Vec<u8>,
    /// 1-based number of the line in `buf`.
    pub number: u64,
    /// Size of the file on disk, for progress.
    pub file_len: u64,
    /// Bytes of the file on disk read so far (compressed bytes for gzip).
    disk_read: Rc<Cell<u64>>,
}

/// Counts the bytes read from the file itself, under any decompressor: one count per buffer
/// refill, not per line.
pub struct CountingFile {
    file: File,
    read: Rc<Cell<u64>>,
}

impl CountingFile {
    /// `file`, adding the bytes read from it to `read`.
    pub fn new(file: File, read: Rc<Cell<u64>>) -> CountingFile {
        CountingFile { file, read }
    }
}

impl Read for CountingFile {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

impl Lines {
    pub fn open(path: &Path) -> Result<Lines, FeatcError> {
        let file = File::open(path).map_err(|e| FeatcError::io(path, "cannot open", &e))?;
        let file_len = file.metadata().map(|m| m.len()).unwrap_or(0);
        let disk_read = Rc::new(Cell::new(0));
        let file = CountingFile::new(file, disk_read.clone());
        let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let input: Box<dyn BufRead> = if gz {
            Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file))))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, file))
        };
        Ok(Lines {
            path: path.to_path_buf(),
            name: display_name(path),
            input,
            buf: Vec::new(),
            number: 0,
            file_len,
            disk_read,
        })
    }

    /// A handle on the bytes of the file on disk read so far, usable while a line is borrowed.
    pub fn disk_meter(&self) -> DiskMeter {
        DiskMeter { read: self.disk_read.clone(), len: self.file_len }
    }

    /// The next line's number and text without its line ending; `None` at the end. A line
    /// that is not UTF-8 text is a fault of that line alone (`LineText`'s reason), which the
    /// importer refuses by its number or, when lenient, skips and counts like any bad line: a
    /// damaged byte no longer stops a lenient import as an I/O error. A failure to read (a
    /// corrupt gzip stream) is an `IO` error naming the line it came after.
    pub fn next_line(&mut self) -> Result<Option<(u64, LineText<'_>)>, FeatcError> {
        self.buf.clear();
        let n = self
            .input
            .read_until(b'\n', &mut self.buf)
            .map_err(|e| FeatcError::io(&self.path, &format!("cannot read after line {}", self.number), &e))?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        let mut end = self.buf.len();
        while end > 0 && matches!(self.buf[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        let line = &self.buf[..end];
        let text = std::str::from_utf8(line).map_err(|e| {
            let at = e.valid_up_to();
            format!("byte {} of the line (0x{:02x}) is not UTF-8 text", at + 1, line[at])
        });
        Ok(Some((self.number, text)))
    }
}

/// The bytes a `Lines` has read from its file on disk.
#[derive(Clone)]
pub struct DiskMeter {
    read: Rc<Cell<u64>>,
    len: u64,
}

impl DiskMeter {
    /// Bytes read so far, at most the file's size (a file that grows while read does not
    /// push progress past its total).
    #[inline]
    pub fn done(&self) -> u64 {
        self.read.get().min(self.len)
    }
}

/// Told `(bytes read, bytes in all inputs)` on disk as an import goes.
pub type Progress<'p> = &'p mut dyn FnMut(u64, u64);

/// Bytes of input between two progress reports.
pub const PROGRESS_EVERY: u64 = 1 << 20;

/// Progress of an import by input bytes on disk: calls `report(done, total)` at most once per
/// `PROGRESS_EVERY` bytes, with `done` never going back, and once more at the end with
/// `done == total`. `total` may count a file more than once (an importer that reads it twice).
pub struct ByteProgress<'p> {
    report: Progress<'p>,
    total: u64,
    /// Bytes of the inputs already finished.
    base: u64,
    next: u64,
}

impl<'p> ByteProgress<'p> {
    pub fn new(report: Progress<'p>, total: u64) -> ByteProgress<'p> {
        ByteProgress { report, total, base: 0, next: PROGRESS_EVERY }
    }

    /// `done` bytes of the input being read, on top of the finished ones.
    #[inline]
    pub fn at(&mut self, done: u64) {
        let done = (self.base + done).min(self.total);
        if done >= self.next {
            self.next = done + PROGRESS_EVERY;
            (self.report)(done, self.total);
        }
    }

    /// The input of `len` bytes on disk is finished: later `at` calls count from after it.
    pub fn finished(&mut self, len: u64) {
        self.base += len;
    }

    /// The last report: everything read.
    pub fn end(&mut self) {
        (self.report)(self.total, self.total);
    }
}

/// The sizes on disk of `paths` added up; a file that cannot be read counts 0 (opening it
/// reports the error).
pub fn disk_len(paths: &[PathBuf]) -> u64 {
    paths.iter().map(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)).sum()
}
