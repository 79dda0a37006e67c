//! Markdown and text carry what the model knows: links that land, Word's list labels, comments,
//! note numbers, charts, diagrams and imports in place, headers and footers on request, and
//! the CLI's notes about what Markdown cannot show. Documents come from the fixture builder.

use docxtract::synth::fixtures::related_part;
use docxtract::synth::{snippets as s, Docx, PNG_1X1};
use docxtract::write::{Format, Markers, WriteOptions};
use docxtract::Document;
use pulldown_cmark::{Event, Parser, Tag};

use crate::util::{self, open_fixture as fixture, read_docx as read, render, Env};

fn markdown(doc: &Document) -> String {
    render(doc, Format::Markdown, &WriteOptions::new())
}

fn text(doc: &Document) -> String {
    render(doc, Format::Text, &WriteOptions::new())
}

// ----- §2 internal links land ----------------------------------------------------------------

/// `(destinations of #links, ids of <a id> anchors)` as a CommonMark parser reads them.
fn links_and_anchors(md: &str) -> (Vec<String>, Vec<String>) {
    let mut links = Vec::new();
    let mut anchors = Vec::new();
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with('#') => {
                links.push(dest_url[1..].to_string());
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                for part in html.split("<a id=\"").skip(1) {
                    anchors.push(part.split('"').next().unwrap().to_string());
                }
            }
            _ => {}
        }
    }
    (links, anchors)
}

#[test]
fn markdown_internal_links_to_hidden_bookmarks_land_and_unreferenced_hidden_bookmarks_stay_out() {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    d.set_body(
        &[
            s::p(&s::hyperlink_anchor("_Toc100", &s::run("Scope"))),
            s::p(&s::hyperlink_anchor("_Ref200", &s::run("the table"))),
            s::p(&(s::bookmark_start(1, "_Toc100") + &s::run("Scope") + &s::bookmark_end(1))),
            s::p(&(s::bookmark_start(2, "_GoBack") + &s::run("Edited") + &s::bookmark_end(2))),
            s::p(&(s::bookmark_start(3, "_Ref200") + &s::run("Table 1") + &s::bookmark_end(3))),
            s::p(&(s::bookmark_start(4, "Visible") + &s::run("Shown") + &s::bookmark_end(4))),
        ]
        .concat(),
    );
    let md = markdown(&read(&d));
    let (links, anchors) = links_and_anchors(&md);
    assert_eq!(links, ["_Toc100", "_Ref200"]);
    assert_eq!(anchors, ["_Toc100", "_Ref200", "Visible"]);
    assert!(!md.contains("_GoBack"), "{md}");
}

// ----- §3 list labels --------------------------------------------------------------------------

fn lvl(ilvl: u32, fmt: &str, text: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr></w:lvl>"#,
        720 * (ilvl + 1)
    )
}

/// Legal numbering (numId 1: `Article I`, `(1)`, `a)`, `i.`), CJK numbering (numId 2: `第1章`,
/// `一、`, `①`) and plain decimal (numId 3: `1.`).
fn labelled_lists() -> Document {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    d.numbering(
        &[
            format!(
                r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{}{}{}{}</w:abstractNum>"#,
                lvl(0, "upperRoman", "Article %1"),
                lvl(1, "decimal", "(%2)"),
                lvl(2, "lowerLetter", "%3)"),
                lvl(3, "lowerRoman", "%4.")
            ),
            format!(
                r#"<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="multilevel"/>{}{}{}</w:abstractNum>"#,
                lvl(0, "decimal", "第%1章"),
                lvl(1, "chineseCounting", "%2、"),
                lvl(2, "decimalEnclosedCircle", "%3")
            ),
            format!(
                r#"<w:abstractNum w:abstractNumId="2">{}</w:abstractNum>"#,
                lvl(0, "decimal", "%1.")
            ),
            r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#.into(),
            r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#.into(),
            r#"<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>"#.into(),
        ]
        .concat(),
    );
    d.set_body(
        &[
            s::p_list(None, 1, 0, "Definitions"),
            s::p_list(None, 1, 1, "Terms"),
            s::p_list(None, 1, 2, "First term"),
            s::p_list(None, 1, 3, "Its detail"),
            s::p_list(None, 1, 0, "Scope"),
            s::p_text(None, "Between."),
            s::p_list(None, 2, 0, "总则"),
            s::p_list(None, 2, 1, "目的"),
            s::p_list(None, 2, 2, "第一点"),
            s::p_list(None, 2, 2, "第二点"),
            s::p_text(None, "Plain numbers:"),
            s::p_list(None, 3, 0, "One"),
            s::p_list(None, 3, 0, "Two"),
        ]
        .concat(),
    );
    read(&d)
}

