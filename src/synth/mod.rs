//! A small .docx writer for fixtures, benchmarks, fuzz seeds and tests.
//!
//! [`Docx`] assembles a WordprocessingML package in memory and returns its bytes. The caller
//! writes WordprocessingML with the usual `w:` prefix; the writer wraps each part in its root
//! element with the namespace declarations, renames the `w` prefix when asked
//! ([`WPrefix`]), swaps in the Strict namespace URIs ([`Flavor::Strict`]), and writes
//! `[Content_Types].xml` and every `.rels` part. Relationship targets to parts are computed
//! relative to the source part when the package is built, so moving the main part
//! ([`Docx::set_main_path`]) keeps them right; [`Target::Raw`] writes a target verbatim for
//! tests of the part-name resolver.
//!
//! Output is deterministic: every zip entry carries the same fixed timestamp (1980-01-01).
//!
//! ```
//! use docxtract::synth::{snippets as s, Docx, JPEG_8X8};
//! let mut d = Docx::new();
//! let rid = d.add_image(Docx::MAIN, JPEG_8X8, "jpeg");
//! let pic = s::Picture::new(&rid, 1, "IMG_256").descr("alt text");
//! d.set_body(&(s::p_text(Some("Title"), "Hello") + &s::p(&s::inline_picture(&pic))));
//! let bytes = d.to_bytes();
//! assert_eq!(&bytes[..2], b"PK");
//! ```

pub mod corpus;
pub mod fixtures;
pub mod snippets;

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// A valid 1x1 RGB PNG.
pub const PNG_1X1: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38, 0xe0, 0xa0, 0x00,
    0x00, 0x02, 0xe4, 0x01, 0x21, 0xbf, 0xd8, 0x1b, 0x64, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
];

/// A valid 8x8 grayscale baseline JPEG (JFIF): one flat block, minimal Huffman tables.
pub const JPEG_8X8: &[u8] = &[
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
    0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08,
    0x00, 0x08, 0x01, 0x01, 0x11, 0x00, 0xff, 0xc4, 0x00, 0x15, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0xc4, 0x00,
    0x15, 0x10, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x01, 0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x0f, 0xff,
    0xd9,
];

/// A valid 1x1 transparent GIF.
pub const GIF_1X1: &[u8] = &[
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x21, 0xf9, 0x04, 0x01, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x01, 0x00, 0x00, 0x02, 0x02, 0x44, 0x01, 0x00, 0x3b,
];

/// Content type of the main part of a .docx.
pub const CT_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";
const CT_WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
const CT_CORE: &str = "application/vnd.openxmlformats-package.core-properties+xml";
const CT_APP: &str = "application/vnd.openxmlformats-officedocument.extended-properties+xml";
const CT_CUSTOM: &str = "application/vnd.openxmlformats-officedocument.custom-properties+xml";
const CT_RELS: &str = "application/vnd.openxmlformats-package.relationships+xml";

/// Extensions that get a `Default` entry in `[Content_Types].xml`.
const DEFAULTS: &[(&str, &str)] = &[
    ("rels", CT_RELS),
    ("xml", "application/xml"),
    ("png", "image/png"),
    ("jpeg", "image/jpeg"),
    ("jpg", "image/jpeg"),
    ("gif", "image/gif"),
];

/// Transitional (ECMA-376 "Transitional", what Word writes) or Strict namespace URIs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Flavor {
    #[default]
    Transitional,
    Strict,
}

impl Flavor {
    /// The WordprocessingML main namespace.
    pub fn w(self) -> &'static str {
        match self {
            Flavor::Transitional => "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
            Flavor::Strict => "http://purl.oclc.org/ooxml/wordprocessingml/main",
        }
    }
    /// The relationships namespace used by `r:id`, `r:embed`, `r:link`.
    pub fn r(self) -> &'static str {
        match self {
            Flavor::Transitional => {
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
            }
            Flavor::Strict => "http://purl.oclc.org/ooxml/officeDocument/relationships",
        }
    }
    /// The DrawingML WordprocessingML drawing namespace (`wp:inline`, `wp:anchor`).
    pub fn wp(self) -> &'static str {
        match self {
            Flavor::Transitional => {
                "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
            }
            Flavor::Strict => "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
        }
    }
    /// The DrawingML main namespace (`a:blip`).
    pub fn a(self) -> &'static str {
        match self {
            Flavor::Transitional => "http://schemas.openxmlformats.org/drawingml/2006/main",
            Flavor::Strict => "http://purl.oclc.org/ooxml/drawingml/main",
        }
    }
    /// The DrawingML picture namespace (`pic:pic`), also the `a:graphicData/@uri` of pictures.
    pub fn pic(self) -> &'static str {
        match self {
            Flavor::Transitional => "http://schemas.openxmlformats.org/drawingml/2006/picture",
            Flavor::Strict => "http://purl.oclc.org/ooxml/drawingml/picture",
        }
    }
    fn rel_base(self) -> &'static str {
        match self {
            Flavor::Transitional => {
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            }
            Flavor::Strict => "http://purl.oclc.org/ooxml/officeDocument/relationships/",
        }
    }
    fn extended_properties(self) -> &'static str {
        match self {
            Flavor::Transitional => {
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
            }
            Flavor::Strict => "http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
        }
    }
}

