//! GitHub-flavoured Markdown.
//!
//! What is written, and the choices made where the issue leaves room:
//!
//! - **Blocks** are separated by one blank line; the output ends with one `\n` (an empty
//!   document writes nothing). Empty paragraphs are left out, as pandoc does. Leading and
//!   trailing spaces and tabs of a paragraph are dropped (Markdown would drop them anyway);
//!   no-break spaces are kept. Headers and footers are not written (page furniture, as in
//!   pandoc) unless `markdown_headers_footers` asks for them: headers before the body, footers
//!   after it. Text boxes are in place, since their blocks follow their anchor paragraph.
//! - **Headings** `#`..`######` from the heading level; levels 7-9 become `######`. A numbered
//!   heading keeps Word's label as text (`## 1.2. Scope`), since the label is part of how the
//!   heading reads. Line breaks in a heading become spaces.
//! - **Emphasis**: bold `**`, italic `*`, strikethrough `~~`, superscript `<sup>`, subscript
//!   `<sub>`; underline is dropped (GFM has none). Spaces at the edges of a formatted run are
//!   moved outside the delimiters. Where CommonMark's flanking rules would still stop the
//!   delimiters from working (`中文**“引号”**中文`, or two formatted runs touching), the run
//!   is written with HTML tags instead (`<strong>`, `<em>`, `<del>`), so it always renders.
//!   No spaces are ever added or removed inside text, so CJK text stays as it is.
//! - **Tracked changes** shown on both sides (`--track-changes all`): removed text struck
//!   through, added text in `<ins>`.
//! - **Line breaks** inside a paragraph are hard breaks (`\` at the end of the line); page and
//!   column breaks are treated the same, so words never run together.
//! - **Pages and sections** (body blocks outside tables): `<!-- page break -->` on a line of its
//!   own before a paragraph that starts a new page (`w:pageBreakBefore`, or a page break
//!   before any of its text; not the document's first paragraph), and after a paragraph with a
//!   page break later in it; `<!-- section break: KIND -->` after the paragraph that ends a
//!   section, KIND being how the next section starts (`next_page`, `continuous`, `even_page`,
//!   `odd_page`, `next_column`). HTML comments: nothing shows when rendered, and the text
//!   parses back the same. A list or quote in progress ends there.
//! - **Links** `[text](url)`, `[text](#bookmark)` for internal links, `url#anchor` when both
//!   are set. Spaces at the edges of the link text are moved outside the link.
//! - **Bookmarks**: `<a id="name"></a>` where each bookmark starts; Word's hidden bookmarks
//!   (names starting with `_`) only when an internal link points at them (so a table of
//!   contents or a cross-reference lands) or with `keep_hidden_bookmarks`.
//! - **Images** `![alt](path "title")`: alt is the description, else the name; the path is the
//!   media part name (`word/media/image1.png`), or `dir/<media_file_name>` with `media_dir`;
//!   linked (external) images keep their URL.
//! - **Lists**: Word list paragraphs become nested Markdown lists, bullets as `-`, ordered items
//!   as `N.` (or `N)`) with Word's computed number (so a list that starts at 3 starts at 3)
//!   when Word's label is exactly that. Any other label, which GFM has no syntax for (`a)`,
//!   `(1)`, `i.`, `1.2.`, `一、`, `①`, `第1章`, `Article I`), is kept: the item is a bullet
//!   item whose text starts with the label, escaped as text (`- a) text`, `- 第1章 text`). Two
//!   different ordered lists that follow each other are kept apart with `<!-- -->`, as pandoc
//!   does. Empty list paragraphs are left out. A bullet drawn as a ballot box (☐, or ☒/☑
//!   checked) makes a GFM task-list item, `- [ ]` or `- [x]`. A list paragraph whose level
//!   draws no marker (a blank bullet, `numFmt none`) is a later paragraph of the item before
//!   it, indented under it, as pandoc reads it.
//! - Imported content (`w:altChunk`) is in place, a paragraph per line of its text (an import
//!   that is the whole body too).
//! - **Charts and diagrams** follow the paragraph holding them: a chart's titles as paragraphs
//!   and its cached data as a pipe table (series across, categories down), a SmartArt
//!   diagram's node texts as a bullet list.
//! - **Tables**: a GFM pipe table when every row has the same number of cells, no cell is
//!   merged, no cell holds a table, and at most the first row is flagged as a header. When no
//!   row is flagged, the first row is used as the header (pipe tables need one, and most Word
//!   tables have a visual header row without the flag), except in a nested table of one row,
//!   whose cells are data. Paragraphs of a cell are joined with
//!   `<br>`. Every other table is an HTML table with `colspan`/`rowspan`, whose cells hold
//!   Markdown between blank lines (so formatting, lists and nested tables survive).
//! - **Footnotes and endnotes** share one sequence `[^1]`, `[^2]`, ... numbered in order of
//!   first reference, with their definitions at the end (notes never referenced follow, so
//!   nothing is lost). With `comments`, comment references become `[^comment-ID]` and their
//!   definitions (`**Author**: text`) follow the notes; without it comments are left out.
//! - **Front matter** (with `front_matter`): YAML between `---` lines, with `source` and the
//!   metadata fields under their model names (`title`, `creator`, `created`, ...), strings
//!   double-quoted; `protection` as a map (`kind`, `enforced`) and the custom properties as a
//!   map `custom` of name to value. Nothing is written when every field is empty.
//! - **Escaping** is done by [`escape`], whose [`Context`] says where the text goes.
//! - **Safe to open**: a link whose target is `javascript:`, `vbscript:` or `data:` (in any
//!   spelling a browser would still read as that scheme, see [`super::safe::unsafe_url`]) is
//!   written as its text alone; such an image keeps its alt text and gets an empty target (a
//!   `data:image/png`, `gif`, `jpeg` or `webp` image stays). Control characters other than tab
//!   and newline are dropped. The JSON keeps every target and character as they are.

use crate::{HashMap, HashSet};
use std::borrow::Cow;
use std::convert::Infallible;
use std::io;

use crate::model::{
    Block, BreakKind, Cell, Comment, Document, Inline, Note, NoteKind, Paragraph, Row, SectionKind,
    Table, TextRun, TrackChanges,
};

use super::safe::{strip_controls, unsafe_url};
use super::{
    image_alt, media_file_name, plain_text, section_breaks, visit_inlines, write_through,
    BodyFacts, BodyStream, Drawing, Imports, View, WriteOptions,
};

/// Where a piece of text goes in the Markdown, which decides how it is escaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// Paragraph or heading text. The start of the string and every line after a `\n` are
    /// treated as the start of a line (list markers, `>`, `=` and the like are escaped there).
    /// A `\n` becomes a hard break.
    Text,
    /// The text of a link or the alt text of an image: like `Text`, never at a line start.
    LinkText,
    /// A link destination: in `<...>` when it holds spaces or angle brackets; parentheses,
    /// backslashes, pipes and angle brackets backslash-escaped; control characters (which no
    /// destination may hold) percent-encoded. Anything else comes back unchanged.
    Url,
    /// A link title inside `"..."`.
    Title,
    /// Text inside a pipe-table cell: like `LinkText`, with `\n` as `<br>`.
    TableCell,
}

/// Escape `s` for `context` so that a CommonMark/GFM parser gives back exactly `s` as text.
pub fn escape(s: &str, context: Context) -> String {
    escape_with(s, context, context == Context::Text).into_owned()
}

fn is_punct_char(c: char) -> bool {
    c.is_ascii_punctuation()
}

/// Whether `&` at `i` would start an entity or numeric character reference.
fn starts_entity(chars: &[char], i: usize) -> bool {
    let mut j = i + 1;
    let mut n = 0;
    while j < chars.len() && n <= 32 && (chars[j].is_ascii_alphanumeric() || chars[j] == '#') {
        j += 1;
        n += 1;
    }
    n > 0 && j < chars.len() && chars[j] == ';'
}

/// The bytes that may need a backslash (or a `<br>`) in text, wherever they stand. All ASCII,
/// so a byte scan of UTF-8 finds them.
const TEXT_SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let bytes = b"\\`*[]<|~_!&#\n\r";
    let mut i = 0;
    while i < bytes.len() {
        special[bytes[i] as usize] = true;
        i += 1;
    }
    special
};

