//! Footnotes, endnotes and comments: parts of entries, each entry a small story.

use quick_xml::events::Event;

use super::parts::Parts;
use super::state::{Context, DocState};
use crate::model::{Comment, Note, NoteKind, Story};
use crate::xml::XmlReader;
use crate::xml::{attr, local_name};
use crate::HashMap;
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

/// Which comment each reply answers, from `commentsExtended.xml` (Word 2013 and later): each
/// `w15:commentEx` names a comment by the `w14:paraId` of its last paragraph, and a reply's
/// names its parent's with `w15:paraIdParent`. Sets [`Comment::reply_to`].
pub(crate) fn link_replies(
    parts: &mut Parts<'_, '_>,
    comments_part: &str,
    extended_part: &str,
    comments: &mut [Comment],
) -> Result<()> {
    let last_paragraphs = parts.parse_optional(comments_part, |mut r| last_para_ids(&mut r))?;
    let Some(last_paragraphs) = last_paragraphs else {
        return Ok(());
    };
    let parents = parts.parse_optional(extended_part, |mut r| reply_parents(&mut r))?;
    let comment_of: HashMap<&str, &str> = last_paragraphs
        .iter()
        .map(|(id, para)| (para.as_str(), id.as_str()))
        .collect();
    let mut reply_to: HashMap<&str, &str> = HashMap::default();
    for (para, parent) in parents.iter().flatten() {
        if let (Some(child), Some(parent)) = (
            comment_of.get(para.as_str()),
            comment_of.get(parent.as_str()),
        ) {
            reply_to.insert(child, parent);
        }
    }
    for comment in comments {
        comment.reply_to = reply_to.get(comment.id.as_str()).map(|p| (*p).to_owned());
    }
    Ok(())
}

/// Each comment's `w:id` with the `w14:paraId` of its last paragraph.
fn last_para_ids(reader: &mut XmlReader<'_>) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut current: Option<(String, Option<String>)> = None;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(e) if local_name(&e) == b"comment" => {
                let id = attr(&e, b"id").map(|v| v.into_owned()).unwrap_or_default();
                current = Some((id, None));
            }
            Event::Start(e) | Event::Empty(e) if local_name(&e) == b"p" => {
                if let (Some((_, last)), Some(para)) = (current.as_mut(), attr(&e, b"paraId")) {
                    *last = Some(para.into_owned());
                }
            }
            Event::End(e) if e.local_name().into_inner() == "comment" => {
                if let Some((id, Some(para))) = current.take() {
                    out.push((id, para));
                }
            }
            _ => {}
        }
    }
    Ok(out)
}

/// `(paraId, paraIdParent)` of every reply in `commentsExtended.xml`.
fn reply_parents(reader: &mut XmlReader<'_>) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    while let Some(event) = reader.next_event()? {
        let (Event::Start(e) | Event::Empty(e)) = event else {
            continue;
        };
        if local_name(&e) != b"commentEx" {
            continue;
        }
        if let (Some(para), Some(parent)) = (attr(&e, b"paraId"), attr(&e, b"paraIdParent")) {
            out.push((para.into_owned(), parent.into_owned()));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use crate::synth::{Docx, RelType, Target};

    fn comment(id: &str, para_id: &str, text: &str) -> String {
        format!(
            r#"<w:comment w:id="{id}" w:author="A"><w:p w14:paraId="00AA"><w:r><w:t>first</w:t></w:r></w:p><w:p w14:paraId="{para_id}"><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>"#
        )
    }

    #[test]
    fn a_reply_names_the_comment_it_answers_through_comments_extended() {
        let mut d = Docx::new();
        d.set_body("<w:p><w:r><w:t>body</w:t></w:r></w:p>");
        let comments = comment("0", "1A2B3C4D", "question") + &comment("1", "5E6F7A8B", "answer");
        d.comments(&comments);
        let extended = r#"<?xml version="1.0" encoding="UTF-8"?><w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1A2B3C4D" w15:done="0"/><w15:commentEx w15:paraId="5E6F7A8B" w15:paraIdParent="1A2B3C4D" w15:done="0"/></w15:commentsEx>"#;
        d.add_part_bytes("word/commentsExtended.xml", extended.as_bytes(), None);
        let uri = "http://schemas.microsoft.com/office/2011/relationships/commentsExtended";
        d.add_rel(
            Docx::MAIN,
            RelType::Other(uri.into()),
            Target::Part("word/commentsExtended.xml".into()),
        );
        let doc = crate::from_bytes(&d.to_bytes(), &crate::Options::default()).unwrap();
        let replies: Vec<(&str, Option<&str>)> = doc
            .comments
            .iter()
            .map(|c| (c.id.as_str(), c.reply_to.as_deref()))
            .collect();
        assert_eq!(replies, [("0", None), ("1", Some("0"))]);
    }

    #[test]
    fn without_comments_extended_no_comment_is_a_reply() {
        let mut d = Docx::new();
        d.set_body("<w:p><w:r><w:t>body</w:t></w:r></w:p>");
        d.comments(&comment("0", "1A2B3C4D", "question"));
        let doc = crate::from_bytes(&d.to_bytes(), &crate::Options::default()).unwrap();
        assert_eq!(doc.comments.len(), 1);
        assert_eq!(doc.comments[0].reply_to, None);
    }
}
