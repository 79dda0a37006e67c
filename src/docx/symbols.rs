//! `w:sym` and runs set in symbol fonts: characters from symbol fonts, mapped to Unicode where
//! the font's code points are private-use (Symbol, Wingdings and Webdings store their glyphs at
//! U+F020..U+F0FF, the font's code 0x20..0xFF plus 0xF000).
//!
//! Symbol follows Adobe's Symbol encoding. Wingdings and Webdings follow the mapping Unicode 7.0
//! was designed around (it encoded the characters both fonts were missing, e.g. U+1F5F9 BALLOT
//! BOX WITH BOLD CHECK for Wingdings 0xFE), code by code from 0x20 to 0xFF. Codes without a
//! Unicode character (Wingdings 0xFF, the Windows logo; Webdings 0x7F, no glyph) and the fonts
//! without a table here (Wingdings 2, Wingdings 3, ...) keep their private-use code point, which
//! keeps them recoverable: a wrong character would not be.

/// The symbol fonts whose codes map to Unicode here, by their `w:rFonts`/`w:sym` font name.
pub(crate) fn symbol_font_name(font: &str) -> Option<&'static str> {
    let font = font.trim();
    ["Symbol", "Wingdings", "Webdings"]
        .into_iter()
        .find(|known| known.eq_ignore_ascii_case(font))
}

/// The character for a `w:sym` with `font` and hex `char` code.
pub(crate) fn symbol_char(font: &str, code: u32) -> Option<char> {
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    if code < 0xF000 && code > 0xFF {
        return char::from_u32(code);
    }
    let mapped = match symbol_font_name(font) {
        Some("Symbol") => symbol_font(low),
        Some("Wingdings") => from_table(&WINGDINGS, low),
        Some("Webdings") => from_table(&WEBDINGS, low),
        _ => None,
    };
    mapped.or_else(|| char::from_u32(code))
}

/// A code's character in a table of the codes 0x20..=0xFF (`None` for `NONE` and codes outside).
fn from_table(table: &[char; 224], code: u32) -> Option<char> {
    let index = usize::try_from(code.checked_sub(0x20)?).ok()?;
    table.get(index).copied().filter(|&c| c != NONE)
}

const SYMBOL_A0: &str =
    "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪";
const SYMBOL_F1: &str = "〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭";

/// The Symbol font: Greek letters and math symbols at ASCII positions, and Adobe's Symbol
/// encoding above 0xA0.
fn symbol_font(c: u32) -> Option<char> {
    const GREEK_UPPER: &str = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    const GREEK_LOWER: &str = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    Some(match c {
        0x41..=0x5A => GREEK_UPPER.chars().nth((c - 0x41) as usize)?,
        0x61..=0x7A => GREEK_LOWER.chars().nth((c - 0x61) as usize)?,
        0x20..=0x40 | 0x5B..=0x60 | 0x7B..=0x7E => match c {
            0x22 => '∀',
            0x24 => '∃',
            0x27 => '∋',
            0x2A => '∗',
            0x2D => '−',
            0x40 => '≅',
            0x5C => '∴',
            0x5E => '⊥',
            0x60 => '‾',
            0x7E => '∼',
            _ => char::from_u32(c)?,
        },
        // Adobe's Symbol encoding, 0xA0..0xFE (0xF0 has no glyph).
        0xA0..=0xEF => SYMBOL_A0.chars().nth((c - 0xA0) as usize)?,
        0xF1..=0xFE => SYMBOL_F1.chars().nth((c - 0xF1) as usize)?,
        _ => return None,
    })
}

/// A code without a Unicode character: it stays private-use.
const NONE: char = '\0';

