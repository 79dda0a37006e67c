//! `styles.xml`: style names, `basedOn` chains, outline levels, list properties, languages,
//! and of the document defaults the language and `w:pageBreakBefore`. Latent styles are
//! skipped unread: they are most of a large styles part.

use crate::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::part_index::{self, Lazy, PartText};
use super::parts::PartSource;
use crate::model::{ArcStr, Languages};
use crate::xml::{attr, attrs, local_name, on_off, XmlReader};
use crate::Result;

#[derive(Debug, Default, Clone)]
pub(crate) struct Style {
    /// Shared with every paragraph of this style (a reference count, not a copy each).
    pub name: Option<ArcStr>,
    pub based_on: Option<String>,
    pub outline_level: Option<u8>,
    pub num_id: Option<u32>,
    pub num_level: Option<u8>,
    /// The heading level its name implies (`heading 2`, `标题 2`, `Überschrift 2`), worked out
    /// once here rather than for every paragraph.
    pub name_heading: Option<u8>,
    /// Named `Title`: a level-1 heading itself, but not for the styles based on it (Word gives
    /// Title no outline level, and a "Title Small" or a subtitle built on it is not a heading).
    pub is_title: bool,
    /// Its run properties name a monospace font (`w:rFonts`); `None` when they name none.
    pub monospace: Option<bool>,
    /// `w:pageBreakBefore` in its paragraph properties, on or off; `None` when absent.
    pub page_break_before: Option<bool>,
    /// `w:lang` in its run properties.
    pub lang: LangAttrs,
}

/// A `w:lang` as written: each of its three languages may be absent, and is then inherited.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct LangAttrs {
    pub latin: Option<ArcStr>,
    pub east_asia: Option<ArcStr>,
    pub bidi: Option<ArcStr>,
}

impl LangAttrs {
    pub fn read(e: &BytesStart<'_>) -> LangAttrs {
        let lang = |name: &[u8]| attr(e, name).filter(|v| !v.is_empty()).map(ArcStr::from);
        LangAttrs {
            latin: lang(b"val"),
            east_asia: lang(b"eastAsia"),
            bidi: lang(b"bidi"),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.latin.is_none() && self.east_asia.is_none() && self.bidi.is_none()
    }

    /// Each language this one lacks taken from `inherited`, as Word inherits them one by one.
    pub fn or(&self, inherited: &LangAttrs) -> LangAttrs {
        let pick = |own: &Option<ArcStr>, up: &Option<ArcStr>| own.clone().or_else(|| up.clone());
        LangAttrs {
            latin: pick(&self.latin, &inherited.latin),
            east_asia: pick(&self.east_asia, &inherited.east_asia),
            bidi: pick(&self.bidi, &inherited.bidi),
        }
    }

    /// The language that applies to `text` (`rtl`: set right-to-left), by its [`Script`].
    pub fn of(&self, text: &str, rtl: bool) -> Option<&ArcStr> {
        self.get(Script::of(text, rtl))
    }

    /// The language this names for text of `script`.
    pub fn get(&self, script: Script) -> Option<&ArcStr> {
        match script {
            Script::Latin => self.latin.as_ref(),
            Script::EastAsian => self.east_asia.as_ref(),
            Script::Bidi => self.bidi.as_ref(),
        }
    }

    /// The model's form, `None` when it names no language.
    pub fn to_model(&self) -> Option<Languages> {
        let owned = |l: &Option<ArcStr>| l.as_deref().map(str::to_owned);
        (!self.is_empty()).then(|| Languages {
            latin: owned(&self.latin),
            east_asia: owned(&self.east_asia),
            bidi: owned(&self.bidi),
        })
    }
}

/// Which of a run's three languages (`w:lang`'s `val`, `eastAsia`, `bidi`) its text takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Script {
    Latin,
    EastAsian,
    Bidi,
}

