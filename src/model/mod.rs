//! The document model: what docxtract recovers from a package, as plain Rust types.
//!
//! Every output format is written from these types alone. They know nothing of XML or ZIP.
//! Field names are part of the JSON contract (`docxtract/1`): add, never rename.
//!
//! The types that grow as the reader learns more (`Document`, `Source`, `Metadata`,
//! `Paragraph`, `ImageRef`; the enums `Inline`, `ObjectKind`, `WarningCode`) are
//! `#[non_exhaustive]`, so that a new field or variant is not a breaking change: outside this
//! crate they are read, matched with a `_` arm, or built from `Default` and then assigned.
//! `Block` is left exhaustive: a body holds paragraphs and tables (`w:p`, `w:tbl`; content
//! controls and custom XML are read through), and a tree walk gains from the compiler's
//! exhaustiveness check.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

pub use arcstr::{ArcStr, Substr};

/// The value of [`Document::schema`] for this version of the model.
pub const SCHEMA_VERSION: &str = "docxtract/1";

/// One converted document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Document {
    /// Always `"docxtract/1"` for this layout.
    pub schema: String,
    pub source: Source,
    pub metadata: Metadata,
    /// Body content in reading order. Text-box content follows the paragraph holding it.
    pub blocks: Vec<Block>,
    pub bookmarks: Vec<Bookmark>,
    pub images: Vec<ImageRef>,
    pub links: Vec<Link>,
    /// Footnotes and endnotes, in the order of their parts.
    pub notes: Vec<Note>,
    pub comments: Vec<Comment>,
    pub headers: Vec<HeaderFooter>,
    pub footers: Vec<HeaderFooter>,
    /// Fields (`w:fldChar` / `w:fldSimple`), with their instruction; their result is ordinary text.
    pub fields: Vec<Field>,
    /// Charts, diagrams (SmartArt), embedded OLE objects and `altChunk` imports.
    #[serde(default)]
    pub objects: Vec<EmbeddedObject>,
    /// Which side of tracked changes `text` and the writers show.
    #[serde(default)]
    pub track_changes: TrackChanges,
    /// Whether hidden text (`w:vanish`) is part of `text` and the writers (`Options::show_hidden`,
    /// `--show-hidden`); its runs keep `hidden: true` either way.
    #[serde(default, skip_serializing_if = "is_false")]
    pub show_hidden: bool,
    /// Anything skipped, repaired or not understood while reading.
    pub warnings: Vec<Warning>,
}

/// Where the document came from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Source {
    /// The input path as given, or null for standard input and in-memory documents.
    pub path: Option<String>,
    /// Size of the package in bytes.
    pub bytes: u64,
    /// SHA-256 of the package bytes, lowercase hex; null unless asked for
    /// (`Options::sha256`, `--sha256`).
    pub sha256: Option<String>,
}

/// Core (`docProps/core.xml`) and extended (`docProps/app.xml`) properties.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Metadata {
    pub title: Option<String>,
    pub subject: Option<String>,
    pub creator: Option<String>,
    pub keywords: Option<String>,
    pub description: Option<String>,
    pub last_modified_by: Option<String>,
    pub revision: Option<String>,
    /// As written in the package (W3CDTF, usually `2023-05-29T08:00:00Z`).
    pub created: Option<String>,
    pub modified: Option<String>,
    /// `Application` and, when present, `AppVersion`, e.g. `Microsoft Office Word 16.0000`.
    pub application: Option<String>,
    pub pages: Option<u64>,
    pub words: Option<u64>,
    // The fields below were added after the first release: absent from the JSON when unset,
    // so documents without them convert to what they always did.
    /// `cp:category`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `cp:contentStatus` (`Draft`, `Final`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_status: Option<String>,
    /// `dc:language` (`en-US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The attached template (`Normal.dotm`), from `docProps/app.xml` as the rest below.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    /// Total editing time in minutes (`TotalTime`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_time: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraphs: Option<u64>,
    /// Characters without spaces, as Word counts them (`Characters`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub characters: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub characters_with_spaces: Option<u64>,
    /// `DocSecurity` bit flags: 1 password protected, 2 read-only recommended, 4 read-only
    /// enforced, 8 locked for annotation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc_security: Option<u64>,
    /// The base against which relative hyperlinks resolve (`HyperlinkBase`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hyperlink_base: Option<String>,
    /// Custom properties (`docProps/custom.xml`), in package order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom: Vec<CustomProperty>,
    /// Editing restrictions (`w:documentProtection` in `word/settings.xml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protection: Option<Protection>,
}

