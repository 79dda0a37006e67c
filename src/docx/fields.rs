//! Fields as a stack driven by `w:fldChar` begin / separate / end, so nested fields work.
//! The instruction never becomes text; the result does. `HYPERLINK` results become links,
//! `REF`/`PAGEREF` with `\h` internal links to their bookmark.

use quick_xml::events::BytesStart;

use super::story::{ParaBuilder, StoryReader};
use crate::model::{Field, WarningCode};
use crate::xml::attr;

pub(crate) struct FieldFrame {
    pub instruction: String,
    pub in_result: bool,
    /// Index in `Document::fields` once the result starts.
    pub index: Option<usize>,
    /// Whether the field opened a link frame (not when already inside a link: links do not nest).
    pub link: bool,
}

/// Where a field links to.
pub(crate) enum FieldTarget {
    Url(String, Option<String>),
    Anchor(String),
}

impl FieldTarget {
    /// The (url, anchor) pair of a link to this target.
    fn into_url_and_anchor(self) -> (Option<String>, Option<String>) {
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

/// Fields nest at most this deep (a table-of-contents entry is three deep). A field's result
/// holds the text of the fields inside it, so n nested fields cost n² in memory and time:
/// 10,000 of them, 44 KB of XML, made 200 MB. Deeper fields are read as their text.
pub(crate) const MAX_FIELD_DEPTH: usize = 32;

impl StoryReader<'_, '_> {
    /// A field begins; `instruction` is the whole instruction of a `w:fldSimple`, and empty
    /// for a `w:fldChar` field, whose `w:instrText` follows.
    pub(super) fn field_begin(&mut self, instruction: String) {
        if self.field_stack.len() >= MAX_FIELD_DEPTH || self.fields_too_deep > 0 {
            if self.fields_too_deep == 0 {
                self.warn(
                    WarningCode::FieldsTooDeep,
                    format!(
                        "fields nested deeper than {MAX_FIELD_DEPTH}: the deeper ones are read as \
                     their text"
                    ),
                );
            }
            self.fields_too_deep += 1;
            return;
        }
        self.field_stack.push(FieldFrame {
            instruction,
            in_result: false,
            index: None,
            link: false,
        });
    }

    pub(super) fn field_char(&mut self, e: &BytesStart<'_>, para: &mut ParaBuilder) {
        match attr(e, b"fldCharType").as_deref() {
            Some("begin") => self.field_begin(String::new()),
            Some("separate") => self.field_separate(para),
            Some("end") => self.field_end(para),
            _ => {}
        }
    }

    /// The instruction is complete: record the field and, for links, open a link frame.
    pub(super) fn field_separate(&mut self, para: &mut ParaBuilder) {
        if self.fields_too_deep > 0 {
            return;
        }
        let Some(top) = self.field_stack.last() else {
            return;
        };
        if top.in_result {
            return;
        }
        let instruction = top.instruction.trim().to_string();
        let index = self.state.fields.len();
        let location = self.location(para.position());
        self.state.fields.push(Field {
            kind: field_kind(&instruction),
            instruction: instruction.clone(),
            result: String::new(),
            location,
        });
        if let Some(top) = self.field_stack.last_mut() {
            top.in_result = true;
            top.index = Some(index);
        }
        // A `PAGEREF \h` inside a TOC entry's hyperlink points where the entry already does.
        let in_link = para.in_link();
        if let Some(target) = field_target(&instruction).filter(|_| !in_link) {
            let (url, anchor) = target.into_url_and_anchor();
            self.open_link(para, url.map(Into::into), anchor, true);
            if let Some(top) = self.field_stack.last_mut() {
                top.link = true;
            }
        }
    }

    pub(super) fn field_end(&mut self, para: &mut ParaBuilder) {
        if self.fields_too_deep > 0 {
            self.fields_too_deep -= 1;
            return;
        }
        let Some(top) = self.field_stack.pop() else {
            return;
        };
        if top.in_result {
            if top.link {
                self.close_field_link(para);
            }
        } else {
            // A field without a result (begin, instruction, end): keep its instruction.
            let instruction = top.instruction.trim().to_string();
            let location = self.location(para.position());
            self.state.fields.push(Field {
                kind: field_kind(&instruction),
                instruction,
                result: String::new(),
                location,
            });
        }
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
