//! The one XML reader configuration, attribute helpers, the text collector and the skip helper.
//!
//! Elements are matched by local name. Transitional and Strict OOXML share local names, writers
//! pick any prefix (or a default namespace), and the local names docxtract reads do not collide
//! inside the elements where it reads them. What makes a local name mean Word's element is its
//! namespace: an element whose prefix is bound to a namespace outside the OOXML families
//! (`xmlns:w="urn:not-word"`) is skipped with its subtree, as Markup Compatibility has Word
//! ignore what it does not understand, so it can never pass for Word text.

pub(crate) mod scan;
pub(crate) mod split;
mod tokenizer;

use std::borrow::Cow;
use std::time::Instant;

use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::XmlVersion;

use tokenizer::Tokenizer;

use crate::{Error, ErrorKind, Limits, Result};

/// A part's text, decoded to UTF-8.
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// What had to be repaired, for a warning.
    pub repair: Option<&'static str>,
}

/// The repair [`decode`] reports for invalid UTF-8.
pub(crate) const INVALID_UTF8: &str = "invalid UTF-8 replaced with U+FFFD";

/// Decode a part to UTF-8: strip a UTF-8 BOM, decode UTF-16 (with a BOM, or detected from a
/// leading `<`), and replace invalid UTF-8 rather than fail the document.
pub(crate) fn decode(bytes: &[u8]) -> Decoded<'_> {
    let utf16 = |bytes: &[u8], little: bool| {
        let units = bytes.chunks_exact(2).map(|c| {
            if little {
                u16::from_le_bytes([c[0], c[1]])
            } else {
                u16::from_be_bytes([c[0], c[1]])
            }
        });
        let text: String = char::decode_utf16(units)
            .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        // The declaration still says UTF-16; the reader sees UTF-8 now.
        Decoded {
            text: Cow::Owned(
                text.replacen("UTF-16", "UTF-8", 1)
                    .replacen("utf-16", "UTF-8", 1),
            ),
            repair: None,
        }
    };
    match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => decode(rest),
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [b'<', 0, ..] => utf16(bytes, true),
        [0, b'<', ..] => utf16(bytes, false),
        _ => match simdutf8::basic::from_utf8(bytes) {
            Ok(s) => Decoded {
                text: Cow::Borrowed(s),
                repair: None,
            },
            Err(_) => Decoded {
                text: String::from_utf8_lossy(bytes),
                repair: Some(INVALID_UTF8),
            },
        },
    }
}

/// How many events pass between two looks at the clock.
const CLOCK_EVERY: u32 = 4096;

/// A streaming reader over one part, held in memory, with borrowed events. It tracks element
/// depth (bounded), the per-document deadline, and names its part in every error.
pub(crate) struct XmlReader<'a> {
    tokens: Tokenizer<'a>,
    part: &'a str,
    depth: usize,
    max_depth: usize,
    max_tag_bytes: usize,
    max_text_bytes: usize,
    deadline: Option<Instant>,
    started: Instant,
    until_clock: u32,
    namespaces: Namespaces,
    /// Elements skipped because their namespace is not one of OOXML's.
    foreign_skipped: usize,
    foreign_root: bool,
    /// Where the text read starts in its part: 0 but for a window of a part.
    offset: u64,
}

/// What a reader over the next window of a part takes over from the reader over the window
/// before it (`docx::body_windows`): the clock and the count of foreign elements.
pub(crate) struct Resume {
    started: Instant,
    until_clock: u32,
    foreign_skipped: usize,
}

/// The namespace bindings in scope that matter: those to a foreign namespace, and those that
/// rebind such a prefix. A part that declares only OOXML namespaces keeps this empty, and
/// costs one look for `xmlns` in each start tag.
#[derive(Default)]
struct Namespaces {
    bindings: Vec<Binding>,
}

struct Binding {
    prefix: Box<[u8]>,
    /// The depth of the element that declared it.
    level: usize,
    foreign: bool,
}