/// How the WordprocessingML namespace is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WPrefix {
    /// Elements and attributes use this prefix (`w` is what Word writes; `ns0` is what
    /// some XML toolkits write).
    Prefix(String),
    /// Elements are in the default namespace (`<document xmlns="...">`); attributes, which
    /// cannot use a default namespace, keep the `w:` prefix bound to the same URI.
    Default,
}

impl Default for WPrefix {
    fn default() -> Self {
        WPrefix::Prefix("w".to_string())
    }
}

/// How zip entries are stored.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Compression {
    #[default]
    Deflated,
    Stored,
}

impl Compression {
    fn method(self) -> CompressionMethod {
        match self {
            Compression::Deflated => CompressionMethod::Deflated,
            Compression::Stored => CompressionMethod::Stored,
        }
    }
}

/// A relationship type. The URI depends on the [`Flavor`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelType {
    OfficeDocument,
    CoreProperties,
    ExtendedProperties,
    CustomProperties,
    Styles,
    Numbering,
    Settings,
    Footnotes,
    Endnotes,
    Comments,
    Header,
    Footer,
    Image,
    Hyperlink,
    /// Any other type, written as given.
    Other(String),
}

impl RelType {
    /// The relationship type URI for this flavor.
    pub fn uri(&self, flavor: Flavor) -> String {
        let name = match self {
            RelType::CoreProperties => {
                return "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties".to_string();
            }
            RelType::Other(uri) => return uri.clone(),
            RelType::OfficeDocument => "officeDocument",
            RelType::ExtendedProperties => match flavor {
                Flavor::Transitional => "extended-properties",
                Flavor::Strict => "extendedProperties",
            },
            RelType::CustomProperties => match flavor {
                Flavor::Transitional => "custom-properties",
                Flavor::Strict => "customProperties",
            },
            RelType::Styles => "styles",
            RelType::Numbering => "numbering",
            RelType::Settings => "settings",
            RelType::Footnotes => "footnotes",
            RelType::Endnotes => "endnotes",
            RelType::Comments => "comments",
            RelType::Header => "header",
            RelType::Footer => "footer",
            RelType::Image => "image",
            RelType::Hyperlink => "hyperlink",
        };
        format!("{}{}", flavor.rel_base(), name)
    }
}

/// Where a relationship points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A part of this package by part name (`word/media/image1.png`, no leading `/`); written
    /// relative to the source part's folder.
    Part(String),
    /// Written verbatim (`/word/styles.xml`, `../word/x.xml`, `media/a%20b.png`).
    Raw(String),
    /// `TargetMode="External"`: a URL or a linked file.
    External(String),
}

/// One relationship of a part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rel {
    pub id: String,
    pub rel_type: RelType,
    pub target: Target,
}

/// `docProps/core.xml`. Fields left `None` are not written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Core {
    pub title: Option<String>,
    pub subject: Option<String>,
    pub creator: Option<String>,
    pub keywords: Option<String>,
    pub description: Option<String>,
    pub last_modified_by: Option<String>,
    pub revision: Option<String>,
    /// W3CDTF, e.g. `2023-05-29T08:00:00Z`.
    pub created: Option<String>,
    pub modified: Option<String>,
    pub category: Option<String>,
    pub content_status: Option<String>,
    pub language: Option<String>,
}

/// `docProps/app.xml`. Fields left `None` are not written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct App {
    pub application: Option<String>,
    pub app_version: Option<String>,
    pub pages: Option<u64>,
    pub words: Option<u64>,
    pub characters: Option<u64>,
    pub template: Option<String>,
    pub total_time: Option<u64>,
    pub company: Option<String>,
    pub manager: Option<String>,
    pub lines: Option<u64>,
    pub paragraphs: Option<u64>,
    pub characters_with_spaces: Option<u64>,
    pub doc_security: Option<u64>,
    pub hyperlink_base: Option<String>,
}

/// One property of `docProps/custom.xml`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomProp {
    pub name: String,
    /// The `vt:` element, e.g. `lpwstr`, `i4`, `bool`, `filetime`.
    pub vt: String,
    /// Its text, escaped when written.
    pub value: String,
}

