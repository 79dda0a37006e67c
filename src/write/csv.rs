//! CSV through the `csv` crate: RFC 4180 quoting, UTF-8, CRLF record ends, a header row (unless
//! turned off for a batch that writes it once), and a `source` column first so that the rows of
//! many documents concatenate into one valid file.
//!
//! Ten tables, selected with [`CsvTable`]:
//!
//! - **blocks**: one row per paragraph of [`Document::paragraphs`] (body, table cells, text
//!   boxes, headers, footers, notes and comments), in index order, with the table cell it sits
//!   in (enough to rebuild the table) and the note or comment it belongs to; columns
//!   [`BLOCK_COLUMNS`].
//! - **images**: one row per image reference, every field of the model's image; columns
//!   [`IMAGE_COLUMNS`].
//! - **bookmarks**: one row per bookmark with its start and end positions; columns
//!   [`BOOKMARK_COLUMNS`].
//! - **links**, **notes**, **comments**, **fields**, **objects**: one row per entry of the
//!   model's list of that name; columns [`LINK_COLUMNS`], [`NOTE_COLUMNS`],
//!   [`COMMENT_COLUMNS`], [`FIELD_COLUMNS`], [`OBJECT_COLUMNS`].
//! - **sections**: one row per section of [`Document::sections`] (none for a document of one
//!   section); columns [`SECTION_COLUMNS`].
//! - **controls**: one row per content control of [`Document::controls`], then one per legacy
//!   form field of [`Document::fields`]; columns [`CONTROL_COLUMNS`].
//!
//! Every table is written by one function, `write_rows`, so what applies to one cell applies
//! to all of them.
//!
//! Absent values (`null` in JSON) are empty fields; booleans are `true`/`false`.
//!
//! Every text cell, in every table, is made safe to open in a spreadsheet: control characters
//! are dropped, and a cell starting with `=`, `+`, `-`, `@` or a tab gets a `'` before it
//! (OWASP "CSV Injection"), unless [`WriteOptions::csv_raw`]. Numbers are never prefixed.

use std::borrow::Cow;
use std::io;

use serde::Serialize;

use crate::model::{
    Block, ContentControl, ControlKind, ControlLevel, Document, Field, FormFieldKind, Inline,
    Location, NoteKind, Orientation, Paragraph, Placement, Position, Story, TrackChanges,
};

use super::csv_row::Rows;
use super::{
    marked_text, visit_inlines, write_through, BodyFacts, BodyStream, CsvTable, View, WriteOptions,
};

/// Columns of the blocks table.
///
/// - `source`: the input path, empty for standard input.
/// - `block`: the paragraph's index ([`Paragraph::index`]).
/// - `location`: the story (`body`, `header`, `footer`, `footnote`, `endnote`, `comment`),
///   followed by `/text_box` inside a text box and `/table` inside a table cell, e.g.
///   `body/text_box/table`.
/// - `kind`: `heading`, `list_item` or `paragraph`.
/// - `style`: the style's display name, else its id.
/// - `heading`: the heading level 1-9, or empty.
/// - `list_label`: the computed list label (`2.`, `•`), or empty.
/// - `text`: the paragraph's visible text; with `--track-changes all`, removed text is marked
///   `[-like this-]` and added text `{+like this+}`, as in the text output.
/// - `bookmarks`: names of the bookmarks starting in the paragraph (hidden ones too), joined
///   by `|`.
/// - `images`: names of the images in the paragraph (the name, else the media file name),
///   joined by `|`.
/// - `table`, `row`, `column`, `row_span`, `col_span`, `header_row`: for a paragraph in a table
///   cell, the innermost table's block index, the row (0-based), the cell's first grid column
///   (0-based), its spans and whether its row is a header row (`w:tblHeader`); empty outside
///   tables. The paragraphs of one cell share the first five.
/// - `table_path`: the cells from the outermost table in, each `TABLE:ROW:COLUMN`, joined by
///   `/` (`4:1:0/9:0:2` is a paragraph of table 9, nested in row 1, column 0 of table 4);
///   empty outside tables.
/// - `note_id`, `note_kind`: for a paragraph of a footnote, endnote or comment, its `w:id` and
///   `footnote`, `endnote` or `comment`; empty elsewhere.
pub const BLOCK_COLUMNS: [&str; 19] = [
    "source",
    "block",
    "location",
    "kind",
    "style",
    "heading",
    "list_label",
    "text",
    "bookmarks",
    "images",
    "table",
    "row",
    "column",
    "row_span",
    "col_span",
    "header_row",
    "table_path",
    "note_id",
    "note_kind",
];

/// Columns of the images table: `source`, `image` (the index in [`Document::images`]), every
/// field of [`crate::model::ImageRef`], and its location flattened into `block`, `offset`,
/// `story`, `text_box`.
pub const IMAGE_COLUMNS: [&str; 17] = [
    "source",
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
];

/// Columns of the bookmarks table: `source`, `name`, `id`, `hidden`, the start (`story`,
/// `text_box`, `start_block`, `start_offset`) and the end (`end_block`, `end_offset`, empty
/// when the bookmark is never closed).
pub const BOOKMARK_COLUMNS: [&str; 10] = [
    "source",
    "name",
    "id",
    "hidden",
    "story",
    "text_box",
    "start_block",
    "start_offset",
    "end_block",
    "end_offset",
];

