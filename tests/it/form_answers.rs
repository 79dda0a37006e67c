//! The leftovers of issue 17 §3, §4 and §6: content controls and form fields in CSV, the
//! language styles and document defaults give, a page break from the paragraph defaults.

use docxtract::model::{Inline, Languages, Paragraph, WarningCode};
use docxtract::synth::{snippets as s, Docx};
use docxtract::write::{CsvTable, Format, WriteOptions};
use docxtract::Document;

use crate::util::{open_fixture, read_body, read_docx, read_with_header, render};

/// The controls table of a fixture, parsed back: the header, then the rows with only the
/// columns named in `columns`.
fn controls_table(fixture: &str, columns: &[&str]) -> (Vec<String>, Vec<Vec<String>>) {
    let options = WriteOptions {
        csv_table: CsvTable::Controls,
        ..WriteOptions::new()
    };
    let csv = render(&open_fixture(fixture), Format::Csv, &options);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let at: Vec<usize> = columns
        .iter()
        .map(|c| header.iter().position(|h| h == c).unwrap())
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            at.iter().map(|&i| r[i].to_owned()).collect()
        })
        .collect();
    (header, rows)
}

#[test]
fn csv_controls_table_lists_form_fields_with_state_and_chosen_entry() {
    let columns = [
        "control", "field", "kind", "level", "name", "text", "checked", "selected", "items",
    ];
    let (header, rows) = controls_table("forms-rtl.docx", &columns);
    assert_eq!(
        header.join(","),
        "source,control,field,kind,level,tag,alias,name,id,placeholder,text,checked,selected,\
         items,date,date_format,binding_xpath,store_item_id,bound_value,block,offset,story,text_box"
    );
    assert_eq!(
        rows,
        [
            [
                "",
                "0",
                "form_text",
                "inline",
                "Name",
                "Zhang Wei",
                "",
                "",
                ""
            ],
            [
                "",
                "1",
                "form_checkbox",
                "inline",
                "Agree",
                "",
                "true",
                "",
                ""
            ],
            [
                "",
                "2",
                "form_checkbox",
                "inline",
                "News",
                "",
                "false",
                "",
                ""
            ],
            [
                "",
                "3",
                "form_drop_down",
                "inline",
                "Size",
                "Medium",
                "",
                "1",
                "Small|Medium|Large"
            ],
        ]
    );
}

#[test]
fn csv_controls_table_lists_content_controls_with_kind_binding_and_placeholder() {
    let columns = [
        "control",
        "kind",
        "level",
        "tag",
        "placeholder",
        "text",
        "items",
        "date",
        "bound_value",
        "block",
    ];
    let (_, rows) = controls_table("content-controls.docx", &columns);
    assert_eq!(rows.len(), 14, "{rows:?}");
    let row = |i: usize| rows[i].iter().map(String::as_str).collect::<Vec<_>>();
    assert_eq!(
        row(0),
        [
            "0",
            "plain_text",
            "block",
            "headline",
            "false",
            "A headline in a block content control.",
            "",
            "",
            "",
            "0"
        ]
    );
    assert_eq!(
        row(2),
        [
            "2",
            "date",
            "inline",
            "",
            "false",
            "2023-05-29",
            "",
            "2023-05-29T00:00:00Z",
            "",
            "1"
        ]
    );
    assert_eq!(
        row(6),
        [
            "6",
            "drop_down_list",
            "inline",
            "status",
            "false",
            "Open",
            "Open|Closed",
            "",
            "",
            "7"
        ]
    );
    // A placeholder's prompt is in the table, marked, as in the JSON.
    assert_eq!(
        row(8),
        [
            "8",
            "plain_text",
            "inline",
            "",
            "true",
            "Click or tap here to enter text.",
            "",
            "",
            "",
            "7"
        ]
    );
    assert_eq!(
        row(9),
        [
            "9",
            "plain_text",
            "inline",
            "",
            "false",
            "Shandong Steel",
            "",
            "",
            "Shandong Steel & Iron",
            "8"
        ]
    );
    let levels: Vec<&str> = rows.iter().map(|r| r[2].as_str()).collect();
    assert!(
        levels.contains(&"row") && levels.contains(&"cell"),
        "{levels:?}"
    );
}

