//! Output files appear whole or not at all (docs/architecture.md section 7): bytes go to
//! `.<name>.tmp-<pid>` beside the output, and only `commit` renames that to the final name. Dropping an
//! uncommitted output (an error, a cancelled job, a panic) removes the temp file.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use crate::host_error::HostError;

pub struct AtomicOutput {
    temp_path: PathBuf,
    final_path: PathBuf,
    committed: bool,
}

impl AtomicOutput {
    /// Create the parent directories and the temp file; the final name is not touched.
    pub fn create(final_path: &Path) -> Result<(AtomicOutput, File), HostError> {
        if let Some(parent) = final_path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| HostError::io(format!("cannot create {}", parent.display()), &e))?;
        }
        let temp_path = temp_path_for(final_path);
        let file = File::create(&temp_path)
            .map_err(|e| HostError::io(format!("cannot create {}", temp_path.display()), &e))?;
        Ok((AtomicOutput { temp_path, final_path: final_path.to_path_buf(), committed: false }, file))
    }

    #[cfg(test)]
    pub fn temp_path(&self) -> &Path {
        &self.temp_path
    }

    /// Flush `file` to disk and move the temp file to the final name. The caller has
    /// written and closed its writer on `file` already.
    pub fn commit(mut self, file: File) -> Result<(), HostError> {
        file.sync_all().map_err(|e| HostError::io(format!("cannot sync {}", self.temp_path.display()), &e))?;
        drop(file);
        fs::rename(&self.temp_path, &self.final_path).map_err(|e| {
            HostError::io(format!("cannot rename {} to {}", self.temp_path.display(), self.final_path.display()), &e)
        })?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for AtomicOutput {
    fn drop(&mut self) {
        if !self.committed {
            // Best effort: the temp file may never have been written, and a failed removal
            // leaves only a `.tmp-<pid>` file that readers of the final name never see.
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

/// `.<name>.tmp-<pid>` beside `final_path`: unique per process, so two processes writing the
/// same dataset never share a temp file, and hidden (a leading `.`), so dataset readers
/// (pyarrow, Spark, DuckDB's `*.parquet` globs) skip one left by a killed run.
pub fn temp_path_for(final_path: &Path) -> PathBuf {
    let name = final_path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    final_path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn scratch_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("featc-atomic-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn commit_moves_the_temp_file_to_the_final_name() {
        let dir = scratch_dir("commit");
        let target = dir.join("a/b/out.parquet");
        let (output, mut file) = AtomicOutput::create(&target).unwrap();
        let temp = output.temp_path().to_path_buf();
        assert!(temp.exists() && !target.exists(), "only the temp file exists before commit");
        file.write_all(b"PAR1").unwrap();
        output.commit(file).unwrap();
        assert!(!temp.exists());
        assert_eq!(fs::read(&target).unwrap(), b"PAR1");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn dropping_without_commit_leaves_nothing() {
        let dir = scratch_dir("drop");
        let target = dir.join("out.parquet");
        let (output, mut file) = AtomicOutput::create(&target).unwrap();
        file.write_all(b"partial").unwrap();
        let temp = output.temp_path().to_path_buf();
        drop(file);
        drop(output);
        assert!(!temp.exists() && !target.exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_uncommitted_rewrite_keeps_the_previous_output() {
        let dir = scratch_dir("keep");
        let target = dir.join("out.parquet");
        fs::create_dir_all(&dir).unwrap();
        fs::write(&target, b"old").unwrap();
        let (output, file) = AtomicOutput::create(&target).unwrap();
        drop(file);
        drop(output);
        assert_eq!(fs::read(&target).unwrap(), b"old");
        fs::remove_dir_all(&dir).unwrap();
    }
}