impl Namespaces {
    fn declare(&mut self, e: &BytesStart<'_>, level: usize) {
        if !mentions_xmlns(e.attributes_raw().as_bytes()) {
            return;
        }
        for attr in e.attributes().with_checks(false).flatten() {
            let key = attr.key.into_inner().as_bytes();
            let prefix = match key.strip_prefix(b"xmlns") {
                Some([]) => &[][..],
                Some([b':', prefix @ ..]) => prefix,
                _ => continue,
            };
            let foreign = !is_ooxml_namespace(attr.value.as_bytes());
            if foreign || self.bindings.iter().any(|b| &*b.prefix == prefix) {
                self.bindings.push(Binding {
                    prefix: prefix.into(),
                    level,
                    foreign,
                });
            }
        }
    }

    /// Whether an element name's prefix is bound to a foreign namespace here. An unbound
    /// prefix is not: broken writers leave prefixes undeclared, and Word's are meant.
    fn is_foreign(&self, name: &[u8]) -> bool {
        if self.bindings.is_empty() {
            return false;
        }
        let prefix = match name.iter().position(|&b| b == b':') {
            Some(i) => &name[..i],
            None => &[][..],
        };
        self.bindings
            .iter()
            .rev()
            .find(|b| &*b.prefix == prefix)
            .is_some_and(|b| b.foreign)
    }

    /// The element at `level` ended: its declarations go out of scope.
    fn end(&mut self, level: usize) {
        while self.bindings.last().is_some_and(|b| b.level >= level) {
            self.bindings.pop();
        }
    }
}

/// Whether a start tag's attributes may hold a namespace declaration. Asked for every start
/// tag: `str::contains` set up a substring searcher each time (6% of a batch's instructions);
/// looking for `x` with memchr and checking the four bytes after it costs a scan and no set-up.
pub(crate) fn mentions_xmlns(attributes: &[u8]) -> bool {
    memchr::memchr_iter(b'x', attributes).any(|at| attributes[at..].starts_with(b"xmlns"))
}

/// The namespace families of OOXML, Transitional and Strict, with Microsoft's extensions, VML
/// and Office's, Dublin Core and the W3C's (`xml:`, `xsi:`, XHTML, MathML).
pub(crate) fn is_ooxml_namespace(uri: &[u8]) -> bool {
    const FAMILIES: [&[u8]; 6] = [
        b"http://schemas.openxmlformats.org/",
        b"http://purl.oclc.org/ooxml/",
        b"http://schemas.microsoft.com/",
        b"urn:schemas-microsoft-com:",
        b"http://purl.org/dc/",
        b"http://www.w3.org/",
    ];
    FAMILIES.iter().any(|family| uri.starts_with(family))
}

impl<'a> XmlReader<'a> {
    pub fn new(text: &'a str, part: &'a str, limits: &Limits, deadline: Option<Instant>) -> Self {
        XmlReader {
            tokens: Tokenizer::new(text),
            part,
            depth: 0,
            max_depth: limits.max_xml_depth,
            max_tag_bytes: limits.max_xml_tag_bytes,
            max_text_bytes: limits.max_xml_text_bytes,
            deadline,
            started: Instant::now(),
            until_clock: CLOCK_EVERY,
            namespaces: Namespaces::default(),
            foreign_skipped: 0,
            foreign_root: false,
            offset: 0,
        }
    }

    /// A reader over a window of a part, going on from the reader over the window before:
    /// positions count from `offset` in the part (an error names the place in the part).
    pub fn resume(mut self, from: Resume, offset: u64) -> Self {
        self.started = from.started;
        self.until_clock = from.until_clock;
        self.foreign_skipped = from.foreign_skipped;
        self.offset = offset;
        self
    }

    /// What a reader over the next window of the part goes on from.
    pub fn suspend(&self) -> Resume {
        Resume {
            started: self.started,
            until_clock: self.until_clock,
            foreign_skipped: self.foreign_skipped,
        }
    }

    /// A reader for small package parts (content types, relationships, properties) that are
    /// read leniently: an error there ends the part, it does not fail the document.
    pub fn lenient(text: &'a str) -> Self {
        let limits = Limits {
            max_xml_depth: 256,
            ..Limits::default()
        };
        XmlReader::new(text, "", &limits, None)
    }

    /// Current element depth: 1 inside the root element.
    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn position(&self) -> u64 {
        self.offset + self.tokens.position()
    }

