//! The output budget: how many bytes the outputs of one document may take, counted while they
//! are written. A small package can name one long string (a link target, a style name, a field
//! result) thousands of times; the model holds it once, but every output writes it each time.
//! The budget stops such a document while it is written, long before its output is.

use std::fmt;
use std::io::{self, Write};

/// The budget never falls below this: every real document fits (the largest JSON of the
/// shared corpus is 13.5 times its package; the median 0.17).
pub const MIN_OUTPUT_BYTES: u64 = 64 << 20;
/// The default number of bytes of output allowed per byte of input.
pub const DEFAULT_OUTPUT_RATIO: u64 = 200;
/// The default absolute cap on one document's outputs, whatever its size.
pub const DEFAULT_MAX_OUTPUT_BYTES: u64 = 4 << 30;

/// The budget of a document whose package is `input_bytes` long: `ratio` bytes per input
/// byte, at least [`MIN_OUTPUT_BYTES`], at most `cap`.
pub fn output_budget(input_bytes: u64, ratio: u64, cap: u64) -> u64 {
    input_bytes
        .saturating_mul(ratio)
        .max(MIN_OUTPUT_BYTES)
        .min(cap)
}

/// The error a [`Budgeted`] writer returns once its budget is spent, inside an `io::Error`
/// (find it with [`budget_exceeded`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutputBudgetExceeded {
    /// The budget, in bytes.
    pub max: u64,
}

impl fmt::Display for OutputBudgetExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "limit exceeded: output size in bytes (max {})", self.max)
    }
}

impl std::error::Error for OutputBudgetExceeded {}

/// The budget that `error` reports as spent, if it is a budget error.
pub fn budget_exceeded(error: &io::Error) -> Option<OutputBudgetExceeded> {
    error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<OutputBudgetExceeded>())
        .copied()
}

/// A writer that passes bytes on while `left` allows, and fails the write that would take
/// more, before any of it is passed on. Several outputs of one document share one `left`.
pub struct Budgeted<'a, W> {
    inner: W,
    left: &'a mut u64,
    max: u64,
}

impl<'a, W: Write> Budgeted<'a, W> {
    /// `left` is what remains of a budget of `max` bytes.
    pub fn new(inner: W, left: &'a mut u64, max: u64) -> Self {
        Budgeted { inner, left, max }
    }
}

impl<W: Write> Write for Budgeted<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if buf.len() as u64 > *self.left {
            return Err(io::Error::other(OutputBudgetExceeded { max: self.max }));
        }
        let n = self.inner.write(buf)?;
        *self.left -= n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_scales_with_the_input_between_the_floor_and_the_cap() {
        assert_eq!(output_budget(10_000, 200, 4 << 30), MIN_OUTPUT_BYTES);
        assert_eq!(output_budget(10 << 20, 200, 4 << 30), 2000 << 20);
        assert_eq!(output_budget(1 << 30, 200, 4 << 30), 4 << 30);
        assert_eq!(output_budget(u64::MAX, 200, 1 << 20), 1 << 20);
    }

    #[test]
    fn a_write_past_the_budget_fails_whole_and_says_so() {
        let mut out = Vec::new();
        let mut left = 10;
        let mut w = Budgeted::new(&mut out, &mut left, 10);
        w.write_all(b"123456").unwrap();
        let err = w.write_all(b"7890X").unwrap_err();
        assert_eq!(
            budget_exceeded(&err),
            Some(OutputBudgetExceeded { max: 10 })
        );
        assert_eq!(out, b"123456", "nothing of the refused write was passed on");
        assert_eq!(left, 4);
        assert_eq!(budget_exceeded(&io::Error::other("other")), None);
    }

    #[test]
    fn outputs_of_one_document_share_the_budget() {
        let mut left = 8;
        Budgeted::new(io::sink(), &mut left, 8)
            .write_all(b"12345")
            .unwrap();
        let second = Budgeted::new(io::sink(), &mut left, 8).write_all(b"6789");
        assert!(second.is_err());
    }
}
