//! The OPC package: ZIP access with limits, `[Content_Types].xml`, relationships, and part-name
//! resolution. Parts are found through relationships, never by fixed path; entry names are
//! looked up case-insensitively because real writers disagree on case.

mod cache;
mod content_types;
mod inflate;
mod part_stream;
mod relationships;
mod sparse;

use crate::HashMap;
use std::io::Read;
use std::path::Path;

pub(crate) use cache::Key as CacheKey;
pub use cache::PartCache;
pub(crate) use content_types::ContentTypes;
pub(crate) use part_stream::PartStream;
pub(crate) use relationships::Relationships;
pub(crate) use sparse::PackageBytes;
pub use sparse::SparsePackage;

use crate::error::limit;
use crate::model::{Warning, WarningCode};
use crate::{Error, ErrorKind, Limits, Result};
use inflate::Guard;

/// Open a file to read, with its length; a directory is refused.
fn open_file(path: &Path) -> Result<(std::fs::File, u64)> {
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(Error::new(ErrorKind::Io(std::io::Error::other(
            "is a directory",
        ))));
    }
    Ok((file, meta.len()))
}

/// Read a whole file, refusing a directory and a file larger than `max` bytes before any of
/// it is read.
pub(crate) fn read_file_limited(path: &Path, max: u64) -> Result<Vec<u8>> {
    let (file, len) = open_file(path)?;
    if len > max {
        return Err(limit("input size in bytes", max));
    }
    read_limited(file, len, max)
}

/// Read a file into `buf` for conversion only, leaving large images under `word/media/`
/// unread (see `sparse`); refuses a directory and a file larger than `max` bytes.
pub(crate) fn read_file_without_media(
    path: &Path,
    max: u64,
    buf: &mut SparsePackage,
) -> Result<()> {
    let (file, len) = open_file(path)?;
    read_open_file_without_media(file, len, max, buf)
}

/// [`read_file_without_media`] for a file already open, of length `len`.
pub(crate) fn read_open_file_without_media(
    file: std::fs::File,
    len: u64,
    max: u64,
    buf: &mut SparsePackage,
) -> Result<()> {
    if len > max {
        return Err(limit("input size in bytes", max));
    }
    sparse::read_without_media(file, len, buf)?;
    Ok(())
}

/// Read everything from `reader`, refusing more than `max` bytes. `hint` (a file's length,
/// already checked against `max`) sizes the buffer; without one it grows by halves, never
/// to a power of two past what was read, so a stream of `max` bytes costs `max`, not twice.
pub(crate) fn read_limited(mut reader: impl Read, hint: u64, max: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::with_capacity(hint.min(max) as usize);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e.into()),
        };
        if bytes.len() as u64 + n as u64 > max {
            return Err(limit("input size in bytes", max));
        }
        if bytes.capacity() - bytes.len() < n {
            let left = usize::try_from(max).unwrap_or(usize::MAX) - bytes.len();
            bytes.reserve_exact((bytes.len() / 2).max(n).min(left));
        }
        bytes.extend_from_slice(&chunk[..n]);
    }
    Ok(bytes)
}

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Say what an OLE compound file holds: an encrypted OOXML package stores its payload in a
/// stream named `EncryptedPackage`, a legacy Word file in `WordDocument` (names are UTF-16LE).
fn classify_ole(bytes: &[u8]) -> ErrorKind {
    let utf16 = |s: &str| {
        s.encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect::<Vec<u8>>()
    };
    let contains = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    if contains(&utf16("EncryptedPackage")) || contains(&utf16("EncryptionInfo")) {
        ErrorKind::Encrypted
    } else {
        ErrorKind::LegacyDoc
    }
}

/// An opened package over bytes in memory.
/// A part as the archive stores it, its limits checked, not yet inflated.
pub(crate) struct StoredPart<'a> {
    index: usize,
    method: Option<inflate::Method>,
    pub crc: u32,
    guard: Guard,
    /// The compressed bytes, when held in memory or read from the file (else the zip crate
    /// reads the entry).
    pub data: Option<std::borrow::Cow<'a, [u8]>>,
}

impl StoredPart<'_> {
    /// The uncompressed size the archive declares.
    pub fn declared(&self) -> u64 {
        self.guard.declared
    }
}

/// Where a part's stored bytes are in the file: their start and their compressed length.
type StoredRange = (u64, u64);

pub(crate) struct Package<'a> {
    archive: zip::ZipArchive<sparse::PackageReader<'a>>,
    /// What the archive reads from: entries held in memory are inflated straight from it.
    bytes: PackageBytes<'a>,
    /// Lower-cased entry name -> entry index.
    entries: HashMap<String, usize>,
    pub content_types: ContentTypes,
    limits: Limits,
    total_read: u64,
    /// Problems with the package itself (duplicate entries, missing content types).
    pub warnings: Vec<Warning>,
}

