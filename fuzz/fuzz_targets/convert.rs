//! Bytes in, `docxtract::from_bytes`, every writer out to a sink. Any panic, hang, or memory
//! blow-up is a bug; an `Err` is a normal outcome for broken input.
#![no_main]

use std::time::Duration;

use docxtract::write::write;
use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let mut options = docxtract::Options::default();
    // The library's own budget, well under libFuzzer's -timeout: a slow input shows up as a
    // `timeout` error, a loop that never looks at the clock as a libFuzzer timeout.
    options.timeout = Some(Duration::from_secs(5));
    let Ok(doc) = docxtract::from_bytes(data, &options) else {
        return;
    };
    common::every_output(|format, options| {
        write(&doc, format, options, &mut std::io::sink()).expect("a writer failed on io::sink()")
    });
    // Media reading goes back into the package with the same limits.
    let _ = docxtract::read_media(data, &doc, &options);
});
