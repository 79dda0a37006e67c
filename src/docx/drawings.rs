//! Pictures: DrawingML (`w:drawing` with `wp:inline` / `wp:anchor`, `a:blip`) and VML
//! (`w:pict` / `w:object` with `v:imagedata`), and where the text boxes they hold start.
//!
//! The walkers here are resumable: each step reads up to the next thing the story reader must
//! handle (a text box, which is a story of its own; an object) and returns it, so this module
//! knows no reader and no builder.

use quick_xml::events::{BytesStart, Event};

use crate::model::{ArcStr, ImageRef, Location, ObjectKind, Placement};
use crate::xml::{attr, local_name, XmlReader};
use crate::Result;

/// Non-visual properties: `wp:docPr` or `pic:cNvPr`.
#[derive(Default, Clone)]
struct NonVisual {
    id: Option<String>,
    name: Option<String>,
    descr: Option<String>,
    title: Option<String>,
    link: Option<PictureLink>,
}

/// Where clicking a picture goes.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum PictureLink {
    /// DrawingML's `a:hlinkClick r:id`: a hyperlink relationship of the part.
    Relationship(String),
    /// VML's `href` on the shape: the target itself (`#name` for a bookmark).
    Target(String),
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
            link: None,
        }
    }
}

/// A picture a drawing or a VML shape shows.
pub(super) struct Picture {
    props: NonVisual,
    pub rel_id: String,
    /// Linked (`r:link`) rather than embedded.
    pub linked: bool,
    size: Option<(i64, i64)>,
    placement: Placement,
}

impl Picture {
    /// The link the picture is, if any.
    pub(super) fn link(&self) -> Option<&PictureLink> {
        self.props.link.as_ref()
    }

    /// The image reference, once the caller has resolved the relationship.
    pub(super) fn into_image(
        self,
        target: Option<ArcStr>,
        external: bool,
        content_type: Option<String>,
        location: Location,
    ) -> ImageRef {
        ImageRef {
            name: self.props.name,
            descr: self.props.descr,
            title: self.props.title,
            doc_pr_id: self.props.id,
            rel_id: Some(self.rel_id),
            target,
            external,
            content_type,
            width_emu: self.size.map(|s| s.0),
            height_emu: self.size.map(|s| s.1),
            placement: self.placement,
            location,
        }
    }
}

/// What a walker stopped at.
pub(super) enum DrawingStep {
    /// A `w:txbxContent` just started: the caller reads it, up to its end, then steps on.
    TextBox,
    /// A chart, diagram or OLE object: its kind, relationship id and ProgID.
    Object(ObjectKind, Option<String>, Option<String>),
    /// A VML picture, met in document order.
    Picture(Picture),
    /// A VML text path's text (`v:textpath/@string`: WordArt, a header's text watermark).
    TextPath(String),
    /// The element ended.
    Done,
}

struct Blip {
    rel_id: String,
    linked: bool,
    props: Option<NonVisual>,
    extent: Option<(i64, i64)>,
}

/// The walk over a `w:drawing` (just started). Its pictures come out at its end
/// ([`Self::into_pictures`]), named by the drawing or by each picture.
pub(super) struct DrawingWalker {
    level: usize,
    placement: Placement,
    doc_pr: NonVisual,
    extent: Option<(i64, i64)>,
    blips: Vec<Blip>,
    picture_props: Option<NonVisual>,
    picture_extent: Option<(i64, i64)>,
    /// The last non-visual properties met were a picture's `cNvPr`, not the drawing's
    /// `docPr`: an `a:hlinkClick` inside belongs to them.
    in_picture_props: bool,
    /// mc:AlternateContent inside a drawing: whether its Choice was taken, per nesting.
    alternates: Vec<bool>,
    open: Vec<&'static [u8]>,
}

impl DrawingWalker {
    pub(super) fn new(xr: &XmlReader<'_>) -> Self {
        DrawingWalker {
            level: xr.depth(),
            placement: Placement::Inline,
            doc_pr: NonVisual::default(),
            extent: None,
            blips: Vec::new(),
            picture_props: None,
            picture_extent: None,
            in_picture_props: false,
            alternates: Vec::new(),
            open: Vec::new(),
        }
    }

