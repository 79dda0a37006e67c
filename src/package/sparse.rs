//! Read a package without its photos. A conversion inflates the XML parts and never touches
//! `word/media/`, yet on newsroom files the photos are nine tenths of the bytes: reading them
//! was a sixth of the CPU of a batch. Here the end of the file (end-of-central-directory
//! record and central directory) is read first, then every entry except large images and
//! other large parts (64 KiB compressed or more), each from its local header to the next
//! entry. A large part, the main part of a long document above all, is inflated from the
//! file as it is read, a bounded chunk at a time, so memory never holds its compressed bytes. A prefix before the archive (a self-extractor
//! stub, or junk) is skipped. Anything unusual (ZIP64, entries out of order) falls back to
//! reading the whole file when it is small, and else to reading only its first and last bytes.
//! The file stays open beside the bytes read: whatever the ZIP reader asks for that was not
//! read (a photo for `--extract-media`, a central directory of an odd archive) is read from
//! the file when it is asked for, one range at a time, so memory follows the parts read and
//! never the size of the file.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

/// Below this a file is read whole: one read is cheaper than several. Small, because each
/// worker keeps its buffer at the largest size it has read: a photo read whole with a small
/// article stays resident for the rest of the batch (two 128 KiB reads were a third of the
/// live heap of a 1,000-article run, and no faster).
const MIN_SPARSE_FILE: u64 = 32 * 1024;
/// An image entry is left unread only when it is at least this large (compressed).
const MIN_SKIPPED_ENTRY: u64 = 16 * 1024;
/// Any other entry at least this large (compressed) is left in the file too: a large main
/// part is inflated from the file a chunk at a time (`PartStream`), so that memory does not
/// hold its compressed bytes (issue 18 §4); a part read whole reads its range when asked.
const MIN_PART_LEFT_IN_FILE: u64 = 64 * 1024;
/// The local header of a skipped entry is still read (the ZIP reader may check it).
const LOCAL_HEADER_BYTES: u64 = 512;
/// Ranges this close are read as one, gap included.
const MERGE_GAP: u64 = 4096;
/// An unusual file (ZIP64, entries out of order) up to this size is read whole; a larger one
/// is read on demand.
const MAX_WHOLE_UNUSUAL_FILE: u64 = 16 << 20;
/// The first bytes of a file are always read: they tell a non-ZIP input apart.
const HEAD_BYTES: u64 = 4096;
/// End-of-central-directory record (22 bytes) plus the longest comment.
const MAX_EOCD_TAIL: u64 = 22 + 0xFFFF;
/// The end read first: the record and a short comment, usually the directory too.
const SHORT_EOCD_TAIL: u64 = 4096;

/// A package file read without its large images: only the byte ranges that were read are
/// held, each at its offset in the file, so memory follows the XML a conversion needs rather
/// than the photos. Keep one per thread and reuse it: its buffer is kept between files.
#[derive(Debug, Default)]
pub struct SparsePackage {
    /// The bytes read, piece after piece.
    data: Vec<u8>,
    /// Where each piece sits in the file, sorted by offset. Empty: `data` is the whole file.
    pieces: Vec<Piece>,
    /// The file's length.
    len: u64,
    /// The compressed bytes of the parts other than images left in the file, to be read
    /// from it when a conversion asks for them.
    left_in_file: u64,
    /// The file the pieces were read from, for the ranges left unread.
    file: Option<File>,
}

