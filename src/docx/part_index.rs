//! The elements of a template part found by one cheap scan, each parsed only when asked for
//! (issue 18 §2: parse only what a conversion needs).
//!
//! `styles.xml` and `numbering.xml` list hundreds of styles and lists, of which a document uses
//! a few, and parsing them in full cost a sixth of a batch's instructions on real documents.
//! [`scan`] walks the part's tags without tokenizing attributes or text and finds the byte
//! range of each element the part's reader wants; [`Lazy`] parses one of them the first time
//! it is asked for.
//!
//! The scan stands in for the reader's full pass, so it accepts a part only when that pass
//! would read it without an error and see the same elements: end tags matching (quick-xml's
//! own tag and processing-instruction boundaries are used), depth, tag and text sizes within
//! the limits, no comment, CDATA section, DTD or reference in text (where quick-xml could
//! fail), and no namespace outside OOXML's declared (the reader would skip such elements). For
//! anything else it answers `None`, and the part is parsed in full as before, with the same
//! warnings and errors.

use std::ops::Range;
use std::sync::OnceLock;

use memchr::memchr;
use quick_xml::events::BytesStart;
use quick_xml::parser::{Parser, PiParser};

use crate::xml::scan::{name_len, tag_end, trim_end_whitespace};
use crate::xml::{is_ooxml_namespace, local_name, mentions_xmlns, XmlReader};
use crate::{Limits, Result};

/// One wanted element the scan found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Its local name's position in the wanted names.
    pub which: usize,
    /// From its start tag's `<` to just after its end tag's `>`.
    pub range: Range<usize>,
    /// Its start tag between `<` and `>`.
    pub tag: Range<usize>,
    /// The length of the name at the start of `tag`.
    pub name_len: usize,
}

/// An element still open during the scan.
struct Open {
    name: Range<usize>,
    /// A container element: its children are looked at.
    container: bool,
    /// Its place in the found list, when it is wanted.
    found: Option<usize>,
}

/// The wanted elements of a part whose root is a `container` element, in document order, as
/// the part's reader sees them: a `Start` of a wanted name among the children of a container
/// (the root, or a container in a container); empty elements and other subtrees are not
/// looked into. `None` when the scan cannot vouch for the part (see the module).
pub(crate) fn scan(
    text: &str,
    container: &[u8],
    wanted: &[&[u8]],
    limits: &Limits,
) -> Option<Vec<Found>> {
    let bytes = text.as_bytes();
    let mut open: Vec<Open> = Vec::new();
    let mut found: Vec<Found> = Vec::new();
    let mut pos = 0;
    loop {
        // Text up to the next tag (in most parts there is none); the end of the part before
        // the root closes is not vouched for.
        let lt = match bytes.get(pos) {
            Some(b'<') => pos,
            Some(_) => {
                let lt = pos + memchr(b'<', &bytes[pos..])?;
                let between = &bytes[pos..lt];
                if between.len() > limits.max_xml_text_bytes || between.contains(&b'&') {
                    return None;
                }
                lt
            }
            None => return None,
        };
        match *bytes.get(lt + 1)? {
            b'!' => return None,
            b'?' => {
                let len = PiParser(false).feed(&bytes[lt..])? + 1;
                // `<??>` at the least; quick-xml rejects `<?>`.
                if len <= 3 {
                    return None;
                }
                pos = lt + len;
            }
            b'/' => {
                // Ended as the tokenizer ends it (quotes respected, as quick-xml does).
                let gt = lt + tag_end(&bytes[lt..])?;
                let name = trim_end_whitespace(&bytes[lt + 2..gt]);
                let closed = open.pop()?;
                if name != &bytes[closed.name] {
                    return None;
                }
                if let Some(i) = closed.found {
                    found[i].range.end = gt + 1;
                }
                pos = gt + 1;
                if open.is_empty() {
                    return Some(found);
                }
            }
            _ => {
                let gt = lt + tag_end(&bytes[lt..])?;
                let empty = bytes[gt - 1] == b'/';
                let tag = lt + 1..if empty { gt - 1 } else { gt };
                if tag.len() > limits.max_xml_tag_bytes {
                    return None;
                }
                let name_len = name_len(&bytes[tag.clone()]);
                if name_len == 0 {
                    return None;
                }
                let start = BytesStart::from_content(&text[tag.clone()], name_len);
                if declares_foreign_namespace(&start) {
                    return None;
                }
                let local = local_name(&start);
                // The root must be a container that has children.
                if open.is_empty() && (empty || local != container) {
                    return None;
                }
                if !empty {
                    let looked_into = open.last().is_none_or(|parent| parent.container);
                    let which = wanted.iter().position(|w| *w == local);
                    let (is_container, found_at) = match (looked_into, which) {
                        (true, _) if local == container => (true, None),
                        (true, Some(which)) => {
                            found.push(Found {
                                which,
                                range: lt..lt,
                                tag: tag.clone(),
                                name_len,
                            });
                            (false, Some(found.len() - 1))
                        }
                        _ => (false, None),
                    };
                    open.push(Open {
                        name: tag.start..tag.start + name_len,
                        container: is_container,
                        found: found_at,
                    });
                    if open.len() > limits.max_xml_depth {
                        return None;
                    }
                }
                pos = gt + 1;
            }
        }
    }
}

