//! Quoting of what the program prints on stderr and between documents on stdout: file names,
//! part names, error messages with XML snippets. A name chosen by whoever sent the file must
//! not forge a second line, a `==> PATH <==` delimiter, or a terminal escape sequence.

use std::borrow::Cow;
use std::ffi::OsStr;
use std::fmt::Write;

/// `s` with every control character written as an escape, as `ls` and ripgrep show them:
/// `\n`, `\r`, `\t`, `\x1b` (C0 and DEL), `\u{9b}` (C1); and the invisible characters that
/// reorder or break a line (U+2028, U+2029, bidirectional controls) as `\u{...}`. One printed
/// message is then always one line, and reads as it will be displayed. Borrowed when nothing
/// needs quoting.
pub fn quote(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_quoting) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x80 && needs_quoting(c) => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if needs_quoting(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

fn needs_quoting(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The bytes of a path that is not valid UTF-8, in lowercase hex (`bad-\xff.docx` ->
/// `6261642dff2e646f6378`), for the report's `source_hex`: the name as shown is lossy
/// (`bad-�.docx`), this is not. `None` for a path that is valid UTF-8.
pub fn hex_if_not_utf8(path: &OsStr) -> Option<String> {
    if path.to_str().is_some() {
        return None;
    }
    let bytes = path.as_encoded_bytes();
    let mut hex = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(hex, "{b:02x}");
    }
    Some(hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_turns_control_characters_into_visible_escapes() {
        assert_eq!(
            quote("fail\ndocxtract: forged.docx: converted fine"),
            "fail\\ndocxtract: forged.docx: converted fine"
        );
        assert_eq!(quote("a\u{1b}[2Jb\u{7}"), "a\\x1b[2Jb\\x07");
        assert_eq!(quote("\u{1b}]0;title\u{7}"), "\\x1b]0;title\\x07");
        assert_eq!(quote("x\u{9b}31my\u{7f}"), "x\\u{9b}31my\\x7f");
        assert_eq!(quote("a\r\tb"), "a\\r\\tb");
        assert_eq!(quote("evil\u{202e}fdp.docx"), "evil\\u{202e}fdp.docx");
        assert_eq!(quote("l1\u{2028}l2"), "l1\\u{2028}l2");
    }

    #[test]
    fn quote_leaves_ordinary_names_borrowed() {
        for name in [
            "report.docx",
            "C:\\Users\\me\\a b.docx",
            "中文 é.docx",
            "bad-\u{fffd}.docx",
        ] {
            assert!(
                matches!(quote(name), Cow::Borrowed(n) if n == name),
                "{name}"
            );
        }
    }

    #[test]
    fn quoted_text_is_always_one_line() {
        let s: String = (0u32..0x200).filter_map(char::from_u32).collect();
        let q = quote(&s);
        assert!(!q.chars().any(char::is_control), "{q:?}");
    }

    #[cfg(unix)]
    #[test]
    fn hex_is_given_only_for_names_that_are_not_utf8() {
        use std::os::unix::ffi::OsStrExt;
        let bad = OsStr::from_bytes(b"bad-\xff.docx");
        assert_eq!(
            hex_if_not_utf8(bad).as_deref(),
            Some("6261642dff2e646f6378")
        );
        assert_eq!(hex_if_not_utf8(OsStr::new("good.docx")), None);
    }
}
