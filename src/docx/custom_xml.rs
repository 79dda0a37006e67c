//! Custom XML data parts (`customXml/itemN.xml`, found through the main part's `customXml`
//! relationships, each named by the `ds:itemID` of its `customXmlProps` part) and the values
//! content controls bind to (`w:dataBinding`): the text an XPath selects in the store.
//!
//! Word writes the bound XPaths itself, as a path of child steps with positions
//! (`/ns0:invoice[1]/ns0:customer[1]/@id`). That is what is evaluated here, names matched by
//! their local part; any other XPath (a filter, an axis) has no value.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::parts::Parts;
use crate::model::{ContentControl, WarningCode};
use crate::package::Relationships;
use crate::xml::{attr, collect_text, decode, local_name};
use crate::{Error, ErrorKind, HashMap, Result};
use std::time::Instant;

/// The store item ids Word gives the package's own property parts.
const CORE_PROPERTIES_ID: &str = "{6C3C8BC8-F283-45AE-878A-BAB7291924A1}";
const EXTENDED_PROPERTIES_ID: &str = "{6668398D-A668-4E3E-A5EB-62B293D839F1}";

/// Give each data-bound control the value its XPath selects, when the package holds its
/// store. Reads nothing when no control is bound.
pub(super) fn bind_controls(
    parts: &mut Parts<'_, '_>,
    root_rels: &Relationships,
    main_rels: &Relationships,
    controls: &mut [ContentControl],
) -> Result<()> {
    if !controls.iter().any(|c| c.binding.is_some()) {
        return Ok(());
    }
    let stores = store_parts(parts, root_rels, main_rels)?;
    let mut texts: HashMap<String, Option<String>> = HashMap::default();
    // A repeated binding (the same store and XPath, as a field repeated through a template)
    // is evaluated once.
    let mut selected: HashMap<(String, String), Option<String>> = HashMap::default();
    // Each evaluation scans its store: thousands of controls bound into a large store would
    // scan it thousands of times. The scans together read no more than the package may
    // inflate in all (`max_total_bytes`), and stop at the deadline.
    let limit = usize::try_from(parts.options.limits.max_total_bytes).unwrap_or(usize::MAX);
    let mut budget = limit;
    let mut unevaluated = 0usize;
    for control in controls {
        let Some(binding) = control.binding.as_deref_mut() else {
            continue;
        };
        let Some(id) = binding.store_item_id.as_deref() else {
            continue;
        };
        let Some(part) = stores.get(&id.to_ascii_uppercase()) else {
            continue;
        };
        if !texts.contains_key(part) {
            let text = read_optional(parts, part)?.map(|bytes| decode(&bytes).text.into_owned());
            texts.insert(part.clone(), text);
        }
        let Some(text) = texts[part].as_deref() else {
            continue;
        };
        let key = (part.clone(), binding.xpath.clone());
        if let Some(value) = selected.get(&key) {
            binding.value = value.clone();
            continue;
        }
        if text.len() > budget {
            unevaluated += 1;
            continue;
        }
        if parts.deadline.is_some_and(|d| Instant::now() > d) {
            let seconds = parts.options.timeout.map_or(0.0, |t| t.as_secs_f64());
            return Err(Error::new(ErrorKind::Timeout { seconds }).in_part(part));
        }
        budget -= text.len();
        binding.value = select(text, &binding.xpath);
        selected.insert(key, binding.value.clone());
    }
    if unevaluated > 0 {
        parts.warn(
            WarningCode::BindingsNotEvaluated,
            "",
            format!(
                "{unevaluated} data bindings left without a value: their stores would be read \
                 past the total size limit ({limit} bytes)"
            ),
        );
    }
    Ok(())
}

/// Store item id (upper case, in braces) -> part name.
fn store_parts(
    parts: &mut Parts<'_, '_>,
    root_rels: &Relationships,
    main_rels: &Relationships,
) -> Result<HashMap<String, String>> {
    let mut stores = HashMap::default();
    for rel in root_rels.list.iter().filter(|r| !r.external) {
        if rel.is("core-properties") {
            stores.insert(CORE_PROPERTIES_ID.to_string(), rel.target.to_string());
        } else if rel.is("extended-properties") || rel.is("extendedProperties") {
            stores.insert(EXTENDED_PROPERTIES_ID.to_string(), rel.target.to_string());
        }
    }
    for rel in main_rels.list.iter().filter(|r| !r.external) {
        if !rel.is("customXml") {
            continue;
        }
        let item_rels = parts.package.relationships(&rel.target)?;
        let Some(props) = item_rels.first_of("customXmlProps") else {
            continue;
        };
        let props = props.target.to_string();
        if let Some(bytes) = read_optional(parts, &props)? {
            if let Some(id) = item_id(&decode(&bytes).text) {
                stores.insert(id.to_ascii_uppercase(), rel.target.to_string());
            }
        }
    }
    Ok(stores)
}

/// A part the document can do without: damaged, it is skipped with a warning.
fn read_optional(parts: &mut Parts<'_, '_>, part: &str) -> Result<Option<Vec<u8>>> {
    match parts.package.read_part(part) {
        Err(e) if matches!(e.kind(), ErrorKind::CorruptZip(_)) => {
            parts.warn(WarningCode::PartSkipped, part, format!("part skipped: {e}"));
            Ok(None)
        }
        other => other,
    }
}

