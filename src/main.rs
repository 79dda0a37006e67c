//! The `docxtract` binary: parse arguments, run, exit with the code `cli::run` chose.
//! Everything else lives in `cli` (this crate) and the `docxtract` library.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(cli::run())
}
