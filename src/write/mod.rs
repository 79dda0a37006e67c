//! Writers: each takes a [`Document`](crate::Document) and any `io::Write`.
//!
//! The writers know nothing of ZIP or XML: they read the document model and nothing else.
//! One file per format:
//!
//! - [`json`]: the model itself, compact or pretty, one JSON value and a newline.
//! - [`markdown`]: GitHub-flavoured Markdown, with the context-aware escaper.
//! - [`csv`]: flat rows (blocks, images, bookmarks, links, notes, comments, fields or
//!   objects) through the `csv` crate.
//! - [`text`]: the Tika plain-text convention (`[bookmark: x]`, `[image: x]`, ...).
//!
//! [`write`] dispatches on [`Format`].

use std::io;

use crate::model::{
    Block, Document, EmbeddedPackage, ImageRef, Inline, ObjectKind, Paragraph, SectionKind, Story,
    TextRun, TrackChanges,
};
use crate::HashMap;

pub mod budget;
pub mod csv;
mod csv_row;
pub mod json;
pub mod markdown;
pub mod safe;
pub mod text;

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Markdown,
    Csv,
    Text,
}

impl Format {
    /// The file extension for the format, without the dot: `json`, `md`, `csv`, `txt`.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Text => "txt",
        }
    }

    /// Parse a format name: `json`, `md`/`markdown`, `csv`, `text`/`txt` (ASCII case is ignored).
    pub fn parse(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            "md" | "markdown" => Some(Format::Markdown),
            "csv" => Some(Format::Csv),
            "text" | "txt" => Some(Format::Text),
            _ => None,
        }
    }
}

/// Which table the CSV writer produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum CsvTable {
    /// One row per paragraph (body, tables, text boxes, headers, footers, notes, comments).
    #[default]
    Blocks,
    /// One row per image reference.
    Images,
    /// One row per bookmark.
    Bookmarks,
    /// One row per hyperlink.
    Links,
    /// One row per footnote or endnote.
    Notes,
    /// One row per comment, with the text it is anchored to.
    Comments,
    /// One row per field (`PAGE`, `REF`, `HYPERLINK`, ...).
    Fields,
    /// One row per chart, diagram, OLE object, imported chunk or watermark.
    Objects,
    /// One row per section of the body, with how it starts and its page.
    Sections,
    /// One row per content control, then one per legacy form field.
    Controls,
}

impl CsvTable {
    /// Every table, blocks first.
    pub const ALL: [CsvTable; 10] = [
        CsvTable::Blocks,
        CsvTable::Images,
        CsvTable::Bookmarks,
        CsvTable::Links,
        CsvTable::Notes,
        CsvTable::Comments,
        CsvTable::Fields,
        CsvTable::Objects,
        CsvTable::Sections,
        CsvTable::Controls,
    ];

    /// The table's name, as `--csv` spells it: `blocks`, `images`, ...
    pub fn name(self) -> &'static str {
        match self {
            CsvTable::Blocks => "blocks",
            CsvTable::Images => "images",
            CsvTable::Bookmarks => "bookmarks",
            CsvTable::Links => "links",
            CsvTable::Notes => "notes",
            CsvTable::Comments => "comments",
            CsvTable::Fields => "fields",
            CsvTable::Objects => "objects",
            CsvTable::Sections => "sections",
            CsvTable::Controls => "controls",
        }
    }
}

/// The section breaks of `doc`: the paragraph (its index) whose mark ends each section but the
/// last, with how the section after it starts.
pub(crate) fn section_breaks(doc: &Document) -> HashMap<usize, SectionKind> {
    doc.sections
        .windows(2)
        .filter_map(|pair| Some((pair[0].last_block?, pair[1].kind)))
        .collect()
}