/// Whether text needs no escaping at all: no special byte, and (at a line start) a first
/// character after the indent that cannot open a block construct. Most of a document's
/// text is so, and is then copied, not walked a character at a time.
fn needs_no_escape(s: &str, line_start: bool) -> bool {
    let bytes = s.as_bytes();
    if super::safe::any_byte(bytes, |b| TEXT_SPECIAL[b as usize]) {
        return false;
    }
    !line_start
        || bytes
            .iter()
            .find(|&&b| b != b' ' && b != b'\t')
            .is_none_or(|b| !matches!(b, b'-' | b'+' | b'=' | b'>' | b'0'..=b'9'))
}

/// `s` escaped for `context`; borrowed when it needs no escaping (most text), so that it is
/// copied once, into the output.
fn escape_with(s: &str, context: Context, line_start: bool) -> Cow<'_, str> {
    if matches!(
        context,
        Context::Text | Context::LinkText | Context::TableCell
    ) && needs_no_escape(s, line_start)
    {
        return Cow::Borrowed(s);
    }
    Cow::Owned(escape_chars(s, context, line_start))
}

/// [`escape_with`] a character at a time.
fn escape_chars(s: &str, context: Context, line_start: bool) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    match context {
        Context::Url => {
            // A destination with spaces or angle brackets is written in the `<...>` form, where
            // they are allowed (angle brackets backslash-escaped), so it comes back unchanged.
            let pointy = chars.iter().any(|c| matches!(c, ' ' | '<' | '>'));
            if pointy {
                out.push('<');
            }
            for (i, &c) in chars.iter().enumerate() {
                match c {
                    '<' | '>' | '(' | ')' | '\\' | '|' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '&' if starts_entity(&chars, i) => out.push_str("\\&"),
                    c if c.is_control() => {
                        let mut buf = [0u8; 4];
                        for b in c.encode_utf8(&mut buf).bytes() {
                            out.push_str(&format!("%{b:02X}"));
                        }
                    }
                    c => out.push(c),
                }
            }
            if pointy {
                out.push('>');
            }
            return out;
        }
        Context::Title => {
            for (i, &c) in chars.iter().enumerate() {
                match c {
                    '"' | '\\' | '|' => {
                        out.push('\\');
                        out.push(c);
                    }
                    '&' if starts_entity(&chars, i) => out.push_str("\\&"),
                    '\n' | '\r' => out.push(' '),
                    c => out.push(c),
                }
            }
            return out;
        }
        Context::Text | Context::LinkText | Context::TableCell => {}
    }
    let mut at_line_start = line_start;
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        let next = chars.get(i + 1).copied();
        if at_line_start && (c == ' ' || c == '\t') {
            out.push(c);
            continue;
        }
        if at_line_start {
            at_line_start = false;
            if line_start_needs_escape(&chars[i..]) {
                // For `1.` / `1)` the delimiter after the digits is escaped instead.
                if c.is_ascii_digit() {
                    let digits = chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
                    for &d in &chars[i..i + digits] {
                        out.push(d);
                    }
                    // The loop continues with the digits already written.
                    let rest: String = chars[i + digits..].iter().collect();
                    out.push('\\');
                    out.push_str(&escape_with(&rest, context, false));
                    return out;
                }
                out.push('\\');
                out.push(c);
                continue;
            }
        }
        match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '_' => {
                let intraword = prev.is_some_and(char::is_alphanumeric)
                    && next.is_some_and(char::is_alphanumeric);
                if !intraword {
                    out.push('\\');
                }
                out.push('_');
            }
            '!' if next.is_none() || next == Some('[') => out.push_str("\\!"),
            '&' if starts_entity(&chars, i) => out.push_str("\\&"),
            '#' if prev.is_none_or(char::is_whitespace) => out.push_str("\\#"),
            '\n' => match context {
                Context::TableCell => out.push_str("<br>"),
                _ => {
                    out.push_str("\\\n");
                    at_line_start = context == Context::Text;
                }
            },
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether a line starting with `rest` (leading spaces already written) would start a block
/// construct: a list item, a block quote, a setext underline or a thematic break.
fn line_start_needs_escape(rest: &[char]) -> bool {
    let c = rest[0];
    let next = rest.get(1).copied();
    let space_or_end = |n: Option<char>| n.is_none_or(|n| n == ' ' || n == '\t');
    match c {
        '-' | '+' => space_or_end(next) || (c == '-' && next == Some('-')),
        '=' | '>' => true,
        d if d.is_ascii_digit() => {
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            digits <= 9
                && matches!(rest.get(digits), Some('.') | Some(')'))
                && space_or_end(rest.get(digits + 1).copied())
        }
        _ => false,
    }
}

/// Certainly punctuation for CommonMark's flanking rules, whichever version of the spec the
/// reader follows (ASCII punctuation and the common general, CJK and fullwidth punctuation).
fn surely_punct(c: char) -> bool {
    is_punct_char(c)
        || matches!(c,
            '\u{a1}' | '\u{a7}' | '\u{ab}' | '\u{b6}' | '\u{b7}' | '\u{bb}' | '\u{bf}'
            | '\u{2010}'..='\u{2027}'
            | '\u{3001}'..='\u{3003}'
            | '\u{3008}'..='\u{3011}'
            | '\u{3014}'..='\u{301f}'
            | '\u{ff01}'..='\u{ff03}'
            | '\u{ff05}'..='\u{ff0a}'
            | '\u{ff0c}'..='\u{ff0f}'
            | '\u{ff1a}' | '\u{ff1b}' | '\u{ff1f}' | '\u{ff20}'
            | '\u{ff3b}'..='\u{ff3d}'
            | '\u{ff3f}' | '\u{ff5b}' | '\u{ff5d}'
            | '\u{ff5f}'..='\u{ff65}')
}

/// Possibly punctuation (or a symbol, which newer CommonMark counts as punctuation).
fn maybe_punct(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace()
}

fn left_flanking(prev: Option<char>, next: Option<char>) -> bool {
    let Some(n) = next else { return false };
    if n.is_whitespace() {
        return false;
    }
    !maybe_punct(n) || prev.is_none_or(|p| p.is_whitespace() || surely_punct(p))
}

fn right_flanking(prev: Option<char>, next: Option<char>) -> bool {
    let Some(p) = prev else { return false };
    if p.is_whitespace() {
        return false;
    }
    !maybe_punct(p) || next.is_none_or(|n| n.is_whitespace() || surely_punct(n))
}

/// Character formatting that Markdown can express.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Style {
    bold: bool,
    italic: bool,
    strike: bool,
    sup: bool,
    sub: bool,
    /// Added text shown beside removed text (`--track-changes all`): `<ins>`.
    inserted: bool,
}

impl Style {
    /// The run's formatting in `mode`: the old one of a tracked formatting change when
    /// changes are rejected.
    fn of(run: &TextRun, mode: TrackChanges) -> Style {
        let f = run.formatting_in(mode);
        Style {
            bold: f.bold,
            italic: f.italic,
            strike: f.strike,
            sup: f.superscript,
            sub: f.subscript && !f.superscript,
            inserted: false,
        }
    }

    fn emphasis(self) -> bool {
        self.bold || self.italic || self.strike
    }
}

enum Piece {
    Text(Style, String),
    Atom(String),
    Break,
}

/// How inline content is rendered where it goes.
#[derive(Clone, Copy)]
struct InlineCtx {
    escape: Context,
    /// What a line break becomes.
    brk: &'static str,
    /// Whether the rendered string starts a line (block constructs must be escaped there).
    line_start: bool,
    in_link: bool,
}

const PARAGRAPH: InlineCtx = InlineCtx {
    escape: Context::Text,
    brk: "\\\n",
    line_start: true,
    in_link: false,
};
const HEADING: InlineCtx = InlineCtx {
    escape: Context::Text,
    brk: " ",
    line_start: false,
    in_link: false,
};
const CELL: InlineCtx = InlineCtx {
    escape: Context::TableCell,
    brk: "<br>",
    line_start: false,
    in_link: false,
};

/// Write `doc` as GitHub-flavoured Markdown: [`MarkdownStream`] fed the document's blocks.
pub fn write(doc: &Document, options: &WriteOptions, out: &mut dyn io::Write) -> io::Result<()> {
    write_through::<MarkdownStream>(doc, options, out)
}

