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
    /// Charts, diagrams (SmartArt), embedded OLE objects, `altChunk` imports and header
    /// watermarks.
    #[serde(default)]
    pub objects: Vec<EmbeddedObject>,
    /// The body's sections (`w:sectPr`), in order, when there are more than one (a section
    /// break); empty, and absent from the JSON, for a document of one section, whose JSON is
    /// what it always was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// Content controls (`w:sdt`), in the order they start; their content is ordinary
    /// content of the blocks and paragraphs they wrap.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<ContentControl>,
    /// Which side of tracked changes `text` and the writers show.
    #[serde(default)]
    pub track_changes: TrackChanges,
    /// Whether hidden text (`w:vanish`) is part of `text` and the writers (`Options::show_hidden`,
    /// `--show-hidden`); its runs keep `hidden: true` either way.
    #[serde(default, skip_serializing_if = "is_false")]
    pub show_hidden: bool,
    /// Whether the prompts of content controls that show their placeholder were left out of
    /// `text` and the writers (`Options::hide_placeholders`, `--hide-placeholders`); their
    /// runs keep `placeholder: true` either way.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hide_placeholders: bool,
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
    /// The document's default languages (`w:docDefaults/w:rPrDefault`'s `w:lang`): the
    /// language of text that neither its run, its character style nor its paragraph style
    /// names one for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_lang: Option<Languages>,
}

/// A `w:lang`'s three languages: one per script of the text it applies to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Languages {
    /// `w:val`: Latin and other left-to-right text (`en-US`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latin: Option<String>,
    /// `w:eastAsia`: Chinese, Japanese and Korean text (`zh-CN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub east_asia: Option<String>,
    /// `w:bidi`: complex-script and right-to-left text (`ar-SA`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bidi: Option<String>,
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
    /// The paragraph starts a new page (`w:pageBreakBefore`, its own or its style's); only in
    /// the body's own flow, as Word breaks pages nowhere else.
    #[serde(default, skip_serializing_if = "is_false")]
    pub page_break_before: bool,
    /// A right-to-left paragraph (`w:bidi`): Arabic, Hebrew, Persian...
    #[serde(default, skip_serializing_if = "is_false")]
    pub rtl: bool,
    /// The language its paragraph style (or a style it is based on) gives its text, when that
    /// differs from the document's [`Metadata::default_lang`] for the text's script; a run's
    /// own [`TextRun::lang`] wins over it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub lang: Option<ArcStr>,
    /// A tracked change of the paragraph's properties (`w:pPrChange`): who made it, when, and
    /// the style before it. `style`, `style_id` and `heading` above are the current ones;
    /// writers show the old ones when changes are rejected ([`Paragraph::heading_in`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_change: Option<Box<ParagraphFormatChange>>,
}

impl Paragraph {
    /// The heading level shown in `mode`: the one before a tracked property change when
    /// changes are rejected, the current one otherwise.
    pub fn heading_in(&self, mode: TrackChanges) -> Option<u8> {
        match (mode, self.format_change.as_deref()) {
            (TrackChanges::Reject, Some(old)) => old.heading,
            _ => self.heading,
        }
    }

    /// The style display name shown in `mode` (see [`Paragraph::heading_in`]).
    pub fn style_in(&self, mode: TrackChanges) -> Option<&str> {
        match (mode, self.format_change.as_deref()) {
            (TrackChanges::Reject, Some(old)) => old.style.as_deref(),
            _ => self.style.as_deref(),
        }
    }

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

/// What an [`EmbeddedObject`] is; serialized as `chart`, `diagram`, `ole`, `alt_chunk` or
/// `watermark`.
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
    /// A text watermark (`v:textpath` in a header's VML shape: `CONFIDENTIAL`, `DRAFT`); its
    /// `text` is the watermark's, which is not part of the header's paragraphs.
    Watermark,
}

impl ObjectKind {
    /// The JSON and CSV name of the kind.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectKind::Chart => "chart",
            ObjectKind::Diagram => "diagram",
            ObjectKind::Ole => "ole",
            ObjectKind::AltChunk => "alt_chunk",
            ObjectKind::Watermark => "watermark",
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
    /// categories down); a SmartArt diagram's node texts, one per line; an embedded Word
    /// document's paragraphs, one per line; an embedded workbook's sheets, each its name on a
    /// line and then its rows, cells apart by tabs, a blank line between sheets.
    pub text: Option<String>,
    /// For an OLE object whose part is an Office package that was converted (one level deep):
    /// which kind it is. Absent for every other object.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<EmbeddedPackage>,
    pub location: Location,
}