/// What the Markdown, text and CSV writers need to know of a document's body before they
/// write it: its first block, the indices of its paragraphs and where its comment references
/// are. A streamed body is read twice: once into these facts (a [`BlockSink`](crate::BlockSink)
/// that drops every block), then again into [`markdown::MarkdownStream`],
/// [`text::TextStream`] or [`csv::CsvStream`]. They grow with the body's runs of paragraphs
/// and its comment references, not with its text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BodyFacts {
    /// The index of the body's first block: a page break before it starts no new page.
    first_block: Option<usize>,
    /// The indices of the body's paragraphs (table cells and text boxes too), as runs of
    /// consecutive indices: a body import not at one of them is shown first.
    paragraphs: Vec<std::ops::Range<usize>>,
    /// The first body paragraph holding each comment's reference mark.
    comment_refs: HashMap<String, usize>,
}

impl BodyFacts {
    /// Facts collected block by block ([`BodyFacts::add`]), for a document whose side tables
    /// are not known yet: every fact is kept.
    pub fn new() -> BodyFacts {
        BodyFacts::default()
    }

    /// The facts of a whole document's body: only those its side tables make the writers
    /// ask for are collected (the others cost a walk over every inline for nothing).
    pub fn of(doc: &Document) -> BodyFacts {
        let mut facts = BodyFacts {
            first_block: doc.blocks.first().map(Block::index),
            ..BodyFacts::default()
        };
        let body_imports = doc
            .objects
            .iter()
            .any(|o| o.kind == ObjectKind::AltChunk && o.location.story == Story::Body);
        let comments_unanchored = doc.comments.iter().any(|c| c.start.is_none());
        if body_imports || comments_unanchored {
            for block in &doc.blocks {
                facts.collect(block, body_imports, comments_unanchored);
            }
        }
        facts
    }

    /// The next top-level block of the body.
    pub fn add(&mut self, block: &Block) {
        self.first_block.get_or_insert(block.index());
        self.collect(block, true, true);
    }

    fn collect(&mut self, block: &Block, paragraphs: bool, comment_refs: bool) {
        match block {
            Block::Paragraph(p) => {
                if paragraphs {
                    match self.paragraphs.last_mut() {
                        Some(run) if run.end == p.index => run.end += 1,
                        _ => self.paragraphs.push(p.index..p.index + 1),
                    }
                }
                if comment_refs {
                    visit_inlines(&p.inlines, &mut |inline| {
                        if let Inline::CommentRef { id } = inline {
                            let first = self.comment_refs.entry(id.clone()).or_insert(p.index);
                            *first = (*first).min(p.index);
                        }
                    });
                }
            }
            Block::Table(t) => {
                for cell in t.rows.iter().flat_map(|row| &row.cells) {
                    for block in &cell.blocks {
                        self.collect(block, paragraphs, comment_refs);
                    }
                }
            }
        }
    }

    fn is_body_paragraph(&self, index: usize) -> bool {
        let after = self.paragraphs.partition_point(|run| run.end <= index);
        self.paragraphs
            .get(after)
            .is_some_and(|run| run.contains(&index))
    }

    /// The first body paragraph holding the reference mark of comment `id`.
    pub(crate) fn comment_ref(&self, id: &str) -> Option<usize> {
        self.comment_refs.get(id).copied()
    }
}

impl crate::BlockSink for BodyFacts {
    fn block(&mut self, block: Block) -> crate::Result<()> {
        self.add(&block);
        Ok(())
    }
}

/// The paragraphs of every story but the body (headers, footers, notes, comments), in index
/// order, as [`Document::paragraphs`] lists them.
pub(crate) fn side_paragraphs(doc: &Document) -> Vec<(Story, &Paragraph)> {
    let mut paragraphs = doc.paragraphs();
    paragraphs.retain(|(story, _)| *story != Story::Body);
    paragraphs
}

/// A writer that takes a document's body block by block, once its side tables are known:
/// [`markdown::MarkdownStream`], [`text::TextStream`], [`csv::CsvStream`]. Each format's
/// `write` goes through its stream ([`write_through`]), so a streamed body is written with
/// the bytes of a whole one.
pub trait BodyStream<'a>: Sized {
    /// Write what comes before the body. `rest` is the document with its side tables
    /// complete (its `blocks` are never looked at: the body's are those handed to
    /// [`BodyStream::block`]); `body` the facts of its body.
    fn new(
        rest: &'a Document,
        body: &BodyFacts,
        options: &'a WriteOptions,
        out: &'a mut dyn io::Write,
    ) -> io::Result<Self>;

    /// Write what the body's next top-level block completes.
    fn block(&mut self, block: &Block) -> io::Result<()>;

    /// Write what comes after the body.
    fn finish(self) -> io::Result<()>;
}

