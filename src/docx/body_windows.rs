//! The main part's body read in windows (issue 18 §4), so that memory holds a window of the
//! part, never the whole of it: the part is inflated a chunk at a time, a light tokenizer
//! (`xml::split`) finds where the body's top-level blocks end, and each window of whole
//! blocks (about [`BODY_WINDOW_BYTES`]) is read by a story reader of its own, the builder and
//! the walkers' state carried from one to the next.
//!
//! A window after the first starts with the root's and the body's start tags as the part has
//! them (so the namespaces in scope and the depth are those of the whole read) and ends with
//! their end tags; positions in errors count from the window's place in the part. The last
//! window holds the rest of the part from the body's end tag on (several bodies, content
//! after the body) and is read as the whole read reads it. The tokenizer cuts only where it
//! is sure: at anything odd the rest of the part is one window, so the read is that of
//! the whole part, and a part that does not start like a body (UTF-16, a DOCTYPE, a body
//! that is not the root's child) is read whole. A failure of the part's bytes (checksum,
//! limits) is reported before anything the XML reader found, as the whole read reports it.

use std::borrow::Cow;

use super::parts::Parts;
use super::state::{Context, DocState};
use super::story::{BlockOut, StoryReader, Suspended};
use crate::model::{Story, WarningCode};
use crate::package::{PartStream, Relationships};
use crate::xml::split::{local, next_token, Token};
use crate::xml::{XmlReader, INVALID_UTF8};
use crate::{ErrorKind, Result};

/// How much of the body a window holds, at least: it ends after the block that reaches it.
pub(super) const BODY_WINDOW_BYTES: usize = 1 << 20;

/// How much more of the part is inflated at a time.
const FILL: usize = 64 << 10;

/// Read the body of the main part `part` in windows of about `window_bytes`, each finished
/// block to `out`, up to and including [`StoryReader::finish_part`]. False (nothing read,
/// nothing changed) when the part is better read whole: not larger than one window, not
/// inflated here, or not starting as a plain body does.
pub(super) fn read_body(
    parts: &mut Parts<'_, '_>,
    part: &str,
    rels: &Relationships,
    ctx: &Context<'_>,
    state: &mut DocState,
    out: &mut dyn BlockOut,
    window_bytes: usize,
) -> Result<bool> {
    let declared = parts.package.declared_size(part);
    if declared.is_none_or(|size| size <= window_bytes as u64) {
        return Ok(false);
    }
    let Some(stream) = parts.package.stream_part(part)? else {
        return Ok(false);
    };
    let mut windows = Windows::new(stream, window_bytes);
    let Some(head_end) = windows.head()? else {
        return Ok(false);
    };
    let options = parts.options;
    let deadline = parts.deadline;
    let mut suspended = Suspended::start(state, ctx, part, Story::Body);
    let mut first = true;
    let mut repair_told = false;
    loop {
        let window = windows.next_window(first)?;
        let text = window.text();
        let mut xr = XmlReader::new(&text, part, &options.limits, deadline);
        if let Some(resume) = suspended.xml.take() {
            xr = xr.resume(resume, window.offset);
        }
        let mut story = StoryReader::resume(xr, rels, ctx, suspended);
        // The first window's reader finds the body the tokenizer found, or the part is read
        // whole (nothing has been read from it yet).
        let found = !first
            || (matches!(story.find_start(b"body"), Ok(true))
                && story.xr.position() == head_end as u64);
        if !found {
            return Ok(false);
        }
        if window.repaired && !repair_told {
            parts.warn(WarningCode::InvalidUtf8, part, INVALID_UTF8);
            repair_told = true;
        }
        if let Err(e) = read_window(&mut story, part, first, window.last, out) {
            return Err(windows.part_error_first(e));
        }
        if window.last {
            parts.package.finish_stream(&windows.stream);
            return Ok(true);
        }
        suspended = story.suspend();
        first = false;
    }
}

/// Read one window's blocks (its body start already found in the first); the last window
/// reads on to the end of the part.
fn read_window(
    story: &mut StoryReader<'_, '_>,
    part: &str,
    first: bool,
    last: bool,
    out: &mut dyn BlockOut,
) -> Result<()> {
    // A window after the first opens with the body's start tag: a reader that does not find
    // it there is a fault of the windows, reported rather than read past.
    if !first && !story.find_start(b"body")? {
        let message = "a window of the body does not start with the body".to_string();
        return Err(crate::Error::new(ErrorKind::MalformedXml(message)).in_part(part));
    }
    if !last {
        return story.read_blocks(out);
    }
    read_bodies(story, out)?;
    story.finish_part();
    Ok(())
}

