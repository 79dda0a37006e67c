//! The throughput limit a converter cannot beat (issue 7): read each file and inflate the XML
//! parts a converter must read, and nothing else: no XML parsing, no model, no output.
//!
//! ```text
//! cargo run --release --example lower_bound -- [-j N] PATH...
//! ```
//! PATHs are files or folders (walked recursively for `.docx .docm .dotx .dotm`, Word lock
//! files `~$x.docx` skipped, like the CLI). Files are spread over `N` threads with rayon
//! (default: all cores), one file per task, as the CLI does. The parts inflated are the ones
//! docxtract reads: `[Content_Types].xml`, every `.rels`, the main document, `styles.xml`,
//! `numbering.xml`, `footnotes.xml`, `endnotes.xml`, `comments.xml`, `header*.xml`,
//! `footer*.xml`, `docProps/core.xml` and `docProps/app.xml` (selected by name, which is
//! cheaper than following relationships, so the bound only gets lower). It inflates as the
//! library does: a deflated part whole with libdeflate into a buffer of its declared size,
//! its CRC-32 checked (anything else through the `zip` crate's reader), with one reused
//! buffer and inflater per thread.
//!
//! Prints one `key=value` line (parsed by `scripts/compare-peers`) and a readable summary on
//! stderr. MB is 10^6 bytes of input `.docx`.

use std::cell::RefCell;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

const USAGE: &str = "usage: lower_bound [-j N] PATH...";

/// Whether a converter must inflate the entry `name`.
fn needed(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower.contains("glossary/") {
        return false; // the glossary document (building blocks) is not content
    }
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    lower == "[content_types].xml"
        || file.ends_with(".rels")
        || lower == "docprops/core.xml"
        || lower == "docprops/app.xml"
        || (lower.starts_with("word/")
            && (matches!(
                file,
                "document.xml"
                    | "styles.xml"
                    | "numbering.xml"
                    | "footnotes.xml"
                    | "endnotes.xml"
                    | "comments.xml"
            ) || ((file.starts_with("header") || file.starts_with("footer"))
                && file.ends_with(".xml"))))
}

fn is_docx(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    !name.starts_with("~$") && matches!(ext.as_str(), "docx" | "docm" | "dotx" | "dotm")
}

fn discover(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file() && is_docx(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    files
}

thread_local! {
    static WHOLE: RefCell<libdeflater::Decompressor> = RefCell::new(libdeflater::Decompressor::new());
    static BUF: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Read one file and inflate its needed parts; returns the bytes inflated.
fn inflate(path: &Path) -> Result<u64, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipArchive::new(Cursor::new(&bytes[..])).map_err(|e| e.to_string())?;
    let mut inflated = 0;
    BUF.with(|buf| {
        let mut buf = buf.borrow_mut();
        for i in 0..zip.len() {
            let wanted = matches!(zip.name_for_index(i), Some(Ok(name)) if needed(&name));
            if !wanted {
                continue;
            }
            buf.clear();
            if !inflate_whole(&bytes, &mut zip, i, &mut buf)? {
                let mut entry = zip.by_index(i).map_err(|e| e.to_string())?;
                entry.read_to_end(&mut buf).map_err(|e| e.to_string())?;
            }
            inflated += buf.len() as u64;
            std::hint::black_box(&buf[..]);
        }
        Ok(inflated)
    })
}

/// Inflate entry `i` of the file `bytes` whole into `buf` if it is deflated, from its
/// compressed bytes where they lie in the file, as the library does; false, nothing read,
/// if it is not deflated.
fn inflate_whole(
    bytes: &[u8],
    zip: &mut zip::ZipArchive<Cursor<&[u8]>>,
    i: usize,
    buf: &mut Vec<u8>,
) -> Result<bool, String> {
    let entry = zip.by_index_raw(i).map_err(|e| e.to_string())?;
    if entry.compression() != zip::CompressionMethod::Deflated {
        return Ok(false);
    }
    let (size, crc) = (entry.size() as usize, entry.crc32());
    let compressed = entry
        .data_start()
        .and_then(|start| {
            let start = usize::try_from(start).ok()?;
            bytes.get(start..start.checked_add(entry.compressed_size() as usize)?)
        })
        .ok_or("compressed data outside the file")?;
    buf.resize(size, 0);
    let len = WHOLE
        .with(|whole| whole.borrow_mut().deflate_decompress(compressed, buf))
        .map_err(|e| e.to_string())?;
    buf.truncate(len);
    match crc32fast::hash(buf) == crc {
        true => Ok(true),
        false => Err("invalid checksum".to_string()),
    }
}

fn run() -> Result<bool, String> {
    let mut jobs = 0usize;
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "-j" | "--jobs" => {
                let n = args.next().ok_or(USAGE)?;
                jobs = n.parse().map_err(|_| format!("bad -j {n:?}\n{USAGE}"))?;
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(true);
            }
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    if paths.is_empty() {
        return Err(USAGE.into());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    let files = discover(&paths);
    let input_bytes = AtomicU64::new(0);
    let inflated = AtomicU64::new(0);
    let failed = AtomicU64::new(0);
    pool.install(|| {
        files.par_iter().for_each(|path| {
            let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
            input_bytes.fetch_add(size, Ordering::Relaxed);
            match inflate(path) {
                Ok(n) => {
                    inflated.fetch_add(n, Ordering::Relaxed);
                }
                Err(e) => {
                    failed.fetch_add(1, Ordering::Relaxed);
                    eprintln!("lower_bound: {}: {e}", path.display());
                }
            }
        })
    });
    let seconds = started.elapsed().as_secs_f64();
    let n = files.len() as f64;
    let mb = input_bytes.load(Ordering::Relaxed) as f64 / 1e6;
    let failed = failed.load(Ordering::Relaxed);
    println!(
        "files={} failed={} input_bytes={} inflated_bytes={} seconds={:.6} docs_per_s={:.1} mb_per_s={:.2} threads={}",
        files.len(),
        failed,
        input_bytes.load(Ordering::Relaxed),
        inflated.load(Ordering::Relaxed),
        seconds,
        n / seconds,
        mb / seconds,
        pool.current_num_threads(),
    );
    eprintln!(
        "lower bound: {} files ({failed} failed), {mb:.1} MB in {seconds:.3} s: {:.0} docs/s, {:.1} MB/s",
        files.len(),
        n / seconds,
        mb / seconds
    );
    Ok(failed == 0)
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("lower_bound: {e}");
            ExitCode::from(2)
        }
    }
}