/// The kind of Office package an OLE object embeds (`Word.Document.12`, `Excel.Sheet.12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EmbeddedPackage {
    /// A Word document (.docx, .docm): its text is its paragraphs, one per line.
    Document,
    /// An Excel workbook (.xlsx, .xlsm): its text is its sheets' cells.
    Workbook,
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
    /// Ruby (`w:ruby`): `base` text (also in the paragraph's text) with its `reading`, the
    /// small annotation above it (furigana, pinyin, bopomofo).
    Ruby {
        base: String,
        reading: String,
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
    /// Placeholder text of a content control that shows no value yet (`w:showingPlcHdr`,
    /// "Click or tap here to enter text."): kept here and in [`ContentControl::text`], left
    /// out of `text` and the writers: it is a prompt, not content.
    #[serde(default, skip_serializing_if = "is_false")]
    pub placeholder: bool,
    /// Right-to-left text (`w:rtl`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub rtl: bool,
    /// The language the run's own `w:lang`, or its character style's, gives its text (`en-US`,
    /// `zh-CN`, `ar-SA`): of its three, the complex-script one (`w:bidi`) for right-to-left
    /// text, the East Asian one (`w:eastAsia`) for text with CJK characters, else `w:val`.
    /// Absent when the run names none for its text: then the paragraph's `lang` applies, else
    /// the document's `metadata.default_lang`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub lang: Option<ArcStr>,
    /// A tracked change of the run's formatting (`w:rPrChange`): the fields above are the
    /// formatting after it, this holds who made it, when, and the formatting before it.
    // Boxed, as `change` is: rare, and most runs have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format_change: Option<Box<RunFormatChange>>,
}

impl TextRun {
    /// The run's formatting as shown in `mode`: the formatting before a tracked formatting
    /// change when changes are rejected, its current formatting otherwise.
    pub fn formatting_in(&self, mode: TrackChanges) -> RunFormatting {
        match (mode, self.format_change.as_deref()) {
            (TrackChanges::Reject, Some(change)) => change.old,
            _ => self.formatting(),
        }
    }

    /// The run's own formatting (after any tracked formatting change).
    pub fn formatting(&self) -> RunFormatting {
        RunFormatting {
            bold: self.bold,
            italic: self.italic,
            underline: self.underline,
            strike: self.strike,
            superscript: self.superscript,
            subscript: self.subscript,
        }
    }

    /// Give the run this formatting.
    pub fn set_formatting(&mut self, format: RunFormatting) {
        self.bold = format.bold;
        self.italic = format.italic;
        self.underline = format.underline;
        self.strike = format.strike;
        self.superscript = format.superscript;
        self.subscript = format.subscript;
    }

    /// Whether the run belongs in the visible text with changes accepted and hidden text left
    /// out: not hidden, not deleted or moved away. See [`TextRun::is_visible_in`] for the other modes.
    pub fn is_visible(&self) -> bool {
        self.is_visible_in(TrackChanges::Accept)
    }

    /// Whether the run is shown when tracked changes are handled as `mode`.
    pub fn is_visible_in(&self, mode: TrackChanges) -> bool {
        !self.hidden && !self.placeholder && mode.shows(self.change.as_deref())
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

/// The character formatting a tracked formatting change can alter that the writers show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RunFormatting {
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
}

/// A tracked change of a run's formatting (`w:rPrChange`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RunFormatChange {
    pub author: Option<String>,
    pub date: Option<String>,
    /// The formatting before the change (the run's own `w:rPr` inside `w:rPrChange`).
    pub old: RunFormatting,
}

/// A tracked change of a paragraph's properties (`w:pPrChange`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ParagraphFormatChange {
    pub author: Option<String>,
    pub date: Option<String>,
    /// The paragraph style id before the change (the default paragraph style when the old
    /// properties named none).
    pub style_id: Option<String>,
    /// That style's display name.
    pub style: Option<String>,
    /// The heading level before the change, from the old outline level or style.
    pub heading: Option<u8>,
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
    /// A tracked change of the table's properties (`w:tblPrChange`): who and when. The
    /// properties above are the current ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties_change: Option<Box<PropertiesChange>>,
}

/// Who changed an element's properties and when, of a tracked property change whose old
/// properties docxtract does not apply (`w:tblPrChange`, `w:sectPrChange`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct PropertiesChange {
    pub author: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Row {
    /// A header row (`w:tblHeader`), repeated on each page by Word.
    pub header: bool,
    pub cells: Vec<Cell>,
    /// A tracked insertion or deletion of the whole row (`w:trPr/w:ins`, `w:del`). The row
    /// stays in the model; writers leave out a row the chosen reading removes, and its
    /// content carries the change as any tracked text does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<Change>>,
}

