//! The text of an RTF document, for `w:altChunk` imports of RTF (mail-merge and CRM tools
//! write them). A one-pass reader of RTF 1.x's syntax: groups, control words and symbols,
//! `\'hh` bytes in the document's code page (Windows-1252; other code pages are read as it)
//! and `\uN` characters with their `\ucN` fallbacks skipped. Destinations that are not body
//! text (font and colour tables, style sheets, pictures, `\*` groups such as field
//! instructions) are skipped; paragraphs, line breaks and rows end a line, tabs and cells are
//! tabs.

/// Destinations whose content is not document text.
const SKIPPED: &[&str] = &[
    "colortbl",
    "datastore",
    "filetbl",
    "fonttbl",
    "footer",
    "footerf",
    "footerl",
    "footerr",
    "footnote",
    "header",
    "headerf",
    "headerl",
    "headerr",
    "info",
    "latentstyles",
    "listoverridetable",
    "listtable",
    "object",
    "pict",
    "pntext",
    "pntxta",
    "pntxtb",
    "revtbl",
    "rsidtbl",
    "stylesheet",
    "themedata",
    "xmlnstbl",
];

#[derive(Clone, Copy)]
struct Group {
    skip: bool,
    /// `\ucN`: how many fallback characters follow a `\uN`.
    fallback: usize,
}

/// The text of `rtf`, one line per paragraph, lines trimmed of trailing blanks and empty
/// lines at the ends dropped.
pub(crate) fn rtf_text(rtf: &[u8]) -> String {
    let mut out = String::new();
    let mut stack: Vec<Group> = Vec::new();
    let mut group = Group {
        skip: false,
        fallback: 1,
    };
    // At the start of a group: its first control word may name a destination.
    let mut group_start = false;
    // Fallback characters still to skip after a `\uN`.
    let mut skip_chars = 0usize;
    // A `\uN` high surrogate waiting for its low half (characters beyond the BMP).
    let mut high: Option<u32> = None;
    let mut i = 0;
    while i < rtf.len() {
        let b = rtf[i];
        match b {
            b'{' => {
                stack.push(group);
                group_start = true;
                i += 1;
                continue;
            }
            b'}' => {
                group = stack.pop().unwrap_or(group);
                group_start = false;
                skip_chars = 0;
                i += 1;
                continue;
            }
            b'\r' | b'\n' => {
                i += 1;
                continue;
            }
            b'\\' => {
                let (token, next) = control(rtf, i);
                i = next;
                let at_start = std::mem::replace(&mut group_start, false);
                match token {
                    Control::Word(word, param) => {
                        if at_start && SKIPPED.contains(&word) {
                            group.skip = true;
                        }
                        if word == "bin" {
                            // Raw binary data follows: step over it whole.
                            i = i.saturating_add(param.unwrap_or(0).max(0) as usize);
                            continue;
                        }
                        if group.skip {
                            continue;
                        }
                        match word {
                            "uc" => group.fallback = param.unwrap_or(1).clamp(0, 16) as usize,
                            "u" => {
                                // A signed 16-bit UTF-16 code unit (negative above 32,767).
                                let unit = param.unwrap_or(0).rem_euclid(65_536) as u32;
                                match (high.take(), unit) {
                                    (None, 0xD800..=0xDBFF) => high = Some(unit),
                                    (Some(h), 0xDC00..=0xDFFF) => {
                                        let c = 0x10000 + ((h - 0xD800) << 10) + (unit - 0xDC00);
                                        out.push(char::from_u32(c).unwrap_or('\u{FFFD}'));
                                    }
                                    (h, _) => {
                                        if h.is_some() {
                                            out.push('\u{FFFD}');
                                        }
                                        out.push(char::from_u32(unit).unwrap_or('\u{FFFD}'));
                                    }
                                }
                                skip_chars = group.fallback;
                            }
                            "par" | "line" | "row" | "sect" | "page" => out.push('\n'),
                            "tab" | "cell" => out.push('\t'),
                            "emdash" => out.push('\u{2014}'),
                            "endash" => out.push('\u{2013}'),
                            "lquote" => out.push('\u{2018}'),
                            "rquote" => out.push('\u{2019}'),
                            "ldblquote" => out.push('\u{201C}'),
                            "rdblquote" => out.push('\u{201D}'),
                            "bullet" => out.push('\u{2022}'),
                            _ => {}
                        }
                    }
                    Control::Symbol(c) => {
                        if c == b'*' && at_start {
                            group.skip = true;
                        }
                        if group.skip {
                            continue;
                        }
                        let text = match c {
                            b'\\' | b'{' | b'}' => Some(c as char),
                            b'~' => Some('\u{A0}'),
                            b'_' => Some('\u{2011}'),
                            _ => None,
                        };
                        if let Some(ch) = text {
                            emit(&mut out, ch, &mut skip_chars);
                        }
                    }
                    Control::Byte(byte) => {
                        if !group.skip {
                            emit(&mut out, windows_1252(byte), &mut skip_chars);
                        }
                    }
                }
                continue;
            }
            _ => {}
        }
        group_start = false;
        if !group.skip {
            // Plain text: ASCII in any conforming file; other bytes read as Windows-1252.
            emit(&mut out, windows_1252(b), &mut skip_chars);
        }
        i += 1;
    }
    let lines: Vec<&str> = out.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn emit(out: &mut String, c: char, skip_chars: &mut usize) {
    if *skip_chars > 0 {
        *skip_chars -= 1;
    } else {
        out.push(c);
    }
}

enum Control<'a> {
    Word(&'a str, Option<i64>),
    Symbol(u8),
    Byte(u8),
}

/// The control word or symbol starting at `rtf[at]` (a backslash), and where what follows it
/// starts.
fn control(rtf: &[u8], at: usize) -> (Control<'_>, usize) {
    let mut i = at + 1;
    let Some(&first) = rtf.get(i) else {
        return (Control::Symbol(b'\\'), i);
    };
    if !first.is_ascii_alphabetic() {
        if first == b'\'' {
            let hex = rtf
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                return (Control::Byte(byte), i + 3);
            }
        }
        return (Control::Symbol(first), i + 1);
    }
    let start = i;
    // Control words are at most 32 letters; longer runs are read as one word all the same.
    while i < rtf.len() && rtf[i].is_ascii_alphabetic() {
        i += 1;
    }
    let word = std::str::from_utf8(&rtf[start..i]).unwrap_or("");
    let num_start = i;
    if rtf.get(i) == Some(&b'-') {
        i += 1;
    }
    while i < rtf.len() && rtf[i].is_ascii_digit() && i - num_start < 10 {
        i += 1;
    }
    let param = std::str::from_utf8(&rtf[num_start..i])
        .ok()
        .and_then(|n| n.parse().ok());
    if param.is_none() {
        i = num_start;
    }
    // One space ends the control word and is part of it.
    if rtf.get(i) == Some(&b' ') {
        i += 1;
    }
    (Control::Word(word, param), i)
}