impl Script {
    /// The script of `text`: right-to-left text is complex script, text with CJK characters
    /// is East Asian, anything else Latin. Asked for every paragraph and run: text that can
    /// only be Latin (most of it) is settled by a byte scan ([`latin_only`]), other text by
    /// one walk over its characters.
    pub fn of(text: &str, rtl: bool) -> Script {
        if rtl {
            Script::Bidi
        } else if latin_only(text) {
            Script::Latin
        } else {
            Script::of_characters(text)
        }
    }

    /// [`Script::of`] for text that is not set right-to-left, read a character at a time.
    fn of_characters(text: &str) -> Script {
        let mut cjk = false;
        for c in text.chars() {
            if is_rtl_char(c) {
                return Script::Bidi;
            }
            cjk |= is_cjk_char(c);
        }
        match cjk {
            true => Script::EastAsian,
            false => Script::Latin,
        }
    }
}

fn is_rtl_char(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

fn is_cjk_char(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}'
        | '\u{2E80}'..='\u{9FFF}'
        | '\u{A960}'..='\u{A97F}'
        | '\u{AC00}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}')
}

/// Whether `text` can only be Latin text for [`Script::of`]: without the first byte of a
/// character from U+0580 on, but for U+2000..U+2E7F (0xE2 then below 0xBA: quotes, dashes,
/// bullets). Every right-to-left and CJK character `Script::of` looks for is U+0590 or above,
/// outside that block. A byte scan is cheaper than decoding the characters.
fn latin_only(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.is_ascii()
        || bytes.iter().enumerate().all(|(i, &b)| {
            b < 0xD6 || (b == 0xE2 && bytes.get(i + 1).is_some_and(|&next| next < 0xBA))
        })
}

#[derive(Debug, Default)]
pub(crate) struct Styles {
    /// Keyed by shared ids, which paragraphs of the style hold; each style parsed when first
    /// asked for (most of a template's styles never are).
    by_id: HashMap<ArcStr, Lazy<Style>>,
    /// The part's text, for the styles not parsed yet.
    text: Option<PartText>,
    /// The style used for paragraphs without `w:pStyle`.
    pub default_paragraph: Option<ArcStr>,
    /// `w:docDefaults/w:rPrDefault`'s `w:lang`: the language of text nothing else names one
    /// for.
    pub default_lang: LangAttrs,
    /// `w:docDefaults/w:pPrDefault`'s `w:pageBreakBefore`: every paragraph whose style chain
    /// does not say otherwise starts a page.
    pub default_page_break_before: bool,
}

/// A `basedOn` chain longer than this is a cycle or garbage.
const MAX_CHAIN: usize = 32;

impl Styles {
    /// The styles part: indexed by one cheap scan, each style parsed when first asked for;
    /// parsed in full (as [`Styles::parse`]) when the scan cannot vouch for the part.
    pub fn read(source: &PartSource<'_>) -> Result<Styles> {
        const WANTED: [&[u8]; 2] = [b"style", b"docDefaults"];
        let Some(found) = part_index::scan(source.text, b"styles", &WANTED, source.limits) else {
            return Styles::parse(&mut source.reader());
        };
        let text = PartText::new(source.text, source.part, source.limits);
        let mut styles = Styles::default();
        for element in &found {
            match WANTED[element.which] {
                b"style" => styles.add(&text.start(element), Lazy::unparsed(element.range.clone())),
                _ => text.parse(&element.range, |r| parse_doc_defaults(r, &mut styles))?,
            }
        }
        styles.text = Some(text);
        Ok(styles)
    }

