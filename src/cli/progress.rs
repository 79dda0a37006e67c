//! Progress bar on stderr (indicatif), drawn only when asked or when stderr is a terminal.
//! Every stderr line goes through [`Progress::println`] so it never tears the bar.

use super::args::ProgressWhen;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle, TermLike};
use std::fmt;
use std::io::{self, IsTerminal, Write};

/// The bar's rate, `12.3 files/s` (indicatif's own `{per_sec}` prints `331.2965/s`), or `-`
/// before the first file is done.
fn rate(done: u64, per_sec: f64) -> String {
    if done == 0 || !per_sec.is_finite() {
        "- files/s".to_owned()
    } else {
        format!("{per_sec:.1} files/s")
    }
}

pub struct Progress {
    bar: Option<ProgressBar>,
    errors: u64,
}

impl Progress {
    /// `total` is asked only when a bar is drawn (counting the inputs walks them once more);
    /// `None` draws a bar without a length.
    pub fn new(when: ProgressWhen, quiet: bool, total: impl FnOnce() -> Option<u64>) -> Progress {
        let target = match when {
            _ if quiet => None,
            ProgressWhen::Never => None,
            ProgressWhen::Auto => io::stderr().is_terminal().then(ProgressDrawTarget::stderr),
            // indicatif hides bars on a non-terminal; `always` means always (CI logs).
            ProgressWhen::Always => Some(ProgressDrawTarget::term_like_with_hz(
                Box::new(AnsiStderr),
                4,
            )),
        };
        let bar = target.map(|target| {
            let total = total();
            let template = match total {
                Some(_) => "{bar:30} {pos}/{len} files, {rate}, ETA {eta}, {msg}",
                None => "{spinner} {pos} files, {rate}, {elapsed}, {msg}",
            };
            let bar = ProgressBar::with_draw_target(total, target);
            bar.set_style(
                ProgressStyle::with_template(template)
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .with_key("rate", |state: &ProgressState, w: &mut dyn fmt::Write| {
                        let _ = w.write_str(&rate(state.pos(), state.per_sec()));
                    }),
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

/// stderr driven with plain ANSI sequences, whether or not it is a terminal.
#[derive(Debug)]
struct AnsiStderr;

impl TermLike for AnsiStderr {
    fn width(&self) -> u16 {
        100
    }

    fn move_cursor_up(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            write!(io::stderr(), "\x1b[{n}A")?;
        }
        Ok(())
    }

    fn move_cursor_down(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            write!(io::stderr(), "\x1b[{n}B")?;
        }
        Ok(())
    }

    fn move_cursor_right(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            write!(io::stderr(), "\x1b[{n}C")?;
        }
        Ok(())
    }

    fn move_cursor_left(&self, n: usize) -> io::Result<()> {
        if n > 0 {
            write!(io::stderr(), "\x1b[{n}D")?;
        }
        Ok(())
    }

    fn write_line(&self, s: &str) -> io::Result<()> {
        writeln!(io::stderr(), "{s}")
    }

    fn write_str(&self, s: &str) -> io::Result<()> {
        write!(io::stderr(), "{s}")
    }

    fn clear_line(&self) -> io::Result<()> {
        write!(io::stderr(), "\r\x1b[2K")
    }

    fn flush(&self) -> io::Result<()> {
        io::stderr().flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rate_is_rounded_and_absent_before_the_first_file() {
        assert_eq!(rate(10, 331.296_5), "331.3 files/s");
        assert_eq!(rate(0, 0.0), "- files/s");
        assert_eq!(rate(3, f64::INFINITY), "- files/s");
    }
}
