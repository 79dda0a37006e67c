//! The paragraph builder: what the XML walkers in `story.rs` (and the sub-readers beside it)
//! call once they have recognized an element. It decides what the content means: which text
//! is visible (hidden text, the tracked-change side, field instructions), how runs merge, where
//! fields, links, bookmarks and comment ranges start and end. It never sees XML, so it is
//! tested by calling its methods.
//!
//! One builder serves one story part (the body, a header, the notes...). A paragraph under
//! construction is an [`OpenParagraph`]; the builder keeps its buffers between paragraphs so
//! that their capacity is reused.

use super::fields::{field_kind, field_target};
use super::state::{Context, DocState};
use super::styles::{LangAttrs, Script};
use crate::model::{
    ArcStr, Block, Bookmark, BreakKind, Change, ContentControl, ControlLevel, EmbeddedObject,
    Field, FormField, FormFieldKind, ImageRef, Inline, Link, LinkSpan, Location, ObjectKind,
    Orientation, Paragraph, ParagraphFormatChange, Position, RunFormatChange, RunFormatting,
    Section, SectionKind, Story, Substr, TextRun, Warning, WarningCode,
};

/// Fields nest at most this deep (a table-of-contents entry is three deep). A field's result
/// holds the text of the fields inside it, so n nested fields cost n² in memory and time:
/// 10,000 of them, 44 KB of XML, made 200 MB. Deeper fields are read as their text.
pub(crate) const MAX_FIELD_DEPTH: usize = 32;

/// Content controls nest: the text inside is the text of every control around it, so only
/// the innermost this many gather it (a nest of 500 would hold the text 500 times over).
const MAX_CONTROL_TEXT_DEPTH: usize = 8;

/// Scratch buffers larger than this (one huge paragraph) are freed rather than kept.
const SCRATCH_KEEP: usize = 1 << 20;

/// `Substr` offsets are 32-bit: text past this in one paragraph is cut off, with a warning.
const MAX_PARAGRAPH_TEXT: usize = u32::MAX as usize;

/// What a `w:sectPr` says of its section, as the walker read it.
#[derive(Default)]
pub(super) struct SectionProps {
    pub kind: SectionKind,
    /// `w:pgSz` width and height, in twentieths of a point.
    pub page_size: Option<(u32, u32)>,
    /// `w:orient`: `Some(true)` for landscape.
    pub landscape: Option<bool>,
    pub title_page: bool,
    /// `w:sectPrChange`: who changed the properties and when.
    pub change: Option<crate::model::PropertiesChange>,
}

/// Formatting of the current run.
#[derive(Default, Clone, PartialEq)]
pub(super) struct RunProps {
    /// Bold, italic, underline, strike, superscript, subscript.
    pub format: RunFormatting,
    pub hidden: bool,
    /// A symbol font (`Symbol`, `Wingdings`...) whose glyphs Word stores as private-use
    /// characters U+F020..U+F0FF in the run's text.
    pub symbol_font: Option<&'static str>,
    /// The run's font (`w:rFonts`) is a monospace one; `None` when the run names no font
    /// and the paragraph style's applies.
    pub monospace: Option<bool>,
    /// Right-to-left text (`w:rtl`).
    pub rtl: bool,
    /// The run's `w:lang`, an index in the builder's table of them ([`Builder::lang`]).
    pub lang: Option<u32>,
    /// A tracked change of the run's formatting (`w:rPrChange`).
    pub format_change: Option<Box<RunFormatChange>>,
}

/// A tracked change of a paragraph's properties (`w:pPrChange`) as read: the old style and
/// outline level, resolved against the styles when the paragraph ends.
pub(super) struct ParagraphPropsChange {
    pub author: Option<String>,
    pub date: Option<String>,
    pub style_id: Option<ArcStr>,
    pub outline_level: Option<u8>,
}

/// A bookmark or comment-range boundary, as the walkers meet it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Mark {
    BookmarkStart { id: String, name: String },
    BookmarkEnd { id: String },
    CommentStart { id: String },
    CommentEnd { id: String },
}

/// A mark registered in the document, waiting for (or given) its position.
enum PendingMark {
    BookmarkStart(usize),
    BookmarkEnd(usize),
    CommentStart(String),
    CommentEnd(String),
}

/// A field between its `begin` and its `end`.
struct FieldFrame {
    instruction: String,
    in_result: bool,
    /// Index in `Document::fields` once the result starts.
    index: Option<usize>,
    /// Whether the field opened a link frame (not when already inside a link: links do not nest).
    link: bool,
    /// A legacy form field's `w:ffData`, given to the field when it is recorded.
    form: Option<Box<FormField>>,
}

/// A content control between its `w:sdt` start and end.
struct OpenControl {
    /// Index in `DocState::controls`.
    index: usize,
    /// Its `w:sdtPr` says it shows its placeholder.
    placeholder: bool,
}

/// Where a text run's text sits in the paragraph's buffers until the paragraph ends.
#[derive(Clone, Copy)]
struct RunSpan {
    start: usize,
    end: usize,
    /// In the paragraph's visible text; otherwise in the buffer of left-out text.
    visible: bool,
}

/// The growing buffers of a paragraph, kept between paragraphs for their capacity: a
/// paragraph's text costs one exact-size allocation, made at its end.
#[derive(Default)]
struct ParaScratch {
    text: String,
    other: String,
    spans: Vec<RunSpan>,
    /// Both empty; kept for their capacity. The paragraph's inlines gather in `inlines` and
    /// are moved out at its end into a vector of exactly their number.
    frames: Vec<Frame>,
    inlines: Vec<Inline>,
}

/// Inline sinks: the paragraph, and one per open link.
struct Frame {
    inlines: Vec<Inline>,
    link: Option<OpenLink>,
}

struct OpenLink {
    link: usize,
    text_start: usize,
    /// Opened by a field rather than a `w:hyperlink` element.
    from_field: bool,
}

/// A paragraph being built.
pub(super) struct OpenParagraph {
    index: usize,
    /// The visible text so far.
    text: String,
    /// Text of runs left out of `text` (hidden, deleted), one after the other.
    other: String,
    /// One per text run inline, in the order the runs were made, which is the depth-first order
    /// of the finished inlines (links included): each is given its text in that order.
    spans: Vec<RunSpan>,
    chars: usize,
    /// Inline sinks: `frames[0]` is the paragraph; each open link adds one.
    frames: Vec<Frame>,
    text_box_blocks: Vec<Block>,
    pub style_id: Option<ArcStr>,
    pub outline_level: Option<u8>,
    pub num_id: Option<u32>,
    pub num_level: Option<u8>,
    pub mark_change: Option<Change>,
    /// `w:pageBreakBefore` of the paragraph's own properties; `None` leaves it to the style.
    pub page_break_before: Option<bool>,
    /// `w:bidi`: a right-to-left paragraph.
    pub rtl: bool,
    pub format_change: Option<ParagraphPropsChange>,
    /// Whether visible text (not only spaces) came in a monospace font, in another font, or
    /// in no font of the run's own (the style decides), for [`Paragraph::monospace`].
    has_fixed_text: bool,
    has_proportional_text: bool,
    has_style_font_text: bool,
}

impl OpenParagraph {
    fn new(index: usize, scratch: ParaScratch) -> Self {
        let mut frames = scratch.frames;
        frames.push(Frame {
            inlines: scratch.inlines,
            link: None,
        });
        OpenParagraph {
            index,
            text: scratch.text,
            other: scratch.other,
            spans: scratch.spans,
            chars: 0,
            frames,
            text_box_blocks: Vec::new(),
            style_id: None,
            outline_level: None,
            num_id: None,
            num_level: None,
            mark_change: None,
            page_break_before: None,
            rtl: false,
            format_change: None,
            has_fixed_text: false,
            has_proportional_text: false,
            has_style_font_text: false,
        }
    }

    /// Add an inline that carries no text (a note or comment reference, a picture).
    pub(super) fn push_inline(&mut self, inline: Inline) {
        self.frames
            .last_mut()
            .expect("paragraph frame")
            .inlines
            .push(inline);
    }

    fn push_all(&mut self, inlines: Vec<Inline>) {
        self.frames
            .last_mut()
            .expect("paragraph frame")
            .inlines
            .extend(inlines);
    }

    /// Whether a link is open at this point.
    fn in_link(&self) -> bool {
        self.frames.iter().any(|f| f.link.is_some())
    }

    /// The current end of the paragraph's visible text.
    pub(super) fn position(&self) -> Position {
        Position {
            block: self.index,
            offset: self.chars,
        }
    }