    /// How many elements were skipped for a foreign namespace, subtrees not counted.
    pub fn foreign_skipped(&self) -> usize {
        self.foreign_skipped
    }

    /// Whether the part's root element was skipped for a foreign namespace.
    pub fn root_was_foreign(&self) -> bool {
        self.foreign_root
    }

    /// The next event, or `None` at the end of the part. Elements in a foreign namespace are
    /// not among them (see the module).
    pub fn next_event(&mut self) -> Result<Option<Event<'a>>> {
        loop {
            let Some(event) = self.next_raw_event()? else {
                return Ok(None);
            };
            let (start, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(_) => {
                    // The depth is the parent's already.
                    self.namespaces.end(self.depth + 1);
                    return Ok(Some(event));
                }
                _ => return Ok(Some(event)),
            };
            // A start has raised the depth to its own; an empty element has not.
            let level = if empty { self.depth + 1 } else { self.depth };
            self.namespaces.declare(start, level);
            if !self
                .namespaces
                .is_foreign(start.name().into_inner().as_bytes())
            {
                if empty {
                    self.namespaces.end(level);
                }
                return Ok(Some(event));
            }
            self.foreign_skipped += 1;
            self.foreign_root |= level == 1;
            if !empty {
                self.skip_raw(level)?;
            }
            self.namespaces.end(level);
        }
    }

    /// Walk past the end of the element at `level`, namespaces unlooked at.
    fn skip_raw(&mut self, level: usize) -> Result<()> {
        while let Some(event) = self.next_raw_event()? {
            if matches!(event, Event::End(_)) && self.depth < level {
                break;
            }
        }
        Ok(())
    }

    /// Count one event towards the next look at the clock.
    #[inline]
    fn tick(&mut self) -> Result<()> {
        self.until_clock -= 1;
        match self.until_clock {
            0 => self.look_at_clock(),
            _ => Ok(()),
        }
    }

    #[cold]
    fn look_at_clock(&mut self) -> Result<()> {
        self.until_clock = CLOCK_EVERY;
        match self.deadline {
            Some(deadline) if Instant::now() > deadline => {
                let seconds = self.started.elapsed().as_secs_f64();
                Err(Error::new(ErrorKind::Timeout { seconds }).in_part(self.part))
            }
            _ => Ok(()),
        }
    }

    /// The text from here up to the next markup, taken from the part directly when it is
    /// plain (no reference, no carriage return to normalize) and within the text limit: no
    /// event is made, and the text is not scanned again for line ends to normalize. `None`,
    /// and nothing read, for anything else: the next event then reads it, with its checks
    /// and errors.
    fn plain_text(&mut self) -> Result<Option<&'a str>> {
        let rest = self.tokens.rest();
        let len = match memchr::memchr3(b'<', b'&', b'\r', rest) {
            Some(len) if len > 0 && len <= self.max_text_bytes && rest[len] == b'<' => len,
            _ => return Ok(None),
        };
        self.tick()?;
        Ok(Some(self.tokens.take(len)))
    }

    fn next_raw_event(&mut self) -> Result<Option<Event<'a>>> {
        self.tick()?;
        let event = self
            .tokens
            .next()
            .map_err(|e| self.malformed(e.to_string()))?;
        let oversized = match &event {
            Event::Start(e) | Event::Empty(e) if e.len() > self.max_tag_bytes => Some((
                "size of one XML tag with its attributes",
                self.max_tag_bytes,
            )),
            Event::Text(t) if t.len() > self.max_text_bytes => {
                Some(("size of one XML text node", self.max_text_bytes))
            }
            Event::CData(t) if t.len() > self.max_text_bytes => {
                Some(("size of one XML text node", self.max_text_bytes))
            }
            _ => None,
        };
        if let Some((limit, max)) = oversized {
            return Err(crate::error::limit(limit, max as u64)
                .in_part(self.part)
                .at(self.position()));
        }
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > self.max_depth {
                    return Err(
                        crate::error::limit("XML nesting depth", self.max_depth as u64)
                            .in_part(self.part)
                            .at(self.position()),
                    );
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::Eof => {
                if self.depth > 0 {
                    return Err(self.malformed("unexpected end of part: elements left open".into()));
                }
                return Ok(None);
            }
            _ => {}
        }
        Ok(Some(event))
    }

    /// Skip the subtree of an element whose `Start` event was just read.
    ///
    /// The subtree is walked event by event rather than with quick-xml's `read_to_end`, so the
    /// depth limit and the deadline hold inside skipped elements too (a 100,000-deep subtree
    /// of unknown elements is a limit error, not a long silent scan). Namespaces declared
    /// inside it are not looked at: nothing in it is read, so none of it is foreign content
    /// lost, and the walk costs the tokenizer's pass alone.
    pub fn skip(&mut self, _start: &BytesStart<'_>) -> Result<()> {
        let level = self.depth;
        // An end of part with elements still open is reported by `next_raw_event`.
        self.skip_raw(level)?;
        // The element's own declarations, made when its start was read, go out of scope.
        self.namespaces.end(level);
        Ok(())
    }

    fn malformed(&self, message: String) -> Error {
        // quick-xml quotes whole tags, namespace declarations and all: keep the line readable.
        // (Control characters in a quoted tag are escaped by the error's Display.)
        let message = match message.chars().count() > 160 {
            true => message.chars().take(160).collect::<String>() + "…",
            false => message,
        };
        Error::new(ErrorKind::MalformedXml(message))
            .in_part(self.part)
            .at(self.position())
    }
}

