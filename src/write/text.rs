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
//!   (in the order of [`Document::notes`]), then comments anchored nowhere, then footers (when
//!   `headers_footers`). Text boxes are in place: their blocks follow the paragraph that
//!   anchors them.
//! - A note's first line starts with its kind and `w:id`, `[footnote:1]` / `[endnote:1]`, so
//!   that it pairs with the `[footnoteRef:1]` in the body (Tika markers only).
//! - **Comments**, as Tika writes them: `\tComment by AUTHOR: TEXT` at the end of the line of
//!   the paragraph their range starts in (else the one holding their reference mark), a
//!   comment's later paragraphs on lines of their own; `\tComment: TEXT` without an author.
//!   In a table cell the tab is a space, so the row keeps its columns.
//! - Charts and diagrams follow the paragraph holding them: a chart's titles and its cached
//!   data as tab-separated rows, a diagram's node texts, a line each.
//! - A table is one line per row, its cells separated by `\t` (no tab after the last cell);
//!   the paragraphs of a cell are joined by a space, and so are the rows of a table nested in a
//!   cell, and a line break inside a cell is a space, so that a row stays on one line. Cells
//!   covered by a merge are absent, so a merged row has fewer cells.
//! - A list paragraph starts with its computed label and a space (`1. `, `• `, `三、 `), as Tika
//!   prints list numbers.
//! - Imported content (`w:altChunk`: HTML, MHT, RTF, text, a nested document) is in place, a
//!   line per paragraph, as Word shows it (an import that is the whole body too).
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
//! - **Pages**: a line that starts a new page starts with a form feed (U+000C), as
//!   `pdftotext` writes it: after a page break (`w:br w:type="page"`), on a paragraph with
//!   `w:pageBreakBefore` (not the document's first), and after a section break that starts a
//!   new page (`next_page`, `even_page`, `odd_page`; a `continuous` one writes nothing). No
//!   line is added, so the lines are Tika's. In a table cell a page break is a space.
//! - Control characters other than tab, newline and form feed (ESC, BEL, U+009B, ...) are
//!   dropped, so the text is safe to print on a terminal. (A form feed moves a printer or a
//!   pager to a new page; it is no terminal escape.)

use std::io;

use crate::model::{
    Block, BreakKind, Comment, Document, Inline, NoteKind, Paragraph, SectionKind, Table,
    TrackChanges,
};
use crate::HashMap;

use super::safe::strip_controls;
use super::{
    image_alt, section_breaks, side_paragraphs, visit_inlines, write_through, BodyFacts,
    BodyStream, ChangeMarks, Drawing, Imports, Markers, View, WriteOptions,
};

/// The page break the text output writes (at the start of the line on the new page).
const FORM_FEED: char = '\u{c}';

/// Write `doc` as Tika-style plain text: [`TextStream`] fed the document's blocks.
pub fn write(doc: &Document, options: &WriteOptions, out: &mut dyn io::Write) -> io::Result<()> {
    write_through::<TextStream>(doc, options, out)
}

/// The text of a document whose body comes block by block: the headers when it is made
/// ([`TextStream::new`]), each body block as it comes ([`TextStream::block`]), then notes,
/// comments anchored nowhere and footers ([`TextStream::finish`]). `rest` is the document
/// with its side tables complete; its `blocks` are never looked at, the body's are those
/// handed in. The bytes are those of [`write`], which goes through it.
pub struct TextStream<'a> {
    w: TextWriter<'a>,
    options: &'a WriteOptions,
    /// What the body's paragraphs carry on into the blocks after them.
    body: Carried,
    unanchored: Vec<&'a Comment>,
}

