//! Content controls (`w:sdt`), legacy form fields (`w:ffData`), ruby (`w:ruby`) and
//! right-to-left text (`w:bidi`, `w:rtl`): in the model and in the writers.

use docxtract::model::{
    Block, ContentControl, ControlKind, ControlLevel, FormFieldKind, Inline, Paragraph, TextRun,
    WarningCode,
};
use docxtract::synth::Docx;
use docxtract::write::{Format, WriteOptions};
use docxtract::{Document, Options};

use crate::util::{open_fixture, open_fixture_with, read_body, render};

fn paragraphs(doc: &Document) -> Vec<&Paragraph> {
    doc.paragraphs().into_iter().map(|(_, p)| p).collect()
}

fn paragraph_with<'d>(doc: &'d Document, start: &str) -> &'d Paragraph {
    paragraphs(doc)
        .into_iter()
        .find(|p| p.text.starts_with(start))
        .unwrap_or_else(|| panic!("no paragraph starting {start:?}"))
}

/// The paragraph's text runs.
fn text_runs(p: &Paragraph) -> impl Iterator<Item = &TextRun> {
    p.inlines.iter().filter_map(|i| match i {
        Inline::Text(r) => Some(r),
        _ => None,
    })
}

fn control<'d>(doc: &'d Document, id: &str) -> &'d ContentControl {
    doc.controls
        .iter()
        .find(|c| c.id.as_deref() == Some(id))
        .unwrap_or_else(|| panic!("no control {id}: {:#?}", doc.controls))
}

// ----- content controls ----------------------------------------------------------------------

#[test]
fn every_content_control_is_listed_with_its_kind_level_names_and_text() {
    let doc = open_fixture("content-controls.docx");
    let summary: Vec<(&str, ControlKind, ControlLevel, &str)> = doc
        .controls
        .iter()
        .map(|c| (c.id.as_deref().unwrap(), c.kind, c.level, c.text.as_str()))
        .collect();
    use ControlKind as K;
    use ControlLevel as L;
    assert_eq!(
        summary,
        [
            (
                "100",
                K::PlainText,
                L::Block,
                "A headline in a block content control."
            ),
            ("101", K::PlainText, L::Inline, "Wang Fang"),
            ("102", K::Date, L::Inline, "2023-05-29"),
            ("103", K::Checkbox, L::Inline, "☒"),
            ("104", K::RichText, L::Cell, "Cell control B1"),
            (
                "105",
                K::RepeatingSectionItem,
                L::Row,
                "Row control A2\nRow control B2"
            ),
            ("106", K::DropDownList, L::Inline, "Open"),
            ("107", K::ComboBox, L::Inline, "Weifang"),
            (
                "108",
                K::PlainText,
                L::Inline,
                "Click or tap here to enter text."
            ),
            ("109", K::PlainText, L::Inline, "Shandong Steel"),
            ("110", K::PlainText, L::Inline, "Quarterly invoice"),
            (
                "111",
                K::RepeatingSection,
                L::Block,
                "Item one, first line.\nItem one, second line."
            ),
            (
                "112",
                K::RepeatingSectionItem,
                L::Block,
                "Item one, first line.\nItem one, second line."
            ),
            ("113", K::Picture, L::Block, ""),
        ]
    );
    let headline = control(&doc, "100");
    assert_eq!(
        (headline.tag.as_deref(), headline.alias.as_deref()),
        (Some("headline"), Some("Headline"))
    );
    let date = control(&doc, "102");
    assert_eq!(date.date_format.as_deref(), Some("yyyy-MM-dd"));
    assert_eq!(date.date.as_deref(), Some("2023-05-29T00:00:00Z"));
    assert_eq!(control(&doc, "103").checked, Some(true));
    let items = |id| -> Vec<(String, String)> {
        control(&doc, id)
            .items
            .iter()
            .map(|i| (i.display.clone(), i.value.clone()))
            .collect()
    };
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(items("106"), [s("Open", "open"), s("Closed", "closed")]);
    // An entry without display text shows its value.
    assert_eq!(items("107"), [s("Jinan", "JN"), s("Qingdao", "Qingdao")]);
}

#[test]
fn a_control_spans_its_paragraph_run_or_its_blocks() {
    let doc = open_fixture("content-controls.docx");
    let author = control(&doc, "101");
    let line = paragraph_with(&doc, "Author: ");
    assert_eq!(author.start.position().block, line.index);
    assert_eq!(author.start.offset, "Author: ".chars().count());
    assert_eq!(
        author.end.map(|e| (e.block, e.offset)),
        Some((line.index, "Author: Wang Fang".chars().count()))
    );
    // A block control starts at the first block it holds and ends after the last.
    let section = control(&doc, "111");
    let first = paragraph_with(&doc, "Item one, first");
    let second = paragraph_with(&doc, "Item one, second");
    assert_eq!(section.start.position().block, first.index);
    assert_eq!(
        section.end.map(|e| (e.block, e.offset)),
        Some((second.index, second.text.chars().count()))
    );
}

