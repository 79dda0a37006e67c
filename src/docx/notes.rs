//! Footnotes, endnotes and comments: parts of entries, each entry a small story.

use std::time::Instant;

use quick_xml::events::Event;

use super::optional_part;
use super::story::{Context, DocState, StoryReader};
use crate::model::{Comment, Note, NoteKind, Story};
use crate::package::Package;
use crate::xml::{attr, local_name};
use crate::{Options, Result};

/// Read `footnotes.xml` or `endnotes.xml`. Separator entries are layout, not content.
pub(crate) fn read_notes(
    package: &mut Package<'_>,
    part: &str,
    story: Story,
    options: &Options,
    deadline: Option<Instant>,
    ctx: &Context<'_>,
    state: &mut DocState,
) -> Result<Vec<Note>> {
    let rels = package.relationships(part)?;
    let kind = if story == Story::Footnote {
        NoteKind::Footnote
    } else {
        NoteKind::Endnote
    };
    let mut warnings = Vec::new();
    let notes = optional_part(package, part, options, deadline, &mut warnings, |xr| {
        let mut notes = Vec::new();
        let mut reader = StoryReader::new(xr, part, &rels, ctx, state, story);
        while let Some(event) = reader.xr.next_event()? {
            let Event::Start(e) = event else { continue };
            if !matches!(local_name(&e), b"footnote" | b"endnote") {
                continue;
            }
            let separator = attr(&e, b"type").is_some_and(|t| t != "normal");
            if separator {
                reader.xr.skip(&e)?;
                continue;
            }
            let id = attr(&e, b"id").map(|v| v.into_owned()).unwrap_or_default();
            let mut blocks = Vec::new();
            reader.read_blocks(&mut blocks)?;
            notes.push(Note { kind, id, blocks });
        }
        reader.finish_part();
        Ok(notes)
    })?;
    state.warnings.extend(warnings);
    Ok(notes.unwrap_or_default())
}

/// Read `comments.xml`: author, initials, date and the comment's blocks.
pub(crate) fn read_comments(
    package: &mut Package<'_>,
    part: &str,
    options: &Options,
    deadline: Option<Instant>,
    ctx: &Context<'_>,
    state: &mut DocState,
) -> Result<Vec<Comment>> {
    let rels = package.relationships(part)?;
    let mut warnings = Vec::new();
    let comments = optional_part(package, part, options, deadline, &mut warnings, |xr| {
        let mut comments = Vec::new();
        let mut reader = StoryReader::new(xr, part, &rels, ctx, state, Story::Comment);
        while let Some(event) = reader.xr.next_event()? {
            let Event::Start(e) = event else { continue };
            if local_name(&e) != b"comment" {
                continue;
            }
            let get = |key: &[u8]| attr(&e, key).map(|v| v.into_owned());
            let mut comment = Comment {
                id: get(b"id").unwrap_or_default(),
                author: get(b"author"),
                initials: get(b"initials"),
                date: get(b"date"),
                ..Comment::default()
            };
            reader.read_blocks(&mut comment.blocks)?;
            comments.push(comment);
        }
        reader.finish_part();
        Ok(comments)
    })?;
    state.warnings.extend(warnings);
    Ok(comments.unwrap_or_default())
}
