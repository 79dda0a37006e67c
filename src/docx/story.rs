//! The story reader: block containers (body, cells, text boxes, headers, notes, comments),
//! paragraphs, runs and tables, in one streaming pass per part.
//!
//! Each reader function is called right after the `Start` event of its element, reads up to
//! and including its own `End`, and returns what it built. Wrappers that only group content
//! (`w:sdt`, `w:smartTag`, `w:customXml`, `mc:AlternateContent`, `w:ins`...) are walked through
//! with a small stack, so their content is read as if they were not there.

use crate::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::fields::FieldFrame;
use super::numbering::{ListCounter, Numbering};
use super::styles::Styles;
use super::symbols::{symbol_char, symbol_font_name};
use super::tables::CellProps;
use crate::model::{
    ArcStr, Block, Bookmark, BreakKind, Change, ChangeKind, EmbeddedObject, Field,
    HeaderFooterKind, Inline, Link, LinkSpan, Location, NoteKind, ObjectKind, Paragraph, Position,
    Story, Substr, TextRun, TrackChanges, Warning, WarningCode,
};
use crate::package::{ContentTypes, Relationships};
use crate::xml::{attr, local_name, on_off, read_text, XmlReader};
use crate::Result;

/// What the whole document accumulates while its parts are read.
#[derive(Default)]
pub(crate) struct DocState {
    next_index: usize,
    pub list_counter: ListCounter,
    pub bookmarks: Vec<Bookmark>,
    open_bookmarks: HashMap<String, usize>,
    pub images: Vec<crate::model::ImageRef>,
    pub links: Vec<Link>,
    pub fields: Vec<Field>,
    /// Where each comment's range starts and ends in the text, by comment id.
    pub comment_spans: HashMap<String, CommentSpan>,
    pub warnings: Vec<Warning>,
    /// Header and footer references met in `w:sectPr`, in order.
    pub header_footer_refs: Vec<HeaderFooterRef>,
    section: usize,
    pub objects: Vec<EmbeddedObject>,
}

/// A `w:commentRangeStart` / `w:commentRangeEnd` pair, resolved to text positions.
#[derive(Default)]
pub(crate) struct CommentSpan {
    pub start: Option<Location>,
    pub end: Option<Position>,
}

/// A `w:headerReference` or `w:footerReference` of a section.
pub(crate) struct HeaderFooterRef {
    pub is_footer: bool,
    pub kind: HeaderFooterKind,
    pub rel_id: String,
    /// The section's index, counting `w:sectPr` elements from 0.
    pub section: usize,
}

impl DocState {
    pub fn warn(&mut self, code: WarningCode, part: &str, message: impl Into<String>) {
        let message = message.into();
        // The same problem repeated a thousand times is one warning.
        if !self
            .warnings
            .iter()
            .any(|w| w.code == code && w.part == part && w.message == message)
        {
            self.warnings.push(Warning::new(code, part, message));
        }
    }
}

/// Read-only context shared by every part of one document.
pub(crate) struct Context<'d> {
    pub styles: &'d Styles,
    pub numbering: &'d Numbering,
    pub content_types: &'d ContentTypes,
    pub track_changes: TrackChanges,
    /// Hidden text (`w:vanish`) goes into paragraph text.
    pub show_hidden: bool,
}

/// A bookmark or comment boundary met between paragraphs: it takes the position of the next
/// paragraph's start (or of the previous paragraph's end, for ends).
enum PendingMark {
    BookmarkStart(usize),
    BookmarkEnd(usize),
    CommentStart(String),
    CommentEnd(String),
}

/// Elements met between blocks or inside paragraphs that hold nothing docxtract reads:
/// skipped without a warning. Any other element there is walked through with a warning.
const KNOWN_SKIPPED: &[&[u8]] = &[
    b"sdtPr",
    b"sdtEndPr",
    b"customXmlPr",
    b"smartTagPr",
    b"rPr",
    b"pPr",
    b"tblPr",
    b"tblGrid",
    b"tblPrEx",
    b"trPr",
    b"tcPr",
    b"proofErr",
    b"permStart",
    b"permEnd",
    b"bookmarkStart",
    b"bookmarkEnd",
    b"commentRangeStart",
    b"commentRangeEnd",
    b"moveFromRangeStart",
    b"moveFromRangeEnd",
    b"moveToRangeStart",
    b"moveToRangeEnd",
    b"customXmlInsRangeStart",
    b"customXmlInsRangeEnd",
    b"customXmlDelRangeStart",
    b"customXmlDelRangeEnd",
    b"oMathParaPr",
    b"background",
    b"altChunkPr",
];

/// What a walked-through wrapper does when its `End` arrives.
pub(super) enum Wrapper {
    Plain,
    /// `mc:AlternateContent`: whether a `Choice` has been taken.
    Alternate(bool),
    Change,
    Link,
    SimpleField,
    MathPara,
}

/// Formatting of the current run.
#[derive(Default, Clone, Copy, PartialEq)]
struct RunProps {
    bold: bool,
    italic: bool,
    underline: bool,
    strike: bool,
    superscript: bool,
    subscript: bool,
    hidden: bool,
    /// A symbol font (`Symbol`, `Wingdings`...) whose glyphs Word stores as private-use
    /// characters U+F020..U+F0FF in the run's text.
    symbol_font: Option<&'static str>,
}

