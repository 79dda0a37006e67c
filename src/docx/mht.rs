//! MHT (MIME HTML) imports: Word's `altChunk` of type `message/rfc822` is a MIME message
//! whose `text/html` part holds the content. This finds that part and undoes its transfer
//! encoding (quoted-printable or base64) and its charset, for the HTML reader.

use super::rtf::windows_1252;

/// How deep multiparts may nest before the rest is ignored.
const MAX_NESTING: usize = 8;

/// Whether `content_type` or the first bytes say the part is a MIME message.
pub(crate) fn is_mht(content_type: &str, bytes: &[u8]) -> bool {
    let content_type = content_type.to_ascii_lowercase();
    if content_type.contains("rfc822")
        || content_type.contains("mimearchive")
        || content_type.starts_with("multipart/")
    {
        return true;
    }
    let start = bytes.trim_ascii_start();
    start.len() >= 13 && start[..13].eq_ignore_ascii_case(b"mime-version:")
}

/// The HTML of a MIME message: its first `text/html` part (the body itself when the message is
/// a single part), decoded. `None` when there is no HTML part.
pub(crate) fn mht_html(message: &[u8]) -> Option<String> {
    html_part(message, 0)
}

fn html_part(entity: &[u8], depth: usize) -> Option<String> {
    let (headers, body) = split_entity(entity);
    let content_type = header(&headers, "content-type").unwrap_or("text/plain");
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media_type.starts_with("multipart/") {
        if depth >= MAX_NESTING {
            return None;
        }
        let boundary = parameter(content_type, "boundary")?;
        return parts(body, &boundary).find_map(|part| html_part(part, depth + 1));
    }
    if media_type != "text/html" {
        return None;
    }
    let bytes = match header(&headers, "content-transfer-encoding")
        .map(|e| e.trim().to_ascii_lowercase())
        .as_deref()
    {
        Some("base64") => base64(body),
        Some("quoted-printable") => quoted_printable(body),
        _ => body.to_vec(),
    };
    let charset = parameter(content_type, "charset").map(|c| c.to_ascii_lowercase());
    Some(match charset.as_deref() {
        Some("windows-1252" | "iso-8859-1" | "latin1" | "cp1252" | "us-ascii") => {
            bytes.iter().copied().map(windows_1252).collect()
        }
        _ => String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// Headers (unfolded, names lowercased) and body of a MIME entity.
fn split_entity(entity: &[u8]) -> (Vec<(String, String)>, &[u8]) {
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut rest = entity;
    loop {
        let (line, next) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &rest[rest.len()..]),
        };
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return (headers, next);
        }
        let text = String::from_utf8_lossy(line);
        if line[0] == b' ' || line[0] == b'\t' {
            // A folded line continues the header before it.
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(text.trim());
            }
        } else if let Some((name, value)) = text.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
        if next.is_empty() {
            return (headers, next);
        }
        rest = next;
    }
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// A parameter of a header value (`boundary="----=_NextPart"`, `charset=utf-8`), unquoted.
fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|param| {
        let (key, v) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The body parts of a multipart body: what lies between `--boundary` lines, up to the
/// closing `--boundary--`.
fn parts<'b>(body: &'b [u8], boundary: &str) -> impl Iterator<Item = &'b [u8]> {
    let delimiter = format!("--{boundary}").into_bytes();
    let mut starts = Vec::new();
    let mut closed = None;
    let mut at = 0;
    while at < body.len() {
        let end = body[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |i| at + i + 1);
        let line = body[at..end].trim_ascii_end();
        if let Some(after) = line.strip_prefix(delimiter.as_slice()) {
            if after.starts_with(b"--") {
                closed = Some(at);
                break;
            }
            starts.push((at, end));
        }
        at = end;
    }
    let mut spans = Vec::with_capacity(starts.len());
    for (i, &(_, content_start)) in starts.iter().enumerate() {
        let content_end = starts
            .get(i + 1)
            .map(|&(next, _)| next)
            .or(closed)
            .unwrap_or(body.len());
        // The line break before a delimiter belongs to the delimiter (RFC 2046).
        let mut part = &body[content_start..content_end.max(content_start)];
        part = part.strip_suffix(b"\n").unwrap_or(part);
        part = part.strip_suffix(b"\r").unwrap_or(part);
        spans.push(part);
    }
    spans.into_iter()
}