/// Read the body whose start was just read, and the bodies after it: some writers emit
/// several (poi/MultipleBodyBug.docx).
pub(super) fn read_bodies(story: &mut StoryReader<'_, '_>, out: &mut dyn BlockOut) -> Result<()> {
    story.read_blocks(out)?;
    while story.next_body() {
        story.read_blocks(out)?;
    }
    Ok(())
}

/// One window of the part, decoded.
struct Window {
    /// Valid UTF-8 (invalid bytes were replaced when the window was cut).
    bytes: Vec<u8>,
    /// Where the text starts in the decoded part (before it: the tags that open it).
    offset: u64,
    /// The rest of the part: read to its end.
    last: bool,
    /// Invalid UTF-8 was replaced.
    repaired: bool,
}

impl Window {
    /// The window's text. Checked with simdutf8 (a few percent of the time std's check took,
    /// which was a tenth of a large document's read); never replaced here, as `cut` did that.
    fn text(&self) -> Cow<'_, str> {
        match simdutf8::basic::from_utf8(&self.bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => String::from_utf8_lossy(&self.bytes),
        }
    }
}

/// The part cut into windows as it is inflated.
struct Windows<'a> {
    stream: PartStream<'a>,
    /// The part's bytes from the start of the next window's blocks.
    buf: Vec<u8>,
    /// How far `buf` has been tokenized (always at a token's end).
    scanned: usize,
    depth: usize,
    window_bytes: usize,
    /// The root's and the body's start tags, which open every window but the first.
    open: Vec<u8>,
    open_decoded: u64,
    /// Their end tags, which close every window but the last.
    close: Vec<u8>,
    /// Decoded bytes of the part before `buf`.
    before: u64,
}

impl<'a> Windows<'a> {
    fn new(stream: PartStream<'a>, window_bytes: usize) -> Self {
        Windows {
            stream,
            buf: Vec::new(),
            scanned: 0,
            depth: 0,
            window_bytes,
            open: Vec::new(),
            open_decoded: 0,
            close: Vec::new(),
            before: 0,
        }
    }

    fn fill(&mut self, at_least: usize) -> Result<()> {
        self.stream.fill(&mut self.buf, at_least)
    }

