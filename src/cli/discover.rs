//! Discover: turn the inputs (files, folders, `-`, `--files-from`) into an ordered stream of
//! entries, each with the path relative to its input root (for the output tree and the shard
//! hash). Lock files and filtered entries never become jobs. Entries are found as the batch
//! asks for them: a folder of a million files is walked, never listed whole in memory.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use super::failure::FailureKind;
use super::walk::{bytes_to_path, Found, Prune, SortedWalk};

/// Extensions taken from walked folders when no `--glob` is given.
pub const DEFAULT_EXTENSIONS: [&str; 4] = ["docx", "docm", "dotx", "dotm"];

/// Formats older or other than Office Open XML, met while walking folders: each is skipped
/// with its reason, so that the summary can count them (`12 legacy .doc files not
/// converted`). A file named on the command line is tried whatever its extension.
pub const LEGACY_FORMATS: [(&str, &str); 4] = [
    ("doc", "legacy .doc format, not converted"),
    ("rtf", "legacy .rtf format, not converted"),
    ("odt", "legacy .odt format, not converted"),
    ("wpd", "legacy .wpd format, not converted"),
];

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
    Fail { kind: FailureKind, message: String },
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

    /// The skip reason of a legacy file met in a walk, unless `--glob` chose the files.
    fn legacy_in_walk(&self, rel: &Path) -> Option<&'static str> {
        if self.include.is_some() || is_lock_file(rel) {
            return None;
        }
        let ext = rel.extension()?.to_str()?;
        LEGACY_FORMATS
            .iter()
            .find(|(legacy, _)| legacy.eq_ignore_ascii_case(ext))
            .map(|(_, reason)| *reason)
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

/// The paths of `--files-from`, read as they are needed: NUL-separated when the list's first
/// 64 KiB hold a NUL byte (`find -print0`), else one path per line.
pub struct ListReader {
    name: PathBuf,
    reader: Box<dyn BufRead + Send>,
    separator: Option<u8>,
    item: Vec<u8>,
}

impl ListReader {
    /// Open the list (`-` is standard input); failing to open it is a usage error.
    pub fn open(path: &Path) -> Result<ListReader, String> {
        let raw: Box<dyn Read + Send> = if path.as_os_str() == "-" {
            Box::new(io::stdin())
        } else {
            let file = std::fs::File::open(path)
                .map_err(|e| format!("--files-from {}: {e}", path.display()))?;
            Box::new(file)
        };
        Ok(ListReader {
            name: path.to_path_buf(),
            reader: Box::new(BufReader::with_capacity(64 * 1024, raw)),
            separator: None,
            item: Vec::new(),
        })
    }
}

impl Iterator for ListReader {
    /// A path, or the error that ended the list.
    type Item = Result<PathBuf, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let fail =
            |name: &Path, e: io::Error| Some(Err(format!("--files-from {}: {e}", name.display())));
        let separator = match self.separator {
            Some(sep) => sep,
            None => {
                let head = match self.reader.fill_buf() {
                    Ok(head) => head,
                    Err(e) => return fail(&self.name, e),
                };
                let sep = if head.contains(&0) { b'\0' } else { b'\n' };
                self.separator = Some(sep);
                sep
            }
        };
        loop {
            self.item.clear();
            match self.reader.read_until(separator, &mut self.item) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => return fail(&self.name, e),
            }
            let mut item = &self.item[..];
            item = item.strip_suffix(&[separator]).unwrap_or(item);
            if separator == b'\n' {
                item = item.strip_suffix(b"\r").unwrap_or(item);
            }
            if !item.is_empty() {
                return Some(Ok(bytes_to_path(item)));
            }
        }
    }
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

/// Every input's entries in order: the named inputs, then those of `--files-from`.
pub struct Discovery {
    filters: Arc<Filters>,
    inputs: std::vec::IntoIter<PathBuf>,
    /// More than one input on the command line: each folder is mirrored under its own name,
    /// as `cp -r 2022 2023 out/` does, so that inputs with the same layout do not collide.
    under_root_names: bool,
    list: Option<ListReader>,
    walk: Option<Walk>,
}

impl Discovery {
    pub fn new(inputs: Vec<PathBuf>, list: Option<ListReader>, filters: Arc<Filters>) -> Self {
        Discovery {
            filters,
            under_root_names: inputs.len() > 1,
            inputs: inputs.into_iter(),
            list,
            walk: None,
        }
    }
}

impl Iterator for Discovery {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        loop {
            if let Some(walk) = &mut self.walk {
                if let Some(entry) = walk.next() {
                    return Some(entry);
                }
                self.walk = None;
            }
            let (input, keep_relative, under_name) = match self.inputs.next() {
                Some(input) => (input, false, self.under_root_names),
                None => match self.list.as_mut()?.next() {
                    Some(Ok(input)) => (input, true, false),
                    Some(Err(message)) => {
                        // A list that cannot be read to its end: one failure, and no more.
                        self.list = None;
                        return Some(Entry {
                            input: Input::File(PathBuf::from("--files-from")),
                            display: "--files-from".into(),
                            rel: PathBuf::from("--files-from"),
                            kind: EntryKind::Fail {
                                kind: FailureKind::Io,
                                message,
                            },
                        });
                    }
                    None => {
                        self.list = None;
                        return None;
                    }
                },
            };
            match start(&input, keep_relative, under_name, &self.filters) {
                Start::One(entry) => return Some(entry),
                Start::Walk(walk) => self.walk = Some(walk),
            }
        }
    }
}

enum Start {
    One(Entry),
    Walk(Walk),
}

