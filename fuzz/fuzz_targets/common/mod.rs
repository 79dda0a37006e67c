//! What the fuzz targets share: every writer, every CSV table, with every optional part of
//! the output turned on.

use docxtract::write::{CsvTable, Format, WriteOptions};

/// Call `each` with every format (CSV once for every table) and the options to write it with.
pub fn every_output(mut each: impl FnMut(Format, &WriteOptions)) {
    for format in [Format::Json, Format::Markdown, Format::Csv, Format::Text] {
        let tables: &[CsvTable] = if format == Format::Csv {
            &CsvTable::ALL
        } else {
            &[CsvTable::Blocks]
        };
        for &csv_table in tables {
            let options = WriteOptions {
                csv_table,
                comments: true,
                front_matter: true,
                markdown_headers_footers: true,
                ..WriteOptions::new()
            };
            each(format, &options);
        }
    }
}
