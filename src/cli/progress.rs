//! Progress bar on stderr (indicatif), drawn only when asked or when stderr is a terminal.
//! Every stderr line goes through [`Progress::println`] so it never tears the bar.

use super::args::ProgressWhen;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

pub struct Progress {
    bar: Option<ProgressBar>,
    errors: u64,
}

impl Progress {
    pub fn new(when: ProgressWhen, quiet: bool, total: u64) -> Progress {
        let show = !quiet
            && match when {
                ProgressWhen::Always => true,
                ProgressWhen::Never => false,
                ProgressWhen::Auto => std::io::stderr().is_terminal(),
            };
        let bar = show.then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            bar.set_style(
                ProgressStyle::with_template(
                    "{bar:30} {pos}/{len} files, {per_sec}, ETA {eta}, {msg}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.set_message("0 errors");
            bar
        });
        Progress { bar, errors: 0 }
    }

    pub fn inc(&mut self, failed: bool) {
        if failed {
            self.errors += 1;
        }
        if let Some(bar) = &self.bar {
            if failed {
                bar.set_message(format!(
                    "{} error{}",
                    self.errors,
                    if self.errors == 1 { "" } else { "s" }
                ));
            }
            bar.inc(1);
        }
    }

    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