/// The local name of an element (prefix stripped).
pub(crate) fn local_name<'b>(e: &'b BytesStart<'_>) -> &'b [u8] {
    strip_prefix(e.name().into_inner().as_bytes())
}

fn strip_prefix(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The local name of an end tag.
pub(crate) fn end_local_name<'b>(e: &'b quick_xml::events::BytesEnd<'_>) -> &'b [u8] {
    strip_prefix(e.name().into_inner().as_bytes())
}

/// An attribute's unescaped value, matched by local name (any prefix).
///
/// Most values (`w:val="24"`, `r:id="rId7"`) contain no reference and no white space to
/// normalize: those are borrowed from the tag, with no allocation.
pub(crate) fn attr<'b>(e: &'b BytesStart<'_>, local: &[u8]) -> Option<Cow<'b, str>> {
    let [value] = attrs(e, [local]);
    value
}

/// Several attributes' values in one walk over the tag, as `attr` finds each (the first
/// attribute with a local name wins). A `Relationship` asked for four attributes one by one
/// parsed its attributes four times.
pub(crate) fn attrs<'b, const N: usize>(
    e: &'b BytesStart<'_>,
    locals: [&[u8]; N],
) -> [Option<Cow<'b, str>>; N] {
    plain_attrs(e, locals).unwrap_or_else(|| parsed_attrs(e, locals))
}

/// `attrs` through quick-xml's attribute parser.
fn parsed_attrs<'b, const N: usize>(
    e: &'b BytesStart<'_>,
    locals: [&[u8]; N],
) -> [Option<Cow<'b, str>>; N] {
    let mut values = [const { None }; N];
    let mut missing = N;
    for a in e.attributes().with_checks(false).flatten() {
        let key = strip_prefix(a.key.into_inner().as_bytes());
        let Some(slot) = locals.iter().position(|&local| local == key) else {
            continue;
        };
        if values[slot].is_some() {
            continue;
        }
        values[slot] = Some(unescaped_value(a));
        missing -= 1;
        if missing == 0 {
            break;
        }
    }
    values
}

