//! The writers on hand-built documents: Markdown parsed back with pulldown-cmark, CSV read back
//! with the `csv` crate, Tika text compared byte for byte.

use docxtract::model::{
    Block, Bookmark, BreakKind, Cell, Change, ChangeKind, Comment, CustomProperty, EmbeddedObject,
    HeaderFooter, ImageRef, Inline, LinkSpan, ListItem, Location, Note, NoteKind, ObjectKind,
    Paragraph, Position, Protection, ProtectionKind, Row, Story, Table, TextRun, TrackChanges,
};
use docxtract::write::{self, CsvTable, Format, Markers, WriteOptions};
use docxtract::Document;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::util::render;

// ---------------------------------------------------------------------------------------------
// Building documents

fn run(text: &str) -> Inline {
    Inline::Text(TextRun {
        text: text.into(),
        ..TextRun::default()
    })
}

fn styled(text: &str, f: impl FnOnce(&mut TextRun)) -> Inline {
    let mut r = TextRun {
        text: text.into(),
        ..TextRun::default()
    };
    f(&mut r);
    Inline::Text(r)
}

fn visible_text(inlines: &[Inline]) -> String {
    let mut s = String::new();
    for inline in inlines {
        match inline {
            Inline::Text(r) if r.is_visible() => s.push_str(&r.text),
            Inline::Link(l) => s.push_str(&visible_text(&l.inlines)),
            Inline::Tab => s.push('\t'),
            Inline::Break { .. } => s.push('\n'),
            _ => {}
        }
    }
    s
}

fn p(inlines: Vec<Inline>) -> Paragraph {
    let mut paragraph = Paragraph::default();
    paragraph.text = visible_text(&inlines).into();
    paragraph.inlines = inlines;
    paragraph
}

fn para(inlines: Vec<Inline>) -> Block {
    Block::Paragraph(p(inlines))
}

fn text_para(text: &str) -> Block {
    para(vec![run(text)])
}

fn heading(level: u8, text: &str) -> Block {
    let mut p = p(vec![run(text)]);
    p.heading = Some(level);
    p.style = Some(format!("heading {level}").into());
    Block::Paragraph(p)
}

fn item(text: &str, level: u8, ordered: bool, number: u32) -> Block {
    let mut p = p(vec![run(text)]);
    p.list = Some(Box::new(ListItem {
        num_id: 1,
        level,
        format: if ordered { "decimal" } else { "bullet" }.into(),
        label: if ordered {
            format!("{number}.")
        } else {
            "•".into()
        },
        ordered,
        number,
    }));
    Block::Paragraph(p)
}

fn cell(texts: &[&str]) -> Cell {
    Cell {
        column: 0,
        col_span: 1,
        row_span: 1,
        blocks: texts.iter().map(|t| text_para(t)).collect(),
        ..Cell::default()
    }
}

fn row(header: bool, cells: Vec<Cell>) -> Row {
    Row {
        header,
        cells,
        ..Row::default()
    }
}

/// Give every paragraph a unique index in the order of `Document::paragraphs`.
fn number(doc: &mut Document) {
    fn walk(blocks: &mut [Block], next: &mut usize) {
        for b in blocks {
            match b {
                Block::Paragraph(p) => {
                    p.index = *next;
                    *next += 1;
                }
                Block::Table(t) => {
                    t.index = *next;
                    *next += 1;
                    for r in &mut t.rows {
                        for c in &mut r.cells {
                            walk(&mut c.blocks, next);
                        }
                    }
                }
            }
        }
    }
    let mut next = 0;
    walk(&mut doc.blocks, &mut next);
    for h in &mut doc.headers {
        walk(&mut h.blocks, &mut next);
    }
    for f in &mut doc.footers {
        walk(&mut f.blocks, &mut next);
    }
    for n in &mut doc.notes {
        walk(&mut n.blocks, &mut next);
    }
    for c in &mut doc.comments {
        walk(&mut c.blocks, &mut next);
    }
}

fn doc(blocks: Vec<Block>) -> Document {
    let mut d = Document::default();
    d.schema = "docxtract/1".into();
    d.blocks = blocks;
    number(&mut d);
    d
}

fn md(doc: &Document) -> String {
    render(doc, Format::Markdown, &WriteOptions::new())
}

// ---------------------------------------------------------------------------------------------
// Reading Markdown back

fn md_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_TASKLISTS
}

fn events(markdown: &str) -> Vec<Event<'_>> {
    Parser::new_ext(markdown, md_options()).collect()
}

/// A text block as parsed back: what kind of block and its text.
#[derive(Debug, PartialEq)]
enum Parsed {
    P(String),
    H(u8, String),
    Cell(String),
}

/// Paragraphs, headings and table cells with their text (hard breaks as `\n`, inline HTML
/// left out).
fn parsed_blocks(markdown: &str) -> Vec<Parsed> {
    let mut out = Vec::new();
    let mut buf: Option<String> = None;
    for ev in events(markdown) {
        match ev {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell) => {
                buf = Some(String::new())
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(b) = buf.as_mut() {
                    b.push_str(&t)
                }
            }
            Event::SoftBreak => {
                if let Some(b) = buf.as_mut() {
                    b.push(' ')
                }
            }
            Event::HardBreak => {
                if let Some(b) = buf.as_mut() {
                    b.push('\n')
                }
            }
            Event::End(TagEnd::Paragraph) => out.push(Parsed::P(buf.take().unwrap_or_default())),
            Event::End(TagEnd::Heading(level)) => {
                let n = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                };
                out.push(Parsed::H(n, buf.take().unwrap_or_default()));
            }
            Event::End(TagEnd::TableCell) => out.push(Parsed::Cell(buf.take().unwrap_or_default())),
            _ => {}
        }
    }
    out
}

fn paragraphs_of(markdown: &str) -> Vec<String> {
    parsed_blocks(markdown)
        .into_iter()
        .filter_map(|b| match b {
            Parsed::P(t) => Some(t),
            _ => None,
        })
        .collect()
}

/// Text nasty for Markdown: every character that means something somewhere.
const NASTY: &[&str] = &[
    "Plain words, nothing special.",
    "Stars *not emphasis* and __not strong__ and `not code`.",
    "# not a heading",
    "- not a list",
    "+ not a list either",
    "1. not an ordered list",
    "2023) not one either",
    "> not a quote",
    "=====",
    "---",
    "[not a link](http://example.com) and ![not an image](x.png)",
    "<b>not html</b> &amp; not an entity, AT&T stays",
    "back\\slash, pipe | and tilde ~~not struck~~",
    "snake_case_name and _leading underscore",
    "Exclamation at the end!",
    "Item #5 and C#",
    "    four leading spaces",
    "中文标点：“引号”、《书名》，以及【括号】。",
    "trailing spaces   ",
    "[^1]: not a footnote definition",
    "https://example.com/a_b?x=1&y=2",
    "no\u{a0}break\u{a0}spaces",
];

// ---------------------------------------------------------------------------------------------
// Markdown

#[test]
fn markdown_paragraph_text_survives_a_round_trip_through_a_commonmark_parser() {
    let d = doc(NASTY.iter().map(|t| text_para(t)).collect());
    let out = md(&d);
    let back = paragraphs_of(&out);
    let expected: Vec<String> = NASTY
        .iter()
        .map(|t| t.trim_matches([' ', '\t']).to_owned())
        .collect();
    assert_eq!(back, expected, "markdown was:\n{out}");
}

#[test]
fn markdown_headings_keep_their_levels_and_deep_levels_become_six() {
    let d = doc(vec![
        heading(1, "Title"),
        text_para("Body"),
        heading(2, "Section #1"),
        heading(3, "Sub * section"),
        heading(6, "Six"),
        heading(8, "Eight"),
    ]);
    let out = md(&d);
    assert_eq!(
        parsed_blocks(&out),
        vec![
            Parsed::H(1, "Title".into()),
            Parsed::P("Body".into()),
            Parsed::H(2, "Section #1".into()),
            Parsed::H(3, "Sub * section".into()),
            Parsed::H(6, "Six".into()),
            Parsed::H(6, "Eight".into()),
        ],
        "markdown was:\n{out}"
    );
}

#[test]
fn markdown_numbered_heading_keeps_its_label_as_text() {
    let mut h = p(vec![run("Scope")]);
    h.heading = Some(2);
    h.list = Some(Box::new(ListItem {
        label: "1.2.".into(),
        ordered: true,
        number: 2,
        ..ListItem::default()
    }));
    let out = md(&doc(vec![Block::Paragraph(h)]));
    assert_eq!(parsed_blocks(&out), vec![Parsed::H(2, "1.2. Scope".into())]);
}

