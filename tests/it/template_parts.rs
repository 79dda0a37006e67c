//! Template parts read for what a conversion needs (issue 18 §2): `styles.xml` and
//! `numbering.xml` are indexed by a cheap scan and a style or list is parsed when first used.
//! A part the scan cannot vouch for (here: one with a comment in it) is parsed in full, so
//! the two paths are compared document for document, with and without the part cache.

use std::sync::Arc;

use docxtract::model::WarningCode;
use docxtract::synth::{snippets as s, Docx};
use docxtract::{from_bytes, Document, Options, PartCache};

/// Written first in a part's content, it makes the scan give up and the part parsed in full.
const FULL_PARSE: &str = "<!-- parsed in full -->";

fn styles() -> String {
    let mut xml = String::from(
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-US"/></w:rPr></w:rPrDefault></w:docDefaults>
        <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
        <w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/><w:pPr><w:outlineLvl w:val="0"/><w:pageBreakBefore/></w:pPr></w:style>
        <w:style w:type="paragraph" w:styleId="Part"><w:name w:val="Part heading"/><w:basedOn w:val="Chapter"/><w:rPr><w:lang w:val="fr-FR"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Code"><w:name w:val="Code"/><w:rPr><w:rFonts w:ascii="Consolas"/></w:rPr></w:style>
        <w:style w:type="paragraph" w:styleId="Steps"><w:name w:val="Steps"/><w:pPr><w:numPr><w:numId w:val="40"/></w:numPr></w:pPr></w:style>
        <w:style w:type="numbering" w:styleId="LegalList"><w:name w:val="Legal List"/><w:pPr><w:numPr><w:numId w:val="30"/></w:numPr></w:pPr></w:style>"#,
    );
    for i in 0..200 {
        xml += &format!(
            r#"<w:style w:type="paragraph" w:customStyle="1" w:styleId="Unused{i}"><w:name w:val="Unused {i}"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="{}"/></w:pPr></w:style>"#,
            i % 9
        );
    }
    xml
}

fn numbering() -> String {
    let mut xml = String::new();
    for id in 0..40 {
        let format = ["decimal", "upperLetter", "lowerRoman", "bullet"][id % 4];
        xml += &format!(
            r#"<w:abstractNum w:abstractNumId="{id}"><w:lvl w:ilvl="0"><w:start w:val="{}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl></w:abstractNum>"#,
            id + 1
        );
    }
    // A list defined by a numbering style, and one with a format no one knows.
    xml += r#"<w:abstractNum w:abstractNumId="50"><w:numStyleLink w:val="LegalList"/></w:abstractNum>"#;
    xml += r#"<w:abstractNum w:abstractNumId="51"><w:lvl w:ilvl="0"><w:numFmt w:val="klingon"/><w:lvlText w:val="%1:"/></w:lvl></w:abstractNum>"#;
    // numId n uses abstractNum n - 1.
    let nums: String = (0..40)
        .map(|abs| {
            format!(
                r#"<w:num w:numId="{}"><w:abstractNumId w:val="{abs}"/></w:num>"#,
                abs + 1
            )
        })
        .collect();
    xml += &nums;
    xml += r#"<w:num w:numId="30"><w:abstractNumId w:val="29"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num>"#;
    xml += r#"<w:num w:numId="45"><w:abstractNumId w:val="50"/></w:num>"#;
    xml += r#"<w:num w:numId="46"><w:abstractNumId w:val="51"/></w:num>"#;
    xml += r#"<w:num w:numId="47"><w:abstractNumId w:val="99"/></w:num>"#;
    xml
}

