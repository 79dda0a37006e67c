//! WordprocessingML: one file per concern, and the orchestration that reads a package's parts
//! in order (styles and numbering first, then the main document, headers and footers, notes
//! and comments) into the model.

mod alt_chunks;
mod body_windows;
mod builder;
mod captions;
mod changes;
mod charts;
mod custom_xml;
mod drawings;
mod embedded;
mod fields;
mod math;
mod mht;
mod notes;
mod number_format;
mod numbering;
mod part_index;
mod parts;
mod properties;
mod rtf;
mod state;
mod story;
mod styles;
mod symbols;
mod tables;
mod workbook;

use crate::{HashMap, HashSet};

use crate::model::Block;
use crate::model::{
    Document, HeaderFooter, HeaderFooterKind, Metadata, ObjectKind, Section, SectionUse, Source,
    Story, WarningCode, SCHEMA_VERSION,
};
use crate::package::{Package, PackageBytes, Relationships};
use crate::xml::XmlReader;
use crate::BlockSink;
use crate::{Error, ErrorKind, Options, Result};
use captions::CaptionStream;
use parts::Parts;
use state::{Context, DocState, HeaderFooterRef};
use story::{BlockOut, StoryReader};

pub(crate) fn read_document(bytes: PackageBytes, options: &Options) -> Result<Document> {
    let mut blocks = Vec::new();
    let mut doc = read_document_into(bytes, options, &mut blocks)?;
    doc.blocks = blocks;
    Ok(doc)
}

/// A `Vec` is a sink too: the whole body, for [`read_document`].
impl BlockSink for Vec<Block> {
    fn block(&mut self, block: Block) -> Result<()> {
        self.push(block);
        Ok(())
    }
}

/// Read a document, handing each top-level body block to `sink` as soon as it is read (its
/// caption marked): the body is never held whole. The document returned has everything but
/// its blocks. `sink.begin` gets the part of the document known before the body (schema,
/// source, metadata), which is what a writer writes before the blocks.
pub(crate) fn read_document_into(
    bytes: PackageBytes,
    options: &Options,
    sink: &mut dyn BlockSink,
) -> Result<Document> {
    read_document_in_windows(bytes, options, sink, body_windows::BODY_WINDOW_BYTES)
}

