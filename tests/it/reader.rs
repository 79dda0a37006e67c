//! What the reader must recover from each fixture, asserted exactly: texts, labels, spans,
//! positions, names. One group of tests per fixture in `fixtures/` (see its README).

use docxtract::model::*;
use docxtract::Options;

use crate::util::{fixture_path, open_fixture as open, open_fixture_with as open_with, read_body};

/// The paragraph numbered `index` (in any story).
fn para(doc: &Document, index: usize) -> &Paragraph {
    doc.paragraphs()
        .into_iter()
        .find(|(_, p)| p.index == index)
        .map(|(_, p)| p)
        .unwrap_or_else(|| panic!("no paragraph {index}"))
}

/// Top-level body paragraphs' texts, in order (tables skipped).
fn body_texts(doc: &Document) -> Vec<&str> {
    doc.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph(p) => Some(p.text.as_str()),
            Block::Table(_) => None,
        })
        .collect()
}

/// Every paragraph in index order: (index, story, text).
fn all_texts(doc: &Document) -> Vec<(usize, Story, String)> {
    doc.paragraphs()
        .into_iter()
        .map(|(s, p)| (p.index, s, p.text.to_string()))
        .collect()
}

fn table(doc: &Document, index: usize) -> &Table {
    fn find(blocks: &[Block], index: usize) -> Option<&Table> {
        for b in blocks {
            if let Block::Table(t) = b {
                if t.index == index {
                    return Some(t);
                }
                for c in t.rows.iter().flat_map(|r| &r.cells) {
                    if let Some(t) = find(&c.blocks, index) {
                        return Some(t);
                    }
                }
            }
        }
        None
    }
    find(&doc.blocks, index).unwrap_or_else(|| panic!("no table {index}"))
}

/// A cell's paragraphs' texts joined by `|` (nested tables as `[table]`).
fn cell_text(cell: &Cell) -> String {
    cell.blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => p.text.to_string(),
            Block::Table(_) => "[table]".to_string(),
        })
        .collect::<Vec<_>>()
        .join("|")
}

/// Each row as (header, [(column, col_span, row_span, text)]).
type RowShape = (bool, Vec<(usize, usize, usize, String)>);

fn shape(t: &Table) -> Vec<RowShape> {
    t.rows
        .iter()
        .map(|r| {
            (
                r.header,
                r.cells
                    .iter()
                    .map(|c| (c.column, c.col_span, c.row_span, cell_text(c)))
                    .collect(),
            )
        })
        .collect()
}

fn pos(block: usize, offset: usize) -> Position {
    Position { block, offset }
}

fn loc(block: usize, offset: usize, story: Story, text_box: bool) -> Location {
    Location {
        block,
        offset,
        story,
        text_box,
    }
}

fn text(s: &str) -> Inline {
    Inline::Text(TextRun {
        text: s.into(),
        ..TextRun::default()
    })
}

fn changed(s: &str, kind: ChangeKind, author: &str, date: &str) -> Inline {
    Inline::Text(TextRun {
        text: s.into(),
        change: Some(Box::new(Change {
            kind,
            author: Some(author.into()),
            date: Some(date.into()),
        })),
        ..TextRun::default()
    })
}

/// (name, id, hidden, start, end) of every bookmark.
fn bookmarks(doc: &Document) -> Vec<(&str, &str, bool, Location, Option<Position>)> {
    doc.bookmarks
        .iter()
        .map(|b| (b.name.as_str(), b.id.as_str(), b.hidden, b.start, b.end))
        .collect()
}

/// (url, anchor, text, location) of every link.
fn links(doc: &Document) -> Vec<(Option<&str>, Option<&str>, &str, Location)> {
    doc.links
        .iter()
        .map(|l| {
            (
                l.url.as_deref(),
                l.anchor.as_deref(),
                l.text.as_str(),
                l.location,
            )
        })
        .collect()
}

/// (num_id, level, format, label, ordered, number) of a paragraph's list item.
fn list_of(p: &Paragraph) -> Option<(u32, u8, &str, &str, bool, u32)> {
    p.list.as_ref().map(|l| {
        (
            l.num_id,
            l.level,
            l.format.as_str(),
            l.label.as_str(),
            l.ordered,
            l.number,
        )
    })
}

// ----- styles-headings.docx ------------------------------------------------------------------

#[test]
fn headings_come_from_style_names_with_localized_ids_outline_levels_and_based_on() {
    let doc = open("styles-headings.docx");
    let got: Vec<_> = doc
        .paragraphs()
        .into_iter()
        .map(|(_, p)| {
            (
                p.text.as_str(),
                p.style_id.as_deref(),
                p.style.as_deref(),
                p.heading,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Quartalsbericht 2023",
                Some("Titel"),
                Some("Title"),
                Some(1)
            ),
            (
                "Ein Untertitel ist keine Überschrift",
                Some("Untertitel"),
                Some("Subtitle"),
                None
            ),
            (
                "Einleitung",
                Some("berschrift1"),
                Some("heading 1"),
                Some(1)
            ),
            (
                "Normaler Text unter der ersten Überschrift.",
                Some("Standard"),
                Some("Normal"),
                None
            ),
            ("Hintergrund", Some("2"), Some("heading 2"), Some(2)),
            (
                "Ein Zitat ist keine Überschrift.",
                Some("Zitat"),
                Some("Quote"),
                None
            ),
            (
                "Kapitel mit geerbter Ebene",
                Some("KapitelUeberschrift"),
                Some("Kapitel Überschrift"),
                Some(1)
            ),
            (
                "Gliederungsebene aus der Formatvorlage",
                Some("Gliederung3"),
                Some("Gliederung Drei"),
                Some(3)
            ),
            (
                "Direkte Gliederungsebene 4",
                Some("Standard"),
                Some("Normal"),
                Some(4)
            ),
            (
                "Absatz mit einer fehlenden Formatvorlage.",
                Some("Fehlend"),
                None,
                None
            ),
            (
                "Überschrift, wie LibreOffice sie benennt",
                Some("berschrift3"),
                Some("Überschrift 3"),
                Some(3)
            ),
            (
                "Titre, comme l'écrit WPS",
                Some("Titre4"),
                Some("Titre 4"),
                Some(4)
            ),
            (
                "Eine Dachzeile auf Basis des Titels",
                Some("Dachzeile"),
                Some("Dachzeile"),
                None
            ),
        ]
    );
}

// ----- lists.docx ----------------------------------------------------------------------------

#[test]
fn multilevel_decimal_letter_and_roman_labels_count_per_level() {
    let doc = open("lists.docx");
    let got: Vec<_> = (1..=10).map(|i| list_of(para(&doc, i))).collect();
    assert_eq!(
        got,
        vec![
            Some((1, 0, "decimal", "1.", true, 1)),
            Some((1, 1, "decimal", "1.1.", true, 1)),
            Some((1, 2, "lowerLetter", "a)", true, 1)),
            Some((1, 3, "lowerRoman", "(i)", true, 1)),
            Some((1, 3, "lowerRoman", "(ii)", true, 2)),
            Some((1, 2, "lowerLetter", "b)", true, 2)),
            Some((1, 4, "upperLetter", "A.", true, 1)),
            Some((1, 5, "upperRoman", "I.", true, 1)),
            Some((1, 1, "decimal", "1.2.", true, 2)),
            Some((1, 0, "decimal", "2.", true, 2)),
        ]
    );
    // The label is not part of the text.
    assert_eq!(para(&doc, 2).text, "One point one (1.1.)");
}

#[test]
fn num_id_zero_is_no_list_and_start_override_restarts() {
    let doc = open("lists.docx");
    assert_eq!(para(&doc, 11).text, "Not a list item: numId 0.");
    assert_eq!(para(&doc, 11).list, None);
    assert_eq!(
        list_of(para(&doc, 12)),
        Some((3, 0, "decimal", "1.", true, 1))
    );
    assert_eq!(
        list_of(para(&doc, 13)),
        Some((3, 0, "decimal", "2.", true, 2))
    );
}

