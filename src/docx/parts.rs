//! The package as the part readers see it: each part parsed with the one reader
//! configuration, damage in an optional part turned into a warning, story parts read with
//! their own relationships.

use std::sync::Arc;
use std::time::Instant;

use super::state::{Context, DocState};
use super::story::StoryReader;
use crate::model::{Story, Warning, WarningCode};
use crate::package::{CacheKey, Package};
use crate::xml::{decode, XmlReader};
use crate::{ErrorKind, Limits, Options, Result};

/// A part's decoded text with what a reader over it needs: for a part reader that looks at
/// the text itself before (or instead of) reading it event by event.
pub(crate) struct PartSource<'t> {
    pub text: &'t str,
    pub part: &'t str,
    pub limits: &'t Limits,
    deadline: Option<Instant>,
}

impl<'t> PartSource<'t> {
    pub fn new(
        text: &'t str,
        part: &'t str,
        limits: &'t Limits,
        deadline: Option<Instant>,
    ) -> PartSource<'t> {
        PartSource {
            text,
            part,
            limits,
            deadline,
        }
    }

    /// The one reader configuration, over the whole part.
    pub fn reader(&self) -> XmlReader<'t> {
        XmlReader::new(self.text, self.part, self.limits, self.deadline)
    }
}

/// The package and what every part reader needs with it: the options, the deadline, and the
/// warnings about parts.
pub(crate) struct Parts<'a, 'o> {
    pub package: Package<'a>,
    pub options: &'o Options,
    pub deadline: Option<Instant>,
    pub warnings: Vec<Warning>,
}

impl<'a> Parts<'a, '_> {
    pub(super) fn warn(&mut self, code: WarningCode, part: &str, message: impl Into<String>) {
        self.warnings.push(Warning::new(code, part, message));
    }

    /// Parse one part with `read` (the one reader configuration for every part); `None` when
    /// the package has no such part.
    pub(super) fn parse<T>(
        &mut self,
        part: &str,
        read: impl FnOnce(XmlReader<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        self.parse_source(part, |source| read(source.reader()))
    }

    /// [`Parts::parse`] for a reader given the part's text ([`PartSource`]).
    fn parse_source<T>(
        &mut self,
        part: &str,
        read: impl FnOnce(PartSource<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let Some(bytes) = self.package.read_part(part)? else {
            return Ok(None);
        };
        self.parse_bytes(part, &bytes, read).map(Some)
    }

    /// Parse a part's inflated bytes with `read`.
    fn parse_bytes<T>(
        &mut self,
        part: &str,
        bytes: &[u8],
        read: impl FnOnce(PartSource<'_>) -> Result<T>,
    ) -> Result<T> {
        let decoded = decode(bytes);
        if let Some(repair) = decoded.repair {
            self.warn(WarningCode::InvalidUtf8, part, repair);
        }
        let limits = &self.options.limits;
        read(PartSource::new(&decoded.text, part, limits, self.deadline))
    }

    /// Parse a part the document can do without: damage there skips the part with a warning;
    /// limits and timeouts still stop the document.
    pub(super) fn parse_optional<T>(
        &mut self,
        part: &str,
        read: impl FnOnce(XmlReader<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let parsed = self.parse(part, read);
        self.skip_damaged(part, parsed)
    }

    /// What [`Parts::parse_optional`] makes of a part's outcome: damage becomes a warning.
    fn skip_damaged<T>(&mut self, part: &str, parsed: Result<Option<T>>) -> Result<Option<T>> {
        match parsed {
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::MalformedXml(_) | ErrorKind::CorruptZip(_)
                ) =>
            {
                self.warn(WarningCode::PartSkipped, part, format!("part skipped: {e}"));
                Ok(None)
            }
            other => other,
        }
    }

    /// [`Parts::parse_optional`] through the options' [`PartCache`](crate::PartCache): a part
    /// whose stored bytes were parsed before (by any conversion sharing the cache) is not
    /// inflated or parsed again, and its warnings are given again. `read` is given the part's
    /// text, to read as it likes.
    pub(super) fn parse_shared<T: Send + Sync + 'static>(
        &mut self,
        part: &str,
        kind: &'static str,
        read: impl FnOnce(PartSource<'_>) -> Result<T>,
    ) -> Result<Option<Arc<T>>> {
        let Some(cache) = self.options.part_cache.clone() else {
            let parsed = self.parse_source(part, read);
            return Ok(self.skip_damaged(part, parsed)?.map(Arc::new));
        };
        let stored = match self.package.stored_part(part) {
            Ok(Some(stored)) => stored,
            Ok(None) => return Ok(None),
            Err(e) => return self.skip_damaged(part, Err(e)),
        };
        let compressed = stored.data.as_deref();
        let key =
            compressed.and_then(|data| CacheKey::new(kind, stored.crc, stored.declared(), data));
        if let (Some(key), Some(compressed)) = (&key, compressed) {
            if let Some(hit) = cache.get(key, compressed) {
                if let Ok(value) = hit.value.downcast::<T>() {
                    self.package.count_cached(part, hit.inflated_len)?;
                    self.warnings.extend(hit.warnings);
                    return Ok(Some(value));
                }
            }
        }
        // Not cached: inflated from the stored bytes already in hand, not looked up again.
        let warnings_before = self.warnings.len();
        let parsed = match self.package.inflate(part, &stored) {
            Ok(bytes) => self
                .parse_bytes(part, &bytes, read)
                .map(|value| Some((value, bytes.len() as u64))),
            Err(e) => Err(e),
        };
        let Some((value, inflated_len)) = self.skip_damaged(part, parsed)? else {
            return Ok(None);
        };
        let value = Arc::new(value);
        if let (Some(key), Some(compressed)) = (key, stored.data.as_deref()) {
            let warnings = self.warnings[warnings_before..].to_vec();
            cache.insert(key, compressed, inflated_len, value.clone(), warnings);
        }
        Ok(Some(value))
    }

    /// Read an optional story part (header, footer, notes, comments) with a story reader that
    /// resolves relationships against the part's own `.rels`.
    pub(crate) fn read_story<T>(
        &mut self,
        part: &str,
        story: Story,
        ctx: &Context<'_>,
        state: &mut DocState,
        read: impl FnOnce(&mut StoryReader<'_, '_>) -> Result<T>,
    ) -> Result<Option<T>> {
        let rels = self.package.relationships(part)?;
        self.parse_optional(part, |xr| {
            let mut reader = StoryReader::new(xr, part, &rels, ctx, state, story);
            let value = read(&mut reader)?;
            reader.finish_part();
            Ok(value)
        })
    }
}
