//! A folder walk in a stable order (names sorted, byte by byte, at every level, depth first)
//! that keeps, for each open folder, only its entries' names in one buffer.
//!
//! A sorted walk must read a whole folder before it yields the first entry of it. walkdir,
//! which this replaces, held a full `DirEntry` per entry meanwhile (its path, its type, a
//! depth, an inode: about 150 bytes for a 30-byte name), so a flat folder of a million
//! documents cost about 150 MB before the first conversion; here it costs the names and 12
//! bytes each.

use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What the walk finds: a regular file to take, or a place it could not go.
#[derive(Debug)]
pub enum Found {
    File(PathBuf),
    /// A folder or link that cannot be read, or a followed link back to a folder the walk is
    /// in (`is_loop`).
    Error {
        path: PathBuf,
        is_loop: bool,
        error: Option<io::Error>,
    },
}

/// Whether the walk takes an entry (and, for a folder, goes into it), by its path relative
/// to the root.
pub type Prune = Box<dyn FnMut(&Path) -> bool + Send>;

pub struct SortedWalk {
    root: PathBuf,
    follow: bool,
    keep: Prune,
    /// The root not read yet.
    pending_root: bool,
    open: Vec<Folder>,
}

struct Folder {
    path: PathBuf,
    names: Names,
    next: usize,
    /// Where the folder really is, when links are followed: a followed link to one of the
    /// open folders is a loop.
    real: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Folder,
    File,
    Link,
    Other,
    /// The listing did not say: asked again when the entry is reached.
    Unknown,
}

/// A folder's entries sorted by name: the names one after the other in one buffer, and for
/// each its place in the buffer and its kind (from the folder listing itself, no `stat`).
#[derive(Default)]
struct Names {
    bytes: Vec<u8>,
    entries: Vec<(u32, u32, Kind)>,
}

impl Names {
    fn read(path: &Path) -> io::Result<Names> {
        let mut names = Names::default();
        for entry in fs::read_dir(path)? {
            let entry = entry?;
            let kind = match entry.file_type() {
                Ok(t) if t.is_symlink() => Kind::Link,
                Ok(t) if t.is_dir() => Kind::Folder,
                Ok(t) if t.is_file() => Kind::File,
                Ok(_) => Kind::Other,
                Err(_) => Kind::Unknown,
            };
            let name = entry.file_name();
            let bytes = name_bytes(&name);
            let too_big = || io::Error::other("folder listing larger than 4 GiB");
            let start = u32::try_from(names.bytes.len()).map_err(|_| too_big())?;
            let len = u32::try_from(bytes.len()).map_err(|_| too_big())?;
            names.bytes.extend_from_slice(&bytes);
            names.entries.push((start, len, kind));
        }
        let bytes = &names.bytes;
        let slice = |&(start, len, _): &(u32, u32, Kind)| {
            &bytes[start as usize..start as usize + len as usize]
        };
        names
            .entries
            .sort_unstable_by(|a, b| slice(a).cmp(slice(b)));
        names.entries.shrink_to_fit();
        names.bytes.shrink_to_fit();
        Ok(names)
    }

    fn len(&self) -> usize {
        self.entries.len()
    }

    fn get(&self, i: usize) -> (PathBuf, Kind) {
        let (start, len, kind) = self.entries[i];
        let bytes = &self.bytes[start as usize..(start + len) as usize];
        (bytes_to_path(bytes), kind)
    }
}

#[cfg(unix)]
fn name_bytes(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    use std::os::unix::ffi::OsStrExt;
    std::borrow::Cow::Borrowed(name.as_bytes())
}

// Elsewhere names go through UTF-8 (as `bytes_to_path` reads them back): a name that is not
// Unicode is reached under its lossy spelling and reported as unreadable.
#[cfg(not(unix))]
fn name_bytes(name: &OsStr) -> std::borrow::Cow<'_, [u8]> {
    std::borrow::Cow::Owned(name.to_string_lossy().into_owned().into_bytes())
}

