//! Structure-aware: valid ZIP packages with a random list of parts, each part XML built from
//! the OOXML element vocabulary docxtract reads (paragraphs, runs, tables, fields, links,
//! bookmarks, notes, comments, drawings, tracked changes, content controls, math, VML),
//! with attribute values that matter (field types, ids, styles, hostile strings). Random bytes
//! rarely get past the ZIP and XML layers; these inputs exercise the story reader and writers.
#![no_main]

use std::io::Write;
use std::time::Duration;

use docxtract::write::write;
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

mod common;

const ELEMENTS: &[&str] = &[
    "w:p",
    "w:r",
    "w:t",
    "w:pPr",
    "w:rPr",
    "w:pStyle",
    "w:rStyle",
    "w:numPr",
    "w:ilvl",
    "w:numId",
    "w:tbl",
    "w:tr",
    "w:tc",
    "w:tcPr",
    "w:gridSpan",
    "w:vMerge",
    "w:trPr",
    "w:tblHeader",
    "w:hyperlink",
    "w:bookmarkStart",
    "w:bookmarkEnd",
    "w:fldChar",
    "w:instrText",
    "w:fldSimple",
    "w:footnoteReference",
    "w:endnoteReference",
    "w:commentRangeStart",
    "w:commentRangeEnd",
    "w:commentReference",
    "w:ins",
    "w:del",
    "w:delText",
    "w:moveFrom",
    "w:moveTo",
    "w:sdt",
    "w:sdtPr",
    "w:sdtContent",
    "w:smartTag",
    "w:customXml",
    "w:drawing",
    "wp:inline",
    "wp:anchor",
    "wp:docPr",
    "a:graphic",
    "a:graphicData",
    "pic:pic",
    "pic:blipFill",
    "a:blip",
    "w:tab",
    "w:br",
    "w:cr",
    "w:sym",
    "w:noBreakHyphen",
    "w:softHyphen",
    "w:txbxContent",
    "w:pict",
    "v:shape",
    "v:textbox",
    "v:imagedata",
    "mc:AlternateContent",
    "mc:Choice",
    "mc:Fallback",
    "m:oMathPara",
    "m:oMath",
    "m:r",
    "m:t",
    "m:f",
    "m:num",
    "m:den",
    "m:sSup",
    "m:e",
    "m:sup",
    "m:rad",
    "m:nary",
    "w:style",
    "w:name",
    "w:basedOn",
    "w:abstractNum",
    "w:lvl",
    "w:lvlText",
    "w:numFmt",
    "w:start",
    "w:num",
    "w:abstractNumId",
    "w:lvlOverride",
    "w:startOverride",
    "w:footnote",
    "w:endnote",
    "w:comment",
    "w:altChunk",
    "w:object",
    "w:vanish",
    "w:webHidden",
    "w:b",
    "w:i",
    "w:strike",
    "w:u",
    "w:vertAlign",
    "w:rFonts",
    "w:sectPr",
    "w:headerReference",
    "w:footerReference",
    "w:ruby",
    "w:rt",
    "w:rubyBase",
    "w:outlineLvl",
    "w:dir",
    "w:bdo",
    "w:checkBox",
    "w14:checkbox",
    "w:ffData",
    "w:body",
    "x:foreign",
    "w:document",
];

const ATTRIBUTES: &[&str] = &[
    "w:val",
    "w:id",
    "w:name",
    "r:id",
    "r:embed",
    "r:link",
    "w:fldCharType",
    "w:instr",
    "w:type",
    "w:anchor",
    "w:styleId",
    "w:author",
    "w:date",
    "descr",
    "title",
    "name",
    "id",
    "w:ilvl",
    "w:numId",
    "w:abstractNumId",
    "w:char",
    "w:font",
    "xml:space",
    "Requires",
    "w:fldLock",
    "w:dirty",
    "xmlns:x",
    "xmlns:w",
    "w:hint",
    "w:ascii",
    "w:initials",
];

