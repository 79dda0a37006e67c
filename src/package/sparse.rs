//! Read a package without its photos. A conversion inflates the XML parts and never touches
//! `word/media/`, yet on newsroom files the photos are nine tenths of the bytes: reading them
//! was a sixth of the CPU of a batch. Here the end of the file (end-of-central-directory
//! record and central directory) is read first, then every entry except large images, each
//! from its local header to the next entry. Anything unusual (ZIP64, a prefix before the
//! archive, entries out of order, a short read) falls back to reading the whole file, so the
//! ZIP reader sees exactly what it would have seen.

use std::fs::File;
use std::io::{self, Read};

/// Below this a file is read whole: one read is cheaper than several.
const MIN_SPARSE_FILE: u64 = 128 * 1024;
/// An entry is left unread only when it is at least this large (compressed).
const MIN_SKIPPED_ENTRY: u64 = 16 * 1024;
/// The local header of a skipped entry is still read (the ZIP reader may check it).
const LOCAL_HEADER_BYTES: u64 = 512;
/// Ranges this close are read as one, gap included.
const MERGE_GAP: u64 = 4096;
/// End-of-central-directory record (22 bytes) plus the longest comment.
const MAX_EOCD_TAIL: u64 = 22 + 0xFFFF;
/// The end read first: the record and a short comment, usually the directory too.
const SHORT_EOCD_TAIL: u64 = 4096;

/// Fill `buf` (resized to the file's length) with `file`'s bytes, leaving large image entries
/// under `word/media/` unread: their bytes in `buf` are whatever it held before. Returns
/// `Ok(false)` when the file was read whole instead.
pub(crate) fn read_without_media(file: &File, len: u64, buf: &mut Vec<u8>) -> io::Result<bool> {
    let Ok(len_usize) = usize::try_from(len) else {
        return read_whole(file, len, buf);
    };
    if len < MIN_SPARSE_FILE {
        return read_whole(file, len, buf);
    }
    // The gaps keep the buffer's old bytes: no pass over the photos' share. A first buffer
    // is allocated zeroed (calloc: pages never touched cost nothing), a reused one grown.
    if buf.capacity() == 0 {
        *buf = vec![0; len_usize];
    } else if buf.len() < len_usize {
        buf.resize(len_usize, 0);
    } else {
        buf.truncate(len_usize);
    }
    // Most archives have no comment: a short tail holds the record; else the longest.
    let mut plan_found = None;
    let mut tail_start = len;
    for tail in [len.min(SHORT_EOCD_TAIL), len.min(MAX_EOCD_TAIL)] {
        read_range(file, buf, len - tail, tail_start)?;
        tail_start = len - tail;
        plan_found = plan(&buf[..], tail_start);
        if plan_found.is_some() {
            break;
        }
    }
    let Some(plan) = plan_found else {
        return read_whole(file, len, buf);
    };
    if plan.cd_start < tail_start {
        read_range(file, buf, plan.cd_start, tail_start)?;
    }
    let Some(entries) = central_directory(&buf[plan.cd_start as usize..plan.cd_end as usize])
    else {
        return read_whole(file, len, buf);
    };
    if entries.len() != plan.entries {
        return read_whole(file, len, buf);
    }
    // Whatever precedes the first entry is read too: the package's first bytes are how a
    // non-ZIP input is told apart, and they must not be a previous file's.
    let mut ranges = vec![(0, entries.first().map_or(plan.cd_start, |e| e.offset))];
    let mut starts: Vec<u64> = entries.iter().map(|e| e.offset).collect();
    starts.push(plan.cd_start);
    for (entry, next) in entries.iter().zip(starts.iter().skip(1)) {
        // Entries in file order, each ending where the next begins: anything else is odd.
        if *next < entry.offset || *next > plan.cd_start {
            return read_whole(file, len, buf);
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
        // The tail is in the buffer already.
        read_range(file, buf, start, end.min(tail_start.max(start)))?;
    }
    Ok(true)
}

fn read_whole(file: &File, len: u64, buf: &mut Vec<u8>) -> io::Result<bool> {
    buf.clear();
    buf.reserve(len as usize);
    (&mut &*file).take(len).read_to_end(buf)?;
    Ok(false)
}

fn read_range(file: &File, buf: &mut [u8], start: u64, end: u64) -> io::Result<()> {
    if end <= start {
        return Ok(());
    }
    let range = &mut buf[start as usize..end as usize];
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(range, start)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Seek, SeekFrom};
        (&mut &*file).seek(SeekFrom::Start(start))?;
        (&mut &*file).read_exact(range)
    }
}

struct Plan {
    cd_start: u64,
    cd_end: u64,
    entries: usize,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Where the central directory is, from the end-of-central-directory record in the tail.
fn plan(buf: &[u8], tail_start: u64) -> Option<Plan> {
    const EOCD: [u8; 4] = [0x50, 0x4b, 0x05, 0x06];
    let tail = &buf[tail_start as usize..];
    let at = tail.windows(4).rposition(|w| w == EOCD)?;
    let eocd = &tail[at..];
    let entries = u16_at(eocd, 10)?;
    let cd_size = u32_at(eocd, 12)?;
    let cd_offset = u32_at(eocd, 16)?;
    let comment = u16_at(eocd, 20)?;
    let eocd_start = tail_start + at as u64;
    let zip64 = entries == 0xFFFF || cd_size == u32::MAX || cd_offset == u32::MAX;
    // The record must end the file and the directory must end where it starts: no ZIP64, no
    // prefix (self-extractors), no record found inside some other data.
    if zip64
        || eocd_start + 22 + u64::from(comment) != buf.len() as u64
        || u64::from(cd_offset) + u64::from(cd_size) != eocd_start
    {
        return None;
    }
    Some(Plan {
        cd_start: u64::from(cd_offset),
        cd_end: eocd_start,
        entries: usize::from(entries),
    })
}

struct Entry {
    offset: u64,
    skippable: bool,
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
        entries.push(Entry {
            offset: u64::from(offset),
            skippable: u64::from(compressed) >= MIN_SKIPPED_ENTRY && is_media_image(name),
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
