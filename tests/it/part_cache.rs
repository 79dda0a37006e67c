//! A batch's part cache: documents from one template parse its styles and numbering once,
//! and every output is what it would be without the cache.

use std::sync::Arc;

use docxtract::synth::{snippets as s, Docx, RelType, Target};
use docxtract::{from_bytes, Document, Options, PartCache};

/// A template's styles: a few hundred styles, as Word's Normal.dotm and newsroom templates
/// have, so the part is well over the size the cache starts at.
fn template_styles(heading_name: &str) -> String {
    let mut xml = format!(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="{heading_name}"/><w:basedOn w:val="Normal"/></w:style>"#
    );
    for i in 0..400 {
        xml += &format!(
            r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Body{i}"><w:name w:val="Body Text {i}"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="{i}"/></w:pPr><w:rPr><w:sz w:val="22"/></w:rPr></w:style>"#
        );
    }
    xml
}

fn template_numbering() -> String {
    let mut xml = String::new();
    for id in 1..=60 {
        xml += &format!(r#"<w:abstractNum w:abstractNumId="{id}">"#);
        for level in 0..9 {
            xml += &format!(
                r#"<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%{}."/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr></w:lvl>"#,
                level + 1,
                720 * (level + 1)
            );
        }
        xml += "</w:abstractNum>";
    }
    for id in 1..=60 {
        xml += &format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{id}"/></w:num>"#);
    }
    xml
}

fn article(k: usize, heading_name: &str) -> Vec<u8> {
    let mut d = Docx::new();
    d.styles(&template_styles(heading_name));
    d.numbering(&template_numbering());
    d.set_body(
        &[
            s::p_text(Some("Heading1"), &format!("Headline {k}")),
            s::p_text(Some("Body7"), &format!("Story {k}.")),
            s::p_list(None, 3, 0, "first point"),
            s::p_list(None, 3, 1, "a sub-point"),
            s::sect_pr(&[], &[]),
        ]
        .concat(),
    );
    d.to_bytes()
}

fn json(doc: &Document) -> String {
    serde_json::to_string(doc).unwrap()
}

fn cached_options() -> (Options, Arc<PartCache>) {
    let cache = Arc::new(PartCache::new(32 << 20));
    let mut options = Options::default();
    options.part_cache = Some(cache.clone());
    (options, cache)
}

#[test]
fn documents_from_one_template_parse_its_parts_once_and_convert_the_same() {
    let files: Vec<Vec<u8>> = (0..4).map(|k| article(k, "heading 1")).collect();
    let (cached, cache) = cached_options();
    for bytes in &files {
        let with = from_bytes(bytes, &cached).unwrap();
        let without = from_bytes(bytes, &Options::default()).unwrap();
        assert_eq!(json(&with), json(&without));
        assert_eq!(with.paragraphs()[0].1.heading, Some(1));
        let list = with.paragraphs()[3].1.list.clone().unwrap();
        assert_eq!(list.label, "1.");
    }
    // Styles and numbering: parsed for the first document, found for the other three.
    assert_eq!(cache.stats(), (6, 2));
}

#[test]
fn a_template_part_that_differs_by_one_byte_is_parsed_again() {
    let (cached, cache) = cached_options();
    from_bytes(&article(0, "heading 1"), &cached).unwrap();
    // `heading 2` instead of `heading 1`: the same size, another CRC and other bytes.
    let other = from_bytes(&article(1, "heading 2"), &cached).unwrap();
    assert_eq!(
        other.paragraphs()[0].1.heading,
        Some(2),
        "not the first template's styles"
    );
    assert_eq!(
        json(&other),
        json(&from_bytes(&article(1, "heading 2"), &Options::default()).unwrap())
    );
    // The numbering part is the same in both.
    assert_eq!(cache.stats(), (1, 3));
}

#[test]
fn a_cached_part_gives_its_warnings_again() {
    // A styles part with a byte that is not UTF-8: a repair warning for every document.
    let mut bytes = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}</w:styles>"#,
        template_styles("heading 1")
    )
    .into_bytes();
    let at = bytes.windows(11).position(|w| w == b"Body Text 7").unwrap();
    bytes[at + 4] = 0xFF;
    let mut d = Docx::new();
    d.add_part_bytes(
        "word/styles.xml",
        &bytes,
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
    );
    d.add_rel(
        Docx::MAIN,
        RelType::Styles,
        Target::Part("word/styles.xml".into()),
    );
    d.set_body(
        &[
            s::p_text(Some("Heading1"), "Headline"),
            s::sect_pr(&[], &[]),
        ]
        .concat(),
    );
    let file = d.to_bytes();

    let without = from_bytes(&file, &Options::default()).unwrap();
    assert!(
        without.warnings.iter().any(|w| w.part == "word/styles.xml"),
        "{:?}",
        without.warnings
    );
    let (cached, cache) = cached_options();
    for _ in 0..2 {
        let with = from_bytes(&file, &cached).unwrap();
        assert_eq!(json(&with), json(&without));
    }
    assert_eq!(cache.stats(), (1, 1));
}

#[test]
fn a_cached_part_still_counts_against_the_limit_on_all_parts_read() {
    let file = article(0, "heading 1");
    let mut options = Options::default();
    let styles_size = template_styles("heading 1").len() as u64;
    options.limits.max_total_bytes = styles_size + 4096;
    let outcome = |options: &Options| match from_bytes(&file, options) {
        Ok(_) => "converted".to_string(),
        Err(e) => format!("{:?}", e.kind()),
    };
    let without = outcome(&options);
    let cache = Arc::new(PartCache::new(32 << 20));
    options.part_cache = Some(cache.clone());
    // The first conversion fills the cache (or fails the same way), the second reads from it.
    for _ in 0..2 {
        assert_eq!(outcome(&options), without);
    }
    assert!(without.starts_with("LimitExceeded"), "{without}");
}

/// An article of python-docx's kind: small styles (2 KiB) and settings (with the document
/// protection and the even/odd header switch) the same in every document.
fn small_template_article(k: usize) -> Vec<u8> {
    let mut d = Docx::new();
    let mut styles = String::from(
        r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>"#,
    );
    for i in 0..12 {
        styles += &format!(
            r#"<w:style w:type="paragraph" w:styleId="Body{i}"><w:name w:val="Body {i}"/><w:basedOn w:val="Normal"/></w:style>"#
        );
    }
    d.styles(&styles);
    let rsids: String = (0..60)
        .map(|i| format!(r#"<w:rsid w:val="00{i:06X}"/>"#))
        .collect();
    d.settings(&format!(
        r#"<w:documentProtection w:edit="readOnly" w:enforcement="1"/><w:evenAndOddHeaders/><w:rsids>{rsids}</w:rsids>"#
    ));
    d.set_body(
        &[
            s::p_text(Some("Heading1"), &format!("Headline {k}")),
            s::p_text(Some("Body3"), &format!("Story {k}.")),
            s::sect_pr(&[], &[]),
        ]
        .concat(),
    );
    d.to_bytes()
}

#[test]
fn small_styles_and_settings_of_a_template_are_parsed_once_too() {
    let (cached, cache) = cached_options();
    for k in 0..3 {
        let file = small_template_article(k);
        let with = from_bytes(&file, &cached).unwrap();
        let without = from_bytes(&file, &Options::default()).unwrap();
        assert_eq!(json(&with), json(&without));
        assert_eq!(with.paragraphs()[0].1.heading, Some(1));
        assert!(with.metadata.protection.is_some_and(|p| p.enforced));
    }
    // Styles and settings: parsed for the first document, found for the other two.
    assert_eq!(cache.stats(), (4, 2));
}