    /// Whether `len` more bytes fit in either buffer.
    fn has_room(&self, len: usize) -> bool {
        self.text.len().max(self.other.len()).saturating_add(len) <= MAX_PARAGRAPH_TEXT
    }

    /// The blocks of a text box this paragraph holds: they follow it, anchored to it.
    pub(super) fn add_text_box_blocks(&mut self, mut blocks: Vec<Block>) {
        for block in &mut blocks {
            match block {
                Block::Paragraph(p) => {
                    p.text_box_anchor.get_or_insert(self.index);
                }
                Block::Table(t) => {
                    t.text_box_anchor.get_or_insert(self.index);
                }
            }
        }
        self.text_box_blocks.extend(blocks);
    }

    /// Close the innermost link frame, wrapping its inlines in a link inline in the parent.
    fn close_link(&mut self, links: &mut [Link]) {
        if self.frames.len() < 2 {
            return;
        }
        let frame = self.frames.pop().expect("checked");
        let Some(open) = frame.link else {
            self.push_all(frame.inlines);
            return;
        };
        let link = &mut links[open.link];
        link.text = self.text[open.text_start..].to_string();
        let span = LinkSpan {
            url: link.url.clone(),
            anchor: link.anchor.clone(),
            link: open.link,
            inlines: frame.inlines,
        };
        self.push_inline(Inline::Link(Box::new(span)));
    }
}

/// What a text box sets aside of the story around it: fields and changes do not leak in or
/// out of a text box, a story of its own.
pub(super) struct OuterStory {
    fields: Vec<FieldFrame>,
    fields_too_deep: usize,
    changes: Vec<Change>,
    last_paragraph: Option<Position>,
}

/// The builder of one story part.
pub(crate) struct Builder<'a, 'd> {
    pub state: &'d mut DocState,
    ctx: &'d Context<'d>,
    part: &'a str,
    story: Story,
    text_box_depth: usize,
    /// Tracked changes open around the current content, innermost last.
    changes: Vec<Change>,
    field_stack: Vec<FieldFrame>,
    /// Fields begun deeper than [`MAX_FIELD_DEPTH`], not yet ended: read as their text only.
    fields_too_deep: usize,
    /// Marks met between blocks, waiting for the next paragraph's start.
    pending: Vec<PendingMark>,
    last_paragraph: Option<Position>,
    scratch: ParaScratch,
    /// Content controls open around the current content, innermost last.
    controls: Vec<OpenControl>,
    /// How many of them show their placeholder: text there is a prompt, not content.
    placeholders_open: usize,
    /// The distinct `w:lang` elements met, which [`RunProps::lang`] points into.
    langs: Vec<LangAttrs>,
    /// Inline direction wrappers (`w:dir`, `w:bdo`) open, innermost last: right-to-left or
    /// not.
    directions: Vec<bool>,
    /// Whether this part's `w:cellMerge` was warned about.
    cell_merge_warned: bool,
}

impl<'a, 'd> Builder<'a, 'd> {
    pub fn new(state: &'d mut DocState, ctx: &'d Context<'d>, part: &'a str, story: Story) -> Self {
        Builder {
            state,
            ctx,
            part,
            story,
            text_box_depth: 0,
            changes: Vec::new(),
            field_stack: Vec::new(),
            fields_too_deep: 0,
            pending: Vec::new(),
            last_paragraph: None,
            scratch: ParaScratch::default(),
            controls: Vec::new(),
            placeholders_open: 0,
            langs: Vec::new(),
            directions: Vec::new(),
            cell_merge_warned: false,
        }
    }

    /// A cell's `w:cellMerge`: the merge as it is now is what every reading shows. Said once
    /// per part.
    pub(super) fn cell_merge_change(&mut self) {
        if !self.cell_merge_warned {
            self.cell_merge_warned = true;
            self.warn(
                WarningCode::CellMergeChangeIgnored,
                "tracked changes of merged table cells (w:cellMerge) are read as merged in every mode",
            );
        }
    }

    /// A `w:dir` or `w:bdo` starts: right-to-left (`rtl`) or left-to-right.
    pub(super) fn open_direction(&mut self, rtl: bool) {
        self.directions.push(rtl);
    }

    pub(super) fn close_direction(&mut self) {
        self.directions.pop();
    }

    /// Whether the innermost inline direction open is right-to-left.
    pub(super) fn in_rtl_direction(&self) -> bool {
        self.directions.last() == Some(&true)
    }

    /// A run's `w:lang` (its `w:val`, `w:eastAsia`, `w:bidi`), as an index for [`RunProps`],
    /// which stays `Copy`; `None` when it names no language.
    pub(super) fn lang(
        &mut self,
        latin: Option<&str>,
        east_asia: Option<&str>,
        bidi: Option<&str>,
    ) -> Option<u32> {
        let [latin, east_asia, bidi] =
            [latin, east_asia, bidi].map(|t| t.filter(|t| !t.is_empty()));
        if latin.is_none() && east_asia.is_none() && bidi.is_none() {
            return None;
        }
        // Looked up before anything is allocated: a document repeats a handful of them.
        let same = |a: &Option<ArcStr>, b: Option<&str>| a.as_deref() == b;
        let found = self.langs.iter().position(|l| {
            same(&l.latin, latin) && same(&l.east_asia, east_asia) && same(&l.bidi, bidi)
        });
        let i = found.unwrap_or_else(|| {
            self.langs.push(LangAttrs {
                latin: latin.map(ArcStr::from),
                east_asia: east_asia.map(ArcStr::from),
                bidi: bidi.map(ArcStr::from),
            });
            self.langs.len() - 1
        });
        u32::try_from(i).ok()
    }

    /// A run's languages once its character style's fill what its own `w:lang` leaves out
    /// (Word's order: the run, then its character style).
    pub(super) fn lang_with_style(&mut self, own: Option<u32>, style: &LangAttrs) -> Option<u32> {
        if style.is_empty() {
            return own;
        }
        let own = own.and_then(|i| self.langs.get(i as usize)).cloned();
        let lang = own.unwrap_or_default().or(style);
        self.lang(
            lang.latin.as_deref(),
            lang.east_asia.as_deref(),
            lang.bidi.as_deref(),
        )
    }

    pub fn warn(&mut self, code: WarningCode, message: impl Into<String>) {
        self.state.warn(code, self.part, message);
    }

    pub(super) fn location(&self, at: Position) -> Location {
        Location {
            block: at.block,
            offset: at.offset,
            story: self.story,
            text_box: self.text_box_depth > 0,
        }
    }

    /// The number of the next block (paragraph or table).
    pub(super) fn alloc_index(&mut self) -> usize {
        let i = self.state.next_index;
        self.state.next_index += 1;
        i
    }

    /// Where the last paragraph finished, if one has.
    pub(super) fn last_paragraph(&self) -> Option<Position> {
        self.last_paragraph
    }

    // ----- paragraphs ---------------------------------------------------------------------

    /// A new paragraph, numbered, holding the bookmark and comment marks that were waiting
    /// between blocks.
    pub(super) fn start_paragraph(&mut self) -> OpenParagraph {
        let index = self.alloc_index();
        // A paragraph inside a text box inside this one finds the scratch taken: it starts empty.
        let mut para = OpenParagraph::new(index, std::mem::take(&mut self.scratch));
        let at = para.position();
        for mark in std::mem::take(&mut self.pending) {
            // An end that waited here (no paragraph before it in the part) lies outside this
            // paragraph: it takes its start position but no inline.
            let holder = match mark {
                PendingMark::BookmarkStart(_) => Some(&mut para),
                _ => None,
            };
            self.resolve_mark(mark, at, holder);
        }
        para
    }

