//! The `docxtract` binary: parse arguments, run, exit with the code `cli::run` chose.
//! Everything else lives in `cli` (this crate) and the `docxtract` library.

/// mimalloc instead of glibc's malloc: converting is allocation-heavy (model, strings, output
/// buffers, per document), and mimalloc's thread-local free lists take about 9% of the CPU
/// time off a batch (`scripts/compare-peers`, docs/performance.md). The library leaves the
/// choice to its users.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(cli::run())
}