#[test]
fn symbol_and_wingdings_bullets_become_unicode_bullets() {
    let doc = open("lists.docx");
    let got: Vec<_> = (15..=18)
        .map(|i| (para(&doc, i).text.as_str(), list_of(para(&doc, i))))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "Symbol bullet U+F0B7",
                Some((2, 0, "bullet", "•", false, 1))
            ),
            ("Courier o", Some((2, 1, "bullet", "o", false, 1))),
            // Wingdings 0xA7 is a small black square (src/docx/symbols.rs).
            ("Wingdings U+F0A7", Some((2, 2, "bullet", "▪", false, 1))),
            ("Symbol bullet again", Some((2, 0, "bullet", "•", false, 2))),
        ]
    );
}

#[test]
fn cjk_number_formats_chinese_counting_ideograph_digital_and_full_width() {
    let doc = open("lists.docx");
    let got: Vec<_> = (20..=23)
        .map(|i| (para(&doc, i).text.as_str(), list_of(para(&doc, i))))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "第一项（一、）",
                Some((4, 0, "chineseCounting", "一、", true, 1))
            ),
            (
                "第二项（二、）",
                Some((4, 0, "chineseCounting", "二、", true, 2))
            ),
            (
                "一级（一.）",
                Some((4, 1, "ideographDigital", "一.", true, 1))
            ),
            (
                "全角数字（１．）",
                Some((4, 2, "decimalFullWidth", "１．", true, 1))
            ),
        ]
    );
}

#[test]
fn hebrew_numerals_once_unknown_are_now_labels_without_a_warning() {
    // The fixture's "Unknown format" list is hebrew1, a format docxtract did not know; the
    // fallback for formats still unknown is tested in tests/list_numbering.rs.
    let doc = open("lists.docx");
    assert_eq!(
        list_of(para(&doc, 25)),
        Some((5, 0, "hebrew1", "א.", true, 1))
    );
    assert_eq!(
        list_of(para(&doc, 26)),
        Some((5, 0, "hebrew1", "ב.", true, 2))
    );
    assert!(
        doc.warnings
            .iter()
            .all(|w| w.code != WarningCode::UnknownNumberFormat),
        "{:?}",
        doc.warnings
    );
}

#[test]
fn num_pr_inherited_from_the_paragraph_style_and_through_num_style_link() {
    let doc = open("lists.docx");
    let p = para(&doc, 27);
    assert_eq!(
        (p.text.as_str(), p.style_id.as_deref(), p.style.as_deref()),
        (
            "Numbered by its style (5.)",
            Some("ListNumber"),
            Some("List Number")
        )
    );
    assert_eq!(list_of(p), Some((6, 0, "decimal", "5.", true, 5)));
    assert_eq!(
        list_of(para(&doc, 28)),
        Some((6, 0, "decimal", "6.", true, 6))
    );
    assert_eq!(
        list_of(para(&doc, 29)),
        Some((7, 0, "upperRoman", "I.", true, 1))
    );
    assert_eq!(
        list_of(para(&doc, 30)),
        Some((7, 1, "upperLetter", "A.", true, 1))
    );
    // Headings in between are not list items.
    for i in [0, 14, 19, 24] {
        assert_eq!(para(&doc, i).list, None, "paragraph {i}");
    }
}

// ----- tables.docx ---------------------------------------------------------------------------

#[test]
fn grid_span_and_v_merge_become_spans_with_covered_cells_absent() {
    let doc = open("tables.docx");
    assert_eq!(
        body_texts(&doc),
        vec!["Before the table.", "After the table."]
    );
    let t = table(&doc, 1);
    let s = |x: &str| x.to_string();
    assert_eq!(
        shape(t),
        vec![
            (
                true,
                vec![
                    (0, 1, 1, s("Name")),
                    (1, 1, 1, s("Region")),
                    (2, 1, 1, s("Count"))
                ]
            ),
            (
                false,
                vec![
                    (0, 1, 3, s("Merged down three rows")),
                    (1, 2, 1, s("Spans two columns"))
                ]
            ),
            (
                false,
                vec![
                    (1, 1, 1, s("B3 starts a bookmark")),
                    (2, 1, 1, s("[table]|"))
                ]
            ),
            (false, vec![(1, 1, 1, s("B4")), (2, 1, 1, s("C4 ends it"))]),
        ]
    );
    assert_eq!(para(&doc, 16).text, "After the table.");
}

#[test]
fn nested_table_sits_in_its_cell_with_its_own_cells() {
    let doc = open("tables.docx");
    let inner = table(&doc, 9);
    let s = |x: &str| x.to_string();
    assert_eq!(
        shape(inner),
        vec![(
            false,
            vec![(0, 1, 1, s("Inner 1")), (1, 1, 1, s("Inner 2"))]
        )]
    );
    let outer = table(&doc, 1);
    match &outer.rows[2].cells[1].blocks[0] {
        Block::Table(t) => assert_eq!(t.index, 9),
        b => panic!("expected the nested table, got {b:?}"),
    }
}

#[test]
fn bookmarks_at_row_level_and_spanning_cells_have_exact_positions() {
    let doc = open("tables.docx");
    assert_eq!(
        bookmarks(&doc),
        vec![
            (
                "RowLevel",
                "10",
                false,
                loc(5, 0, Story::Body, false),
                Some(pos(12, 0))
            ),
            (
                "CellSpan",
                "11",
                false,
                loc(8, 0, Story::Body, false),
                Some(pos(15, 10))
            ),
        ]
    );
}

// ----- bookmarks.docx ------------------------------------------------------------------------

#[test]
fn bookmarks_spanning_paragraphs_and_at_body_level_have_exact_starts_and_ends() {
    let doc = open("bookmarks.docx");
    assert_eq!(
        body_texts(&doc),
        vec![
            "Alpha beta",
            "gamma",
            "delta epsilon",
            "Summary",
            "Inside the body-level bookmark.",
            "The last edit was here.",
            "See Summary and the span.",
            "A referenced sentence. A linked phrase.",
            "Editable region; a bookmarkEnd without start precedes it.",
        ]
    );
    let b = Story::Body;
    assert_eq!(
        bookmarks(&doc),
        vec![
            ("Span", "1", false, loc(0, 6, b, false), Some(pos(2, 5))),
            (
                "BodyLevel",
                "2",
                false,
                loc(3, 0, b, false),
                Some(pos(4, 31))
            ),
            (
                "_Toc135000001",
                "3",
                true,
                loc(3, 0, b, false),
                Some(pos(3, 7))
            ),
            ("_GoBack", "4", true, loc(5, 0, b, false), Some(pos(5, 0))),
            (
                "_Ref135000002",
                "5",
                true,
                loc(7, 0, b, false),
                Some(pos(7, 22))
            ),
            (
                "_Hlk135000003",
                "6",
                true,
                loc(7, 23, b, false),
                Some(pos(7, 39))
            ),
        ]
    );
}

#[test]
fn bookmark_markers_sit_in_the_inlines_where_they_occur() {
    let doc = open("bookmarks.docx");
    let start = |n: &str, id: &str| Inline::BookmarkStart {
        name: n.into(),
        id: id.into(),
    };
    let end = |n: &str, id: &str| Inline::BookmarkEnd {
        name: n.into(),
        id: id.into(),
    };
    assert_eq!(
        para(&doc, 0).inlines,
        vec![text("Alpha "), start("Span", "1"), text("beta")]
    );
    assert_eq!(
        para(&doc, 2).inlines,
        vec![text("delta"), end("Span", "1"), text(" epsilon")]
    );
    assert_eq!(
        para(&doc, 5).inlines,
        vec![
            start("_GoBack", "4"),
            end("_GoBack", "4"),
            text("The last edit was here.")
        ]
    );
    // A bookmarkEnd without a start and permStart/permEnd leave no trace.
    assert_eq!(
        para(&doc, 8).inlines,
        vec![text(
            "Editable region; a bookmarkEnd without start precedes it."
        )]
    );
}

#[test]
fn internal_hyperlinks_carry_their_anchor() {
    let doc = open("bookmarks.docx");
    let b = Story::Body;
    assert_eq!(
        links(&doc),
        vec![
            (None, Some("_Toc135000001"), "Summary", loc(6, 4, b, false)),
            (None, Some("Span"), "the span", loc(6, 16, b, false)),
        ]
    );
    assert_eq!(
        para(&doc, 6).inlines,
        vec![
            text("See "),
            Inline::Link(Box::new(LinkSpan {
                url: None,
                anchor: Some("_Toc135000001".into()),
                link: 0,
                inlines: vec![text("Summary")],
            })),
            text(" and "),
            Inline::Link(Box::new(LinkSpan {
                url: None,
                anchor: Some("Span".into()),
                link: 1,
                inlines: vec![text("the span")],
            })),
            text("."),
        ]
    );
}

