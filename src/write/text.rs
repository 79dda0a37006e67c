//! Plain text in the Tika convention (see `seed-article.txt` in the shared folder).
//!
//! The layout, line by line:
//!
//! - One line per paragraph; an empty paragraph is an empty line. Line breaks inside a
//!   paragraph (`w:br`, of any kind) start a new line, as Tika's `<br/>` does; tabs are `\t`.
//! - **Every line ends with `\n`, the last one included.** Tika's own output has no newline
//!   after its last line, so the output equals a Tika text file with one `\n` appended (the
//!   seed article, whose last paragraph is a single space, ends in `" \n"` here).
//! - Order: headers (when `headers_footers`), the body, then the text of footnotes and endnotes
//!   (in the order of [`Document::notes`]), then footers (when `headers_footers`). Text boxes
//!   are in place: their blocks follow the paragraph that anchors them. Comments are left out.
//! - A table is one line per row, its cells separated by `\t` (no tab after the last cell);
//!   the paragraphs of a cell are joined by a space, and so are the rows of a table nested in a
//!   cell, and a line break inside a cell is a space, so that a row stays on one line. Cells
//!   covered by a merge are absent, so a merged row has fewer cells.
//! - A list paragraph starts with its computed label and a space (`1. `, `• `, `三、 `), as Tika
//!   prints list numbers.
//! - Imported content (`w:altChunk`: HTML, RTF, text, a nested document) is in place, a line per
//!   paragraph, as Word shows it.
//! - `--track-changes all` marks the two sides as `git diff --word-diff` does: removed text
//!   `[-like this-]`, added text `{+like this+}` (with or without the other markers).
//! - A paragraph whose mark the reading removes (a deleted mark with changes accepted, an
//!   inserted one rejected) runs on into the next paragraph, as in Word; left empty, it is gone.
//! - Markers ([`Markers::Tika`]): `[bookmark: NAME]` where every bookmark starts (Word's hidden
//!   ones such as `_GoBack` too, as Tika writes them); `[image: ALT]` where ALT is the image's
//!   description, or its name when the description is empty (Tika prints nothing there);
//!   `[footnoteRef:ID]` / `[endnoteRef:ID]` at note references, with the note's `w:id`.
//!   A newline inside a marker's value is written as a space, so a marker never spans lines.
//!   [`Markers::None`] leaves every bracketed marker out and writes the same text otherwise.
//! - Control characters other than tab and newline (ESC, BEL, U+009B, ...) are dropped, so the
//!   text is safe to print on a terminal.

use std::io;

use crate::model::{Block, Document, Inline, NoteKind, Paragraph, Table, TrackChanges};

use super::safe::strip_controls;
use super::{image_alt, ChangeMarks, Imports, Markers, WriteOptions};

/// Write `doc` as Tika-style plain text.
pub fn write(doc: &Document, options: &WriteOptions, out: &mut dyn io::Write) -> io::Result<()> {
    let mut w = TextWriter {
        doc,
        markers: options.markers,
        imports: Imports::of(doc),
        out,
    };
    if options.headers_footers {
        for header in &doc.headers {
            w.blocks(&header.blocks)?;
        }
    }
    w.blocks(&doc.blocks)?;
    for note in &doc.notes {
        w.blocks(&note.blocks)?;
    }
    if options.headers_footers {
        for footer in &doc.footers {
            w.blocks(&footer.blocks)?;
        }
    }
    Ok(())
}

struct TextWriter<'a> {
    doc: &'a Document,
    markers: Markers,
    imports: Imports<'a>,
    /// Written line by line, so the text of a whole large document is never held in memory
    /// (buffered by the caller, as the writers' contract says).
    out: &'a mut dyn io::Write,
}