/// `attrs` for a tag whose attributes are all written plainly: `key="value"` or
/// `key='value'` apart by white space, with no reference or white space to normalize in a
/// value (most of Word's). `None`, and quick-xml's attribute parser reads the tag, for
/// anything else: quick-xml's parser cost 200 instructions an attribute.
fn plain_attrs<'b, const N: usize>(
    e: &'b BytesStart<'_>,
    locals: [&[u8]; N],
) -> Option<[Option<Cow<'b, str>>; N]> {
    let raw = e.attributes_raw();
    let bytes = raw.as_bytes();
    let mut values = [const { None }; N];
    let mut missing = N;
    let mut at = 0;
    while missing > 0 {
        while bytes.get(at).copied().is_some_and(scan::is_whitespace) {
            at += 1;
        }
        if at == bytes.len() {
            break;
        }
        let key_len = bytes[at..].iter().position(|&b| b == b'=')?;
        let key = &bytes[at..at + key_len];
        if key.is_empty() || key.iter().any(|&b| !is_plain_key_byte(b)) {
            return None;
        }
        let value_start = at + key_len + 2;
        let quote = *bytes.get(value_start - 1)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_len = memchr::memchr(quote, bytes.get(value_start..)?)?;
        let value = &raw[value_start..value_start + value_len];
        if needs_normalizing(value) {
            return None;
        }
        at = value_start + value_len + 1;
        // Apart by white space, or the end.
        if bytes.get(at).is_some_and(|&b| !scan::is_whitespace(b)) {
            return None;
        }
        let local = strip_prefix(key);
        if let Some(slot) = locals.iter().position(|&l| l == local) {
            if values[slot].is_none() {
                values[slot] = Some(Cow::Borrowed(value));
                missing -= 1;
            }
        }
    }
    Some(values)
}

/// A byte of an attribute name as `plain_attrs` takes it (others go to quick-xml).
fn is_plain_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.')
}