/// Where a text run's text sits in the paragraph's buffers until the paragraph ends.
#[derive(Clone, Copy)]
struct RunSpan {
    start: usize,
    end: usize,
    /// In the paragraph's visible text; otherwise in the buffer of left-out text.
    visible: bool,
}

/// The growing buffers of a paragraph. The reader keeps them between paragraphs so that their
/// capacity is reused: a paragraph's text costs one exact-size allocation, made at its end.
#[derive(Default)]
pub(super) struct ParaScratch {
    text: String,
    other: String,
    spans: Vec<RunSpan>,
    /// Both empty; kept for their capacity. The paragraph's inlines gather in `inlines` and
    /// are moved out at its end into a vector of exactly their number.
    frames: Vec<Frame>,
    inlines: Vec<Inline>,
}

/// Scratch buffers larger than this (one huge paragraph) are freed rather than kept.
const SCRATCH_KEEP: usize = 1 << 20;

/// `Substr` offsets are 32-bit: text past this in one paragraph is cut off, with a warning.
const MAX_PARAGRAPH_TEXT: usize = u32::MAX as usize;

/// A paragraph being built.
pub(super) struct ParaBuilder {
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
    pub text_box_blocks: Vec<Block>,
    style_id: Option<ArcStr>,
    outline_level: Option<u8>,
    num_id: Option<u32>,
    num_level: Option<u8>,
    mark_change: Option<Change>,
}

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

impl ParaBuilder {
    fn new(index: usize, scratch: ParaScratch) -> Self {
        let mut frames = scratch.frames;
        frames.push(Frame {
            inlines: scratch.inlines,
            link: None,
        });
        ParaBuilder {
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
        }
    }

    fn push(&mut self, inline: Inline) {
        self.frames
            .last_mut()
            .expect("paragraph frame")
            .inlines
            .push(inline);
    }

    pub(super) fn push_inline(&mut self, inline: Inline) {
        self.push(inline);
    }

    /// Whether a link is open at this point.
    pub(super) fn in_link(&self) -> bool {
        self.frames.iter().any(|f| f.link.is_some())
    }

    pub(super) fn position(&self) -> Position {
        Position {
            block: self.index,
            offset: self.chars,
        }
    }
}

pub(crate) struct StoryReader<'a, 'd> {
    pub xr: XmlReader<'a>,
    pub part: &'a str,
    pub rels: &'d Relationships,
    pub ctx: &'d Context<'d>,
    pub state: &'d mut DocState,
    pub story: Story,
    pub text_box_depth: usize,
    changes: Vec<Change>,
    pub(super) field_stack: Vec<FieldFrame>,
    /// Fields begun deeper than [`super::fields::MAX_FIELD_DEPTH`], not yet ended: read as
    /// their text only (see `field_begin`).
    pub(super) fields_too_deep: usize,
    pending: Vec<PendingMark>,
    last_paragraph: Option<Position>,
    /// Inside `m:oMathPara`: formulas are display formulas.
    math_para_depth: usize,
    /// A checkbox content control's state, read from its `w:sdtPr`, for its `w:sdtContent`.
    checkbox: Option<bool>,
    scratch: ParaScratch,
}

impl<'a, 'd> StoryReader<'a, 'd> {
    pub fn new(
        xr: XmlReader<'a>,
        part: &'a str,
        rels: &'d Relationships,
        ctx: &'d Context<'d>,
        state: &'d mut DocState,
        story: Story,
    ) -> Self {
        StoryReader {
            xr,
            part,
            rels,
            ctx,
            state,
            story,
            text_box_depth: 0,
            changes: Vec::new(),
            field_stack: Vec::new(),
            fields_too_deep: 0,
            pending: Vec::new(),
            last_paragraph: None,
            math_para_depth: 0,
            checkbox: None,
            scratch: ParaScratch::default(),
        }
    }

    pub fn warn(&mut self, code: WarningCode, message: impl Into<String>) {
        let part = self.part;
        self.state.warn(code, part, message);
    }

    pub(super) fn location(&self, at: Position) -> Location {
        Location {
            block: at.block,
            offset: at.offset,
            story: self.story,
            text_box: self.text_box_depth > 0,
        }
    }

    pub(super) fn alloc_index(&mut self) -> usize {
        let i = self.state.next_index;
        self.state.next_index += 1;
        i
    }

