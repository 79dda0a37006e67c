//! Percent-decoding (RFC 3986 `%XX`), shared by relationship targets (part names such as
//! `media/image%201.png`) and by the Markdown writer, which reads a link's scheme as a browser
//! would. Bytes that do not decode to UTF-8 become U+FFFD; a `%` not followed by two hex
//! digits stays as it is.

pub(crate) fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((hi * 16 + lo) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes_and_keeps_a_bare_percent() {
        assert_eq!(percent_decode("image%201.png"), "image 1.png");
        assert_eq!(percent_decode("%6Aavascript%3A"), "javascript:");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%ff"), "\u{fffd}");
    }
}
