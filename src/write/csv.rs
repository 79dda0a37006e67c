//! CSV through the `csv` crate: RFC 4180 quoting, UTF-8, CRLF record ends, a header row (unless
//! turned off for a batch that writes it once), and a `source` column first so that the rows of
//! many documents concatenate into one valid file.
//!
//! Three tables, selected with [`CsvTable`]:
//!
//! - **blocks**: one row per paragraph of [`Document::paragraphs`] (body, table cells, text
//!   boxes, headers, footers, notes and comments), in index order; columns
//!   [`BLOCK_COLUMNS`].
//! - **images**: one row per image reference, every field of the model's image; columns
//!   [`IMAGE_COLUMNS`].
//! - **bookmarks**: one row per bookmark with its start and end positions; columns
//!   [`BOOKMARK_COLUMNS`].
//!
//! Absent values (`null` in JSON) are empty fields; booleans are `true`/`false`.
//!
//! Every text cell, in every table, is made safe to open in a spreadsheet: control characters
//! are dropped, and a cell starting with `=`, `+`, `-`, `@` or a tab gets a `'` before it
//! (OWASP "CSV Injection"), unless [`WriteOptions::csv_raw`]. Numbers are never prefixed.

use std::borrow::Cow;
use std::io;

use serde::Serialize;

use crate::model::{Block, Document, Inline, Paragraph, Placement, Story, TrackChanges};

use super::csv_row::Rows;
use super::{marked_text, visit_inlines, CsvTable, WriteOptions};

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
pub const BLOCK_COLUMNS: [&str; 10] = [
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

/// Write the table chosen by `options.csv_table`.
pub fn write(doc: &Document, options: &WriteOptions, out: &mut dyn io::Write) -> io::Result<()> {
    if options.csv_header && options.bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    // Every row goes through `Rows`, which makes each text cell safe to open.
    let mut w = Rows::new(out, options.csv_raw);
    // The header is written by hand so that a document with no rows still gets it.
    let source = doc.source.path.as_deref().unwrap_or("");
    match options.csv_table {
        CsvTable::Blocks => {
            if options.csv_header {
                w.header(&BLOCK_COLUMNS)?;
            }
            for row in block_rows(doc, source) {
                w.row(&row)?;
            }
        }
        CsvTable::Images => {
            if options.csv_header {
                w.header(&IMAGE_COLUMNS)?;
            }
            for row in image_rows(doc, source) {
                w.row(&row)?;
            }
        }
        CsvTable::Bookmarks => {
            if options.csv_header {
                w.header(&BOOKMARK_COLUMNS)?;
            }
            for row in bookmark_rows(doc, source) {
                w.row(&row)?;
            }
        }
    }
    w.flush()
}

/// Where a paragraph sits, for the `location` column.
#[derive(Clone, Copy)]
struct Place {
    story: Story,
    text_box: bool,
    table: bool,
}

impl Place {
    fn describe(self) -> String {
        let mut s = self.story.as_str().to_owned();
        if self.text_box {
            s.push_str("/text_box");
        }
        if self.table {
            s.push_str("/table");
        }
        s
    }
}

fn collect<'a>(blocks: &'a [Block], place: Place, out: &mut Vec<(Place, &'a Paragraph)>) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => {
                let place = Place {
                    text_box: place.text_box || p.text_box_anchor.is_some(),
                    ..place
                };
                out.push((place, p));
            }
            Block::Table(t) => {
                let place = Place {
                    text_box: place.text_box || t.text_box_anchor.is_some(),
                    table: true,
                    ..place
                };
                for row in &t.rows {
                    for cell in &row.cells {
                        collect(&cell.blocks, place, out);
                    }
                }
            }
        }
    }
}

/// Every paragraph with its place, in the order of [`Document::paragraphs`].
fn placed_paragraphs(doc: &Document) -> Vec<(Place, &Paragraph)> {
    let mut out = Vec::new();
    let place = |story| Place {
        story,
        text_box: false,
        table: false,
    };
    collect(&doc.blocks, place(Story::Body), &mut out);
    for h in &doc.headers {
        collect(&h.blocks, place(Story::Header), &mut out);
    }
    for f in &doc.footers {
        collect(&f.blocks, place(Story::Footer), &mut out);
    }
    for n in &doc.notes {
        let story = match n.kind {
            crate::model::NoteKind::Footnote => Story::Footnote,
            crate::model::NoteKind::Endnote => Story::Endnote,
        };
        collect(&n.blocks, place(story), &mut out);
    }
    for c in &doc.comments {
        collect(&c.blocks, place(Story::Comment), &mut out);
    }
    out.sort_by_key(|(_, p)| p.index);
    out
}

fn has_changes(p: &Paragraph) -> bool {
    let mut any = false;
    visit_inlines(&p.inlines, &mut |inline| {
        any |= matches!(inline, Inline::Text(run) if run.change.is_some());
    });
    any
}

/// The rows, made one at a time as they are written.
fn block_rows<'a>(doc: &'a Document, source: &'a str) -> impl Iterator<Item = BlockRow<'a>> {
    placed_paragraphs(doc).into_iter().map(|(place, p)| {
        let mut bookmarks = Vec::new();
        let mut images = Vec::new();
        visit_inlines(&p.inlines, &mut |inline| match inline {
            Inline::BookmarkStart { name, .. } => bookmarks.push(name.as_str()),
            Inline::Image { image } => images.push(image_name(doc, *image)),
            _ => {}
        });
        let kind = if p.heading.is_some() {
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
            style: p.style.as_deref().or(p.style_id.as_deref()).unwrap_or(""),
            heading: p.heading,
            list_label: p.list.as_ref().map(|l| l.label.as_str()).unwrap_or(""),
            text: if doc.track_changes == TrackChanges::All && has_changes(p) {
                Cow::Owned(marked_text(&p.inlines, doc.track_changes))
            } else {
                Cow::Borrowed(p.text.as_str())
            },
            bookmarks: bookmarks.join("|"),
            images: images.join("|"),
        }
    })
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
        };
        assert_eq!(serde_header(block), BLOCK_COLUMNS);
        let img = crate::model::ImageRef::default();
        let doc = Document {
            images: vec![img],
            bookmarks: vec![crate::model::Bookmark::default()],
            ..Document::default()
        };
        let image = image_rows(&doc, "").pop().unwrap();
        assert_eq!(serde_header(image), IMAGE_COLUMNS);
        let bookmark = bookmark_rows(&doc, "").pop().unwrap();
        assert_eq!(serde_header(bookmark), BOOKMARK_COLUMNS);
    }
}