/// Columns of the links table: `source`, `link` (the index in [`Document::links`]), `url`
/// (external target), `anchor` (bookmark name of an internal link, or a URL's fragment),
/// `text` (the link's visible text) and its location (`block`, `offset`, `story`,
/// `text_box`).
pub const LINK_COLUMNS: [&str; 9] = [
    "source", "link", "url", "anchor", "text", "block", "offset", "story", "text_box",
];

/// Columns of the notes table: `source`, `note` (the index in [`Document::notes`]), `kind`
/// (`footnote`, `endnote`), `id` (`w:id`, the blocks table's `note_id`), `ref_block` and
/// `ref_offset` (where the body refers to it; empty when nothing does), `first_block` and
/// `last_block` (its paragraphs in the blocks table; empty for an empty note) and `text` (its
/// paragraphs, one per line).
pub const NOTE_COLUMNS: [&str; 9] = [
    "source",
    "note",
    "kind",
    "id",
    "ref_block",
    "ref_offset",
    "first_block",
    "last_block",
    "text",
];

/// Columns of the comments table: `source`, `id` (`w:id`), `author`, `initials`, `date` (as
/// written, usually `2023-05-29T08:00:00Z`), `reply_to` (for a reply, the `id` of the comment
/// it answers), `anchored_text` (the commented span's visible
/// text, paragraphs joined by a line break; empty when the document marks no span),
/// `start_block`, `start_offset`, `end_block`, `end_offset` (the span), `first_block` and
/// `last_block` (its own paragraphs in the blocks table) and `text` (one line per paragraph).
pub const COMMENT_COLUMNS: [&str; 14] = [
    "source",
    "id",
    "author",
    "initials",
    "date",
    "reply_to",
    "anchored_text",
    "start_block",
    "start_offset",
    "end_block",
    "end_offset",
    "first_block",
    "last_block",
    "text",
];

/// Columns of the fields table: `source`, `field` (the index in [`Document::fields`]), `kind`
/// (`HYPERLINK`, `PAGE`, `REF`, ...), `instruction` (the whole instruction), `result` (the
/// displayed text) and its location (`block`, `offset`, `story`, `text_box`).
pub const FIELD_COLUMNS: [&str; 9] = [
    "source",
    "field",
    "kind",
    "instruction",
    "result",
    "block",
    "offset",
    "story",
    "text_box",
];

/// Columns of the objects table: `source`, `object` (the index in [`Document::objects`]),
/// `kind` (`chart`, `diagram`, `ole`, `alt_chunk`, `watermark`), `part`, `content_type`, `prog_id`, `text`
/// (what was recovered from it) and its location (`block`, `offset`, `story`, `text_box`).
pub const OBJECT_COLUMNS: [&str; 11] = [
    "source",
    "object",
    "kind",
    "part",
    "content_type",
    "prog_id",
    "text",
    "block",
    "offset",
    "story",
    "text_box",
];

#[derive(Serialize)]
struct BlockRow<'a> {
    source: &'a str,
    block: usize,
    location: String,
    kind: &'static str,
    style: &'a str,
    heading: Option<u8>,
    list_label: &'a str,
    text: Cow<'a, str>,
    bookmarks: String,
    images: String,
    table: Option<usize>,
    row: Option<usize>,
    column: Option<usize>,
    row_span: Option<usize>,
    col_span: Option<usize>,
    header_row: Option<bool>,
    table_path: String,
    note_id: &'a str,
    note_kind: &'static str,
}

/// The location columns that close the links, fields and objects rows.
#[derive(Serialize)]
struct LocationCols {
    block: usize,
    offset: usize,
    story: &'static str,
    text_box: bool,
}

/// Rows for a list of located items: each item's row, followed by its location.
fn located<'a, T, R>(
    items: &'a [T],
    location: impl Fn(&T) -> &Location,
    row: impl Fn(usize, &'a T) -> R,
) -> Vec<(R, LocationCols)> {
    let cols = |at: &Location| LocationCols {
        block: at.block,
        offset: at.offset,
        story: at.story.as_str(),
        text_box: at.text_box,
    };
    let rows = items.iter().enumerate();
    rows.map(|(i, item)| (row(i, item), cols(location(item))))
        .collect()
}

#[derive(Serialize)]
struct LinkRow<'a> {
    source: &'a str,
    link: usize,
    url: Option<&'a str>,
    anchor: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct NoteRow<'a> {
    source: &'a str,
    note: usize,
    kind: &'static str,
    id: &'a str,
    ref_block: Option<usize>,
    ref_offset: Option<usize>,
    first_block: Option<usize>,
    last_block: Option<usize>,
    text: String,
}

#[derive(Serialize)]
struct CommentRow<'a> {
    source: &'a str,
    id: &'a str,
    author: Option<&'a str>,
    initials: Option<&'a str>,
    date: Option<&'a str>,
    reply_to: Option<&'a str>,
    anchored_text: String,
    start_block: Option<usize>,
    start_offset: Option<usize>,
    end_block: Option<usize>,
    end_offset: Option<usize>,
    first_block: Option<usize>,
    last_block: Option<usize>,
    text: String,
}

#[derive(Serialize)]
struct FieldRow<'a> {
    source: &'a str,
    field: usize,
    kind: &'a str,
    instruction: &'a str,
    result: &'a str,
}

#[derive(Serialize)]
struct ObjectRow<'a> {
    source: &'a str,
    object: usize,
    kind: &'a str,
    part: Option<&'a str>,
    content_type: Option<&'a str>,
    prog_id: Option<&'a str>,
    text: Option<&'a str>,
}

