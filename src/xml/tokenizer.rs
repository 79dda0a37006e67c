//! The tokenizer under [`XmlReader`](super::XmlReader): quick-xml's events and errors, with
//! the common markup cut from the part directly.
//!
//! quick-xml's reader checks the UTF-8 of every event it cuts, even from a `&str` (a twentieth
//! of a batch's instructions), and runs a state machine around each. A part here is decoded
//! to UTF-8 before it is read, and every cut falls on an ASCII byte (`<`, `>`, `&`), so text,
//! start, empty and end tags are cut here, their ends found as quick-xml's element parser
//! finds them (`scan::tag_end`) and end names checked as it checks them. Everything else (references, comments, CDATA, doctypes, processing instructions,
//! markup the part ends inside) goes to a quick-xml reader over the rest of the part, which
//! reads that one event as the whole-part reader would: same event, same error, same
//! position. The tests compare both readers event by event and error by error.

use quick_xml::errors::{Error, IllFormedError};
use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Reader;

use super::scan::{name_len, tag_end, trim_end_whitespace};

/// quick-xml's reader as docxtract configures it; the tokenizer reads like it.
pub(crate) fn configured_reader(text: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    // Spaces in w:t are content: never trim.
    config.trim_text(false);
    config.check_end_names = true;
    reader
}

pub(crate) struct Tokenizer<'a> {
    text: &'a str,
    /// Where the next event starts in `text`.
    pos: usize,
    /// The open elements' names, as (start, length) in `text`, for the end-name check.
    open: Vec<(usize, usize)>,
}

impl<'a> Tokenizer<'a> {
    pub fn new(text: &'a str) -> Self {
        Tokenizer {
            // As quick-xml does, and its positions count from after the mark.
            text: text.strip_prefix('\u{feff}').unwrap_or(text),
            pos: 0,
            open: Vec::new(),
        }
    }

    /// Bytes read so far: quick-xml's `buffer_position`.
    pub fn position(&self) -> u64 {
        self.pos as u64
    }

