//! Every file of the shared corpus (`../shared/corpus`, beside the repository) either converts
//! or fails with a clear error: no panic, no hang. Skipped when the corpus is absent.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn corpus_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

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
    let Some(dir) = corpus_dir() else {
        eprintln!("skipped: ../shared/corpus not found");
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
        "corpus: {converted} of {} converted; slowest {:?} ({})",
        files.len(),
        slowest.0,
        slowest.1.display()
    );
    for f in &failures {
        eprintln!("  failed: {f}");
    }
}
