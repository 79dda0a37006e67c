//! `w:altChunk` imports: content Word shows in place, kept in another part. A nested .docx is
//! converted (one level deep), HTML, MHT (MIME HTML) and RTF are reduced to their text, plain
//! text is kept.

use std::borrow::Cow;

use super::parts::Parts;
use super::state::DocState;
use super::{mht, rtf};
use crate::model::{Document, ObjectKind, WarningCode};
use crate::package::PackageBytes;
use crate::{Options, Result};

/// Fill `text` of every `alt_chunk` object from its part; a part that cannot be read leaves
/// the object without text, with a warning. A nested .docx is read with `read_nested` (the
/// document reader itself, passed in so that this module does not import its caller).
pub(super) fn read_alt_chunks(
    parts: &mut Parts<'_, '_>,
    state: &mut DocState,
    read_nested: fn(PackageBytes, &Options) -> Result<Document>,
) {
    for i in 0..state.objects.len() {
        if state.objects[i].kind != ObjectKind::AltChunk {
            continue;
        }
        let Some(part) = state.objects[i].part.clone() else {
            continue;
        };
        let bytes = match parts.package.read_part(&part) {
            Ok(Some(b)) => b,
            Ok(None) => {
                state.warn(WarningCode::MissingPart, &part, "altChunk part is missing");
                continue;
            }
            Err(e) => {
                state.warn(
                    WarningCode::PartSkipped,
                    &part,
                    format!("altChunk part skipped: {e}"),
                );
                continue;
            }
        };
        let content_type = state.objects[i].content_type.clone().unwrap_or_default();
        let text = if bytes.starts_with(b"PK") {
            match nested_document_text(&bytes, parts.options, read_nested) {
                Ok(text) => Some(text),
                Err(e) => {
                    state.warn(
                        WarningCode::AltChunkNotConverted,
                        &part,
                        format!("nested document not converted: {e}"),
                    );
                    None
                }
            }
        } else if mht::is_mht(&content_type, &bytes) {
            match mht::mht_html(&bytes) {
                Some(html) => Some(html_text(&html)),
                None => {
                    state.warn(
                        WarningCode::AltChunkNotConverted,
                        &part,
                        "MHT altChunk holds no text/html part",
                    );
                    None
                }
            }
        } else if content_type.contains("rtf") || bytes.starts_with(b"{\\rtf") {
            Some(rtf::rtf_text(&bytes))
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

/// The text of a nested .docx, its paragraphs one per line: read (with `read_nested`) without
/// its own imports and embedded objects, so nesting stops one level deep and a package that
/// holds itself is no recursion bomb.
pub(super) fn nested_document_text(
    bytes: &[u8],
    options: &Options,
    read_nested: fn(PackageBytes, &Options) -> Result<Document>,
) -> Result<String> {
    let nested = Options {
        nested: true,
        ..options.clone()
    };
    let doc = read_nested(PackageBytes::whole(bytes), &nested)?;
    Ok(doc
        .paragraphs()
        .iter()
        .map(|(_, p)| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\n"))
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
        let decoded = decode_references(line);
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

/// Decode HTML character references: numeric ones, and the 253 named ones of HTML 4 and
/// XHTML (Latin-1, symbols and Greek, special characters), which are what Word and other
/// writers of HTML put in documents. An unknown or malformed reference is left as it is.
fn decode_references(s: &str) -> Cow<'_, str> {
    if !s.contains('&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|e| e + 1);
        if let Some(end) = end.filter(|&e| rest.as_bytes()[e] == b';') {
            if let Some(c) = reference(&rest[1..end]) {
                out.push(c);
                rest = &rest[end + 1..];
                continue;
            }
        }
        out.push('&');
        rest = &rest[1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The character a reference (`ouml`, `#246`, `#xF6`) stands for.
fn reference(name: &str) -> Option<char> {
    let Some(number) = name.strip_prefix('#') else {
        return named_reference(name);
    };
    let code = match number.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => number.parse().ok()?,
    };
    char::from_u32(code).filter(|&c| c != '\0')
}

/// HTML 4's named references (and XHTML's `apos`), with the characters HTML5 gives them.
/// A `match`, not a table: a table of string pointers is relocated when every process
/// starts, whether or not it ever reads HTML.
fn named_reference(name: &str) -> Option<char> {
    Some(match name {
        "quot" => '\u{22}',
        "amp" => '\u{26}',
        "apos" => '\u{27}',
        "lt" => '\u{3C}',
        "gt" => '\u{3E}',
        "nbsp" => '\u{A0}',
        "iexcl" => '\u{A1}',
        "cent" => '\u{A2}',
        "pound" => '\u{A3}',
        "curren" => '\u{A4}',
        "yen" => '\u{A5}',
        "brvbar" => '\u{A6}',
        "sect" => '\u{A7}',
        "uml" => '\u{A8}',
        "copy" => '\u{A9}',
        "ordf" => '\u{AA}',
        "laquo" => '\u{AB}',
        "not" => '\u{AC}',
        "shy" => '\u{AD}',
        "reg" => '\u{AE}',
        "macr" => '\u{AF}',
        "deg" => '\u{B0}',
        "plusmn" => '\u{B1}',
        "sup2" => '\u{B2}',
        "sup3" => '\u{B3}',
        "acute" => '\u{B4}',
        "micro" => '\u{B5}',
        "para" => '\u{B6}',
        "middot" => '\u{B7}',
        "cedil" => '\u{B8}',
        "sup1" => '\u{B9}',
        "ordm" => '\u{BA}',
        "raquo" => '\u{BB}',
        "frac14" => '\u{BC}',
        "frac12" => '\u{BD}',
        "frac34" => '\u{BE}',
        "iquest" => '\u{BF}',
        "Agrave" => '\u{C0}',
        "Aacute" => '\u{C1}',
        "Acirc" => '\u{C2}',
        "Atilde" => '\u{C3}',
        "Auml" => '\u{C4}',
        "Aring" => '\u{C5}',
        "AElig" => '\u{C6}',
        "Ccedil" => '\u{C7}',
        "Egrave" => '\u{C8}',
        "Eacute" => '\u{C9}',
        "Ecirc" => '\u{CA}',
        "Euml" => '\u{CB}',
        "Igrave" => '\u{CC}',
        "Iacute" => '\u{CD}',
        "Icirc" => '\u{CE}',
        "Iuml" => '\u{CF}',
        "ETH" => '\u{D0}',
        "Ntilde" => '\u{D1}',
        "Ograve" => '\u{D2}',
        "Oacute" => '\u{D3}',
        "Ocirc" => '\u{D4}',
        "Otilde" => '\u{D5}',
        "Ouml" => '\u{D6}',
        "times" => '\u{D7}',
        "Oslash" => '\u{D8}',
        "Ugrave" => '\u{D9}',
        "Uacute" => '\u{DA}',
        "Ucirc" => '\u{DB}',
        "Uuml" => '\u{DC}',
        "Yacute" => '\u{DD}',
        "THORN" => '\u{DE}',
        "szlig" => '\u{DF}',
        "agrave" => '\u{E0}',
        "aacute" => '\u{E1}',
        "acirc" => '\u{E2}',
        "atilde" => '\u{E3}',
        "auml" => '\u{E4}',
        "aring" => '\u{E5}',
        "aelig" => '\u{E6}',
        "ccedil" => '\u{E7}',
        "egrave" => '\u{E8}',
        "eacute" => '\u{E9}',
        "ecirc" => '\u{EA}',
        "euml" => '\u{EB}',
        "igrave" => '\u{EC}',
        "iacute" => '\u{ED}',
        "icirc" => '\u{EE}',
        "iuml" => '\u{EF}',
        "eth" => '\u{F0}',
        "ntilde" => '\u{F1}',
        "ograve" => '\u{F2}',
        "oacute" => '\u{F3}',
        "ocirc" => '\u{F4}',
        "otilde" => '\u{F5}',
        "ouml" => '\u{F6}',
        "divide" => '\u{F7}',
        "oslash" => '\u{F8}',
        "ugrave" => '\u{F9}',
        "uacute" => '\u{FA}',
        "ucirc" => '\u{FB}',
        "uuml" => '\u{FC}',
        "yacute" => '\u{FD}',
        "thorn" => '\u{FE}',
        "yuml" => '\u{FF}',
        "OElig" => '\u{152}',
        "oelig" => '\u{153}',
        "Scaron" => '\u{160}',
        "scaron" => '\u{161}',
        "Yuml" => '\u{178}',
        "fnof" => '\u{192}',
        "circ" => '\u{2C6}',
        "tilde" => '\u{2DC}',
        "Alpha" => '\u{391}',
        "Beta" => '\u{392}',
        "Gamma" => '\u{393}',
        "Delta" => '\u{394}',
        "Epsilon" => '\u{395}',
        "Zeta" => '\u{396}',
        "Eta" => '\u{397}',
        "Theta" => '\u{398}',
        "Iota" => '\u{399}',
        "Kappa" => '\u{39A}',
        "Lambda" => '\u{39B}',
        "Mu" => '\u{39C}',
        "Nu" => '\u{39D}',
        "Xi" => '\u{39E}',
        "Omicron" => '\u{39F}',
        "Pi" => '\u{3A0}',
        "Rho" => '\u{3A1}',
        "Sigma" => '\u{3A3}',
        "Tau" => '\u{3A4}',
        "Upsilon" => '\u{3A5}',
        "Phi" => '\u{3A6}',
        "Chi" => '\u{3A7}',
        "Psi" => '\u{3A8}',
        "Omega" => '\u{3A9}',
        "alpha" => '\u{3B1}',
        "beta" => '\u{3B2}',
        "gamma" => '\u{3B3}',
        "delta" => '\u{3B4}',
        "epsilon" => '\u{3B5}',
        "zeta" => '\u{3B6}',
        "eta" => '\u{3B7}',
        "theta" => '\u{3B8}',
        "iota" => '\u{3B9}',
        "kappa" => '\u{3BA}',
        "lambda" => '\u{3BB}',
        "mu" => '\u{3BC}',
        "nu" => '\u{3BD}',
        "xi" => '\u{3BE}',
        "omicron" => '\u{3BF}',
        "pi" => '\u{3C0}',
        "rho" => '\u{3C1}',
        "sigmaf" => '\u{3C2}',
        "sigma" => '\u{3C3}',
        "tau" => '\u{3C4}',
        "upsilon" => '\u{3C5}',
        "phi" => '\u{3C6}',
        "chi" => '\u{3C7}',
        "psi" => '\u{3C8}',
        "omega" => '\u{3C9}',
        "thetasym" => '\u{3D1}',
        "upsih" => '\u{3D2}',
        "piv" => '\u{3D6}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "lrm" => '\u{200E}',
        "rlm" => '\u{200F}',
        "ndash" => '\u{2013}',
        "mdash" => '\u{2014}',
        "lsquo" => '\u{2018}',
        "rsquo" => '\u{2019}',
        "sbquo" => '\u{201A}',
        "ldquo" => '\u{201C}',
        "rdquo" => '\u{201D}',
        "bdquo" => '\u{201E}',
        "dagger" => '\u{2020}',
        "Dagger" => '\u{2021}',
        "bull" => '\u{2022}',
        "hellip" => '\u{2026}',
        "permil" => '\u{2030}',
        "prime" => '\u{2032}',
        "Prime" => '\u{2033}',
        "lsaquo" => '\u{2039}',
        "rsaquo" => '\u{203A}',
        "oline" => '\u{203E}',
        "frasl" => '\u{2044}',
        "euro" => '\u{20AC}',
        "image" => '\u{2111}',
        "weierp" => '\u{2118}',
        "real" => '\u{211C}',
        "trade" => '\u{2122}',
        "alefsym" => '\u{2135}',
        "larr" => '\u{2190}',
        "uarr" => '\u{2191}',
        "rarr" => '\u{2192}',
        "darr" => '\u{2193}',
        "harr" => '\u{2194}',
        "crarr" => '\u{21B5}',
        "lArr" => '\u{21D0}',
        "uArr" => '\u{21D1}',
        "rArr" => '\u{21D2}',
        "dArr" => '\u{21D3}',
        "hArr" => '\u{21D4}',
        "forall" => '\u{2200}',
        "part" => '\u{2202}',
        "exist" => '\u{2203}',
        "empty" => '\u{2205}',
        "nabla" => '\u{2207}',
        "isin" => '\u{2208}',
        "notin" => '\u{2209}',
        "ni" => '\u{220B}',
        "prod" => '\u{220F}',
        "sum" => '\u{2211}',
        "minus" => '\u{2212}',
        "lowast" => '\u{2217}',
        "radic" => '\u{221A}',
        "prop" => '\u{221D}',
        "infin" => '\u{221E}',
        "ang" => '\u{2220}',
        "and" => '\u{2227}',
        "or" => '\u{2228}',
        "cap" => '\u{2229}',
        "cup" => '\u{222A}',
        "int" => '\u{222B}',
        "there4" => '\u{2234}',
        "sim" => '\u{223C}',
        "cong" => '\u{2245}',
        "asymp" => '\u{2248}',
        "ne" => '\u{2260}',
        "equiv" => '\u{2261}',
        "le" => '\u{2264}',
        "ge" => '\u{2265}',
        "sub" => '\u{2282}',
        "sup" => '\u{2283}',
        "nsub" => '\u{2284}',
        "sube" => '\u{2286}',
        "supe" => '\u{2287}',
        "oplus" => '\u{2295}',
        "otimes" => '\u{2297}',
        "perp" => '\u{22A5}',
        "sdot" => '\u{22C5}',
        "lceil" => '\u{2308}',
        "rceil" => '\u{2309}',
        "lfloor" => '\u{230A}',
        "rfloor" => '\u{230B}',
        "loz" => '\u{25CA}',
        "spades" => '\u{2660}',
        "clubs" => '\u{2663}',
        "hearts" => '\u{2665}',
        "diams" => '\u{2666}',
        "lang" => '\u{27E8}',
        "rang" => '\u{27E9}',
        _ => return None,
    })
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
    fn each_named_reference_is_the_character_html5_gives_it() {
        // html-escape (a test dependency) carries the whole HTML5 table.
        let names = [
            "quot", "amp", "apos", "lt", "gt", "nbsp", "iexcl", "cent", "pound", "curren", "yen",
            "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not", "shy", "reg", "macr", "deg",
            "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1", "ordm",
            "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde",
            "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave",
            "Iacute", "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde",
            "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN",
            "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig", "ccedil",
            "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth",
            "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
            "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml", "OElig", "oelig", "Scaron",
            "scaron", "Yuml", "fnof", "circ", "tilde", "Alpha", "Beta", "Gamma", "Delta",
            "Epsilon", "Zeta", "Eta", "Theta", "Iota", "Kappa", "Lambda", "Mu", "Nu", "Xi",
            "Omicron", "Pi", "Rho", "Sigma", "Tau", "Upsilon", "Phi", "Chi", "Psi", "Omega",
            "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
            "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigmaf", "sigma", "tau",
            "upsilon", "phi", "chi", "psi", "omega", "thetasym", "upsih", "piv", "ensp", "emsp",
            "thinsp", "zwnj", "zwj", "lrm", "rlm", "ndash", "mdash", "lsquo", "rsquo", "sbquo",
            "ldquo", "rdquo", "bdquo", "dagger", "Dagger", "bull", "hellip", "permil", "prime",
            "Prime", "lsaquo", "rsaquo", "oline", "frasl", "euro", "image", "weierp", "real",
            "trade", "alefsym", "larr", "uarr", "rarr", "darr", "harr", "crarr", "lArr", "uArr",
            "rArr", "dArr", "hArr", "forall", "part", "exist", "empty", "nabla", "isin", "notin",
            "ni", "prod", "sum", "minus", "lowast", "radic", "prop", "infin", "ang", "and", "or",
            "cap", "cup", "int", "there4", "sim", "cong", "asymp", "ne", "equiv", "le", "ge",
            "sub", "sup", "nsub", "sube", "supe", "oplus", "otimes", "perp", "sdot", "lceil",
            "rceil", "lfloor", "rfloor", "loz", "spades", "clubs", "hearts", "diams", "lang",
            "rang",
        ];
        assert_eq!(names.len(), 253);
        for name in names {
            let reference = format!("&{name};");
            assert_eq!(
                decode_references(&reference),
                html_escape::decode_html_entities(&reference),
                "{reference}"
            );
            assert_ne!(decode_references(&reference), reference, "{reference}");
        }
    }

    #[test]
    fn malformed_and_unknown_references_are_left_as_they_are() {
        for s in [
            "&",
            "a & b",
            "&amp",
            "&#;",
            "&#x;",
            "&#0;",
            "&#xD800;",
            "&#99999999999;",
            "&nosuch;",
            "&;",
        ] {
            assert_eq!(decode_references(s), s);
        }
        assert_eq!(decode_references("&amp;&#38;&#x26;&lt;tag&gt;"), "&&&<tag>");
    }

    /// Random strings over the characters that matter to the HTML and RTF readers: neither
    /// panics, and each stays linear (the whole loop runs in milliseconds).
    #[test]
    fn random_markup_never_panics() {
        let mut state = 0x9E37_79B9_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state
        };
        let alphabet: Vec<char> = "<>/!-&;#xX0159aflpbrtuc{}\\' \n*é中".chars().collect();
        for _ in 0..5_000 {
            let len = (next() % 64) as usize;
            let s: String = (0..len)
                .map(|_| alphabet[next() as usize % alphabet.len()])
                .collect();
            let _ = html_text(&s);
            let _ = super::rtf::rtf_text(s.as_bytes());
        }
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