    /// Advance to the first element named `name` and return after its `Start` (false if absent).
    pub fn find_start(&mut self, name: &[u8]) -> Result<bool> {
        while let Some(event) = self.xr.next_event()? {
            if let Event::Start(e) = &event {
                if local_name(e) == name {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// Whether the part's root element was skipped for a foreign namespace.
    pub fn root_was_foreign(&self) -> bool {
        self.xr.root_was_foreign()
    }

    /// Advance past the `Start` of the root element (false for an empty part).
    pub fn find_root(&mut self) -> Result<bool> {
        while let Some(event) = self.xr.next_event()? {
            if let Event::Start(_) = event {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// After a body: true at the start of another `w:body` (read it too); false at the end of
    /// the part. Anything else there (stray text or elements, broken markup after the root) is
    /// ignored, with a warning rather than silently.
    pub fn next_body(&mut self) -> bool {
        loop {
            match self.xr.next_event() {
                Ok(None) => return false,
                Ok(Some(Event::Start(e))) if local_name(&e) == b"body" => {
                    self.warn(
                        WarningCode::SeveralBodies,
                        "several w:body elements; all are read",
                    );
                    return true;
                }
                Ok(Some(Event::Text(t))) if t.as_ref().trim().is_empty() => {}
                Ok(Some(Event::End(_) | Event::Comment(_) | Event::PI(_))) => {}
                Ok(Some(_)) => {
                    self.warn(
                        WarningCode::ContentAfterBody,
                        "content after w:body ignored",
                    );
                    return false;
                }
                Err(e) => {
                    self.warn(
                        WarningCode::ContentAfterBody,
                        format!("malformed XML after w:body ignored: {e}"),
                    );
                    return false;
                }
            }
        }
    }

    /// Resolve marks still pending when a part ends: they close at the last paragraph's end.
    pub fn finish_part(&mut self) {
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
        let foreign = self.xr.foreign_skipped();
        if foreign > 0 {
            self.warn(
                WarningCode::ForeignElementsSkipped,
                format!(
                "{foreign} elements in namespaces that are not OOXML's skipped with their content"
            ),
            );
        }
        if !self.field_stack.is_empty() {
            self.warn(
                WarningCode::UnclosedField,
                "a field is never closed (no fldChar end)",
            );
        }
    }

    // ----- block containers -------------------------------------------------------------

    /// Read the blocks of the container whose `Start` was just read, up to its `End`.
    pub fn read_blocks(&mut self, out: &mut Vec<Block>) -> Result<()> {
        self.read_container(out, None)
    }

    /// The block loop shared by every container; a table cell passes a sink for its `w:tcPr`.
    pub(super) fn read_container(
        &mut self,
        out: &mut Vec<Block>,
        mut cell: Option<&mut CellProps>,
    ) -> Result<()> {
        let level = self.xr.depth();
        let mut wrappers: Vec<Wrapper> = Vec::new();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"tcPr" if cell.is_some() => {
                        self.read_cell_properties(cell.as_deref_mut().expect("checked"))?
                    }
                    b"p" => {
                        let (paragraph, extra) = self.read_paragraph(false)?;
                        out.push(Block::Paragraph(paragraph));
                        out.extend(extra);
                    }
                    b"tbl" => {
                        let table = self.read_table()?;
                        out.push(Block::Table(Box::new(table)));
                    }
                    b"sectPr" => self.read_section(&e)?,
                    // Run content straight in the body (no w:p around it) is invalid and Word
                    // shows nothing of it, but a picture there is still in the package: read
                    // it as a paragraph of its own, and say so.
                    b"r" | b"pict" | b"drawing" | b"object" => {
                        let name = String::from_utf8_lossy(local_name(&e)).into_owned();
                        self.warn(
                            WarningCode::ContentOutsideParagraph,
                            format!("w:{name} outside a paragraph read as a paragraph"),
                        );
                        let (paragraph, extra) = self.read_bare_run_content(local_name(&e))?;
                        out.push(Block::Paragraph(paragraph));
                        out.extend(extra);
                    }
                    _ => {
                        if let Some(w) = self.open_wrapper(&e, &mut wrappers, None)? {
                            wrappers.push(w);
                        }
                    }
                },
                Event::Empty(e) => match local_name(&e) {
                    b"p" => {
                        let (paragraph, _) = self.read_paragraph(true)?;
                        out.push(Block::Paragraph(paragraph));
                    }
                    b"altChunk" => {
                        let at = self.last_paragraph.unwrap_or_default();
                        self.push_object(
                            ObjectKind::AltChunk,
                            attr(&e, b"id").as_deref(),
                            None,
                            at,
                        );
                    }
                    _ => self.block_level_mark(&e),
                },
                Event::End(_) if self.end_of(level, &mut wrappers, None) => break,
                _ => {}
            }
        }
        Ok(())
    }

    pub(super) fn block_level_mark(&mut self, e: &BytesStart<'_>) {
        let mark = match local_name(e) {
            b"bookmarkStart" => self.open_bookmark(e, None).map(PendingMark::BookmarkStart),
            b"bookmarkEnd" => self.close_bookmark_index(e).map(PendingMark::BookmarkEnd),
            b"commentRangeStart" => {
                attr(e, b"id").map(|id| PendingMark::CommentStart(id.into_owned()))
            }
            b"commentRangeEnd" => attr(e, b"id").map(|id| PendingMark::CommentEnd(id.into_owned())),
            _ => None,
        };
        match mark {
            // An end between paragraphs belongs to the end of the paragraph before it.
            Some(m @ (PendingMark::BookmarkEnd(_) | PendingMark::CommentEnd(_)))
                if self.last_paragraph.is_some() =>
            {
                let at = self.last_paragraph.expect("checked");
                self.resolve_mark(m, at, None);
            }
            Some(m) => self.pending.push(m),
            None => {}
        }
    }

    fn resolve_mark(&mut self, mark: PendingMark, at: Position, para: Option<&mut ParaBuilder>) {
        match mark {
            PendingMark::BookmarkStart(i) => {
                self.state.bookmarks[i].start = self.location(at);
                if let Some(para) = para {
                    let b = &self.state.bookmarks[i];
                    para.push(Inline::BookmarkStart {
                        name: b.name.clone(),
                        id: b.id.clone(),
                    });
                }
            }
            PendingMark::BookmarkEnd(i) => self.state.bookmarks[i].end = Some(at),
            PendingMark::CommentStart(id) => {
                let loc = self.location(at);
                self.state.comment_spans.entry(id).or_default().start = Some(loc);
            }
            PendingMark::CommentEnd(id) => {
                self.state.comment_spans.entry(id).or_default().end = Some(at);
            }
        }
    }

    /// Start walking through a wrapper element, or skip it. Returns the wrapper to push, or
    /// `None` when the element was skipped (its `End` is consumed).
    pub(super) fn open_wrapper(
        &mut self,
        e: &BytesStart<'_>,
        wrappers: &mut [Wrapper],
        para: Option<&mut ParaBuilder>,
    ) -> Result<Option<Wrapper>> {
        let name = local_name(e);
        let wrapper = match name {
            b"AlternateContent" => Wrapper::Alternate(false),
            // Take exactly one branch, or text boxes come out twice.
            b"Choice" => match wrappers.last_mut() {
                Some(Wrapper::Alternate(taken @ false)) => {
                    *taken = true;
                    Wrapper::Plain
                }
                _ => {
                    self.xr.skip(e)?;
                    return Ok(None);
                }
            },
            b"Fallback" => match wrappers.last() {
                Some(Wrapper::Alternate(false)) => Wrapper::Plain,
                _ => {
                    self.xr.skip(e)?;
                    return Ok(None);
                }
            },
            b"ins" | b"moveTo" | b"del" | b"moveFrom" => {
                self.changes.extend(tracked_change(e));
                Wrapper::Change
            }
            b"hyperlink" => match para {
                Some(para) => {
                    let url =
                        attr(e, b"id").and_then(|id| self.rels.get(&id).map(|r| r.target.clone()));
                    let anchor = attr(e, b"anchor").map(|a| a.into_owned());
                    self.open_link(para, url, anchor, false);
                    Wrapper::Link
                }
                None => Wrapper::Plain,
            },
            b"fldSimple" => match para {
                Some(para) => {
                    let instruction = attr(e, b"instr")
                        .map(|a| a.into_owned())
                        .unwrap_or_default();
                    self.field_begin(instruction);
                    self.field_separate(para);
                    Wrapper::SimpleField
                }
                None => Wrapper::Plain,
            },
            // Content wrappers: their content is ordinary content.
            b"sdt" | b"sdtContent" | b"smartTag" | b"customXml" | b"dir" | b"bdo" | b"body" => {
                Wrapper::Plain
            }
            b"oMathPara" => {
                self.math_para_depth += 1;
                Wrapper::MathPara
            }
            // An element docxtract does not know: read what it holds as if it were not there,
            // so no bookmark or text inside is lost, and say so.
            _ if !KNOWN_SKIPPED.contains(&name) => {
                let message = format!(
                    "unknown element <{}> read through",
                    String::from_utf8_lossy(name)
                );
                self.warn(WarningCode::UnknownElement, message);
                Wrapper::Plain
            }
            _ => {
                self.xr.skip(e)?;
                return Ok(None);
            }
        };
        Ok(Some(wrapper))
    }

    /// Handle an `End` event inside the element read since `level`: true when it is that
    /// element's own end; otherwise it closes the innermost wrapper walked through.
    pub(super) fn end_of(
        &mut self,
        level: usize,
        wrappers: &mut Vec<Wrapper>,
        para: Option<&mut ParaBuilder>,
    ) -> bool {
        if self.xr.depth() < level {
            return true;
        }
        if let Some(w) = wrappers.pop() {
            self.close_wrapper(w, para);
        }
        false
    }

    fn close_wrapper(&mut self, wrapper: Wrapper, para: Option<&mut ParaBuilder>) {
        match wrapper {
            Wrapper::Change => {
                self.changes.pop();
            }
            Wrapper::Link => {
                if let Some(para) = para {
                    close_link(para, &mut self.state.links, false);
                }
            }
            Wrapper::SimpleField => {
                if let Some(para) = para {
                    self.field_end(para);
                }
            }
            Wrapper::MathPara => self.math_para_depth -= 1,
            Wrapper::Plain | Wrapper::Alternate(_) => {}
        }
    }

    // ----- sections -----------------------------------------------------------------------

    fn read_section(&mut self, e: &BytesStart<'_>) -> Result<()> {
        let _ = e;
        let level = self.xr.depth();
        let section = self.state.section;
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = local_name(&e);
                    if name == b"headerReference" || name == b"footerReference" {
                        let kind = match attr(&e, b"type").as_deref() {
                            Some("first") => HeaderFooterKind::First,
                            Some("even") => HeaderFooterKind::Even,
                            _ => HeaderFooterKind::Default,
                        };
                        if let Some(id) = attr(&e, b"id") {
                            let is_footer = name == b"footerReference";
                            self.state.header_footer_refs.push(HeaderFooterRef {
                                is_footer,
                                kind,
                                rel_id: id.into_owned(),
                                section,
                            });
                        }
                    }
                }
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        self.state.section += 1;
        Ok(())
    }

    // ----- paragraphs -----------------------------------------------------------------------

    /// Read a paragraph (its `Start` was just read, or it was empty). Returns the paragraph and
    /// the blocks of text boxes it holds, which follow it.
    pub(super) fn read_paragraph(&mut self, empty: bool) -> Result<(Paragraph, Vec<Block>)> {
        let mut para = self.start_paragraph();
        if !empty {
            let level = self.xr.depth();
            let mut wrappers: Vec<Wrapper> = Vec::new();
            while let Some(event) = self.xr.next_event()? {
                match event {
                    Event::Start(e) => match local_name(&e) {
                        b"pPr" => self.read_paragraph_properties(&mut para)?,
                        b"r" => self.read_run(&mut para)?,
                        b"oMath" => self.read_formula(&mut para)?,
                        b"sdtPr" => self.checkbox = read_checkbox(&mut self.xr)?,
                        b"sdtContent" if self.checkbox.is_some() => {
                            let checked = self.checkbox.take().unwrap_or(false);
                            self.xr.skip(&e)?;
                            let mark = if checked { "☒" } else { "☐" };
                            self.push_text(&mut para, &RunProps::default(), mark);
                        }
                        b"bookmarkStart" | b"bookmarkEnd" | b"commentRangeStart"
                        | b"commentRangeEnd" => {
                            self.inline_mark(&e, &mut para);
                            self.xr.skip(&e)?;
                        }
                        _ => {
                            if let Some(w) =
                                self.open_wrapper(&e, &mut wrappers, Some(&mut para))?
                            {
                                wrappers.push(w);
                            }
                        }
                    },
                    Event::Empty(e) => match local_name(&e) {
                        b"fldSimple" => {
                            let instruction = attr(&e, b"instr")
                                .map(|a| a.into_owned())
                                .unwrap_or_default();
                            self.field_begin(instruction);
                            self.field_separate(&mut para);
                            self.field_end(&mut para);
                        }
                        _ => self.inline_mark(&e, &mut para),
                    },
                    Event::End(_) if self.end_of(level, &mut wrappers, Some(&mut para)) => break,
                    _ => {}
                }
            }
        }
        Ok(self.finish_paragraph(para))
    }

    /// A new paragraph, numbered, holding the bookmark and comment marks that were waiting
    /// between blocks.
    fn start_paragraph(&mut self) -> ParaBuilder {
        let index = self.alloc_index();
        // A paragraph inside a text box inside this one finds the scratch taken: it starts empty.
        let mut para = ParaBuilder::new(index, std::mem::take(&mut self.scratch));
        let at = para.position();
        for mark in std::mem::take(&mut self.pending) {
            self.resolve_mark(mark, at, Some(&mut para));
        }
        para
    }

    /// Run content found where a paragraph belongs (its `Start` was just read), wrapped in a
    /// paragraph of its own.
    fn read_bare_run_content(&mut self, name: &[u8]) -> Result<(Paragraph, Vec<Block>)> {
        let mut para = self.start_paragraph();
        match name {
            b"r" => self.read_run(&mut para)?,
            b"drawing" => self.read_drawing(&mut para)?,
            _ => self.read_vml(&mut para)?,
        }
        Ok(self.finish_paragraph(para))
    }

    fn inline_mark(&mut self, e: &BytesStart<'_>, para: &mut ParaBuilder) {
        let at = para.position();
        match local_name(e) {
            b"bookmarkStart" => {
                if let Some(i) = self.open_bookmark(e, Some(at)) {
                    let b = &self.state.bookmarks[i];
                    para.push(Inline::BookmarkStart {
                        name: b.name.clone(),
                        id: b.id.clone(),
                    });
                }
            }
            b"bookmarkEnd" => {
                if let Some(i) = self.close_bookmark_index(e) {
                    self.state.bookmarks[i].end = Some(at);
                    let b = &self.state.bookmarks[i];
                    para.push(Inline::BookmarkEnd {
                        name: b.name.clone(),
                        id: b.id.clone(),
                    });
                }
            }
            b"commentRangeStart" => {
                if let Some(id) = attr(e, b"id") {
                    let loc = self.location(at);
                    self.state
                        .comment_spans
                        .entry(id.into_owned())
                        .or_default()
                        .start = Some(loc);
                }
            }
            b"commentRangeEnd" => {
                if let Some(id) = attr(e, b"id") {
                    self.state
                        .comment_spans
                        .entry(id.into_owned())
                        .or_default()
                        .end = Some(at);
                }
            }
            _ => {}
        }
    }

    /// Register a bookmark start; `at` is None when its position waits for the next paragraph.
    fn open_bookmark(&mut self, e: &BytesStart<'_>, at: Option<Position>) -> Option<usize> {
        let id = attr(e, b"id")?.into_owned();
        let name = attr(e, b"name").map(|n| n.into_owned()).unwrap_or_default();
        let i = self.state.bookmarks.len();
        let start = self.location(at.unwrap_or_default());
        self.state.bookmarks.push(Bookmark {
            hidden: name.starts_with('_'),
            name,
            id: id.clone(),
            start,
            end: None,
        });
        self.state.open_bookmarks.insert(id, i);
        Some(i)
    }

    /// The bookmark a `bookmarkEnd` closes; ends without a start are noise and ignored.
    fn close_bookmark_index(&mut self, e: &BytesStart<'_>) -> Option<usize> {
        let id = attr(e, b"id")?;
        self.state.open_bookmarks.remove(id.as_ref())
    }

    fn read_paragraph_properties(&mut self, para: &mut ParaBuilder) -> Result<()> {
        let level = self.xr.depth();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"sectPr" => self.read_section(&e)?,
                    b"numPr" => {}
                    b"rPr" => para.mark_change = self.read_mark_change()?,
                    // Old properties of a tracked formatting change: nothing we read.
                    _ => self.xr.skip(&e)?,
                },
                Event::Empty(e) => {
                    let val = attr(&e, b"val");
                    match local_name(&e) {
                        b"pStyle" => para.style_id = val.map(|v| self.ctx.styles.shared_id(&v)),
                        b"outlineLvl" => para.outline_level = val.and_then(|v| v.parse().ok()),
                        b"numId" => para.num_id = val.and_then(|v| v.parse().ok()),
                        b"ilvl" => para.num_level = val.and_then(|v| v.parse().ok()),
                        _ => {}
                    }
                }
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok(())
    }

    fn finish_paragraph(&mut self, mut para: ParaBuilder) -> (Paragraph, Vec<Block>) {
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
            close_link(&mut para, &mut self.state.links, true);
        }
        let styles = self.ctx.styles;
        let style_id = para
            .style_id
            .take()
            .or_else(|| styles.default_paragraph.clone());
        let style = style_id.as_deref().and_then(|id| styles.name(id));
        let heading = match para.outline_level {
            Some(l) if l < 9 => Some(l + 1),
            Some(_) => None,
            None => style_id.as_deref().and_then(|id| styles.heading_level(id)),
        };
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
        };
        (paragraph, para.text_box_blocks)
    }

