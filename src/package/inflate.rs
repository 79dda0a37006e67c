//! Inflating one ZIP entry from the package bytes in memory. Going through the zip crate's
//! reader stack cost a fresh inflater (47 KB of state) and an 8 KB read buffer per part,
//! nine parts per article, and a zero-filled copy: here each thread keeps one inflater and
//! inflates straight from the compressed bytes into the part's buffer.

use std::cell::RefCell;

use flate2::{Decompress, FlushDecompress, Status};

use crate::{Error, ErrorKind};

/// The output grows by this much at a time, and limits are checked after each step.
pub(super) const CHUNK: usize = 64 * 1024;

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
        declared.min(self.max).min(plausible).min(64 << 20) as usize
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
        // A first capacity well under the part, as the 64 MiB cap leaves a larger one.
        let mut out = Vec::with_capacity(CHUNK);
        let crc = crc32fast::hash(&data);
        assert!(entry(Method::Deflated, &compressed, crc, &guard, &mut out).is_ok());
        assert_eq!(out, data);
        assert_eq!(
            out.capacity(),
            data.len(),
            "no doubling past the declared size"
        );
    }
}