/// One custom document property (`docProps/custom.xml`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CustomProperty {
    pub name: String,
    /// The variant type as written (`lpwstr`, `i4`, `r8`, `bool`, `filetime`, ...).
    #[serde(rename = "type")]
    pub kind: String,
    /// The value as written (`true`, `42`, `2023-05-29T08:00:00Z`); a vector's items joined
    /// with `; `.
    pub value: String,
}

/// Editing restrictions Word applies to a document (`w:documentProtection`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Protection {
    pub kind: ProtectionKind,
    /// Whether the restriction is on (`w:enforcement`); off, it is only recorded.
    pub enforced: bool,
}

/// What a protected document lets its readers change (`w:edit`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProtectionKind {
    /// No restriction (`w:edit="none"`, or no `w:edit`).
    #[default]
    None,
    ReadOnly,
    Comments,
    TrackedChanges,
    Forms,
}

impl ProtectionKind {
    /// The JSON name: `none`, `read_only`, `comments`, `tracked_changes`, `forms`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProtectionKind::None => "none",
            ProtectionKind::ReadOnly => "read_only",
            ProtectionKind::Comments => "comments",
            ProtectionKind::TrackedChanges => "tracked_changes",
            ProtectionKind::Forms => "forms",
        }
    }
}

/// A block of content: a paragraph or a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph(Paragraph),
    // Boxed: a table is bigger than a paragraph and far rarer, and a Vec<Block> gives every
    // element the size of the largest variant.
    Table(Box<Table>),
}

impl Block {
    /// The block's number, unique in the document (see [`Paragraph::index`]).
    pub fn index(&self) -> usize {
        match self {
            Block::Paragraph(p) => p.index,
            Block::Table(t) => t.index,
        }
    }

    /// How many paragraphs the block is or holds (a table's, in its cells), as
    /// [`Document::paragraphs`] counts them.
    pub fn paragraph_count(&self) -> usize {
        let mut paragraphs = Vec::new();
        collect_paragraphs(std::slice::from_ref(self), Story::Body, &mut paragraphs);
        paragraphs.len()
    }
}

/// A paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Paragraph {
    /// Number of this block, unique across the whole document: the body first, in reading order
    /// (tables and text boxes included), then headers, footers, notes and comments.
    /// Positions ([`Position::block`]) refer to it.
    pub index: usize,
    /// The paragraph style id (`w:pStyle`), which may be localized (`a3`, `berschrift1`).
    // Both shared with the styles table: a reference count per paragraph, not a string.
    #[schemars(with = "Option<String>")]
    pub style_id: Option<ArcStr>,
    /// The style's display name (`heading 1`, `Normal`).
    #[schemars(with = "Option<String>")]
    pub style: Option<ArcStr>,
    /// Heading level 1-9, from the style name or outline level, or null.
    pub heading: Option<u8>,
    // Boxed, as is `caption`: most paragraphs have neither, and inline they tripled the size
    // of every paragraph. (Serde and schemars see through Box.)
    pub list: Option<Box<ListItem>>,
    /// The paragraph's visible text: no markers, no deleted or hidden text (hidden text is in
    /// when [`Document::show_hidden`] is set); tabs as `\t`, breaks as `\n`. Character offsets in positions count Unicode scalar values of this string.
    // Stored once: each visible run's text is a slice of this buffer. (A `//` comment: doc
    // comments on fields become schema descriptions.)
    #[schemars(with = "String")]
    pub text: ArcStr,
    pub inlines: Vec<Inline>,
    /// For content of a text box: the index of the paragraph whose run holds the text box.
    pub text_box_anchor: Option<usize>,
    /// Set when the paragraph is a caption (`Caption` style or a `SEQ` field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Box<Caption>>,
    /// A tracked change to the paragraph mark (`w:pPr/w:rPr/w:ins`, `w:del`, ...). A mark that
    /// the chosen reading removes (a deleted one when changes are accepted, an inserted one
    /// when they are rejected) joins this paragraph to the next one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mark_change: Option<Box<Change>>,
    /// Its style sets it in a monospace font (Courier New, Consolas, Menlo...), the style is
    /// not the body text's default, and none of its visible text is set in another font: a
    /// code style by its looks, whatever its name.
    #[serde(default, skip_serializing_if = "is_false")]
    pub monospace: bool,
}

