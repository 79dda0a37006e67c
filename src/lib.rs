//! docxtract: turn Word `.docx` packages into a structured document model, and write it as
//! JSON, CSV, Markdown or Tika-style text.
//!
//! ```
//! let doc = docxtract::open_path("fixtures/newsroom-article.docx", &docxtract::Options::default())?;
//! for (_story, paragraph) in doc.paragraphs() {
//!     println!("{}", paragraph.text);
//! }
//! # Ok::<(), docxtract::Error>(())
//! ```
//!
//! A document comes from a path ([`open_path`]), bytes ([`from_bytes`]) or any reader
//! ([`from_reader`]); [`write::write`] turns it into one of the [`write::Format`]s.
//!
//! The library never prints and never exits: every problem is an [`Error`] or a
//! [`model::Warning`] in the returned document.
//!
//! Built with `default-features = false`, the crate compiles none of the command line's
//! dependencies (the `cli` feature).

// Public because the binary is a crate of its own; hidden because it serves the binary and
// may change with it (see its module docs).
#[doc(hidden)]
pub mod batch;
pub mod error;
pub mod model;
/// Not part of the stable API: the fixture writer of the tests (the `synth` feature).
// Hidden as well as optional: documentation built with every feature (docs.rs
// `all-features`) would otherwise present it as API.
#[cfg(any(test, feature = "synth"))]
#[doc(hidden)]
pub mod synth;
pub mod write;

mod digest;
mod docx;
mod package;
mod percent;
mod words;
mod xml;

/// The hash maps of a conversion are keyed by short strings and numbers from the package
/// (style ids, part names, relationship ids): foldhash hashes those several times faster than
/// SipHash, and its per-process random seed still keeps crafted keys from colliding at will.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

pub use error::{Error, ErrorKind, Result};
pub use model::Document;
pub use package::PartCache;

/// Safety limits for hostile input. Every limit exceeded is an [`ErrorKind::LimitExceeded`].
///
/// New limits come with new versions, so it is built from its default:
///
/// ```
/// let mut limits = docxtract::Limits::default();
/// limits.max_input_bytes = 64 << 20;
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
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

/// Reader options. New options come with new versions, so it is built from its default:
///
/// ```
/// let mut options = docxtract::Options::default();
/// options.show_hidden = true;
/// options.timeout = Some(std::time::Duration::from_secs(10));
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
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
    /// Leave the prompts of content controls that show their placeholder ("Click or tap
    /// here to enter text.", `w:showingPlcHdr`) out of paragraph `text` and the writers. Off
    /// by default: Word shows them (greyed), as do LibreOffice, Apache Tika and pandoc; the
    /// JSON flags their runs `placeholder` either way.
    pub hide_placeholders: bool,
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
    pub(crate) nested: bool,
}

impl Options {
    pub(crate) fn deadline(&self) -> Option<Instant> {
        self.timeout.map(|t| Instant::now() + t)
    }
}

/// Read a package file into memory, refusing one larger than `limits.max_input_bytes` (and a
/// directory). The bytes can go to [`from_bytes`] and then [`read_media`].
///
/// ```
/// let limits = docxtract::Limits::default();
/// let bytes = docxtract::read_file("fixtures/images.docx", &limits)?;
/// assert_eq!(&bytes[..2], b"PK");
///
/// let mut small = docxtract::Limits::default();
/// small.max_input_bytes = 100;
/// let err = docxtract::read_file("fixtures/images.docx", &small).unwrap_err();
/// assert_eq!(err.kind_name(), "limit");
/// # Ok::<(), docxtract::Error>(())
/// ```
pub fn read_file(path: impl AsRef<Path>, limits: &Limits) -> Result<Vec<u8>> {
    package::read_file_limited(path.as_ref(), limits.max_input_bytes)
}

