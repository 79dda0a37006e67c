//! `w:altChunk` imports: content Word shows in place, kept in another part. A nested .docx is
//! converted (one level deep), HTML is reduced to its text, plain text is kept.

use std::borrow::Cow;

use super::story::DocState;
use super::{read_document, Parts};
use crate::package::PackageBytes;
use crate::Options;

/// Fill `text` of every `alt_chunk` object from its part; a part that cannot be read leaves
/// the object without text, with a warning.
pub(super) fn read_alt_chunks(parts: &mut Parts<'_, '_>, state: &mut DocState) {
    for i in 0..state.objects.len() {
        if state.objects[i].kind != "alt_chunk" {
            continue;
        }
        let Some(part) = state.objects[i].part.clone() else {
            continue;
        };
        let bytes = match parts.package.read_part(&part) {
            Ok(Some(b)) => b,
            Ok(None) => {
                state.warn(&part, "altChunk part is missing");
                continue;
            }
            Err(e) => {
                state.warn(&part, format!("altChunk part skipped: {e}"));
                continue;
            }
        };
        let content_type = state.objects[i].content_type.clone().unwrap_or_default();
        let text = if bytes.starts_with(b"PK") {
            // Nested packages are read without their own altChunks: no recursion bombs.
            let nested = Options {
                nested: true,
                ..parts.options.clone()
            };
            match read_document(PackageBytes::whole(&bytes), &nested) {
                Ok(doc) => Some(
                    doc.paragraphs()
                        .iter()
                        .map(|(_, p)| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                Err(e) => {
                    state.warn(&part, format!("nested document not converted: {e}"));
                    None
                }
            }
        } else if content_type.contains("html") || content_type.contains("xml") {
            Some(html_text(&String::from_utf8_lossy(&bytes)))
        } else if content_type.starts_with("text/plain") {
            Some(String::from_utf8_lossy(&bytes).into_owned())
        } else {
            None
        };
        state.objects[i].text = text;
    }
}

/// Elements that end a line of text: paragraphs, breaks, list items, rows, headings.
const LINE_ENDING: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "table",
    "tr",
    "ul",
];

/// The text of an HTML document, one line per paragraph-like element: tags, comments, the
/// title, style sheets and scripts removed; table cells apart by a space; every named and numeric
/// character reference of HTML5 decoded; blanks folded and empty lines dropped. One pass, so
/// its time is linear in the input whatever the markup.
pub(crate) fn html_text(html: &str) -> String {
    let html = html.trim_start_matches('\u{feff}');
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut finish = |line: &mut String| {
        let decoded = html_escape::decode_html_entities(line.as_str());
        let folded = decoded.split_whitespace().collect::<Vec<_>>().join(" ");
        if !folded.is_empty() {
            lines.push(folded);
        }
        line.clear();
    };
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        line.push_str(&rest[..open]);
        rest = &rest[open..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map_or(rest.len(), |e| e + 3)
        } else {
            rest.find('>').map_or(rest.len(), |e| e + 1)
        };
        let name = tag_name(&rest[..end]);
        rest = &rest[end..];
        match name.as_ref() {
            // Their content is not shown: go to the closing tag.
            "style" | "script" | "title" => {
                let close = format!("</{name}");
                rest = find_ignoring_ascii_case(rest, &close)
                    .map_or("", |at| &rest[at + close.len()..]);
                rest = rest.find('>').map_or("", |e| &rest[e + 1..]);
            }
            "td" | "th" => line.push(' '),
            name if LINE_ENDING.contains(&name) => finish(&mut line),
            _ => {}
        }
    }
    line.push_str(rest);
    finish(&mut line);
    lines.join("\n")
}

/// The lower-cased name of a start or end tag (`<P class=x>`, `</p>`); empty for comments and
/// declarations.
fn tag_name(tag: &str) -> Cow<'_, str> {
    let name = tag.trim_start_matches('<').trim_start_matches('/');
    let len = name
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(name.len());
    let name = &name[..len];
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

fn find_ignoring_ascii_case(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    (0..h.len().checked_sub(n.len())? + 1).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_gives_one_line_per_paragraph_with_entities_decoded() {
        let html = "\u{feff}<!DOCTYPE html><html><head><title>Bilaga</title>\
            <STYLE>p { color: red } </style><script>if (a < b) {}</SCRIPT></head>\
            <body><!-- a <p> in a comment --><P class=x>Milj&ouml;bilaga &amp; <b>krav</b>p&aring;\n  \
            r&#228;tt</P><p>&lt;p&gt; is text &#x4E2D;&nbsp;&unknown;</p>\
            <table><tr><td>A1</td><td>B1</td></tr><tr><td>A2</td><td>B2</td></tr></table>un<b>bold</b>ed<br>end";
        assert_eq!(
            html_text(html),
            "Miljöbilaga & kravpå rätt\n<p> is text 中 &unknown;\nA1 B1\nA2 B2\nunbolded\nend"
        );
    }

    #[test]
    fn unclosed_markup_ends_the_text_without_a_hang() {
        assert_eq!(html_text("text <b"), "text");
        assert_eq!(html_text("a<script>never closed"), "a");
        assert_eq!(html_text("a<!-- never closed"), "a");
        let many = "<style></style>".repeat(100_000) + "x";
        assert_eq!(html_text(&many), "x");
    }
}