/// Columns of the sections table: `section` (0-based), `kind` (how it starts: `next_page`,
/// `continuous`, `even_page`, `odd_page`, `next_column`), `first_block` and `last_block` (the
/// paragraph holding the section break, empty for the last section), `page_width` and
/// `page_height` in twentieths of a point, `orientation`, `title_page`.
pub const SECTION_COLUMNS: [&str; 9] = [
    "source",
    "section",
    "kind",
    "first_block",
    "last_block",
    "page_width",
    "page_height",
    "orientation",
    "title_page",
];

#[derive(Serialize)]
struct SectionRow<'a> {
    source: &'a str,
    section: usize,
    kind: &'static str,
    first_block: usize,
    last_block: Option<usize>,
    page_width: Option<u32>,
    page_height: Option<u32>,
    orientation: Option<&'static str>,
    title_page: bool,
}

/// Columns of the controls table, one row per content control (`w:sdt`) and then one per
/// legacy form field (`w:ffData`), the two ways a Word form holds its answers:
///
/// - `control`: the index in [`Document::controls`]; `field`: the index in
///   [`Document::fields`] (a form field). One of the two is empty.
/// - `kind`: a control's kind (`rich_text`, `plain_text`, `date`, `drop_down_list`,
///   `combo_box`, `checkbox`, `picture`, `repeating_section`, `repeating_section_item`,
///   `doc_part`, `group`, `other`), or `form_text`, `form_checkbox`, `form_drop_down`.
/// - `level`: `block`, `inline`, `row` or `cell` (a form field is always `inline`).
/// - `tag`, `alias`, `id`: a control's `w:tag`, `w:alias`, `w:id`; `name`: a form field's
///   `w:name`.
/// - `placeholder`: the control shows its placeholder, so `text` is the prompt.
/// - `text`: the control's text, or the form field's result.
/// - `checked`: a checkbox's state; `selected`: the chosen entry of a form drop-down (0-based
///   index in `items`); `items`: the entries' display texts joined by `|`.
/// - `date`, `date_format`: a date control's value and display format.
/// - `binding_xpath`, `store_item_id`, `bound_value`: a control's data binding and the value
///   it selects in the package.
/// - `block`, `offset`, `story`, `text_box`: where it starts.
pub const CONTROL_COLUMNS: [&str; 23] = [
    "source",
    "control",
    "field",
    "kind",
    "level",
    "tag",
    "alias",
    "name",
    "id",
    "placeholder",
    "text",
    "checked",
    "selected",
    "items",
    "date",
    "date_format",
    "binding_xpath",
    "store_item_id",
    "bound_value",
    "block",
    "offset",
    "story",
    "text_box",
];

#[derive(Serialize, Default)]
struct ControlRow<'a> {
    source: &'a str,
    control: Option<usize>,
    field: Option<usize>,
    kind: &'static str,
    level: &'static str,
    tag: Option<&'a str>,
    alias: Option<&'a str>,
    name: Option<&'a str>,
    id: Option<&'a str>,
    placeholder: bool,
    text: &'a str,
    checked: Option<bool>,
    selected: Option<usize>,
    items: String,
    date: Option<&'a str>,
    date_format: Option<&'a str>,
    binding_xpath: Option<&'a str>,
    store_item_id: Option<&'a str>,
    bound_value: Option<&'a str>,
}

#[derive(Serialize)]
struct ImageRow<'a> {
    source: &'a str,
    image: usize,
    name: Option<&'a str>,
    descr: Option<&'a str>,
    title: Option<&'a str>,
    doc_pr_id: Option<&'a str>,
    rel_id: Option<&'a str>,
    target: Option<&'a str>,
    external: bool,
    content_type: Option<&'a str>,
    width_emu: Option<i64>,
    height_emu: Option<i64>,
    placement: &'static str,
    block: usize,
    offset: usize,
    story: &'static str,
    text_box: bool,
}

#[derive(Serialize)]
struct BookmarkRow<'a> {
    source: &'a str,
    name: &'a str,
    id: &'a str,
    hidden: bool,
    story: &'static str,
    text_box: bool,
    start_block: usize,
    start_offset: usize,
    end_block: Option<usize>,
    end_offset: Option<usize>,
}

/// Write the table chosen by `options.csv_table`: [`CsvStream`] fed the document's blocks.
pub fn write(doc: &Document, options: &WriteOptions, out: &mut dyn io::Write) -> io::Result<()> {
    write_through::<CsvStream>(doc, options, out)
}

/// The CSV of a document whose body comes block by block: the header row when it is made
/// ([`CsvStream::new`]); for the blocks table, the rows of the body's paragraphs as their
/// blocks come ([`CsvStream::block`]); then the rows of the other stories, or the whole of
/// any other table ([`CsvStream::finish`]). Of the body, the notes table keeps where each
/// note is first referred to, the comments table the text each comment is anchored to.
/// `rest` is the document with its side tables complete; its `blocks` are never looked at,
/// the body's are those handed in. The bytes are those of [`write`], which goes through it.
pub struct CsvStream<'a> {
    doc: &'a Document,
    table: CsvTable,
    source: &'a str,
    /// Every row goes through `Rows`, which makes each text cell safe to open.
    rows: Rows<&'a mut dyn io::Write>,
    /// Notes table: where each note is first referred to in the body.
    note_refs: crate::HashMap<(NoteKind, String), Position>,
    /// Comments table: the body text each comment's range holds.
    anchored: BodySpans,
}

