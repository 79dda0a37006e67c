//! Tracked changes that are not text (issue 17 §3): formatting changes (`w:rPrChange`,
//! `w:pPrChange`) and table rows and cells inserted or deleted (`w:trPr/w:ins`, `w:del`,
//! `w:cellIns`, `w:cellDel`), read from packages made by the fixture builder, in each reading
//! of tracked changes and each format.

use docxtract::model::{Block, ChangeKind, Inline, Paragraph, Table, TextRun, TrackChanges};
use docxtract::synth::snippets::{p, p_style, para_style, run, tbl, tc, tr};
use docxtract::synth::Docx;
use docxtract::write::{CsvTable, Format, WriteOptions};
use docxtract::{Document, Options};

use crate::util::render;

const ANN: &str = r#"w:id="1" w:author="Ann" w:date="2024-03-01T10:00:00Z""#;

fn read(d: &Docx, mode: TrackChanges) -> Document {
    let mut options = Options::default();
    options.track_changes = mode;
    docxtract::from_bytes(&d.to_bytes(), &options).expect("converts")
}

fn markdown(doc: &Document) -> String {
    render(doc, Format::Markdown, &WriteOptions::new())
}

fn text(doc: &Document) -> String {
    render(doc, Format::Text, &WriteOptions::new())
}

fn csv(doc: &Document) -> String {
    let mut options = WriteOptions::new();
    options.csv_table = CsvTable::Blocks;
    render(doc, Format::Csv, &options)
}

fn paragraphs(doc: &Document) -> Vec<&Paragraph> {
    doc.paragraphs().into_iter().map(|(_, p)| p).collect()
}

fn text_runs(p: &Paragraph) -> Vec<&TextRun> {
    p.inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Text(r) => Some(r),
            _ => None,
        })
        .collect()
}

fn first_table(doc: &Document) -> &Table {
    doc.blocks
        .iter()
        .find_map(|b| match b {
            Block::Table(t) => Some(&**t),
            _ => None,
        })
        .expect("a table")
}

// ----- formatting changes -----------------------------------------------------------------

/// "made " plain, then "bold" made bold from italic by Ann, then " text" plain.
fn run_format_change() -> Docx {
    let changed = format!(
        "<w:r><w:rPr><w:b/><w:rPrChange {ANN}><w:rPr><w:i/></w:rPr></w:rPrChange></w:rPr>\
         <w:t>bold</w:t></w:r>"
    );
    let mut d = Docx::new();
    d.set_body(&p(&format!(
        "{}{changed}{}",
        run("made "),
        r#"<w:r><w:t xml:space="preserve"> text</w:t></w:r>"#
    )));
    d
}

#[test]
fn a_run_format_change_is_in_the_json_with_its_author_date_and_old_formatting() {
    let doc = read(&run_format_change(), TrackChanges::Accept);
    let paragraph = paragraphs(&doc)[0];
    let runs = text_runs(paragraph);
    assert_eq!(
        runs.len(),
        3,
        "the changed run is a run of its own: {runs:?}"
    );
    let changed = runs[1];
    assert_eq!(changed.text.as_str(), "bold");
    assert!(
        changed.bold && !changed.italic,
        "the run's own fields are the new formatting"
    );
    let change = changed.format_change.as_deref().expect("a format change");
    assert_eq!(change.author.as_deref(), Some("Ann"));
    assert_eq!(change.date.as_deref(), Some("2024-03-01T10:00:00Z"));
    assert!(change.old.italic && !change.old.bold);
    assert!(runs[0].format_change.is_none() && runs[2].format_change.is_none());
    let json = serde_json::to_value(&doc).unwrap();
    let run_json = &json["blocks"][0]["inlines"][1];
    assert_eq!(run_json["format_change"]["author"], "Ann");
    assert_eq!(run_json["format_change"]["old"]["italic"], true);
    assert!(run_json["format_change"]["old"].get("bold").is_none());
    // The text itself is the same whichever way the change goes.
    assert_eq!(paragraph.text.as_str(), "made bold text");
}

#[test]
fn markdown_shows_the_new_formatting_when_accepting_or_showing_all_and_the_old_when_rejecting() {
    let d = run_format_change();
    assert_eq!(
        markdown(&read(&d, TrackChanges::Accept)),
        "made **bold** text\n"
    );
    assert_eq!(
        markdown(&read(&d, TrackChanges::All)),
        "made **bold** text\n"
    );
    assert_eq!(
        markdown(&read(&d, TrackChanges::Reject)),
        "made *bold* text\n"
    );
}

