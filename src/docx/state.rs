//! What reading a document accumulates across its parts (`DocState`), and the read-only
//! context every part reader shares (`Context`). A leaf: it knows no reader.

use crate::HashMap;

use super::numbering::{ListCounter, Numbering};
use super::styles::Styles;
use crate::model::{
    Bookmark, ContentControl, EmbeddedObject, Field, HeaderFooterKind, Link, Location, Position,
    TrackChanges, Warning, WarningCode,
};
use crate::package::ContentTypes;

/// What the whole document accumulates while its parts are read.
#[derive(Default)]
pub(crate) struct DocState {
    /// The next block's number ([`crate::model::Paragraph::index`]).
    pub next_index: usize,
    pub list_counter: ListCounter,
    pub bookmarks: Vec<Bookmark>,
    /// Bookmarks started and not yet ended: id -> index in `bookmarks`.
    pub open_bookmarks: HashMap<String, usize>,
    pub images: Vec<crate::model::ImageRef>,
    pub links: Vec<Link>,
    pub fields: Vec<Field>,
    /// Where each comment's range starts and ends in the text, by comment id.
    pub comment_spans: HashMap<String, CommentSpan>,
    pub warnings: Vec<Warning>,
    /// Header and footer references met in `w:sectPr`, in order.
    pub header_footer_refs: Vec<HeaderFooterRef>,
    /// The current section's index: `w:sectPr` elements met so far.
    pub section: usize,
    /// The body's sections ended so far, and where the current one started.
    pub sections: Vec<crate::model::Section>,
    pub section_first_block: usize,
    pub objects: Vec<EmbeddedObject>,
    /// Content controls, in the order they start.
    pub controls: Vec<ContentControl>,
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
    /// Placeholder prompts of content controls stay out of paragraph text.
    pub hide_placeholders: bool,
}
