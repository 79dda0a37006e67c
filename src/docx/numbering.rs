//! `numbering.xml` (num -> abstractNum -> levels, overrides) and list labels computed with
//! counters, the way Word numbers paragraphs.

use crate::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};

use super::number_format::{format_custom, format_number};
use super::part_index::{self, Lazy, PartText};
use super::parts::PartSource;
use super::styles::Styles;
use crate::model::ListItem;
use crate::xml::{attr, local_name, XmlReader};
use crate::Result;

#[derive(Debug, Default, Clone)]
pub(crate) struct Level {
    /// `w:start`; a level without one starts at 0 (the spec's default, and Word's).
    pub start: Option<i64>,
    pub format: Option<String>,
    /// `w:numFmt w:val="custom" w:format="001, 002, 003, ..."` (Word 2010, in `mc:Choice`);
    /// `format` then holds the `mc:Fallback` format.
    pub custom_format: Option<String>,
    pub text: Option<String>,
    /// `w:lvlRestart`: restart after this level (1-based); 0 never restarts.
    pub restart: Option<u8>,
    /// `w:lvlPicBulletId`: the bullet is a picture, whatever `lvlText` says.
    pub picture_bullet: Option<bool>,
    /// `w:isLgl`: legal numbering, every level of the label in decimal (2.18.2.1).
    pub legal: Option<bool>,
}

#[derive(Debug, Default, Clone)]
struct AbstractNum {
    levels: HashMap<u8, Level>,
    num_style_link: Option<String>,
}

#[derive(Debug, Default, Clone)]
struct Num {
    abstract_id: String,
    start_overrides: HashMap<u8, i64>,
    level_overrides: HashMap<u8, Level>,
}

/// `numbering.xml`: its lists by id, each parsed when a paragraph first uses it (a template
/// defines dozens, a document uses a few).
#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Lazy<AbstractNum>>,
    nums: HashMap<u32, Lazy<Num>>,
    /// The part's text, for the lists not parsed yet.
    text: Option<PartText>,
}

impl Numbering {
    /// The numbering part: indexed by one cheap scan, each `w:abstractNum` and `w:num` parsed
    /// when first used; parsed in full (as [`Numbering::parse`]) when the scan cannot vouch
    /// for the part.
    pub fn read(source: &PartSource<'_>) -> Result<Numbering> {
        const WANTED: [&[u8]; 2] = [b"abstractNum", b"num"];
        let scanned = part_index::scan(source.text, b"numbering", &WANTED, source.limits);
        let Some(found) = scanned else {
            return Numbering::parse(&mut source.reader());
        };
        let text = PartText::new(source.text, source.part, source.limits);
        let mut numbering = Numbering::default();
        for element in &found {
            let range = element.range.clone();
            match WANTED[element.which] {
                b"abstractNum" => {
                    numbering.add_abstract(&text.start(element), Lazy::unparsed(range))
                }
                _ => numbering.add_num(&text.start(element), Lazy::unparsed(range)),
            }
        }
        numbering.text = Some(text);
        Ok(numbering)
    }

    /// The numbering part parsed in full, every list at once.
    pub fn parse(reader: &mut XmlReader<'_>) -> Result<Numbering> {
        let mut numbering = Numbering::default();
        while let Some(event) = reader.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"numbering" => {}
                    b"abstractNum" => {
                        let abs = parse_abstract(reader)?;
                        numbering.add_abstract(&e, Lazy::parsed(abs));
                    }
                    b"num" => {
                        let num = parse_num(reader)?;
                        numbering.add_num(&e, Lazy::parsed(num));
                    }
                    _ => reader.skip(&e)?,
                },
                Event::End(_) if reader.depth() == 0 => break,
                _ => {}
            }
        }
        Ok(numbering)
    }

    fn add_abstract(&mut self, e: &BytesStart<'_>, abs: Lazy<AbstractNum>) {
        let id = attr(e, b"abstractNumId")
            .map(|s| s.into_owned())
            .unwrap_or_default();
        self.abstracts.insert(id, abs);
    }

    /// A `w:num` without a numeric id is never used.
    fn add_num(&mut self, e: &BytesStart<'_>, num: Lazy<Num>) {
        if let Some(id) = attr(e, b"numId").and_then(|v| v.parse().ok()) {
            self.nums.insert(id, num);
        }
    }

    fn num(&self, id: u32) -> Option<&Num> {
        Some(self.nums.get(&id)?.get(self.text.as_ref(), parse_num))
    }

    fn abstract_num(&self, id: &str) -> Option<&AbstractNum> {
        Some(
            self.abstracts
                .get(id)?
                .get(self.text.as_ref(), parse_abstract),
        )
    }

    /// The abstract numbering behind `num_id`, following `numStyleLink` through a numbering
    /// style to the list that defines the levels.
    fn resolve(&self, num_id: u32, styles: &Styles) -> Option<(&Num, &str, &AbstractNum)> {
        let num = self.num(num_id)?;
        let mut abs_id = num.abstract_id.as_str();
        let mut abs = self.abstract_num(abs_id)?;
        for _ in 0..4 {
            let Some(link) = abs.num_style_link.as_deref() else {
                break;
            };
            let Some(linked_num) = styles.by_id_or_name(link).and_then(|s| s.num_id) else {
                break;
            };
            let Some(linked) = self.num(linked_num) else {
                break;
            };
            let Some(next) = self.abstract_num(linked.abstract_id.as_str()) else {
                break;
            };
            abs_id = linked.abstract_id.as_str();
            abs = next;
        }
        Some((num, abs_id, abs))
    }
}