#[test]
fn a_format_change_changes_no_text_in_the_text_and_csv_outputs() {
    let d = run_format_change();
    for mode in [
        TrackChanges::Accept,
        TrackChanges::Reject,
        TrackChanges::All,
    ] {
        let doc = read(&d, mode);
        assert_eq!(text(&doc).trim(), "made bold text", "{mode:?}");
        assert!(
            csv(&doc).contains(",made bold text,"),
            "{mode:?}: {}",
            csv(&doc)
        );
    }
}

/// A paragraph made a heading by Ann (it was Normal text), then a paragraph in Normal.
fn paragraph_format_change() -> Docx {
    let mut d = Docx::new();
    let normal = r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>"#;
    d.styles(&format!(
        "{normal}{}",
        para_style(
            "Heading1",
            "heading 1",
            Some("Normal"),
            r#"<w:outlineLvl w:val="0"/>"#,
            ""
        )
    ));
    let heading = format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/><w:pPrChange {ANN}><w:pPr/></w:pPrChange>\
         </w:pPr>{}</w:p>",
        run("Scope")
    );
    d.set_body(&format!("{heading}{}", p_style("Normal", &run("Body."))));
    d
}

#[test]
fn a_paragraph_property_change_records_the_old_style_and_heading_level() {
    let doc = read(&paragraph_format_change(), TrackChanges::Accept);
    let heading = paragraphs(&doc)[0];
    assert_eq!(heading.heading, Some(1));
    let change = heading
        .format_change
        .as_deref()
        .expect("a paragraph format change");
    assert_eq!(change.author.as_deref(), Some("Ann"));
    assert_eq!(change.date.as_deref(), Some("2024-03-01T10:00:00Z"));
    // The old properties name no style: the default paragraph style was the paragraph's.
    assert_eq!(change.style_id.as_deref(), Some("Normal"));
    assert_eq!(change.style.as_deref(), Some("Normal"));
    assert_eq!(change.heading, None);
    assert!(paragraphs(&doc)[1].format_change.is_none());
}

#[test]
fn a_heading_made_by_a_tracked_change_is_plain_text_when_changes_are_rejected() {
    let d = paragraph_format_change();
    assert_eq!(
        markdown(&read(&d, TrackChanges::Accept)),
        "# Scope\n\nBody.\n"
    );
    assert_eq!(markdown(&read(&d, TrackChanges::All)), "# Scope\n\nBody.\n");
    assert_eq!(
        markdown(&read(&d, TrackChanges::Reject)),
        "Scope\n\nBody.\n"
    );
    let rejected = csv(&read(&d, TrackChanges::Reject));
    let first = rejected.lines().nth(1).expect("a first block row");
    assert!(
        first.contains(",paragraph,Normal,,"),
        "the old style and no heading: {first}"
    );
    let accepted = csv(&read(&d, TrackChanges::Accept));
    assert!(accepted
        .lines()
        .nth(1)
        .unwrap()
        .contains(",heading,heading 1,1,"));
}

// ----- table rows and cells ---------------------------------------------------------------

fn cell(text: &str) -> String {
    tc("", &p(&run(text)))
}

/// A 2x2 table with a third row inserted by Ann and a header row; the second row deleted,
/// its text in `w:del` as Word writes it.
fn row_changes() -> Docx {
    let deleted =
        |t: &str| format!("<w:p><w:del {ANN}><w:r><w:delText>{t}</w:delText></w:r></w:del></w:p>");
    let inserted = |t: &str| format!("<w:p><w:ins {ANN}><w:r><w:t>{t}</w:t></w:r></w:ins></w:p>");
    let plain = |t: &str| p(&run(t));
    let row = |trpr: &str, paragraph: &dyn Fn(&str) -> String, texts: [&str; 2]| {
        tr(trpr, &texts.map(|t| tc("", &paragraph(t))).concat())
    };
    let rows = [
        row("", &plain, ["Name", "Age"]),
        row(&format!("<w:del {ANN}/>"), &deleted, ["Old", "70"]),
        row("", &plain, ["Kept", "30"]),
        row(&format!("<w:ins {ANN}/>"), &inserted, ["New", "5"]),
    ];
    let mut d = Docx::new();
    d.set_body(&format!(
        "{}{}",
        tbl(&[2000, 2000], &rows.concat()),
        p(&run("After."))
    ));
    d
}

