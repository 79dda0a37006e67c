//! Reading a package without its photos (`read_file_without_media`, `from_sparse`) must give
//! the same document as reading it whole, neither read nor hold the photos' bytes, and fall
//! back to a whole read on anything unusual.

use docxtract::batch::{from_sparse, read_file_without_media, SparsePackage};
use docxtract::synth::{snippets as s, Docx};
use docxtract::{from_bytes, read_file, Limits, Options};

/// Deterministic bytes that compress badly, like a JPEG.
fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len).map(|_| (xorshift32(&mut x) >> 24) as u8).collect()
}

/// A newsroom-like package: text, and two stored photos of 200 KB each.
fn article_with_photos() -> (Vec<u8>, Vec<Vec<u8>>) {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    let photos = vec![noise(200_000, 7), noise(200_000, 11)];
    let mut body = vec![s::p_text(None, "第一段：新闻正文。")];
    for (i, photo) in photos.iter().enumerate() {
        let rid = d.add_image(Docx::MAIN, photo, "jpeg");
        let pic = s::Picture::new(&rid, i as u32 + 1, &format!("图片 {}", i + 1)).descr("photo");
        body.push(s::p(&s::inline_picture(&pic)));
        body.push(s::p_text(None, &format!("Caption {}", i + 1)));
    }
    d.set_body(&body.concat());
    (d.to_bytes(), photos)
}

fn write_temp(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.docx");
    std::fs::write(&path, bytes).unwrap();
    (dir, path)
}

#[test]
fn a_package_read_without_its_photos_converts_to_the_same_document() {
    let (bytes, photos) = article_with_photos();
    let (_dir, path) = write_temp(&bytes);
    let options = Options::default();
    let whole = from_bytes(&read_file(&path, &Limits::default()).unwrap(), &options).unwrap();

    let mut buf = SparsePackage::new();
    read_file_without_media(&path, &Limits::default(), &mut buf).unwrap();
    assert_eq!(buf.file_len(), bytes.len() as u64);
    assert!(buf.whole().is_none());
    // Only each photo's local header and the few KB at the end of the file with the central
    // directory may be read with them.
    let photo_bytes: usize = photos.iter().map(Vec::len).sum();
    assert!(
        buf.bytes_read() < bytes.len() - photo_bytes * 95 / 100,
        "{} of {} bytes held",
        buf.bytes_read(),
        bytes.len()
    );
    let sparse = from_sparse(&buf, &options).unwrap();
    assert_eq!(sparse, whole);
    assert_eq!(sparse.images.len(), 2);
    assert_eq!(sparse.images[0].name.as_deref(), Some("图片 1"));
}

#[test]
fn a_buffer_reused_after_a_larger_file_holds_only_the_new_files_bytes() {
    let (bytes, _) = article_with_photos();
    let (_dir, path) = write_temp(&bytes);
    let mut prefixed = b"MZ stub ".repeat(100_000);
    prefixed.extend_from_slice(&bytes);
    let (_dir2, large) = write_temp(&prefixed);
    let mut buf = SparsePackage::new();
    read_file_without_media(&large, &Limits::default(), &mut buf).unwrap();
    // The prefix is no part of the package: it is not read.
    assert!(buf.whole().is_none());
    assert!(buf.bytes_read() < bytes.len() / 2, "{}", buf.bytes_read());
    read_file_without_media(&path, &Limits::default(), &mut buf).unwrap();
    assert_eq!(buf.file_len(), bytes.len() as u64);
    assert!(buf.bytes_read() < bytes.len() / 2);
    let options = Options::default();
    assert_eq!(
        from_sparse(&buf, &options).unwrap(),
        from_bytes(&bytes, &options).unwrap()
    );
}

