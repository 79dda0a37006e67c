//! List numbering as Word computes it (issue 17, section 2): default start values, skipped
//! levels, `w:lvlRestart`, `w:isLgl`, bullet levels inside multi-level labels, number formats,
//! and the label in every output format. Each case builds its numbering.xml with the fixture
//! builder and asserts the labels Word shows for it.

use docxtract::model::{Document, WarningCode};
use docxtract::synth::{snippets as s, Docx};
use docxtract::write::{write, Format, WriteOptions};
use docxtract::{from_bytes, Options};

/// A `w:lvl`; `start: None` leaves `w:start` out. `extra` goes inside the level (`w:isLgl`,
/// `w:lvlRestart`).
fn lvl(ilvl: u8, start: Option<i64>, format: &str, text: &str, extra: &str) -> String {
    let start = start.map_or(String::new(), |v| format!(r#"<w:start w:val="{v}"/>"#));
    format!(
        r#"<w:lvl w:ilvl="{ilvl}">{start}<w:numFmt w:val="{format}"/>{extra}<w:lvlText w:val="{text}"/></w:lvl>"#
    )
}

/// A document whose list numId 1 uses an abstract list with `levels`, and whose body is one
/// list paragraph per `(ilvl, text)`.
fn list_doc(levels: &[String], items: &[(u32, &str)]) -> Document {
    let mut d = Docx::new();
    d.numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
        levels.concat()
    ));
    let body: String = items
        .iter()
        .map(|&(ilvl, text)| s::p_list(None, 1, ilvl, text))
        .collect();
    d.set_body(&body);
    from_bytes(&d.to_bytes(), &Options::default()).expect("converts")
}

fn labels(doc: &Document) -> Vec<String> {
    doc.paragraphs()
        .into_iter()
        .filter_map(|(_, p)| p.list.as_ref().map(|l| l.label.clone()))
        .collect()
}

/// The labels of a one-list document (see [`list_doc`]).
fn labels_of(levels: &[String], items: &[(u32, &str)]) -> Vec<String> {
    labels(&list_doc(levels, items))
}

/// Nine decimal levels `%1.`, `%1.%2.`, ... with `start`.
fn outline(start: Option<i64>) -> Vec<String> {
    (0..9u8)
        .map(|l| {
            let text: String = (1..=l + 1).map(|d| format!("%{d}.")).collect();
            lvl(l, start, "decimal", &text, "")
        })
        .collect()
}

#[test]
fn a_level_without_a_start_value_starts_at_zero() {
    let doc = list_doc(
        &[
            lvl(0, None, "ordinal", "%1", ""),
            lvl(1, None, "decimalZero", "%2", ""),
        ],
        &[
            (0, "zeroth"),
            (0, "first"),
            (1, "double zero"),
            (1, "zero one"),
        ],
    );
    assert_eq!(labels(&doc), ["0th", "1st", "00", "01"]);
    let numbers: Vec<u32> = doc
        .paragraphs()
        .iter()
        .filter_map(|(_, p)| p.list.as_ref().map(|l| l.number))
        .collect();
    assert_eq!(numbers, [0, 1, 0, 1]);
}

#[test]
fn a_level_skipped_over_by_a_deeper_item_counts_as_started() {
    let levels = [
        lvl(0, Some(1), "decimal", "%1.", ""),
        lvl(1, Some(1), "lowerLetter", "%1.%2.", ""),
        lvl(2, Some(1), "lowerRoman", "%1.%2.%3.", ""),
    ];
    let doc = list_doc(
        &levels,
        &[
            (0, "one"),
            (2, "skips the letter level"),
            (1, "the letter level's second item"),
            (2, "restarts under it"),
            (0, "two"),
        ],
    );
    assert_eq!(labels(&doc), ["1.", "1.a.i.", "1.b.", "1.b.i.", "2."]);
}

#[test]
fn a_list_that_begins_at_a_deeper_level_has_started_the_shallower_ones() {
    let doc = list_doc(&outline(Some(1)), &[(1, "first item"), (0, "then level 1")]);
    assert_eq!(labels(&doc), ["1.1.", "2."]);
}

#[test]
fn lvl_restart_keeps_counting_across_the_levels_it_names() {
    let levels = [
        lvl(0, Some(1), "decimal", "%1.", ""),
        lvl(1, Some(1), "decimal", "%1.%2.", ""),
        // Restarts after level 1 only: a level-2 item does not restart it.
        lvl(
            2,
            Some(1),
            "decimal",
            "%1.%2.%3.",
            r#"<w:lvlRestart w:val="1"/>"#,
        ),
        // Never restarts.
        lvl(
            3,
            Some(1),
            "lowerLetter",
            "%4)",
            r#"<w:lvlRestart w:val="0"/>"#,
        ),
    ];
    let doc = list_doc(
        &levels,
        &[0, 1, 2, 3, 1, 2, 3, 0, 2, 3].map(|l| (l, "item")),
    );
    assert_eq!(
        labels(&doc),
        ["1.", "1.1.", "1.1.1.", "a)", "1.2.", "1.2.2.", "b)", "2.", "2.1.1.", "c)"]
    );
}

/// The issue's legal-numbering example: 2. 2.18. 2.18.i. 2.18.ii. then an `isLgl` level.
fn legal_example() -> Document {
    let levels = [
        lvl(0, Some(2), "decimal", "%1.", ""),
        lvl(1, Some(18), "decimal", "%1.%2.", ""),
        lvl(2, Some(1), "lowerRoman", "%1.%2.%3.", ""),
        lvl(3, Some(1), "decimal", "%1.%2.%3.%4", "<w:isLgl/>"),
    ];
    let items = [
        (0, "Top"),
        (1, "Section"),
        (2, "Roman"),
        (2, "Roman"),
        (3, "Legal clause"),
    ];
    list_doc(&levels, &items)
}