impl<'a> BodyStream<'a> for CsvStream<'a> {
    /// Write the byte order mark and the header row, as `options` ask.
    fn new(
        rest: &'a Document,
        body: &BodyFacts,
        options: &'a WriteOptions,
        out: &'a mut dyn io::Write,
    ) -> io::Result<Self> {
        // The CSV tables need nothing of the body before it: it is all in its blocks.
        let _ = body;
        if options.csv_header && options.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut rows = Rows::new(out, options.csv_raw);
        // The header is written by hand so that a document with no rows still gets it.
        if options.csv_header {
            rows.header(columns(options.csv_table))?;
        }
        let anchored = match options.csv_table {
            CsvTable::Comments => BodySpans::of(rest),
            _ => BodySpans::default(),
        };
        Ok(CsvStream {
            doc: rest,
            table: options.csv_table,
            source: rest.source.path.as_deref().unwrap_or(""),
            rows,
            note_refs: crate::HashMap::default(),
            anchored,
        })
    }

    /// Take in the body's next top-level block: the blocks table writes its rows.
    fn block(&mut self, block: &Block) -> io::Result<()> {
        let wanted = matches!(
            self.table,
            CsvTable::Blocks | CsvTable::Notes | CsvTable::Comments
        );
        if !wanted {
            return Ok(());
        }
        let mut placed = Vec::new();
        collect(std::slice::from_ref(block), &body_place(), &mut placed);
        placed.sort_by_key(|(_, p)| p.index);
        let view = View::of(self.doc);
        for (place, p) in &placed {
            match self.table {
                CsvTable::Blocks => self.rows.row(&block_row(self.doc, self.source, place, p))?,
                CsvTable::Notes => note_references_in(p, view, &mut |kind, id, at| {
                    self.note_refs.entry((kind, id.to_owned())).or_insert(at);
                }),
                _ => self.anchored.paragraph(p),
            }
        }
        Ok(())
    }

    /// Write the rest: the other stories' rows of the blocks table, or any other table.
    fn finish(mut self) -> io::Result<()> {
        let (doc, source) = (self.doc, self.source);
        let w = &mut self.rows;
        match self.table {
            CsvTable::Blocks => write_rows(
                w,
                side_placed(doc)
                    .iter()
                    .map(|(place, p)| block_row(doc, source, place, p)),
            ),
            CsvTable::Images => write_rows(w, image_rows(doc, source)),
            CsvTable::Bookmarks => write_rows(w, bookmark_rows(doc, source)),
            CsvTable::Links => write_rows(w, link_rows(doc, source)),
            CsvTable::Notes => write_rows(w, note_rows(doc, source, self.note_refs)),
            CsvTable::Comments => write_rows(w, comment_rows(doc, source, self.anchored)),
            CsvTable::Fields => write_rows(w, field_rows(doc, source)),
            CsvTable::Objects => write_rows(w, object_rows(doc, source)),
            CsvTable::Sections => write_rows(w, section_rows(doc, source)),
            CsvTable::Controls => write_rows(w, control_rows(doc, source)),
        }?;
        w.flush()
    }
}

/// The columns of `table`.
fn columns(table: CsvTable) -> &'static [&'static str] {
    match table {
        CsvTable::Blocks => &BLOCK_COLUMNS,
        CsvTable::Images => &IMAGE_COLUMNS,
        CsvTable::Bookmarks => &BOOKMARK_COLUMNS,
        CsvTable::Links => &LINK_COLUMNS,
        CsvTable::Notes => &NOTE_COLUMNS,
        CsvTable::Comments => &COMMENT_COLUMNS,
        CsvTable::Fields => &FIELD_COLUMNS,
        CsvTable::Objects => &OBJECT_COLUMNS,
        CsvTable::Sections => &SECTION_COLUMNS,
        CsvTable::Controls => &CONTROL_COLUMNS,
    }
}

/// The one way every table's rows are written (after its header, written by hand so that a
/// document with no rows still gets it): each row through [`Rows`], which makes each text
/// cell safe to open.
fn write_rows<W: io::Write, R: Serialize>(
    w: &mut Rows<W>,
    rows: impl IntoIterator<Item = R>,
) -> io::Result<()> {
    for row in rows {
        w.row(&row)?;
    }
    Ok(())
}

/// The table cell a paragraph sits in.
#[derive(Clone, Copy)]
struct CellAt {
    table: usize,
    row: usize,
    column: usize,
    row_span: usize,
    col_span: usize,
    header_row: bool,
}

/// Where a paragraph sits, for the `location`, table and note columns.
#[derive(Clone)]
struct Place<'a> {
    story: Story,
    text_box: bool,
    /// The cells around the paragraph, outermost first; empty outside tables.
    cells: Vec<CellAt>,
    /// The `w:id` of the note or comment the paragraph belongs to.
    note_id: &'a str,
}

impl Place<'_> {
    fn describe(&self) -> String {
        let mut s = self.story.as_str().to_owned();
        if self.text_box {
            s.push_str("/text_box");
        }
        if !self.cells.is_empty() {
            s.push_str("/table");
        }
        s
    }

    fn table_path(&self) -> String {
        let cells: Vec<String> = self
            .cells
            .iter()
            .map(|c| format!("{}:{}:{}", c.table, c.row, c.column))
            .collect();
        cells.join("/")
    }

    fn note_kind(&self) -> &'static str {
        match self.story {
            Story::Footnote | Story::Endnote | Story::Comment => self.story.as_str(),
            Story::Body | Story::Header | Story::Footer => "",
        }
    }
}

