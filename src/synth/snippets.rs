//! Builders for common WordprocessingML snippets, written as Word writes them.
//!
//! Every function returns XML text with the `w:` prefix; [`super::Docx`] renames it when
//! asked. Text arguments are escaped; arguments named `*_xml` or `inner` are inserted as is.

/// Escape text for element content and attribute values.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// `<w:t>`, with `xml:space="preserve"` when the text starts or ends with white space.
pub fn t(text: &str) -> String {
    let edge = |c: Option<char>| c.is_some_and(char::is_whitespace);
    if edge(text.chars().next()) || edge(text.chars().last()) {
        format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(text))
    } else {
        format!("<w:t>{}</w:t>", esc(text))
    }
}

/// A run with text.
pub fn run(text: &str) -> String {
    format!("<w:r>{}</w:r>", t(text))
}

/// A run with run properties (`rpr_inner` is the content of `w:rPr`, e.g. `<w:b/>`) and text.
pub fn run_rpr(rpr_inner: &str, text: &str) -> String {
    format!("<w:r><w:rPr>{rpr_inner}</w:rPr>{}</w:r>", t(text))
}

/// A paragraph around `inner` (runs, bookmarks, links...).
pub fn p(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

/// A paragraph with a paragraph style id.
pub fn p_style(style_id: &str, inner: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>{inner}</w:p>",
        esc(style_id)
    )
}

/// A paragraph with an optional style and one run of text (no run when `text` is empty).
pub fn p_text(style_id: Option<&str>, text: &str) -> String {
    let inner = if text.is_empty() {
        String::new()
    } else {
        run(text)
    };
    match style_id {
        Some(s) => p_style(s, &inner),
        None => p(&inner),
    }
}

/// A list paragraph: `w:numPr` with `w:ilvl` and `w:numId`, optional style, one run.
pub fn p_list(style_id: Option<&str>, num_id: u32, ilvl: u32, text: &str) -> String {
    let style = style_id.map_or(String::new(), |s| {
        format!("<w:pStyle w:val=\"{}\"/>", esc(s))
    });
    format!(
        "<w:p><w:pPr>{style}<w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"{num_id}\"/></w:numPr></w:pPr>{}</w:p>",
        run(text)
    )
}

/// `w:bookmarkStart`.
pub fn bookmark_start(id: u32, name: &str) -> String {
    format!("<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/>", esc(name))
}

/// `w:bookmarkEnd`.
pub fn bookmark_end(id: u32) -> String {
    format!("<w:bookmarkEnd w:id=\"{id}\"/>")
}

/// An external hyperlink (`r:id` of a hyperlink relationship) around runs.
pub fn hyperlink(rid: &str, runs_xml: &str) -> String {
    format!(
        "<w:hyperlink r:id=\"{}\" w:history=\"1\">{runs_xml}</w:hyperlink>",
        esc(rid)
    )
}

/// An internal hyperlink to a bookmark around runs.
pub fn hyperlink_anchor(anchor: &str, runs_xml: &str) -> String {
    format!(
        "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">{runs_xml}</w:hyperlink>",
        esc(anchor)
    )
}

/// A run holding one `w:fldChar` (`begin`, `separate` or `end`).
pub fn fld_char(kind: &str) -> String {
    format!("<w:r><w:fldChar w:fldCharType=\"{kind}\"/></w:r>")
}

/// A run holding a field instruction.
pub fn instr_text(instr: &str) -> String {
    format!(
        "<w:r><w:instrText xml:space=\"preserve\">{}</w:instrText></w:r>",
        esc(instr)
    )
}

/// A complex field: begin, instruction, separate, the result runs, end.
pub fn field(instr: &str, result_xml: &str) -> String {
    field_xml(&instr_text(&format!(" {instr} ")), result_xml)
}

/// A complex field whose instruction is given as runs (so it can hold a nested field).
pub fn field_xml(instr_xml: &str, result_xml: &str) -> String {
    format!(
        "{}{instr_xml}{}{result_xml}{}",
        fld_char("begin"),
        fld_char("separate"),
        fld_char("end")
    )
}