/// Which inline tags wrap each text event.
fn styled_texts(markdown: &str) -> Vec<(String, bool, bool, bool)> {
    let (mut strong, mut em, mut del) = (0, 0, 0);
    let mut out = Vec::new();
    for ev in events(markdown) {
        match ev {
            Event::Start(Tag::Strong) => strong += 1,
            Event::End(TagEnd::Strong) => strong -= 1,
            Event::Start(Tag::Emphasis) => em += 1,
            Event::End(TagEnd::Emphasis) => em -= 1,
            Event::Start(Tag::Strikethrough) => del += 1,
            Event::End(TagEnd::Strikethrough) => del -= 1,
            Event::InlineHtml(h) => match h.as_ref() {
                "<strong>" => strong += 1,
                "</strong>" => strong -= 1,
                "<em>" => em += 1,
                "</em>" => em -= 1,
                "<del>" => del += 1,
                "</del>" => del -= 1,
                _ => {}
            },
            Event::Text(t) => out.push((t.to_string(), strong > 0, em > 0, del > 0)),
            _ => {}
        }
    }
    out
}

#[test]
fn markdown_emphasis_with_spaces_at_its_edges_still_renders() {
    let d = doc(vec![para(vec![
        run("a"),
        styled(" bold ", |r| r.bold = true),
        run("and"),
        styled(" italic", |r| r.italic = true),
        run(" and "),
        styled("struck ", |r| r.strike = true),
        run("end"),
    ])]);
    let out = md(&d);
    assert!(
        out.contains("a **bold** and *italic* and ~~struck~~ end"),
        "{out}"
    );
    let texts = styled_texts(&out);
    assert!(
        texts.contains(&("bold".into(), true, false, false)),
        "{texts:?}"
    );
    assert!(
        texts.contains(&("italic".into(), false, true, false)),
        "{texts:?}"
    );
    assert!(
        texts.contains(&("struck".into(), false, false, true)),
        "{texts:?}"
    );
    assert_eq!(
        paragraphs_of(&out),
        vec!["a bold and italic and struck end"]
    );
}

#[test]
fn markdown_cjk_emphasis_next_to_punctuation_renders_without_added_spaces() {
    let d = doc(vec![para(vec![
        run("坚持"),
        styled("“两个确立”", |r| r.bold = true),
        run("和"),
        styled("粗体", |r| r.bold = true),
        styled("斜体", |r| r.italic = true),
        run("。"),
    ])]);
    let out = md(&d);
    let texts = styled_texts(&out);
    assert!(
        texts.contains(&("“两个确立”".into(), true, false, false)),
        "{out}\n{texts:?}"
    );
    assert!(
        texts.contains(&("粗体".into(), true, false, false)),
        "{out}\n{texts:?}"
    );
    assert!(
        texts.contains(&("斜体".into(), false, true, false)),
        "{out}\n{texts:?}"
    );
    assert_eq!(
        paragraphs_of(&out),
        vec!["坚持“两个确立”和粗体斜体。"],
        "{out}"
    );
}

#[test]
fn markdown_superscript_and_subscript_are_html_and_underline_is_dropped() {
    let d = doc(vec![para(vec![
        run("E=mc"),
        styled("2", |r| r.superscript = true),
        run(" H"),
        styled("2", |r| r.subscript = true),
        run("O "),
        styled("under", |r| r.underline = true),
    ])]);
    let out = md(&d);
    assert_eq!(out, "E=mc<sup>2</sup> H<sub>2</sub>O under\n");
}

#[test]
fn markdown_line_breaks_are_hard_breaks_and_never_start_a_block() {
    let d = doc(vec![para(vec![
        run("first"),
        Inline::Break {
            kind: BreakKind::Line,
        },
        run("# second"),
        Inline::Break {
            kind: BreakKind::Line,
        },
        run("- third"),
        Inline::Break {
            kind: BreakKind::Page,
        },
    ])]);
    let out = md(&d);
    assert_eq!(
        paragraphs_of(&out),
        vec!["first\n# second\n- third"],
        "{out}"
    );
}

#[test]
fn markdown_hidden_text_is_left_out() {
    let d = doc(vec![para(vec![
        run("shown"),
        styled(" hidden", |r| r.hidden = true),
    ])]);
    assert_eq!(md(&d), "shown\n");
}

#[test]
fn hidden_text_is_in_every_writer_when_the_document_was_read_with_it_shown() {
    let mut d = doc(vec![para(vec![
        run("shown"),
        styled(" hidden", |r| r.hidden = true),
    ])]);
    if let Block::Paragraph(p) = &mut d.blocks[0] {
        p.text = "shown hidden".into();
    }
    d.show_hidden = true;
    assert_eq!(md(&d), "shown hidden\n");
    let options = WriteOptions::new();
    assert!(render(&d, Format::Text, &options).contains("shown hidden\n"));
    assert!(render(&d, Format::Csv, &options).contains(",shown hidden,"));
    assert!(render(&d, Format::Json, &options).contains("\"show_hidden\":true"));
}

fn link(url: Option<&str>, anchor: Option<&str>, text: &str) -> Inline {
    Inline::Link(Box::new(LinkSpan {
        url: url.map(Into::into),
        anchor: anchor.map(str::to_owned),
        link: 0,
        inlines: vec![run(text)],
    }))
}

#[test]
fn markdown_links_keep_url_and_text_and_internal_links_point_at_anchors() {
    let d = doc(vec![
        para(vec![
            run("See"),
            link(Some("https://example.com/a (b)"), None, " the [site] "),
            run("or "),
            link(None, Some("intro"), "the intro"),
            run("."),
        ]),
        para(vec![
            Inline::BookmarkStart {
                name: "intro".into(),
                id: "0".into(),
            },
            run("Intro"),
            Inline::BookmarkEnd {
                name: "intro".into(),
                id: "0".into(),
            },
        ]),
    ]);
    let out = md(&d);
    let mut links = Vec::new();
    let mut current: Option<(String, String)> = None;
    for ev in events(&out) {
        match ev {
            Event::Start(Tag::Link { dest_url, .. }) => {
                current = Some((dest_url.to_string(), String::new()))
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.1.push_str(&t)
                }
            }
            Event::End(TagEnd::Link) => links.extend(current.take()),
            _ => {}
        }
    }
    assert_eq!(
        links,
        vec![
            (
                "https://example.com/a (b)".to_owned(),
                "the [site]".to_owned()
            ),
            ("#intro".to_owned(), "the intro".to_owned()),
        ],
        "{out}"
    );
    assert!(out.contains("<a id=\"intro\"></a>Intro"), "{out}");
    assert_eq!(paragraphs_of(&out)[0], "See the [site] or the intro.");
}

#[test]
fn markdown_leaves_out_hidden_bookmarks_unless_asked() {
    let d = doc(vec![para(vec![
        Inline::BookmarkStart {
            name: "_GoBack".into(),
            id: "0".into(),
        },
        Inline::BookmarkStart {
            name: "keep".into(),
            id: "1".into(),
        },
        run("text"),
    ])]);
    let out = md(&d);
    assert_eq!(out, "<a id=\"keep\"></a>text\n");
    let options = WriteOptions {
        keep_hidden_bookmarks: true,
        ..WriteOptions::new()
    };
    let out = render(&d, Format::Markdown, &options);
    assert_eq!(out, "<a id=\"_GoBack\"></a><a id=\"keep\"></a>text\n");
}

fn image(name: &str, descr: Option<&str>, target: &str, external: bool) -> ImageRef {
    let mut image = ImageRef::default();
    image.name = Some(name.into());
    image.descr = descr.map(str::to_owned);
    image.target = Some(target.into());
    image.external = external;
    image
}

fn images_of(markdown: &str) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String, String)> = None;
    for ev in events(markdown) {
        match ev {
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => current = Some((String::new(), dest_url.to_string(), title.to_string())),
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.0.push_str(&t)
                }
            }
            Event::End(TagEnd::Image) => out.extend(current.take()),
            _ => {}
        }
    }
    out
}

