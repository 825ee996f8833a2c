//! Tardis CSV rows: a header row naming the columns, then comma-separated values without
//! quoting (Tardis never quotes: symbols, ids and numbers hold no commas). Timestamps are
//! microseconds since the epoch (UTC).

pub struct Columns {
    names: Vec<String>,
}

impl Columns {
    pub fn parse(header: &str) -> Columns {
        Columns { names: header.split(',').map(|s| s.trim().to_string()).collect() }
    }

    pub fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The index of `name`, or why the file is not of the kind asked for.
    pub fn require(&self, name: &str) -> Result<usize, String> {
        self.find(name).ok_or_else(|| format!("the header has no `{name}` column (is --kind right?)"))
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// The fields of one row; the reason when it does not have one per column.
pub fn fields<'a>(line: &'a str, columns: &Columns, out: &mut Vec<&'a str>) -> Result<(), String> {
    out.clear();
    out.extend(line.split(','));
    if out.len() != columns.len() {
        return Err(format!("{} fields, the header has {}", out.len(), columns.len()));
    }
    Ok(())
}

/// Microseconds since the epoch, as nanoseconds.
pub fn micros_to_ns(text: &str, what: &str) -> Result<i64, String> {
    let us: i64 = text.parse().map_err(|_| format!("{what} {text:?} is not an integer of microseconds"))?;
    us.checked_mul(1000).ok_or_else(|| format!("{what} {text} is out of range"))
}
