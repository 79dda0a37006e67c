//! Batch: one file is one job with its own result, run by a pool of workers. Results are
//! emitted in input order through a reorder buffer whose window is bounded, so
//! memory stays bounded however slow one file is: no task is started more than `window`
//! positions ahead of the oldest result not yet emitted, nor while the finished documents
//! waiting for it hold more than `MAX_BUFFERED_BYTES` of stdout output.

use super::args::OutputBudget;
use super::discover::{Entry, EntryKind, Input};
use super::failure::FailureKind;
use super::quote::{hex_if_not_utf8, quote};
use super::report::{Counts, MarkdownGaps, Outcome, Status};
use super::sink;
use super::stream::{self, Spill, Streamed};
use super::writer::{self, CsvTable, Format, WriteOptions};
use docxtract::batch::SparsePackage;
use docxtract::model::Story;
use docxtract::write::budget::{self, Budgeted};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::{self, Read, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Set by the Ctrl-C handler: start no new file.
pub static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Name prefix of worker threads: a panic there is caught and reported, not printed.
const WORKER_PREFIX: &str = "docxtract-worker-";

/// One output file of a job.
pub struct Target {
    pub format: Format,
    /// The table written when `format` is CSV (`--csv all` gives each table a file).
    pub csv_table: CsvTable,
    pub path: PathBuf,
}

impl Target {
    pub fn new(format: Format, csv_table: CsvTable, path: PathBuf) -> Target {
        Target {
            format,
            csv_table,
            path,
        }
    }
}

/// One input to convert, with its planned outputs.
pub struct Job {
    pub entry: Entry,
    /// Output files (one per format, one per CSV table with `--csv all`) with `--out`.
    pub targets: Vec<Target>,
    /// `NAME.media` folder next to the outputs, with `--extract-media`.
    pub media_dir: Option<PathBuf>,
}

/// What every worker needs, shared read-only.
pub struct Context {
    pub options: docxtract::Options,
    pub write: WriteOptions,
    /// `Some(format)` when writing to stdout (no `--out`).
    pub stdout_format: Option<Format>,
    /// More than one document may go to stdout: Markdown and text get a `==> SOURCE <==` line
    /// before each (see `write_framed`).
    pub stdout_many: bool,
    /// A document next in input order is written straight to stdout (the CLI; the batch's
    /// own tests gather every output to look at it).
    pub stream_in_order: bool,
    pub skip_existing: bool,
    /// Stop starting files as soon as one fails (set by the worker, not later by the emitter).
    pub fail_fast: bool,
    pub report_sha256: bool,
    /// How much output one document may write.
    pub output_budget: OutputBudget,
    /// Test hook: panic while converting any input whose path contains this string
    /// (environment variable `DOCXTRACT_PANIC_ON`), to prove a panic is contained.
    pub panic_on: Option<String>,
}

/// The result of one job: the report line and, for stdout, the bytes to emit. A job still
/// queued when the run stopped (fail-fast, Ctrl-C, broken pipe) is not started and yields no
/// `Done` at all.
pub struct Done {
    pub outcome: Outcome,
    pub stdout: Option<StdoutData>,
}

/// A document's stdout output: gathered for the emitter to write in input order, or already
/// written by its worker (it was next in order), with how that went.
pub enum StdoutData {
    Buffered(Vec<u8>),
    Streamed(io::Result<()>),
}

/// Stdout output that finished documents may hold while they wait for a slower one before
/// them is bounded by twice the largest output held so far, kept between these two: the
/// window flows past a slow file, and a batch of small documents holds no more output than a
/// few of them (the peak RSS of a long batch stays that of a short one).
const MIN_BUFFERED_BYTES: usize = 256 << 10;
const MAX_BUFFERED_BYTES: usize = 32 << 20;

fn buffer_bound(largest_output: usize) -> usize {
    largest_output
        .saturating_mul(2)
        .clamp(MIN_BUFFERED_BYTES, MAX_BUFFERED_BYTES)
}

thread_local! {
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keep panics in workers off stderr (they become an `internal` error line for their file);
/// panics anywhere else still print as usual.
pub fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info| {
        let in_worker = std::thread::current()
            .name()
            .is_some_and(|n| n.starts_with(WORKER_PREFIX));
        if in_worker {
            let msg = if let Some(s) = info.payload().downcast_ref::<&str>() {
                (*s).to_string()
            } else if let Some(s) = info.payload().downcast_ref::<String>() {
                s.clone()
            } else {
                "unknown panic".to_string()
            };
            let at = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{msg}{at}")));
        } else {
            default(info);
        }
    }));
}