#[test]
fn markdown_images_link_the_media_part_or_the_media_dir_and_keep_external_urls() {
    let mut d = doc(vec![para(vec![
        Inline::Image { image: 0 },
        run(" and "),
        Inline::Image { image: 1 },
    ])]);
    let mut first = image("图片 3", Some("A [cat]"), "word/media/image 1.png", false);
    first.title = Some("Say \"hi\"".into());
    d.images = vec![
        first,
        image("IMG_260", None, "https://example.com/p.jpg", true),
    ];
    let out = md(&d);
    assert_eq!(
        images_of(&out),
        vec![
            (
                "A [cat]".into(),
                "word/media/image 1.png".into(),
                "Say \"hi\"".into()
            ),
            (
                "IMG_260".into(),
                "https://example.com/p.jpg".into(),
                String::new()
            ),
        ],
        "{out}"
    );
    let options = WriteOptions {
        media_dir: Some("report_media/".into()),
        ..WriteOptions::new()
    };
    let out = render(&d, Format::Markdown, &options);
    let imgs = images_of(&out);
    assert_eq!(imgs[0].1, "report_media/image_1.png", "{out}");
    assert_eq!(imgs[1].1, "https://example.com/p.jpg", "{out}");
}

/// Items as (nesting depth, list start when first in its list, text).
fn list_items(markdown: &str) -> Vec<(usize, Option<u64>, String)> {
    let mut depth = 0;
    let mut pending_start: Option<Option<u64>> = None;
    let mut out: Vec<(usize, Option<u64>, String)> = Vec::new();
    let mut in_item_text = false;
    for ev in events(markdown) {
        match ev {
            Event::Start(Tag::List(start)) => {
                depth += 1;
                pending_start = Some(start);
                in_item_text = false;
            }
            Event::End(TagEnd::List(_)) => {
                depth -= 1;
                in_item_text = false;
            }
            Event::Start(Tag::Item) => {
                let start = pending_start.take().flatten();
                out.push((depth, start, String::new()));
                in_item_text = true;
            }
            Event::Text(t) if in_item_text => {
                if let Some(last) = out.last_mut() {
                    last.2.push_str(&t)
                }
            }
            Event::End(TagEnd::Item) => in_item_text = false,
            _ => {}
        }
    }
    out
}

#[test]
fn markdown_lists_nest_and_start_at_words_number() {
    let d = doc(vec![
        text_para("Before"),
        item("three", 0, true, 3),
        item("four", 0, true, 4),
        item("bullet under four", 1, false, 1),
        item("deeper", 2, true, 1),
        item("five", 0, true, 5),
        item("a bullet list", 0, false, 1),
        text_para("After"),
    ]);
    let out = md(&d);
    assert_eq!(
        list_items(&out),
        vec![
            (1, Some(3), "three".into()),
            (1, None, "four".into()),
            (2, None, "bullet under four".into()),
            (3, Some(1), "deeper".into()),
            (1, None, "five".into()),
            (1, None, "a bullet list".into()),
        ],
        "{out}"
    );
    assert!(
        out.contains("3. three\n4. four\n   - bullet under four\n     1. deeper\n5. five"),
        "{out}"
    );
    let paras = paragraphs_of(&out);
    assert_eq!(paras.first().map(String::as_str), Some("Before"));
    assert_eq!(paras.last().map(String::as_str), Some("After"));
}

#[test]
fn markdown_keeps_two_consecutive_ordered_lists_apart() {
    let mut second = item("other list", 0, true, 1);
    if let Block::Paragraph(p) = &mut second {
        p.list.as_mut().unwrap().num_id = 2;
    }
    let d = doc(vec![
        item("one", 0, true, 1),
        item("two", 0, true, 2),
        second,
    ]);
    let out = md(&d);
    let starts: Vec<Option<u64>> = events(&out)
        .into_iter()
        .filter_map(|e| match e {
            Event::Start(Tag::List(s)) => Some(s),
            _ => None,
        })
        .collect();
    assert_eq!(starts, vec![Some(1), Some(1)], "{out}");
}

#[test]
fn markdown_ballot_box_bullets_become_task_list_items() {
    let with_label = |text: &str, level: u8, label: &str| {
        let mut b = item(text, level, false, 1);
        if let Block::Paragraph(p) = &mut b {
            p.list.as_mut().unwrap().label = label.into();
        }
        b
    };
    let d = doc(vec![
        with_label("to do", 0, "\u{2610}"),
        with_label("done", 0, "\u{2612}"),
        with_label("done too", 1, "\u{2611}"),
        item("plain bullet", 0, false, 1),
        item("numbered", 0, true, 1),
    ]);
    let out = md(&d);
    let mut tasks: Vec<(String, Option<bool>)> = Vec::new();
    for ev in events(&out) {
        match ev {
            Event::Start(Tag::Item) => tasks.push((String::new(), None)),
            Event::TaskListMarker(done) => tasks.last_mut().unwrap().1 = Some(done),
            Event::Text(t) => tasks.last_mut().unwrap().0.push_str(&t),
            _ => {}
        }
    }
    assert_eq!(
        tasks,
        vec![
            ("to do".into(), Some(false)),
            ("done".into(), Some(true)),
            ("done too".into(), Some(true)),
            ("plain bullet".into(), None),
            ("numbered".into(), None),
        ],
        "{out}"
    );
}

#[test]
fn markdown_list_paragraph_without_a_marker_continues_the_item_before_it() {
    let unmarked = |text: &str, level: u8| {
        let mut b = item(text, level, false, 1);
        if let Block::Paragraph(p) = &mut b {
            p.list.as_mut().unwrap().label = " ".into();
        }
        b
    };
    let d = doc(vec![
        unmarked("no list before", 0),
        item("first", 0, true, 1),
        unmarked("first, more", 0),
        item("nested", 1, false, 1),
        unmarked("first, after nested", 0),
        item("second", 0, true, 2),
    ]);
    let out = md(&d);
    // Each item as its paragraphs' texts.
    let mut items: Vec<Vec<String>> = Vec::new();
    let mut depth = 0;
    let mut top_level_paras = Vec::new();
    for ev in events(&out) {
        match ev {
            Event::Start(Tag::Item) => {
                depth += 1;
                if depth == 1 {
                    items.push(Vec::new());
                }
            }
            Event::End(TagEnd::Item) => depth -= 1,
            Event::Text(t) if depth == 1 => items.last_mut().unwrap().push(t.to_string()),
            Event::Text(t) if depth == 0 => top_level_paras.push(t.to_string()),
            _ => {}
        }
    }
    assert_eq!(top_level_paras, vec!["no list before".to_string()], "{out}");
    assert_eq!(
        items,
        vec![
            vec!["first", "first, more", "first, after nested"],
            vec!["second"]
        ],
        "{out}"
    );
    assert_eq!(list_items(&out)[1], (2, None, "nested".into()), "{out}");
}

/// "This is a" (its mark inserted), " split" (its mark deleted), "Paragraph.": Word's
/// paragraph_insertion_deletion test document, as pandoc has it.
fn split_and_joined(mode: TrackChanges) -> Document {
    let marked = |text: &str, kind: ChangeKind| {
        let mut p = p(vec![run(text)]);
        p.text = text.into();
        p.mark_change = Some(Box::new(Change {
            kind,
            author: Some("Jason".into()),
            date: None,
        }));
        Block::Paragraph(p)
    };
    let mut d = doc(vec![
        marked("This is a", ChangeKind::Insertion),
        marked(" split", ChangeKind::Deletion),
        text_para("Paragraph."),
        marked("Before a table", ChangeKind::Deletion),
        Block::Table(Box::new(Table {
            rows: vec![row(false, vec![cell(&["cell"])])],
            ..Table::default()
        })),
    ]);
    d.track_changes = mode;
    d
}

#[test]
fn a_paragraph_whose_mark_the_reading_removes_runs_on_into_the_next() {
    let text = |mode| render(&split_and_joined(mode), Format::Text, &WriteOptions::new());
    assert_eq!(
        text(TrackChanges::Accept),
        "This is a\n splitParagraph.\nBefore a table\ncell\n"
    );
    assert_eq!(
        text(TrackChanges::Reject),
        "This is a split\nParagraph.\nBefore a table\ncell\n"
    );
    assert_eq!(
        text(TrackChanges::All),
        "This is a\n split\nParagraph.\nBefore a table\ncell\n"
    );
    let md_paras = |mode| paragraphs_of(&md(&split_and_joined(mode)));
    assert_eq!(
        md_paras(TrackChanges::Accept),
        vec!["This is a", "splitParagraph.", "Before a table"]
    );
    assert_eq!(
        md_paras(TrackChanges::Reject),
        vec!["This is a split", "Paragraph.", "Before a table"]
    );
}

