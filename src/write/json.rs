//! JSON: the document model as one JSON value (schema `docxtract/1`), followed by `\n`.

use std::io;

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::model::{Block, Document};

use super::WriteOptions;

/// Write `doc` as one JSON value, compact or (with `options.pretty`) indented by two spaces,
/// followed by exactly one `\n`, so that compact output of many documents is valid NDJSON.
pub fn write(doc: &Document, options: &WriteOptions, out: &mut dyn io::Write) -> io::Result<()> {
    // serde_json writes token by token: through `dyn Write` each token was a virtual call and
    // a capacity check (5% of a batch's time). A small buffer of a concrete type gathers
    // them; 8 KiB is enough for that, and it is the same size for every document.
    let mut buffered = io::BufWriter::with_capacity(8 * 1024, out);
    serialize(doc, options.pretty, &mut buffered)?;
    io::Write::write_all(&mut buffered, b"\n")?;
    io::Write::flush(&mut buffered)
}

fn serialize(value: &impl Serialize, pretty: bool, out: &mut impl io::Write) -> io::Result<()> {
    if pretty {
        let formatter = TerminalSafe(serde_json::ser::PrettyFormatter::new());
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    } else {
        let formatter = TerminalSafe(serde_json::ser::CompactFormatter);
        value.serialize(&mut serde_json::Serializer::with_formatter(out, formatter))?;
    }
    Ok(())
}

/// The JSON of a document written while it is read: what comes before `blocks` first
/// ([`JsonStream::begin`]), then each block as it is read, then the side tables
/// ([`JsonStream::end`]). The bytes are those of [`write`] for the same document, and memory
/// holds one block at a time, not the body.
pub struct JsonStream<W: io::Write> {
    out: io::BufWriter<W>,
    pretty: bool,
    blocks: usize,
    /// One pretty block, indented again to its depth in the document.
    scratch: Vec<u8>,
}

impl<W: io::Write> JsonStream<W> {
    /// Write the document up to its `blocks` array (opened): `head` is the document known
    /// before its body, its blocks empty.
    pub fn begin(head: &Document, options: &WriteOptions, out: W) -> io::Result<Self> {
        let mut out = io::BufWriter::with_capacity(8 * 1024, out);
        let whole = to_vec(head, options.pretty)?;
        let (open, _) = blocks_array(&whole)?;
        io::Write::write_all(&mut out, &whole[..=open])?;
        Ok(JsonStream {
            out,
            pretty: options.pretty,
            blocks: 0,
            scratch: Vec::new(),
        })
    }

    /// Write the next block of the `blocks` array.
    pub fn block(&mut self, block: &Block) -> io::Result<()> {
        use io::Write;
        if !self.pretty {
            if self.blocks > 0 {
                self.out.write_all(b",")?;
            }
            serialize(block, false, &mut self.out)?;
        } else {
            // An element of a top-level array is 4 spaces in, and so is every line of it: a
            // newline in pretty JSON is always layout (one in a string is written `\n`).
            let separator: &[u8] = if self.blocks == 0 {
                b"\n    "
            } else {
                b",\n    "
            };
            self.out.write_all(separator)?;
            self.scratch.clear();
            serialize(block, true, &mut self.scratch)?;
            let mut rest = &self.scratch[..];
            while let Some(at) = memchr::memchr(b'\n', rest) {
                self.out.write_all(&rest[..=at])?;
                self.out.write_all(b"    ")?;
                rest = &rest[at + 1..];
            }
            self.out.write_all(rest)?;
        }
        self.blocks += 1;
        Ok(())
    }

    /// Close the `blocks` array and write the rest of the document (`rest`: the document as
    /// read, whatever its `blocks` hold), then the final `\n`. Gives the writer back.
    pub fn end(mut self, rest: &Document) -> io::Result<W> {
        use io::Write;
        let whole = to_vec(rest, self.pretty)?;
        let (_, close) = blocks_array(&whole)?;
        if self.pretty && self.blocks > 0 {
            self.out.write_all(b"\n  ")?;
        }
        self.out.write_all(&whole[close..])?;
        self.out.write_all(b"\n")?;
        self.out
            .into_inner()
            .map_err(io::IntoInnerError::into_error)
    }
}

fn to_vec(doc: &Document, pretty: bool) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    serialize(doc, pretty, &mut bytes)?;
    Ok(bytes)
}