/// A Windows-1252 byte as a character: Latin-1, with 0x80-0x9F as Windows has them.
pub(super) fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_text_with_paragraphs_escapes_and_unicode() {
        let rtf = br#"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}{\colortbl;\red0\green0\blue0;}
{\*\generator Riched20 10.0;}{\info{\title A title}}\uc1\pard\f0\fs20 Imported \b RTF\b0  caf\'e9 \u8364? euro\par
Second\tab line \{braces\} and a back\\slash\line
{\field{\*\fldinst HYPERLINK "https://example.com"}{\fldrslt link text}}\~end\par
\u20013\'3f\u25991\'3f \uc0\u8230 done\par}"#;
        assert_eq!(
            rtf_text(rtf),
            "Imported RTF café € euro\nSecond\tline {braces} and a back\\slash\nlink text\u{a0}end\n中文 …done"
        );
    }

    #[test]
    fn a_surrogate_pair_is_one_character() {
        // U+1F4F0 (newspaper) as Word writes it: two signed code units, each with a fallback.
        assert_eq!(
            rtf_text(br"{\rtf1 news \u-10179?\u-8976? today\par}"),
            "news \u{1F4F0} today"
        );
        // A lone half is dropped.
        assert_eq!(rtf_text(br"{\rtf1 \u-10179?x}"), "x");
    }

    #[test]
    fn pictures_and_binary_data_are_skipped() {
        let mut rtf =
            b"{\\rtf1 before {\\pict\\pngblip 89504e47}{\\*\\shppict x}{\\object\\bin4 ".to_vec();
        rtf.extend_from_slice(b"{}\\}");
        rtf.extend_from_slice(b"} after\\par}");
        assert_eq!(rtf_text(&rtf), "before  after");
    }

    #[test]
    fn damaged_rtf_ends_without_a_panic() {
        for rtf in [
            &b"{\\rtf1 text \\"[..],
            b"}}} text {{{",
            b"\\'4",
            b"\\u",
            b"\\bin99999999999 x",
        ] {
            let _ = rtf_text(rtf);
        }
        assert_eq!(rtf_text(b"}}} text {{{"), " text");
    }
}