    /// The finished paragraph, and the blocks of the text boxes it holds, which follow it.
    pub(super) fn finish_paragraph(&mut self, mut para: OpenParagraph) -> (Paragraph, Vec<Block>) {
        // Fields still in their instruction at the paragraph end were never separated: drop
        // them, or all text after them would vanish.
        if self.field_stack.iter().any(|f| !f.in_result) {
            self.field_stack.retain(|f| f.in_result);
            self.warn(
                WarningCode::FieldDropped,
                "a field instruction runs past its paragraph; field dropped",
            );
        }
        while para.frames.len() > 1 {
            para.close_link(&mut self.state.links);
        }
        let styles = self.ctx.styles;
        let style_id = para
            .style_id
            .take()
            .or_else(|| styles.default_paragraph.clone());
        let style = style_id.as_deref().and_then(|id| styles.name(id));
        // Word breaks pages only in the body's own flow: not in headers, notes or text boxes.
        let page_break_before = self.story == Story::Body
            && self.text_box_depth == 0
            && para
                .page_break_before
                .unwrap_or_else(|| styles.page_break_before(style_id.as_deref()));
        // The style's language, written only where it is not the document's anyway.
        let lang = style_id.as_deref().and_then(|id| {
            let own = styles.lang(id);
            if own.is_empty() {
                // Most styles name no language: the text need not be read for its script.
                return None;
            }
            let (text, rtl) = (para.text.as_str(), para.rtl);
            // The text's script decided once for both sets of languages.
            let script = Script::of(text, rtl);
            let lang = own.get(script)?;
            (styles.default_lang.get(script) != Some(lang)).then(|| lang.clone())
        });
        let heading = heading_level(styles, para.outline_level, style_id.as_deref());
        let format_change = para.format_change.take().map(|old| {
            let old_id = old.style_id.or_else(|| styles.default_paragraph.clone());
            Box::new(ParagraphFormatChange {
                author: old.author,
                date: old.date,
                heading: heading_level(styles, old.outline_level, old_id.as_deref()),
                style: old_id
                    .as_deref()
                    .and_then(|id| styles.name(id))
                    .map(|n| n.to_string()),
                style_id: old_id.map(|id| id.to_string()),
            })
        });
        let (style_num, style_level) = style_id
            .as_deref()
            .map(|id| styles.numbering(id))
            .unwrap_or((None, None));
        let num_id = para.num_id.or(style_num);
        let list = match num_id {
            Some(num_id) if num_id != 0 => {
                let level = para.num_level.or(style_level).unwrap_or(0);
                self.state
                    .list_counter
                    .next_item(self.ctx.numbering, styles, num_id, level)
            }
            _ => None,
        }
        .map(Box::new);
        // A code style is a monospace style that is not the body text's own (a document
        // typed in Courier throughout is no code listing), and no run of the paragraph is set
        // in another font.
        // The style chain is walked only for a paragraph whose runs allow it.
        let monospace = !para.has_proportional_text
            && (para.has_fixed_text || para.has_style_font_text)
            && style_id.as_deref().is_some_and(|id| {
                styles.default_paragraph.as_deref() != Some(id) && styles.monospace(id)
            });
        let end = para.position();
        self.last_paragraph = Some(end);
        let mut frame = para.frames.pop().expect("paragraph frame");
        // Most paragraphs hold one or two inlines: growth slack (room for four) would be a
        // fifth of a long document's model, so they move into a vector of their exact number.
        let mut inlines: Vec<Inline> = frame.inlines.drain(..).collect();
        let text = shared(&para.text);
        let other = shared(&para.other);
        let mut spans = para.spans.iter();
        attach_run_texts(&mut inlines, &mut spans, &text, &other);
        debug_assert!(spans.next().is_none(), "a span without its text run");
        para.text.clear();
        para.other.clear();
        para.spans.clear();
        let kept = para.text.capacity().max(para.other.capacity())
            + frame.inlines.capacity() * std::mem::size_of::<Inline>();
        if kept <= SCRATCH_KEEP {
            self.scratch = ParaScratch {
                text: para.text,
                other: para.other,
                spans: para.spans,
                frames: para.frames,
                inlines: frame.inlines,
            };
        }
        let paragraph = Paragraph {
            index: para.index,
            style_id,
            style,
            heading,
            list,
            text,
            inlines,
            text_box_anchor: None,
            caption: None,
            mark_change: para.mark_change.map(Box::new),
            monospace,
            page_break_before,
            rtl: para.rtl,
            lang,
            format_change,
        };
        // A control spanning paragraphs holds their texts one per line.
        for control in self.controls.iter().rev().take(MAX_CONTROL_TEXT_DEPTH) {
            let text = &mut self.state.controls[control.index].text;
            if !text.is_empty() && !text.ends_with('\n') {
                text.push('\n');
            }
        }
        (paragraph, para.text_box_blocks)
    }

    // ----- text ---------------------------------------------------------------------------

    /// Add text to the paragraph. Returns whether it is visible text (not hidden, deleted, or
    /// part of a field instruction), so callers add matching markers only for visible text.
    pub(super) fn text(&mut self, para: &mut OpenParagraph, props: &RunProps, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        let mapped;
        let text = match props.symbol_font {
            Some(font) if text.chars().any(|c| ('\u{F020}'..='\u{F0FF}').contains(&c)) => {
                mapped = text
                    .chars()
                    .map(|c| match c {
                        '\u{F020}'..='\u{F0FF}' => {
                            super::symbols::symbol_char(font, c as u32).unwrap_or(c)
                        }
                        c => c,
                    })
                    .collect::<String>();
                mapped.as_str()
            }
            _ => text,
        };
        if let Some(pos) = self.field_stack.iter().rposition(|f| !f.in_result) {
            // Inside an instruction. The result of a field nested there (`IF { PAGE } = 1`)
            // is part of that instruction, and still that nested field's own result.
            if pos + 1 < self.field_stack.len() {
                for field in &self.field_stack[pos + 1..] {
                    if let Some(i) = field.index {
                        self.state.fields[i].result.push_str(text);
                    }
                }
                self.field_stack[pos].instruction.push_str(text);
            }
            return false;
        }
        if !self.room_for(para, text.len()) {
            return false;
        }
        // Nested changes (an insertion inside text moved away): a removal anywhere wins, since
        // the text is gone once the outer change is accepted.
        let change = self
            .changes
            .iter()
            .rev()
            .find(|c| c.kind.is_removal())
            .or(self.changes.last());
        let placeholder = self.placeholders_open > 0;
        let lang = props
            .lang
            .and_then(|i| self.langs.get(i as usize))
            .and_then(|l| l.of(text, props.rtl));
        let visible = (!props.hidden || self.ctx.show_hidden)
            && !(placeholder && self.ctx.hide_placeholders)
            && self.ctx.track_changes.shows(change);
        if visible {
            let seen = match props.monospace {
                Some(true) => &mut para.has_fixed_text,
                Some(false) => &mut para.has_proportional_text,
                None => &mut para.has_style_font_text,
            };
            // Once per kind of font and paragraph: the first non-space character settles it.
            if !*seen {
                *seen = text.chars().any(|c| !c.is_whitespace());
            }
        }
        if text != "\t" && text != "\n" {
            let start = if visible {
                para.text.len()
            } else {
                para.other.len()
            };
            let end = start + text.len();
            let frame = para.frames.last_mut().expect("paragraph frame");
            // The last inline of the innermost frame, if a text run, is the last run made: its
            // span is the last one. Merge only text that follows it in the same buffer.
            let merged = match (frame.inlines.last(), para.spans.last_mut()) {
                (Some(Inline::Text(last)), Some(span))
                    if same_format(last, props, change, placeholder)
                        && last.lang.as_ref() == lang
                        && span.visible == visible
                        && span.end == start =>
                {
                    span.end = end;
                    true
                }
                _ => false,
            };
            if !merged {
                let mut run = TextRun {
                    // Given at the paragraph's end, when its buffers become shared strings.
                    text: Substr::new(),
                    hidden: props.hidden,
                    change: change.map(|c| Box::new(c.clone())),
                    placeholder,
                    rtl: props.rtl,
                    lang: lang.cloned(),
                    format_change: props.format_change.clone(),
                    ..TextRun::default()
                };
                run.set_formatting(props.format);
                frame.inlines.push(Inline::Text(run));
                para.spans.push(RunSpan {
                    start,
                    end,
                    visible,
                });
            }
            if !visible {
                para.other.push_str(text);
            }
        }
        if visible {
            para.text.push_str(text);
            para.chars += text.chars().count();
            for field in self.field_stack.iter().filter(|f| f.in_result) {
                if let Some(i) = field.index {
                    self.state.fields[i].result.push_str(text);
                }
            }
        }
        if visible || placeholder {
            self.control_text(text);
        }
        visible
    }

    /// Text shown inside the open content controls (or their placeholders) is their text.
    fn control_text(&mut self, text: &str) {
        for control in self.controls.iter().rev().take(MAX_CONTROL_TEXT_DEPTH) {
            self.state.controls[control.index].text.push_str(text);
        }
    }

    /// A tab: `\t` in the text and a tab inline, when visible.
    pub(super) fn tab(&mut self, para: &mut OpenParagraph, props: &RunProps) {
        if self.text(para, props, "\t") {
            para.push_inline(Inline::Tab);
        }
    }

    /// A break: `\n` in the text and a break inline, when visible.
    pub(super) fn line_break(
        &mut self,
        para: &mut OpenParagraph,
        props: &RunProps,
        kind: BreakKind,
    ) {
        if self.text(para, props, "\n") {
            para.push_inline(Inline::Break { kind });
        }
    }

