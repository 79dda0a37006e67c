//! WordprocessingML: one file per concern, and the orchestration that reads a package's parts
//! in order (styles and numbering first, then the main document, headers and footers, notes
//! and comments) into the model.

mod captions;
mod drawings;
mod fields;
mod math;
mod notes;
mod numbering;
mod properties;
mod story;
mod styles;
mod symbols;

use std::collections::HashSet;
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::model::{
    Document, HeaderFooter, HeaderFooterKind, Metadata, Source, Story, Warning, SCHEMA_VERSION,
};
use crate::package::{Package, Relationships};
use crate::xml::{decode, XmlReader};
use crate::{Error, ErrorKind, Options, Result};
use story::{Context, DocState, StoryReader};

/// Parse one part with `read`, with the reader configured once for every part.
pub(crate) fn with_part<T>(
    package: &mut Package<'_>,
    part: &str,
    options: &Options,
    deadline: Option<Instant>,
    warnings: &mut Vec<Warning>,
    read: impl FnOnce(XmlReader<'_>) -> Result<T>,
) -> Result<Option<T>> {
    let Some(bytes) = package.read_part(part)? else {
        return Ok(None);
    };
    let decoded = decode(&bytes);
    if let Some(repair) = decoded.repair {
        warnings.push(Warning {
            part: part.to_string(),
            message: repair.to_string(),
        });
    }
    let reader = XmlReader::new(&decoded.text, part, options.limits.max_xml_depth, deadline);
    read(reader).map(Some)
}

/// Whether a failure in an optional part may be turned into a warning: limits and timeouts
/// stop the document, damage to one secondary part does not.
fn recoverable(e: &Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::MalformedXml(_) | ErrorKind::CorruptZip(_)
    )
}

pub(crate) fn read_document(bytes: &[u8], options: &Options) -> Result<Document> {
    read_document_inner(bytes, options)
}