#[test]
fn markdown_keeps_legal_and_cjk_list_labels_as_the_start_of_bullet_items() {
    let md = markdown(&labelled_lists());
    assert_eq!(
        md,
        "- Article I Definitions\n\
         \x20 - (1) Terms\n\
         \x20   - a) First term\n\
         \x20     - i. Its detail\n\
         - Article II Scope\n\
         \n\
         Between.\n\
         \n\
         - 第1章 总则\n\
         \x20 - 一、 目的\n\
         \x20   - ① 第一点\n\
         \x20   - ② 第二点\n\
         \n\
         Plain numbers:\n\
         \n\
         1. One\n\
         2. Two\n"
    );
}

#[test]
fn markdown_list_labels_read_back_as_item_text_through_a_commonmark_parser() {
    let md = markdown(&labelled_lists());
    let mut item_texts = Vec::new();
    let mut current: Option<String> = None;
    for event in Parser::new(&md) {
        match event {
            Event::Start(Tag::Item) => {
                if let Some(t) = current.take() {
                    item_texts.push(t);
                }
                current = Some(String::new());
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    item_texts.extend(current);
    for expected in [
        "Article I Definitions",
        "(1) Terms",
        "a) First term",
        "i. Its detail",
        "第1章 总则",
        "一、 目的",
        "① 第一点",
    ] {
        assert!(
            item_texts.iter().any(|t| t == expected),
            "{expected:?} not in {item_texts:?}"
        );
    }
}

// ----- §4 text output: comments, notes, charts, imports ----------------------------------------

fn comment(id: u32, author: Option<&str>, paragraphs: &[&str]) -> String {
    let author = author.map_or(String::new(), |a| format!(r#" w:author="{a}""#));
    let body: String = paragraphs.iter().map(|p| s::p_text(None, p)).collect();
    format!(r#"<w:comment w:id="{id}"{author}>{body}</w:comment>"#)
}

fn commented() -> Document {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    d.comments(
        &[
            comment(0, Some("Zhang Wei"), &["Check this figure."]),
            comment(
                1,
                Some("Wang Fang"),
                &["Two paragraphs,", "the second one."],
            ),
            comment(2, None, &["In a cell."]),
            comment(3, Some("Li"), &["Marked by reference only."]),
            comment(4, Some("Zhao"), &["Anchored nowhere."]),
        ]
        .concat(),
    );
    let cell = |xml: &str| s::tc("", &s::p(xml));
    d.set_body(
        &[
            s::p(
                &(s::run("Before ")
                    + r#"<w:commentRangeStart w:id="0"/>"#
                    + &s::run("the figure")
                    + r#"<w:commentRangeEnd w:id="0"/>"#
                    + r#"<w:r><w:commentReference w:id="0"/></w:r>"#
                    + &s::run(" after.")),
            ),
            s::p(&(r#"<w:commentRangeStart w:id="1"/>"#.to_string() + &s::run("Long"))),
            s::p(
                &(s::run("ends")
                    + r#"<w:commentRangeEnd w:id="1"/>"#
                    + r#"<w:r><w:commentReference w:id="1"/></w:r>"#),
            ),
            s::tbl(
                &[2000, 2000],
                &s::tr(
                    "",
                    &(cell(
                        &(r#"<w:commentRangeStart w:id="2"/>"#.to_string()
                            + &s::run("A")
                            + r#"<w:commentRangeEnd w:id="2"/>"#),
                    ) + &cell(&s::run("B"))),
                ),
            ),
            s::p(&(s::run("Referenced") + r#"<w:r><w:commentReference w:id="3"/></w:r>"#)),
        ]
        .concat(),
    );
    read(&d)
}

#[test]
fn text_writes_each_comment_after_the_paragraph_its_range_starts_in_as_tika_does() {
    assert_eq!(
        text(&commented()),
        "Before the figure after.\tComment by Zhang Wei: Check this figure.\n\
         Long\tComment by Wang Fang: Two paragraphs,\n\
         the second one.\n\
         ends\n\
         A Comment: In a cell.\tB\n\
         Referenced\tComment by Li: Marked by reference only.\n\
         Comment by Zhao: Anchored nowhere.\n"
    );
}

#[test]
fn every_comment_of_the_model_reaches_the_text_output() {
    let doc = commented();
    let out = text(&doc);
    for c in &doc.comments {
        let docxtract::model::Block::Paragraph(first) = &c.blocks[0] else {
            panic!("a comment paragraph")
        };
        assert!(
            out.contains(first.text.as_str()),
            "comment {} missing",
            c.id
        );
    }
}

#[test]
fn text_notes_section_starts_each_note_with_its_kind_and_number() {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    d.footnotes(&(s::note_separators("footnote") + &s::note("footnote", 1, "The source.")));
    d.endnotes(&(s::note_separators("endnote") + &s::note("endnote", 1, "Read more.")));
    d.set_body(&s::p(
        &(s::run("Claim")
            + &s::note_reference("footnote", 1)
            + &s::run(" and more")
            + &s::note_reference("endnote", 1)),
    ));
    let doc = read(&d);
    assert_eq!(
        text(&doc),
        "Claim[footnoteRef:1] and more[endnoteRef:1]\n\
         [footnote:1] The source.\n\
         [endnote:1] Read more.\n"
    );
    let without_markers = render(
        &doc,
        Format::Text,
        &WriteOptions {
            markers: Markers::None,
            ..WriteOptions::new()
        },
    );
    assert_eq!(
        without_markers,
        "Claim and more\n The source.\n Read more.\n"
    );
}

#[test]
fn chart_data_and_diagram_nodes_follow_their_paragraph_in_text_and_markdown() {
    let doc = fixture("objects.docx");
    let txt = text(&doc);
    assert!(
        txt.starts_with(
            "A chart:\n\nReaders by region\nThousands\n\tPrint\tOnline\n拉萨\t4.3\t4.4\nShandong\t2.5\t1\n\
             A diagram: \nReport\nEdit & check\n发布\nA workbook: \n"
        ),
        "{txt}"
    );
    let md = markdown(&doc);
    assert!(
        md.starts_with(
            "A chart:\n\nReaders by region\n\nThousands\n\n\
             |  | Print | Online |\n| --- | --- | --- |\n| 拉萨 | 4.3 | 4.4 |\n| Shandong | 2.5 | 1 |\n\n\
             A diagram:\n\n- Report\n- Edit & check\n- 发布\n\nA workbook:\n"
        ),
        "{md}"
    );
    // The chart's data and the embedded workbook's sheets are real tables to a GFM parser:
    // 9 cells of the chart, 9 and 2 of the two sheets with cells.
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    let cells = Parser::new_ext(&md, options)
        .filter(|e| matches!(e, Event::Start(Tag::TableCell)))
        .count();
    assert_eq!(cells, 9 + 9 + 2);
}

/// A body that holds nothing but an HTML import (and the section properties).
fn import_only(part: &str, bytes: &[u8], content_type: &str) -> Document {
    let mut d = Docx::new();
    let rid = related_part(&mut d, part, bytes, content_type, "aFChunk");
    d.set_body(&(format!(r#"<w:altChunk r:id="{rid}"/>"#) + &s::sect_pr(&[], &[])));
    read(&d)
}

#[test]
fn an_import_that_is_the_whole_body_is_written_in_text_and_markdown() {
    let doc = import_only(
        "word/afchunk.htm",
        b"<html><body><p>Only the import</p><p>and its second line</p></body></html>",
        "text/html",
    );
    assert_eq!(text(&doc), "Only the import\nand its second line\n");
    assert_eq!(markdown(&doc), "Only the import\n\nand its second line\n");
}

#[test]
fn an_mht_import_is_decoded_into_its_html_text() {
    let mht = "MIME-Version: 1.0\r\n\
Content-Type: multipart/related; boundary=\"----=_NextPart_01D9\"\r\n\
\r\n\
------=_NextPart_01D9\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
Content-Type: text/html; charset=\"utf-8\"\r\n\
\r\n\
<html><body><p class=3DMsoNormal>Caf=C3=A9 from a Single File =\r\n\
Web Page</p></body></html>\r\n\
------=_NextPart_01D9--\r\n";
    let doc = import_only("word/afchunk.mht", mht.as_bytes(), "message/rfc822");
    assert_eq!(
        doc.objects[0].text.as_deref(),
        Some("Café from a Single File Web Page")
    );
    assert_eq!(text(&doc), "Café from a Single File Web Page\n");
}

// ----- §5 headers and footers in Markdown ------------------------------------------------------

fn with_header_and_footer() -> Document {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    let h = d.header("header1.xml", &s::p_text(None, "Running head"));
    let f = d.footer("footer1.xml", &s::p_text(None, "Page footer"));
    d.set_body(
        &(s::p_text(None, "Body text.") + &s::sect_pr(&[("default", &h)], &[("default", &f)])),
    );
    read(&d)
}

#[test]
fn markdown_leaves_headers_and_footers_out_unless_asked() {
    let doc = with_header_and_footer();
    assert_eq!(markdown(&doc), "Body text.\n");
    let with = WriteOptions {
        markdown_headers_footers: true,
        ..WriteOptions::new()
    };
    assert_eq!(
        render(&doc, Format::Markdown, &with),
        "Running head\n\nBody text.\n\nPage footer\n"
    );
}

// ----- §4/§5 the CLI says once what Markdown cannot show ---------------------------------------

#[test]
fn cli_notes_once_per_run_that_markdown_links_images_inside_the_package_and_leaves_comments_out() {
    let env = Env::new();
    let mut d = Docx::new();
    let rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    d.comments(&comment(0, Some("A"), &["Note."]));
    d.set_body(
        &(s::p(&s::inline_picture(&s::Picture::new(&rid, 1, "Photo")))
            + &s::p(&(s::run("x") + r#"<w:r><w:commentReference w:id="0"/></w:r>"#))),
    );
    env.write("a.docx", &d.to_bytes());
    env.write("b.docx", &d.to_bytes());
    let docxtract = |args: &[&str]| {
        let out = env.run_ok(args);
        (util::stdout(&out), util::stderr(&out))
    };

    let (_, stderr) = docxtract(&["a.docx", "b.docx", "--out", "out", "-t", "md,json"]);
    let notes: Vec<&str> = stderr.lines().filter(|l| l.contains("note:")).collect();
    assert_eq!(notes.len(), 2, "{stderr}");
    assert!(notes[0].contains("of 2 documents links images inside the .docx"));
    assert!(notes[1].contains("2 documents have comments"));

    // One document to stdout still hears it, once; --comments and --extract-media silence it.
    let (stdout, stderr) = docxtract(&["a.docx", "-t", "md"]);
    assert!(stdout.contains("](word/media/image1.png)"), "{stdout}");
    assert_eq!(stderr.matches("note:").count(), 2, "{stderr}");
    let (_, stderr) = docxtract(&[
        "a.docx",
        "--comments",
        "--extract-media",
        "--out",
        "out2",
        "-t",
        "md",
    ]);
    assert!(!stderr.contains("note:"), "{stderr}");
    let (_, stderr) = docxtract(&["a.docx", "-t", "json"]);
    assert!(!stderr.contains("note:"), "{stderr}");
}
