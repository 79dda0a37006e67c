//! The batch path: bytes written to a file (behind a prefix when the first byte says so), read
//! without its photos, converted with the SHA-256 on, its media read one at a time from the
//! file, and every writer run against a small output budget. Beyond "never panics", two
//! oracles: the sparse read converts exactly as a whole read does, and its streamed hash is
//! the hash of the file.
#![no_main]

use std::io::Write;
use std::time::Duration;

use docxtract::write::budget::{budget_exceeded, Budgeted};
use docxtract::write::write;
use libfuzzer_sys::fuzz_target;

mod common;

/// Large enough to take the sparse path (files under 32 KiB are read whole).
const PREFIX: usize = 40 * 1024;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, package)) = data.split_first() else {
        return;
    };
    let mut file = tempfile::NamedTempFile::new().expect("temp file");
    if mode & 1 == 1 {
        file.write_all(&vec![0u8; PREFIX]).unwrap();
    }
    file.write_all(package).unwrap();
    file.flush().unwrap();
    let bytes = std::fs::read(file.path()).unwrap();

    let mut options = docxtract::Options::default();
    options.timeout = Some(Duration::from_secs(5));
    options.sha256 = true;
    let mut buf = docxtract::batch::SparsePackage::new();
    if docxtract::batch::read_file_without_media(file.path(), &options.limits, &mut buf).is_err() {
        return;
    }
    let sparse = docxtract::batch::from_sparse(&buf, &options);
    let whole = docxtract::from_bytes(&bytes, &options);
    match (&sparse, &whole) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.blocks, b.blocks, "sparse and whole reads differ");
            assert_eq!(a.source.sha256, b.source.sha256, "streamed hash differs");
        }
        (Err(a), Err(b)) => assert_eq!(a.kind_name(), b.kind_name(), "{a} / {b}"),
        (a, b) => panic!(
            "sparse {:?} but whole {:?}",
            a.as_ref().map(|_| ()),
            b.as_ref().map(|_| ())
        ),
    }
    let Ok(doc) = sparse else {
        return;
    };
    let mut media = 0usize;
    let _ = docxtract::batch::for_each_media(&buf, &doc, &options, |_, bytes| {
        media += bytes.len();
        Ok(())
    });
    // A budget small enough that large outputs meet it: the error is a budget error or none.
    let budget = 256 * 1024;
    let mut left = budget;
    common::every_output(|format, options| {
        let mut out = Budgeted::new(std::io::sink(), &mut left, budget);
        if let Err(e) = write(&doc, format, options, &mut out) {
            assert!(budget_exceeded(&e).is_some(), "a writer failed: {e}");
            left = budget;
        }
    });
});
