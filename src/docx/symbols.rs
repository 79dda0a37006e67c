//! `w:sym`: characters from symbol fonts, mapped to Unicode where the font's code points are
//! private-use (Symbol and Wingdings store their glyphs at U+F020..U+F0FF).

/// The character for a `w:sym` with `font` and hex `char` code.
pub(crate) fn symbol_char(font: &str, code: u32) -> Option<char> {
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = font.to_ascii_lowercase();
    if code < 0xF000 && code > 0xFF {
        return char::from_u32(code);
    }
    let mapped = if font == "symbol" {
        symbol_font(low)
    } else if font.starts_with("wingdings") {
        wingdings(low)
    } else {
        None
    };
    mapped.or_else(|| char::from_u32(code))
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

/// The most used Wingdings glyphs (check boxes, ticks, arrows, bullets).
fn wingdings(c: u32) -> Option<char> {
    Some(match c {
        0x6C => '●',
        0x6E => '■',
        0x6F => '□',
        0x71 => '❑',
        0x74 => '◆',
        0x76 => '❖',
        0x9F => '•',
        0xA7 => '▪',
        0xA8 => '☐',
        0xD8 => '➢',
        0xE0 => '→',
        0xE8 => '➔',
        0xFB => '✗',
        0xFC => '✓',
        0xFD => '☒',
        0xFE => '☑',
        0x4A => '☺',
        0x4C => '☹',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_symbol_and_wingdings_private_use_code_points() {
        assert_eq!(symbol_char("Symbol", 0xF061), Some('α'));
        assert_eq!(symbol_char("Symbol", 0xF0B3), Some('≥'));
        assert_eq!(symbol_char("Wingdings", 0xF0FC), Some('✓'));
        assert_eq!(symbol_char("Wingdings 2", 0xF0FE), Some('☑'));
        assert_eq!(symbol_char("Arial", 0x263A), Some('☺'));
    }
}