/// `w:fldSimple` with its result runs.
pub fn fld_simple(instr: &str, result_xml: &str) -> String {
    format!(
        "<w:fldSimple w:instr=\" {} \">{result_xml}</w:fldSimple>",
        esc(instr)
    )
}

/// A picture for [`inline_picture`] and [`anchor_picture`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The relationship id of the image.
    pub rid: String,
    /// `true`: `a:blip r:link` (external, linked image); `false`: `r:embed`.
    pub linked: bool,
    /// `wp:docPr/@id`, unique in the document.
    pub id: u32,
    /// `wp:docPr/@name`, e.g. `IMG_256`, `图片 3`.
    pub name: String,
    /// `wp:docPr/@descr` (alt text).
    pub descr: Option<String>,
    /// `wp:docPr/@title`.
    pub title: Option<String>,
    /// Extent in EMU (914400 per inch).
    pub cx: u64,
    pub cy: u64,
}

impl Picture {
    /// An embedded picture of 4 x 3 inches.
    pub fn new(rid: &str, id: u32, name: &str) -> Self {
        Picture {
            rid: rid.to_string(),
            linked: false,
            id,
            name: name.to_string(),
            descr: None,
            title: None,
            cx: 3_657_600,
            cy: 2_743_200,
        }
    }
    pub fn descr(mut self, descr: &str) -> Self {
        self.descr = Some(descr.to_string());
        self
    }
    pub fn title(mut self, title: &str) -> Self {
        self.title = Some(title.to_string());
        self
    }
    pub fn size(mut self, cx: u64, cy: u64) -> Self {
        self.cx = cx;
        self.cy = cy;
        self
    }
    pub fn linked(mut self) -> Self {
        self.linked = true;
        self
    }

    fn doc_pr(&self) -> String {
        let mut attrs = format!("id=\"{}\" name=\"{}\"", self.id, esc(&self.name));
        if let Some(d) = &self.descr {
            attrs.push_str(&format!(" descr=\"{}\"", esc(d)));
        }
        if let Some(t) = &self.title {
            attrs.push_str(&format!(" title=\"{}\"", esc(t)));
        }
        format!("<wp:docPr {attrs}/>")
    }

    fn graphic(&self) -> String {
        let blip = if self.linked {
            format!("<a:blip r:link=\"{}\"/>", esc(&self.rid))
        } else {
            format!("<a:blip r:embed=\"{}\"/>", esc(&self.rid))
        };
        format!(
            "<wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
             <pic:pic><pic:nvPicPr><pic:cNvPr id=\"0\" name=\"{name}\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill>{blip}<a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>",
            name = esc(&self.name),
            cx = self.cx,
            cy = self.cy,
        )
    }
}

/// A run holding an inline DrawingML picture (`w:drawing/wp:inline`).
pub fn inline_picture(pic: &Picture) -> String {
    format!(
        "<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{}\" cy=\"{}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/>{}{}</wp:inline></w:drawing></w:r>",
        pic.cx,
        pic.cy,
        pic.doc_pr(),
        pic.graphic()
    )
}

/// A run holding a floating DrawingML picture (`w:drawing/wp:anchor`, square wrapping).
pub fn anchor_picture(pic: &Picture) -> String {
    format!(
        "<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:anchor distT=\"0\" distB=\"0\" distL=\"114300\" distR=\"114300\" \
         simplePos=\"0\" relativeHeight=\"251658240\" behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\">\
         <wp:simplePos x=\"0\" y=\"0\"/><wp:positionH relativeFrom=\"column\"><wp:posOffset>1905000</wp:posOffset></wp:positionH>\
         <wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>127000</wp:posOffset></wp:positionV>\
         <wp:extent cx=\"{}\" cy=\"{}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:wrapSquare wrapText=\"bothSides\"/>\
         {}{}</wp:anchor></w:drawing></w:r>",
        pic.cx,
        pic.cy,
        pic.doc_pr(),
        pic.graphic()
    )
}

