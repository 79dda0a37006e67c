//! `ST_NumberFormat` (ECMA-376 Part 1, 17.18.59): a list counter's value as label text, the way
//! Word writes it. Pure functions, no XML.
//!
//! Every value of the simple type is known here except `hindiCounting` (Hindi number words);
//! [`format_number`] returns `None` for it and for names outside the type, and the caller
//! writes such a number in decimal with a warning. Systems with a finite set of symbols
//! (enclosed numbers, zodiac signs) write larger numbers in decimal, as Word does.

/// `n` in the number format `format`; `None` when the format is not known here.
pub(crate) fn format_number(n: i64, format: &str) -> Option<String> {
    Some(match format {
        "decimal" | "decimalHalfWidth" => n.to_string(),
        "decimalZero" => format!("{n:02}"),
        "upperRoman" => roman(n).to_uppercase(),
        "lowerRoman" => roman(n),
        "upperLetter" => letters(n, LATIN).to_uppercase(),
        "lowerLetter" => letters(n, LATIN),
        "ordinal" => ordinal(n),
        "cardinalText" => capitalized(&cardinal_words(n)),
        "ordinalText" => capitalized(&ordinal_words(n)),
        "dollarText" => format!("{} and 00/100", capitalized(&cardinal_words(n))),
        "hex" => format!("{n:X}"),
        "chicago" => chicago(n),
        "numberInDash" => format!("- {n} -"),
        "none" | "bullet" => String::new(),
        "decimalFullWidth" | "decimalFullWidth2" => digits(n, &FULL_WIDTH_DIGITS),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => enclosed(n, 0x2460, 20),
        "decimalEnclosedParen" => enclosed(n, 0x2474, 20),
        "decimalEnclosedFullstop" => enclosed(n, 0x2488, 20),
        "ideographEnclosedCircle" => enclosed(n, 0x3220, 10),
        "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
            digits(n, &IDEOGRAPH_DIGITS)
        }
        "koreanDigital2" => digits(n, &IDEOGRAPH_DIGITS),
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand" => chinese_counting(n),
        "japaneseCounting" => counting(n, &IDEOGRAPH_DIGITS, ["十", "百", "千", "万"], false),
        "japaneseLegal" => counting(n, &JAPANESE_LEGAL_DIGITS, ["拾", "百", "阡", "萬"], true),
        "chineseLegalSimplified" => counting(n, &CHINESE_LEGAL_SIMPLIFIED, LEGAL_UNITS_SC, true),
        "ideographLegalTraditional" => {
            counting(n, &CHINESE_LEGAL_TRADITIONAL, LEGAL_UNITS_TC, true)
        }
        "ideographTraditional" => cycle_or_decimal(n, HEAVENLY_STEMS, false),
        "ideographZodiac" => cycle_or_decimal(n, EARTHLY_BRANCHES, false),
        "ideographZodiacTraditional" => sexagenary(n),
        "aiueo" => cycle_or_decimal(n, AIUEO_HALF_WIDTH, true),
        "aiueoFullWidth" => cycle_or_decimal(n, AIUEO_FULL_WIDTH, true),
        "iroha" => cycle_or_decimal(n, IROHA_HALF_WIDTH, true),
        "irohaFullWidth" => cycle_or_decimal(n, IROHA_FULL_WIDTH, true),
        "koreanDigital" => digits(n, &KOREAN_DIGITS),
        "koreanCounting" => counting(n, &KOREAN_DIGITS, ["십", "백", "천", "만"], false),
        "koreanLegal" => korean_native(n),
        "ganada" => cycle_or_decimal(n, GANADA, true),
        "chosung" => cycle_or_decimal(n, CHOSUNG, true),
        "vietnameseCounting" => vietnamese(n),
        "russianLower" => letters(n, RUSSIAN),
        "russianUpper" => letters(n, RUSSIAN).to_uppercase(),
        "hebrew1" => hebrew_numerals(n),
        "hebrew2" => cycle_or_decimal(n, HEBREW_LETTERS, true),
        "arabicAlpha" => cycle_or_decimal(n, ARABIC_ALPHA, true),
        "arabicAbjad" => cycle_or_decimal(n, ARABIC_ABJAD, true),
        "hindiVowels" => cycle_or_decimal(n, HINDI_VOWELS, true),
        "hindiConsonants" => cycle_or_decimal(n, HINDI_CONSONANTS, true),
        "hindiNumbers" => digits(n, &DEVANAGARI_DIGITS),
        "thaiLetters" => cycle_or_decimal(n, THAI_LETTERS, true),
        "thaiNumbers" => digits(n, &THAI_DIGITS),
        "thaiCounting" => thai_words(n),
        "bahtText" => format!("{}บาทถ้วน", thai_words(n)),
        _ => return None,
    })
}