// ----- images.docx ---------------------------------------------------------------------------

#[test]
fn inline_floating_vml_and_linked_images_with_names_targets_types_and_sizes() {
    let doc = open("images.docx");
    let got: Vec<_> = doc
        .images
        .iter()
        .take(4)
        .map(|i| {
            (
                i.name.as_deref(),
                i.descr.as_deref(),
                i.title.as_deref(),
                i.rel_id.as_deref(),
                i.target.as_deref(),
                i.external,
                i.content_type.as_deref(),
                (i.width_emu, i.height_emu),
                i.placement,
                i.location,
            )
        })
        .collect();
    let b = Story::Body;
    assert_eq!(
        got,
        vec![
            (
                Some("IMG_256"),
                Some("http://www.example.com/news/photo.jpg"),
                None,
                Some("rId2"),
                Some("word/media/image1.jpeg"),
                false,
                Some("image/jpeg"),
                (Some(5_274_310), Some(3_516_207)),
                Placement::Inline,
                loc(0, 8, b, false)
            ),
            (
                Some("图片 3"),
                Some("济南新旧动能转换起步区"),
                Some("Floating photo"),
                Some("rId3"),
                Some("word/media/image2.png"),
                false,
                Some("image/png"),
                (Some(2_286_000), Some(1_524_000)),
                Placement::Floating,
                loc(1, 0, b, false)
            ),
            (
                Some("_x0000_i1025"),
                None,
                Some("Old-style picture"),
                Some("rId4"),
                Some("word/media/image3.gif"),
                false,
                Some("image/gif"),
                // 96pt x 72pt
                (Some(1_219_200), Some(914_400)),
                Placement::Vml,
                loc(2, 5, b, false)
            ),
            (
                Some("Linked photo"),
                Some("A linked, not embedded, image"),
                None,
                Some("rId5"),
                Some("https://photos.example.com/2023/linked%20photo.jpg"),
                true,
                None,
                (Some(3_657_600), Some(2_743_200)),
                Placement::Inline,
                loc(3, 8, b, false)
            ),
        ]
    );
    assert_eq!(
        para(&doc, 0).inlines,
        vec![text("Inline: "), Inline::Image { image: 0 }]
    );
    assert_eq!(
        para(&doc, 1).inlines,
        vec![
            Inline::Image { image: 1 },
            text("Text wraps around a floating picture.")
        ]
    );
    assert_eq!(doc.images[2].doc_pr_id.as_deref(), Some("_x0000_i1025"));
}

#[test]
fn header_and_footnote_images_resolve_against_their_own_parts_rels() {
    let doc = open("images.docx");
    assert_eq!(doc.images.len(), 6);
    let header = &doc.images[4];
    assert_eq!(
        (
            header.name.as_deref(),
            header.descr.as_deref(),
            header.rel_id.as_deref(),
            header.target.as_deref(),
            header.content_type.as_deref(),
            (header.width_emu, header.height_emu),
            header.location,
        ),
        (
            Some("Logo"),
            Some("Newsroom logo"),
            Some("rId1"),
            Some("word/media/image4.png"),
            Some("image/png"),
            (Some(914_400), Some(457_200)),
            loc(5, 0, Story::Header, false)
        )
    );
    let note = &doc.images[5];
    assert_eq!(
        (
            note.name.as_deref(),
            note.rel_id.as_deref(),
            note.target.as_deref(),
            note.content_type.as_deref(),
            note.location,
        ),
        (
            Some("FootnotePhoto"),
            Some("rId1"),
            Some("word/media/image5.jpeg"),
            Some("image/jpeg"),
            loc(6, 28, Story::Footnote, false)
        )
    );
    assert_eq!(doc.headers.len(), 1);
    assert_eq!(
        (
            doc.headers[0].kind,
            doc.headers[0].section,
            doc.headers[0].part.as_str()
        ),
        (HeaderFooterKind::Default, 0, "word/header1.xml")
    );
    assert_eq!(para(&doc, 5).text, " Newsroom header");
    assert_eq!(para(&doc, 6).text, " A footnote with a picture: ");
}

// ----- notes-comments.docx -------------------------------------------------------------------

#[test]
fn notes_skip_separators_and_references_mark_the_call_sites() {
    let doc = open("notes-comments.docx");
    let notes: Vec<_> = doc
        .notes
        .iter()
        .map(|n| {
            let texts: Vec<_> = n
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph(p) => p.text.to_string(),
                    Block::Table(_) => String::new(),
                })
                .collect();
            (n.kind, n.id.as_str(), texts)
        })
        .collect();
    assert_eq!(
        notes,
        vec![
            (
                NoteKind::Footnote,
                "1",
                vec![" First footnote.".to_string()]
            ),
            (
                NoteKind::Footnote,
                "2",
                vec![" Second footnote, 第二个脚注。".to_string()]
            ),
            (
                NoteKind::Endnote,
                "1",
                vec![" The only endnote.".to_string()]
            ),
        ]
    );
    let note_ref = |kind, id: &str| Inline::NoteRef {
        kind,
        id: id.into(),
    };
    assert_eq!(
        para(&doc, 0).inlines,
        vec![
            text("A sentence with a footnote"),
            note_ref(NoteKind::Footnote, "1"),
            text(" and a second one"),
            note_ref(NoteKind::Footnote, "2"),
            text("."),
        ]
    );
    assert_eq!(
        para(&doc, 0).text,
        "A sentence with a footnote and a second one."
    );
    assert_eq!(
        para(&doc, 1).inlines,
        vec![
            text("A sentence with an endnote"),
            note_ref(NoteKind::Endnote, "1"),
            text("."),
        ]
    );
}

#[test]
fn comments_have_author_date_text_and_the_span_they_cover() {
    let doc = open("notes-comments.docx");
    let got: Vec<_> = doc
        .comments
        .iter()
        .map(|c| {
            let texts: Vec<_> = c
                .blocks
                .iter()
                .map(|b| match b {
                    Block::Paragraph(p) => p.text.as_str(),
                    Block::Table(_) => "",
                })
                .collect();
            (
                c.id.as_str(),
                c.author.as_deref(),
                c.initials.as_deref(),
                c.date.as_deref(),
                texts,
                c.start,
                c.end,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "0",
                Some("Zhang Wei"),
                Some("ZW"),
                Some("2023-05-29T10:00:00Z"),
                vec!["Check this figure."],
                Some(loc(2, 7, Story::Body, false)),
                Some(pos(2, 26))
            ),
            (
                "1",
                Some("Wang Fang"),
                Some("WF"),
                Some("2023-05-29T11:15:00Z"),
                vec![
                    "This comment covers two paragraphs.",
                    "It has two paragraphs itself."
                ],
                Some(loc(3, 6, Story::Body, false)),
                Some(pos(4, 9))
            ),
        ]
    );
    assert_eq!(
        para(&doc, 2).inlines,
        vec![
            text("Before the commented words"),
            Inline::CommentRef { id: "0".into() },
            text(" after."),
        ]
    );
    assert_eq!(para(&doc, 2).text, "Before the commented words after.");
}

// ----- tracked-changes.docx ------------------------------------------------------------------

const LI_NA: (&str, &str) = ("Li Na", "2023-05-29T09:30:00Z");
const ZHANG_WEI: (&str, &str) = ("Zhang Wei", "2023-05-30T08:00:00Z");