/// [`read_document_into`], a main part larger than `window_bytes` read in windows of about
/// that size (`body_windows`): memory holds a window of the part, not the part.
pub(crate) fn read_document_in_windows(
    bytes: PackageBytes,
    options: &Options,
    sink: &mut dyn BlockSink,
    window_bytes: usize,
) -> Result<Document> {
    // The hash is of the whole file: of the bytes when they are all held, else of the file
    // read through once.
    let sha256 = match options.sha256 {
        true => Some(bytes.sha256_hex()?),
        false => None,
    };
    let mut package = Package::open(bytes, &options.limits)?;
    let mut parts = Parts {
        warnings: std::mem::take(&mut package.warnings),
        package,
        options,
        deadline: options.deadline(),
    };

    let root_rels = parts.package.relationships("")?;
    let main_part = find_main_part(&mut parts, &root_rels)?;
    if let Some(what) = not_word(&parts.package, &main_part) {
        return Err(Error::new(ErrorKind::NotWord(what)).in_part(&main_part));
    }
    let main_rels = parts.package.relationships(&main_part)?;
    let mut metadata = read_metadata(&mut parts, &root_rels)?;
    // A template part too: the settings of documents made from one template are the same
    // bytes, and what is read of them is two values.
    let settings = match main_rels.first_of("settings").map(|r| r.target.clone()) {
        Some(part) => parts
            .parse_shared(&part, "settings", |source| {
                properties::read_settings(&mut source.reader())
            })?
            .map_or_else(properties::Settings::default, |shared| *shared),
        None => properties::Settings::default(),
    };
    metadata.protection = settings.protection;

    let context_part = |kind: &str| main_rels.first_of(kind).map(|r| r.target.clone());
    // Template parts: the same bytes in thousands of documents of a batch, parsed once when
    // the options share a part cache.
    let styles = match context_part("styles") {
        Some(part) => {
            parts.parse_shared(&part, "styles", |source| styles::Styles::read(&source))?
        }
        None => None,
    }
    .unwrap_or_default();
    metadata.default_lang = styles.default_lang.to_model();
    let numbering = match context_part("numbering") {
        Some(part) => parts.parse_shared(&part, "numbering", |source| {
            numbering::Numbering::read(&source)
        })?,
        None => None,
    }
    .unwrap_or_default();
    let content_types = parts.package.content_types.clone();
    let ctx = Context {
        styles: &styles,
        numbering: &numbering,
        content_types: &content_types,
        track_changes: options.track_changes,
        show_hidden: options.show_hidden,
        hide_placeholders: options.hide_placeholders,
    };
    let mut state = DocState::default();

    let source = Source {
        path: None,
        bytes: bytes.len(),
        sha256,
    };
    sink.begin(&Document {
        schema: SCHEMA_VERSION.to_string(),
        source: source.clone(),
        metadata: metadata.clone(),
        ..Document::default()
    })?;

    // The main document: its failure is the document's failure.
    let mut body = BodyOut {
        captions: CaptionStream::default(),
        styles: &styles,
        sink,
    };
    let windowed = body_windows::read_body(
        &mut parts,
        &main_part,
        &main_rels,
        &ctx,
        &mut state,
        &mut body,
        window_bytes,
    )?;
    if !windowed {
        read_main_part_whole(
            &mut parts, &main_part, &main_rels, &ctx, &mut state, &mut body,
        )?;
    }
    if let Some(last) = body.captions.finish(&styles, &state.fields) {
        body.sink.block(last)?;
    }

    // By part: two relationships may name one part.
    let mut shown: HashMap<String, Vec<SectionUse>> = HashMap::default();
    let by_rel = sections_showing(
        &state.header_footer_refs,
        &state.sections,
        settings.even_and_odd_headers,
    );
    for (rel_id, uses) in by_rel {
        if let Some(rel) = main_rels.get(rel_id) {
            shown
                .entry(rel.target.to_string())
                .or_default()
                .extend(uses);
        }
    }
    let (mut headers, mut footers) =
        read_headers_footers(&mut parts, &main_part, &main_rels, &ctx, &mut state)?;
    for hf in headers.iter_mut().chain(footers.iter_mut()) {
        if let Some(mut uses) = shown.remove(&hf.part) {
            uses.sort_by_key(|u| (u.section, u.kind as u8));
            uses.dedup();
            hf.sections = uses;
        }
    }
    let mut notes_out = Vec::new();
    for (kind, story) in [("footnotes", Story::Footnote), ("endnotes", Story::Endnote)] {
        if let Some(rel) = main_rels.first_of(kind) {
            let part = rel.target.clone();
            notes_out.extend(notes::read_notes(
                &mut parts, &part, story, &ctx, &mut state,
            )?);
        }
    }
    let mut comments = match main_rels.first_of("comments") {
        Some(rel) => notes::read_comments(&mut parts, &rel.target.clone(), &ctx, &mut state)?,
        None => Vec::new(),
    };
    for comment in &mut comments {
        if let Some(span) = state.comment_spans.remove(&comment.id) {
            comment.start = span.start;
            comment.end = span.end;
        }
    }
    if let (Some(part), Some(extended)) = (
        main_rels.first_of("comments").map(|r| r.target.clone()),
        main_rels
            .first_of("commentsExtended")
            .map(|r| r.target.clone()),
    ) {
        notes::link_replies(&mut parts, &part, &extended, &mut comments)?;
    }

    for hf in headers.iter_mut().chain(footers.iter_mut()) {
        captions::mark_captions(&mut hf.blocks, &styles, &state.fields);
    }
    if !options.nested {
        alt_chunks::read_alt_chunks(&mut parts, &mut state, read_document);
        embedded::read_embedded_packages(&mut parts, &mut state, read_document);
        read_chart_and_diagram_texts(&mut parts, &mut state)?;
    }
    custom_xml::bind_controls(&mut parts, &root_rels, &main_rels, &mut state.controls)?;
    if !state.list_counter.unknown_formats.is_empty() {
        let formats = state.list_counter.unknown_formats.join(", ");
        state.warn(
            WarningCode::UnknownNumberFormat,
            "word/numbering.xml",
            format!("list number formats shown as decimal: {formats}"),
        );
    }
    let mut warnings = parts.warnings;
    warnings.extend(state.warnings);
    Ok(Document {
        schema: SCHEMA_VERSION.to_string(),
        source,
        metadata,
        blocks: Vec::new(),
        bookmarks: state.bookmarks,
        images: state.images,
        links: state.links,
        notes: notes_out,
        comments,
        headers,
        footers,
        fields: state.fields,
        objects: state.objects,
        // One section is the whole body: listed only when there are section breaks.
        sections: match state.sections.len() {
            0 | 1 => Vec::new(),
            _ => state.sections,
        },
        controls: state.controls,
        track_changes: options.track_changes,
        show_hidden: options.show_hidden,
        hide_placeholders: options.hide_placeholders,
        warnings,
    })
}

