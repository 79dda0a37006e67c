//! Markdown, text and CSV streamed (issue 18 §4): a body read twice, once into its facts
//! ([`BodyFacts`]) and the side tables, then block by block into [`MarkdownStream`],
//! [`TextStream`] or [`CsvStream`], writes the bytes `write` writes for the whole document;
//! and the binary takes that path (`DOCXTRACT_STREAM_AFTER=0`) to stdout and to `--out`.

use std::fs;
use std::io;

use docxtract::model::Block;
use docxtract::synth::fixtures::related_part;
use docxtract::synth::snippets as s;
use docxtract::synth::Docx;
use docxtract::write::csv::CsvStream;
use docxtract::write::markdown::MarkdownStream;
use docxtract::write::text::TextStream;
use docxtract::write::{self, BodyFacts, BodyStream, CsvTable, Format, Markers, WriteOptions};
use docxtract::{BlockSink, Document, Options};

use crate::util::{
    assert_over_budget_with_no_stdout, fixture_files, readable_in_every_mode, stderr, Env,
};

/// Hands each block to a writer's `block`.
struct EachBlock<'f>(&'f mut dyn FnMut(&Block) -> io::Result<()>);

impl BlockSink for EachBlock<'_> {
    fn block(&mut self, block: Block) -> docxtract::Result<()> {
        (self.0)(&block)?;
        Ok(())
    }
}

/// The output of a document read twice: into its facts, then into the stream of `format`.
fn streamed(bytes: &[u8], options: &Options, format: Format, wo: &WriteOptions) -> Vec<u8> {
    let mut facts = BodyFacts::new();
    let rest = docxtract::from_bytes_into(bytes, options, &mut facts).expect("reads");
    assert!(rest.blocks.is_empty());
    let mut out = Vec::new();
    let again = (bytes, options);
    match format {
        Format::Markdown => through::<MarkdownStream>(again, &rest, &facts, wo, &mut out),
        Format::Text => through::<TextStream>(again, &rest, &facts, wo, &mut out),
        Format::Csv => through::<CsvStream>(again, &rest, &facts, wo, &mut out),
        Format::Json => unreachable!("JSON streams in one read (tests/it/streaming.rs)"),
    }
    out
}

/// The second read, of `bytes` with `options`, into the stream `S`.
fn through<'a, S: BodyStream<'a>>(
    (bytes, options): (&[u8], &Options),
    rest: &'a Document,
    facts: &BodyFacts,
    wo: &'a WriteOptions,
    out: &'a mut Vec<u8>,
) {
    let mut stream = S::new(rest, facts, wo, out).unwrap();
    let mut sink = EachBlock(&mut |b| stream.block(b));
    docxtract::from_bytes_into(bytes, options, &mut sink).expect("reads again");
    stream.finish().unwrap();
}

fn whole(bytes: &[u8], options: &Options, format: Format, wo: &WriteOptions) -> Vec<u8> {
    let doc = docxtract::from_bytes(bytes, options).expect("reads");
    let mut out = Vec::new();
    write::write(&doc, format, wo, &mut out).unwrap();
    out
}

/// Every writer option that changes what Markdown, text or CSV write from the side tables.
fn write_options() -> Vec<(Format, WriteOptions)> {
    let mut all = vec![
        (Format::Markdown, WriteOptions::new()),
        (
            Format::Markdown,
            WriteOptions {
                comments: true,
                front_matter: true,
                markdown_headers_footers: true,
                keep_hidden_bookmarks: true,
                media_dir: Some("media".into()),
                ..WriteOptions::new()
            },
        ),
        (Format::Text, WriteOptions::new()),
        (
            Format::Text,
            WriteOptions {
                markers: Markers::None,
                headers_footers: false,
                ..WriteOptions::new()
            },
        ),
    ];
    for table in CsvTable::ALL {
        let wo = WriteOptions {
            csv_table: table,
            bom: true,
            ..WriteOptions::new()
        };
        all.push((Format::Csv, wo));
    }
    all
}