impl<'a> Package<'a> {
    pub fn open(bytes: PackageBytes<'a>, limits: &Limits) -> Result<Package<'a>> {
        if bytes.len() == 0 {
            return Err(Error::new(ErrorKind::Empty));
        }
        // A sparse read holds the first bytes, and the whole of anything that is no ZIP.
        let head = bytes.starting_at(0);
        if head.starts_with(&OLE_MAGIC) {
            return Err(Error::new(classify_ole(head)));
        }
        let archive = match zip::ZipArchive::new(bytes.reader()) {
            Ok(a) => a,
            Err(e) if head.starts_with(b"PK") => {
                return Err(Error::new(ErrorKind::CorruptZip(e.to_string())))
            }
            Err(_) => return Err(Error::new(ErrorKind::NotZip)),
        };
        if archive.len() > limits.max_entries {
            return Err(limit("number of ZIP entries", limits.max_entries as u64));
        }
        let mut package = Package {
            bytes,
            entries: HashMap::with_capacity_and_hasher(archive.len(), Default::default()),
            archive,
            content_types: ContentTypes::default(),
            limits: limits.clone(),
            total_read: 0,
            warnings: Vec::new(),
        };
        package.refuse_overlapping_entries()?;
        // The zip crate keeps the last of entries with the same name: say so.
        if package.archive.has_duplicate_names() {
            package.warnings.push(Warning::new(
                WarningCode::DuplicateZipEntry,
                "",
                "duplicate ZIP entry names; the last entry of each name is used",
            ));
        }
        for index in 0..package.archive.len() {
            let Some(Ok(name)) = package.archive.name_for_index(index) else {
                continue;
            };
            let key = normalize_entry_name(&name);
            if package.entries.insert(key, index).is_some() {
                package.warnings.push(Warning::new(
                    WarningCode::DuplicateZipEntry,
                    name.to_string(),
                    "duplicate ZIP entry; the last one is used",
                ));
            }
        }
        package.warn_about_unicode_path_renames(bytes);
        match package.read_part("[Content_Types].xml")? {
            Some(xml) => package.content_types = ContentTypes::parse(&xml),
            None => package.warnings.push(Warning::new(
                WarningCode::MissingContentTypes,
                "",
                "no [Content_Types].xml; media types guessed from extensions",
            )),
        }
        Ok(package)
    }

    /// Entries whose bytes overlap are the non-recursive zip bomb's design (many directory
    /// entries sharing one compressed kernel, each inflating to the limit): refused, as
    /// Info-ZIP's unzip 6.0-27 and Python's zipfile do. Each entry holds at least its 30-byte
    /// local header and its compressed data; no local header is read to find that out.
    fn refuse_overlapping_entries(&self) -> Result<()> {
        const LOCAL_HEADER: u64 = 30;
        let mut spans: Vec<(u64, u64)> = (0..self.archive.len())
            .filter_map(|index| self.archive.by_index_data(index).ok())
            .map(|e| {
                let start = e.header_start();
                (
                    start,
                    start.saturating_add(LOCAL_HEADER + e.compressed_size()),
                )
            })
            .collect();
        spans.sort_unstable();
        let overlap = spans.windows(2).find(|w| w[0].1 > w[1].0);
        match overlap {
            Some(w) => Err(Error::new(ErrorKind::CorruptZip(format!(
                "overlapping ZIP entries (the entry at byte {} runs into the one at byte {}), \
                 a zip bomb design",
                w[0].0, w[1].0
            )))),
            None => Ok(()),
        }
    }

    /// The zip crate honours the Info-ZIP Unicode Path extra field (0x7075, APPNOTE 4.6.9): when
    /// the field's CRC-32 matches the header's name, the UTF-8 name in the field is the entry's
    /// name, as Info-ZIP, 7-Zip and Python 3.12's zipfile have it. When an entry's header name is
    /// renamed that way and another entry now carries the header name, readers that ignore the
    /// field (pandoc) read other content under the same name: say so, it is ambiguous on purpose.
    fn warn_about_unicode_path_renames(&mut self, bytes: PackageBytes) {
        for index in 0..self.archive.len() {
            let Ok(entry) = self.archive.by_index_data(index) else {
                continue;
            };
            let Some(header) = central_header_name(bytes, entry.central_header_start()) else {
                continue;
            };
            if header == entry.name_raw() {
                continue;
            }
            let header = String::from_utf8_lossy(header).into_owned();
            let other = self.entries.get(&normalize_entry_name(&header));
            if other.is_some_and(|&other| other != index) {
                let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
                self.warnings.push(Warning {
                    code: WarningCode::AmbiguousZipEntryName,
                    part: header.clone(),
                    message: format!(
                        "ambiguous ZIP entry names: the entry whose header names `{header}` is \
                         `{name}` by its Unicode Path field (0x7075), and another entry is named \
                         `{header}`; the Unicode Path names are used (readers that ignore the \
                         field read the other entry)"
                    ),
                });
            }
        }
    }

    pub fn has_part(&self, name: &str) -> bool {
        self.entries.contains_key(&normalize_entry_name(name))
    }

    /// Read a part's bytes, or `None` when the package has no such entry. Limits on size,
    /// ratio and total are checked against the declared sizes first (so a bomb fails before it
    /// is inflated) and again against the bytes actually inflated.
    pub fn read_part(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        match self.stored_part(name)? {
            Some(stored) => self.inflate(name, &stored).map(Some),
            None => Ok(None),
        }
    }

    /// The uncompressed size the archive declares for a part, without reading it.
    pub fn declared_size(&mut self, name: &str) -> Option<u64> {
        let index = *self.entries.get(&normalize_entry_name(name))?;
        self.archive
            .by_index_raw(index)
            .ok()
            .map(|entry| entry.size())
    }

    /// A part as stored, its limits checked against the declared sizes, not yet inflated;
    /// `None` when the package has no such entry.
    pub fn stored_part(&mut self, name: &str) -> Result<Option<StoredPart<'a>>> {
        let Some((mut stored, range)) = self.stored_entry(name)? else {
            return Ok(None);
        };
        // Held in memory, or read now from the file a sparse package was read from.
        stored.data =
            range.and_then(|(start, len)| self.bytes.read_range(start, usize::try_from(len).ok()?));
        Ok(Some(stored))
    }