    /// The styles part parsed in full, every style at once.
    pub fn parse(reader: &mut XmlReader<'_>) -> Result<Styles> {
        let mut styles = Styles::default();
        while let Some(event) = reader.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"styles" => {}
                    b"style" => {
                        let style = parse_style(reader)?;
                        styles.add(&e, Lazy::parsed(style));
                    }
                    b"docDefaults" => parse_doc_defaults(reader, &mut styles)?,
                    _ => reader.skip(&e)?,
                },
                Event::End(_) if reader.depth() == 0 => break,
                _ => {}
            }
        }
        Ok(styles)
    }

    /// A `w:style` with start tag `e`: a later style of the same id replaces an earlier one.
    fn add(&mut self, e: &BytesStart<'_>, style: Lazy<Style>) {
        let [id, kind, default] = attrs(e, [b"styleId", b"type", b"default"]);
        let id = id.map(ArcStr::from).unwrap_or_default();
        let is_paragraph = kind.is_none_or(|t| t == "paragraph");
        let is_default = default.is_some_and(|d| d == "1" || d == "true");
        if is_paragraph && is_default {
            self.default_paragraph = Some(id.clone());
        }
        self.by_id.insert(id, style);
    }

    /// Style `id`, parsed now if it was not yet.
    fn style(&self, id: &str) -> Option<&Style> {
        let lazy = self.by_id.get(id)?;
        Some(lazy.get(self.text.as_ref(), parse_style))
    }

    /// The style and its ancestors, nearest first.
    pub fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let style = self.style(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(MAX_CHAIN)
    }

    /// The display name of style `id`, shared.
    pub fn name(&self, id: &str) -> Option<ArcStr> {
        self.style(id)?.name.clone()
    }

    /// `id` as a shared string: the table's own copy when the style exists, else a new one.
    pub fn shared_id(&self, id: &str) -> ArcStr {
        match self.by_id.get_key_value(id) {
            Some((key, _)) => key.clone(),
            None => ArcStr::from(id),
        }
    }

    /// Heading level 1-9 of a paragraph style: from a heading style name (`heading 2`, `标题 2`)
    /// or an outline level, whichever comes first up the `basedOn` chain; `Title` itself is
    /// level 1, and passes nothing down the chain.
    pub fn heading_level(&self, id: &str) -> Option<u8> {
        for (depth, style) in self.chain(id).enumerate() {
            if style.is_title {
                return (depth == 0).then_some(1);
            }
            if let Some(level) = style.name_heading {
                return Some(level);
            }
            if let Some(level) = style.outline_level {
                return (level < 9).then_some(level + 1);
            }
        }
        None
    }

    /// Whether the style's font, its own or inherited, is a monospace one.
    pub fn monospace(&self, id: &str) -> bool {
        self.chain(id)
            .find_map(|style| style.monospace)
            .unwrap_or(false)
    }

    /// Whether paragraphs of the style start a new page (`w:pageBreakBefore`, its own,
    /// inherited, or the document default's).
    pub fn page_break_before(&self, id: Option<&str>) -> bool {
        id.and_then(|id| self.chain(id).find_map(|style| style.page_break_before))
            .unwrap_or(self.default_page_break_before)
    }

    /// The languages the style gives, its own or inherited one by one up the `basedOn` chain
    /// (not the document defaults').
    pub fn lang(&self, id: &str) -> LangAttrs {
        let mut lang = LangAttrs::default();
        for style in self.chain(id) {
            if !style.lang.is_empty() {
                lang = lang.or(&style.lang);
            }
        }
        lang
    }

    /// List numbering (`numId`, `ilvl`) inherited from the style chain.
    pub fn numbering(&self, id: &str) -> (Option<u32>, Option<u8>) {
        let mut num_id = None;
        let mut level = None;
        for style in self.chain(id) {
            num_id = num_id.or(style.num_id);
            level = level.or(style.num_level);
        }
        (num_id, level)
    }

    /// A style whose name is `name`, case-insensitively (for `numStyleLink`, which names ids).
    /// Looking by name parses every style, which only a list linked to a style asks for.
    pub fn by_id_or_name(&self, key: &str) -> Option<&Style> {
        self.style(key).or_else(|| {
            self.by_id
                .values()
                .map(|lazy| lazy.get(self.text.as_ref(), parse_style))
                .find(|s| {
                    s.name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(key))
                })
        })
    }
}