/// Wingdings, 0x20..=0xFF.
#[rustfmt::skip]
const WINGDINGS: [char; 224] = [
    /* 0x20 */ ' ', '\u{1F589}', '\u{2702}', '\u{2701}', '\u{1F453}', '\u{1F56D}', '\u{1F56E}', '\u{1F56F}',
    /* 0x28 */ '\u{1F57F}', '\u{2706}', '\u{1F582}', '\u{1F583}', '\u{1F4EA}', '\u{1F4EB}', '\u{1F4EC}', '\u{1F4ED}',
    /* 0x30 */ '\u{1F5C0}', '\u{1F5C1}', '\u{1F5CE}', '\u{1F5CF}', '\u{1F5D0}', '\u{1F5C4}', '\u{231B}', '\u{1F5AE}',
    /* 0x38 */ '\u{1F5B0}', '\u{1F5B2}', '\u{1F5B3}', '\u{1F5B4}', '\u{1F5AB}', '\u{1F5AC}', '\u{2707}', '\u{270D}',
    /* 0x40 */ '\u{1F58E}', '\u{270C}', '\u{1F58F}', '\u{1F44D}', '\u{1F44E}', '\u{261C}', '\u{261E}', '\u{261D}',
    /* 0x48 */ '\u{261F}', '\u{1F590}', '\u{263A}', '\u{1F610}', '\u{2639}', '\u{1F4A3}', '\u{1F571}', '\u{1F3F3}',
    /* 0x50 */ '\u{1F3F1}', '\u{2708}', '\u{263C}', '\u{1F322}', '\u{2744}', '\u{1F546}', '\u{271E}', '\u{1F548}',
    /* 0x58 */ '\u{2720}', '\u{2721}', '\u{262A}', '\u{262F}', '\u{1F549}', '\u{2638}', '\u{2648}', '\u{2649}',
    /* 0x60 */ '\u{264A}', '\u{264B}', '\u{264C}', '\u{264D}', '\u{264E}', '\u{264F}', '\u{2650}', '\u{2651}',
    /* 0x68 */ '\u{2652}', '\u{2653}', '\u{1F670}', '\u{1F675}', '\u{26AB}', '\u{1F53E}', '\u{25FC}', '\u{1F78F}',
    /* 0x70 */ '\u{1F790}', '\u{2751}', '\u{2752}', '\u{1F79F}', '\u{29EB}', '\u{25C6}', '\u{2756}', '\u{2B29}',
    /* 0x78 */ '\u{2327}', '\u{2BB9}', '\u{2318}', '\u{1F3F5}', '\u{1F3F6}', '\u{1F676}', '\u{1F677}', '\u{25AF}',
    /* 0x80 */ '\u{1F10B}', '\u{2780}', '\u{2781}', '\u{2782}', '\u{2783}', '\u{2784}', '\u{2785}', '\u{2786}',
    /* 0x88 */ '\u{2787}', '\u{2788}', '\u{2789}', '\u{1F10C}', '\u{278A}', '\u{278B}', '\u{278C}', '\u{278D}',
    /* 0x90 */ '\u{278E}', '\u{278F}', '\u{2790}', '\u{2791}', '\u{2792}', '\u{2793}', '\u{1F662}', '\u{1F660}',
    /* 0x98 */ '\u{1F661}', '\u{1F663}', '\u{1F65E}', '\u{1F65C}', '\u{1F65D}', '\u{1F65F}', '\u{2219}', '\u{2022}',
    /* 0xA0 */ '\u{2B1D}', '\u{2B58}', '\u{1F786}', '\u{1F788}', '\u{1F78A}', '\u{1F78B}', '\u{1F53F}', '\u{25AA}',
    /* 0xA8 */ '\u{1F78E}', '\u{1F7C1}', '\u{1F7C5}', '\u{2605}', '\u{1F7CB}', '\u{1F7CF}', '\u{1F7D3}', '\u{1F7D1}',
    /* 0xB0 */ '\u{2BD0}', '\u{2316}', '\u{2BCE}', '\u{2BCF}', '\u{2BD1}', '\u{272A}', '\u{2730}', '\u{1F550}',
    /* 0xB8 */ '\u{1F551}', '\u{1F552}', '\u{1F553}', '\u{1F554}', '\u{1F555}', '\u{1F556}', '\u{1F557}', '\u{1F558}',
    /* 0xC0 */ '\u{1F559}', '\u{1F55A}', '\u{1F55B}', '\u{2BB0}', '\u{2BB1}', '\u{2BB2}', '\u{2BB3}', '\u{2BB4}',
    /* 0xC8 */ '\u{2BB5}', '\u{2BB6}', '\u{2BB7}', '\u{1F66A}', '\u{1F66B}', '\u{1F655}', '\u{1F654}', '\u{1F657}',
    /* 0xD0 */ '\u{1F656}', '\u{1F650}', '\u{1F651}', '\u{1F652}', '\u{1F653}', '\u{232B}', '\u{2326}', '\u{2B98}',
    /* 0xD8 */ '\u{2B9A}', '\u{2B99}', '\u{2B9B}', '\u{2B88}', '\u{2B8A}', '\u{2B89}', '\u{2B8B}', '\u{1F868}',
    /* 0xE0 */ '\u{1F86A}', '\u{1F869}', '\u{1F86B}', '\u{1F86C}', '\u{1F86D}', '\u{1F86F}', '\u{1F86E}', '\u{1F878}',
    /* 0xE8 */ '\u{1F87A}', '\u{1F879}', '\u{1F87B}', '\u{1F87C}', '\u{1F87D}', '\u{1F87F}', '\u{1F87E}', '\u{21E6}',
    /* 0xF0 */ '\u{21E8}', '\u{21E7}', '\u{21E9}', '\u{2B04}', '\u{21F3}', '\u{2B01}', '\u{2B00}', '\u{2B03}',
    /* 0xF8 */ '\u{2B02}', '\u{1F8AC}', '\u{1F8AD}', '\u{1F5F6}', '\u{2713}', '\u{1F5F7}', '\u{1F5F9}', NONE,
];