fn collect<'a>(blocks: &'a [Block], place: &Place<'a>, out: &mut Vec<(Place<'a>, &'a Paragraph)>) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let mut place = place.clone();
                place.text_box |= p.text_box_anchor.is_some();
                out.push((place, p));
            }
            Block::Table(t) => {
                let mut place = place.clone();
                place.text_box |= t.text_box_anchor.is_some();
                for (r, row) in t.rows.iter().enumerate() {
                    for cell in &row.cells {
                        place.cells.push(CellAt {
                            table: t.index,
                            row: r,
                            column: cell.column,
                            row_span: cell.row_span,
                            col_span: cell.col_span,
                            header_row: row.header,
                        });
                        collect(&cell.blocks, &place, out);
                        place.cells.pop();
                    }
                }
            }
        }
    }
}

/// Where a body paragraph outside tables and text boxes sits.
fn body_place() -> Place<'static> {
    Place {
        story: Story::Body,
        text_box: false,
        cells: Vec::new(),
        note_id: "",
    }
}

/// Every paragraph of the stories but the body, with its place, in the order of
/// [`Document::paragraphs`] (the body's come first).
fn side_placed(doc: &Document) -> Vec<(Place<'_>, &Paragraph)> {
    let mut out = Vec::new();
    let place = |story, note_id| Place {
        story,
        text_box: false,
        cells: Vec::new(),
        note_id,
    };
    for h in &doc.headers {
        collect(&h.blocks, &place(Story::Header, ""), &mut out);
    }
    for f in &doc.footers {
        collect(&f.blocks, &place(Story::Footer, ""), &mut out);
    }
    for n in &doc.notes {
        collect(&n.blocks, &place(note_story(n.kind), &n.id), &mut out);
    }
    for c in &doc.comments {
        collect(&c.blocks, &place(Story::Comment, &c.id), &mut out);
    }
    out.sort_by_key(|(_, p)| p.index);
    out
}

/// The style column: the display name (or, without one, the id) of the paragraph's style in
/// `mode`, the old one of a tracked property change when changes are rejected.
fn style_of(p: &Paragraph, mode: TrackChanges) -> &str {
    match (mode, p.format_change.as_deref()) {
        (TrackChanges::Reject, Some(old)) => old.style.as_deref().or(old.style_id.as_deref()),
        _ => p.style.as_deref().or(p.style_id.as_deref()),
    }
    .unwrap_or("")
}

fn note_story(kind: NoteKind) -> Story {
    match kind {
        NoteKind::Footnote => Story::Footnote,
        NoteKind::Endnote => Story::Endnote,
    }
}

fn has_changes(p: &Paragraph) -> bool {
    let mut any = false;
    visit_inlines(&p.inlines, &mut |inline| {
        any |= matches!(inline, Inline::Text(run) if run.change.is_some());
    });
    any
}

/// The row of paragraph `p`, at `place`.
fn block_row<'a>(
    doc: &'a Document,
    source: &'a str,
    place: &Place<'a>,
    p: &'a Paragraph,
) -> BlockRow<'a> {
    let mut bookmarks = Vec::new();
    let mut images = Vec::new();
    visit_inlines(&p.inlines, &mut |inline| match inline {
        Inline::BookmarkStart { name, .. } => bookmarks.push(name.as_str()),
        Inline::Image { image } => images.push(image_name(doc, *image)),
        _ => {}
    });
    let cell = place.cells.last().copied();
    let heading = p.heading_in(doc.track_changes);
    let kind = if heading.is_some() {
        "heading"
    } else if p.list.is_some() {
        "list_item"
    } else {
        "paragraph"
    };
    BlockRow {
        source,
        block: p.index,
        location: place.describe(),
        kind,
        style: style_of(p, doc.track_changes),
        heading,
        list_label: p.list.as_ref().map(|l| l.label.as_str()).unwrap_or(""),
        text: if doc.track_changes == TrackChanges::All && has_changes(p) {
            Cow::Owned(marked_text(&p.inlines, View::of(doc)))
        } else {
            Cow::Borrowed(p.text.as_str())
        },
        bookmarks: bookmarks.join("|"),
        images: images.join("|"),
        table: cell.map(|c| c.table),
        row: cell.map(|c| c.row),
        column: cell.map(|c| c.column),
        row_span: cell.map(|c| c.row_span),
        col_span: cell.map(|c| c.col_span),
        header_row: cell.map(|c| c.header_row),
        table_path: place.table_path(),
        note_id: place.note_id,
        note_kind: place.note_kind(),
    }
}

/// An image's name for the blocks table: `name`, else the media file name, else empty.
fn image_name(doc: &Document, image: usize) -> String {
    let Some(img) = doc.images.get(image) else {
        return String::new();
    };
    match (&img.name, &img.target) {
        (Some(name), _) if !name.is_empty() => name.clone(),
        (_, Some(target)) if !target.is_empty() => {
            target.rsplit('/').next().unwrap_or(target).to_owned()
        }
        _ => String::new(),
    }
}

