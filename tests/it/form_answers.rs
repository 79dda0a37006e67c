//! The leftovers of issue 17 §3, §4 and §6: content controls and form fields in CSV.

use docxtract::write::{CsvTable, Format, WriteOptions};

use crate::util::{open_fixture, render};

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
