//! A file read without its photos leaves a large main part in the file too: the body is
//! inflated from the file a bounded range at a time, so memory holds neither the part nor its
//! compressed bytes (issue 18 §4). The document is the one a whole read gives, and every limit
//! and every damage is still reported, the limits before the part's bytes are read.

use std::fs::OpenOptions;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use docxtract::batch::{from_sparse, read_file_without_media, SparsePackage};
use docxtract::synth::corpus::SplitMix64;
use docxtract::synth::{Compression, Docx};
use docxtract::{from_bytes, Error, Limits, Options};

use crate::util::{stdout, Env};

const MAIN: &str = "word/document.xml";

/// A main part of about 2 MB (so read in windows) whose paragraphs compress about twice,
/// well past the size a part is left in the file at.
fn large_docx() -> Docx {
    let mut rng = SplitMix64(18);
    let mut body = String::new();
    while body.len() < 2 << 20 {
        let words: Vec<String> = (0..8).map(|_| format!("{:x}", rng.next_u64())).collect();
        body.push_str(&format!(
            "<w:p><w:r><w:t>{}</w:t></w:r></w:p>",
            words.join(" ")
        ));
    }
    let mut d = Docx::new();
    d.set_body(&body);
    d
}

/// Where an entry is in the archive: local header, central header, data start, sizes.
struct EntryAt {
    local: u64,
    central: u64,
    data: u64,
    compressed: u64,
    declared: u64,
}

fn entry_at(bytes: &[u8], name: &str) -> EntryAt {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let entry = archive.by_name(name).unwrap();
    EntryAt {
        local: entry.header_start(),
        central: entry.central_header_start(),
        data: entry.data_start().expect("read with its local header"),
        compressed: entry.compressed_size(),
        declared: entry.size(),
    }
}

fn write_temp(dir: &Path, bytes: &[u8]) -> PathBuf {
    let path = dir.join("large.docx");
    std::fs::write(&path, bytes).unwrap();
    path
}

fn read_sparse(path: &Path, limits: &Limits) -> SparsePackage {
    let mut buf = SparsePackage::new();
    read_file_without_media(path, limits, &mut buf).unwrap();
    buf
}

/// Overwrite the file's bytes at `at` (the file stays open in a package read before).
fn overwrite(path: &Path, at: u64, bytes: &[u8]) {
    let mut file = OpenOptions::new().write(true).open(path).unwrap();
    file.seek(SeekFrom::Start(at)).unwrap();
    file.write_all(bytes).unwrap();
}

fn error_of(result: docxtract::Result<docxtract::Document>) -> Error {
    match result {
        Ok(_) => panic!("converted"),
        Err(e) => e,
    }
}

#[test]
fn a_large_main_part_stays_in_the_file_and_converts_to_the_same_document() {
    for compression in [Compression::Deflated, Compression::Stored] {
        let mut d = large_docx();
        d.xml_compression = compression;
        let bytes = d.to_bytes();
        let main = entry_at(&bytes, MAIN);
        assert!(main.declared > 1 << 20 && main.compressed > 256 << 10);
        let dir = tempfile::tempdir().unwrap();
        let path = write_temp(dir.path(), &bytes);

        let buf = read_sparse(&path, &Limits::default());
        assert!(
            buf.bytes_read() < 64 << 10,
            "{compression:?}: {} bytes held, the main part is {} compressed",
            buf.bytes_read(),
            main.compressed
        );
        // What the binary asks to decide whether to stream: the parts, held or not.
        assert!(buf.parts_bytes() >= main.compressed);
        let options = Options::default();
        let sparse = from_sparse(&buf, &options).unwrap();
        assert_eq!(
            sparse,
            from_bytes(&bytes, &options).unwrap(),
            "{compression:?}"
        );
        assert!(sparse.blocks.len() > 10_000);
    }
}

#[test]
fn a_checksum_mismatch_in_the_streamed_main_part_is_the_error_a_whole_read_gives() {
    let mut bytes = large_docx().to_bytes();
    let main = entry_at(&bytes, MAIN);
    // The same wrong CRC-32 in the local and the central header.
    for crc_at in [main.local + 14, main.central + 16] {
        let at = crc_at as usize;
        bytes[at] ^= 0x5A;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), &bytes);
    let options = Options::default();
    let streamed = error_of(from_sparse(&read_sparse(&path, &options.limits), &options));
    let whole = error_of(from_bytes(&bytes, &options));
    assert_eq!(streamed.kind_name(), "corrupt_zip");
    assert!(streamed.to_string().contains("checksum"), "{streamed}");
    assert!(streamed.to_string().contains(MAIN), "{streamed}");
    assert_eq!(streamed.to_string(), whole.to_string());
}

/// The error of converting `bytes` from a file that `spoil` changes after the package was
/// read (its directory and small parts held, the main part left in the file).
fn error_after_spoiling(
    bytes: &[u8],
    options: &Options,
    spoil: impl FnOnce(&Path, &EntryAt),
) -> Error {
    let main = entry_at(bytes, MAIN);
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), bytes);
    let buf = read_sparse(&path, &options.limits);
    spoil(&path, &main);
    error_of(from_sparse(&buf, options))
}