impl TextWriter<'_> {
    fn blocks(&mut self, blocks: &[Block]) -> io::Result<()> {
        // The content of paragraphs whose mark the reading removes, waiting for the paragraph
        // it runs on into, and the text-box anchor of the paragraphs it came from.
        let mut carried = String::new();
        let mut carried_from: Option<usize> = None;
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    if !carried.is_empty() && carried_from != p.text_box_anchor {
                        self.line(&carried)?;
                        carried.clear();
                    }
                    self.imported_lines(p, true)?;
                    if p.joins_next(self.doc.track_changes) {
                        self.content(p, &mut carried);
                        carried_from = p.text_box_anchor;
                    } else {
                        let mut line = label(p);
                        line.push_str(&carried);
                        carried.clear();
                        self.content(p, &mut line);
                        self.line(&line)?;
                    }
                    self.imported_lines(p, false)?;
                }
                Block::Table(t) => {
                    if !carried.is_empty() {
                        self.line(&carried)?;
                        carried.clear();
                    }
                    for row in self.table_rows(t) {
                        self.line(&row)?;
                    }
                }
            }
        }
        if !carried.is_empty() {
            self.line(&carried)?;
        }
        Ok(())
    }

    /// The text Word imports (`w:altChunk`) before or after `p`, a line per paragraph.
    fn imported_lines(&mut self, p: &Paragraph, before: bool) -> io::Result<()> {
        let lines: Vec<&str> = self.imports.lines(p, before).collect();
        lines.into_iter().try_for_each(|line| self.line(line))
    }

    fn line(&mut self, line: &str) -> io::Result<()> {
        // Every line goes out here: the one place control characters are dropped.
        self.out.write_all(strip_controls(line).as_bytes())?;
        self.out.write_all(b"\n")
    }

    /// One line per row, cells joined by tabs.
    fn table_rows(&self, table: &Table) -> Vec<String> {
        table
            .rows
            .iter()
            .map(|row| {
                let cells: Vec<String> = row
                    .cells
                    .iter()
                    .map(|cell| self.cell_text(&cell.blocks))
                    .collect();
                cells.join("\t")
            })
            .collect()
    }

    /// The blocks of a cell on one line: paragraphs (and rows of nested tables) joined by a
    /// space.
    fn cell_text(&self, blocks: &[Block]) -> String {
        let mut parts = Vec::new();
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    let mut s = label(p);
                    self.content(p, &mut s);
                    // A paragraph left empty once its mark is removed is not there at all.
                    if !(s.is_empty() && p.joins_next(self.doc.track_changes)) {
                        parts.push(s);
                    }
                }
                Block::Table(t) => parts.extend(self.table_rows(t)),
            }
        }
        parts.join(" ").replace('\n', " ")
    }

    fn content(&self, p: &Paragraph, s: &mut String) {
        if p.inlines.is_empty() {
            // A paragraph described by its text alone: nothing to mark.
            s.push_str(&p.text);
        } else {
            let mut marks = ChangeMarks::default();
            self.inlines(&p.inlines, s, &mut marks);
            marks.close(s);
        }
    }

    fn inlines(&self, inlines: &[Inline], s: &mut String, marks: &mut ChangeMarks) {
        let tika = self.markers == Markers::Tika;
        let mode = self.doc.track_changes;
        let mark = mode == TrackChanges::All;
        for inline in inlines {
            if mark {
                if let Some(side) = ChangeMarks::side(inline, mode) {
                    marks.enter(side, s);
                }
            }
            match inline {
                Inline::Text(run) => {
                    if run.is_visible_in(self.doc.track_changes) {
                        s.push_str(&run.text);
                    }
                }
                Inline::Math { text, .. } => s.push_str(text),
                Inline::Link(link) => self.inlines(&link.inlines, s, marks),
                Inline::BookmarkStart { name, .. } if tika => {
                    marker(s, "[bookmark: ", name, "]");
                }
                Inline::Image { image } if tika => {
                    let alt = self
                        .doc
                        .images
                        .get(*image)
                        .map(image_alt)
                        .unwrap_or_default();
                    marker(s, "[image: ", &alt, "]");
                }
                Inline::NoteRef { kind, id } if tika => {
                    let open = match kind {
                        NoteKind::Footnote => "[footnoteRef:",
                        NoteKind::Endnote => "[endnoteRef:",
                    };
                    marker(s, open, id, "]");
                }
                Inline::Break { .. } => s.push('\n'),
                Inline::Tab => s.push('\t'),
                Inline::BookmarkStart { .. }
                | Inline::BookmarkEnd { .. }
                | Inline::Image { .. }
                | Inline::NoteRef { .. }
                | Inline::CommentRef { .. } => {}
            }
        }
    }
}