    /// A formula: its linear text goes into the paragraph's text, unless inside an instruction.
    pub(super) fn formula(
        &mut self,
        para: &mut OpenParagraph,
        text: String,
        latex: String,
        display: bool,
    ) {
        if self.field_stack.iter().any(|f| !f.in_result) {
            return;
        }
        if !self.room_for(para, text.len()) {
            return;
        }
        para.text.push_str(&text);
        para.chars += text.chars().count();
        para.push_inline(Inline::Math {
            display,
            text,
            latex,
        });
    }

    /// Ruby: `base` is text of the paragraph (shown as the run around it would be), and the
    /// inline keeps the `reading` written above it.
    pub(super) fn ruby(
        &mut self,
        para: &mut OpenParagraph,
        props: &RunProps,
        base: String,
        reading: String,
    ) {
        if base.is_empty() && reading.is_empty() {
            return;
        }
        let start = para.text.len();
        // The base goes through `text` (visibility, field results, controls); only visible
        // ruby gets the inline, and the base's run gives way to it.
        if !self.text(para, props, &base) && !base.is_empty() {
            return;
        }
        let frame = para.frames.last_mut().expect("paragraph frame");
        if !base.is_empty() {
            if let (Some(Inline::Text(_)), Some(span)) =
                (frame.inlines.last(), para.spans.last_mut())
            {
                if span.start == start {
                    frame.inlines.pop();
                    para.spans.pop();
                } else {
                    // The base merged into the run before it: that run ends where it begins.
                    span.end = start;
                }
            }
        }
        frame.inlines.push(Inline::Ruby { base, reading });
    }

    /// Whether `len` more bytes of text fit in the paragraph (run slices have 32-bit
    /// offsets); when they do not, the text is cut short with a warning.
    fn room_for(&mut self, para: &OpenParagraph, len: usize) -> bool {
        let fits = para.has_room(len);
        if !fits {
            self.warn(
                WarningCode::TextTruncated,
                "paragraph text over 4 GiB cut short",
            );
        }
        fits
    }

    // ----- tracked changes ----------------------------------------------------------------

    /// Content from here to [`Self::close_change`] is part of `change`.
    pub(super) fn open_change(&mut self, change: Change) {
        self.changes.push(change);
    }

    pub(super) fn close_change(&mut self) {
        self.changes.pop();
    }

    // ----- fields -------------------------------------------------------------------------

    /// A field begins; `instruction` is the whole instruction of a `w:fldSimple`, and empty
    /// for a `w:fldChar` field, whose instruction text follows.
    pub(super) fn field_begin(&mut self, instruction: String) {
        if self.field_stack.len() >= MAX_FIELD_DEPTH || self.fields_too_deep > 0 {
            if self.fields_too_deep == 0 {
                self.warn(
                    WarningCode::FieldsTooDeep,
                    format!(
                        "fields nested deeper than {MAX_FIELD_DEPTH}: the deeper ones are read as \
                     their text"
                    ),
                );
            }
            self.fields_too_deep += 1;
            return;
        }
        self.field_stack.push(FieldFrame {
            instruction,
            in_result: false,
            index: None,
            link: false,
            form: None,
        });
    }

    /// The innermost field, just begun, is a legacy form field with these settings.
    pub(super) fn form_field(&mut self, form: FormField) {
        if self.fields_too_deep > 0 {
            return;
        }
        if let Some(top) = self.field_stack.last_mut().filter(|f| !f.in_result) {
            top.form = Some(Box::new(form));
        }
    }

    /// Text of the innermost field's instruction (`w:instrText`).
    pub(super) fn instruction_text(&mut self, text: &str) {
        // The instruction of a field nested too deep is not kept.
        if self.fields_too_deep > 0 {
            return;
        }
        if let Some(top) = self.field_stack.last_mut().filter(|f| !f.in_result) {
            top.instruction.push_str(text);
        }
    }

    /// The instruction is complete: record the field and, for links, open a link frame.
    pub(super) fn field_separate(&mut self, para: &mut OpenParagraph) {
        if self.fields_too_deep > 0 {
            return;
        }
        let Some(top) = self.field_stack.last() else {
            return;
        };
        if top.in_result {
            return;
        }
        let instruction = top.instruction.trim().to_string();
        let index = self.state.fields.len();
        let location = self.location(para.position());
        let form = self.field_stack.last_mut().and_then(|f| f.form.take());
        self.state.fields.push(Field {
            kind: field_kind(&instruction),
            instruction: instruction.clone(),
            result: String::new(),
            location,
            form,
        });
        if let Some(top) = self.field_stack.last_mut() {
            top.in_result = true;
            top.index = Some(index);
        }
        // A `PAGEREF \h` inside a TOC entry's hyperlink points where the entry already does.
        let in_link = para.in_link();
        if let Some(target) = field_target(&instruction).filter(|_| !in_link) {
            let (url, anchor) = target.into_url_and_anchor();
            self.open_link(para, url.map(Into::into), anchor, true);
            if let Some(top) = self.field_stack.last_mut() {
                top.link = true;
            }
        }
    }

    pub(super) fn field_end(&mut self, para: &mut OpenParagraph) {
        if self.fields_too_deep > 0 {
            self.fields_too_deep -= 1;
            return;
        }
        let Some(mut top) = self.field_stack.pop() else {
            return;
        };
        let shown_value = form_value(&top, &self.state.fields);
        if top.in_result {
            if top.link
                && para
                    .frames
                    .last()
                    .is_some_and(|f| f.link.as_ref().is_some_and(|l| l.from_field))
            {
                para.close_link(&mut self.state.links);
            }
        } else {
            // A field without a result (begin, instruction, end): keep its instruction.
            let instruction = top.instruction.trim().to_string();
            let location = self.location(para.position());
            self.state.fields.push(Field {
                kind: field_kind(&instruction),
                instruction,
                result: String::new(),
                location,
                form: top.form.take(),
            });
        }
        // A checkbox or drop-down form field keeps no result: Word draws its state.
        if let Some(value) = shown_value {
            self.text(para, &RunProps::default(), &value);
        }
    }

    /// A simple field (`w:fldSimple`): its instruction is whole, its content is the result.
    /// It ends with [`Self::field_end`].
    pub(super) fn simple_field(&mut self, para: &mut OpenParagraph, instruction: String) {
        self.field_begin(instruction);
        self.field_separate(para);
    }

    // ----- content controls ---------------------------------------------------------------

    /// A content control (`w:sdt`) starts: inline at the paragraph's current point, or
    /// around the blocks (rows, cells) that follow. Its properties come next, with
    /// [`Self::control_properties`].
    pub(super) fn open_control(&mut self, level: ControlLevel, para: Option<&OpenParagraph>) {
        let at = match para {
            Some(para) => para.position(),
            None => Position {
                block: self.state.next_index,
                offset: 0,
            },
        };
        let index = self.state.controls.len();
        self.state.controls.push(ContentControl {
            level,
            start: self.location(at),
            ..ContentControl::default()
        });
        self.controls.push(OpenControl {
            index,
            placeholder: false,
        });
    }

    /// The innermost control's `w:sdtPr`: its kind, names, items, binding, placeholder flag.
    pub(super) fn control_properties(&mut self, props: ContentControl) {
        let Some(open) = self.controls.last_mut() else {
            return;
        };
        let control = &mut self.state.controls[open.index];
        let (level, start) = (control.level, control.start);
        *control = ContentControl {
            level,
            start,
            ..props
        };
        if control.placeholder && !open.placeholder {
            open.placeholder = true;
            self.placeholders_open += 1;
        }
    }

    /// The innermost control ends: in `para` for an inline one, else after the last block.
    pub(super) fn close_control(&mut self, para: Option<&OpenParagraph>) {
        let Some(open) = self.controls.pop() else {
            return;
        };
        if open.placeholder {
            self.placeholders_open -= 1;
        }
        let control = &mut self.state.controls[open.index];
        let end = match para {
            Some(para) => para.position(),
            // A block control that holds no paragraph ends where it starts.
            None => self
                .last_paragraph
                .filter(|last| last.block >= control.start.block)
                .unwrap_or(control.start.position()),
        };
        control.end = Some(end);
        let kept = control.text.trim_end_matches('\n').len();
        control.text.truncate(kept);
    }

    // ----- links --------------------------------------------------------------------------

    /// A link starts here; `from_field` for a `HYPERLINK`/`REF \h` field's result.
    pub(super) fn open_link(
        &mut self,
        para: &mut OpenParagraph,
        url: Option<ArcStr>,
        anchor: Option<String>,
        from_field: bool,
    ) {
        let link = self.state.links.len();
        let location = self.location(para.position());
        self.state.links.push(Link {
            url,
            anchor,
            text: String::new(),
            location,
        });
        para.frames.push(Frame {
            inlines: Vec::new(),
            link: Some(OpenLink {
                link,
                text_start: para.text.len(),
                from_field,
            }),
        });
    }