impl<'a> BodyStream<'a> for TextStream<'a> {
    /// Write what comes before the body: the headers (with `headers_footers`) and the
    /// imports that no body paragraph stands by.
    fn new(
        rest: &'a Document,
        body: &BodyFacts,
        options: &'a WriteOptions,
        out: &'a mut dyn io::Write,
    ) -> io::Result<Self> {
        let (comments_at, unanchored) = comments_by_paragraph(rest, body);
        let mut w = TextWriter {
            doc: rest,
            markers: options.markers,
            imports: Imports::of(rest, body),
            comments_at,
            line_prefix: None,
            section_breaks: section_breaks(rest),
            first_block: body.first_block,
            new_page: false,
            out,
        };
        if options.headers_footers {
            for header in &rest.headers {
                w.blocks(&header.blocks)?;
            }
        }
        let leading: Vec<&str> = w.imports.leading_lines().collect();
        leading.into_iter().try_for_each(|line| w.line(line))?;
        Ok(TextStream {
            w,
            options,
            body: Carried::default(),
            unanchored,
        })
    }

    /// Write the body's next top-level block.
    fn block(&mut self, block: &Block) -> io::Result<()> {
        self.w.block(block, &mut self.body)
    }

    /// Write what comes after the body: notes, comments anchored nowhere, footers.
    fn finish(mut self) -> io::Result<()> {
        let w = &mut self.w;
        w.end_blocks(std::mem::take(&mut self.body))?;
        for note in &w.doc.notes {
            if w.markers == Markers::Tika {
                let kind = match note.kind {
                    NoteKind::Footnote => "[footnote:",
                    NoteKind::Endnote => "[endnote:",
                };
                let mut prefix = String::new();
                marker(&mut prefix, kind, &note.id, "]");
                w.line_prefix = Some(prefix);
            }
            w.blocks(&note.blocks)?;
            if let Some(prefix) = w.line_prefix.take() {
                w.line(&prefix)?;
            }
        }
        for comment in std::mem::take(&mut self.unanchored) {
            let line = w.comment_text(comment);
            w.line(line.trim_start_matches('\t'))?;
        }
        if self.options.headers_footers {
            for footer in &w.doc.footers {
                w.blocks(&footer.blocks)?;
            }
        }
        Ok(())
    }
}

/// The content of paragraphs whose mark the reading removes, waiting for the paragraph it
/// runs on into, and the text-box anchor of the paragraphs it came from; the comments of
/// those paragraphs, which go at the end of the line they end up in.
#[derive(Default)]
struct Carried {
    text: String,
    from: Option<usize>,
    comments: String,
}

impl Carried {
    fn is_empty(&self) -> bool {
        self.text.is_empty() && self.comments.is_empty()
    }

    /// The carried text and its comments, as a line of their own.
    fn take_line(&mut self) -> String {
        let mut line = std::mem::take(&mut self.text);
        line.push_str(&std::mem::take(&mut self.comments));
        line
    }
}

struct TextWriter<'a> {
    doc: &'a Document,
    markers: Markers,
    imports: Imports<'a>,
    /// Comments by the paragraph their range starts in (or whose mark references them).
    comments_at: CommentsAt<'a>,
    /// Written before the next line: a note's number before its first line.
    line_prefix: Option<String>,
    /// The paragraphs that end a section, with how the next section starts.
    section_breaks: HashMap<usize, SectionKind>,
    /// The body's first block, after which a page break before a paragraph starts a page.
    first_block: Option<usize>,
    /// The next line starts a new page: it starts with a form feed.
    new_page: bool,
    /// Written line by line, so the text of a whole large document is never held in memory
    /// (buffered by the caller, as the writers' contract says).
    out: &'a mut dyn io::Write,
}