/// The Markdown of a document whose body comes block by block: the front matter, headers
/// and leading imports when it is made ([`MarkdownStream::new`]), the body's chunks as its
/// blocks come ([`MarkdownStream::block`]; a list is one chunk, written at its end), then
/// footers and the footnote definitions ([`MarkdownStream::finish`]). `rest` is the document
/// with its side tables complete; its `blocks` are never looked at, the body's are those
/// handed in. The bytes are those of [`write`], which goes through it.
pub struct MarkdownStream<'a> {
    md: Markdown<'a>,
    /// Lists, quotes and run-on paragraphs the body's blocks so far leave open.
    body: Open,
    out: Chunks<'a>,
}

impl<'a> BodyStream<'a> for MarkdownStream<'a> {
    /// Write what comes before the body.
    fn new(
        rest: &'a Document,
        body: &BodyFacts,
        options: &'a WriteOptions,
        out: &'a mut dyn io::Write,
    ) -> io::Result<Self> {
        let mut md = Markdown {
            doc: rest,
            options,
            note_order: Vec::new(),
            note_numbers: HashMap::default(),
            comment_order: Vec::new(),
            comments_listed: HashSet::default(),
            long_urls: HashMap::default(),
            long_url_count: 0,
            current_note: None,
            imports: Imports::of(rest, body),
            link_targets: internal_link_targets(rest),
            table_depth: 0,
            index: Index::of(rest),
            section_breaks: section_breaks(rest),
            first_block: body.first_block,
        };
        let mut out = Chunks { out, any: false };
        let mut emit = |chunk: String| out.emit(chunk);
        if options.front_matter {
            if let Some(fm) = front_matter(rest) {
                emit(fm)?;
            }
        }
        if options.markdown_headers_footers {
            for header in &rest.headers {
                md.blocks_with(&header.blocks, &mut emit)?;
            }
        }
        for line in md.imports.leading_lines() {
            emit(escape_with(line, Context::Text, true).into_owned())?;
        }
        Ok(MarkdownStream {
            md,
            body: Open::default(),
            out,
        })
    }

    /// Write the chunks the body's next top-level block completes.
    fn block(&mut self, block: &Block) -> io::Result<()> {
        let out = &mut self.out;
        self.md
            .block_with(&mut self.body, block, &mut |chunk| out.emit(chunk))
    }

    /// Write what the body leaves open, the footers and the definitions.
    fn finish(mut self) -> io::Result<()> {
        let out = &mut self.out;
        let mut emit = |chunk: String| out.emit(chunk);
        let md = &mut self.md;
        md.end_blocks(std::mem::take(&mut self.body), &mut emit)?;
        if md.options.markdown_headers_footers {
            for footer in &md.doc.footers {
                md.blocks_with(&footer.blocks, &mut emit)?;
            }
        }
        md.definitions(&mut emit)?;
        if self.out.any {
            self.out.out.write_all(b"\n")?;
        }
        Ok(())
    }
}

/// Where the chunks go: each written as soon as it is made, separated from the one before by
/// a blank line, so the Markdown of a whole large document is never held in memory. (`out`
/// is buffered by the caller, as the writers' contract says.)
struct Chunks<'a> {
    out: &'a mut dyn io::Write,
    /// Whether a chunk has been written.
    any: bool,
}

impl Chunks<'_> {
    fn emit(&mut self, chunk: String) -> io::Result<()> {
        if self.any {
            self.out.write_all(b"\n\n")?;
        }
        self.any = true;
        // Every chunk goes out here: the one place control characters are dropped.
        self.out.write_all(strip_controls(&chunk).as_bytes())
    }
}

/// What the blocks of a story so far leave open for the blocks after them.
#[derive(Default)]
struct Open {
    /// Chunks made for the block being written, handed on at its end.
    chunks: Vec<String>,
    list: ListState,
    /// Content of paragraphs whose mark the reading removes, to run on into the next
    /// paragraph (from the same text box, or the body), and where it came from.
    carried: String,
    carried_from: Option<usize>,
    /// Quote and code paragraphs in a row; never inside a table cell, where a fence or a
    /// block quote would end the table.
    group: RoleGroup,
}