/// Whether a start tag binds a prefix (or the default namespace) to a namespace outside
/// OOXML's families, which the reader would skip elements of.
fn declares_foreign_namespace(start: &BytesStart<'_>) -> bool {
    if !mentions_xmlns(start.attributes_raw().as_bytes()) {
        return false;
    }
    start.attributes().with_checks(false).flatten().any(|a| {
        let key = a.key.into_inner().as_bytes();
        let declares = key == b"xmlns" || key.starts_with(b"xmlns:");
        declares && !is_ooxml_namespace(a.value.as_bytes())
    })
}

/// A part's text, kept for the elements parsed when first asked for.
pub(crate) struct PartText {
    text: Box<str>,
    part: Box<str>,
    limits: Limits,
}

impl std::fmt::Debug for PartText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PartText")
            .field("part", &self.part)
            .field("bytes", &self.text.len())
            .finish_non_exhaustive()
    }
}

impl PartText {
    pub fn new(text: &str, part: &str, limits: &Limits) -> PartText {
        PartText {
            text: text.into(),
            part: part.into(),
            limits: limits.clone(),
        }
    }

    /// The start tag of a found element.
    pub fn start<'t>(&'t self, found: &Found) -> BytesStart<'t> {
        BytesStart::from_content(&self.text[found.tag.clone()], found.name_len)
    }

    /// Parse the element at `range` with `parse`, given a reader just past its start tag (as
    /// the full pass gives it).
    pub fn parse<T>(
        &self,
        range: &Range<usize>,
        parse: impl FnOnce(&mut XmlReader<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut reader = XmlReader::new(&self.text[range.clone()], &self.part, &self.limits, None);
        reader.next_event()?;
        parse(&mut reader)
    }
}

/// An element parsed when first asked for (or parsed already, by the full pass).
#[derive(Debug)]
pub(crate) struct Lazy<T> {
    range: Range<usize>,
    parsed: OnceLock<T>,
}

impl<T: Default> Lazy<T> {
    pub fn parsed(value: T) -> Lazy<T> {
        Lazy {
            range: 0..0,
            parsed: OnceLock::from(value),
        }
    }

    pub fn unparsed(range: Range<usize>) -> Lazy<T> {
        Lazy {
            range,
            parsed: OnceLock::new(),
        }
    }

    #[cfg(test)]
    pub fn is_parsed(&self) -> bool {
        self.parsed.get().is_some()
    }