#[test]
fn an_empty_paragraph_whose_mark_the_reading_removes_leaves_no_line() {
    let mut gone = p(vec![]);
    gone.mark_change = Some(Box::new(Change {
        kind: ChangeKind::Deletion,
        author: None,
        date: None,
    }));
    let d = doc(vec![
        text_para("Before"),
        Block::Paragraph(gone),
        text_para("After"),
    ]);
    assert_eq!(
        render(&d, Format::Text, &WriteOptions::new()),
        "Before\nAfter\n"
    );
}

#[test]
fn imported_content_is_shown_in_place_in_markdown_and_text() {
    let import = |block: usize, offset: usize, text: &str| EmbeddedObject {
        kind: ObjectKind::AltChunk,
        part: Some("word/afchunk.htm".into()),
        text: Some(text.into()),
        location: Location {
            block,
            offset,
            story: Story::Body,
            text_box: false,
        },
        ..EmbeddedObject::default()
    };
    let mut d = doc(vec![
        text_para("First"),
        item("an item", 0, false, 1),
        text_para("Last"),
    ]);
    d.objects = vec![
        // Before any paragraph of the body: offset 0 of the first one, which has text.
        import(0, 0, "# Imported first"),
        // After the list item: it ends the list.
        import(1, 7, "Imported one\n\nImported two"),
        // A chart is not imported content: its text follows its paragraph, offset or not.
        EmbeddedObject {
            kind: ObjectKind::Chart,
            text: Some("Title".into()),
            ..import(2, 4, "")
        },
    ];
    assert_eq!(
        render(&d, Format::Text, &WriteOptions::new()),
        "# Imported first\nFirst\n• an item\nImported one\nImported two\nLast\nTitle\n"
    );
    let out = md(&d);
    // (The list is tight: its item's text is not a paragraph of its own.)
    assert_eq!(
        parsed_blocks(&out),
        vec![
            Parsed::P("# Imported first".into()),
            Parsed::P("First".into()),
            Parsed::P("Imported one".into()),
            Parsed::P("Imported two".into()),
            Parsed::P("Last".into()),
            Parsed::P("Title".into()),
        ],
        "{out}"
    );
    assert_eq!(list_items(&out), vec![(1, None, "an item".into())], "{out}");
}

/// "Kept {added }{removed }{added too}{removed too}." with a bookmark inside the removal.
fn both_sides() -> Document {
    let changed = |text: &str, kind: ChangeKind| {
        Inline::Text(TextRun {
            text: text.into(),
            change: Some(Box::new(Change {
                kind,
                author: Some("Li Na".into()),
                date: None,
            })),
            ..TextRun::default()
        })
    };
    let inlines = vec![
        run("Kept "),
        changed("added ", ChangeKind::Insertion),
        changed("removed ", ChangeKind::Deletion),
        Inline::BookmarkStart {
            name: "mark".into(),
            id: "1".into(),
        },
        changed("moved away", ChangeKind::MoveFrom),
        changed("moved here", ChangeKind::MoveTo),
        run("."),
    ];
    let mut para = p(inlines);
    para.text = "Kept added removed moved awaymoved here.".into();
    let mut d = doc(vec![Block::Paragraph(para)]);
    d.track_changes = TrackChanges::All;
    d
}

#[test]
fn showing_both_sides_marks_them_in_text_and_csv_as_word_diff_does() {
    let d = both_sides();
    assert_eq!(
        render(&d, Format::Text, &WriteOptions::new()),
        "Kept {+added +}[-removed [bookmark: mark]moved away-]{+moved here+}.\n"
    );
    let options = WriteOptions {
        markers: Markers::None,
        ..WriteOptions::new()
    };
    assert_eq!(
        render(&d, Format::Text, &options),
        "Kept {+added +}[-removed moved away-]{+moved here+}.\n"
    );
    let (header, rows) = read_csv(&render(&d, Format::Csv, &WriteOptions::new()));
    let text = header.iter().position(|h| h == "text").unwrap();
    assert_eq!(
        rows[0][text],
        "Kept {+added +}[-removed moved away-]{+moved here+}."
    );
    // Accepted, nothing is marked.
    let mut accepted = both_sides();
    accepted.track_changes = TrackChanges::Accept;
    assert_eq!(
        render(&accepted, Format::Text, &options),
        "Kept added moved here.\n"
    );
}

#[test]
fn showing_both_sides_strikes_removals_and_underlines_additions_in_markdown() {
    let out = md(&both_sides());
    let mut struck = String::new();
    let mut in_strike = false;
    let mut html = Vec::new();
    for ev in events(&out) {
        match ev {
            Event::Start(Tag::Strikethrough) => in_strike = true,
            Event::End(TagEnd::Strikethrough) => in_strike = false,
            Event::Text(t) if in_strike => struck.push_str(&t),
            Event::InlineHtml(h) if h.contains("ins>") => html.push(h.to_string()),
            _ => {}
        }
    }
    assert_eq!(struck, "removedmoved away", "{out}");
    assert_eq!(html, vec!["<ins>", "</ins>", "<ins>", "</ins>"], "{out}");
    assert!(out.contains("<ins>added </ins>"), "{out}");
}

#[test]
fn markdown_list_item_with_block_syntax_stays_text() {
    let d = doc(vec![item("# not a heading", 0, false, 1)]);
    let out = md(&d);
    assert_eq!(
        list_items(&out),
        vec![(1, None, "# not a heading".into())],
        "{out}"
    );
}

fn cells_of(markdown: &str) -> Vec<String> {
    parsed_blocks(markdown)
        .into_iter()
        .filter_map(|b| match b {
            Parsed::Cell(t) => Some(t),
            _ => None,
        })
        .collect()
}

#[test]
fn markdown_simple_table_is_a_pipe_table_with_the_first_row_as_header() {
    let table = Table {
        rows: vec![
            row(false, vec![cell(&["Name"]), cell(&["A | B"])]),
            row(
                false,
                vec![cell(&["张三"]), cell(&["line one", "line two"])],
            ),
            row(false, vec![cell(&[]), cell(&["*x*"])]),
        ],
        ..Table::default()
    };
    let d = doc(vec![
        text_para("Before"),
        Block::Table(Box::new(table)),
        text_para("After"),
    ]);
    let out = md(&d);
    assert!(out.contains("| Name | A \\| B |\n| --- | --- |\n"), "{out}");
    assert_eq!(
        cells_of(&out),
        vec!["Name", "A | B", "张三", "line oneline two", "", "*x*"],
        "{out}"
    );
    assert!(out.contains("line one<br>line two"), "{out}");
    let heads = events(&out)
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::TableHead)))
        .count();
    assert_eq!(heads, 1);
    assert_eq!(paragraphs_of(&out), vec!["Before", "After"]);
}

#[test]
fn markdown_merged_table_is_html_with_spans_and_cells_still_parse() {
    let mut wide = cell(&["**Wide** header"]);
    wide.col_span = 2;
    let mut tall = cell(&["tall"]);
    tall.row_span = 2;
    let table = Table {
        rows: vec![
            row(true, vec![wide]),
            row(false, vec![tall, cell(&["right 1"])]),
            row(false, vec![cell(&["right 2"])]),
        ],
        ..Table::default()
    };
    let d = doc(vec![Block::Table(Box::new(table)), text_para("After")]);
    let out = md(&d);
    assert!(
        out.starts_with("<table>\n<tr>\n<th colspan=\"2\">"),
        "{out}"
    );
    assert!(out.contains("<td rowspan=\"2\">"), "{out}");
    assert_eq!(
        paragraphs_of(&out),
        vec!["**Wide** header", "tall", "right 1", "right 2", "After"],
        "{out}"
    );
}

#[test]
fn markdown_table_with_two_header_rows_is_html() {
    let table = Table {
        rows: vec![
            row(true, vec![cell(&["h1"]), cell(&["h2"])]),
            row(true, vec![cell(&["h3"]), cell(&["h4"])]),
            row(false, vec![cell(&["a"]), cell(&["b"])]),
        ],
        ..Table::default()
    };
    let out = md(&doc(vec![Block::Table(Box::new(table))]));
    assert!(out.starts_with("<table>"), "{out}");
    assert_eq!(out.matches("<th>").count(), 4, "{out}");
    assert_eq!(paragraphs_of(&out), vec!["h1", "h2", "h3", "h4", "a", "b"]);
}

