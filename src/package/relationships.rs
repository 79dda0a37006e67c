//! Relationships (`_rels/*.rels`) and part-name resolution of their targets.

use crate::xml::{attrs, local_name, XmlReader};
use quick_xml::events::Event;

use crate::percent::percent_decode;
use crate::HashMap;

#[derive(Debug, Clone)]
pub(crate) struct Relationship {
    pub id: String,
    /// The full relationship type URI.
    pub rel_type: String,
    /// For an internal target, the resolved part name (`word/media/image1.png`); for an
    /// external one, the target as written (a URL or a path). Shared by every reference to
    /// the relationship (a thousand links to one long URL hold it once).
    pub target: arcstr::ArcStr,
    pub external: bool,
}

impl Relationship {
    /// Whether the type ends in `/kind` (`officeDocument`, `styles`, `image`...): matching the
    /// last segment covers both the Transitional and the Strict type URIs.
    pub fn is(&self, kind: &str) -> bool {
        self.rel_type.rsplit('/').next() == Some(kind)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Relationships {
    pub list: Vec<Relationship>,
    /// Position in `list` of the first relationship with each id: a part with thousands of
    /// links or images looks each one up, which a scan of `list` made quadratic.
    by_id: HashMap<String, usize>,
}

impl Relationships {
    pub fn parse(source_part: &str, bytes: &[u8]) -> Relationships {
        let mut list = Vec::new();
        let text = crate::xml::decode(bytes);
        let mut reader = XmlReader::lenient(&text.text);
        while let Ok(Some(event)) = reader.next_event() {
            let (Event::Start(e) | Event::Empty(e)) = event else {
                continue;
            };
            if local_name(&e) != b"Relationship" {
                continue;
            }
            let [id, target, mode, rel_type] =
                attrs(&e, [b"Id", b"Target", b"TargetMode", b"Type"]);
            let (Some(id), Some(target)) = (id, target) else {
                continue;
            };
            let external = mode.is_some_and(|m| m.eq_ignore_ascii_case("External"));
            let target = if external {
                target.into_owned()
            } else {
                resolve_target(source_part, &target)
            };
            list.push(Relationship {
                id: id.into_owned(),
                rel_type: rel_type.map(|t| t.into_owned()).unwrap_or_default(),
                target: target.into(),
                external,
            });
        }
        let mut by_id = HashMap::default();
        for (i, rel) in list.iter().enumerate() {
            // The first of two relationships with one id wins, as a scan would find it.
            by_id.entry(rel.id.clone()).or_insert(i);
        }
        Relationships { list, by_id }
    }

    pub fn get(&self, id: &str) -> Option<&Relationship> {
        self.by_id.get(id).map(|&i| &self.list[i])
    }

    pub fn first_of(&self, kind: &str) -> Option<&Relationship> {
        self.list.iter().find(|r| r.is(kind) && !r.external)
    }
}

/// `word/document.xml` -> `word/_rels/document.xml.rels`; the package root -> `_rels/.rels`.
pub(crate) fn rels_part_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// Resolve a relationship target against the folder of its source part: relative and
/// absolute targets, `.` and `..` segments (never above the root), percent-encoding,
/// backslashes. The result has no leading slash.
pub(crate) fn resolve_target(source_part: &str, target: &str) -> String {
    let target = percent_decode(target.split(['#', '?']).next().unwrap_or(""));
    let target = target.replace('\\', "/");
    let mut segments: Vec<&str> = Vec::new();
    if !target.starts_with('/') {
        if let Some((dir, _)) = source_part.trim_start_matches('/').rsplit_once('/') {
            segments.extend(dir.split('/').filter(|s| !s.is_empty()));
        }
    }
    for segment in target.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s => segments.push(s),
        }
    }
    segments.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_relative_absolute_parent_and_percent_encoded_targets() {
        assert_eq!(
            resolve_target("word/document.xml", "media/image1.png"),
            "word/media/image1.png"
        );
        assert_eq!(
            resolve_target("word/document.xml", "/word/media/a.png"),
            "word/media/a.png"
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "media/image%201.png"),
            "word/media/image 1.png"
        );
        assert_eq!(resolve_target("", "word/document.xml"), "word/document.xml");
        assert_eq!(
            resolve_target("word/document.xml", "../../../etc/passwd"),
            "etc/passwd"
        );
        assert_eq!(
            resolve_target("word/document.xml", "media\\image1.png"),
            "word/media/image1.png"
        );
    }

    #[test]
    fn names_the_rels_part_of_a_part() {
        assert_eq!(
            rels_part_name("word/document.xml"),
            "word/_rels/document.xml.rels"
        );
        assert_eq!(rels_part_name(""), "_rels/.rels");
    }

    #[test]
    fn get_finds_each_id_and_the_first_of_two_with_the_same_id() {
        let xml = br#"<Relationships>
            <Relationship Id="rId1" Type="t/image" Target="media/a.png"/>
            <Relationship Id="rId2" Type="t/hyperlink" Target="http://x/" TargetMode="External"/>
            <Relationship Id="rId1" Type="t/image" Target="media/b.png"/>
        </Relationships>"#;
        let rels = Relationships::parse("word/document.xml", xml);
        assert_eq!(rels.get("rId1").unwrap().target, "word/media/a.png");
        assert_eq!(rels.get("rId2").unwrap().target, "http://x/");
        assert!(rels.get("rId3").is_none());
    }
}