#[test]
fn csv_controls_table_of_a_document_without_controls_is_its_header() {
    let (_, rows) = controls_table("special-chars.docx", &["control"]);
    assert!(rows.is_empty(), "{rows:?}");
}

// ----- languages from styles and document defaults -------------------------------------------

/// Defaults en-US / zh-CN / ar-SA (the fixture builder's), a German paragraph style, a
/// Japanese one based on it that names only its East Asian language, and a French character
/// style.
fn styled_languages(body: &str) -> Document {
    let mut d = Docx::new();
    d.styles(&format!(
        "{}{}{}<w:style w:type=\"character\" w:styleId=\"French\"><w:name w:val=\"French\"/>\
         <w:rPr><w:lang w:val=\"fr-FR\"/></w:rPr></w:style>",
        s::base_styles("Normal"),
        s::para_style("German", "German", None, "", r#"<w:lang w:val="de-DE"/>"#),
        s::para_style(
            "Japanese",
            "Japanese",
            Some("German"),
            "",
            r#"<w:lang w:eastAsia="ja-JP"/>"#
        ),
    ));
    d.set_body(body);
    read_docx(&d)
}

fn run_langs(p: &Paragraph) -> Vec<(&str, Option<&str>)> {
    p.inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Text(r) => Some((&*r.text, r.lang.as_deref())),
            _ => None,
        })
        .collect()
}

fn paragraph(doc: &Document, i: usize) -> &Paragraph {
    doc.paragraphs()[i].1
}

#[test]
fn the_document_default_language_is_in_the_metadata() {
    let doc = styled_languages(&s::p(&s::run("Plain")));
    assert_eq!(
        doc.metadata.default_lang,
        Some(Languages {
            latin: Some("en-US".into()),
            east_asia: Some("zh-CN".into()),
            bidi: Some("ar-SA".into()),
        })
    );
    // A paragraph in the default language says nothing more.
    assert_eq!(paragraph(&doc, 0).lang, None);
}

#[test]
fn a_paragraph_style_language_is_on_the_paragraph_for_its_script_and_inherited_one_by_one() {
    let doc = styled_languages(&format!(
        "{}{}{}",
        s::p_text(Some("German"), "Guten Tag"),
        s::p_text(Some("Japanese"), "こんにちは"),
        s::p_text(Some("Japanese"), "Latin text in the Japanese style"),
    ));
    let langs: Vec<Option<&str>> = (0..3).map(|i| paragraph(&doc, i).lang.as_deref()).collect();
    // The Japanese style names only ja-JP: its Latin text is German, from the style it is
    // based on.
    assert_eq!(langs, [Some("de-DE"), Some("ja-JP"), Some("de-DE")]);
    // The runs name none of their own: the JSON does not repeat the language on each.
    assert_eq!(run_langs(paragraph(&doc, 0)), [("Guten Tag", None)]);
}