fn parse_level(reader: &mut XmlReader<'_>) -> Result<Level> {
    let mut level = Level::default();
    let depth = reader.depth();
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(e) if matches!(local_name(&e), b"pPr" | b"rPr") => reader.skip(&e)?,
            Event::Start(e) | Event::Empty(e) => {
                let val = || attr(&e, b"val").map(|v| v.into_owned());
                match local_name(&e) {
                    b"start" => level.start = val().and_then(|v| v.parse().ok()),
                    b"numFmt" => match (val().as_deref(), attr(&e, b"format")) {
                        (Some("custom"), Some(pattern)) => {
                            level.custom_format = Some(pattern.into_owned())
                        }
                        _ => level.format = val(),
                    },
                    b"isLgl" => {
                        level.legal = Some(!matches!(val().as_deref(), Some("0" | "false" | "off")))
                    }
                    b"lvlText" => level.text = val(),
                    b"lvlRestart" => level.restart = val().and_then(|v| v.parse().ok()),
                    b"lvlPicBulletId" => level.picture_bullet = Some(true),
                    _ => {}
                }
            }
            Event::End(_) if reader.depth() < depth => break,
            _ => {}
        }
    }
    Ok(level)
}

fn parse_abstract(reader: &mut XmlReader<'_>) -> Result<AbstractNum> {
    let mut abs = AbstractNum::default();
    let depth = reader.depth();
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(e) if local_name(&e) == b"lvl" => {
                let ilvl = attr(&e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                let level = parse_level(reader)?;
                abs.levels.insert(ilvl, level);
            }
            Event::Start(e) | Event::Empty(e) if local_name(&e) == b"numStyleLink" => {
                abs.num_style_link = attr(&e, b"val").map(|v| v.into_owned());
            }
            Event::End(_) if reader.depth() < depth => break,
            _ => {}
        }
    }
    Ok(abs)
}

fn parse_num(reader: &mut XmlReader<'_>) -> Result<Num> {
    let mut num = Num::default();
    let depth = reader.depth();
    let mut override_level: Option<u8> = None;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(e) if local_name(&e) == b"lvl" => {
                let ilvl = attr(&e, b"ilvl")
                    .and_then(|v| v.parse().ok())
                    .or(override_level)
                    .unwrap_or(0);
                let level = parse_level(reader)?;
                num.level_overrides.insert(ilvl, level);
            }
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"abstractNumId" => {
                    num.abstract_id = attr(&e, b"val").map(|v| v.into_owned()).unwrap_or_default()
                }
                b"lvlOverride" => override_level = attr(&e, b"ilvl").and_then(|v| v.parse().ok()),
                b"startOverride" => {
                    if let (Some(l), Some(v)) = (
                        override_level,
                        attr(&e, b"val").and_then(|v| v.parse().ok()),
                    ) {
                        num.start_overrides.insert(l, v);
                    }
                }
                _ => {}
            },
            Event::End(_) if reader.depth() < depth => break,
            _ => {}
        }
    }
    Ok(num)
}

/// Counters for one document pass; call [`ListCounter::next_item`] for each list paragraph in
/// reading order.
#[derive(Debug, Default)]
pub(crate) struct ListCounter {
    /// Word shares the counters across every `w:num` of one abstract list, by its id.
    counters: HashMap<String, [Option<i64>; 9]>,
    /// The `(numId, level)` whose `w:startOverride` has been applied: a `w:num` with one sets
    /// the shared counter once, at its first item there, and counting goes on from it (docx4j's
    /// startOverride.docx: 1) 2) 3) 4), an override of 10: 10) 11) 12), the first list again:
    /// 13) 14)).
    overrides_applied: HashSet<(u32, u8)>,
    /// Unknown formats already warned about.
    pub unknown_formats: Vec<String>,
}