fn placement_str(p: Placement) -> &'static str {
    match p {
        Placement::Inline => "inline",
        Placement::Floating => "floating",
        Placement::Vml => "vml",
    }
}

fn image_rows<'a>(doc: &'a Document, source: &'a str) -> Vec<ImageRow<'a>> {
    doc.images
        .iter()
        .enumerate()
        .map(|(i, img)| ImageRow {
            source,
            image: i,
            name: img.name.as_deref(),
            descr: img.descr.as_deref(),
            title: img.title.as_deref(),
            doc_pr_id: img.doc_pr_id.as_deref(),
            rel_id: img.rel_id.as_deref(),
            target: img.target.as_deref(),
            external: img.external,
            content_type: img.content_type.as_deref(),
            width_emu: img.width_emu,
            height_emu: img.height_emu,
            placement: placement_str(img.placement),
            block: img.location.block,
            offset: img.location.offset,
            story: img.location.story.as_str(),
            text_box: img.location.text_box,
        })
        .collect()
}

fn bookmark_rows<'a>(doc: &'a Document, source: &'a str) -> Vec<BookmarkRow<'a>> {
    doc.bookmarks
        .iter()
        .map(|b| BookmarkRow {
            source,
            name: &b.name,
            id: &b.id,
            hidden: b.hidden,
            story: b.start.story.as_str(),
            text_box: b.start.text_box,
            start_block: b.start.block,
            start_offset: b.start.offset,
            end_block: b.end.map(|e| e.block),
            end_offset: b.end.map(|e| e.offset),
        })
        .collect()
}

fn link_rows<'a>(doc: &'a Document, source: &'a str) -> Vec<(LinkRow<'a>, LocationCols)> {
    located(
        &doc.links,
        |l| &l.location,
        |i, link| LinkRow {
            source,
            link: i,
            url: link.url.as_deref(),
            anchor: link.anchor.as_deref(),
            text: &link.text,
        },
    )
}

/// The paragraphs of a story's blocks (table cells included), in order.
fn paragraphs_of(blocks: &[Block]) -> Vec<&Paragraph> {
    let mut placed = Vec::new();
    let place = Place {
        story: Story::Body,
        text_box: false,
        cells: Vec::new(),
        note_id: "",
    };
    collect(blocks, &place, &mut placed);
    placed.into_iter().map(|(_, p)| p).collect()
}

/// A story's text, one line per paragraph, and its first and last block numbers.
fn story_text(blocks: &[Block]) -> (String, Option<usize>, Option<usize>) {
    let paragraphs = paragraphs_of(blocks);
    let lines: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
    let first = paragraphs.first().map(|p| p.index);
    let last = paragraphs.last().map(|p| p.index);
    (lines.join("\n"), first, last)
}

/// Each note reference in `p`, with where it is.
fn note_references_in(p: &Paragraph, view: View, each: &mut dyn FnMut(NoteKind, &str, Position)) {
    let mut offset = 0;
    visit_inlines(&p.inlines, &mut |inline| match inline {
        Inline::NoteRef { kind, id } => {
            let at = Position {
                block: p.index,
                offset,
            };
            each(*kind, id, at);
        }
        _ => offset += text_chars(inline, view),
    });
}

/// How many characters of its paragraph's `text` an inline stands for (as in
/// [`super::plain_text`]).
fn text_chars(inline: &Inline, view: View) -> usize {
    match inline {
        Inline::Text(run) if view.shows(run) => run.text.chars().count(),
        Inline::Tab | Inline::Break { .. } => 1,
        Inline::Math { text, .. } => text.chars().count(),
        Inline::Ruby { base, .. } => base.chars().count(),
        _ => 0,
    }
}

/// The notes' rows; `refs` is where the body refers to each note first (the other stories'
/// references come after it).
fn note_rows<'a>(
    doc: &'a Document,
    source: &'a str,
    mut refs: crate::HashMap<(NoteKind, String), Position>,
) -> Vec<NoteRow<'a>> {
    for (_, p) in side_placed(doc) {
        note_references_in(p, View::of(doc), &mut |kind, id, at| {
            refs.entry((kind, id.to_owned())).or_insert(at);
        });
    }
    doc.notes
        .iter()
        .enumerate()
        .map(|(i, note)| {
            let at = refs.get(&(note.kind, note.id.clone()));
            let (text, first_block, last_block) = story_text(&note.blocks);
            NoteRow {
                source,
                note: i,
                kind: note_story(note.kind).as_str(),
                id: &note.id,
                ref_block: at.map(|a| a.block),
                ref_offset: at.map(|a| a.offset),
                first_block,
                last_block,
                text,
            }
        })
        .collect()
}

/// The visible text from `start` to `end` in one story: the paragraphs in between whole,
/// joined by line breaks.
fn span_text(paragraphs: &[(Story, &Paragraph)], start: &Location, end: Position) -> String {
    let in_span = paragraphs.iter().filter(|(story, p)| {
        *story == start.story && p.index >= start.block && p.index <= end.block
    });
    let lines: Vec<String> = in_span.map(|(_, p)| span_piece(p, start, end)).collect();
    lines.join("\n")
}

/// What of paragraph `p` (one between `start` and `end`) a span holds.
fn span_piece(p: &Paragraph, start: &Location, end: Position) -> String {
    let from = if p.index == start.block {
        start.offset
    } else {
        0
    };
    let to = if p.index == end.block {
        end.offset
    } else {
        usize::MAX
    };
    p.text
        .chars()
        .skip(from)
        .take(to.saturating_sub(from))
        .collect()
}