impl Paragraph {
    /// Whether, in `mode`, this paragraph's mark is gone and its content runs on into the next
    /// paragraph.
    pub fn joins_next(&self, mode: TrackChanges) -> bool {
        self.mark_change
            .as_deref()
            .is_some_and(|change| !mode.shows(Some(change)))
    }
}

/// A caption and what it describes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Caption {
    /// The `SEQ` identifier (`Figure`, `Table`, `图`), when the caption numbers itself.
    pub label: Option<String>,
    /// The image (index in [`Document::images`]) the caption is next to, if any.
    pub image: Option<usize>,
    /// The table block (its `index`) the caption is next to, if any.
    pub table: Option<usize>,
}

/// Which side of tracked changes to show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TrackChanges {
    /// The document as it would be with every change accepted (Word's "No Markup").
    #[default]
    Accept,
    /// As it was before the changes.
    Reject,
    /// Both: deleted and inserted text, marked in the writers.
    All,
}

impl TrackChanges {
    /// Whether text with this change (or none) is shown.
    pub fn shows(self, change: Option<&Change>) -> bool {
        match (self, change) {
            (_, None) | (TrackChanges::All, _) => true,
            (TrackChanges::Accept, Some(c)) => !c.kind.is_removal(),
            (TrackChanges::Reject, Some(c)) => c.kind.is_removal(),
        }
    }
}

/// What an [`EmbeddedObject`] is; serialized as `chart`, `diagram`, `ole` or `alt_chunk`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ObjectKind {
    /// A chart (`c:chart`), its part `word/charts/chartN.xml`.
    Chart,
    /// A SmartArt diagram (`dgm:relIds`), its part the diagram's data.
    Diagram,
    /// An OLE object (`o:OLEObject`): a spreadsheet, an equation, any embedded program's data.
    /// The default: an object known only by its relationship.
    #[default]
    Ole,
    /// An imported document (`w:altChunk`): HTML, MHT, RTF, text or a nested .docx.
    AltChunk,
}

impl ObjectKind {
    /// The JSON and CSV name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Chart => "chart",
            ObjectKind::Diagram => "diagram",
            ObjectKind::Ole => "ole",
            ObjectKind::AltChunk => "alt_chunk",
        }
    }
}

/// An embedded object that is not a picture.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EmbeddedObject {
    pub kind: ObjectKind,
    /// The part holding it (`word/charts/chart1.xml`, `word/embeddings/oleObject1.bin`).
    pub part: Option<String>,
    pub content_type: Option<String>,
    /// The OLE program id (`Excel.Sheet.12`, `Equation.3`).
    pub prog_id: Option<String>,
    /// Text recovered from it: an imported (`altChunk`) document's paragraphs, one per line; a
    /// chart's titles and then its cached data as tab-separated rows (series across,
    /// categories down); a SmartArt diagram's node texts, one per line.
    pub text: Option<String>,
    pub location: Location,
}

/// List membership of a paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ListItem {
    /// `w:numId`.
    pub num_id: u32,
    /// `w:ilvl`, 0-based.
    pub level: u8,
    /// `w:numFmt` of the level (`decimal`, `bullet`, `lowerLetter`, `chineseCounting`, ...).
    pub format: String,
    /// The computed label as Word shows it: `2.`, `b)`, `1.2.`, `•`, `三、`; empty when the
    /// level draws no marker (a blank bullet, `numFmt none`): Markdown then makes the paragraph
    /// a continuation of the item before it.
    pub label: String,
    /// True for numbered items, false for bullets.
    pub ordered: bool,
    /// The item's number at its own level (1 for the first item unless started elsewhere).
    pub number: u32,
}

