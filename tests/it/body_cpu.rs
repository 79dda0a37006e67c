//! The CPU work of issue 18 §3 changes no output: the JSON writer's own serializer writes
//! serde_json's bytes (with DEL and the C1 controls escaped, as before), a run's language is
//! the one its script gives, and a window of the body with invalid UTF-8 is repaired as the
//! whole part is.

use docxtract::batch::from_bytes_in_windows;
use docxtract::model::{Block, Inline, TrackChanges, WarningCode};
use docxtract::synth::snippets as s;
use docxtract::synth::Docx;
use docxtract::write::{Format, WriteOptions};
use docxtract::{Document, Options};

use crate::util::{fixture_files, read_body, read_docx, render};

/// serde_json's own JSON of `doc`, with DEL and the C1 controls escaped as the writer
/// escapes them: raw, they can only be inside a string.
fn serde_json_of(doc: &Document, pretty: bool) -> String {
    let json = if pretty {
        serde_json::to_string_pretty(doc).unwrap()
    } else {
        serde_json::to_string(doc).unwrap()
    };
    let mut out = String::with_capacity(json.len() + 1);
    for c in json.chars() {
        if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('\n');
    out
}

fn json_of(doc: &Document, pretty: bool) -> String {
    let options = WriteOptions {
        pretty,
        ..WriteOptions::new()
    };
    render(doc, Format::Json, &options)
}

/// A fixture's document read with changes accepted, rejected or all shown; `None` for the
/// hostile fixture that fails on purpose.
fn read_in_mode(path: &std::path::Path, track_changes: TrackChanges) -> Option<Document> {
    let mut options = Options::default();
    options.track_changes = track_changes;
    docxtract::open_path(path, &options).ok()
}

#[test]
fn every_fixture_is_written_as_serde_json_writes_it_compact_and_pretty() {
    let fixtures = fixture_files();
    assert!(fixtures.len() >= 20);
    let modes = [
        TrackChanges::Accept,
        TrackChanges::Reject,
        TrackChanges::All,
    ];
    let cases = fixtures
        .iter()
        .flat_map(|path| modes.map(|mode| (path, mode)));
    let mut compared = 0;
    for (path, mode) in cases {
        let Some(doc) = read_in_mode(path, mode) else {
            continue;
        };
        for pretty in [false, true] {
            let name = format!("{} ({mode:?}, pretty {pretty})", path.display());
            assert_eq!(json_of(&doc, pretty), serde_json_of(&doc, pretty), "{name}");
            compared += 1;
        }
    }
    assert!(compared >= 120, "{compared}");
}

#[test]
fn strings_that_need_escaping_are_written_as_before_and_read_back_the_same() {
    // Quotes, a backslash, a tab, DEL, a C1 control (NEL), a no-break space, accents, CJK, a
    // line separator and an emoji, long enough to cross the escaper's eight-byte steps.
    let text = "He said \"x\\y\"\tthen\u{7f}\u{85} \u{a0}café 中文\u{2028}😀 and more text";
    let doc = read_body(&s::p(&s::run(text)));
    for pretty in [false, true] {
        let json = json_of(&doc, pretty);
        assert_eq!(json, serde_json_of(&doc, pretty));
        assert!(
            json.contains(r#""He said \"x\\y\"\tthen\u007f\u0085 "#),
            "{json}"
        );
        assert!(json.contains("\u{a0}café 中文\u{2028}😀"), "{json}");
        let back: Document = serde_json::from_str(&json).unwrap();
        assert_eq!(back, doc);
    }
}

/// The runs of the first paragraph, as (text, lang).
fn run_langs(doc: &Document) -> Vec<(String, Option<String>)> {
    let Some(Block::Paragraph(p)) = doc.blocks.first() else {
        panic!("a paragraph first: {:?}", doc.blocks);
    };
    p.inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Text(r) => Some((r.text.to_string(), r.lang.as_deref().map(str::to_owned))),
            _ => None,
        })
        .collect()
}

