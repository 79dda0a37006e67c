//! The deterministic benchmark corpus (issue 7): N newsroom-like articles and, with
//! `--large`, one very large document (20,000 paragraphs, 50 photos). The same arguments
//! write the same bytes on every machine.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT_DIR N [--large]
//! ```
//! writes `OUT_DIR/article-00001.docx` .. `article-NNNNN.docx` and, with `--large`,
//! `OUT_DIR/large.docx`; `--large-paragraphs P` makes it P paragraphs long instead of 20,000
//! (280000: the 142 MB `document.xml` of issue 18). The generator itself is `docxtract::synth::corpus`, so benchmarks
//! can build the same documents in memory.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use docxtract::synth::corpus;

const USAGE: &str = "usage: gen_corpus OUT_DIR N [--large] [--large-paragraphs P]";

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn run() -> Result<(), String> {
    let mut large = false;
    let mut paragraphs = 20_000;
    let mut positional = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--large" => large = true,
            "--large-paragraphs" => {
                large = true;
                paragraphs = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(|| format!("--large-paragraphs needs a number\n{USAGE}"))?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            _ => positional.push(arg),
        }
    }
    let [dir, n] = positional.as_slice() else {
        return Err(USAGE.to_string());
    };
    let dir = PathBuf::from(dir);
    let n: u64 = n
        .parse()
        .map_err(|_| format!("N must be a number, not {n:?}\n{USAGE}"))?;
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let mut total = 0u64;
    for i in 1..=n {
        let bytes = corpus::article(i).to_bytes();
        total += bytes.len() as u64;
        write(&dir.join(format!("article-{i:05}.docx")), &bytes)?;
    }
    println!("{n} articles, {total} bytes, in {}", dir.display());
    if large {
        let bytes = corpus::large_document_of(paragraphs).to_bytes();
        write(&dir.join("large.docx"), &bytes)?;
        println!("large.docx, {} bytes", bytes.len());
    }
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