/// Latin font families whose every glyph has one width: what code is set in. (CJK fonts such
/// as NSimSun or MS Gothic are fixed-width too, and are body text.) Matched on the name
/// before any ` (` or `,`, case-insensitively; a name with the word `Mono` or `Code` counts too
/// (`Noto Sans Mono`, `Cascadia Code`, `Source Code Pro`).
const MONOSPACE_FONTS: &[&str] = &[
    "courier",
    "courier new",
    "consolas",
    "lucida console",
    "lucida sans typewriter",
    "menlo",
    "monaco",
    "andale mono",
    "inconsolata",
    "fixedsys",
    "terminal",
    "ocr a extended",
    "letter gothic",
    "prestige elite",
];

/// Whether a font family (`w:rFonts w:ascii`) is monospaced.
pub(crate) fn is_monospace_font(name: &str) -> bool {
    let lower = name.trim().to_lowercase();
    let family = lower.split([',', '(']).next().unwrap_or_default().trim();
    MONOSPACE_FONTS.contains(&family)
        || family
            .split([' ', '-'])
            .any(|word| word == "mono" || word == "code")
}

/// The words for "heading" that style names start with, lower-case. Word writes its built-in
/// names in English whatever the interface language; LibreOffice, WPS and older localized
/// writers put the interface's word in `w:name` (the ids vary too: `berschrift2`, `Titre3`).
const HEADING_WORDS: &[&str] = &[
    "heading",
    "标题",        // Chinese (simplified), WPS
    "標題",        // Chinese (traditional)
    "見出し",      // Japanese
    "제목",        // Korean
    "überschrift", // German
    "titre",       // French
    "título",      // Spanish, Portuguese
    "titolo",      // Italian
    "kop",         // Dutch
    "заголовок",   // Russian, Ukrainian
    "nagłówek",    // Polish
    "nadpis",      // Czech, Slovak
    "rubrik",      // Swedish
    "overskrift",  // Danish, Norwegian
    "otsikko",     // Finnish
    "başlık",      // Turkish
    "címsor",      // Hungarian
];

/// `heading 1`..`heading 9` in any case, with or without the space, in the languages of
/// [`HEADING_WORDS`] (`标题 1`, `Überschrift 2`, `Titre 3`, `見出し 2`, `Заголовок 3`, `Kop 4`);
/// `Title` is level 1 too (see [`Style::is_title`]), `Subtitle` is no heading.
pub(crate) fn heading_level_from_name(name: &str) -> Option<u8> {
    let lower = name.trim().to_lowercase();
    if lower == "title" {
        return Some(1);
    }
    let rest = HEADING_WORDS
        .iter()
        .find_map(|word| lower.strip_prefix(word))?
        .trim();
    match rest.parse::<u8>() {
        Ok(n @ 1..=9) => Some(n),
        _ => None,
    }
}

fn parse_style(reader: &mut XmlReader<'_>) -> Result<Style> {
    let mut style = Style::default();
    let level = reader.depth();
    let mut in_ppr = false;
    while let Some(event) = reader.next_event()? {
        match event {
            // Table-style conditional formatting has paragraph properties of its own.
            Event::Start(e) if local_name(&e) == b"tblStylePr" => reader.skip(&e)?,
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"name" => style.name = attr(&e, b"val").map(ArcStr::from),
                b"basedOn" => style.based_on = attr(&e, b"val").map(|v| v.into_owned()),
                b"pPr" => in_ppr = true,
                b"outlineLvl" if in_ppr => {
                    style.outline_level = attr(&e, b"val").and_then(|v| v.parse().ok())
                }
                b"numId" if in_ppr => style.num_id = attr(&e, b"val").and_then(|v| v.parse().ok()),
                b"pageBreakBefore" if in_ppr => style.page_break_before = Some(on_off(&e)),
                b"lang" if !in_ppr => style.lang = LangAttrs::read(&e),
                b"rFonts" if !in_ppr => {
                    let font = attr(&e, b"ascii").or_else(|| attr(&e, b"hAnsi"));
                    if let Some(font) = font {
                        style.monospace = Some(is_monospace_font(&font));
                    }
                }
                b"ilvl" if in_ppr => {
                    style.num_level = attr(&e, b"val").and_then(|v| v.parse().ok())
                }
                _ => {}
            },
            Event::End(e) => {
                if reader.depth() < level {
                    break;
                }
                if crate::xml::end_local_name(&e) == b"pPr" {
                    in_ppr = false;
                }
            }
            _ => {}
        }
    }
    let name = style.name.as_deref().unwrap_or_default();
    style.name_heading = heading_level_from_name(name);
    style.is_title = name.trim().eq_ignore_ascii_case("title");
    Ok(style)
}

