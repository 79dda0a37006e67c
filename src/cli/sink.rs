//! Sink: where outputs go. Files are written to a temporary file in the target folder and
//! renamed into place, so an output path only ever holds a complete file.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Marker in the names of temporary files (`.NAME.docxtract-partial`).
pub const TEMP_SUFFIX: &str = ".docxtract-partial";

/// The temporary file next to `target`. Its name is fixed (not random) so a run that was
/// killed leaves at most one per output, and the next run that writes the output reuses it.
pub fn temp_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    target.with_file_name(format!(".{name}{TEMP_SUFFIX}"))
}

/// Write a file atomically: the closure writes into a temp file that is renamed to `target`
/// only when everything succeeded; on any error the temp file is removed.
pub fn write_atomic(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let tmp = temp_path(target);
    let result = (|| {
        let file = create_in_place(&tmp)?;
        let mut w = BufWriter::with_capacity(64 * 1024, file);
        fill(&mut w)?;
        // No fsync: the rename is what protects against a killed run, and an fsync per
        // output would cost more than the conversion on a large batch.
        w.flush()?;
        drop(w);
        fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Create `path`, making its folder only when it is missing: in a batch the folder exists
/// for all but the first output in it, and a `mkdir` per file (failing with EEXIST) was one
/// syscall in five.
fn create_in_place(path: &Path) -> io::Result<fs::File> {
    match fs::File::create(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                fs::create_dir_all(parent)?;
            }
            fs::File::create(path)
        }
        other => other,
    }
}

/// `--skip-existing`: every target exists and is at least as new as the input. Also removes
/// a stale temp file a killed run may have left next to a complete output.
pub fn outputs_complete(input_modified: Option<SystemTime>, targets: &[PathBuf]) -> bool {
    let Some(input_modified) = input_modified else {
        return false;
    };
    let complete = targets.iter().all(|t| {
        fs::metadata(t)
            .and_then(|m| m.modified())
            .is_ok_and(|m| m >= input_modified)
    });
    if complete {
        for t in targets {
            let _ = fs::remove_file(temp_path(t));
        }
    }
    complete
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_that_fails_midway_leaves_no_file_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/a.json");
        // A disk that fills up after the first bytes.
        let result = write_atomic(&target, |w| {
            w.write_all(b"{\"schema\":")?;
            w.flush()?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "No space left on device",
            ))
        });
        assert_eq!(result.unwrap_err().kind(), io::ErrorKind::StorageFull);
        assert!(!target.exists(), "no partial output");
        assert!(!temp_path(&target).exists(), "no temp file left");
    }

    #[test]
    fn a_successful_write_replaces_the_target_whole() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        fs::write(&target, b"old").unwrap();
        write_atomic(&target, |w| w.write_all(b"new content")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"new content");
        assert!(!temp_path(&target).exists());
    }

    #[test]
    fn missing_folders_are_made_on_first_write_and_reused_after() {
        let dir = tempfile::tempdir().unwrap();
        let first = dir.path().join("2023/05/a.json");
        let second = dir.path().join("2023/05/b.json");
        write_atomic(&first, |w| w.write_all(b"a")).unwrap();
        write_atomic(&second, |w| w.write_all(b"b")).unwrap();
        assert_eq!(fs::read(&first).unwrap(), b"a");
        assert_eq!(fs::read(&second).unwrap(), b"b");
    }

    #[test]
    fn temp_file_sits_next_to_its_target_and_is_hidden() {
        assert_eq!(
            temp_path(Path::new("out/a/b.json")),
            PathBuf::from("out/a/.b.json.docxtract-partial")
        );
    }
}
