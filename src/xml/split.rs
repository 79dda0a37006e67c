//! A light tokenizer that finds where XML markup begins and ends, without parsing it: what the
//! main part's body is cut into windows with (`docx::body_windows`). It mirrors how quick-xml
//! finds the end of each piece of markup (a tag ends at the first `>` outside quotes, a
//! comment at `-->`, CDATA at `]]>`, a processing instruction at `?>`), so a cut after a
//! token it reports is a cut quick-xml would make too. Anything else (a DOCTYPE, `<!`
//! markup of another kind, a `<` not followed by a name) is [`Token::Odd`]: the caller stops
//! cutting there.

use memchr::{memchr, memmem};

use super::scan::tag_end;

/// One piece of a part, from the position it was asked for up to `end` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Token {
    /// Character data up to the next `<` (or the end of the bytes in hand: more may follow).
    Text,
    /// A start tag; `empty` for `<x/>`. The name is `bytes[start + 1..name_end]`.
    Start {
        empty: bool,
        name_end: usize,
    },
    End,
    /// A comment, CDATA section or processing instruction.
    Other,
    /// Markup this tokenizer does not cut around.
    Odd,
    /// The token does not end within the bytes in hand.
    Incomplete,
}

/// The token starting at `at` (`at < bytes.len()`) and where it ends.
pub(crate) fn next_token(bytes: &[u8], at: usize) -> (Token, usize) {
    let rest = &bytes[at..];
    if rest[0] != b'<' {
        let end = memchr(b'<', rest).map_or(bytes.len(), |i| at + i);
        return (Token::Text, end);
    }
    let Some(&second) = rest.get(1) else {
        return (Token::Incomplete, bytes.len());
    };
    let ends_at = |needle: &[u8], from: usize| match memmem::find(&rest[from..], needle) {
        Some(i) => (Token::Other, at + from + i + needle.len()),
        None => (Token::Incomplete, bytes.len()),
    };
    match second {
        b'/' => match tag_end(&rest[1..]) {
            Some(i) => (Token::End, at + 1 + i + 1),
            None => (Token::Incomplete, bytes.len()),
        },
        b'?' => ends_at(b"?>", 2),
        b'!' => {
            const COMMENT: &[u8] = b"<!--";
            const CDATA: &[u8] = b"<![CDATA[";
            if rest.starts_with(COMMENT) {
                ends_at(b"-->", COMMENT.len())
            } else if rest.starts_with(CDATA) {
                ends_at(b"]]>", CDATA.len())
            } else if COMMENT.starts_with(rest) || CDATA.starts_with(rest) {
                (Token::Incomplete, bytes.len())
            } else {
                (Token::Odd, at)
            }
        }
        b'>' | b' ' | b'\t' | b'\r' | b'\n' => (Token::Odd, at),
        _ => match tag_end(&rest[1..]) {
            Some(i) => {
                let inside = &rest[1..1 + i];
                let name_len = inside
                    .iter()
                    .position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'/'))
                    .unwrap_or(inside.len());
                let empty = inside.last() == Some(&b'/');
                let start = Token::Start {
                    empty,
                    name_end: at + 1 + name_len,
                };
                (start, at + 1 + i + 1)
            }
            None => (Token::Incomplete, bytes.len()),
        },
    }
}

/// The local name of an element name (its prefix stripped).
pub(crate) fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every token of `xml`, as (kind, text).
    fn tokens(xml: &str) -> Vec<(Token, &str)> {
        let bytes = xml.as_bytes();
        let mut at = 0;
        let mut out = Vec::new();
        while at < bytes.len() {
            let (token, end) = next_token(bytes, at);
            let token = match token {
                Token::Start { empty, .. } => Token::Start { empty, name_end: 0 },
                other => other,
            };
            out.push((token, &xml[at..end]));
            if matches!(token, Token::Odd | Token::Incomplete) {
                break;
            }
            at = end;
        }
        out
    }

    const START: Token = Token::Start {
        empty: false,
        name_end: 0,
    };
    const EMPTY: Token = Token::Start {
        empty: true,
        name_end: 0,
    };

    #[test]
    fn a_tag_ends_at_the_first_gt_outside_quotes() {
        assert_eq!(
            tokens(r#"<a x="1>2" y='>'>t</a>"#),
            [
                (START, r#"<a x="1>2" y='>'>"#),
                (Token::Text, "t"),
                (Token::End, "</a>")
            ]
        );
        assert_eq!(tokens(r#"<a x="'>"/>"#), [(EMPTY, r#"<a x="'>"/>"#)]);
    }

    #[test]
    fn comments_cdata_and_instructions_hide_the_tags_inside_them() {
        assert_eq!(
            tokens("<!-- <a> --><![CDATA[</b>]]><?pi <c>?>"),
            [
                (Token::Other, "<!-- <a> -->"),
                (Token::Other, "<![CDATA[</b>]]>"),
                (Token::Other, "<?pi <c>?>"),
            ]
        );
        // As quick-xml reads them: `<!--->` does not end the comment it opens.
        assert_eq!(tokens("<!--->x-->"), [(Token::Other, "<!--->x-->")]);
    }

    #[test]
    fn unfinished_and_unknown_markup_is_reported_not_guessed() {
        assert_eq!(tokens("<a x=\">\""), [(Token::Incomplete, "<a x=\">\"")]);
        assert_eq!(tokens("<!-- x"), [(Token::Incomplete, "<!-- x")]);
        assert_eq!(tokens("<!-"), [(Token::Incomplete, "<!-")]);
        assert_eq!(tokens("<!DOCTYPE x>"), [(Token::Odd, "")]);
        assert_eq!(tokens("< a>"), [(Token::Odd, "")]);
    }

    #[test]
    fn a_start_tag_names_its_element() {
        let xml = b"<w:body xmlns:w=\"u\">";
        let (token, end) = next_token(xml, 0);
        assert_eq!(end, xml.len());
        let Token::Start { empty, name_end } = token else {
            panic!("not a start tag: {token:?}");
        };
        assert!(!empty);
        assert_eq!(local(&xml[1..name_end]), b"body");
    }
}