/// The uncompressed size the package declares for its main part (`None` when the package
/// cannot be opened or has none): how large the body is, before reading it.
pub(crate) fn main_part_declared_size(bytes: PackageBytes, options: &Options) -> Option<u64> {
    let mut package = Package::open(bytes, &options.limits).ok()?;
    let root_rels = package.relationships("").ok()?;
    let main_part = match root_rels.first_of("officeDocument") {
        Some(rel) if package.has_part(&rel.target) => rel.target.to_string(),
        _ => "word/document.xml".to_string(),
    };
    package.declared_size(&main_part)
}

/// The main part read whole: its failure is the document's failure.
fn read_main_part_whole(
    parts: &mut Parts<'_, '_>,
    main_part: &str,
    main_rels: &Relationships,
    ctx: &Context<'_>,
    state: &mut DocState,
    body: &mut BodyOut<'_>,
) -> Result<()> {
    parts.parse(main_part, |xr| {
        let mut story = StoryReader::new(xr, main_part, main_rels, ctx, state, Story::Body);
        if story.find_start(b"body")? {
            body_windows::read_bodies(&mut story, body)?;
        } else if story.root_was_foreign() {
            return Err(Error::new(ErrorKind::NotWord(
                "XML of another vocabulary (its root element is in a namespace that is not \
                 WordprocessingML's)"
                    .into(),
            ))
            .in_part(main_part));
        } else {
            story.warn(WarningCode::MissingBody, "the main part has no w:body");
        }
        story.finish_part();
        Ok(())
    })?;
    Ok(())
}

/// The streamed body's blocks on their way to the sink: each held until the next one arrives,
/// for its caption.
struct BodyOut<'s> {
    captions: CaptionStream,
    styles: &'s styles::Styles,
    sink: &'s mut dyn BlockSink,
}

impl BlockOut for BodyOut<'_> {
    fn push(&mut self, block: Block, state: &DocState) -> Result<()> {
        match self.captions.push(block, self.styles, &state.fields) {
            Some(released) => self.sink.block(released),
            None => Ok(()),
        }
    }
}

/// The main part: the target of the `officeDocument` relationship, else `word/document.xml`
/// with a warning; a package holding a spreadsheet or presentation says so.
fn find_main_part(parts: &mut Parts<'_, '_>, root_rels: &Relationships) -> Result<String> {
    const FALLBACK: &str = "word/document.xml";
    let package = &parts.package;
    match root_rels.first_of("officeDocument") {
        Some(rel) if package.has_part(&rel.target) => Ok(rel.target.to_string()),
        Some(rel) if package.has_part(FALLBACK) => {
            let message = format!("main part {:?} is missing; using {FALLBACK}", rel.target);
            parts.warn(WarningCode::MainPartFallback, "_rels/.rels", message);
            Ok(FALLBACK.to_string())
        }
        None if package.has_part(FALLBACK) => {
            parts.warn(
                WarningCode::MainPartFallback,
                "_rels/.rels",
                format!("no officeDocument relationship; using {FALLBACK}"),
            );
            Ok(FALLBACK.to_string())
        }
        Some(rel) => Err(Error::new(ErrorKind::MissingPart(format!(
            "main document part {} (named in _rels/.rels)",
            rel.target
        )))),
        None => {
            if let Some(what) = what_else_the_package_is(&mut parts.package) {
                return Err(Error::new(ErrorKind::NotWord(what)));
            }
            Err(Error::new(ErrorKind::MissingPart(
                "no main document part (no officeDocument relationship, no word/document.xml)"
                    .into(),
            )))
        }
    }
}

