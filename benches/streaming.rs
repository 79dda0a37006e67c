//! The streaming path (issue 18 §4) on the generated large document at two sizes, 10x apart:
//! peak heap (counted by this bench's allocator, not timed) and throughput, whole-document
//! JSON against streamed JSON.
//!
//! ```text
//! cargo bench --bench streaming
//! ```
//!
//! Before criterion runs, the peak heap of one conversion of each size is printed, for the
//! whole-document path (`from_bytes` + `write`) and the streamed one (`from_bytes_into` +
//! `JsonStream`; for Markdown, text and CSV two reads, into `BodyFacts` and then into
//! `MarkdownStream`, `TextStream`, `CsvStream`): the streamed peak should grow by far less
//! than the document. Peak RSS of the binary on the 142 MB `document.xml` is measured with
//! `/usr/bin/time -v` (see `docs/performance.md`); this bench counts what the library itself
//! holds.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use docxtract::model::Block;
use docxtract::synth::corpus;
use docxtract::write::csv::CsvStream;
use docxtract::write::json::JsonStream;
use docxtract::write::markdown::MarkdownStream;
use docxtract::write::text::TextStream;
use docxtract::write::{write, BodyFacts, BodyStream, Format, WriteOptions};
use docxtract::{from_bytes, from_bytes_into, BlockSink, Document, Options};

/// The system allocator, counting the bytes live and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The JSON written to nowhere as the blocks arrive.
struct ToSink(Option<JsonStream<std::io::Sink>>);

impl BlockSink for ToSink {
    fn begin(&mut self, head: &Document) -> docxtract::Result<()> {
        self.0 = Some(JsonStream::begin(
            head,
            &WriteOptions::new(),
            std::io::sink(),
        )?);
        Ok(())
    }

    fn block(&mut self, block: Block) -> docxtract::Result<()> {
        self.0.as_mut().expect("begun").block(&block)?;
        Ok(())
    }
}

/// Each block handed to a writer's `block`.
struct EachBlock<'f>(&'f mut dyn FnMut(&Block) -> std::io::Result<()>);

impl BlockSink for EachBlock<'_> {
    fn block(&mut self, block: Block) -> docxtract::Result<()> {
        (self.0)(&block)?;
        Ok(())
    }
}

fn whole(package: &[u8], format: Format) {
    let doc = from_bytes(package, &Options::default()).expect("parses");
    write(&doc, format, &WriteOptions::new(), &mut std::io::sink()).expect("writes");
}

fn streamed(package: &[u8], format: Format) {
    if format != Format::Json {
        return streamed_twice(package, format);
    }
    let mut sink = ToSink(None);
    let rest = from_bytes_into(package, &Options::default(), &mut sink).expect("parses");
    sink.0.expect("begun").end(&rest).expect("writes");
}

/// Markdown, text or CSV as the binary streams them: a read into the body's facts, then a
/// second one into the format's stream.
fn streamed_twice(package: &[u8], format: Format) {
    let options = Options::default();
    let mut facts = BodyFacts::new();
    let rest = from_bytes_into(package, &options, &mut facts).expect("parses");
    let again = (package, &options);
    let wo = WriteOptions::new();
    let mut out = std::io::sink();
    match format {
        Format::Markdown => through::<MarkdownStream>(again, &rest, &facts, &wo, &mut out),
        Format::Text => through::<TextStream>(again, &rest, &facts, &wo, &mut out),
        Format::Csv => through::<CsvStream>(again, &rest, &facts, &wo, &mut out),
        Format::Json => unreachable!("JSON streams in one read"),
    }
}

/// The second read, of `package` with `options`, into the stream `S`.
fn through<'a, S: BodyStream<'a>>(
    (package, options): (&[u8], &Options),
    rest: &'a Document,
    facts: &BodyFacts,
    wo: &'a WriteOptions,
    out: &'a mut std::io::Sink,
) {
    let mut stream = S::new(rest, facts, wo, out).expect("writes");
    let mut sink = EachBlock(&mut |b| stream.block(b));
    from_bytes_into(package, options, &mut sink).expect("parses again");
    stream.finish().expect("writes");
}

/// Peak heap of `convert` above what was live before it (the package itself).
fn peak_heap(convert: impl FnOnce()) -> usize {
    let before = LIVE.load(Ordering::Relaxed);
    PEAK.store(before, Ordering::Relaxed);
    convert();
    PEAK.load(Ordering::Relaxed) - before
}

fn benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("streaming");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for paragraphs in [20_000, 200_000] {
        let package = corpus::large_document_of(paragraphs).to_bytes();
        let mib = |bytes: usize| bytes as f64 / (1 << 20) as f64;
        group.throughput(Throughput::Bytes(package.len() as u64));
        for format in [Format::Json, Format::Markdown, Format::Text, Format::Csv] {
            // JSON keeps the names it had before the other formats were streamed.
            let name = match format {
                Format::Json => String::new(),
                _ => format!("{}/", format.extension()),
            };
            let whole_peak = peak_heap(|| whole(&package, format));
            let streamed_peak = peak_heap(|| streamed(&package, format));
            eprintln!(
                "streaming/{name}{paragraphs}: peak heap whole {:.1} MiB, streamed {:.1} MiB",
                mib(whole_peak),
                mib(streamed_peak)
            );
            group.bench_function(format!("whole/{name}{paragraphs}"), |b| {
                b.iter(|| whole(black_box(&package), format))
            });
            group.bench_function(format!("streamed/{name}{paragraphs}"), |b| {
                b.iter(|| streamed(black_box(&package), format))
            });
        }
    }
    group.finish();
}

criterion_group!(streaming, benches);
criterion_main!(streaming);