impl TextWriter<'_> {
    fn blocks(&mut self, blocks: &[Block]) -> io::Result<()> {
        let mut carried = Carried::default();
        for block in blocks {
            self.block(block, &mut carried)?;
        }
        self.end_blocks(carried)
    }

    /// One block of a story, `carried` what the paragraphs before it run on into it.
    fn block(&mut self, block: &Block, carried: &mut Carried) -> io::Result<()> {
        match block {
            Block::Paragraph(p) => {
                if !carried.is_empty() && carried.from != p.text_box_anchor {
                    self.line(&carried.take_line())?;
                }
                self.imported_lines(p, true)?;
                if p.page_break_before && self.first_block != Some(p.index) {
                    self.new_page = true;
                }
                if p.joins_next(self.doc.track_changes) {
                    self.content(p, &mut carried.text);
                    carried.comments.push_str(&self.comments_of(p));
                    carried.from = p.text_box_anchor;
                } else {
                    let mut line = label(p);
                    line.push_str(&carried.text);
                    carried.text.clear();
                    self.content(p, &mut line);
                    line.push_str(&std::mem::take(&mut carried.comments));
                    line.push_str(&self.comments_of(p));
                    self.line(&line)?;
                }
                self.drawing_lines(p)?;
                self.imported_lines(p, false)?;
                if self
                    .section_breaks
                    .get(&p.index)
                    .is_some_and(|k| k.starts_page())
                {
                    self.new_page = true;
                }
            }
            Block::Table(t) => {
                if !carried.is_empty() {
                    self.line(&carried.take_line())?;
                }
                for row in self.table_rows(t) {
                    self.line(&row)?;
                }
            }
        }
        Ok(())
    }

    /// The end of a story: what its last paragraphs carried is a line of its own.
    fn end_blocks(&mut self, mut carried: Carried) -> io::Result<()> {
        if !carried.is_empty() {
            self.line(&carried.take_line())?;
        }
        Ok(())
    }

    /// The text of the charts, diagrams and workbooks `p` holds, after it: a chart's titles and
    /// its data rows (cells separated by tabs, like a table's), a diagram's nodes, a workbook's
    /// sheet names and rows, a line each.
    fn drawing_lines(&mut self, p: &Paragraph) -> io::Result<()> {
        let texts: Vec<&str> = self
            .imports
            .drawings(p)
            .iter()
            .map(|drawing| match *drawing {
                Drawing::Chart(text) | Drawing::Diagram(text) | Drawing::Workbook(text) => text,
            })
            .collect();
        for text in texts {
            for line in text.lines().filter(|line| !line.trim().is_empty()) {
                self.line(line)?;
            }
        }
        Ok(())
    }

    /// What Tika writes after a paragraph for the comments whose range starts in it:
    /// `\tComment by AUTHOR: TEXT` each, the comment's paragraphs on lines of their own.
    fn comments_of(&self, p: &Paragraph) -> String {
        let mut s = String::new();
        for comment in self.comments_at.get(&p.index).into_iter().flatten() {
            s.push_str(&self.comment_text(comment));
        }
        s
    }

    fn comment_text(&self, comment: &Comment) -> String {
        let mut s = String::new();
        match comment.author.as_deref().map(str::trim) {
            Some(author) if !author.is_empty() => marker(&mut s, "\tComment by ", author, ": "),
            _ => s.push_str("\tComment: "),
        }
        let mut lines = Vec::new();
        for block in &comment.blocks {
            match block {
                Block::Paragraph(p) => {
                    let mut line = label(p);
                    self.content(p, &mut line);
                    lines.push(line);
                }
                Block::Table(t) => lines.extend(self.table_rows(t)),
            }
        }
        s.push_str(&lines.join("\n"));
        s
    }

    /// The text Word imports (`w:altChunk`) before or after `p`, a line per paragraph.
    fn imported_lines(&mut self, p: &Paragraph, before: bool) -> io::Result<()> {
        let lines: Vec<&str> = self.imports.lines(p, before).collect();
        lines.into_iter().try_for_each(|line| self.line(line))
    }

    fn line(&mut self, line: &str) -> io::Result<()> {
        if let Some(prefix) = self.line_prefix.take() {
            self.out.write_all(prefix.as_bytes())?;
            // Word's notes start with a space after the number; others get one here.
            if !line.is_empty() && !line.starts_with(char::is_whitespace) {
                self.out.write_all(b" ")?;
            }
        }
        if std::mem::take(&mut self.new_page) {
            self.out.write_all(b"\x0c")?;
        }
        // Every line goes out here: the one place control characters are dropped, all but
        // form feeds (page breaks).
        for (i, piece) in line.split(FORM_FEED).enumerate() {
            if i > 0 {
                self.out.write_all(b"\x0c")?;
            }
            self.out.write_all(strip_controls(piece).as_bytes())?;
        }
        self.out.write_all(b"\n")
    }

    /// One line per row, cells joined by tabs: the rows and cells the tracked changes leave.
    fn table_rows(&self, table: &Table) -> Vec<String> {
        let mode = self.doc.track_changes;
        table
            .rows_in(mode)
            .map(|row| {
                let cells: Vec<String> = row
                    .cells_in(mode)
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
                    // In a cell a comment follows its paragraph after a space: a tab would
                    // start a column of its own.
                    s.push_str(&self.comments_of(p).replace('\t', " "));
                    // A paragraph left empty once its mark is removed is not there at all.
                    if !(s.is_empty() && p.joins_next(self.doc.track_changes)) {
                        parts.push(s);
                    }
                }
                Block::Table(t) => parts.extend(self.table_rows(t)),
            }
        }
        parts.join(" ").replace(FORM_FEED, "").replace('\n', " ")
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
        let view = View::of(self.doc);
        let mark = view.track_changes == TrackChanges::All;
        for inline in inlines {
            if mark {
                if let Some(side) = ChangeMarks::side(inline, view) {
                    marks.enter(side, s);
                }
            }
            match inline {
                Inline::Text(run) => {
                    if view.shows(run) {
                        s.push_str(&run.text);
                    }
                }
                Inline::Math { text, .. } => s.push_str(text),
                // The reading after its base, in parentheses, as plain text writes ruby.
                Inline::Ruby { base, reading } if reading.is_empty() => s.push_str(base),
                Inline::Ruby { base, reading } => {
                    s.push_str(base);
                    s.push('(');
                    s.push_str(reading);
                    s.push(')');
                }
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
                Inline::Break {
                    kind: BreakKind::Page,
                } => {
                    s.push('\n');
                    s.push(FORM_FEED);
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

/// Comments by the index of the paragraph they are written after.
type CommentsAt<'a> = HashMap<usize, Vec<&'a Comment>>;

/// Comments by the paragraph where Tika writes them: the one their range starts in, else the one
/// holding their reference mark. Comments with neither come back apart, in document order.
fn comments_by_paragraph<'a>(
    doc: &'a Document,
    body: &BodyFacts,
) -> (CommentsAt<'a>, Vec<&'a Comment>) {
    // The other stories' marks: the body's are among the facts of the body, which comes
    // first (the lowest index wins).
    let mut marks: HashMap<&str, usize> = HashMap::default();
    if doc.comments.iter().any(|c| c.start.is_none()) {
        for (_, p) in side_paragraphs(doc) {
            visit_inlines(&p.inlines, &mut |inline| {
                if let Inline::CommentRef { id } = inline {
                    marks.entry(id.as_str()).or_insert(p.index);
                }
            });
        }
    }
    let mut at = CommentsAt::default();
    let mut unanchored = Vec::new();
    for comment in &doc.comments {
        let block = comment.start.map(|start| start.block).or_else(|| {
            let side = marks.get(comment.id.as_str()).copied();
            body.comment_ref(&comment.id).into_iter().chain(side).min()
        });
        match block {
            Some(block) => at.entry(block).or_default().push(comment),
            None => unanchored.push(comment),
        }
    }
    (at, unanchored)
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
    use crate::model::{BreakKind, Cell, HeaderFooter, ImageRef, LinkSpan, Note, Row, TextRun};

    fn run(text: &str) -> Inline {
        Inline::Text(TextRun {
            text: text.into(),
            ..TextRun::default()
        })
    }

    fn para(inlines: Vec<Inline>) -> Block {
        let p = Paragraph {
            text: super::super::plain_text(&inlines, super::super::View::default()).into(),
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
    fn note_references_are_marked_and_note_text_follows_the_body_after_its_number() {
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
            "Claim[footnoteRef:1] and more[endnoteRef:2]\n[footnote:1] Source.\nPage\n"
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
                    ..Row::default()
                },
                Row {
                    header: false,
                    cells: vec![cell(vec!["Zhang"]), cell(vec!["first", "second"])],
                    ..Row::default()
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
