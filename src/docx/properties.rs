//! Document properties: `docProps/core.xml`, `docProps/app.xml`, `docProps/custom.xml`, and
//! the editing restrictions of `word/settings.xml`.

use std::borrow::Cow;

use quick_xml::events::Event;

use crate::model::{CustomProperty, Metadata, Protection, ProtectionKind};
use crate::xml::{attr, local_name, on_off, read_text, XmlReader};
use crate::Result;

/// Fill `metadata` from core properties (Dublin Core and OPC `cp:` elements).
pub(crate) fn read_core(reader: &mut XmlReader<'_>, metadata: &mut Metadata) -> Result<()> {
    while let Some(event) = reader.next_event()? {
        if let Event::Start(e) = event {
            if reader.depth() == 1 {
                continue;
            }
            let slot = match local_name(&e) {
                b"title" => &mut metadata.title,
                b"subject" => &mut metadata.subject,
                b"creator" => &mut metadata.creator,
                b"keywords" => &mut metadata.keywords,
                b"description" => &mut metadata.description,
                b"lastModifiedBy" => &mut metadata.last_modified_by,
                b"revision" => &mut metadata.revision,
                b"created" => &mut metadata.created,
                b"modified" => &mut metadata.modified,
                b"category" => &mut metadata.category,
                b"contentStatus" => &mut metadata.content_status,
                b"language" => &mut metadata.language,
                _ => {
                    reader.skip(&e)?;
                    continue;
                }
            };
            *slot = property_text(reader)?;
        }
    }
    Ok(())
}

/// A property element's text, trimmed and with `_xHHHH_` escapes decoded; `None` when empty.
fn property_text(reader: &mut XmlReader<'_>) -> Result<Option<String>> {
    let text = read_text(reader)?;
    let text = decode_escapes(text.trim());
    Ok(Some(text.trim().to_string()).filter(|t| !t.is_empty()))
}

/// Fill `metadata` from extended properties: application (with version), template, counts,
/// company, manager, security and hyperlink base.
pub(crate) fn read_app(reader: &mut XmlReader<'_>, metadata: &mut Metadata) -> Result<()> {
    let mut application = None;
    let mut version = None;
    while let Some(event) = reader.next_event()? {
        if let Event::Start(e) = event {
            if reader.depth() != 2 {
                continue;
            }
            let (text_slot, number_slot) = match local_name(&e) {
                b"Application" => (Some(&mut application), None),
                b"AppVersion" => (Some(&mut version), None),
                b"Template" => (Some(&mut metadata.template), None),
                b"Company" => (Some(&mut metadata.company), None),
                b"Manager" => (Some(&mut metadata.manager), None),
                b"HyperlinkBase" => (Some(&mut metadata.hyperlink_base), None),
                b"Pages" => (None, Some(&mut metadata.pages)),
                b"Words" => (None, Some(&mut metadata.words)),
                b"TotalTime" => (None, Some(&mut metadata.total_time)),
                b"Lines" => (None, Some(&mut metadata.lines)),
                b"Paragraphs" => (None, Some(&mut metadata.paragraphs)),
                b"Characters" => (None, Some(&mut metadata.characters)),
                b"CharactersWithSpaces" => (None, Some(&mut metadata.characters_with_spaces)),
                b"DocSecurity" => (None, Some(&mut metadata.doc_security)),
                _ => {
                    reader.skip(&e)?;
                    continue;
                }
            };
            let text = property_text(reader)?;
            if let Some(slot) = text_slot {
                *slot = text;
            } else if let Some(slot) = number_slot {
                *slot = text.and_then(|t| t.parse().ok());
            }
        }
    }
    metadata.application = match (application, version) {
        (Some(a), Some(v)) if !a.contains(&v) => Some(format!("{a} {v}")),
        (a, _) => a,
    };
    Ok(())
}

