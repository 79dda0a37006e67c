//! Report: the outcome of each input (a JSON line in `--report FILE`), error lines on stderr,
//! and the summary line.

use serde::Serialize;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::time::Duration;

use super::quote::quote;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Ok,
    Error,
    Skipped,
}

/// Counts from a converted document.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Counts {
    pub blocks: usize,
    pub paragraphs: usize,
    pub images: usize,
    pub bookmarks: usize,
    pub warnings: usize,
}

/// What happened to one input: one line of the report.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The path as shown (lossy for a name that is not valid UTF-8).
    pub source: String,
    /// The path's bytes in hex, only when it is not valid UTF-8: the lossless form.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_hex: Option<String>,
    pub status: Status,
    /// Stable short kind of the error (`not_zip`, `timeout`, `internal`, `output`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Why it was skipped (`lock file`, `outputs exist`, ...).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub outputs: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<Counts>,
    pub ms: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

impl Outcome {
    pub fn new(source: &str, status: Status) -> Outcome {
        Outcome {
            source: source.to_string(),
            source_hex: None,
            status,
            error_kind: None,
            error: None,
            reason: None,
            outputs: Vec::new(),
            counts: None,
            ms: 0,
            sha256: None,
        }
    }

    pub fn failed(source: &str, kind: &str, message: String) -> Outcome {
        let mut o = Outcome::new(source, Status::Error);
        o.error_kind = Some(kind.to_string());
        o.error = Some(message);
        o
    }

    pub fn skipped(source: &str, reason: &str) -> Outcome {
        let mut o = Outcome::new(source, Status::Skipped);
        o.reason = Some(reason.to_string());
        o
    }

    /// The stderr line for a failure: `docxtract: PATH: MESSAGE`, always one line (the path
    /// and the message quoted).
    pub fn error_line(&self) -> Option<String> {
        self.error
            .as_ref()
            .map(|e| format!("docxtract: {}: {}", quote(&self.source), quote(e)))
    }
}

/// The `--report` file, written one line per input as results arrive (in input order).
pub struct ReportFile {
    w: BufWriter<fs::File>,
}

impl ReportFile {
    pub fn create(path: &Path) -> io::Result<ReportFile> {
        if let Some(parent) = path.parent() {
            if !parent.as_os_str().is_empty() {
                fs::create_dir_all(parent)?;
            }
        }
        Ok(ReportFile {
            w: BufWriter::new(fs::File::create(path)?),
        })
    }

    pub fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        serde_json::to_writer(&mut self.w, outcome)?;
        self.w.write_all(b"\n")
    }

    pub fn finish(mut self) -> io::Result<()> {
        self.w.flush()
    }
}

/// Running totals.
#[derive(Debug, Default, Clone)]
pub struct Totals {
    pub converted: u64,
    pub failed: u64,
    pub skipped: u64,
    pub lock_files: u64,
}

impl Totals {
    pub fn add(&mut self, o: &Outcome) {
        match o.status {
            Status::Ok => self.converted += 1,
            Status::Error => self.failed += 1,
            Status::Skipped => {
                self.skipped += 1;
                if o.reason.as_deref() == Some("lock file") {
                    self.lock_files += 1;
                }
            }
        }
    }

    /// `docxtract: 10 converted, 1 failed, 3 skipped (2 lock files) in 1.20 s, 8.3 files/s`
    pub fn summary(&self, elapsed: Duration, interrupted: bool) -> String {
        let secs = elapsed.as_secs_f64();
        let done = self.converted + self.failed;
        let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
        let mut s = format!(
            "docxtract: {} converted, {} failed, {} skipped",
            self.converted, self.failed, self.skipped
        );
        if self.lock_files > 0 {
            s.push_str(&format!(
                " ({} lock file{})",
                self.lock_files,
                if self.lock_files == 1 { "" } else { "s" }
            ));
        }
        s.push_str(&format!(" in {secs:.2} s, {rate:.1} files/s"));
        if interrupted {
            s.push_str("; interrupted");
        }
        s
    }
}
