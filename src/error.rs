//! Errors as data: a small kind enum with the part and byte position where it happened.

use std::fmt;
use std::io;

/// Why a document could not be converted.
#[derive(Debug)]
pub struct Error(Box<Inner>);

#[derive(Debug)]
struct Inner {
    kind: ErrorKind,
    part: Option<String>,
    position: Option<u64>,
}

/// The cause of an [`Error`].
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Reading the input failed.
    Io(io::Error),
    /// The input is empty.
    Empty,
    /// The input is not a ZIP archive (and not an OLE compound file either).
    NotZip,
    /// An OLE compound file holding an encrypted OOXML package (password protected).
    Encrypted,
    /// An OLE compound file holding a legacy binary Word document (`.doc`).
    LegacyDoc,
    /// The ZIP structure is damaged (truncated, bad CRC, bad header).
    CorruptZip(String),
    /// A part the document needs is not in the package.
    MissingPart(String),
    /// The package is another kind of document (a workbook, a presentation, an image, an
    /// OpenDocument file): what it is.
    NotWord(String),
    /// A part is not well-formed XML.
    MalformedXml(String),
    /// A configured limit was exceeded (zip bomb, XML bomb, oversized input).
    LimitExceeded { limit: &'static str, max: u64 },
    /// The per-file time budget ran out.
    Timeout { seconds: f64 },
}

/// A limit exceeded: what was measured and its maximum. Here, below both the package and the
/// XML reader that refuse oversized input, so that neither imports the other for it.
pub(crate) fn limit(limit: &'static str, max: u64) -> Error {
    Error::new(ErrorKind::LimitExceeded { limit, max })
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(Inner {
            kind,
            part: None,
            position: None,
        }))
    }

    /// Attach the part name (e.g. `word/document.xml`) where the error happened.
    pub fn in_part(mut self, part: &str) -> Error {
        if self.0.part.is_none() {
            self.0.part = Some(part.to_string());
        }
        self
    }

    /// Attach the byte position inside the part.
    pub fn at(mut self, position: u64) -> Error {
        self.0.position = Some(position);
        self
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    pub fn part(&self) -> Option<&str> {
        self.0.part.as_deref()
    }

    pub fn position(&self) -> Option<u64> {
        self.0.position
    }

    /// A stable short name for the kind, used in reports: `io`, `empty`, `not_zip`, `encrypted`,
    /// `legacy_doc`, `corrupt_zip`, `missing_part`, `not_word`, `malformed_xml`, `limit`,
    /// `timeout`.
    pub fn kind_name(&self) -> &'static str {
        match self.0.kind {
            ErrorKind::Io(_) => "io",
            ErrorKind::Empty => "empty",
            ErrorKind::NotZip => "not_zip",
            ErrorKind::Encrypted => "encrypted",
            ErrorKind::LegacyDoc => "legacy_doc",
            ErrorKind::CorruptZip(_) => "corrupt_zip",
            ErrorKind::MissingPart(_) => "missing_part",
            ErrorKind::NotWord(_) => "not_word",
            ErrorKind::MalformedXml(_) => "malformed_xml",
            ErrorKind::LimitExceeded { .. } => "limit",
            ErrorKind::Timeout { .. } => "timeout",
        }
    }
}

/// One line, whatever the cause quotes: a damaged tag, a ZIP entry name or an I/O message can
/// hold line breaks and other control characters, which are written escaped (`\r`, `\u{1b}`).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = Unescaped(self).to_string();
        if !text.contains(char::is_control) {
            return f.write_str(&text);
        }
        for c in text.chars() {
            match c.is_control() {
                true => write!(f, "{}", c.escape_debug())?,
                false => fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}

/// The error's text as its parts have it.
struct Unescaped<'a>(&'a Error);

impl fmt::Display for Unescaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Unescaped(Error(inner)) = self;
        match &inner.kind {
            ErrorKind::Io(e) => write!(f, "cannot read: {e}")?,
            ErrorKind::Empty => f.write_str("empty file")?,
            ErrorKind::NotZip => f.write_str("not a .docx file: not a ZIP archive")?,
            ErrorKind::Encrypted => {
                f.write_str("encrypted (password-protected) Office document: decrypt it first")?
            }
            ErrorKind::LegacyDoc => f.write_str(
                "legacy binary Word document (.doc), not OOXML: convert it to .docx first",
            )?,
            ErrorKind::CorruptZip(m) => write!(f, "damaged ZIP archive: {m}")?,
            ErrorKind::MissingPart(m) => write!(f, "missing part: {m}")?,
            ErrorKind::NotWord(what) => write!(f, "{what}, not a Word document")?,
            ErrorKind::MalformedXml(m) => write!(f, "malformed XML: {m}")?,
            ErrorKind::LimitExceeded { limit, max } => {
                write!(f, "limit exceeded: {limit} (max {max})")?
            }
            ErrorKind::Timeout { seconds } => write!(f, "timed out after {seconds:.1} s")?,
        }
        match (&inner.part, inner.position) {
            (Some(part), Some(pos)) => write!(f, " (in {part} at byte {pos})"),
            (Some(part), None) => write!(f, " (in {part})"),
            _ => Ok(()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<io::Error> for Error {
    fn from(e: io::Error) -> Error {
        Error::new(ErrorKind::Io(e))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