#[test]
fn deleted_and_moved_from_text_is_out_of_text_but_kept_in_inlines_with_author_and_date() {
    let doc = open("tracked-changes.docx");
    assert_eq!(doc.track_changes, TrackChanges::Accept);
    assert_eq!(
        body_texts(&doc),
        vec![
            "Original inserted text.",
            " Stays here.",
            "Later: Moved sentence.",
            "A whole inserted paragraph.",
            "",
            "Formatting change: now bold",
        ]
    );
    use ChangeKind::*;
    assert_eq!(
        para(&doc, 0).inlines,
        vec![
            text("Original "),
            changed("inserted ", Insertion, LI_NA.0, LI_NA.1),
            changed("deleted ", Deletion, ZHANG_WEI.0, ZHANG_WEI.1),
            text("text."),
        ]
    );
    assert_eq!(
        para(&doc, 1).inlines,
        vec![
            changed("Moved sentence.", MoveFrom, LI_NA.0, LI_NA.1),
            text(" Stays here."),
        ]
    );
    assert_eq!(
        para(&doc, 2).inlines,
        vec![
            text("Later: "),
            changed("Moved sentence.", MoveTo, LI_NA.0, LI_NA.1),
        ]
    );
    assert_eq!(
        para(&doc, 4).inlines,
        vec![changed(
            "A whole deleted paragraph.",
            Deletion,
            ZHANG_WEI.0,
            ZHANG_WEI.1
        )]
    );
    // A formatting change is not a text change: the run has no `change`, but its
    // `format_change` says who made it bold (it had no formatting before).
    assert_eq!(
        para(&doc, 5).inlines,
        vec![
            text("Formatting change: "),
            Inline::Text(TextRun {
                text: "now bold".into(),
                bold: true,
                format_change: Some(Box::new(RunFormatChange {
                    author: Some(LI_NA.0.into()),
                    date: Some(LI_NA.1.into()),
                    old: RunFormatting::default(),
                })),
                ..TextRun::default()
            }),
        ]
    );
}

#[test]
fn inserted_and_deleted_paragraph_marks_are_read_with_author_and_date() {
    let doc = open("tracked-changes.docx");
    let marks: Vec<Option<(ChangeKind, Option<&str>)>> = (0..6)
        .map(|i| {
            para(&doc, i)
                .mark_change
                .as_deref()
                .map(|c| (c.kind, c.author.as_deref()))
        })
        .collect();
    assert_eq!(
        marks,
        vec![
            None,
            None,
            None,
            Some((ChangeKind::Insertion, Some(LI_NA.0))),
            Some((ChangeKind::Deletion, Some(ZHANG_WEI.0))),
            None,
        ]
    );
    // Accepted, the deleted mark joins its (now empty) paragraph to the next; rejected, the
    // inserted one does; showing both, neither.
    let joins = |mode| {
        (0..6)
            .filter(|&i| para(&doc, i).joins_next(mode))
            .collect::<Vec<_>>()
    };
    assert_eq!(joins(TrackChanges::Accept), vec![4]);
    assert_eq!(joins(TrackChanges::Reject), vec![3]);
    assert_eq!(joins(TrackChanges::All), Vec::<usize>::new());
}

#[test]
fn rejecting_tracked_changes_gives_the_old_text() {
    let mut options = Options::default();
    options.track_changes = TrackChanges::Reject;
    let doc = open_with("tracked-changes.docx", &options);
    assert_eq!(doc.track_changes, TrackChanges::Reject);
    assert_eq!(
        body_texts(&doc),
        vec![
            "Original deleted text.",
            "Moved sentence. Stays here.",
            "Later: ",
            "",
            "A whole deleted paragraph.",
            "Formatting change: now bold",
        ]
    );
    // The inlines are the same whichever side the text shows.
    assert_eq!(
        para(&doc, 0).inlines,
        para(&open("tracked-changes.docx"), 0).inlines
    );
}

// ----- objects.docx --------------------------------------------------------------------------

#[test]
fn charts_diagrams_ole_objects_and_imports_are_listed_with_their_parts_and_text() {
    let doc = open("objects.docx");
    let listed: Vec<(&str, Option<&str>, Option<&str>, usize)> = doc
        .objects
        .iter()
        .map(|o| {
            (
                o.kind.as_str(),
                o.part.as_deref(),
                o.prog_id.as_deref(),
                o.location.block,
            )
        })
        .collect();
    assert_eq!(
        listed,
        vec![
            ("chart", Some("word/charts/chart1.xml"), None, 1),
            ("diagram", Some("word/diagrams/data1.xml"), None, 2),
            (
                "ole",
                Some("word/embeddings/oleObject1.bin"),
                Some("Excel.Sheet.12"),
                3
            ),
            (
                "ole",
                Some("word/embeddings/Microsoft_Excel_Worksheet1.xlsx"),
                Some("Excel.Sheet.12"),
                4
            ),
            (
                "ole",
                Some("word/embeddings/Microsoft_Word_Document1.docx"),
                Some("Word.Document.12"),
                5
            ),
            ("alt_chunk", Some("word/afchunk.htm"), None, 5),
            ("alt_chunk", Some("word/afchunk2.docx"), None, 6),
            ("alt_chunk", Some("word/afchunk3.rtf"), None, 6),
        ]
    );
    let texts: Vec<Option<&str>> = doc.objects.iter().map(|o| o.text.as_deref()).collect();
    assert_eq!(
        texts,
        vec![
            // Titles, then the cached data: series across, categories down; Excel's 17-digit
            // 4.4000000000000004 as Word shows it.
            Some("Readers by region\nThousands\n\tPrint\tOnline\n拉萨\t4.3\t4.4\nShandong\t2.5\t1"),
            // Nodes and the assistant; not the document point or the connector.
            Some("Report\nEdit & check\n发布"),
            None,
            // Each sheet with cells: its name, then its rows; empty cells keep the columns.
            Some("Prices\nItem\tPrice\n東京\t3.14\nTotal\t\t6.28\n\nFlags\n\tTRUE\n"),
            Some("An embedded document.\nIts second line."),
            Some("Imported HTML & more"),
            Some("A nested document.\nIts second paragraph."),
            Some("Imported RTF, café € 5"),
        ]
    );
    assert_eq!(
        doc.objects[0].content_type.as_deref(),
        Some("application/vnd.openxmlformats-officedocument.drawingml.chart+xml")
    );
    // Objects are not pictures, and their text is not the body's.
    assert!(doc.images.is_empty());
    assert_eq!(
        body_texts(&doc),
        vec![
            "A chart:",
            "",
            "A diagram: ",
            "A workbook: ",
            "An embedded workbook: ",
            "An embedded document: ",
            "Between the imports."
        ]
    );
    let packages: Vec<Option<EmbeddedPackage>> = doc.objects.iter().map(|o| o.package).collect();
    assert_eq!(
        packages,
        [
            vec![None; 3],
            vec![
                Some(EmbeddedPackage::Workbook),
                Some(EmbeddedPackage::Document)
            ],
            vec![None; 3]
        ]
        .concat()
    );
}

// ----- fields.docx ---------------------------------------------------------------------------

#[test]
fn field_results_are_text_and_instructions_never_are() {
    let doc = open("fields.docx");
    assert_eq!(
        all_texts(&doc)
            .into_iter()
            .map(|(_, s, t)| (s, t))
            .collect::<Vec<_>>(),
        vec![
            (Story::Body, "Introduction\t1".to_string()),
            (Story::Body, "Details\t2".to_string()),
            (Story::Body, String::new()),
            (Story::Body, "Introduction".to_string()),
            (Story::Body, "Visit Example News.".to_string()),
            (Story::Body, "Page 1 of 3".to_string()),
            (Story::Body, "Nested: first page".to_string()),
            (Story::Body, "Details".to_string()),
            (Story::Body, "the key figure".to_string()),
            (Story::Body, "As stated in the key figure.".to_string()),
            (Story::Body, "Date: 2023-05-29".to_string()),
            (Story::Body, "Index entry without result.".to_string()),
            (Story::Footer, "Page 1".to_string()),
        ]
    );
}

