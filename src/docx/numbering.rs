//! `numbering.xml` (num -> abstractNum -> levels, overrides) and list labels computed with
//! counters, the way Word numbers paragraphs.

use crate::HashMap;

use quick_xml::events::Event;

use super::styles::Styles;
use crate::model::ListItem;
use crate::xml::{attr, local_name, XmlReader};
use crate::Result;

#[derive(Debug, Default, Clone)]
pub(crate) struct Level {
    pub start: Option<i64>,
    pub format: Option<String>,
    pub text: Option<String>,
    /// `w:lvlRestart`: restart after this level (1-based); 0 never restarts.
    pub restart: Option<u8>,
    /// `w:lvlPicBulletId`: the bullet is a picture, whatever `lvlText` says.
    pub picture_bullet: Option<bool>,
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

#[derive(Debug, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<u32, Num>,
}

impl Numbering {
    pub fn parse(reader: &mut XmlReader<'_>) -> Result<Numbering> {
        let mut numbering = Numbering::default();
        while let Some(event) = reader.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"numbering" => {}
                    b"abstractNum" => {
                        let id = attr(&e, b"abstractNumId")
                            .map(|s| s.into_owned())
                            .unwrap_or_default();
                        let abs = parse_abstract(reader)?;
                        numbering.abstracts.insert(id, abs);
                    }
                    b"num" => {
                        let id = attr(&e, b"numId").and_then(|v| v.parse().ok());
                        let num = parse_num(reader)?;
                        if let Some(id) = id {
                            numbering.nums.insert(id, num);
                        }
                    }
                    _ => reader.skip(&e)?,
                },
                Event::End(_) if reader.depth() == 0 => break,
                _ => {}
            }
        }
        Ok(numbering)
    }

    /// The abstract numbering behind `num_id`, following `numStyleLink` through a numbering
    /// style to the list that defines the levels.
    fn resolve(&self, num_id: u32, styles: &Styles) -> Option<(&Num, &str, &AbstractNum)> {
        let num = self.nums.get(&num_id)?;
        let mut abs_id = num.abstract_id.as_str();
        let mut abs = self.abstracts.get(abs_id)?;
        for _ in 0..4 {
            let Some(link) = abs.num_style_link.as_deref() else {
                break;
            };
            let Some(linked_num) = styles.by_id_or_name(link).and_then(|s| s.num_id) else {
                break;
            };
            let Some(linked) = self.nums.get(&linked_num) else {
                break;
            };
            let Some(next) = self.abstracts.get(linked.abstract_id.as_str()) else {
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
                    b"numFmt" => level.format = val(),
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

/// Which counters a list shares: Word shares them across every `w:num` of one abstract list,
/// unless a `w:num` restarts with `w:startOverride`, which gives it counters of its own.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum CounterKey {
    Abstract(String),
    Num(u32),
}

/// Counters for one document pass; call [`ListCounter::next_item`] for each list paragraph in
/// reading order.
#[derive(Debug, Default)]
pub(crate) struct ListCounter {
    counters: HashMap<CounterKey, [Option<i64>; 9]>,
    /// Unknown formats already warned about.
    pub unknown_formats: Vec<String>,
}

impl ListCounter {
    pub fn next_item(
        &mut self,
        numbering: &Numbering,
        styles: &Styles,
        num_id: u32,
        ilvl: u8,
    ) -> Option<ListItem> {
        let ilvl = ilvl.min(8);
        let (num, abs_id, abs) = numbering.resolve(num_id, styles)?;
        let level_def = |l: u8| -> Level {
            let base = abs.levels.get(&l).cloned().unwrap_or_default();
            match num.level_overrides.get(&l) {
                Some(o) => Level {
                    start: o.start.or(base.start),
                    format: o.format.clone().or(base.format),
                    text: o.text.clone().or(base.text),
                    restart: o.restart.or(base.restart),
                    picture_bullet: o.picture_bullet.or(base.picture_bullet),
                },
                None => base,
            }
        };
        let start_of = |l: u8| {
            num.start_overrides
                .get(&l)
                .copied()
                .or(level_def(l).start)
                .unwrap_or(1)
        };
        let key = if num.start_overrides.is_empty() {
            CounterKey::Abstract(abs_id.to_string())
        } else {
            CounterKey::Num(num_id)
        };
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let value = match counters[ilvl as usize] {
            Some(v) => v + 1,
            None => start_of(ilvl),
        };
        counters[ilvl as usize] = Some(value);
        for (deeper, counter) in counters.iter_mut().enumerate().skip(ilvl as usize + 1) {
            // lvlRestart 0 means never restart; otherwise restart after a shallower level.
            if level_def(deeper as u8).restart != Some(0) {
                *counter = None;
            }
        }
        let def = level_def(ilvl);
        let format = def.format.clone().unwrap_or_else(|| "decimal".to_string());
        let template = def.text.clone().unwrap_or_default();
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
                        let f = level_def(l).format.unwrap_or_else(|| "decimal".to_string());
                        let f = if f == "bullet" {
                            "decimal".to_string()
                        } else {
                            f
                        };
                        match format_number(v, &f) {
                            Some(s) => label.push_str(&s),
                            None => {
                                if !self.unknown_formats.contains(&f) {
                                    self.unknown_formats.push(f.clone());
                                }
                                label.push_str(&v.to_string());
                            }
                        }
                    }
                    continue;
                }
            }
            label.push(c);
        }
        let ordered = format != "bullet";
        if !ordered {
            label = bullet_label(&template, def.picture_bullet == Some(true));
        }
        Some(ListItem {
            num_id,
            level: ilvl,
            format,
            label,
            ordered,
            number: value.clamp(0, u32::MAX as i64) as u32,
        })
    }
}

