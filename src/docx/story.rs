//! The story reader: the XML walkers over block containers (body, cells, text boxes, headers,
//! notes, comments), paragraphs, runs, tables and pictures, in one streaming pass per part.
//! They recognize elements and call the builder (`builder.rs`), which decides what the
//! content means; table properties and drawings are read by `tables.rs` and `drawings.rs`.
//!
//! Each reader function is called right after the `Start` event of its element, reads up to
//! and including its own `End`, and returns what it built. Wrappers that only group content
//! (`w:sdt`, `w:smartTag`, `w:customXml`, `mc:AlternateContent`, `w:ins`...) are walked through
//! with a small stack, so their content is read as if they were not there.

use quick_xml::events::{BytesStart, Event};

use super::builder::{
    checkbox_mark, Builder, Mark, OpenParagraph, ParagraphPropsChange, RunProps, SectionProps,
};
use super::changes::{author_and_date, tracked_change};
use super::drawings::{DrawingStep, DrawingWalker, Picture, PictureLink, VmlWalker};
use super::state::{Context, DocState};
use super::styles::is_monospace_font;
use super::symbols::{symbol_char, symbol_font_name};
use super::tables::{self, CellProps, RawRow, TableGrid};
use crate::model::{
    Block, BreakKind, Change, ContentControl, ControlItem, ControlKind, ControlLevel, DataBinding,
    FormField, FormFieldKind, HeaderFooterKind, Inline, NoteKind, ObjectKind, Paragraph, Position,
    PropertiesChange, RunFormatChange, SectionKind, Story, Table, WarningCode,
};
use crate::package::Relationships;
use crate::xml::{attr, local_name, on_off, read_text, Resume, XmlReader};
use crate::Result;

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
    /// `w:sdt`: a content control, closed at its end.
    ContentControl,
    /// `w:dir`, `w:bdo`: an inline run of text in one direction.
    Direction,
}

/// Where a container's finished blocks go, one at a time: a `Vec` for cells, headers and
/// notes; for the streamed body, a sink that hands each block on as soon as it is read.
pub(crate) trait BlockOut {
    /// `state` is what reading has recorded so far (fields, images), the block's included.
    fn push(&mut self, block: Block, state: &DocState) -> Result<()>;
}

impl BlockOut for Vec<Block> {
    fn push(&mut self, block: Block, _state: &DocState) -> Result<()> {
        Vec::push(self, block);
        Ok(())
    }
}

/// A story reader between two windows of its part ([`StoryReader::suspend`]).
pub(crate) struct Suspended<'d> {
    /// The XML reader's part of it; `None` before the first window.
    pub xml: Option<Resume>,
    b: Builder<'d, 'd>,
    math_para_depth: usize,
    table_depth: usize,
    checkbox: Option<bool>,
}

impl<'d> Suspended<'d> {
    /// Before the first window: nothing read yet.
    pub fn start(
        state: &'d mut DocState,
        ctx: &'d Context<'d>,
        part: &'d str,
        story: Story,
    ) -> Self {
        Suspended {
            xml: None,
            b: Builder::new(state, ctx, part, story),
            math_para_depth: 0,
            table_depth: 0,
            checkbox: None,
        }
    }
}

pub(crate) struct StoryReader<'a, 'd> {
    pub xr: XmlReader<'a>,
    pub rels: &'d Relationships,
    pub ctx: &'d Context<'d>,
    /// What the walkers report to: it decides what the content means. It outlives the text
    /// read (`'d`, not `'a`), so a body read in windows keeps one builder across them.
    pub b: Builder<'d, 'd>,
    /// Inside `m:oMathPara`: formulas are display formulas.
    math_para_depth: usize,
    /// A checkbox content control's state, read from its `w:sdtPr`, for its `w:sdtContent`.
    checkbox: Option<bool>,
    /// Tables open around the current content.
    table_depth: usize,
}

impl<'a, 'd> StoryReader<'a, 'd> {
    pub fn new(
        xr: XmlReader<'a>,
        part: &'d str,
        rels: &'d Relationships,
        ctx: &'d Context<'d>,
        state: &'d mut DocState,
        story: Story,
    ) -> Self {
        StoryReader {
            xr,
            rels,
            ctx,
            b: Builder::new(state, ctx, part, story),
            math_para_depth: 0,
            table_depth: 0,
            checkbox: None,
        }
    }

    /// A reader over the next window of a part, going on where [`StoryReader::suspend`] left
    /// the reader over the window before (between two top-level blocks of the body).
    pub fn resume(
        xr: XmlReader<'a>,
        rels: &'d Relationships,
        ctx: &'d Context<'d>,
        from: Suspended<'d>,
    ) -> Self {
        StoryReader {
            xr,
            rels,
            ctx,
            b: from.b,
            math_para_depth: from.math_para_depth,
            table_depth: from.table_depth,
            checkbox: from.checkbox,
        }
    }