#[test]
fn a_character_style_language_is_the_runs_unless_its_own_lang_says_otherwise() {
    let french = r#"<w:rStyle w:val="French"/>"#;
    let doc = styled_languages(&s::p(&format!(
        "{}{}{}",
        s::run_rpr(french, "Bonjour "),
        s::run_rpr(&format!(r#"{french}<w:lang w:val="it-IT"/>"#), "Ciao "),
        s::run("plain"),
    )));
    assert_eq!(
        run_langs(paragraph(&doc, 0)),
        [
            ("Bonjour ", Some("fr-FR")),
            ("Ciao ", Some("it-IT")),
            ("plain", None)
        ]
    );
}

// ----- page breaks from the paragraph defaults ----------------------------------------------

#[test]
fn page_break_before_in_the_paragraph_defaults_breaks_every_paragraph_a_style_does_not_exempt() {
    let mut d = Docx::new();
    let styles = s::base_styles("Normal").replace(
        "<w:pPrDefault/>",
        "<w:pPrDefault><w:pPr><w:pageBreakBefore/></w:pPr></w:pPrDefault>",
    );
    d.styles(&format!(
        "{styles}{}",
        s::para_style(
            "Flow",
            "Flow",
            None,
            r#"<w:pageBreakBefore w:val="0"/>"#,
            ""
        )
    ));
    d.set_body(&format!(
        "{}{}{}",
        s::p_text(None, "One"),
        s::p_text(Some("Flow"), "Two"),
        s::p_text(None, "Three"),
    ));
    let doc = read_docx(&d);
    let breaks: Vec<bool> = (0..3)
        .map(|i| paragraph(&doc, i).page_break_before)
        .collect();
    assert_eq!(breaks, [true, false, true]);
    let text = render(&doc, Format::Text, &WriteOptions::new());
    assert!(text.contains("\u{c}Three"), "{text:?}");
}

// ----- which section properties make a section -------------------------------------------------

/// A paragraph whose mark ends a section (`w:sectPr` in its `w:pPr`).
fn section_end(text: &str, sect_pr_inner: &str) -> String {
    format!(
        "<w:p><w:pPr><w:sectPr>{sect_pr_inner}</w:sectPr></w:pPr>{}</w:p>",
        s::run(text)
    )
}

const LANDSCAPE: &str = r#"<w:pgSz w:w="15840" w:h="12240" w:orient="landscape"/>"#;

#[test]
fn content_after_the_last_section_break_without_a_final_sect_pr_is_a_section_of_its_own() {
    let doc = read_body(&format!(
        "{}{}{}",
        section_end("Landscape cover", LANDSCAPE),
        s::p(&s::run("Body")),
        s::p(&s::run("More body")),
    ));
    let sections: Vec<(usize, usize, Option<usize>, Option<u32>)> = doc
        .sections
        .iter()
        .map(|s| (s.index, s.first_block, s.last_block, s.page_width))
        .collect();
    assert_eq!(sections, [(0, 0, Some(0), Some(15840)), (1, 1, None, None)]);
}

#[test]
fn a_body_that_ends_at_its_last_section_break_has_no_empty_section_after_it() {
    let doc = read_body(&format!(
        "{}{}",
        section_end("First", LANDSCAPE),
        section_end("Second", ""),
    ));
    assert_eq!(doc.sections.len(), 2, "{:#?}", doc.sections);
    assert_eq!(doc.sections[1].last_block, Some(1));
}

#[test]
fn section_properties_in_a_table_cell_or_text_box_break_no_section() {
    let cell = s::tc("", &section_end("In a cell", LANDSCAPE));
    let text_box = s::text_box(1, &section_end("In a text box", LANDSCAPE));
    let doc = read_body(&format!(
        "{}{}{}{}",
        s::tbl(&[2000], &s::tr("", &cell)),
        s::p(&text_box),
        section_end("Real break", LANDSCAPE),
        s::sect_pr(&[], &[]),
    ));
    let ends: Vec<Option<usize>> = doc.sections.iter().map(|s| s.last_block).collect();
    let real = doc
        .paragraphs()
        .into_iter()
        .find(|(_, p)| p.text.as_str() == "Real break")
        .map(|(_, p)| p.index);
    assert_eq!(ends, [real, None]);
}

// ----- inline direction ----------------------------------------------------------------------

#[test]
fn runs_inside_a_right_to_left_dir_or_bdo_are_marked_rtl_and_a_left_to_right_one_is_not() {
    let doc = read_body(&s::p(&format!(
        r#"{}<w:dir w:val="rtl">{}</w:dir><w:bdo w:val="rtl">{}<w:bdo w:val="ltr">{}</w:bdo></w:bdo>{}"#,
        s::run("Before "),
        s::run("مرحبا"),
        s::run("abc"),
        s::run("def"),
        s::run(" after"),
    )));
    let p = doc.paragraphs()[0].1;
    let runs: Vec<(&str, bool)> = p
        .inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Text(r) => Some((&*r.text, r.rtl)),
            _ => None,
        })
        .collect();
    // Runs of one direction merge, as runs of one formatting do.
    assert_eq!(
        runs,
        [("Before ", false), ("مرحباabc", true), ("def after", false)]
    );
    assert_eq!(p.text.as_str(), "Before مرحباabcdef after");
}

// ----- tracked cell merges -------------------------------------------------------------------

#[test]
fn a_tracked_cell_merge_is_read_as_merged_with_one_warning() {
    let merge = r#"<w:vMerge/><w:cellMerge w:id="7" w:author="Li" w:vMerge="cont"/>"#;
    let rows = format!(
        "{}{}{}",
        s::tr(
            "",
            &s::tc(r#"<w:vMerge w:val="restart"/>"#, &s::p(&s::run("Top")))
        ),
        s::tr("", &s::tc(merge, &s::p(""))),
        s::tr("", &s::tc(merge, &s::p(""))),
    );
    let doc = read_body(&s::tbl(&[2000], &rows));
    let codes: Vec<WarningCode> = doc.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, [WarningCode::CellMergeChangeIgnored]);
    let docxtract::model::Block::Table(table) = &doc.blocks[0] else {
        panic!("{:?}", doc.blocks)
    };
    assert_eq!(table.rows[0].cells[0].row_span, 3);
}

