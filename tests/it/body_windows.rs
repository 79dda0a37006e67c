//! The main part's body read in windows (issue 18 §4): the document, and any error, is that
//! of the part read whole, whatever the window size, on every fixture and on XML that is
//! easy to cut in the wrong place.

use std::fs;

use docxtract::batch::from_bytes_in_windows;
use docxtract::model::TrackChanges;
use docxtract::synth::snippets as s;
use docxtract::synth::Docx;
use docxtract::Options;

use crate::util::fixture_files;

/// The JSON of a conversion, or its error as shown.
fn outcome(read: docxtract::Result<docxtract::Document>) -> String {
    match read {
        Ok(doc) => serde_json::to_string(&doc).unwrap(),
        Err(e) => format!("error {}: {e}", e.kind_name()),
    }
}

/// The windowed read equals the whole read (a window larger than the part) at each size.
fn assert_same_in_windows(name: &str, bytes: &[u8], options: &Options, sizes: &[usize]) {
    let whole = outcome(from_bytes_in_windows(bytes, options, usize::MAX));
    for &size in sizes {
        let windowed = outcome(from_bytes_in_windows(bytes, options, size));
        assert!(
            windowed == whole,
            "{name}, windows of {size} bytes:\n{windowed}\n---\n{whole}"
        );
    }
}

fn package(body: &str) -> Vec<u8> {
    let mut d = Docx::new();
    d.set_body(body);
    d.to_bytes()
}

#[test]
fn every_fixture_reads_the_same_in_windows_as_whole() {
    let fixtures = fixture_files();
    assert!(fixtures.len() >= 20);
    for path in fixtures {
        let bytes = fs::read(&path).unwrap();
        for track_changes in [TrackChanges::Accept, TrackChanges::All] {
            let mut options = Options::default();
            options.track_changes = track_changes;
            let name = format!("{} ({track_changes:?})", path.display());
            assert_same_in_windows(&name, &bytes, &options, &[1, 300, 4096]);
        }
    }
}

#[test]
fn state_spanning_windows_reads_as_in_the_whole_part() {
    // A bookmark and a comment range over three paragraphs, a field begun in one paragraph
    // and ended in another, a section break, a block-level alternate content, a block
    // content control: each window holds one block.
    let run = |t: &str| s::run(t);
    let body = [
        format!(
            r#"<w:bookmarkStart w:id="1" w:name="span"/><w:commentRangeStart w:id="7"/>{}"#,
            s::p(&run("first"))
        ),
        format!(
            r#"<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF span \h </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}</w:p>"#,
            run("shown")
        ),
        format!(
            r#"<w:p>{}<w:r><w:fldChar w:fldCharType="end"/></w:r><w:pPr><w:sectPr/></w:pPr></w:p>"#,
            run("still the field")
        ),
        format!(
            r#"<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14">{}</mc:Choice><mc:Fallback>{}</mc:Fallback></mc:AlternateContent>"#,
            s::p(&run("choice")),
            s::p(&run("fallback"))
        ),
        format!(
            r#"<w:sdt><w:sdtContent>{}{}</w:sdtContent></w:sdt>"#,
            s::p(&run("in control")),
            s::p(&run("also"))
        ),
        format!(
            r#"{}<w:bookmarkEnd w:id="1"/><w:commentRangeEnd w:id="7"/>"#,
            s::p(&run("last"))
        ),
        "<w:sectPr/>".to_string(),
    ]
    .concat();
    let bytes = package(&body);
    let doc = from_bytes_in_windows(&bytes, &Options::default(), 1).unwrap();
    assert_eq!(doc.bookmarks.len(), 1);
    assert_same_in_windows("spanning", &bytes, &Options::default(), &[1, 50, 200, 700]);
}

#[test]
fn tricky_markup_reads_the_same_at_every_window_size() {
    let body = [
        r#"<w:p w:rsidR="a>b" w14:paraId='1>2'><w:r><w:t>x &gt; y &amp; z</w:t></w:r></w:p>"#,
        "<!-- <w:p> a comment </w:p> --><w:p><w:r><w:t><![CDATA[</w:p></w:body>]]></w:t></w:r></w:p>",
        "<?pi </w:p> ?>\n  <w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        "<w:p><w:r><w:t>after</w:t></w:r></w:p></w:body><w:body><w:p><w:r><w:t>second body</w:t></w:r></w:p>",
    ]
    .concat();
    let bytes = package(&body);
    let sizes: Vec<usize> = (1..400).step_by(7).collect();
    assert_same_in_windows("tricky", &bytes, &Options::default(), &sizes);
}

