//! `docProps/core.xml` and `docProps/app.xml`.

use quick_xml::events::Event;

use crate::model::Metadata;
use crate::xml::{local_name, read_text, XmlReader};
use crate::Result;

/// Fill `metadata` from core properties (Dublin Core and OPC `cp:` elements).
pub(crate) fn read_core(reader: &mut XmlReader<'_>, metadata: &mut Metadata) -> Result<()> {
    while let Some(event) = reader.next_event()? {
        if let Event::Start(e) = event {
            if reader.depth() == 1 {
                continue;
            }
            let slot = match local_name(&e) {
                b"title" => &mut metadata.title,
                b"subject" => &mut metadata.subject,
                b"creator" => &mut metadata.creator,
                b"keywords" => &mut metadata.keywords,
                b"description" => &mut metadata.description,
                b"lastModifiedBy" => &mut metadata.last_modified_by,
                b"revision" => &mut metadata.revision,
                b"created" => &mut metadata.created,
                b"modified" => &mut metadata.modified,
                _ => {
                    reader.skip(&e)?;
                    continue;
                }
            };
            let text = read_text(reader)?;
            let text = text.trim();
            if !text.is_empty() {
                *slot = Some(text.to_string());
            }
        }
    }
    Ok(())
}

/// Fill `metadata` from extended properties: application (with version), pages, words.
pub(crate) fn read_app(reader: &mut XmlReader<'_>, metadata: &mut Metadata) -> Result<()> {
    let mut application = None;
    let mut version = None;
    while let Some(event) = reader.next_event()? {
        if let Event::Start(e) = event {
            if reader.depth() != 2 {
                continue;
            }
            let name = local_name(&e).to_vec();
            match name.as_slice() {
                b"Application" => application = Some(read_text(reader)?.trim().to_string()),
                b"AppVersion" => version = Some(read_text(reader)?.trim().to_string()),
                b"Pages" => metadata.pages = read_text(reader)?.trim().parse().ok(),
                b"Words" => metadata.words = read_text(reader)?.trim().parse().ok(),
                _ => reader.skip(&e)?,
            }
        }
    }
    metadata.application = match (
        application.filter(|a| !a.is_empty()),
        version.filter(|v| !v.is_empty()),
    ) {
        (Some(a), Some(v)) if !a.contains(&v) => Some(format!("{a} {v}")),
        (a, _) => a,
    };
    Ok(())
}
