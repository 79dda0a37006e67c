//! Every file of the shared corpus (`../shared/corpus`, beside the repository) either converts
//! or fails with a clear error: no panic, no hang. Skipped when the corpus is absent.

use docxtract::model::ObjectKind;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::util::shared_corpus;

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                matches!(
                    e.to_ascii_lowercase().as_str(),
                    "docx" | "docm" | "dotx" | "dotm"
                )
            }) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_file_converts_or_fails_with_a_clear_error() {
    let Some(dir) = shared_corpus() else {
        return;
    };
    let files = corpus_files(&dir);
    assert!(
        files.len() > 100,
        "corpus looks incomplete: {} files",
        files.len()
    );
    let options = docxtract::Options::default();
    let mut converted = 0;
    let mut csv_rows = 0;
    let mut markdown_bytes = 0;
    let mut failures = Vec::new();
    let mut slowest = (Duration::ZERO, PathBuf::new());
    for file in &files {
        let started = Instant::now();
        let result = std::panic::catch_unwind(|| docxtract::open_path(file, &options));
        let elapsed = started.elapsed();
        if elapsed > slowest.0 {
            slowest = (elapsed, file.clone());
        }
        let name = file.strip_prefix(&dir).unwrap().display().to_string();
        match result {
            Err(_) => panic!("{name}: panicked"),
            Ok(Ok(doc)) => {
                converted += 1;
                // The JSON is valid and the model is self-consistent.
                let json = serde_json::to_string(&doc).unwrap();
                assert!(json.starts_with("{\"schema\":\"docxtract/1\""));
                for image in &doc.images {
                    assert!(
                        image.rel_id.is_some(),
                        "{name}: image without relationship id"
                    );
                }
                let (rows, md) = check_writers(&doc, &name);
                csv_rows += rows;
                markdown_bytes += md;
            }
            Ok(Err(e)) => {
                let message = e.to_string();
                assert!(
                    !message.is_empty() && !message.contains('\n'),
                    "{name}: unclear error {message:?}"
                );
                failures.push(format!("{name}: [{}] {message}", e.kind_name()));
            }
        }
        assert!(
            elapsed < Duration::from_secs(10),
            "{name}: took {elapsed:?}"
        );
    }
    eprintln!(
        "corpus: {converted} of {} converted; slowest {:?} ({}); {csv_rows} CSV rows, {markdown_bytes} bytes of Markdown",
        files.len(),
        slowest.0,
        slowest.1.display()
    );
    for f in &failures {
        eprintln!("  failed: {f}");
    }
}

/// Every format writes; the Markdown parses with a CommonMark parser; the CSV reads back with
/// one row per paragraph. Returns (CSV rows, Markdown bytes).
fn check_writers(doc: &docxtract::Document, name: &str) -> (usize, usize) {
    use docxtract::write::{write, Format, WriteOptions};
    let options = WriteOptions::new();
    let mut outputs = Vec::new();
    for format in [Format::Json, Format::Markdown, Format::Csv, Format::Text] {
        let mut out = Vec::new();
        write(doc, format, &options, &mut out)
            .unwrap_or_else(|e| panic!("{name}: {format:?}: {e}"));
        outputs.push(out);
    }
    let markdown = String::from_utf8(outputs[1].clone()).expect("Markdown is UTF-8");
    let events = pulldown_cmark::Parser::new_ext(&markdown, pulldown_cmark::Options::all()).count();
    assert!(
        markdown.trim().is_empty() || events > 0,
        "{name}: Markdown parsed to nothing"
    );
    let mut reader = csv::Reader::from_reader(outputs[2].as_slice());
    let mut rows = 0;
    for record in reader.records() {
        record.unwrap_or_else(|e| panic!("{name}: CSV: {e}"));
        rows += 1;
    }
    assert_eq!(
        rows,
        doc.paragraphs().len(),
        "{name}: one CSV row per paragraph"
    );
    String::from_utf8(outputs[3].clone()).expect("text is UTF-8");
    (rows, markdown.len())
}

/// The error kind the corpus MANIFEST's notes promise for a broken-on-purpose file.
fn documented_kind(notes: &str) -> Option<&'static str> {
    if notes.contains("encrypted (OLE2") {
        Some("encrypted")
    } else if notes.contains("not a zip (legacy") {
        Some("legacy_doc")
    } else if notes.contains("corrupt zip") {
        Some("corrupt_zip")
    } else if notes.contains("malformed XML in main part") && notes.contains("on purpose") {
        Some("malformed_xml")
    } else if notes.contains("main part at theme/theme/themeManager.xml") {
        // An Office theme saved as .docx: no Word document at all.
        Some("not_word")
    } else {
        None
    }
}