/// The body text of the comments anchored in the body, gathered as the body's paragraphs
/// come in index order: only what the comments' ranges hold is kept.
#[derive(Default)]
struct BodySpans {
    /// The comments anchored in the body (their index in [`Document::comments`], start and
    /// end), by their first block.
    spans: Vec<(usize, Location, Position)>,
    /// How many of `spans` have started.
    started: usize,
    /// Those of `spans` started and not yet ended.
    open: Vec<usize>,
    /// Each comment's lines so far, by its index in [`Document::comments`].
    lines: crate::HashMap<usize, Vec<String>>,
}

impl BodySpans {
    fn of(doc: &Document) -> BodySpans {
        let mut spans: Vec<(usize, Location, Position)> = doc
            .comments
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match (c.start, c.end) {
                (Some(start), Some(end)) if start.story == Story::Body => Some((i, start, end)),
                _ => None,
            })
            .collect();
        spans.sort_by_key(|(_, start, _)| start.block);
        BodySpans {
            spans,
            ..BodySpans::default()
        }
    }

    /// The body's next paragraph (in index order).
    fn paragraph(&mut self, p: &Paragraph) {
        while self
            .spans
            .get(self.started)
            .is_some_and(|(_, start, _)| start.block <= p.index)
        {
            self.open.push(self.started);
            self.started += 1;
        }
        let spans = &self.spans;
        self.open.retain(|&k| spans[k].2.block >= p.index);
        for &k in &self.open {
            let (comment, start, end) = &spans[k];
            let piece = span_piece(p, start, *end);
            self.lines.entry(*comment).or_default().push(piece);
        }
    }

    /// The text comment `i`'s range holds in the body.
    fn text(&mut self, i: usize) -> String {
        self.lines.remove(&i).unwrap_or_default().join("\n")
    }
}

/// The comments' rows; `anchored` is the text of the body their ranges hold (ranges in the
/// other stories are read from them).
fn comment_rows<'a>(
    doc: &'a Document,
    source: &'a str,
    mut anchored: BodySpans,
) -> Vec<CommentRow<'a>> {
    let side = doc
        .comments
        .iter()
        .any(|c| c.start.is_some_and(|s| s.story != Story::Body));
    let paragraphs: Vec<(Story, &Paragraph)> = if side {
        side_placed(doc)
            .into_iter()
            .map(|(place, p)| (place.story, p))
            .collect()
    } else {
        Vec::new()
    };
    doc.comments
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let anchored_text = match (&c.start, c.end) {
                (Some(start), Some(_)) if start.story == Story::Body => anchored.text(i),
                (Some(start), Some(end)) => span_text(&paragraphs, start, end),
                _ => String::new(),
            };
            let (text, first_block, last_block) = story_text(&c.blocks);
            CommentRow {
                source,
                id: &c.id,
                author: c.author.as_deref(),
                initials: c.initials.as_deref(),
                date: c.date.as_deref(),
                reply_to: c.reply_to.as_deref(),
                anchored_text,
                start_block: c.start.map(|s| s.block),
                start_offset: c.start.map(|s| s.offset),
                end_block: c.end.map(|e| e.block),
                end_offset: c.end.map(|e| e.offset),
                first_block,
                last_block,
                text,
            }
        })
        .collect()
}

fn field_rows<'a>(doc: &'a Document, source: &'a str) -> Vec<(FieldRow<'a>, LocationCols)> {
    located(
        &doc.fields,
        |f| &f.location,
        |i, f| FieldRow {
            source,
            field: i,
            kind: &f.kind,
            instruction: &f.instruction,
            result: &f.result,
        },
    )
}

fn object_rows<'a>(doc: &'a Document, source: &'a str) -> Vec<(ObjectRow<'a>, LocationCols)> {
    located(
        &doc.objects,
        |o| &o.location,
        |i, o| ObjectRow {
            source,
            object: i,
            kind: o.kind.as_str(),
            part: o.part.as_deref(),
            content_type: o.content_type.as_deref(),
            prog_id: o.prog_id.as_deref(),
            text: o.text.as_deref(),
        },
    )
}

/// The sections' rows (none for a document of one section, which lists none).
fn section_rows<'a>(doc: &'a Document, source: &'a str) -> Vec<SectionRow<'a>> {
    doc.sections
        .iter()
        .map(|s| SectionRow {
            source,
            section: s.index,
            kind: s.kind.as_str(),
            first_block: s.first_block,
            last_block: s.last_block,
            page_width: s.page_width,
            page_height: s.page_height,
            orientation: s.orientation.map(|o| match o {
                Orientation::Portrait => "portrait",
                Orientation::Landscape => "landscape",
            }),
            title_page: s.title_page,
        })
        .collect()
}

/// The name a control kind has in the JSON (its snake_case serde name).
fn control_kind_name(kind: ControlKind) -> &'static str {
    match kind {
        ControlKind::RichText => "rich_text",
        ControlKind::PlainText => "plain_text",
        ControlKind::Date => "date",
        ControlKind::DropDownList => "drop_down_list",
        ControlKind::ComboBox => "combo_box",
        ControlKind::Checkbox => "checkbox",
        ControlKind::Picture => "picture",
        ControlKind::RepeatingSection => "repeating_section",
        ControlKind::RepeatingSectionItem => "repeating_section_item",
        ControlKind::DocPart => "doc_part",
        ControlKind::Group => "group",
        ControlKind::Other => "other",
    }
}

