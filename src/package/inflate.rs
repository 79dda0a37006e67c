//! Inflating one ZIP entry from the package bytes in memory. Going through the zip crate's
//! reader stack cost a fresh inflater (47 KB of state) and an 8 KB read buffer per part,
//! nine parts per article, and a zero-filled copy: here each thread keeps one inflater and
//! inflates straight from the compressed bytes into the part's buffer. A part that fits the
//! buffer its declared size gives is inflated whole, with libdeflate; any other part, and any
//! part libdeflate does not inflate, goes through the streaming inflater, whose checks and
//! messages are the ones a damaged part gets.

use std::cell::RefCell;

use flate2::{Decompress, FlushDecompress, Status};

use crate::{Error, ErrorKind};

/// The output grows by this much at a time, and limits are checked after each step.
pub(super) const CHUNK: usize = 64 * 1024;

/// The most a part's buffer is given before its data is seen; a part declared larger is not
/// inflated whole, it would not fit.
const MAX_FIRST_CAPACITY: u64 = 64 << 20;

#[derive(Clone, Copy)]
pub(super) enum Method {
    Stored,
    Deflated,
}

/// Why an entry was not read.
pub(super) enum Failure {
    /// More than the size limit.
    TooLarge,
    /// More than the compression-ratio limit allows for the compressed size.
    TooInflated,
    /// Damaged data, or a checksum that does not match.
    Corrupt(Error),
}

/// The limits one entry is read under.
pub(super) struct Guard {
    /// The most bytes the entry may inflate to.
    pub max: u64,
    /// The entry's declared uncompressed size: more data than that is damage (the zip
    /// crate's reader stops there too, and the checksum then fails).
    pub declared: u64,
    /// The entry's compressed size (at least 1).
    pub compressed: u64,
    pub max_ratio: u64,
}

impl Guard {
    /// Past the ratio limit (small parts are never held to it).
    pub fn too_inflated(&self, size: u64) -> bool {
        size > (1 << 20) && size / self.compressed > self.max_ratio
    }

    /// A declared size may be a lie: reserve no more than the ratio allows for the compressed
    /// bytes actually present (the buffer grows if the data is really there).
    pub fn first_capacity(&self, declared: u64) -> usize {
        let plausible = self.compressed.saturating_mul(self.max_ratio.max(1));
        declared
            .min(self.max)
            .min(plausible)
            .min(MAX_FIRST_CAPACITY) as usize
    }

    pub fn check(&self, inflated: usize) -> Result<(), Failure> {
        let inflated = inflated as u64;
        if self.too_inflated(inflated) {
            return Err(Failure::TooInflated);
        }
        if inflated > self.max {
            return Err(Failure::TooLarge);
        }
        Ok(())
    }

    /// Also refuse more data than declared (only for entries inflated here).
    pub(super) fn check_declared(&self, inflated: usize) -> Result<(), Failure> {
        self.check(inflated)?;
        if inflated as u64 > self.declared {
            return Err(corrupt("more data than the declared size".into()));
        }
        Ok(())
    }
}

thread_local! {
    /// Reset for each entry: its state is allocated once per thread, not once per part.
    static INFLATER: RefCell<Option<Decompress>> = const { RefCell::new(None) };
    /// The whole-buffer inflater, also one per thread.
    static WHOLE: RefCell<Option<libdeflater::Decompressor>> = const { RefCell::new(None) };
}

/// Inflate `data` (the entry's compressed bytes) into `out`, and check its CRC-32.
pub(super) fn entry(
    method: Method,
    data: &[u8],
    crc: u32,
    guard: &Guard,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    match method {
        Method::Stored => {
            guard.check_declared(data.len())?;
            out.extend_from_slice(data);
        }
        Method::Deflated if inflate_whole(data, guard, out) => {}
        Method::Deflated => INFLATER.with(|cell| {
            let mut cell = cell.borrow_mut();
            let inflater = cell.get_or_insert_with(|| Decompress::new(false));
            inflater.reset(false);
            inflate(inflater, data, guard, out)
        })?,
    }
    if crc32fast::hash(out) != crc {
        return Err(corrupt("invalid checksum".into()));
    }
    Ok(())
}

/// Inflate a part in one call into a buffer of its first capacity (libdeflate: whole-buffer
/// inflating skips the streaming inflater's bookkeeping and builds its tables faster, which
/// matters for the many small parts of a package). False, with `out` as it was, when the part
/// is larger than that buffer or its data is damaged: the streaming inflater then reads it
/// and says what is wrong as before.
fn inflate_whole(data: &[u8], guard: &Guard, out: &mut Vec<u8>) -> bool {
    if guard.declared > MAX_FIRST_CAPACITY || !out.is_empty() {
        return false;
    }
    let capacity = guard.first_capacity(guard.declared);
    out.resize(capacity, 0);
    let inflated = WHOLE.with(|cell| {
        let mut cell = cell.borrow_mut();
        let whole = cell.get_or_insert_with(libdeflater::Decompressor::new);
        whole.deflate_decompress(data, out)
    });
    match inflated {
        // Within the first capacity, the part is within its limits and its declared size.
        Ok(len) if guard.check_declared(len).is_ok() => {
            out.truncate(len);
            true
        }
        _ => {
            out.clear();
            false
        }
    }
}