impl ListCounter {
    /// One level's number in its format: nothing for a bullet level inside a multi-level
    /// label, decimal (with a warning) for a format not known here.
    /// `None` for a level shown in plain decimal (legal numbering).
    fn level_number(&mut self, value: i64, level: Option<LevelView<'_>>) -> String {
        if let Some(s) = level
            .and_then(|l| l.get(|v| v.custom_format.as_deref()))
            .and_then(|p| format_custom(value, p))
        {
            return s;
        }
        let format = level
            .and_then(|l| l.get(|v| v.format.as_deref()))
            .unwrap_or("decimal");
        format_number(value, format).unwrap_or_else(|| {
            if !self.unknown_formats.iter().any(|f| f == format) {
                self.unknown_formats.push(format.to_string());
            }
            value.to_string()
        })
    }

    pub fn next_item(
        &mut self,
        numbering: &Numbering,
        styles: &Styles,
        num_id: u32,
        ilvl: u8,
    ) -> Option<ListItem> {
        let ilvl = ilvl.min(8);
        let (num, abs_id, abs) = numbering.resolve(num_id, styles)?;
        let level_def = |l: u8| LevelView {
            over: num.level_overrides.get(&l),
            base: abs.levels.get(&l),
        };
        let start_of = |l: u8| {
            num.start_overrides
                .get(&l)
                .copied()
                .or(level_def(l).get(|v| v.start))
                .unwrap_or(0)
        };
        let override_start = num
            .start_overrides
            .get(&ilvl)
            .copied()
            .filter(|_| self.overrides_applied.insert((num_id, ilvl)));
        if !self.counters.contains_key(abs_id) {
            self.counters.insert(abs_id.to_string(), [None; 9]);
        }
        let counters = self.counters.get_mut(abs_id).expect("inserted above");
        // A level skipped over by a deeper item counts as started, as in Word: after 1. and
        // 1.a.i the next second-level item is 1.b, not 1.a again.
        for l in 0..ilvl {
            if counters[l as usize].is_none() {
                counters[l as usize] = Some(start_of(l));
            }
        }
        let value = match (override_start, counters[ilvl as usize]) {
            (Some(start), _) => start,
            (None, Some(v)) => v + 1,
            (None, None) => start_of(ilvl),
        };
        counters[ilvl as usize] = Some(value);
        for deeper in ilvl + 1..9 {
            if restarts_after(level_def(deeper).get(|v| v.restart), deeper, ilvl) {
                counters[deeper as usize] = None;
            }
        }
        let def = level_def(ilvl);
        let format = def.get(|v| v.format.as_deref()).unwrap_or("decimal");
        let template = def.get(|v| v.text.as_deref()).unwrap_or_default();
        let legal = def.get(|v| v.legal) == Some(true);
        let snapshot = *counters;
        let mut label = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    if (1..=9).contains(&d) {
                        let l = (d - 1) as u8;
                        let v = snapshot[l as usize].unwrap_or_else(|| start_of(l));
                        let shown = legal_display(level_def(l), legal);
                        label.push_str(&self.level_number(v, shown));
                    }
                    continue;
                }
            }
            label.push(c);
        }
        let ordered = format != "bullet";
        if !ordered {
            label = bullet_label(template, def.get(|v| v.picture_bullet) == Some(true));
        }
        Some(ListItem {
            num_id,
            level: ilvl,
            format: format.to_string(),
            label,
            ordered,
            number: value.clamp(0, u32::MAX as i64) as u32,
        })
    }
}

/// Whether a level whose `w:lvlRestart` is `restart` (1-based; `None`: after any shallower
/// level; 0: never) starts over when an item at the shallower level `used` is numbered.
fn restarts_after(restart: Option<u8>, level: u8, used: u8) -> bool {
    used < restart.unwrap_or(level).min(level)
}