/// `custom` (Word 2010, `w14`): the only shape Word offers is zero padding, written as its first
/// three values (`001, 002, 003, ...`). `None` for any other custom format, so the caller falls
/// back to the level's `mc:Fallback` format.
pub(crate) fn format_custom(n: i64, pattern: &str) -> Option<String> {
    let first = pattern.split(',').next()?.trim();
    if first.is_empty() || !first.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(format!("{n:0width$}", width = first.len()))
}

const LATIN: &str = "abcdefghijklmnopqrstuvwxyz";
/// Word's Russian list letters leave out ё, й, ъ, ы and ь.
const RUSSIAN: &str = "абвгдежзиклмнопрстуфхцчшщэюя";
const FULL_WIDTH_DIGITS: [char; 10] = ['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];
const IDEOGRAPH_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const JAPANESE_LEGAL_DIGITS: [char; 10] =
    ['〇', '壱', '弐', '参', '四', '伍', '六', '七', '八', '九'];
const CHINESE_LEGAL_SIMPLIFIED: [char; 10] =
    ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const CHINESE_LEGAL_TRADITIONAL: [char; 10] =
    ['零', '壹', '貳', '參', '肆', '伍', '陸', '柒', '捌', '玖'];
const LEGAL_UNITS_SC: [&str; 4] = ["拾", "佰", "仟", "万"];
const LEGAL_UNITS_TC: [&str; 4] = ["拾", "佰", "仟", "萬"];
const KOREAN_DIGITS: [char; 10] = ['영', '일', '이', '삼', '사', '오', '육', '칠', '팔', '구'];
const DEVANAGARI_DIGITS: [char; 10] = ['०', '१', '२', '३', '४', '५', '६', '७', '८', '९'];
const THAI_DIGITS: [char; 10] = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'];
const HEAVENLY_STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
const EARTHLY_BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";
const AIUEO_FULL_WIDTH: &str =
    "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン";
const AIUEO_HALF_WIDTH: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ";
const IROHA_FULL_WIDTH: &str =
    "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス";
const IROHA_HALF_WIDTH: &str = "ｲﾛﾊﾆﾎﾍﾄﾁﾘﾇﾙｦﾜｶﾖﾀﾚｿﾂﾈﾅﾗﾑｳｲﾉｵｸﾔﾏｹﾌｺｴﾃｱｻｷﾕﾒﾐｼｴﾋﾓｾｽ";
const GANADA: &str = "가나다라마바사아자차카타파하";
const CHOSUNG: &str = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ";
const HEBREW_LETTERS: &str = "אבגדהוזחטיכלמנסעפצקרשת";
const ARABIC_ALPHA: &str = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي";
const ARABIC_ABJAD: &str = "ابجدهوزحطيكلمنسعفصقرشتثخذضظغ";
const HINDI_VOWELS: &str = "अआइईउऊऋएऐओऔ";
const HINDI_CONSONANTS: &str = "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह";
const THAI_LETTERS: &str = "กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ";

/// Roman numerals; Word writes 0, negatives and 4000 up in decimal.
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
fn letters(n: i64, alphabet: &str) -> String {
    let symbols: Vec<char> = alphabet.chars().collect();
    if n <= 0 {
        return n.to_string();
    }
    let len = symbols.len() as i64;
    let letter = symbols[((n - 1) % len) as usize];
    let count = ((n - 1) / len + 1) as usize;
    std::iter::repeat_n(letter, count.min(64)).collect()
}

/// One symbol per value from a finite sequence (`repeat`: `aa` after the last, as letters do);
/// decimal outside it.
fn cycle_or_decimal(n: i64, sequence: &str, repeat: bool) -> String {
    let len = sequence.chars().count() as i64;
    if n >= 1 && (n <= len || repeat) {
        letters(n, sequence)
    } else {
        n.to_string()
    }
}

/// Each decimal digit replaced by its counterpart.
fn digits(n: i64, table: &[char; 10]) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('-');
    }
    for d in n.unsigned_abs().to_string().bytes() {
        out.push(table[(d - b'0') as usize]);
    }
    out
}

