//! JSON: the document model as one JSON value (schema `docxtract/1`), followed by `\n`.

use std::io;

use serde::Serialize;

use crate::model::{Block, Document};

use super::WriteOptions;

mod ser;

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

/// serde_json's bytes (compact or pretty), with DEL and the C1 controls escaped too: serde_json
/// writes those as they are, and a terminal runs them (CSI, U+009B). JSON printed or paged
/// is read by people; the value read back is the same string. Written by a serializer of our
/// own ([`ser`]), which escapes each string in one pass.
fn serialize(value: &impl Serialize, pretty: bool, out: &mut impl io::Write) -> io::Result<()> {
    ser::to_writer(out, value, pretty)
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
    /// read, whatever its `blocks` hold), then the final `\n`. Gives the writer back. The
    /// side tables go straight to the output: a document's bookmarks and links grow with
    /// it, and their JSON is not held.
    pub fn end(mut self, rest: &Document) -> io::Result<W> {
        use io::Write;
        if self.pretty && self.blocks > 0 {
            self.out.write_all(b"\n  ")?;
        }
        let mut tail = FromBlocksClose {
            scan: BlocksScan::default(),
            passing: false,
            out: &mut self.out,
        };
        serialize(rest, self.pretty, &mut tail)?;
        if !tail.passing {
            return Err(no_blocks_array());
        }
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

fn no_blocks_array() -> io::Error {
    io::Error::other("the document's JSON has no blocks array")
}

/// Where the top-level `blocks` array of a serialized document opens (`[`) and closes (`]`).
fn blocks_array(json: &[u8]) -> io::Result<(usize, usize)> {
    let mut scan = BlocksScan::default();
    let mut open = None;
    for (i, &b) in json.iter().enumerate() {
        match (scan.feed(b), open) {
            (Some(Mark::Open), _) => open = Some(i),
            (Some(Mark::Close), Some(open)) => return Ok((open, i)),
            _ => {}
        }
    }
    Err(no_blocks_array())
}

/// The top-level `blocks` array of a serialized document, found byte by byte by walking the
/// JSON, not by searching for the key: a string may hold anything.
#[derive(Default)]
struct BlocksScan {
    depth: usize,
    in_string: bool,
    escaped: bool,
    /// How much of the string being read has matched `blocks`, and whether it has stopped.
    key_matched: usize,
    key_differs: bool,
    /// The last key read at the top level was `blocks`.
    blocks_key: bool,
    open: bool,
}

/// What a byte fed to [`BlocksScan`] was.
enum Mark {
    /// The `[` that opens the top-level `blocks` array.
    Open,
    /// The `]` that closes it.
    Close,
}

impl BlocksScan {
    const KEY: &'static [u8] = b"blocks";

    fn feed(&mut self, b: u8) -> Option<Mark> {
        if self.in_string {
            match b {
                _ if self.escaped => {
                    self.escaped = false;
                    self.key_byte(b);
                }
                b'\\' => {
                    self.escaped = true;
                    self.key_byte(b);
                }
                b'"' => {
                    self.in_string = false;
                    self.blocks_key =
                        self.depth == 1 && !self.key_differs && self.key_matched == Self::KEY.len();
                }
                _ => self.key_byte(b),
            }
            return None;
        }
        match b {
            b'"' => {
                self.in_string = true;
                self.key_matched = 0;
                self.key_differs = false;
            }
            b'[' | b'{' => {
                self.depth += 1;
                if self.depth == 2 && self.blocks_key && b == b'[' {
                    self.open = true;
                    return Some(Mark::Open);
                }
            }
            b']' | b'}' => {
                if self.depth == 2 && b == b']' && self.open {
                    return Some(Mark::Close);
                }
                self.depth = self.depth.saturating_sub(1);
            }
            b',' => self.blocks_key = false,
            _ => {}
        }
        None
    }

    fn key_byte(&mut self, b: u8) {
        if !self.key_differs && Self::KEY.get(self.key_matched) == Some(&b) {
            self.key_matched += 1;
        } else {
            self.key_differs = true;
        }
    }
}

/// Passes on a serialized document from the `]` that closes its `blocks` array on: what
/// [`JsonStream::begin`] and the blocks already wrote is dropped as it is serialized.
struct FromBlocksClose<'a, W: io::Write> {
    scan: BlocksScan,
    passing: bool,
    out: &'a mut W,
}

impl<W: io::Write> io::Write for FromBlocksClose<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.passing {
            self.out.write_all(buf)?;
            return Ok(buf.len());
        }
        if let Some(close) = buf
            .iter()
            .position(|&b| matches!(self.scan.feed(b), Some(Mark::Close)))
        {
            self.passing = true;
            self.out.write_all(&buf[close..])?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
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
    fn the_stream_writes_the_bytes_of_the_whole_document_whatever_its_strings_hold() {
        let mut d = doc();
        // Strings that look like the blocks array, before and after it.
        d.metadata.title = Some("\"blocks\":[] ] } \\\" blocks".into());
        d.metadata.custom.push(crate::model::CustomProperty {
            name: "blocks".into(),
            kind: "lpwstr".into(),
            value: "[1, 2]".into(),
        });
        d.warnings.push(crate::model::Warning::new(
            crate::model::WarningCode::PartSkipped,
            "word/\"blocks\".xml",
            "\"],\"blocks\":[",
        ));
        for pretty in [false, true] {
            let options = WriteOptions {
                pretty,
                ..WriteOptions::new()
            };
            let mut whole = Vec::new();
            write(&d, &options, &mut whole).unwrap();
            let mut rest = d.clone();
            rest.blocks.clear();
            let mut stream = JsonStream::begin(&rest, &options, Vec::new()).unwrap();
            for block in &d.blocks {
                stream.block(block).unwrap();
            }
            let streamed = stream.end(&rest).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap()
            );
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