/// A package already in memory (a small standard input), held whole.
impl From<Vec<u8>> for SparsePackage {
    fn from(data: Vec<u8>) -> SparsePackage {
        SparsePackage {
            len: data.len() as u64,
            data,
            pieces: Vec::new(),
            left_in_file: 0,
            file: None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece {
    /// Offset in the file.
    offset: u64,
    /// Where the piece starts in `data`.
    start: usize,
    len: usize,
}

impl SparsePackage {
    pub const fn new() -> SparsePackage {
        SparsePackage {
            data: Vec::new(),
            pieces: Vec::new(),
            len: 0,
            left_in_file: 0,
            file: None,
        }
    }

    /// The length of the file.
    pub fn file_len(&self) -> u64 {
        self.len
    }

    /// How many of the file's bytes were read and are held.
    pub fn bytes_read(&self) -> usize {
        self.data.len()
    }

    /// The compressed bytes of the parts a conversion may read: those held, and the large
    /// parts left in the file, to be inflated from it as they are read. Never the photos.
    pub fn parts_bytes(&self) -> u64 {
        self.data.len() as u64 + self.left_in_file
    }

    /// The whole file, when it was read whole (small, or unusual, see the module).
    pub fn whole(&self) -> Option<&[u8]> {
        self.pieces.is_empty().then_some(&self.data[..])
    }

    /// The bytes the buffer can hold without growing.
    pub fn capacity(&self) -> usize {
        self.data.capacity()
    }

    pub(crate) fn bytes(&self) -> PackageBytes<'_> {
        PackageBytes {
            data: &self.data,
            pieces: &self.pieces,
            len: self.len,
            file: self.file.as_ref(),
        }
    }

    /// The SHA-256 of the whole file, as lowercase hex: of the bytes held when the file was
    /// read whole, else of the file read through once. An error when neither is there (the
    /// file was closed).
    pub fn sha256_hex(&self) -> io::Result<String> {
        self.bytes().sha256_hex()
    }

    /// Close the file the package was read from (its bytes read so far stay). A worker that
    /// keeps its buffer between inputs calls this so as not to hold a file open.
    pub fn close_file(&mut self) {
        self.file = None;
    }

    fn clear(&mut self, len: u64) {
        self.data.clear();
        self.pieces.clear();
        self.len = len;
        self.left_in_file = 0;
    }

    /// Append the file's bytes `start..end` as a piece.
    fn read_piece(&mut self, file: &File, start: u64, end: u64) -> io::Result<()> {
        if end <= start {
            return Ok(());
        }
        let at = self.data.len();
        let len = (end - start) as usize;
        self.data.resize(at + len, 0);
        read_exact_at(file, &mut self.data[at..], start)?;
        self.pieces.push(Piece {
            offset: start,
            start: at,
            len,
        });
        Ok(())
    }
}

/// The bytes of a package as the ZIP reader sees them: a whole file in memory, or the pieces
/// of a [`SparsePackage`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct PackageBytes<'a> {
    data: &'a [u8],
    pieces: &'a [Piece],
    len: u64,
    /// Where the ranges that were not read can still be read from.
    file: Option<&'a File>,
}

impl<'a> PackageBytes<'a> {
    pub fn whole(bytes: &'a [u8]) -> PackageBytes<'a> {
        PackageBytes {
            data: bytes,
            pieces: &[],
            len: bytes.len() as u64,
            file: None,
        }
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    /// The file the ranges left unread are read from, if any.
    pub fn file(&self) -> Option<&'a File> {
        self.file
    }

    /// All the bytes, when the file is held whole.
    pub fn as_whole(&self) -> Option<&'a [u8]> {
        self.pieces.is_empty().then_some(self.data)
    }

    /// The bytes from `offset` to the end of what was read there; empty in a gap.
    pub fn starting_at(&self, offset: u64) -> &'a [u8] {
        if self.pieces.is_empty() {
            return usize::try_from(offset)
                .ok()
                .and_then(|at| self.data.get(at..))
                .unwrap_or_default();
        }
        let after = self.pieces.partition_point(|p| p.offset <= offset);
        let Some(piece) = after.checked_sub(1).map(|i| self.pieces[i]) else {
            return &[];
        };
        let into = offset - piece.offset;
        if into >= piece.len as u64 {
            return &[];
        }
        &self.data[piece.start + into as usize..piece.start + piece.len]
    }

    /// `len` bytes at `offset`, when they were read.
    pub fn get(&self, offset: u64, len: usize) -> Option<&'a [u8]> {
        self.starting_at(offset).get(..len)
    }

    /// `len` bytes at `offset`: borrowed when they were read, else read from the file now.
    /// `None` when they are neither held nor in the file.
    pub fn read_range(&self, offset: u64, len: usize) -> Option<std::borrow::Cow<'a, [u8]>> {
        if let Some(held) = self.get(offset, len) {
            return Some(std::borrow::Cow::Borrowed(held));
        }
        let file = self.file?;
        if offset.checked_add(len as u64)? > self.len {
            return None;
        }
        let mut out = vec![0; len];
        read_exact_at(file, &mut out, offset).ok()?;
        Some(std::borrow::Cow::Owned(out))
    }

    /// The SHA-256 of the whole file: of the bytes held when they are the whole file, else of
    /// the file read through once in small pieces; an error when neither is there.
    pub fn sha256_hex(&self) -> io::Result<String> {
        if let Some(whole) = self.as_whole() {
            return Ok(crate::digest::sha256_hex(whole));
        }
        let Some(file) = self.file else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "a SHA-256 needs the whole file, and this package was read without it",
            ));
        };
        let mut hasher = crate::digest::Sha256Writer::default();
        let mut chunk = vec![0; 256 * 1024];
        let mut at = 0;
        while at < self.len {
            let n = (self.len - at).min(chunk.len() as u64) as usize;
            read_exact_at(file, &mut chunk[..n], at)?;
            hasher.update(&chunk[..n]);
            at += n as u64;
        }
        Ok(hasher.finish_hex())
    }

    pub fn reader(self) -> PackageReader<'a> {
        PackageReader {
            bytes: self,
            pos: 0,
        }
    }
}