#[test]
fn markdown_footnotes_and_endnotes_are_numbered_in_order_with_definitions_at_the_end() {
    let mut d = doc(vec![
        para(vec![
            run("Claim"),
            Inline::NoteRef {
                kind: NoteKind::Endnote,
                id: "1".into(),
            },
            run(" and another"),
            Inline::NoteRef {
                kind: NoteKind::Footnote,
                id: "1".into(),
            },
            run("."),
        ]),
        text_para("Next paragraph."),
    ]);
    d.notes = vec![
        Note {
            kind: NoteKind::Footnote,
            id: "1".into(),
            blocks: vec![
                para(vec![
                    Inline::NoteRef {
                        kind: NoteKind::Footnote,
                        id: "1".into(),
                    },
                    run(" Footnote text."),
                ]),
                text_para("Second paragraph of it."),
            ],
        },
        Note {
            kind: NoteKind::Endnote,
            id: "1".into(),
            blocks: vec![text_para("Endnote text.")],
        },
    ];
    number(&mut d);
    let out = md(&d);
    assert!(out.starts_with("Claim[^1] and another[^2].\n\nNext paragraph.\n\n[^1]: Endnote text.\n\n[^2]: Footnote text.\n\n    Second paragraph of it.\n"), "{out}");
    let refs: Vec<String> = events(&out)
        .into_iter()
        .filter_map(|e| match e {
            Event::FootnoteReference(l) => Some(l.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(refs, vec!["1", "2"]);
    let defs = events(&out)
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::FootnoteDefinition(_))))
        .count();
    assert_eq!(defs, 2);
    assert_eq!(
        paragraphs_of(&out),
        vec![
            "Claim and another.",
            "Next paragraph.",
            "Endnote text.",
            "Footnote text.",
            "Second paragraph of it."
        ]
    );
}

#[test]
fn markdown_comments_appear_only_when_asked() {
    let mut d = doc(vec![para(vec![
        run("Disputed"),
        Inline::CommentRef { id: "0".into() },
        run(" claim."),
    ])]);
    d.comments = vec![Comment {
        id: "0".into(),
        author: Some("Li Wei".into()),
        blocks: vec![text_para("Check this.")],
        ..Comment::default()
    }];
    number(&mut d);
    let out = md(&d);
    assert_eq!(out, "Disputed claim.\n");
    let options = WriteOptions {
        comments: true,
        ..WriteOptions::new()
    };
    let out = render(&d, Format::Markdown, &options);
    assert_eq!(
        out,
        "Disputed[^comment-0] claim.\n\n[^comment-0]: **Li Wei**: Check this.\n"
    );
    let refs = events(&out)
        .iter()
        .filter(|e| matches!(e, Event::FootnoteReference(_)))
        .count();
    assert_eq!(refs, 1);
}

fn md_with_front_matter(d: &Document) -> String {
    let options = WriteOptions {
        front_matter: true,
        ..WriteOptions::new()
    };
    render(d, Format::Markdown, &options)
}