#[derive(Debug, Clone)]
enum Content {
    /// A WordprocessingML part: root element local name and its inner XML.
    W {
        root: String,
        inner: String,
    },
    Bytes(Vec<u8>),
}

/// A part other than the main part.
#[derive(Debug, Clone)]
struct Part {
    name: String,
    zip_name: Option<String>,
    content_type: Option<String>,
    content: Content,
    rels: Vec<Rel>,
}

/// A .docx package under construction. See the module documentation.
#[derive(Debug, Clone)]
pub struct Docx {
    /// Namespace URIs of every part.
    pub flavor: Flavor,
    /// Prefix of the WordprocessingML namespace in every WordprocessingML part.
    pub w_prefix: WPrefix,
    /// Content type of the main part (`.docm`/`.dotx` use others).
    pub main_content_type: String,
    /// Compression of XML parts and raw entries.
    pub xml_compression: Compression,
    /// Compression of media parts (Word stores them).
    pub media_compression: Compression,
    /// Leave out `[Content_Types].xml` (hostile input).
    pub omit_content_types: bool,
    /// Leave out `_rels/.rels` (hostile input).
    pub omit_root_rels: bool,
    /// `w:body` inner XML.
    pub body: String,
    /// Core properties; `None` writes no `docProps/core.xml`.
    pub core: Option<Core>,
    /// Extended properties; `None` writes no `docProps/app.xml`.
    pub app: Option<App>,
    /// Custom properties; empty writes no `docProps/custom.xml`.
    pub custom: Vec<CustomProp>,
    main_path: String,
    main_zip_name: Option<String>,
    main_target: Option<String>,
    main_rels: Vec<Rel>,
    parts: Vec<Part>,
    raw: Vec<(String, Vec<u8>)>,
    media_count: usize,
}

impl Default for Docx {
    fn default() -> Self {
        Docx::new()
    }
}

impl Docx {
    /// Names the main part in methods that take an owner part, whatever its path.
    pub const MAIN: &'static str = "";

    /// An empty Transitional package with the main part at `word/document.xml`.
    pub fn new() -> Self {
        Docx {
            flavor: Flavor::Transitional,
            w_prefix: WPrefix::default(),
            main_content_type: CT_MAIN.to_string(),
            xml_compression: Compression::Deflated,
            media_compression: Compression::Stored,
            omit_content_types: false,
            omit_root_rels: false,
            body: String::new(),
            core: None,
            app: None,
            custom: Vec::new(),
            main_path: "word/document.xml".to_string(),
            main_zip_name: None,
            main_target: None,
            main_rels: Vec::new(),
            parts: Vec::new(),
            raw: Vec::new(),
            media_count: 0,
        }
    }

    /// Set the `w:body` inner XML (paragraphs, tables, the final `w:sectPr`).
    pub fn set_body(&mut self, xml: &str) -> &mut Self {
        self.body = xml.to_string();
        self
    }

    /// Put the main part at another part name, e.g. `word/document2.xml`.
    pub fn set_main_path(&mut self, name: &str) -> &mut Self {
        self.main_path = name.trim_start_matches('/').to_string();
        self
    }

    /// The main part's name.
    pub fn main_path(&self) -> &str {
        &self.main_path
    }

    /// Store the main part under a zip entry name that differs from its part name (case).
    pub fn set_main_zip_name(&mut self, zip_name: &str) -> &mut Self {
        self.main_zip_name = Some(zip_name.to_string());
        self
    }

    /// Write the `officeDocument` relationship's target verbatim (e.g. `/word/document2.xml`).
    pub fn set_main_target(&mut self, target: &str) -> &mut Self {
        self.main_target = Some(target.to_string());
        self
    }

    /// Add a WordprocessingML part (`root` is the root element's local name, `inner` its
    /// content) related from the main part; returns the relationship id.
    pub fn add_w_part(&mut self, rel_type: RelType, name: &str, root: &str, inner: &str) -> String {
        let ct = match &rel_type {
            RelType::Styles => Some("styles"),
            RelType::Numbering => Some("numbering"),
            RelType::Settings => Some("settings"),
            RelType::Footnotes => Some("footnotes"),
            RelType::Endnotes => Some("endnotes"),
            RelType::Comments => Some("comments"),
            RelType::Header => Some("header"),
            RelType::Footer => Some("footer"),
            _ => None,
        }
        .map(|k| format!("{CT_WML}{k}+xml"));
        let name = name.trim_start_matches('/').to_string();
        self.parts.push(Part {
            name: name.clone(),
            zip_name: None,
            content_type: ct,
            content: Content::W {
                root: root.to_string(),
                inner: inner.to_string(),
            },
            rels: Vec::new(),
        });
        self.add_rel(Self::MAIN, rel_type, Target::Part(name))
    }