/// `streamed` equals `whole` for `bytes` in every tracked-change mode and writer option;
/// returns how many outputs were compared.
fn assert_same_outputs(name: &str, bytes: &[u8]) -> usize {
    let mut compared = 0;
    for (track_changes, options) in readable_in_every_mode(bytes) {
        for (format, wo) in write_options() {
            let streamed = streamed(bytes, &options, format, &wo);
            let whole = whole(bytes, &options, format, &wo);
            assert!(
                streamed == whole,
                "{name} {format:?} {:?} ({track_changes:?}):\n{}\n---\n{}",
                wo.csv_table,
                String::from_utf8_lossy(&streamed),
                String::from_utf8_lossy(&whole)
            );
            compared += 1;
        }
    }
    compared
}

#[test]
fn every_fixture_streamed_in_markdown_text_and_csv_is_byte_identical_to_the_whole_document() {
    let mut compared = 0;
    for path in fixture_files() {
        compared += assert_same_outputs(&path.display().to_string(), &fs::read(&path).unwrap());
    }
    assert!(compared >= 20 * 3 * 14, "only {compared} comparisons");
}

/// A document with every side table the writers consult across the body: headers and
/// footers of two sections, notes, comments (anchored over two paragraphs, anchored by
/// their reference mark alone, anchored nowhere), an image, a list interrupted by a table,
/// a quote, a paragraph whose deleted mark runs it into the next block, and page breaks
/// (one before the first block, which starts no page).
fn many_side_tables() -> Vec<u8> {
    let mut d = Docx::new();
    d.styles(&s::para_style("Quote", "Quote", None, "", ""));
    d.numbering(
        r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
    );
    let header = d.header("header1.xml", &s::p(&s::run("The header")));
    let footer = d.footer("footer1.xml", &s::p(&s::run("The footer")));
    d.footnotes(&(s::note_separators("footnote") + &s::note("footnote", 1, "A footnote.")));
    let comment = |id: u32, text: &str| {
        format!(
            r#"<w:comment w:id="{id}" w:author="Ann"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
        )
    };
    d.comments(&(comment(0, "Over two.") + &comment(1, "By its mark.") + &comment(2, "Nowhere.")));
    let image = d.add_image(Docx::MAIN, b"\x89PNG\r\n\x1a\nnot really", "png");
    let picture = s::inline_picture(&s::Picture::new(&image, 1, "Picture 1").descr("A photo"));
    let reference = |id: u32| format!(r#"<w:r><w:commentReference w:id="{id}"/></w:r>"#);
    let cell = s::tc("", &s::p(&s::run("cell")));
    let deleted_mark = r#"<w:p><w:pPr><w:rPr><w:del w:id="9" w:author="A" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr><w:r><w:t>Runs on </w:t></w:r></w:p>"#;
    let body = [
        r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>First.</w:t></w:r></w:p>"#.to_owned(),
        s::p(
            &(s::run("Noted")
                + &s::note_reference("footnote", 1)
                + r#"<w:commentRangeStart w:id="0"/>"#
                + &s::run(" start")),
        ),
        s::p(&(s::run("end") + r#"<w:commentRangeEnd w:id="0"/>"# + &reference(0))),
        s::p_list(None, 1, 0, "one"),
        s::p_list(None, 1, 0, "two"),
        s::tbl(&[2000], &s::tr("", &cell)),
        s::p_list(None, 1, 0, "three"),
        s::p_style("Quote", &s::run("Quoted.")),
        s::p_style("Quote", &s::run("Quoted again.")),
        s::p(&(s::run("Marked") + &reference(1) + &picture)),
        deleted_mark.to_owned(),
        s::p(&s::run("into this one.")),
        format!(
            "<w:p><w:pPr>{}</w:pPr><w:r><w:t>End of section one.</w:t></w:r></w:p>",
            s::sect_pr(&[("default", &header)], &[("default", &footer)])
        ),
        s::p(&(s::run("Page") + r#"<w:r><w:br w:type="page"/></w:r>"# + &s::run("two"))),
        s::sect_pr(&[("default", &header)], &[("default", &footer)]),
    ]
    .concat();
    d.set_body(&body);
    d.to_bytes()
}

#[test]
fn a_document_with_side_tables_everywhere_streams_the_same_bytes() {
    let bytes = many_side_tables();
    assert!(assert_same_outputs("many side tables", &bytes) >= 3 * 14);

    // The document holds what the test is about, as the writers see it.
    let options = Options::default();
    let text =
        String::from_utf8(whole(&bytes, &options, Format::Text, &WriteOptions::new())).unwrap();
    assert!(text.starts_with("The header\n"), "{text}");
    assert!(text.contains("[footnote:1] A footnote."), "{text}");
    assert!(text.contains("\tComment by Ann: By its mark."), "{text}");
    assert!(text.contains("Runs on into this one."), "{text}");
    assert!(text.contains("\nComment by Ann: Nowhere.\n"), "{text}");
    let md = WriteOptions {
        comments: true,
        ..WriteOptions::new()
    };
    let md = String::from_utf8(whole(&bytes, &options, Format::Markdown, &md)).unwrap();
    assert!(
        md.starts_with("First."),
        "no page break before the first block: {md}"
    );
    assert!(md.contains("1. one\n2. two"), "{md}");
    assert!(md.contains("> Quoted."), "{md}");
    assert!(md.contains("[^1]: A footnote."), "{md}");
    let comments = WriteOptions {
        csv_table: CsvTable::Comments,
        ..WriteOptions::new()
    };
    let csv = String::from_utf8(whole(&bytes, &options, Format::Csv, &comments)).unwrap();
    assert!(
        csv.contains("start\nend"),
        "anchored over two paragraphs: {csv}"
    );
}

#[test]
fn a_body_that_is_one_import_streams_it_first() {
    let mut d = Docx::new();
    let html = related_part(
        &mut d,
        "word/chunk.htm",
        b"<html><body><p>Imported text</p></body></html>",
        "text/html",
        "aFChunk",
    );
    d.set_body(&format!(r#"<w:altChunk r:id="{html}"/>"#));
    let bytes = d.to_bytes();
    assert_same_outputs("one import", &bytes);
    let text = whole(
        &bytes,
        &Options::default(),
        Format::Text,
        &WriteOptions::new(),
    );
    assert_eq!(String::from_utf8(text).unwrap(), "Imported text\n");
}

/// Run the binary with every document streamed.
fn run_streamed(env: &Env, args: &[&str]) -> std::process::Output {
    env.cmd(args)
        .env("DOCXTRACT_STREAM_AFTER", "0")
        .output()
        .unwrap()
}

/// [`run_streamed`], and fail the test unless it exits 0.
fn run_streamed_ok(env: &Env, args: &[&str]) -> std::process::Output {
    let out = run_streamed(env, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out
}

#[test]
fn the_binary_streams_markdown_text_and_csv_with_the_same_bytes_to_stdout_and_out() {
    let env = Env::new();
    env.write("many.docx", &many_side_tables());
    for (format, extra) in [
        ("md", &["--comments"][..]),
        ("text", &[][..]),
        ("csv", &[][..]),
        ("csv", &["--csv", "comments"][..]),
    ] {
        let args: Vec<&str> = ["many.docx", "-t", format]
            .iter()
            .chain(extra)
            .copied()
            .collect();
        let whole = env.run_ok(&args);
        let out = run_streamed_ok(&env, &args);
        assert!(!whole.stdout.is_empty());
        assert!(
            out.stdout == whole.stdout,
            "{format} {extra:?}:\n{}\n---\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&whole.stdout)
        );

        let target = format!("out/many.{format}");
        let mut to_file = args.clone();
        to_file.extend(["-o", &target]);
        env.run_ok(&to_file);
        let expected = fs::read(env.path(&target)).unwrap();
        fs::remove_file(env.path(&target)).unwrap();
        run_streamed_ok(&env, &to_file);
        assert!(fs::read(env.path(&target)).unwrap() == expected, "{target}");
    }
}

#[test]
fn a_streamed_markdown_over_its_budget_leaves_no_output_and_one_error_line() {
    let env = Env::new();
    let paragraphs: String = (0..2000)
        .map(|i| s::p(&s::run(&format!("Paragraph {i} {}", "text ".repeat(20)))))
        .collect();
    let mut d = Docx::new();
    d.set_body(&paragraphs);
    env.write("in/long.docx", &d.to_bytes());
    for args in [
        &["in/long.docx", "-t", "md", "--max-output", "64K"][..],
        &["in", "-t", "text", "--out", "out", "--max-output", "64K"][..],
    ] {
        let out = run_streamed(&env, args);
        assert_over_budget_with_no_stdout(&out);
    }
    if env.path("out").exists() {
        let left: Vec<String> = env.tree("out").into_keys().collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
