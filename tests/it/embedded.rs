//! OLE objects that embed a Word document or an Excel workbook: converted one level deep, their
//! text in the object and in every format; a damaged or oversized package is a warning, never
//! the document's failure.

use docxtract::model::*;
use docxtract::synth::snippets::{p, p_text, run};
use docxtract::synth::{fixtures::related_part, xlsx, Docx};
use docxtract::write::{Format, WriteOptions};
use docxtract::Options;

use crate::util::{read_docx, render};

const WORKBOOK_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCUMENT_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A document whose one paragraph holds an OLE object over `bytes`, stored as `part`.
fn with_object(part: &str, bytes: &[u8], content_type: &str, prog_id: &str) -> Docx {
    let mut d = Docx::new();
    let rid = related_part(&mut d, part, bytes, content_type, "package");
    let object = format!(
        r##"<w:r><w:object><v:shape id="s1" type="#_x0000_t75"/><o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="s1" r:id="{rid}"/></w:object></w:r>"##
    );
    d.set_body(&(p(&(run("Object: ") + &object)) + &p_text(None, "After.")));
    d
}

fn prices() -> Vec<u8> {
    xlsx(
        &["Region", "Sales", "a|b"],
        &[(
            "Q1",
            r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>1200.5</v></c></row>"#,
        )],
    )
}

fn workbook_doc() -> Document {
    read_docx(&with_object(
        "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
        &prices(),
        WORKBOOK_TYPE,
        "Excel.Sheet.12",
    ))
}

#[test]
fn an_embedded_workbook_is_a_table_in_markdown_and_tab_separated_lines_in_text() {
    let doc = workbook_doc();
    assert_eq!(doc.objects.len(), 1);
    assert_eq!(doc.objects[0].package, Some(EmbeddedPackage::Workbook));
    assert_eq!(
        doc.objects[0].text.as_deref(),
        Some("Q1\nRegion\tSales\na|b\t1200.5\n")
    );
    let markdown = render(&doc, Format::Markdown, &WriteOptions::new());
    assert!(
        markdown.contains("Q1\n\n| Region | Sales |\n| --- | --- |\n| a\\|b | 1200.5 |"),
        "{markdown}"
    );
    let text = render(&doc, Format::Text, &WriteOptions::new());
    assert!(
        text.contains("Object: \nQ1\nRegion\tSales\na|b\t1200.5\nAfter."),
        "{text}"
    );
    let json = render(&doc, Format::Json, &WriteOptions::new());
    assert!(json.contains(r#""package":"workbook""#), "{json}");
}

#[test]
fn an_embedded_document_reads_as_its_paragraphs_after_the_object() {
    let mut inner = Docx::new();
    inner.set_body(&(p_text(None, "Inner one.") + &p_text(None, "Inner two.")));
    let doc = read_docx(&with_object(
        "word/embeddings/Microsoft_Word_Document1.docx",
        &inner.to_bytes(),
        DOCUMENT_TYPE,
        "Word.Document.12",
    ));
    assert_eq!(doc.objects[0].package, Some(EmbeddedPackage::Document));
    assert_eq!(
        doc.objects[0].text.as_deref(),
        Some("Inner one.\nInner two.")
    );
    let text = render(&doc, Format::Text, &WriteOptions::new());
    assert!(
        text.contains("Object: \nInner one.\nInner two.\nAfter."),
        "{text}"
    );
    let markdown = render(&doc, Format::Markdown, &WriteOptions::new());
    assert!(
        markdown.contains("Object:\n\nInner one.\n\nInner two.\n\nAfter."),
        "{markdown}"
    );
}

#[test]
fn objects_embedded_in_an_embedded_document_are_not_converted() {
    // One level deep, as Tika: the inner document's own workbook stays unread.
    let inner = with_object(
        "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
        &prices(),
        WORKBOOK_TYPE,
        "Excel.Sheet.12",
    );
    let doc = read_docx(&with_object(
        "word/embeddings/Microsoft_Word_Document1.docx",
        &inner.to_bytes(),
        DOCUMENT_TYPE,
        "Word.Document.12",
    ));
    assert_eq!(doc.objects[0].text.as_deref(), Some("Object: \nAfter."));
}

#[test]
fn a_damaged_embedded_package_is_a_warning_and_the_document_converts() {
    let doc = read_docx(&with_object(
        "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
        b"PK\x03\x04 truncated",
        WORKBOOK_TYPE,
        "Excel.Sheet.12",
    ));
    assert_eq!(doc.objects[0].text, None);
    assert_eq!(doc.objects[0].package, None);
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::ObjectNotConverted
            && w.part == "word/embeddings/Microsoft_Excel_Worksheet1.xlsx"));
    assert_eq!(doc.paragraphs().len(), 2);
}

#[test]
fn a_sparse_workbook_grid_is_cut_at_the_part_size_limit() {
    // Cells at A and XFD in every row: small XML, a grid of 16,384 columns.
    let rows: String = (1..=200)
        .map(|r| {
            format!(r#"<row r="{r}"><c r="A{r}"><v>1</v></c><c r="XFD{r}"><v>2</v></c></row>"#)
        })
        .collect();
    let book = xlsx(&[], &[("Wide", &rows)]);
    let d = with_object(
        "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
        &book,
        WORKBOOK_TYPE,
        "Excel.Sheet.12",
    );
    let mut options = Options::default();
    options.limits.max_part_bytes = 1 << 20;
    let doc = docxtract::from_bytes(&d.to_bytes(), &options).unwrap();
    let text = doc.objects[0].text.as_deref().unwrap();
    assert!(text.len() <= 1 << 20, "{}", text.len());
    assert!(text.starts_with("Wide\n1\t\t"));
    assert!(doc
        .warnings
        .iter()
        .any(|w| w.code == WarningCode::TextTruncated
            && w.part
                .starts_with("word/embeddings/Microsoft_Excel_Worksheet1.xlsx#xl/worksheets/")));
}

#[test]
fn legacy_binary_objects_are_left_unread() {
    // An equation's compound file is no package: no text, no warning.
    let doc = read_docx(&with_object(
        "word/embeddings/oleObject1.bin",
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 compound file",
        "application/vnd.openxmlformats-officedocument.oleObject",
        "Equation.3",
    ));
    assert_eq!(doc.objects[0].text, None);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}