/// Where the top-level `blocks` array of a serialized document opens (`[`) and closes (`]`).
/// Found by walking the JSON, not by searching for the key: a string may hold anything.
fn blocks_array(json: &[u8]) -> io::Result<(usize, usize)> {
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    let mut key_start = 0;
    let mut blocks_key = false;
    let mut open = None;
    for (i, &b) in json.iter().enumerate() {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => {
                    in_string = false;
                    blocks_key = depth == 1 && &json[key_start..i] == b"blocks";
                }
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                key_start = i + 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth == 2 && blocks_key && b == b'[' {
                    open = Some(i);
                }
            }
            b']' | b'}' => {
                if depth == 2 && b == b']' {
                    if let Some(open) = open {
                        return Ok((open, i));
                    }
                }
                depth = depth.saturating_sub(1);
            }
            b',' => blocks_key = false,
            _ => {}
        }
    }
    Err(io::Error::other("the document's JSON has no blocks array"))
}

/// serde_json escapes the C0 controls (ESC, BEL: `\u001b`) but writes DEL and the C1 controls
/// (U+0080 to U+009F, among them CSI, U+009B) as they are, and a terminal runs those too:
/// JSON printed or paged is read by people. This formatter writes them as `\u00XX` as well;
/// the value read back is the same string.
struct TerminalSafe<F>(F);

impl<F: Formatter> Formatter for TerminalSafe<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut rest = fragment;
        // Every C1 control is 0xC2 0x80..=0x9F in UTF-8; DEL is 0x7F.
        while let Some(at) = memchr::memchr2(0xC2, 0x7F, rest.as_bytes()) {
            let c = rest[at..].chars().next().unwrap_or_default();
            if c == '\u{7f}' || ('\u{80}'..='\u{9f}').contains(&c) {
                writer.write_all(&rest.as_bytes()[..at])?;
                write!(writer, "\\u{:04x}", c as u32)?;
            } else {
                writer.write_all(&rest.as_bytes()[..at + c.len_utf8()])?;
            }
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }

    // What the pretty formatter does differently from the default, passed on.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paragraph;

    fn doc() -> Document {
        Document {
            schema: crate::model::SCHEMA_VERSION.into(),
            blocks: vec![Block::Paragraph(Paragraph {
                text: "Hello \"world\"".into(),
                ..Paragraph::default()
            })],
            ..Document::default()
        }
    }

    #[test]
    fn del_and_c1_controls_are_escaped_and_read_back_the_same() {
        let mut d = doc();
        let text = "csi\u{9b}31m del\u{7f} esc\u{1b} é ¢ 中 \u{a0}";
        d.metadata.title = Some(text.into());
        for pretty in [false, true] {
            let mut out = Vec::new();
            let options = WriteOptions {
                pretty,
                ..WriteOptions::new()
            };
            write(&d, &options, &mut out).unwrap();
            let s = String::from_utf8(out).unwrap();
            // No-break space (U+00A0) and other non-control characters stay as they are.
            let expected = "\"csi\\u009b31m del\\u007f esc\\u001b é ¢ 中 \u{a0}\"";
            assert!(s.contains(expected), "{s}");
            assert!(!s.chars().any(|c| c == '\u{9b}' || c == '\u{7f}'));
            let back: Document = serde_json::from_str(&s).unwrap();
            assert_eq!(back.metadata.title.as_deref(), Some(text));
        }
    }

    #[test]
    fn compact_json_is_one_line_that_reads_back_to_the_same_document() {
        let mut out = Vec::new();
        write(&doc(), &WriteOptions::new(), &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.ends_with('\n'));
        assert_eq!(s.matches('\n').count(), 1, "{s}");
        let back: Document = serde_json::from_str(&s).unwrap();
        assert_eq!(back, doc());
    }

    #[test]
    fn pretty_json_is_indented_and_ends_with_one_newline() {
        let mut out = Vec::new();
        let options = WriteOptions {
            pretty: true,
            ..WriteOptions::new()
        };
        write(&doc(), &options, &mut out).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("\n  \"schema\": \"docxtract/1\""), "{s}");
        assert!(s.ends_with("}\n") && !s.ends_with("\n\n"));
        let back: Document = serde_json::from_str(&s).unwrap();
        assert_eq!(back, doc());
    }
}
