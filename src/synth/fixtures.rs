//! The fixture set: one small package per group of constructs from the OOXML notes, plus the
//! seed newsroom article. `cargo run --example build_fixtures` writes them to `fixtures/`.

use super::snippets::*;
use super::{
    App, Core, CustomProp, Docx, Flavor, RelType, Target, WPrefix, GIF_1X1, JPEG_8X8, PNG_1X1,
};

/// The seed article's Tika-style text, one paragraph per line.
pub const SEED_ARTICLE: &str = include_str!("../../fixtures/seed-article.txt");

/// One fixture: file name, what it exercises, and its bytes.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub name: &'static str,
    pub about: &'static str,
    pub bytes: Vec<u8>,
}

/// A function building one fixture.
type Builder = fn() -> Docx;

/// Every fixture, in a stable order.
pub fn all() -> Vec<Fixture> {
    let list: [(&'static str, &'static str, Builder); 23] = [
        ("styles-headings.docx", "Headings from style names through localized ids (`berschrift1` = heading 1, `2` = heading 2) and localized names (`Überschrift 3`, `Titre 4`), a style `basedOn` a heading, `w:outlineLvl` on a style and directly on a paragraph, Title and Subtitle, a style based on Title (no heading), a reference to a missing style.", styles_headings),
        ("lists.docx", "Nested lists: decimal `%1.` / `%1.%2.`, lowerLetter, lowerRoman, upper letters and roman; bullets with Symbol U+F0B7, `o` and Wingdings U+F0A7; a restart through `w:lvlOverride/w:startOverride`; `numId` 0; `numPr` inherited from a paragraph style (start 5); `numStyleLink`/`styleLink`; chineseCounting, ideographDigital, decimalFullWidth; unknown `hebrew1`.", lists),
        ("tables.docx", "A table with a `w:tblHeader` row, `gridSpan`, `vMerge` restart and two continues, a nested table, a bookmark at row level (between `w:tr`) and one spanning cells.", tables),
        ("bookmarks.docx", "Bookmarks spanning three paragraphs, at body level between paragraphs, `_GoBack` (empty), `_Toc`, `_Ref`, `_Hlk`; internal `w:hyperlink w:anchor` links; a `w:bookmarkEnd` without start and `w:permStart`/`w:permEnd` noise.", bookmarks),
        ("images.docx", "Inline `IMG_256` (descr is a URL), floating `图片 3` with descr and title, VML `v:imagedata` with `o:title`, a linked image (`r:link`, External relationship), a GIF, an image in the header (own `header1.xml.rels`) and in a footnote (own `footnotes.xml.rels`); rIds repeat across parts.", images),
        ("notes-comments.docx", "Footnotes and endnotes with separator and continuationSeparator entries, note references, comments (author, initials, date) with range start/end in one paragraph and across paragraphs, `w:commentReference`, settings `w:footnotePr`.", notes_comments),
        ("tracked-changes.docx", "`w:ins`, `w:del`/`w:delText`, `w:moveFrom`/`w:moveTo` with range starts/ends, inserted and deleted paragraph marks, a whole deleted paragraph, `w:rPrChange`; authors and dates.", tracked_changes),
        ("fields.docx", "HYPERLINK field, PAGE and `fldSimple` NUMPAGES, a field nested in an instruction (IF with PAGE), a TOC field spanning paragraphs with nested PAGEREF fields and anchor links, REF to a `_Ref` bookmark, `fldSimple` DATE, an XE field without result, PAGE in the footer.", fields),
        ("textboxes.docx", "A text box in `mc:AlternateContent`: `wps:txbx/w:txbxContent` in the Choice and a VML `v:textbox` Fallback holding the same paragraphs, a table and a picture.", textboxes),
        ("content-controls.docx", "`w:sdt` at block, run, row and cell level (text, date, checkbox, drop-down, combo box, picture, repeating section), a placeholder (`w:showingPlcHdr`), controls bound to a custom XML part and to the core properties (`w:dataBinding`), nested `w:smartTag`, `w:customXml` at block and run level.", content_controls),
        ("forms-rtl.docx", "Legacy form fields (`w:ffData`: FORMTEXT with a default and a maximum length, FORMCHECKBOX checked by `w:default` and by `w:checked`, FORMDROPDOWN with entries and a `w:result`); right-to-left Arabic and Hebrew paragraphs (`w:bidi`) with `w:rtl` runs and their `w:lang` (`w:bidi` ar-SA, he-IL; `w:val` en-GB) beside a left-to-right one.", forms_rtl),
        ("transitional.docx", "The common sample (heading, bold/italic, hyperlink, list, table, image, footnote, core and app properties) in Transitional namespaces with the usual `w:` prefix: the reference for `strict.docx` and the `prefixes-*.docx` files.", transitional),
        ("strict.docx", "The common sample in ISO 29500 Strict namespaces (`http://purl.oclc.org/ooxml/...`) for parts, relationships and drawings.", strict),
        ("prefixes-ns0.docx", "The common sample with the WordprocessingML namespace bound to `ns0:` in every part.", prefixes_ns0),
        ("prefixes-default.docx", "The common sample with WordprocessingML as the default namespace (unprefixed elements, `w:` attributes).", prefixes_default),
        ("entities.docx", "Numeric character references (`&#x4E2D;&#25991;`, `&#160;`, `&#x1F600;`), `&amp;` `&lt;` `&gt;` `&quot;` `&apos;` in text and attributes, a CDATA section in `w:t`.", entities),
        ("cjk-ruby.docx", "Chinese, Japanese and Korean text, CJK style ids (`1`, `2`, `a3`), `w:ruby` with `w:rt` and `w:rubyBase`, full-width punctuation.", cjk_ruby),
        ("special-chars.docx", "`w:tab`, `w:br` (line, page, column), `w:cr`, `w:noBreakHyphen`, `w:softHyphen`, `w:sym` (Wingdings/Symbol F0xx), `w:vanish` and `w:webHidden` text, an emoji as `w16se:symEx` in `mc:Choice`, preserved spaces, `w:proofErr`, `w:lastRenderedPageBreak`, rsid attributes.", special_chars),
        ("metadata.docx", "Every `docProps/core.xml` field the model reads (title, subject, creator, keywords, description, lastModifiedBy, revision, created, modified, category, contentStatus, language), `docProps/app.xml` (Application, AppVersion, Template, TotalTime, Pages, Words, Characters, CharactersWithSpaces, Lines, Paragraphs, Company, Manager, DocSecurity, HyperlinkBase), `docProps/custom.xml` (lpwstr, bool, i4, filetime), `_xHHHH_` escapes, and a read-only `w:documentProtection` in settings.", metadata),
        ("alternate-path.docx", "Main part at `word/document2.xml` (zip entry `Word/document2.xml`, target `/word/document2.xml`), styles by absolute target `/word/styles.xml` stored as `word/Styles.xml`, numbering through `../word/numbering.xml`, footnotes in another folder (`notes/footnotes.xml`, own rels), a percent-encoded image target `media/photo%201.png` stored as `word/media/Photo 1.png`.", alternate_path),
        ("objects.docx", "What is not a picture: an inline chart (title, axis title, two series with cached categories and values, data labels), a SmartArt diagram (node, assistant, connector and document points), an OLE object (`w:object/o:OLEObject` with a ProgID), an embedded Excel workbook (three sheets: shared, inline, formula, number and boolean cells, an empty sheet) and an embedded Word document as OLE packages, and `w:altChunk` imports of HTML, of a nested .docx and of RTF.", objects),
        ("hostile-no-content-types.docx", "No `[Content_Types].xml`, an extra unrelated entry; otherwise a valid document.", hostile_no_content_types),
        ("newsroom-article.docx", "The seed article (`seed-article.txt`): 25 paragraphs with leading spaces and no-break spaces, a `_GoBack` bookmark, the inline photo `IMG_260`, realistic CJK styles and core properties.", newsroom_article),
    ];
    list.into_iter()
        .map(|(name, about, build)| Fixture {
            name,
            about,
            bytes: build().to_bytes(),
        })
        .collect()
}