/// How a level shows inside a label: under `w:isLgl` in decimal, except that zero-padded
/// decimal stays padded (docx4j's article-section-isLgl.docx: "Section 1.01", not "I.01").
fn legal_display(level: LevelView<'_>, legal: bool) -> Option<LevelView<'_>> {
    let padded = level.get(|v| v.format.as_deref()) == Some("decimalZero");
    (!legal || padded).then_some(level)
}

/// One level as a `w:num` sees it: its `w:lvlOverride` over the abstract list's level, field
/// by field, borrowed rather than merged into a copy (an item reads up to nine levels).
#[derive(Clone, Copy)]
struct LevelView<'l> {
    over: Option<&'l Level>,
    base: Option<&'l Level>,
}

impl<'l> LevelView<'l> {
    fn get<T>(self, field: impl Fn(&'l Level) -> Option<T>) -> Option<T> {
        self.over
            .and_then(&field)
            .or_else(|| self.base.and_then(&field))
    }
}

/// A bullet's label: Symbol/Wingdings private-use bullets become their Unicode look-alikes. A
/// blank template draws no bullet (pandoc's writer uses one for an item's later paragraphs), so
/// the label is empty, unless a picture is the bullet: that one is shown as `•`.
fn bullet_label(template: &str, picture: bool) -> String {
    let mut out = String::new();
    for c in template.chars() {
        out.push(match c as u32 {
            0xF0B7 | 0xF06C | 0xF09F => '•',
            0xF06F => '○',
            // Wingdings 0xA7 is a small black square (symbols.rs), Word's third-level bullet.
            0xF0A7 | 0xF0A8 | 0xF06E => '▪',
            0xF0D8 | 0xF0E8 => '➢',
            0xF076 => '❖',
            0xF0FC => '✓',
            0xE000..=0xF8FF => '•',
            _ => c,
        });
    }
    if !out.trim().is_empty() {
        out
    } else if picture {
        "•".to_string()
    } else {
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PART: &str = "word/numbering.xml";

    fn numbering_xml(inner: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{inner}</w:numbering>"#
        )
    }

    fn indexed(xml: &str) -> Numbering {
        let limits = Default::default();
        let numbering = Numbering::read(&PartSource::new(xml, PART, &limits, None)).unwrap();
        assert!(numbering.text.is_some(), "indexed, not parsed in full");
        numbering
    }

    fn parsed_in_full(xml: &str) -> Numbering {
        let mut reader = XmlReader::new(xml, PART, &Default::default(), None);
        Numbering::parse(&mut reader).unwrap()
    }

    /// The labels a run of list paragraphs `(numId, ilvl)` gets, and the formats warned about.
    fn labels(numbering: &Numbering, items: &[(u32, u8)]) -> (Vec<String>, Vec<String>) {
        let styles = Styles::default();
        let mut counter = ListCounter::default();
        let labels = items
            .iter()
            .map(
                |&(num_id, ilvl)| match counter.next_item(numbering, &styles, num_id, ilvl) {
                    Some(item) => format!("{}:{}:{}", item.format, item.number, item.label),
                    None => "none".to_string(),
                },
            )
            .collect();
        (labels, counter.unknown_formats)
    }

    fn level(ilvl: u8, format: &str, text: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:pPr><w:ind w:left="720"/></w:pPr></w:lvl>"#
        )
    }