/// What a main part that is not WordprocessingML is, from its content type or its folder:
/// `None` for a Word document and for a part that only the XML itself can tell about
/// (generic XML, no content type).
fn not_word(package: &Package<'_>, main_part: &str) -> Option<String> {
    let content_type = package.content_types.of(main_part).unwrap_or_default();
    let ct = content_type.to_ascii_lowercase();
    let folder = main_part.trim_start_matches('/').to_ascii_lowercase();
    let is = |needles: &[&str]| needles.iter().any(|n| ct.contains(n));
    if is(&["wordprocessingml", "ms-word"]) {
        return None;
    }
    let what = if is(&["spreadsheetml", "ms-excel"]) || folder.starts_with("xl/") {
        "an Excel workbook".to_string()
    } else if is(&["presentationml", "ms-powerpoint"]) || folder.starts_with("ppt/") {
        "a PowerPoint presentation".to_string()
    } else if is(&["visio"]) || folder.starts_with("visio/") {
        "a Visio drawing".to_string()
    } else if is(&["thememanager", "officetheme"]) {
        "an Office theme (.thmx)".to_string()
    } else if ct.starts_with("image/") {
        format!("an image ({content_type})")
    } else if ct.is_empty() || matches!(ct.as_str(), "application/xml" | "text/xml") {
        return None;
    } else {
        format!("a package whose main part is {content_type}")
    };
    Some(what)
}

/// A ZIP with no Office main part: an OpenDocument or EPUB file names itself in its
/// `mimetype` entry; an Office package of another kind has its usual main part.
fn what_else_the_package_is(package: &mut Package<'_>) -> Option<String> {
    if package.has_part("xl/workbook.xml") {
        return Some("an Excel workbook".into());
    }
    if package.has_part("ppt/presentation.xml") {
        return Some("a PowerPoint presentation".into());
    }
    let mimetype = package.read_part("mimetype").ok()??;
    let mimetype = String::from_utf8_lossy(&mimetype[..mimetype.len().min(100)]);
    let kind = match mimetype.trim() {
        "application/vnd.oasis.opendocument.text" => "an OpenDocument text (.odt)",
        "application/vnd.oasis.opendocument.spreadsheet" => "an OpenDocument spreadsheet (.ods)",
        "application/vnd.oasis.opendocument.presentation" => "an OpenDocument presentation (.odp)",
        "application/epub+zip" => "an EPUB book",
        other if other.starts_with("application/vnd.oasis.opendocument") => "an OpenDocument file",
        _ => return None,
    };
    Some(kind.into())
}