const AUTHOR_DATE: &str = r#"w:author="Li Na" w:date="2023-05-29T09:30:00Z""#;

fn styles_headings() -> Docx {
    let mut d = Docx::new();
    d.styles(
        &(base_styles("Standard")
            + &para_style(
                "berschrift1",
                "heading 1",
                Some("Standard"),
                r#"<w:keepNext/><w:spacing w:before="240"/><w:outlineLvl w:val="0"/>"#,
                r#"<w:b/><w:sz w:val="32"/>"#,
            )
            + &para_style(
                "2",
                "heading 2",
                Some("Standard"),
                "<w:keepNext/>",
                "<w:b/>",
            )
            + &para_style(
                "KapitelUeberschrift",
                "Kapitel Überschrift",
                Some("berschrift1"),
                "",
                r#"<w:color w:val="1F4E79"/>"#,
            )
            + &para_style(
                "Titel",
                "Title",
                Some("Standard"),
                "",
                r#"<w:sz w:val="56"/>"#,
            )
            + &para_style("Untertitel", "Subtitle", Some("Standard"), "", "<w:i/>")
            + &para_style(
                "Gliederung3",
                "Gliederung Drei",
                Some("Standard"),
                r#"<w:outlineLvl w:val="2"/>"#,
                "",
            )
            + &para_style("Zitat", "Quote", Some("Standard"), "", "<w:i/>")
            // As LibreOffice and WPS write them: the interface's word in the name, no
            // outline level anywhere.
            + &para_style("berschrift3", "Überschrift 3", Some("Standard"), "", "<w:b/>")
            + &para_style("Titre4", "Titre 4", Some("Standard"), "", "<w:b/>")
            + &para_style("Dachzeile", "Dachzeile", Some("Titel"), "", "<w:caps/>")),
    );
    let body = [
        p_text(Some("Titel"), "Quartalsbericht 2023"),
        p_text(Some("Untertitel"), "Ein Untertitel ist keine Überschrift"),
        p_text(Some("berschrift1"), "Einleitung"),
        p_text(None, "Normaler Text unter der ersten Überschrift."),
        p_text(Some("2"), "Hintergrund"),
        p_text(Some("Zitat"), "Ein Zitat ist keine Überschrift."),
        p_text(Some("KapitelUeberschrift"), "Kapitel mit geerbter Ebene"),
        p_text(
            Some("Gliederung3"),
            "Gliederungsebene aus der Formatvorlage",
        ),
        format!(
            r#"<w:p><w:pPr><w:outlineLvl w:val="3"/></w:pPr>{}</w:p>"#,
            run("Direkte Gliederungsebene 4")
        ),
        p_text(Some("Fehlend"), "Absatz mit einer fehlenden Formatvorlage."),
        p_text(
            Some("berschrift3"),
            "Überschrift, wie LibreOffice sie benennt",
        ),
        p_text(Some("Titre4"), "Titre, comme l'écrit WPS"),
        p_text(Some("Dachzeile"), "Eine Dachzeile auf Basis des Titels"),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn lvl(ilvl: u32, start: u32, fmt: &str, text: &str, rpr: &str) -> String {
    format!(
        r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{}" w:hanging="360"/></w:pPr>{rpr}</w:lvl>"#,
        720 * (ilvl + 1)
    )
}

fn abstract_num(id: u32, inner: &str) -> String {
    format!(
        r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="hybridMultilevel"/>{inner}</w:abstractNum>"#
    )
}

fn lists() -> Docx {
    let mut d = Docx::new();
    d.styles(
        &(base_styles("a")
            + &para_style("a3", "List Paragraph", Some("a"), r#"<w:ind w:firstLine="420"/>"#, "")
            + &para_style(
                "ListNumber",
                "List Number",
                Some("a"),
                r#"<w:numPr><w:numId w:val="6"/></w:numPr>"#,
                "",
            )
            + r#"<w:style w:type="numbering" w:customStyle="1" w:styleId="OutlineList"><w:name w:val="Outline List"/><w:pPr><w:numPr><w:numId w:val="8"/></w:numPr></w:pPr></w:style>"#),
    );
    let symbol = r#"<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>"#;
    let courier = r#"<w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New" w:hint="default"/></w:rPr>"#;
    let wingdings =
        r#"<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:hint="default"/></w:rPr>"#;
    let numbering = [
        abstract_num(
            0,
            &[
                lvl(0, 1, "decimal", "%1.", ""),
                lvl(1, 1, "decimal", "%1.%2.", ""),
                lvl(2, 1, "lowerLetter", "%3)", ""),
                lvl(3, 1, "lowerRoman", "(%4)", ""),
                lvl(4, 1, "upperLetter", "%5.", ""),
                lvl(5, 1, "upperRoman", "%6.", ""),
            ]
            .concat(),
        ),
        abstract_num(
            1,
            &[
                lvl(0, 1, "bullet", "\u{F0B7}", symbol),
                lvl(1, 1, "bullet", "o", courier),
                lvl(2, 1, "bullet", "\u{F0A7}", wingdings),
            ]
            .concat(),
        ),
        abstract_num(
            2,
            &[
                lvl(0, 1, "chineseCounting", "%1、", ""),
                lvl(1, 1, "ideographDigital", "%2.", ""),
                lvl(2, 1, "decimalFullWidth", "%3．", ""),
            ]
            .concat(),
        ),
        abstract_num(3, &lvl(0, 1, "hebrew1", "%1.", "")),
        abstract_num(4, &lvl(0, 5, "decimal", "%1.", "")),
        r#"<w:abstractNum w:abstractNumId="5"><w:multiLevelType w:val="multilevel"/><w:numStyleLink w:val="OutlineList"/></w:abstractNum>"#.to_string(),
        abstract_num(
            6,
            &(r#"<w:styleLink w:val="OutlineList"/>"#.to_string()
                + &lvl(0, 1, "upperRoman", "%1.", "")
                + &lvl(1, 1, "upperLetter", "%2.", "")),
        ),
        r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#.to_string(),
        r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#.to_string(),
        r#"<w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#.to_string(),
        r#"<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>"#.to_string(),
        r#"<w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>"#.to_string(),
        r#"<w:num w:numId="6"><w:abstractNumId w:val="4"/></w:num>"#.to_string(),
        r#"<w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>"#.to_string(),
        r#"<w:num w:numId="8"><w:abstractNumId w:val="6"/></w:num>"#.to_string(),
    ]
    .concat();
    d.numbering(&numbering);
    let li = |num: u32, ilvl: u32, text: &str| p_list(Some("a3"), num, ilvl, text);
    let body = [
        p_text(None, "Decimal, multi-level:"),
        li(1, 0, "One (1.)"),
        li(1, 1, "One point one (1.1.)"),
        li(1, 2, "Letter a (a))"),
        li(1, 3, "Roman i ((i))"),
        li(1, 3, "Roman ii ((ii))"),
        li(1, 2, "Letter b (b))"),
        li(1, 4, "Upper letter A (A.)"),
        li(1, 5, "Upper roman I (I.)"),
        li(1, 1, "One point two (1.2.)"),
        li(1, 0, "Two (2.)"),
        p_list(Some("a3"), 0, 0, "Not a list item: numId 0."),
        li(3, 0, "Restarted: one (1.)"),
        li(3, 0, "Restarted: two (2.)"),
        p_text(None, "Bullets:"),
        li(2, 0, "Symbol bullet U+F0B7"),
        li(2, 1, "Courier o"),
        li(2, 2, "Wingdings U+F0A7"),
        li(2, 0, "Symbol bullet again"),
        p_text(None, "CJK numbering:"),
        li(4, 0, "第一项（一、）"),
        li(4, 0, "第二项（二、）"),
        li(4, 1, "一级（一.）"),
        li(4, 2, "全角数字（１．）"),
        p_text(None, "Unknown format:"),
        li(5, 0, "hebrew1 first"),
        li(5, 0, "hebrew1 second"),
        p_text(Some("ListNumber"), "Numbered by its style (5.)"),
        p_text(Some("ListNumber"), "Numbered by its style (6.)"),
        li(7, 0, "Through numStyleLink (I.)"),
        li(7, 1, "Through numStyleLink (A.)"),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn tables() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    let cell = |text: &str| tc(r#"<w:tcW w:w="2000" w:type="dxa"/>"#, &p_text(None, text));
    let nested = tbl(
        &[1000, 1000],
        &tr("", &(cell("Inner 1") + &cell("Inner 2"))),
    ) + "<w:p/>";
    let rows = [
        tr(
            "<w:tblHeader/>",
            &(cell("Name") + &cell("Region") + &cell("Count")),
        ),
        bookmark_start(10, "RowLevel"),
        tr(
            "",
            &(tc(
                r#"<w:vMerge w:val="restart"/>"#,
                &p_text(None, "Merged down three rows"),
            ) + &tc(
                r#"<w:gridSpan w:val="2"/>"#,
                &p_text(None, "Spans two columns"),
            )),
        ),
        tr(
            "",
            &(tc("<w:vMerge/>", "<w:p/>")
                + &tc(
                    "",
                    &p(&(bookmark_start(11, "CellSpan") + &run("B3 starts a bookmark"))),
                )
                + &tc("", &nested)),
        ),
        bookmark_end(10),
        tr(
            "",
            &(tc("<w:vMerge/>", "<w:p/>")
                + &cell("B4")
                + &tc("", &p(&(run("C4 ends it") + &bookmark_end(11))))),
        ),
    ]
    .concat();
    let body = [
        p_text(None, "Before the table."),
        tbl(&[2000, 2000, 2000], &rows),
        p_text(None, "After the table."),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn bookmarks() -> Docx {
    let mut d = Docx::new();
    d.styles(&normal_and_heading1());
    let body = [
        p(&(run("Alpha ") + &bookmark_start(1, "Span") + &run("beta"))),
        p_text(None, "gamma"),
        p(&(run("delta") + &bookmark_end(1) + &run(" epsilon"))),
        bookmark_start(2, "BodyLevel"),
        p_style(
            "Heading1",
            &(bookmark_start(3, "_Toc135000001") + &run("Summary") + &bookmark_end(3)),
        ),
        p_text(None, "Inside the body-level bookmark."),
        bookmark_end(2),
        p(&(bookmark_start(4, "_GoBack") + &bookmark_end(4) + &run("The last edit was here."))),
        p(&(run("See ")
            + &hyperlink_anchor("_Toc135000001", &run("Summary"))
            + &run(" and ")
            + &hyperlink_anchor("Span", &run("the span"))
            + &run("."))),
        p(&(bookmark_start(5, "_Ref135000002")
            + &run("A referenced sentence.")
            + &bookmark_end(5)
            + &run(" ")
            + &bookmark_start(6, "_Hlk135000003")
            + &run("A linked phrase.")
            + &bookmark_end(6))),
        p(&(bookmark_end(99)
            + r#"<w:permStart w:id="7" w:edGrp="everyone"/>"#
            + &run("Editable region; a bookmarkEnd without start precedes it.")
            + r#"<w:permEnd w:id="7"/>"#)),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn images() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    let inline_rid = d.add_image(Docx::MAIN, JPEG_8X8, "jpeg");
    let float_rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    let vml_rid = d.add_image(Docx::MAIN, GIF_1X1, "gif");
    let linked_rid = d.add_linked_image(
        Docx::MAIN,
        "https://photos.example.com/2023/linked%20photo.jpg",
    );
    let header_rid = d.header("header1.xml", "");
    let header_img = d.add_image("word/header1.xml", PNG_1X1, "png");
    let header = p(&(inline_picture(
        &Picture::new(&header_img, 10, "Logo")
            .descr("Newsroom logo")
            .size(914_400, 457_200),
    ) + &run(" Newsroom header")));
    d.set_w_inner("word/header1.xml", &header);

    d.footnotes("");
    let footnote_img = d.add_image("word/footnotes.xml", JPEG_8X8, "jpeg");
    let footnotes = note_separators("footnote")
        + &format!(
            r#"<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>{}{}</w:p></w:footnote>"#,
            run(" A footnote with a picture: "),
            inline_picture(
                &Picture::new(&footnote_img, 11, "FootnotePhoto")
                    .descr("Photo in a footnote")
                    .size(457_200, 457_200)
            )
        );
    d.set_w_inner("word/footnotes.xml", &footnotes);

    let body = [
        p(&(run("Inline: ")
            + &inline_picture(
                &Picture::new(&inline_rid, 1, "IMG_256")
                    .descr("http://www.example.com/news/photo.jpg")
                    .size(5_274_310, 3_516_207),
            ))),
        p(&(anchor_picture(
            &Picture::new(&float_rid, 2, "图片 3")
                .descr("济南新旧动能转换起步区")
                .title("Floating photo")
                .size(2_286_000, 1_524_000),
        ) + &run("Text wraps around a floating picture."))),
        p(&(run("VML: ") + &vml_picture(&vml_rid, "Old-style picture", 96, 72))),
        p(&(run("Linked: ")
            + &inline_picture(
                &Picture::new(&linked_rid, 4, "Linked photo")
                    .descr("A linked, not embedded, image")
                    .linked(),
            ))),
        p(&(run("A footnote holds a picture.") + &note_reference("footnote", 1))),
        sect_pr(&[("default", &header_rid)], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn comment(id: u32, author: &str, initials: &str, date: &str, paragraphs: &[&str]) -> String {
    let mut x = format!(
        r#"<w:comment w:id="{id}" w:author="{}" w:date="{date}" w:initials="{}">"#,
        esc(author),
        esc(initials)
    );
    for (i, text) in paragraphs.iter().enumerate() {
        let mark = if i == 0 {
            r#"<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>"#
        } else {
            ""
        };
        x.push_str(&format!(
            r#"<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{mark}{}</w:p>"#,
            run(text)
        ));
    }
    x.push_str("</w:comment>");
    x
}

fn comment_reference(id: u32) -> String {
    format!(
        r#"<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="{id}"/></w:r>"#
    )
}

fn notes_comments() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    d.settings(r#"<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr><w:endnotePr><w:endnote w:id="-1"/><w:endnote w:id="0"/></w:endnotePr>"#);
    d.footnotes(
        &(note_separators("footnote")
            + &note("footnote", 1, "First footnote.")
            + &note("footnote", 2, "Second footnote, 第二个脚注。")),
    );
    d.endnotes(&(note_separators("endnote") + &note("endnote", 1, "The only endnote.")));
    d.comments(
        &(comment(
            0,
            "Zhang Wei",
            "ZW",
            "2023-05-29T10:00:00Z",
            &["Check this figure."],
        ) + &comment(
            1,
            "Wang Fang",
            "WF",
            "2023-05-29T11:15:00Z",
            &[
                "This comment covers two paragraphs.",
                "It has two paragraphs itself.",
            ],
        )),
    );
    let body = [
        p(&(run("A sentence with a footnote")
            + &note_reference("footnote", 1)
            + &run(" and a second one")
            + &note_reference("footnote", 2)
            + &run("."))),
        p(&(run("A sentence with an endnote") + &note_reference("endnote", 1) + &run("."))),
        p(&(run("Before ")
            + r#"<w:commentRangeStart w:id="0"/>"#
            + &run("the commented words")
            + r#"<w:commentRangeEnd w:id="0"/>"#
            + &comment_reference(0)
            + &run(" after."))),
        p(&(run("Start ") + r#"<w:commentRangeStart w:id="1"/>"# + &run("of a long comment"))),
        p(&(run("ends here") + r#"<w:commentRangeEnd w:id="1"/>"# + &comment_reference(1))),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn tracked_changes() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    let ad = AUTHOR_DATE;
    let ad2 = r#"w:author="Zhang Wei" w:date="2023-05-30T08:00:00Z""#;
    let body = [
        p(&(run("Original ")
            + &format!(r#"<w:ins w:id="1" {ad}><w:r><w:t xml:space="preserve">inserted </w:t></w:r></w:ins>"#)
            + &format!(r#"<w:del w:id="2" {ad2}><w:r><w:delText xml:space="preserve">deleted </w:delText></w:r></w:del>"#)
            + &run("text."))),
        p(&(format!(r#"<w:moveFromRangeStart w:id="3" w:name="move135000001" {ad}/>"#)
            + &format!(r#"<w:moveFrom w:id="4" {ad}><w:r><w:t>Moved sentence.</w:t></w:r></w:moveFrom>"#)
            + r#"<w:moveFromRangeEnd w:id="3"/>"#
            + &run(" Stays here."))),
        p(&(run("Later: ")
            + &format!(r#"<w:moveToRangeStart w:id="5" w:name="move135000001" {ad}/>"#)
            + &format!(r#"<w:moveTo w:id="6" {ad}><w:r><w:t>Moved sentence.</w:t></w:r></w:moveTo>"#)
            + r#"<w:moveToRangeEnd w:id="5"/>"#)),
        format!(
            r#"<w:p><w:pPr><w:rPr><w:ins w:id="7" {ad}/></w:rPr></w:pPr><w:ins w:id="8" {ad}><w:r><w:t>A whole inserted paragraph.</w:t></w:r></w:ins></w:p>"#
        ),
        format!(
            r#"<w:p><w:pPr><w:rPr><w:del w:id="9" {ad2}/></w:rPr></w:pPr><w:del w:id="10" {ad2}><w:r><w:delText>A whole deleted paragraph.</w:delText></w:r></w:del></w:p>"#
        ),
        p(&(run("Formatting change: ")
            + &format!(r#"<w:r><w:rPr><w:b/><w:rPrChange w:id="11" {ad}><w:rPr/></w:rPrChange></w:rPr><w:t>now bold</w:t></w:r>"#))),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn fields() -> Docx {
    let mut d = Docx::new();
    d.styles(&(normal_and_heading1() + &para_style("TOC1", "toc 1", Some("Normal"), "", "")));
    let footer_rid = d.footer(
        "footer1.xml",
        &p(&(run("Page ") + &field("PAGE", &run("1")))),
    );
    let link_style = r#"<w:rStyle w:val="Hyperlink"/>"#;
    let toc_entry = |anchor: &str, text: &str, page: &str| {
        hyperlink_anchor(
            anchor,
            &(run(text)
                + "<w:r><w:tab/></w:r>"
                + &field(&format!("PAGEREF {anchor} \\h"), &run(page))),
        )
    };
    let body = [
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{}{}{}{}</w:p>"#,
            fld_char("begin"),
            instr_text(r#" TOC \o "1-3" \h \z \u "#),
            fld_char("separate"),
            toc_entry("_Toc135000001", "Introduction", "1")
        ),
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>{}</w:p>"#,
            toc_entry("_Toc135000002", "Details", "2")
        ),
        p(&fld_char("end")),
        p_style(
            "Heading1",
            &(bookmark_start(1, "_Toc135000001") + &run("Introduction") + &bookmark_end(1)),
        ),
        p(&(run("Visit ")
            + &field(
                r#"HYPERLINK "https://www.example.com/news?id=1&lang=zh""#,
                &run_rpr(link_style, "Example News"),
            )
            + &run("."))),
        p(&(run("Page ")
            + &field("PAGE", &run("1"))
            + &run(" of ")
            + &fld_simple("NUMPAGES", &run("3")))),
        p(&(run("Nested: ")
            + &field_xml(
                &(instr_text(" IF ")
                    + &field("PAGE", &run("1"))
                    + &instr_text(r#" = 1 "first page" "other page" "#)),
                &run("first page"),
            ))),
        p_style(
            "Heading1",
            &(bookmark_start(2, "_Toc135000002") + &run("Details") + &bookmark_end(2)),
        ),
        p(&(bookmark_start(3, "_Ref135000003") + &run("the key figure") + &bookmark_end(3))),
        p(&(run("As stated in ")
            + &field(r"REF _Ref135000003 \h", &run("the key figure"))
            + &run("."))),
        p(&(run("Date: ") + &fld_simple(r#"DATE \@ "yyyy-MM-dd""#, &run("2023-05-29")))),
        p(&(run("Index entry without result")
            + &fld_char("begin")
            + &instr_text(r#" XE "docx" "#)
            + &fld_char("end")
            + &run("."))),
        sect_pr(&[], &[("default", &footer_rid)]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn textboxes() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    let rid = d.add_image(Docx::MAIN, PNG_1X1, "png");
    let content = [
        p_text(None, "Text box paragraph one."),
        p(&(run("Text box paragraph two with a picture ")
            + &inline_picture(
                &Picture::new(&rid, 5, "图片 5")
                    .descr("Picture in a text box")
                    .size(457_200, 457_200),
            ))),
        tbl(
            &[1500, 1500],
            &tr(
                "",
                &(tc("", &p_text(None, "Box cell 1")) + &tc("", &p_text(None, "Box cell 2"))),
            ),
        ),
        p_text(None, "Last paragraph in the box."),
    ]
    .concat();
    let body = [
        p(&(run("Before the text box. ")
            + &text_box(1, &content)
            + &run("After it, same paragraph."))),
        p_text(None, "The next paragraph."),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn sdt(pr: &str, content: &str) -> String {
    format!(
        "<w:sdt><w:sdtPr>{pr}</w:sdtPr><w:sdtEndPr/><w:sdtContent>{content}</w:sdtContent></w:sdt>"
    )
}

fn content_controls() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    d.core = Some(Core {
        title: Some("Quarterly invoice, 2023 Q2".into()),
        ..Core::default()
    });
    d.add_custom_xml(
        1,
        "{5A1C2B3D-0000-4000-8000-00000000C0DE}",
        r#"<?xml version="1.0" encoding="UTF-8"?><ns0:invoice xmlns:ns0="urn:example:invoice"><ns0:customer>Shandong Steel &amp; Iron</ns0:customer></ns0:invoice>"#,
    );
    let cell = |text: &str| tc("", &p_text(None, text));
    let rows = [
        tr("", &(cell("Plain A1") + &sdt(r#"<w:alias w:val="Cell"/><w:id w:val="104"/>"#, &cell("Cell control B1")))),
        sdt(
            r#"<w:alias w:val="Row"/><w:id w:val="105"/><w15:repeatingSectionItem xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"/>"#,
            &tr("", &(cell("Row control A2") + &cell("Row control B2"))),
        ),
    ]
    .concat();
    let body = [
        sdt(
            r#"<w:alias w:val="Headline"/><w:tag w:val="headline"/><w:id w:val="100"/><w:text/>"#,
            &p_text(None, "A headline in a block content control."),
        ),
        p(&(run("Author: ")
            + &sdt(
                r#"<w:alias w:val="Author"/><w:tag w:val="author"/><w:id w:val="101"/><w:text/>"#,
                &run("Wang Fang"),
            )
            + &run(", date: ")
            + &sdt(
                r#"<w:id w:val="102"/><w:date w:fullDate="2023-05-29T00:00:00Z"><w:dateFormat w:val="yyyy-MM-dd"/><w:lid w:val="zh-CN"/></w:date>"#,
                &run("2023-05-29"),
            )
            + &run(", done: ")
            + &sdt(
                r#"<w:id w:val="103"/><w14:checkbox><w14:checked w14:val="1"/></w14:checkbox>"#,
                &run("☒"),
            ))),
        tbl(&[3000, 3000], &rows),
        p(&(run("Status: ")
            + &sdt(
                r#"<w:alias w:val="Status"/><w:tag w:val="status"/><w:id w:val="106"/><w:dropDownList w:lastValue="open"><w:listItem w:displayText="Open" w:value="open"/><w:listItem w:displayText="Closed" w:value="closed"/></w:dropDownList>"#,
                &run("Open"),
            )
            + &run(", city: ")
            + &sdt(
                r#"<w:id w:val="107"/><w:comboBox><w:listItem w:displayText="Jinan" w:value="JN"/><w:listItem w:value="Qingdao"/></w:comboBox>"#,
                &run("Weifang"),
            )
            + &run(", note: ")
            + &sdt(
                r#"<w:alias w:val="Note"/><w:id w:val="108"/><w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder><w:showingPlcHdr/><w:text/>"#,
                &run_rpr(r#"<w:rStyle w:val="PlaceholderText"/>"#, "Click or tap here to enter text."),
            ))),
        p(&(run("Customer: ")
            + &sdt(
                r#"<w:alias w:val="Customer"/><w:id w:val="109"/><w:dataBinding w:prefixMappings="xmlns:ns0='urn:example:invoice'" w:xpath="/ns0:invoice[1]/ns0:customer[1]" w:storeItemID="{5A1C2B3D-0000-4000-8000-00000000C0DE}"/><w:text/>"#,
                &run("Shandong Steel"),
            )
            + &run(", title: ")
            + &sdt(
                r#"<w:alias w:val="Title"/><w:id w:val="110"/><w:dataBinding w:prefixMappings="xmlns:ns0='http://purl.org/dc/elements/1.1/' xmlns:ns1='http://schemas.openxmlformats.org/package/2006/metadata/core-properties'" w:xpath="/ns1:coreProperties[1]/ns0:title[1]" w:storeItemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"/><w:text/>"#,
                &run("Quarterly invoice"),
            ))),
        sdt(
            r#"<w:id w:val="111"/><w15:repeatingSection xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"/>"#,
            &sdt(
                r#"<w:id w:val="112"/><w15:repeatingSectionItem xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"/>"#,
                &(p_text(None, "Item one, first line.") + &p_text(None, "Item one, second line.")),
            ),
        ),
        sdt(r#"<w:id w:val="113"/><w:picture/>"#, &p(&run(""))),
        p(&(run("Smart tags: ")
            + r#"<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place"><w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="City"><w:r><w:t>Jinan</w:t></w:r></w:smartTag></w:smartTag>"#
            + &run(" is in Shandong."))),
        format!(
            r#"<w:customXml w:uri="http://example.com/article" w:element="byline">{}</w:customXml>"#,
            p(&(run("By ")
                + r#"<w:customXml w:uri="http://example.com/article" w:element="name"><w:r><w:t>Dan Zeng</w:t></w:r></w:customXml>"#))
        ),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn forms_rtl() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    let form = |ff: &str, instr: &str, result: &str| {
        let begin = format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"><w:ffData>{ff}</w:ffData></w:fldChar></w:r>"#
        );
        let result = match result {
            "" => String::new(),
            text => fld_char("separate") + &run(text),
        };
        begin + &instr_text(instr) + &result + &fld_char("end")
    };
    let rtl_run = |lang: &str, text: &str| {
        run_rpr(
            &format!(r#"<w:rtl/><w:lang w:val="en-US" w:bidi="{lang}"/>"#),
            text,
        )
    };
    let body = [
        p(&(run("Name: ")
            + &form(
                r#"<w:name w:val="Name"/><w:enabled/><w:calcOnExit w:val="0"/><w:textInput><w:default w:val="Your name"/><w:maxLength w:val="40"/></w:textInput>"#,
                " FORMTEXT ",
                "Zhang Wei",
            ))),
        p(&(run("Agree: ")
            + &form(
                r#"<w:name w:val="Agree"/><w:enabled/><w:checkBox><w:sizeAuto/><w:default w:val="1"/></w:checkBox>"#,
                " FORMCHECKBOX ",
                "",
            )
            + &run(" Newsletter: ")
            + &form(
                r#"<w:name w:val="News"/><w:enabled/><w:checkBox><w:sizeAuto/><w:default w:val="1"/><w:checked w:val="0"/></w:checkBox>"#,
                " FORMCHECKBOX ",
                "",
            ))),
        p(&(run("Size: ")
            + &form(
                r#"<w:name w:val="Size"/><w:enabled/><w:ddList><w:result w:val="1"/><w:listEntry w:val="Small"/><w:listEntry w:val="Medium"/><w:listEntry w:val="Large"/></w:ddList>"#,
                " FORMDROPDOWN ",
                "",
            ))),
        p(&(r#"<w:pPr><w:bidi/></w:pPr>"#.to_string() + &rtl_run("ar-SA", "مرحبا بالعالم"))),
        p(&(r#"<w:pPr><w:bidi/><w:jc w:val="right"/></w:pPr>"#.to_string()
            + &rtl_run("he-IL", "שלום")
            + &run_rpr(r#"<w:lang w:val="en-GB"/>"#, " (Hebrew) ")
            + &rtl_run("he-IL", "עולם"))),
        p_text(None, "Left to right again."),
    ]
    .concat();
    d.set_body(&body);
    d
}

/// The sample shared by the namespace variants: styles, a heading, formatting, a list, a
/// link, a table, an image and a footnote, so every part type carries the namespace.
fn sample() -> Docx {
    let mut d = Docx::new();
    d.styles(&normal_and_heading1());
    d.numbering(
        &(abstract_num(0, &lvl(0, 1, "decimal", "%1.", ""))
            + r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#),
    );
    d.footnotes(&(note_separators("footnote") + &note("footnote", 1, "A footnote.")));
    let link = d.add_hyperlink(Docx::MAIN, "https://www.example.com/");
    let img = d.add_image(Docx::MAIN, PNG_1X1, "png");
    d.core = Some(Core {
        title: Some("Namespace sample".into()),
        creator: Some("docxtract fixtures".into()),
        ..Core::default()
    });
    d.app = Some(App {
        application: Some("Microsoft Office Word".into()),
        pages: Some(1),
        ..App::default()
    });
    let body = [
        p_text(Some("Heading1"), "Namespace sample"),
        p(&(run("Plain, ")
            + &run_rpr("<w:b/>", "bold")
            + &run(", ")
            + &run_rpr("<w:i/>", "italic")
            + &run(" and a ")
            + &hyperlink(&link, &run_rpr(r#"<w:rStyle w:val="Hyperlink"/>"#, "link"))
            + &run("."))),
        p_list(None, 1, 0, "First item"),
        p_list(None, 1, 0, "Second item"),
        tbl(
            &[2000, 2000],
            &tr(
                "",
                &(tc("", &p_text(None, "Cell 1")) + &tc("", &p_text(None, "Cell 2"))),
            ),
        ),
        p(
            &(inline_picture(&Picture::new(&img, 1, "IMG_256").descr("A picture"))
                + &run("Footnote here")
                + &note_reference("footnote", 1)),
        ),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn transitional() -> Docx {
    sample()
}

fn strict() -> Docx {
    let mut d = sample();
    d.flavor = Flavor::Strict;
    d
}

fn prefixes_ns0() -> Docx {
    let mut d = sample();
    d.w_prefix = WPrefix::Prefix("ns0".into());
    d
}

fn prefixes_default() -> Docx {
    let mut d = sample();
    d.w_prefix = WPrefix::Default;
    d
}

fn entities() -> Docx {
    let mut d = Docx::new();
    d.styles(
        &(base_styles("Normal")
            + &para_style("Quote", "Quote & Cite", Some("Normal"), "", "<w:i/>")),
    );
    let link = d.add_hyperlink(Docx::MAIN, "https://www.example.com/search?q=a&b=<c>");
    let img = d.add_image(Docx::MAIN, PNG_1X1, "png");
    let body = [
        p(r#"<w:r><w:t>&#x4E2D;&#25991;</w:t></w:r>"#),
        p(r#"<w:r><w:t xml:space="preserve">Tom &amp; Jerry &lt;b&gt; &quot;quoted&quot; &apos;single&apos;</w:t></w:r>"#),
        p(r#"<w:r><w:t>A&#x20;B&#160;C&#xA0;D &#x1F600; &#8212; &#x2026;</w:t></w:r>"#),
        p_style("Quote", r#"<w:r><w:t>&#x897F;&#x85CF;</w:t></w:r><w:r><w:t xml:space="preserve"> &amp;&amp; </w:t></w:r><w:r><w:t>&#x5C71;&#x4E1C;</w:t></w:r>"#),
        p(&hyperlink(&link, r#"<w:r><w:t>search &amp; find</w:t></w:r>"#)),
        p(r#"<w:r><w:t><![CDATA[CDATA: a < b && c > d]]></w:t></w:r>"#),
        // The picture's docPr name is written with character references: 图片 1.
        p(&inline_picture(&Picture::new(&img, 1, "@NAME@").descr("alt & \"text\""))
            .replace("name=\"@NAME@\"", "name=\"&#x56FE;&#x7247; 1\"")),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn cjk_ruby() -> Docx {
    let mut d = Docx::new();
    d.styles(
        &(base_styles("a")
            + &para_style(
                "1",
                "heading 1",
                Some("a"),
                r#"<w:keepNext/><w:outlineLvl w:val="0"/>"#,
                r#"<w:b/><w:kern w:val="44"/><w:sz w:val="44"/>"#,
            )
            + &para_style(
                "2",
                "heading 2",
                Some("a"),
                r#"<w:outlineLvl w:val="1"/>"#,
                "<w:b/>",
            )
            + &para_style(
                "a3",
                "Title",
                Some("a"),
                r#"<w:jc w:val="center"/>"#,
                r#"<w:sz w:val="32"/>"#,
            )),
    );
    let east = r#"<w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体" w:hint="eastAsia"/>"#;
    let body = [
        p_text(Some("a3"), "中文文档示例"),
        p_text(Some("1"), "第一章 概述"),
        p(&(run("这是") + &ruby("中", "zhōng") + &ruby("文", "wén") + &run("的注音示例。"))),
        p_text(Some("2"), "日本語"),
        p(&(ruby("漢字", "かんじ") + &run("の") + &ruby("振", "ふ") + &run("り仮名。"))),
        p(&run_rpr(east, "全角标点：，。、；：？！“”（）【】《》")),
        p_text(None, "Mixed 中文 and English 混排 text."),
        p_text(None, "한국어 텍스트입니다."),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn special_chars() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    let body = [
        p(r#"<w:r><w:t>Before tab</w:t><w:tab/><w:t>after tab</w:t></w:r>"#),
        p(r#"<w:r><w:t>Line</w:t><w:br/><w:t>break</w:t></w:r>"#),
        p(r#"<w:r><w:t>Page break follows</w:t></w:r><w:r><w:br w:type="page"/></w:r><w:r><w:t>new page</w:t></w:r>"#),
        p(r#"<w:r><w:t>Column</w:t><w:br w:type="column"/><w:t>break</w:t></w:r>"#),
        p(r#"<w:r><w:t>Carriage</w:t><w:cr/><w:t>return</w:t></w:r>"#),
        p(r#"<w:r><w:t>non</w:t><w:noBreakHyphen/><w:t>breaking and soft</w:t><w:softHyphen/><w:t>hyphen</w:t></w:r>"#),
        p(r#"<w:r><w:t xml:space="preserve">Symbols: </w:t><w:sym w:font="Wingdings" w:char="F0E0"/><w:sym w:font="Symbol" w:char="F061"/><w:sym w:font="Wingdings" w:char="F04A"/></w:r>"#),
        p(&(run("Visible ")
            + &run_rpr("<w:vanish/>", "hidden text ")
            + &run("visible again")
            + &run_rpr("<w:webHidden/>", " web hidden"))),
        p(r#"<w:r><w:t xml:space="preserve">  two leading spaces, two trailing  </w:t></w:r>"#),
        p("<w:r><w:t>No\u{a0}break\u{a0}spaces, em\u{2014}dash, \u{201c}quotes\u{201d}\u{2026}</w:t></w:r>"),
        r#"<w:p w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3" w:rsidP="00D4E5F6"><w:r w:rsidRPr="00F00BAA"><w:lastRenderedPageBreak/><w:t xml:space="preserve">Noise: </w:t></w:r><w:proofErr w:type="spellStart"/><w:r><w:t>mispeled</w:t></w:r><w:proofErr w:type="spellEnd"/><w:r><w:t xml:space="preserve"> word.</w:t></w:r></w:p>"#.to_string(),
        p(r#"<w:r><w:t>Empty run next</w:t></w:r><w:r/><w:r><w:t></w:t></w:r>"#),
        // Word 2016 and later write an emoji as `w16se:symEx` in a Choice, the character itself
        // in the Fallback.
        p(concat!(
            r#"<w:r><w:t xml:space="preserve">Emoji: </w:t></w:r><w:r>"#,
            r#"<mc:AlternateContent xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex">"#,
            r#"<mc:Choice Requires="w16se"><w:rPr><w:rFonts w:ascii="Segoe UI Emoji" w:hAnsi="Segoe UI Emoji"/></w:rPr>"#,
            r#"<w16se:symEx w16se:font="Segoe UI Emoji" w16se:char="1F600"/></mc:Choice>"#,
            "<mc:Fallback><w:t>\u{1F600}</w:t></mc:Fallback></mc:AlternateContent></w:r>",
        )),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn metadata() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    d.core = Some(Core {
        title: Some("西藏自治区党政代表团赴山东省考察学习".into()),
        subject: Some("Regional cooperation".into()),
        creator: Some("Dan Zeng".into()),
        keywords: Some("西藏; 山东; newsroom".into()),
        description: Some("A test of every core property & its escaping <here>.".into()),
        last_modified_by: Some("Wang Fang".into()),
        revision: Some("7".into()),
        created: Some("2023-05-29T08:00:00Z".into()),
        modified: Some("2023-05-30T02:05:00Z".into()),
        category: Some("News_x005F_x0020_Wire".into()),
        content_status: Some("Final".into()),
        language: Some("zh-CN".into()),
    });
    d.app = Some(App {
        application: Some("Microsoft Office Word".into()),
        app_version: Some("16.0000".into()),
        pages: Some(2),
        words: Some(345),
        characters: Some(1970),
        template: Some("Normal.dotm".into()),
        total_time: Some(42),
        company: Some("Tibet Daily_x000D_Lhasa".into()),
        manager: Some("Li Wei".into()),
        lines: Some(16),
        paragraphs: Some(4),
        characters_with_spaces: Some(2311),
        doc_security: Some(0),
        hyperlink_base: Some("https://www.example.com/news/".into()),
    });
    let custom = [
        ("Client", "lpwstr", "Acme_x0020_Corp"),
        ("Reviewed", "bool", "true"),
        ("Word count target", "i4", "800"),
        ("Deadline", "filetime", "2023-06-01T00:00:00Z"),
    ];
    d.custom = custom
        .iter()
        .map(|(name, vt, value)| CustomProp {
            name: name.to_string(),
            vt: vt.to_string(),
            value: value.to_string(),
        })
        .collect();
    d.settings(r#"<w:documentProtection w:edit="readOnly" w:enforcement="1"/>"#);
    d.set_body(&(p_text(None, "A document with full metadata.") + &sect_pr(&[], &[])));
    d
}

fn alternate_path() -> Docx {
    let mut d = Docx::new();
    d.set_main_path("word/document2.xml");
    d.set_main_zip_name("Word/document2.xml");
    d.set_main_target("/word/document2.xml");
    d.styles(&normal_and_heading1());
    d.set_raw_target("word/styles.xml", "/word/styles.xml");
    d.set_zip_name("word/styles.xml", "word/Styles.xml");
    d.numbering(
        &(abstract_num(0, &lvl(0, 1, "decimal", "%1.", ""))
            + r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#),
    );
    d.set_raw_target("word/numbering.xml", "../word/numbering.xml");
    d.add_w_part(RelType::Footnotes, "notes/footnotes.xml", "footnotes", "");
    let note_img = d.add_image("notes/footnotes.xml", PNG_1X1, "png");
    d.set_w_inner(
        "notes/footnotes.xml",
        &(note_separators("footnote")
            + &format!(
                r#"<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>{}{}</w:p></w:footnote>"#,
                run(" A footnote in another folder with a picture "),
                inline_picture(&Picture::new(&note_img, 3, "NotePicture").descr("note picture"))
            )),
    );
    d.add_part_bytes("word/media/photo 1.png", PNG_1X1, None);
    d.set_zip_name("word/media/photo 1.png", "word/media/Photo 1.png");
    let photo = d.add_rel(
        Docx::MAIN,
        RelType::Image,
        Target::Raw("media/photo%201.png".into()),
    );
    let body = [
        p_text(Some("Heading1"), "Main part at word/document2.xml"),
        p_list(None, 1, 0, "Numbering found through ../word/numbering.xml"),
        p(&(run("A percent-encoded image target: ")
            + &inline_picture(&Picture::new(&photo, 1, "photo 1").descr("photo with a space"))
            + &note_reference("footnote", 1))),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

fn hostile_no_content_types() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    d.omit_content_types = true;
    d.raw_entry("customXml/unrelated.bin", &[0, 1, 2, 3, 0xff]);
    d.set_body(&(p_text(None, "No [Content_Types].xml in this package.") + &sect_pr(&[], &[])));
    d
}

/// The seed article as Word would have saved it: one paragraph per line of
/// [`SEED_ARTICLE`], `[bookmark: NAME]` as an empty bookmark, `[image: NAME]` as an inline
/// photo named and described `NAME`.
pub fn newsroom_article() -> Docx {
    let mut d = Docx::new();
    d.styles(
        &(base_styles("a")
            + &para_style(
                "a3",
                "Title",
                Some("a"),
                r#"<w:spacing w:before="240" w:after="60"/><w:jc w:val="center"/><w:outlineLvl w:val="0"/>"#,
                r#"<w:rFonts w:ascii="黑体" w:eastAsia="黑体" w:hAnsi="黑体"/><w:b/><w:bCs/><w:sz w:val="36"/>"#,
            )
            + &para_style(
                "a5",
                "caption",
                Some("a"),
                r#"<w:jc w:val="center"/>"#,
                r#"<w:rFonts w:ascii="楷体" w:eastAsia="楷体" w:hAnsi="楷体"/><w:sz w:val="20"/>"#,
            )
            + &para_style(
                "a7",
                "Normal (Web)",
                Some("a"),
                r#"<w:spacing w:before="100" w:beforeAutospacing="1" w:after="100" w:afterAutospacing="1"/><w:ind w:firstLine="480"/>"#,
                r#"<w:rFonts w:ascii="宋体" w:eastAsia="宋体" w:hAnsi="宋体" w:cs="宋体"/><w:kern w:val="0"/><w:sz w:val="24"/>"#,
            )),
    );
    d.core = Some(Core {
        title: Some("西藏自治区党政代表团赴山东省考察学习并召开两省区工作座谈会".into()),
        creator: Some("xzrb".into()),
        last_modified_by: Some("Windows 用户".into()),
        revision: Some("3".into()),
        created: Some("2023-05-30T01:12:00Z".into()),
        modified: Some("2023-05-30T02:05:00Z".into()),
        ..Core::default()
    });
    d.app = Some(App {
        application: Some("Microsoft Office Word".into()),
        app_version: Some("16.0000".into()),
        pages: Some(3),
        words: Some(199),
        characters: Some(3370),
        ..App::default()
    });
    let mut body = String::new();
    let mut bookmark_id = 0;
    let mut picture_id = 1;
    for (i, line) in SEED_ARTICLE.split('\n').enumerate() {
        let style = if i == 0 {
            Some("a3")
        } else if line.ends_with(" 摄") || line.ends_with("\u{a0}摄") || line.starts_with("[image:")
        {
            Some("a5")
        } else if line.is_empty() {
            None
        } else {
            Some("a7")
        };
        let mut inner = String::new();
        let mut rest = line;
        while !rest.is_empty() {
            let marker = rest.find("[bookmark: ").or_else(|| rest.find("[image: "));
            let (text, after) = match marker {
                Some(at) => rest.split_at(at),
                None => (rest, ""),
            };
            if !text.is_empty() {
                inner.push_str(&format!(
                    "<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    esc(text)
                ));
            }
            rest = after;
            if rest.is_empty() {
                break;
            }
            let close = rest.find(']').map_or(rest.len(), |c| c + 1);
            let (marker, after) = rest.split_at(close);
            rest = after;
            if let Some(name) = marker
                .strip_prefix("[bookmark: ")
                .and_then(|m| m.strip_suffix(']'))
            {
                inner.push_str(&(bookmark_start(bookmark_id, name) + &bookmark_end(bookmark_id)));
                bookmark_id += 1;
            } else if let Some(name) = marker
                .strip_prefix("[image: ")
                .and_then(|m| m.strip_suffix(']'))
            {
                let rid = d.add_image(Docx::MAIN, JPEG_8X8, "jpeg");
                let pic = Picture::new(&rid, picture_id, name)
                    .descr(name)
                    .size(5_274_310, 3_516_207);
                inner.push_str(&inline_picture(&pic));
                picture_id += 1;
            }
        }
        body.push_str(&match style {
            Some(s) => p_style(s, &inner),
            None => p(&inner),
        });
    }
    body.push_str(&sect_pr(&[], &[]));
    d.set_body(&body);
    d
}

/// `fixtures/README.md`: what each fixture exercises and how to regenerate them.
pub fn readme(all: &[Fixture]) -> String {
    let mut x = String::from(
        "# Fixtures\n\n\
         Small .docx packages, each exercising one group of WordprocessingML constructs from\n\
         `../shared/docs/ooxml-notes.md`. They are generated, not hand-edited: the builder is\n\
         `src/synth/fixtures.rs` (on top of the `docxtract::synth` package writer) and the output\n\
         is deterministic (fixed zip timestamps), so regenerating rewrites identical bytes.\n\n\
         Regenerate (this also rewrites this README):\n\n\
         ```sh\n\
         cargo run --example build_fixtures\n\
         ```\n\n\
         `cargo test --test it synth::` fails when a committed fixture differs from what the\n\
         builder writes, so a change to the builder must be committed with the regenerated files.\n\n\
         `seed-article.txt` is a copy of the Tika-style text of a real newsroom article; it is the\n\
         source of `newsroom-article.docx`, and what that fixture must convert back to in text\n\
         mode.\n\n\
         | File | Exercises |\n|---|---|\n",
    );
    for f in all {
        x.push_str(&format!(
            "| `{}` | {} |\n",
            f.name,
            f.about.replace('|', "\\|")
        ));
    }
    x.push_str(
        "\nThe benchmark corpus is generated, not committed: \
         `cargo run --release --example gen_corpus -- OUT_DIR N [--large]`.\n",
    );
    x
}

const OFFICE_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

/// A part with its content type and a relationship of `rel` type (under the office document
/// relationship namespace) from the main part; returns the relationship id.
pub fn related_part(
    d: &mut Docx,
    name: &str,
    bytes: &[u8],
    content_type: &str,
    rel: &str,
) -> String {
    d.add_part_bytes(name, bytes, Some(content_type));
    d.add_rel(
        Docx::MAIN,
        RelType::Other(format!("{OFFICE_REL}{rel}")),
        Target::Part(name.to_string()),
    )
}

/// A run holding an inline DrawingML graphic of another kind than a picture.
fn inline_graphic(id: u32, name: &str, uri: &str, graphic_data: &str) -> String {
    format!(
        "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"5486400\" cy=\"3200400\"/><wp:docPr id=\"{id}\" name=\"{name}\"/>\
         <a:graphic><a:graphicData uri=\"{uri}\">{graphic_data}</a:graphicData></a:graphic>\
         </wp:inline></w:drawing></w:r>"
    )
}

fn objects() -> Docx {
    let mut d = Docx::new();
    d.styles(&base_styles("Normal"));
    let points = |values: &[&str]| -> String {
        let pts: String = values
            .iter()
            .enumerate()
            .map(|(i, v)| format!(r#"<c:pt idx="{i}"><c:v>{}</c:v></c:pt>"#, esc(v)))
            .collect();
        format!(r#"<c:ptCount val="{}"/>{pts}"#, values.len())
    };
    let series = |idx: u32, column: &str, name: &str, values: &[&str]| {
        format!(
            r#"<c:ser><c:idx val="{idx}"/><c:order val="{idx}"/><c:tx><c:strRef><c:f>Sheet1!${column}$1</c:f><c:strCache>{}</c:strCache></c:strRef></c:tx><c:dLbls><c:showVal val="1"/></c:dLbls><c:cat><c:strRef><c:f>Sheet1!$A$2:$A$3</c:f><c:strCache>{}</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!${column}$2:${column}$3</c:f><c:numCache><c:formatCode>General</c:formatCode>{}</c:numCache></c:numRef></c:val></c:ser>"#,
            points(&[name]),
            points(&["拉萨", "Shandong"]),
            points(values)
        )
    };
    let chart = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>Readers by region</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:plotArea><c:barChart><c:barDir val="col"/>{}{}<c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/></c:catAx><c:valAx><c:axId val="2"/><c:title><c:tx><c:rich><a:p><a:r><a:t>Thousands</a:t></a:r></a:p></c:rich></c:tx></c:title></c:valAx></c:plotArea></c:chart></c:chartSpace>"#,
        series(0, "B", "Print", &["4.3", "2.5"]),
        series(1, "C", "Online", &["4.4000000000000004", "1"])
    );
    let chart_rid = related_part(
        &mut d,
        "word/charts/chart1.xml",
        chart.as_bytes(),
        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml",
        "chart",
    );
    let node = |id: u32, kind: Option<&str>, text: &str| {
        let kind = kind.map_or(String::new(), |k| format!(r#" type="{k}""#));
        format!(
            r#"<dgm:pt modelId="{{0000000{id}-0000-0000-0000-000000000000}}"{kind}><dgm:prSet/><dgm:spPr/><dgm:t><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>{}</a:t></a:r></a:p></dgm:t></dgm:pt>"#,
            esc(text)
        )
    };
    let diagram = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>{}{}{}{}{}</dgm:ptLst><dgm:cxnLst/><dgm:bg/><dgm:whole/></dgm:dataModel>"#,
        node(0, Some("doc"), ""),
        node(1, None, "Report"),
        node(2, Some("parTrans"), ""),
        node(3, Some("node"), "Edit & check"),
        node(4, Some("asst"), "发布")
    );
    let diagram_rid = related_part(
        &mut d,
        "word/diagrams/data1.xml",
        diagram.as_bytes(),
        "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
        "diagramData",
    );
    let ole_rid = related_part(
        &mut d,
        "word/embeddings/oleObject1.bin",
        b"\xD0\xCF\x11\xE0 not a real compound file",
        "application/vnd.openxmlformats-officedocument.oleObject",
        "oleObject",
    );
    let workbook = super::xlsx(
        &["Item", "Price", "東京"],
        &[
            (
                "Prices",
                r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>3.1400000000000001</v></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>Total</t></is></c><c r="C4" t="str"><f>B2*2</f><v>6.28</v></c></row>"#,
            ),
            ("Empty", ""),
            ("Flags", r#"<row r="1"><c r="B1" t="b"><v>1</v></c></row>"#),
        ],
    );
    let workbook_rid = related_part(
        &mut d,
        "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
        &workbook,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "package",
    );
    let mut embedded = Docx::new();
    embedded.set_body(&(p_text(None, "An embedded document.") + &p_text(None, "Its second line.")));
    let document_rid = related_part(
        &mut d,
        "word/embeddings/Microsoft_Word_Document1.docx",
        &embedded.to_bytes(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "package",
    );
    let ole = |rid: &str, prog_id: &str, n: usize| {
        format!(
            r##"<w:r><w:object w:dxaOrig="1440" w:dyaOrig="720"><v:shape id="_x0000_i10{n}" type="#_x0000_t75" style="width:72pt;height:36pt"/><o:OLEObject Type="Embed" ProgID="{prog_id}" ShapeID="_x0000_i10{n}" DrawAspect="Icon" ObjectID="_17000000{n}" r:id="{rid}"/></w:object></w:r>"##
        )
    };
    let html_rid = related_part(
        &mut d,
        "word/afchunk.htm",
        "<html><head><style>p { color: red }</style></head><body><p>Imported <b>HTML</b> &amp; more</p></body></html>".as_bytes(),
        "text/html",
        "aFChunk",
    );
    let mut nested = Docx::new();
    nested.set_body(&(p_text(None, "A nested document.") + &p_text(None, "Its second paragraph.")));
    let nested_rid = related_part(
        &mut d,
        "word/afchunk2.docx",
        &nested.to_bytes(),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "aFChunk",
    );
    let rtf_rid = related_part(
        &mut d,
        "word/afchunk3.rtf",
        br"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\f0 Imported \b RTF\b0 , caf\'e9 \u8364? 5\par}",
        "application/rtf",
        "aFChunk",
    );
    let body = [
        p_text(None, "A chart:"),
        p(&inline_graphic(
            1,
            "Chart 1",
            "http://schemas.openxmlformats.org/drawingml/2006/chart",
            &format!(
                r#"<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{chart_rid}"/>"#
            ),
        )),
        p(&(run("A diagram: ")
            + &inline_graphic(
                2,
                "Diagram 2",
                "http://schemas.openxmlformats.org/drawingml/2006/diagram",
                &format!(
                    r#"<dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="{diagram_rid}" r:lo="" r:qs="" r:cs=""/>"#
                ),
            ))),
        p(&(run("A workbook: ")
            + &format!(
                r##"<w:r><w:object w:dxaOrig="1440" w:dyaOrig="720"><v:shape id="_x0000_i1026" type="#_x0000_t75" style="width:72pt;height:36pt"/><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1026" DrawAspect="Icon" ObjectID="_1700000000" r:id="{ole_rid}"/></w:object></w:r>"##
            ))),
        p(&(run("An embedded workbook: ") + &ole(&workbook_rid, "Excel.Sheet.12", 40))),
        p(&(run("An embedded document: ") + &ole(&document_rid, "Word.Document.12", 41))),
        format!(r#"<w:altChunk r:id="{html_rid}"/>"#),
        p_text(None, "Between the imports."),
        format!(r#"<w:altChunk r:id="{nested_rid}"/>"#),
        format!(r#"<w:altChunk r:id="{rtf_rid}"/>"#),
        sect_pr(&[], &[]),
    ]
    .concat();
    d.set_body(&body);
    d
}

/// `Normal` and a bold `heading 1` (style id `Heading1`, outline level 0): the styles most
/// fixtures start from.
fn normal_and_heading1() -> String {
    base_styles("Normal")
        + &para_style(
            "Heading1",
            "heading 1",
            Some("Normal"),
            r#"<w:outlineLvl w:val="0"/>"#,
            "<w:b/>",
        )
}