    /// The innermost open link ends.
    pub(super) fn close_link(&mut self, para: &mut OpenParagraph) {
        para.close_link(&mut self.state.links);
    }

    // ----- marks --------------------------------------------------------------------------

    /// A bookmark or comment-range boundary. Inside a paragraph it takes the current
    /// position; between blocks a start waits for the next paragraph's start and an end
    /// takes the previous paragraph's end.
    pub(super) fn mark(&mut self, mark: Mark, para: Option<&mut OpenParagraph>) {
        let Some(mark) = self.register_mark(mark) else {
            return;
        };
        match (para, mark) {
            (Some(para), mark) => {
                let at = para.position();
                self.resolve_mark(mark, at, Some(para));
            }
            (None, mark @ (PendingMark::BookmarkEnd(_) | PendingMark::CommentEnd(_)))
                if self.last_paragraph.is_some() =>
            {
                let at = self.last_paragraph.expect("checked");
                self.resolve_mark(mark, at, None);
            }
            (None, mark) => self.pending.push(mark),
        }
    }

    /// Record a mark in the document; `None` for an end without a start (noise, ignored).
    fn register_mark(&mut self, mark: Mark) -> Option<PendingMark> {
        Some(match mark {
            Mark::BookmarkStart { id, name } => {
                let i = self.state.bookmarks.len();
                let start = self.location(Position::default());
                self.state.bookmarks.push(Bookmark {
                    hidden: name.starts_with('_'),
                    name,
                    id: id.clone(),
                    start,
                    end: None,
                });
                self.state.open_bookmarks.insert(id, i);
                PendingMark::BookmarkStart(i)
            }
            Mark::BookmarkEnd { id } => {
                PendingMark::BookmarkEnd(self.state.open_bookmarks.remove(&id)?)
            }
            Mark::CommentStart { id } => PendingMark::CommentStart(id),
            Mark::CommentEnd { id } => PendingMark::CommentEnd(id),
        })
    }

    /// Give a mark its position; `para`, when the mark is in it, also gets a bookmark inline.
    fn resolve_mark(&mut self, mark: PendingMark, at: Position, para: Option<&mut OpenParagraph>) {
        match mark {
            PendingMark::BookmarkStart(i) => self.place_bookmark(i, true, at, para),
            PendingMark::BookmarkEnd(i) => self.place_bookmark(i, false, at, para),
            PendingMark::CommentStart(id) => {
                let loc = self.location(at);
                self.state.comment_spans.entry(id).or_default().start = Some(loc);
            }
            PendingMark::CommentEnd(id) => {
                self.state.comment_spans.entry(id).or_default().end = Some(at);
            }
        }
    }

    /// Set a bookmark's start or end; `para`, when the boundary is in it, gets its inline.
    fn place_bookmark(
        &mut self,
        i: usize,
        is_start: bool,
        at: Position,
        para: Option<&mut OpenParagraph>,
    ) {
        if is_start {
            self.state.bookmarks[i].start = self.location(at);
        } else {
            self.state.bookmarks[i].end = Some(at);
        }
        if let Some(para) = para {
            let b = &self.state.bookmarks[i];
            let (name, id) = (b.name.clone(), b.id.clone());
            para.push_inline(match is_start {
                true => Inline::BookmarkStart { name, id },
                false => Inline::BookmarkEnd { name, id },
            });
        }
    }

    // ----- pictures, objects, text boxes --------------------------------------------------

    /// A picture at the current point of the paragraph.
    pub(super) fn image(&mut self, para: &mut OpenParagraph, image: ImageRef) {
        let index = self.state.images.len();
        self.state.images.push(image);
        para.push_inline(Inline::Image { image: index });
    }

    /// A chart, diagram, OLE object or imported chunk at `at`.
    pub(super) fn object(
        &mut self,
        kind: ObjectKind,
        part: Option<String>,
        content_type: Option<String>,
        prog_id: Option<String>,
        at: Position,
    ) {
        let location = self.location(at);
        self.state.objects.push(EmbeddedObject {
            kind,
            part,
            content_type,
            prog_id,
            text: None,
            package: None,
            location,
        });
    }

    /// A VML text path (`v:textpath`): in a header or footer it is a watermark, an object of
    /// the header and not its text; elsewhere (WordArt in the body) nothing is kept of it.
    pub(super) fn text_path(&mut self, text: String, at: Position) {
        if matches!(self.story, Story::Header | Story::Footer) {
            let location = self.location(at);
            self.state.objects.push(EmbeddedObject {
                kind: ObjectKind::Watermark,
                part: None,
                content_type: None,
                prog_id: None,
                text: Some(text),
                package: None,
                location,
            });
        }
    }

    /// A text box's content starts: set the story around it aside.
    pub(super) fn enter_text_box(&mut self) -> OuterStory {
        self.text_box_depth += 1;
        OuterStory {
            fields: std::mem::take(&mut self.field_stack),
            fields_too_deep: std::mem::take(&mut self.fields_too_deep),
            changes: std::mem::take(&mut self.changes),
            last_paragraph: self.last_paragraph,
        }
    }

    /// A text box's content ends: back to the story around it.
    pub(super) fn leave_text_box(&mut self, outer: OuterStory) {
        self.text_box_depth -= 1;
        self.field_stack = outer.fields;
        self.fields_too_deep = outer.fields_too_deep;
        self.changes = outer.changes;
        self.last_paragraph = outer.last_paragraph;
    }

    // ----- sections and the part's end ----------------------------------------------------

    /// A header or footer reference of the current section.
    pub(super) fn header_footer_ref(
        &mut self,
        is_footer: bool,
        kind: crate::model::HeaderFooterKind,
        rel_id: String,
    ) {
        let section = self.state.section;
        self.state
            .header_footer_refs
            .push(super::state::HeaderFooterRef {
                is_footer,
                kind,
                rel_id,
                section,
            });
    }

    /// Whether a paragraph's `w:sectPr` here breaks a section: only in the body's own flow,
    /// not in a table cell (`in_table`), a text box, a header or a note, where Word ignores
    /// it.
    pub(super) fn takes_section_break(&self, in_table: bool) -> bool {
        self.story == Story::Body && self.text_box_depth == 0 && !in_table
    }

    /// A section's properties ended: what follows is the next section. In the body the
    /// section is recorded, ending at `para` when the properties are a paragraph's.
    pub(super) fn end_section(&mut self, props: SectionProps, para: Option<&OpenParagraph>) {
        if self.takes_section_break(false) {
            let orientation = match (props.landscape, props.page_size) {
                (Some(true), _) => Some(Orientation::Landscape),
                (Some(false), _) => Some(Orientation::Portrait),
                (None, Some((w, h))) if w > h => Some(Orientation::Landscape),
                (None, Some(_)) => Some(Orientation::Portrait),
                (None, None) => None,
            };
            let first_block = self.state.section_first_block;
            self.state.section_first_block = self.state.next_index;
            self.state.sections.push(Section {
                index: self.state.sections.len(),
                kind: props.kind,
                first_block,
                last_block: para.map(|p| p.index),
                page_width: props.page_size.map(|(w, _)| w),
                page_height: props.page_size.map(|(_, h)| h),
                orientation,
                title_page: props.title_page,
                properties_change: props.change.map(Box::new),
            });
        }
        self.state.section += 1;
    }

    /// The part ends: marks still pending close at the last paragraph's end; bookmarks and
    /// fields never closed are warned about. `foreign_skipped` counts elements of foreign
    /// namespaces the XML reader skipped.
    pub(super) fn finish_part(&mut self, foreign_skipped: usize) {
        // A body without its final `w:sectPr`: what follows the last section break is a
        // section too, with Word's default page.
        let ended_at_break = self
            .state
            .sections
            .last()
            .is_some_and(|s| s.last_block.is_some());
        if self.story == Story::Body
            && ended_at_break
            && self.state.next_index > self.state.section_first_block
        {
            self.end_section(SectionProps::default(), None);
        }
        if let Some(at) = self.last_paragraph {
            for mark in std::mem::take(&mut self.pending) {
                self.resolve_mark(mark, at, None);
            }
        }
        for (_, i) in self.state.open_bookmarks.drain() {
            let name = &self.state.bookmarks[i].name;
            let message = format!("bookmark {name:?} is never closed");
            self.state.warnings.push(Warning::new(
                WarningCode::UnclosedBookmark,
                self.part,
                message,
            ));
        }
        if foreign_skipped > 0 {
            self.warn(
                WarningCode::ForeignElementsSkipped,
                format!(
                "{foreign_skipped} elements in namespaces that are not OOXML's skipped with their content"
            ),
            );
        }
        // Controls left open by a damaged part keep no end; their placeholders end here.
        self.controls.clear();
        self.placeholders_open = 0;
        if !self.field_stack.is_empty() {
            self.warn(
                WarningCode::UnclosedField,
                "a field is never closed (no fldChar end)",
            );
        }
    }
}