/// Inline content of a paragraph, in order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Inline {
    Text(TextRun),
    /// A hyperlink (`w:hyperlink` or a `HYPERLINK` field) around its inlines.
    // Boxed: the largest variant, and links are few next to text runs.
    Link(Box<LinkSpan>),
    BookmarkStart {
        name: String,
        id: String,
    },
    BookmarkEnd {
        name: String,
        id: String,
    },
    /// An image reference: `image` is its index in [`Document::images`].
    Image {
        image: usize,
    },
    NoteRef {
        kind: NoteKind,
        id: String,
    },
    CommentRef {
        id: String,
    },
    Break {
        kind: BreakKind,
    },
    Tab,
    /// An equation (Office Math): `text` is its linear text in UnicodeMath (Unicode Technical
    /// Note #28, as Word's "Linear" view: `f(x)=a_0+∑_(n=1)^∞ (a_n cos(nπx/L))`; also in the
    /// paragraph's text), `latex` the same formula in LaTeX; `display` for a formula on its own
    /// line.
    Math {
        display: bool,
        text: String,
        latex: String,
    },
}

/// A run of text with uniform formatting.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TextRun {
    // A visible run's text is a slice of its paragraph's `text`, not a copy; hidden and deleted
    // runs, whose text the paragraph lacks, slice a buffer of their own.
    #[schemars(with = "String")]
    pub text: Substr,
    #[serde(default, skip_serializing_if = "is_false")]
    pub bold: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub italic: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub underline: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub strike: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub superscript: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub subscript: bool,
    /// Hidden text (`w:vanish`): kept here, left out of `text` and the writers unless the
    /// document was read with hidden text shown ([`Document::show_hidden`]). (`w:webHidden`
    /// text is hidden only in Word's Web Layout: it is ordinary text.)
    #[serde(default, skip_serializing_if = "is_false")]
    pub hidden: bool,
    /// Set when the run is part of a tracked change.
    // Boxed: most runs have none, and inline it was two thirds of every run.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<Change>>,
}

impl TextRun {
    /// Whether the run belongs in the visible text with changes accepted and hidden text left
    /// out: not hidden, not deleted or moved away. See [`TextRun::is_visible_in`] for the other modes.
    pub fn is_visible(&self) -> bool {
        self.is_visible_in(TrackChanges::Accept)
    }

    /// Whether the run is shown when tracked changes are handled as `mode`.
    pub fn is_visible_in(&self, mode: TrackChanges) -> bool {
        !self.hidden && mode.shows(self.change.as_deref())
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A tracked change (`w:ins`, `w:del`, `w:moveFrom`, `w:moveTo`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Change {
    pub kind: ChangeKind,
    pub author: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Insertion,
    Deletion,
    MoveFrom,
    MoveTo,
}

impl ChangeKind {
    /// Deleted and moved-away text is not part of the accepted document.
    pub fn is_removal(self) -> bool {
        matches!(self, ChangeKind::Deletion | ChangeKind::MoveFrom)
    }
}

/// A hyperlink inside a paragraph.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LinkSpan {
    /// External target (URL, `mailto:`, a file path), or null for an internal link.
    // Shared with the relationship and `Document::links`: a package that points a thousand
    // links at one long target holds it once.
    #[schemars(with = "Option<String>")]
    pub url: Option<ArcStr>,
    /// Bookmark name for an internal link (`w:anchor`, `REF`), or the fragment of a URL link.
    pub anchor: Option<String>,
    /// Its index in [`Document::links`].
    pub link: usize,
    pub inlines: Vec<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    Line,
    Page,
    Column,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Footnote,
    Endnote,
}

/// A table. Cells covered by a merge are not listed: the covering cell's spans say how far it
/// reaches, as in HTML.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    pub index: usize,
    pub style_id: Option<String>,
    /// The table's own title (`w:tblCaption`, Word's alt-text title for a table).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// The table's alt-text description (`w:tblDescription`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub rows: Vec<Row>,
    /// See [`Paragraph::text_box_anchor`].
    pub text_box_anchor: Option<usize>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    /// A header row (`w:tblHeader`), repeated on each page by Word.
    pub header: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// 0-based grid column where the cell starts.
    pub column: usize,
    pub col_span: usize,
    pub row_span: usize,
    pub blocks: Vec<Block>,
}

/// Which story of the document something sits in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Story {
    #[default]
    Body,
    Header,
    Footer,
    Footnote,
    Endnote,
    Comment,
}

