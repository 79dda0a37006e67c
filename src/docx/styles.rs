//! `styles.xml`: style names, `basedOn` chains, outline levels, list properties, languages,
//! and of the document defaults the language and `w:pageBreakBefore`. Latent styles are
//! skipped unread: they are most of a large styles part.

use crate::HashMap;

use quick_xml::events::{BytesStart, Event};

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

    /// The language that applies to `text`: right-to-left text is complex script, text with
    /// CJK characters is East Asian, anything else Latin.
    pub fn of(&self, text: &str, rtl: bool) -> Option<&ArcStr> {
        if rtl || text.chars().any(is_rtl_char) {
            self.bidi.as_ref()
        } else if text.chars().any(is_cjk_char) {
            self.east_asia.as_ref()
        } else {
            self.latin.as_ref()
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

#[derive(Debug, Default)]
pub(crate) struct Styles {
    /// Keyed by shared ids, which paragraphs of the style hold.
    by_id: HashMap<ArcStr, Style>,
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
    pub fn parse(reader: &mut XmlReader<'_>) -> Result<Styles> {
        let mut styles = Styles::default();
        while let Some(event) = reader.next_event()? {
            match event {
                Event::Start(e) => match local_name(&e) {
                    b"styles" => {}
                    b"style" => {
                        let [id, kind, default] = attrs(&e, [b"styleId", b"type", b"default"]);
                        let id = id.map(ArcStr::from).unwrap_or_default();
                        let is_paragraph = kind.is_none_or(|t| t == "paragraph");
                        let is_default = default.is_some_and(|d| d == "1" || d == "true");
                        let style = parse_style(reader)?;
                        if is_paragraph && is_default {
                            styles.default_paragraph = Some(id.clone());
                        }
                        styles.by_id.insert(id, style);
                    }
                    b"docDefaults" => parse_doc_defaults(reader, &mut styles)?,
                    _ => reader.skip(&e)?,
                },
                Event::End(_) if reader.depth() == 0 => break,
                _ => {}
            }
        }
        for style in styles.by_id.values_mut() {
            let name = style.name.as_deref().unwrap_or_default();
            style.name_heading = heading_level_from_name(name);
            style.is_title = name.trim().eq_ignore_ascii_case("title");
        }
        Ok(styles)
    }

    /// The style and its ancestors, nearest first.
    pub fn chain<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Style> + 'a {
        let mut next = Some(id);
        std::iter::from_fn(move || {
            let style = self.by_id.get(next?)?;
            next = style.based_on.as_deref();
            Some(style)
        })
        .take(MAX_CHAIN)
    }

    /// The display name of style `id`, shared.
    pub fn name(&self, id: &str) -> Option<ArcStr> {
        self.by_id.get(id)?.name.clone()
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
    pub fn by_id_or_name(&self, key: &str) -> Option<&Style> {
        self.by_id.get(key).or_else(|| {
            self.by_id.values().find(|s| {
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
        let mut reader = XmlReader::new(xml, "word/styles.xml", &Default::default(), None);
        Styles::parse(&mut reader).unwrap()
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
