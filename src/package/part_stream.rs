//! One part inflated a chunk at a time, for the main part's body read in windows (issue 18
//! §4): memory holds the chunk, never the whole part. The limits are those of
//! [`Package::read_part`], checked before each chunk is handed on, and the checksum is checked
//! when the part ends. A part whose compressed bytes were left in the file (a sparse read)
//! is read from it a bounded range at a time as inflating goes: memory holds neither the
//! part nor its compressed bytes.

use std::borrow::Cow;
use std::fs::File;

use flate2::{Decompress, FlushDecompress, Status};

use super::inflate::{self, Failure, Guard, Method, CHUNK};
use super::{Package, StoredPart};
use crate::{Error, Limits, Result};

/// A part being inflated chunk by chunk ([`Package::stream_part`]).
pub(crate) struct PartStream<'a> {
    name: String,
    data: Compressed<'a>,
    /// `None` for a stored entry, whose bytes are handed on as they are.
    inflater: Option<Box<Decompress>>,
    /// Stored entries: how many bytes were handed on.
    stored_pos: usize,
    guard: Guard,
    limits: Limits,
    crc: u32,
    hasher: crc32fast::Hasher,
    produced: u64,
    ended: bool,
}

/// How many compressed bytes are read from the file at a time.
const FILE_READ_BYTES: usize = 64 * 1024;

/// Where a streamed part's stored bytes are.
enum Compressed<'a> {
    /// In memory, whole.
    Held(Cow<'a, [u8]>),
    /// In the file, read a range at a time.
    InFile(FileRange<'a>),
}

/// An entry's stored bytes in the file, and the range of them read last.
struct FileRange<'a> {
    file: &'a File,
    /// Where the bytes start in the file, and how many there are.
    start: u64,
    len: u64,
    /// The bytes read last, from `buf_at` (counted from `start`).
    buf: Vec<u8>,
    buf_at: u64,
}

impl FileRange<'_> {
    /// The stored bytes from `at` (counted from the entry's start) on, as many as were read:
    /// a new range is read when `at` is past the last; empty at the end.
    fn from(&mut self, at: u64) -> std::result::Result<&[u8], Failure> {
        let held = self.buf_at..self.buf_at + self.buf.len() as u64;
        if !held.contains(&at) {
            let n = (self.len.saturating_sub(at)).min(FILE_READ_BYTES as u64) as usize;
            self.buf.resize(n, 0);
            self.buf_at = at;
            if let Err(e) = super::sparse::read_exact_at(self.file, &mut self.buf, self.start + at)
            {
                self.buf.clear();
                return Err(inflate::corrupt(format!(
                    "cannot read the part's bytes from the file ({e}): the file is truncated \
                     or changed while it was read"
                )));
            }
        }
        Ok(&self.buf[(at - self.buf_at) as usize..])
    }
}

impl Compressed<'_> {
    fn len(&self) -> u64 {
        match self {
            Compressed::Held(data) => data.len() as u64,
            Compressed::InFile(range) => range.len,
        }
    }

    /// The stored bytes from `at` on, as many as are in hand (see [`FileRange::from`]).
    fn from(&mut self, at: u64) -> std::result::Result<&[u8], Failure> {
        match self {
            Compressed::Held(data) => Ok(usize::try_from(at)
                .ok()
                .and_then(|at| data.get(at..))
                .unwrap_or_default()),
            Compressed::InFile(range) => range.from(at),
        }
    }
}

impl<'a> Package<'a> {
    /// A part to inflate chunk by chunk, its declared sizes checked as [`Package::read_part`]
    /// checks them; `None` when the package has no such part or the part is not one this
    /// reader inflates itself (another compression method, bytes not in hand): read it whole.
    pub fn stream_part(&mut self, name: &str) -> Result<Option<PartStream<'a>>> {
        let Some((stored, range)) = self.stored_entry(name)? else {
            return Ok(None);
        };
        let StoredPart {
            method, crc, guard, ..
        } = stored;
        let (Some(method), Some((start, len))) = (method, range) else {
            return Ok(None);
        };
        // Held in memory, or left in the file to be read as the part is inflated.
        let held = usize::try_from(len)
            .ok()
            .and_then(|n| self.bytes.get(start, n));
        let data = match (held, self.bytes.file()) {
            (Some(bytes), _) => Compressed::Held(Cow::Borrowed(bytes)),
            (None, Some(file))
                if start
                    .checked_add(len)
                    .is_some_and(|end| end <= self.bytes.len()) =>
            {
                Compressed::InFile(FileRange {
                    file,
                    start,
                    len,
                    buf: Vec::new(),
                    buf_at: 0,
                })
            }
            _ => return Ok(None),
        };
        let inflater = match method {
            // All there already: held to the limits at once, as a whole read holds it.
            Method::Stored => {
                if let Err(failure) = guard.check_declared(data.len() as usize) {
                    return Err(failure_error(failure, &self.limits, &guard, name));
                }
                None
            }
            Method::Deflated => Some(Box::new(Decompress::new(false))),
        };
        Ok(Some(PartStream {
            name: name.to_string(),
            data,
            inflater,
            stored_pos: 0,
            guard,
            limits: self.limits.clone(),
            crc,
            hasher: crc32fast::Hasher::new(),
            produced: 0,
            ended: false,
        }))
    }

    /// A streamed part was read to its end: it counts toward the limit on all parts read.
    pub fn finish_stream(&mut self, stream: &PartStream<'_>) {
        self.total_read += stream.produced;
    }
}

