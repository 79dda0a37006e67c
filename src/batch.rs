//! Converting many files: what the `docxtract` binary (a crate of its own, so it needs these
//! public) and the tests use beyond the crate root. Not part of the stable API, and hidden from
//! the documentation, so that it can change with the command line.
//!
//! A [`SparsePackage`] is read without the bytes of large images under `word/media/` (on
//! newsroom files they are most of the file), so a batch keeps one per thread.

use std::io::Read;
use std::path::Path;

use crate::{package, Document, Limits, Options, Result};

pub use crate::package::SparsePackage;

/// Read a package file for [`from_sparse`]: the bytes of large images under `word/media/` are
/// not read and not held, nor those of any other part of 64 KiB or more compressed, which the
/// conversion reads from the file when it reaches it (a large main part a bounded range at a
/// time as it is inflated). A file truncated or changed in between fails the conversion as
/// [`crate::ErrorKind::CorruptZip`]. For the images themselves or a hash of the file, use
/// [`crate::read_file`].
pub fn read_file_without_media(
    path: impl AsRef<Path>,
    limits: &Limits,
    buf: &mut SparsePackage,
) -> Result<()> {
    package::read_file_without_media(path.as_ref(), limits.max_input_bytes, buf)
}

/// [`read_file_without_media`] for a file already open (a spooled standard input, a file
/// handed over by another process).
pub fn read_opened_file_without_media(
    file: std::fs::File,
    limits: &Limits,
    buf: &mut SparsePackage,
) -> Result<()> {
    let len = file.metadata()?.len();
    package::read_open_file_without_media(file, len, limits.max_input_bytes, buf)
}

/// Read a document from a package read by [`read_file_without_media`]. `options.sha256`
/// hashes the whole file, read through once more unless it was small enough to be held.
pub fn from_sparse(package: &SparsePackage, options: &Options) -> Result<Document> {
    crate::docx::read_document(package.bytes(), options)
}

/// [`from_sparse`], the body streamed to `sink` (see [`crate::from_bytes_into`]).
pub fn from_sparse_into(
    package: &SparsePackage,
    options: &Options,
    sink: &mut dyn crate::BlockSink,
) -> Result<Document> {
    crate::docx::read_document_into(package.bytes(), options, sink)
}

/// [`crate::from_bytes`], a main part larger than `window_bytes` read in windows of about
/// that size, as a large one always is: a test hook, so that the tests hold the windowed read
/// against the whole one on small documents.
pub fn from_bytes_in_windows(
    bytes: &[u8],
    options: &Options,
    window_bytes: usize,
) -> Result<Document> {
    let mut blocks = Vec::new();
    let whole = package::PackageBytes::whole(bytes);
    let mut doc = crate::docx::read_document_in_windows(whole, options, &mut blocks, window_bytes)?;
    doc.blocks = blocks;
    Ok(doc)
}

/// The uncompressed size the package declares for its main part, read from the archive's
/// directory without inflating anything: whether a document is worth streaming.
pub fn main_part_declared_size(package: &SparsePackage, options: &Options) -> Option<u64> {
    crate::docx::main_part_declared_size(package.bytes(), options)
}

/// Hand each distinct media part that `doc`'s images point to, as (part name, bytes), to
/// `each`, one at a time, in the order of first reference: the parts left unread by
/// [`read_file_without_media`] are read from its file now, so memory holds one image at a
/// time. Linked (external) images and targets missing from the package are left out; an
/// error from `each` stops the walk and is returned.
pub fn for_each_media(
    package: &SparsePackage,
    doc: &Document,
    options: &Options,
    mut each: impl FnMut(&str, Vec<u8>) -> std::io::Result<()>,
) -> Result<()> {
    crate::each_media(package.bytes(), doc, options, &mut each)
}

/// Read a whole package from any reader (standard input, a socket), refusing more than
/// `limits.max_input_bytes`.
pub fn read_all(reader: impl Read, limits: &Limits) -> Result<Vec<u8>> {
    package::read_limited(reader, 0, limits.max_input_bytes)
}

/// SHA-256 of `bytes` as lowercase hex: what [`crate::model::Source::sha256`] holds, for
/// callers that report a hash for inputs that did not convert.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::digest::sha256_hex(bytes)
}