fn document(styles_prefix: &str, numbering_prefix: &str, unknown_format: bool) -> Vec<u8> {
    let mut d = Docx::new();
    d.styles(&format!("{styles_prefix}{}", styles()));
    d.numbering(&format!("{numbering_prefix}{}", numbering()));
    let mut body = vec![
        s::p_text(Some("Part"), "Part one"),
        s::p_list(None, 2, 0, "first"),
        s::p_list(None, 2, 1, "nested"),
        s::p_text(Some("Code"), "let x = 1;"),
        s::p_text(Some("Steps"), "a step from the style's list"),
        // Lists first used late in the document, one through a numbering style, one whose
        // abstract list is missing.
        s::p_list(None, 37, 0, "late"),
        s::p_list(None, 45, 0, "linked through a style"),
        s::p_list(None, 47, 0, "no such abstract list"),
        s::p_list(None, 2, 0, "second"),
        s::p_text(Some("NoSuchStyle"), "an unknown style"),
    ];
    if unknown_format {
        body.push(s::p_list(None, 46, 0, "a format no one knows"));
    }
    body.push(s::sect_pr(&[], &[]));
    d.set_body(&body.concat());
    d.to_bytes()
}

/// The document's JSON, but for the file's size (the comment that forces the full parse
/// makes the file larger).
fn json(doc: &Document) -> String {
    let mut doc = doc.clone();
    doc.source.bytes = 0;
    serde_json::to_string(&doc).unwrap()
}

fn cached() -> Options {
    let mut options = Options::default();
    options.part_cache = Some(Arc::new(PartCache::new(32 << 20)));
    options
}

fn cache_hits(options: &Options) -> u64 {
    options
        .part_cache
        .as_ref()
        .map_or(0, |cache| cache.stats().0)
}

#[test]
fn styles_and_lists_read_when_used_convert_as_when_parsed_in_full() {
    for unknown_format in [false, true] {
        let indexed = document("", "", unknown_format);
        let in_full = document(FULL_PARSE, FULL_PARSE, unknown_format);
        for options in [Options::default(), cached()] {
            let lazy = from_bytes(&indexed, &options).unwrap();
            let full = from_bytes(&in_full, &options).unwrap();
            assert_eq!(json(&lazy), json(&full));
            let paragraphs = lazy.paragraphs();
            assert_eq!(
                paragraphs[0].1.heading,
                Some(1),
                "a heading through basedOn"
            );
            let label = |i: usize| paragraphs[i].1.list.as_ref().map(|l| l.label.clone());
            assert_eq!(label(1).as_deref(), Some("B."));
            assert_eq!(label(5).as_deref(), Some("37."), "a list first used late");
            assert!(label(6).is_some(), "linked to a style's list");
            assert_eq!(label(7), None, "its abstract list is missing");
            let warned = lazy
                .warnings
                .iter()
                .any(|w| w.code == WarningCode::UnknownNumberFormat);
            assert_eq!(warned, unknown_format, "warned about only when used");
        }
    }
}

#[test]
fn a_cached_template_serves_later_documents_from_what_earlier_ones_parsed() {
    let options = cached();
    let first = from_bytes(&document("", "", false), &options).unwrap();
    let again = from_bytes(&document("", "", true), &options).unwrap();
    let alone = from_bytes(&document("", "", true), &Options::default()).unwrap();
    assert_eq!(json(&again), json(&alone));
    assert!(
        cache_hits(&options) >= 1,
        "the styles part came from the cache"
    );
    // The second document uses a list the first did not: parsed from the shared index.
    assert_eq!(first.paragraphs().len() + 1, again.paragraphs().len());
}

#[test]
fn a_numbering_part_that_is_not_well_formed_is_skipped_as_before() {
    let mut d = Docx::new();
    d.styles(&styles());
    // The broken list is never used: the part is skipped all the same, as the full pass did.
    let broken = numbering().replacen("</w:abstractNum>", "</w:abstractNumber>", 1);
    d.numbering(&broken);
    d.set_body(&[s::p_list(None, 2, 0, "first"), s::sect_pr(&[], &[])].concat());
    let doc = from_bytes(&d.to_bytes(), &Options::default()).unwrap();
    let skipped: Vec<_> = doc
        .warnings
        .iter()
        .filter(|w| w.code == WarningCode::PartSkipped)
        .map(|w| w.part.as_str())
        .collect();
    assert_eq!(skipped, ["word/numbering.xml"]);
    assert_eq!(doc.paragraphs()[0].1.list, None);
}