/// Write the whole of `doc` through the stream `S`: its blocks one by one.
pub(crate) fn write_through<'a, S: BodyStream<'a>>(
    doc: &'a Document,
    options: &'a WriteOptions,
    out: &'a mut dyn io::Write,
) -> io::Result<()> {
    let mut stream = S::new(doc, &BodyFacts::of(doc), options, out)?;
    for block in &doc.blocks {
        stream.block(block)?;
    }
    stream.finish()
}

/// Bracketed markers in text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Markers {
    /// `[bookmark: x]`, `[image: x]`, `[footnoteRef:n]`, `[endnoteRef:n]`, as Tika writes them.
    #[default]
    Tika,
    /// The same text with no bracketed marker at all.
    None,
}

/// Options for all writers; each writer reads the fields that concern it.
///
/// `WriteOptions::default()` has every flag off; [`WriteOptions::new`] gives the defaults of the
/// command line (headers and footers in text, a CSV header row).
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    /// JSON: indent the output.
    pub pretty: bool,
    /// CSV: which table to write.
    pub csv_table: CsvTable,
    /// CSV: write the header row (a batch writes it once for many documents).
    pub csv_header: bool,
    /// CSV: a UTF-8 byte order mark before the header row (only when `csv_header` is true).
    pub bom: bool,
    /// CSV: write text cells raw, without the `'` that keeps a spreadsheet from running a
    /// cell starting with `=`, `+`, `-`, `@` or a tab as a formula (for database loads).
    pub csv_raw: bool,
    /// Text: Tika markers or none.
    pub markers: Markers,
    /// Text: headers before the body, footers after it.
    pub headers_footers: bool,
    /// Markdown: keep anchors for Word's hidden bookmarks (`_GoBack`, `_Toc...`).
    pub keep_hidden_bookmarks: bool,
    /// Markdown: include comments (as footnotes).
    pub comments: bool,
    /// Markdown: YAML front matter with the metadata.
    pub front_matter: bool,
    /// Markdown: when `Some(dir)`, image links are `dir/<media_file_name(target)>`.
    pub media_dir: Option<String>,
    /// Markdown: headers before the body and footers after it (off by default: page
    /// furniture, left out as pandoc does).
    pub markdown_headers_footers: bool,
}

impl WriteOptions {
    /// The defaults of the command line: headers and footers on, CSV header row on, everything
    /// else off.
    pub fn new() -> WriteOptions {
        WriteOptions {
            headers_footers: true,
            csv_header: true,
            ..WriteOptions::default()
        }
    }
}

/// Write `doc` in `format` to `out`. Writers write in small pieces: give them a buffered
/// writer (`BufWriter`) or a `Vec`, never a bare file.
///
/// ```
/// use docxtract::write::{write, Format, WriteOptions};
///
/// let doc = docxtract::open_path("fixtures/lists.docx", &docxtract::Options::default())?;
/// let mut markdown = Vec::new();
/// write(&doc, Format::Markdown, &WriteOptions::new(), &mut markdown)?;
/// assert!(!markdown.is_empty());
///
/// let mut json = Vec::new();
/// write(&doc, Format::Json, &WriteOptions::new(), &mut json)?;
/// assert!(json.starts_with(b"{"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write(
    doc: &Document,
    format: Format,
    options: &WriteOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Json => json::write(doc, options, out),
        Format::Markdown => markdown::write(doc, options, out),
        Format::Csv => csv::write(doc, options, out),
        Format::Text => text::write(doc, options, out),
    }
}