#[test]
fn a_run_takes_the_language_of_its_script_whatever_other_characters_it_holds() {
    let lang = r#"<w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr>"#;
    let run = |t: &str| format!("<w:r>{lang}<w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    let rtl_run = |t: &str| {
        format!("<w:r><w:rPr><w:rtl/><w:lang w:val=\"en-US\" w:bidi=\"ar-SA\"/></w:rPr><w:t>{t}</w:t></w:r>")
    };
    // Typographic quotes and accents are not CJK: the run stays Latin; an Arabic or a Chinese
    // character anywhere, or w:rtl, gives the other languages.
    let body = s::p(
        &[
            run("“quoted” café ü "),
            run("مرحبا "),
            run("中文 "),
            run("ǅ Ֆ "),
            rtl_run("abc"),
        ]
        .concat(),
    );
    let doc = read_body(&body);
    let got = run_langs(&doc);
    let expected = [
        ("“quoted” café ü ", "en-US"),
        ("مرحبا ", "ar-SA"),
        ("中文 ", "zh-CN"),
        ("ǅ Ֆ ", "en-US"),
        ("abc", "ar-SA"),
    ];
    let got: Vec<(&str, Option<&str>)> = got
        .iter()
        .map(|(t, l)| (t.as_str(), l.as_deref()))
        .collect();
    let expected: Vec<(&str, Option<&str>)> = expected.iter().map(|&(t, l)| (t, Some(l))).collect();
    assert_eq!(got, expected);
}

#[test]
fn a_paragraph_takes_its_styles_language_for_its_script() {
    let mut d = Docx::new();
    d.styles(
        &[
            s::para_style(
                "Multi",
                "Multi",
                None,
                "",
                r#"<w:lang w:val="fr-FR" w:eastAsia="ja-JP" w:bidi="he-IL"/>"#,
            ),
            s::para_style("Plain", "Plain", None, "", ""),
        ]
        .concat(),
    );
    let styled = |style: &str, text: &str| {
        format!(
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
            s::run(text)
        )
    };
    d.set_body(
        &[
            styled("Multi", "“Bonjour” à tous"),
            styled("Multi", "日本語のテキスト"),
            styled("Multi", "שלום עולם"),
            styled("Plain", "no language"),
        ]
        .concat(),
    );
    let doc = read_docx(&d);
    let langs: Vec<Option<&str>> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.lang.as_deref(),
            Block::Table(_) => panic!("no tables here"),
        })
        .collect();
    assert_eq!(langs, [Some("fr-FR"), Some("ja-JP"), Some("he-IL"), None]);
}

#[test]
fn a_window_with_invalid_utf8_is_repaired_as_the_whole_part_is() {
    // Paragraphs enough for several windows of 300 bytes, one of them with bytes that are not
    // UTF-8 in its text.
    let body: String = (0..40)
        .map(|i| {
            let marker = if i == 20 { "QQQQ" } else { "" };
            s::p(&s::run(&format!("paragraph {i} {marker} café")))
        })
        .collect();
    let main = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body>{body}</w:body></w:document>"
    )
    .into_bytes();
    let at = main
        .windows(4)
        .position(|w| w == b"QQQQ")
        .expect("the marker");
    let mut bad = main.clone();
    bad[at..at + 4].copy_from_slice(b"\xff\xfe(\x80");
    let mut d = Docx::new();
    d.set_main_target("word/raw.xml");
    d.raw_entry("word/raw.xml", &bad);
    let bytes = d.to_bytes();

    let whole = from_bytes_in_windows(&bytes, &Options::default(), usize::MAX).unwrap();
    assert!(whole
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::InvalidUtf8));
    let text = whole.blocks.get(20).map(|b| match b {
        Block::Paragraph(p) => p.text.to_string(),
        Block::Table(_) => String::new(),
    });
    assert_eq!(
        text.as_deref(),
        Some("paragraph 20 \u{fffd}\u{fffd}(\u{fffd} café")
    );
    for size in [1, 300, 4096] {
        let windowed = from_bytes_in_windows(&bytes, &Options::default(), size).unwrap();
        assert_eq!(
            serde_json::to_string(&windowed).unwrap(),
            serde_json::to_string(&whole).unwrap(),
            "windows of {size} bytes"
        );
    }
}