/// Run one job, catching a panic as an `internal` error for this file. `next_in_order` says
/// whether every earlier input has been emitted: then stdout output is written as it is
/// serialized instead of gathered, since nothing can have to come before it.
pub fn run_job(ctx: &Context, job: &Job, next_in_order: &dyn Fn() -> bool) -> Done {
    let started = Instant::now();
    let convert = || convert(ctx, job, next_in_order);
    let mut done = match panic::catch_unwind(AssertUnwindSafe(convert)) {
        Ok(done) => done,
        Err(_) => {
            let msg = LAST_PANIC
                .with(|p| p.borrow_mut().take())
                .unwrap_or_else(|| "unknown panic".into());
            // Outputs of this file are not trusted: remove any already renamed into place.
            for target in &job.targets {
                let _ = std::fs::remove_file(&target.path);
            }
            Done {
                outcome: Outcome::failed(
                    &job.entry.display,
                    FailureKind::Internal,
                    format!("internal error (panic: {msg}); please report this file"),
                ),
                stdout: None,
            }
        }
    };
    done.outcome.ms = started.elapsed().as_millis() as u64;
    if let Input::File(path) = &job.entry.input {
        done.outcome.source_hex = hex_if_not_utf8(path.as_os_str());
    }
    done
}

/// Standard input up to this size is held in memory; a larger one is spooled to a temporary
/// file and read like any file (without its photos), so memory follows the parts read.
const SPOOL_STDIN_AFTER: u64 = 8 << 20;

/// Read an input into `buf`: a file without its photos (left in the file for the media);
/// standard input as the file it is when it is one, else held or spooled.
fn read_input(
    input: &Input,
    limits: &docxtract::Limits,
    buf: &mut SparsePackage,
) -> Result<(), docxtract::Error> {
    match input {
        Input::File(path) => docxtract::batch::read_file_without_media(path, limits, buf),
        Input::Stdin => read_stdin(limits, buf),
    }
}

fn read_stdin(limits: &docxtract::Limits, buf: &mut SparsePackage) -> Result<(), docxtract::Error> {
    if let Some(file) = stdin_as_regular_file() {
        return docxtract::batch::read_opened_file_without_media(file, limits, buf);
    }
    // Held in memory up to the spool size (never past the input limit); beyond, spooled, at
    // most one byte past the limit, so that the library refuses the file by its length.
    let held = SPOOL_STDIN_AFTER.min(limits.max_input_bytes);
    let mut stdin = io::stdin().lock();
    let mut head = Vec::new();
    (&mut stdin).take(held + 1).read_to_end(&mut head)?;
    if head.len() as u64 <= held {
        *buf = SparsePackage::from(head);
        return Ok(());
    }
    let spool_error = |e: io::Error| {
        docxtract::Error::from(io::Error::new(
            e.kind(),
            format!("cannot spool standard input to a temporary file: {e}"),
        ))
    };
    // Unlinked at once: nothing is left behind however the run ends.
    let mut spool = tempfile::tempfile().map_err(spool_error)?;
    spool.write_all(&head).map_err(spool_error)?;
    let left = (limits.max_input_bytes + 1).saturating_sub(head.len() as u64);
    drop(head);
    io::copy(&mut (&mut stdin).take(left), &mut spool).map_err(spool_error)?;
    docxtract::batch::read_opened_file_without_media(spool, limits, buf)
}

/// Standard input redirected from a regular file (`docxtract - < a.docx`) is read as that
/// file: its length is checked before a byte is read, and its photos stay unread.
#[cfg(unix)]
fn stdin_as_regular_file() -> Option<std::fs::File> {
    use std::io::Seek;
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    let file = std::fs::File::from(fd);
    let meta = file.metadata().ok()?;
    // Read from where the shell left it: only a file positioned at its start is the package.

    let at_start = (&file).stream_position().ok()? == 0;
    (meta.is_file() && at_start).then_some(file)
}

#[cfg(not(unix))]
fn stdin_as_regular_file() -> Option<std::fs::File> {
    None
}

thread_local! {
    /// Each worker reads its inputs, without their photos, into one buffer.
    static INPUT: RefCell<SparsePackage> = const { RefCell::new(SparsePackage::new()) };
}

/// A worker keeps its input buffer between files up to this size: the XML of a large
/// document, not a whole package read whole.
const KEEP_INPUT_BYTES: usize = 8 << 20;

fn convert(ctx: &Context, job: &Job, next_in_order: &dyn Fn() -> bool) -> Done {
    let mut buf = INPUT.with(|b| std::mem::take(&mut *b.borrow_mut()));
    let done = convert_with(ctx, job, &mut buf, next_in_order);
    buf.close_file();
    if buf.capacity() <= KEEP_INPUT_BYTES {
        INPUT.with(|b| *b.borrow_mut() = buf);
    }
    done
}