/// Fill `metadata.custom` from custom properties: each `property` names one value element
/// (`vt:lpwstr`, `vt:i4`, `vt:bool`, `vt:filetime`, a `vt:vector` of them...).
pub(crate) fn read_custom(reader: &mut XmlReader<'_>, metadata: &mut Metadata) -> Result<()> {
    while let Some(event) = reader.next_event()? {
        let Event::Start(e) = event else { continue };
        if reader.depth() != 2 || local_name(&e) != b"property" {
            continue;
        }
        let name = attr(&e, b"name").map(|n| decode_escapes(&n).into_owned());
        let level = reader.depth();
        let mut kind = String::new();
        let mut values = Vec::new();
        while let Some(event) = reader.next_event()? {
            match event {
                Event::Start(v) => {
                    let vt = local_name(&v);
                    if kind.is_empty() {
                        kind = String::from_utf8_lossy(vt).into_owned();
                    }
                    // A container (`vt:vector`) holds its items as elements of their own.
                    if !matches!(vt, b"vector" | b"array" | b"variant") {
                        values.extend(property_text(reader)?);
                    }
                }
                Event::Empty(v) if kind.is_empty() => {
                    kind = String::from_utf8_lossy(local_name(&v)).into_owned();
                }
                Event::End(_) if reader.depth() < level => break,
                _ => {}
            }
        }
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            metadata.custom.push(CustomProperty {
                name,
                kind,
                value: values.join("; "),
            });
        }
    }
    Ok(())
}

/// What docxtract reads of `word/settings.xml`.
#[derive(Default, Clone, Copy)]
pub(crate) struct Settings {
    /// `w:documentProtection`, if any.
    pub protection: Option<Protection>,
    /// `w:evenAndOddHeaders`: even pages show the sections' `even` headers and footers.
    pub even_and_odd_headers: bool,
}

/// The settings part's document protection and odd/even header switch, in one pass.
pub(crate) fn read_settings(reader: &mut XmlReader<'_>) -> Result<Settings> {
    let mut settings = Settings::default();
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) if local_name(&e) == b"documentProtection" => {
                let kind = match attr(&e, b"edit").as_deref() {
                    Some("readOnly") => ProtectionKind::ReadOnly,
                    Some("comments") => ProtectionKind::Comments,
                    Some("trackedChanges") => ProtectionKind::TrackedChanges,
                    Some("forms") => ProtectionKind::Forms,
                    _ => ProtectionKind::None,
                };
                // ST_OnOff: `1`, `true` and `on` turn it on; absent, it is off.
                let enforced = matches!(
                    attr(&e, b"enforcement").as_deref(),
                    Some("1" | "true" | "on")
                );
                // The first one counts, as before.
                settings
                    .protection
                    .get_or_insert(Protection { kind, enforced });
            }
            Event::Start(e) | Event::Empty(e) if local_name(&e) == b"evenAndOddHeaders" => {
                settings.even_and_odd_headers = on_off(&e);
            }
            Event::Start(e) if reader.depth() > 1 => reader.skip(&e)?,
            _ => {}
        }
    }
    Ok(settings)
}

/// Decode the `_xHHHH_` escapes Office writes for characters XML cannot hold (`_x000D_` is a
/// carriage return); `_x005F_` is a literal underscore, so `_x005F_x0041_` stays `_x0041_`.
/// A UTF-16 surrogate pair comes as two escapes; an escape of a lone surrogate stays as is.
pub(crate) fn decode_escapes(s: &str) -> Cow<'_, str> {
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(unit) = escape_unit(rest) else {
            out.push('_');
            rest = &rest[1..];
            continue;
        };
        let decoded = match unit {
            0xD800..=0xDBFF => escape_unit(&rest[7..])
                .filter(|low| (0xDC00..=0xDFFF).contains(low))
                .and_then(|low| char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
                .map(|c| (c, 14)),
            _ => char::from_u32(unit).map(|c| (c, 7)),
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('_');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// The code unit of an escape `_xHHHH_` at the start of `s`.
fn escape_unit(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.len() < 7 || &b[..2] != b"_x" || b[6] != b'_' {
        return None;
    }
    let hex = &s[2..6];
    if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_to_their_characters_and_an_escaped_underscore_keeps_the_rest() {
        assert_eq!(decode_escapes("plain"), "plain");
        assert_eq!(decode_escapes("a_x000D_b"), "a\rb");
        assert_eq!(decode_escapes("_x0041__x0042_"), "AB");
        assert_eq!(decode_escapes("_x005F_x0041_"), "_x0041_");
        assert_eq!(decode_escapes("smile _xD83D__xDE00_"), "smile \u{1F600}");
        assert_eq!(decode_escapes("lone _xD83D_ x"), "lone _xD83D_ x");
        assert_eq!(decode_escapes("_x12_ _xZZZZ_ _x"), "_x12_ _xZZZZ_ _x");
        assert_eq!(decode_escapes("中_x4E2D_文"), "中中文");
    }
}