fn control_level_name(level: ControlLevel) -> &'static str {
    match level {
        ControlLevel::Block => "block",
        ControlLevel::Inline => "inline",
        ControlLevel::Row => "row",
        ControlLevel::Cell => "cell",
    }
}

fn content_control_row<'a>(source: &'a str, index: usize, c: &'a ContentControl) -> ControlRow<'a> {
    let binding = c.binding.as_deref();
    ControlRow {
        source,
        control: Some(index),
        kind: control_kind_name(c.kind),
        level: control_level_name(c.level),
        tag: c.tag.as_deref(),
        alias: c.alias.as_deref(),
        id: c.id.as_deref(),
        placeholder: c.placeholder,
        text: &c.text,
        checked: c.checked,
        items: join_items(c.items.iter().map(|i| i.display.as_str())),
        date: c.date.as_deref(),
        date_format: c.date_format.as_deref(),
        binding_xpath: binding.map(|b| b.xpath.as_str()),
        store_item_id: binding.and_then(|b| b.store_item_id.as_deref()),
        bound_value: binding.and_then(|b| b.value.as_deref()),
        ..ControlRow::default()
    }
}

/// A legacy form field's row, or none for a field that is not a form field.
fn form_field_row<'a>(source: &'a str, index: usize, f: &'a Field) -> Option<ControlRow<'a>> {
    let form = f.form.as_deref()?;
    Some(ControlRow {
        source,
        field: Some(index),
        kind: match form.kind {
            FormFieldKind::Text => "form_text",
            FormFieldKind::Checkbox => "form_checkbox",
            FormFieldKind::DropDown => "form_drop_down",
        },
        level: "inline",
        name: form.name.as_deref(),
        // A drop-down's result is its entry, which the field may not hold as text.
        text: match form.selected.and_then(|i| form.items.get(i)) {
            Some(entry) if f.result.is_empty() => entry,
            _ => &f.result,
        },
        checked: form.checked,
        selected: form.selected,
        items: join_items(form.items.iter().map(String::as_str)),
        ..ControlRow::default()
    })
}

fn join_items<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join("|")
}

/// The content controls' rows, then the form fields'.
fn control_rows<'a>(doc: &'a Document, source: &'a str) -> Vec<(ControlRow<'a>, LocationCols)> {
    let mut rows = located(
        &doc.controls,
        |c| &c.start,
        |i, c| content_control_row(source, i, c),
    );
    let forms = located(
        &doc.fields,
        |f| &f.location,
        |i, f| form_field_row(source, i, f),
    );
    rows.extend(forms.into_iter().filter_map(|(row, at)| Some((row?, at))));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-written header must name the struct's fields, in order.
    fn serde_header<T: Serialize>(row: T) -> Vec<String> {
        let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
        w.serialize(row).unwrap();
        let bytes = w.into_inner().unwrap();
        let mut r = ::csv::Reader::from_reader(bytes.as_slice());
        r.headers().unwrap().iter().map(str::to_owned).collect()
    }

    #[test]
    fn header_constants_match_the_row_structs() {
        let block = BlockRow {
            source: "",
            block: 0,
            location: String::new(),
            kind: "",
            style: "",
            heading: None,
            list_label: "",
            text: Cow::Borrowed(""),
            bookmarks: String::new(),
            images: String::new(),
            table: None,
            row: None,
            column: None,
            row_span: None,
            col_span: None,
            header_row: None,
            table_path: String::new(),
            note_id: "",
            note_kind: "",
        };
        assert_eq!(serde_header(block), BLOCK_COLUMNS);
        let img = crate::model::ImageRef::default();
        let doc = Document {
            images: vec![img],
            bookmarks: vec![crate::model::Bookmark::default()],
            links: vec![crate::model::Link::default()],
            notes: vec![crate::model::Note {
                kind: NoteKind::Footnote,
                id: "1".into(),
                blocks: Vec::new(),
            }],
            comments: vec![crate::model::Comment::default()],
            fields: vec![crate::model::Field::default()],
            objects: vec![crate::model::EmbeddedObject::default()],
            controls: vec![ContentControl::default()],
            ..Document::default()
        };
        assert_eq!(
            serde_header(link_rows(&doc, "").pop().unwrap()),
            LINK_COLUMNS
        );
        assert_eq!(
            serde_header(note_rows(&doc, "", Default::default()).pop().unwrap()),
            NOTE_COLUMNS
        );
        let comment = comment_rows(&doc, "", BodySpans::default()).pop().unwrap();
        assert_eq!(serde_header(comment), COMMENT_COLUMNS);
        assert_eq!(
            serde_header(field_rows(&doc, "").pop().unwrap()),
            FIELD_COLUMNS
        );
        let object = object_rows(&doc, "").pop().unwrap();
        assert_eq!(serde_header(object), OBJECT_COLUMNS);
        let image = image_rows(&doc, "").pop().unwrap();
        assert_eq!(serde_header(image), IMAGE_COLUMNS);
        let bookmark = bookmark_rows(&doc, "").pop().unwrap();
        assert_eq!(serde_header(bookmark), BOOKMARK_COLUMNS);
        let control = control_rows(&doc, "").pop().unwrap();
        assert_eq!(serde_header(control), CONTROL_COLUMNS);
    }
}