fn convert_with(
    ctx: &Context,
    job: &Job,
    buf: &mut SparsePackage,
    next_in_order: &dyn Fn() -> bool,
) -> Done {
    let entry = &job.entry;
    let fail = |kind: FailureKind, msg: String| Done {
        outcome: Outcome::failed(&entry.display, kind, msg),
        stdout: None,
    };
    match &entry.kind {
        EntryKind::Skip(reason) => {
            return Done {
                outcome: Outcome::skipped(&entry.display, reason),
                stdout: None,
            }
        }
        EntryKind::Fail { kind, message } => return fail(*kind, message.clone()),
        EntryKind::Convert => {}
    }
    if ctx.skip_existing {
        if let Input::File(path) = &entry.input {
            let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
            let targets: Vec<PathBuf> = job.targets.iter().map(|t| t.path.clone()).collect();
            if sink::outputs_complete(modified, &targets) {
                let mut o = Outcome::skipped(&entry.display, "outputs exist");
                o.outputs = targets.iter().map(|t| t.display().to_string()).collect();
                return Done {
                    outcome: o,
                    stdout: None,
                };
            }
        }
    }
    if let Some(needle) = &ctx.panic_on {
        if entry.display.contains(needle.as_str()) {
            panic!("DOCXTRACT_PANIC_ON matched this input");
        }
    }
    // The input is read without its photos; the media and a hash read the rest from the
    // file when they need it.
    if let Err(e) = read_input(&entry.input, &ctx.options.limits, buf) {
        return fail(FailureKind::of(&e), e.to_string());
    }
    if let Some(done) = convert_streamed(ctx, job, buf, next_in_order) {
        return done;
    }
    let mut doc = match docxtract::batch::from_sparse(buf, &ctx.options) {
        Ok(doc) => doc,
        Err(e) => return fail_read(ctx, entry, buf, e),
    };
    doc.source.path = source_path(entry);
    let mut outcome = converted(ctx, entry, &doc, doc.blocks.len(), doc.paragraphs().len());

    let budget = ctx.output_budget.for_input(buf.file_len());
    if let Some(format) = ctx.stdout_format {
        let mut opts = ctx.write.clone();
        if format == Format::Markdown {
            outcome.markdown_gaps = markdown_gaps(&doc, &opts);
        }
        if format == Format::Csv {
            // The emitter writes the one header row (and BOM) for the whole stream.
            opts.csv_header = false;
            opts.bom = false;
        }
        let write = |w: &mut dyn Write| writer::write(&doc, format, &opts, w);
        return match write_to_stdout(ctx, &entry.display, budget, next_in_order, write) {
            Ok(stdout) => Done {
                outcome,
                stdout: Some(stdout),
            },
            Err(e) => fail_output(&entry.display, e, format.extension()),
        };
    }

    let mut opts = ctx.write.clone();
    if let Some(media_dir) = &job.media_dir {
        match extract_media(buf, &doc, &ctx.options, media_dir) {
            Ok(0) => {}
            Ok(_) => {
                outcome.outputs.push(media_dir.display().to_string());
                // Markdown sits next to the media folder: link relative to it.
                opts.media_dir = media_dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned());
            }
            Err((kind, msg)) => return fail(kind, msg),
        }
    }
    if job
        .targets
        .iter()
        .any(|target| target.format == Format::Markdown)
    {
        outcome.markdown_gaps = markdown_gaps(&doc, &opts);
    }
    // Media first, formats last: when every format output exists the media is complete too,
    // which is what --skip-existing relies on.
    let mut left = budget;
    for target in &job.targets {
        opts.csv_table = target.csv_table;
        let path = &target.path;
        let result = sink::write_atomic(path, |w| {
            let mut w = Budgeted::new(w, &mut left, budget);
            writer::write(&doc, target.format, &opts, &mut w)
        });
        if let Err(e) = result {
            // No output of a document that failed: what was written of it goes.
            for written in &job.targets {
                let _ = std::fs::remove_file(&written.path);
            }
            if let Some(media_dir) = &job.media_dir {
                let _ = std::fs::remove_dir_all(media_dir);
            }
            return fail_output(&entry.display, e, &path.display().to_string());
        }
        outcome.outputs.push(path.display().to_string());
    }
    Done {
        outcome,
        stdout: None,
    }
}

/// The `source.path` of an entry's document: its path as shown, none for standard input.
fn source_path(entry: &Entry) -> Option<String> {
    match &entry.input {
        Input::Stdin => None,
        Input::File(_) => Some(entry.display.clone()),
    }
}

/// A document that could not be read.
fn fail_read(ctx: &Context, entry: &Entry, buf: &SparsePackage, e: docxtract::Error) -> Done {
    let mut outcome = Outcome::failed(&entry.display, FailureKind::of(&e), e.to_string());
    outcome.sha256 = ctx.report_sha256.then(|| buf.sha256_hex().ok()).flatten();
    Done {
        outcome,
        stdout: None,
    }
}

/// The report line of a document read: `blocks` and `paragraphs` are counted by the caller,
/// since a streamed document's `blocks` are written, not held.
fn converted(
    ctx: &Context,
    entry: &Entry,
    doc: &docxtract::Document,
    blocks: usize,
    paragraphs: usize,
) -> Outcome {
    let mut outcome = Outcome::new(&entry.display, Status::Ok);
    // The library has hashed the package already (`Options::sha256`).
    outcome.sha256 = doc.source.sha256.clone().filter(|_| ctx.report_sha256);
    outcome.counts = Some(Counts {
        blocks,
        paragraphs,
        images: doc.images.len(),
        bookmarks: doc.bookmarks.len(),
        warnings: doc.warnings.len(),
    });
    outcome
}