    /// The element, parsed now from `text` if it was not yet. The scan vouched for its range
    /// (well-formed, within the limits), so parsing it cannot fail; were it to, the element
    /// would read as empty.
    pub fn get(
        &self,
        text: Option<&PartText>,
        parse: impl FnOnce(&mut XmlReader<'_>) -> Result<T>,
    ) -> &T {
        self.parsed.get_or_init(|| {
            let parsed = text.map(|text| text.parse(&self.range, parse));
            debug_assert!(
                matches!(parsed, Some(Ok(_))),
                "a scanned element failed to parse"
            );
            parsed.and_then(Result::ok).unwrap_or_default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn scan_styles(xml: &str) -> Option<Vec<(usize, String)>> {
        let found = scan(
            xml,
            b"styles",
            &[b"style", b"docDefaults"],
            &Limits::default(),
        )?;
        Some(
            found
                .into_iter()
                .map(|f| (f.which, xml[f.range].to_string()))
                .collect(),
        )
    }

    #[test]
    fn finds_the_wanted_children_of_the_root_with_their_whole_text() {
        let xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}><w:docDefaults><w:rPrDefault/></w:docDefaults>
<w:latentStyles><w:style w:styleId="inside-latent"></w:style></w:latentStyles>
<w:style w:type="paragraph" w:styleId="A" w:note="a > b"><w:name w:val="A"/></w:style>
<w:style w:styleId="empty"/><w:styles><w:style w:styleId="nested"></w:style></w:styles>
</w:styles>trailing <garbage"#
        );
        let found = scan_styles(&xml).unwrap();
        assert_eq!(
            found,
            vec![
                (1, "<w:docDefaults><w:rPrDefault/></w:docDefaults>".to_string()),
                (
                    0,
                    r#"<w:style w:type="paragraph" w:styleId="A" w:note="a > b"><w:name w:val="A"/></w:style>"#
                        .to_string()
                ),
                (
                    0,
                    r#"<w:style w:styleId="nested"></w:style>"#.to_string()
                ),
            ]
        );
    }

    #[test]
    fn parts_the_full_pass_could_fail_on_or_read_otherwise_are_not_vouched_for() {
        for xml in [
            // Malformed: an end tag that does not match, a part that ends inside the root.
            format!("<w:styles {W}><w:style></w:styl></w:styles>"),
            // An end tag with attributes, one quoting a `>`: quick-xml reads the name with them.
            format!("<w:styles {W}><w:style></w:style a=\">\"></w:styles>"),
            format!("<w:styles {W}><w:style></w:style>"),
            format!("<w:styles {W}><w:style w:styleId=\"unclosed></w:style></w:styles>"),
            // What quick-xml parses with its own checks: comments, CDATA, references in text.
            format!("<w:styles {W}><!-- a -- b --></w:styles>"),
            format!("<w:styles {W}><w:style>a &amp b</w:style></w:styles>"),
            format!("<w:styles {W}><w:t><![CDATA[x]]></w:t></w:styles>"),
            format!("<?> <w:styles {W}></w:styles>"),
            // A root of another name, an empty root, a foreign namespace.
            format!("<w:numbering {W}></w:numbering>"),
            format!("<w:styles {W}/>"),
            format!("<w:styles {W}><x:style xmlns:x=\"urn:not-word\"></x:style></w:styles>"),
        ] {
            assert_eq!(scan_styles(&xml), None, "{xml}");
        }
    }

    #[test]
    fn limits_the_reader_would_stop_at_are_not_vouched_for() {
        let deep = format!("<w:styles {W}><a><b><c/></b></a></w:styles>");
        let mut limits = Limits {
            max_xml_depth: 3,
            ..Limits::default()
        };
        assert!(scan(&deep, b"styles", &[b"style"], &limits).is_some());
        limits.max_xml_depth = 2;
        assert!(scan(&deep, b"styles", &[b"style"], &limits).is_none());
        let limits = Limits {
            max_xml_text_bytes: 3,
            ..Limits::default()
        };
        let text = format!("<w:styles {W}><a>four</a></w:styles>");
        assert!(scan(&text, b"styles", &[b"style"], &limits).is_none());
    }

    #[test]
    fn a_found_element_parses_from_its_range_as_from_the_whole_part() {
        let xml = format!(
            r#"<w:styles {W}><w:style w:styleId="A"><w:name w:val="Alpha"/></w:style></w:styles>"#
        );
        let limits = Limits::default();
        let found = scan(&xml, b"styles", &[b"style"], &limits).unwrap();
        let text = PartText::new(&xml, "word/styles.xml", &limits);
        let id = crate::xml::attr(&text.start(&found[0]), b"styleId").map(|v| v.into_owned());
        assert_eq!(id.as_deref(), Some("A"));
        let lazy: Lazy<String> = Lazy::unparsed(found[0].range.clone());
        let name = lazy.get(Some(&text), |reader| {
            let mut name = String::new();
            while let Some(event) = reader.next_event()? {
                if let quick_xml::events::Event::Empty(e) = event {
                    name = crate::xml::attr(&e, b"val")
                        .unwrap_or_default()
                        .into_owned();
                }
            }
            Ok(name)
        });
        assert_eq!(name, "Alpha");
    }
}
