//! Criterion benchmarks (issue 7): parse-only, write-only (each format) and parse+write, over
//! the fixtures, one mid-size newsroom article and the very large document.
//!
//! ```text
//! cargo bench --bench convert                 # everything, a few minutes on 2 cores
//! cargo bench --bench convert -- parse/       # one group
//! ```
//!
//! Throughput is in bytes of the input package (parse, parse+write) or bytes of output
//! (write-only), so criterion reports MiB/s. Samples are kept few and short on purpose: these
//! numbers are for comparing commits on one machine, not for the README table (that comes
//! from `scripts/compare-peers`).

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{
    criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use docxtract::synth::corpus;
use docxtract::write::{write, Format, WriteOptions};
use docxtract::{from_bytes, Document, Options};

const FORMATS: [Format; 4] = [Format::Json, Format::Markdown, Format::Csv, Format::Text];

/// One benchmark input: a name and one or more packages.
struct Input {
    name: &'static str,
    packages: Vec<Vec<u8>>,
}

impl Input {
    fn bytes(&self) -> u64 {
        self.packages.iter().map(|p| p.len() as u64).sum()
    }
    fn large(&self) -> bool {
        self.name == "large"
    }
}

fn inputs() -> Vec<Input> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/ exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    paths.sort();
    let options = Options::default();
    // All fixtures as one input (a batch of small, feature-dense files), minus any that are
    // meant to fail.
    let fixtures = paths
        .iter()
        .map(|p| std::fs::read(p).expect("readable fixture"))
        .filter(|b| from_bytes(b, &options).is_ok())
        .collect();
    vec![
        Input {
            name: "fixtures",
            packages: fixtures,
        },
        Input {
            name: "article",
            packages: vec![corpus::article(7).to_bytes()],
        },
        Input {
            name: "large",
            packages: vec![corpus::large_document().to_bytes()],
        },
    ]
}

fn configure(group: &mut BenchmarkGroup<'_, criterion::measurement::WallTime>, large: bool) {
    // The large document takes ~100 ms an iteration: flat sampling keeps it to 10 iterations
    // a sample instead of criterion's growing linear sequence.
    group
        .sample_size(10)
        .sampling_mode(if large {
            SamplingMode::Flat
        } else {
            SamplingMode::Auto
        })
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(if large { 3 } else { 1 }));
}

fn parse(docs: &[Vec<u8>], options: &Options) -> Vec<Document> {
    docs.iter()
        .map(|b| from_bytes(b, options).expect("parses"))
        .collect()
}

fn bench_parse(c: &mut Criterion, inputs: &[Input]) {
    let options = Options::default();
    let mut group = c.benchmark_group("parse");
    for input in inputs {
        configure(&mut group, input.large());
        group.throughput(Throughput::Bytes(input.bytes()));
        group.bench_function(input.name, |b| {
            b.iter(|| {
                for p in &input.packages {
                    black_box(from_bytes(black_box(p), &options).expect("parses"));
                }
            })
        });
    }
    group.finish();
}

fn bench_write(c: &mut Criterion, inputs: &[Input]) {
    let options = Options::default();
    let wopts = WriteOptions::new();
    let mut group = c.benchmark_group("write");
    for input in inputs {
        let docs = parse(&input.packages, &options);
        for format in FORMATS {
            let mut out = Vec::new();
            for d in &docs {
                write(d, format, &wopts, &mut out).expect("writes");
            }
            configure(&mut group, input.large());
            group.throughput(Throughput::Bytes(out.len() as u64));
            group.bench_function(format!("{}/{}", format.extension(), input.name), |b| {
                b.iter(|| {
                    out.clear();
                    for d in &docs {
                        write(black_box(d), format, &wopts, &mut out).expect("writes");
                    }
                    black_box(out.len())
                })
            });
        }
    }
    group.finish();
}

fn bench_parse_write(c: &mut Criterion, inputs: &[Input]) {
    let options = Options::default();
    let wopts = WriteOptions::new();
    let mut group = c.benchmark_group("parse_write");
    for input in inputs {
        for format in FORMATS {
            configure(&mut group, input.large());
            group.throughput(Throughput::Bytes(input.bytes()));
            let mut out = Vec::new();
            group.bench_function(format!("{}/{}", format.extension(), input.name), |b| {
                b.iter(|| {
                    out.clear();
                    for p in &input.packages {
                        let doc = from_bytes(black_box(p), &options).expect("parses");
                        write(&doc, format, &wopts, &mut out).expect("writes");
                    }
                    black_box(out.len())
                })
            });
        }
    }
    group.finish();
}

/// A document with `n` each of comments, footnotes, external links and bookmarks, every one
/// referenced from its own paragraph.
fn many_references(n: usize) -> Vec<u8> {
    use docxtract::synth::{snippets as s, Docx};
    let mut d = Docx::new();
    let mut comments = String::new();
    let mut notes = s::note_separators("footnote");
    let mut body = String::new();
    for i in 0..n {
        comments.push_str(&format!(
            r#"<w:comment w:id="{i}" w:author="A{i}"><w:p><w:r><w:t>comment {i}</w:t></w:r></w:p></w:comment>"#
        ));
        notes.push_str(&s::note("footnote", i as i32 + 1, &format!("note {i}")));
        let rid = d.add_hyperlink(Docx::MAIN, &format!("https://example.com/{i}"));
        body.push_str(&s::p(
            &[
                s::bookmark_start(i as u32, &format!("b{i}")),
                s::hyperlink(&rid, &s::run(&format!("link {i}"))),
                s::bookmark_end(i as u32),
                s::note_reference("footnote", i as i32 + 1),
                format!(r#"<w:r><w:commentReference w:id="{i}"/></w:r>"#),
            ]
            .concat(),
        ));
    }
    d.comments(&comments);
    d.footnotes(&notes);
    d.set_body(&body);
    d.to_bytes()
}

/// Parse and write a document of n and of 2n references (comments, notes, links,
/// bookmarks), Markdown with comments included: with throughput in references, a rate that
/// holds from n to 2n shows linear growth; a quadratic path halves it (issue 14, section 3).
///
/// ```text
/// cargo bench --bench convert -- scaling/
/// ```
fn bench_scaling(c: &mut Criterion) {
    let options = Options::default();
    let wopts = WriteOptions {
        comments: true,
        ..WriteOptions::new()
    };
    let mut group = c.benchmark_group("scaling");
    for n in [5_000, 10_000] {
        let package = many_references(n);
        configure(&mut group, true);
        group.throughput(Throughput::Elements(n as u64));
        for format in FORMATS {
            let mut out = Vec::new();
            group.bench_function(format!("{}/{n}", format.extension()), |b| {
                b.iter(|| {
                    out.clear();
                    let doc = from_bytes(black_box(&package), &options).expect("parses");
                    write(&doc, format, &wopts, &mut out).expect("writes");
                    black_box(out.len())
                })
            });
        }
    }
    group.finish();
}

fn benches(c: &mut Criterion) {
    let inputs = inputs();
    bench_parse(c, &inputs);
    bench_write(c, &inputs);
    bench_parse_write(c, &inputs);
    bench_scaling(c);
}

criterion_group!(convert, benches);
criterion_main!(convert);