const VALUES: &[&str] = &[
    "0",
    "1",
    "2",
    "3",
    "-1",
    "4294967296",
    "begin",
    "separate",
    "end",
    "Heading1",
    "Title",
    "decimal",
    "lowerRoman",
    "upperLetter",
    "bullet",
    "chineseCounting",
    "ordinal",
    "%1.",
    "%1.%2.",
    "(%3)",
    "HYPERLINK \"http://example.com/a\"",
    "HYPERLINK \\l \"_Toc1\"",
    "REF _Toc1 \\h",
    "PAGEREF _Ref2 \\h",
    "SEQ Figure \\* ARABIC",
    "DATE \\@ \"yyyy\"",
    "MERGEFIELD name",
    "FORMCHECKBOX",
    "rId1",
    "rId2",
    "rId3",
    "rId9",
    "restart",
    "continue",
    "page",
    "true",
    "false",
    "preserve",
    "_Toc1",
    "_Ref2",
    "_GoBack",
    "javascript:alert(1)",
    "=HYPERLINK(\"x\")",
    "\u{1b}[2J",
    "中文",
    "Wingdings",
    "F0A7",
    "urn:not-word",
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wps",
    "2024-01-01T00:00:00Z",
];

const TEXTS: &[&str] = &[
    "text",
    " spaced ",
    "",
    "中文标题",
    "\t",
    "a&amp;b",
    "&lt;&#x4E2D;&#20013;",
    "**bold**",
    "# not a heading",
    "| pipe |",
    "[link](javascript:x)",
    "\u{1b}]0;title\u{7}",
    "=1+1",
    "-2",
    "@SUM(A1)",
    "line\nbreak",
    "x\u{9b}y",
    "😀",
    "١٢٣",
    "<script>",
    "```",
];

#[derive(Arbitrary, Debug)]
struct Node {
    element: u8,
    attributes: Vec<(u8, u8)>,
    text: Option<u8>,
    children: Vec<Node>,
}

#[derive(Arbitrary, Debug)]
enum Kind {
    Styles,
    Numbering,
    Footnotes,
    Endnotes,
    Comments,
    Header,
    Footer,
    Settings,
    Chart,
    Diagram,
    Image,
    Hyperlink,
    AltChunk,
}

#[derive(Arbitrary, Debug)]
struct Part {
    kind: Kind,
    nodes: Vec<Node>,
}

#[derive(Arbitrary, Debug)]
struct Package {
    body: Vec<Node>,
    parts: Vec<Part>,
    compress: bool,
}

fn pick<'a>(list: &[&'a str], i: u8) -> &'a str {
    list[usize::from(i) % list.len()]
}

