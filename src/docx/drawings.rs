//! Pictures: DrawingML (`w:drawing` with `wp:inline` / `wp:anchor`, `a:blip`) and VML
//! (`w:pict` / `w:object` with `v:imagedata`), and the text boxes they may hold.

use quick_xml::events::{BytesStart, Event};

use super::builder::OpenParagraph;
use super::story::StoryReader;
use crate::model::{ImageRef, ObjectKind, Placement, WarningCode};
use crate::xml::{attr, local_name};
use crate::Result;

/// Non-visual properties: `wp:docPr` or `pic:cNvPr`.
#[derive(Default, Clone)]
struct NonVisual {
    id: Option<String>,
    name: Option<String>,
    descr: Option<String>,
    title: Option<String>,
}

impl NonVisual {
    fn from(e: &BytesStart<'_>) -> Self {
        let get = |key: &[u8]| {
            attr(e, key)
                .map(|v| v.into_owned())
                .filter(|v| !v.is_empty())
        };
        NonVisual {
            id: get(b"id"),
            name: get(b"name"),
            descr: get(b"descr"),
            title: get(b"title"),
        }
    }
}

struct Blip {
    rel_id: String,
    linked: bool,
    props: Option<NonVisual>,
    extent: Option<(i64, i64)>,
}

impl StoryReader<'_, '_> {
    /// Read a `w:drawing` (just started): every picture in it, and any text box.
    pub(super) fn read_drawing(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let level = self.xr.depth();
        let mut placement = Placement::Inline;
        let mut doc_pr = NonVisual::default();
        let mut extent = None;
        let mut blips: Vec<Blip> = Vec::new();
        let mut picture_props: Option<NonVisual> = None;
        let mut picture_extent: Option<(i64, i64)> = None;
        // mc:AlternateContent inside a drawing: whether its Choice was taken, per nesting.
        let mut alternates: Vec<bool> = Vec::new();
        let mut open: Vec<&'static [u8]> = Vec::new();
        let at = para.position();
        while let Some(event) = self.xr.next_event()? {
            let (e, is_start) = match event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) => {
                    if self.xr.depth() < level {
                        break;
                    }
                    if open.pop() == Some(b"AlternateContent".as_slice()) {
                        alternates.pop();
                    }
                    continue;
                }
                _ => continue,
            };
            let name = local_name(&e);
            match name {
                b"anchor" => placement = Placement::Floating,
                b"docPr" => doc_pr = NonVisual::from(&e),
                b"extent" if extent.is_none() => extent = emu_pair(&e, b"cx", b"cy"),
                b"cNvPr" => picture_props = Some(NonVisual::from(&e)),
                b"ext" if picture_extent.is_none() => picture_extent = emu_pair(&e, b"cx", b"cy"),
                b"pic" => {
                    picture_props = None;
                    picture_extent = None;
                }
                b"blip" => {
                    let (rel_id, linked) = match (attr(&e, b"embed"), attr(&e, b"link")) {
                        (Some(id), _) if !id.is_empty() => (id.into_owned(), false),
                        (_, Some(id)) if !id.is_empty() => (id.into_owned(), true),
                        _ => (String::new(), false),
                    };
                    if !rel_id.is_empty() {
                        blips.push(Blip {
                            rel_id,
                            linked,
                            props: picture_props.clone(),
                            extent: picture_extent,
                        });
                    }
                }
                b"txbxContent" if is_start => {
                    self.read_text_box(para)?;
                    continue;
                }
                b"chart" => {
                    self.push_object(ObjectKind::Chart, attr(&e, b"id").as_deref(), None, at)
                }
                // SmartArt: the relationship to its data part names the diagram.
                b"relIds" => {
                    self.push_object(ObjectKind::Diagram, attr(&e, b"dm").as_deref(), None, at)
                }
                b"Choice" | b"Fallback" if is_start => {
                    let take = match alternates.last_mut() {
                        Some(taken @ false) if name == b"Choice" => {
                            *taken = true;
                            true
                        }
                        Some(false) => true,
                        None => true,
                        _ => false,
                    };
                    if !take {
                        self.xr.skip(&e)?;
                        continue;
                    }
                }
                b"AlternateContent" if is_start => alternates.push(false),
                _ => {}
            }
            if is_start {
                open.push(if name == b"AlternateContent" {
                    b"AlternateContent"
                } else {
                    b""
                });
            }
        }
        let single = blips.len() == 1;
        for blip in blips {
            // One picture: the drawing's docPr names it (`图片 3`, `IMG_256`). Several (a group
            // or canvas): each picture's own cNvPr does.
            let props = if single {
                doc_pr.clone()
            } else {
                blip.props.clone().unwrap_or_else(|| doc_pr.clone())
            };
            let size = if single {
                extent.or(blip.extent)
            } else {
                blip.extent.or(extent)
            };
            self.push_image(para, at, props, &blip.rel_id, blip.linked, size, placement);
        }
        Ok(())
    }

    /// Read a VML `w:pict` or `w:object` (just started): its image data and text boxes.
    pub(super) fn read_vml(&mut self, para: &mut OpenParagraph) -> Result<()> {
        let level = self.xr.depth();
        let at = para.position();
        let mut shape = NonVisual::default();
        let mut shape_size = None;
        while let Some(event) = self.xr.next_event()? {
            let (e, is_start) = match event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) if self.xr.depth() < level => break,
                _ => continue,
            };
            match local_name(&e) {
                b"shape" | b"rect" | b"roundrect" | b"oval" | b"image" => {
                    shape = NonVisual {
                        id: attr(&e, b"spid")
                            .or_else(|| attr(&e, b"id"))
                            .map(|v| v.into_owned()),
                        name: attr(&e, b"id").map(|v| v.into_owned()),
                        descr: attr(&e, b"alt")
                            .map(|v| v.into_owned())
                            .filter(|v| !v.is_empty()),
                        title: None,
                    };
                    shape_size = attr(&e, b"style").and_then(|s| vml_size(&s));
                }
                b"imagedata" => {
                    let rel_id = attr(&e, b"id")
                        .or_else(|| attr(&e, b"relid"))
                        .map(|v| v.into_owned());
                    if let Some(rel_id) = rel_id.filter(|r| !r.is_empty()) {
                        let mut props = shape.clone();
                        props.title = attr(&e, b"title")
                            .map(|v| v.into_owned())
                            .filter(|v| !v.is_empty());
                        self.push_image(
                            para,
                            at,
                            props,
                            &rel_id,
                            false,
                            shape_size,
                            Placement::Vml,
                        );
                    }
                }
                b"txbxContent" if is_start => self.read_text_box(para)?,
                b"OLEObject" => {
                    let prog_id = attr(&e, b"ProgID").map(|v| v.into_owned());
                    self.push_object(ObjectKind::Ole, attr(&e, b"id").as_deref(), prog_id, at);
                }
                _ => {}
            }
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn push_image(
        &mut self,
        para: &mut OpenParagraph,
        at: crate::model::Position,
        props: NonVisual,
        rel_id: &str,
        linked: bool,
        size: Option<(i64, i64)>,
        placement: Placement,
    ) {
        let rel = self.rels.get(rel_id);
        if rel.is_none() {
            self.b.warn(
                WarningCode::MissingRelationship,
                format!("image relationship {rel_id:?} not found"),
            );
        }
        let external = linked || rel.is_some_and(|r| r.external);
        let target = rel.map(|r| r.target.clone());
        let content_type = match (&target, external) {
            (Some(t), false) => self.ctx.content_types.of(t),
            _ => None,
        };
        let image = ImageRef {
            name: props.name,
            descr: props.descr,
            title: props.title,
            doc_pr_id: props.id,
            rel_id: Some(rel_id.to_string()),
            target,
            external,
            content_type,
            width_emu: size.map(|s| s.0),
            height_emu: size.map(|s| s.1),
            placement,
            location: self.b.location(at),
        };
        self.b.image(para, image);
    }
}

