//! Build information for `docxtract --version`: the git commit the binary was built from and
//! how it was built. Outside a git checkout (a crates.io package, a source tarball) or without
//! git, the commit is `unknown` and the build goes on.

use std::process::Command;

fn main() {
    let commit = git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=DOCXTRACT_COMMIT={commit}");

    let profile = std::env::var("PROFILE").unwrap_or_else(|_| "unknown".into());
    let target = std::env::var("TARGET").unwrap_or_else(|_| "unknown".into());
    // Cargo sets CARGO_FEATURE_<NAME> for each enabled feature of this package.
    let mut features: Vec<String> = std::env::vars()
        .filter_map(|(key, _)| key.strip_prefix("CARGO_FEATURE_").map(str::to_owned))
        .map(|name| name.to_ascii_lowercase().replace('_', "-"))
        .collect();
    features.sort();
    let features = if features.is_empty() {
        "none".to_owned()
    } else {
        features.join(",")
    };
    println!("cargo:rustc-env=DOCXTRACT_BUILD={profile}, {target}, features: {features}");

    // Build again when HEAD moves (a commit, a checkout); paths come from git itself, which
    // also finds them in a worktree, where `.git` is a file.
    for path in ["HEAD", "logs/HEAD"] {
        // A path that does not exist would make Cargo run this script at every build.
        let found = git(&["rev-parse", "--git-path", path]);
        if let Some(p) = found.filter(|p| std::path::Path::new(p).exists()) {
            println!("cargo:rerun-if-changed={p}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}

/// The trimmed standard output of a git command, or `None` if git is missing or fails.
fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