#[test]
fn markdown_front_matter_is_yaml_with_the_metadata() {
    let mut d = doc(vec![text_para("Body")]);
    d.source.path = Some("in/a.docx".into());
    d.metadata.title = Some("A \"quoted\" title: yes".into());
    d.metadata.creator = Some("王君正".into());
    d.metadata.pages = Some(3);
    let out = md_with_front_matter(&d);
    assert_eq!(
        out,
        "---\nsource: \"in/a.docx\"\ntitle: \"A \\\"quoted\\\" title: yes\"\ncreator: \"王君正\"\npages: 3\n---\n\nBody\n"
    );
    let mut meta = String::new();
    let mut in_meta = false;
    for ev in events(&out) {
        match ev {
            Event::Start(Tag::MetadataBlock(_)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Text(t) if in_meta => meta.push_str(&t),
            _ => {}
        }
    }
    assert!(meta.contains("pages: 3"), "{meta:?}");
    assert_eq!(paragraphs_of(&out), vec!["Body"]);
    // Without the option, no front matter.
    assert_eq!(md(&d), "Body\n");
}

#[test]
fn markdown_front_matter_holds_protection_and_custom_properties_as_maps() {
    let mut d = doc(vec![text_para("Body")]);
    d.metadata.company = Some("Acme".into());
    d.metadata.total_time = Some(42);
    d.metadata.protection = Some(Protection {
        kind: ProtectionKind::TrackedChanges,
        enforced: false,
    });
    d.metadata.custom = vec![CustomProperty {
        name: "Client: \"A\"".into(),
        kind: "lpwstr".into(),
        value: "Acme".into(),
    }];
    let out = md_with_front_matter(&d);
    assert_eq!(
        out,
        "---\ncompany: \"Acme\"\ntotal_time: 42\nprotection:\n  kind: tracked_changes\n  enforced: false\ncustom:\n  \"Client: \\\"A\\\"\": \"Acme\"\n---\n\nBody\n"
    );
    assert_eq!(paragraphs_of(&out), vec!["Body"]);
}

#[test]
fn markdown_skips_empty_paragraphs_and_writes_nothing_for_an_empty_document() {
    assert_eq!(md(&doc(vec![])), "");
    let d = doc(vec![
        text_para(""),
        text_para("  "),
        text_para("x"),
        text_para(""),
    ]);
    assert_eq!(md(&d), "x\n");
}

#[test]
fn markdown_escaper_round_trips_every_context() {
    use docxtract::write::markdown::{escape, Context};
    for s in NASTY {
        let s = s.trim_matches([' ', '\t']);
        let text = escape(s, Context::Text);
        assert_eq!(paragraphs_of(&text), vec![s.to_owned()], "text {text:?}");
        let link = format!(
            "[{}]({} \"{}\")",
            escape(s, Context::LinkText),
            escape(s, Context::Url),
            escape(s, Context::Title)
        );
        let mut got = None;
        for ev in events(&link) {
            if let Event::Start(Tag::Link {
                dest_url, title, ..
            }) = ev
            {
                got = Some((dest_url.to_string(), title.to_string()));
            }
        }
        let (url, title) = got.unwrap_or_else(|| panic!("no link in {link:?}"));
        assert_eq!(url, s, "{link}");
        assert_eq!(title, s, "{link}");
        assert_eq!(paragraphs_of(&link), vec![s.to_owned()], "{link}");
        let table = format!("| h |\n| --- |\n| {} |\n", escape(s, Context::TableCell));
        assert_eq!(
            cells_of(&table),
            vec!["h".to_owned(), s.to_owned()],
            "{table}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// CSV

fn read_csv(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(s.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

fn rich_doc() -> Document {
    let mut boxed = p(vec![run("boxed")]);
    boxed.text_box_anchor = Some(0);
    let mut list = item("item, with \"quotes\"", 0, true, 2);
    if let Block::Paragraph(p) = &mut list {
        p.style = Some("List Paragraph".into());
    }
    let mut d = doc(vec![
        heading(1, "Title"),
        Block::Paragraph(boxed),
        para(vec![
            Inline::BookmarkStart {
                name: "_GoBack".into(),
                id: "0".into(),
            },
            Inline::BookmarkStart {
                name: "top".into(),
                id: "1".into(),
            },
            run("two\nlines"),
            Inline::Image { image: 0 },
            Inline::Image { image: 1 },
        ]),
        list,
        Block::Table(Box::new(Table {
            rows: vec![row(false, vec![cell(&["a", "b"]), cell(&["c"])])],
            ..Table::default()
        })),
    ]);
    d.source.path = Some("dir/a,b.docx".into());
    d.images = vec![
        image("图片 1", Some("alt"), "word/media/image1.png", false),
        {
            let mut floating = ImageRef::default();
            floating.target = Some("word/media/image2.emf".into());
            floating.width_emu = Some(914400);
            floating.placement = docxtract::model::Placement::Floating;
            floating.location = Location {
                block: 2,
                offset: 9,
                story: Story::Body,
                text_box: false,
            };
            floating
        },
    ];
    d.headers = vec![HeaderFooter {
        blocks: vec![text_para("Header")],
        ..HeaderFooter::default()
    }];
    d.notes = vec![Note {
        kind: NoteKind::Footnote,
        id: "1".into(),
        blocks: vec![text_para("Note")],
    }];
    d.comments = vec![Comment {
        id: "0".into(),
        blocks: vec![text_para("Comment")],
        ..Comment::default()
    }];
    d.bookmarks = vec![
        Bookmark {
            name: "_GoBack".into(),
            id: "0".into(),
            hidden: true,
            start: Location {
                block: 2,
                ..Location::default()
            },
            end: None,
        },
        Bookmark {
            name: "top".into(),
            id: "1".into(),
            hidden: false,
            start: Location {
                block: 2,
                offset: 0,
                story: Story::Body,
                text_box: false,
            },
            end: Some(Position {
                block: 2,
                offset: 3,
            }),
        },
    ];
    number(&mut d);
    d
}

#[test]
fn csv_blocks_has_one_row_per_paragraph_and_reads_back() {
    let d = rich_doc();
    let out = render(&d, Format::Csv, &WriteOptions::new());
    let (header, rows) = read_csv(&out);
    // The header bytes themselves are pinned by `csv_bom_comes_before_the_header`.
    assert_eq!(header, write::csv::BLOCK_COLUMNS);
    assert_eq!(rows.len(), d.paragraphs().len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let texts: Vec<&str> = rows.iter().map(|r| r[col("text")].as_str()).collect();
    assert_eq!(
        texts,
        [
            "Title",
            "boxed",
            "two\nlines",
            "item, with \"quotes\"",
            "a",
            "b",
            "c",
            "Header",
            "Note",
            "Comment"
        ]
    );
    let locations: Vec<&str> = rows.iter().map(|r| r[col("location")].as_str()).collect();
    assert_eq!(
        locations,
        [
            "body",
            "body/text_box",
            "body",
            "body",
            "body/table",
            "body/table",
            "body/table",
            "header",
            "footnote",
            "comment"
        ]
    );
    assert!(rows.iter().all(|r| r[col("source")] == "dir/a,b.docx"));
    assert_eq!(rows[0][col("kind")], "heading");
    assert_eq!(rows[0][col("heading")], "1");
    assert_eq!(rows[0][col("style")], "heading 1");
    assert_eq!(rows[3][col("kind")], "list_item");
    assert_eq!(rows[3][col("list_label")], "2.");
    assert_eq!(rows[2][col("kind")], "paragraph");
    assert_eq!(rows[2][col("heading")], "");
    assert_eq!(rows[2][col("bookmarks")], "_GoBack|top");
    assert_eq!(rows[2][col("images")], "图片 1|image2.emf");
    let blocks: Vec<usize> = rows
        .iter()
        .map(|r| r[col("block")].parse().unwrap())
        .collect();
    let mut sorted = blocks.clone();
    sorted.sort();
    assert_eq!(blocks, sorted);
    assert!(out.contains("\r\n"), "records end with CRLF");
}

/// A 3-column table: a header row, a row whose first cell spans two columns and two rows,
/// a row under the merge, and in its last cell a nested table of one row.
fn merged_table_doc() -> Document {
    let at = |column: usize, col_span: usize, row_span: usize, texts: &[&str]| Cell {
        column,
        col_span,
        row_span,
        ..cell(texts)
    };
    let nested = Table {
        rows: vec![row(false, vec![at(0, 1, 1, &["n1"]), at(1, 1, 1, &["n2"])])],
        ..Table::default()
    };
    let mut last = at(2, 1, 1, &["z"]);
    last.blocks.push(Block::Table(Box::new(nested)));
    let table = Table {
        rows: vec![
            row(
                true,
                vec![
                    at(0, 1, 1, &["H1"]),
                    at(1, 1, 1, &["H2"]),
                    at(2, 1, 1, &["H3"]),
                ],
            ),
            row(
                false,
                vec![at(0, 2, 2, &["wide", "second"]), at(2, 1, 1, &["x"])],
            ),
            row(false, vec![last]),
        ],
        ..Table::default()
    };
    doc(vec![text_para("before"), Block::Table(Box::new(table))])
}

/// Some fields of a CSV record, joined by commas.
fn pick(record: &std::collections::HashMap<String, String>, keys: &[&str]) -> String {
    let values: Vec<&str> = keys.iter().map(|k| record[*k].as_str()).collect();
    values.join(",")
}

/// One CSV table as rows of named fields.
fn csv_records(doc: &Document, table: CsvTable) -> Vec<std::collections::HashMap<String, String>> {
    let options = WriteOptions {
        csv_table: table,
        ..WriteOptions::new()
    };
    let (header, rows) = read_csv(&render(doc, Format::Csv, &options));
    rows.into_iter()
        .map(|r| header.iter().cloned().zip(r).collect())
        .collect()
}

#[test]
fn csv_blocks_place_every_table_paragraph_in_its_cell_so_the_table_can_be_rebuilt() {
    let d = merged_table_doc();
    let rows = csv_records(&d, CsvTable::Blocks);
    // `text`, then the placement columns, `table` to `table_path`.
    let mut keys = vec!["text"];
    keys.extend(&write::csv::BLOCK_COLUMNS[10..17]);
    assert_eq!(keys.last(), Some(&"table_path"));
    let placed: Vec<String> = rows.iter().map(|r| pick(r, &keys)).collect();
    assert_eq!(
        placed,
        [
            "before,,,,,,,",
            "H1,1,0,0,1,1,true,1:0:0",
            "H2,1,0,1,1,1,true,1:0:1",
            "H3,1,0,2,1,1,true,1:0:2",
            "wide,1,1,0,2,2,false,1:1:0",
            "second,1,1,0,2,2,false,1:1:0",
            "x,1,1,2,1,1,false,1:1:2",
            "z,1,2,2,1,1,false,1:2:2",
            "n1,9,0,0,1,1,false,1:2:2/9:0:0",
            "n2,9,0,1,1,1,false,1:2:2/9:0:1",
        ]
    );
    // Rebuilt from the rows alone: the grid of the outer table, by (row, column).
    let mut grid = std::collections::BTreeMap::new();
    for r in rows.iter().filter(|r| r["table"] == "1") {
        let key = (
            r["row"].parse::<usize>().unwrap(),
            r["column"].parse::<usize>().unwrap(),
        );
        grid.entry(key)
            .or_insert_with(Vec::new)
            .push(r["text"].clone());
    }
    assert_eq!(grid[&(1, 0)], ["wide", "second"]);
    assert_eq!(grid.len(), 6);
    assert!(rows.iter().all(|r| r["note_id"].is_empty()));
}

#[test]
fn csv_blocks_give_note_and_comment_paragraphs_their_id_and_kind() {
    let d = rich_doc();
    let rows = csv_records(&d, CsvTable::Blocks);
    let notes: Vec<(&str, &str, &str)> = rows
        .iter()
        .filter(|r| !r["note_kind"].is_empty())
        .map(|r| {
            (
                r["text"].as_str(),
                r["note_id"].as_str(),
                r["note_kind"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [("Note", "1", "footnote"), ("Comment", "0", "comment")]
    );
}

/// A document with one of everything the extra CSV tables list.
fn referenced_doc() -> Document {
    let mut d = doc(vec![
        para(vec![
            run("See "),
            Inline::Link(Box::new(LinkSpan {
                url: Some("https://example.com/a?b=1".into()),
                anchor: None,
                link: 0,
                inlines: vec![run("the site")],
            })),
            run(" here"),
            Inline::NoteRef {
                kind: NoteKind::Endnote,
                id: "3".into(),
            },
            run("."),
        ]),
        text_para("Second line of the span"),
    ]);
    d.source.path = Some("in/a.docx".into());
    d.links = vec![docxtract::model::Link {
        url: Some("https://example.com/a?b=1".into()),
        anchor: None,
        text: "the site".into(),
        location: Location {
            block: 0,
            offset: 4,
            ..Location::default()
        },
    }];
    d.notes = vec![Note {
        kind: NoteKind::Endnote,
        id: "3".into(),
        blocks: vec![text_para("First."), text_para("Second.")],
    }];
    d.comments = vec![
        Comment {
            id: "7".into(),
            author: Some("Ann Editor".into()),
            initials: Some("AE".into()),
            date: Some("2024-01-02T03:04:05Z".into()),
            blocks: vec![text_para("Check this")],
            start: Some(Location {
                block: 0,
                offset: 4,
                ..Location::default()
            }),
            end: Some(Position {
                block: 1,
                offset: 6,
            }),
            reply_to: None,
        },
        Comment {
            id: "8".into(),
            author: Some("Bo Writer".into()),
            blocks: vec![text_para("Done")],
            reply_to: Some("7".into()),
            ..Comment::default()
        },
    ];
    d.fields = vec![docxtract::model::Field {
        kind: "PAGE".into(),
        instruction: " PAGE \\* MERGEFORMAT ".into(),
        result: "3".into(),
        location: Location {
            block: 1,
            offset: 2,
            ..Location::default()
        },
        ..Default::default()
    }];
    d.objects = vec![EmbeddedObject {
        kind: ObjectKind::Chart,
        part: Some("word/charts/chart1.xml".into()),
        text: Some("Sales\nQ1\t10".into()),
        location: Location {
            block: 1,
            ..Location::default()
        },
        ..EmbeddedObject::default()
    }];
    number(&mut d);
    d
}

#[test]
fn csv_links_notes_comments_fields_and_objects_tables_list_each_entry() {
    let d = referenced_doc();
    let table = |table: CsvTable, keys: &[&str]| -> Vec<String> {
        let records = csv_records(&d, table);
        records.iter().map(|r| pick(r, keys)).collect()
    };
    assert_eq!(
        table(
            CsvTable::Links,
            &["url", "anchor", "text", "block", "offset"]
        ),
        ["https://example.com/a?b=1,,the site,0,4"]
    );
    // The endnote is referred to after "See " + "the site" + " here": 17 characters.
    // `kind` to `last_block`.
    let note_keys = &write::csv::NOTE_COLUMNS[2..8];
    assert_eq!(table(CsvTable::Notes, note_keys), ["endnote,3,0,17,2,3"]);
    assert_eq!(table(CsvTable::Notes, &["text"]), ["First.\nSecond."]);
    let comment_keys = [
        "id",
        "author",
        "date",
        "reply_to",
        "anchored_text",
        "start_block",
        "end_offset",
        "text",
    ];
    assert_eq!(
        table(CsvTable::Comments, &comment_keys),
        [
            "7,Ann Editor,2024-01-02T03:04:05Z,,the site here.\nSecond,0,6,Check this",
            // A reply with no span of its own.
            "8,Bo Writer,,7,,,,Done",
        ]
    );
    assert_eq!(
        table(
            CsvTable::Fields,
            &["kind", "instruction", "result", "block"]
        ),
        ["PAGE, PAGE \\* MERGEFORMAT ,3,1"]
    );
    assert_eq!(
        table(CsvTable::Objects, &["kind", "part", "prog_id", "text"]),
        ["chart,word/charts/chart1.xml,,Sales\nQ1\t10"]
    );
}

#[test]
fn every_csv_table_has_its_header_even_for_a_document_without_rows() {
    for table in CsvTable::ALL {
        let options = WriteOptions {
            csv_table: table,
            ..WriteOptions::new()
        };
        let out = render(&doc(vec![]), Format::Csv, &options);
        let (header, rows) = read_csv(&out);
        assert_eq!(header[0], "source", "{table:?}");
        assert!(header.len() > 5, "{table:?}: {header:?}");
        assert!(rows.is_empty(), "{table:?}");
    }
}

#[test]
fn a_nested_table_of_one_row_is_not_a_header_only_markdown_table() {
    let d = merged_table_doc();
    let out = md(&d);
    // The nested table's cells are data cells, not a pipe table's header.
    assert!(!out.contains("| n1 | n2 |"), "{out}");
    assert!(
        out.contains("<td>\n\nn1\n\n</td>\n<td>\n\nn2\n\n</td>"),
        "{out}"
    );
    let parsed = parsed_blocks(&out);
    assert!(parsed.contains(&Parsed::P("n1".into())), "{parsed:?}");
    assert!(!parsed.contains(&Parsed::Cell("n1".into())), "{parsed:?}");
}

#[test]
fn csv_without_header_concatenates_with_a_header_written_once() {
    let d = rich_doc();
    let mut all = render(&d, Format::Csv, &WriteOptions::new());
    let options = WriteOptions {
        csv_header: false,
        bom: true,
        ..WriteOptions::new()
    };
    let rest = render(&d, Format::Csv, &options);
    assert!(!rest.starts_with('\u{feff}'), "no BOM without the header");
    assert!(!rest.starts_with("source,"));
    all.push_str(&rest);
    let (_, rows) = read_csv(&all);
    assert_eq!(rows.len(), 2 * d.paragraphs().len());
}

#[test]
fn csv_bom_comes_before_the_header() {
    let options = WriteOptions {
        bom: true,
        ..WriteOptions::new()
    };
    let out = render(&doc(vec![]), Format::Csv, &options);
    assert_eq!(
        out,
        "\u{feff}source,block,location,kind,style,heading,list_label,text,bookmarks,images,\
         table,row,column,row_span,col_span,header_row,table_path,note_id,note_kind\r\n"
    );
}

#[test]
fn csv_images_has_every_image_field() {
    let d = rich_doc();
    let options = WriteOptions {
        csv_table: CsvTable::Images,
        ..WriteOptions::new()
    };
    let out = render(&d, Format::Csv, &options);
    let (header, rows) = read_csv(&out);
    assert_eq!(rows.len(), d.images.len());
    for field in [
        "image",
        "name",
        "descr",
        "title",
        "doc_pr_id",
        "rel_id",
        "target",
        "external",
        "content_type",
        "width_emu",
        "height_emu",
        "placement",
        "block",
        "offset",
        "story",
        "text_box",
    ] {
        assert!(header.iter().any(|h| h == field), "missing {field}");
    }
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows[0][col("name")], "图片 1");
    assert_eq!(rows[0][col("descr")], "alt");
    assert_eq!(rows[1][col("name")], "");
    assert_eq!(rows[1][col("width_emu")], "914400");
    assert_eq!(rows[1][col("height_emu")], "");
    assert_eq!(rows[1][col("placement")], "floating");
    assert_eq!(rows[1][col("offset")], "9");
    assert_eq!(rows[1][col("external")], "false");
}

#[test]
fn csv_bookmarks_have_start_and_end_positions() {
    let d = rich_doc();
    let options = WriteOptions {
        csv_table: CsvTable::Bookmarks,
        ..WriteOptions::new()
    };
    let out = render(&d, Format::Csv, &options);
    let (header, rows) = read_csv(&out);
    assert_eq!(
        header,
        [
            "source",
            "name",
            "id",
            "hidden",
            "story",
            "text_box",
            "start_block",
            "start_offset",
            "end_block",
            "end_offset"
        ]
    );
    assert_eq!(
        rows,
        vec![
            vec![
                "dir/a,b.docx",
                "_GoBack",
                "0",
                "true",
                "body",
                "false",
                "2",
                "0",
                "",
                ""
            ],
            vec![
                "dir/a,b.docx",
                "top",
                "1",
                "false",
                "body",
                "false",
                "2",
                "0",
                "2",
                "3"
            ],
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Text

/// A document shaped like the seed article: a heading line, a paragraph with a leading space,
/// empty paragraphs, a `_GoBack` bookmark, a picture with no description, no-break spaces, and
/// a last paragraph that is a single space.
fn seed_like() -> Document {
    let mut d = doc(vec![
        text_para("西藏自治区党政代表团赴山东省考察学习"),
        text_para(" 西藏自治区党政代表团赴山东省考察学习"),
        text_para(""),
        text_para(""),
        para(vec![
            Inline::BookmarkStart {
                name: "_GoBack".into(),
                id: "0".into(),
            },
            Inline::BookmarkEnd {
                name: "_GoBack".into(),
                id: "0".into(),
            },
            run("5月27日至29日，代表团在山东省考察学习。记者\u{a0}旦增西旦 摄"),
        ]),
        text_para(""),
        para(vec![Inline::Image { image: 0 }]),
        text_para("记者 旦增西旦\u{a0}摄"),
        text_para(" "),
    ]);
    let mut photo = ImageRef::default();
    photo.name = Some("IMG_260".into());
    photo.descr = None;
    photo.target = Some("word/media/image1.jpeg".into());
    d.images = vec![photo];
    d
}

const SEED_LIKE_TIKA: &str = "西藏自治区党政代表团赴山东省考察学习\n 西藏自治区党政代表团赴山东省考察学习\n\n\n[bookmark: _GoBack]5月27日至29日，代表团在山东省考察学习。记者\u{a0}旦增西旦 摄\n\n[image: IMG_260]\n记者 旦增西旦\u{a0}摄\n ";

#[test]
fn text_matches_the_tika_convention_apart_from_the_final_newline() {
    let out = render(&seed_like(), Format::Text, &WriteOptions::new());
    assert_eq!(out, format!("{SEED_LIKE_TIKA}\n"));
    assert!(out.ends_with("\n \n"), "the last line is a single space");
}

#[test]
fn text_without_markers_drops_every_bracketed_marker() {
    let options = WriteOptions {
        markers: Markers::None,
        ..WriteOptions::new()
    };
    let out = render(&seed_like(), Format::Text, &options);
    let expected = SEED_LIKE_TIKA
        .replace("[bookmark: _GoBack]", "")
        .replace("[image: IMG_260]", "");
    assert_eq!(out, format!("{expected}\n"));
    assert!(!out.contains('['));
}

#[test]
fn text_has_one_line_per_paragraph_in_every_story() {
    let d = rich_doc();
    let out = render(&d, Format::Text, &WriteOptions::new());
    assert_eq!(
        out,
        "Header\nTitle\nboxed\n[bookmark: _GoBack][bookmark: top]two\nlines[image: alt][image: image2.emf]\n2. item, with \"quotes\"\na b\tc\n[footnote:1] Note\nComment: Comment\n"
    );
}

// ---------------------------------------------------------------------------------------------
// All formats

#[test]
fn every_format_writes_the_rich_document() {
    let d = rich_doc();
    for format in [Format::Json, Format::Markdown, Format::Csv, Format::Text] {
        let out = render(&d, format, &WriteOptions::new());
        assert!(out.ends_with('\n'), "{format:?}");
        assert!(out.contains("Title"), "{format:?}: {out}");
    }
    let json = render(&d, Format::Json, &WriteOptions::new());
    let back: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, d);
}

#[test]
fn markdown_table_holding_a_table_is_html_with_the_inner_table_inside() {
    let mut outer = cell(&[]);
    outer.blocks = vec![
        text_para("outer text"),
        Block::Table(Box::new(Table {
            rows: vec![
                row(false, vec![cell(&["n1"]), cell(&["n2"])]),
                row(false, vec![cell(&["n3"]), cell(&["n4"])]),
            ],
            ..Table::default()
        })),
    ];
    let table = Table {
        rows: vec![row(false, vec![outer, cell(&["b"])])],
        ..Table::default()
    };
    let out = md(&doc(vec![Block::Table(Box::new(table))]));
    assert!(
        out.starts_with("<table>\n<tr>\n<td>\n\nouter text\n\n| n1 | n2 |"),
        "{out}"
    );
    assert_eq!(
        parsed_blocks(&out),
        vec![
            Parsed::P("outer text".into()),
            Parsed::Cell("n1".into()),
            Parsed::Cell("n2".into()),
            Parsed::Cell("n3".into()),
            Parsed::Cell("n4".into()),
            Parsed::P("b".into()),
        ],
        "{out}"
    );
}

#[test]
fn markdown_of_the_seed_like_document_keeps_every_paragraph_and_the_picture() {
    let d = seed_like();
    let out = md(&d);
    let expected: Vec<String> = d
        .paragraphs()
        .iter()
        .map(|(_, p)| p.text.trim_matches([' ', '\t']).to_owned())
        .filter(|t| !t.is_empty())
        .collect();
    let mut back = paragraphs_of(&out);
    // The picture's paragraph reads back as its alt text.
    assert_eq!(back.remove(3), "IMG_260", "{out}");
    assert_eq!(back, expected, "{out}");
    assert_eq!(images_of(&out)[0].0, "IMG_260");
    assert!(!out.contains("_GoBack"), "{out}");
}

#[test]
fn csv_of_the_seed_like_document_has_a_row_per_paragraph() {
    let d = seed_like();
    let (_, rows) = read_csv(&render(&d, Format::Csv, &WriteOptions::new()));
    assert_eq!(rows.len(), d.paragraphs().len());
    assert_eq!(rows[4][8], "_GoBack");
    assert_eq!(rows[6][9], "IMG_260");
    assert_eq!(rows[8][7], " ");
}

#[test]
fn text_table_cell_with_a_line_break_stays_on_its_row() {
    let mut c = cell(&[]);
    c.blocks = vec![para(vec![
        run("one"),
        Inline::Break {
            kind: BreakKind::Line,
        },
        run("two"),
    ])];
    let table = Table {
        rows: vec![row(false, vec![c, cell(&["next"])])],
        ..Table::default()
    };
    let out = render(
        &doc(vec![Block::Table(Box::new(table))]),
        Format::Text,
        &WriteOptions::new(),
    );
    assert_eq!(out, "one two\tnext\n");
}

/// Records the size of each write it is asked for.
#[derive(Default)]
struct WriteSizes {
    bytes: Vec<u8>,
    largest: usize,
}

impl std::io::Write for WriteSizes {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.largest = self.largest.max(buf.len());
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn markdown_and_text_of_a_long_document_are_written_as_they_are_made() {
    let line = "A paragraph of a long document, long enough to add up. ".repeat(4);
    let mut d = doc((0..2_000).map(|_| text_para(&line)).collect());
    number(&mut d);
    for (format, expected) in [
        (
            Format::Markdown,
            vec![line.trim_end(); 2_000].join("\n\n") + "\n",
        ),
        (Format::Text, format!("{line}\n").repeat(2_000)),
    ] {
        let mut out = WriteSizes::default();
        write::write(&d, format, &WriteOptions::new(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out.bytes).unwrap(),
            expected,
            "{format:?}"
        );
        // Never the whole output (about 440 KB) in one piece.
        assert!(out.largest <= 128 * 1024, "{format:?}: {}", out.largest);
    }
}

#[test]
fn markdown_keeps_two_equations_side_by_side_as_two_inline_formulas() {
    let math = |latex: &str| Inline::Math {
        display: false,
        text: latex.into(),
        latex: latex.into(),
    };
    let d = doc(vec![para(vec![
        run("so "),
        math("a"),
        math("\\sin \\theta"),
        run(" holds"),
    ])]);
    let out = md(&d);
    assert_eq!(out.trim(), "so $a$ $\\sin \\theta$ holds");
    // A GFM reader with math sees two inline formulas, no display math.
    let formulas: Vec<String> = Parser::new_ext(&out, Options::ENABLE_MATH)
        .filter_map(|e| match e {
            Event::InlineMath(m) => Some(m.to_string()),
            Event::DisplayMath(m) => panic!("display math {m:?} in {out:?}"),
            _ => None,
        })
        .collect();
    assert_eq!(formulas, ["a", "\\sin \\theta"]);
}

fn styled_para(style: &str, text: &str) -> Block {
    let mut p = p(vec![run(text)]);
    p.style = Some(style.into());
    Block::Paragraph(p)
}

#[test]
fn markdown_writes_code_styles_as_one_fenced_block_with_indentation_kept() {
    let d = doc(vec![
        text_para("Before:"),
        styled_para("Source Code", "def f(n):"),
        styled_para("Source Code", "    return `n` * 2"),
        styled_para("Source Code", ""),
        styled_para("HTML Preformatted", "\tprint(f(1))"),
        text_para("After."),
    ]);
    let out = md(&d);
    assert_eq!(
        out.trim(),
        "Before:\n\n```\ndef f(n):\n    return `n` * 2\n\n\tprint(f(1))\n```\n\nAfter."
    );
    // A CommonMark reader sees one code block holding the lines as written.
    let code: Vec<String> = Parser::new(&out)
        .filter_map(|e| match e {
            Event::Text(t) if t.contains("def f") => Some(t.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(code, ["def f(n):\n    return `n` * 2\n\n\tprint(f(1))\n"]);
}

#[test]
fn markdown_code_fences_are_longer_than_any_backtick_run_inside() {
    let d = doc(vec![styled_para("Code", "a ```` b")]);
    assert_eq!(md(&d).trim(), "`````\na ```` b\n`````");
}

#[test]
fn markdown_writes_quote_styles_as_one_block_quote() {
    let d = doc(vec![
        styled_para("Quote", "To be, or not to be."),
        styled_para("Zitat1", "Sein oder Nichtsein."),
        text_para("Not quoted."),
    ]);
    let out = md(&d);
    assert_eq!(
        out.trim(),
        "> To be, or not to be.\n>\n> Sein oder Nichtsein.\n\nNot quoted."
    );
    let quotes = events(&out)
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::BlockQuote(_))))
        .count();
    assert_eq!(quotes, 1, "{out}");
}

#[test]
fn markdown_keeps_code_and_quote_styles_plain_inside_table_cells() {
    let mut code_cell = cell(&[]);
    code_cell.blocks = vec![
        styled_para("Source Code", "x = 1"),
        styled_para("Quote", "q"),
    ];
    let d = doc(vec![Block::Table(Box::new(Table {
        rows: vec![
            row(true, vec![cell(&["head"])]),
            row(false, vec![code_cell]),
        ],
        ..Table::default()
    }))]);
    let out = md(&d);
    assert!(!out.contains("```") && !out.contains("> "), "{out}");
    assert!(out.contains("x = 1"), "{out}");
}
