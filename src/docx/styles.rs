//! `styles.xml`: style names, `basedOn` chains, outline levels and list properties.
//! Latent styles and document defaults are skipped unread: they are most of a large styles part.

use crate::HashMap;

use quick_xml::events::Event;

use crate::model::ArcStr;
use crate::xml::{attr, local_name, XmlReader};
use crate::Result;

#[derive(Debug, Default, Clone)]
pub(crate) struct Style {
    /// Shared with every paragraph of this style (a reference count, not a copy each).
    pub name: Option<ArcStr>,
    pub based_on: Option<String>,
    pub outline_level: Option<u8>,
    pub num_id: Option<u32>,
    pub num_level: Option<u8>,
    /// The heading level its name implies (`heading 2`, `标题 2`, `Title`), worked out once
    /// here rather than for every paragraph.
    pub name_heading: Option<u8>,
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    /// Keyed by shared ids, which paragraphs of the style hold.
    by_id: HashMap<ArcStr, Style>,
    /// The style used for paragraphs without `w:pStyle`.
    pub default_paragraph: Option<ArcStr>,
}

/// A `basedOn` chain longer than this is a cycle or garbage.
const MAX_CHAIN: usize = 32;

impl Styles {
    pub fn parse(reader: &mut XmlReader<'_>) -> Result<Styles> {
        let mut styles = Styles::default();
        while let Some(event) = reader.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"styles" => {}
                    b"style" => {
                        let id = attr(&e, b"styleId").map(ArcStr::from).unwrap_or_default();
                        let is_paragraph = attr(&e, b"type").is_none_or(|t| t == "paragraph");
                        let is_default =
                            attr(&e, b"default").is_some_and(|d| d == "1" || d == "true");
                        let style = parse_style(reader)?;
                        if is_paragraph && is_default {
                            styles.default_paragraph = Some(id.clone());
                        }
                        styles.by_id.insert(id, style);
                    }
                    _ => reader.skip(&e)?,
                },
                Event::End(_) if reader.depth() == 0 => break,
                _ => {}
            }
        }
        for style in styles.by_id.values_mut() {
            style.name_heading = style.name.as_deref().and_then(heading_level_from_name);
        }
        Ok(styles)
    }

    /// The style and its ancestors, nearest first.
    pub fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let style = self.by_id.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(MAX_CHAIN)
    }

    /// The display name of style `id`, shared.
    pub fn name(&self, id: &str) -> Option<ArcStr> {
        self.by_id.get(id)?.name.clone()
    }

    /// `id` as a shared string: the table's own copy when the style exists, else a new one.
    pub fn shared_id(&self, id: &str) -> ArcStr {
        match self.by_id.get_key_value(id) {
            Some((key, _)) => key.clone(),
            None => ArcStr::from(id),
        }
    }

    /// Heading level 1-9 of a paragraph style: from a heading style name (`heading 2`, `标题 2`)
    /// or an outline level, whichever comes first up the `basedOn` chain.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        for style in self.chain(id) {
            if let Some(level) = style.name_heading {
                return Some(level);
            }
            if let Some(level) = style.outline_level {
                return (level < 9).then_some(level + 1);
            }
        }
        None
    }

    /// List numbering (`numId`, `ilvl`) inherited from the style chain.
    pub fn numbering(&self, id: &str) -> (Option<u32>, Option<u8>) {
        let mut num_id = None;
        let mut level = None;
        for style in self.chain(id) {
            num_id = num_id.or(style.num_id);
            level = level.or(style.num_level);
        }
        (num_id, level)
    }

    /// A style whose name is `name`, case-insensitively (for `numStyleLink`, which names ids).
    pub fn by_id_or_name(&self, key: &str) -> Option<&Style> {
        self.by_id.get(key).or_else(|| {
            self.by_id.values().find(|s| {
                s.name
                    .as_deref()
                    .is_some_and(|n| n.eq_ignore_ascii_case(key))
            })
        })
    }
}

/// `heading 1`..`heading 9` (any case, with or without the space), WPS's `标题 1`, and
/// `Title` as a level-1 heading.
pub(crate) fn heading_level_from_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = lower
        .strip_prefix("heading")
        .or_else(|| lower.strip_prefix("标题"))?
        .trim();
    match rest.parse::<u8>() {
        Ok(n @ 1..=9) => Some(n),
        _ => None,
    }
}

fn parse_style(reader: &mut XmlReader<'_>) -> Result<Style> {
    let mut style = Style::default();
    let level = reader.depth();
    let mut in_ppr = false;
    while let Some(event) = reader.next_event()? {
        match event {
            // Table-style conditional formatting has paragraph properties of its own.
            Event::Start(e) if local_name(&e) == b"tblStylePr" => reader.skip(&e)?,
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"name" => style.name = attr(&e, b"val").map(ArcStr::from),
                b"basedOn" => style.based_on = attr(&e, b"val").map(|v| v.into_owned()),
                b"pPr" => in_ppr = true,
                b"outlineLvl" if in_ppr => {
                    style.outline_level = attr(&e, b"val").and_then(|v| v.parse().ok())
                }
                b"numId" if in_ppr => style.num_id = attr(&e, b"val").and_then(|v| v.parse().ok()),
                b"ilvl" if in_ppr => {
                    style.num_level = attr(&e, b"val").and_then(|v| v.parse().ok())
                }
                _ => {}
            },
            Event::End(e) => {
                if reader.depth() < level {
                    break;
                }
                if crate::xml::end_local_name(&e) == b"pPr" {
                    in_ppr = false;
                }
            }
            _ => {}
        }
    }
    Ok(style)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_heading_style_names_in_any_case_and_wps_chinese() {
        assert_eq!(heading_level_from_name("heading 1"), Some(1));
        assert_eq!(heading_level_from_name("Heading3"), Some(3));
        assert_eq!(heading_level_from_name("标题 2"), Some(2));
        assert_eq!(heading_level_from_name("Normal"), None);
        assert_eq!(heading_level_from_name("Title"), Some(1));
        assert_eq!(heading_level_from_name("Subtitle"), None);
        assert_eq!(heading_level_from_name("heading 10"), None);
    }
}
