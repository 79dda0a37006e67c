//! The streaming path (issue 18 §4): a document's body handed on block by block while it is
//! read, its JSON written as it goes, the same bytes as the whole-document writer; and the
//! binary taking that path for a large document, to stdout and to `--out`.

use std::fs;

use docxtract::model::Block;
use docxtract::synth::snippets as s;
use docxtract::synth::{Compression, Docx};
use docxtract::write::json::JsonStream;
use docxtract::write::{self, Format, WriteOptions};
use docxtract::{BlockSink, Document, Options};

use crate::util::{assert_over_budget_with_no_stdout, fixture_files, readable_in_every_mode, Env};

/// A sink that writes the JSON as the blocks arrive, as the binary's does.
struct JsonSink {
    options: WriteOptions,
    stream: Option<JsonStream<Vec<u8>>>,
}

impl BlockSink for JsonSink {
    fn begin(&mut self, head: &Document) -> docxtract::Result<()> {
        assert!(head.blocks.is_empty() && head.warnings.is_empty());
        self.stream = Some(JsonStream::begin(head, &self.options, Vec::new())?);
        Ok(())
    }

    fn block(&mut self, block: Block) -> docxtract::Result<()> {
        self.stream.as_mut().expect("begun").block(&block)?;
        Ok(())
    }
}

fn streamed_json(bytes: &[u8], options: &Options, write_options: &WriteOptions) -> Vec<u8> {
    let mut sink = JsonSink {
        options: write_options.clone(),
        stream: None,
    };
    let rest = docxtract::from_bytes_into(bytes, options, &mut sink).expect("converts");
    assert!(rest.blocks.is_empty());
    sink.stream.expect("begun").end(&rest).unwrap()
}

fn whole_json(bytes: &[u8], options: &Options, write_options: &WriteOptions) -> Vec<u8> {
    let doc = docxtract::from_bytes(bytes, options).expect("converts");
    let mut out = Vec::new();
    write::write(&doc, Format::Json, write_options, &mut out).unwrap();
    out
}

