//! docxtract: turn Word `.docx` packages into a structured document model, and write it as
//! JSON, CSV, Markdown or Tika-style text.
//!
//! ```no_run
//! let doc = docxtract::open_path("article.docx", &docxtract::Options::default())?;
//! for (_story, paragraph) in doc.paragraphs() {
//!     println!("{}", paragraph.text);
//! }
//! # Ok::<(), docxtract::Error>(())
//! ```
//!
//! The library never prints and never exits: every problem is an [`Error`] or a
//! [`model::Warning`] in the returned document.

pub mod error;
pub mod model;
pub mod synth;
pub mod write;

mod digest;
mod docx;
mod package;
mod percent;
mod xml;

/// The hash maps of a conversion are keyed by short strings and numbers from the package
/// (style ids, part names, relationship ids): foldhash hashes those several times faster than
/// SipHash, and its per-process random seed still keeps crafted keys from colliding at will.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

use std::io::{Read, Seek};
use std::path::Path;
use std::time::{Duration, Instant};

pub use error::{Error, ErrorKind, Result};
pub use model::Document;
pub use package::{PartCache, SparsePackage};

/// Safety limits for hostile input. Every limit exceeded is an [`ErrorKind::LimitExceeded`].
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest input file, in bytes.
    pub max_input_bytes: u64,
    /// Most entries in the ZIP archive.
    pub max_entries: usize,
    /// Largest uncompressed size of one part that is read, in bytes.
    pub max_part_bytes: u64,
    /// Largest uncompressed size of all parts read, in bytes.
    pub max_total_bytes: u64,
    /// Largest compression ratio of a part (uncompressed / compressed) above 1 MiB.
    pub max_compression_ratio: u64,
    /// Deepest XML element nesting.
    pub max_xml_depth: usize,
    /// Largest XML start tag with its attributes, in bytes.
    pub max_xml_tag_bytes: usize,
    /// Largest XML text node, in bytes.
    pub max_xml_text_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 2 << 30,
            max_entries: 20_000,
            max_part_bytes: 512 << 20,
            max_total_bytes: 1 << 30,
            max_compression_ratio: 500,
            max_xml_depth: 512,
            max_xml_tag_bytes: 16 << 20,
            max_xml_text_bytes: 128 << 20,
        }
    }
}

/// Reader options.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub limits: Limits,
    /// Time budget for one document; `None` for no limit.
    pub timeout: Option<Duration>,
    /// Which side of tracked changes paragraph `text` holds (the JSON keeps both anyway).
    pub track_changes: model::TrackChanges,
    /// Put hidden text (`w:vanish`) in paragraph `text` and the writers, as Word does with
    /// "Hidden text" ticked in its display options. Off by default: the JSON keeps hidden runs
    /// either way, flagged `hidden`.
    pub show_hidden: bool,
    /// Compute the SHA-256 of the package into `source.sha256`. Off by default: on a
    /// photo-heavy archive hashing every byte costs about a fifth of the conversion, and most
    /// callers never look at it (Apache Tika's `--digest` is opt-in for the same reason).
    pub sha256: bool,
    /// Parts parsed by earlier conversions, reused when a part's stored bytes are the same
    /// (a batch from one template parses its styles once). Outputs are the same with it or
    /// without it. `None` (the default) parses every part of every document.
    pub part_cache: Option<std::sync::Arc<PartCache>>,
    /// Set when reading a document embedded in another (`altChunk`): its own embedded
    /// documents are not read, so nesting cannot recurse.
    #[doc(hidden)]
    pub nested: bool,
}

impl Options {
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.timeout.map(|t| Instant::now() + t)
    }
}

/// Read a package file into memory, refusing one larger than `limits.max_input_bytes` (and a
/// directory). The bytes can go to [`from_bytes`] and then [`read_media`].
pub fn read_file(path: impl AsRef<Path>, limits: &Limits) -> Result<Vec<u8>> {
    package::read_file_limited(path.as_ref(), limits.max_input_bytes)
}

/// Read a package file for [`from_sparse`]: the bytes of large images under `word/media/` are
/// not read (on newsroom files they are most of the file) and not held, so a caller converting
/// many files keeps one [`SparsePackage`] per thread. For the images themselves or a hash of
/// the file, use [`read_file`].
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

/// Read a document from a file. `source.path` is set to the path as given.
pub fn open_path(path: impl AsRef<Path>, options: &Options) -> Result<Document> {
    let path = path.as_ref();
    let bytes = read_file(path, &options.limits)?;
    let mut doc = from_bytes(&bytes, options)?;
    doc.source.path = Some(path.to_string_lossy().into_owned());
    Ok(doc)
}

/// SHA-256 of `bytes` as lowercase hex: what [`model::Source::sha256`] holds, for callers that
/// report a hash for inputs that did not convert.
pub fn sha256_hex(bytes: &[u8]) -> String {
    digest::sha256_hex(bytes)
}

/// Read a document from the bytes of a package.
pub fn from_bytes(bytes: &[u8], options: &Options) -> Result<Document> {
    docx::read_document(package::PackageBytes::whole(bytes), options)
}

/// Read a document from a package read by [`read_file_without_media`]. `options.sha256`
/// hashes the whole file, read through once more unless it was small enough to be held.
pub fn from_sparse(package: &SparsePackage, options: &Options) -> Result<Document> {
    docx::read_document(package.bytes(), options)
}

/// Read a document from any seekable reader (it is read into memory once).
pub fn from_reader<R: Read + Seek>(reader: R, options: &Options) -> Result<Document> {
    let bytes = read_all(reader, &options.limits)?;
    from_bytes(&bytes, options)
}

/// Read a whole package from any reader (standard input, a socket), refusing more than
/// `limits.max_input_bytes`.
pub fn read_all(reader: impl Read, limits: &Limits) -> Result<Vec<u8>> {
    package::read_limited(reader, 0, limits.max_input_bytes)
}

/// The bytes of every distinct media part that `doc`'s images point to inside the package,
/// as (part name, bytes), in the order of first reference. Linked (external) images and
/// targets missing from the package are left out.
pub fn read_media(
    package_bytes: &[u8],
    doc: &Document,
    options: &Options,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut media = Vec::new();
    each_media(
        package::PackageBytes::whole(package_bytes),
        doc,
        options,
        &mut |part, bytes| {
            media.push((part.to_string(), bytes));
            Ok(())
        },
    )?;
    Ok(media)
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
    each_media(package.bytes(), doc, options, &mut each)
}

fn each_media(
    bytes: package::PackageBytes<'_>,
    doc: &Document,
    options: &Options,
    each: &mut dyn FnMut(&str, Vec<u8>) -> std::io::Result<()>,
) -> Result<()> {
    let mut package = package::Package::open(bytes, &options.limits)?;
    let mut seen = HashSet::default();
    for image in doc.images.iter().filter(|i| !i.external) {
        let Some(target) = image.target.as_deref() else {
            continue;
        };
        if !seen.insert(target) {
            continue;
        }
        if let Some(bytes) = package.read_part(target)? {
            each(target, bytes)?;
        }
    }
    Ok(())
}