// ----- watermarks written twice --------------------------------------------------------------

#[test]
fn a_watermark_written_as_vml_and_as_drawingml_wordart_in_alternate_content_is_listed_once() {
    // As Word writes it (openxml-sdk/Strict01.docx): the VML text path in the Choice, the
    // DrawingML WordArt text box with the same text in the Fallback.
    let vml = r##"<w:pict><v:shape id="PowerPlusWaterMarkObject1" type="#_x0000_t136" style="position:absolute;rotation:315" fillcolor="silver" stroked="f"><v:textpath style="font-family:&quot;Calibri&quot;" string="CONFIDENTIAL"/></v:shape></w:pict>"##;
    let wordart = format!(
        r#"<w:drawing><wp:anchor behindDoc="1"><wp:extent cx="6703695" cy="1675765"/><wp:docPr id="1" name="PowerPlusWaterMarkObject1"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx><wps:bodyPr fromWordArt="1"><a:prstTxWarp prst="textPlain"/></wps:bodyPr></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>"#,
        s::p(&s::run("CONFIDENTIAL"))
    );
    let header = format!(
        r#"<w:p>{}<w:r><mc:AlternateContent><mc:Choice Requires="v">{vml}</mc:Choice><mc:Fallback>{wordart}</mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        s::run("Header text"),
    );
    let doc = read_with_header(&header);
    let watermarks: Vec<Option<&str>> = doc
        .objects
        .iter()
        .filter(|o| o.kind == docxtract::model::ObjectKind::Watermark)
        .map(|o| o.text.as_deref())
        .collect();
    assert_eq!(watermarks, [Some("CONFIDENTIAL")]);
    let header_text: Vec<&str> = doc.headers[0]
        .blocks
        .iter()
        .filter_map(|b| match b {
            docxtract::model::Block::Paragraph(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(header_text, ["Header text"]);
}

// ----- tracked property changes of tables and sections -------------------------------------

#[test]
fn tracked_table_and_section_property_changes_keep_who_and_when_and_the_current_properties() {
    let change = r#"w:id="9" w:author="Li Wei" w:date="2024-03-01T10:00:00Z""#;
    let table_props = format!(
        r#"<w:tblPr><w:tblStyle w:val="Grid"/><w:tblPrChange {change}><w:tblPr><w:tblStyle w:val="OldGrid"/></w:tblPr></w:tblPrChange></w:tblPr>"#
    );
    let table = format!(
        "<w:tbl>{table_props}<w:tblGrid><w:gridCol w:w=\"2000\"/></w:tblGrid>{}</w:tbl>",
        s::tr("", &s::tc("", &s::p(&s::run("Cell"))))
    );
    let section = format!(
        r#"{LANDSCAPE}<w:sectPrChange {change}><w:sectPr><w:pgSz w:w="12240" w:h="15840"/></w:sectPr></w:sectPrChange>"#
    );
    let doc = read_body(&format!(
        "{table}{}{}",
        section_end("Landscape", &section),
        s::sect_pr(&[], &[])
    ));
    let docxtract::model::Block::Table(table) = &doc.blocks[0] else {
        panic!("{:?}", doc.blocks)
    };
    let who = |c: Option<&docxtract::model::PropertiesChange>| {
        c.map(|c| (c.author.clone(), c.date.clone()))
    };
    let expected = Some((
        Some("Li Wei".to_string()),
        Some("2024-03-01T10:00:00Z".to_string()),
    ));
    assert_eq!(
        table.style_id.as_deref(),
        Some("Grid"),
        "the old style is not the table's"
    );
    assert_eq!(who(table.properties_change.as_deref()), expected);
    assert_eq!(doc.sections[0].page_width, Some(15840));
    assert_eq!(who(doc.sections[0].properties_change.as_deref()), expected);
    assert_eq!(doc.sections[1].properties_change, None);
}