#[test]
fn fields_keep_kind_instruction_result_and_location_including_nested_ones() {
    let doc = open("fields.docx");
    let got: Vec<_> = doc
        .fields
        .iter()
        .map(|f| {
            (
                f.kind.as_str(),
                f.instruction.as_str(),
                f.result.as_str(),
                (f.location.block, f.location.offset, f.location.story),
            )
        })
        .collect();
    let b = Story::Body;
    assert_eq!(
        got,
        vec![
            (
                "TOC",
                r#"TOC \o "1-3" \h \z \u"#,
                "Introduction\t1Details\t2",
                (0, 0, b)
            ),
            ("PAGEREF", r"PAGEREF _Toc135000001 \h", "1", (0, 13, b)),
            ("PAGEREF", r"PAGEREF _Toc135000002 \h", "2", (1, 8, b)),
            (
                "HYPERLINK",
                r#"HYPERLINK "https://www.example.com/news?id=1&lang=zh""#,
                "Example News",
                (4, 6, b)
            ),
            ("PAGE", "PAGE", "1", (5, 5, b)),
            ("NUMPAGES", "NUMPAGES", "3", (5, 10, b)),
            // PAGE nested in the IF instruction: its result is part of that instruction.
            ("PAGE", "PAGE", "1", (6, 8, b)),
            (
                "IF",
                r#"IF 1 = 1 "first page" "other page""#,
                "first page",
                (6, 8, b)
            ),
            ("REF", r"REF _Ref135000003 \h", "the key figure", (9, 13, b)),
            ("DATE", r#"DATE \@ "yyyy-MM-dd""#, "2023-05-29", (10, 6, b)),
            ("XE", r#"XE "docx""#, "", (11, 26, b)),
            ("PAGE", "PAGE", "1", (12, 5, Story::Footer)),
        ]
    );
}

#[test]
fn hyperlink_ref_and_toc_fields_become_links_without_nesting() {
    let doc = open("fields.docx");
    let b = Story::Body;
    assert_eq!(
        links(&doc),
        vec![
            (
                None,
                Some("_Toc135000001"),
                "Introduction\t1",
                loc(0, 0, b, false)
            ),
            (
                None,
                Some("_Toc135000002"),
                "Details\t2",
                loc(1, 0, b, false)
            ),
            (
                Some("https://www.example.com/news?id=1&lang=zh"),
                None,
                "Example News",
                loc(4, 6, b, false)
            ),
            (
                None,
                Some("_Ref135000003"),
                "the key figure",
                loc(9, 13, b, false)
            ),
        ]
    );
    // The TOC entry's PAGEREF does not open a second link inside the entry's link.
    assert_eq!(
        para(&doc, 0).inlines,
        vec![Inline::Link(Box::new(LinkSpan {
            url: None,
            anchor: Some("_Toc135000001".into()),
            link: 0,
            inlines: vec![text("Introduction"), Inline::Tab, text("1")],
        }))]
    );
    assert_eq!(
        para(&doc, 9).inlines,
        vec![
            text("As stated in "),
            Inline::Link(Box::new(LinkSpan {
                url: None,
                anchor: Some("_Ref135000003".into()),
                link: 3,
                inlines: vec![text("the key figure")],
            })),
            text("."),
        ]
    );
    assert_eq!(doc.footers.len(), 1);
    assert_eq!(doc.footers[0].part, "word/footer1.xml");
}

// ----- textboxes.docx ------------------------------------------------------------------------

#[test]
fn text_box_content_comes_once_right_after_its_paragraph_with_its_anchor() {
    let doc = open("textboxes.docx");
    let top: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => (p.index, p.text.to_string(), p.text_box_anchor),
            Block::Table(t) => (t.index, "[table]".into(), t.text_box_anchor),
        })
        .collect();
    assert_eq!(
        top,
        vec![
            (
                0,
                "Before the text box. After it, same paragraph.".to_string(),
                None
            ),
            (1, "Text box paragraph one.".to_string(), Some(0)),
            (
                2,
                "Text box paragraph two with a picture ".to_string(),
                Some(0)
            ),
            (3, "[table]".to_string(), Some(0)),
            (6, "Last paragraph in the box.".to_string(), Some(0)),
            (7, "The next paragraph.".to_string(), None),
        ]
    );
    let s = |x: &str| x.to_string();
    assert_eq!(
        shape(table(&doc, 3)),
        vec![(
            false,
            vec![(0, 1, 1, s("Box cell 1")), (1, 1, 1, s("Box cell 2"))]
        )]
    );
    // Exactly one image: the Fallback's copy is not read.
    assert_eq!(doc.images.len(), 1);
    let img = &doc.images[0];
    assert_eq!(
        (img.name.as_deref(), img.target.as_deref(), img.location),
        (
            Some("图片 5"),
            Some("word/media/image1.png"),
            loc(2, 38, Story::Body, true)
        )
    );
}

// ----- content-controls.docx -----------------------------------------------------------------

#[test]
fn content_controls_smart_tags_and_custom_xml_are_transparent() {
    let doc = open("content-controls.docx");
    assert_eq!(
        body_texts(&doc),
        vec![
            "A headline in a block content control.",
            "Author: Wang Fang, date: 2023-05-29, done: ☒",
            "Status: Open, city: Weifang, note: Click or tap here to enter text.",
            "Customer: Shandong Steel, title: Quarterly invoice",
            "Item one, first line.",
            "Item one, second line.",
            "",
            "Smart tags: Jinan is in Shandong.",
            "By Dan Zeng",
        ]
    );
    let s = |x: &str| x.to_string();
    assert_eq!(
        shape(table(&doc, 2)),
        vec![
            (
                false,
                vec![(0, 1, 1, s("Plain A1")), (1, 1, 1, s("Cell control B1"))]
            ),
            (
                false,
                vec![
                    (0, 1, 1, s("Row control A2")),
                    (1, 1, 1, s("Row control B2"))
                ]
            ),
        ]
    );
    assert_eq!(
        para(&doc, 12).inlines,
        vec![text("Smart tags: Jinan is in Shandong.")]
    );
}

// ----- transitional / strict / prefixes ------------------------------------------------------

fn without_source(mut doc: Document) -> Document {
    doc.source = Source::default();
    doc
}

