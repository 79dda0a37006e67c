//! The integration tests, linked as one binary (`cargo test --test it`), as ripgrep's are:
//! every file under `tests/` at the top level would be a crate of its own, linked on its own
//! against the library and its dependencies. Cargo finds `tests/it/main.rs` by itself; the
//! modules below are the former `tests/*.rs`, so `cargo test --test it golden::` runs what
//! `cargo test --test golden` did.

mod body_cpu;
mod body_windows;
mod cli;
mod complete_outputs;
mod controls;
mod corpus;
mod embedded;
mod flat_memory;
mod form_answers;
mod golden;
mod hostile;
mod list_numbering;
mod part_cache;
mod reader;
mod schema;
mod sections;
mod shared_text;
mod sparse;
mod streaming;
mod streaming_writers;
mod structural_changes;
mod synth;
mod template_parts;
mod util;
mod writers;
