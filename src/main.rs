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
    return_freed_memory_soon();
    ExitCode::from(cli::run())
}

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the Rust bindings lack the name).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
/// mimalloc 3's default for it, in milliseconds.
const MIMALLOC_DEFAULT_PURGE_DELAY: std::os::raw::c_long = 1000;

/// mimalloc 3 keeps freed memory for a second before giving it back to the system. A batch
/// frees a large document and goes on to the next one, so that second held the real corpus
/// at a peak of 60 MiB instead of 37 (`-j 2`). 10 ms is mimalloc 2's default, and what this
/// sets, unless `MIMALLOC_PURGE_DELAY` already chose a value.
fn return_freed_memory_soon() {
    // SAFETY: options are read and set through mimalloc's own API, before any other thread
    // exists (`mi_option_set` is not thread-safe). The option is changed only when it holds
    // mimalloc 3's default, so a renumbered option in another mimalloc is left alone.
    unsafe {
        if libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) == MIMALLOC_DEFAULT_PURGE_DELAY {
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 10);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_where_mimalloc_3_has_it() {
        // If the bundled mimalloc renumbers its options, `return_freed_memory_soon` would
        // quietly do nothing: this says so instead.
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            // SAFETY: reading an option.
            let value = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
            assert_eq!(value, MIMALLOC_DEFAULT_PURGE_DELAY);
        }
    }
}