#[test]
fn transitional_sample_reads_heading_formatting_link_list_table_image_note_and_properties() {
    let doc = open("transitional.docx");
    assert_eq!(
        all_texts(&doc),
        vec![
            (0, Story::Body, "Namespace sample".to_string()),
            (
                1,
                Story::Body,
                "Plain, bold, italic and a link.".to_string()
            ),
            (2, Story::Body, "First item".to_string()),
            (3, Story::Body, "Second item".to_string()),
            (5, Story::Body, "Cell 1".to_string()),
            (6, Story::Body, "Cell 2".to_string()),
            (7, Story::Body, "Footnote here".to_string()),
            (8, Story::Footnote, " A footnote.".to_string()),
        ]
    );
    assert_eq!(para(&doc, 0).heading, Some(1));
    assert_eq!(
        list_of(para(&doc, 3)),
        Some((1, 0, "decimal", "2.", true, 2))
    );
    assert_eq!(
        para(&doc, 1).inlines[1],
        Inline::Text(TextRun {
            text: "bold".into(),
            bold: true,
            ..TextRun::default()
        })
    );
    assert_eq!(
        links(&doc),
        vec![(
            Some("https://www.example.com/"),
            None,
            "link",
            loc(1, 26, Story::Body, false)
        )]
    );
    assert_eq!(doc.images.len(), 1);
    assert_eq!(
        (
            doc.images[0].name.as_deref(),
            doc.images[0].target.as_deref(),
            doc.images[0].content_type.as_deref()
        ),
        (
            Some("IMG_256"),
            Some("word/media/image1.png"),
            Some("image/png")
        )
    );
    assert_eq!(
        (
            doc.metadata.title.as_deref(),
            doc.metadata.creator.as_deref(),
            doc.metadata.application.as_deref(),
            doc.metadata.pages
        ),
        (
            Some("Namespace sample"),
            Some("docxtract fixtures"),
            Some("Microsoft Office Word"),
            Some(1)
        )
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn strict_namespaces_give_the_same_model_as_transitional() {
    let transitional = without_source(open("transitional.docx"));
    let strict = without_source(open("strict.docx"));
    assert_eq!(strict, transitional);
}

#[test]
fn unusual_and_default_prefixes_give_the_same_model_as_transitional() {
    let transitional = without_source(open("transitional.docx"));
    assert_eq!(without_source(open("prefixes-ns0.docx")), transitional);
    assert_eq!(without_source(open("prefixes-default.docx")), transitional);
}

// ----- entities.docx -------------------------------------------------------------------------

#[test]
fn character_references_entities_and_cdata_decode_in_text_and_attributes() {
    let doc = open("entities.docx");
    assert_eq!(
        body_texts(&doc),
        vec![
            "中文",
            "Tom & Jerry <b> \"quoted\" 'single'",
            "A B\u{a0}C\u{a0}D \u{1F600} \u{2014} \u{2026}",
            "西藏 && 山东",
            "search & find",
            "CDATA: a < b && c > d",
            "",
        ]
    );
    assert_eq!(para(&doc, 3).style.as_deref(), Some("Quote & Cite"));
    assert_eq!(
        links(&doc),
        vec![(
            Some("https://www.example.com/search?q=a&b=<c>"),
            None,
            "search & find",
            loc(4, 0, Story::Body, false)
        )]
    );
    assert_eq!(doc.images[0].name.as_deref(), Some("图片 1"));
    assert_eq!(doc.images[0].descr.as_deref(), Some("alt & \"text\""));
}

// ----- cjk-ruby.docx -------------------------------------------------------------------------

#[test]
fn cjk_text_with_ruby_keeps_the_base_as_text_and_the_reading_beside_it() {
    let doc = open("cjk-ruby.docx");
    assert_eq!(
        body_texts(&doc),
        vec![
            "中文文档示例",
            "第一章 概述",
            "这是中文的注音示例。",
            "日本語",
            "漢字の振り仮名。",
            "全角标点：，。、；：？！“”（）【】《》",
            "Mixed 中文 and English 混排 text.",
            "한국어 텍스트입니다.",
        ]
    );
    // The readings are in ruby inlines, never in the text.
    let json = serde_json::to_string(&doc.blocks).unwrap();
    for annotation in ["zhōng", "wén", "かんじ", "ふ"] {
        let inline = format!(r#""reading":"{annotation}""#);
        assert_eq!(json.matches(annotation).count(), 1, "{annotation}");
        assert!(json.contains(&inline), "{annotation} not a ruby reading");
    }
    let styles: Vec<_> = (0..4)
        .map(|i| {
            let p = para(&doc, i);
            (p.style_id.as_deref(), p.style.as_deref(), p.heading)
        })
        .collect();
    assert_eq!(
        styles,
        vec![
            (Some("a3"), Some("Title"), Some(1)),
            (Some("1"), Some("heading 1"), Some(1)),
            (Some("a"), Some("Normal"), None),
            (Some("2"), Some("heading 2"), Some(2)),
        ]
    );
}

// ----- special-chars.docx --------------------------------------------------------------------

#[test]
fn tabs_breaks_hyphens_symbols_and_hidden_text() {
    let doc = open("special-chars.docx");
    assert_eq!(
        body_texts(&doc),
        vec![
            "Before tab\tafter tab",
            "Line\nbreak",
            "Page break follows\nnew page",
            "Column\nbreak",
            "Carriage\nreturn",
            "non\u{2011}breaking and soft\u{ad}hyphen",
            "Symbols: \u{1F86A}\u{3b1}\u{263a}",
            "Visible visible again web hidden",
            "  two leading spaces, two trailing  ",
            "No\u{a0}break\u{a0}spaces, em\u{2014}dash, \u{201c}quotes\u{201d}\u{2026}",
            "Noise: mispeled word.",
            "Empty run next",
            "Emoji: \u{1F600}",
        ]
    );
    assert_eq!(
        para(&doc, 0).inlines,
        vec![text("Before tab"), Inline::Tab, text("after tab")]
    );
    let br = |kind| Inline::Break { kind };
    assert_eq!(para(&doc, 1).inlines[1], br(BreakKind::Line));
    assert_eq!(para(&doc, 2).inlines[1], br(BreakKind::Page));
    assert_eq!(para(&doc, 3).inlines[1], br(BreakKind::Column));
    assert_eq!(para(&doc, 4).inlines[1], br(BreakKind::Line));
    let hidden = |s: &str| {
        Inline::Text(TextRun {
            text: s.into(),
            hidden: true,
            ..TextRun::default()
        })
    };
    assert_eq!(
        para(&doc, 7).inlines,
        vec![
            text("Visible "),
            hidden("hidden text "),
            text("visible again web hidden"),
        ]
    );
}

#[test]
fn show_hidden_puts_vanish_text_in_the_paragraph_text_and_keeps_its_flag() {
    let mut options = Options::default();
    options.show_hidden = true;
    let doc = open_with("special-chars.docx", &options);
    assert!(doc.show_hidden);
    let p = para(&doc, 7);
    assert_eq!(p.text, "Visible hidden text visible again web hidden");
    let hidden: Vec<&str> = p
        .inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Text(r) if r.hidden => Some(r.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(hidden, ["hidden text "]);
}

// ----- metadata.docx -------------------------------------------------------------------------

#[test]
fn protection_without_enforcement_is_recorded_as_off_and_no_settings_means_none() {
    let read = |settings: Option<&str>| {
        let mut d = docxtract::synth::Docx::new();
        d.set_body("<w:p><w:r><w:t>x</w:t></w:r></w:p>");
        if let Some(inner) = settings {
            d.settings(inner);
        }
        docxtract::from_bytes(&d.to_bytes(), &Options::default())
            .expect("converts")
            .metadata
            .protection
    };
    assert_eq!(
        read(Some(
            r#"<w:zoom w:percent="100"/><w:documentProtection w:edit="comments"/>"#
        )),
        Some(Protection {
            kind: ProtectionKind::Comments,
            enforced: false,
        })
    );
    assert_eq!(
        read(Some(r#"<w:documentProtection w:enforcement="true"/>"#)),
        Some(Protection {
            kind: ProtectionKind::None,
            enforced: true,
        })
    );
    assert_eq!(read(Some(r#"<w:zoom w:percent="100"/>"#)), None);
    assert_eq!(read(None), None);
}

fn custom(name: &str, kind: &str, value: &str) -> CustomProperty {
    CustomProperty {
        name: name.into(),
        kind: kind.into(),
        value: value.into(),
    }
}

#[test]
fn core_app_and_custom_properties_and_protection_are_read_with_escapes_decoded() {
    let doc = open("metadata.docx");
    let mut expected = Metadata::default();
    expected.title = Some("西藏自治区党政代表团赴山东省考察学习".into());
    expected.subject = Some("Regional cooperation".into());
    expected.creator = Some("Dan Zeng".into());
    expected.keywords = Some("西藏; 山东; newsroom".into());
    expected.description = Some("A test of every core property & its escaping <here>.".into());
    expected.last_modified_by = Some("Wang Fang".into());
    expected.revision = Some("7".into());
    expected.created = Some("2023-05-29T08:00:00Z".into());
    expected.modified = Some("2023-05-30T02:05:00Z".into());
    expected.application = Some("Microsoft Office Word 16.0000".into());
    expected.pages = Some(2);
    expected.words = Some(345);
    expected.category = Some("News_x0020_Wire".into());
    expected.content_status = Some("Final".into());
    expected.language = Some("zh-CN".into());
    expected.template = Some("Normal.dotm".into());
    expected.total_time = Some(42);
    expected.company = Some("Tibet Daily\rLhasa".into());
    expected.manager = Some("Li Wei".into());
    expected.lines = Some(16);
    expected.paragraphs = Some(4);
    expected.characters = Some(1970);
    expected.characters_with_spaces = Some(2311);
    expected.doc_security = Some(0);
    expected.hyperlink_base = Some("https://www.example.com/news/".into());
    expected.custom = vec![
        custom("Client", "lpwstr", "Acme Corp"),
        custom("Reviewed", "bool", "true"),
        custom("Word count target", "i4", "800"),
        custom("Deadline", "filetime", "2023-06-01T00:00:00Z"),
    ];
    expected.protection = Some(Protection {
        kind: ProtectionKind::ReadOnly,
        enforced: true,
    });
    // The fixture builder's styles.xml defaults: not docProps, but metadata too.
    expected.default_lang = Some(docxtract::model::Languages {
        latin: Some("en-US".into()),
        east_asia: Some("zh-CN".into()),
        bidi: Some("ar-SA".into()),
    });
    assert_eq!(doc.metadata, expected);
    assert_eq!(body_texts(&doc), vec!["A document with full metadata."]);
    assert_eq!(
        doc.source.bytes,
        std::fs::metadata(fixture_path("metadata.docx"))
            .unwrap()
            .len()
    );
    assert_eq!(doc.source.sha256, None, "hashing is opt-in");
}

#[test]
fn sha256_of_the_package_is_computed_when_asked() {
    let bytes = std::fs::read(fixture_path("metadata.docx")).unwrap();
    let mut options = Options::default();
    options.sha256 = true;
    let doc = docxtract::from_bytes(&bytes, &options).unwrap();
    let hash = doc.source.sha256.expect("asked for");
    assert_eq!(hash, docxtract::batch::sha256_hex(&bytes));
    assert_eq!(hash.len(), 64);
    assert!(hash
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    // The empty input's well-known digest pins the hex encoding itself.
    assert_eq!(
        docxtract::batch::sha256_hex(b""),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
}

// ----- alternate-path.docx -------------------------------------------------------------------

#[test]
fn parts_are_found_through_relationships_with_absolute_relative_and_encoded_targets() {
    let doc = open("alternate-path.docx");
    assert_eq!(
        all_texts(&doc),
        vec![
            (
                0,
                Story::Body,
                "Main part at word/document2.xml".to_string()
            ),
            (
                1,
                Story::Body,
                "Numbering found through ../word/numbering.xml".to_string()
            ),
            (
                2,
                Story::Body,
                "A percent-encoded image target: ".to_string()
            ),
            (
                3,
                Story::Footnote,
                " A footnote in another folder with a picture ".to_string()
            ),
        ]
    );
    // Styles by an absolute target stored as `word/Styles.xml`.
    assert_eq!(para(&doc, 0).heading, Some(1));
    assert_eq!(para(&doc, 0).style.as_deref(), Some("heading 1"));
    // Numbering through `../word/numbering.xml`.
    assert_eq!(
        list_of(para(&doc, 1)),
        Some((1, 0, "decimal", "1.", true, 1))
    );
    let images: Vec<_> = doc
        .images
        .iter()
        .map(|i| {
            (
                i.name.as_deref(),
                i.target.as_deref(),
                i.content_type.as_deref(),
                i.location,
            )
        })
        .collect();
    assert_eq!(
        images,
        vec![
            (
                Some("photo 1"),
                Some("word/media/photo 1.png"),
                Some("image/png"),
                loc(2, 32, Story::Body, false)
            ),
            (
                Some("NotePicture"),
                Some("word/media/image1.png"),
                Some("image/png"),
                loc(3, 45, Story::Footnote, false)
            ),
        ]
    );
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

#[test]
fn media_of_an_encoded_case_different_entry_can_be_read() {
    let bytes = std::fs::read(fixture_path("alternate-path.docx")).unwrap();
    let doc = docxtract::from_bytes(&bytes, &Options::default()).unwrap();
    let media = docxtract::read_media(&bytes, &doc, &Options::default()).unwrap();
    let names: Vec<_> = media.iter().map(|(n, b)| (n.as_str(), b.len())).collect();
    assert_eq!(
        names,
        vec![
            ("word/media/photo 1.png", 69),
            ("word/media/image1.png", 69)
        ]
    );
}

// ----- hostile-no-content-types.docx ---------------------------------------------------------

#[test]
fn a_package_without_content_types_still_reads_with_a_warning() {
    let doc = open("hostile-no-content-types.docx");
    assert_eq!(
        body_texts(&doc),
        vec!["No [Content_Types].xml in this package."]
    );
    assert_eq!(
        doc.warnings,
        vec![Warning {
            code: WarningCode::MissingContentTypes,
            part: String::new(),
            message: "no [Content_Types].xml; media types guessed from extensions".into(),
        }]
    );
}

// ----- newsroom-article.docx -----------------------------------------------------------------

#[test]
fn newsroom_article_has_the_seed_paragraphs_exactly() {
    let doc = open("newsroom-article.docx");
    let seed = std::fs::read_to_string(fixture_path("seed-article.txt")).unwrap();
    let expected: Vec<String> = seed
        .split('\n')
        .map(|l| {
            l.replace("[bookmark: _GoBack]", "")
                .replace("[image: IMG_260]", "")
        })
        .collect();
    assert_eq!(expected.len(), 25);
    assert_eq!(body_texts(&doc), expected);
    // No-break spaces survive.
    assert!(para(&doc, 6).text.ends_with("记者\u{a0}旦增西旦 摄"));
    assert!(para(&doc, 11).text.ends_with("记者 旦增西旦\u{a0}摄"));
    assert_eq!(para(&doc, 0).style.as_deref(), Some("Title"));
}

#[test]
fn newsroom_article_has_the_go_back_bookmark_and_the_photo() {
    let doc = open("newsroom-article.docx");
    assert_eq!(
        bookmarks(&doc),
        vec![(
            "_GoBack",
            "0",
            true,
            loc(6, 0, Story::Body, false),
            Some(pos(6, 0))
        )]
    );
    assert_eq!(doc.images.len(), 1);
    let img = &doc.images[0];
    assert_eq!(
        (
            img.name.as_deref(),
            img.descr.as_deref(),
            img.target.as_deref(),
            img.content_type.as_deref(),
            img.placement,
            img.location
        ),
        (
            Some("IMG_260"),
            Some("IMG_260"),
            Some("word/media/image1.jpeg"),
            Some("image/jpeg"),
            Placement::Inline,
            loc(10, 0, Story::Body, false)
        )
    );
    assert_eq!(para(&doc, 10).inlines, vec![Inline::Image { image: 0 }]);
    assert_eq!(
        doc.metadata.title.as_deref(),
        Some("西藏自治区党政代表团赴山东省考察学习并召开两省区工作座谈会")
    );
}

// ----- invalid but real: run content outside a paragraph -------------------------------------

#[test]
fn a_picture_straight_in_the_body_is_read_as_a_paragraph_of_its_own_with_a_warning() {
    use docxtract::synth::{snippets as s, Docx, PNG_1X1};
    // As in docx2python's has_pict.docx: a w:pict after the last paragraph, in w:body.
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    let rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    d.set_body(
        &(s::p_text(None, "Text before the stray picture.")
            + &s::vml_picture(&rid, "Stray", 10, 10)
                .replace("<w:r>", "")
                .replace("</w:r>", "")
            + &s::sect_pr(&[], &[])),
    );
    let doc = docxtract::from_bytes(&d.to_bytes(), &Options::default()).unwrap();
    assert_eq!(body_texts(&doc), vec!["Text before the stray picture.", ""]);
    assert_eq!(doc.images.len(), 1);
    assert_eq!(doc.images[0].placement, Placement::Vml);
    assert_eq!(doc.images[0].location.block, 1);
    assert_eq!(
        doc.warnings,
        vec![Warning {
            code: WarningCode::ContentOutsideParagraph,
            part: "word/document.xml".into(),
            message: "w:pict outside a paragraph read as a paragraph".into(),
        }]
    );
}

#[test]
fn header_parts_no_section_references_are_still_read_with_a_warning() {
    let mut docx = docxtract::synth::Docx::new();
    docx.header(
        "header9.xml",
        r#"<w:p><w:r><w:t>Orphan header</w:t></w:r></w:p>"#,
    );
    docx.set_body(r#"<w:p><w:r><w:t>Body</w:t></w:r></w:p>"#);
    let doc = docxtract::from_bytes(&docx.to_bytes(), &docxtract::Options::default()).unwrap();
    assert_eq!(doc.headers.len(), 1);
    assert_eq!(doc.headers[0].part, "word/header9.xml");
    let Block::Paragraph(p) = &doc.headers[0].blocks[0] else {
        panic!("expected a paragraph")
    };
    assert_eq!(p.text, "Orphan header");
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::UnreferencedHeaderFooter));
}

#[test]
fn an_insertion_inside_text_moved_away_is_not_shown_when_changes_are_accepted() {
    let doc = read_body(
        r#"<w:p><w:r><w:t>a</w:t></w:r><w:moveFrom w:id="1" w:author="A"><w:ins w:id="2" w:author="A"><w:r><w:t>b</w:t></w:r></w:ins></w:moveFrom></w:p>"#,
    );
    let Block::Paragraph(p) = &doc.blocks[0] else {
        panic!("expected a paragraph")
    };
    assert_eq!(p.text, "a");
}

#[test]
fn unknown_elements_between_blocks_or_in_paragraphs_are_read_through_with_a_warning() {
    let doc = read_body(
        r#"<w:p2><w:bookmarkStart w:id="1" w:name="kept_mark"/><w:r><w:t>bare</w:t></w:r></w:p2><w:p><w:foo><w:r><w:t>inside </w:t></w:r></w:foo><w:r><w:t>kept</w:t></w:r></w:p>"#,
    );
    // Two warnings of one code; the message names the element.
    let unknown: Vec<&str> = doc
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::UnknownElement)
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(
        unknown,
        [
            "unknown element <p2> read through",
            "unknown element <foo> read through"
        ],
        "{:?}",
        doc.warnings
    );
    let texts: Vec<&str> = doc
        .paragraphs()
        .iter()
        .map(|(_, p)| p.text.as_str())
        .collect();
    assert_eq!(texts, vec!["bare", "inside kept"]);
    assert_eq!(doc.bookmarks.len(), 1);
    assert_eq!(doc.bookmarks[0].name, "kept_mark");
}

#[test]
fn private_use_characters_in_symbol_font_runs_become_unicode() {
    let doc = read_body(
        "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"Symbol\" w:hAnsi=\"Symbol\"/></w:rPr><w:t>\u{F061}\u{F0B3}</w:t></w:r>\
         <w:r><w:rPr><w:rFonts w:ascii=\"Wingdings\" w:hAnsi=\"Wingdings\"/></w:rPr><w:t>\u{F0FC}</w:t></w:r>\
         <w:r><w:t>\u{F061}</w:t></w:r></w:p>",
    );
    // Text in other fonts keeps its private-use characters: only the font says what they are.
    assert_eq!(doc.paragraphs()[0].1.text, "α≥✓\u{F061}");
}

#[test]
fn webdings_runs_and_syms_become_unicode_and_wingdings_2_stays_private() {
    let doc = read_body(
        "<w:p><w:r><w:rPr><w:rFonts w:ascii=\"Webdings\" w:hAnsi=\"Webdings\"/></w:rPr><w:t>\u{F021}\u{F061}</w:t></w:r>\
         <w:r><w:sym w:font=\"Wingdings\" w:char=\"F0FE\"/><w:sym w:font=\"Webdings\" w:char=\"F0FF\"/></w:r>\
         <w:r><w:rPr><w:rFonts w:ascii=\"Wingdings 2\" w:hAnsi=\"Wingdings 2\"/></w:rPr><w:t>\u{F050}</w:t></w:r></w:p>",
    );
    // Webdings 0x21 SPIDER, 0x61 HEAVY CHECK MARK, Wingdings 0xFE BALLOT BOX WITH BOLD CHECK,
    // Webdings 0xFF DOVE OF PEACE; Wingdings 2 has no table: its code stays as it is.
    assert_eq!(
        doc.paragraphs()[0].1.text,
        "\u{1F577}✔\u{1F5F9}\u{1F54A}\u{F050}"
    );
}

#[test]
fn a_table_keeps_its_alt_text_caption_and_description() {
    let doc = read_body(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblCaption w:val="Content table"/><w:tblDescription w:val="Food and calories"/></w:tblPr><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
    );
    let Block::Table(table) = &doc.blocks[0] else {
        panic!("expected a table")
    };
    assert_eq!(table.style_id.as_deref(), Some("Grid"));
    assert_eq!(table.caption.as_deref(), Some("Content table"));
    assert_eq!(table.description.as_deref(), Some("Food and calories"));
}

#[test]
fn every_body_of_a_document_with_several_is_read() {
    let doc = read_body(
        r#"<w:p><w:r><w:t>one</w:t></w:r></w:p></w:body><w:body><w:p><w:r><w:t>two</w:t></w:r></w:p>"#,
    );
    let texts: Vec<&str> = doc
        .paragraphs()
        .iter()
        .map(|(_, p)| p.text.as_str())
        .collect();
    assert_eq!(texts, vec!["one", "two"]);
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::SeveralBodies));
}

#[test]
fn a_picture_that_is_a_link_is_an_image_inside_a_link() {
    use docxtract::synth::{snippets as s, Docx, PNG_1X1};
    let mut d = Docx::new();
    let drawing_rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    let vml_rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    let link_rid = d.add_hyperlink(Docx::MAIN, "https://news.example/photo");
    let pic = s::Picture::new(&drawing_rid, 1, "图片 3").descr("A photo");
    // DrawingML: a:hlinkClick inside wp:docPr. VML: the shape's href, here to a bookmark.
    let drawing = s::inline_picture(&pic).replace(
        r#"name="图片 3" descr="A photo"/>"#,
        &format!(
            r#"name="图片 3" descr="A photo"><a:hlinkClick xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" r:id="{link_rid}"/></wp:docPr>"#
        ),
    );
    assert!(drawing.contains("hlinkClick"), "{drawing}");
    let vml =
        s::vml_picture(&vml_rid, "Logo", 10, 10).replace("<v:shape ", r##"<v:shape href="#top" "##);
    d.set_body(
        &[
            s::p(&(s::bookmark_start(1, "top") + &s::run("Top") + &s::bookmark_end(1))),
            s::p(&drawing),
            s::p(&vml),
            s::sect_pr(&[], &[]),
        ]
        .concat(),
    );
    let doc = docxtract::from_bytes(&d.to_bytes(), &Options::default()).unwrap();
    let targets: Vec<(Option<&str>, Option<&str>)> = doc
        .links
        .iter()
        .map(|l| (l.url.as_deref(), l.anchor.as_deref()))
        .collect();
    assert_eq!(
        targets,
        [
            (Some("https://news.example/photo"), None),
            (None, Some("top"))
        ]
    );
    for (block, image) in [(1, 0), (2, 1)] {
        let Block::Paragraph(p) = &doc.blocks[block] else {
            panic!("expected a paragraph")
        };
        let [Inline::Link(link)] = p.inlines.as_slice() else {
            panic!("expected one link: {:?}", p.inlines)
        };
        assert!(
            matches!(link.inlines.as_slice(), [Inline::Image { image: i }] if *i == image),
            "{:?}",
            link.inlines
        );
    }
    let mut out = Vec::new();
    let options = docxtract::write::WriteOptions::new();
    docxtract::write::write(&doc, docxtract::write::Format::Markdown, &options, &mut out).unwrap();
    let md = String::from_utf8(out).unwrap();
    assert!(
        md.contains("[![A photo](word/media/image1.png)](https://news.example/photo)")
            && md.contains("](#top)"),
        "{md}"
    );
}

#[test]
fn paragraphs_of_a_monospace_style_are_code_unless_a_run_is_set_in_another_font() {
    use docxtract::synth::{snippets as s, Docx};
    let mono = r#"<w:rFonts w:ascii="Consolas" w:hAnsi="Consolas"/>"#;
    let styles = s::base_styles("Normal")
        + &s::para_style("Listing", "Listing", Some("Normal"), "", mono)
        + &s::para_style("ListingInner", "Listing Inner", Some("Listing"), "", "")
        + &s::para_style(
            "Prose",
            "Prose",
            Some("Normal"),
            "",
            r#"<w:rFonts w:ascii="Georgia"/>"#,
        );
    let mut d = Docx::new();
    d.styles(&styles);
    d.set_body(
        &[
            s::p_text(Some("Listing"), "let x = 1;"),
            s::p_text(Some("ListingInner"), "    x += 1;"),
            s::p_style(
                "Listing",
                &(s::run("code and ") + &s::run_rpr(r#"<w:rFonts w:ascii="Arial"/>"#, "prose")),
            ),
            s::p_style("Prose", &s::run_rpr(mono, "typed by hand")),
            s::p_text(None, "Body text."),
            s::sect_pr(&[], &[]),
        ]
        .concat(),
    );
    let doc = docxtract::from_bytes(&d.to_bytes(), &Options::default()).unwrap();
    let flags: Vec<bool> = doc.paragraphs().iter().map(|(_, p)| p.monospace).collect();
    // The inherited style counts; a run in Arial does not make the paragraph code; direct
    // Consolas under a proportional style is not a code style.
    assert_eq!(flags, [true, true, false, false, false]);
    let mut out = Vec::new();
    let options = docxtract::write::WriteOptions::new();
    docxtract::write::write(&doc, docxtract::write::Format::Markdown, &options, &mut out).unwrap();
    let md = String::from_utf8(out).unwrap();
    assert!(
        md.starts_with("```\nlet x = 1;\n    x += 1;\n```\n"),
        "{md}"
    );

    // A document typed in Courier throughout: its body style is no code style.
    let mut typed = Docx::new();
    typed.styles(&s::base_styles("Normal").replace(
        r#"<w:name w:val="Normal"/><w:qFormat/>"#,
        r#"<w:name w:val="Normal"/><w:qFormat/><w:rPr><w:rFonts w:ascii="Courier New"/></w:rPr>"#,
    ));
    typed.set_body(&(s::p_text(None, "A typed letter.") + &s::sect_pr(&[], &[])));
    let doc = docxtract::from_bytes(&typed.to_bytes(), &Options::default()).unwrap();
    assert!(!doc.paragraphs()[0].1.monospace);
}