#[test]
fn a_hash_reads_the_file_through_once_and_needs_it_open() {
    let (bytes, _) = article_with_photos();
    let (_dir, path) = write_temp(&bytes);
    let mut options = Options::default();
    options.sha256 = true;
    let mut buf = SparsePackage::new();
    read_file_without_media(&path, &Limits::default(), &mut buf).unwrap();
    let doc = from_sparse(&buf, &options).unwrap();
    assert!(
        buf.bytes_read() < bytes.len() / 2,
        "the photos were not held"
    );
    assert_eq!(
        doc.source.sha256,
        from_bytes(&bytes, &options).unwrap().source.sha256
    );
    assert_eq!(
        buf.sha256_hex().unwrap(),
        docxtract::batch::sha256_hex(&bytes)
    );
    buf.close_file();
    let err = from_sparse(&buf, &options).unwrap_err();
    assert!(err.to_string().contains("SHA-256"), "{err}");
    // A small file is read whole, and hashed.
    let small = Docx::new().to_bytes();
    let (_dir2, small_path) = write_temp(&small);
    read_file_without_media(&small_path, &Limits::default(), &mut buf).unwrap();
    let doc = from_sparse(&buf, &options).unwrap();
    assert_eq!(
        doc.source.sha256,
        from_bytes(&small, &options).unwrap().source.sha256
    );
    assert!(doc.source.sha256.is_some());
}

#[test]
fn small_files_and_unusual_archives_are_read_whole() {
    let (bytes, _) = article_with_photos();
    // A cut end has no end-of-central-directory record.
    let truncated = bytes[..bytes.len() - 10].to_vec();
    let small = Docx::new().to_bytes();
    for input in [truncated, small] {
        let (_dir, path) = write_temp(&input);
        let mut buf = SparsePackage::new();
        read_file_without_media(&path, &Limits::default(), &mut buf).unwrap();
        assert_eq!(buf.whole(), Some(&input[..]));
    }
}

#[test]
fn a_prefix_before_the_archive_is_skipped_not_read() {
    let (bytes, _) = article_with_photos();
    // A prefix before the archive (a self-extractor's stub) moves every offset.
    let mut prefixed = b"MZ stub ".repeat(100);
    prefixed.extend_from_slice(&bytes);
    let (_dir, path) = write_temp(&prefixed);
    let mut buf = SparsePackage::new();
    read_file_without_media(&path, &Limits::default(), &mut buf).unwrap();
    assert!(buf.whole().is_none());
    assert!(buf.bytes_read() < bytes.len() / 2, "{}", buf.bytes_read());
    let options = Options::default();
    assert_eq!(
        from_sparse(&buf, &options).unwrap().blocks,
        from_bytes(&prefixed, &options).unwrap().blocks
    );
}

#[test]
fn limits_and_directories_are_refused_as_by_read_file() {
    let (bytes, _) = article_with_photos();
    let (dir, path) = write_temp(&bytes);
    let mut tight = Limits::default();
    tight.max_input_bytes = 1000;
    let mut buf = SparsePackage::new();
    let err = read_file_without_media(&path, &tight, &mut buf).unwrap_err();
    assert_eq!(err.kind_name(), "limit");
    let err = read_file_without_media(dir.path(), &Limits::default(), &mut buf).unwrap_err();
    assert_eq!(err.kind_name(), "io");
}

#[test]
fn a_damaged_central_directory_gives_the_same_result_as_a_whole_read() {
    let (bytes, _) = article_with_photos();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.docx");
    let mut buf = SparsePackage::new();
    let mut rng = 0x2545_f491_u32;
    for round in 0..300 {
        let rng = xorshift32(&mut rng);
        // Damage one byte of the last 1,500: the central directory and its end record.
        let mut damaged = bytes.clone();
        let at = damaged.len() - 1 - (rng as usize % 1500);
        damaged[at] ^= (rng >> 8) as u8 | 1;
        assert_same_as_whole_read(
            &path,
            &damaged,
            &mut buf,
            &format!("round {round}, byte {at}"),
        );
    }
}

/// The next number of a xorshift32 sequence: repeatable damage without a random crate.
fn xorshift32(state: &mut u32) -> u32 {
    *state ^= *state << 13;
    *state ^= *state >> 17;
    *state ^= *state << 5;
    *state
}

