//! Golden outputs: every fixture in every format, compared byte for byte with
//! `fixtures/golden/NAME.{json,md,csv,txt}`.
//!
//! Regenerate after an intended change, then review the diff:
//! `DOCXTRACT_BLESS=1 cargo test --test it golden::`.

use std::path::Path;

use docxtract::write::{write, Format, WriteOptions};

use crate::util::{fixture_files, fixtures_dir, shared_path};

fn render(path: &Path, format: Format) -> Vec<u8> {
    let mut doc = docxtract::open_path(path, &docxtract::Options::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // A stable, machine-independent source path.
    doc.source.path = Some(format!(
        "fixtures/{}",
        path.file_name().unwrap().to_string_lossy()
    ));
    let options = WriteOptions {
        pretty: true,
        ..WriteOptions::new()
    };
    let mut out = Vec::new();
    write(&doc, format, &options, &mut out).unwrap();
    out
}

#[test]
fn every_fixture_matches_its_golden_output_in_every_format() {
    let bless = std::env::var_os("DOCXTRACT_BLESS").is_some();
    let golden_dir = fixtures_dir().join("golden");
    if bless {
        std::fs::create_dir_all(&golden_dir).unwrap();
    }
    let mut mismatches = Vec::new();
    let mut compared = 0;
    for fixture in fixture_files() {
        let stem = fixture.file_stem().unwrap().to_string_lossy().into_owned();
        for format in [Format::Json, Format::Markdown, Format::Csv, Format::Text] {
            let actual = render(&fixture, format);
            let golden = golden_dir.join(format!("{stem}.{}", format.extension()));
            if bless {
                std::fs::write(&golden, &actual).unwrap();
            }
            match std::fs::read(&golden) {
                Ok(expected) if expected == actual => compared += 1,
                Ok(_) => mismatches.push(format!("{} differs", golden.display())),
                Err(_) => mismatches.push(format!("{} is missing", golden.display())),
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} golden files out of date (DOCXTRACT_BLESS=1 cargo test --test it golden:: regenerates them):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(compared >= 40, "only {compared} golden files compared");
}

/// The seed article's Tika text, committed beside the fixtures (and also in `../shared`).
#[test]
fn seed_article_converts_to_its_tika_text_byte_for_byte() {
    let text = render(&fixtures_dir().join("newsroom-article.docx"), Format::Text);
    let text = String::from_utf8(text).unwrap();
    let committed = std::fs::read_to_string(fixtures_dir().join("seed-article.txt")).unwrap();
    // The writer ends every line with a newline; the seed file has none after its last line.
    assert_eq!(text.strip_suffix('\n'), Some(committed.as_str()));
    if let Some(original) = shared_path("seed-article.txt") {
        let original = std::fs::read_to_string(original).unwrap();
        assert_eq!(text.strip_suffix('\n'), Some(original.as_str()));
    }
}

#[test]
fn seed_article_json_has_its_paragraphs_bookmark_and_photo() {
    let doc = docxtract::open_path(
        fixtures_dir().join("newsroom-article.docx"),
        &docxtract::Options::default(),
    )
    .unwrap();
    let committed = std::fs::read_to_string(fixtures_dir().join("seed-article.txt")).unwrap();
    let paragraphs: Vec<_> = doc.paragraphs();
    assert_eq!(paragraphs.len(), 25);
    let lines: Vec<String> = committed
        .split('\n')
        .map(|l| {
            l.replace("[bookmark: _GoBack]", "")
                .replace("[image: IMG_260]", "")
        })
        .collect();
    for ((_, p), line) in paragraphs.iter().zip(&lines) {
        assert_eq!(&p.text, line, "paragraph {}", p.index);
    }
    assert!(
        paragraphs[6].1.text.contains('\u{a0}'),
        "no-break space kept"
    );
    let go_back = doc
        .bookmarks
        .iter()
        .find(|b| b.name == "_GoBack")
        .expect("_GoBack");
    assert!(go_back.hidden);
    assert_eq!((go_back.start.block, go_back.start.offset), (6, 0));
    assert_eq!(doc.images.len(), 1);
    let photo = &doc.images[0];
    assert_eq!(photo.name.as_deref(), Some("IMG_260"));
    assert_eq!(photo.descr.as_deref(), Some("IMG_260"));
    assert_eq!(photo.location.block, 10);
    assert_eq!(photo.content_type.as_deref(), Some("image/jpeg"));
    assert!(!photo.external);
}