#[test]
fn row_insertions_and_deletions_are_in_the_json_on_every_reading() {
    for mode in [
        TrackChanges::Accept,
        TrackChanges::Reject,
        TrackChanges::All,
    ] {
        let doc = read(&row_changes(), mode);
        let table = first_table(&doc);
        let kinds: Vec<_> = table
            .rows
            .iter()
            .map(|r| r.change.as_ref().map(|c| c.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                None,
                Some(ChangeKind::Deletion),
                None,
                Some(ChangeKind::Insertion)
            ],
            "{mode:?}"
        );
        assert_eq!(
            table.rows[1].change.as_ref().unwrap().author.as_deref(),
            Some("Ann")
        );
    }
    let json = serde_json::to_value(read(&row_changes(), TrackChanges::Accept)).unwrap();
    assert_eq!(json["blocks"][0]["rows"][1]["change"]["kind"], "deletion");
    assert!(json["blocks"][0]["rows"][0].get("change").is_none());
}

#[test]
fn accepting_drops_deleted_rows_and_rejecting_drops_inserted_ones_in_every_format() {
    let accepted = read(&row_changes(), TrackChanges::Accept);
    assert_eq!(
        markdown(&accepted),
        "| Name | Age |\n| --- | --- |\n| Kept | 30 |\n| New | 5 |\n\nAfter.\n"
    );
    assert_eq!(text(&accepted), "Name\tAge\nKept\t30\nNew\t5\nAfter.\n");
    let rejected = read(&row_changes(), TrackChanges::Reject);
    assert_eq!(
        markdown(&rejected),
        "| Name | Age |\n| --- | --- |\n| Old | 70 |\n| Kept | 30 |\n\nAfter.\n"
    );
    assert_eq!(text(&rejected), "Name\tAge\nOld\t70\nKept\t30\nAfter.\n");
    // CSV keeps one row per paragraph, as for a deleted paragraph: the cells of a deleted
    // row are there with their text left out.
    let csv = csv(&accepted);
    assert!(!csv.contains("Old") && !csv.contains(",70,"), "{csv}");
    assert_eq!(csv.lines().count(), 1 + paragraphs(&accepted).len());
}

#[test]
fn showing_all_keeps_every_row_and_marks_their_text_as_other_tracked_text() {
    let all = read(&row_changes(), TrackChanges::All);
    assert_eq!(
        markdown(&all),
        "| Name | Age |\n| --- | --- |\n| ~~Old~~ | ~~70~~ |\n| Kept | 30 |\n\
         | <ins>New</ins> | <ins>5</ins> |\n\nAfter.\n"
    );
    assert_eq!(
        text(&all),
        "Name\tAge\n[-Old-]\t[-70-]\nKept\t30\n{+New+}\t{+5+}\nAfter.\n"
    );
}

#[test]
fn the_content_of_a_changed_row_is_part_of_the_change_even_without_its_own_marks() {
    // Not every producer wraps the runs of a deleted row in `w:del`.
    let rows = [
        tr("", &format!("{}{}", cell("a"), cell("b"))),
        tr(
            &format!("<w:del {ANN}/>"),
            &format!("{}{}", cell("gone"), cell("too")),
        ),
    ];
    let mut d = Docx::new();
    d.set_body(&tbl(&[2000, 2000], &rows.concat()));
    let accepted = read(&d, TrackChanges::Accept);
    let row = &first_table(&accepted).rows[1];
    let Block::Paragraph(p) = &row.cells[0].blocks[0] else {
        panic!("a paragraph")
    };
    assert_eq!(p.text.as_str(), "", "deleted with its row");
    assert_eq!(
        text_runs(p)[0].change.as_ref().map(|c| c.kind),
        Some(ChangeKind::Deletion)
    );
    assert_eq!(text(&accepted), "a\tb\n");
    assert_eq!(text(&read(&d, TrackChanges::Reject)), "a\tb\ngone\ttoo\n");
}

/// Three columns; in the second row Ann deleted the middle cell and inserted one at the end.
fn cell_changes() -> Docx {
    let rows = [
        tr("", &format!("{}{}{}", cell("A"), cell("B"), cell("C"))),
        tr(
            "",
            &format!(
                "{}{}{}{}",
                cell("a"),
                tc(&format!("<w:cellDel {ANN}/>"), &p(&run("b"))),
                cell("c"),
                tc(&format!("<w:cellIns {ANN}/>"), &p(&run("d")))
            ),
        ),
    ];
    let mut d = Docx::new();
    d.set_body(&tbl(&[1000, 1000, 1000], &rows.concat()));
    d
}

