//! Sections, page breaks and per-section headers (issue 17, section 4): the body's sections
//! with how each starts and its page, page breaks as inlines and a paragraph flag, headers and
//! footers mapped to the sections that show them as Word applies them, and text watermarks as
//! header objects. Each case builds its package with the fixture builder.

use docxtract::model::{
    Document, HeaderFooterKind, ObjectKind, Orientation, SectionKind, SectionUse, Story,
};
use docxtract::synth::{snippets as s, Docx};
use docxtract::write::{CsvTable, Format, WriteOptions};

use crate::util::{read_body, read_docx, read_with_header, render};

fn use_of(section: usize, kind: HeaderFooterKind) -> SectionUse {
    SectionUse { section, kind }
}

/// A paragraph whose properties end a section with `sect_inner` (the `w:sectPr` content).
fn section_end(text: &str, sect_inner: &str) -> String {
    format!(
        "<w:p><w:pPr><w:sectPr>{sect_inner}</w:sectPr></w:pPr>{}</w:p>",
        s::run(text)
    )
}

fn header_ref(kind: &str, rid: &str) -> String {
    format!(r#"<w:headerReference w:type="{kind}" r:id="{rid}"/>"#)
}

fn footer_ref(kind: &str, rid: &str) -> String {
    format!(r#"<w:footerReference w:type="{kind}" r:id="{rid}"/>"#)
}

const PORTRAIT: &str = r#"<w:pgSz w:w="12240" w:h="15840"/>"#;
const LANDSCAPE: &str = r#"<w:pgSz w:w="15840" w:h="12240" w:orient="landscape"/>"#;

/// Three sections: a cover with a title page (own default, first and even headers, a
/// footer), a landscape section starting on an odd page with its own default header, and a
/// continuous last section with a title page and no references of its own.
fn three_sections(even_and_odd: bool) -> Document {
    let mut d = Docx::new();
    let h_default = d.header("header1.xml", &s::p(&s::run("Cover header")));
    let h_first = d.header("header2.xml", &s::p(&s::run("First page header")));
    let h_land = d.header("header3.xml", &s::p(&s::run("Landscape header")));
    let h_even = d.header("header4.xml", &s::p(&s::run("Even header")));
    let f_default = d.footer("footer1.xml", &s::p(&s::run("Footer")));
    if even_and_odd {
        d.settings(r#"<w:evenAndOddHeaders/>"#);
    }
    let cover = format!(
        "{}{}{}{}<w:titlePg/>{PORTRAIT}",
        header_ref("default", &h_default),
        header_ref("first", &h_first),
        header_ref("even", &h_even),
        footer_ref("default", &f_default),
    );
    let landscape = format!(
        r#"{}<w:type w:val="oddPage"/>{LANDSCAPE}"#,
        header_ref("default", &h_land)
    );
    let body = format!(
        r#"{}{}{}<w:sectPr><w:type w:val="continuous"/>{PORTRAIT}<w:titlePg/></w:sectPr>"#,
        section_end("Cover", &cover),
        section_end("Landscape", &landscape),
        s::p(&s::run("Body text")),
    );
    d.set_body(&body);
    read_docx(&d)
}

fn shown(doc: &Document, part: &str) -> Vec<SectionUse> {
    doc.headers
        .iter()
        .chain(&doc.footers)
        .find(|hf| hf.part == part)
        .unwrap_or_else(|| panic!("no {part}"))
        .sections
        .clone()
}

#[test]
fn each_section_says_how_it_starts_where_it_ends_and_its_page() {
    let doc = three_sections(false);
    let kinds: Vec<_> = doc.sections.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SectionKind::NextPage,
            SectionKind::OddPage,
            SectionKind::Continuous
        ]
    );
    let ends: Vec<_> = doc
        .sections
        .iter()
        .map(|s| (s.index, s.first_block, s.last_block))
        .collect();
    assert_eq!(ends, [(0, 0, Some(0)), (1, 1, Some(1)), (2, 2, None)]);
    let pages: Vec<_> = doc
        .sections
        .iter()
        .map(|s| (s.page_width, s.page_height, s.orientation, s.title_page))
        .collect();
    assert_eq!(
        pages,
        [
            (Some(12240), Some(15840), Some(Orientation::Portrait), true),
            (
                Some(15840),
                Some(12240),
                Some(Orientation::Landscape),
                false
            ),
            (Some(12240), Some(15840), Some(Orientation::Portrait), true),
        ]
    );
}

#[test]
fn headers_are_inherited_and_first_page_ones_shown_only_with_a_title_page() {
    let doc = three_sections(false);
    use HeaderFooterKind::{Default, First};
    assert_eq!(shown(&doc, "word/header1.xml"), [use_of(0, Default)]);
    // Section 1 has no title page; section 2 inherits the first-page header and shows it.
    assert_eq!(
        shown(&doc, "word/header2.xml"),
        [use_of(0, First), use_of(2, First)]
    );
    assert_eq!(
        shown(&doc, "word/header3.xml"),
        [use_of(1, Default), use_of(2, Default)]
    );
    // Without evenAndOddHeaders an even header is never shown.
    assert_eq!(shown(&doc, "word/header4.xml"), []);
    assert_eq!(
        shown(&doc, "word/footer1.xml"),
        [use_of(0, Default), use_of(1, Default), use_of(2, Default)]
    );
}

#[test]
fn even_headers_show_in_every_section_when_settings_turn_odd_and_even_pages_on() {
    let doc = three_sections(true);
    let even = HeaderFooterKind::Even;
    assert_eq!(
        shown(&doc, "word/header4.xml"),
        [use_of(0, even), use_of(1, even), use_of(2, even)]
    );
}

#[test]
fn json_lists_sections_and_the_sections_showing_each_header() {
    let doc = three_sections(false);
    let json: serde_json::Value =
        serde_json::from_str(&render(&doc, Format::Json, &WriteOptions::new())).unwrap();
    let sections = json["sections"].as_array().expect("sections listed");
    assert_eq!(sections.len(), 3);
    assert_eq!(sections[1]["kind"], "odd_page");
    assert_eq!(sections[1]["orientation"], "landscape");
    assert_eq!(sections[0]["title_page"], true);
    assert!(sections[1].get("title_page").is_none());
    let header = |part: &str| {
        json["headers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["part"] == part)
            .unwrap()
            .clone()
    };
    assert_eq!(
        header("word/header2.xml")["sections"],
        serde_json::json!([{"section": 0, "kind": "first"}, {"section": 2, "kind": "first"}])
    );
    // A part no section shows has no list at all.
    assert!(header("word/header4.xml").get("sections").is_none());
}

#[test]
fn a_document_of_one_section_keeps_its_json_without_a_section_list() {
    let doc = read_body(&format!(
        "{}<w:sectPr>{PORTRAIT}</w:sectPr>",
        s::p(&s::run("Only"))
    ));
    assert!(doc.sections.is_empty());
    let json = render(&doc, Format::Json, &WriteOptions::new());
    assert!(!json.contains("\"sections\""), "{json}");
    assert!(!json.contains("page_break_before"), "{json}");
}

#[test]
fn the_properties_before_a_tracked_section_change_are_not_the_sections() {
    let doc = read_body(&format!(
        r#"{}{}<w:sectPr>{LANDSCAPE}<w:sectPrChange w:id="1" w:author="A"><w:sectPr><w:type w:val="continuous"/>{PORTRAIT}</w:sectPr></w:sectPrChange></w:sectPr>"#,
        section_end("One", PORTRAIT),
        s::p(&s::run("Two")),
    ));
    assert_eq!(doc.sections.len(), 2);
    assert_eq!(doc.sections[1].kind, SectionKind::NextPage);
    assert_eq!(doc.sections[1].orientation, Some(Orientation::Landscape));
}

const PAGE_BREAKS: &str = concat!(
    r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>First</w:t></w:r></w:p>"#,
    r#"<w:p><w:r><w:t>A</w:t></w:r><w:r><w:br w:type="page"/></w:r><w:r><w:t>B</w:t></w:r></w:p>"#,
    r#"<w:p><w:pPr><w:pageBreakBefore/></w:pPr><w:r><w:t>C</w:t></w:r></w:p>"#,
    r#"<w:p><w:pPr><w:pageBreakBefore w:val="0"/></w:pPr><w:r><w:t>D</w:t></w:r></w:p>"#,
    r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p>"#,
    r#"<w:p><w:r><w:t>E</w:t></w:r><w:r><w:br w:type="column"/></w:r><w:r><w:t>F</w:t></w:r></w:p>"#,
);

#[test]
fn page_break_before_is_a_paragraph_flag() {
    let doc = read_body(PAGE_BREAKS);
    let flags: Vec<_> = doc
        .paragraphs()
        .iter()
        .map(|(_, p)| p.page_break_before)
        .collect();
    assert_eq!(flags, [true, false, true, false, false, false]);
}

#[test]
fn page_break_before_comes_down_the_style_chain_unless_the_paragraph_turns_it_off() {
    let mut d = Docx::new();
    d.styles(concat!(
        r#"<w:style w:type="paragraph" w:styleId="Chapter"><w:name w:val="Chapter"/>"#,
        r#"<w:pPr><w:pageBreakBefore/></w:pPr></w:style>"#,
        r#"<w:style w:type="paragraph" w:styleId="Part"><w:name w:val="Part"/>"#,
        r#"<w:basedOn w:val="Chapter"/></w:style>"#,
    ));
    let styled = |style: &str, ppr: &str, text: &str| {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{}</w:p>"#,
            s::run(text)
        )
    };
    let header = d.header("header1.xml", &styled("Chapter", "", "In the header"));
    d.set_body(&format!(
        "{}{}{}{}",
        s::p(&s::run("Intro")),
        styled("Part", "", "Inherited"),
        styled(
            "Chapter",
            r#"<w:pageBreakBefore w:val="false"/>"#,
            "Turned off"
        ),
        s::sect_pr(&[("default", &header)], &[]),
    ));
    let doc = read_docx(&d);
    let flags: Vec<_> = doc
        .paragraphs()
        .iter()
        .map(|(story, p)| (*story, p.text.to_string(), p.page_break_before))
        .collect();
    assert_eq!(
        flags,
        [
            (Story::Body, "Intro".into(), false),
            (Story::Body, "Inherited".into(), true),
            (Story::Body, "Turned off".into(), false),
            // Word breaks no page in a header.
            (Story::Header, "In the header".into(), false),
        ]
    );
}

#[test]
fn text_starts_each_new_page_with_a_form_feed_and_adds_no_line() {
    let doc = read_body(PAGE_BREAKS);
    let text = render(&doc, Format::Text, &WriteOptions::new());
    // The first paragraph's page break starts no page; a paragraph holding only a page break
    // is two lines, as its line break made them, the second on the new page; a column break
    // is a line break.
    assert_eq!(text, "First\nA\n\u{c}B\n\u{c}C\nD\n\n\u{c}\nE\nF\n");
}

#[test]
fn text_starts_a_section_on_a_new_page_with_a_form_feed_but_not_a_continuous_one() {
    let doc = three_sections(false);
    let text = render(&doc, Format::Text, &WriteOptions::new());
    assert!(
        text.contains("Cover\n\u{c}Landscape\nBody text\n"),
        "{text:?}"
    );
}

#[test]
fn a_page_break_in_a_table_cell_is_a_space_in_text() {
    let cell = r#"<w:p><w:r><w:t>x</w:t></w:r><w:r><w:br w:type="page"/></w:r><w:r><w:t>y</w:t></w:r></w:p>"#;
    let doc = read_body(&s::tbl(&[2000], &s::tr("", &s::tc("", cell))));
    let text = render(&doc, Format::Text, &WriteOptions::new());
    assert_eq!(text, "x y\n");
}

#[test]
fn markdown_marks_page_and_section_breaks_with_html_comments() {
    let md = render(
        &read_body(PAGE_BREAKS),
        Format::Markdown,
        &WriteOptions::new(),
    );
    assert_eq!(
        md,
        "First\n\nA\\\nB\n\n<!-- page break -->\n\n<!-- page break -->\n\nC\n\nD\n\n\
         <!-- page break -->\n\nE\\\nF\n"
    );
    let md = render(
        &three_sections(false),
        Format::Markdown,
        &WriteOptions::new(),
    );
    assert_eq!(
        md,
        "Cover\n\n<!-- section break: odd_page -->\n\nLandscape\n\n\
         <!-- section break: continuous -->\n\nBody text\n"
    );
}

#[test]
fn markdown_breaks_leave_the_text_as_it_parses_back() {
    let md = render(
        &three_sections(false),
        Format::Markdown,
        &WriteOptions::new(),
    );
    let text: String = pulldown_cmark::Parser::new(&md)
        .filter_map(|event| match event {
            pulldown_cmark::Event::Text(t) => Some(t.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(text, "CoverLandscapeBody text");
}

#[test]
fn csv_sections_table_has_a_row_per_section() {
    let doc = three_sections(false);
    let options = WriteOptions {
        csv_table: CsvTable::Sections,
        ..WriteOptions::new()
    };
    let csv = render(&doc, Format::Csv, &options);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines,
        [
            "source,section,kind,first_block,last_block,page_width,page_height,orientation,title_page",
            ",0,next_page,0,0,12240,15840,portrait,true",
            ",1,odd_page,1,1,15840,12240,landscape,false",
            ",2,continuous,2,,12240,15840,portrait,true",
        ]
    );
}

/// Word's text watermark: a VML WordArt shape in the header.
fn watermark_shape(text: &str) -> String {
    format!(
        r##"<w:r><w:pict><v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" style="position:absolute;width:468pt;height:117pt;rotation:315" fillcolor="silver" stroked="f"><v:textpath style="font-family:&quot;Calibri&quot;;font-size:1pt" string="{text}"/></v:shape></w:pict></w:r>"##
    )
}

#[test]
fn a_text_watermark_is_a_header_object_not_header_or_body_text() {
    let header = format!(
        "<w:p>{}{}</w:p>",
        s::run("Header text"),
        watermark_shape("CONFIDENTIAL")
    );
    let doc = read_with_header(&header);
    assert_eq!(doc.objects.len(), 1);
    let watermark = &doc.objects[0];
    assert_eq!(watermark.kind, ObjectKind::Watermark);
    assert_eq!(watermark.text.as_deref(), Some("CONFIDENTIAL"));
    assert_eq!(watermark.location.story, Story::Header);
    assert_eq!(&*doc.headers[0].blocks_text(), "Header text");
    let text = render(&doc, Format::Text, &WriteOptions::new());
    assert!(!text.contains("CONFIDENTIAL"), "{text}");
    let options = WriteOptions {
        csv_table: CsvTable::Objects,
        ..WriteOptions::new()
    };
    let csv = render(&doc, Format::Csv, &options);
    assert!(csv.contains(",0,watermark,,,,CONFIDENTIAL,"), "{csv}");
    assert!(csv.contains(",header,false"), "{csv}");
}

#[test]
fn wordart_in_the_body_is_no_watermark() {
    let doc = read_body(&format!("<w:p>{}</w:p>", watermark_shape("DRAFT")));
    assert!(doc.objects.is_empty());
    assert_eq!(doc.paragraphs()[0].1.text.as_str(), "");
}

/// The text of a header's blocks, for the assertion above.
trait BlocksText {
    fn blocks_text(&self) -> String;
}

impl BlocksText for docxtract::model::HeaderFooter {
    fn blocks_text(&self) -> String {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                docxtract::model::Block::Paragraph(p) => Some(p.text.to_string()),
                _ => None,
            })
            .collect()
    }
}