/// Whether text with `props` and `change` continues `run` (same formatting, same change).
fn same_format(
    run: &TextRun,
    props: &RunProps,
    change: Option<&Change>,
    placeholder: bool,
) -> bool {
    run.formatting() == props.format
        && run.hidden == props.hidden
        && run.rtl == props.rtl
        && run.placeholder == placeholder
        && run.change.as_deref() == change
        && run.format_change == props.format_change
}

/// A paragraph's heading level: from its outline level (0-8), else from its style.
fn heading_level(
    styles: &super::styles::Styles,
    outline_level: Option<u8>,
    style_id: Option<&str>,
) -> Option<u8> {
    match outline_level {
        Some(l) if l < 9 => Some(l + 1),
        Some(_) => None,
        None => style_id.and_then(|id| styles.heading_level(id)),
    }
}

/// What a checkbox or drop-down form field that ends without a result shows: its box or
/// its chosen entry.
fn form_value(field: &FieldFrame, fields: &[Field]) -> Option<String> {
    let form = match field.index {
        Some(i) if !fields[i].result.is_empty() => return None,
        Some(i) => fields[i].form.as_deref(),
        None => field.form.as_deref(),
    }?;
    match form.kind {
        FormFieldKind::Checkbox => Some(checkbox_mark(form.checked.unwrap_or(false)).to_string()),
        FormFieldKind::DropDown => form.selected.and_then(|i| form.items.get(i)).cloned(),
        FormFieldKind::Text => None,
    }
}

/// The character Word draws for a checkbox, checked or not.
pub(super) fn checkbox_mark(checked: bool) -> &'static str {
    if checked {
        "☒"
    } else {
        "☐"
    }
}

/// A finished buffer as a shared string (the empty one allocates nothing).
fn shared(s: &str) -> ArcStr {
    if s.is_empty() {
        ArcStr::new()
    } else {
        ArcStr::from(s)
    }
}