/// `Read + Seek` over [`PackageBytes`]: what the ZIP reader reads from. A range that was left
/// unread is read from the file; without a file it is an error, never stale bytes.
pub(crate) struct PackageReader<'a> {
    bytes: PackageBytes<'a>,
    pos: u64,
}

impl Read for PackageReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos >= self.bytes.len || out.is_empty() {
            return Ok(0);
        }
        let available = self.bytes.starting_at(self.pos);
        if available.is_empty() {
            let Some(file) = self.bytes.file else {
                return Err(io::Error::other(
                    "this range of the file was not read (a large image, read without media)",
                ));
            };
            // Up to the next piece held (or the end), in one positioned read.
            let next = self.bytes.pieces.partition_point(|p| p.offset <= self.pos);
            let until = self
                .bytes
                .pieces
                .get(next)
                .map_or(self.bytes.len, |p| p.offset);
            let n = (until - self.pos).min(out.len() as u64) as usize;
            read_exact_at(file, &mut out[..n], self.pos)?;
            self.pos += n as u64;
            return Ok(n);
        }
        let n = available.len().min(out.len());
        out[..n].copy_from_slice(&available[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for PackageReader<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let pos = match to {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(n) => self.bytes.len.checked_add_signed(n),
            SeekFrom::Current(n) => self.pos.checked_add_signed(n),
        };
        let Some(pos) = pos else {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            ));
        };
        self.pos = pos;
        Ok(pos)
    }
}

/// Fill `buf` with `file`'s bytes except large image entries under `word/media/` and large
/// parts, or with the whole file when it is small, and keep the file for the ranges left
/// unread.
pub(crate) fn read_without_media(file: File, len: u64, buf: &mut SparsePackage) -> io::Result<()> {
    buf.clear(len);
    buf.file = None;
    let read = plan_and_read(&file, len, buf);
    buf.file = Some(file);
    read
}

fn plan_and_read(file: &File, len: u64, buf: &mut SparsePackage) -> io::Result<()> {
    if len < MIN_SPARSE_FILE || usize::try_from(len).is_err() {
        return read_whole(file, len, buf);
    }
    // The end of the file first: the end record, and the central directory before it.
    // Most archives have no comment: a short tail holds the record; else the longest.
    let mut plan_found = None;
    let mut end_start = len;
    for tail in [len.min(SHORT_EOCD_TAIL), len.min(MAX_EOCD_TAIL)] {
        if len - tail == end_start {
            break;
        }
        end_start = len - tail;
        buf.clear(len);
        buf.read_piece(file, end_start, len)?;
        plan_found = plan(&buf.data, end_start, len);
        if plan_found.is_some() {
            break;
        }
    }
    let Some(plan) = plan_found else {
        return read_unusual(file, len, buf);
    };
    if plan.cd_start < end_start {
        // The directory begins before the tail: read it and the tail as one piece.
        end_start = plan.cd_start;
        buf.clear(len);
        buf.read_piece(file, end_start, len)?;
    }
    let cd = &buf.data[(plan.cd_start - end_start) as usize..(plan.cd_end - end_start) as usize];
    let Some(mut entries) = central_directory(cd) else {
        return read_unusual(file, len, buf);
    };
    if entries.len() != plan.entries {
        return read_unusual(file, len, buf);
    }
    // Offsets in the directory count from the start of the archive, after any prefix.
    for entry in &mut entries {
        entry.offset += plan.prefix;
    }
    buf.left_in_file = entries.iter().map(|e| e.part_left_in_file).sum();
    // The first bytes are read too: they are how a non-ZIP input is told apart. Whatever
    // else precedes the first entry (a prefix) is no part of the package.
    let first = entries.first().map_or(plan.cd_start, |e| e.offset);
    let head_end = if plan.prefix == 0 {
        first
    } else {
        first.min(HEAD_BYTES)
    };
    let mut ranges = vec![(0, head_end)];
    let mut starts: Vec<u64> = entries.iter().map(|e| e.offset).collect();
    starts.push(plan.cd_start);
    for (entry, next) in entries.iter().zip(starts.iter().skip(1)) {
        // Entries in file order, each ending where the next begins: anything else is odd.
        if *next < entry.offset || *next > plan.cd_start {
            return read_unusual(file, len, buf);
        }
        let end = if entry.skippable {
            (entry.offset + LOCAL_HEADER_BYTES).min(*next)
        } else {
            *next
        };
        ranges.push((entry.offset, end));
    }
    // Neighbouring ranges are read in one call: the XML parts sit side by side, and a
    // positioned read per part cost more in system calls than the bytes between them.
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 + MERGE_GAP => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    for (start, end) in merged {
        // The directory and the tail are held already.
        buf.read_piece(file, start, end.min(end_start))?;
    }
    buf.pieces.sort_unstable_by_key(|p| p.offset);
    Ok(())
}