/// The `count` enclosed numbers from `first` (①..⑳, ⑴..⒇); decimal past them.
fn enclosed(n: i64, first: u32, count: i64) -> String {
    if (1..=count).contains(&n) {
        if let Some(c) = char::from_u32(first + n as u32 - 1) {
            return c.to_string();
        }
    }
    n.to_string()
}

/// 1st, 2nd, 3rd, 4th; 11th, 12th, 13th; 21st, 111th.
fn ordinal(n: i64) -> String {
    let suffix = match (n.rem_euclid(100), n.rem_euclid(10)) {
        (11..=13, _) => "th",
        (_, 1) => "st",
        (_, 2) => "nd",
        (_, 3) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

const ONES: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];

/// English number words as Word writes them (no "and"): "one hundred one", "twenty-one".
fn cardinal_words(n: i64) -> String {
    if n < 0 {
        return format!("minus {}", cardinal_words(-n));
    }
    if n >= 1_000_000_000 {
        return n.to_string();
    }
    let mut parts: Vec<String> = Vec::new();
    let mut rest = n;
    for (size, name) in [(1_000_000, "million"), (1000, "thousand"), (100, "hundred")] {
        if rest >= size {
            parts.push(format!("{} {name}", cardinal_words(rest / size)));
            rest %= size;
        }
    }
    if rest > 0 || parts.is_empty() {
        parts.push(match rest {
            0..=19 => ONES[rest as usize].to_string(),
            _ if rest % 10 == 0 => TENS[(rest / 10) as usize].to_string(),
            _ => format!(
                "{}-{}",
                TENS[(rest / 10) as usize],
                ONES[(rest % 10) as usize]
            ),
        });
    }
    parts.join(" ")
}

/// English ordinal words: the last word of the cardinal made ordinal ("twenty-first").
fn ordinal_words(n: i64) -> String {
    let cardinal = cardinal_words(n);
    let split = cardinal.rfind([' ', '-']).map_or(0, |i| i + 1);
    let (head, last) = cardinal.split_at(split);
    let last = match last {
        "one" => "first".to_string(),
        "two" => "second".to_string(),
        "three" => "third".to_string(),
        "five" => "fifth".to_string(),
        "eight" => "eighth".to_string(),
        "nine" => "ninth".to_string(),
        "twelve" => "twelfth".to_string(),
        w if w.ends_with('y') => format!("{}ieth", &w[..w.len() - 1]),
        w if w.bytes().all(|b| b.is_ascii_digit()) => return ordinal(n),
        w => format!("{w}th"),
    };
    format!("{head}{last}")
}

/// Each space-separated word capitalized, the part after a hyphen not: "One Hundred
/// Twenty-one", as Word's list labels show it.
fn capitalized(words: &str) -> String {
    words
        .split(' ')
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Chicago Manual of Style footnote marks: *, †, ‡, §, then each doubled, tripled...
fn chicago(n: i64) -> String {
    if n <= 0 {
        return n.to_string();
    }
    const MARKS: [char; 4] = ['*', '†', '‡', '§'];
    let mark = MARKS[((n - 1) % 4) as usize];
    std::iter::repeat_n(mark, (((n - 1) / 4 + 1) as usize).min(64)).collect()
}

/// The Chinese counting system: 一 十 十一 二十 一百〇五 (a zero between digits is 〇).
fn chinese_counting(n: i64) -> String {
    if (10..20).contains(&n) {
        // 十, 十一: no 一 before a leading ten.
        let ones = if n > 10 {
            IDEOGRAPH_DIGITS[(n - 10) as usize].to_string()
        } else {
            String::new()
        };
        return format!("十{ones}");
    }
    counting_with_zero(n, &IDEOGRAPH_DIGITS, ["十", "百", "千", "万"], true, true)
}

/// A counting system with unit characters for 10, 100, 1000 and 10000. `one_before_units`:
/// whether 10, 100... are written with the digit one (壹拾) or without it (十, 百 in Japanese).
fn counting(n: i64, digits: &[char; 10], units: [&str; 4], one_before_units: bool) -> String {
    counting_with_zero(n, digits, units, one_before_units, one_before_units)
}

fn counting_with_zero(
    n: i64,
    digits: &[char; 10],
    units: [&str; 4],
    one_before_units: bool,
    zero_between: bool,
) -> String {
    if !(0..100_000).contains(&n) {
        return n.to_string();
    }
    if n == 0 {
        return digits[0].to_string();
    }
    let decimal: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, &d) in decimal.iter().enumerate() {
        let place = decimal.len() - 1 - i;
        if d == 0 {
            pending_zero = true;
            continue;
        }
        if pending_zero && zero_between && !out.is_empty() {
            out.push(digits[0]);
        }
        pending_zero = false;
        if d != 1 || place == 0 || one_before_units {
            out.push(digits[d]);
        }
        if place > 0 {
            out.push_str(units[place - 1]);
        }
    }
    out
}

/// `koreanLegal`: native Korean numbers, 하나 둘 셋 ... 열 열하나 스물 ... 아흔아홉; Sino-Korean
/// counting from 100 on.
fn korean_native(n: i64) -> String {
    const ONES: [&str; 10] = [
        "", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉",
    ];
    const TENS: [&str; 10] = [
        "", "열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔",
    ];
    if !(1..100).contains(&n) {
        return counting(n, &KOREAN_DIGITS, ["십", "백", "천", "만"], false);
    }
    format!("{}{}", TENS[(n / 10) as usize], ONES[(n % 10) as usize])
}

/// Vietnamese number words: một, mười, mười một, hai mươi mốt, mười lăm, một trăm.
fn vietnamese(n: i64) -> String {
    const ONES: [&str; 10] = [
        "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
    ];
    if !(1..1000).contains(&n) {
        return n.to_string();
    }
    let (hundreds, tens, ones) = (n / 100, n / 10 % 10, n % 10);
    let mut words: Vec<&str> = Vec::new();
    if hundreds > 0 {
        words.extend([ONES[hundreds as usize], "trăm"]);
        if tens == 0 && ones > 0 {
            words.push("lẻ");
        }
    }
    match tens {
        0 => {}
        1 => words.push("mười"),
        t => words.extend([ONES[t as usize], "mươi"]),
    }
    if ones > 0 {
        words.push(match ones {
            1 if tens >= 2 => "mốt",
            5 if tens >= 1 => "lăm",
            o => ONES[o as usize],
        });
    }
    words.join(" ")
}

/// Hebrew numerals (gematria) without geresh marks: א..ט, י, יא, טו and טז (not the letters of
/// God's name), כ..צ, ק..ת, and ת repeated for each further 400.
fn hebrew_numerals(n: i64) -> String {
    if !(1..10_000).contains(&n) {
        return n.to_string();
    }
    const HUNDREDS: [&str; 5] = ["", "ק", "ר", "ש", "ת"];
    const TENS: [&str; 10] = ["", "י", "כ", "ל", "מ", "נ", "ס", "ע", "פ", "צ"];
    const ONES: [&str; 10] = ["", "א", "ב", "ג", "ד", "ה", "ו", "ז", "ח", "ט"];
    let mut out = String::new();
    let mut rest = n;
    while rest >= 400 {
        out.push('ת');
        rest -= 400;
    }
    out.push_str(HUNDREDS[(rest / 100) as usize]);
    rest %= 100;
    match rest {
        15 => out.push_str("טו"),
        16 => out.push_str("טז"),
        _ => {
            out.push_str(TENS[(rest / 10) as usize]);
            out.push_str(ONES[(rest % 10) as usize]);
        }
    }
    out
}

/// `ideographZodiacTraditional`: the sixty-year cycle, a heavenly stem and an earthly branch
/// (甲子, 乙丑, ...); decimal past 60.
fn sexagenary(n: i64) -> String {
    if !(1..=60).contains(&n) {
        return n.to_string();
    }
    let stem = HEAVENLY_STEMS.chars().nth(((n - 1) % 10) as usize);
    let branch = EARTHLY_BRANCHES.chars().nth(((n - 1) % 12) as usize);
    stem.into_iter().chain(branch).collect()
}

/// Thai number words: หนึ่ง, สิบ, สิบเอ็ด, ยี่สิบ, ยี่สิบเอ็ด, หนึ่งร้อย.
fn thai_words(n: i64) -> String {
    const DIGITS: [&str; 10] = [
        "ศูนย์",
        "หนึ่ง",
        "สอง",
        "สาม",
        "สี่",
        "ห้า",
        "หก",
        "เจ็ด",
        "แปด",
        "เก้า",
    ];
    const UNITS: [&str; 6] = ["", "สิบ", "ร้อย", "พัน", "หมื่น", "แสน"];
    if !(0..1_000_000).contains(&n) {
        return n.to_string();
    }
    if n == 0 {
        return DIGITS[0].to_string();
    }
    let decimal: Vec<usize> = n.to_string().bytes().map(|b| (b - b'0') as usize).collect();
    let mut out = String::new();
    for (i, &d) in decimal.iter().enumerate() {
        let place = decimal.len() - 1 - i;
        match (place, d) {
            (_, 0) => continue,
            (1, 1) => {}
            (1, 2) => out.push_str("ยี่"),
            (0, 1) if n > 10 => out.push_str("เอ็ด"),
            _ => out.push_str(DIGITS[d]),
        }
        out.push_str(UNITS[place]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The labels of `values` in `format`, space-separated.
    fn labels(format: &str, values: &[i64]) -> String {
        values
            .iter()
            .map(|&n| format_number(n, format).unwrap_or_else(|| panic!("{format} unknown")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn decimal_and_zero_padded_decimal_start_from_zero_as_word_allows() {
        assert_eq!(labels("decimal", &[0, 1, 10]), "0 1 10");
        assert_eq!(
            labels("decimalZero", &[0, 1, 9, 10, 100]),
            "00 01 09 10 100"
        );
        assert_eq!(labels("decimalHalfWidth", &[7]), "7");
        assert_eq!(labels("numberInDash", &[3]), "- 3 -");
        assert_eq!(labels("hex", &[1, 10, 255]), "1 A FF");
    }

    #[test]
    fn roman_and_latin_letters_follow_word() {
        assert_eq!(labels("lowerRoman", &[1, 4, 9, 14]), "i iv ix xiv");
        assert_eq!(labels("upperRoman", &[1994, 0]), "MCMXCIV 0");
        assert_eq!(labels("lowerLetter", &[1, 2, 26, 27, 28]), "a b z aa bb");
        assert_eq!(labels("upperLetter", &[3, 53]), "C AAA");
    }

    #[test]
    fn ordinal_suffixes_follow_english_including_the_teens() {
        assert_eq!(
            labels(
                "ordinal",
                &[0, 1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111, 112]
            ),
            "0th 1st 2nd 3rd 4th 11th 12th 13th 21st 22nd 23rd 101st 111th 112th"
        );
    }

    #[test]
    fn cardinal_text_writes_capitalized_english_words() {
        assert_eq!(labels("cardinalText", &[1, 2, 13]), "One Two Thirteen");
        assert_eq!(labels("cardinalText", &[20, 21]), "Twenty Twenty-one");
        assert_eq!(labels("cardinalText", &[100]), "One Hundred");
        assert_eq!(labels("cardinalText", &[101]), "One Hundred One");
        assert_eq!(
            labels("cardinalText", &[1234]),
            "One Thousand Two Hundred Thirty-four"
        );
        assert_eq!(labels("cardinalText", &[0]), "Zero");
        assert_eq!(labels("dollarText", &[2]), "Two and 00/100");
    }

    #[test]
    fn ordinal_text_makes_the_last_word_ordinal() {
        assert_eq!(
            labels("ordinalText", &[1, 2, 3, 5, 8, 9, 12]),
            "First Second Third Fifth Eighth Ninth Twelfth"
        );
        assert_eq!(
            labels("ordinalText", &[20, 21, 40]),
            "Twentieth Twenty-first Fortieth"
        );
        assert_eq!(
            labels("ordinalText", &[100, 101]),
            "One Hundredth One Hundred First"
        );
    }

    #[test]
    fn chinese_counting_omits_one_before_a_leading_ten_and_marks_inner_zeros() {
        assert_eq!(
            labels("chineseCounting", &[1, 2, 10, 11, 20, 21, 100, 105, 110]),
            "一 二 十 十一 二十 二十一 一百 一百〇五 一百一十"
        );
        assert_eq!(labels("taiwaneseCounting", &[12]), "十二");
        assert_eq!(labels("chineseCountingThousand", &[1000]), "一千");
    }

    #[test]
    fn japanese_counting_writes_units_without_a_leading_one() {
        assert_eq!(
            labels("japaneseCounting", &[1, 10, 11, 20, 100, 105, 1000]),
            "一 十 十一 二十 百 百五 千"
        );
        assert_eq!(
            labels("japaneseLegal", &[1, 2, 3, 10, 11]),
            "壱 弐 参 壱拾 壱拾壱"
        );
    }

    #[test]
    fn chinese_legal_numbers_use_the_financial_characters() {
        assert_eq!(
            labels("chineseLegalSimplified", &[1, 2, 3, 10, 11, 20, 100, 101]),
            "壹 贰 叁 壹拾 壹拾壹 贰拾 壹佰 壹佰零壹"
        );
        assert_eq!(
            labels("ideographLegalTraditional", &[1, 2, 3, 6, 10, 12]),
            "壹 貳 參 陸 壹拾 壹拾貳"
        );
    }

    #[test]
    fn ideographic_digits_and_cycles_follow_word() {
        assert_eq!(labels("ideographDigital", &[1, 10, 25]), "一 一〇 二五");
        assert_eq!(labels("taiwaneseDigital", &[3]), "三");
        assert_eq!(labels("koreanDigital2", &[10]), "一〇");
        assert_eq!(
            labels("ideographTraditional", &[1, 2, 10, 11]),
            "甲 乙 癸 11"
        );
        assert_eq!(labels("ideographZodiac", &[1, 12, 13]), "子 亥 13");
        assert_eq!(
            labels("ideographZodiacTraditional", &[1, 2, 11, 60, 61]),
            "甲子 乙丑 甲戌 癸亥 61"
        );
        assert_eq!(labels("ideographEnclosedCircle", &[1, 10, 11]), "㈠ ㈩ 11");
    }

    #[test]
    fn enclosed_and_full_width_digits_fall_back_to_decimal_past_twenty() {
        assert_eq!(labels("decimalEnclosedCircle", &[1, 3, 20, 21]), "① ③ ⑳ 21");
        assert_eq!(labels("decimalEnclosedCircleChinese", &[2]), "②");
        assert_eq!(labels("decimalEnclosedParen", &[1, 20]), "⑴ ⒇");
        assert_eq!(labels("decimalEnclosedFullstop", &[1, 20]), "⒈ ⒛");
        assert_eq!(labels("decimalFullWidth", &[12]), "１２");
        assert_eq!(labels("decimalFullWidth2", &[3]), "３");
    }

    #[test]
    fn japanese_kana_sequences_in_both_widths() {
        assert_eq!(
            labels("aiueoFullWidth", &[1, 2, 3, 6, 46]),
            "ア イ ウ カ ン"
        );
        assert_eq!(labels("aiueo", &[1, 2, 3]), "ｱ ｲ ｳ");
        assert_eq!(labels("irohaFullWidth", &[1, 2, 3, 47]), "イ ロ ハ ス");
        assert_eq!(labels("iroha", &[1, 2, 3]), "ｲ ﾛ ﾊ");
    }

    #[test]
    fn korean_formats_count_in_sino_korean_native_and_jamo() {
        assert_eq!(
            labels("koreanCounting", &[1, 2, 10, 11, 20, 100]),
            "일 이 십 십일 이십 백"
        );
        assert_eq!(labels("koreanDigital", &[1, 2, 10]), "일 이 일영");
        assert_eq!(
            labels("koreanLegal", &[1, 2, 10, 11, 20, 99]),
            "하나 둘 열 열하나 스물 아흔아홉"
        );
        assert_eq!(labels("ganada", &[1, 2, 14, 15]), "가 나 하 가가");
        assert_eq!(labels("chosung", &[1, 2, 14]), "ㄱ ㄴ ㅎ");
    }

    #[test]
    fn hebrew_numerals_avoid_the_divine_name_for_fifteen_and_sixteen() {
        assert_eq!(
            labels("hebrew1", &[1, 2, 10, 11, 15, 16, 17, 20, 100, 400, 500]),
            "א ב י יא טו טז יז כ ק ת תק"
        );
        assert_eq!(labels("hebrew2", &[1, 2, 22, 23]), "א ב ת אא");
    }

    #[test]
    fn arabic_letters_in_alphabetical_and_abjad_order() {
        assert_eq!(labels("arabicAlpha", &[1, 2, 3, 28]), "ا ب ت ي");
        assert_eq!(labels("arabicAbjad", &[1, 2, 3, 4]), "ا ب ج د");
    }

    #[test]
    fn thai_and_hindi_digits_letters_and_words() {
        assert_eq!(labels("thaiNumbers", &[1, 2, 10]), "๑ ๒ ๑๐");
        assert_eq!(labels("thaiLetters", &[1, 2, 3]), "ก ข ค");
        assert_eq!(
            labels("thaiCounting", &[1, 10, 11, 20, 21, 100]),
            "หนึ่ง สิบ สิบเอ็ด ยี่สิบ ยี่สิบเอ็ด หนึ่งร้อย"
        );
        assert_eq!(labels("bahtText", &[1]), "หนึ่งบาทถ้วน");
        assert_eq!(labels("hindiNumbers", &[1, 10]), "१ १०");
        assert_eq!(labels("hindiVowels", &[1, 2]), "अ आ");
        assert_eq!(labels("hindiConsonants", &[1, 2]), "क ख");
    }

    #[test]
    fn vietnamese_and_russian_follow_their_languages() {
        assert_eq!(
            labels("vietnameseCounting", &[1, 10, 11, 15, 21, 25, 100, 105]),
            "một mười mười một mười lăm hai mươi mốt hai mươi lăm một trăm một trăm lẻ năm"
        );
        assert_eq!(labels("russianLower", &[1, 2, 9, 10]), "а б и к");
        assert_eq!(labels("russianUpper", &[1, 29]), "А АА");
    }

    #[test]
    fn chicago_marks_repeat_after_the_fourth() {
        assert_eq!(labels("chicago", &[1, 2, 3, 4, 5, 8]), "* † ‡ § ** §§");
    }

    #[test]
    fn bullets_and_none_print_nothing() {
        assert_eq!(labels("none", &[3]), "");
        assert_eq!(labels("bullet", &[3]), "");
    }

    #[test]
    fn formats_left_out_are_reported_as_unknown() {
        assert_eq!(format_number(2, "hindiCounting"), None);
        assert_eq!(format_number(2, "klingon"), None);
    }

    #[test]
    fn custom_formats_pad_with_zeros_to_the_width_word_shows() {
        assert_eq!(
            format_custom(7, "001, 002, 003, ...").as_deref(),
            Some("007")
        );
        assert_eq!(format_custom(1234, "0001, 0002").as_deref(), Some("1234"));
        assert_eq!(format_custom(1, "α, β, γ"), None);
    }
}
