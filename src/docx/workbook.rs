//! The text of an embedded Excel workbook (an OLE object whose part is an .xlsx package), for
//! [`crate::model::EmbeddedObject::text`], as Apache Tika extracts one: every sheet in the
//! workbook's order, its name on a line, then its rows, cells apart by tabs.
//!
//! A cell shows its value as stored: a shared or inline string, a formula's cached result, a
//! number in its shortest form (`3.14`, not the `3.1400000000000001` Excel writes), `TRUE` or
//! `FALSE`, an error (`#N/A`). Number formats (dates, percentages) are not applied: the
//! workbook's styles are not read.

use quick_xml::events::{BytesStart, Event};

use super::parts::Parts;
use crate::model::WarningCode;
use crate::package::Relationships;
use crate::xml::{attr, collect_text, end_local_name, local_name, read_text, XmlReader};
use crate::Result;

/// Excel's last column (XFD): a cell reference beyond it is not a column to pad up to.
const MAX_COLUMNS: usize = 16_384;

/// The text of the workbook in `parts` (a package already open), or `None` when it is no
/// workbook. The text is at most `max_bytes` long: a sheet of sparse cells far apart (`A1`
/// and `XFD1048576`) is small XML but a huge grid, so the rest is cut, with a warning.
pub(super) fn workbook_text(parts: &mut Parts<'_, '_>, max_bytes: usize) -> Result<Option<String>> {
    let root_rels = parts.package.relationships("")?;
    let workbook = match root_rels.first_of("officeDocument") {
        Some(rel) if parts.package.has_part(&rel.target) => rel.target.to_string(),
        _ if parts.package.has_part("xl/workbook.xml") => "xl/workbook.xml".to_owned(),
        _ => return Ok(None),
    };
    let Some(sheets) = parts.parse(&workbook, |mut xr| read_sheet_list(&mut xr))? else {
        return Ok(None);
    };
    let rels = parts.package.relationships(&workbook)?;
    let shared = match rels.first_of("sharedStrings").map(|r| r.target.to_string()) {
        Some(part) => parts
            .parse_optional(&part, |mut xr| read_shared_strings(&mut xr))?
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let mut out = Text::new(max_bytes);
    for (name, rel_id) in sheets {
        let Some(part) = sheet_part(&rels, &rel_id) else {
            continue;
        };
        let rows = parts.parse_optional(&part, |mut xr| read_rows(&mut xr, &shared))?;
        let Some(rows) = rows.filter(|rows| !rows.is_empty()) else {
            continue;
        };
        out.sheet(&name, &rows);
        if out.cut {
            parts.warn(
                WarningCode::TextTruncated,
                &part,
                format!("embedded workbook text cut at {max_bytes} bytes"),
            );
            break;
        }
    }
    Ok(Some(out.text))
}

/// The worksheet part a sheet's relationship points at; chart sheets and dialog sheets have
/// no cells and are left out.
fn sheet_part(rels: &Relationships, rel_id: &str) -> Option<String> {
    let rel = rels.get(rel_id)?;
    (!rel.external && rel.is("worksheet")).then(|| rel.target.to_string())
}

/// `xl/workbook.xml`'s sheets in order: name and relationship id.
fn read_sheet_list(xr: &mut XmlReader<'_>) -> Result<Vec<(String, String)>> {
    let mut sheets = Vec::new();
    while let Some(event) = xr.next_event()? {
        if let Event::Start(e) | Event::Empty(e) = &event {
            if local_name(e) == b"sheet" {
                let name = attr(e, b"name").unwrap_or_default().into_owned();
                if let Some(id) = attr(e, b"id") {
                    sheets.push((name, id.into_owned()));
                }
            }
        }
    }
    Ok(sheets)
}

/// The shared string table: each `si`'s text, its runs joined. Phonetic guides (`rPh`, the
/// readings of Japanese text) are not part of the string.
fn read_shared_strings(xr: &mut XmlReader<'_>) -> Result<Vec<String>> {
    let mut strings = Vec::new();
    while let Some(event) = xr.next_event()? {
        if let Event::Start(e) = &event {
            if local_name(e) == b"si" {
                strings.push(read_string_item(xr)?);
            }
        }
    }
    Ok(strings)
}

/// The text of a string item (`si`, or a cell's inline `is`) whose start was just read.
fn read_string_item(xr: &mut XmlReader<'_>) -> Result<String> {
    let level = xr.depth();
    let mut text = String::new();
    let mut in_text = false;
    while let Some(event) = xr.next_event()? {
        match &event {
            Event::Start(e) if local_name(e) == b"rPh" => xr.skip(e)?,
            Event::Start(e) => in_text = local_name(e) == b"t",
            Event::End(_) if xr.depth() < level => break,
            Event::End(_) => in_text = false,
            other if in_text => {
                collect_text(other, &mut text);
            }
            _ => {}
        }
    }
    Ok(text)
}

/// One sheet's rows that hold a value: each its cells by column, empty cells between kept so
/// that columns line up.
fn read_rows(xr: &mut XmlReader<'_>, shared: &[String]) -> Result<Vec<Vec<String>>> {
    let mut rows = Vec::new();
    let mut row: Vec<String> = Vec::new();
    while let Some(event) = xr.next_event()? {
        match &event {
            Event::Start(e) if local_name(e) == b"c" => {
                let column = attr(e, b"r").and_then(|r| column_index(&r));
                let value = read_cell(xr, e, shared)?;
                if value.is_empty() {
                    continue;
                }
                let at = column.unwrap_or(row.len()).max(row.len());
                row.resize(at, String::new());
                row.push(value);
            }
            Event::End(e) if end_local_name(e) == b"row" && !row.is_empty() => {
                rows.push(std::mem::take(&mut row));
            }
            _ => {}
        }
    }
    Ok(rows)
}

/// A cell's shown value, its start just read: by its type `t`, from `v` or an inline `is`.
fn read_cell(xr: &mut XmlReader<'_>, cell: &BytesStart<'_>, shared: &[String]) -> Result<String> {
    let kind = attr(cell, b"t").unwrap_or_default().into_owned();
    let level = xr.depth();
    let mut value = String::new();
    while let Some(event) = xr.next_event()? {
        match &event {
            Event::Start(e) if local_name(e) == b"v" => value = read_text(xr)?.into_owned(),
            Event::Start(e) if local_name(e) == b"is" => value = read_string_item(xr)?,
            Event::Start(e) => xr.skip(e)?,
            Event::End(_) if xr.depth() < level => break,
            _ => {}
        }
    }
    Ok(match kind.as_str() {
        "s" => value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i))
            .cloned()
            .unwrap_or_default(),
        "b" => match value.trim() {
            "1" | "true" => "TRUE".to_owned(),
            "0" | "false" => "FALSE".to_owned(),
            _ => value,
        },
        "str" | "inlineStr" | "e" | "d" => value,
        _ => shortest_number(&value),
    })
}

