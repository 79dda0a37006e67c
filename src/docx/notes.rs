//! Footnotes, endnotes and comments: parts of entries, each entry a small story.

use quick_xml::events::Event;

use super::story::{Context, DocState};
use super::Parts;
use crate::model::{Comment, Note, NoteKind, Story};
use crate::xml::{attr, local_name};
use crate::Result;

/// Read `footnotes.xml` or `endnotes.xml`. Separator entries are layout, not content.
pub(crate) fn read_notes(
    parts: &mut Parts<'_, '_>,
    part: &str,
    story: Story,
    ctx: &Context<'_>,
    state: &mut DocState,
) -> Result<Vec<Note>> {
    let kind = if story == Story::Footnote {
        NoteKind::Footnote
    } else {
        NoteKind::Endnote
    };
    let notes = parts.read_story(part, story, ctx, state, |reader| {
        let mut notes = Vec::new();
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
        Ok(notes)
    })?;
    Ok(notes.unwrap_or_default())
}

/// Read `comments.xml`: author, initials, date and the comment's blocks.
pub(crate) fn read_comments(
    parts: &mut Parts<'_, '_>,
    part: &str,
    ctx: &Context<'_>,
    state: &mut DocState,
) -> Result<Vec<Comment>> {
    let comments = parts.read_story(part, Story::Comment, ctx, state, |reader| {
        let mut comments = Vec::new();
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
        Ok(comments)
    })?;
    Ok(comments.unwrap_or_default())
}