    /// [`Package::stored_part`] without its bytes (`data` is `None`), and where they are in
    /// the file when the archive says.
    fn stored_entry(
        &mut self,
        name: &str,
    ) -> Result<Option<(StoredPart<'a>, Option<StoredRange>)>> {
        let Some(&index) = self.entries.get(&normalize_entry_name(name)) else {
            return Ok(None);
        };
        let limits = &self.limits;
        let entry = self
            .archive
            .by_index_raw(index)
            .map_err(|e| zip_error(e).in_part(name))?;
        let encrypted = entry.encrypted();
        let declared = entry.size();
        let compressed_size = entry.compressed_size();
        // Stored and deflated entries whose bytes are in memory are inflated straight from
        // them with this thread's inflater; anything else goes through the zip crate.
        let method = match entry.compression() {
            zip::CompressionMethod::Stored => Some(inflate::Method::Stored),
            zip::CompressionMethod::Deflated => Some(inflate::Method::Deflated),
            _ => None,
        };
        let data_start = entry.data_start();
        let crc = entry.crc32();
        drop(entry);
        if encrypted {
            return Err(Error::new(ErrorKind::Encrypted).in_part(name));
        }
        let remaining = limits.max_total_bytes.saturating_sub(self.total_read);
        let guard = Guard {
            max: limits.max_part_bytes.min(remaining),
            declared,
            compressed: compressed_size.max(1),
            max_ratio: limits.max_compression_ratio,
        };
        // The ratio first: a zip bomb is reported as one, whatever its declared size.
        if guard.too_inflated(declared) {
            return Err(self.ratio_error().in_part(name));
        }
        if declared > limits.max_part_bytes {
            return Err(
                limit("uncompressed size of one part", limits.max_part_bytes).in_part(name),
            );
        }
        if declared > remaining {
            return Err(self.all_parts_error().in_part(name));
        }
        // A deflate stream is never much larger than what it inflates to: a larger one is a
        // lie, and is not read into memory to find that out.
        if compressed_size > limits.max_part_bytes.saturating_add(1 << 20) {
            return Err(
                limit("uncompressed size of one part", limits.max_part_bytes).in_part(name),
            );
        }
        let stored = StoredPart {
            index,
            method,
            crc,
            guard,
            data: None,
        };
        Ok(Some((
            stored,
            data_start.map(|start| (start, compressed_size)),
        )))
    }