    pub(super) fn step(&mut self, xr: &mut XmlReader<'_>) -> Result<DrawingStep> {
        while let Some(event) = xr.next_event()? {
            let (e, is_start) = match event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) => {
                    if xr.depth() < self.level {
                        break;
                    }
                    if self.open.pop() == Some(b"AlternateContent".as_slice()) {
                        self.alternates.pop();
                    }
                    continue;
                }
                _ => continue,
            };
            let name = local_name(&e);
            let mut step = None;
            match name {
                b"anchor" => self.placement = Placement::Floating,
                b"docPr" => {
                    self.doc_pr = NonVisual::from(&e);
                    self.in_picture_props = false;
                }
                b"hlinkClick" => {
                    let link = attr(&e, b"id")
                        .filter(|id| !id.is_empty())
                        .map(|id| PictureLink::Relationship(id.into_owned()));
                    match (&mut self.picture_props, self.in_picture_props) {
                        (Some(props), true) => props.link = link,
                        _ => self.doc_pr.link = link,
                    }
                }
                b"extent" if self.extent.is_none() => self.extent = emu_pair(&e, b"cx", b"cy"),
                b"cNvPr" => {
                    self.picture_props = Some(NonVisual::from(&e));
                    self.in_picture_props = true;
                }
                b"ext" if self.picture_extent.is_none() => {
                    self.picture_extent = emu_pair(&e, b"cx", b"cy")
                }
                b"pic" => {
                    self.picture_props = None;
                    self.picture_extent = None;
                }
                b"blip" => {
                    let (rel_id, linked) = match (attr(&e, b"embed"), attr(&e, b"link")) {
                        (Some(id), _) if !id.is_empty() => (id.into_owned(), false),
                        (_, Some(id)) if !id.is_empty() => (id.into_owned(), true),
                        _ => (String::new(), false),
                    };
                    if !rel_id.is_empty() {
                        self.blips.push(Blip {
                            rel_id,
                            linked,
                            props: self.picture_props.clone(),
                            extent: self.picture_extent,
                        });
                    }
                }
                // Its end is the text box reader's: not pushed on `open`.
                b"txbxContent" if is_start => return Ok(DrawingStep::TextBox),
                b"chart" => step = Some(object(ObjectKind::Chart, &e, b"id")),
                // SmartArt: the relationship to its data part names the diagram.
                b"relIds" => step = Some(object(ObjectKind::Diagram, &e, b"dm")),
                b"Choice" | b"Fallback" if is_start => {
                    let take = match self.alternates.last_mut() {
                        Some(taken @ false) if name == b"Choice" => {
                            *taken = true;
                            true
                        }
                        Some(false) => true,
                        None => true,
                        _ => false,
                    };
                    if !take {
                        xr.skip(&e)?;
                        continue;
                    }
                }
                b"AlternateContent" if is_start => self.alternates.push(false),
                _ => {}
            }
            if is_start {
                self.open.push(if name == b"AlternateContent" {
                    b"AlternateContent"
                } else {
                    b""
                });
            }
            if let Some(step) = step {
                return Ok(step);
            }
        }
        Ok(DrawingStep::Done)
    }

    /// The drawing's pictures, once [`Self::step`] has returned [`DrawingStep::Done`].
    pub(super) fn into_pictures(self) -> impl Iterator<Item = Picture> {
        let single = self.blips.len() == 1;
        let (doc_pr, extent, placement) = (self.doc_pr, self.extent, self.placement);
        self.blips.into_iter().map(move |blip| {
            // One picture: the drawing's docPr names it (`图片 3`, `IMG_256`). Several (a group
            // or canvas): each picture's own cNvPr does.
            let props = if single {
                doc_pr.clone()
            } else {
                blip.props.unwrap_or_else(|| doc_pr.clone())
            };
            let size = if single {
                extent.or(blip.extent)
            } else {
                blip.extent.or(extent)
            };
            Picture {
                props,
                rel_id: blip.rel_id,
                linked: blip.linked,
                size,
                placement,
            }
        })
    }
}

fn object(kind: ObjectKind, e: &BytesStart<'_>, rel_attr: &[u8]) -> DrawingStep {
    DrawingStep::Object(kind, attr(e, rel_attr).map(|v| v.into_owned()), None)
}

/// The walk over a VML `w:pict` or `w:object` (just started): its image data, OLE objects and
/// text boxes, in document order.
pub(super) struct VmlWalker {
    level: usize,
    shape: NonVisual,
    shape_size: Option<(i64, i64)>,
}

impl VmlWalker {
    pub(super) fn new(xr: &XmlReader<'_>) -> Self {
        VmlWalker {
            level: xr.depth(),
            shape: NonVisual::default(),
            shape_size: None,
        }
    }

    pub(super) fn step(&mut self, xr: &mut XmlReader<'_>) -> Result<DrawingStep> {
        while let Some(event) = xr.next_event()? {
            let (e, is_start) = match event {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(_) if xr.depth() < self.level => break,
                _ => continue,
            };
            match local_name(&e) {
                b"shape" | b"rect" | b"roundrect" | b"oval" | b"image" => {
                    self.shape = NonVisual {
                        id: attr(&e, b"spid")
                            .or_else(|| attr(&e, b"id"))
                            .map(|v| v.into_owned()),
                        name: attr(&e, b"id").map(|v| v.into_owned()),
                        descr: attr(&e, b"alt")
                            .map(|v| v.into_owned())
                            .filter(|v| !v.is_empty()),
                        title: None,
                        link: attr(&e, b"href")
                            .filter(|href| !href.trim().is_empty())
                            .map(|href| PictureLink::Target(href.trim().to_owned())),
                    };
                    self.shape_size = attr(&e, b"style").and_then(|s| vml_size(&s));
                }
                b"imagedata" => {
                    let rel_id = attr(&e, b"id")
                        .or_else(|| attr(&e, b"relid"))
                        .map(|v| v.into_owned());
                    if let Some(rel_id) = rel_id.filter(|r| !r.is_empty()) {
                        let mut props = self.shape.clone();
                        props.title = attr(&e, b"title")
                            .map(|v| v.into_owned())
                            .filter(|v| !v.is_empty());
                        return Ok(DrawingStep::Picture(Picture {
                            props,
                            rel_id,
                            linked: false,
                            size: self.shape_size,
                            placement: Placement::Vml,
                        }));
                    }
                }
                b"txbxContent" if is_start => return Ok(DrawingStep::TextBox),
                b"textpath" => {
                    let text = attr(&e, b"string").map(|v| v.trim().to_owned());
                    if let Some(text) = text.filter(|t| !t.is_empty()) {
                        return Ok(DrawingStep::TextPath(text));
                    }
                }
                b"OLEObject" => {
                    let prog_id = attr(&e, b"ProgID").map(|v| v.into_owned());
                    let rel_id = attr(&e, b"id").map(|v| v.into_owned());
                    return Ok(DrawingStep::Object(ObjectKind::Ole, rel_id, prog_id));
                }
                _ => {}
            }
        }
        Ok(DrawingStep::Done)
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
