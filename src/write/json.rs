//! JSON: the document model as one JSON value (schema `docxtract/1`), followed by `\n`.

use std::io;

use crate::model::Document;

use super::WriteOptions;

/// Write `doc` as one JSON value, compact or (with `options.pretty`) indented by two spaces,
/// followed by exactly one `\n`, so that compact output of many documents is valid NDJSON.
pub fn write(doc: &Document, options: &WriteOptions, out: &mut dyn io::Write) -> io::Result<()> {
    // serde_json writes token by token: through `dyn Write` each token was a virtual call and
    // a capacity check (5% of a batch's time). A small buffer of a concrete type gathers
    // them; 8 KiB is enough for that, and it is the same size for every document.
    let mut buffered = io::BufWriter::with_capacity(8 * 1024, out);
    if options.pretty {
        serde_json::to_writer_pretty(&mut buffered, doc)?;
    } else {
        serde_json::to_writer(&mut buffered, doc)?;
    }
    io::Write::write_all(&mut buffered, b"\n")?;
    io::Write::flush(&mut buffered)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Block, Paragraph};

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
