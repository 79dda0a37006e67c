//! The streaming path: a large document is written while the document is read, block by
//! block, so memory holds one block and the side tables, not the body (issue 18). Its bytes
//! are those of the whole-document writer.
//!
//! JSON is written as the document is read once: the side tables come after the blocks.
//! Markdown, text and CSV need side tables the reader completes only after the body (the
//! headers text writes first, the notes and comments a reference points at), so such a
//! document is read twice: once into the facts of its body ([`BodyFacts`], every block
//! dropped), which gives the side tables; then again, each block written as it comes.

use super::writer::csv::CsvStream;
use super::writer::json::JsonStream;
use super::writer::markdown::MarkdownStream;
use super::writer::text::TextStream;
use super::writer::{BodyFacts, BodyStream, Format, WriteOptions};
use docxtract::batch::SparsePackage;
use docxtract::model::Block;
use docxtract::{BlockSink, Document};
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

/// A document whose main part declares more than this is streamed in JSON; smaller ones are
/// read whole and written, as before (a little faster: the side tables are serialized once,
/// not twice, and the package is opened once).
pub const STREAM_AFTER_MAIN_PART_BYTES: u64 = 8 << 20;

/// A document whose main part declares more than this is streamed in Markdown, text and CSV.
/// Streamed, it is read twice, so the threshold is higher than JSON's: below it a whole
/// read stays under about 48 MiB of peak RSS (see `docs/performance.md`).
pub const STREAM_TWICE_AFTER_MAIN_PART_BYTES: u64 = 16 << 20;

/// Below this many bytes of parts (the package without its photos) the main part cannot declare
/// [`STREAM_AFTER_MAIN_PART_BYTES`] within the compression ratio of real XML (under 30),
/// so the package is not opened to ask it.
const ASK_AFTER_PARTS_BYTES: u64 = 256 << 10;

/// Whether a document is read through the streaming path for `format`.
pub fn worth_streaming(
    package: &SparsePackage,
    options: &docxtract::Options,
    format: Format,
) -> bool {
    let threshold = match format {
        Format::Json => STREAM_AFTER_MAIN_PART_BYTES,
        Format::Markdown | Format::Text | Format::Csv => STREAM_TWICE_AFTER_MAIN_PART_BYTES,
    };
    let (after, ask_after) = match stream_after_override() {
        Some(after) => (after, 0),
        None => (threshold, ASK_AFTER_PARTS_BYTES),
    };
    package.parts_bytes() > ask_after
        && docxtract::batch::main_part_declared_size(package, options)
            .is_some_and(|size| size > after)
}

/// Test hook: `DOCXTRACT_STREAM_AFTER=BYTES` streams every document whose main part declares
/// more than BYTES (0: every document), so that `scripts/same-output` can hold the streaming
/// path against the whole-document one over a corpus of small files.
fn stream_after_override() -> Option<u64> {
    static AFTER: std::sync::OnceLock<Option<u64>> = std::sync::OnceLock::new();
    *AFTER.get_or_init(|| std::env::var("DOCXTRACT_STREAM_AFTER").ok()?.parse().ok())
}

/// What reading a document into its output came to.
pub enum Streamed {
    /// Read and written: the document without its blocks, and how many blocks and body
    /// paragraphs were written.
    Done {
        rest: Box<Document>,
        blocks: usize,
        body_paragraphs: usize,
    },
    /// Reading failed (what was written is incomplete and must go).
    Read(docxtract::Error),
    /// Writing failed (the budget, the disk).
    Write(io::Error),
}

/// Read a document with `read` (which hands each block to the sink it is given) and write its
/// JSON to `out` as it goes. `path` is the `source.path` the JSON shows.
pub fn write_json(
    read: impl FnOnce(&mut dyn BlockSink) -> docxtract::Result<Document>,
    path: Option<String>,
    options: &WriteOptions,
    out: &mut dyn Write,
) -> Streamed {
    let mut sink = JsonSink {
        state: SinkState::Waiting(out),
        options,
        path,
        blocks: 0,
        body_paragraphs: 0,
    };
    let read = read(&mut sink);
    let written = match (
        read,
        std::mem::replace(&mut sink.state, SinkState::Failed(None)),
    ) {
        (_, SinkState::Failed(Some(e))) => return Streamed::Write(e),
        (Err(e), _) => return Streamed::Read(e),
        (Ok(mut rest), SinkState::Writing(stream)) => {
            rest.source.path = sink.path.take();
            stream.end(&rest).map(|_| rest)
        }
        (Ok(_), _) => Err(io::Error::other("the document's JSON was never begun")),
    };
    match written {
        Ok(rest) => Streamed::Done {
            rest: Box::new(rest),
            blocks: sink.blocks,
            body_paragraphs: sink.body_paragraphs,
        },
        Err(e) => Streamed::Write(e),
    }
}