    /// Inflate a part found with [`Package::stored_part`], checking the limits again against
    /// the bytes actually inflated.
    pub fn inflate(&mut self, name: &str, stored: &StoredPart<'_>) -> Result<Vec<u8>> {
        let StoredPart {
            index,
            method,
            crc,
            ref guard,
            ref data,
        } = *stored;
        let mut bytes = Vec::with_capacity(guard.first_capacity(guard.declared));
        let read = match (method, data) {
            (Some(method), Some(data)) => inflate::entry(method, data, crc, guard, &mut bytes),
            _ => self.read_through_zip(index, guard, &mut bytes),
        };
        match read {
            Ok(()) => {}
            Err(inflate::Failure::TooLarge) => return Err(self.size_error(guard).in_part(name)),
            Err(inflate::Failure::TooInflated) => return Err(self.ratio_error().in_part(name)),
            Err(inflate::Failure::Corrupt(e)) => return Err(e.in_part(name)),
        }
        self.total_read += bytes.len() as u64;
        Ok(bytes)
    }

    /// Count a part taken from a [`PartCache`] as read: the limit on all parts read holds
    /// whether a part was inflated here or found inflated before.
    pub fn count_cached(&mut self, name: &str, inflated_len: u64) -> Result<()> {
        let remaining = self.limits.max_total_bytes.saturating_sub(self.total_read);
        if inflated_len > remaining {
            return Err(self.all_parts_error().in_part(name));
        }
        self.total_read += inflated_len;
        Ok(())
    }

    /// Read an entry through the zip crate's readers (other compression methods, entries not
    /// held in memory), in chunks, so a lying header cannot make us inflate far past the
    /// ratio limit.
    fn read_through_zip(
        &mut self,
        index: usize,
        guard: &Guard,
        bytes: &mut Vec<u8>,
    ) -> std::result::Result<(), inflate::Failure> {
        let mut file = self
            .archive
            .by_index(index)
            .map_err(|e| inflate::Failure::Corrupt(zip_error(e)))?;
        // Never trust the declared size: read at most `max` (+1 to notice more).
        let mut reader = (&mut file).take(guard.max + 1);
        loop {
            let n = (&mut reader)
                .take(inflate::CHUNK as u64)
                .read_to_end(bytes)
                .map_err(|e| inflate::Failure::Corrupt(read_error(e)))?;
            if n == 0 {
                break;
            }
            guard.check(bytes.len())?;
        }
        Ok(())
    }

    fn ratio_error(&self) -> Error {
        ratio_error(&self.limits)
    }

    fn size_error(&self, guard: &Guard) -> Error {
        size_error(&self.limits, guard)
    }

    fn all_parts_error(&self) -> Error {
        all_parts_error(&self.limits)
    }

    /// The relationships of `part` (from `dir/_rels/name.rels`); empty when there are none.
    pub fn relationships(&mut self, part: &str) -> Result<Relationships> {
        let rels_name = relationships::rels_part_name(part);
        match self.read_part(&rels_name)? {
            Some(xml) => Ok(Relationships::parse(part, &xml)),
            None => Ok(Relationships::default()),
        }
    }
}

fn ratio_error(limits: &Limits) -> Error {
    limit("compression ratio", limits.max_compression_ratio)
}

/// A part past `guard.max`: past the limit on one part, or on all parts read so far.
fn size_error(limits: &Limits, guard: &Guard) -> Error {
    if guard.max == limits.max_part_bytes {
        limit("uncompressed size of one part", limits.max_part_bytes)
    } else {
        all_parts_error(limits)
    }
}

fn all_parts_error(limits: &Limits) -> Error {
    limit("uncompressed size of all parts", limits.max_total_bytes)
}

/// The file name in the central-directory header at `offset`, as written in the header (before
/// any Unicode Path field renames it); `None` when no such header is there.
fn central_header_name(bytes: PackageBytes<'_>, offset: u64) -> Option<&[u8]> {
    const SIGNATURE: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    const FIXED: usize = 46;
    let header = bytes.get(offset, FIXED)?;
    if header[..4] != SIGNATURE {
        return None;
    }
    let len = usize::from(u16::from_le_bytes([header[28], header[29]]));
    bytes.starting_at(offset).get(FIXED..FIXED + len)
}

fn normalize_entry_name(name: &str) -> String {
    name.trim_start_matches('/')
        .replace('\\', "/")
        .to_lowercase()
}

fn zip_error(e: zip::result::ZipError) -> Error {
    match e {
        zip::result::ZipError::Io(io) => read_error(io),
        zip::result::ZipError::UnsupportedArchive(m)
            if m.contains("ncrypt") || m.contains("assword") =>
        {
            Error::new(ErrorKind::Encrypted)
        }
        other => Error::new(ErrorKind::CorruptZip(other.to_string())),
    }
}

/// Inflating from memory cannot fail for I/O reasons: any error is damage (bad CRC, bad data).
fn read_error(e: std::io::Error) -> Error {
    Error::new(ErrorKind::CorruptZip(e.to_string()))
}