/// A file the plan cannot map (ZIP64, entries out of order, no end record found): read whole
/// when small; else only its first and last bytes, the rest on demand from the file.
fn read_unusual(file: &File, len: u64, buf: &mut SparsePackage) -> io::Result<()> {
    if len <= MAX_WHOLE_UNUSUAL_FILE {
        return read_whole(file, len, buf);
    }
    buf.clear(len);
    let tail_start = len - len.min(MAX_EOCD_TAIL);
    buf.read_piece(file, 0, HEAD_BYTES.min(tail_start))?;
    buf.read_piece(file, tail_start.max(HEAD_BYTES), len)?;
    // Which of the rest are parts is not known: all of it may be.
    buf.left_in_file = len - buf.data.len() as u64;
    Ok(())
}

fn read_whole(file: &File, len: u64, buf: &mut SparsePackage) -> io::Result<()> {
    buf.clear(len);
    buf.data.reserve_exact(len as usize);
    // Positioned reads leave the file's cursor alone on Unix only: start from the start.
    (&mut &*file).seek(SeekFrom::Start(0))?;
    (&mut &*file).take(len).read_to_end(&mut buf.data)?;
    // A file that shrank since its length was taken: the ZIP reader sees what is there.
    buf.len = buf.data.len() as u64;
    Ok(())
}

pub(super) fn read_exact_at(file: &File, out: &mut [u8], offset: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(out, offset)
    }
    #[cfg(not(unix))]
    {
        (&mut &*file).seek(SeekFrom::Start(offset))?;
        (&mut &*file).read_exact(out)
    }
}

struct Plan {
    cd_start: u64,
    cd_end: u64,
    entries: usize,
    /// Bytes before the archive: the directory's offsets count from there.
    prefix: u64,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Where the central directory is, from the end-of-central-directory record in `tail`, the
/// file's bytes from `tail_start` to its end `len`.
fn plan(tail: &[u8], tail_start: u64, len: u64) -> Option<Plan> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let at = tail.windows(4).rposition(|w| w == EOCD)?;
    let eocd = &tail[at..];
    let entries = u16_at(eocd, 10)?;
    let cd_size = u32_at(eocd, 12)?;
    let cd_offset = u32_at(eocd, 16)?;
    let comment = u16_at(eocd, 20)?;
    let eocd_start = tail_start + at as u64;
    let zip64 = entries == 0xFFFF || cd_size == u32::MAX || cd_offset == u32::MAX;
    // The record must end the file and the directory must end right before it: no ZIP64, no
    // record found inside some other data. Bytes before the directory's stated offset are a
    // prefix (a self-extractor's stub, junk), as ZIP readers take them.
    let cd_end = u64::from(cd_offset) + u64::from(cd_size);
    if zip64 || eocd_start + 22 + u64::from(comment) != len || cd_end > eocd_start {
        return None;
    }
    let prefix = eocd_start - cd_end;
    Some(Plan {
        cd_start: u64::from(cd_offset) + prefix,
        cd_end: eocd_start,
        entries: usize::from(entries),
        prefix,
    })
}

struct Entry {
    offset: u64,
    /// Left unread but for its local header: a large image, or a large part.
    skippable: bool,
    /// The compressed size of a large part other than an image left in the file, else 0.
    part_left_in_file: u64,
}