#[test]
fn broken_on_purpose_corpus_files_fail_with_their_documented_error_kind() {
    let Some(dir) = shared_corpus() else {
        return;
    };
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("MANIFEST.tsv");
    let mut checked = 0;
    for line in manifest.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        let (Some(file), Some(notes)) = (columns.first(), columns.get(8)) else {
            continue;
        };
        let Some(expected) = documented_kind(notes) else {
            continue;
        };
        let result = docxtract::open_path(dir.join(file), &docxtract::Options::default());
        match result {
            Err(e) => assert_eq!(e.kind_name(), expected, "{file}: {e}"),
            Ok(_) => panic!("{file}: converted, but the manifest says {expected}"),
        }
        checked += 1;
    }
    assert!(
        checked >= 15,
        "only {checked} broken-on-purpose files found in the manifest"
    );
    eprintln!("{checked} broken-on-purpose files fail with their documented kind");
}

/// The equations of `openxml-sdk/equation.docx` read in the linear format (UnicodeMath), not as
/// their characters run together; the LaTeX beside them is unchanged.
#[test]
fn corpus_equations_read_in_linear_format() {
    let Some(dir) = shared_corpus() else {
        return;
    };
    let file = dir.join("openxml-sdk/equation.docx");
    let doc = docxtract::open_path(&file, &docxtract::Options::default()).unwrap();
    let maths: Vec<(bool, &str, &str)> = doc
        .paragraphs()
        .into_iter()
        .flat_map(|(_, p)| &p.inlines)
        .filter_map(|i| match i {
            docxtract::model::Inline::Math {
                display,
                text,
                latex,
            } => Some((*display, text.as_str(), latex.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(maths.len(), 8, "{maths:#?}");
    assert_eq!(
        maths[1],
        (
            false,
            "f(x)=a_0+∑_(n=1)^∞ (a_n cos(nπx/L)+b_n sin(nπx/L))",
            "f\\left(x\\right)={a}_{0}+\\sum_{n=1}^{\\infty } \\left({a}_{n}\\cos \\frac{n\\pi x}{L}\
             +{b}_{n}\\sin \\frac{n\\pi x}{L}\\right)"
        )
    );
    assert_eq!(maths[3].1, "■(1&0@0&1)");
    assert_eq!(maths[6].1, "⟨12|13⟩(1+x)^n=1+nx/1!+(n(n-1)x^2)/2!+…");
    assert_eq!(
        maths[7],
        (true, "(x+a)^n=∑_(k=0)^n (n¦k)x^k a^(n-k)", maths[7].2)
    );
    // The linear text is the paragraph's text too.
    let texts: Vec<&str> = doc
        .paragraphs()
        .into_iter()
        .map(|(_, p)| p.text.as_str())
        .collect();
    assert!(
        texts.contains(&"2  f(x)=a_0+∑_(n=1)^∞ (a_n cos(nπx/L)+b_n sin(nπx/L))"),
        "{texts:#?}"
    );
}

/// Real charts (classic and Office 2016 chartex) and SmartArt give their text, and the real
/// HTML import (`poi/stress012.docx`) gives its paragraphs with entities decoded, in the JSON
/// and in place in the text output.
#[test]
fn corpus_charts_diagrams_and_imports_give_their_text() {
    let Some(dir) = shared_corpus() else {
        return;
    };
    let open = |name: &str| docxtract::open_path(dir.join(name), &docxtract::Options::default());
    let texts = |name: &str| -> Vec<(String, String)> {
        open(name)
            .unwrap()
            .objects
            .into_iter()
            .map(|o| (o.kind.as_str().to_string(), o.text.unwrap_or_default()))
            .collect()
    };
    assert_eq!(
        texts("openxml-sdk/chart-Column.docx"),
        vec![(
            "chart".to_string(),
            "fruit\n\tSeries 1\tSeries 2\tSeries 3\napple\t4.6\t2.4\t2\nbanana\t2.9\t5\t2\npear\t3.9\t2.2\t3"
                .to_string()
        )]
    );
    let waterfall = texts("openxml-sdk/Of16-02.docx");
    assert!(
        waterfall[0]
            .1
            .starts_with("\tSeries1\tSeries2\tSeries3\nCategory 1\t-7\t-3\t-24\n"),
        "{waterfall:?}"
    );
    let smart_art: Vec<String> = texts("openxml-sdk/SmartArt.docx")
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    assert_eq!(smart_art[1], "life\nwork\nstudy");

    let form = open("poi/stress012.docx").unwrap();
    let import = form
        .objects
        .iter()
        .find(|o| o.kind == ObjectKind::AltChunk)
        .unwrap();
    let text = import.text.as_deref().unwrap();
    assert!(
        text.starts_with("Bilaga X\nMiljöbilaga Terminalglasögon\nAnbudsgivarens namn:\n"),
        "{text}"
    );
    assert!(!text.contains("&ouml;"), "{text}");
    let mut out = Vec::new();
    docxtract::write::write(
        &form,
        docxtract::write::Format::Text,
        &docxtract::write::WriteOptions::new(),
        &mut out,
    )
    .unwrap();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("\nMiljöbilaga Terminalglasögon\n"), "{out}");
}