#[test]
fn legal_numbering_writes_every_level_in_decimal() {
    assert_eq!(
        labels(&legal_example()),
        ["2.", "2.18.", "2.18.i.", "2.18.ii.", "2.18.2.1"]
    );
}

#[test]
fn legal_numbering_keeps_zero_padded_levels_padded() {
    let levels = [
        lvl(0, Some(1), "upperRoman", "Article %1.", ""),
        lvl(1, Some(1), "decimalZero", "Section %1.%2", "<w:isLgl/>"),
    ];
    assert_eq!(
        labels_of(&levels, &[(0, "article"), (1, "section")]),
        ["Article I.", "Section 1.01"]
    );
}

#[test]
fn a_start_override_sets_the_shared_counter_once_and_counting_goes_on_from_it() {
    let mut d = Docx::new();
    d.numbering(&format!(
        r#"<w:abstractNum w:abstractNumId="0">{}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="10"/></w:lvlOverride></w:num>"#,
        lvl(0, Some(1), "decimal", "%1)", "")
    ));
    let body: String = [1, 1, 2, 2, 1, 2]
        .iter()
        .map(|&num| s::p_list(None, num, 0, "item"))
        .collect();
    d.set_body(&body);
    let doc = from_bytes(&d.to_bytes(), &Options::default()).unwrap();
    assert_eq!(labels(&doc), ["1)", "2)", "10)", "11)", "12)", "13)"]);
}

#[test]
fn a_bullet_level_inside_a_multi_level_label_prints_nothing() {
    let levels = [
        lvl(0, Some(1), "bullet", "\u{F0B7}", ""),
        lvl(1, Some(1), "decimal", "%1.%2)", ""),
    ];
    assert_eq!(
        labels_of(&levels, &[(0, "bullet"), (1, "numbered under it")]),
        ["•", ".1)"]
    );
}

#[test]
fn the_wingdings_square_bullet_is_a_square() {
    let doc = list_doc(
        &[lvl(0, Some(1), "bullet", "\u{F0A7}", "")],
        &[(0, "square")],
    );
    assert_eq!(labels(&doc), ["▪"]);
}

/// The first three labels of a one-level list in `format`, starting at `start`.
fn first_labels(format: &str, start: i64) -> Vec<String> {
    let doc = list_doc(
        &[lvl(0, Some(start), format, "%1", "")],
        &[(0, "a"), (0, "b"), (0, "c")],
    );
    labels(&doc)
}

#[test]
fn number_formats_give_word_labels_in_a_document() {
    let cases: &[(&str, i64, [&str; 3])] = &[
        ("ordinal", 11, ["11th", "12th", "13th"]),
        ("cardinalText", 20, ["Twenty", "Twenty-one", "Twenty-two"]),
        ("ordinalText", 1, ["First", "Second", "Third"]),
        ("chineseLegalSimplified", 1, ["壹", "贰", "叁"]),
        ("ideographLegalTraditional", 9, ["玖", "壹拾", "壹拾壹"]),
        ("chineseCounting", 10, ["十", "十一", "十二"]),
        ("koreanCounting", 1, ["일", "이", "삼"]),
        ("hebrew1", 14, ["יד", "טו", "טז"]),
        ("arabicAlpha", 1, ["ا", "ب", "ت"]),
        ("arabicAbjad", 1, ["ا", "ب", "ج"]),
        ("thaiNumbers", 1, ["๑", "๒", "๓"]),
        ("decimalEnclosedCircle", 19, ["⑲", "⑳", "21"]),
    ];
    for (format, start, expected) in cases {
        assert_eq!(first_labels(format, *start), expected, "{format}");
    }
}

#[test]
fn a_zero_padded_custom_format_is_used_over_its_fallback() {
    let level = r#"<w:lvl w:ilvl="0"><w:start w:val="9"/><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/></mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent><w:lvlText w:val="%1."/></w:lvl>"#;
    let doc = list_doc(&[level.to_string()], &[(0, "nine"), (0, "ten")]);
    assert_eq!(labels(&doc), ["009.", "010."]);
}

#[test]
fn a_format_left_out_is_written_in_decimal_with_a_warning() {
    let doc = list_doc(
        &[lvl(0, Some(1), "hindiCounting", "%1.", "")],
        &[(0, "one"), (0, "two")],
    );
    assert_eq!(labels(&doc), ["1.", "2."]);
    let unknown = doc
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::UnknownNumberFormat)
        .count();
    assert_eq!(
        unknown, 1,
        "one warning for the document: {:?}",
        doc.warnings
    );
}

fn render(doc: &Document, format: Format) -> String {
    let mut out = Vec::new();
    write(doc, format, &WriteOptions::new(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_computed_label_reaches_text_markdown_csv_and_json() {
    let doc = legal_example();
    assert!(render(&doc, Format::Text).contains("2.18.2.1 Legal clause"));
    assert!(render(&doc, Format::Markdown).contains("2.18.2.1 Legal clause"));
    assert!(render(&doc, Format::Csv).contains(",2.18.2.1,Legal clause,"));
    assert!(render(&doc, Format::Json).contains(r#""label":"2.18.2.1""#));
}