struct Markdown<'a> {
    doc: &'a Document,
    options: &'a WriteOptions,
    /// Notes in order of first reference; the footnote number is the position + 1.
    note_order: Vec<(NoteKind, &'a str)>,
    note_numbers: HashMap<(NoteKind, &'a str), usize>,
    comment_order: Vec<&'a str>,
    /// The ids in `comment_order`.
    comments_listed: HashSet<&'a str>,
    /// Link targets longer than [`LONG_URL_BYTES`], each with its reference number (or `None`
    /// for a script link), numbered in order of first use: written once, as reference
    /// definitions.
    long_urls: HashMap<String, Option<usize>>,
    /// How many long targets have a number.
    long_url_count: usize,
    /// The note being written, whose own reference mark is left out.
    current_note: Option<(NoteKind, &'a str)>,
    imports: Imports<'a>,
    /// Bookmarks that an internal link points at: their anchors are written even for Word's
    /// hidden bookmarks (`_Toc...`, `_Ref...`), so that every such link lands.
    link_targets: HashSet<&'a str>,
    /// Tables being written around the current one (a nested table sits in an HTML cell).
    table_depth: usize,
    index: Index<'a>,
    /// The paragraphs that end a section, with how the next section starts.
    section_breaks: HashMap<usize, SectionKind>,
    /// The body's first block: a page break before it starts no new page.
    first_block: Option<usize>,
}

/// What marks a page break between blocks, and a section break (followed by its kind).
const PAGE_BREAK: &str = "<!-- page break -->";
const SECTION_BREAK: &str = "<!-- section break: ";

/// Where a paragraph's page breaks go between blocks: `Some(true)` before it when it starts a
/// new page (`w:pageBreakBefore`, or a page break before any of its text), `Some(false)` after
/// it when a page break comes later in it, `None` when it has none.
fn page_break_side(first_block: Option<usize>, p: &Paragraph) -> Option<bool> {
    let is_first_block = first_block == Some(p.index);
    if p.page_break_before && !is_first_block {
        return Some(true);
    }
    let mut text_before = false;
    let mut side = None;
    visit_inlines(&p.inlines, &mut |inline| match inline {
        Inline::Text(run) if side.is_none() && !run.text.trim().is_empty() => text_before = true,
        Inline::Break {
            kind: BreakKind::Page,
        } if side.is_none() => side = Some(!text_before),
        _ => {}
    });
    match side {
        Some(true) if is_first_block => None,
        side => side,
    }
}

/// The bookmark names internal links point at.
fn internal_link_targets(doc: &Document) -> HashSet<&str> {
    doc.links
        .iter()
        .filter(|link| link.url.is_none())
        .filter_map(|link| link.anchor.as_deref())
        .collect()
}

/// Notes and comments by id, so that each reference and definition is found in constant
/// time: scanning the lists made a document with 50,000 comments take 15 s instead of 0.2.
/// Of two with the same id, the first is the one found.
struct Index<'a> {
    notes: HashMap<(NoteKind, &'a str), &'a Note>,
    comments: HashMap<&'a str, &'a Comment>,
}

impl<'a> Index<'a> {
    fn of(doc: &'a Document) -> Self {
        let mut notes = HashMap::default();
        for n in &doc.notes {
            notes.entry((n.kind, n.id.as_str())).or_insert(n);
        }
        let mut comments = HashMap::default();
        for c in &doc.comments {
            comments.entry(c.id.as_str()).or_insert(c);
        }
        Index { notes, comments }
    }
}

/// Link targets longer than this are written once, as reference definitions at the end
/// (`[text][link-1]` ... `[link-1]: target`): real targets are far shorter, and a crafted
/// package can name one long target from thousands of links.
const LONG_URL_BYTES: usize = 2048;
const LONG_URL_LABEL: &str = "link-";

/// A nesting level of an open list.
struct ListLevel {
    level: u8,
    ordered: bool,
    num_id: u32,
    /// Column where this level's markers start.
    indent: usize,
    /// Width of the last marker written at this level plus its space.
    marker_width: usize,
}

#[derive(Default)]
struct ListState {
    lines: Vec<String>,
    stack: Vec<ListLevel>,
    /// The last lines are a continuation paragraph: the next item starts after a blank line.
    after_continuation: bool,
}

impl ListState {
    fn flush(&mut self, chunks: &mut Vec<String>) {
        if !self.lines.is_empty() {
            chunks.push(self.lines.join("\n"));
        }
        self.lines.clear();
        self.stack.clear();
        self.after_continuation = false;
    }
}

/// What a paragraph's style makes of it in Markdown, beyond a heading or a list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StyleRole {
    /// A quotation style: a block quote (`> `).
    Quote,
    /// A code style: a line of a fenced code block, its indentation kept.
    Code,
}

/// Paragraph style names that mean a quotation (lower case, a trailing number dropped: LibreOffice
/// writes `Zitat1`): Word's `Quote` and `Intense Quote`, pandoc's `Block Text`, and the words
/// localized writers use.
const QUOTE_STYLES: &[&str] = &[
    "quote",
    "intense quote",
    "block text",
    "block quote",
    "quotations",
    "zitat",
    "intensives zitat",
    "citaat",
    "cita",
    "citazione",
    "цитата",
    "引用",
    "引用文",
];

/// Paragraph style names that mean code: pandoc's `Source Code`, Word's `HTML Preformatted`,
/// `Macro Text` and `Plain Text` (all monospaced), LibreOffice's `Preformatted Text`.
const CODE_STYLES: &[&str] = &[
    "source code",
    "sourcecode",
    "code",
    "code block",
    "html preformatted",
    "macro text",
    "plain text",
    "preformatted text",
    "verbatim",
];

fn style_role(p: &Paragraph, mode: TrackChanges) -> Option<StyleRole> {
    if p.heading_in(mode).is_some() || p.list.is_some() {
        return None;
    }
    if p.monospace {
        return Some(StyleRole::Code);
    }
    let name = p.style_in(mode)?.trim();
    let name = name
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .trim_end();
    // Compared lower-cased character by character: no string made per paragraph.
    let is = |lower: &&str| name.chars().flat_map(char::to_lowercase).eq(lower.chars());
    if QUOTE_STYLES.iter().any(is) {
        Some(StyleRole::Quote)
    } else if CODE_STYLES.iter().any(is) {
        Some(StyleRole::Code)
    } else {
        None
    }
}

/// Consecutive paragraphs of one [`StyleRole`], written as one block quote or code block.
#[derive(Default)]
struct RoleGroup {
    role: Option<StyleRole>,
    lines: Vec<String>,
}

impl RoleGroup {
    fn push(&mut self, role: StyleRole, line: String) {
        self.role = Some(role);
        self.lines.push(line);
    }

    fn flush(&mut self, chunks: &mut Vec<String>) {
        let lines = std::mem::take(&mut self.lines);
        match self.role.take() {
            Some(StyleRole::Code) => {
                let end = lines.iter().rposition(|l| !l.trim().is_empty());
                let Some(end) = end else { return };
                let start = lines.iter().position(|l| !l.trim().is_empty()).unwrap_or(0);
                let body = lines[start..=end].join("\n");
                // Longer than any run of backticks in the code, so none of them closes it.
                let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                chunks.push(format!("{fence}\n{body}\n{fence}"));
            }
            Some(StyleRole::Quote) => {
                let quoted: Vec<String> = lines
                    .iter()
                    .filter(|l| !l.is_empty())
                    .map(|l| {
                        l.lines()
                            .map(|line| format!("> {line}").trim_end().to_owned())
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
                    .collect();
                if !quoted.is_empty() {
                    chunks.push(quoted.join("\n>\n"));
                }
            }
            None => {}
        }
    }
}

fn indent_continuation(s: &str, indent: usize) -> String {
    let pad = format!("\n{}", " ".repeat(indent));
    s.replace('\n', &pad)
}

impl<'a> Markdown<'a> {
    /// Render blocks as Markdown chunks, to be joined by blank lines.
    fn blocks(&mut self, blocks: &[Block]) -> Vec<String> {
        let mut chunks = Vec::new();
        let Ok(()) = self.blocks_with(blocks, &mut |chunk| -> Result<(), Infallible> {
            chunks.push(chunk);
            Ok(())
        });
        chunks
    }

    /// Render blocks as Markdown chunks, handing each to `emit` once it is complete (a list
    /// is one chunk, complete at its end).
    fn blocks_with<E>(
        &mut self,
        blocks: &[Block],
        emit: &mut impl FnMut(String) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut open = Open::default();
        for block in blocks {
            self.block_with(&mut open, block, emit)?;
        }
        self.end_blocks(open, emit)
    }

    /// Render the next block of a story, `open` what the blocks before it leave open, and
    /// hand the chunks it completes to `emit`.
    fn block_with<E>(
        &mut self,
        open: &mut Open,
        block: &Block,
        emit: &mut impl FnMut(String) -> Result<(), E>,
    ) -> Result<(), E> {
        let Open {
            chunks,
            list,
            carried,
            carried_from,
            group,
        } = open;
        let role = match block {
            Block::Paragraph(p) if self.table_depth == 0 => style_role(p, self.doc.track_changes),
            _ => None,
        };
        let imports_before = match block {
            Block::Paragraph(p) => self.imports.lines(p, true).next().is_some(),
            Block::Table(_) => false,
        };
        if group.role.is_some() && (role != group.role || imports_before) {
            group.flush(chunks);
        }
        let carry_ends = match block {
            Block::Paragraph(p) => *carried_from != p.text_box_anchor,
            Block::Table(_) => true,
        };
        if carry_ends && !carried.is_empty() {
            list.flush(chunks);
            chunks.push(std::mem::take(carried));
        }
        let page_break = match block {
            Block::Paragraph(p) if self.table_depth == 0 => page_break_side(self.first_block, p),
            _ => None,
        };
        if page_break == Some(true) {
            group.flush(chunks);
            list.flush(chunks);
            chunks.push(PAGE_BREAK.to_owned());
        }
        if let Block::Paragraph(p) = block {
            self.imported(p, true, list, chunks);
            // Rendered content is trimmed: keep a space the joined text has at the seam.
            if !carried.is_empty()
                && !carried.ends_with(' ')
                && p.text.starts_with(char::is_whitespace)
            {
                carried.push(' ');
            }
        }
        match block {
            Block::Paragraph(p) if p.joins_next(self.doc.track_changes) => {
                let content = self.inline(&p.inlines, PARAGRAPH);
                if !content.is_empty() {
                    carried.push_str(&content);
                    if p.text.ends_with(char::is_whitespace) {
                        carried.push(' ');
                    }
                }
                *carried_from = p.text_box_anchor;
            }
            Block::Paragraph(p)
                if p.heading_in(self.doc.track_changes).is_none() && p.list.is_some() =>
            {
                let carried = std::mem::take(carried);
                self.list_item(p, carried, list, chunks);
            }
            Block::Paragraph(p) if role == Some(StyleRole::Code) && carried.is_empty() => {
                list.flush(chunks);
                // Code as written: no escapes, leading spaces and tabs kept.
                let text = plain_text(&p.inlines, View::of(self.doc));
                group.push(StyleRole::Code, text.trim_end().to_owned());
            }
            Block::Paragraph(p) => {
                list.flush(chunks);
                let mut s = self.paragraph(p, std::mem::take(carried));
                // A right-to-left paragraph in an HTML block GFM renders: the blank lines
                // inside keep its content Markdown. Not in a table cell or a quote, which
                // an HTML block would end.
                if p.rtl && self.table_depth == 0 && role.is_none() && !s.is_empty() {
                    s = format!("<div dir=\"rtl\">\n\n{s}\n\n</div>");
                }
                match role {
                    Some(StyleRole::Quote) => group.push(StyleRole::Quote, s),
                    _ if !s.is_empty() => chunks.push(s),
                    _ => {}
                }
            }
            // A table all of whose rows the reading of tracked changes removes is not there.
            Block::Table(t)
                if !t.rows.is_empty() && t.rows_in(self.doc.track_changes).next().is_none() => {}
            Block::Table(t) => {
                list.flush(chunks);
                chunks.push(self.table(t));
            }
        }
        if let Block::Paragraph(p) = block {
            let after = !self.imports.drawings(p).is_empty()
                || self.imports.lines(p, false).next().is_some();
            if after {
                group.flush(chunks);
            }
            self.drawings(p, list, chunks);
            self.imported(p, false, list, chunks);
            let section_break = match self.table_depth {
                0 => self.section_breaks.get(&p.index),
                _ => None,
            };
            if section_break.is_some() || page_break == Some(false) {
                group.flush(chunks);
                list.flush(chunks);
            }
            if page_break == Some(false) {
                chunks.push(PAGE_BREAK.to_owned());
            }
            if let Some(kind) = section_break {
                chunks.push(format!("{SECTION_BREAK}{} -->", kind.as_str()));
            }
        }
        for chunk in chunks.drain(..) {
            emit(chunk)?;
        }
        Ok(())
    }

    /// The end of a story: what its blocks leave open is complete.
    fn end_blocks<E>(
        &mut self,
        open: Open,
        emit: &mut impl FnMut(String) -> Result<(), E>,
    ) -> Result<(), E> {
        let Open {
            mut chunks,
            mut list,
            carried,
            mut group,
            ..
        } = open;
        group.flush(&mut chunks);
        list.flush(&mut chunks);
        if !carried.is_empty() {
            chunks.push(carried);
        }
        for chunk in chunks {
            emit(chunk)?;
        }
        Ok(())
    }

    /// The content Word imports (`w:altChunk`) before or after `p`, a paragraph per line.
    fn imported(
        &self,
        p: &Paragraph,
        before: bool,
        list: &mut ListState,
        chunks: &mut Vec<String>,
    ) {
        for (i, line) in self.imports.lines(p, before).enumerate() {
            if i == 0 {
                list.flush(chunks);
            }
            chunks.push(escape_with(line, Context::Text, true).into_owned());
        }
    }

    /// The text of the charts, diagrams and workbooks `p` holds, after it: a chart's titles as
    /// paragraphs and its cached data as a pipe table, a diagram's nodes as a bullet list, a
    /// workbook's sheets each as its name and a pipe table.
    fn drawings(&self, p: &Paragraph, list: &mut ListState, chunks: &mut Vec<String>) {
        for drawing in self.imports.drawings(p) {
            list.flush(chunks);
            match *drawing {
                Drawing::Chart(text) => {
                    let (titles, rows) = Drawing::chart_parts(text);
                    for title in titles {
                        chunks.push(escape_with(title.trim(), Context::Text, true).into_owned());
                    }
                    if !rows.is_empty() {
                        chunks.push(chart_table(&rows));
                    }
                }
                Drawing::Workbook(text) => {
                    for (name, rows) in Drawing::workbook_sheets(text) {
                        chunks.push(escape_with(name.trim(), Context::Text, true).into_owned());
                        if !rows.is_empty() {
                            chunks.push(chart_table(&rows));
                        }
                    }
                }
                Drawing::Diagram(text) => {
                    let items: Vec<String> = text
                        .lines()
                        .map(str::trim)
                        .filter(|line| !line.is_empty())
                        .map(|line| format!("- {}", escape_with(line, Context::Text, true)))
                        .collect();
                    if !items.is_empty() {
                        chunks.push(items.join("\n"));
                    }
                }
            }
        }
    }

    /// A heading or plain paragraph; `carried` is content run on from the paragraphs before.
    fn paragraph(&mut self, p: &Paragraph, carried: String) -> String {
        let mut content = String::new();
        let heading = p.heading_in(self.doc.track_changes);
        if heading.is_some() {
            if let Some(label) = p.list.as_ref().map(|l| l.label.as_str()) {
                if !label.is_empty() {
                    content.push_str(&escape_with(label, Context::Text, false));
                    content.push(' ');
                }
            }
        }
        content.push_str(&carried);
        let ctx = if heading.is_some() {
            HEADING
        } else {
            PARAGRAPH
        };
        content.push_str(&self.inline(&p.inlines, ctx));
        let content = content.trim_matches([' ', '\t']);
        match heading {
            Some(_) if content.is_empty() => String::new(),
            Some(level) => format!("{} {}", "#".repeat(usize::from(level.clamp(1, 6))), content),
            None => content.to_owned(),
        }
    }

    fn list_item(
        &mut self,
        p: &Paragraph,
        carried: String,
        list: &mut ListState,
        chunks: &mut Vec<String>,
    ) {
        let Some(item) = &p.list else { return };
        let content = carried + &self.inline(&p.inlines, PARAGRAPH);
        if content.is_empty() {
            return;
        }
        while list.stack.last().is_some_and(|top| top.level > item.level) {
            list.stack.pop();
        }
        if item.label.trim().is_empty() {
            // No marker drawn: a later paragraph of the item before it, indented to its text.
            match list.stack.last() {
                Some(top) => {
                    let indent = top.indent + top.marker_width;
                    list.lines.push(String::new());
                    list.lines.push(format!(
                        "{}{}",
                        " ".repeat(indent),
                        indent_continuation(&content, indent)
                    ));
                    list.after_continuation = true;
                }
                None => {
                    list.flush(chunks);
                    chunks.push(content);
                }
            }
            return;
        }
        // GFM numbers items only as `N.` and `N)`: any other label Word draws (`a)`, `(1)`,
        // `一、`, `1.2.`, `Article I`) is kept as the start of a bullet item's text.
        let gfm_marker = [".", ")"]
            .into_iter()
            .find(|end| item.ordered && item.label == format!("{}{end}", item.number));
        let kept_label = (item.ordered && gfm_marker.is_none()).then_some(item.label.as_str());
        let ordered = gfm_marker.is_some();
        let mut blank_before = std::mem::take(&mut list.after_continuation);
        let indent = match list.stack.last() {
            Some(top) if top.level == item.level => {
                if top.ordered != ordered {
                    // A new list of another kind at the same place: a blank line keeps the
                    // new marker from being read as a lazy continuation line.
                    let indent = top.indent;
                    list.stack.pop();
                    list.stack.push(ListLevel {
                        level: item.level,
                        ordered,
                        num_id: item.num_id,
                        indent,
                        marker_width: 0,
                    });
                    blank_before = true;
                } else if list.stack.len() == 1 && ordered && top.num_id != item.num_id {
                    // Another ordered list right after this one: keep them apart.
                    list.flush(chunks);
                    chunks.push("<!-- -->".to_owned());
                    list.stack.push(ListLevel {
                        level: item.level,
                        ordered,
                        num_id: item.num_id,
                        indent: 0,
                        marker_width: 0,
                    });
                }
                list.stack.last().map_or(0, |top| top.indent)
            }
            parent => {
                let indent = parent.map_or(0, |top| top.indent + top.marker_width);
                list.stack.push(ListLevel {
                    level: item.level,
                    ordered,
                    num_id: item.num_id,
                    indent,
                    marker_width: 0,
                });
                indent
            }
        };
        let marker = match gfm_marker {
            Some(end) => format!("{}{end}", item.number.min(999_999_999)),
            None => "-".to_owned(),
        };
        let width = marker.len() + 1;
        // A bullet drawn as a ballot box is a task: GFM's `[ ]` / `[x]` after the marker.
        let content = match (item.ordered, item.label.as_str()) {
            (false, "\u{2610}") => format!("[ ] {content}"),
            (false, "\u{2611}" | "\u{2612}") => format!("[x] {content}"),
            _ => match kept_label {
                Some(label) => format!("{} {content}", escape_with(label, Context::Text, true)),
                None => content,
            },
        };
        if let Some(top) = list.stack.last_mut() {
            top.marker_width = width;
        }
        if blank_before {
            list.lines.push(String::new());
        }
        list.lines.push(format!(
            "{}{} {}",
            " ".repeat(indent),
            marker,
            indent_continuation(&content, indent + width)
        ));
    }

    /// Render inline content, trimmed of spaces and tabs at both ends.
    fn inline(&mut self, inlines: &[Inline], ctx: InlineCtx) -> String {
        let mut pieces = Vec::new();
        self.pieces(inlines, ctx, &mut pieces);
        render_pieces(pieces, ctx)
    }

    fn pieces(&mut self, inlines: &[Inline], ctx: InlineCtx, out: &mut Vec<Piece>) {
        for inline in inlines {
            match inline {
                Inline::Text(run) => {
                    let mode = self.doc.track_changes;
                    if !View::of(self.doc).shows(run) {
                        continue;
                    }
                    let mut style = Style::of(run, mode);
                    // Showing both sides of tracked changes: deletions are struck through,
                    // insertions underlined.
                    if let (TrackChanges::All, Some(change)) = (mode, &run.change) {
                        if change.kind.is_removal() {
                            style.strike = true;
                        } else {
                            style.inserted = true;
                        }
                    }
                    for (i, part) in run.text.split('\n').enumerate() {
                        if i > 0 {
                            out.push(Piece::Break);
                        }
                        push_text(out, style, part);
                    }
                }
                Inline::Tab => push_text(out, Style::default(), "\t"),
                Inline::Break { .. } => out.push(Piece::Break),
                Inline::Link(link) => {
                    let url: Option<std::borrow::Cow<'_, str>> = match (&link.url, &link.anchor) {
                        (Some(u), Some(a)) if !u.contains('#') && !a.is_empty() => {
                            Some(format!("{u}#{a}").into())
                        }
                        (Some(u), _) => Some(u.as_str().into()),
                        (None, Some(a)) => Some(format!("#{a}").into()),
                        (None, None) => None,
                    };
                    // A long target is written once, as a reference definition: one target
                    // named by a thousand links would otherwise be written a thousand times.
                    let reference = match &url {
                        Some(url) if url.len() > LONG_URL_BYTES && !ctx.in_link => {
                            Some(self.long_url_reference(url))
                        }
                        _ => None,
                    };
                    match url {
                        Some(_) if reference == Some(None) => self.pieces(&link.inlines, ctx, out),
                        // A script or data link keeps its text and loses the link.
                        Some(url)
                            if !ctx.in_link
                                && (reference.is_some() || !unsafe_url(&url, false)) =>
                        {
                            let plain = plain_text(&link.inlines, View::of(self.doc));
                            let text_ctx = InlineCtx {
                                escape: Context::LinkText,
                                line_start: false,
                                in_link: true,
                                ..ctx
                            };
                            let text = self.inline(&link.inlines, text_ctx);
                            let lead: String = plain
                                .chars()
                                .take_while(|c| *c == ' ' || *c == '\t')
                                .collect();
                            push_text(out, Style::default(), &lead);
                            out.push(Piece::Atom(match reference.flatten() {
                                Some(n) => format!("[{text}][{LONG_URL_LABEL}{n}]"),
                                None => format!("[{text}]({})", escape(&url, Context::Url)),
                            }));
                            if !text.is_empty() {
                                let trail: String = plain
                                    .chars()
                                    .rev()
                                    .take_while(|c| *c == ' ' || *c == '\t')
                                    .collect();
                                push_text(out, Style::default(), &trail);
                            }
                        }
                        _ => self.pieces(&link.inlines, ctx, out),
                    }
                }
                Inline::BookmarkStart { name, .. } => {
                    if !name.starts_with('_')
                        || self.options.keep_hidden_bookmarks
                        || self.link_targets.contains(name.as_str())
                    {
                        out.push(Piece::Atom(format!("<a id=\"{}\"></a>", html_attr(name))));
                    }
                }
                Inline::BookmarkEnd { .. } => {}
                // Ruby as HTML (GFM passes `<ruby>` and `<rt>` through): base and reading are
                // escaped as Markdown text, so neither can open a tag of its own.
                Inline::Ruby { base, reading } => {
                    let context = match ctx.escape {
                        Context::TableCell => Context::TableCell,
                        _ => Context::LinkText,
                    };
                    out.push(Piece::Atom(format!(
                        "<ruby>{}<rt>{}</rt></ruby>",
                        escape(base, context),
                        escape(reading, context)
                    )));
                }
                Inline::Math { display, latex, .. } => {
                    let fence = if *display { "$$" } else { "$" };
                    // `$a$$b$` would read as display math opening after `$a`: two equations
                    // side by side get a space between them.
                    if matches!(out.last(), Some(Piece::Atom(prev)) if prev.ends_with('$')) {
                        out.push(Piece::Text(Style::default(), " ".into()));
                    }
                    out.push(Piece::Atom(format!("{fence}{}{fence}", latex.trim())));
                }
                Inline::Image { image } => {
                    if let Some(img) = self.doc.images.get(*image) {
                        out.push(Piece::Atom(self.image(img)));
                    }
                }
                Inline::NoteRef { kind, id } => {
                    if self.current_note == Some((*kind, id.as_str())) {
                        continue;
                    }
                    if let Some(n) = self.note_number(*kind, id) {
                        out.push(Piece::Atom(format!("[^{n}]")));
                    }
                }
                Inline::CommentRef { id } => {
                    if self.options.comments && self.index.comments.contains_key(id.as_str()) {
                        self.list_comment(id);
                        out.push(Piece::Atom(format!("[^{}]", comment_label(id))));
                    }
                }
            }
        }
    }

    /// Give comment `id` its place in the order of definitions, unless it has one.
    fn list_comment(&mut self, id: &str) {
        // The id as the side table spells it: a body block's own is gone once it is written.
        let Some((&id, _)) = self.index.comments.get_key_value(id) else {
            return;
        };
        if self.comments_listed.insert(id) {
            self.comment_order.push(id);
        }
    }

    fn note_number(&mut self, kind: NoteKind, id: &str) -> Option<usize> {
        if let Some(n) = self.note_numbers.get(&(kind, id)) {
            return Some(*n);
        }
        // The id as the side table spells it: a body block's own is gone once it is written.
        let &note = self.index.notes.get(&(kind, id))?;
        let id = note.id.as_str();
        self.note_order.push((kind, id));
        let n = self.note_order.len();
        self.note_numbers.insert((kind, id), n);
        Some(n)
    }

    fn image(&self, img: &crate::model::ImageRef) -> String {
        let alt = image_alt(img).replace(['\n', '\r'], " ");
        let path = match img.target.as_deref() {
            Some(t) if img.external => t.to_owned(),
            Some(t) => match &self.options.media_dir {
                Some(dir) => {
                    let dir = dir.trim_end_matches('/');
                    if dir.is_empty() {
                        media_file_name(t)
                    } else {
                        format!("{dir}/{}", media_file_name(t))
                    }
                }
                None => t.to_owned(),
            },
            None => String::new(),
        };
        // A script or data target (a raster `data:` image excepted) goes: the alt text stays.
        let path = if unsafe_url(&path, true) {
            String::new()
        } else {
            path
        };
        let title = match img.title.as_deref().map(str::trim) {
            Some(t) if !t.is_empty() => format!(" \"{}\"", escape(t, Context::Title)),
            _ => String::new(),
        };
        format!(
            "![{}]({}{title})",
            escape_with(&alt, Context::LinkText, false),
            escape(&path, Context::Url)
        )
    }

    fn table(&mut self, t: &Table) -> String {
        // The rows and cells the chosen reading of tracked changes leaves.
        let mode = self.doc.track_changes;
        let rows: Vec<(&Row, Vec<&Cell>)> = t
            .rows_in(mode)
            .map(|r| (r, r.cells_in(mode).collect()))
            .collect();
        let width = rows.first().map_or(0, |(_, cells)| cells.len());
        let header_rows = rows.iter().filter(|(r, _)| r.header).count();
        let pipe = width > 0
            && rows.iter().all(|(_, cells)| {
                cells.len() == width
                    && cells.iter().all(|c| {
                        c.col_span <= 1
                            && c.row_span <= 1
                            && !c.blocks.iter().any(|b| matches!(b, Block::Table(_)))
                    })
            })
            && (header_rows == 0 || (header_rows == 1 && rows[0].0.header))
            // A nested table of one plain row would be all header: its cells are data.
            && !(self.table_depth > 0 && rows.len() == 1 && header_rows == 0);
        if pipe {
            self.pipe_table(&rows, width)
        } else {
            self.html_table(&rows)
        }
    }

    fn pipe_cell(&mut self, blocks: &[Block]) -> String {
        let mut parts = Vec::new();
        for block in blocks {
            if let Block::Paragraph(p) = block {
                let mut s = String::new();
                if let Some(label) = p.list.as_ref().map(|l| l.label.as_str()) {
                    if !label.is_empty() {
                        s.push_str(&escape_with(label, Context::TableCell, false));
                        s.push(' ');
                    }
                }
                s.push_str(&self.inline(&p.inlines, CELL));
                let s = s.trim_matches([' ', '\t']).to_owned();
                if !s.is_empty() {
                    parts.push(s);
                }
            }
        }
        parts.join("<br>")
    }

    fn pipe_table(&mut self, rows: &[(&Row, Vec<&Cell>)], width: usize) -> String {
        let mut lines = Vec::new();
        for (i, (_, cells)) in rows.iter().enumerate() {
            let cells: Vec<String> = cells.iter().map(|c| self.pipe_cell(&c.blocks)).collect();
            lines.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}", " --- |".repeat(width)));
            }
        }
        lines.join("\n")
    }

    fn html_table(&mut self, rows: &[(&Row, Vec<&Cell>)]) -> String {
        let mut s = String::from("<table>\n");
        for (row, cells) in rows {
            s.push_str("<tr>\n");
            let tag = if row.header { "th" } else { "td" };
            for cell in cells {
                s.push('<');
                s.push_str(tag);
                if cell.col_span > 1 {
                    s.push_str(&format!(" colspan=\"{}\"", cell.col_span));
                }
                if cell.row_span > 1 {
                    s.push_str(&format!(" rowspan=\"{}\"", cell.row_span));
                }
                s.push('>');
                self.table_depth += 1;
                let content = self.blocks(&cell.blocks);
                self.table_depth -= 1;
                if !content.is_empty() {
                    s.push_str("\n\n");
                    s.push_str(&content.join("\n\n"));
                    s.push_str("\n\n");
                }
                s.push_str(&format!("</{tag}>\n"));
            }
            s.push_str("</tr>\n");
        }
        s.push_str("</table>");
        s
    }

    /// Footnote definitions (notes, then comments), each a chunk handed to `emit`.
    /// The reference number of a long link target (`None`: a script link, written as its
    /// text), the target checked and numbered when first met.
    fn long_url_reference(&mut self, url: &str) -> Option<usize> {
        if let Some(&known) = self.long_urls.get(url) {
            return known;
        }
        let number = (!unsafe_url(url, false)).then(|| {
            self.long_url_count += 1;
            self.long_url_count
        });
        self.long_urls.insert(url.to_owned(), number);
        number
    }

    fn definitions<E>(&mut self, emit: &mut impl FnMut(String) -> Result<(), E>) -> Result<(), E> {
        let mut numbered: Vec<(usize, &str)> = self
            .long_urls
            .iter()
            .filter_map(|(url, number)| Some(((*number)?, &**url)))
            .collect();
        numbered.sort_unstable();
        for (n, url) in numbered {
            let url = escape(url, Context::Url);
            emit(format!("[{LONG_URL_LABEL}{n}]: {url}"))?;
        }
        let doc = self.doc;
        // Unreferenced notes get numbers after the referenced ones, once those are written
        // (writing a note may reference further notes).
        // Numbers only ever get added, so the first unnumbered note is never before `unnumbered`.
        let mut unnumbered = 0;
        let mut i = 0;
        loop {
            if i == self.note_order.len() {
                let next = doc.notes[unnumbered..]
                    .iter()
                    .position(|n| !self.note_numbers.contains_key(&(n.kind, n.id.as_str())));
                match next {
                    Some(k) => {
                        unnumbered += k;
                        let n = &doc.notes[unnumbered];
                        self.note_number(n.kind, &n.id);
                    }
                    None => break,
                }
            }
            let (kind, id) = self.note_order[i];
            i += 1;
            let Some(&note) = self.index.notes.get(&(kind, id)) else {
                continue;
            };
            self.current_note = Some((kind, id));
            let body = self.blocks(&note.blocks).join("\n\n");
            self.current_note = None;
            emit(definition(&i.to_string(), &body))?;
        }
        if self.options.comments {
            for c in &doc.comments {
                self.list_comment(&c.id);
            }
            let mut j = 0;
            while j < self.comment_order.len() {
                let id = self.comment_order[j];
                j += 1;
                let Some(&c) = self.index.comments.get(id) else {
                    continue;
                };
                let mut body = String::new();
                if let Some(author) = c.author.as_deref().filter(|a| !a.trim().is_empty()) {
                    body.push_str(&format!(
                        "**{}**: ",
                        escape_with(author.trim(), Context::LinkText, false)
                    ));
                }
                body.push_str(&self.blocks(&c.blocks).join("\n\n"));
                emit(definition(&comment_label(&c.id), &body))?;
            }
        }
        Ok(())
    }
}