/// Whether an attribute value holds a reference or white space that XML's attribute-value
/// normalization changes; most do not, and are borrowed as they are.
fn needs_normalizing(value: &str) -> bool {
    value
        .bytes()
        .any(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r'))
}

fn unescaped_value(a: quick_xml::events::attributes::Attribute<'_>) -> Cow<'_, str> {
    if let Cow::Borrowed(raw) = &a.value {
        if !needs_normalizing(raw) {
            return Cow::Borrowed(*raw);
        }
    }
    match a.normalized_value(XmlVersion::Implicit1_0) {
        Ok(v) => Cow::Owned(v.into_owned()),
        Err(_) => Cow::Owned(a.value.into_owned()),
    }
}

/// The `w:val` of an on/off property: absent or anything but `0`/`false`/`off` means on.
pub(crate) fn on_off(e: &BytesStart<'_>) -> bool {
    !matches!(
        attr(e, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// Append the text of a text-bearing event to `out`: plain text, CDATA, and the entity and
/// character references that arrive as separate `GeneralRef` events. Returns false for events
/// that carry no text. Unknown named entities are dropped: they are never expanded from a DTD.
pub(crate) fn collect_text(event: &Event<'_>, out: &mut String) -> bool {
    match event {
        Event::Text(t) => {
            out.push_str(&t.xml10_content());
            true
        }
        Event::CData(c) => {
            out.push_str(c.as_ref());
            true
        }
        Event::GeneralRef(r) => {
            if let Some(c) = resolve_reference(r) {
                out.push(c);
            }
            true
        }
        _ => false,
    }
}

fn resolve_reference(r: &BytesRef<'_>) -> Option<char> {
    if r.is_char_ref() {
        return r.resolve_char_ref().ok().flatten();
    }
    match r.as_ref() {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => None,
    }
}

/// Read the text content of a simple element (`w:t`, `dc:title`) whose `Start` was just read.
/// The usual case, one text event without references, borrows from the part: no allocation.
pub(crate) fn read_text<'a>(reader: &mut XmlReader<'a>) -> Result<Cow<'a, str>> {
    let mut out: Cow<'a, str> = Cow::Borrowed(reader.plain_text()?.unwrap_or_default());
    let level = reader.depth();
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Text(t) if out.is_empty() => out = t.xml10_content(),
            Event::Start(e) => reader.skip(&e)?,
            Event::End(_) if reader.depth() < level => break,
            other => {
                collect_text(&other, out.to_mut());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(xml: &str) -> String {
        let mut reader = XmlReader::lenient(xml);
        let mut out = String::new();
        while let Ok(Some(e)) = reader.next_event() {
            collect_text(&e, &mut out);
        }
        out
    }

    fn empty_element(xml: &str) -> BytesStart<'_> {
        match XmlReader::lenient(xml).next_event() {
            Ok(Some(Event::Empty(e))) => e,
            _ => panic!("no empty element"),
        }
    }

    #[test]
    fn collects_entities_and_character_references_as_text() {
        assert_eq!(
            text_of("<t>a &amp; b &lt;c&gt; &#x4E2D;&#25991; &quot;q&apos;</t>"),
            "a & b <c> 中文 \"q'"
        );
    }

    #[test]
    fn attribute_values_are_normalized_and_plain_ones_borrowed() {
        let e = empty_element("<e a=\"plain\" b=\"x &amp; y\" c=\"1\t2\"/>");
        assert!(matches!(attr(&e, b"a"), Some(Cow::Borrowed("plain"))));
        assert_eq!(attr(&e, b"b").as_deref(), Some("x & y"));
        assert_eq!(attr(&e, b"c").as_deref(), Some("1 2"));
        assert_eq!(attr(&e, b"d"), None);
    }

    #[test]
    fn finds_namespace_declarations_among_other_attributes() {
        assert!(mentions_xmlns(b" xmlns:w=\"urn:x\""));
        assert!(mentions_xmlns(b" xml:space=\"preserve\" xmlns=\"u\""));
        assert!(!mentions_xmlns(b" xml:space=\"preserve\" w:val=\"xmln\""));
        assert!(!mentions_xmlns(b""));
    }

    #[test]
    fn foreign_namespace_declared_after_other_attributes_is_still_skipped() {
        let xml = "<r xmlns:w=\"http://schemas.openxmlformats.org/x\"><w:t xml:space=\"p\" \
                   xmlns:w=\"urn:not-word\">hidden</w:t><w:t>shown</w:t></r>";
        assert_eq!(text_of(xml), "shown");
    }

    #[test]
    fn several_attributes_in_one_walk_match_one_by_one() {
        let e = empty_element("<e w:a=\"1\" b=\"x &amp; y\" a=\"2\" c=\"3\"/>");
        let [a, b, d, c] = attrs(&e, [b"a", b"b", b"d", b"c"]);
        assert_eq!(a, attr(&e, b"a"));
        assert_eq!(a.as_deref(), Some("1"), "the first of two wins");
        assert_eq!(b.as_deref(), Some("x & y"));
        assert_eq!((c.as_deref(), d), (Some("3"), None));
    }

    #[test]
    fn plainly_written_attributes_are_read_as_quick_xml_reads_them() {
        let pieces = [
            " w:val=\"24\"",
            " a='1'",
            " w:a=\"x y\"",
            " b=\"it's\"",
            "  c=''",
            " a=\"2\"",
            "\t",
            " d=\"&amp;\"",
            " e=\"1\t2\"",
            " f = \"3\"",
            " g=4",
            " h=\"5",
            "=\"6\"",
            " i\"=\"7\"",
            " j=\"8\"k=\"9\"",
            " 中=\"10\"",
        ];
        let tags = scan::strings_of("e", &pieces, 3);
        let mut plain = 0;
        for tag in &tags {
            let e = BytesStart::from_content(tag.as_str(), 1);
            let locals: [&[u8]; 5] = [b"val", b"a", b"b", b"c", b"k"];
            if let Some(values) = plain_attrs(&e, locals) {
                plain += 1;
                assert_eq!(values, parsed_attrs(&e, locals), "{tag:?}");
            }
            assert_eq!(attrs(&e, locals), parsed_attrs(&e, locals), "{tag:?}");
        }
        assert!(plain > tags.len() / 20, "{plain} of {}", tags.len());
        let e = BytesStart::from_content("w:sz w:val=\"24\" w:x='y'", 4);
        assert!(plain_attrs(&e, [b"val"]).is_some());
    }

    #[test]
    fn keeps_spaces_in_text() {
        assert_eq!(text_of("<t xml:space=\"preserve\">  two  </t>"), "  two  ");
    }

    #[test]
    fn never_expands_entities_declared_in_a_doctype() {
        let xml = "<!DOCTYPE t [<!ENTITY lol \"lol\"><!ENTITY x SYSTEM \"file:///etc/passwd\">]><t>&lol;&x;ok</t>";
        assert_eq!(text_of(xml), "ok");
    }

    #[test]
    fn decodes_utf16_parts() {
        let xml: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "<?xml version=\"1.0\" encoding=\"UTF-16\"?><t>中</t>"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let decoded = decode(&xml);
        assert_eq!(text_of(&decoded.text), "中");
    }

    /// Read `xml` to the first `t`, then its text with `read_text`; the text, and the
    /// position or the error after it.
    fn text_of_t(xml: &str, limits: &Limits) -> (Result<String>, Result<u64>) {
        let mut reader = XmlReader::new(xml, "t.xml", limits, None);
        while let Ok(Some(event)) = reader.next_event() {
            if matches!(&event, Event::Start(e) if local_name(e) == b"t") {
                let text = read_text(&mut reader).map(Cow::into_owned);
                let after = reader.next_event().map(|_| reader.position());
                return (text, after);
            }
        }
        panic!("no t in {xml}");
    }

    #[test]
    fn plain_text_is_taken_from_the_part_and_positions_go_on_from_its_end() {
        let xml = "<r><t>plain 图片 3</t><b/></r>";
        let (text, after) = text_of_t(xml, &Limits::default());
        assert_eq!(text.unwrap(), "plain 图片 3");
        // The event after the text's end tag is `<b/>`, which ends just before `</r>`.
        assert_eq!(after.unwrap(), xml.find("</r>").unwrap() as u64);
    }

    #[test]
    fn text_with_references_or_carriage_returns_is_read_by_quick_xml() {
        let limits = Limits::default();
        assert_eq!(text_of_t("<t>a &amp; b</t>", &limits).0.unwrap(), "a & b");
        assert_eq!(text_of_t("<t>a\r\nb\rc</t>", &limits).0.unwrap(), "a\nb\nc");
        assert_eq!(text_of_t("<t>a<!-- c -->b</t>", &limits).0.unwrap(), "ab");
        assert_eq!(text_of_t("<t></t>", &limits).0.unwrap(), "");
    }

    #[test]
    fn errors_after_plain_text_name_the_place_in_the_part() {
        let limits = Limits {
            max_xml_text_bytes: 10,
            ..Limits::default()
        };
        // Over the limit: refused as before, not taken.
        let (text, _) = text_of_t("<r><t>eleven byte</t></r>", &limits);
        assert!(text
            .unwrap_err()
            .to_string()
            .contains("size of one XML text node"));
        // A mismatched end tag after plain text is reported where quick-xml finds it.
        let xml = "<r><t>plain</x></r>";
        let (text, _) = text_of_t(xml, &limits);
        let error = text.unwrap_err();
        let mut whole = XmlReader::new(xml, "t.xml", &limits, None);
        let expected = loop {
            match whole.next_event() {
                Err(e) => break e,
                Ok(Some(_)) => {}
                Ok(None) => panic!("{xml} read without an error"),
            }
        };
        assert_eq!(error.position(), expected.position());
        assert_eq!(error.to_string(), expected.to_string());
    }

    #[test]
    fn refuses_text_and_tags_larger_than_the_limits() {
        let limits = Limits {
            max_xml_text_bytes: 100,
            max_xml_tag_bytes: 100,
            ..Limits::default()
        };
        let first_error = |xml: &str| {
            let mut reader = XmlReader::new(xml, "big.xml", &limits, None);
            loop {
                match reader.next_event() {
                    Err(e) => break Some(e.to_string()),
                    Ok(None) => break None,
                    Ok(Some(_)) => {}
                }
            }
        };
        let text = format!("<t>{}</t>", "x".repeat(101));
        assert!(first_error(&text)
            .unwrap()
            .contains("size of one XML text node"));
        let tag = format!("<t a=\"{}\"/>", "x".repeat(100));
        assert!(first_error(&tag).unwrap().contains("size of one XML tag"));
        assert!(first_error(&format!("<t>{}</t>", "x".repeat(100))).is_none());
    }

    #[test]
    fn refuses_nesting_deeper_than_the_limit() {
        let xml = "<a>".repeat(100) + &"</a>".repeat(100);
        let limits = Limits {
            max_xml_depth: 50,
            ..Limits::default()
        };
        let mut reader = XmlReader::new(&xml, "deep.xml", &limits, None);
        let err = loop {
            match reader.next_event() {
                Err(e) => break e,
                Ok(None) => panic!("depth limit not enforced"),
                Ok(Some(_)) => {}
            }
        };
        assert_eq!(err.kind_name(), "limit");
        assert_eq!(err.part(), Some("deep.xml"));
    }
}