#[test]
fn a_cell_the_reading_removes_stays_marked_in_the_json_and_takes_no_column() {
    let accepted = read(&cell_changes(), TrackChanges::Accept);
    let row = &first_table(&accepted).rows[1];
    let placed: Vec<_> = row
        .cells
        .iter()
        .map(|c| (c.column, c.change.as_ref().map(|c| c.kind)))
        .collect();
    assert_eq!(
        placed,
        [
            (0, None),
            (1, Some(ChangeKind::Deletion)),
            (1, None),
            (2, Some(ChangeKind::Insertion))
        ]
    );
    let rejected = read(&cell_changes(), TrackChanges::Reject);
    let columns: Vec<_> = first_table(&rejected).rows[1]
        .cells
        .iter()
        .map(|c| c.column)
        .collect();
    assert_eq!(columns, [0, 1, 2, 3], "the inserted cell takes no column");
}

#[test]
fn cell_changes_keep_the_markdown_table_whole_in_every_reading() {
    let md = |mode| markdown(&read(&cell_changes(), mode));
    let head = "| A | B | C |\n| --- | --- | --- |\n";
    for (mode, row) in [
        (TrackChanges::Accept, "| a | c | d |\n"),
        (TrackChanges::Reject, "| a | b | c |\n"),
    ] {
        assert_eq!(md(mode), format!("{head}{row}"), "{mode:?}");
    }
    // Both sides: the row has a cell more than the others, so the table is an HTML one.
    let all = md(TrackChanges::All);
    assert!(all.starts_with("<table>"), "{all}");
    assert!(
        all.contains("~~b~~") && all.contains("<ins>d</ins>"),
        "{all}"
    );
    assert_eq!(
        text(&read(&cell_changes(), TrackChanges::Accept)),
        "A\tB\tC\na\tc\td\n"
    );
}

#[test]
fn a_vertical_merge_across_a_deleted_row_spans_only_the_rows_that_stay() {
    let rows = [
        tr(
            "",
            &format!(
                "{}{}",
                tc(r#"<w:vMerge w:val="restart"/>"#, &p(&run("m"))),
                cell("1")
            ),
        ),
        tr(
            &format!("<w:del {ANN}/>"),
            &format!("{}{}", tc("<w:vMerge/>", &p("")), cell("2")),
        ),
        tr("", &format!("{}{}", tc("<w:vMerge/>", &p("")), cell("3"))),
    ];
    let mut d = Docx::new();
    d.set_body(&tbl(&[1000, 1000], &rows.concat()));
    let accepted = read(&d, TrackChanges::Accept);
    let table = first_table(&accepted);
    assert_eq!(table.rows[0].cells[0].row_span, 2);
    assert_eq!(table.rows[2].cells.len(), 1, "the merged cell is covered");
    let rejected = read(&d, TrackChanges::Reject);
    assert_eq!(first_table(&rejected).rows[0].cells[0].row_span, 3);
}

#[test]
fn a_table_whose_only_row_was_inserted_is_not_there_when_changes_are_rejected() {
    let row = tr(&format!("<w:ins {ANN}/>"), &cell("new"));
    let mut d = Docx::new();
    d.set_body(&format!("{}{}", tbl(&[2000], &row), p(&run("After."))));
    assert_eq!(markdown(&read(&d, TrackChanges::Reject)), "After.\n");
    assert_eq!(text(&read(&d, TrackChanges::Reject)), "After.\n");
    assert!(markdown(&read(&d, TrackChanges::Accept)).contains("new"));
}

#[test]
fn a_row_inserted_and_then_deleted_is_gone_once_changes_are_accepted() {
    let both = format!("<w:ins {ANN}/><w:del {ANN}/>");
    let rows = [tr("", &cell("kept")), tr(&both, &cell("short-lived"))];
    let mut d = Docx::new();
    d.set_body(&tbl(&[2000], &rows.concat()));
    let accepted = read(&d, TrackChanges::Accept);
    let change = first_table(&accepted).rows[1].change.as_deref();
    assert_eq!(change.map(|c| c.kind), Some(ChangeKind::Deletion));
    assert_eq!(text(&accepted), "kept\n");
}