    /// `word/styles.xml` with these `w:style` (and `w:docDefaults`) elements.
    pub fn styles(&mut self, inner: &str) -> String {
        self.add_w_part(RelType::Styles, "word/styles.xml", "styles", inner)
    }
    /// `word/numbering.xml` with these `w:abstractNum` and `w:num` elements.
    pub fn numbering(&mut self, inner: &str) -> String {
        self.add_w_part(RelType::Numbering, "word/numbering.xml", "numbering", inner)
    }
    /// `word/settings.xml`.
    pub fn settings(&mut self, inner: &str) -> String {
        self.add_w_part(RelType::Settings, "word/settings.xml", "settings", inner)
    }
    /// `word/footnotes.xml` with these `w:footnote` elements.
    pub fn footnotes(&mut self, inner: &str) -> String {
        self.add_w_part(RelType::Footnotes, "word/footnotes.xml", "footnotes", inner)
    }
    /// `word/endnotes.xml` with these `w:endnote` elements.
    pub fn endnotes(&mut self, inner: &str) -> String {
        self.add_w_part(RelType::Endnotes, "word/endnotes.xml", "endnotes", inner)
    }
    /// `word/comments.xml` with these `w:comment` elements.
    pub fn comments(&mut self, inner: &str) -> String {
        self.add_w_part(RelType::Comments, "word/comments.xml", "comments", inner)
    }
    /// A header part `word/{file}`; returns the id for `w:headerReference r:id`.
    pub fn header(&mut self, file: &str, inner: &str) -> String {
        self.add_w_part(RelType::Header, &format!("word/{file}"), "hdr", inner)
    }
    /// A footer part `word/{file}`; returns the id for `w:footerReference r:id`.
    pub fn footer(&mut self, file: &str, inner: &str) -> String {
        self.add_w_part(RelType::Footer, &format!("word/{file}"), "ftr", inner)
    }

    /// Replace the inner XML of a WordprocessingML part added earlier (e.g. once the
    /// relationship ids of images added to that part are known).
    ///
    /// # Panics
    /// If `name` names no part added so far, or a part added with [`Docx::add_part_bytes`].
    pub fn set_w_inner(&mut self, name: &str, inner: &str) -> &mut Self {
        match &mut self.part_mut(name).content {
            Content::W { inner: old, .. } => *old = inner.to_string(),
            Content::Bytes(_) => panic!("synth: {name:?} is not a WordprocessingML part"),
        }
        self
    }

    /// Add a part with arbitrary bytes (no relationship). `content_type` `None` relies on the
    /// extension's `Default` entry.
    pub fn add_part_bytes(&mut self, name: &str, bytes: &[u8], content_type: Option<&str>) {
        self.parts.push(Part {
            name: name.trim_start_matches('/').to_string(),
            zip_name: None,
            content_type: content_type.map(str::to_string),
            content: Content::Bytes(bytes.to_vec()),
            rels: Vec::new(),
        });
    }

