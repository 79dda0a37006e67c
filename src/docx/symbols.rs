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

/// The Symbol font: Greek letters and math symbols at ASCII positions.
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
        0xA3 => '≤',
        0xA5 => '∞',
        0xA7 => '♣',
        0xA8 => '♦',
        0xA9 => '♥',
        0xAA => '♠',
        0xAB => '↔',
        0xAC => '←',
        0xAD => '↑',
        0xAE => '→',
        0xAF => '↓',
        0xB0 => '°',
        0xB1 => '±',
        0xB3 => '≥',
        0xB4 => '×',
        0xB5 => '∝',
        0xB6 => '∂',
        0xB7 => '•',
        0xB8 => '÷',
        0xB9 => '≠',
        0xBA => '≡',
        0xBB => '≈',
        0xBC => '…',
        0xC5 => '⊕',
        0xC6 => '∅',
        0xC7 => '∩',
        0xC8 => '∪',
        0xCE => '∈',
        0xD1 => '∇',
        0xD2 => '®',
        0xD3 => '©',
        0xD4 => '™',
        0xD5 => '∏',
        0xD6 => '√',
        0xD7 => '⋅',
        0xD8 => '¬',
        0xD9 => '∧',
        0xDA => '∨',
        0xDB => '⇔',
        0xDC => '⇐',
        0xDE => '⇒',
        0xE5 => '∑',
        0xF2 => '∫',
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
