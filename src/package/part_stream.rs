//! One part inflated a chunk at a time, for the main part's body read in windows (issue 18
//! §4): memory holds the chunk, never the whole part. The limits are those of
//! [`Package::read_part`], checked before each chunk is handed on, and the checksum is checked
//! when the part ends.

use std::borrow::Cow;

use flate2::{Decompress, FlushDecompress, Status};

use super::inflate::{self, Failure, Guard, Method, CHUNK};
use super::{Package, StoredPart};
use crate::{Error, Limits, Result};

/// A part being inflated chunk by chunk ([`Package::stream_part`]).
pub(crate) struct PartStream<'a> {
    name: String,
    data: Cow<'a, [u8]>,
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

impl<'a> Package<'a> {
    /// A part to inflate chunk by chunk, its declared sizes checked as [`Package::read_part`]
    /// checks them; `None` when the package has no such part or the part is not one this
    /// reader inflates itself (another compression method, bytes not in hand): read it whole.
    pub fn stream_part(&mut self, name: &str) -> Result<Option<PartStream<'a>>> {
        let Some(stored) = self.stored_part(name)? else {
            return Ok(None);
        };
        let StoredPart {
            method,
            crc,
            guard,
            data,
            ..
        } = stored;
        let (Some(method), Some(data)) = (method, data) else {
            return Ok(None);
        };
        let inflater = match method {
            // All there already: held to the limits at once, as a whole read holds it.
            Method::Stored => {
                if let Err(failure) = guard.check_declared(data.len()) {
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
                let rest = &self.data[self.stored_pos..];
                let take = rest.len().min(room);
                out.extend_from_slice(&rest[..take]);
                self.stored_pos += take;
                self.ended = self.stored_pos == self.data.len();
            }
            Some(inflater) => {
                out.reserve(room.clamp(1, CHUNK));
                let consumed = inflater.total_in() as usize;
                let produced = inflater.total_out();
                let input = self.data.get(consumed..).unwrap_or_default();
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