fn inflate(
    inflater: &mut Decompress,
    data: &[u8],
    guard: &Guard,
    out: &mut Vec<u8>,
) -> Result<(), Failure> {
    loop {
        if out.len() == out.capacity() {
            // Past its first capacity (at most 64 MiB) the data of a large part is really
            // there: grow to its declared size at once. Doubling copied 128 MiB into a
            // 256 MiB buffer for a 140 MB part, twice the part at the peak.
            let declared_rest = guard.declared.min(guard.max) as usize;
            match declared_rest.saturating_sub(out.len()) {
                0 => out.reserve(CHUNK),
                rest => out.reserve_exact(rest),
            }
        }
        let consumed = inflater.total_in() as usize;
        let produced = inflater.total_out();
        let input = data.get(consumed..).unwrap_or_default();
        let status = inflater
            .decompress_vec(input, out, FlushDecompress::None)
            .map_err(|e| corrupt(format!("corrupt deflate stream: {e}")))?;
        guard.check_declared(out.len())?;
        match status {
            Status::StreamEnd => return Ok(()),
            // With room to write and input left, inflating always moves; no progress means
            // the input ended before the stream did.
            _ if inflater.total_in() as usize == consumed && inflater.total_out() == produced => {
                return Err(corrupt("unexpected end of deflate stream".into()));
            }
            _ => {}
        }
    }
}

pub(super) fn corrupt(message: String) -> Failure {
    Failure::Corrupt(Error::new(ErrorKind::CorruptZip(message)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::DeflateEncoder, Compression};
    use std::io::Write;

    fn deflated(data: &[u8]) -> Vec<u8> {
        let mut encoder = DeflateEncoder::new(Vec::new(), Compression::fast());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn a_part_past_its_first_capacity_grows_to_its_declared_size_at_once() {
        let data: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
        let compressed = deflated(&data);
        let guard = Guard {
            max: 1 << 30,
            declared: data.len() as u64,
            compressed: compressed.len() as u64,
            max_ratio: 1000,
        };
        // A first capacity well under the part, as the 64 MiB cap leaves a larger one (and
        // the part is not inflated whole).
        let mut out = Vec::with_capacity(CHUNK);
        assert!(inflate(&mut Decompress::new(false), &compressed, &guard, &mut out).is_ok());
        assert_eq!(out, data);
        assert_eq!(
            out.capacity(),
            data.len(),
            "no doubling past the declared size"
        );
    }

    fn guard_for(declared: usize, compressed: &[u8]) -> Guard {
        Guard {
            max: 1 << 30,
            declared: declared as u64,
            compressed: compressed.len() as u64,
            max_ratio: 1000,
        }
    }

    /// What reading an entry gives: its bytes, or the failure's message.
    fn read(data: &[u8], compressed: &[u8], declared: usize) -> Result<Vec<u8>, String> {
        let guard = guard_for(declared, compressed);
        let mut out = Vec::with_capacity(guard.first_capacity(guard.declared));
        match entry(
            Method::Deflated,
            compressed,
            crc32fast::hash(data),
            &guard,
            &mut out,
        ) {
            Ok(()) => Ok(out),
            Err(Failure::Corrupt(e)) => Err(e.to_string()),
            Err(Failure::TooLarge | Failure::TooInflated) => Err("limit".into()),
        }
    }

    #[test]
    fn a_part_is_inflated_whole_when_it_fits_its_declared_size() {
        let data = "<w:p><w:r><w:t>图片 3</w:t></w:r></w:p>"
            .repeat(500)
            .into_bytes();
        let compressed = deflated(&data);
        assert!(inflate_whole(
            &compressed,
            &guard_for(data.len(), &compressed),
            &mut Vec::new()
        ));
        assert_eq!(read(&data, &compressed, data.len()).unwrap(), data);
        // A declared size larger than the data: the data, as the streaming inflater gives.
        assert_eq!(read(&data, &compressed, data.len() + 100).unwrap(), data);
    }

    #[test]
    fn a_part_that_does_not_inflate_whole_fails_as_the_streaming_inflater_says() {
        let data = "paragraph text ".repeat(2000).into_bytes();
        let compressed = deflated(&data);
        // Declared smaller than the data: not inflated whole, and refused as before.
        let short = guard_for(data.len() - 1, &compressed);
        assert!(!inflate_whole(&compressed, &short, &mut Vec::new()));
        let error = read(&data, &compressed, data.len() - 1).unwrap_err();
        assert!(
            error.contains("more data than the declared size"),
            "{error}"
        );
        // Damaged data: the streaming inflater's own message.
        let mut damaged = compressed.clone();
        damaged.truncate(damaged.len() / 2);
        let error = read(&data, &damaged, data.len()).unwrap_err();
        assert!(
            error.contains("unexpected end of deflate stream"),
            "{error}"
        );
    }
}