/// A run holding a VML picture (`w:pict/v:shape/v:imagedata r:id o:title`), size in points.
pub fn vml_picture(rid: &str, title: &str, width_pt: u32, height_pt: u32) -> String {
    format!(
        "<w:r><w:pict><v:shape id=\"_x0000_i1025\" type=\"#_x0000_t75\" style=\"width:{width_pt}pt;height:{height_pt}pt\" o:title=\"{t}\">\
         <v:imagedata r:id=\"{}\" o:title=\"{t}\"/></v:shape></w:pict></w:r>",
        esc(rid),
        t = esc(title),
    )
}

/// A run holding a text box as Word 2010+ writes it: `mc:AlternateContent` with a DrawingML
/// shape (`wps:txbx/w:txbxContent`) in the Choice and a VML `v:textbox` Fallback holding the
/// same block content (`blocks_xml`: paragraphs and tables).
pub fn text_box(id: u32, blocks_xml: &str) -> String {
    format!(
        "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>\
         <wp:anchor distT=\"45720\" distB=\"45720\" distL=\"114300\" distR=\"114300\" simplePos=\"0\" relativeHeight=\"251659264\" \
         behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\"><wp:simplePos x=\"0\" y=\"0\"/>\
         <wp:positionH relativeFrom=\"column\"><wp:posOffset>0</wp:posOffset></wp:positionH>\
         <wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>0</wp:posOffset></wp:positionV>\
         <wp:extent cx=\"2360930\" cy=\"1404620\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:wrapSquare wrapText=\"bothSides\"/>\
         <wp:docPr id=\"{id}\" name=\"Text Box {id}\"/><wp:cNvGraphicFramePr/>\
         <a:graphic><a:graphicData uri=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\">\
         <wps:wsp><wps:cNvSpPr txBox=\"1\"/><wps:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"2360930\" cy=\"1404620\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></wps:spPr>\
         <wps:txbx><w:txbxContent>{blocks_xml}</w:txbxContent></wps:txbx><wps:bodyPr rot=\"0\" vert=\"horz\"/></wps:wsp>\
         </a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>\
         <mc:Fallback><w:pict><v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"/>\
         <v:shape id=\"Text Box {id}\" o:spid=\"_x0000_s{spid}\" type=\"#_x0000_t202\" style=\"position:absolute;width:185.9pt;height:110.6pt\">\
         <v:textbox><w:txbxContent>{blocks_xml}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
        spid = 1025 + id,
    )
}

/// A section's properties: header and footer references (`(type, rId)`, type `default`,
/// `first` or `even`), Letter page size and margins.
pub fn sect_pr(headers: &[(&str, &str)], footers: &[(&str, &str)]) -> String {
    let mut x = String::from("<w:sectPr>");
    for (kind, rid) in headers {
        x.push_str(&format!(
            "<w:headerReference w:type=\"{kind}\" r:id=\"{}\"/>",
            esc(rid)
        ));
    }
    for (kind, rid) in footers {
        x.push_str(&format!(
            "<w:footerReference w:type=\"{kind}\" r:id=\"{}\"/>",
            esc(rid)
        ));
    }
    x.push_str(
        "<w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" \
         w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:cols w:space=\"720\"/></w:sectPr>",
    );
    x
}

/// A table with a grid (column widths in twips) around rows.
pub fn tbl(widths: &[u32], rows_xml: &str) -> String {
    let grid: String = widths
        .iter()
        .map(|w| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>\
         <w:tblGrid>{grid}</w:tblGrid>{rows_xml}</w:tbl>"
    )
}

/// A table row; `trpr_inner` is the content of `w:trPr` (e.g. `<w:tblHeader/>`), may be empty.
pub fn tr(trpr_inner: &str, cells_xml: &str) -> String {
    if trpr_inner.is_empty() {
        format!("<w:tr>{cells_xml}</w:tr>")
    } else {
        format!("<w:tr><w:trPr>{trpr_inner}</w:trPr>{cells_xml}</w:tr>")
    }
}

