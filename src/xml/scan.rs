//! Byte scans over markup, as quick-xml cuts it, shared by the tokenizer and the pre-scans
//! (`xml::split`, `docx::part_index`): where a tag ends, how long its name is.

use crate::words::{bytes_equal, word_at};

/// Where the `>` that ends a tag is in `bytes` (from anywhere before it, outside quotes):
/// the first `>` outside single or double quotes, as quick-xml's element parser finds it.
///
/// Tags are short and many: eight bytes are looked at a step for the three bytes that
/// matter, and the step's candidates taken lowest first, where a search per byte found
/// (quick-xml's `memchr3_iter`) set up the search again after every quote.
pub(crate) fn tag_end(bytes: &[u8]) -> Option<usize> {
    let mut quote = 0u8;
    let mut at = 0;
    while at < bytes.len() {
        // Zeros past the end: none of the three.
        let word = word_at(bytes, at, 0);
        let mut candidates =
            bytes_equal(word, b'>') | bytes_equal(word, b'"') | bytes_equal(word, b'\'');
        while candidates != 0 {
            let i = at + (candidates.trailing_zeros() / 8) as usize;
            candidates &= candidates - 1;
            // A candidate may be another byte next to a wanted one (see `bytes_equal`).
            match (quote, bytes.get(i).copied()) {
                (0, Some(b'>')) => return Some(i),
                (0, Some(q @ (b'"' | b'\''))) => quote = q,
                (q, Some(b)) if b == q => quote = 0,
                _ => {}
            }
        }
        at += 8;
    }
    None
}

/// quick-xml's white space, which ends a name.
pub(crate) fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\r' | b'\n' | b'\t')
}

/// The length of the name a tag's content starts with (up to its first white space).
pub(crate) fn name_len(content: &[u8]) -> usize {
    content
        .iter()
        .position(|&b| is_whitespace(b))
        .unwrap_or(content.len())
}

/// An end tag's name as quick-xml compares it: trailing white space trimmed.
pub(crate) fn trim_end_whitespace(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| !is_whitespace(b)) {
        Some(last) => &name[..last + 1],
        None => name,
    }
}

/// For tests: `start` followed by every sequence of up to `most` of `pieces`.
#[cfg(test)]
pub(crate) fn strings_of(start: &str, pieces: &[&str], most: usize) -> Vec<String> {
    let mut strings = vec![start.to_string()];
    let mut last = strings.clone();
    for _ in 0..most {
        last = last
            .iter()
            .flat_map(|s| pieces.iter().map(move |p| format!("{s}{p}")))
            .collect();
        strings.extend(last.iter().cloned());
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::parser::{ElementParser, Parser};

    #[test]
    fn a_tag_ends_where_quick_xml_ends_it() {
        let pieces = ["a", " ", ">", "\"", "'", "?", "#", "&", "(", "=", "中"];
        // Every string of up to four pieces, at every offset in an eight-byte step.
        for s in &strings_of("", &pieces, 4) {
            for pad in 0..8 {
                let text = format!("{}<{s}", "x".repeat(pad));
                let bytes = text.as_bytes();
                assert_eq!(
                    tag_end(bytes),
                    ElementParser::Outside.feed(bytes),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn names_end_at_white_space() {
        assert_eq!(name_len(b"w:p w:rsidR=\"1\""), 3);
        assert_eq!(name_len(b"w:p\r\n"), 3);
        assert_eq!(name_len(b""), 0);
        assert_eq!(trim_end_whitespace(b"w:p \t"), b"w:p");
        assert_eq!(trim_end_whitespace(b"  "), b"  ");
    }
}
