//! Report: the outcome of each input (a JSON line in `--report FILE`), error lines on stderr,
//! and the summary line.

use super::discover::LEGACY_FORMATS;
use super::failure::FailureKind;
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
    pub error_kind: Option<FailureKind>,
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
    /// For the notes after the summary line; not part of the report.
    #[serde(skip)]
    pub markdown_gaps: MarkdownGaps,
}

/// What a document's Markdown points at or leaves out that its reader cannot see.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkdownGaps {
    /// Image links name media parts inside the .docx (`word/media/image1.jpeg`), not files
    /// beside the Markdown (no `--extract-media`).
    pub package_image_links: bool,
    /// The document has comments, left out without `--comments`.
    pub comments_left_out: bool,
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
            markdown_gaps: MarkdownGaps::default(),
        }
    }

    pub fn failed(source: &str, kind: FailureKind, message: String) -> Outcome {
        let mut o = Outcome::new(source, Status::Error);
        o.error_kind = Some(kind);
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

    /// One line, written through at once: a run that is killed (the OOM killer, SIGKILL)
    /// leaves every finished input's complete line, and never half of one.
    pub fn write(&mut self, outcome: &Outcome) -> io::Result<()> {
        serde_json::to_writer(&mut self.w, outcome)?;
        self.w.write_all(b"\n")?;
        self.w.flush()
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
    /// Documents whose Markdown links images inside the package.
    pub package_image_links: u64,
    /// Documents whose comments the Markdown leaves out.
    pub comments_left_out: u64,
    /// Legacy files skipped in walked folders, by extension (`doc`, `rtf`, ...), in the order
    /// of [`super::discover::LEGACY_FORMATS`].
    pub legacy: [u64; 4],
}

impl Totals {
    pub fn add(&mut self, o: &Outcome) {
        match o.status {
            Status::Ok => {
                self.converted += 1;
                self.package_image_links += u64::from(o.markdown_gaps.package_image_links);
                self.comments_left_out += u64::from(o.markdown_gaps.comments_left_out);
            }
            Status::Error => self.failed += 1,
            Status::Skipped => {
                self.skipped += 1;
                let reason = o.reason.as_deref().unwrap_or("");
                if reason == "lock file" {
                    self.lock_files += 1;
                }
                let legacy = LEGACY_FORMATS.iter().position(|(_, r)| *r == reason);
                if let Some(i) = legacy {
                    self.legacy[i] += 1;
                }
            }
        }
    }

    /// `docxtract: 10 converted, 1 failed, 15 skipped (2 lock files, 12 legacy .doc files not
    /// converted, 1 legacy .rtf file not converted) in 1.20 s, 8.3 files/s`; no rate when
    /// nothing was converted or failed.
    pub fn summary(&self, elapsed: Duration, interrupted: bool) -> String {
        let secs = elapsed.as_secs_f64();
        let done = self.converted + self.failed;
        let mut s = format!(
            "docxtract: {} converted, {} failed, {} skipped",
            self.converted, self.failed, self.skipped
        );
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        let mut why = Vec::new();
        if self.lock_files > 0 {
            why.push(format!(
                "{} lock file{}",
                self.lock_files,
                plural(self.lock_files)
            ));
        }
        for (&n, (ext, _)) in self.legacy.iter().zip(LEGACY_FORMATS) {
            if n > 0 {
                why.push(format!("{n} legacy .{ext} file{} not converted", plural(n)));
            }
        }
        if !why.is_empty() {
            s.push_str(&format!(" ({})", why.join(", ")));
        }
        s.push_str(&format!(" in {secs:.2} s"));
        if done > 0 && secs > 0.0 {
            s.push_str(&format!(", {:.1} files/s", done as f64 / secs));
        }
        if interrupted {
            s.push_str("; interrupted");
        }
        s
    }

    /// Lines said once per run, after the summary, about what the Markdown written cannot show.
    pub fn markdown_notes(&self) -> Vec<String> {
        let documents = |n: u64| format!("{n} document{}", if n == 1 { "" } else { "s" });
        let mut notes = Vec::new();
        if self.package_image_links > 0 {
            notes.push(format!(
                "docxtract: note: the Markdown of {} links images inside the .docx \
                 (word/media/...), which are not beside it; --extract-media --out DIR writes them",
                documents(self.package_image_links)
            ));
        }
        if self.comments_left_out > 0 {
            notes.push(format!(
                "docxtract: note: {} {} comments that the Markdown leaves out; --comments keeps them",
                documents(self.comments_left_out),
                if self.comments_left_out == 1 { "has" } else { "have" }
            ));
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skipped(reason: &str) -> Outcome {
        Outcome::skipped("x", reason)
    }

    #[test]
    fn summary_counts_legacy_files_by_format() {
        let mut totals = Totals::default();
        totals.add(&Outcome::new("a.docx", Status::Ok));
        for _ in 0..12 {
            totals.add(&skipped(LEGACY_FORMATS[0].1));
        }
        totals.add(&skipped(LEGACY_FORMATS[1].1));
        totals.add(&skipped("lock file"));
        let line = totals.summary(Duration::from_secs(2), false);
        assert_eq!(
            line,
            "docxtract: 1 converted, 0 failed, 14 skipped (1 lock file, 12 legacy .doc files \
             not converted, 1 legacy .rtf file not converted) in 2.00 s, 0.5 files/s"
        );
    }

    #[test]
    fn summary_has_no_rate_when_everything_was_skipped() {
        let mut totals = Totals::default();
        totals.add(&skipped("outputs exist"));
        let line = totals.summary(Duration::from_millis(30), false);
        assert_eq!(
            line,
            "docxtract: 0 converted, 0 failed, 1 skipped in 0.03 s"
        );
    }
}