/// Every fixture and the generated large document (captions next to pictures, lists,
/// bookmarks), compact and pretty, in every tracked-change mode.
#[test]
fn streamed_json_is_byte_identical_to_the_whole_document_json() {
    let mut packages: Vec<(String, Vec<u8>)> = fixture_files()
        .into_iter()
        .map(|p| (p.display().to_string(), fs::read(&p).unwrap()))
        .collect();
    packages.push((
        "large_document".into(),
        docxtract::synth::corpus::large_document().to_bytes(),
    ));
    let mut compared = 0;
    for (name, bytes) in &packages {
        for (track_changes, options) in readable_in_every_mode(bytes) {
            for pretty in [false, true] {
                let write_options = WriteOptions {
                    pretty,
                    ..WriteOptions::new()
                };
                let streamed = streamed_json(bytes, &options, &write_options);
                let whole = whole_json(bytes, &options, &write_options);
                assert!(
                    streamed == whole,
                    "{name} ({track_changes:?}, pretty {pretty}):\n{}\n---\n{}",
                    String::from_utf8_lossy(&streamed),
                    String::from_utf8_lossy(&whole)
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 6 * 20, "only {compared} comparisons");
}

#[test]
fn streamed_blocks_are_the_blocks_of_the_whole_document_with_their_captions() {
    // A caption before a table (it describes the table after it), one after a table.
    let cell = s::tc("", &s::p(&s::run("cell")));
    let table = s::tbl(&[2000], &s::tr("", &cell));
    let seq = s::field("SEQ Table \\* ARABIC", &s::run("1"));
    let body = [
        s::p_style("Caption", &(s::run("Table ") + &seq)),
        table.clone(),
        s::p(&s::run("Between.")),
        table,
        s::p(&(s::run("Table ") + &seq)),
    ]
    .concat();
    let mut d = Docx::new();
    d.styles(&s::para_style("Caption", "caption", None, "", ""));
    d.set_body(&body);
    let bytes = d.to_bytes();

    let whole = docxtract::from_bytes(&bytes, &Options::default()).unwrap();
    let mut blocks: Vec<Block> = Vec::new();
    let rest = docxtract::from_bytes_into(&bytes, &Options::default(), &mut blocks).unwrap();
    assert_eq!(blocks, whole.blocks);
    let mut rest = rest;
    rest.blocks = whole.blocks.clone();
    assert_eq!(rest, whole);
    let captions: Vec<_> = whole
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => p.caption.as_ref().map(|c| c.table),
            Block::Table(_) => None,
        })
        .collect();
    let tables: Vec<_> = whole
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .map(|b| Some(b.index()))
        .collect();
    assert_eq!(
        captions,
        [tables[0], tables[1]],
        "first after, second before"
    );
}

/// A package whose main part is stored, not deflated: over the streaming threshold (a main
/// part of 8 MiB) with few paragraphs, quick to read in a debug build.
fn large_package(body: &str) -> Vec<u8> {
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    d.set_body(body);
    d.to_bytes()
}

/// 9 MB of paragraphs.
fn long_paragraphs() -> String {
    let text = "Long \"quoted\" text \u{9b}. ".repeat(120);
    (0..3000)
        .map(|i| s::p(&s::run(&format!("Paragraph {i}: {text}"))))
        .collect()
}

#[test]
fn a_large_document_streams_the_json_of_the_whole_document_to_stdout_and_out() {
    let env = Env::new();
    let path = env.write("big.docx", &large_package(&long_paragraphs()));
    let bytes = fs::read(&path).unwrap();
    for pretty in [false, true] {
        let write_options = WriteOptions {
            pretty,
            ..WriteOptions::new()
        };
        let mut doc = docxtract::from_bytes(&bytes, &Options::default()).unwrap();
        doc.source.path = Some("big.docx".into());
        let mut expected = Vec::new();
        write::write(&doc, Format::Json, &write_options, &mut expected).unwrap();

        let flag = if pretty {
            "--pretty"
        } else {
            "--progress=never"
        };
        let stdout = env.run_ok(&["big.docx", flag]).stdout;
        assert!(stdout == expected, "stdout differs (pretty {pretty})");
        env.run_ok(&["big.docx", flag, "-o", "out/big.json"]);
        assert!(fs::read(env.path("out/big.json")).unwrap() == expected);
    }
    let report = env.run_ok(&["big.docx", "-o", "out", "--report", "report.jsonl"]);
    assert!(report.status.success());
    let line = &env.report("report.jsonl")[0];
    assert_eq!(line["counts"]["blocks"], 3000, "{line}");
    assert_eq!(line["counts"]["paragraphs"], 3000, "{line}");
}

#[test]
fn a_large_document_over_its_budget_leaves_no_output_and_one_error_line() {
    let env = Env::new();
    env.write("in/links.docx", &links_over_budget());

    let out = env.run(&["in/links.docx", "--max-output", "8M"]);
    let error = assert_over_budget_with_no_stdout(&out);
    assert!(
        error.contains("output size in bytes (max 8388608)"),
        "{error}"
    );

    let out = env.run(&["in", "--out", "out", "--max-output", "8M"]);
    assert_eq!(out.status.code(), Some(1));
    let left: Vec<String> = env.tree("out").into_keys().collect();
    assert!(left.is_empty(), "{left:?}");
}

/// The output of `args` with every document streamed, standard output a regular file.
fn streamed_into_a_file(env: &Env, args: &[&str], file: &str) -> Vec<u8> {
    let stdout = fs::File::create(env.path(file)).unwrap();
    let status = env
        .cmd(args)
        .env("DOCXTRACT_STREAM_AFTER", "0")
        .stdout(stdout)
        .status()
        .unwrap();
    assert!(status.success(), "{args:?}");
    fs::read(env.path(file)).unwrap()
}

#[test]
fn a_spilled_output_reaches_a_pipe_or_a_file_whole_and_framed_between_documents() {
    let env = Env::new();
    // Over 8 MiB of output in JSON and Markdown: held in a spill file, then copied to standard
    // output.
    env.write(
        "in/b-big.docx",
        &large_package(&long_paragraphs().repeat(2)),
    );
    let mut small = Docx::new();
    small.set_body(&s::p(&s::run("A short one")));
    env.write("in/a-small.docx", &small.to_bytes());
    env.write("in/c-small.docx", &small.to_bytes());
    for (format, extension) in [("md", "md"), ("json", "json")] {
        // Each document's own output, framed as `--help` says standard output frames it.
        env.run_ok(&["in", "-t", format, "--out", "out"]);
        let mut expected = Vec::new();
        for name in ["a-small", "b-big", "c-small"] {
            let mut one = fs::read(env.path(&format!("out/{name}.{extension}"))).unwrap();
            if !one.ends_with(b"\n") {
                one.push(b'\n');
            }
            if format != "json" {
                expected.extend(format!("==> in/{name}.docx <==\n").bytes());
                one.push(b'\n');
            }
            expected.extend(one);
        }
        assert!(expected.len() > 8 << 20, "{format}: {}", expected.len());
        // -j 1: each document written by the worker that read it, the big one from its
        // spill file; -j 2: some gathered by the emitter instead.
        for jobs in ["1", "2"] {
            let args = ["in", "-t", format, "-j", jobs, "--progress", "never"];
            let piped = env
                .cmd(&args)
                .env("DOCXTRACT_STREAM_AFTER", "0")
                .output()
                .unwrap();
            assert!(piped.status.success(), "{format} -j {jobs}");
            assert!(
                piped.stdout == expected,
                "{format} -j {jobs}: piped output differs"
            );
        }
        let args = ["in", "-t", format, "-j", "1", "--progress", "never"];
        let filed = streamed_into_a_file(&env, &args, "stdout.out");
        assert!(filed == expected, "{format}: output to a file differs");
    }
}

/// 1,000 links to one 20 KB target: 20 MB of JSON, over a budget of 8 MiB; the links
/// first, so that much of the output is written when the budget stops it.
fn links_over_budget() -> Vec<u8> {
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    let rid = d.add_hyperlink(
        Docx::MAIN,
        &format!("https://example.com/{}", "x".repeat(20_000)),
    );
    let link = s::p(&s::hyperlink(&rid, &s::run("link")));
    d.set_body(&(link.repeat(1000) + &long_paragraphs()));
    d.to_bytes()
}

/// Three documents, the middle one over the budget (`links_over_budget`).
fn small_failing_small(env: &Env) {
    env.write("in/b-links.docx", &links_over_budget());
    let mut small = Docx::new();
    small.set_body(&s::p(&s::run("A short one")));
    env.write("in/a-small.docx", &small.to_bytes());
    env.write("in/c-small.docx", &small.to_bytes());
}

#[test]
fn a_document_failing_while_written_into_a_file_on_stdout_is_cut_back_out_of_it() {
    let env = Env::new();
    small_failing_small(&env);
    for (format, budget) in [("json", "8M"), ("md", "1M")] {
        let args = ["in", "-t", format, "-j", "1", "--max-output", budget];
        let piped = env.cmd(&args).output().unwrap();
        assert_eq!(piped.status.code(), Some(1), "{format}");
        let expected = String::from_utf8(piped.stdout).unwrap();
        assert!(expected.contains("A short one"), "{format}: {expected}");
        assert!(!expected.contains("example.com"), "{format}: {expected}");

        // Written into the file in place (it is at its end), what came before it kept.
        let path = env.path("stdout.out");
        let mut file = fs::File::create(&path).unwrap();
        std::io::Write::write_all(&mut file, b"earlier\n").unwrap();
        let status = env.cmd(&args).stdout(file).status().unwrap();
        assert_eq!(status.code(), Some(1), "{format}");
        let filed = fs::read_to_string(&path).unwrap();
        assert_eq!(filed, format!("earlier\n{expected}"), "{format}: in place");

        // Appended (`>>`, gathered and spilled: others may append too): the same bytes after
        // what was there.
        let file = fs::OpenOptions::new().append(true).open(&path).unwrap();
        let status = env.cmd(&args).stdout(file).status().unwrap();
        assert_eq!(status.code(), Some(1), "{format}");
        let appended = fs::read_to_string(&path).unwrap();
        assert_eq!(
            appended,
            format!("earlier\n{expected}{expected}"),
            "{format}"
        );
    }
}

#[test]
fn stdout_and_stderr_into_one_file_keep_the_error_line_and_the_whole_outputs() {
    let env = Env::new();
    small_failing_small(&env);
    let args = ["in", "-t", "json", "-j", "1", "--max-output", "8M"];
    let piped = env.cmd(&args).output().unwrap();
    let path = env.path("both.out");
    let file = fs::File::create(&path).unwrap();
    let status = env
        .cmd(&args)
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let both = fs::read_to_string(&path).unwrap();
    let stderr = String::from_utf8(piped.stderr).unwrap();
    let error = stderr.lines().find(|l| l.contains("b-links.docx")).unwrap();
    assert!(both.contains(error), "{both}");
    let documents: Vec<&str> = both.lines().filter(|l| l.starts_with('{')).collect();
    assert_eq!(documents.len(), 2, "{both}");
    for line in String::from_utf8(piped.stdout).unwrap().lines() {
        assert!(documents.contains(&line), "{line}");
    }
}