/// A large document with one output (standard output, or one `--out` file without
/// `--extract-media`) is written while it is read (`stream.rs`): JSON in one read, Markdown,
/// text and CSV in two. To stdout it goes through a spill file, to `--out` through its
/// temporary file. Either way nothing of it is left when reading or the budget stops it.
/// `None` for every other document.
fn convert_streamed(
    ctx: &Context,
    job: &Job,
    buf: &SparsePackage,
    next_in_order: &dyn Fn() -> bool,
) -> Option<Done> {
    let format = match (ctx.stdout_format, job.targets.as_slice()) {
        (Some(format), _) => format,
        (None, [target]) if job.media_dir.is_none() => target.format,
        (None, _) => return None,
    };
    if !stream::worth_streaming(buf, &ctx.options, format) {
        return None;
    }
    let entry = &job.entry;
    let budget = ctx.output_budget.for_input(buf.file_len());
    // The options of the whole-document path for the same output.
    let mut opts = ctx.write.clone();
    match (ctx.stdout_format, job.targets.as_slice()) {
        (Some(Format::Csv), _) => {
            // The emitter writes the one header row (and BOM) for the whole stream.
            opts.csv_header = false;
            opts.bom = false;
        }
        (None, [target]) => opts.csv_table = target.csv_table,
        _ => {}
    }
    let mut read = None;
    let mut write = |w: &mut dyn Write| {
        // Markdown, text and CSV read twice; `--timeout` bounds both reads together.
        let started = Instant::now();
        let from_package = |sink: &mut dyn docxtract::BlockSink| {
            let mut options = ctx.options.clone();
            options.timeout = options.timeout.map(|t| t.saturating_sub(started.elapsed()));
            docxtract::batch::from_sparse_into(buf, &options, sink)
        };
        let streamed = match format {
            Format::Json => stream::write_json(from_package, source_path(entry), &opts, w),
            _ => stream::write_twice(format, from_package, source_path(entry), &opts, w),
        };
        match streamed {
            Streamed::Write(e) => Err(e),
            Streamed::Read(e) => {
                read = Some(Err(e));
                Err(io::Error::other("the document could not be read"))
            }
            Streamed::Done {
                rest,
                blocks,
                body_paragraphs,
            } => {
                read = Some(Ok((rest, blocks, body_paragraphs)));
                Ok(())
            }
        }
    };
    let (written, what) = match ctx.stdout_format {
        Some(format) => (
            write_to_stdout(ctx, &entry.display, budget, next_in_order, write).map(Some),
            format.extension().to_string(),
        ),
        None => {
            let path = &job.targets[0].path;
            let mut left = budget;
            let written =
                sink::write_atomic(path, |w| write(&mut Budgeted::new(w, &mut left, budget)));
            if written.is_err() {
                // No output of a document that failed, not even one of an earlier run.
                let _ = std::fs::remove_file(path);
            }
            (written.map(|()| None), path.display().to_string())
        }
    };
    Some(match (read, written) {
        (Some(Err(e)), _) => fail_read(ctx, entry, buf, e),
        (_, Err(e)) => fail_output(&entry.display, e, &what),
        (Some(Ok((rest, blocks, body_paragraphs))), Ok(stdout)) => {
            let paragraphs = body_paragraphs + rest.paragraphs().len();
            let mut outcome = converted(ctx, entry, &rest, blocks, paragraphs);
            if format == Format::Markdown {
                outcome.markdown_gaps = markdown_gaps(&rest, &opts);
            }
            if stdout.is_none() {
                outcome.outputs.push(what);
            }
            Done { outcome, stdout }
        }
        (None, Ok(_)) => unreachable!("the output was written, so the document was read"),
    })
}

/// A failure to write `what`: over the output budget (a `limit`), or an `output` error.
fn fail_output(source: &str, e: io::Error, what: &str) -> Done {
    let (kind, message) = match budget::budget_exceeded(&e) {
        Some(spent) => (FailureKind::Limit, spent.to_string()),
        None => (FailureKind::Output, format!("cannot write {what}: {e}")),
    };
    Done {
        outcome: Outcome::failed(source, kind, message),
        stdout: None,
    }
}

/// Outputs up to this size going straight to stdout are gathered in memory; a larger one is
/// spilled to a temporary file while it is written (`Spill`), then copied.
const GATHER_STDOUT_BYTES: usize = 8 << 20;