/// `w:docDefaults` (just started): the default `w:lang` of `w:rPrDefault` and the default
/// `w:pageBreakBefore` of `w:pPrDefault`.
fn parse_doc_defaults(reader: &mut XmlReader<'_>, styles: &mut Styles) -> Result<()> {
    let level = reader.depth();
    let mut in_ppr_default = false;
    while let Some(event) = reader.next_event()? {
        match event {
            Event::Start(e) | Event::Empty(e) => match local_name(&e) {
                b"pPrDefault" => in_ppr_default = true,
                b"rPrDefault" => in_ppr_default = false,
                b"lang" if !in_ppr_default => styles.default_lang = LangAttrs::read(&e),
                b"pageBreakBefore" if in_ppr_default => {
                    styles.default_page_break_before = on_off(&e)
                }
                _ => {}
            },
            Event::End(_) if reader.depth() < level => break,
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognizes_heading_style_names_in_any_case_and_wps_chinese() {
        assert_eq!(heading_level_from_name("heading 1"), Some(1));
        assert_eq!(heading_level_from_name("Heading3"), Some(3));
        assert_eq!(heading_level_from_name("标题 2"), Some(2));
        assert_eq!(heading_level_from_name("Normal"), None);
        assert_eq!(heading_level_from_name("Title"), Some(1));
        assert_eq!(heading_level_from_name("Subtitle"), None);
        assert_eq!(heading_level_from_name("heading 10"), None);
    }

    #[test]
    fn recognizes_heading_style_names_that_localized_writers_use() {
        for (name, level) in [
            ("Überschrift 2", 2),
            ("Titre 3", 3),
            ("見出し 2", 2),
            ("Заголовок 3", 3),
            ("Kop 4", 4),
            ("Título 1", 1),
            ("標題 5", 5),
        ] {
            assert_eq!(heading_level_from_name(name), Some(level), "{name}");
        }
        // The word alone, or followed by anything but a level, is no heading.
        assert_eq!(heading_level_from_name("Titre"), None);
        assert_eq!(heading_level_from_name("Kopfzeile"), None);
        assert_eq!(heading_level_from_name("Rubrik Klein"), None);
    }

    fn styles_from(xml: &str) -> Styles {
        let limits = Default::default();
        let styles = Styles::read(&PartSource::new(xml, "word/styles.xml", &limits, None)).unwrap();
        assert!(styles.text.is_some(), "indexed, not parsed in full");
        styles
    }

    fn styles_parsed_in_full(xml: &str) -> Styles {
        let mut reader = XmlReader::new(xml, "word/styles.xml", &Default::default(), None);
        Styles::parse(&mut reader).unwrap()
    }

    /// What the readers of a paragraph ask of its style, in one comparable value.
    fn seen(styles: &Styles, id: &str) -> String {
        format!(
            "{:?} {:?} {} {} {:?} {:?}",
            styles.name(id),
            styles.heading_level(id),
            styles.monospace(id),
            styles.page_break_before(Some(id)),
            styles.lang(id),
            styles.numbering(id),
        )
    }

    const CHAIN: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
        <w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:latentStyles w:count="2"><w:lsdException w:name="heading 1"/></w:latentStyles>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Base"/>
          <w:pPr><w:outlineLvl w:val="1"/><w:numPr><w:ilvl w:val="2"/><w:numId w:val="4"/></w:numPr>
          <w:pageBreakBefore/></w:pPr>
          <w:rPr><w:rFonts w:ascii="Consolas"/><w:lang w:val="de-DE" w:bidi="he-IL"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Middle"><w:name w:val="Middle"/><w:basedOn w:val="Base"/>
          <w:rPr><w:lang w:eastAsia="ja-JP"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Used"><w:name w:val="Used"/><w:basedOn w:val="Middle"/></w:style>
        <w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/>
          <w:tblStylePr w:type="firstRow"><w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:tblStylePr></w:style>
        </w:styles>"#;

    #[test]
    fn a_style_used_through_unused_based_on_styles_reads_as_when_all_are_parsed() {
        let lazy = styles_from(CHAIN);
        let full = styles_parsed_in_full(CHAIN);
        assert_eq!(seen(&lazy, "Used"), seen(&full, "Used"));
        assert_eq!(lazy.heading_level("Used"), Some(2));
        assert_eq!(lazy.lang("Used").east_asia.as_deref(), Some("ja-JP"));
        // The chain was parsed on the way; the styles nobody asked for were not.
        assert!(lazy.by_id["Base"].is_parsed());
        assert!(!lazy.by_id["Grid"].is_parsed());
        assert!(!lazy.by_id["Normal"].is_parsed());
        for id in ["Normal", "Base", "Middle", "Grid", "Missing"] {
            assert_eq!(seen(&lazy, id), seen(&full, id), "{id}");
        }
        assert_eq!(lazy.default_paragraph, full.default_paragraph);
        assert_eq!(lazy.default_lang, full.default_lang);
        let name = |s: &Styles| s.by_id_or_name("table grid").and_then(|s| s.name.clone());
        assert_eq!(name(&lazy), name(&full));
    }

    #[test]
    fn a_styles_part_the_scan_cannot_vouch_for_is_parsed_in_full_with_the_same_outcome() {
        let limits = Default::default();
        let commented = CHAIN.replace("<w:latentStyles", "<!-- a comment --><w:latentStyles");
        let read = Styles::read(&PartSource::new(
            &commented,
            "word/styles.xml",
            &limits,
            None,
        ));
        let read = read.unwrap();
        assert!(read.text.is_none(), "parsed in full");
        assert_eq!(seen(&read, "Used"), seen(&styles_from(CHAIN), "Used"));
        // A malformed part fails as the full parse does, with the same message.
        let broken = CHAIN.replace("</w:latentStyles>", "</w:latentStyle>");
        let read = Styles::read(&PartSource::new(&broken, "word/styles.xml", &limits, None));
        let mut reader = XmlReader::new(&broken, "word/styles.xml", &limits, None);
        let full = Styles::parse(&mut reader);
        assert_eq!(read.unwrap_err().to_string(), full.unwrap_err().to_string());
    }

    #[test]
    fn monospace_fonts_are_known_by_family_and_by_mono_or_code_in_the_name() {
        for font in [
            "Courier New",
            "consolas",
            "Menlo",
            "Noto Sans Mono",
            "Source Code Pro",
            "Cascadia Code",
            "Courier New (Body)",
        ] {
            assert!(is_monospace_font(font), "{font}");
        }
        for font in [
            "Arial",
            "Times New Roman",
            "Calibri",
            "SimSun",
            "Monotype Corsiva",
            "Codec",
        ] {
            assert!(!is_monospace_font(font), "{font}");
        }
    }

    #[test]
    fn the_latin_shortcut_gives_the_language_reading_every_character_gives() {
        // Every character, alone and after Latin text, in both directions.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            let mixed = format!("abc {c}");
            for text in [alone.as_str(), mixed.as_str()] {
                for rtl in [false, true] {
                    let by_characters = if rtl {
                        Script::Bidi
                    } else {
                        Script::of_characters(text)
                    };
                    assert_eq!(
                        Script::of(text, rtl),
                        by_characters,
                        "{c:?} in {text:?}, rtl {rtl}"
                    );
                }
            }
        }
        assert!(latin_only("“quoted” café Ֆ – • …"));
        assert!(!latin_only("⺀ 中"));
        assert!(!latin_only("\u{5d0}"));
    }

    #[test]
    fn the_language_of_text_is_right_to_left_wherever_such_a_letter_is_else_east_asian() {
        let arc = |s: &str| Some(ArcStr::from(s));
        let lang = LangAttrs {
            latin: arc("en-US"),
            east_asia: arc("zh-CN"),
            bidi: arc("he-IL"),
        };
        let of = |text: &str, rtl: bool| lang.of(text, rtl).map(|l| l.to_string());
        assert_eq!(of("plain text", false).as_deref(), Some("en-US"));
        assert_eq!(of("plain text", true).as_deref(), Some("he-IL"));
        assert_eq!(of("café", false).as_deref(), Some("en-US"));
        assert_eq!(of("see 中文", false).as_deref(), Some("zh-CN"));
        assert_eq!(of("中文 and שלום", false).as_deref(), Some("he-IL"));
        assert_eq!(of("", false).as_deref(), Some("en-US"));
    }

    #[test]
    fn title_is_a_heading_but_styles_based_on_it_are_not() {
        let styles = styles_from(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
            <w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/>
              <w:basedOn w:val="Title"/></w:style>
            <w:style w:type="paragraph" w:styleId="Kicker"><w:name w:val="Kicker"/>
              <w:basedOn w:val="Title"/></w:style>
            </w:styles>"#,
        );
        assert_eq!(styles.heading_level("Title"), Some(1));
        assert_eq!(styles.heading_level("Subtitle"), None);
        assert_eq!(styles.heading_level("Kicker"), None);
    }

    #[test]
    fn heading_levels_come_down_the_based_on_chain_by_name_or_outline_level() {
        let styles = styles_from(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:style w:type="paragraph" w:styleId="berschrift2"><w:name w:val="Überschrift 2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Dachzeile"><w:name w:val="Dachzeile"/>
              <w:basedOn w:val="berschrift2"/></w:style>
            <w:style w:type="paragraph" w:styleId="Outline"><w:name w:val="Outline"/>
              <w:pPr><w:outlineLvl w:val="2"/></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Inner"><w:name w:val="Inner"/>
              <w:basedOn w:val="Outline"/></w:style>
            </w:styles>"#,
        );
        assert_eq!(styles.heading_level("Dachzeile"), Some(2));
        assert_eq!(styles.heading_level("Inner"), Some(3));
    }

    #[test]
    fn languages_come_down_the_chain_one_by_one_and_the_defaults_are_read() {
        let styles = styles_from(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:docDefaults>
              <w:rPrDefault><w:rPr><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>
              <w:pPrDefault><w:pPr><w:pageBreakBefore/></w:pPr></w:pPrDefault>
            </w:docDefaults>
            <w:style w:type="paragraph" w:styleId="German"><w:name w:val="German"/>
              <w:rPr><w:lang w:val="de-DE"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Japanese"><w:name w:val="Japanese"/>
              <w:basedOn w:val="German"/><w:pPr><w:pageBreakBefore w:val="0"/></w:pPr>
              <w:rPr><w:lang w:eastAsia="ja-JP"/></w:rPr></w:style>
            </w:styles>"#,
        );
        let lang = styles.lang("Japanese");
        assert_eq!(lang.latin.as_deref(), Some("de-DE"));
        assert_eq!(lang.east_asia.as_deref(), Some("ja-JP"));
        assert_eq!(lang.bidi, None);
        assert_eq!(styles.default_lang.bidi.as_deref(), Some("ar-SA"));
        assert_eq!(styles.default_lang.latin.as_deref(), Some("en-US"));
        assert!(styles.page_break_before(None));
        assert!(styles.page_break_before(Some("German")));
        assert!(!styles.page_break_before(Some("Japanese")));
    }
}