/// The `ds:itemID` of a `ds:datastoreItem` (a `customXmlProps` part).
fn item_id(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) | Event::Empty(e) if local_name(&e) == b"datastoreItem" => {
                return attr(&e, b"itemID").map(|id| id.into_owned());
            }
            Event::Eof => return None,
            _ => {}
        }
    }
}

/// A qualified name's local part.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// One step of a bound XPath: a child element by local name and 1-based position.
struct Step<'x> {
    name: &'x str,
    position: usize,
}

/// Parse `/a:x[1]/a:y[2]` or `/a:x[1]/@a:z` into element steps and an optional attribute.
fn parse_xpath(xpath: &str) -> Option<(Vec<Step<'_>>, Option<&str>)> {
    let mut steps = Vec::new();
    let mut attribute = None;
    let path = xpath.trim().strip_prefix('/')?;
    for step in path.split('/') {
        if attribute.is_some() {
            return None;
        }
        if let Some(name) = step.strip_prefix('@') {
            attribute = Some(local(name));
            continue;
        }
        let (name, position) = match step.split_once('[') {
            Some((name, rest)) => (name, rest.strip_suffix(']')?.trim().parse().ok()?),
            None => (step, 1),
        };
        if name.is_empty() || name.contains(['(', '*']) {
            return None;
        }
        steps.push(Step {
            name: local(name),
            position,
        });
    }
    (!steps.is_empty()).then_some((steps, attribute))
}

/// The string value `xpath` selects in `xml`: the text of the element (all its text
/// descendants), or the attribute's value; `None` when it selects nothing.
fn select(xml: &str, xpath: &str) -> Option<String> {
    let (steps, attribute) = parse_xpath(xpath)?;
    let mut reader = Reader::from_str(xml);
    // Elements open, and how many of them lie on the path (the first `matched` levels).
    let (mut depth, mut matched) = (0usize, 0usize);
    // Per step, children of the matched parent seen with the step's name.
    let mut seen = vec![0usize; steps.len()];
    let mut value: Option<String> = None;
    loop {
        let event = reader.read_event().ok()?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                depth += 1;
                if value.is_none() && matched + 1 == depth && depth <= steps.len() {
                    let step = &steps[depth - 1];
                    if local_name(e) == step.name.as_bytes() {
                        seen[depth - 1] += 1;
                        if seen[depth - 1] == step.position {
                            matched = depth;
                            seen[depth..].iter_mut().for_each(|n| *n = 0);
                            if depth == steps.len() {
                                if let Some(name) = attribute {
                                    return attr(e, name.as_bytes()).map(|v| v.into_owned());
                                }
                                value = Some(String::new());
                            }
                        }
                    }
                }
                if matches!(event, Event::Empty(_)) {
                    if value.is_some() && matched == depth && depth == steps.len() {
                        return value;
                    }
                    matched = matched.min(depth - 1);
                    depth -= 1;
                }
            }
            Event::End(_) => {
                if value.is_some() && matched == depth && depth == steps.len() {
                    return value;
                }
                matched = matched.min(depth.saturating_sub(1));
                depth = depth.saturating_sub(1);
            }
            Event::Eof => return None,
            other => {
                if let Some(value) = value.as_mut() {
                    collect_text(other, value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORE: &str = r#"<?xml version="1.0"?>
<ns0:invoice xmlns:ns0="urn:example">
  <ns0:customer id="c-7"><ns0:name>Li &amp; Wang</ns0:name></ns0:customer>
  <ns0:line>first</ns0:line>
  <ns0:line>second <ns0:b>bold</ns0:b></ns0:line>
  <ns0:empty/>
</ns0:invoice>"#;

    #[test]
    fn a_positional_path_selects_the_text_of_that_element() {
        let select = |xpath| select(STORE, xpath);
        assert_eq!(
            select("/ns0:invoice[1]/ns0:customer[1]/ns0:name[1]").as_deref(),
            Some("Li & Wang")
        );
        assert_eq!(
            select("/ns0:invoice[1]/ns0:line[2]").as_deref(),
            Some("second bold")
        );
        assert_eq!(select("/ns0:invoice/ns0:line").as_deref(), Some("first"));
        assert_eq!(select("/ns0:invoice[1]/ns0:empty[1]").as_deref(), Some(""));
    }

    #[test]
    fn an_attribute_step_selects_its_value_and_a_missing_node_selects_nothing() {
        assert_eq!(
            select(STORE, "/ns0:invoice[1]/ns0:customer[1]/@id").as_deref(),
            Some("c-7")
        );
        assert_eq!(select(STORE, "/ns0:invoice[1]/ns0:line[3]"), None);
        assert_eq!(select(STORE, "/ns0:other[1]"), None);
        // Not a path of child steps: no value rather than a wrong one.
        assert_eq!(select(STORE, "//ns0:line[last()]"), None);
    }

    #[test]
    fn the_item_id_is_read_from_the_datastore_item() {
        let props = r#"<ds:datastoreItem ds:itemID="{ABC-1}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>"#;
        assert_eq!(item_id(props).as_deref(), Some("{ABC-1}"));
    }
}