/// One document's stdout output, within `budget` and never half of it: gathered (written by
/// the emitter in input order), or, when it is next in order, written into stdout in place
/// when stdout is a regular file (`in_place`), else written to stdout once whole. It is
/// written once: a large output next in order waits in a spill file, not in memory (that
/// would add the output to the peak memory of a large document) and is not written twice
/// (once to count it against the budget, once to stdout, as before issue 18).
fn write_to_stdout(
    ctx: &Context,
    source: &str,
    budget: u64,
    next_in_order: &dyn Fn() -> bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<StdoutData> {
    let streaming = ctx.stream_in_order && next_in_order();
    #[cfg(target_os = "linux")]
    if streaming {
        let stdout = io::stdout();
        let mut out = stdout.lock();
        if let Some(file) = in_place::stdout_file(&out) {
            return in_place::write(ctx, source, budget, &mut out, file, write);
        }
    }
    // Not next in order: the emitter writes it, from memory, when its turn comes.
    let hold = if streaming {
        GATHER_STDOUT_BYTES
    } else {
        usize::MAX
    };
    let mut spill = Spill::new(hold);
    let mut left = budget;
    write(&mut Budgeted::new(&mut spill, &mut left, budget))?;
    if !streaming {
        // The emitter frames it when its turn comes.
        return match spill.into_held() {
            Ok(gathered) => Ok(StdoutData::Buffered(gathered)),
            Err(_) => unreachable!("an output not next in order is held whole"),
        };
    }
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let last = spill.last_byte();
    let written = frame_start(ctx, source, &mut out)
        .and_then(|()| out.flush())
        .and_then(|()| spill.copy_to_stdout(&mut out))
        .and_then(|()| frame_end(ctx, last, &mut out))
        .and_then(|()| out.flush());
    Ok(StdoutData::Streamed(written))
}

/// Standard output that is a regular file is written in place: a document next in order is
/// written into it as it is converted, and a failure cuts the file back to where the
/// document began, so no half output is left, and a large output is neither spilled nor
/// copied (`docxtract big.docx > big.json` wrote it twice; issue 18 §3). Linux only: the
/// flags of standard output are asked of it (rustix).
#[cfg(target_os = "linux")]
mod in_place {
    use super::{frame_end, frame_start, Context, LastByte, StdoutData};
    use docxtract::write::budget::Budgeted;
    use std::fs::File;
    use std::io::{self, BufWriter, Seek, SeekFrom, Write};
    use std::os::fd::AsFd;
    use std::os::unix::fs::MetadataExt;
    use std::sync::OnceLock;

    /// Standard output as a file, when it is a regular file written at its end (`>`):
    /// cutting back to where a document began takes nothing that was there. Not when it
    /// appends (`>>`): other processes may append to it too (`parallel ... >> all.ndjson`),
    /// and a cut would take their lines. Not when standard error goes into the same file:
    /// its lines would be cut back too. Asked once a run (what standard output is does not
    /// change, and it stays at its end as documents are written), and the file kept.
    pub fn stdout_file(out: &io::StdoutLock<'_>) -> Option<&'static File> {
        static FILE: OnceLock<Option<File>> = OnceLock::new();
        FILE.get_or_init(|| {
            let file = File::from(out.as_fd().try_clone_to_owned().ok()?);
            let meta = file.metadata().ok()?;
            if !meta.file_type().is_file() {
                return None;
            }
            let flags = rustix::fs::fcntl_getfl(&file).ok()?;
            if flags.contains(rustix::fs::OFlags::APPEND) {
                return None;
            }
            let stderr = io::stderr().as_fd().try_clone_to_owned().map(File::from);
            if let Ok(err) = stderr.and_then(|f| f.metadata()) {
                if (err.dev(), err.ino()) == (meta.dev(), meta.ino()) {
                    return None;
                }
            }
            let end = (&file).stream_position().ok()?;
            (end == meta.len()).then_some(file)
        })
        .as_ref()
    }

    /// Cuts the file back to `end` when dropped (a failure, or a panic unwinding), unless
    /// the output is kept.
    struct CutBack<'f> {
        file: &'f File,
        end: u64,
        keep: bool,
    }

    impl Drop for CutBack<'_> {
        fn drop(&mut self) {
            if !self.keep {
                let _ = self.file.set_len(self.end);
                let _ = (&*self.file).seek(SeekFrom::Start(self.end));
            }
        }
    }

    /// The file, with the first error writing it: that is a failure of standard output
    /// (the emitter's to report), not of the document.
    struct Recording<'f> {
        file: &'f File,
        error: Option<io::Error>,
    }

    impl Write for Recording<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.file.write(buf).inspect_err(|e| {
                // An interrupted write is retried by the buffer, not a failure.
                if e.kind() != io::ErrorKind::Interrupted {
                    self.error
                        .get_or_insert_with(|| io::Error::new(e.kind(), e.to_string()));
                }
            })
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    pub fn write(
        ctx: &Context,
        source: &str,
        budget: u64,
        out: &mut io::StdoutLock<'_>,
        file: &File,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<StdoutData> {
        let end = out.flush().and_then(|()| {
            let mut file = file;
            file.stream_position()
        });
        let end = match end {
            Ok(end) => end,
            Err(e) => return Ok(StdoutData::Streamed(Err(e))),
        };
        let mut cut_back = CutBack {
            file,
            end,
            keep: false,
        };
        let mut target = BufWriter::with_capacity(64 << 10, Recording { file, error: None });
        let mut left = budget;
        let written = frame_start(ctx, source, &mut target)
            .and_then(|()| {
                let mut doc = LastByte {
                    inner: &mut target,
                    last: None,
                };
                write(&mut Budgeted::new(&mut doc, &mut left, budget))?;
                Ok(doc.last)
            })
            .and_then(|last| frame_end(ctx, last, &mut target))
            .and_then(|()| target.flush());
        // What is still buffered is dropped, not written after the cut.
        let (recording, _) = target.into_parts();
        match (written, recording.error) {
            (Ok(()), _) => {
                cut_back.keep = true;
                Ok(StdoutData::Streamed(Ok(())))
            }
            (Err(_), Some(stdout_failed)) => Ok(StdoutData::Streamed(Err(stdout_failed))),
            (Err(e), None) => Err(e),
        }
    }
}