/// A table cell; `tcpr_inner` is the content of `w:tcPr` (e.g. `<w:gridSpan w:val="2"/>`).
/// A cell must end with a paragraph; `blocks_xml` is the cell's content.
pub fn tc(tcpr_inner: &str, blocks_xml: &str) -> String {
    format!("<w:tc><w:tcPr>{tcpr_inner}</w:tcPr>{blocks_xml}</w:tc>")
}

/// A footnote or endnote (`kind` is `footnote` or `endnote`) holding one paragraph that starts
/// with the note's own reference mark.
pub fn note(kind: &str, id: i32, text: &str) -> String {
    let style = if kind == "footnote" {
        "FootnoteText"
    } else {
        "EndnoteText"
    };
    let reference = if kind == "footnote" {
        "FootnoteReference"
    } else {
        "EndnoteReference"
    };
    format!(
        "<w:{kind} w:id=\"{id}\"><w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>\
         <w:r><w:rPr><w:rStyle w:val=\"{reference}\"/></w:rPr><w:{kind}Ref/></w:r>{}</w:p></w:{kind}>",
        run(&format!(" {text}"))
    )
}

/// The separator and continuation-separator entries Word writes first in footnotes.xml and
/// endnotes.xml (`kind` is `footnote` or `endnote`).
pub fn note_separators(kind: &str) -> String {
    format!(
        "<w:{kind} w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:r><w:separator/></w:r></w:p></w:{kind}>\
         <w:{kind} w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>"
    )
}

/// A run holding a footnote reference (`kind` `footnote`) or endnote reference (`endnote`).
pub fn note_reference(kind: &str, id: i32) -> String {
    let style = if kind == "footnote" {
        "FootnoteReference"
    } else {
        "EndnoteReference"
    };
    format!(
        "<w:r><w:rPr><w:rStyle w:val=\"{style}\"/></w:rPr><w:{kind}Reference w:id=\"{id}\"/></w:r>"
    )
}

/// A paragraph style: `id`, display `name`, optional `basedOn`, `pPr` and `rPr` inner XML.
pub fn para_style(id: &str, name: &str, based_on: Option<&str>, ppr: &str, rpr: &str) -> String {
    let mut x = format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
        esc(id),
        esc(name)
    );
    if let Some(b) = based_on {
        x.push_str(&format!("<w:basedOn w:val=\"{}\"/>", esc(b)));
    }
    x.push_str("<w:qFormat/>");
    if !ppr.is_empty() {
        x.push_str(&format!("<w:pPr>{ppr}</w:pPr>"));
    }
    if !rpr.is_empty() {
        x.push_str(&format!("<w:rPr>{rpr}</w:rPr>"));
    }
    x.push_str("</w:style>");
    x
}

/// Document defaults and the `Normal` paragraph style (id `normal_id`, which Word localizes,
/// e.g. `a` in Chinese Word), with East Asian fonts.
pub fn base_styles(normal_id: &str) -> String {
    format!(
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme=\"minorHAnsi\" w:eastAsiaTheme=\"minorEastAsia\" \
         w:hAnsiTheme=\"minorHAnsi\" w:cstheme=\"minorBidi\"/><w:kern w:val=\"2\"/><w:sz w:val=\"21\"/>\
         <w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault/></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"{id}\"><w:name w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/>\
         <w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
        id = esc(normal_id)
    )
}

/// A run holding ruby text: `base` with the annotation `annotation` above it.
pub fn ruby(base: &str, annotation: &str) -> String {
    format!(
        "<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val=\"distributeSpace\"/><w:hps w:val=\"10\"/>\
         <w:hpsRaise w:val=\"18\"/><w:hpsBaseText w:val=\"21\"/><w:lid w:val=\"zh-CN\"/></w:rubyPr>\
         <w:rt><w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/><w:sz w:val=\"10\"/></w:rPr>{}</w:r></w:rt>\
         <w:rubyBase><w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr>{}</w:r></w:rubyBase></w:ruby></w:r>",
        t(annotation),
        t(base)
    )
}
