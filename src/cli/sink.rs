//! Sink: where outputs go. An output path only ever holds a complete file: on Linux each
//! output is written as an unnamed file in its folder (`O_TMPFILE`) and linked into place
//! when whole; elsewhere, or where the file system has no unnamed files, it is written to a
//! temporary file in the target folder and renamed into place.

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

/// Write a file atomically: the closure writes into a file that gets the name `target` only
/// when everything succeeded; on any error nothing is left (`target` itself is untouched).
pub fn write_atomic(
    target: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    if let Some(file) = unnamed::create_beside(target) {
        return unnamed::write(file, target, fill);
    }
    write_through_temp(target, fill)
}

/// [`write_atomic`] through the named temporary file [`temp_path`], renamed into place.
fn write_through_temp(
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

/// Unnamed files (`O_TMPFILE`): a killed run leaves nothing behind, and publishing an output
/// is one directory update (`linkat`) instead of two (creating the temp name, renaming it),
/// which on ext4 made `--out DIR` measurably slower than standard output.
#[cfg(target_os = "linux")]
mod unnamed {
    use super::{create_in_place, temp_path};
    use rustix::fs::{AtFlags, Mode, OFlags, CWD};
    use std::fs;
    use std::io::{self, BufWriter, Seek, Write};
    use std::os::fd::AsRawFd;
    use std::path::Path;

    /// An unnamed file in the folder of `target`, the folder made when it is missing; `None`
    /// where the kernel or the file system has none (the caller then uses a named temp file,
    /// which also reports why the folder cannot be written).
    pub fn create_beside(target: &Path) -> Option<fs::File> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let open = || {
            rustix::fs::openat(
                CWD,
                dir,
                OFlags::TMPFILE | OFlags::RDWR | OFlags::CLOEXEC,
                Mode::from_raw_mode(0o666),
            )
        };
        let fd = match open() {
            Err(rustix::io::Errno::NOENT) => {
                fs::create_dir_all(dir).ok()?;
                open().ok()?
            }
            other => other.ok()?,
        };
        Some(fs::File::from(fd))
    }

    /// Fill `file` and link it to `target`. A failure drops the file, which has no name.
    pub fn write(
        file: fs::File,
        target: &Path,
        fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let mut w = BufWriter::with_capacity(64 * 1024, file);
        fill(&mut w)?;
        w.flush()?;
        let file = w.into_inner().map_err(io::IntoInnerError::into_error)?;
        match link(&file, target) {
            Ok(()) => Ok(()),
            // An output of an earlier run: link to the temp name and rename over it. Any
            // other failure (no /proc to link from, say): copy to the temp name.
            Err(_) => replace(file, target),
        }
    }

    /// Give the unnamed `file` the name `path`; fails when `path` exists.
    fn link(file: &fs::File, path: &Path) -> io::Result<()> {
        let this = format!("/proc/self/fd/{}", file.as_raw_fd());
        rustix::fs::linkat(CWD, this.as_str(), CWD, path, AtFlags::SYMLINK_FOLLOW)?;
        Ok(())
    }

    fn replace(mut file: fs::File, target: &Path) -> io::Result<()> {
        let tmp = temp_path(target);
        let _ = fs::remove_file(&tmp);
        let result = link(&file, &tmp)
            .or_else(|_| {
                file.rewind()?;
                io::copy(&mut file, &mut create_in_place(&tmp)?).map(drop)
            })
            .and_then(|()| fs::rename(&tmp, target));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
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
    fn a_stale_temp_file_of_a_killed_run_does_not_block_the_write() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        fs::write(temp_path(&target), b"half").unwrap();
        fs::write(&target, b"old").unwrap();
        write_atomic(&target, |w| w.write_all(b"whole")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"whole");
        assert!(!temp_path(&target).exists());
    }

    #[test]
    fn the_named_temp_file_path_writes_and_cleans_up_too() {
        // Where unnamed files are unavailable (not Linux, a file system without them).
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("sub/a.json");
        write_through_temp(&target, |w| w.write_all(b"a")).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"a");
        let failed = write_through_temp(&target, |w| {
            w.write_all(b"b")?;
            Err(io::Error::other("disk"))
        });
        assert!(failed.is_err());
        assert_eq!(
            fs::read(&target).unwrap(),
            b"a",
            "the old output is untouched"
        );
        assert!(!temp_path(&target).exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_output_being_written_is_not_in_its_folder_under_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        if unnamed::create_beside(&target).is_none() {
            eprintln!("skipped: this file system has no unnamed files");
            return;
        }
        write_atomic(&target, |w| {
            w.write_all(b"{")?;
            w.flush()?;
            let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
            assert!(
                names.is_empty(),
                "nothing visible before the output is whole"
            );
            w.write_all(b"}")
        })
        .unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"{}");
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
