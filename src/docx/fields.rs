//! Field instructions: their kind and where a `HYPERLINK` or `REF`/`PAGEREF \h` links to.
//! The field stack driven by `w:fldChar` begin / separate / end, and the rule that the
//! instruction never becomes text while the result does, live in the builder (`builder.rs`).

/// Where a field links to.
pub(crate) enum FieldTarget {
    Url(String, Option<String>),
    Anchor(String),
}

impl FieldTarget {
    /// The (url, anchor) pair of a link to this target.
    pub(crate) fn into_url_and_anchor(self) -> (Option<String>, Option<String>) {
        match self {
            FieldTarget::Url(url, anchor) => (Some(url), anchor),
            FieldTarget::Anchor(anchor) => (None, Some(anchor)),
        }
    }
}

/// Split a field instruction into words, honouring double quotes.
fn instruction_words(instruction: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut had_quotes = false;
    for c in instruction.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                had_quotes = true;
            }
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() || had_quotes {
                    words.push(std::mem::take(&mut current));
                }
                had_quotes = false;
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() || had_quotes {
        words.push(current);
    }
    words
}

/// The first word of an instruction, upper-cased (`HYPERLINK`, `PAGE`, `TOC`).
pub(crate) fn field_kind(instruction: &str) -> String {
    instruction_words(instruction)
        .into_iter()
        .next()
        .map(|w| w.to_uppercase())
        .unwrap_or_default()
}

/// The link target of a `HYPERLINK`, `REF` or `PAGEREF` instruction.
pub(crate) fn field_target(instruction: &str) -> Option<FieldTarget> {
    let words = instruction_words(instruction);
    let kind = words.first()?.to_uppercase();
    match kind.as_str() {
        "HYPERLINK" => {
            let mut url = None;
            let mut anchor = None;
            let mut i = 1;
            while i < words.len() {
                match words[i].as_str() {
                    "\\l" => {
                        anchor = words.get(i + 1).cloned();
                        i += 2;
                    }
                    s if s.starts_with('\\') => i += 2,
                    s => {
                        url.get_or_insert_with(|| s.to_string());
                        i += 1;
                    }
                }
            }
            match (url, anchor) {
                (Some(u), a) => Some(FieldTarget::Url(u, a)),
                (None, Some(a)) => Some(FieldTarget::Anchor(a)),
                (None, None) => None,
            }
        }
        "REF" | "PAGEREF" if words.iter().any(|w| w.eq_ignore_ascii_case("\\h")) => {
            words.get(1).map(|b| FieldTarget::Anchor(b.clone()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hyperlink_targets_with_quotes_and_switches() {
        match field_target(r#" HYPERLINK "https://example.com/a b" \o "tip" "#) {
            Some(FieldTarget::Url(u, None)) => assert_eq!(u, "https://example.com/a b"),
            _ => panic!("no url"),
        }
        match field_target(r#"HYPERLINK \l "_Toc123""#) {
            Some(FieldTarget::Anchor(a)) => assert_eq!(a, "_Toc123"),
            _ => panic!("no anchor"),
        }
        match field_target(r#"PAGEREF _Toc99 \h"#) {
            Some(FieldTarget::Anchor(a)) => assert_eq!(a, "_Toc99"),
            _ => panic!("no anchor"),
        }
        assert!(field_target("PAGE").is_none());
        assert_eq!(field_kind(" toc \\o \"1-3\" "), "TOC");
    }
}