fn base64(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    for &b in data {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

fn quoted_printable(data: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] != b'=' {
            out.push(data[i]);
            i += 1;
            continue;
        }
        match (data.get(i + 1).copied(), data.get(i + 2).copied()) {
            // A soft line break: the line goes on.
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push(hex(h).unwrap_or(0) << 4 | hex(l).unwrap_or(0));
                i += 3;
            }
            _ => {
                out.push(b'=');
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORD_MHT: &str = "MIME-Version: 1.0\r\n\
Content-Type: multipart/related;\r\n\
\tboundary=\"----=_NextPart_01D9\"\r\n\
\r\n\
This document is a Single File Web Page.\r\n\
\r\n\
------=_NextPart_01D9\r\n\
Content-Location: file:///C:/x.htm\r\n\
Content-Transfer-Encoding: quoted-printable\r\n\
Content-Type: text/html; charset=\"windows-1252\"\r\n\
\r\n\
<html><body><p class=3DMsoNormal>Caf=E9 r=\r\n\
=E9sum=E9</p><p>Second</p></body></html>\r\n\
\r\n\
------=_NextPart_01D9\r\n\
Content-Type: image/png\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
iVBORw0KGgo=\r\n\
\r\n\
------=_NextPart_01D9--\r\n";

    fn html_of(message: &str) -> Option<String> {
        mht_html(message.as_bytes())
    }

    #[test]
    fn a_word_mht_gives_its_html_part_decoded_from_quoted_printable_and_its_charset() {
        assert!(is_mht("message/rfc822", b""));
        assert!(is_mht("", WORD_MHT.as_bytes()));
        assert!(!is_mht("text/html", b"<html>"));
        let html = html_of(WORD_MHT).unwrap();
        assert_eq!(
            html,
            "<html><body><p class=MsoNormal>Café résumé</p><p>Second</p></body></html>\r\n"
        );
    }

    #[test]
    fn a_base64_html_part_in_utf8_is_decoded() {
        // "<p>中文 ok</p>" in UTF-8, base64 over two lines.
        let message = "Content-Type: multipart/related; boundary=b\n\n--b\n\
Content-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n\
PHA+5Lit5paHIG\n9rPC9wPg==\n--b--\n";
        assert_eq!(html_of(message).as_deref(), Some("<p>中文 ok</p>"));
    }

    #[test]
    fn a_message_without_an_html_part_has_none() {
        let message = "Content-Type: multipart/related; boundary=b\n\n--b\n\
Content-Type: text/plain\n\nplain\n--b--\n";
        assert_eq!(mht_html(message.as_bytes()), None);
        assert_eq!(mht_html(b""), None);
        assert_eq!(
            mht_html(b"Content-Type: multipart/mixed\n\nno boundary"),
            None
        );
    }

    #[test]
    fn random_mime_pieces_never_panic() {
        let pieces = [
            "Content-Type: multipart/related; boundary=b\n",
            "Content-Type: text/html; charset=windows-1252\n",
            "Content-Type: text/html\n",
            "Content-Transfer-Encoding: base64\n",
            "Content-Transfer-Encoding: quoted-printable\n",
            "--b\n",
            "--b--\n",
            "--b",
            "\n",
            "\r\n",
            " folded\n",
            "=",
            "=\r\n",
            "=4",
            "=E9",
            "PHA+",
            "<p>x</p>",
            "é中",
        ];
        let mut state = 0x9E37_79B9_u32;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as usize
        };
        for _ in 0..5_000 {
            let message: String = (0..next() % 24)
                .map(|_| pieces[next() % pieces.len()])
                .collect();
            if let Some(html) = mht_html(message.as_bytes()) {
                assert!(html.len() <= 3 * message.len(), "{message:?}");
            }
        }
    }

    #[test]
    fn deeply_nested_multiparts_end_without_a_stack_overflow() {
        let mut message = String::new();
        for _ in 0..10_000 {
            message.push_str("Content-Type: multipart/related; boundary=b\n\n--b\n");
        }
        assert_eq!(mht_html(message.as_bytes()), None);
    }
}