    /// Tokenize up to the end of the body's start tag, which must be a child of the root:
    /// where it ends, or `None` when the part does not start like that.
    fn head(&mut self) -> Result<Option<usize>> {
        self.fill(FILL)?;
        // As `xml::decode` reads a part: a UTF-8 byte order mark goes, UTF-16 is decoded
        // whole (not here).
        if self.buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.buf.drain(..3);
        }
        if matches!(
            self.buf.as_slice(),
            [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] | [b'<', 0, ..] | [0, b'<', ..]
        ) {
            return Ok(None);
        }
        let mut root = 0..0;
        loop {
            let Some((token, end)) = self.token()? else {
                return Ok(None);
            };
            let at = self.scanned;
            match token {
                Token::Odd => return Ok(None),
                Token::Start { empty, name_end } => {
                    let name = &self.buf[at + 1..name_end];
                    if local(name) == b"body" {
                        if empty || self.depth != 1 {
                            return Ok(None);
                        }
                        let body = at..end;
                        let root_tag = &self.buf[root.start + 1..root.end];
                        let root_name = root_tag.split(|&b| is_name_end(b)).next();
                        let root_name = root_name.unwrap_or_default().to_vec();
                        self.open = [&self.buf[root.clone()], &self.buf[body]].concat();
                        self.open_decoded = String::from_utf8_lossy(&self.open).len() as u64;
                        self.close = [b"</", name, b"></", &root_name[..], b">"].concat();
                        self.scanned = end;
                        self.depth = 2;
                        return Ok(Some(end));
                    }
                    match (empty, self.depth) {
                        (true, 0) => return Ok(None),
                        (true, _) => {}
                        (false, 0) => {
                            root = at..end;
                            self.depth = 1;
                        }
                        (false, _) => self.depth += 1,
                    }
                }
                Token::End => {
                    self.depth = self.depth.saturating_sub(1);
                    if self.depth == 0 {
                        return Ok(None);
                    }
                }
                Token::Text | Token::Other | Token::Incomplete => {}
            }
            self.scanned = end;
        }
    }

    /// The next token from `scanned`, with more of the part inflated when it does not end in
    /// the bytes in hand; `None` at the end of the part (or in a token it cuts short).
    fn token(&mut self) -> Result<Option<(Token, usize)>> {
        loop {
            if self.scanned < self.buf.len() {
                let (token, end) = next_token(&self.buf, self.scanned);
                if token != Token::Incomplete {
                    return Ok(Some((token, end)));
                }
            }
            if self.stream.ended() {
                return Ok(None);
            }
            // Growing with the token, so a long one is tokenized a bounded number of times.
            let pending = self.buf.len() - self.scanned;
            self.fill(FILL.max(pending))?;
        }
    }

    /// The next window: whole top-level blocks of the body, from where the last one ended to
    /// the end of the first block that reaches `window_bytes`; or the rest of the part.
    fn next_window(&mut self, first: bool) -> Result<Window> {
        loop {
            let Some((token, end)) = self.token()? else {
                return self.rest(first);
            };
            let at_boundary = match token {
                Token::Odd => return self.rest(first),
                Token::Start { empty: false, .. } => {
                    self.depth += 1;
                    false
                }
                Token::Start { empty: true, .. } => self.depth == 2,
                Token::End => {
                    self.depth -= 1;
                    if self.depth < 2 {
                        // The body's end tag: the rest of the part is the last window.
                        return self.rest(first);
                    }
                    self.depth == 2
                }
                Token::Text | Token::Other | Token::Incomplete => false,
            };
            self.scanned = end;
            if at_boundary && self.scanned >= self.window_bytes {
                return Ok(self.cut(self.scanned, first, false));
            }
        }
    }

    /// The rest of the part, as the last window.
    fn rest(&mut self, first: bool) -> Result<Window> {
        while !self.stream.ended() {
            self.fill(FILL.max(self.buf.len()))?;
        }
        Ok(self.cut(self.buf.len(), first, true))
    }

    /// The window of `buf[..at]`, opened and closed with the root's and the body's tags.
    fn cut(&mut self, at: usize, first: bool, last: bool) -> Window {
        let open: &[u8] = if first { &[] } else { &self.open };
        let close: &[u8] = if last { &[] } else { &self.close };
        let bytes = [open, &self.buf[..at], close].concat();
        self.buf.drain(..at);
        self.scanned = self.scanned.saturating_sub(at);
        // A cut is after a `>`, so invalid UTF-8 is replaced as it is in the whole part.
        let (bytes, repaired) = match simdutf8::basic::from_utf8(&bytes) {
            Ok(_) => (bytes, false),
            Err(_) => (
                String::from_utf8_lossy(&bytes).into_owned().into_bytes(),
                true,
            ),
        };
        let opened = if first { 0 } else { self.open_decoded };
        let offset = self.before - opened;
        self.before += bytes.len() as u64 - opened - close.len() as u64;
        Window {
            bytes,
            offset,
            last,
            repaired,
        }
    }

    /// A failure reading the window: the part's own failure first (its checksum, a limit),
    /// as a whole read finds that before it reads any XML. A timeout is not made to wait.
    fn part_error_first(&mut self, e: crate::Error) -> crate::Error {
        if matches!(e.kind(), ErrorKind::Timeout { .. }) {
            return e;
        }
        match self.stream.drain() {
            Err(part) => part,
            Ok(()) => e,
        }
    }
}