/// A bullet's label: Symbol/Wingdings private-use bullets become their Unicode look-alikes. A
/// blank template draws no bullet (pandoc's writer uses one for an item's later paragraphs), so
/// the label is empty, unless a picture is the bullet: that one is shown as `•`.
fn bullet_label(template: &str, picture: bool) -> String {
    let mut out = String::new();
    for c in template.chars() {
        out.push(match c as u32 {
            0xF0B7 | 0xF06C | 0xF09F | 0xF0A7 => '•',
            0xF06F => '○',
            0xF0A8 | 0xF06E => '▪',
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

/// Format `n` in a `w:numFmt`; `None` for formats not supported.
pub(crate) fn format_number(n: i64, format: &str) -> Option<String> {
    Some(match format {
        "decimal" | "ordinal" | "cardinalText" | "ordinalText" => n.to_string(),
        "decimalZero" => format!("{n:02}"),
        "upperRoman" => roman(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperLetter" => letters(n).to_uppercase(),
        "lowerLetter" => letters(n),
        "none" => String::new(),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + 0xFF10).unwrap_or(c))
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n as u32 - 1)?.to_string()
        }
        "decimalEnclosedParen" if (1..=20).contains(&n) => {
            char::from_u32(0x2474 + n as u32 - 1)?.to_string()
        }
        "decimalEnclosedFullstop" if (1..=20).contains(&n) => {
            char::from_u32(0x2488 + n as u32 - 1)?.to_string()
        }
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseDigitalTenThousand" => chinese_counting(n),
        "ideographDigital" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|c| {
                ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九']
                    [c as usize - '0' as usize]
            })
            .collect(),
        "ideographTraditional" if (1..=10).contains(&n) => {
            ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'][n as usize - 1].to_string()
        }
        "ideographZodiac" if (1..=12).contains(&n) => [
            '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
        ][n as usize - 1]
            .to_string(),
        _ => return None,
    })
}

fn roman(mut n: i64) -> String {
    if n <= 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(i64, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// Word's letters: a..z, then aa..zz, aaa.. (the letter repeated, not base 26).
fn letters(n: i64) -> String {
    if n <= 0 {
        return n.to_string();
    }
    let letter = (b'a' + ((n - 1) % 26) as u8) as char;
    let count = ((n - 1) / 26 + 1) as usize;
    std::iter::repeat_n(letter, count.min(64)).collect()
}

fn chinese_counting(n: i64) -> String {
    const DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if !(0..100_000).contains(&n) {
        return n.to_string();
    }
    if n < 10 {
        return DIGITS[n as usize].to_string();
    }
    if n < 20 {
        let mut s = "十".to_string();
        if n > 10 {
            s.push(DIGITS[(n - 10) as usize]);
        }
        return s;
    }
    const UNITS: [&str; 5] = ["", "十", "百", "千", "万"];
    let digits: Vec<usize> = n
        .to_string()
        .chars()
        .map(|c| c as usize - '0' as usize)
        .collect();
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in digits.iter().enumerate() {
        let unit = digits.len() - 1 - i;
        if d == 0 {
            pending_zero = true;
            continue;
        }
        if pending_zero && !out.is_empty() {
            out.push('〇');
        }
        pending_zero = false;
        out.push(DIGITS[d]);
        out.push_str(UNITS[unit]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_in_latin_and_cjk_systems() {
        assert_eq!(format_number(4, "lowerRoman").unwrap(), "iv");
        assert_eq!(format_number(1994, "upperRoman").unwrap(), "MCMXCIV");
        assert_eq!(format_number(2, "lowerLetter").unwrap(), "b");
        assert_eq!(format_number(28, "upperLetter").unwrap(), "BB");
        assert_eq!(format_number(3, "chineseCounting").unwrap(), "三");
        assert_eq!(format_number(10, "chineseCounting").unwrap(), "十");
        assert_eq!(format_number(12, "chineseCounting").unwrap(), "十二");
        assert_eq!(format_number(25, "chineseCounting").unwrap(), "二十五");
        assert_eq!(format_number(105, "chineseCounting").unwrap(), "一百〇五");
        assert_eq!(format_number(10, "ideographDigital").unwrap(), "一〇");
        assert_eq!(format_number(12, "decimalFullWidth").unwrap(), "１２");
        assert_eq!(format_number(3, "decimalEnclosedCircle").unwrap(), "③");
        assert_eq!(format_number(2, "ideographTraditional").unwrap(), "乙");
        assert!(format_number(2, "hebrew1").is_none());
    }

    #[test]
    fn bullets_from_symbol_fonts_become_unicode() {
        assert_eq!(bullet_label("\u{F0B7}", false), "•");
        assert_eq!(bullet_label("o", false), "o");
    }

    #[test]
    fn a_blank_bullet_has_no_label_unless_a_picture_is_the_bullet() {
        assert_eq!(bullet_label("", false), "");
        assert_eq!(bullet_label(" ", false), "");
        assert_eq!(bullet_label("", true), "•");
    }
}