/// A chart's cached data as a pipe table: the first row (the series names) is the header.
fn chart_table(rows: &[Vec<&str>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut lines = Vec::with_capacity(rows.len() + 1);
    for (i, row) in rows.iter().enumerate() {
        let cells: Vec<Cow<'_, str>> = (0..width)
            .map(|c| {
                let cell = row.get(c).map_or("", |cell| cell.trim());
                escape_with(cell, Context::TableCell, false)
            })
            .collect();
        lines.push(format!("| {} |", cells.join(" | ")));
        if i == 0 {
            lines.push(format!("|{}", " --- |".repeat(width)));
        }
    }
    lines.join("\n")
}

fn definition(label: &str, body: &str) -> String {
    let body = body.trim_end();
    if body.is_empty() {
        return format!("[^{label}]: <!-- empty -->");
    }
    let indented: Vec<String> = body
        .split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 || line.is_empty() {
                line.to_owned()
            } else {
                format!("    {line}")
            }
        })
        .collect();
    format!("[^{label}]: {}", indented.join("\n"))
}

fn comment_label(id: &str) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    format!("comment-{id}")
}

fn push_text(out: &mut Vec<Piece>, style: Style, text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(Piece::Text(last_style, last)) = out.last_mut() {
        if *last_style == style {
            last.push_str(text);
            return;
        }
    }
    out.push(Piece::Text(style, text.to_owned()));
}