/// A path from its bytes (`--files-from` lines, folder listings). Here, where the walk keeps
/// names as bytes; discover uses it too, so the import goes one way (discover -> walk).
#[cfg(unix)]
pub(super) fn bytes_to_path(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
pub(super) fn bytes_to_path(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

impl SortedWalk {
    /// Walk `root` (always entered, even through a link), taking what `keep` keeps and going
    /// through links to folders only when `follow`.
    pub fn new(root: &Path, follow: bool, keep: Prune) -> SortedWalk {
        SortedWalk {
            root: root.to_path_buf(),
            follow,
            keep,
            pending_root: true,
            open: Vec::new(),
        }
    }

    /// Open the folder at `path`, or say why not.
    fn enter(&mut self, path: PathBuf) -> Option<Found> {
        let real = if self.follow {
            match fs::canonicalize(&path) {
                Ok(real) => {
                    if self.open.iter().any(|f| f.real.as_ref() == Some(&real)) {
                        return Some(Found::Error {
                            path,
                            is_loop: true,
                            error: None,
                        });
                    }
                    Some(real)
                }
                Err(e) => return Some(error(path, e)),
            }
        } else {
            None
        };
        match Names::read(&path) {
            Ok(names) => {
                self.open.push(Folder {
                    path,
                    names,
                    next: 0,
                    real,
                });
                None
            }
            Err(e) => Some(error(path, e)),
        }
    }
}

fn error(path: PathBuf, error: io::Error) -> Found {
    Found::Error {
        path,
        is_loop: false,
        error: Some(error),
    }
}

impl Iterator for SortedWalk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        if self.pending_root {
            self.pending_root = false;
            if let Some(found) = self.enter(self.root.clone()) {
                return Some(found);
            }
        }
        loop {
            let folder = self.open.last_mut()?;
            if folder.next == folder.names.len() {
                self.open.pop();
                continue;
            }
            let (name, kind) = folder.names.get(folder.next);
            folder.next += 1;
            let path = folder.path.join(name);
            let rel = path.strip_prefix(&self.root).unwrap_or(&path);
            if !(self.keep)(rel) {
                continue;
            }
            let kind = match kind {
                Kind::Unknown => match fs::symlink_metadata(&path) {
                    Ok(m) if m.file_type().is_symlink() => Kind::Link,
                    Ok(m) if m.is_dir() => Kind::Folder,
                    Ok(m) if m.is_file() => Kind::File,
                    Ok(_) => Kind::Other,
                    Err(e) => return Some(error(path, e)),
                },
                kind => kind,
            };
            let kind = match kind {
                Kind::Link if self.follow => match fs::metadata(&path) {
                    Ok(m) if m.is_dir() => Kind::Folder,
                    Ok(m) if m.is_file() => Kind::File,
                    Ok(_) => Kind::Other,
                    Err(e) => return Some(error(path, e)),
                },
                kind => kind,
            };
            match kind {
                Kind::File => return Some(Found::File(path)),
                Kind::Folder => {
                    if let Some(found) = self.enter(path) {
                        return Some(found);
                    }
                }
                // Links are left alone unless followed; sockets, pipes and devices always.
                Kind::Link | Kind::Other | Kind::Unknown => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn walk(root: &Path, follow: bool, keep: Prune) -> Vec<String> {
        SortedWalk::new(root, follow, keep)
            .map(|found| match found {
                Found::File(p) => p.strip_prefix(root).unwrap().display().to_string(),
                Found::Error { path, is_loop, .. } => format!(
                    "{} {}",
                    if is_loop { "loop" } else { "error" },
                    path.strip_prefix(root).unwrap_or(&path).display()
                ),
            })
            .collect()
    }

    fn keep_all() -> Prune {
        Box::new(|_| true)
    }

    #[test]
    fn files_come_sorted_by_name_at_every_level_depth_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for f in [
            "b.docx",
            "a/z.docx",
            "a/c/d.docx",
            "B.docx",
            "a0.docx",
            "é.docx",
        ] {
            let p = root.join(f);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(p, b"").unwrap();
        }
        fs::create_dir(root.join("empty")).unwrap();
        assert_eq!(
            walk(root, false, keep_all()),
            [
                "B.docx",
                "a/c/d.docx",
                "a/z.docx",
                "a0.docx",
                "b.docx",
                "é.docx"
            ]
        );
        // A pruned folder is not entered.
        let no_c: Prune = Box::new(|rel| rel != Path::new("a/c"));
        assert_eq!(
            walk(root, false, no_c),
            ["B.docx", "a/z.docx", "a0.docx", "b.docx", "é.docx"]
        );
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_when_asked_and_a_loop_is_reported_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        fs::create_dir_all(dir.path().join("target")).unwrap();
        fs::create_dir_all(&root).unwrap();
        fs::write(dir.path().join("target/t.docx"), b"").unwrap();
        fs::write(root.join("r.docx"), b"").unwrap();
        std::os::unix::fs::symlink(dir.path().join("target"), root.join("link")).unwrap();
        std::os::unix::fs::symlink(&root, root.join("loop")).unwrap();
        std::os::unix::fs::symlink(root.join("nowhere"), root.join("dangling")).unwrap();
        assert_eq!(walk(&root, false, keep_all()), ["r.docx"]);
        assert_eq!(
            walk(&root, true, keep_all()),
            ["error dangling", "link/t.docx", "loop loop", "r.docx"]
        );
    }

    #[test]
    fn a_missing_root_is_one_error() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join("gone");
        let found: Vec<Found> = SortedWalk::new(&gone, false, keep_all()).collect();
        assert!(
            matches!(&found[..], [Found::Error { path, is_loop: false, error: Some(e) }]
                if *path == gone && e.kind() == io::ErrorKind::NotFound),
            "{found:?}"
        );
    }
}