/// Safe file name for a media part, used both for extracted files and Markdown links:
/// strip a leading `word/media/`, else replace `/` by `_`; keep letters (any script), digits,
/// `.`, `_`, `-`; replace others by `_`; never empty, never starting with `.`, never `..`.
///
/// Beyond that, a name that Windows reserves (`CON`, `NUL`, `COM1`, ... with any extension)
/// gets a leading `_`, so that extracted media can be written on every platform; and a name
/// longer than [`MAX_MEDIA_NAME_BYTES`] is cut, its extension kept, with a short hash of the
/// part name so that two long names stay apart (file systems refuse names over 255 bytes).
pub fn media_file_name(part: &str) -> String {
    let name = safe_media_name(part);
    if name.len() <= MAX_MEDIA_NAME_BYTES {
        return name;
    }
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 10 => (stem, Some(ext)),
        _ => (name.as_str(), None),
    };
    let mut cut = 64;
    while !stem.is_char_boundary(cut) {
        cut -= 1;
    }
    let hash = &crate::digest::sha256_hex(part.as_bytes())[..12];
    match extension {
        Some(ext) => format!("{}-{hash}.{ext}", &stem[..cut]),
        None => format!("{}-{hash}", &stem[..cut]),
    }
}

/// The longest media file name kept as it is, in bytes: well under the 255 bytes that ext4,
/// NTFS and APFS allow, with room for the `.NAME.docxtract-partial` temporary name.
pub const MAX_MEDIA_NAME_BYTES: usize = 100;

fn safe_media_name(part: &str) -> String {
    let part = part.trim_start_matches('/');
    let rest = part.strip_prefix("word/media/").unwrap_or(part);
    let mut name: String = rest
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        name.push('_');
    }
    if name.starts_with('.') {
        name.insert(0, '_');
    }
    let stem = name.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        name.insert(0, '_');
    }
    name
}

/// The text that stands for an image: its description (alt text) when there is one, else its
/// name, else the file name of its target, else empty.
pub(crate) fn image_alt(image: &ImageRef) -> String {
    let non_empty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    non_empty(&image.descr)
        .or_else(|| non_empty(&image.name))
        .or_else(|| {
            image
                .target
                .as_deref()
                .filter(|t| !t.is_empty())
                .map(|t| t.rsplit('/').next().unwrap_or(t).to_owned())
        })
        .unwrap_or_default()
}

/// Where Word shows imported content (`w:altChunk`), charts and diagrams, by the block they
/// sit at.
///
/// An import is shown after the paragraph it follows; one at offset 0 of a paragraph with text
/// (the story's first block) comes before it. A body import with no body paragraph to stand by
/// (a body that holds nothing but the chunk) is shown at the start of the body. A chart's or a
/// diagram's text follows the paragraph that holds the drawing.
pub(crate) struct Imports<'a> {
    by_block: HashMap<usize, Vec<(usize, &'a str)>>,
    leading: Vec<&'a str>,
    drawings: HashMap<usize, Vec<Drawing<'a>>>,
}