fn is_blank_piece(p: &Piece) -> bool {
    match p {
        Piece::Break => true,
        Piece::Text(_, t) => t.chars().all(|c| c == ' ' || c == '\t'),
        Piece::Atom(_) => false,
    }
}

/// The first character a piece will write (as far as flanking rules care).
fn first_char(pieces: &[Piece], ctx: InlineCtx) -> Option<char> {
    match pieces.first()? {
        Piece::Atom(s) => s.chars().next(),
        Piece::Break => ctx.brk.chars().next(),
        Piece::Text(style, raw) => {
            let first = raw.chars().next()?;
            if first.is_whitespace() {
                Some(first)
            } else if style.emphasis() || style.sup || style.sub {
                // A delimiter or an HTML tag: punctuation either way.
                Some('<')
            } else {
                escape_with(raw, ctx.escape, false).chars().next()
            }
        }
    }
}

fn render_pieces(mut pieces: Vec<Piece>, ctx: InlineCtx) -> String {
    while pieces.last().is_some_and(is_blank_piece) {
        pieces.pop();
    }
    let start = pieces
        .iter()
        .position(|p| !is_blank_piece(p))
        .unwrap_or(pieces.len());
    let pieces = &pieces[start..];
    let mut out = String::new();
    for (i, piece) in pieces.iter().enumerate() {
        match piece {
            Piece::Atom(s) => {
                // `[^1]:` at the start of a line would be read as a footnote definition.
                let at_line_start = (out.is_empty() && ctx.line_start) || out.ends_with('\n');
                out.push_str(s);
                if at_line_start && s.starts_with("[^") {
                    if let Some(Piece::Text(_, t)) = pieces.get(i + 1) {
                        if t.starts_with(':') {
                            out.push('\\');
                        }
                    }
                }
            }
            Piece::Break => out.push_str(ctx.brk),
            Piece::Text(style, raw) => {
                let next = first_char(&pieces[i + 1..], ctx);
                render_span(&mut out, *style, raw, next, ctx);
            }
        }
    }
    out.trim_matches([' ', '\t']).to_owned()
}

