//! The package as the part readers see it: each part parsed with the one reader
//! configuration, damage in an optional part turned into a warning, story parts read with
//! their own relationships.

use std::time::Instant;

use super::state::{Context, DocState};
use super::story::StoryReader;
use crate::model::{Story, Warning, WarningCode};
use crate::package::Package;
use crate::xml::{decode, XmlReader};
use crate::{ErrorKind, Options, Result};

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
        let Some(bytes) = self.package.read_part(part)? else {
            return Ok(None);
        };
        let decoded = decode(&bytes);
        if let Some(repair) = decoded.repair {
            self.warn(WarningCode::InvalidUtf8, part, repair);
        }
        let limits = &self.options.limits;
        let reader = XmlReader::new(&decoded.text, part, limits, self.deadline);
        read(reader).map(Some)
    }

    /// Parse a part the document can do without: damage there skips the part with a warning;
    /// limits and timeouts still stop the document.
    pub(super) fn parse_optional<T>(
        &mut self,
        part: &str,
        read: impl FnOnce(XmlReader<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match self.parse(part, read) {
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