/// Read a document twice with `read` (which hands each block to the sink it is given) and
/// write it in `format` (Markdown, text or CSV) to `out` as the second read goes: the first
/// read gives the side tables and the facts of the body. `path` is the `source.path` the
/// output shows.
pub fn write_twice(
    format: Format,
    read: impl Fn(&mut dyn BlockSink) -> docxtract::Result<Document>,
    path: Option<String>,
    options: &WriteOptions,
    out: &mut dyn Write,
) -> Streamed {
    let mut facts = BodyFacts::new();
    let mut rest = match read(&mut facts) {
        Ok(rest) => rest,
        Err(e) => return Streamed::Read(e),
    };
    rest.source.path = path;
    let written = match format {
        Format::Markdown => write_body::<MarkdownStream>(&read, &rest, &facts, options, out),
        Format::Text => write_body::<TextStream>(&read, &rest, &facts, options, out),
        Format::Csv => write_body::<CsvStream>(&read, &rest, &facts, options, out),
        Format::Json => Err(io::Error::other("JSON is streamed in one read")),
    };
    match written {
        Ok(Ok((blocks, body_paragraphs))) => Streamed::Done {
            rest: Box::new(rest),
            blocks,
            body_paragraphs,
        },
        Ok(Err(e)) => Streamed::Read(e),
        Err(e) => Streamed::Write(e),
    }
}

/// The second read of [`write_twice`], into the stream `S`: how many blocks and body
/// paragraphs were written, or why reading (inner) or writing (outer) failed.
fn write_body<'a, S: BodyStream<'a>>(
    read: &dyn Fn(&mut dyn BlockSink) -> docxtract::Result<Document>,
    rest: &'a Document,
    facts: &BodyFacts,
    options: &'a WriteOptions,
    out: &'a mut dyn Write,
) -> io::Result<docxtract::Result<(usize, usize)>> {
    let mut sink = StreamSink {
        stream: S::new(rest, facts, options, out)?,
        failed: None,
        blocks: 0,
        body_paragraphs: 0,
    };
    let read = read(&mut sink);
    if let Some(e) = sink.failed.take() {
        return Err(e);
    }
    if let Err(e) = read {
        return Ok(Err(e));
    }
    sink.stream.finish()?;
    Ok(Ok((sink.blocks, sink.body_paragraphs)))
}

/// The second read's sink: each block written as it comes.
struct StreamSink<S> {
    stream: S,
    /// A write failed: its error, for the caller (the reader sees only that the sink
    /// stopped it).
    failed: Option<io::Error>,
    blocks: usize,
    body_paragraphs: usize,
}

impl<'a, S: BodyStream<'a>> BlockSink for StreamSink<S> {
    fn block(&mut self, block: Block) -> docxtract::Result<()> {
        if let Err(e) = self.stream.block(&block) {
            let stopped = stopped_by(&e);
            self.failed = Some(e);
            return Err(stopped);
        }
        self.blocks += 1;
        self.body_paragraphs += block.paragraph_count();
        Ok(())
    }
}

/// What the reader is told when a write stops it (the write error itself goes to the
/// caller).
fn stopped_by(e: &io::Error) -> docxtract::Error {
    docxtract::Error::from(io::Error::new(e.kind(), e.to_string()))
}