/// Read a document from a file. `source.path` is set to the path as given.
///
/// ```
/// use docxtract::{open_path, Options};
///
/// let doc = open_path("fixtures/styles-headings.docx", &Options::default())?;
/// assert_eq!(doc.source.path.as_deref(), Some("fixtures/styles-headings.docx"));
/// assert!(doc.paragraphs().iter().any(|(_, p)| p.heading.is_some()));
/// # Ok::<(), docxtract::Error>(())
/// ```
pub fn open_path(path: impl AsRef<Path>, options: &Options) -> Result<Document> {
    let path = path.as_ref();
    let bytes = read_file(path, &options.limits)?;
    let mut doc = from_bytes(&bytes, options)?;
    doc.source.path = Some(path.to_string_lossy().into_owned());
    Ok(doc)
}

/// Read a document from the bytes of a package.
///
/// ```
/// use docxtract::{from_bytes, Options};
///
/// let bytes = std::fs::read("fixtures/newsroom-article.docx")?;
/// let doc = from_bytes(&bytes, &Options::default())?;
/// assert!(!doc.paragraphs().is_empty());
///
/// // Not a package: an error, never a panic.
/// let err = from_bytes(b"plain text", &Options::default()).unwrap_err();
/// assert_eq!(err.kind_name(), "not_zip");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_bytes(bytes: &[u8], options: &Options) -> Result<Document> {
    docx::read_document(package::PackageBytes::whole(bytes), options)
}

/// Where a streamed document's body goes, block by block ([`from_bytes_into`]): a writer that
/// writes each block as soon as it is read keeps memory flat in the size of the body.
pub trait BlockSink {
    /// Before the first block: the part of the document known before its body (`schema`,
    /// `source`, `metadata`; no blocks, the side tables still empty).
    fn begin(&mut self, head: &Document) -> Result<()> {
        let _ = head;
        Ok(())
    }

    /// One top-level body block, finished (its caption marked), in reading order.
    fn block(&mut self, block: model::Block) -> Result<()>;
}

/// [`from_bytes`], the body streamed: each top-level block goes to `sink` as soon as it is
/// read, and the document returned holds everything else (its `blocks` are empty). The
/// blocks and the document are those [`from_bytes`] gives. An error from the sink stops the
/// reading and is returned.
///
/// ```
/// use docxtract::{from_bytes_into, model::Block, Options};
///
/// let bytes = std::fs::read("fixtures/tables.docx")?;
/// let mut blocks: Vec<Block> = Vec::new();
/// let rest = from_bytes_into(&bytes, &Options::default(), &mut blocks)?;
/// assert!(rest.blocks.is_empty() && !blocks.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_bytes_into(
    bytes: &[u8],
    options: &Options,
    sink: &mut dyn BlockSink,
) -> Result<Document> {
    docx::read_document_into(package::PackageBytes::whole(bytes), options, sink)
}

/// Read a document from any reader (standard input, a socket, a file): it is read into
/// memory once, refusing more than `options.limits.max_input_bytes`.
///
/// ```
/// use docxtract::{from_reader, Options};
///
/// let file = std::fs::File::open("fixtures/tables.docx")?;
/// let doc = from_reader(file, &Options::default())?;
/// assert!(!doc.blocks.is_empty());
///
/// // A reader that cannot seek will do, as standard input or a socket: `&[u8]` is one.
/// let bytes = std::fs::read("fixtures/tables.docx")?;
/// let doc = from_reader(&bytes[..], &Options::default())?;
/// assert!(!doc.blocks.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_reader(reader: impl Read, options: &Options) -> Result<Document> {
    let bytes = batch::read_all(reader, &options.limits)?;
    from_bytes(&bytes, options)
}

/// The bytes of every distinct media part that `doc`'s images point to inside the package,
/// as (part name, bytes), in the order of first reference. Linked (external) images and
/// targets missing from the package are left out.
///
/// ```
/// use docxtract::{from_bytes, read_file, read_media, Options};
///
/// let options = Options::default();
/// let bytes = read_file("fixtures/images.docx", &options.limits)?;
/// let doc = from_bytes(&bytes, &options)?;
/// let media = read_media(&bytes, &doc, &options)?;
/// assert!(!media.is_empty());
/// for (part, image) in &media {
///     assert!(part.starts_with("word/"));
///     assert!(!image.is_empty());
/// }
/// # Ok::<(), docxtract::Error>(())
/// ```
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
/// `each`, in the order of first reference (see [`read_media`]).
pub(crate) fn each_media(
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