/// The text of a chart, a SmartArt diagram or an embedded workbook, as [`EmbeddedObject::text`](crate::model::EmbeddedObject::text) holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Drawing<'a> {
    /// Titles, one per line, then the cached data as tab-separated rows (series across).
    Chart(&'a str),
    /// Node texts, one per line.
    Diagram(&'a str),
    /// An embedded workbook's sheets: each its name, then its rows (cells apart by tabs), a
    /// blank line between sheets.
    Workbook(&'a str),
}

impl<'a> Drawing<'a> {
    /// An embedded workbook's sheets: each its name and its rows, split into cells.
    pub fn workbook_sheets(text: &'a str) -> Vec<(&'a str, Vec<Vec<&'a str>>)> {
        text.split("\n\n")
            .filter_map(|sheet| {
                let mut lines = sheet.lines();
                let name = lines.next()?;
                let rows = lines.map(|line| line.split('\t').collect()).collect();
                Some((name, rows))
            })
            .collect()
    }

    /// A chart's titles (lines before its data) and its data rows, split into cells. The first
    /// row is the header: an empty corner, then the series names.
    pub fn chart_parts(text: &'a str) -> (Vec<&'a str>, Vec<Vec<&'a str>>) {
        let lines: Vec<&str> = text.lines().collect();
        let data_start = lines
            .iter()
            .position(|l| l.contains('\t'))
            .unwrap_or(lines.len());
        let titles = lines[..data_start]
            .iter()
            .copied()
            .filter(|l| !l.trim().is_empty())
            .collect();
        let rows = lines[data_start..]
            .iter()
            .map(|l| l.split('\t').collect())
            .collect();
        (titles, rows)
    }
}

impl<'a> Imports<'a> {
    /// The imports of `doc` (its side tables), placed by the facts of its body.
    pub fn of(doc: &'a Document, body: &BodyFacts) -> Self {
        let mut by_block: HashMap<usize, Vec<(usize, &'a str)>> = HashMap::default();
        let mut drawings: HashMap<usize, Vec<Drawing<'a>>> = HashMap::default();
        let mut body_imports = Vec::new();
        for object in &doc.objects {
            let Some(text) = object.text.as_deref() else {
                continue;
            };
            let at = &object.location;
            match object.kind {
                ObjectKind::AltChunk if at.story == Story::Body => body_imports.push((at, text)),
                ObjectKind::AltChunk => by_block
                    .entry(at.block)
                    .or_default()
                    .push((at.offset, text)),
                ObjectKind::Chart => drawings
                    .entry(at.block)
                    .or_default()
                    .push(Drawing::Chart(text)),
                ObjectKind::Diagram => drawings
                    .entry(at.block)
                    .or_default()
                    .push(Drawing::Diagram(text)),
                ObjectKind::Ole => match object.package {
                    // An embedded document reads like an import at its place.
                    Some(EmbeddedPackage::Document) => by_block
                        .entry(at.block)
                        .or_default()
                        .push((at.offset, text)),
                    Some(EmbeddedPackage::Workbook) => drawings
                        .entry(at.block)
                        .or_default()
                        .push(Drawing::Workbook(text)),
                    None => {}
                },
                // A watermark is a header object, listed, never part of the text.
                ObjectKind::Watermark => {}
            }
        }
        let mut leading = Vec::new();
        if !body_imports.is_empty() {
            for (at, text) in body_imports {
                if body.is_body_paragraph(at.block) {
                    by_block
                        .entry(at.block)
                        .or_default()
                        .push((at.offset, text));
                } else {
                    leading.push(text);
                }
            }
        }
        Imports {
            by_block,
            leading,
            drawings,
        }
    }

    /// The lines of the imports shown before (`before`) or after `p`, one per paragraph.
    pub fn lines(&self, p: &Paragraph, before: bool) -> impl Iterator<Item = &'a str> + '_ {
        let has_text = !p.text.is_empty();
        self.by_block
            .get(&p.index)
            .into_iter()
            .flatten()
            .filter(move |(offset, _)| (*offset == 0 && has_text) == before)
            .flat_map(|(_, text)| non_blank_lines(text))
    }

    /// The lines of body imports that no body paragraph stands by, shown first.
    pub fn leading_lines(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.leading.iter().flat_map(|text| non_blank_lines(text))
    }

    /// The charts and diagrams held by `p`, in document order.
    pub fn drawings(&self, p: &Paragraph) -> &[Drawing<'a>] {
        self.drawings.get(&p.index).map_or(&[], Vec::as_slice)
    }
}

fn non_blank_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| !line.trim().is_empty())
}

/// Calls `f` for every inline of `inlines`, depth first (the inlines of links included).
pub(crate) fn visit_inlines<'a>(inlines: &'a [Inline], f: &mut dyn FnMut(&'a Inline)) {
    for inline in inlines {
        f(inline);
        if let Inline::Link(link) = inline {
            visit_inlines(&link.inlines, f);
        }
    }
}

/// Which text of a document the writers show: one reading of its tracked changes, and hidden
/// (`w:vanish`) text only when the document was read with it shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct View {
    pub track_changes: TrackChanges,
    pub show_hidden: bool,
    pub hide_placeholders: bool,
}