/// Give each text run its text: a slice of the paragraph's text, or of the left-out text.
fn attach_run_texts(
    inlines: &mut [Inline],
    spans: &mut std::slice::Iter<'_, RunSpan>,
    text: &ArcStr,
    other: &ArcStr,
) {
    for inline in inlines {
        match inline {
            Inline::Text(run) => {
                if let Some(span) = spans.next() {
                    let buffer = if span.visible { text } else { other };
                    run.text = buffer.substr(span.start..span.end);
                }
            }
            Inline::Link(link) => attach_run_texts(&mut link.inlines, spans, text, other),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    //! The builder driven the way the walkers drive it, without XML.

    use super::*;
    use crate::docx::numbering::Numbering;
    use crate::docx::styles::Styles;
    use crate::model::{ChangeKind, TrackChanges};
    use crate::package::ContentTypes;

    /// Run `build` on a builder of a body part read with these options; returns what it built
    /// and the document state it filled.
    fn build<T>(
        track_changes: TrackChanges,
        show_hidden: bool,
        build: impl FnOnce(&mut Builder<'_, '_>) -> T,
    ) -> (T, DocState) {
        build_story(Story::Body, track_changes, show_hidden, build)
    }

    /// [`build`] on a builder of a part of this story.
    fn build_story<T>(
        story: Story,
        track_changes: TrackChanges,
        show_hidden: bool,
        build: impl FnOnce(&mut Builder<'_, '_>) -> T,
    ) -> (T, DocState) {
        let (styles, numbering) = (Styles::default(), Numbering::default());
        let content_types = ContentTypes::default();
        let ctx = Context {
            styles: &styles,
            numbering: &numbering,
            content_types: &content_types,
            track_changes,
            show_hidden,
            hide_placeholders: false,
        };
        let mut state = DocState::default();
        let part = match story {
            Story::Body => "word/document.xml",
            _ => "word/part1.xml",
        };
        let built = build(&mut Builder::new(&mut state, &ctx, part, story));
        (built, state)
    }

    /// One paragraph made of `fill`, read with changes accepted and hidden text hidden.
    fn paragraph(
        fill: impl FnOnce(&mut Builder<'_, '_>, &mut OpenParagraph),
    ) -> (Paragraph, DocState) {
        paragraph_with(TrackChanges::Accept, false, fill)
    }

    fn paragraph_with(
        track_changes: TrackChanges,
        show_hidden: bool,
        fill: impl FnOnce(&mut Builder<'_, '_>, &mut OpenParagraph),
    ) -> (Paragraph, DocState) {
        build(track_changes, show_hidden, |b| {
            let mut para = b.start_paragraph();
            fill(b, &mut para);
            b.finish_paragraph(para).0
        })
    }

    /// The text runs of inlines, links looked into: (text, bold, hidden, change kind).
    fn runs(inlines: &[Inline]) -> Vec<(String, bool, bool, Option<ChangeKind>)> {
        let mut out = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Text(r) => out.push((
                    r.text.to_string(),
                    r.bold,
                    r.hidden,
                    r.change.as_ref().map(|c| c.kind),
                )),
                Inline::Link(l) => out.extend(runs(&l.inlines)),
                _ => {}
            }
        }
        out
    }

    fn warned(state: &DocState, code: WarningCode) -> bool {
        state.warnings.iter().any(|w| w.code == code)
    }

    const NO_FORMAT: RunFormatting = RunFormatting {
        bold: false,
        italic: false,
        underline: false,
        strike: false,
        superscript: false,
        subscript: false,
    };
    const PLAIN: RunProps = RunProps {
        format: NO_FORMAT,
        hidden: false,
        symbol_font: None,
        monospace: None,
        rtl: false,
        lang: None,
        format_change: None,
    };
    const BOLD: RunProps = RunProps {
        format: RunFormatting {
            bold: true,
            ..NO_FORMAT
        },
        ..PLAIN
    };
    const HIDDEN: RunProps = RunProps {
        hidden: true,
        ..PLAIN
    };

    fn change(kind: ChangeKind) -> Change {
        Change {
            kind,
            author: Some("Ann".into()),
            date: None,
        }
    }

    #[test]
    fn runs_with_the_same_formatting_merge_and_a_new_format_starts_a_run() {
        let (p, _) = paragraph(|b, para| {
            assert!(b.text(para, &PLAIN, "Hello, "));
            b.text(para, &PLAIN, "world");
            b.text(para, &BOLD, "!");
        });
        assert_eq!(p.text.as_str(), "Hello, world!");
        assert_eq!(
            runs(&p.inlines),
            [
                ("Hello, world".into(), false, false, None),
                ("!".into(), true, false, None)
            ]
        );
    }

    #[test]
    fn tabs_and_breaks_are_text_and_inlines_but_do_not_split_runs() {
        let (p, _) = paragraph(|b, para| {
            b.text(para, &PLAIN, "a");
            b.tab(para, &PLAIN);
            b.line_break(para, &PLAIN, BreakKind::Page);
            b.text(para, &PLAIN, "b");
        });
        assert_eq!(p.text.as_str(), "a\t\nb");
        assert!(matches!(
            p.inlines[..],
            [
                Inline::Text(_),
                Inline::Tab,
                Inline::Break {
                    kind: BreakKind::Page
                },
                Inline::Text(_)
            ]
        ));
    }

    #[test]
    fn hidden_text_is_a_hidden_run_outside_the_text_unless_hidden_text_is_shown() {
        let fill = |b: &mut Builder<'_, '_>, para: &mut OpenParagraph| {
            b.text(para, &PLAIN, "seen ");
            assert!(!b.text(para, &HIDDEN, "secret") || b.ctx.show_hidden);
            b.tab(para, &HIDDEN);
        };
        let (hidden, _) = paragraph_with(TrackChanges::Accept, false, fill);
        assert_eq!(hidden.text.as_str(), "seen ");
        assert_eq!(
            runs(&hidden.inlines),
            [
                ("seen ".into(), false, false, None),
                ("secret".into(), false, true, None)
            ]
        );
        assert!(!hidden.inlines.iter().any(|i| matches!(i, Inline::Tab)));
        let (shown, _) = paragraph_with(TrackChanges::Accept, true, fill);
        assert_eq!(shown.text.as_str(), "seen secret\t");
    }

    #[test]
    fn a_field_instruction_is_not_text_and_its_result_is() {
        let (p, state) = paragraph(|b, para| {
            b.text(para, &PLAIN, "Page ");
            b.field_begin(String::new());
            b.instruction_text(" PAGE ");
            // Run text inside an instruction is neither text nor instruction.
            b.text(para, &PLAIN, "lost");
            b.instruction_text("\\* MERGEFORMAT ");
            b.field_separate(para);
            b.instruction_text("ignored: the result has begun");
            b.text(para, &PLAIN, "7");
            b.field_end(para);
        });
        assert_eq!(p.text.as_str(), "Page 7");
        let field = &state.fields[0];
        assert_eq!(field.kind, "PAGE");
        assert_eq!(field.instruction, "PAGE \\* MERGEFORMAT");
        assert_eq!(field.result, "7");
        assert_eq!(field.location.offset, 5);
    }

    #[test]
    fn a_field_without_a_result_keeps_its_instruction() {
        let (p, state) = paragraph(|b, para| {
            b.field_begin(String::new());
            b.instruction_text("XE \"entry\"");
            b.field_end(para);
        });
        assert_eq!(p.text.as_str(), "");
        assert_eq!(state.fields.len(), 1);
        assert_eq!(state.fields[0].kind, "XE");
        assert_eq!(state.fields[0].result, "");
    }

    #[test]
    fn a_hyperlink_field_result_becomes_a_link_and_a_simple_field_is_the_same_field() {
        let (p, state) = paragraph(|b, para| {
            b.simple_field(para, r#"HYPERLINK "https://example.com""#.into());
            b.text(para, &PLAIN, "site");
            b.field_end(para);
            b.text(para, &PLAIN, " after");
        });
        assert_eq!(p.text.as_str(), "site after");
        let Inline::Link(link) = &p.inlines[0] else {
            panic!("no link first: {:?}", p.inlines);
        };
        assert_eq!(link.url.as_deref(), Some("https://example.com"));
        assert_eq!(runs(&link.inlines)[0].0, "site");
        assert_eq!(state.links[0].text, "site");
        assert_eq!(state.fields[0].result, "site");
    }

    #[test]
    fn an_instruction_running_past_its_paragraph_is_dropped_with_a_warning() {
        let ((first, second), state) = build(TrackChanges::Accept, false, |b| {
            let mut para = b.start_paragraph();
            b.field_begin(String::new());
            b.instruction_text("TOC");
            let first = b.finish_paragraph(para).0;
            para = b.start_paragraph();
            b.text(&mut para, &PLAIN, "kept");
            (first, b.finish_paragraph(para).0)
        });
        assert_eq!(first.text.as_str(), "");
        assert_eq!(second.text.as_str(), "kept");
        assert!(warned(&state, WarningCode::FieldDropped));
    }

    #[test]
    fn accepting_changes_keeps_insertions_and_rejecting_keeps_deletions() {
        let fill = |b: &mut Builder<'_, '_>, para: &mut OpenParagraph| {
            b.text(para, &PLAIN, "a ");
            b.open_change(change(ChangeKind::Deletion));
            b.text(para, &PLAIN, "old");
            b.close_change();
            b.open_change(change(ChangeKind::Insertion));
            b.text(para, &PLAIN, "new");
            b.close_change();
        };
        let (accepted, _) = paragraph_with(TrackChanges::Accept, false, fill);
        assert_eq!(accepted.text.as_str(), "a new");
        let (rejected, _) = paragraph_with(TrackChanges::Reject, false, fill);
        assert_eq!(rejected.text.as_str(), "a old");
        let (all, _) = paragraph_with(TrackChanges::All, false, fill);
        assert_eq!(all.text.as_str(), "a oldnew");
        // Either way every side is a run of its own, with its change.
        assert_eq!(
            runs(&accepted.inlines),
            [
                ("a ".into(), false, false, None),
                ("old".into(), false, false, Some(ChangeKind::Deletion)),
                ("new".into(), false, false, Some(ChangeKind::Insertion))
            ]
        );
    }

    #[test]
    fn a_formatting_change_starts_a_run_of_its_own_that_keeps_it() {
        let made_bold = RunProps {
            format_change: Some(Box::new(RunFormatChange {
                author: Some("Ann".into()),
                date: None,
                old: NO_FORMAT,
            })),
            ..BOLD
        };
        let (p, _) = paragraph(|b, para| {
            b.text(para, &BOLD, "was bold ");
            b.text(para, &made_bold, "made ");
            b.text(para, &made_bold, "bold");
        });
        let texts: Vec<_> = runs(&p.inlines).into_iter().map(|r| r.0).collect();
        assert_eq!(texts, ["was bold ", "made bold"]);
        let Inline::Text(changed) = &p.inlines[1] else {
            panic!("a run: {:?}", p.inlines);
        };
        assert_eq!(changed.format_change, made_bold.format_change);
        assert!(!changed.formatting_in(TrackChanges::Reject).bold);
        assert!(changed.formatting_in(TrackChanges::Accept).bold);
    }

    #[test]
    fn a_paragraph_property_change_without_an_old_style_had_the_default_one() {
        let (p, _) = paragraph(|b, para| {
            para.outline_level = Some(0);
            para.format_change = Some(ParagraphPropsChange {
                author: Some("Ann".into()),
                date: Some("2024-03-01T10:00:00Z".into()),
                style_id: None,
                outline_level: None,
            });
            b.text(para, &PLAIN, "Scope");
        });
        assert_eq!(p.heading, Some(1));
        let old = p.format_change.as_deref().expect("kept");
        assert_eq!((old.heading, old.style_id.as_deref()), (None, None));
        assert_eq!(old.author.as_deref(), Some("Ann"));
        assert_eq!(p.heading_in(TrackChanges::Reject), None);
        assert_eq!(p.heading_in(TrackChanges::All), Some(1));
    }

    #[test]
    fn an_insertion_inside_a_moved_away_text_is_removed_with_it() {
        let (p, _) = paragraph(|b, para| {
            b.open_change(change(ChangeKind::MoveFrom));
            b.open_change(change(ChangeKind::Insertion));
            b.text(para, &PLAIN, "gone");
            b.close_change();
            b.close_change();
        });
        assert_eq!(p.text.as_str(), "");
        assert_eq!(runs(&p.inlines)[0].3, Some(ChangeKind::MoveFrom));
    }

    #[test]
    fn a_bookmark_between_blocks_starts_with_the_next_paragraph_and_ends_where_it_is_met() {
        let ((first, second), state) = build(TrackChanges::Accept, false, |b| {
            let start = Mark::BookmarkStart {
                id: "1".into(),
                name: "intro".into(),
            };
            b.mark(start, None);
            let mut para = b.start_paragraph();
            b.text(&mut para, &PLAIN, "abc");
            b.mark(Mark::BookmarkEnd { id: "1".into() }, Some(&mut para));
            let first = b.finish_paragraph(para).0;
            // An end without a start is noise.
            para = b.start_paragraph();
            b.mark(Mark::BookmarkEnd { id: "9".into() }, Some(&mut para));
            (first, b.finish_paragraph(para).0)
        });
        assert!(matches!(
            &first.inlines[..],
            [Inline::BookmarkStart { name, .. }, Inline::Text(_), Inline::BookmarkEnd { .. }]
                if name == "intro"
        ));
        assert!(second.inlines.is_empty());
        let bookmark = &state.bookmarks[0];
        assert_eq!(
            (bookmark.start.block, bookmark.start.offset),
            (first.index, 0)
        );
        assert_eq!(
            bookmark.end,
            Some(Position {
                block: first.index,
                offset: 3
            })
        );
    }

    #[test]
    fn a_comment_range_end_between_blocks_takes_the_previous_paragraphs_end() {
        let (p, state) = build(TrackChanges::Accept, false, |b| {
            let mut para = b.start_paragraph();
            b.mark(Mark::CommentStart { id: "c".into() }, Some(&mut para));
            b.text(&mut para, &PLAIN, "four");
            let p = b.finish_paragraph(para).0;
            b.mark(Mark::CommentEnd { id: "c".into() }, None);
            p
        });
        let span = &state.comment_spans["c"];
        assert_eq!(span.start.map(|l| (l.block, l.offset)), Some((p.index, 0)));
        assert_eq!(
            span.end,
            Some(Position {
                block: p.index,
                offset: 4
            })
        );
    }

    #[test]
    fn the_part_end_closes_waiting_marks_and_warns_of_unclosed_bookmarks() {
        let (_, state) = build(TrackChanges::Accept, false, |b| {
            let para = b.start_paragraph();
            b.finish_paragraph(para);
            b.mark(Mark::CommentStart { id: "c".into() }, None);
            let start = Mark::BookmarkStart {
                id: "1".into(),
                name: "open".into(),
            };
            b.mark(start, None);
            b.finish_part(0);
        });
        assert!(state.comment_spans["c"].start.is_some());
        assert!(warned(&state, WarningCode::UnclosedBookmark));
    }

    #[test]
    fn a_placeholder_is_the_controls_text_and_shown_in_the_paragraph_flagged() {
        let (p, state) = paragraph(|b, para| {
            b.text(para, &PLAIN, "Name: ");
            b.open_control(ControlLevel::Inline, Some(para));
            b.control_properties(ContentControl {
                placeholder: true,
                tag: Some("name".into()),
                ..ContentControl::default()
            });
            b.text(para, &PLAIN, "Enter a name");
            b.close_control(Some(para));
            b.text(para, &PLAIN, ".");
        });
        // Word shows the prompt, greyed: it stays in the text, its run flagged.
        assert_eq!(p.text.as_str(), "Name: Enter a name.");
        let placeholder: Vec<bool> = p
            .inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Text(r) => Some(r.placeholder),
                _ => None,
            })
            .collect();
        assert_eq!(placeholder, [false, true, false]);
        let control = &state.controls[0];
        assert_eq!(control.text, "Enter a name");
        assert_eq!(control.tag.as_deref(), Some("name"));
        assert_eq!(
            (control.start.offset, control.end.map(|e| e.offset)),
            (6, Some(18))
        );
    }

    #[test]
    fn a_block_control_holds_its_paragraphs_texts_one_per_line() {
        let (_, state) = build(TrackChanges::Accept, false, |b| {
            b.open_control(ControlLevel::Block, None);
            for text in ["one", "two"] {
                let mut para = b.start_paragraph();
                b.text(&mut para, &PLAIN, text);
                b.finish_paragraph(para);
            }
            b.close_control(None);
        });
        let control = &state.controls[0];
        assert_eq!(control.text, "one\ntwo");
        assert_eq!(control.start.block, 0);
        assert_eq!(
            control.end,
            Some(Position {
                block: 1,
                offset: 3
            })
        );
    }

    #[test]
    fn deeply_nested_controls_hold_their_text_a_bounded_number_of_times() {
        let (_, state) = paragraph(|b, para| {
            for _ in 0..100 {
                b.open_control(ControlLevel::Inline, Some(para));
            }
            b.text(para, &PLAIN, "x");
            for _ in 0..100 {
                b.close_control(Some(para));
            }
        });
        let copies: usize = state.controls.iter().map(|c| c.text.len()).sum();
        assert_eq!(copies, MAX_CONTROL_TEXT_DEPTH);
        assert_eq!(state.controls[99].text, "x", "the innermost has it");
    }

    #[test]
    fn a_runs_language_is_the_one_its_lang_gives_the_script_of_its_text() {
        let (p, _) = paragraph(|b, para| {
            let lang = b.lang(Some("en-US"), Some("zh-CN"), Some("ar-SA"));
            assert_eq!(
                b.lang(Some("en-US"), Some("zh-CN"), Some("ar-SA")),
                lang,
                "shared"
            );
            let props = RunProps { lang, ..PLAIN };
            b.text(para, &props, "Hello ");
            b.text(para, &props, "中文");
            b.text(para, &props, "مرحبا");
            b.text(para, &RunProps { rtl: true, ..props }, "123");
            b.text(para, &PLAIN, " plain");
        });
        let langs: Vec<(String, Option<&str>)> = p
            .inlines
            .iter()
            .filter_map(|i| match i {
                Inline::Text(r) => Some((r.text.to_string(), r.lang.as_deref())),
                _ => None,
            })
            .collect();
        assert_eq!(
            langs,
            [
                ("Hello ".into(), Some("en-US")),
                ("中文".into(), Some("zh-CN")),
                ("مرحبا".into(), Some("ar-SA")),
                ("123".into(), Some("ar-SA")),
                (" plain".into(), None),
            ]
        );
    }

    #[test]
    fn a_checkbox_or_drop_down_form_field_without_a_result_shows_its_state() {
        let (p, state) = paragraph(|b, para| {
            b.field_begin(String::new());
            b.form_field(FormField {
                kind: FormFieldKind::Checkbox,
                checked: Some(true),
                ..FormField::default()
            });
            b.instruction_text(" FORMCHECKBOX ");
            b.field_end(para);
            b.field_begin(String::new());
            b.form_field(FormField {
                kind: FormFieldKind::DropDown,
                items: vec!["S".into(), "M".into()],
                selected: Some(1),
                ..FormField::default()
            });
            b.instruction_text(" FORMDROPDOWN ");
            b.field_end(para);
        });
        assert_eq!(p.text.as_str(), "☒M");
        let kinds: Vec<_> = state
            .fields
            .iter()
            .map(|f| f.form.as_ref().map(|f| f.kind))
            .collect();
        assert_eq!(
            kinds,
            [Some(FormFieldKind::Checkbox), Some(FormFieldKind::DropDown)]
        );
    }

    #[test]
    fn ruby_base_is_text_and_the_inline_keeps_its_reading_in_place_of_a_run() {
        let (p, _) = paragraph(|b, para| {
            b.text(para, &PLAIN, "这是");
            b.ruby(para, &PLAIN, "中".into(), "zhōng".into());
            b.text(para, &PLAIN, "文");
        });
        assert_eq!(p.text.as_str(), "这是中文");
        assert_eq!(
            runs(&p.inlines),
            [
                ("这是".into(), false, false, None),
                ("文".into(), false, false, None)
            ]
        );
        assert!(
            matches!(&p.inlines[1], Inline::Ruby { base, reading } if base == "中" && reading == "zhōng")
        );
        // Inside a field instruction ruby is no text.
        let (p, _) = paragraph(|b, para| {
            b.field_begin(String::new());
            b.ruby(para, &PLAIN, "x".into(), "y".into());
        });
        assert!(p.inlines.is_empty());
    }

    #[test]
    fn a_text_box_does_not_see_the_field_or_change_around_it() {
        let (p, _) = paragraph(|b, para| {
            b.open_change(change(ChangeKind::Deletion));
            b.field_begin(String::new());
            let outer = b.enter_text_box();
            let mut inner = b.start_paragraph();
            b.text(&mut inner, &PLAIN, "in the box");
            let (inner, _) = b.finish_paragraph(inner);
            b.leave_text_box(outer);
            assert_eq!(inner.text.as_str(), "in the box");
            b.instruction_text("PAGE");
            b.field_separate(para);
            b.text(para, &PLAIN, "1");
            b.field_end(para);
            b.close_change();
        });
        assert_eq!(p.text.as_str(), "", "the result is deleted text");
    }

    #[test]
    fn a_body_section_ends_at_the_paragraph_holding_it_and_the_next_starts_after() {
        let (_, state) = build(TrackChanges::Accept, false, |b| {
            let para = b.start_paragraph();
            let props = SectionProps {
                kind: SectionKind::Continuous,
                page_size: Some((15840, 12240)),
                landscape: None,
                title_page: true,
                change: None,
            };
            b.end_section(props, Some(&para));
            b.finish_paragraph(para);
            let para = b.start_paragraph();
            b.finish_paragraph(para);
            b.end_section(SectionProps::default(), None);
        });
        let ends: Vec<_> = state
            .sections
            .iter()
            .map(|s| (s.index, s.kind, s.first_block, s.last_block))
            .collect();
        assert_eq!(
            ends,
            [
                (0, SectionKind::Continuous, 0, Some(0)),
                (1, SectionKind::NextPage, 1, None)
            ]
        );
        // Wider than high with no `w:orient`: landscape.
        assert_eq!(state.sections[0].orientation, Some(Orientation::Landscape));
        assert!(state.sections[0].title_page);
        assert_eq!(state.sections[1].orientation, None);
        assert_eq!(state.section, 2);
    }

    #[test]
    fn a_text_path_is_a_watermark_in_a_header_and_nothing_in_the_body() {
        let (_, body) = build(TrackChanges::Accept, false, |b| {
            b.text_path("DRAFT".into(), Position::default());
        });
        assert!(body.objects.is_empty());
        let (_, state) = build_story(Story::Header, TrackChanges::Accept, false, |b| {
            b.text_path("DRAFT".into(), Position::default());
        });
        let watermark = &state.objects[0];
        assert_eq!(watermark.kind, ObjectKind::Watermark);
        assert_eq!(watermark.text.as_deref(), Some("DRAFT"));
        assert_eq!(watermark.location.story, Story::Header);
    }
}