enum SinkState<'w> {
    Waiting(&'w mut dyn Write),
    Writing(JsonStream<&'w mut dyn Write>),
    /// A write failed: its error, taken once.
    Failed(Option<io::Error>),
}

struct JsonSink<'w, 'o> {
    state: SinkState<'w>,
    options: &'o WriteOptions,
    path: Option<String>,
    blocks: usize,
    body_paragraphs: usize,
}

impl JsonSink<'_, '_> {
    /// Keep a write error for the caller (the reader sees only that the sink stopped it).
    fn failed(&mut self, e: io::Error) -> docxtract::Error {
        let stopped = stopped_by(&e);
        self.state = SinkState::Failed(Some(e));
        stopped
    }
}

impl BlockSink for JsonSink<'_, '_> {
    fn begin(&mut self, head: &Document) -> docxtract::Result<()> {
        let SinkState::Waiting(out) = std::mem::replace(&mut self.state, SinkState::Failed(None))
        else {
            return Err(self.failed(io::Error::other("the document's JSON was begun twice")));
        };
        let mut head = head.clone();
        head.source.path = self.path.clone();
        match JsonStream::begin(&head, self.options, out) {
            Ok(stream) => {
                self.state = SinkState::Writing(stream);
                Ok(())
            }
            Err(e) => Err(self.failed(e)),
        }
    }

    fn block(&mut self, block: Block) -> docxtract::Result<()> {
        let SinkState::Writing(stream) = &mut self.state else {
            return Err(self.failed(io::Error::other("a block before the document's JSON")));
        };
        if let Err(e) = stream.block(&block) {
            return Err(self.failed(e));
        }
        self.blocks += 1;
        self.body_paragraphs += block.paragraph_count();
        Ok(())
    }
}

/// An output held in memory up to `hold` bytes, and past that in an unlinked temporary file:
/// a large output is written once, and reaches its destination only when it is whole.
pub struct Spill {
    hold: usize,
    held: Vec<u8>,
    file: Option<BufWriter<File>>,
    last: Option<u8>,
}

impl Spill {
    pub fn new(hold: usize) -> Spill {
        Spill {
            hold,
            held: Vec::new(),
            file: None,
            last: None,
        }
    }

    /// The last byte written, if any.
    pub fn last_byte(&self) -> Option<u8> {
        self.last
    }

    /// The output, when it stayed in memory.
    pub fn into_held(self) -> Result<Vec<u8>, Spill> {
        match self.file {
            None => Ok(self.held),
            Some(_) => Err(self),
        }
    }

    /// Copy the whole output to `out`.
    pub fn copy_to<W: Write + ?Sized>(self, out: &mut W) -> io::Result<()> {
        let Some(file) = self.file else {
            return out.write_all(&self.held);
        };
        let mut file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.rewind()?;
        io::copy(&mut file, out)?;
        Ok(())
    }

    /// Copy the whole output to standard output, which the caller holds locked and has
    /// flushed. On Unix it goes to a duplicate of the descriptor, not through `Stdout`'s line
    /// buffer (which searches every buffer for its last newline), so a spill file reaches a
    /// file or pipe by `copy_file_range`, `sendfile` or `splice`, without passing through
    /// this process.
    pub fn copy_to_stdout(self, out: &mut io::StdoutLock<'_>) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            // No descriptor 1 to duplicate (stdout closed): `Stdout` itself then swallows
            // the output, as it always did.
            if let Ok(fd) = out.as_fd().try_clone_to_owned() {
                return self.copy_to(&mut File::from(fd));
            }
        }
        self.copy_to(out)
    }
}

impl Write for Spill {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.file.is_none() && self.held.len() + buf.len() > self.hold {
            let spill_error = |e: io::Error| {
                io::Error::new(
                    e.kind(),
                    format!("cannot spill output to a temporary file: {e}"),
                )
            };
            let mut file =
                BufWriter::with_capacity(64 * 1024, tempfile::tempfile().map_err(spill_error)?);
            file.write_all(&self.held).map_err(spill_error)?;
            self.held = Vec::new();
            self.file = Some(file);
        }
        let n = match &mut self.file {
            Some(file) => file.write(buf)?,
            None => self.held.write(buf)?,
        };
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.flush(),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spill_holds_a_small_output_and_spills_a_large_one_whole() {
        let mut small = Spill::new(8);
        small.write_all(b"12345678").unwrap();
        assert_eq!(small.into_held().ok(), Some(b"12345678".to_vec()));

        let mut large = Spill::new(8);
        large.write_all(b"12345").unwrap();
        large.write_all(b"6789").unwrap();
        large.write_all(b"abc").unwrap();
        let large = large.into_held().expect_err("spilled to a file");
        let mut copied = Vec::new();
        large.copy_to(&mut copied).unwrap();
        assert_eq!(copied, b"123456789abc");
    }
}