fn render(node: &Node, out: &mut String, depth: usize) {
    if depth > 40 || out.len() > 256 * 1024 {
        return;
    }
    let name = pick(ELEMENTS, node.element);
    out.push('<');
    out.push_str(name);
    for &(key, value) in node.attributes.iter().take(4) {
        let key = pick(ATTRIBUTES, key);
        let value = pick(VALUES, value)
            .replace('&', "&amp;")
            .replace('"', "&quot;");
        out.push_str(&format!(" {key}=\"{value}\""));
    }
    if node.children.is_empty() && node.text.is_none() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    if let Some(t) = node.text {
        // Text values are already markup-safe (their entities are meant).
        out.push_str(&pick(TEXTS, t).replace('<', "&lt;"));
    }
    for child in node.children.iter().take(16) {
        render(child, out, depth + 1);
    }
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

const NAMESPACES: &str = concat!(
    r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
    r#"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" "#,
    r#"xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" "#,
    r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" "#,
    r#"xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" "#,
    r#"xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" "#,
    r#"xmlns:v="urn:schemas-microsoft-com:vml" "#,
    r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" "#,
    r#"xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" "#,
    r#"xmlns:x="urn:not-word""#,
);

fn xml(root: &str, inner_root: Option<&str>, nodes: &[Node]) -> String {
    let mut out = format!("<?xml version=\"1.0\"?><{root} {NAMESPACES}>");
    if let Some(inner) = inner_root {
        out.push_str(&format!("<{inner}>"));
    }
    for node in nodes.iter().take(64) {
        render(node, &mut out, 0);
    }
    if let Some(inner) = inner_root {
        out.push_str(&format!("</{inner}>"));
    }
    out.push_str(&format!("</{root}>"));
    out
}

fn build(package: &Package) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if package.compress {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    let options = SimpleFileOptions::default().compression_method(method);
    let mut add = |name: &str, bytes: &[u8]| {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    };
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
    let mut rels = String::new();
    let mut overrides = String::new();
    for (i, part) in package.parts.iter().take(12).enumerate() {
        let id = format!("rId{}", i + 1);
        let (rel_type, name, content) = match part.kind {
            Kind::Styles => (
                "styles",
                format!("styles{i}.xml"),
                xml("w:styles", None, &part.nodes),
            ),
            Kind::Numbering => (
                "numbering",
                format!("numbering{i}.xml"),
                xml("w:numbering", None, &part.nodes),
            ),
            Kind::Footnotes => (
                "footnotes",
                format!("footnotes{i}.xml"),
                xml("w:footnotes", None, &part.nodes),
            ),
            Kind::Endnotes => (
                "endnotes",
                format!("endnotes{i}.xml"),
                xml("w:endnotes", None, &part.nodes),
            ),
            Kind::Comments => (
                "comments",
                format!("comments{i}.xml"),
                xml("w:comments", None, &part.nodes),
            ),
            Kind::Header => (
                "header",
                format!("header{i}.xml"),
                xml("w:hdr", None, &part.nodes),
            ),
            Kind::Footer => (
                "footer",
                format!("footer{i}.xml"),
                xml("w:ftr", None, &part.nodes),
            ),
            Kind::Settings => (
                "settings",
                format!("settings{i}.xml"),
                xml("w:settings", None, &part.nodes),
            ),
            Kind::Chart => (
                "chart",
                format!("charts/chart{i}.xml"),
                xml("c:chartSpace", Some("c:chart"), &part.nodes),
            ),
            Kind::Diagram => (
                "diagramData",
                format!("diagrams/data{i}.xml"),
                xml("dgm:dataModel", None, &part.nodes),
            ),
            Kind::Image => (
                "image",
                format!("media/image{i}.png"),
                String::from("\u{89}PNG"),
            ),
            Kind::Hyperlink => {
                rels.push_str(&format!(
                    r#"<Relationship Id="{id}" Type="{REL}hyperlink" Target="javascript:alert({i})" TargetMode="External"/>"#
                ));
                continue;
            }
            Kind::AltChunk => (
                "aFChunk",
                format!("chunk{i}.html"),
                String::from("<html><body><p>chunk &amp; text</p></body></html>"),
            ),
        };
        rels.push_str(&format!(
            r#"<Relationship Id="{id}" Type="{REL}{rel_type}" Target="{name}"/>"#
        ));
        overrides.push_str(&format!(
            r#"<Override PartName="/word/{name}" ContentType="application/xml"/>"#
        ));
        add(&format!("word/{name}"), content.as_bytes());
    }
    add(
        "[Content_Types].xml",
        format!(
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>{overrides}</Types>"#
        )
        .as_bytes(),
    );
    add(
        "_rels/.rels",
        format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}officeDocument" Target="word/document.xml"/></Relationships>"#).as_bytes(),
    );
    add(
        "word/_rels/document.xml.rels",
        format!(r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#).as_bytes(),
    );
    add(
        "word/document.xml",
        xml("w:document", Some("w:body"), &package.body).as_bytes(),
    );
    zip.finish().unwrap().into_inner()
}

fuzz_target!(|package: Package| {
    let bytes = build(&package);
    let mut options = docxtract::Options::default();
    options.timeout = Some(Duration::from_secs(5));
    for track_changes in [
        docxtract::model::TrackChanges::Accept,
        docxtract::model::TrackChanges::Reject,
        docxtract::model::TrackChanges::All,
    ] {
        let mut options = options.clone();
        options.track_changes = track_changes;
        let Ok(doc) = docxtract::from_bytes(&bytes, &options) else {
            continue;
        };
        common::every_output(|format, options| {
            write(&doc, format, options, &mut std::io::sink())
                .expect("a writer failed on io::sink()")
        });
    }
});