/// What the Markdown of `doc`, written with `opts`, points at or leaves out.
fn markdown_gaps(doc: &docxtract::Document, opts: &WriteOptions) -> MarkdownGaps {
    MarkdownGaps {
        package_image_links: opts.media_dir.is_none()
            && doc.images.iter().any(|image| {
                let written = match image.location.story {
                    Story::Header | Story::Footer => opts.markdown_headers_footers,
                    Story::Comment => opts.comments,
                    Story::Body | Story::Footnote | Story::Endnote => true,
                };
                written && !image.external && image.target.is_some()
            }),
        comments_left_out: !opts.comments && !doc.comments.is_empty(),
    }
}

/// One document's stdout output with the conventions of `--help`: JSON and CSV end with a
/// newline; with several documents, Markdown and text are preceded by `==> SOURCE <==` and
/// followed by a blank line. The same for gathered and streamed output.
pub fn write_framed(
    ctx: &Context,
    source: &str,
    out: &mut dyn Write,
    body: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    if ctx.stdout_format.is_none() {
        return Ok(());
    }
    frame_start(ctx, source, out)?;
    let mut body_out = LastByte {
        inner: &mut *out,
        last: None,
    };
    body(&mut body_out)?;
    let last = body_out.last;
    frame_end(ctx, last, out)
}

/// Whether a document's output on stdout is framed by a `==> SOURCE <==` line.
fn framed(ctx: &Context) -> bool {
    ctx.stdout_many && matches!(ctx.stdout_format, Some(Format::Markdown | Format::Text))
}

/// What comes before a document's output on stdout (see `write_framed`).
fn frame_start(ctx: &Context, source: &str, out: &mut dyn Write) -> io::Result<()> {
    if framed(ctx) {
        writeln!(out, "==> {} <==", quote(source))?;
    }
    Ok(())
}

