//! OLE objects whose part is an Office package (`word/embeddings/Microsoft_Word_Document1.docx`,
//! `Microsoft_Excel_Worksheet1.xlsx`): converted one level deep, as Apache Tika does, their text
//! kept in the object. Legacy binary objects (`oleObject1.bin`, `.doc`, `.xls`) and other
//! packages (`.pptx`) are left as they are.

use super::alt_chunks::nested_document_text;
use super::parts::Parts;
use super::state::DocState;
use super::workbook::workbook_text;
use crate::model::{Document, EmbeddedPackage, ObjectKind, WarningCode};
use crate::package::{Package, PackageBytes};
use crate::{Options, Result};

/// Fill `text` and `package` of every OLE object that embeds a Word document or an Excel
/// workbook. A package that cannot be read leaves its object without text, with a warning.
/// A nested .docx is read with `read_nested` (the document reader itself, passed in so that
/// this module does not import its caller).
pub(super) fn read_embedded_packages(
    parts: &mut Parts<'_, '_>,
    state: &mut DocState,
    read_nested: fn(PackageBytes, &Options) -> Result<Document>,
) {
    for i in 0..state.objects.len() {
        let object = &state.objects[i];
        if object.kind != ObjectKind::Ole {
            continue;
        }
        let Some(part) = object.part.clone() else {
            continue;
        };
        // Only parts named or typed as packages are read: an equation's or a picture's binary
        // data (most OLE objects) is never inflated.
        if !may_be_office_package(&part, object.content_type.as_deref()) {
            continue;
        }
        let bytes = match parts.package.read_part(&part) {
            Ok(Some(bytes)) if bytes.starts_with(b"PK") => bytes,
            Ok(_) => continue,
            Err(e) => {
                state.warn(
                    WarningCode::ObjectNotConverted,
                    &part,
                    format!("embedded package not read: {e}"),
                );
                continue;
            }
        };
        match convert(&bytes, &part, parts, state, read_nested) {
            Ok(Some((package, text))) => {
                state.objects[i].package = Some(package);
                state.objects[i].text = Some(text);
            }
            Ok(None) => {}
            Err(e) => state.warn(
                WarningCode::ObjectNotConverted,
                &part,
                format!("embedded package not converted: {e}"),
            ),
        }
    }
}

/// Whether an OLE object's part may be a Word or Excel package, by its content type or its
/// extension (Word writes `application/vnd.openxmlformats-officedocument...` and `.docx`).
fn may_be_office_package(part: &str, content_type: Option<&str>) -> bool {
    const TYPES: [&str; 4] = [
        "wordprocessingml.document",
        "spreadsheetml.sheet",
        "ms-word.document.macroenabled",
        "ms-excel.sheet.macroenabled",
    ];
    const EXTENSIONS: [&str; 6] = [".docx", ".docm", ".dotx", ".xlsx", ".xlsm", ".xltx"];
    let content_type = content_type.unwrap_or_default().to_ascii_lowercase();
    let part = part.to_ascii_lowercase();
    TYPES.iter().any(|t| content_type.contains(t)) || EXTENSIONS.iter().any(|e| part.ends_with(e))
}

/// The embedded package's kind and text; `None` for a package of another kind. The nested
/// workbook is read within the outer document's deadline.
fn convert(
    bytes: &[u8],
    part: &str,
    outer: &Parts<'_, '_>,
    state: &mut DocState,
    read_nested: fn(PackageBytes, &Options) -> Result<Document>,
) -> Result<Option<(EmbeddedPackage, String)>> {
    let options = outer.options;
    let mut nested = Parts {
        package: Package::open(PackageBytes::whole(bytes), &options.limits)?,
        options,
        deadline: outer.deadline,
        warnings: Vec::new(),
    };
    let main = nested
        .package
        .relationships("")?
        .first_of("officeDocument")
        .map(|rel| {
            let content_type = nested
                .package
                .content_types
                .of(&rel.target)
                .unwrap_or_default();
            (rel.target.to_string(), content_type)
        });
    let is_document = match &main {
        Some((_, content_type)) => content_type.contains("wordprocessingml"),
        None => nested.package.has_part("word/document.xml"),
    };
    if is_document {
        let text = nested_document_text(bytes, options, read_nested)?;
        return Ok(Some((EmbeddedPackage::Document, text)));
    }
    // A workbook's text is held like a part's: no larger than the part size limit.
    let max_bytes = usize::try_from(options.limits.max_part_bytes).unwrap_or(usize::MAX);
    let text = workbook_text(&mut nested, max_bytes)?;
    for warning in nested.warnings {
        let inner = format!("{part}#{}", warning.part);
        state.warn(warning.code, &inner, warning.message);
    }
    Ok(text.map(|text| (EmbeddedPackage::Workbook, text)))
}