impl View {
    pub fn of(doc: &Document) -> View {
        View {
            track_changes: doc.track_changes,
            show_hidden: doc.show_hidden,
            hide_placeholders: doc.hide_placeholders,
        }
    }

    /// Whether the run's text is part of the paragraph's `text` in this view.
    pub fn shows(self, run: &TextRun) -> bool {
        (!run.hidden || self.show_hidden)
            && !(run.placeholder && self.hide_placeholders)
            && self.track_changes.shows(run.change.as_deref())
    }
}

/// The plain text of a run of inlines (visible text, tabs, breaks as `\n`), with no markers.
pub(crate) fn plain_text(inlines: &[Inline], view: View) -> String {
    text_of(inlines, view, false)
}

/// The plain text of a run of inlines, its tracked changes marked when `mode` shows both sides
/// ([`ChangeMarks`]).
pub(crate) fn marked_text(inlines: &[Inline], view: View) -> String {
    text_of(inlines, view, view.track_changes == TrackChanges::All)
}

fn text_of(inlines: &[Inline], view: View, mark: bool) -> String {
    let mut s = String::new();
    let mut marks = ChangeMarks::default();
    visit_inlines(inlines, &mut |inline| {
        if mark {
            if let Some(side) = ChangeMarks::side(inline, view) {
                marks.enter(side, &mut s);
            }
        }
        match inline {
            Inline::Text(run) if view.shows(run) => s.push_str(&run.text),
            Inline::Tab => s.push('\t'),
            Inline::Break { .. } => s.push('\n'),
            Inline::Math { text, .. } => s.push_str(text),
            Inline::Ruby { base, .. } => s.push_str(base),
            _ => {}
        }
    });
    marks.close(&mut s);
    s
}

/// How text and CSV mark both sides of the tracked changes `--track-changes all` shows:
/// `[-removed-]` and `{+added+}`, the marks of `git diff --word-diff` and wdiff. Runs of the
/// same side next to each other share one pair of marks.
#[derive(Default)]
pub(crate) struct ChangeMarks {
    open: Side,
}

/// Which side of a tracked change a piece of text is on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) enum Side {
    #[default]
    Unchanged,
    Removed,
    Added,
}

impl ChangeMarks {
    /// The side an inline's text is on in `view`. Bookmarks, comment marks, links (whose runs
    /// say for themselves) and text not shown are on no side (`None`): an open mark stays open.
    pub fn side(inline: &Inline, view: View) -> Option<Side> {
        match inline {
            Inline::Text(run) if !view.shows(run) => None,
            Inline::Text(run) => Some(match &run.change {
                None => Side::Unchanged,
                Some(c) if c.kind.is_removal() => Side::Removed,
                Some(_) => Side::Added,
            }),
            Inline::BookmarkStart { .. }
            | Inline::BookmarkEnd { .. }
            | Inline::CommentRef { .. }
            | Inline::Link(_) => None,
            _ => Some(Side::Unchanged),
        }
    }

    /// Before text on `side`: close the open mark and open `side`'s, when they differ.
    pub fn enter(&mut self, side: Side, out: &mut String) {
        if self.open == side {
            return;
        }
        out.push_str(match self.open {
            Side::Removed => "-]",
            Side::Added => "+}",
            Side::Unchanged => "",
        });
        out.push_str(match side {
            Side::Removed => "[-",
            Side::Added => "{+",
            Side::Unchanged => "",
        });
        self.open = side;
    }