/// A stored number in its shortest round-trip form; anything that is no finite number as is.
fn shortest_number(value: &str) -> String {
    match value.trim().parse::<f64>() {
        Ok(n) if n.is_finite() && n == n.trunc() && n.abs() < 1e15 => format!("{n:.0}"),
        Ok(n) if n.is_finite() => n.to_string(),
        _ => value.to_owned(),
    }
}

/// The 0-based column of a cell reference (`A1` is 0, `AB12` is 27); `None` when it has no
/// letters or lies beyond Excel's last column.
fn column_index(reference: &str) -> Option<usize> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic);
    let mut column = 0usize;
    let mut any = false;
    for b in letters {
        any = true;
        column = column * 26 + usize::from(b.to_ascii_uppercase() - b'A' + 1);
        if column > MAX_COLUMNS {
            return None;
        }
    }
    any.then(|| column - 1)
}

/// The workbook's text as it grows, cut at its size limit.
struct Text {
    text: String,
    max_bytes: usize,
    cut: bool,
}

impl Text {
    fn new(max_bytes: usize) -> Text {
        Text {
            text: String::new(),
            max_bytes,
            cut: false,
        }
    }

    /// A sheet: a blank line after the sheet before, its name, then a line per row.
    fn sheet(&mut self, name: &str, rows: &[Vec<String>]) {
        if !self.text.is_empty() {
            self.push("\n");
        }
        self.push(&name.replace(['\t', '\r', '\n'], " "));
        self.push("\n");
        for row in rows {
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    self.push("\t");
                }
                // A tab or line break inside a cell would make another cell or row.
                self.push(&cell.replace(['\t', '\r', '\n'], " "));
            }
            self.push("\n");
            if self.cut {
                return;
            }
        }
    }

    fn push(&mut self, s: &str) {
        if self.cut {
            return;
        }
        if self.text.len() + s.len() > self.max_bytes {
            let mut end = self.max_bytes - self.text.len();
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            self.text.push_str(&s[..end]);
            self.cut = true;
            return;
        }
        self.text.push_str(s);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_from_zero_and_stop_past_xfd() {
        assert_eq!(column_index("A1"), Some(0));
        assert_eq!(column_index("Z9"), Some(25));
        assert_eq!(column_index("AA1"), Some(26));
        assert_eq!(column_index("ab12"), Some(27));
        assert_eq!(column_index("XFD1"), Some(16_383));
        assert_eq!(column_index("XFE1"), None);
        assert_eq!(column_index("ZZZZZZZZZZZZZZZZ1"), None);
        assert_eq!(column_index("12"), None);
    }

    #[test]
    fn numbers_are_written_in_their_shortest_form() {
        assert_eq!(shortest_number("3.1400000000000001"), "3.14");
        assert_eq!(shortest_number("42"), "42");
        assert_eq!(shortest_number("1E+3"), "1000");
        assert_eq!(shortest_number("-0.5"), "-0.5");
        assert_eq!(shortest_number("not a number"), "not a number");
    }

    #[test]
    fn cells_line_up_by_column_and_skip_empty_rows() {
        let xml = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1" t="s"><v>0</v></c></row>
            <row r="2"/>
            <row r="3"><c r="B3"><v>2.5</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r><rPh><t>reading</t></rPh></is></c><c r="E3" t="str"><f>A1</f><v>cached</v></c></row>
        </sheetData></worksheet>"#;
        let shared = vec!["Price".to_owned(), "Item".to_owned()];
        let rows = read_rows(&mut XmlReader::lenient(xml), &shared).unwrap();
        assert_eq!(
            rows,
            vec![
                vec!["Item".to_owned(), String::new(), "Price".to_owned()],
                vec![
                    String::new(),
                    "2.5".to_owned(),
                    "TRUE".to_owned(),
                    "inline".to_owned(),
                    "cached".to_owned()
                ],
            ]
        );
    }

    #[test]
    fn shared_strings_join_their_runs_without_phonetic_readings() {
        let xml = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>plain &amp; simple</t></si><si><r><t>東</t></r><r><t>京</t></r><rPh sb="0" eb="2"><t>トウキョウ</t></rPh></si></sst>"#;
        let strings = read_shared_strings(&mut XmlReader::lenient(xml)).unwrap();
        assert_eq!(strings, vec!["plain & simple", "東京"]);
    }

    #[test]
    fn text_is_cut_at_its_limit_on_a_character_boundary() {
        let mut text = Text::new(8);
        text.sheet("表1", &[vec!["abcdef".to_owned()]]);
        assert!(text.cut);
        assert!(text.text.len() <= 8);
        assert_eq!(text.text, "表1\nabc");
    }
}