/// A list paragraph's label and a space, or nothing.
fn label(p: &Paragraph) -> String {
    match &p.list {
        Some(list) if !list.label.is_empty() => format!("{} ", list.label),
        _ => String::new(),
    }
}

fn marker(s: &mut String, open: &str, value: &str, close: &str) {
    s.push_str(open);
    s.extend(
        value
            .chars()
            .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
    );
    s.push_str(close);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{
        BreakKind, Cell, HeaderFooter, ImageRef, LinkSpan, Note, Row, TextRun, TrackChanges,
    };

    fn run(text: &str) -> Inline {
        Inline::Text(TextRun {
            text: text.into(),
            ..TextRun::default()
        })
    }

    fn para(inlines: Vec<Inline>) -> Block {
        let p = Paragraph {
            text: super::super::plain_text(&inlines, TrackChanges::Accept).into(),
            inlines,
            ..Paragraph::default()
        };
        Block::Paragraph(p)
    }

    fn text(doc: &Document, options: &WriteOptions) -> String {
        let mut out = Vec::new();
        write(doc, options, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn hidden_and_deleted_runs_are_left_out() {
        let mut hidden = TextRun {
            text: "secret".into(),
            hidden: true,
            ..TextRun::default()
        };
        let doc = Document {
            blocks: vec![para(vec![run("a"), Inline::Text(hidden.clone()), run("b")])],
            ..Document::default()
        };
        assert_eq!(text(&doc, &WriteOptions::new()), "ab\n");
        hidden.hidden = false;
        hidden.change = Some(Box::new(crate::model::Change {
            kind: crate::model::ChangeKind::Deletion,
            author: None,
            date: None,
        }));
        let doc = Document {
            blocks: vec![para(vec![run("a"), Inline::Text(hidden), run("b")])],
            ..Document::default()
        };
        assert_eq!(text(&doc, &WriteOptions::new()), "ab\n");
    }

    #[test]
    fn links_breaks_and_tabs_keep_their_text() {
        let link = Inline::Link(Box::new(LinkSpan {
            url: Some("https://example.com".into()),
            inlines: vec![run("here")],
            ..LinkSpan::default()
        }));
        let doc = Document {
            blocks: vec![para(vec![
                run("go"),
                Inline::Tab,
                link,
                Inline::Break {
                    kind: BreakKind::Line,
                },
                run("next"),
            ])],
            ..Document::default()
        };
        assert_eq!(text(&doc, &WriteOptions::new()), "go\there\nnext\n");
    }

    #[test]
    fn note_references_are_marked_and_note_text_follows_the_body() {
        let doc = Document {
            blocks: vec![para(vec![
                run("Claim"),
                Inline::NoteRef {
                    kind: NoteKind::Footnote,
                    id: "1".into(),
                },
                run(" and more"),
                Inline::NoteRef {
                    kind: NoteKind::Endnote,
                    id: "2".into(),
                },
            ])],
            notes: vec![Note {
                kind: NoteKind::Footnote,
                id: "1".into(),
                blocks: vec![para(vec![run("Source.")])],
            }],
            footers: vec![HeaderFooter {
                blocks: vec![para(vec![run("Page")])],
                ..HeaderFooter::default()
            }],
            ..Document::default()
        };
        assert_eq!(
            text(&doc, &WriteOptions::new()),
            "Claim[footnoteRef:1] and more[endnoteRef:2]\nSource.\nPage\n"
        );
        let none = WriteOptions {
            markers: Markers::None,
            ..WriteOptions::new()
        };
        assert_eq!(text(&doc, &none), "Claim and more\nSource.\nPage\n");
    }

    #[test]
    fn table_rows_are_lines_with_tab_separated_cells() {
        let cell = |paras: Vec<&str>| Cell {
            col_span: 1,
            row_span: 1,
            blocks: paras.into_iter().map(|t| para(vec![run(t)])).collect(),
            ..Cell::default()
        };
        let table = Table {
            rows: vec![
                Row {
                    header: true,
                    cells: vec![cell(vec!["Name"]), cell(vec!["Note"])],
                },
                Row {
                    header: false,
                    cells: vec![cell(vec!["Zhang"]), cell(vec!["first", "second"])],
                },
            ],
            ..Table::default()
        };
        let doc = Document {
            blocks: vec![
                para(vec![run("before")]),
                Block::Table(Box::new(table)),
                para(vec![run("after")]),
            ],
            ..Document::default()
        };
        assert_eq!(
            text(&doc, &WriteOptions::new()),
            "before\nName\tNote\nZhang\tfirst second\nafter\n"
        );
    }

    #[test]
    fn headers_come_first_and_footers_last_unless_turned_off() {
        let hf = |t: &str| HeaderFooter {
            blocks: vec![para(vec![run(t)])],
            ..HeaderFooter::default()
        };
        let doc = Document {
            blocks: vec![para(vec![run("body")])],
            headers: vec![hf("head")],
            footers: vec![hf("foot")],
            ..Document::default()
        };
        assert_eq!(text(&doc, &WriteOptions::new()), "head\nbody\nfoot\n");
        let off = WriteOptions {
            headers_footers: false,
            ..WriteOptions::new()
        };
        assert_eq!(text(&doc, &off), "body\n");
    }

    #[test]
    fn image_marker_uses_description_else_name_and_never_spans_lines() {
        let doc = Document {
            blocks: vec![para(vec![
                Inline::Image { image: 0 },
                Inline::Image { image: 1 },
            ])],
            images: vec![
                ImageRef {
                    name: Some("Picture 1".into()),
                    descr: Some("two\nlines".into()),
                    ..ImageRef::default()
                },
                ImageRef {
                    name: Some("IMG_256".into()),
                    descr: Some(String::new()),
                    ..ImageRef::default()
                },
            ],
            ..Document::default()
        };
        assert_eq!(
            text(&doc, &WriteOptions::new()),
            "[image: two lines][image: IMG_256]\n"
        );
    }

    #[test]
    fn list_paragraphs_start_with_their_label() {
        let mut p = Paragraph {
            text: "item".into(),
            inlines: vec![run("item")],
            ..Paragraph::default()
        };
        p.list = Some(Box::new(crate::model::ListItem {
            label: "2.".into(),
            ordered: true,
            number: 2,
            ..crate::model::ListItem::default()
        }));
        let doc = Document {
            blocks: vec![Block::Paragraph(p)],
            ..Document::default()
        };
        assert_eq!(text(&doc, &WriteOptions::new()), "2. item\n");
    }

    #[test]
    fn text_box_blocks_are_written_in_place() {
        let mut boxed = Paragraph {
            text: "in the box".into(),
            inlines: vec![run("in the box")],
            text_box_anchor: Some(0),
            index: 1,
            ..Paragraph::default()
        };
        boxed.style = Some("Normal".into());
        let doc = Document {
            blocks: vec![
                para(vec![run("anchor")]),
                Block::Paragraph(boxed),
                para(vec![run("after")]),
            ],
            ..Document::default()
        };
        assert_eq!(
            text(&doc, &WriteOptions::new()),
            "anchor\nin the box\nafter\n"
        );
    }

    #[test]
    fn paragraph_without_inlines_falls_back_to_its_text() {
        let doc = Document {
            blocks: vec![Block::Paragraph(Paragraph {
                text: "only text".into(),
                ..Paragraph::default()
            })],
            ..Document::default()
        };
        assert_eq!(text(&doc, &WriteOptions::new()), "only text\n");
    }
}