/// Webdings, 0x20..=0xFF.
#[rustfmt::skip]
const WEBDINGS: [char; 224] = [
    /* 0x20 */ ' ', '\u{1F577}', '\u{1F578}', '\u{1F572}', '\u{1F576}', '\u{1F3C6}', '\u{1F396}', '\u{1F587}',
    /* 0x28 */ '\u{1F5E8}', '\u{1F5E9}', '\u{1F5F0}', '\u{1F5F1}', '\u{1F336}', '\u{1F397}', '\u{1F67E}', '\u{1F67C}',
    /* 0x30 */ '\u{1F5D5}', '\u{1F5D6}', '\u{1F5D7}', '\u{23F4}', '\u{23F5}', '\u{23F6}', '\u{23F7}', '\u{23EA}',
    /* 0x38 */ '\u{23E9}', '\u{23EE}', '\u{23ED}', '\u{23F8}', '\u{23F9}', '\u{23FA}', '\u{1F5DA}', '\u{1F5F3}',
    /* 0x40 */ '\u{1F6E0}', '\u{1F3D7}', '\u{1F3D8}', '\u{1F3D9}', '\u{1F3DA}', '\u{1F3DC}', '\u{1F3ED}', '\u{1F3DB}',
    /* 0x48 */ '\u{1F3E0}', '\u{1F3D6}', '\u{1F3DD}', '\u{1F6E3}', '\u{1F50D}', '\u{1F3D4}', '\u{1F441}', '\u{1F442}',
    /* 0x50 */ '\u{1F3DE}', '\u{1F3D5}', '\u{1F6E4}', '\u{1F3DF}', '\u{1F6F3}', '\u{1F56C}', '\u{1F56B}', '\u{1F568}',
    /* 0x58 */ '\u{1F508}', '\u{1F394}', '\u{1F395}', '\u{1F5EC}', '\u{1F67D}', '\u{1F5ED}', '\u{1F5EA}', '\u{1F5EB}',
    /* 0x60 */ '\u{2B94}', '\u{2714}', '\u{1F6B2}', '\u{2B1C}', '\u{1F6E1}', '\u{1F4E6}', '\u{1F6F1}', '\u{2B1B}',
    /* 0x68 */ '\u{1F691}', '\u{1F6C8}', '\u{1F6E9}', '\u{1F6F0}', '\u{1F7C8}', '\u{1F574}', '\u{2B24}', '\u{1F6E5}',
    /* 0x70 */ '\u{1F694}', '\u{1F5D8}', '\u{1F5D9}', '\u{2753}', '\u{1F6F2}', '\u{1F687}', '\u{1F68D}', '\u{26F3}',
    /* 0x78 */ '\u{29B8}', '\u{2296}', '\u{1F6AD}', '\u{1F5EE}', '\u{23D0}', '\u{1F5EF}', '\u{1F5F2}', NONE,
    /* 0x80 */ '\u{1F6B9}', '\u{1F6BA}', '\u{1F6C9}', '\u{1F6CA}', '\u{1F6BC}', '\u{1F47D}', '\u{1F3CB}', '\u{26F7}',
    /* 0x88 */ '\u{1F3C2}', '\u{1F3CC}', '\u{1F3CA}', '\u{1F3C4}', '\u{1F3CD}', '\u{1F3CE}', '\u{1F698}', '\u{1F5E0}',
    /* 0x90 */ '\u{1F6E2}', '\u{1F4B0}', '\u{1F3F7}', '\u{1F4B3}', '\u{1F46A}', '\u{1F5E1}', '\u{1F5E2}', '\u{1F5E3}',
    /* 0x98 */ '\u{272F}', '\u{1F584}', '\u{1F585}', '\u{1F583}', '\u{1F586}', '\u{1F5B9}', '\u{1F5BA}', '\u{1F5BB}',
    /* 0xA0 */ '\u{1F575}', '\u{1F570}', '\u{1F5BD}', '\u{1F5BE}', '\u{1F4CB}', '\u{1F5D2}', '\u{1F5D3}', '\u{1F56E}',
    /* 0xA8 */ '\u{1F4DA}', '\u{1F5DE}', '\u{1F5DF}', '\u{1F5C3}', '\u{1F5C2}', '\u{1F5BC}', '\u{1F3AD}', '\u{1F39C}',
    /* 0xB0 */ '\u{1F398}', '\u{1F399}', '\u{1F3A7}', '\u{1F4BF}', '\u{1F39E}', '\u{1F4F7}', '\u{1F39F}', '\u{1F3AC}',
    /* 0xB8 */ '\u{1F4FD}', '\u{1F4F9}', '\u{1F4FE}', '\u{1F4FB}', '\u{1F39A}', '\u{1F39B}', '\u{1F4FA}', '\u{1F4BB}',
    /* 0xC0 */ '\u{1F5A5}', '\u{1F5A6}', '\u{1F5A7}', '\u{1F579}', '\u{1F3AE}', '\u{1F57B}', '\u{1F57C}', '\u{1F4DF}',
    /* 0xC8 */ '\u{1F581}', '\u{1F580}', '\u{1F5A8}', '\u{1F5A9}', '\u{1F5BF}', '\u{1F5AA}', '\u{1F5DC}', '\u{1F512}',
    /* 0xD0 */ '\u{1F513}', '\u{1F5DD}', '\u{1F4E5}', '\u{1F4E4}', '\u{1F573}', '\u{1F323}', '\u{1F324}', '\u{1F325}',
    /* 0xD8 */ '\u{1F326}', '\u{2601}', '\u{1F328}', '\u{1F327}', '\u{1F329}', '\u{1F32A}', '\u{1F32C}', '\u{1F32B}',
    /* 0xE0 */ '\u{1F31C}', '\u{1F321}', '\u{1F6CB}', '\u{1F6CF}', '\u{1F37D}', '\u{1F378}', '\u{1F6CE}', '\u{1F6CD}',
    /* 0xE8 */ '\u{24C5}', '\u{267F}', '\u{1F6C6}', '\u{1F588}', '\u{1F393}', '\u{1F5E4}', '\u{1F5E5}', '\u{1F5E6}',
    /* 0xF0 */ '\u{1F5E7}', '\u{1F6EA}', '\u{1F43F}', '\u{1F426}', '\u{1F41F}', '\u{1F415}', '\u{1F408}', '\u{1F66C}',
    /* 0xF8 */ '\u{1F66E}', '\u{1F66D}', '\u{1F66F}', '\u{1F5FA}', '\u{1F30D}', '\u{1F30F}', '\u{1F30E}', '\u{1F54A}',
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_symbol_and_wingdings_private_use_code_points() {
        assert_eq!(symbol_char("Symbol", 0xF061), Some('α'));
        assert_eq!(symbol_char("Symbol", 0xF0B3), Some('≥'));
        assert_eq!(symbol_char("Wingdings", 0xF0FC), Some('✓'));
        assert_eq!(symbol_char("Arial", 0x263A), Some('☺'));
    }

    #[test]
    fn wingdings_codes_map_to_the_unicode_7_characters() {
        let wingdings = |code| symbol_char("Wingdings", code);
        assert_eq!(wingdings(0xF021), Some('\u{1F589}')); // LOWER LEFT PENCIL
        assert_eq!(wingdings(0xF04A), Some('☺'));
        assert_eq!(wingdings(0xF06F), Some('\u{1F78F}')); // MEDIUM WHITE SQUARE
        assert_eq!(wingdings(0xF074), Some('⧫'));
        assert_eq!(wingdings(0xF075), Some('◆'));
        assert_eq!(wingdings(0xF0A8), Some('\u{1F78E}')); // LIGHT WHITE SQUARE
        assert_eq!(wingdings(0xF0E0), Some('\u{1F86A}')); // WIDE-HEADED RIGHTWARDS BARB ARROW
                                                          // The circled digits: 0 and negative 0 were added for Wingdings, 1-10 are dingbats.
        let circled: String = (0xF080..=0xF095).filter_map(wingdings).collect();
        assert_eq!(circled, "\u{1F10B}➀➁➂➃➄➅➆➇➈➉\u{1F10C}➊➋➌➍➎➏➐➑➒➓");
        // The ballot boxes and ticks.
        let ballots: String = (0xFB..=0xFE).filter_map(wingdings).collect();
        assert_eq!(ballots, "\u{1F5F6}✓\u{1F5F7}\u{1F5F9}");
        // The code without an F0 offset means the same; 0xFF (the Windows logo) stays private.
        assert_eq!(wingdings(0x4A), Some('☺'));
        assert_eq!(wingdings(0xF0FF), Some('\u{F0FF}'));
        assert_eq!(wingdings(0xF020), Some(' '));
    }

    #[test]
    fn webdings_codes_map_to_the_unicode_7_characters() {
        let webdings = |code| symbol_char("Webdings", code);
        assert_eq!(webdings(0xF021), Some('\u{1F577}')); // SPIDER
        assert_eq!(webdings(0xF022), Some('\u{1F578}')); // SPIDER WEB
        assert_eq!(webdings(0xF061), Some('✔'));
        assert_eq!(webdings(0xF072), Some('\u{1F5D9}')); // CANCELLATION X
        assert_eq!(webdings(0xF080), Some('\u{1F6B9}')); // MENS SYMBOL
        assert_eq!(webdings(0xF0FE), Some('\u{1F30E}')); // EARTH GLOBE AMERICAS
        assert_eq!(webdings(0xF0FF), Some('\u{1F54A}')); // DOVE OF PEACE
                                                         // 0x7F has no glyph: it stays private.
        assert_eq!(webdings(0xF07F), Some('\u{F07F}'));
    }

    #[test]
    fn each_wingdings_and_webdings_glyph_has_its_own_character() {
        for (name, table, undefined) in [
            ("Wingdings", &WINGDINGS, 0xFF),
            ("Webdings", &WEBDINGS, 0x7F),
        ] {
            let mut seen = std::collections::HashSet::new();
            for (i, &c) in table.iter().enumerate() {
                let code = 0x20 + i as u32;
                if code == undefined {
                    assert_eq!(c, NONE, "{name} {code:#X}");
                    continue;
                }
                assert_ne!(c, NONE, "{name} {code:#X} is unmapped");
                assert!(!('\u{E000}'..='\u{F8FF}').contains(&c), "{name} {code:#X}");
                assert!(seen.insert(c), "{name} {code:#X}: {c} twice");
            }
        }
    }

    #[test]
    fn only_fonts_with_a_table_are_mapped() {
        assert_eq!(symbol_font_name(" wingdings "), Some("Wingdings"));
        assert_eq!(symbol_font_name("WEBDINGS"), Some("Webdings"));
        assert_eq!(symbol_font_name("Symbol"), Some("Symbol"));
        // Wingdings 2 and 3 are other fonts: their codes stay private-use, never Wingdings glyphs.
        assert_eq!(symbol_font_name("Wingdings 2"), None);
        assert_eq!(symbol_char("Wingdings 2", 0xF0FE), Some('\u{F0FE}'));
        assert_eq!(symbol_char("Wingdings 3", 0xF021), Some('\u{F021}'));
    }
}