    /// What is left to read.
    pub fn rest(&self) -> &'a [u8] {
        &self.text.as_bytes()[self.pos..]
    }

    /// Take the next `len` bytes as text, unread by the tokenizer. The caller cuts them
    /// before a `<`, so they end on a character boundary.
    pub fn take(&mut self, len: usize) -> &'a str {
        let text = &self.text[self.pos..self.pos + len];
        self.pos += len;
        text
    }

    #[inline]
    pub fn next(&mut self) -> Result<Event<'a>, Error> {
        let rest = self.rest();
        match rest {
            [] => Ok(Event::Eof),
            [b'<', b'/', ..] => self.end_tag(rest),
            [b'<', b'!' | b'?', ..] | [b'<'] | [b'&', ..] => self.delegate(),
            [b'<', ..] => self.start_tag(rest),
            _ => {
                let len = memchr::memchr2(b'<', b'&', rest).unwrap_or(rest.len());
                Ok(Event::Text(BytesText::from_escaped(self.take(len))))
            }
        }
    }

    fn start_tag(&mut self, rest: &[u8]) -> Result<Event<'a>, Error> {
        let Some(end) = tag_end(rest) else {
            return self.delegate();
        };
        let start = self.pos + 1;
        let content = &self.text[start..self.pos + end];
        self.pos += end + 1;
        if let Some(content) = content.strip_suffix('/') {
            return Ok(Event::Empty(BytesStart::from_content(
                content,
                name_len(content.as_bytes()),
            )));
        }
        let name_len = name_len(content.as_bytes());
        self.open.push((start, name_len));
        Ok(Event::Start(BytesStart::from_content(content, name_len)))
    }

    fn end_tag(&mut self, rest: &[u8]) -> Result<Event<'a>, Error> {
        let Some(end) = tag_end(rest) else {
            return self.delegate();
        };
        let content = &self.text[self.pos + 2..self.pos + end];
        self.pos += end + 1;
        // White space may follow the name (it is ASCII: the cut is a char boundary).
        let name = &content[..trim_end_whitespace(content.as_bytes()).len()];
        let Some((start, len)) = self.open.pop() else {
            return Err(Error::IllFormed(IllFormedError::UnmatchedEndTag(
                name.to_owned(),
            )));
        };
        let expected = &self.text[start..start + len];
        if name != expected {
            return Err(Error::IllFormed(IllFormedError::MismatchedEndTag {
                expected: expected.to_owned(),
                found: name.to_owned(),
            }));
        }
        Ok(Event::End(BytesEnd::new(name)))
    }

    /// Read one event with quick-xml's reader over the rest of the part. Called only where
    /// that reader's state at the start of the rest is the whole-part reader's: outside
    /// markup, at a `<` or `&`, and never for an element that opens or closes (the open
    /// elements are known here only).
    fn delegate(&mut self) -> Result<Event<'a>, Error> {
        let mut reader = configured_reader(&self.text[self.pos..]);
        let event = reader.read_event();
        self.pos += reader.buffer_position() as usize;
        debug_assert!(
            !matches!(event, Ok(Event::Start(_) | Event::End(_) | Event::Text(_))),
            "delegated an element or text: {event:?}"
        );
        event
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_same(xml: &str) {
        assert_eq!(first_difference(xml), None, "in {xml:?}");
    }

    /// Markup of every kind the tokenizer cuts or hands on, well-formed and not.
    const CASES: &[&str] = &[
        "",
        "text only",
        "\u{feff}<a>b</a>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<w:document \
         xmlns:w=\"urn:w\"><w:body><w:p><w:r><w:t xml:space=\"preserve\"> a </w:t></w:r>\
         </w:p></w:body></w:document>",
        "<a b='>' c=\">\"/>",
        "<a\tb=\"1\"\n/><c\r\n></c\t >",
        "<a>&amp;&#x4E2D;&lt;x&gt;&unknown;tail</a>",
        "<a>dangling & amp</a>",
        "<a>&amp</a>",
        "<a>&amp",
        "<a><!-- note --><![CDATA[<raw>]]><?pi data?></a>",
        "<!DOCTYPE t [<!ENTITY e \"x\">]><t>&e;</t>",
        "<!DOCTYPE>",
        "<!-- unclosed",
        "<![CDATA[ unclosed",
        "<!bogus>",
        "<??>",
        "<?pi unclosed",
        "<a></b>",
        "<a><b></a>",
        "</a>",
        "<a></a></a>",
        "<a b=\"unclosed",
        "<a b='unclosed",
        "<a",
        "<a>text<",
        "</a",
        "<>",
        "</>",
        "< a>",
        "<a/>trailing text",
        "<a>中文 图片 3</a>",
        "<a>x</a >",
        "<a>x</a b=\">\">",
    ];

    #[test]
    fn reads_as_quick_xml_reads() {
        for xml in CASES {
            assert_same(xml);
        }
    }

    /// Every case cut short at every byte, and with bytes of markup put in at every place:
    /// the unfinished and broken markup a damaged part holds.
    #[test]
    fn reads_broken_markup_as_quick_xml_reads() {
        const INSERTS: [&str; 10] = ["<", ">", "/", "&", ";", "\"", "'", "!", "?", "<!--"];
        for xml in CASES {
            for (at, _) in xml.char_indices() {
                assert_same(&xml[..at]);
                for insert in INSERTS {
                    assert_same(&format!("{}{insert}{}", &xml[..at], &xml[at..]));
                }
            }
        }
    }

    /// Step quick-xml's reader and the tokenizer together over `xml`; the first difference.
    fn first_difference(xml: &str) -> Option<String> {
        let mut reader = configured_reader(xml);
        let mut tokens = Tokenizer::new(xml);
        loop {
            let (expected, got) = (reader.read_event(), tokens.next());
            let (at_expected, at_got) = (reader.buffer_position(), tokens.position());
            let same = match (&expected, &got) {
                (Ok(a), Ok(b)) => a == b,
                (Err(a), Err(b)) => a.to_string() == b.to_string(),
                _ => false,
            };
            if !same || at_expected != at_got {
                return Some(format!(
                    "quick-xml {expected:?} at {at_expected}, tokenizer {got:?} at {at_got}"
                ));
            }
            if matches!(expected, Ok(Event::Eof) | Err(_)) {
                return None;
            }
        }
    }

    /// Every XML part of every file in the shared corpus, real writers' markup and the
    /// damaged files' alike.
    #[test]
    fn reads_the_shared_corpus_as_quick_xml_reads() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if !corpus.is_dir() {
            eprintln!("skipped: ../shared/corpus not found");
            return;
        }
        let mut files = vec![corpus];
        let (mut parts, mut differences) = (0, Vec::new());
        while let Some(path) = files.pop() {
            if path.is_dir() {
                files.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                continue;
            }
            let Ok(mut zip) = std::fs::File::open(&path).map(zip::ZipArchive::new) else {
                continue;
            };
            let Ok(zip) = zip.as_mut() else { continue };
            for i in 0..zip.len() {
                let Ok(mut entry) = zip.by_index(i) else {
                    continue;
                };
                let Ok(name) = entry.name().map(|name| name.to_string()) else {
                    continue;
                };
                if !(name.ends_with(".xml") || name.ends_with(".rels")) {
                    continue;
                }
                let mut bytes = Vec::new();
                if std::io::Read::read_to_end(&mut entry, &mut bytes).is_err() {
                    continue;
                }
                parts += 1;
                if let Some(difference) = first_difference(&crate::xml::decode(&bytes).text) {
                    differences.push(format!("{}: {name}: {difference}", path.display()));
                }
            }
        }
        assert!(parts > 1000, "only {parts} parts read");
        assert!(differences.is_empty(), "{differences:#?}");
    }

    #[test]
    fn takes_text_unread_and_goes_on_after_it() {
        let mut tokens = Tokenizer::new("<t>plain</t>");
        assert!(matches!(tokens.next(), Ok(Event::Start(_))));
        assert_eq!(tokens.take(5), "plain");
        assert!(matches!(tokens.next(), Ok(Event::End(e)) if e.name().as_ref() == "t"));
        assert_eq!(tokens.position(), 12);
        assert!(matches!(tokens.next(), Ok(Event::Eof)));
    }
}