impl Story {
    pub fn as_str(self) -> &'static str {
        match self {
            Story::Body => "body",
            Story::Header => "header",
            Story::Footer => "footer",
            Story::Footnote => "footnote",
            Story::Endnote => "endnote",
            Story::Comment => "comment",
        }
    }
}

/// A point in the document: a paragraph and a character offset into its `text`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Position {
    /// [`Paragraph::index`].
    pub block: usize,
    /// Unicode scalar values before the point in the paragraph's `text`.
    pub offset: usize,
}

/// Where an object sits: position, story, and whether inside a text box.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Location {
    pub block: usize,
    pub offset: usize,
    pub story: Story,
    pub text_box: bool,
}

impl Location {
    pub fn position(&self) -> Position {
        Position {
            block: self.block,
            offset: self.offset,
        }
    }
}

/// A bookmark (`w:bookmarkStart` .. `w:bookmarkEnd`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Bookmark {
    pub name: String,
    pub id: String,
    /// Word's own bookmarks, whose names start with `_` (`_GoBack`, `_Toc...`, `_Ref...`).
    pub hidden: bool,
    pub start: Location,
    /// Null when the package never closes the bookmark.
    pub end: Option<Position>,
}

/// How an image is placed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Placement {
    /// DrawingML `wp:inline`: in line with text.
    #[default]
    Inline,
    /// DrawingML `wp:anchor`: floating.
    Floating,
    /// Legacy VML (`v:imagedata`).
    Vml,
}

/// One image reference. The same media part referenced twice gives two references.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct ImageRef {
    /// `wp:docPr/@name` (`图片 3`, `IMG_256`, `Picture 1`), or the VML shape id.
    pub name: Option<String>,
    /// Alt text (`wp:docPr/@descr`, VML `alt`); pasted web images often carry their URL here.
    pub descr: Option<String>,
    /// `wp:docPr/@title` or VML `o:title`.
    pub title: Option<String>,
    /// `wp:docPr/@id`.
    pub doc_pr_id: Option<String>,
    /// Relationship id (`r:embed`, `r:link`, `r:id`).
    pub rel_id: Option<String>,
    /// The media part name (`word/media/image1.jpeg`), or the URL or path of a linked image.
    // Shared with the relationship, as link URLs are.
    #[schemars(with = "Option<String>")]
    pub target: Option<ArcStr>,
    /// A linked picture (`r:link` or an external relationship): `target` is not in the package.
    pub external: bool,
    /// Media type from `[Content_Types].xml`, e.g. `image/jpeg`.
    pub content_type: Option<String>,
    /// Extent in EMU (914400 per inch).
    pub width_emu: Option<i64>,
    pub height_emu: Option<i64>,
    pub placement: Placement,
    pub location: Location,
}

/// A hyperlink, external or internal.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Link {
    #[schemars(with = "Option<String>")]
    pub url: Option<ArcStr>,
    pub anchor: Option<String>,
    /// The link's visible text.
    pub text: String,
    pub location: Location,
}

/// A footnote or endnote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Note {
    pub kind: NoteKind,
    /// `w:id`, matching [`Inline::NoteRef`].
    pub id: String,
    pub blocks: Vec<Block>,
}

/// A comment and the span it covers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Comment {
    pub id: String,
    pub author: Option<String>,
    pub initials: Option<String>,
    pub date: Option<String>,
    pub blocks: Vec<Block>,
    /// From `w:commentRangeStart`; null when the document marks no range.
    pub start: Option<Location>,
    /// From `w:commentRangeEnd`.
    pub end: Option<Position>,
    /// For a reply, the `id` of the comment it answers (`commentsExtended.xml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_to: Option<String>,
}

/// Which pages a header or footer is for (`w:type`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HeaderFooterKind {
    #[default]
    Default,
    First,
    Even,
}

/// A header or footer part, with the first section that references it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct HeaderFooter {
    pub kind: HeaderFooterKind,
    /// 0-based section number.
    pub section: usize,
    /// The part name, e.g. `word/header1.xml`.
    pub part: String,
    pub blocks: Vec<Block>,
}