#[test]
fn placeholder_text_is_shown_as_word_shows_it_and_marked() {
    let doc = open_fixture("content-controls.docx");
    let note = control(&doc, "108");
    assert!(note.placeholder);
    let status = paragraph_with(&doc, "Status: ");
    // Word shows the prompt, greyed, as LibreOffice, Tika and pandoc do: it is text, flagged.
    assert_eq!(
        status.text.as_str(),
        "Status: Open, city: Weifang, note: Click or tap here to enter text."
    );
    let placeholder_runs: Vec<&str> = text_runs(status)
        .filter(|r| r.placeholder)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(placeholder_runs, ["Click or tap here to enter text."]);
    for format in [Format::Markdown, Format::Text, Format::Csv] {
        let out = render(&doc, format, &WriteOptions::new());
        assert!(out.contains("note: Click or tap"), "{format:?}: {out}");
    }
    let json = render(&doc, Format::Json, &WriteOptions::new());
    assert!(json.contains(r#""placeholder":true"#), "{json}");
}

#[test]
fn hide_placeholders_keeps_the_prompts_out_of_the_text_and_every_writer() {
    let mut options = Options::default();
    options.hide_placeholders = true;
    let doc = open_fixture_with("content-controls.docx", &options);
    assert!(doc.hide_placeholders);
    let status = paragraph_with(&doc, "Status: ");
    assert_eq!(status.text.as_str(), "Status: Open, city: Weifang, note: ");
    // Still in the model: the run, flagged, and the control's text.
    assert!(text_runs(status).any(|r| r.placeholder));
    assert_eq!(
        control(&doc, "108").text,
        "Click or tap here to enter text."
    );
    for format in [Format::Markdown, Format::Text, Format::Csv] {
        let out = render(&doc, format, &WriteOptions::new());
        assert!(out.contains("city: Weifang"), "{format:?}: {out}");
        assert!(!out.contains("Click or tap"), "{format:?}: {out}");
    }
    let json = render(&doc, Format::Json, &WriteOptions::new());
    assert!(json.contains(r#""hide_placeholders":true"#), "{json}");
}

#[test]
fn a_data_bound_control_gets_the_value_of_its_custom_xml_part_or_core_property() {
    let doc = open_fixture("content-controls.docx");
    let customer = control(&doc, "109").binding.as_deref().expect("bound");
    assert_eq!(customer.xpath, "/ns0:invoice[1]/ns0:customer[1]");
    assert_eq!(
        customer.store_item_id.as_deref(),
        Some("{5A1C2B3D-0000-4000-8000-00000000C0DE}")
    );
    assert_eq!(
        customer.prefix_mappings.as_deref(),
        Some("xmlns:ns0='urn:example:invoice'")
    );
    // The bound value is the store's, which may differ from the text the document shows.
    assert_eq!(customer.value.as_deref(), Some("Shandong Steel & Iron"));
    let title = control(&doc, "110").binding.as_deref().expect("bound");
    assert_eq!(title.value.as_deref(), Some("Quarterly invoice, 2023 Q2"));
}

#[test]
fn a_binding_to_a_store_the_package_lacks_has_no_value() {
    let doc = read_body(
        r#"<w:p><w:sdt><w:sdtPr><w:dataBinding w:xpath="/a[1]/b[1]" w:storeItemID="{00000000-0000-0000-0000-000000000000}"/></w:sdtPr><w:sdtContent><w:r><w:t>shown</w:t></w:r></w:sdtContent></w:sdt></w:p>"#,
    );
    let binding = doc.controls[0].binding.as_deref().expect("bound");
    assert_eq!(binding.xpath, "/a[1]/b[1]");
    assert_eq!(binding.value, None);
    assert_eq!(doc.controls[0].text, "shown");
}

#[test]
fn a_document_without_controls_or_direction_keeps_its_json_keys() {
    let doc = read_body(r#"<w:p><w:r><w:t>plain</w:t></w:r></w:p>"#);
    let json = render(&doc, Format::Json, &WriteOptions::new());
    for key in [
        "\"controls\"",
        "\"rtl\"",
        "\"placeholder\"",
        "\"form\"",
        "\"lang\"",
    ] {
        assert!(!json.contains(key), "{key} in {json}");
    }
}

// ----- legacy form fields --------------------------------------------------------------------

#[test]
fn legacy_form_fields_keep_their_settings_and_show_their_state() {
    let doc = open_fixture("forms-rtl.docx");
    let forms: Vec<_> = doc
        .fields
        .iter()
        .filter_map(|f| Some((f.kind.as_str(), f.form.as_deref()?)))
        .collect();
    assert_eq!(forms.len(), 4, "{:#?}", doc.fields);
    let (kind, name) = forms[0];
    assert_eq!(kind, "FORMTEXT");
    assert_eq!(name.kind, FormFieldKind::Text);
    assert_eq!(name.name.as_deref(), Some("Name"));
    assert_eq!(name.default.as_deref(), Some("Your name"));
    assert_eq!(name.max_length, Some(40));
    assert_eq!(doc.fields[0].result, "Zhang Wei");
    // `w:checked` wins over `w:default`.
    let checks: Vec<_> = forms[1..3]
        .iter()
        .map(|(k, f)| (*k, f.kind, f.checked))
        .collect();
    assert_eq!(
        checks,
        [
            ("FORMCHECKBOX", FormFieldKind::Checkbox, Some(true)),
            ("FORMCHECKBOX", FormFieldKind::Checkbox, Some(false))
        ]
    );
    let (kind, size) = forms[3];
    assert_eq!(kind, "FORMDROPDOWN");
    assert_eq!(size.items, ["Small", "Medium", "Large"]);
    assert_eq!(size.selected, Some(1));
    let texts: Vec<&str> = paragraphs(&doc)
        .iter()
        .map(|p| p.text.as_str())
        .take(3)
        .collect();
    assert_eq!(
        texts,
        ["Name: Zhang Wei", "Agree: ☒ Newsletter: ☐", "Size: Medium"]
    );
}

// ----- ruby ----------------------------------------------------------------------------------

#[test]
fn ruby_keeps_base_and_reading_and_each_writer_shows_them_in_its_form() {
    let doc = open_fixture("cjk-ruby.docx");
    let p = paragraph_with(&doc, "这是");
    // The paragraph's text holds the base only, so offsets and search see the text as read.
    assert_eq!(p.text.as_str(), "这是中文的注音示例。");
    let rubies: Vec<(&str, &str)> = p
        .inlines
        .iter()
        .filter_map(|i| match i {
            Inline::Ruby { base, reading } => Some((base.as_str(), reading.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(rubies, [("中", "zhōng"), ("文", "wén")]);
    let text = render(&doc, Format::Text, &WriteOptions::new());
    assert!(text.contains("这是中(zhōng)文(wén)的注音示例。"), "{text}");
    assert!(text.contains("漢字(かんじ)の振(ふ)り仮名。"), "{text}");
    let md = render(&doc, Format::Markdown, &WriteOptions::new());
    assert!(
        md.contains("这是<ruby>中<rt>zhōng</rt></ruby><ruby>文<rt>wén</rt></ruby>的注音示例。"),
        "{md}"
    );
}

#[test]
fn ruby_text_cannot_open_html_in_markdown() {
    let ruby = r#"<w:r><w:ruby><w:rt><w:r><w:t>&lt;/rt&gt;&lt;img src=x onerror=alert(1)&gt;</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>&lt;script&gt;*b*</w:t></w:r></w:rubyBase></w:ruby></w:r>"#;
    let doc = read_body(&format!("<w:p>{ruby}</w:p>"));
    let md = render(&doc, Format::Markdown, &WriteOptions::new());
    // What a CommonMark parser makes of it: the ruby's own tags as HTML, the texts as text.
    let mut html_tags = Vec::new();
    let mut text = String::new();
    for event in pulldown_cmark::Parser::new(&md) {
        match event {
            pulldown_cmark::Event::InlineHtml(h) | pulldown_cmark::Event::Html(h) => {
                html_tags.push(h.to_string())
            }
            pulldown_cmark::Event::Text(t) => text.push_str(&t),
            _ => {}
        }
    }
    assert_eq!(html_tags, ["<ruby>", "<rt>", "</rt>", "</ruby>"], "{md}");
    assert_eq!(text, "<script>*b*</rt><img src=x onerror=alert(1)>");
}

// ----- direction -----------------------------------------------------------------------------

#[test]
fn right_to_left_paragraphs_and_runs_are_marked_and_markdown_wraps_them() {
    let doc = open_fixture("forms-rtl.docx");
    let arabic = paragraph_with(&doc, "مرحبا");
    assert!(arabic.rtl);
    assert!(!paragraph_with(&doc, "Left to right").rtl);
    let hebrew = paragraph_with(&doc, "שלום");
    let runs: Vec<(&str, bool, Option<&str>)> = text_runs(hebrew)
        .map(|r| (r.text.as_str(), r.rtl, r.lang.as_deref()))
        .collect();
    // A right-to-left run takes its complex-script language, a Latin one its `w:val`.
    assert_eq!(
        runs,
        [
            ("שלום", true, Some("he-IL")),
            (" (Hebrew) ", false, Some("en-GB")),
            ("עולם", true, Some("he-IL"))
        ]
    );
    let md = render(&doc, Format::Markdown, &WriteOptions::new());
    assert!(
        md.contains("<div dir=\"rtl\">\n\nمرحبا بالعالم\n\n</div>"),
        "{md}"
    );
    assert!(md.contains("\n\nLeft to right again.\n"), "{md}");
    // The wrapped paragraph parses back as a paragraph of its own, text intact.
    let paragraphs: Vec<String> = {
        let mut out = Vec::new();
        let mut current: Option<String> = None;
        for event in pulldown_cmark::Parser::new(&md) {
            match event {
                pulldown_cmark::Event::Start(pulldown_cmark::Tag::Paragraph) => {
                    current = Some(String::new())
                }
                pulldown_cmark::Event::Text(t) => {
                    if let Some(c) = current.as_mut() {
                        c.push_str(&t)
                    }
                }
                pulldown_cmark::Event::End(pulldown_cmark::TagEnd::Paragraph) => {
                    out.extend(current.take())
                }
                _ => {}
            }
        }
        out
    };
    assert!(
        paragraphs.iter().any(|p| p == "مرحبا بالعالم"),
        "{paragraphs:?}"
    );
    let blocks = doc
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Paragraph(p) if p.rtl));
    assert_eq!(blocks.count(), 2);
}

#[test]
fn bindings_into_a_large_store_stop_at_the_total_size_limit_and_say_so() {
    // Each binding scans its store; 40 distinct bindings into a 100 KB store would read
    // 4 MB of it, twice the 2 MB the document may read in all: the rest get no value.
    const ID: &str = "{11111111-2222-3333-4444-555555555555}";
    let filler = "<f>x</f>".repeat(12_500);
    let store = format!(
        "<root>{}{filler}</root>",
        (1..=40)
            .map(|i| format!("<v{i}>value {i}</v{i}>"))
            .collect::<String>()
    );
    let controls: String = (1..=40)
        .map(|i| {
            format!(
                r#"<w:p><w:sdt><w:sdtPr><w:dataBinding w:xpath="/root[1]/v{i}[1]" w:storeItemID="{ID}"/></w:sdtPr><w:sdtContent><w:r><w:t>shown {i}</w:t></w:r></w:sdtContent></w:sdt></w:p>"#
            )
        })
        .collect();
    let mut d = Docx::new();
    d.set_body(&controls);
    d.add_custom_xml(1, ID, &store);
    let mut options = Options::default();
    options.limits.max_total_bytes = 2 << 20;
    let doc = docxtract::from_bytes(&d.to_bytes(), &options).expect("converts");
    let values: Vec<Option<&str>> = doc
        .controls
        .iter()
        .map(|c| c.binding.as_deref().and_then(|b| b.value.as_deref()))
        .collect();
    assert_eq!(values[0], Some("value 1"));
    let evaluated = values.iter().filter(|v| v.is_some()).count();
    // 2 MiB over a store of about 100 KB: about 20 scans.
    assert!((15..=25).contains(&evaluated), "{evaluated} evaluated");
    assert!(values[evaluated..].iter().all(Option::is_none));
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::BindingsNotEvaluated));
    // The shown text stays what the document shows.
    assert_eq!(doc.paragraphs()[39].1.text.as_str(), "shown 40");
}

#[test]
fn a_binding_repeated_through_a_document_is_evaluated_once() {
    const ID: &str = "{11111111-2222-3333-4444-555555555555}";
    let filler = "<f>x</f>".repeat(12_500);
    let store = format!("<root><name>Li Na</name>{filler}</root>");
    let control = format!(
        r#"<w:p><w:sdt><w:sdtPr><w:dataBinding w:xpath="/root[1]/name[1]" w:storeItemID="{ID}"/></w:sdtPr><w:sdtContent><w:r><w:t>Li Na</w:t></w:r></w:sdtContent></w:sdt></w:p>"#
    );
    let mut d = Docx::new();
    d.set_body(&control.repeat(100));
    d.add_custom_xml(1, ID, &store);
    // 100 scans of the store would read 10 MB, five times what the document may: one does.
    let mut options = Options::default();
    options.limits.max_total_bytes = 2 << 20;
    let doc = docxtract::from_bytes(&d.to_bytes(), &options).expect("converts");
    assert_eq!(doc.controls.len(), 100);
    assert!(doc
        .controls
        .iter()
        .all(|c| c.binding.as_deref().and_then(|b| b.value.as_deref()) == Some("Li Na")));
    assert!(!doc
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::BindingsNotEvaluated));
}