/// Core, extended and custom properties, found through the package relationships.
fn read_metadata(parts: &mut Parts<'_, '_>, root_rels: &Relationships) -> Result<Metadata> {
    let mut metadata = Metadata::default();
    for rel in root_rels.list.iter().filter(|r| !r.external) {
        let reader: fn(&mut XmlReader<'_>, &mut Metadata) -> Result<()> =
            if rel.is("core-properties") {
                properties::read_core
            } else if rel.is("extended-properties") || rel.is("extendedProperties") {
                // Transitional spells it `extended-properties`, Strict `extendedProperties`.
                properties::read_app
            } else if rel.is("custom-properties") || rel.is("customProperties") {
                properties::read_custom
            } else {
                continue;
            };
        parts.parse_optional(&rel.target, |mut r| reader(&mut r, &mut metadata))?;
    }
    Ok(metadata)
}

/// Headers and footers, each part once, in the order sections reference them; then the parts
/// no section references (Word does not show them, but their content is in the package), with
/// a warning.
fn read_headers_footers(
    parts: &mut Parts<'_, '_>,
    main_part: &str,
    main_rels: &Relationships,
    ctx: &Context<'_>,
    state: &mut DocState,
) -> Result<(Vec<HeaderFooter>, Vec<HeaderFooter>)> {
    let mut refs = std::mem::take(&mut state.header_footer_refs);
    let last_section = refs.iter().map(|r| r.section).max().unwrap_or(0);
    let referenced: HashSet<&str> = refs.iter().map(|r| r.rel_id.as_str()).collect();
    let unreferenced: Vec<_> = main_rels
        .list
        .iter()
        .filter(|r| !r.external && (r.is("header") || r.is("footer")))
        .filter(|r| !referenced.contains(r.id.as_str()))
        .collect();
    for rel in unreferenced {
        state.warn(
            WarningCode::UnreferencedHeaderFooter,
            main_part,
            format!(
                "{} is not referenced by any section; read anyway",
                rel.target
            ),
        );
        refs.push(HeaderFooterRef {
            is_footer: rel.is("footer"),
            kind: HeaderFooterKind::Default,
            rel_id: rel.id.clone(),
            section: last_section,
        });
    }
    let (mut headers, mut footers) = (Vec::new(), Vec::new());
    let mut seen = HashSet::default();
    for HeaderFooterRef {
        is_footer,
        kind,
        rel_id,
        section,
    } in refs
    {
        let Some(rel) = main_rels.get(&rel_id).filter(|r| !r.external) else {
            state.warn(
                WarningCode::MissingRelationship,
                main_part,
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
        let blocks = parts.read_story(&part, story, ctx, state, |reader| {
            let mut blocks = Vec::new();
            // The root (w:hdr / w:ftr) is the container.
            if reader.find_root()? {
                reader.read_blocks(&mut blocks)?;
            }
            Ok(blocks)
        })?;
        if let Some(blocks) = blocks {
            let hf = HeaderFooter {
                kind,
                section,
                part: part.to_string(),
                blocks,
                sections: Vec::new(),
            };
            if is_footer {
                footers.push(hf);
            } else {
                headers.push(hf);
            }
        }
    }
    Ok((headers, footers))
}

/// For each relationship id of a header or footer, the sections that show it and as which
/// kind, as Word applies them: each kind (default, first, even) of header and of footer is the
/// section's own reference of that kind, else the previous section's; `first` shows only in a
/// section with a title page, `even` only with `evenAndOddHeaders`.
fn sections_showing<'r>(
    refs: &'r [HeaderFooterRef],
    sections: &[Section],
    even_and_odd: bool,
) -> HashMap<&'r str, Vec<SectionUse>> {
    const KINDS: [HeaderFooterKind; 3] = [
        HeaderFooterKind::Default,
        HeaderFooterKind::First,
        HeaderFooterKind::Even,
    ];
    let slot = |is_footer: bool, kind: HeaderFooterKind| {
        usize::from(is_footer) * 3 + KINDS.iter().position(|&k| k == kind).unwrap_or(0)
    };
    // The reference in force for each (header or footer, kind), carried from section to section.
    let mut in_force: [Option<&'r str>; 6] = [None; 6];
    let mut shown: HashMap<&'r str, Vec<SectionUse>> = HashMap::default();
    let mut refs = refs.iter().peekable();
    for section in sections {
        while let Some(r) = refs.next_if(|r| r.section <= section.index) {
            in_force[slot(r.is_footer, r.kind)] = Some(r.rel_id.as_str());
        }
        for is_footer in [false, true] {
            for kind in KINDS {
                let shows = match kind {
                    HeaderFooterKind::Default => true,
                    HeaderFooterKind::First => section.title_page,
                    HeaderFooterKind::Even => even_and_odd,
                };
                if let Some(rel_id) = in_force[slot(is_footer, kind)].filter(|_| shows) {
                    let uses = shown.entry(rel_id).or_default();
                    let used = SectionUse {
                        section: section.index,
                        kind,
                    };
                    if !uses.contains(&used) {
                        uses.push(used);
                    }
                }
            }
        }
    }
    shown
}

/// The text charts and SmartArt diagrams show, from their parts. A damaged part leaves its
/// object without text, with a warning.
fn read_chart_and_diagram_texts(parts: &mut Parts<'_, '_>, state: &mut DocState) -> Result<()> {
    for object in &mut state.objects {
        let read = match object.kind {
            ObjectKind::Chart => charts::chart_text,
            ObjectKind::Diagram => charts::diagram_text,
            _ => continue,
        };
        let Some(part) = object.part.as_deref() else {
            continue;
        };
        object.text = parts
            .parse_optional(part, |mut xr| read(&mut xr))?
            .flatten();
    }
    Ok(())
}