impl Row {
    /// Whether the row is part of the table in `mode`.
    pub fn is_shown_in(&self, mode: TrackChanges) -> bool {
        mode.shows(self.change.as_deref())
    }

    /// The row's cells shown in `mode` (a tracked cell insertion or deletion may remove some).
    pub fn cells_in(&self, mode: TrackChanges) -> impl Iterator<Item = &Cell> {
        self.cells
            .iter()
            .filter(move |c| mode.shows(c.change.as_deref()))
    }
}

impl Table {
    /// The rows shown in `mode` (a tracked row insertion or deletion may remove some).
    pub fn rows_in(&self, mode: TrackChanges) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(move |r| r.is_shown_in(mode))
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Cell {
    /// 0-based grid column where the cell starts.
    pub column: usize,
    pub col_span: usize,
    pub row_span: usize,
    pub blocks: Vec<Block>,
    /// A tracked insertion or deletion of the cell (`w:cellIns`, `w:cellDel`). A cell the
    /// chosen reading removes stays in the model but takes no grid column: the cells after it
    /// start where it did, as in Word once the change is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<Box<Change>>,
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
    /// The sections that show this part, and on which of their pages, as Word applies them: a
    /// section without a reference of a kind inherits the previous section's; a `first`
    /// part shows only in a section with a title page (`w:titlePg`), an `even` one only when
    /// the document has different odd and even pages (`w:evenAndOddHeaders`). Absent when no
    /// section shows the part (an unreferenced part, a first-page header of sections without
    /// a title page).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionUse>,
}

/// A section that shows a header or footer, and as which kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct SectionUse {
    /// [`Section::index`].
    pub section: usize,
    pub kind: HeaderFooterKind,
}

/// A section of the body: the blocks up to and including a paragraph whose properties hold a
/// `w:sectPr`, or up to the body's own last `w:sectPr`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct Section {
    /// 0-based, in body order.
    pub index: usize,
    /// How the section starts after the one before it (`w:type`); `next_page` when unset.
    pub kind: SectionKind,
    /// The index of the section's first block ([`Paragraph::index`]).
    pub first_block: usize,
    /// The paragraph whose mark holds the section's properties (the section break); null for
    /// properties outside a paragraph (the body's last section).
    pub last_block: Option<usize>,
    /// Page width and height in twentieths of a point (`w:pgSz`; 12240 x 15840 is US Letter).
    pub page_width: Option<u32>,
    pub page_height: Option<u32>,
    /// `w:orient`, else `landscape` when the page is wider than high.
    pub orientation: Option<Orientation>,
    /// The first page has its own header and footer (`w:titlePg`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub title_page: bool,
    /// A tracked change of the section's properties (`w:sectPrChange`): who and when. The
    /// properties above are the current ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties_change: Option<Box<PropertiesChange>>,
}

/// How a section starts (`w:sectPr/w:type`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    #[default]
    NextPage,
    Continuous,
    EvenPage,
    OddPage,
    NextColumn,
}

impl SectionKind {
    /// The JSON and CSV name.
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::NextPage => "next_page",
            SectionKind::Continuous => "continuous",
            SectionKind::EvenPage => "even_page",
            SectionKind::OddPage => "odd_page",
            SectionKind::NextColumn => "next_column",
        }
    }

    /// Whether the section starts on a new page.
    pub fn starts_page(self) -> bool {
        matches!(
            self,
            SectionKind::NextPage | SectionKind::EvenPage | SectionKind::OddPage
        )
    }
}

/// Page orientation (`w:pgSz/@w:orient`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Orientation {
    Portrait,
    Landscape,
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
    /// A legacy form field's settings (`w:ffData`: `FORMTEXT`, `FORMCHECKBOX`,
    /// `FORMDROPDOWN`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<Box<FormField>>,
}

/// A legacy form field (`w:ffData` beside the field's `w:fldChar w:fldCharType="begin"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FormField {
    pub kind: FormFieldKind,
    /// `w:name`, the bookmark name Word gives the field.
    pub name: Option<String>,
    /// A checkbox's state (`w:checked`, else `w:default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// A drop-down's entries (`w:listEntry`), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<String>,
    /// The chosen entry of a drop-down (`w:result`, else `w:default`, else the first), an
    /// index in `items`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub selected: Option<usize>,
    /// A text field's default text (`w:textInput/w:default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// A text field's maximum length (`w:maxLength`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    /// What a text field holds (`w:type`: `regular`, `number`, `date`, `currentDate`,
    /// `currentTime`, `calculated`) and its format (`w:format`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
}