impl PartStream<'_> {
    /// Append at least `at_least` more bytes of the part to `out` (fewer at its end, none
    /// once it has [`ended`](PartStream::ended)); its checksum is checked when it ends.
    pub fn fill(&mut self, out: &mut Vec<u8>, at_least: usize) -> Result<()> {
        let target = out.len() + at_least.max(1);
        while !self.ended && out.len() < target {
            let before = out.len();
            if let Err(failure) = self.step(out, target - before) {
                return Err(failure_error(
                    failure,
                    &self.limits,
                    &self.guard,
                    &self.name,
                ));
            }
            self.hasher.update(&out[before..]);
            self.produced += (out.len() - before) as u64;
            if self.ended && self.hasher.clone().finalize() != self.crc {
                let e = inflate::corrupt("invalid checksum".into());
                return Err(failure_error(e, &self.limits, &self.guard, &self.name));
            }
        }
        Ok(())
    }

    /// Read the part through to its end, keeping nothing: whether its bytes and checksum
    /// hold (the whole-part read reports those before anything that reading the XML finds).
    pub fn drain(&mut self) -> Result<()> {
        let mut scratch = Vec::with_capacity(CHUNK);
        while !self.ended {
            scratch.clear();
            self.fill(&mut scratch, CHUNK)?;
        }
        Ok(())
    }

    /// Whether the part has been read to its end.
    pub fn ended(&self) -> bool {
        self.ended
    }

    /// One step of at most `room` bytes (a deflate step may write less).
    fn step(&mut self, out: &mut Vec<u8>, room: usize) -> std::result::Result<(), Failure> {
        match &mut self.inflater {
            None => {
                let rest = self.data.from(self.stored_pos as u64)?;
                let take = rest.len().min(room);
                out.extend_from_slice(&rest[..take]);
                self.stored_pos += take;
                let ended = self.stored_pos as u64 == self.data.len();
                if take == 0 && !ended {
                    return Err(inflate::corrupt("unexpected end of a stored part".into()));
                }
                self.ended = ended;
            }
            Some(inflater) => {
                out.reserve(room.clamp(1, CHUNK));
                let consumed = inflater.total_in() as usize;
                let produced = inflater.total_out();
                let input = self.data.from(consumed as u64)?;
                let status = inflater
                    .decompress_vec(input, out, FlushDecompress::None)
                    .map_err(|e| inflate::corrupt(format!("corrupt deflate stream: {e}")))?;
                self.guard.check_declared(inflater.total_out() as usize)?;
                match status {
                    Status::StreamEnd => self.ended = true,
                    _ if inflater.total_in() as usize == consumed
                        && inflater.total_out() == produced =>
                    {
                        return Err(inflate::corrupt("unexpected end of deflate stream".into()));
                    }
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// The error a whole read of the part reports for the same failure.
fn failure_error(failure: Failure, limits: &Limits, guard: &Guard, name: &str) -> Error {
    match failure {
        Failure::TooLarge => super::size_error(limits, guard).in_part(name),
        Failure::TooInflated => super::ratio_error(limits).in_part(name),
        Failure::Corrupt(e) => e.in_part(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::{PackageBytes, SparsePackage};

    const PART: &str = "word/document.xml";

    /// A package whose main part is about 2 MB, 90 KB compressed.
    fn large_package() -> Vec<u8> {
        crate::synth::corpus::large_document_of(4_000).to_bytes()
    }

    #[test]
    fn a_large_part_left_in_the_file_is_read_from_it_a_bounded_range_at_a_time() {
        let bytes = large_package();
        let mut file = tempfile::tempfile().unwrap();
        std::io::Write::write_all(&mut file, &bytes).unwrap();
        let mut sparse = SparsePackage::new();
        super::super::sparse::read_without_media(file, bytes.len() as u64, &mut sparse).unwrap();
        assert!(
            sparse.bytes_read() < 64 << 10,
            "the main part was read into memory: {} bytes held",
            sparse.bytes_read()
        );
        let limits = Limits::default();
        let whole = Package::open(PackageBytes::whole(&bytes), &limits)
            .unwrap()
            .read_part(PART)
            .unwrap()
            .unwrap();
        let mut package = Package::open(sparse.bytes(), &limits).unwrap();
        let mut stream = package.stream_part(PART).unwrap().unwrap();
        let mut streamed = Vec::new();
        // Where each range read from the file starts, in the entry's stored bytes.
        let mut ranges_read = vec![];
        while !stream.ended() {
            stream.fill(&mut streamed, CHUNK).unwrap();
            let Compressed::InFile(range) = &stream.data else {
                panic!("the part's bytes are not read from the file");
            };
            assert!(range.buf.capacity() <= FILE_READ_BYTES);
            if ranges_read.last() != Some(&range.buf_at) {
                ranges_read.push(range.buf_at);
            }
        }
        assert_eq!(streamed, whole);
        let Compressed::InFile(range) = &stream.data else {
            unreachable!()
        };
        let ranges_needed = range.len.div_ceil(FILE_READ_BYTES as u64) as usize;
        assert!(ranges_needed >= 2, "{} bytes stored", range.len);
        assert!(
            ranges_read.len() >= ranges_needed,
            "ranges read at {ranges_read:?} of {}",
            range.len
        );
    }
}