    fn lists() -> String {
        let mut inner =
            String::from(r#"<w:numPicBullet w:numPicBulletId="0"><w:pict/></w:numPicBullet>"#);
        for id in 0..6 {
            inner += &format!(
                r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="multilevel"/>{}{}</w:abstractNum>"#,
                level(0, "decimal", "%1."),
                level(1, "lowerRoman", "%1.%2")
            );
        }
        // Semantically broken, never XML-broken: an unknown format, a level id and a start
        // that are not numbers.
        inner += r#"<w:abstractNum w:abstractNumId="9"><w:lvl w:ilvl="x"><w:start w:val="one"/><w:numFmt w:val="klingon"/><w:lvlText w:val="%1)"/></w:lvl></w:abstractNum>"#;
        for id in 1..=6 {
            inner += &format!(
                r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{}"/></w:num>"#,
                id - 1
            );
        }
        inner += r#"<w:num w:numId="7"><w:abstractNumId w:val="5"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>"#;
        inner += r#"<w:num w:numId="8"><w:abstractNumId w:val="404"/></w:num>"#;
        inner += r#"<w:num w:numId="9"><w:abstractNumId w:val="9"/></w:num>"#;
        inner += r#"<w:numIdMacAtCleanup w:val="3"/>"#;
        numbering_xml(&inner)
    }

    #[test]
    fn a_list_used_late_is_parsed_then_and_numbers_as_when_all_are_parsed() {
        let xml = lists();
        let lazy = indexed(&xml);
        let items = [
            (1, 0),
            (1, 1),
            (1, 1),
            (1, 0),
            (7, 0),
            (6, 1),
            (7, 0),
            (1, 1),
        ];
        let seen = labels(&lazy, &items);
        assert_eq!(seen, labels(&parsed_in_full(&xml), &items));
        assert_eq!(
            seen.0[..3],
            ["decimal:1:1.", "lowerRoman:1:1.i", "lowerRoman:2:1.ii"]
        );
        assert_eq!(seen.0[4], "decimal:4:4.");
        // Only the lists those paragraphs use were parsed.
        assert!(lazy.abstracts["0"].is_parsed() && lazy.abstracts["5"].is_parsed());
        assert!(!lazy.abstracts["3"].is_parsed() && !lazy.abstracts["9"].is_parsed());
        assert!(!lazy.nums[&2].is_parsed());
    }

    #[test]
    fn a_num_naming_a_missing_abstract_list_numbers_nothing_either_way() {
        let xml = lists();
        let items = [(8, 0), (404, 0), (1, 0)];
        let seen = labels(&indexed(&xml), &items);
        assert_eq!(seen, labels(&parsed_in_full(&xml), &items));
        assert_eq!(seen.0, ["none", "none", "decimal:1:1."]);
    }

    #[test]
    fn a_broken_list_matters_only_when_used_and_then_as_before() {
        let xml = lists();
        let unused = [(1, 0), (2, 0)];
        let seen = labels(&indexed(&xml), &unused);
        assert_eq!(seen, labels(&parsed_in_full(&xml), &unused));
        assert!(seen.1.is_empty(), "no format warned about");
        let used = [(1, 0), (9, 0), (9, 0)];
        let seen = labels(&indexed(&xml), &used);
        assert_eq!(seen, labels(&parsed_in_full(&xml), &used));
        assert_eq!(seen.1, ["klingon"], "the same warning as before");
    }

    #[test]
    fn a_numbering_part_the_scan_cannot_vouch_for_reads_as_before() {
        let limits = Default::default();
        let source = |xml: &'static str| PartSource::new(xml, PART, &limits, None);
        // A comment: parsed in full, the same labels.
        let xml: &'static str = lists()
            .replace("<w:numIdMac", "<!-- x --><w:numIdMac")
            .leak();
        let read = Numbering::read(&source(xml)).unwrap();
        assert!(read.text.is_none(), "parsed in full");
        let items = [(1, 0), (7, 0)];
        assert_eq!(labels(&read, &items), labels(&parsed_in_full(xml), &items));
        // An abstract list that is not well-formed, used or not, fails the part as before.
        let xml: &'static str = lists()
            .replace("</w:lvl></w:abstractNum>", "</w:lvl></w:abstract>")
            .leak();
        let read = Numbering::read(&source(xml)).unwrap_err();
        let mut reader = XmlReader::new(xml, PART, &limits, None);
        let full = Numbering::parse(&mut reader).unwrap_err();
        assert_eq!(read.to_string(), full.to_string());
    }

    #[test]
    fn bullets_from_symbol_fonts_become_unicode() {
        assert_eq!(bullet_label("\u{F0B7}", false), "•");
        assert_eq!(bullet_label("o", false), "o");
    }

    #[test]
    fn the_wingdings_square_bullet_is_the_square_of_the_symbol_table() {
        let square = super::super::symbols::symbol_char("Wingdings", 0xF0A7).unwrap();
        assert_eq!(square, '▪');
        assert_eq!(bullet_label("\u{F0A7}", false), square.to_string());
    }

    #[test]
    fn deeper_levels_restart_after_shallower_ones_unless_lvl_restart_says_otherwise() {
        // Default: level 2 restarts when level 0 or 1 is used.
        assert!(restarts_after(None, 2, 0));
        assert!(restarts_after(None, 2, 1));
        // lvlRestart 1: level 2 restarts only after level 1 (ilvl 0).
        assert!(restarts_after(Some(1), 2, 0));
        assert!(!restarts_after(Some(1), 2, 1));
        // lvlRestart 0: never.
        assert!(!restarts_after(Some(0), 2, 0));
        // A restart level deeper than the level itself means any shallower level.
        assert!(restarts_after(Some(7), 2, 1));
    }

    #[test]
    fn a_blank_bullet_has_no_label_unless_a_picture_is_the_bullet() {
        assert_eq!(bullet_label("", false), "");
        assert_eq!(bullet_label(" ", false), "");
        assert_eq!(bullet_label("", true), "•");
    }
}