/// What a [`FormField`] is, serialized in snake_case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormFieldKind {
    #[default]
    Text,
    Checkbox,
    DropDown,
}

/// A content control (`w:sdt`): a typed, tagged span of content, often a form's answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[non_exhaustive]
pub struct ContentControl {
    pub kind: ControlKind,
    /// What it wraps: blocks, a run of a paragraph, table rows or table cells.
    pub level: ControlLevel,
    /// `w:tag`, the name a program gives it.
    pub tag: Option<String>,
    /// `w:alias`, the title Word shows.
    pub alias: Option<String>,
    /// `w:id`.
    pub id: Option<String>,
    /// The control shows its placeholder (`w:showingPlcHdr`): `text` is the prompt, not a
    /// value, and is not part of the paragraphs' text.
    #[serde(default, skip_serializing_if = "is_false")]
    pub placeholder: bool,
    /// The text it holds (its paragraphs joined with `\n`), or its placeholder's text. Of
    /// controls nested more than 8 deep, only the innermost 8 gather text.
    pub text: String,
    /// A checkbox's state (`w14:checked`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checked: Option<bool>,
    /// A date picker's display format (`w:dateFormat`, `yyyy-MM-dd`) and its value
    /// (`w:fullDate`, `2023-05-29T00:00:00Z`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A drop-down list's or combo box's entries (`w:listItem`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<ControlItem>,
    /// The data binding (`w:dataBinding`), with the bound value when the package holds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binding: Option<Box<DataBinding>>,
    /// Where it starts: a paragraph and offset for an inline control; for a block, row or
    /// cell control, the first block it holds, at offset 0.
    pub start: Location,
    /// Where it ends: in its paragraph for an inline control, else the end of the last
    /// paragraph it holds; null when the part never closes it.
    pub end: Option<Position>,
}

/// What a [`ContentControl`] holds, from its `w:sdtPr`; serialized in snake_case.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ControlKind {
    /// Rich text: no type element (`w:richText`, or none at all).
    #[default]
    RichText,
    /// `w:text`.
    PlainText,
    /// `w:date`.
    Date,
    /// `w:dropDownList`.
    DropDownList,
    /// `w:comboBox`.
    ComboBox,
    /// `w14:checkbox`.
    Checkbox,
    /// `w:picture`.
    Picture,
    /// `w15:repeatingSection`.
    RepeatingSection,
    /// `w15:repeatingSectionItem`: one item of a repeating section.
    RepeatingSectionItem,
    /// `w:docPartObj` / `w:docPartList`: a building block (a cover page, a table of contents).
    DocPart,
    /// `w:group`.
    Group,
    /// `w:citation`, `w:bibliography`, `w:equation` and other kinds.
    Other,
}

/// One entry of a drop-down list or combo box.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ControlItem {
    /// `w:displayText`, what the list shows.
    pub display: String,
    /// `w:value`.
    pub value: String,
}

/// A content control's binding to a custom XML part (`w:dataBinding`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DataBinding {
    /// `w:xpath`, e.g. `/ns0:invoice[1]/ns0:customer[1]`.
    pub xpath: String,
    /// `w:storeItemID`: the `ds:itemID` of the custom XML part (or of the core or extended
    /// properties).
    pub store_item_id: Option<String>,
    /// `w:prefixMappings`, the namespace prefixes the XPath uses.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_mappings: Option<String>,
    /// The value the XPath selects in that part, when the package holds it.
    pub value: Option<String>,
}

/// What a [`ContentControl`] wraps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ControlLevel {
    /// Paragraphs and tables.
    #[default]
    Block,
    /// Runs inside one paragraph.
    Inline,
    /// Table rows.
    Row,
    /// Table cells.
    Cell,
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
    /// Text cut short: a paragraph's over 4 GiB, an embedded workbook's over the part size
    /// limit.
    TextTruncated,
    /// A header or footer that no section references, read anyway.
    UnreferencedHeaderFooter,
    /// List number formats docxtract does not know, shown as decimal.
    UnknownNumberFormat,
    /// An imported (`altChunk`) document whose text could not be recovered.
    AltChunkNotConverted,
    /// An embedded Word document or Excel workbook (an OLE object) whose text could not be
    /// recovered.
    ObjectNotConverted,
    /// Data bindings of content controls left without a value: evaluating them would read
    /// their stores past the scan limit (thousands of controls bound into a large store).
    BindingsNotEvaluated,
    /// A tracked change of a table cell's vertical merge (`w:cellMerge`): the table is read as
    /// merged now, in every `--track-changes` mode.
    CellMergeChangeIgnored,
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