/// The entries of a central directory, in file order; `None` on anything malformed.
fn central_directory(cd: &[u8]) -> Option<Vec<Entry>> {
    const HEADER: [u8; 4] = [0x50, 0x4b, 0x01, 0x02];
    let mut entries = Vec::new();
    let mut at = 0usize;
    while at < cd.len() {
        if cd.get(at..at + 4)? != HEADER {
            return None;
        }
        let compressed = u32_at(cd, at + 20)?;
        let name_len = usize::from(u16_at(cd, at + 28)?);
        let extra_len = usize::from(u16_at(cd, at + 30)?);
        let comment_len = usize::from(u16_at(cd, at + 32)?);
        let offset = u32_at(cd, at + 42)?;
        let name = cd.get(at + 46..at + 46 + name_len)?;
        if offset == u32::MAX || compressed == u32::MAX {
            return None; // ZIP64 sizes or offsets
        }
        let compressed = u64::from(compressed);
        let image = compressed >= MIN_SKIPPED_ENTRY && is_media_image(name);
        let large_part = !image && compressed >= MIN_PART_LEFT_IN_FILE;
        entries.push(Entry {
            offset: u64::from(offset),
            skippable: image || large_part,
            part_left_in_file: if large_part { compressed } else { 0 },
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    if !entries.windows(2).all(|w| w[0].offset < w[1].offset) {
        return None;
    }
    Some(entries)
}

/// `word/media/NAME.EXT` with an image extension: parts a conversion never reads.
fn is_media_image(name: &[u8]) -> bool {
    const IMAGE_EXTENSIONS: [&[u8]; 14] = [
        b"jpeg", b"jpg", b"jfif", b"png", b"gif", b"bmp", b"tif", b"tiff", b"emf", b"wmf", b"wdp",
        b"webp", b"heic", b"ico",
    ];
    let lower = name.to_ascii_lowercase();
    let Some(rest) = lower.strip_prefix(b"word/media/") else {
        return false;
    };
    let Some(dot) = rest.iter().rposition(|&b| b == b'.') else {
        return false;
    };
    IMAGE_EXTENSIONS.contains(&&rest[dot + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 100-byte file of which 10..20 and 50..60 were read.
    fn two_pieces() -> SparsePackage {
        let data: Vec<u8> = (10..20).chain(50..60).collect();
        SparsePackage {
            data,
            pieces: vec![
                Piece {
                    offset: 10,
                    start: 0,
                    len: 10,
                },
                Piece {
                    offset: 50,
                    start: 10,
                    len: 10,
                },
            ],
            len: 100,
            left_in_file: 0,
            file: None,
        }
    }

    #[test]
    fn bytes_are_found_at_their_file_offsets_and_gaps_are_empty() {
        let sparse = two_pieces();
        let bytes = sparse.bytes();
        assert_eq!(bytes.starting_at(12), &[12, 13, 14, 15, 16, 17, 18, 19]);
        assert_eq!(bytes.starting_at(55), &[55, 56, 57, 58, 59]);
        assert!(bytes.starting_at(0).is_empty());
        assert!(bytes.starting_at(20).is_empty());
        assert!(bytes.starting_at(99).is_empty());
        assert!(bytes.starting_at(500).is_empty());
        assert_eq!(bytes.get(50, 3), Some(&[50, 51, 52][..]));
        assert_eq!(bytes.get(58, 3), None, "runs past the piece");
        assert!(bytes.as_whole().is_none());
    }

    #[test]
    fn reading_a_range_that_was_not_read_is_an_error_not_stale_bytes() {
        let sparse = two_pieces();
        let mut reader = sparse.bytes().reader();
        let mut out = [0u8; 16];
        reader.seek(SeekFrom::Start(15)).unwrap();
        // A read stops at the end of its piece...
        assert_eq!(reader.read(&mut out).unwrap(), 5);
        assert_eq!(&out[..5], &[15, 16, 17, 18, 19]);
        // ...and the next one, in the gap, fails.
        assert!(reader.read(&mut out).is_err());
        reader.seek(SeekFrom::End(-50)).unwrap();
        reader.read_exact(&mut out[..10]).unwrap();
        assert_eq!(&out[..10], &[50, 51, 52, 53, 54, 55, 56, 57, 58, 59]);
        reader.seek(SeekFrom::Start(100)).unwrap();
        assert_eq!(reader.read(&mut out).unwrap(), 0, "end of file");
        assert!(reader.seek(SeekFrom::Current(-101)).is_err());
    }

    #[test]
    fn a_whole_file_reads_like_a_cursor() {
        let file: Vec<u8> = (0..=255).collect();
        let bytes = PackageBytes::whole(&file);
        assert_eq!(bytes.as_whole(), Some(&file[..]));
        let mut reader = bytes.reader();
        reader.seek(SeekFrom::Start(250)).unwrap();
        let mut out = Vec::new();
        reader.read_to_end(&mut out).unwrap();
        assert_eq!(out, vec![250, 251, 252, 253, 254, 255]);
    }
}