fn render_span(out: &mut String, style: Style, raw: &str, next: Option<char>, ctx: InlineCtx) {
    if style.inserted {
        // The outermost wrapper: what it holds is written as if between two tags.
        out.push_str("<ins>");
        let inner = Style {
            inserted: false,
            ..style
        };
        render_span(out, inner, raw, Some('<'), ctx);
        out.push_str("</ins>");
        return;
    }
    let line_start =
        ((out.is_empty() && ctx.line_start) || out.ends_with('\n')) && ctx.escape == Context::Text;
    let (sup_open, sup_close) = if style.sup {
        ("<sup>", "</sup>")
    } else if style.sub {
        ("<sub>", "</sub>")
    } else {
        ("", "")
    };
    let core_start = raw.len() - raw.trim_start().len();
    let core_end = raw.trim_end().len();
    if !style.emphasis() || core_start >= core_end {
        out.push_str(sup_open);
        out.push_str(&escape_with(
            raw,
            ctx.escape,
            line_start && sup_open.is_empty(),
        ));
        out.push_str(sup_close);
        return;
    }
    let (lead, core, trail) = (
        &raw[..core_start],
        &raw[core_start..core_end],
        &raw[core_end..],
    );
    out.push_str(&escape_with(lead, ctx.escape, false));
    let core = escape_with(core, ctx.escape, false);
    let mut open: Vec<&str> = Vec::new();
    if style.strike {
        open.push("~~");
    }
    match (style.bold, style.italic) {
        (true, true) => open.push("***"),
        (true, false) => open.push("**"),
        (false, true) => open.push("*"),
        (false, false) => {}
    }
    let close: Vec<&str> = open.iter().rev().copied().collect();
    let prev = if sup_open.is_empty() {
        out.chars().last()
    } else {
        Some('>')
    };
    let after = if !sup_close.is_empty() {
        Some('<')
    } else if let Some(c) = trail.chars().next() {
        Some(c)
    } else {
        next
    };
    let mut ok = true;
    for (k, run) in open.iter().enumerate() {
        let before = if k == 0 {
            prev
        } else {
            open[k - 1].chars().last()
        };
        let following = match open.get(k + 1) {
            Some(r) => r.chars().next(),
            None => core.chars().next(),
        };
        ok &= left_flanking(before, following);
        // Never let a delimiter run touch a delimiter character written before it.
        ok &= before != run.chars().next();
    }
    for (k, run) in close.iter().enumerate() {
        let before = if k == 0 {
            core.chars().last()
        } else {
            close[k - 1].chars().last()
        };
        let following = match close.get(k + 1) {
            Some(r) => r.chars().next(),
            None => after,
        };
        ok &= right_flanking(before, following);
        ok &= following != run.chars().last();
    }
    out.push_str(sup_open);
    if ok {
        out.push_str(&open.concat());
        out.push_str(&core);
        out.push_str(&close.concat());
    } else {
        let tags: Vec<&str> = [
            (style.strike, "del"),
            (style.bold, "strong"),
            (style.italic, "em"),
        ]
        .iter()
        .filter(|(on, _)| *on)
        .map(|(_, t)| *t)
        .collect();
        for t in &tags {
            out.push_str(&format!("<{t}>"));
        }
        out.push_str(&core);
        for t in tags.iter().rev() {
            out.push_str(&format!("</{t}>"));
        }
    }
    out.push_str(sup_close);
    out.push_str(&escape_with(trail, ctx.escape, false));
}