/// Start discovering one input: a file (or `-`, or an error) is one entry, a folder a walk.
///
/// `keep_relative` (for `--files-from`): a relative file path is mirrored as given rather than
/// reduced to its file name. `under_name`: a folder's files are mirrored under the folder's
/// own name (`2023/a.docx`), not directly in the output folder.
fn start(input: &Path, keep_relative: bool, under_name: bool, filters: &Arc<Filters>) -> Start {
    if input.as_os_str() == "-" {
        return Start::One(Entry {
            input: Input::Stdin,
            display: "-".into(),
            rel: PathBuf::from("stdin"),
            kind: EntryKind::Convert,
        });
    }
    let display = input.display().to_string();
    let meta = match std::fs::metadata(input) {
        Ok(m) => m,
        Err(e) => {
            return Start::One(Entry {
                input: Input::File(input.to_path_buf()),
                display,
                rel: input.file_name().map(PathBuf::from).unwrap_or_default(),
                kind: EntryKind::Fail {
                    kind: FailureKind::Io,
                    message: format!("cannot read: {e}"),
                },
            });
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
        return Start::One(Entry {
            input: Input::File(input.to_path_buf()),
            display,
            rel,
            kind,
        });
    }
    // `--exclude` prunes whole folders.
    let excluded = Arc::clone(filters);
    let keep: Prune = Box::new(move |rel| !excluded.excluded(rel));
    Start::Walk(Walk {
        root: input.to_path_buf(),
        prefix: if under_name {
            root_name(input)
        } else {
            PathBuf::new()
        },
        filters: Arc::clone(filters),
        items: SortedWalk::new(input, filters.follow, keep),
    })
}

/// The name a folder input is mirrored under: its last component (`2023` for `in/2023/`),
/// or for `.` and `..` the name of the folder they are.
fn root_name(folder: &Path) -> PathBuf {
    let name = folder.file_name().map(PathBuf::from).or_else(|| {
        let real = std::fs::canonicalize(folder).ok()?;
        real.file_name().map(PathBuf::from)
    });
    name.unwrap_or_else(|| PathBuf::from("input"))
}

/// A folder being walked, in a deterministic order (sorted by file name at every level).
struct Walk {
    root: PathBuf,
    /// Put before every relative path: the folder's name, or nothing (see [`root_name`]).
    prefix: PathBuf,
    filters: Arc<Filters>,
    items: SortedWalk,
}

impl Iterator for Walk {
    type Item = Entry;

    fn next(&mut self) -> Option<Entry> {
        let input = &self.root;
        for found in self.items.by_ref() {
            match found {
                Found::File(path) => {
                    let rel = path.strip_prefix(input).unwrap_or(&path).to_path_buf();
                    let kind = if let Some(reason) = self.filters.legacy_in_walk(&rel) {
                        EntryKind::Skip(reason)
                    } else if !self.filters.wanted_in_walk(&rel) {
                        continue;
                    } else if is_lock_file(&rel) {
                        EntryKind::Skip("lock file")
                    } else {
                        EntryKind::Convert
                    };
                    return Some(Entry {
                        display: path.display().to_string(),
                        input: Input::File(path),
                        rel: self.prefix.join(rel),
                        kind,
                    });
                }
                Found::Error {
                    path,
                    is_loop,
                    error,
                } => {
                    let rel = self.prefix.join(path.strip_prefix(input).unwrap_or(&path));
                    let kind = if is_loop {
                        EntryKind::Skip("symbolic link loop")
                    } else {
                        let message = match error {
                            Some(io) => format!("cannot read: {io}"),
                            None => "cannot read".to_string(),
                        };
                        EntryKind::Fail {
                            kind: FailureKind::Io,
                            message,
                        }
                    };
                    return Some(Entry {
                        display: path.display().to_string(),
                        input: Input::File(path),
                        rel,
                        kind,
                    });
                }
            }
        }
        None
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

/// Is this entry in the run's shard `(k, n)`, shard `k` of `n` (1-based)? Without `--shard`
/// every entry is.
pub fn in_shard(rel: &Path, shard: Option<(u64, u64)>) -> bool {
    shard.is_none_or(|(k, n)| fnv1a64(rel_key(rel).as_bytes()) % n == k - 1)
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
            let hits = (1..=4)
                .filter(|&k| in_shard(Path::new(name), Some((k, 4))))
                .count();
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

    fn list_of(bytes: &[u8]) -> Vec<PathBuf> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list");
        std::fs::write(&path, bytes).unwrap();
        ListReader::open(&path)
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap()
    }

    #[test]
    fn a_list_is_split_on_nul_when_it_holds_one_else_on_lines() {
        assert_eq!(
            list_of(b"a.docx\r\n\nb c.docx\nlast.docx"),
            [
                Path::new("a.docx"),
                Path::new("b c.docx"),
                Path::new("last.docx")
            ]
        );
        assert_eq!(
            list_of(b"with\nnewline.docx\0\0b.docx\0"),
            [Path::new("with\nnewline.docx"), Path::new("b.docx")]
        );
        assert!(list_of(b"").is_empty());
        // A long list is read in pieces: the items across piece boundaries stay whole.
        let long: Vec<String> = (0..20_000).map(|i| format!("dir/{i:05}.docx")).collect();
        let read = list_of(long.join("\n").as_bytes());
        assert_eq!(read.len(), 20_000);
        assert_eq!(read[19_999], Path::new("dir/19999.docx"));
    }

    #[test]
    fn a_missing_list_is_refused_when_opened() {
        let err = ListReader::open(Path::new("/nonexistent/docxtract/list")).err();
        assert!(err.is_some_and(|e| e.contains("--files-from")));
    }
}