fn emu_pair(e: &BytesStart<'_>, x: &[u8], y: &[u8]) -> Option<(i64, i64)> {
    let cx = attr(e, x)?.trim().parse().ok()?;
    let cy = attr(e, y)?.trim().parse().ok()?;
    Some((cx, cy))
}

/// Width and height in EMU from a VML `style` (`width:415.5pt;height:311.25pt`).
fn vml_size(style: &str) -> Option<(i64, i64)> {
    let mut width = None;
    let mut height = None;
    for decl in style.split(';') {
        let Some((key, value)) = decl.split_once(':') else {
            continue;
        };
        let emu = css_length_emu(value.trim());
        match key.trim() {
            "width" => width = emu,
            "height" => height = emu,
            _ => {}
        }
    }
    Some((width?, height?))
}

fn css_length_emu(value: &str) -> Option<i64> {
    let split = value
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let n: f64 = number.trim().parse().ok()?;
    let per_unit = match unit {
        "pt" => 12_700.0,
        "in" => 914_400.0,
        "cm" => 360_000.0,
        "mm" => 36_000.0,
        "px" | "" => 9_525.0,
        "pc" => 152_400.0,
        _ => return None,
    };
    Some((n * per_unit).round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_vml_style_sizes_to_emu() {
        assert_eq!(vml_size("width:72pt;height:1in"), Some((914_400, 914_400)));
        assert_eq!(vml_size("position:absolute;width:10mm"), None);
    }
}