fn html_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// YAML front matter, or `None` when there is nothing to put in it.
fn front_matter(doc: &Document) -> Option<String> {
    let m = &doc.metadata;
    let strings: [(&str, &Option<String>); 18] = [
        ("source", &doc.source.path),
        ("title", &m.title),
        ("subject", &m.subject),
        ("creator", &m.creator),
        ("keywords", &m.keywords),
        ("description", &m.description),
        ("last_modified_by", &m.last_modified_by),
        ("revision", &m.revision),
        ("created", &m.created),
        ("modified", &m.modified),
        ("application", &m.application),
        ("category", &m.category),
        ("content_status", &m.content_status),
        ("language", &m.language),
        ("template", &m.template),
        ("company", &m.company),
        ("manager", &m.manager),
        ("hyperlink_base", &m.hyperlink_base),
    ];
    let mut lines = Vec::new();
    for (key, value) in strings {
        if let Some(v) = value {
            lines.push(format!("{key}: {}", yaml_string(v)));
        }
    }
    let numbers = [
        ("pages", m.pages),
        ("words", m.words),
        ("total_time", m.total_time),
        ("lines", m.lines),
        ("paragraphs", m.paragraphs),
        ("characters", m.characters),
        ("characters_with_spaces", m.characters_with_spaces),
        ("doc_security", m.doc_security),
    ];
    for (key, value) in numbers {
        if let Some(v) = value {
            lines.push(format!("{key}: {v}"));
        }
    }
    if let Some(p) = &m.protection {
        let (kind, enforced) = (p.kind.as_str(), p.enforced);
        lines.push(format!(
            "protection:\n  kind: {kind}\n  enforced: {enforced}"
        ));
    }
    if !m.custom.is_empty() {
        // Values as quoted strings whatever their type: the JSON has the type.
        lines.push("custom:".to_string());
        for c in &m.custom {
            let (name, value) = (yaml_string(&c.name), yaml_string(&c.value));
            lines.push(format!("  {name}: {value}"));
        }
    }
    if lines.is_empty() {
        return None;
    }
    Some(format!("---\n{}\n---", lines.join("\n")))
}

/// A YAML double-quoted scalar.
fn yaml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_without_special_characters_is_copied_as_the_character_walk_would_write_it() {
        let pieces = [
            "",
            " ",
            "\t",
            "plain",
            "两个 中文",
            "- ",
            "-",
            "+ x",
            "= ",
            "> q",
            "1. ",
            "1) x",
            "12",
            "  - x",
            "\t> y",
            "a_b",
            "_a",
            "a!",
            "![",
            "&amp;",
            "& x",
            "#",
            "a#b",
            "x\ny",
            "x\r\n",
            "`",
            "*",
            "[",
            "]",
            "<",
            "|",
            "~",
            "\\",
            "é",
            "—",
            "😀",
        ];
        let contexts = [Context::Text, Context::LinkText, Context::TableCell];
        for a in pieces {
            for b in pieces {
                let s = format!("{a}{b}");
                for context in contexts {
                    for line_start in [false, true] {
                        assert_eq!(
                            escape_with(&s, context, line_start),
                            escape_chars(&s, context, line_start),
                            "{s:?} {context:?} at line start: {line_start}"
                        );
                    }
                }
            }
        }
    }

    fn bold(text: &str) -> TextRun {
        TextRun {
            text: text.into(),
            bold: true,
            ..TextRun::default()
        }
    }

    fn plain(text: &str) -> TextRun {
        TextRun {
            text: text.into(),
            ..TextRun::default()
        }
    }

    fn render(runs: Vec<TextRun>) -> String {
        let pieces = runs
            .iter()
            .map(|r| Piece::Text(Style::of(r, TrackChanges::Accept), r.text.to_string()))
            .collect();
        render_pieces(pieces, PARAGRAPH)
    }

    #[test]
    fn emphasis_uses_delimiters_where_they_work_and_html_where_they_would_not() {
        assert_eq!(render(vec![plain("a"), bold("b"), plain("c")]), "a**b**c");
        assert_eq!(render(vec![bold("b"), plain(".")]), "**b**.");
        assert_eq!(
            render(vec![plain("a"), bold("\"b\""), plain("c")]),
            "a<strong>\"b\"</strong>c"
        );
        assert_eq!(
            render(vec![plain("x "), bold("\"b\""), plain(" y")]),
            "x **\"b\"** y"
        );
        assert_eq!(render(vec![bold("a"), bold(" ")]), "**a**");
    }

    #[test]
    fn line_start_escapes_only_what_would_start_a_block() {
        assert_eq!(escape("- x", Context::Text), "\\- x");
        assert_eq!(escape("-x", Context::Text), "-x");
        assert_eq!(escape("12. x", Context::Text), "12\\. x");
        assert_eq!(escape("12.5 x", Context::Text), "12.5 x");
        assert_eq!(escape("a - b", Context::Text), "a - b");
        assert_eq!(escape("- x", Context::LinkText), "- x");
        assert_eq!(escape("a\n> b", Context::Text), "a\\\n\\> b");
        assert_eq!(escape("a\nb", Context::TableCell), "a<br>b");
        assert_eq!(escape("AT&T &amp;", Context::Text), "AT&T \\&amp;");
        assert_eq!(escape("snake_case _x", Context::Text), "snake_case \\_x");
    }
}