fn read_document_inner(bytes: &[u8], options: &Options) -> Result<Document> {
    let deadline = options.deadline();
    let mut package = Package::open(bytes, &options.limits)?;
    let mut warnings: Vec<Warning> = package
        .warnings
        .drain(..)
        .map(|(part, message)| Warning { part, message })
        .collect();

    let root_rels = package.relationships("")?;
    let main_part = match root_rels.first_of("officeDocument") {
        Some(rel) if package.has_part(&rel.target) => rel.target.clone(),
        Some(rel) if package.has_part("word/document.xml") => {
            warnings.push(Warning {
                part: "_rels/.rels".into(),
                message: format!(
                    "main part {:?} is missing; using word/document.xml",
                    rel.target
                ),
            });
            "word/document.xml".to_string()
        }
        None if package.has_part("word/document.xml") => {
            warnings.push(Warning {
                part: "_rels/.rels".into(),
                message: "no officeDocument relationship; using word/document.xml".into(),
            });
            "word/document.xml".to_string()
        }
        Some(rel) => {
            return Err(Error::new(ErrorKind::MissingPart(format!(
                "main document part {} (named in _rels/.rels)",
                rel.target
            ))))
        }
        None => {
            let what = if package.has_part("xl/workbook.xml") {
                "no Word document in the package: it is a spreadsheet (.xlsx)"
            } else if package.has_part("ppt/presentation.xml") {
                "no Word document in the package: it is a presentation (.pptx)"
            } else {
                "no main document part (no officeDocument relationship, no word/document.xml)"
            };
            return Err(Error::new(ErrorKind::MissingPart(what.into())));
        }
    };
    let main_rels = package.relationships(&main_part)?;

    let mut metadata = Metadata::default();
    for rel in root_rels.list.iter().filter(|r| !r.external) {
        let reader: fn(&mut XmlReader<'_>, &mut Metadata) -> Result<()> =
            if rel.is("core-properties") {
                properties::read_core
            } else if rel.is("extended-properties") || rel.is("extendedProperties") {
                // Transitional spells it `extended-properties`, Strict `extendedProperties`.
                properties::read_app
            } else {
                continue;
            };
        let target = rel.target.clone();
        let result = with_part(
            &mut package,
            &target,
            options,
            deadline,
            &mut warnings,
            |mut r| reader(&mut r, &mut metadata),
        );
        if let Err(e) = result {
            if !recoverable(&e) {
                return Err(e);
            }
            warnings.push(Warning {
                part: target,
                message: format!("properties skipped: {e}"),
            });
        }
    }

    let styles = match main_rels.first_of("styles").map(|r| r.target.clone()) {
        Some(part) => optional_part(
            &mut package,
            &part,
            options,
            deadline,
            &mut warnings,
            |mut r| styles::Styles::parse(&mut r),
        )?,
        None => None,
    }
    .unwrap_or_default();
    let numbering = match main_rels.first_of("numbering").map(|r| r.target.clone()) {
        Some(part) => optional_part(
            &mut package,
            &part,
            options,
            deadline,
            &mut warnings,
            |mut r| numbering::Numbering::parse(&mut r),
        )?,
        None => None,
    }
    .unwrap_or_default();
    let content_types = package.content_types.clone();
    let ctx = Context {
        styles: &styles,
        numbering: &numbering,
        content_types: &content_types,
        track_changes: options.track_changes,
    };
    let mut state = DocState::default();

    // The main document: its failure is the document's failure.
    let mut blocks = Vec::new();
    with_part(
        &mut package,
        &main_part,
        options,
        deadline,
        &mut warnings,
        |xr| {
            let mut story =
                StoryReader::new(xr, &main_part, &main_rels, &ctx, &mut state, Story::Body);
            if story.find_start(b"body")? {
                story.read_blocks(&mut blocks)?;
            } else {
                story.warn("the main part has no w:body");
            }
            story.finish_part();
            Ok(())
        },
    )?;

    // Headers and footers, each part once, in the order sections reference them.
    let mut headers = Vec::new();
    let mut footers = Vec::new();
    let mut seen = HashSet::new();
    let mut refs = std::mem::take(&mut state.header_footer_refs);
    // Header and footer parts that no section references: Word does not show them, but their
    // content is in the package, so read them after the others, with a warning.
    let last_section = refs.iter().map(|r| r.3).max().unwrap_or(0);
    let referenced: HashSet<&str> = refs.iter().map(|r| r.2.as_str()).collect();
    let unreferenced: Vec<(bool, HeaderFooterKind, String, usize)> = main_rels
        .list
        .iter()
        .filter(|r| !r.external && (r.is("header") || r.is("footer")))
        .filter(|r| !referenced.contains(r.id.as_str()))
        .map(|r| {
            (
                r.is("footer"),
                HeaderFooterKind::Default,
                r.id.clone(),
                last_section,
            )
        })
        .collect();
    for (_, _, rel_id, _) in &unreferenced {
        if let Some(rel) = main_rels.get(rel_id) {
            let message = format!(
                "{} is not referenced by any section; read anyway",
                rel.target
            );
            state.warn(&main_part, message);
        }
    }
    refs.extend(unreferenced);
    for (is_footer, kind, rel_id, section) in refs {
        let Some(rel) = main_rels.get(&rel_id).filter(|r| !r.external) else {
            state.warn(
                &main_part,
                format!("header/footer relationship {rel_id:?} not found"),
            );
            continue;
        };
        let part = rel.target.clone();
        if !seen.insert(part.clone()) {
            continue;
        }
        let story = if is_footer {
            Story::Footer
        } else {
            Story::Header
        };
        if let Some(blocks) = read_story_part(
            &mut package,
            &part,
            story,
            options,
            deadline,
            &ctx,
            &mut state,
        )? {
            let hf = HeaderFooter {
                kind,
                section,
                part,
                blocks,
            };
            if is_footer {
                footers.push(hf);
            } else {
                headers.push(hf);
            }
        }
    }

    let mut notes_out = Vec::new();
    for (kind, story) in [("footnotes", Story::Footnote), ("endnotes", Story::Endnote)] {
        if let Some(rel) = main_rels.first_of(kind) {
            let part = rel.target.clone();
            notes_out.extend(notes::read_notes(
                &mut package,
                &part,
                story,
                options,
                deadline,
                &ctx,
                &mut state,
            )?);
        }
    }
    let mut comments = Vec::new();
    if let Some(rel) = main_rels.first_of("comments") {
        let part = rel.target.clone();
        comments = notes::read_comments(&mut package, &part, options, deadline, &ctx, &mut state)?;
    }
    for comment in &mut comments {
        if let Some((start, end)) = state.comment_spans.remove(&comment.id) {
            comment.start = start;
            comment.end = end;
        }
    }

    captions::mark_captions(&mut blocks, &styles, &state.fields);
    for hf in headers.iter_mut().chain(footers.iter_mut()) {
        captions::mark_captions(&mut hf.blocks, &styles, &state.fields);
    }
    if !options.nested {
        read_alt_chunks(&mut package, &mut state, options);
    }

    if !state.list_counter.unknown_formats.is_empty() {
        let formats = state.list_counter.unknown_formats.join(", ");
        state.warn(
            "word/numbering.xml",
            format!("list number formats shown as decimal: {formats}"),
        );
    }
    warnings.extend(state.warnings);
    Ok(Document {
        schema: SCHEMA_VERSION.to_string(),
        source: Source {
            path: None,
            bytes: bytes.len() as u64,
            sha256: sha256_hex(bytes),
        },
        metadata,
        blocks,
        bookmarks: state.bookmarks,
        images: state.images,
        links: state.links,
        notes: notes_out,
        comments,
        headers,
        footers,
        fields: state.fields,
        objects: state.objects,
        track_changes: options.track_changes,
        warnings,
    })
}

/// Parse an optional part; malformed XML there is a warning, not a failure.
pub(crate) fn optional_part<T>(
    package: &mut Package<'_>,
    part: &str,
    options: &Options,
    deadline: Option<Instant>,
    warnings: &mut Vec<Warning>,
    read: impl FnOnce(XmlReader<'_>) -> Result<T>,
) -> Result<Option<T>> {
    match with_part(package, part, options, deadline, warnings, read) {
        Ok(v) => Ok(v),
        Err(e) if recoverable(&e) => {
            warnings.push(Warning {
                part: part.to_string(),
                message: format!("part skipped: {e}"),
            });
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Read a header or footer part: its blocks, resolved against its own relationships.
fn read_story_part(
    package: &mut Package<'_>,
    part: &str,
    story: Story,
    options: &Options,
    deadline: Option<Instant>,
    ctx: &Context<'_>,
    state: &mut DocState,
) -> Result<Option<Vec<crate::model::Block>>> {
    let rels: Relationships = package.relationships(part)?;
    let mut warnings = Vec::new();
    let result = optional_part(package, part, options, deadline, &mut warnings, |xr| {
        let mut blocks = Vec::new();
        let mut reader = StoryReader::new(xr, part, &rels, ctx, state, story);
        // The root (w:hdr / w:ftr) is the container.
        if reader.find_root()? {
            reader.read_blocks(&mut blocks)?;
        }
        reader.finish_part();
        Ok(blocks)
    });
    state.warnings.extend(warnings);
    result
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Recover the text of `altChunk` imports: a nested .docx is converted (one level deep),
/// HTML is stripped to its text, plain text is kept.
fn read_alt_chunks(package: &mut Package<'_>, state: &mut DocState, options: &Options) {
    for i in 0..state.objects.len() {
        if state.objects[i].kind != "alt_chunk" {
            continue;
        }
        let Some(part) = state.objects[i].part.clone() else {
            continue;
        };
        let bytes = match package.read_part(&part) {
            Ok(Some(b)) => b,
            Ok(None) => {
                state.warn(&part, "altChunk part is missing");
                continue;
            }
            Err(e) => {
                state.warn(&part, format!("altChunk part skipped: {e}"));
                continue;
            }
        };
        let content_type = state.objects[i].content_type.clone().unwrap_or_default();
        let text = if bytes.starts_with(b"PK") {
            // Nested packages are read without their own altChunks: no recursion bombs.
            let nested = Options {
                nested: true,
                ..options.clone()
            };
            match read_document_inner(&bytes, &nested) {
                Ok(doc) => Some(
                    doc.paragraphs()
                        .iter()
                        .map(|(_, p)| p.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                Err(e) => {
                    state.warn(&part, format!("nested document not converted: {e}"));
                    None
                }
            }
        } else if content_type.contains("html") || content_type.contains("xml") {
            Some(strip_markup(&String::from_utf8_lossy(&bytes)))
        } else if content_type.starts_with("text/plain") {
            Some(String::from_utf8_lossy(&bytes).into_owned())
        } else {
            None
        };
        state.objects[i].text = text;
    }
}

/// The text of an HTML fragment: tags removed, common entities decoded, blank runs folded.
fn strip_markup(html: &str) -> String {
    // Style sheets and scripts are not text.
    let mut html = html.to_string();
    for tag in ["style", "script"] {
        while let Some(start) = html.to_ascii_lowercase().find(&format!("<{tag}")) {
            let close = format!("</{tag}>");
            let end = html.to_ascii_lowercase()[start..]
                .find(&close)
                .map_or(html.len(), |e| start + e + close.len());
            html.replace_range(start..end, " ");
        }
    }
    let mut out = String::with_capacity(html.len() / 2);
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out
        .replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}