    /// Add a custom XML data part `customXml/item{n}.xml` holding `xml`, with its properties
    /// part naming it `item_id` (`{...}`, the `w:storeItemID` content controls bind to), and
    /// the relationships Word writes: main part -> item -> item properties.
    pub fn add_custom_xml(&mut self, n: u32, item_id: &str, xml: &str) {
        const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
        let item = format!("customXml/item{n}.xml");
        let props = format!("customXml/itemProps{n}.xml");
        self.add_part_bytes(&item, xml.as_bytes(), None);
        let props_xml = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem ds:itemID="{item_id}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>"#
        );
        self.add_part_bytes(
            &props,
            props_xml.as_bytes(),
            Some("application/vnd.openxmlformats-officedocument.customXmlProperties+xml"),
        );
        let main = Docx::MAIN;
        self.add_rel(
            main,
            RelType::Other(format!("{REL}customXml")),
            Target::Part(item.clone()),
        );
        self.add_rel(
            &item,
            RelType::Other(format!("{REL}customXmlProps")),
            Target::Part(props),
        );
    }

    /// Add `word/media/imageN.{ext}` and an image relationship from `owner` (a part name, or
    /// [`Docx::MAIN`]); returns the relationship id for `r:embed`.
    pub fn add_image(&mut self, owner: &str, bytes: &[u8], ext: &str) -> String {
        self.media_count += 1;
        let name = format!("word/media/image{}.{ext}", self.media_count);
        self.add_part_bytes(&name, bytes, None);
        self.add_rel(owner, RelType::Image, Target::Part(name))
    }

    /// Add a relationship from `owner` (a part name or [`Docx::MAIN`]) with the next free
    /// `rIdN`; returns the id.
    ///
    /// # Panics
    /// If `owner` names no part added so far.
    pub fn add_rel(&mut self, owner: &str, rel_type: RelType, target: Target) -> String {
        let rels = self.rels_mut(owner);
        let id = format!("rId{}", rels.len() + 1);
        rels.push(Rel {
            id: id.clone(),
            rel_type,
            target,
        });
        id
    }

    /// Add a relationship with a caller-chosen id.
    ///
    /// # Panics
    /// If `owner` names no part added so far.
    pub fn push_rel(&mut self, owner: &str, rel: Rel) {
        self.rels_mut(owner).push(rel);
    }

    /// An external hyperlink relationship from `owner`; returns the id for `w:hyperlink r:id`.
    pub fn add_hyperlink(&mut self, owner: &str, url: &str) -> String {
        self.add_rel(owner, RelType::Hyperlink, Target::External(url.to_string()))
    }

    /// An external (linked, not embedded) image; returns the id for `a:blip r:link`.
    pub fn add_linked_image(&mut self, owner: &str, url: &str) -> String {
        self.add_rel(owner, RelType::Image, Target::External(url.to_string()))
    }

    /// Store the part `name` under another zip entry name (e.g. different case).
    ///
    /// # Panics
    /// If `name` names no part added so far.
    pub fn set_zip_name(&mut self, name: &str, zip_name: &str) -> &mut Self {
        let part = self.part_mut(name);
        part.zip_name = Some(zip_name.to_string());
        self
    }

    /// Replace the target of every relationship to the part `name` with a verbatim one.
    pub fn set_raw_target(&mut self, name: &str, raw: &str) -> &mut Self {
        let rels = self
            .main_rels
            .iter_mut()
            .chain(self.parts.iter_mut().flat_map(|p| p.rels.iter_mut()));
        for rel in rels {
            if rel.target == Target::Part(name.to_string()) {
                rel.target = Target::Raw(raw.to_string());
            }
        }
        self
    }

    /// Add an arbitrary zip entry with arbitrary bytes (hostile tests). It is not listed in
    /// `[Content_Types].xml` and nothing relates to it.
    pub fn raw_entry(&mut self, name: &str, bytes: &[u8]) -> &mut Self {
        self.raw.push((name.to_string(), bytes.to_vec()));
        self
    }

    fn part_mut(&mut self, name: &str) -> &mut Part {
        let name = name.trim_start_matches('/');
        match self.parts.iter_mut().find(|p| p.name == name) {
            Some(p) => p,
            None => panic!("synth: no part named {name:?}"),
        }
    }

    fn rels_mut(&mut self, owner: &str) -> &mut Vec<Rel> {
        if owner == Self::MAIN || owner.trim_start_matches('/') == self.main_path {
            &mut self.main_rels
        } else {
            &mut self.part_mut(owner).rels
        }
    }

    /// Build the package.
    ///
    /// # Panics
    /// If two entries have the same zip name (the `zip` crate refuses duplicates).
    pub fn to_bytes(&self) -> Vec<u8> {
        match self.try_to_bytes() {
            Ok(b) => b,
            Err(e) => panic!("synth: cannot write package: {e}"),
        }
    }

    /// Build the package, returning the zip writer's error instead of panicking.
    pub fn try_to_bytes(&self) -> zip::result::ZipResult<Vec<u8>> {
        let mut entries: Vec<(String, Vec<u8>, Compression)> = Vec::new();
        let xml = self.xml_compression;
        if !self.omit_content_types {
            entries.push((
                "[Content_Types].xml".into(),
                self.content_types().into_bytes(),
                xml,
            ));
        }
        if !self.omit_root_rels {
            entries.push(("_rels/.rels".into(), self.root_rels().into_bytes(), xml));
        }
        if let Some(core) = &self.core {
            entries.push(("docProps/core.xml".into(), core_xml(core).into_bytes(), xml));
        }
        if let Some(app) = &self.app {
            let x = app_xml(app, self.flavor);
            entries.push(("docProps/app.xml".into(), x.into_bytes(), xml));
        }
        if !self.custom.is_empty() {
            let x = custom_xml(&self.custom);
            entries.push(("docProps/custom.xml".into(), x.into_bytes(), xml));
        }
        let main_xml = self.w_part("document", &format!("<w:body>{}</w:body>", self.body));
        let main_zip = self.main_zip_name.as_ref().unwrap_or(&self.main_path);
        entries.push((main_zip.clone(), main_xml.into_bytes(), xml));
        if !self.main_rels.is_empty() {
            let rels = self.rels_xml(&self.main_path, &self.main_rels);
            entries.push((rels_name(main_zip), rels.into_bytes(), xml));
        }
        for part in &self.parts {
            let zip_name = part.zip_name.as_ref().unwrap_or(&part.name);
            let (bytes, compression) = match &part.content {
                Content::W { root, inner } => (self.w_part(root, inner).into_bytes(), xml),
                Content::Bytes(b) => (b.clone(), self.media_compression),
            };
            entries.push((zip_name.clone(), bytes, compression));
            if !part.rels.is_empty() {
                let rels = self.rels_xml(&part.name, &part.rels);
                entries.push((rels_name(zip_name), rels.into_bytes(), xml));
            }
        }
        for (name, bytes) in &self.raw {
            entries.push((name.clone(), bytes.clone(), xml));
        }

        let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
        let time = DateTime::default(); // 1980-01-01 00:00:00, as Word writes
        for (name, bytes, compression) in entries {
            let options = SimpleFileOptions::default()
                .compression_method(compression.method())
                .last_modified_time(time)
                .unix_permissions(0o644);
            zip.start_file(name, options)?;
            zip.write_all(&bytes)?;
        }
        Ok(zip.finish()?.into_inner())
    }

    /// A WordprocessingML part: root element with namespace declarations around `inner`.
    fn w_part(&self, root: &str, inner: &str) -> String {
        let f = self.flavor;
        let (qname, wdecl) = match &self.w_prefix {
            WPrefix::Prefix(p) => (format!("{p}:{root}"), format!("xmlns:{p}=\"{}\"", f.w())),
            WPrefix::Default => (
                root.to_string(),
                format!("xmlns=\"{w}\" xmlns:w=\"{w}\"", w = f.w()),
            ),
        };
        let mut inner = rename_w_prefix(inner, &self.w_prefix);
        if f == Flavor::Strict {
            inner = inner.replace(Flavor::Transitional.pic(), f.pic());
        }
        format!(
            "{XML_DECL}<{qname} {wdecl} xmlns:r=\"{r}\" xmlns:wp=\"{wp}\" xmlns:a=\"{a}\" \
             xmlns:pic=\"{pic}\" xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
             xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" \
             xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
             xmlns:w10=\"urn:schemas-microsoft-com:office:word\" \
             xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
             xmlns:wp14=\"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing\" \
             mc:Ignorable=\"w14 wp14\">{inner}</{qname}>",
            r = f.r(),
            wp = f.wp(),
            a = f.a(),
            pic = f.pic(),
        )
    }

    fn content_types(&self) -> String {
        let mut x = String::from(XML_DECL);
        x.push_str(
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
        );
        for (ext, ct) in DEFAULTS {
            x.push_str(&format!(
                "<Default Extension=\"{ext}\" ContentType=\"{ct}\"/>"
            ));
        }
        let mut over = |name: &str, ct: &str| {
            x.push_str(&format!(
                "<Override PartName=\"/{}\" ContentType=\"{}\"/>",
                snippets::esc(name),
                snippets::esc(ct)
            ));
        };
        over(&self.main_path, &self.main_content_type);
        for part in &self.parts {
            if let Some(ct) = &part.content_type {
                over(&part.name, ct);
            }
        }
        if self.core.is_some() {
            over("docProps/core.xml", CT_CORE);
        }
        if self.app.is_some() {
            over("docProps/app.xml", CT_APP);
        }
        if !self.custom.is_empty() {
            over("docProps/custom.xml", CT_CUSTOM);
        }
        x.push_str("</Types>");
        x
    }

    fn root_rels(&self) -> String {
        let main = match &self.main_target {
            Some(t) => Target::Raw(t.clone()),
            None => Target::Part(self.main_path.clone()),
        };
        let mut rels = vec![Rel {
            id: "rId1".into(),
            rel_type: RelType::OfficeDocument,
            target: main,
        }];
        if self.core.is_some() {
            rels.push(Rel {
                id: "rId2".into(),
                rel_type: RelType::CoreProperties,
                target: Target::Part("docProps/core.xml".into()),
            });
        }
        if self.app.is_some() {
            rels.push(Rel {
                id: "rId3".into(),
                rel_type: RelType::ExtendedProperties,
                target: Target::Part("docProps/app.xml".into()),
            });
        }
        if !self.custom.is_empty() {
            rels.push(Rel {
                id: "rId4".into(),
                rel_type: RelType::CustomProperties,
                target: Target::Part("docProps/custom.xml".into()),
            });
        }
        self.rels_xml("", &rels)
    }

    fn rels_xml(&self, source: &str, rels: &[Rel]) -> String {
        let mut x = String::from(XML_DECL);
        x.push_str(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
        );
        for rel in rels {
            let (target, external) = match &rel.target {
                Target::Part(name) => (relative_target(source, name), false),
                Target::Raw(t) => (t.clone(), false),
                Target::External(url) => (url.clone(), true),
            };
            x.push_str(&format!(
                "<Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"{}/>",
                snippets::esc(&rel.id),
                snippets::esc(&rel.rel_type.uri(self.flavor)),
                snippets::esc(&target),
                if external {
                    " TargetMode=\"External\""
                } else {
                    ""
                }
            ));
        }
        x.push_str("</Relationships>");
        x
    }
}

