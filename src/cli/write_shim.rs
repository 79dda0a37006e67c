//! TEMPORARY stand-in for `docxtract::write` until branch `writers` lands.
//!
//! It has the exact names of the writers' API so that the CLI compiles and its JSON path can be
//! tested; Markdown, CSV and text fail with an "unsupported" error. Deleted at the merge of
//! `writers` (the `use` in `cli/mod.rs` then points at `docxtract::write`).

use docxtract::Document;
use std::io;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Json,
    Markdown,
    Csv,
    Text,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::Text => "txt",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvTable {
    Blocks,
    Images,
    Bookmarks,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Markers {
    Tika,
    None,
}

#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub pretty: bool,
    pub csv_table: CsvTable,
    pub csv_header: bool,
    pub bom: bool,
    pub markers: Markers,
    pub headers_footers: bool,
    pub keep_hidden_bookmarks: bool,
    pub comments: bool,
    pub front_matter: bool,
    pub media_dir: Option<String>,
}

impl WriteOptions {
    pub fn new() -> WriteOptions {
        WriteOptions {
            pretty: false,
            csv_table: CsvTable::Blocks,
            csv_header: true,
            bom: false,
            markers: Markers::Tika,
            headers_footers: true,
            keep_hidden_bookmarks: false,
            comments: false,
            front_matter: false,
            media_dir: None,
        }
    }
}

pub fn write(
    doc: &Document,
    format: Format,
    options: &WriteOptions,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Json => {
            if options.pretty {
                serde_json::to_writer_pretty(&mut *out, doc)?;
            } else {
                serde_json::to_writer(&mut *out, doc)?;
            }
            out.write_all(b"\n")
        }
        other => Err(io::Error::new(
            io::ErrorKind::Unsupported,
            format!("the {other:?} writer is not built yet"),
        )),
    }
}

/// The writers' safe file name for a media part (same rule as `docxtract::write`): strip
/// `word/media/`, keep letters, digits, `.`, `_`, `-`, never empty, never starting with `.`.
pub fn media_file_name(part: &str) -> String {
    let part = part.trim_start_matches('/');
    let rest = part.strip_prefix("word/media/").unwrap_or(part);
    let mut name: String = rest
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with('.') {
        name.insert(0, '_');
    }
    name
}