    /// At the end of a paragraph: close the open mark.
    pub fn close(&mut self, out: &mut String) {
        self.enter(Side::Unchanged, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_parse_accepts_aliases_and_extensions_round_trip() {
        assert_eq!(Format::parse("md"), Some(Format::Markdown));
        assert_eq!(Format::parse("Markdown"), Some(Format::Markdown));
        assert_eq!(Format::parse("txt"), Some(Format::Text));
        assert_eq!(Format::parse("text"), Some(Format::Text));
        assert_eq!(Format::parse("CSV"), Some(Format::Csv));
        assert_eq!(Format::parse("json"), Some(Format::Json));
        assert_eq!(Format::parse("ndjson"), None);
        assert_eq!(Format::parse(""), None);
        for f in [Format::Json, Format::Markdown, Format::Csv, Format::Text] {
            assert_eq!(Format::parse(f.extension()), Some(f));
        }
    }

    #[test]
    fn write_options_new_turns_on_headers_footers_and_csv_header() {
        let o = WriteOptions::new();
        assert!(o.headers_footers);
        assert!(o.csv_header);
        assert!(!o.bom && !o.pretty && !o.comments && !o.front_matter);
        assert_eq!(o.markers, Markers::Tika);
        assert_eq!(o.csv_table, CsvTable::Blocks);
        assert!(o.media_dir.is_none());
    }

    #[test]
    fn long_media_names_are_cut_with_their_extension_and_a_hash() {
        let long = format!("word/media/{}.jpeg", "图".repeat(100));
        let name = media_file_name(&long);
        assert!(name.len() <= MAX_MEDIA_NAME_BYTES, "{} bytes", name.len());
        assert!(name.ends_with(".jpeg"), "{name}");
        assert!(name.starts_with('图'), "{name}");
        let other = media_file_name(&format!("word/media/{}x.jpeg", "图".repeat(100)));
        assert_ne!(name, other, "two long names stay apart");
        assert_eq!(name, media_file_name(&long), "the same part, the same name");
        let no_extension = media_file_name(&format!("word/media/{}", "a".repeat(300)));
        assert!(no_extension.len() <= MAX_MEDIA_NAME_BYTES);
        assert_eq!(media_file_name("word/media/image1.png"), "image1.png");
    }

    #[test]
    fn media_file_name_strips_media_folder_and_flattens_other_paths() {
        assert_eq!(media_file_name("word/media/image1.jpeg"), "image1.jpeg");
        assert_eq!(media_file_name("/word/media/image1.jpeg"), "image1.jpeg");
        assert_eq!(
            media_file_name("word/embeddings/x.png"),
            "word_embeddings_x.png"
        );
        assert_eq!(media_file_name("media/图片 3.png"), "media_图片_3.png");
    }

    #[test]
    fn media_file_name_is_never_empty_hidden_or_a_parent_reference() {
        assert_eq!(media_file_name(""), "_");
        assert_eq!(media_file_name("word/media/"), "_");
        assert_eq!(media_file_name(".."), "_..");
        assert_eq!(media_file_name("word/media/.."), "_..");
        assert_eq!(media_file_name("word/media/.hidden"), "_.hidden");
        assert_eq!(media_file_name("../../etc/passwd"), "_.._.._etc_passwd");
        for name in [
            "",
            "..",
            ".",
            "/",
            "word/media/../x",
            "a\\b:c*?",
            "word/media/CON.png",
        ] {
            let n = media_file_name(name);
            assert!(
                !n.is_empty() && !n.starts_with('.') && n != "..",
                "{name:?} -> {n:?}"
            );
            assert!(!n.contains('/') && !n.contains('\\'), "{name:?} -> {n:?}");
        }
    }

    #[test]
    fn media_file_name_guards_windows_reserved_names() {
        assert_eq!(media_file_name("word/media/CON.png"), "_CON.png");
        assert_eq!(media_file_name("word/media/com1"), "_com1");
        assert_eq!(media_file_name("word/media/console.png"), "console.png");
    }

    #[test]
    fn image_alt_prefers_description_then_name_then_file() {
        let mut img = ImageRef {
            descr: Some("A cat".into()),
            name: Some("Picture 1".into()),
            target: Some("word/media/image1.png".into()),
            ..ImageRef::default()
        };
        assert_eq!(image_alt(&img), "A cat");
        img.descr = Some("  ".into());
        assert_eq!(image_alt(&img), "Picture 1");
        img.name = None;
        assert_eq!(image_alt(&img), "image1.png");
        img.target = None;
        assert_eq!(image_alt(&img), "");
    }
}