#[test]
fn broken_markup_fails_with_the_error_of_the_whole_read() {
    let good = s::p(&s::run("fine")).repeat(20);
    for (what, bad) in [
        ("mismatched end tag", "<w:p><w:r></w:p></w:r>"),
        ("unclosed tag", "<w:p><w:r w:x=\"1>"),
        ("stray end of the body", "</w:p>"),
    ] {
        let bytes = package(&format!("{good}{bad}{good}"));
        let whole = outcome(from_bytes_in_windows(
            &bytes,
            &Options::default(),
            usize::MAX,
        ));
        assert!(whole.starts_with("error"), "{what}: {whole}");
        assert_same_in_windows(what, &bytes, &Options::default(), &[1, 100, 1000]);
    }
    // Markup the tokenizer does not cut around (quick-xml reads a DOCTYPE anywhere).
    let bytes = package(&format!("{good}<!DOCTYPE x><w:p/>{good}"));
    assert_same_in_windows("doctype", &bytes, &Options::default(), &[1, 100, 1000]);
    // Limits of the XML reader hold inside a window as in the whole part: depth, text size.
    let deep = format!(
        "{good}{}{}{good}",
        "<w:sdt>".repeat(60),
        "</w:sdt>".repeat(60)
    );
    let mut options = Options::default();
    options.limits.max_xml_depth = 40;
    options.limits.max_xml_text_bytes = 1000;
    let long_text = format!("{good}{}{good}", s::p(&s::run(&"x".repeat(2000))));
    for (what, body) in [("deep", deep), ("long text", long_text)] {
        let bytes = package(&body);
        let whole = outcome(from_bytes_in_windows(&bytes, &options, usize::MAX));
        assert!(whole.starts_with("error limit"), "{what}: {whole}");
        assert_same_in_windows(what, &bytes, &options, &[1, 100, 1000]);
    }
}

#[test]
fn a_large_document_reads_the_same_in_windows_of_the_default_size() {
    // 6,000 paragraphs: a main part of about 3 MB, several windows of 1 MiB.
    let bytes = docxtract::synth::corpus::large_document_of(6000).to_bytes();
    let windowed = outcome(docxtract::from_bytes(&bytes, &Options::default()));
    let whole = outcome(from_bytes_in_windows(
        &bytes,
        &Options::default(),
        usize::MAX,
    ));
    assert!(windowed == whole, "large document");
}

/// The shared corpus (when it is there), in windows of 16 KiB: real documents cut into many
/// windows, read as they are read whole.
#[test]
fn the_shared_corpus_reads_the_same_in_windows_as_whole() {
    let Some(dir) = crate::util::shared_corpus() else {
        return;
    };
    let mut files = Vec::new();
    let mut dirs = vec![dir];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "docx") {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty());
    for path in files {
        let bytes = fs::read(&path).unwrap();
        let name = path.display().to_string();
        assert_same_in_windows(&name, &bytes, &Options::default(), &[16 << 10]);
    }
}

/// A main part whose bytes fail their checksum fails as it does read whole, though its
/// windows were read before its end showed it.
#[test]
fn a_damaged_part_fails_with_the_checksum_error_of_the_whole_read() {
    let mut d = Docx::new();
    d.xml_compression = docxtract::synth::Compression::Stored;
    d.set_body(&s::p(&s::run("untouched")).repeat(50));
    let mut bytes = d.to_bytes();
    let at = bytes
        .windows(9)
        .rposition(|w| w == b"untouched")
        .expect("stored text");
    bytes[at] = b'U';
    let whole = outcome(from_bytes_in_windows(
        &bytes,
        &Options::default(),
        usize::MAX,
    ));
    assert!(whole.contains("invalid checksum"), "{whole}");
    assert_same_in_windows("damaged", &bytes, &Options::default(), &[1, 500]);
}