/// A field: its instruction and where its result starts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Field {
    /// The first word of the instruction, upper-cased: `HYPERLINK`, `PAGE`, `TOC`, `REF`, `SEQ`.
    pub kind: String,
    /// The whole instruction, e.g. `HYPERLINK "https://example.com" \o "tip"`.
    pub instruction: String,
    /// The displayed result, as text.
    pub result: String,
    pub location: Location,
}

/// Something skipped, repaired or not understood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// What kind of problem: a stable name to match on (the message may be reworded).
    pub code: WarningCode,
    /// The part name, e.g. `word/numbering.xml`, or empty for the package.
    pub part: String,
    pub message: String,
}

impl Warning {
    pub fn new(code: WarningCode, part: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            code,
            part: part.into(),
            message: message.into(),
        }
    }
}

/// The kind of a [`Warning`], serialized in snake_case (`part_skipped`). New codes may be
/// added; a code's meaning does not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum WarningCode {
    /// Several ZIP entries have the same name; the last is used.
    DuplicateZipEntry,
    /// An entry's Unicode Path field (0x7075) names another entry's header name.
    AmbiguousZipEntryName,
    /// No `[Content_Types].xml`: media types are guessed from extensions.
    MissingContentTypes,
    /// The main part is not where `_rels/.rels` says (or it says nothing); the usual one is read.
    MainPartFallback,
    /// A part's invalid UTF-8 was replaced with U+FFFD.
    InvalidUtf8,
    /// A part the document can do without is damaged and was skipped.
    PartSkipped,
    /// A part a relationship names is not in the package.
    MissingPart,
    /// A relationship id the XML uses is not in the part's relationships.
    MissingRelationship,
    /// The main part has no `w:body`.
    MissingBody,
    /// More than one `w:body`; all are read.
    SeveralBodies,
    /// Content or malformed XML after `w:body`, ignored.
    ContentAfterBody,
    /// Paragraph content outside a paragraph, read as a paragraph.
    ContentOutsideParagraph,
    /// An element docxtract does not know, read through as if it were not there.
    UnknownElement,
    /// Elements in namespaces that are not OOXML's, skipped with their content.
    ForeignElementsSkipped,
    /// A bookmark that is never closed.
    UnclosedBookmark,
    /// A field that is never closed (no `fldChar end`).
    UnclosedField,
    /// A field instruction that runs past its paragraph; the field is dropped.
    FieldDropped,
    /// Fields nested deeper than the limit; the deeper ones are read as their text.
    FieldsTooDeep,
    /// Paragraph text over 4 GiB, cut short.
    TextTruncated,
    /// A header or footer that no section references, read anyway.
    UnreferencedHeaderFooter,
    /// List number formats docxtract does not know, shown as decimal.
    UnknownNumberFormat,
    /// An imported (`altChunk`) document whose text could not be recovered.
    AltChunkNotConverted,
}

impl Document {
    /// All paragraphs of the document in index order: body (with tables and text boxes), then
    /// headers, footers, notes and comments, each with the story it belongs to.
    pub fn paragraphs(&self) -> Vec<(Story, &Paragraph)> {
        let mut out = Vec::new();
        collect_paragraphs(&self.blocks, Story::Body, &mut out);
        for h in &self.headers {
            collect_paragraphs(&h.blocks, Story::Header, &mut out);
        }
        for f in &self.footers {
            collect_paragraphs(&f.blocks, Story::Footer, &mut out);
        }
        for n in &self.notes {
            let story = match n.kind {
                NoteKind::Footnote => Story::Footnote,
                NoteKind::Endnote => Story::Endnote,
            };
            collect_paragraphs(&n.blocks, story, &mut out);
        }
        for c in &self.comments {
            collect_paragraphs(&c.blocks, Story::Comment, &mut out);
        }
        out.sort_by_key(|(_, p)| p.index);
        out
    }
}

fn collect_paragraphs<'a>(
    blocks: &'a [Block],
    story: Story,
    out: &mut Vec<(Story, &'a Paragraph)>,
) {
    for block in blocks {
        match block {
            Block::Paragraph(p) => out.push((story, p)),
            Block::Table(t) => {
                for row in &t.rows {
                    for cell in &row.cells {
                        collect_paragraphs(&cell.blocks, story, out);
                    }
                }
            }
        }
    }
}