/// Write `damaged` to `path`, then convert it read without its photos and read whole: the
/// same document, or errors of the same kind.
fn assert_same_as_whole_read(
    path: &std::path::Path,
    damaged: &[u8],
    buf: &mut SparsePackage,
    what: &str,
) {
    let options = Options::default();
    std::fs::write(path, damaged).unwrap();
    let sparse = read_file_without_media(path, &Limits::default(), buf)
        .and_then(|()| from_sparse(buf, &options));
    let whole = from_bytes(damaged, &options);
    match (&sparse, &whole) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{what}"),
        (Err(a), Err(b)) => assert_eq!(a.kind_name(), b.kind_name(), "{what}"),
        _ => panic!("{what}: {sparse:?} vs {whole:?}"),
    }
}

#[test]
fn damage_or_truncation_anywhere_gives_the_same_result_as_a_whole_read() {
    let (bytes, _) = article_with_photos();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.docx");
    let mut buf = SparsePackage::new();
    let mut rng = 0x9e37_79b9_u32;
    let mut next = || xorshift32(&mut rng);
    for round in 0..300 {
        let r = next();
        let mut damaged = bytes.clone();
        // Local headers, XML parts, photos, directory: one flipped byte, or a cut end.
        let at = next() as usize % damaged.len();
        if round % 3 == 0 {
            damaged.truncate(at);
        } else {
            damaged[at] ^= (r >> 8) as u8 | 1;
        }
        assert_same_as_whole_read(
            &path,
            &damaged,
            &mut buf,
            &format!("round {round}, byte {at}"),
        );
    }
}

#[test]
fn bytes_before_the_first_entry_are_read_and_never_a_previous_files() {
    let (bytes, _) = article_with_photos();
    // Data before the first entry, with the directory's offsets still right (an archive
    // appended to a stub whose offsets were fixed up).
    let junk = b"not an OLE file, not a ZIP header".repeat(8);
    let shifted = shift_entries(&bytes, &junk);
    let (_dir, path) = write_temp(&shifted);
    // The buffer last held an encrypted package (OLE magic first).
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(200_000, 0xAA);
    let (_dir2, ole_path) = write_temp(&ole);
    let mut buf = SparsePackage::new();
    read_file_without_media(&ole_path, &Limits::default(), &mut buf).unwrap();
    read_file_without_media(&path, &Limits::default(), &mut buf).unwrap();
    assert!(buf.whole().is_none(), "read without its photos");
    let whole = from_bytes(&shifted, &Options::default()).map(|d| d.blocks.len());
    let sparse = from_sparse(&buf, &Options::default()).map(|d| d.blocks.len());
    assert_eq!(format!("{sparse:?}"), format!("{whole:?}"));
    assert!(whole.is_ok());
}

/// `bytes` with `junk` before its first entry and every offset in the central directory and
/// its end record moved by `junk.len()`.
fn shift_entries(bytes: &[u8], junk: &[u8]) -> Vec<u8> {
    let shift = junk.len() as u32;
    let mut out = junk.to_vec();
    out.extend_from_slice(bytes);
    let eocd = out
        .windows(4)
        .rposition(|w| w == [0x50, 0x4b, 0x05, 0x06])
        .unwrap();
    let le32 = |b: &[u8], at: usize| u32::from_le_bytes(b[at..at + 4].try_into().unwrap());
    let cd = le32(&out, eocd + 16) + shift;
    out[eocd + 16..eocd + 20].copy_from_slice(&cd.to_le_bytes());
    let mut at = cd as usize;
    while out[at..at + 4] == [0x50, 0x4b, 0x01, 0x02] {
        let offset = le32(&out, at + 42) + shift;
        out[at + 42..at + 46].copy_from_slice(&offset.to_le_bytes());
        let len = |o: usize| u16::from_le_bytes([out[at + o], out[at + o + 1]]) as usize;
        at += 46 + len(28) + len(30) + len(32);
    }
    out
}
