//! Line-by-line reading of plain or gzip text input (by the `.gz` extension).

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use crate::error::{display_name, FeatcError};

pub struct Lines {
    path: PathBuf,
    pub name: String,
    input: Box<dyn BufRead>,
    buf: String,
    /// 1-based number of the line in `buf`.
    pub number: u64,
}

impl Lines {
    pub fn open(path: &Path) -> Result<Lines, FeatcError> {
        let file = File::open(path).map_err(|e| FeatcError::io(path, "cannot open", &e))?;
        let gz = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let input: Box<dyn BufRead> = if gz {
            Box::new(BufReader::with_capacity(1 << 16, MultiGzDecoder::new(BufReader::with_capacity(1 << 16, file))))
        } else {
            Box::new(BufReader::with_capacity(1 << 16, file))
        };
        Ok(Lines { path: path.to_path_buf(), name: display_name(path), input, buf: String::new(), number: 0 })
    }

    /// The next line's number and text without its line ending; `None` at the end.
    pub fn next_line(&mut self) -> Result<Option<(u64, &str)>, FeatcError> {
        self.buf.clear();
        let n = self
            .input
            .read_line(&mut self.buf)
            .map_err(|e| FeatcError::io(&self.path, &format!("cannot read after line {}", self.number), &e))?;
        if n == 0 {
            return Ok(None);
        }
        self.number += 1;
        Ok(Some((self.number, self.buf.trim_end_matches(['\n', '\r']))))
    }
}