    /// The paragraph mark's run properties: only a tracked insertion or deletion of the mark.
    fn read_mark_change(&mut self) -> Result<Option<Change>> {
        let level = self.xr.depth();
        let mut change = None;
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => {
                    change = change.or_else(|| tracked_change(&e));
                    self.xr.skip(&e)?;
                }
                Event::Empty(e) => change = change.or_else(|| tracked_change(&e)),
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok(change)
    }

    // ----- runs ---------------------------------------------------------------------------

    fn read_run(&mut self, para: &mut ParaBuilder) -> Result<()> {
        let level = self.xr.depth();
        let mut props = RunProps::default();
        let mut wrappers: Vec<Wrapper> = Vec::new();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"rPr" => props = self.read_run_properties()?,
                    b"t" | b"delText" => {
                        let text = read_text(&mut self.xr)?;
                        self.push_text(para, &props, &text);
                    }
                    b"instrText" | b"delInstrText" => {
                        let text = read_text(&mut self.xr)?;
                        // The instruction of a field nested too deep is not kept.
                        let top = self.field_stack.last_mut();
                        if let Some(top) = top.filter(|_| self.fields_too_deep == 0) {
                            if !top.in_result {
                                top.instruction.push_str(&text);
                            }
                        }
                    }
                    b"drawing" => self.read_drawing(para)?,
                    b"pict" | b"object" => self.read_vml(para)?,
                    // Ruby: the base text is text; the annotation above it is not.
                    b"ruby" | b"rubyBase" => wrappers.push(Wrapper::Plain),
                    b"r" => self.read_run(para)?,
                    b"fldChar" => {
                        self.field_char(&e, para);
                        self.xr.skip(&e)?;
                    }
                    // `w16se:symEx` is how Word 2016 writes an emoji, in the `mc:Choice` of a
                    // run whose Fallback holds the same character as `w:t`.
                    b"sym" | b"symEx" => {
                        self.push_symbol(&e, para, &props);
                        self.xr.skip(&e)?;
                    }
                    b"AlternateContent" | b"Choice" | b"Fallback" => {
                        if let Some(w) = self.open_wrapper(&e, &mut wrappers, None)? {
                            wrappers.push(w);
                        }
                    }
                    b"tab" | b"ptab" | b"br" | b"cr" => {
                        self.run_empty(&e, para, &props);
                        self.xr.skip(&e)?;
                    }
                    _ => self.xr.skip(&e)?,
                },
                Event::Empty(e) => match local_name(&e) {
                    b"fldChar" => self.field_char(&e, para),
                    b"sym" | b"symEx" => self.push_symbol(&e, para, &props),
                    _ => self.run_empty(&e, para, &props),
                },
                Event::End(_) if self.end_of(level, &mut wrappers, Some(para)) => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// Empty run children: tabs, breaks, special hyphens, note and comment references.
    fn run_empty(&mut self, e: &BytesStart<'_>, para: &mut ParaBuilder, props: &RunProps) {
        match local_name(e) {
            b"tab" | b"ptab" if self.push_text(para, props, "\t") => para.push(Inline::Tab),
            b"br" | b"cr" => {
                let kind = match attr(e, b"type").as_deref() {
                    Some("page") => BreakKind::Page,
                    Some("column") => BreakKind::Column,
                    _ => BreakKind::Line,
                };
                if self.push_text(para, props, "\n") {
                    para.push(Inline::Break { kind });
                }
            }
            b"noBreakHyphen" => {
                self.push_text(para, props, "\u{2011}");
            }
            b"softHyphen" => {
                self.push_text(para, props, "\u{00AD}");
            }
            b"footnoteReference" | b"endnoteReference" => {
                if let Some(id) = attr(e, b"id") {
                    let kind = if local_name(e) == b"footnoteReference" {
                        NoteKind::Footnote
                    } else {
                        NoteKind::Endnote
                    };
                    para.push(Inline::NoteRef {
                        kind,
                        id: id.into_owned(),
                    });
                }
            }
            b"commentReference" => {
                if let Some(id) = attr(e, b"id") {
                    para.push(Inline::CommentRef {
                        id: id.into_owned(),
                    });
                }
            }
            _ => {}
        }
    }

