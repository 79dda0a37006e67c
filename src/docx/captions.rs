//! Captions: paragraphs in a `Caption` style or numbered by a `SEQ` field, tied to the image
//! or table right before or after them.

use crate::HashMap;

use super::styles::Styles;
use crate::model::{Block, Caption, Field, Inline};

/// Mark captions among `blocks` (and inside their table cells).
pub(crate) fn mark_captions(blocks: &mut [Block], styles: &Styles, fields: &[Field]) {
    let mut labels = SeqLabels::default();
    labels.add(fields);
    mark_in(blocks, styles, &labels.by_block);
}

/// SEQ identifiers by the paragraph that holds them, looked up once per paragraph; fields are
/// added as the reader records them.
#[derive(Default)]
struct SeqLabels {
    by_block: HashMap<usize, String>,
    fields_seen: usize,
}

impl SeqLabels {
    /// Take in the fields recorded since the last call (`fields` only grows while reading).
    fn add(&mut self, fields: &[Field]) {
        let new = fields.get(self.fields_seen..).unwrap_or_default();
        for field in new.iter().filter(|f| f.kind == "SEQ") {
            if let Some(label) = field.instruction.split_whitespace().nth(1) {
                self.by_block
                    .entry(field.location.block)
                    .or_insert_with(|| label.to_string());
            }
        }
        self.fields_seen = fields.len();
    }
}

/// [`mark_captions`] for blocks that arrive one at a time (the streamed body): each block is
/// held until the next one arrives, since a caption may describe the block after it.
#[derive(Default)]
pub(crate) struct CaptionStream {
    held: Option<Block>,
    /// What the block before the held one shows (an image, a table), for a caption.
    before: Target,
    labels: SeqLabels,
}

impl CaptionStream {
    /// Take `block`; give back the block before it, now marked. `fields` are the fields
    /// recorded so far (a paragraph's SEQ field is recorded before the paragraph ends).
    pub fn push(&mut self, block: Block, styles: &Styles, fields: &[Field]) -> Option<Block> {
        self.labels.add(fields);
        let mut released = self.held.replace(block)?;
        mark_block(
            &mut released,
            self.before,
            self.held.as_ref(),
            styles,
            &self.labels.by_block,
        );
        self.before = target_of(Some(&released));
        Some(released)
    }

    /// The story ends: the held block, marked.
    pub fn finish(&mut self, styles: &Styles, fields: &[Field]) -> Option<Block> {
        self.labels.add(fields);
        let mut last = self.held.take()?;
        mark_block(&mut last, self.before, None, styles, &self.labels.by_block);
        Some(last)
    }
}

/// The image and the table a caption next to a block would describe.
type Target = (Option<usize>, Option<usize>);

fn target_of(block: Option<&Block>) -> Target {
    match block {
        Some(Block::Table(t)) => (None, Some(t.index)),
        Some(Block::Paragraph(q)) => (last_image(&q.inlines), None),
        None => (None, None),
    }
}

fn mark_in(blocks: &mut [Block], styles: &Styles, seq_labels: &HashMap<usize, String>) {
    for i in 0..blocks.len() {
        let before = target_of(i.checked_sub(1).map(|j| &blocks[j]));
        let (this, after) = blocks[i..].split_first_mut().expect("i < len");
        mark_block(this, before, after.first(), styles, seq_labels);
    }
}

/// Mark `block` (a paragraph) as a caption, or the captions inside it (a table); `before`
/// is what the block before it shows, `after` the block after it.
fn mark_block(
    block: &mut Block,
    before: Target,
    after: Option<&Block>,
    styles: &Styles,
    seq_labels: &HashMap<usize, String>,
) {
    let p = match block {
        Block::Table(table) => {
            for row in &mut table.rows {
                for cell in &mut row.cells {
                    mark_in(&mut cell.blocks, styles, seq_labels);
                }
            }
            return;
        }
        Block::Paragraph(p) => p,
    };
    let seq = seq_labels.get(&p.index).cloned();
    let styled = p
        .style_id
        .as_deref()
        .is_some_and(|id| is_caption_style(styles, id));
    if seq.is_none() && !styled {
        return;
    }
    // What it describes: the block before it, else the block after it.
    let mut target = before;
    if target == (None, None) {
        target = target_of(after);
    }
    p.caption = Some(Box::new(Caption {
        label: seq,
        image: target.0,
        table: target.1,
    }));
}

fn is_caption_style(styles: &Styles, id: &str) -> bool {
    styles.chain(id).any(|s| {
        s.name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case("caption") || n == "题注")
    })
}

fn last_image(inlines: &[Inline]) -> Option<usize> {
    inlines.iter().rev().find_map(|inline| match inline {
        Inline::Image { image } => Some(*image),
        Inline::Link(link) => last_image(&link.inlines),
        _ => None,
    })
}