fn is_name_end(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::{Package, PackageBytes};
    use crate::synth::Docx;
    use crate::Limits;

    const PART: &str = "word/document.xml";

    /// The main part of a package whose body is `body`, and the windows of `window_bytes`
    /// it is cut into.
    fn windows_of(body: &str, window_bytes: usize) -> (String, Vec<Window>) {
        let mut d = Docx::new();
        d.set_body(body);
        let bytes = d.to_bytes();
        let mut package = Package::open(PackageBytes::whole(&bytes), &Limits::default()).unwrap();
        let whole = package.read_part(PART).unwrap().unwrap();
        let stream = package.stream_part(PART).unwrap().unwrap();
        let mut windows = Windows::new(stream, window_bytes);
        windows.head().unwrap().expect("a body, child of the root");
        let (open, close) = (windows.open.clone(), windows.close.clone());
        let mut out: Vec<Window> = Vec::new();
        loop {
            let window = windows.next_window(out.is_empty()).unwrap();
            let last = window.last;
            out.push(window);
            if last {
                break;
            }
        }
        // Each window but the first opens with the root's and body's tags, each but the
        // last closes with their end tags; between them, the part, in order, all of it.
        let mut joined = String::new();
        for (i, window) in out.iter().enumerate() {
            let mut text = &window.bytes[..];
            if i > 0 {
                text = text.strip_prefix(&open[..]).expect("opened");
            }
            if !window.last {
                text = text.strip_suffix(&close[..]).expect("closed");
            }
            assert_eq!(window.offset as usize, joined.len() - i.min(1) * open.len());
            joined.push_str(std::str::from_utf8(text).unwrap());
        }
        assert_eq!(joined.as_bytes(), whole, "the windows are the part");
        (String::from_utf8(whole).unwrap(), out)
    }

    fn text_of(window: &Window) -> &str {
        std::str::from_utf8(&window.bytes).unwrap()
    }

    /// What each window holds of the body, its opening and closing tags taken off.
    fn blocks_of(windows: &[Window]) -> Vec<&str> {
        windows[1..windows.len() - 1]
            .iter()
            .map(|w| {
                let text = text_of(w);
                let start = text.find("<w:body>").unwrap() + "<w:body>".len();
                let end = text.rfind("</w:body>").unwrap();
                &text[start..end]
            })
            .collect()
    }

    /// The last window after the root's and body's start tags.
    fn rest_of(windows: &[Window]) -> &str {
        let last = text_of(windows.last().unwrap());
        &last[last.find("<w:body>").unwrap() + "<w:body>".len()..]
    }

    #[test]
    fn windows_are_cut_after_top_level_blocks_only() {
        let blocks = [
            r#"<w:p w:rsidR="a>b" w14:paraId='1>2'><w:bookmarkStart w:id="0" w:name="b"/><w:r><w:t>x &gt; y</w:t></w:r></w:p>"#,
            "<!-- <w:p> a comment </w:p> --><w:p><w:r><w:t><![CDATA[</w:p></w:body>]]></w:t></w:r></w:p>",
            "<?pi </w:p> ?><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
            r#"<w:p><w:bookmarkEnd w:id="0"/></w:p>"#,
            "<w:sectPr/>",
        ];
        let first = "<w:p><w:r><w:t>one</w:t></w:r></w:p>";
        let (_, windows) = windows_of(
            &[first].iter().chain(&blocks).copied().collect::<String>(),
            1,
        );
        assert!(text_of(&windows[0]).ends_with(&format!("<w:body>{first}</w:body></w:document>")));
        assert_eq!(blocks_of(&windows), blocks);
        assert_eq!(rest_of(&windows), "</w:body></w:document>");
    }

    #[test]
    fn small_blocks_are_batched_into_windows_of_the_size_asked() {
        let body = "<w:p><w:r><w:t>0123456789</w:t></w:r></w:p>".repeat(100);
        let (_, windows) = windows_of(&body, 400);
        // 43 bytes a paragraph: ten to a window (the first also holds the part's head).
        let blocks = blocks_of(&windows);
        assert!(blocks.len() >= 9, "{} windows", windows.len());
        assert!(
            blocks.iter().all(|b| b.matches("<w:p>").count() == 10),
            "{blocks:?}"
        );
    }

    #[test]
    fn the_body_end_and_what_follows_it_or_unknown_markup_make_the_rest_one_window() {
        for (body, rest) in [
            // Two bodies: the second, and anything after the first, is read as the whole
            // read reads it.
            (
                "<w:p/><w:p/></w:body><w:body><w:p/>",
                "</w:body><w:body><w:p/></w:body></w:document>",
            ),
            (
                "<w:p/><w:p/><!DOCTYPE x><w:p/><w:p/>",
                "<!DOCTYPE x><w:p/><w:p/></w:body></w:document>",
            ),
        ] {
            let (_, windows) = windows_of(body, 1);
            assert_eq!(blocks_of(&windows), ["<w:p/>"], "{body}");
            assert_eq!(rest_of(&windows), rest);
        }
    }
}
