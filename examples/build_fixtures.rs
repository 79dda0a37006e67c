//! Write every fixture to `fixtures/` (or the folder given as the first argument), plus
//! `fixtures/README.md` describing them. The output is deterministic: rerunning it on any
//! machine rewrites identical bytes.
//!
//! ```text
//! cargo run --example build_fixtures
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use docxtract::synth::fixtures;

fn main() -> ExitCode {
    let dir = std::env::args_os()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures"));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("build_fixtures: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let all = fixtures::all();
    for f in &all {
        let path = dir.join(f.name);
        if let Err(e) = std::fs::write(&path, &f.bytes) {
            eprintln!("build_fixtures: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!("{:>8} bytes  {}", f.bytes.len(), path.display());
    }
    let readme = dir.join("README.md");
    if let Err(e) = std::fs::write(&readme, fixtures::readme(&all)) {
        eprintln!("build_fixtures: cannot write {}: {e}", readme.display());
        return ExitCode::FAILURE;
    }
    println!("{} fixtures and {}", all.len(), readme.display());
    ExitCode::SUCCESS
}