const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// `word/document.xml` -> `word/_rels/document.xml.rels`.
fn rels_name(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The target of a relationship from part `source` to part `target`, relative to the
/// source's folder (`""` is the package root).
pub fn relative_target(source: &str, target: &str) -> String {
    let from: Vec<&str> = match source.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    let to: Vec<&str> = target.split('/').collect();
    let common = from
        .iter()
        .zip(&to[..to.len() - 1])
        .take_while(|(a, b)| a == b)
        .count();
    let mut out = "../".repeat(from.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

/// Rename the `w:` prefix of element and attribute names in `xml` (text, comments, CDATA and
/// attribute values are left alone). With [`WPrefix::Default`] elements lose the prefix and
/// attributes keep `w:`.
pub fn rename_w_prefix(xml: &str, prefix: &WPrefix) -> String {
    let (element, attribute) = match prefix {
        WPrefix::Prefix(p) if p == "w" => return xml.to_string(),
        WPrefix::Prefix(p) => (format!("{p}:"), format!("{p}:")),
        WPrefix::Default => (String::new(), "w:".to_string()),
    };
    let mut out = String::with_capacity(xml.len() + xml.len() / 8);
    let mut rest = xml;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let special = [("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>")];
        if let Some((_, close)) = special.iter().find(|(open, _)| rest.starts_with(open)) {
            let end = rest.find(close).map_or(rest.len(), |i| i + close.len());
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        // A start or end tag: `<`, optional `/`, the name, attributes, `>`.
        let mut chars = rest.char_indices().skip(1).peekable();
        out.push('<');
        let mut at_name = true;
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            if at_name {
                if c == '/' && i == 1 {
                    out.push('/');
                    continue;
                }
                at_name = false;
                let is_element = out.ends_with('<') || out.ends_with("</");
                if rest[i..].starts_with("w:") {
                    out.push_str(if is_element { &element } else { &attribute });
                    chars.next();
                    continue;
                }
            }
            match c {
                '>' => {
                    out.push('>');
                    end = i + 1;
                    break;
                }
                '"' | '\'' => {
                    let close = rest[i + 1..].find(c).map_or(rest.len(), |j| i + 1 + j);
                    out.push_str(&rest[i..=close.min(rest.len() - 1)]);
                    while chars.peek().is_some_and(|(j, _)| *j <= close) {
                        chars.next();
                    }
                }
                c if c.is_whitespace() => {
                    out.push(c);
                    at_name = true;
                }
                c => out.push(c),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn core_xml(c: &Core) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str(
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">",
    );
    let fields = [
        ("dc:title", &c.title, ""),
        ("dc:subject", &c.subject, ""),
        ("dc:creator", &c.creator, ""),
        ("cp:keywords", &c.keywords, ""),
        ("dc:description", &c.description, ""),
        ("cp:lastModifiedBy", &c.last_modified_by, ""),
        ("cp:revision", &c.revision, ""),
        (
            "dcterms:created",
            &c.created,
            " xsi:type=\"dcterms:W3CDTF\"",
        ),
        (
            "dcterms:modified",
            &c.modified,
            " xsi:type=\"dcterms:W3CDTF\"",
        ),
        ("cp:category", &c.category, ""),
        ("cp:contentStatus", &c.content_status, ""),
        ("dc:language", &c.language, ""),
    ];
    for (tag, value, attrs) in fields {
        if let Some(v) = value {
            x.push_str(&format!("<{tag}{attrs}>{}</{tag}>", snippets::esc(v)));
        }
    }
    x.push_str("</cp:coreProperties>");
    x
}

fn app_xml(a: &App, flavor: Flavor) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str(&format!(
        "<Properties xmlns=\"{}\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
        flavor.extended_properties()
    ));
    let numbers = [
        ("TotalTime", a.total_time),
        ("Pages", a.pages),
        ("Words", a.words),
        ("Characters", a.characters),
        ("Lines", a.lines),
        ("Paragraphs", a.paragraphs),
        ("CharactersWithSpaces", a.characters_with_spaces),
        ("DocSecurity", a.doc_security),
    ];
    let strings = [
        ("Template", &a.template),
        ("Application", &a.application),
        ("Company", &a.company),
        ("Manager", &a.manager),
        ("HyperlinkBase", &a.hyperlink_base),
    ];
    for (tag, value) in strings {
        if let Some(v) = value {
            x.push_str(&format!("<{tag}>{}</{tag}>", snippets::esc(v)));
        }
    }
    for (tag, value) in numbers {
        if let Some(v) = value {
            x.push_str(&format!("<{tag}>{v}</{tag}>"));
        }
    }
    if let Some(v) = &a.app_version {
        x.push_str(&format!("<AppVersion>{}</AppVersion>", snippets::esc(v)));
    }
    x.push_str("</Properties>");
    x
}

fn custom_xml(props: &[CustomProp]) -> String {
    let mut x = String::from(XML_DECL);
    x.push_str(
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
    );
    for (pid, p) in (2..).zip(props) {
        x.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{pid}\" name=\"{}\"><vt:{vt}>{}</vt:{vt}></property>",
            snippets::esc(&p.name),
            snippets::esc(&p.value),
            vt = p.vt,
        ));
    }
    x.push_str("</Properties>");
    x
}

/// A minimal Excel workbook (.xlsx): `shared` as its shared strings, and each sheet's name with
/// the inner XML of its `sheetData` (`<row r="1"><c r="A1" t="s"><v>0</v></c></row>`).
pub fn xlsx(shared: &[&str], sheets: &[(&str, &str)]) -> Vec<u8> {
    const S: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const CT: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    let rel = |id: usize, kind: &str, target: &str| {
        format!(r#"<Relationship Id="rId{id}" Type="{R}/{kind}" Target="{target}"/>"#)
    };
    let mut types = format!(
        r#"{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="{CT}.sharedStrings+xml"/>"#
    );
    let mut sheet_list = String::new();
    let mut workbook_rels = rel(1, "sharedStrings", "sharedStrings.xml");
    let mut entries = vec![(
        "_rels/.rels".to_owned(),
        format!(
            r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>"#,
            rel(1, "officeDocument", "xl/workbook.xml")
        ),
    )];
    for (i, (name, data)) in sheets.iter().enumerate() {
        let n = i + 1;
        types += &format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{CT}.worksheet+xml"/>"#
        );
        sheet_list += &format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{}"/>"#,
            n + 1
        );
        workbook_rels += &rel(n + 1, "worksheet", &format!("worksheets/sheet{n}.xml"));
        entries.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(
                r#"{XML_DECL}<worksheet xmlns="{S}"><sheetData>{data}</sheetData></worksheet>"#
            ),
        ));
    }
    types += "</Types>";
    let strings: String = shared
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    entries.extend([
        ("[Content_Types].xml".to_owned(), types),
        (
            "xl/workbook.xml".to_owned(),
            format!(r#"{XML_DECL}<workbook xmlns="{S}" xmlns:r="{R}"><sheets>{sheet_list}</sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels".to_owned(),
            format!(
                r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{workbook_rels}</Relationships>"#
            ),
        ),
        (
            "xl/sharedStrings.xml".to_owned(),
            format!(r#"{XML_DECL}<sst xmlns="{S}" count="{0}" uniqueCount="{0}">{strings}</sst>"#, shared.len()),
        ),
    ]);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, text) in entries {
        zip.start_file(name, options)
            .expect("a new entry in memory");
        zip.write_all(text.as_bytes()).expect("writes to memory");
    }
    zip.finish().expect("an archive in memory").into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_targets() {
        assert_eq!(
            relative_target("word/document.xml", "word/media/image1.png"),
            "media/image1.png"
        );
        assert_eq!(
            relative_target("word/document.xml", "word/styles.xml"),
            "styles.xml"
        );
        assert_eq!(
            relative_target("word/document.xml", "customXml/item1.xml"),
            "../customXml/item1.xml"
        );
        assert_eq!(
            relative_target("", "word/document.xml"),
            "word/document.xml"
        );
    }

    #[test]
    fn prefix_renaming() {
        let x = r#"<w:p w:rsidR="1"><w:r><w:t xml:space="preserve">w:t a&lt;w:b</w:t></w:r><w14:x w:val='a>w:b'/><!-- <w:p> --></w:p>"#;
        assert_eq!(
            rename_w_prefix(x, &WPrefix::Prefix("ns0".into())),
            r#"<ns0:p ns0:rsidR="1"><ns0:r><ns0:t xml:space="preserve">w:t a&lt;w:b</ns0:t></ns0:r><w14:x ns0:val='a>w:b'/><!-- <w:p> --></ns0:p>"#
        );
        assert_eq!(
            rename_w_prefix(x, &WPrefix::Default),
            r#"<p w:rsidR="1"><r><t xml:space="preserve">w:t a&lt;w:b</t></r><w14:x w:val='a>w:b'/><!-- <w:p> --></p>"#
        );
    }
}