#[test]
fn a_file_truncated_after_its_directory_was_read_is_an_error_not_a_short_document() {
    let bytes = large_docx().to_bytes();
    // Cut in the middle of the main part's compressed bytes.
    let e = error_after_spoiling(&bytes, &Options::default(), |path, main| {
        let file = OpenOptions::new().write(true).open(path).unwrap();
        file.set_len(main.data + main.compressed / 2).unwrap();
    });
    assert_eq!(e.kind_name(), "corrupt_zip", "{e}");
    assert!(e.to_string().contains("truncated"), "{e}");
    assert!(e.to_string().contains(MAIN), "{e}");
}

#[test]
fn a_file_changed_after_its_directory_was_read_is_an_error() {
    let bytes = large_docx().to_bytes();
    // Other bytes where the second half of the main part was: bad data or a bad checksum.
    let e = error_after_spoiling(&bytes, &Options::default(), |path, main| {
        overwrite(path, main.data + main.compressed / 2, &[0xA5; 4096]);
    });
    assert_eq!(e.kind_name(), "corrupt_zip", "{e}");
    assert!(e.to_string().contains(MAIN), "{e}");
}

#[test]
fn a_truncated_file_is_refused_when_it_is_read() {
    let bytes = large_docx().to_bytes();
    let main = entry_at(&bytes, MAIN);
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(
        dir.path(),
        &bytes[..(main.data + main.compressed / 2) as usize],
    );
    let options = Options::default();
    let mut buf = SparsePackage::new();
    let e = match read_file_without_media(&path, &options.limits, &mut buf) {
        Err(e) => e,
        Ok(()) => error_of(from_sparse(&buf, &options)),
    };
    assert_eq!(e.kind_name(), "corrupt_zip", "{e}");
}

/// The limits are checked against the directory before the part is read: the file's part
/// bytes are spoiled after the directory was read, and the limit, not the damage, is what is
/// reported.
fn limit_error_before_reading(bytes: &[u8], options: &Options) -> Error {
    error_after_spoiling(bytes, options, |path, main| {
        overwrite(path, main.data, &[0xA5; 8192]);
    })
}

#[test]
fn the_size_and_ratio_limits_hold_for_the_streamed_main_part_before_it_is_read() {
    let bytes = large_docx().to_bytes();
    let main = entry_at(&bytes, MAIN);

    let mut options = Options::default();
    options.limits.max_part_bytes = main.declared - 1;
    let e = limit_error_before_reading(&bytes, &options);
    assert_eq!(e.kind_name(), "limit", "{e}");
    assert!(e.to_string().contains("one part"), "{e}");

    let mut options = Options::default();
    options.limits.max_compression_ratio = 1;
    let e = limit_error_before_reading(&bytes, &options);
    assert_eq!(e.kind_name(), "limit", "{e}");
    assert!(e.to_string().contains("compression ratio"), "{e}");

    let mut options = Options::default();
    options.limits.max_total_bytes = main.declared - 1;
    let e = limit_error_before_reading(&bytes, &options);
    assert_eq!(e.kind_name(), "limit", "{e}");
}

#[test]
fn a_main_part_inflating_past_its_declared_size_stops_there() {
    let mut bytes = large_docx().to_bytes();
    let main = entry_at(&bytes, MAIN);
    // Declare half the size in both headers: the ratio and size checks pass on the lie, the
    // inflated bytes past it are refused as they come.
    let lie = u32::try_from(main.declared / 2).unwrap().to_le_bytes();
    for at in [main.local + 22, main.central + 24] {
        bytes[at as usize..at as usize + 4].copy_from_slice(&lie);
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), &bytes);
    let options = Options::default();
    let e = error_of(from_sparse(&read_sparse(&path, &options.limits), &options));
    assert_eq!(e.kind_name(), "corrupt_zip", "{e}");
    assert!(e.to_string().contains("declared size"), "{e}");
}

#[test]
fn the_deadline_holds_for_a_main_part_read_from_the_file() {
    let bytes = large_docx().to_bytes();
    let dir = tempfile::tempdir().unwrap();
    let path = write_temp(dir.path(), &bytes);
    let mut options = Options::default();
    options.timeout = Some(std::time::Duration::ZERO);
    let e = error_of(from_sparse(&read_sparse(&path, &options.limits), &options));
    assert_eq!(e.kind_name(), "timeout", "{e}");
}

#[test]
fn the_binary_writes_the_same_json_from_a_file_and_from_a_pipe() {
    let bytes = large_docx().to_bytes();
    let env = Env::new();
    env.write("large.docx", &bytes);
    // A path: the main part is read from the file; a pipe (under the spool size): held.
    let from_file = env.run_ok(&["-t", "json", "large.docx"]);
    let from_pipe = env.run_stdin(&["-t", "json", "-"], &bytes);
    let (file_json, pipe_json) = (stdout(&from_file), stdout(&from_pipe));
    let mut file_doc: serde_json::Value = serde_json::from_str(&file_json).unwrap();
    let mut pipe_doc: serde_json::Value = serde_json::from_str(&pipe_json).unwrap();
    for doc in [&mut file_doc, &mut pipe_doc] {
        doc["source"]["path"] = serde_json::Value::Null;
    }
    assert!(file_doc["blocks"].as_array().unwrap().len() > 10_000);
    assert_eq!(file_doc, pipe_doc);
}
