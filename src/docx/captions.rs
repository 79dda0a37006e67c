//! Captions: paragraphs in a `Caption` style or numbered by a `SEQ` field, tied to the image
//! or table right before or after them.

use crate::HashMap;

use super::styles::Styles;
use crate::model::{Block, Caption, Field, Inline};

/// Mark captions among `blocks` (and inside their table cells).
pub(crate) fn mark_captions(blocks: &mut [Block], styles: &Styles, fields: &[Field]) {
    // SEQ identifiers by the paragraph that holds them, looked up once per paragraph.
    let mut seq = HashMap::default();
    for field in fields.iter().filter(|f| f.kind == "SEQ") {
        if let Some(label) = field.instruction.split_whitespace().nth(1) {
            seq.entry(field.location.block)
                .or_insert_with(|| label.to_string());
        }
    }
    mark_in(blocks, styles, &seq);
}

fn mark_in(blocks: &mut [Block], styles: &Styles, seq_labels: &HashMap<usize, String>) {
    for i in 0..blocks.len() {
        if let Block::Table(table) = &mut blocks[i] {
            for row in &mut table.rows {
                for cell in &mut row.cells {
                    mark_in(&mut cell.blocks, styles, seq_labels);
                }
            }
            continue;
        }
        let Block::Paragraph(p) = &blocks[i] else {
            continue;
        };
        let seq = seq_labels.get(&p.index).cloned();
        let styled = p
            .style_id
            .as_deref()
            .is_some_and(|id| is_caption_style(styles, id));
        if seq.is_none() && !styled {
            continue;
        }
        // What it describes: the block before it, else the block after it.
        let neighbour = |j: usize| -> (Option<usize>, Option<usize>) {
            match blocks.get(j) {
                Some(Block::Table(t)) => (None, Some(t.index)),
                Some(Block::Paragraph(q)) => (last_image(&q.inlines), None),
                None => (None, None),
            }
        };
        let mut target = if i > 0 {
            neighbour(i - 1)
        } else {
            (None, None)
        };
        if target == (None, None) {
            target = neighbour(i + 1);
        }
        if let Block::Paragraph(p) = &mut blocks[i] {
            p.caption = Some(Box::new(Caption {
                label: seq,
                image: target.0,
                table: target.1,
            }));
        }
    }
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