    /// What the reader over the next window goes on from: the builder (open bookmarks,
    /// comment ranges, fields, sections) and the walkers' state.
    pub fn suspend(self) -> Suspended<'d> {
        Suspended {
            xml: Some(self.xr.suspend()),
            b: self.b,
            math_para_depth: self.math_para_depth,
            table_depth: self.table_depth,
            checkbox: self.checkbox,
        }
    }

    pub fn warn(&mut self, code: WarningCode, message: impl Into<String>) {
        self.b.warn(code, message);
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

    /// The part ends: resolve what is still open.
    pub fn finish_part(&mut self) {
        let foreign = self.xr.foreign_skipped();
        self.b.finish_part(foreign);
    }

    // ----- block containers -------------------------------------------------------------

    /// Read the blocks of the container whose `Start` was just read, up to its `End`; each
    /// finished block goes to `out` at once (a `Vec`, or the streamed body's sink).
    pub fn read_blocks(&mut self, out: &mut dyn BlockOut) -> Result<()> {
        self.read_container(out, None)
    }

    /// The block loop shared by every container; a table cell passes a sink for its `w:tcPr`.
    pub(super) fn read_container(
        &mut self,
        out: &mut dyn BlockOut,
        mut cell: Option<&mut CellProps>,
    ) -> Result<()> {
        let level = self.xr.depth();
        let mut wrappers: Vec<Wrapper> = Vec::new();
        let mut cell_change = false;
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"tcPr" if cell.is_some() => {
                        let props = cell.as_deref_mut().expect("checked");
                        tables::read_cell_properties(&mut self.xr, props)?;
                        if props.merge_change {
                            self.b.cell_merge_change();
                        }
                        // A cell inserted or deleted as a whole: its content is part of it.
                        if let Some(change) = props.change().filter(|_| !cell_change) {
                            self.b.open_change(change.clone());
                            cell_change = true;
                        }
                    }
                    b"p" => {
                        let (paragraph, extra) = self.read_paragraph(false)?;
                        out.push(Block::Paragraph(paragraph), self.b.state)?;
                        for block in extra {
                            out.push(block, self.b.state)?;
                        }
                    }
                    b"tbl" => {
                        let table = self.read_table()?;
                        out.push(Block::Table(Box::new(table)), self.b.state)?;
                    }
                    b"sectPr" => self.read_section(None)?,
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
                        out.push(Block::Paragraph(paragraph), self.b.state)?;
                        for block in extra {
                            out.push(block, self.b.state)?;
                        }
                    }
                    _ => {
                        if let Some(w) =
                            self.open_wrapper(&e, &mut wrappers, None, ControlLevel::Block)?
                        {
                            wrappers.push(w);
                        }
                    }
                },
                Event::Empty(e) => match local_name(&e) {
                    b"p" => {
                        let (paragraph, _) = self.read_paragraph(true)?;
                        out.push(Block::Paragraph(paragraph), self.b.state)?;
                    }
                    b"altChunk" => {
                        let at = self.b.last_paragraph().unwrap_or_default();
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
        if cell_change {
            self.b.close_change();
        }
        Ok(())
    }

    /// A bookmark or comment-range boundary between blocks.
    pub(super) fn block_level_mark(&mut self, e: &BytesStart<'_>) {
        if let Some(mark) = mark_of(e) {
            self.b.mark(mark, None);
        }
    }

    /// Start walking through a wrapper element, or skip it. Returns the wrapper to push, or
    /// `None` when the element was skipped (its `End` is consumed).
    /// `level` says what a content control there wraps (blocks, rows, cells, runs).
    pub(super) fn open_wrapper(
        &mut self,
        e: &BytesStart<'_>,
        wrappers: &mut [Wrapper],
        para: Option<&mut OpenParagraph>,
        level: ControlLevel,
    ) -> Result<Option<Wrapper>> {
        let name = local_name(e);
        let wrapper = match name {
            b"sdt" => {
                self.b.open_control(level, para.as_deref());
                Wrapper::ContentControl
            }
            b"sdtPr" => {
                let props = read_control_properties(&mut self.xr)?;
                // An inline checkbox's content is its box, drawn from its state.
                if para.is_some() && props.kind == ControlKind::Checkbox {
                    self.checkbox = Some(props.checked.unwrap_or(false));
                }
                self.b.control_properties(props);
                return Ok(None);
            }
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
                if let Some(change) = tracked_change(e) {
                    self.b.open_change(change);
                    Wrapper::Change
                } else {
                    Wrapper::Plain
                }
            }
            b"hyperlink" => match para {
                Some(para) => {
                    let url =
                        attr(e, b"id").and_then(|id| self.rels.get(&id).map(|r| r.target.clone()));
                    let anchor = attr(e, b"anchor").map(|a| a.into_owned());
                    self.b.open_link(para, url, anchor, false);
                    Wrapper::Link
                }
                None => Wrapper::Plain,
            },
            b"fldSimple" => match para {
                Some(para) => {
                    self.simple_field(e, para);
                    Wrapper::SimpleField
                }
                None => Wrapper::Plain,
            },
            // Inline direction (`w:dir` embeds, `w:bdo` overrides): its runs read that way.
            b"dir" | b"bdo" if para.is_some() => {
                self.b
                    .open_direction(attr(e, b"val").as_deref() == Some("rtl"));
                Wrapper::Direction
            }
            // Content wrappers: their content is ordinary content.
            b"sdtContent" | b"smartTag" | b"customXml" | b"dir" | b"bdo" | b"body" => {
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
        para: Option<&mut OpenParagraph>,
    ) -> bool {
        if self.xr.depth() < level {
            return true;
        }
        if let Some(w) = wrappers.pop() {
            self.close_wrapper(w, para);
        }
        false
    }

    fn close_wrapper(&mut self, wrapper: Wrapper, para: Option<&mut OpenParagraph>) {
        match wrapper {
            Wrapper::Change => self.b.close_change(),
            Wrapper::Link => {
                if let Some(para) = para {
                    self.b.close_link(para);
                }
            }
            Wrapper::SimpleField => {
                if let Some(para) = para {
                    self.b.field_end(para);
                }
            }
            Wrapper::MathPara => self.math_para_depth -= 1,
            Wrapper::ContentControl => self.b.close_control(para.as_deref()),
            Wrapper::Direction => self.b.close_direction(),
            Wrapper::Plain | Wrapper::Alternate(_) => {}
        }
    }

    // ----- tables -------------------------------------------------------------------------

    fn read_table(&mut self) -> Result<Table> {
        let index = self.b.alloc_index();
        let mut table = Table {
            index,
            ..Table::default()
        };
        let mut grid = TableGrid::default();
        self.table_depth += 1;
        let read = self.read_table_part(ControlLevel::Row, |this, e| {
            match local_name(e) {
                b"tblPr" => tables::read_table_properties(&mut this.xr, &mut table)?,
                b"tr" => {
                    let row = this.read_row()?;
                    grid.add_row(&mut table, row);
                }
                _ => return Ok(false),
            }
            Ok(true)
        });
        self.table_depth -= 1;
        read?;
        Ok(table)
    }

    fn read_row(&mut self) -> Result<RawRow> {
        let mut row = RawRow::new(self.ctx.track_changes);
        let mut row_change = false;
        self.read_table_part(ControlLevel::Cell, |this, e| {
            match local_name(e) {
                b"trPr" | b"tblPrEx" => {
                    let props = tables::read_row_properties(&mut this.xr)?;
                    // A row inserted or deleted as a whole: its content is part of that change.
                    if let Some(change) = props.change().filter(|_| !row_change) {
                        this.b.open_change(change.clone());
                        row_change = true;
                    }
                    row.add_properties(props)
                }
                b"tc" => {
                    let mut props = CellProps::default();
                    let mut blocks = Vec::new();
                    this.read_container(&mut blocks, Some(&mut props))?;
                    row.add_cell(blocks, props);
                }
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        if row_change {
            self.b.close_change();
        }
        Ok(row)
    }

    /// Walk a table or row (just started) up to its end: `child` reads the elements it knows
    /// and returns false for the others, which are walked through as wrappers; marks there
    /// are marks between blocks; a content control there wraps rows or cells (`level`).
    fn read_table_part(
        &mut self,
        level: ControlLevel,
        mut child: impl FnMut(&mut Self, &BytesStart<'_>) -> Result<bool>,
    ) -> Result<()> {
        let depth = self.xr.depth();
        let mut wrappers: Vec<Wrapper> = Vec::new();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => {
                    if child(self, &e)? {
                        continue;
                    }
                    if let Some(w) = self.open_wrapper(&e, &mut wrappers, None, level)? {
                        wrappers.push(w);
                    }
                }
                Event::Empty(e) => self.block_level_mark(&e),
                Event::End(_) if self.end_of(depth, &mut wrappers, None) => break,
                _ => {}
            }
        }
        Ok(())
    }

    // ----- pictures -----------------------------------------------------------------------

    /// A `w:drawing` (just started): its objects and text boxes as met, its pictures at its end.
    fn read_drawing(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let at = para.position();
        let mut walker = DrawingWalker::new(&self.xr);
        self.follow_drawing(para, at, |xr| walker.step(xr))?;
        for picture in walker.into_pictures() {
            self.push_image(para, at, picture);
        }
        Ok(())
    }

    /// A VML `w:pict` or `w:object` (just started): its pictures, objects and text boxes.
    fn read_vml(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let at = para.position();
        let mut walker = VmlWalker::new(&self.xr);
        self.follow_drawing(para, at, |xr| walker.step(xr))
    }

    /// Act on each step of a drawing walker until the drawing ends.
    fn follow_drawing(
        &mut self,
        para: &mut OpenParagraph,
        at: Position,
        mut step: impl FnMut(&mut XmlReader<'a>) -> Result<DrawingStep>,
    ) -> Result<()> {
        loop {
            match step(&mut self.xr)? {
                DrawingStep::TextBox => self.read_text_box(para)?,
                DrawingStep::Object(kind, rel_id, prog_id) => {
                    self.push_object(kind, rel_id.as_deref(), prog_id, at)
                }
                DrawingStep::Picture(picture) => self.push_image(para, at, picture),
                DrawingStep::TextPath(text) => self.b.text_path(text, at),
                DrawingStep::Done => return Ok(()),
            }
        }
    }

    /// A picture, its relationship resolved against the part's own.
    fn push_image(&mut self, para: &mut OpenParagraph, at: Position, picture: Picture) {
        let rel = self.rels.get(&picture.rel_id);
        if rel.is_none() {
            let message = format!("image relationship {:?} not found", picture.rel_id);
            self.warn(WarningCode::MissingRelationship, message);
        }
        let external = picture.linked || rel.is_some_and(|r| r.external);
        let target = rel.map(|r| r.target.clone());
        let content_type = match (&target, external) {
            (Some(t), false) => self.ctx.content_types.of(t),
            _ => None,
        };
        // A picture that is a link (`a:hlinkClick`, VML `href`): the image inside a link, as
        // a linked run of text would be.
        let link = match picture.link() {
            Some(PictureLink::Relationship(id)) => match self.rels.get(id) {
                Some(rel) if rel.external => Some((Some(rel.target.clone()), None)),
                Some(_) | None => None,
            },
            Some(PictureLink::Target(href)) => Some(match href.strip_prefix('#') {
                Some(anchor) => (None, Some(anchor.to_owned())),
                None => (Some(crate::model::ArcStr::from(href.as_str())), None),
            }),
            None => None,
        };
        let location = self.b.location(at);
        let image = picture.into_image(target, external, content_type, location);
        if let Some((url, anchor)) = link {
            self.b.open_link(para, url, anchor, false);
            self.b.image(para, image);
            self.b.close_link(para);
        } else {
            self.b.image(para, image);
        }
    }

    // ----- sections -----------------------------------------------------------------------

    /// A `w:sectPr` (just started), in a paragraph's properties (`para`) or at the body's end.
    fn read_section(&mut self, para: Option<&OpenParagraph>) -> Result<()> {
        let level = self.xr.depth();
        let mut props = SectionProps::default();
        while let Some(event) = self.xr.next_event()? {
            let (e, is_start) = match event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) if self.xr.depth() < level => break,
                _ => continue,
            };
            match local_name(&e) {
                // The section's properties before a tracked change: not what Word shows; who
                // changed them and when is kept.
                b"sectPrChange" => {
                    let (author, date) = author_and_date(&e);
                    props.change = Some(PropertiesChange { author, date });
                    if is_start {
                        self.xr.skip(&e)?;
                    }
                }
                name @ (b"headerReference" | b"footerReference") => {
                    let kind = match attr(&e, b"type").as_deref() {
                        Some("first") => HeaderFooterKind::First,
                        Some("even") => HeaderFooterKind::Even,
                        _ => HeaderFooterKind::Default,
                    };
                    if let Some(id) = attr(&e, b"id") {
                        let is_footer = name == b"footerReference";
                        self.b.header_footer_ref(is_footer, kind, id.into_owned());
                    }
                }
                b"type" => {
                    props.kind = match attr(&e, b"val").as_deref() {
                        Some("continuous") => SectionKind::Continuous,
                        Some("evenPage") => SectionKind::EvenPage,
                        Some("oddPage") => SectionKind::OddPage,
                        Some("nextColumn") => SectionKind::NextColumn,
                        _ => SectionKind::NextPage,
                    }
                }
                b"pgSz" => {
                    let twips = |name: &[u8]| attr(&e, name).and_then(|v| v.trim().parse().ok());
                    props.page_size = twips(b"w").zip(twips(b"h"));
                    props.landscape = attr(&e, b"orient").map(|v| v == "landscape");
                }
                b"titlePg" => props.title_page = on_off(&e),
                _ => {}
            }
        }
        self.b.end_section(props, para);
        Ok(())
    }

    // ----- paragraphs -----------------------------------------------------------------------

    /// Read a paragraph (its `Start` was just read, or it was empty). Returns the paragraph and
    /// the blocks of text boxes it holds, which follow it.
    pub(super) fn read_paragraph(&mut self, empty: bool) -> Result<(Paragraph, Vec<Block>)> {
        let mut para = self.b.start_paragraph();
        if !empty {
            let level = self.xr.depth();
            let mut wrappers: Vec<Wrapper> = Vec::new();
            while let Some(event) = self.xr.next_event()? {
                match event {
                    Event::Start(e) => match local_name(&e) {
                        b"pPr" => self.read_paragraph_properties(&mut para)?,
                        b"r" => self.read_run(&mut para)?,
                        b"oMath" => self.read_formula(&mut para)?,
                        b"sdtContent" if self.checkbox.is_some() => {
                            let checked = self.checkbox.take().unwrap_or(false);
                            self.xr.skip(&e)?;
                            let mark = checkbox_mark(checked);
                            self.b.text(&mut para, &RunProps::default(), mark);
                        }
                        b"bookmarkStart" | b"bookmarkEnd" | b"commentRangeStart"
                        | b"commentRangeEnd" => {
                            if let Some(mark) = mark_of(&e) {
                                self.b.mark(mark, Some(&mut para));
                            }
                            self.xr.skip(&e)?;
                        }
                        _ => {
                            if let Some(w) = self.open_wrapper(
                                &e,
                                &mut wrappers,
                                Some(&mut para),
                                ControlLevel::Inline,
                            )? {
                                wrappers.push(w);
                            }
                        }
                    },
                    Event::Empty(e) => match local_name(&e) {
                        b"fldSimple" => {
                            self.simple_field(&e, &mut para);
                            self.b.field_end(&mut para);
                        }
                        _ => {
                            if let Some(mark) = mark_of(&e) {
                                self.b.mark(mark, Some(&mut para));
                            }
                        }
                    },
                    Event::End(_) if self.end_of(level, &mut wrappers, Some(&mut para)) => break,
                    _ => {}
                }
            }
        }
        Ok(self.b.finish_paragraph(para))
    }

    /// Run content found where a paragraph belongs (its `Start` was just read), wrapped in a
    /// paragraph of its own.
    fn read_bare_run_content(&mut self, name: &[u8]) -> Result<(Paragraph, Vec<Block>)> {
        let mut para = self.b.start_paragraph();
        match name {
            b"r" => self.read_run(&mut para)?,
            b"drawing" => self.read_drawing(&mut para)?,
            _ => self.read_vml(&mut para)?,
        }
        Ok(self.b.finish_paragraph(para))
    }

    /// A `w:fldChar`: the begin, separate or end of a complex field.
    fn field_char(&mut self, e: &BytesStart<'_>, para: &mut OpenParagraph) {
        match attr(e, b"fldCharType").as_deref() {
            Some("begin") => self.b.field_begin(String::new()),
            Some("separate") => self.b.field_separate(para),
            Some("end") => self.b.field_end(para),
            _ => {}
        }
    }

    /// A `w:fldSimple` (just started, or empty) begins its field; the caller ends it.
    fn simple_field(&mut self, e: &BytesStart<'_>, para: &mut OpenParagraph) {
        let instruction = attr(e, b"instr")
            .map(|a| a.into_owned())
            .unwrap_or_default();
        self.b.simple_field(para, instruction);
    }

    fn read_paragraph_properties(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let level = self.xr.depth();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    // Word ignores a section break in a table cell or a text box.
                    b"sectPr" if self.b.takes_section_break(self.table_depth > 0) => {
                        self.read_section(Some(&*para))?
                    }
                    b"numPr" => {}
                    b"rPr" => para.mark_change = self.read_mark_change()?,
                    b"pPrChange" => {
                        para.format_change = Some(self.read_paragraph_props_change(&e)?)
                    }
                    _ => self.xr.skip(&e)?,
                },
                Event::Empty(e) => {
                    let val = attr(&e, b"val");
                    match local_name(&e) {
                        b"pStyle" => para.style_id = val.map(|v| self.ctx.styles.shared_id(&v)),
                        b"outlineLvl" => para.outline_level = val.and_then(|v| v.parse().ok()),
                        b"numId" => para.num_id = val.and_then(|v| v.parse().ok()),
                        b"ilvl" => para.num_level = val.and_then(|v| v.parse().ok()),
                        b"pageBreakBefore" => para.page_break_before = Some(on_off(&e)),
                        b"bidi" => para.rtl = on_off(&e),
                        _ => {}
                    }
                }
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok(())
    }

    /// A `w:pPrChange` (just started): who changed the paragraph's properties, when, and the
    /// style and outline level of the old properties (`w:pPr` inside it).
    fn read_paragraph_props_change(&mut self, e: &BytesStart<'_>) -> Result<ParagraphPropsChange> {
        let (author, date) = author_and_date(e);
        let mut old = ParagraphPropsChange {
            author,
            date,
            style_id: None,
            outline_level: None,
        };
        let level = self.xr.depth();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let val = attr(&e, b"val");
                    match local_name(&e) {
                        b"pStyle" => old.style_id = val.map(|v| self.ctx.styles.shared_id(&v)),
                        b"outlineLvl" => old.outline_level = val.and_then(|v| v.parse().ok()),
                        _ => {}
                    }
                }
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        Ok(old)
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

    fn read_run(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let level = self.xr.depth();
        let mut props = RunProps {
            rtl: self.b.in_rtl_direction(),
            ..RunProps::default()
        };
        let mut wrappers: Vec<Wrapper> = Vec::new();
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"rPr" => props = self.read_run_properties()?,
                    b"t" | b"delText" => {
                        let text = read_text(&mut self.xr)?;
                        self.b.text(para, &props, &text);
                    }
                    b"instrText" | b"delInstrText" => {
                        let text = read_text(&mut self.xr)?;
                        self.b.instruction_text(&text);
                    }
                    b"drawing" => self.read_drawing(para)?,
                    b"pict" | b"object" => self.read_vml(para)?,
                    b"ruby" => self.read_ruby(para, &props)?,
                    b"r" => self.read_run(para)?,
                    // A begin with `w:ffData` inside: a legacy form field.
                    b"fldChar" => {
                        let form = match attr(&e, b"fldCharType").as_deref() {
                            Some("begin") => read_form_field(&mut self.xr)?,
                            _ => {
                                self.xr.skip(&e)?;
                                None
                            }
                        };
                        self.field_char(&e, para);
                        if let Some(form) = form {
                            self.b.form_field(form);
                        }
                    }
                    // `w16se:symEx` is how Word 2016 writes an emoji, in the `mc:Choice` of a
                    // run whose Fallback holds the same character as `w:t`.
                    b"sym" | b"symEx" => {
                        self.push_symbol(&e, para, &props);
                        self.xr.skip(&e)?;
                    }
                    b"AlternateContent" | b"Choice" | b"Fallback" => {
                        if let Some(w) =
                            self.open_wrapper(&e, &mut wrappers, None, ControlLevel::Inline)?
                        {
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

    /// A `w:ruby` (just started): its base text (`w:rubyBase`) and reading (`w:rt`).
    fn read_ruby(&mut self, para: &mut OpenParagraph, props: &RunProps) -> Result<()> {
        let level = self.xr.depth();
        let (mut base, mut reading) = (String::new(), String::new());
        while let Some(event) = self.xr.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"rt" => reading.push_str(&read_run_texts(&mut self.xr)?),
                    b"rubyBase" => base.push_str(&read_run_texts(&mut self.xr)?),
                    _ => self.xr.skip(&e)?,
                },
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        self.b.ruby(para, props, base, reading);
        Ok(())
    }

    /// Empty run children: tabs, breaks, special hyphens, note and comment references.
    fn run_empty(&mut self, e: &BytesStart<'_>, para: &mut OpenParagraph, props: &RunProps) {
        match local_name(e) {
            b"tab" | b"ptab" => self.b.tab(para, props),
            b"br" | b"cr" => {
                let kind = match attr(e, b"type").as_deref() {
                    Some("page") => BreakKind::Page,
                    Some("column") => BreakKind::Column,
                    _ => BreakKind::Line,
                };
                self.b.line_break(para, props, kind);
            }
            b"noBreakHyphen" => {
                self.b.text(para, props, "\u{2011}");
            }
            b"softHyphen" => {
                self.b.text(para, props, "\u{00AD}");
            }
            b"footnoteReference" | b"endnoteReference" => {
                if let Some(id) = attr(e, b"id") {
                    let kind = if local_name(e) == b"footnoteReference" {
                        NoteKind::Footnote
                    } else {
                        NoteKind::Endnote
                    };
                    para.push_inline(Inline::NoteRef {
                        kind,
                        id: id.into_owned(),
                    });
                }
            }
            b"commentReference" => {
                if let Some(id) = attr(e, b"id") {
                    para.push_inline(Inline::CommentRef {
                        id: id.into_owned(),
                    });
                }
            }
            _ => {}
        }
    }

    fn push_symbol(&mut self, e: &BytesStart<'_>, para: &mut OpenParagraph, props: &RunProps) {
        let font = attr(e, b"font");
        let code = attr(e, b"char").and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
        if let Some(c) = code.and_then(|code| symbol_char(font.as_deref().unwrap_or(""), code)) {
            let mut buf = [0u8; 4];
            self.b.text(para, props, c.encode_utf8(&mut buf));
        }
    }

    fn read_run_properties(&mut self) -> Result<RunProps> {
        self.run_properties(true)
    }

    /// A `w:rPr`'s formatting, or (`with_change` false) the old formatting inside a
    /// `w:rPrChange`, which holds no change of its own.
    fn run_properties(&mut self, with_change: bool) -> Result<RunProps> {
        let mut props = RunProps::default();
        let mut char_style = None;
        let level = self.xr.depth();
        while let Some(event) = self.xr.next_event()? {
            match event {
                // A tracked formatting change: who made it, when, and the formatting before it.
                Event::Start(e) if local_name(&e) == b"rPrChange" => {
                    if with_change {
                        let (author, date) = author_and_date(&e);
                        let old = self.run_properties(false)?.format;
                        props.format_change = Some(Box::new(RunFormatChange { author, date, old }));
                    } else {
                        self.xr.skip(&e)?;
                    }
                }
                Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                    b"b" => props.format.bold = on_off(&e),
                    b"i" => props.format.italic = on_off(&e),
                    b"u" => props.format.underline = on_off(&e),
                    b"rtl" => props.rtl = on_off(&e),
                    b"rStyle" => char_style = attr(&e, b"val").map(|v| self.ctx.styles.lang(&v)),
                    b"lang" => {
                        let (val, east_asia, bidi) =
                            (attr(&e, b"val"), attr(&e, b"eastAsia"), attr(&e, b"bidi"));
                        props.lang =
                            self.b
                                .lang(val.as_deref(), east_asia.as_deref(), bidi.as_deref());
                    }
                    b"strike" | b"dstrike" => {
                        props.format.strike = props.format.strike || on_off(&e)
                    }
                    // `w:webHidden` hides text only in Web Layout (TOC tabs and page numbers):
                    // Word's print layout, LibreOffice and Tika show it, and so does docxtract.
                    b"vanish" | b"specVanish" => props.hidden = props.hidden || on_off(&e),
                    b"vertAlign" => match attr(&e, b"val").as_deref() {
                        Some("superscript") => props.format.superscript = true,
                        Some("subscript") => props.format.subscript = true,
                        _ => {}
                    },
                    b"rFonts" => {
                        let font = attr(&e, b"ascii").or_else(|| attr(&e, b"hAnsi"));
                        props.symbol_font = font.as_deref().and_then(symbol_font_name);
                        props.monospace = font.as_deref().map(is_monospace_font);
                    }
                    _ => {}
                },
                Event::End(_) if self.xr.depth() < level => break,
                _ => {}
            }
        }
        if let Some(style) = char_style {
            props.lang = self.b.lang_with_style(props.lang, &style);
        }
        // A run inside a right-to-left `w:dir` or `w:bdo` is right-to-left text whatever its
        // own `w:rtl` says.
        props.rtl = props.rtl || (with_change && self.b.in_rtl_direction());
        Ok(props)
    }

    /// An `m:oMath` (just started): one math inline, its linear text added to the paragraph.
    fn read_formula(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let node = super::math::read_math(&mut self.xr)?;
        let text = super::math::math_text(&node);
        let latex = super::math::math_latex(&node);
        self.b.formula(para, text, latex, self.math_para_depth > 0);
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
        self.b.object(kind, part, content_type, prog_id, at);
    }

    /// Read a text box's content (`w:txbxContent`, just started) into the holding paragraph's
    /// text-box blocks.
    pub(super) fn read_text_box(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let mut blocks = Vec::new();
        let outer = self.b.enter_text_box();
        let result = self.read_blocks(&mut blocks);
        self.b.leave_text_box(outer);
        result?;
        para.add_text_box_blocks(blocks);
        Ok(())
    }
}

/// The bookmark or comment-range boundary an element is, if it is one.
fn mark_of(e: &BytesStart<'_>) -> Option<Mark> {
    let id = || attr(e, b"id").map(|id| id.into_owned());
    Some(match local_name(e) {
        b"bookmarkStart" => Mark::BookmarkStart {
            id: id()?,
            name: attr(e, b"name").map(|n| n.into_owned()).unwrap_or_default(),
        },
        b"bookmarkEnd" => Mark::BookmarkEnd { id: id()? },
        b"commentRangeStart" => Mark::CommentStart { id: id()? },
        b"commentRangeEnd" => Mark::CommentEnd { id: id()? },
        _ => return None,
    })
}

/// Read a `w:sdtPr` (just started): the control's kind, names, placeholder flag, entries,
/// date format, checkbox state and data binding.
fn read_control_properties(xr: &mut XmlReader<'_>) -> Result<ContentControl> {
    let level = xr.depth();
    let mut c = ContentControl::default();
    let owned = |e: &BytesStart<'_>, name: &[u8]| attr(e, name).map(|v| v.into_owned());
    while let Some(event) = xr.next_event()? {
        let (e, start) = match &event {
            Event::Start(e) => (e, true),
            Event::Empty(e) => (e, false),
            Event::End(_) if xr.depth() < level => break,
            _ => continue,
        };
        let kind = match local_name(e) {
            b"alias" => {
                c.alias = owned(e, b"val");
                None
            }
            b"tag" => {
                c.tag = owned(e, b"val");
                None
            }
            b"id" => {
                c.id = owned(e, b"val");
                None
            }
            b"showingPlcHdr" => {
                c.placeholder = on_off(e);
                None
            }
            b"dataBinding" if c.binding.is_none() => {
                c.binding = Some(Box::new(DataBinding {
                    xpath: owned(e, b"xpath").unwrap_or_default(),
                    store_item_id: owned(e, b"storeItemID"),
                    prefix_mappings: owned(e, b"prefixMappings").filter(|m| !m.is_empty()),
                    value: None,
                }));
                None
            }
            b"listItem" => {
                let value = owned(e, b"value").unwrap_or_default();
                let display = owned(e, b"displayText").unwrap_or_else(|| value.clone());
                c.items.push(ControlItem { display, value });
                None
            }
            b"date" => {
                c.date = owned(e, b"fullDate");
                Some(ControlKind::Date)
            }
            b"dateFormat" => {
                c.date_format = owned(e, b"val");
                None
            }
            b"checked" => {
                c.checked = Some(on_off(e));
                None
            }
            b"checkbox" => {
                c.checked.get_or_insert(false);
                Some(ControlKind::Checkbox)
            }
            b"text" => Some(ControlKind::PlainText),
            b"richText" => Some(ControlKind::RichText),
            b"dropDownList" => Some(ControlKind::DropDownList),
            b"comboBox" => Some(ControlKind::ComboBox),
            b"picture" => Some(ControlKind::Picture),
            b"repeatingSection" => Some(ControlKind::RepeatingSection),
            b"repeatingSectionItem" => Some(ControlKind::RepeatingSectionItem),
            b"docPartObj" | b"docPartList" => Some(ControlKind::DocPart),
            b"group" => Some(ControlKind::Group),
            b"citation" | b"bibliography" | b"equation" => Some(ControlKind::Other),
            // The control's run properties and its placeholder's building block: not read.
            b"rPr" | b"placeholder" if start => {
                xr.skip(e)?;
                None
            }
            _ => None,
        };
        if let Some(kind) = kind {
            c.kind = kind;
        }
    }
    Ok(c)
}

/// Read a `w:fldChar` begin (just started): its `w:ffData`, if it is a legacy form field.
fn read_form_field(xr: &mut XmlReader<'_>) -> Result<Option<FormField>> {
    let level = xr.depth();
    let mut form: Option<FormField> = None;
    let (mut checked, mut default_checked, mut result, mut default_entry) =
        (None, None, None, None);
    while let Some(event) = xr.next_event()? {
        let e = match &event {
            Event::Start(e) | Event::Empty(e) => e,
            Event::End(_) if xr.depth() < level => break,
            _ => continue,
        };
        let val = || attr(e, b"val").map(|v| v.into_owned());
        let number = || val().and_then(|v| v.trim().parse::<usize>().ok());
        if local_name(e) == b"ffData" {
            form = Some(FormField::default());
            continue;
        }
        let Some(f) = form.as_mut() else { continue };
        match local_name(e) {
            b"name" => f.name = val().filter(|n| !n.is_empty()),
            b"checkBox" => f.kind = FormFieldKind::Checkbox,
            b"ddList" => f.kind = FormFieldKind::DropDown,
            b"textInput" => f.kind = FormFieldKind::Text,
            b"checked" => checked = Some(on_off(e)),
            b"default" => match f.kind {
                FormFieldKind::Checkbox => default_checked = Some(on_off(e)),
                FormFieldKind::DropDown => default_entry = number(),
                FormFieldKind::Text => f.default = val(),
            },
            b"result" => result = number(),
            b"listEntry" => f.items.extend(val()),
            b"maxLength" => f.max_length = val().and_then(|v| v.trim().parse().ok()),
            b"type" => f.text_type = val(),
            b"format" => f.format = val().filter(|v| !v.is_empty()),
            _ => {}
        }
    }
    if let Some(f) = form.as_mut() {
        match f.kind {
            FormFieldKind::Checkbox => {
                f.checked = Some(checked.or(default_checked).unwrap_or(false))
            }
            FormFieldKind::DropDown if !f.items.is_empty() => {
                let chosen = result.or(default_entry).unwrap_or(0);
                f.selected = Some(chosen.min(f.items.len() - 1));
            }
            _ => {}
        }
    }
    Ok(form)
}

/// The text of the runs inside a ruby's base or reading (just started), up to its end.
fn read_run_texts(xr: &mut XmlReader<'_>) -> Result<String> {
    let level = xr.depth();
    let mut out = String::new();
    while let Some(event) = xr.next_event()? {
        match event {
            Event::Start(e) => match local_name(&e) {
                b"t" => out.push_str(&read_text(xr)?),
                b"r" => {}
                _ => xr.skip(&e)?,
            },
            Event::End(_) if xr.depth() < level => break,
            _ => {}
        }
    }
    Ok(out)
}