    fn push_symbol(&mut self, e: &BytesStart<'_>, para: &mut ParaBuilder, props: &RunProps) {
        let font = attr(e, b"font");
        let code = attr(e, b"char").and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
        if let Some(c) = code.and_then(|code| symbol_char(font.as_deref().unwrap_or(""), code)) {
            let mut buf = [0u8; 4];
            self.push_text(para, props, c.encode_utf8(&mut buf));
        }
    }

    fn read_run_properties(&mut self) -> Result<RunProps> {
        let mut props = RunProps::default();
        let level = self.xr.depth();
        while let Some(event) = self.xr.next_event()? {
            match event {
                // The old properties of a tracked formatting change.
                Event::Start(e) if local_name(&e) == b"rPrChange" => self.xr.skip(&e)?,
                Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                    b"b" => props.bold = on_off(&e),
                    b"i" => props.italic = on_off(&e),
                    b"u" => props.underline = on_off(&e),
                    b"strike" | b"dstrike" => props.strike = props.strike || on_off(&e),
                    // `w:webHidden` hides text only in Web Layout (TOC tabs and page numbers):
                    // Word's print layout, LibreOffice and Tika show it, and so does docxtract.
                    b"vanish" | b"specVanish" => props.hidden = props.hidden || on_off(&e),
                    b"vertAlign" => match attr(&e, b"val").as_deref() {
                        Some("superscript") => props.superscript = true,
                        Some("subscript") => props.subscript = true,
                        _ => {}
                    },
                    b"rFonts" => {
                        let font = attr(&e, b"ascii").or_else(|| attr(&e, b"hAnsi"));
                        props.symbol_font = font.as_deref().and_then(symbol_font_name);
                    }
                    _ => {}
                },
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok(props)
    }

    /// Add text to the paragraph. Returns whether it is visible text (not hidden, deleted, or
    /// part of a field instruction), so callers add matching markers only for visible text.
    fn push_text(&mut self, para: &mut ParaBuilder, props: &RunProps, text: &str) -> bool {
        if text.is_empty() {
            return false;
        }
        let mapped;
        let text = match props.symbol_font {
            Some(font) if text.chars().any(|c| ('\u{F020}'..='\u{F0FF}').contains(&c)) => {
                mapped = text
                    .chars()
                    .map(|c| match c {
                        '\u{F020}'..='\u{F0FF}' => symbol_char(font, c as u32).unwrap_or(c),
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
        let visible =
            (!props.hidden || self.ctx.show_hidden) && self.ctx.track_changes.shows(change);
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
                    if same_format(last, props, change)
                        && span.visible == visible
                        && span.end == start =>
                {
                    span.end = end;
                    true
                }
                _ => false,
            };
            if !merged {
                frame.inlines.push(Inline::Text(TextRun {
                    // Given at the paragraph's end, when its buffers become shared strings.
                    text: Substr::new(),
                    bold: props.bold,
                    italic: props.italic,
                    underline: props.underline,
                    strike: props.strike,
                    superscript: props.superscript,
                    subscript: props.subscript,
                    hidden: props.hidden,
                    change: change.map(|c| Box::new(c.clone())),
                }));
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
        visible
    }

    /// Whether `len` more bytes of text fit in the paragraph (run slices have 32-bit
    /// offsets); when they do not, the text is cut short with a warning.
    fn room_for(&mut self, para: &ParaBuilder, len: usize) -> bool {
        let fits = para.has_room(len);
        if !fits {
            self.warn(
                WarningCode::TextTruncated,
                "paragraph text over 4 GiB cut short",
            );
        }
        fits
    }

    /// An `m:oMath` (just started): one math inline, its linear text added to the paragraph.
    fn read_formula(&mut self, para: &mut ParaBuilder) -> Result<()> {
        let node = super::math::read_math(&mut self.xr)?;
        let text = super::math::math_text(&node);
        let latex = super::math::math_latex(&node);
        if self.field_stack.iter().any(|f| !f.in_result) {
            return Ok(());
        }
        if !self.room_for(para, text.len()) {
            return Ok(());
        }
        para.text.push_str(&text);
        para.chars += text.chars().count();
        para.push(Inline::Math {
            display: self.math_para_depth > 0,
            text,
            latex,
        });
        Ok(())
    }

    /// Record a chart, diagram, OLE object or imported chunk found at the current position.
    pub(super) fn push_object(
        &mut self,
        kind: ObjectKind,
        rel_id: Option<&str>,
        prog_id: Option<String>,
        at: Position,
    ) {
        let rel = rel_id.and_then(|id| self.rels.get(id));
        let part = rel.map(|r| r.target.to_string());
        let content_type = match rel {
            Some(r) if !r.external => self.ctx.content_types.of(&r.target),
            _ => None,
        };
        let location = self.location(at);
        self.state.objects.push(EmbeddedObject {
            kind,
            part,
            content_type,
            prog_id,
            text: None,
            location,
        });
    }

    // ----- links ------------------------------------------------------------------------

    pub(super) fn open_link(
        &mut self,
        para: &mut ParaBuilder,
        url: Option<arcstr::ArcStr>,
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

    pub(super) fn close_field_link(&mut self, para: &mut ParaBuilder) {
        if para
            .frames
            .last()
            .is_some_and(|f| f.link.as_ref().is_some_and(|l| l.from_field))
        {
            close_link(para, &mut self.state.links, true);
        }
    }

    /// Read a text box's content (`w:txbxContent`, just started) into the holding paragraph's
    /// text-box blocks.
    pub(super) fn read_text_box(&mut self, para: &mut ParaBuilder) -> Result<()> {
        let mut blocks = Vec::new();
        // A text box is a story of its own: fields and changes do not leak in or out.
        let fields = std::mem::take(&mut self.field_stack);
        let too_deep = std::mem::take(&mut self.fields_too_deep);
        let changes = std::mem::take(&mut self.changes);
        let last = self.last_paragraph;
        self.text_box_depth += 1;
        let result = self.read_blocks(&mut blocks);
        self.text_box_depth -= 1;
        self.field_stack = fields;
        self.fields_too_deep = too_deep;
        self.changes = changes;
        self.last_paragraph = last;
        result?;
        for block in &mut blocks {
            match block {
                Block::Paragraph(p) => {
                    p.text_box_anchor.get_or_insert(para.index);
                }
                Block::Table(t) => {
                    t.text_box_anchor.get_or_insert(para.index);
                }
            }
        }
        para.text_box_blocks.extend(blocks);
        Ok(())
    }
}

/// Whether text with `props` and `change` continues `run` (same formatting, same change).
fn same_format(run: &TextRun, props: &RunProps, change: Option<&Change>) -> bool {
    run.bold == props.bold
        && run.italic == props.italic
        && run.underline == props.underline
        && run.strike == props.strike
        && run.superscript == props.superscript
        && run.subscript == props.subscript
        && run.hidden == props.hidden
        && run.change.as_deref() == change
}

/// The change a `w:ins`, `w:del`, `w:moveFrom` or `w:moveTo` element records, with its author
/// and date; `None` for any other element.
fn tracked_change(e: &BytesStart<'_>) -> Option<Change> {
    let kind = match local_name(e) {
        b"ins" => ChangeKind::Insertion,
        b"moveTo" => ChangeKind::MoveTo,
        b"del" => ChangeKind::Deletion,
        b"moveFrom" => ChangeKind::MoveFrom,
        _ => return None,
    };
    Some(Change {
        kind,
        author: attr(e, b"author").map(|a| a.into_owned()),
        date: attr(e, b"date").map(|a| a.into_owned()),
    })
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

/// Close the innermost link frame, wrapping its inlines in a link inline in the parent frame.
fn close_link(para: &mut ParaBuilder, links: &mut [Link], _forced: bool) {
    if para.frames.len() < 2 {
        return;
    }
    let frame = para.frames.pop().expect("checked");
    let Some(open) = frame.link else {
        para.push_all(frame.inlines);
        return;
    };
    let link = &mut links[open.link];
    link.text = para.text[open.text_start..].to_string();
    let span = LinkSpan {
        url: link.url.clone(),
        anchor: link.anchor.clone(),
        link: open.link,
        inlines: frame.inlines,
    };
    para.push(Inline::Link(Box::new(span)));
}

impl ParaBuilder {
    /// Whether `len` more bytes fit in either buffer.
    fn has_room(&self, len: usize) -> bool {
        self.text.len().max(self.other.len()).saturating_add(len) <= MAX_PARAGRAPH_TEXT
    }

    fn push_all(&mut self, inlines: Vec<Inline>) {
        self.frames
            .last_mut()
            .expect("paragraph frame")
            .inlines
            .extend(inlines);
    }
}

/// Read a `w:sdtPr` (just started): `Some(checked)` for a checkbox content control.
fn read_checkbox(xr: &mut XmlReader<'_>) -> Result<Option<bool>> {
    let level = xr.depth();
    let mut checkbox = None;
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"checkbox" => {
                    checkbox.get_or_insert(false);
                }
                b"checked" => checkbox = Some(on_off(&e)),
                _ => {}
            },
            Event::End(_) if xr.depth() < level => break,
            _ => {}
        }
    }
    Ok(checkbox)
}
