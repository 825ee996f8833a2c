//! Helpers shared by the importer tests: the samples in ../shared/data, scratch folders, a
//! reproducible generator for broken inputs, and the check that a failed import leaves
//! nothing behind.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use featc_core::log::LogReader;

/// A sample under ../shared/data (INDEX.md there), by its path below that folder.
pub fn data(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data").join(rel)
}

/// A fresh, empty folder under the system temp dir, named after the test binary and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("featc-{}-{}-{name}", env!("CARGO_CRATE_NAME"), std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Every file under `dir`, recursively, sorted; none when `dir` does not exist.
pub fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p)
            } else {
                found.push(p)
            }
        }
    }
    found.sort();
    found
}

/// A small deterministic generator (xorshift), so the broken inputs reproduce without a
/// dependency.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What an import of broken input must leave in `out`: after a failure nothing (neither `.q`
/// nor `.tmp`), after a success exactly the files it reports, each a sealed, readable log.
pub fn assert_all_or_nothing(out: &Path, imported: Result<Vec<PathBuf>, String>, case: usize) {
    let left = files_under(out);
    match imported {
        Err(_) => assert!(left.is_empty(), "case {case}: a failed import left {left:?}"),
        Ok(mut reported) => {
            for f in &left {
                assert!(f.extension().is_some_and(|e| e == "q"), "case {case}: {f:?} left behind");
                LogReader::open(f).unwrap_or_else(|e| panic!("case {case}: {f:?} unreadable: {e}"));
            }
            reported.sort();
            assert_eq!(left, reported, "case {case}: only the reported files");
        }
    }
}