/// What comes after a document's output on stdout, whose last byte was `last` (see
/// `write_framed`).
fn frame_end(ctx: &Context, last: Option<u8>, out: &mut dyn Write) -> io::Result<()> {
    let Some(format) = ctx.stdout_format else {
        return Ok(());
    };
    let ends_line = framed(ctx) || matches!(format, Format::Json | Format::Csv);
    if ends_line && last.is_some_and(|b| b != b'\n') {
        out.write_all(b"\n")?;
    }
    if framed(ctx) {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A writer that remembers the last byte written through it.
struct LastByte<W> {
    inner: W,
    last: Option<u8>,
}

impl<W: Write> Write for LastByte<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if n > 0 {
            self.last = Some(buf[n - 1]);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Write each internal image part of the document into `dir` under the writers' safe name
/// (the one Markdown links use). Returns how many files were written.
fn extract_media(
    package: &SparsePackage,
    doc: &docxtract::Document,
    options: &docxtract::Options,
    dir: &Path,
) -> Result<usize, (FailureKind, String)> {
    if doc.images.is_empty() {
        return Ok(0);
    }
    let mut written = std::collections::HashSet::new();
    let mut failed = None;
    // One image in memory at a time: each is written before the next is read.
    let walked = docxtract::batch::for_each_media(package, doc, options, |part, data| {
        let name = writer::media_file_name(part);
        // Defence in depth: one plain file name, never a path out of `dir`.
        let mut comps = Path::new(&name).components();
        let plain = matches!(comps.next(), Some(Component::Normal(_))) && comps.next().is_none();
        if !plain {
            failed = Some((
                FailureKind::Output,
                format!("unsafe media name {name:?} for part {part}"),
            ));
            return Err(io::Error::other("unsafe media name"));
        }
        if !written.insert(name.clone()) {
            // Two parts whose safe names coincide: keep the first, as Markdown links do.
            return Ok(());
        }
        let target = dir.join(&name);
        sink::write_atomic(&target, |w| w.write_all(&data)).map_err(|e| {
            failed = Some((
                FailureKind::Output,
                format!("cannot write {}: {e}", target.display()),
            ));
            e
        })
    });
    if let Some(failure) = failed {
        return Err(failure);
    }
    walked.map_err(|e| (FailureKind::of(&e), e.to_string()))?;
    Ok(written.len())
}

/// The shared state of a run: the jobs not yet started and the reorder buffer.
struct Queue<J, E> {
    /// Jobs are planned as they are taken (discovery walks folders lazily), under the lock.
    jobs: J,
    /// No job is left to take.
    exhausted: bool,
    next_dispatch: usize,
    next_emit: usize,
    /// Finished documents waiting for an earlier one, by input position.
    pending: BTreeMap<usize, Done>,
    /// Stdout bytes held in `pending`.
    buffered: usize,
    /// The largest stdout output of one document held so far (streamed ones are never held):
    /// it sets the bound on `buffered`.
    largest_output: usize,
    /// The most bytes `pending` held at once (for a test).
    most_buffered: usize,
    stop: bool,
    interrupted: bool,
    stalls: usize,
    /// A panic inside `emit` (a bug): the run stops and reports it.
    emit_panic: Option<String>,
    emit: E,
}

/// Run all jobs on `threads` workers; `emit` gets every result exactly once, in input order,
/// and returns `false` to stop starting new files (fail-fast, broken pipe). Files already
/// started are always finished and emitted.
///
/// Whichever worker completes the oldest missing result emits it and every result queued
/// behind it, under the queue's lock. There is no emitter thread to wake per file: at two
/// workers on two cores, that thread's wake-ups cost more than the emitting itself.
pub fn run(
    ctx: Arc<Context>,
    jobs: impl Iterator<Item = Job> + Send,
    threads: usize,
    window: usize,
    emit: impl FnMut(Done) -> bool + Send,
) -> io::Result<RunEnd> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("{WORKER_PREFIX}{i}"))
        .build()
        .map_err(|e| io::Error::other(format!("cannot start worker threads: {e}")))?;
    let queue = Mutex::new(Queue {
        jobs,
        exhausted: false,
        next_dispatch: 0,
        next_emit: 0,
        pending: BTreeMap::new(),
        buffered: 0,
        largest_output: 0,
        most_buffered: 0,
        stop: false,
        interrupted: false,
        stalls: 0,
        emit_panic: None,
        emit,
    });
    let window_moved = Condvar::new();
    pool.broadcast(|_| worker(&ctx, &queue, &window_moved, window.max(1)));
    let queue = queue.into_inner().unwrap_or_else(PoisonError::into_inner);
    if let Some(msg) = queue.emit_panic {
        return Err(io::Error::other(format!(
            "internal error while writing results (panic: {msg})"
        )));
    }
    Ok(RunEnd {
        interrupted: queue.interrupted,
        stalls: queue.stalls,
        most_buffered: queue.most_buffered,
    })
}

fn worker<J: Iterator<Item = Job>, E: FnMut(Done) -> bool>(
    ctx: &Context,
    queue: &Mutex<Queue<J, E>>,
    window_moved: &Condvar,
    window: usize,
) {
    let lock = || queue.lock().unwrap_or_else(PoisonError::into_inner);
    let mut q = lock();
    loop {
        if !q.stop && INTERRUPTED.load(Ordering::SeqCst) {
            q.stop = true;
            q.interrupted = true;
        }
        if q.stop || q.exhausted {
            return;
        }
        if q.next_dispatch >= q.next_emit + window || q.buffered >= buffer_bound(q.largest_output) {
            if q.next_dispatch - q.next_emit == q.pending.len() {
                // Nothing in flight: only the timeout could wake us.
                q.stalls += 1;
            }
            // The timeout only serves Ctrl-C, which no condition variable signals.
            q = window_moved
                .wait_timeout(q, Duration::from_millis(100))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
            continue;
        }
        let Some(job) = q.jobs.next() else {
            q.exhausted = true;
            window_moved.notify_all();
            return;
        };
        let i = q.next_dispatch;
        q.next_dispatch += 1;
        drop(q);

        // Next in order: every earlier output has been written (the emitter writes under this
        // lock), and no later one can be until this one is in. A stopped run (a broken
        // stdout) gathers instead, and the emitter decides.
        let next_in_order = || {
            let q = lock();
            q.next_emit == i && !q.stop
        };
        let done = run_job(ctx, &job, &next_in_order);
        let failed = done.outcome.status == Status::Error;

        q = lock();
        if ctx.fail_fast && failed {
            q.stop = true;
        }
        q.buffered += stdout_len(&done);
        q.largest_output = q.largest_output.max(stdout_len(&done));
        q.pending.insert(i, done);
        let mut moved = false;
        loop {
            let next = q.next_emit;
            let Some(done) = q.pending.remove(&next) else {
                break;
            };
            q.next_emit += 1;
            q.buffered -= stdout_len(&done);
            moved = true;
            let go_on = panic::catch_unwind(AssertUnwindSafe(|| (q.emit)(done)));
            match go_on {
                Ok(true) => {}
                Ok(false) => q.stop = true,
                Err(_) => {
                    q.stop = true;
                    q.emit_panic = Some(
                        LAST_PANIC
                            .with(|p| p.borrow_mut().take())
                            .unwrap_or_else(|| "unknown panic".into()),
                    );
                }
            }
        }
        q.most_buffered = q.most_buffered.max(q.buffered);
        if moved {
            window_moved.notify_all();
        }
    }
}

fn stdout_len(done: &Done) -> usize {
    match &done.stdout {
        Some(StdoutData::Buffered(buf)) => buf.len(),
        _ => 0,
    }
}

/// How the batch ended.
pub struct RunEnd {
    /// Ctrl-C: files not yet started were left out.
    pub interrupted: bool,
    /// Times a worker waited with no file in flight (only a timeout could wake it): always
    /// 0 unless the dispatch logic is wrong; kept so a test can prove it.
    #[cfg_attr(not(test), allow(dead_code))]
    pub stalls: usize,
    /// The most stdout bytes held at once for an earlier, slower document (for a test).
    #[cfg_attr(not(test), allow(dead_code))]
    pub most_buffered: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn missing_file_job(i: usize) -> Job {
        let path = PathBuf::from(format!("/nonexistent/docxtract-test/{i}.docx"));
        Job {
            entry: Entry {
                display: path.display().to_string(),
                rel: PathBuf::from(format!("{i}.docx")),
                input: Input::File(path),
                kind: EntryKind::Convert,
            },
            targets: Vec::new(),
            media_dir: None,
        }
    }

    fn stdout_json_context() -> Arc<Context> {
        Arc::new(Context {
            options: docxtract::Options::default(),
            write: WriteOptions::default(),
            stdout_format: Some(Format::Json),
            skip_existing: false,
            fail_fast: false,
            report_sha256: false,
            output_budget: OutputBudget::default(),
            stdout_many: true,
            stream_in_order: false,
            panic_on: None,
        })
    }

    #[test]
    fn emitter_never_waits_with_nothing_in_flight_and_keeps_input_order() {
        let ctx = stdout_json_context();
        let jobs = (0..40).map(missing_file_job);
        let mut order = Vec::new();
        // A window of one is the worst case: every result frees the only slot.
        let end = run(ctx, jobs, 2, 1, |done| {
            order.push(done.outcome.source.clone());
            true
        })
        .unwrap();
        assert_eq!(end.stalls, 0, "the emitter waited for a timeout");
        assert!(!end.interrupted);
        let expected: Vec<String> = (0..40)
            .map(|i| format!("/nonexistent/docxtract-test/{i}.docx"))
            .collect();
        assert_eq!(order, expected);
    }

    #[test]
    fn output_held_behind_a_slow_document_stays_near_twice_the_largest_output() {
        let dir = tempfile::tempdir().unwrap();
        let slow = dir.path().join("0-large.docx");
        std::fs::write(&slow, docxtract::synth::corpus::large_document().to_bytes()).unwrap();
        let small = dir.path().join("article.docx");
        std::fs::write(&small, docxtract::synth::corpus::article(1).to_bytes()).unwrap();
        let job = |path: &PathBuf, i: usize| {
            let mut job = missing_file_job(i);
            job.entry.input = Input::File(path.clone());
            job
        };
        let jobs = std::iter::once(job(&slow, 0)).chain((1..400).map(|i| job(&small, i)));
        let mut small_output = 0;
        let mut emitted = 0;
        // A window far wider than the batch: only the byte bound can hold the fast worker.
        let end = run(stdout_json_context(), jobs, 2, 10_000, |done| {
            assert_eq!(done.outcome.status, Status::Ok, "{:?}", done.outcome.error);
            if emitted > 0 {
                small_output = stdout_len(&done);
            }
            emitted += 1;
            true
        })
        .unwrap();
        assert_eq!(emitted, 400);
        assert!(small_output > 1000);
        // While the large document is read, the small outputs wait, up to the floor of the
        // bound (twice one small output is less) plus the one that crosses it: well under
        // 1 MiB, where a bound in bytes alone held 13 MB here.
        assert!(
            end.most_buffered <= MIN_BUFFERED_BYTES + small_output && end.most_buffered < 1 << 20,
            "held {} bytes behind the slow document",
            end.most_buffered
        );
    }

    #[test]
    fn jobs_are_taken_as_the_window_moves_not_listed_first() {
        let ctx = stdout_json_context();
        let taken = std::sync::atomic::AtomicUsize::new(0);
        let jobs = (0..10_000).map(|i| {
            taken.fetch_add(1, Ordering::SeqCst);
            missing_file_job(i)
        });
        let window = 8;
        let mut taken_at_emit = Vec::new();
        let end = run(ctx, jobs, 2, window, |_| {
            taken_at_emit.push(taken.load(Ordering::SeqCst));
            true
        })
        .unwrap();
        assert_eq!(end.stalls, 0);
        assert_eq!(taken_at_emit.len(), 10_000);
        // When the n-th result is emitted, at most a window's worth of jobs beyond it have
        // been taken from the stream.
        for (n, taken) in taken_at_emit.iter().enumerate() {
            assert!(*taken <= n + 1 + window, "result {n}: {taken} jobs taken");
        }
    }
}
