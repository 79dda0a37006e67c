//! Discover: turn the inputs (files, folders, `-`, `--files-from`) into an ordered list of
//! entries, each with the path relative to its input root (for the output tree and the shard
//! hash). Lock files and filtered entries never become jobs.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Extensions taken from walked folders when no `--glob` is given.
pub const DEFAULT_EXTENSIONS: [&str; 4] = ["docx", "docm", "dotx", "dotm"];

/// Where a document comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// One discovered input, in input order.
#[derive(Debug, Clone)]
pub struct Entry {
    pub input: Input,
    /// The path as shown to the user (`-` for stdin).
    pub display: String,
    /// Path relative to its input root, `/`-separated: decides the output path and the shard.
    pub rel: PathBuf,
    pub kind: EntryKind,
}

#[derive(Debug, Clone)]
pub enum EntryKind {
    /// A document to convert.
    Convert,
    /// Not converted, with the reason (lock file, symlink loop).
    Skip(&'static str),
    /// Failed before conversion (missing input, unreadable folder).
    Fail { kind: &'static str, message: String },
}

/// Filters from `--glob` / `--exclude`.
pub struct Filters {
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    follow: bool,
}

fn build_set(patterns: &[String], flag: &str) -> Result<Option<GlobSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        b.add(Glob::new(p).map_err(|e| format!("{flag} {p}: {e}"))?);
    }
    b.build().map(Some).map_err(|e| format!("{flag}: {e}"))
}

impl Filters {
    pub fn new(glob: &[String], exclude: &[String], follow: bool) -> Result<Filters, String> {
        Ok(Filters {
            include: build_set(glob, "--glob")?,
            exclude: build_set(exclude, "--exclude")?,
            follow,
        })
    }

    fn excluded(&self, rel: &Path) -> bool {
        self.exclude.as_ref().is_some_and(|s| s.is_match(rel))
    }

    fn wanted_in_walk(&self, rel: &Path) -> bool {
        match &self.include {
            Some(set) => set.is_match(rel),
            None => rel
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| DEFAULT_EXTENSIONS.iter().any(|d| d.eq_ignore_ascii_case(e))),
        }
    }
}

/// A Word lock (owner) file: `~$name.docx`.
pub fn is_lock_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"))
}

/// Read `--files-from`: NUL-separated when the list holds a NUL byte, else one path per line.
pub fn read_list(path: &Path) -> Result<Vec<PathBuf>, String> {
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    result.map_err(|e| format!("--files-from {}: {e}", path.display()))?;
    let sep = if bytes.contains(&0) { b'\0' } else { b'\n' };
    Ok(bytes
        .split(|&b| b == sep)
        .map(|item| {
            if sep == b'\n' {
                item.strip_suffix(b"\r").unwrap_or(item)
            } else {
                item
            }
        })
        .filter(|item| !item.is_empty())
        .map(bytes_to_path)
        .collect())
}

#[cfg(unix)]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn bytes_to_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

/// A relative path without `..`, `.` or a root: safe to mirror under the output folder.
fn clean_relative(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => out.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    (!out.as_os_str().is_empty()).then_some(out)
}

/// Discover the entries of one input, appending them to `out` in a deterministic order.
///
/// `keep_relative` (for `--files-from`): a relative file path is mirrored as given rather than
/// reduced to its file name.
pub fn discover(input: &Path, keep_relative: bool, filters: &Filters, out: &mut Vec<Entry>) {
    if input.as_os_str() == "-" {
        out.push(Entry {
            input: Input::Stdin,
            display: "-".into(),
            rel: PathBuf::from("stdin"),
            kind: EntryKind::Convert,
        });
        return;
    }
    let display = input.display().to_string();
    let meta = match std::fs::metadata(input) {
        Ok(m) => m,
        Err(e) => {
            out.push(Entry {
                input: Input::File(input.to_path_buf()),
                display,
                rel: input.file_name().map(PathBuf::from).unwrap_or_default(),
                kind: EntryKind::Fail {
                    kind: "io",
                    message: format!("cannot read: {e}"),
                },
            });
            return;
        }
    };
    if !meta.is_dir() {
        let rel = if keep_relative {
            clean_relative(input)
        } else {
            None
        }
        .or_else(|| input.file_name().map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("input"));
        let kind = if is_lock_file(input) {
            EntryKind::Skip("lock file")
        } else {
            EntryKind::Convert
        };
        out.push(Entry {
            input: Input::File(input.to_path_buf()),
            display,
            rel,
            kind,
        });
        return;
    }
    let walker = walkdir::WalkDir::new(input)
        .follow_links(filters.follow)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            e.depth() == 0
                || e.path()
                    .strip_prefix(input)
                    .map_or(true, |rel| !filters.excluded(rel))
        });
    for item in walker {
        match item {
            Ok(e) => {
                if e.file_type().is_dir() || e.path_is_symlink() && !filters.follow {
                    // Symbolic links are left alone unless --follow.
                    continue;
                }
                if !e.file_type().is_file() {
                    continue;
                }
                let rel = e
                    .path()
                    .strip_prefix(input)
                    .unwrap_or(e.path())
                    .to_path_buf();
                if !filters.wanted_in_walk(&rel) {
                    continue;
                }
                let kind = if is_lock_file(&rel) {
                    EntryKind::Skip("lock file")
                } else {
                    EntryKind::Convert
                };
                out.push(Entry {
                    input: Input::File(e.path().to_path_buf()),
                    display: e.path().display().to_string(),
                    rel,
                    kind,
                });
            }
            Err(err) => {
                let path = err.path().unwrap_or(input).to_path_buf();
                let rel = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                let kind = if err.loop_ancestor().is_some() {
                    EntryKind::Skip("symbolic link loop")
                } else {
                    let msg = match err.io_error() {
                        Some(io) => format!("cannot read: {io}"),
                        None => err.to_string(),
                    };
                    EntryKind::Fail {
                        kind: "io",
                        message: msg,
                    }
                };
                out.push(Entry {
                    input: Input::File(path.clone()),
                    display: path.display().to_string(),
                    rel,
                    kind,
                });
            }
        }
    }
}

/// FNV-1a, 64 bits: a fixed hash, identical on every machine and Rust version.
pub fn fnv1a64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The relative path as `/`-separated bytes, the same on every platform.
pub fn rel_key(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

/// Is this entry in shard `k` of `n` (1-based)?
pub fn in_shard(rel: &Path, k: u64, n: u64) -> bool {
    fnv1a64(rel_key(rel).as_bytes()) % n == k - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_published_vectors() {
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn every_path_is_in_exactly_one_shard() {
        for name in ["a.docx", "x/y/z.docx", "中文.docx", "with space.docx"] {
            let hits = (1..=4).filter(|&k| in_shard(Path::new(name), k, 4)).count();
            assert_eq!(hits, 1, "{name}");
        }
    }

    #[test]
    fn lock_files_are_recognised_by_their_prefix() {
        assert!(is_lock_file(Path::new("dir/~$report.docx")));
        assert!(!is_lock_file(Path::new("dir/report~$.docx")));
    }

    #[test]
    fn relative_paths_with_dotdot_are_not_mirrored() {
        assert_eq!(
            clean_relative(Path::new("./a/b.docx")),
            Some(PathBuf::from("a/b.docx"))
        );
        assert_eq!(clean_relative(Path::new("../b.docx")), None);
        assert_eq!(clean_relative(Path::new("/abs/b.docx")), None);
    }
}
