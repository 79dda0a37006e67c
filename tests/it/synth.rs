//! The synthetic .docx writer, the fixture set and the benchmark corpus generator.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use docxtract::synth::corpus;
use docxtract::synth::fixtures::{self, SEED_ARTICLE};
use docxtract::synth::snippets as s;
use docxtract::synth::{Compression, Docx, Flavor, WPrefix, JPEG_8X8, PNG_1X1};
use quick_xml::events::Event;
use zip::{CompressionMethod, ZipArchive};

use crate::util::fixtures_dir;

/// Every entry of a package: name -> (bytes, compression method).
fn entries(bytes: &[u8]) -> BTreeMap<String, (Vec<u8>, CompressionMethod)> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let name = f.name().expect("a UTF-8 entry name").to_string();
        out.insert(name, (data, f.compression()));
    }
    out
}

fn text(entries: &BTreeMap<String, (Vec<u8>, CompressionMethod)>, name: &str) -> String {
    let (bytes, _) = entries
        .get(name)
        .unwrap_or_else(|| panic!("no entry {name}"));
    String::from_utf8(bytes.clone()).unwrap()
}

/// Fails unless `xml` is well-formed (matching end tags, one root) with bound prefixes.
fn assert_well_formed(name: &str, xml: &[u8]) {
    let mut reader = quick_xml::NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut depth = 0i32;
    let mut roots = 0;
    loop {
        match reader.read_resolved_event_into(&mut buf) {
            Ok((ns, Event::Start(_))) => {
                if depth == 0 {
                    roots += 1;
                }
                depth += 1;
                assert!(
                    !matches!(ns, quick_xml::name::ResolveResult::Unknown(_)),
                    "{name}: unbound prefix"
                );
            }
            Ok((ns, Event::Empty(_))) => {
                assert!(
                    !matches!(ns, quick_xml::name::ResolveResult::Unknown(_)),
                    "{name}: unbound prefix"
                );
                if depth == 0 {
                    roots += 1;
                }
            }
            Ok((_, Event::End(_))) => depth -= 1,
            Ok((_, Event::Eof)) => break,
            Ok(_) => {}
            Err(e) => panic!("{name}: not well-formed: {e}"),
        }
        buf.clear();
    }
    assert_eq!(
        (depth, roots),
        (0, 1),
        "{name}: unbalanced or several roots"
    );
}

#[test]
fn builder_writes_parts_rels_and_content_types() {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    let hdr = d.header("header1.xml", "");
    let hdr_img = d.add_image("word/header1.xml", PNG_1X1, "png");
    d.set_w_inner(
        "word/header1.xml",
        &s::p(&s::inline_picture(&s::Picture::new(&hdr_img, 2, "Logo"))),
    );
    let img = d.add_image(Docx::MAIN, JPEG_8X8, "jpeg");
    let link = d.add_hyperlink(Docx::MAIN, "https://example.com/?a=1&b=2");
    d.set_body(
        &(s::p(&s::inline_picture(&s::Picture::new(&img, 1, "IMG_256")))
            + &s::p(&s::hyperlink(&link, &s::run("x")))
            + &s::sect_pr(&[("default", &hdr)], &[])),
    );
    let e = entries(&d.to_bytes());
    let names: Vec<&str> = e.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/_rels/header1.xml.rels",
            "word/document.xml",
            "word/header1.xml",
            "word/media/image1.png",
            "word/media/image2.jpeg",
            "word/styles.xml",
        ]
    );
    for (name, (bytes, _)) in &e {
        if name.ends_with(".xml") || name.ends_with(".rels") {
            assert_well_formed(name, bytes);
        }
    }
    let ct = text(&e, "[Content_Types].xml");
    for needle in [
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Default Extension="png" ContentType="image/png"/>"#,
        r#"<Default Extension="jpeg" ContentType="image/jpeg"/>"#,
        r#"<Default Extension="gif" ContentType="image/gif"/>"#,
        r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
        r#"<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>"#,
        r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#,
    ] {
        assert!(ct.contains(needle), "missing {needle} in {ct}");
    }
    let root = text(&e, "_rels/.rels");
    assert!(root.contains(r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml""#));
    let rels = text(&e, "word/_rels/document.xml.rels");
    assert!(rels.contains(&format!(
        r#"Id="{hdr}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml""#
    )));
    assert!(rels.contains(&format!(r#"Id="{img}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image2.jpeg""#)));
    assert!(rels.contains(r#"Target="https://example.com/?a=1&amp;b=2" TargetMode="External""#));
    // The header's image relationship lives in the header's own rels, with its own ids.
    let hrels = text(&e, "word/_rels/header1.xml.rels");
    assert_eq!(hdr_img, "rId1");
    assert!(hrels.contains(r#"Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png""#));
    assert!(text(&e, "word/document.xml").contains(&format!(
        r#"<w:headerReference w:type="default" r:id="{hdr}"/>"#
    )));
    // Media are stored as Word stores them, XML is deflated; media bytes are intact.
    assert_eq!(e["word/media/image2.jpeg"].1, CompressionMethod::Stored);
    assert_eq!(e["word/document.xml"].1, CompressionMethod::Deflated);
    assert_eq!(e["word/media/image2.jpeg"].0, JPEG_8X8);
    assert_eq!(e["word/media/image1.png"].0, PNG_1X1);
}

#[test]
fn hostile_escapes_omit_parts_add_raw_entries_and_choose_compression() {
    let mut d = Docx::new();
    d.set_body(&s::p_text(None, "x"));
    d.omit_content_types = true;
    d.omit_root_rels = true;
    d.xml_compression = Compression::Stored;
    d.raw_entry("word/evil.bin", &[0xD0, 0xCF, 0x11, 0xE0]);
    let e = entries(&d.to_bytes());
    assert!(!e.contains_key("[Content_Types].xml"));
    assert!(!e.contains_key("_rels/.rels"));
    assert_eq!(e["word/evil.bin"].0, [0xD0, 0xCF, 0x11, 0xE0]);
    assert_eq!(e["word/document.xml"].1, CompressionMethod::Stored);
    // Duplicate entry names are refused, not written.
    d.raw_entry("word/document.xml", b"again");
    assert!(d.try_to_bytes().is_err());
}

#[test]
fn alternate_main_path_moves_relative_targets() {
    let mut d = Docx::new();
    d.styles(&s::base_styles("Normal"));
    d.set_main_path("content/main.xml");
    d.set_body(&s::p_text(None, "x"));
    let e = entries(&d.to_bytes());
    assert!(text(&e, "_rels/.rels").contains(r#"Target="content/main.xml""#));
    assert!(text(&e, "content/_rels/main.xml.rels").contains(r#"Target="../word/styles.xml""#));
    assert!(text(&e, "[Content_Types].xml").contains(r#"<Override PartName="/content/main.xml""#));
}

#[test]
fn fixtures_are_deterministic_and_committed_files_are_current() {
    let first = fixtures::all();
    let second = fixtures::all();
    assert_eq!(first.len(), 23);
    let dir = fixtures_dir();
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.name, b.name);
        assert!(a.bytes == b.bytes, "{} differs between two builds", a.name);
        let committed =
            std::fs::read(dir.join(a.name)).unwrap_or_else(|e| panic!("fixtures/{}: {e}", a.name));
        assert!(
            committed == a.bytes,
            "fixtures/{} is stale: run `cargo run --example build_fixtures`",
            a.name
        );
        for (name, (bytes, _)) in entries(&a.bytes) {
            if name.ends_with(".xml") || name.ends_with(".rels") {
                assert_well_formed(&format!("{}:{name}", a.name), &bytes);
            }
        }
    }
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert_eq!(
        readme,
        fixtures::readme(&first),
        "fixtures/README.md is stale"
    );
}

fn fixture(name: &str) -> BTreeMap<String, (Vec<u8>, CompressionMethod)> {
    let f = fixtures::all()
        .into_iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no fixture {name}"));
    entries(&f.bytes)
}

const W_TRANSITIONAL: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

#[test]
fn strict_fixture_uses_strict_namespaces_everywhere() {
    let e = fixture("strict.docx");
    for part in [
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/footnotes.xml",
    ] {
        let x = text(&e, part);
        assert!(x.contains(&format!(r#"xmlns:w="{W_STRICT}""#)), "{part}");
        assert!(!x.contains(W_TRANSITIONAL), "{part} has a Transitional URI");
        assert!(
            !x.contains("schemas.openxmlformats.org/drawingml"),
            "{part}"
        );
    }
    let doc = text(&e, "word/document.xml");
    assert!(doc.contains(r#"xmlns:r="http://purl.oclc.org/ooxml/officeDocument/relationships""#));
    assert!(doc.contains(r#"<a:graphicData uri="http://purl.oclc.org/ooxml/drawingml/picture">"#));
    let rels = text(&e, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles""#)
    );
    assert!(!rels.contains("schemas.openxmlformats.org/officeDocument"));
    assert!(text(&e, "_rels/.rels").contains(
        r#"Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument""#
    ));
    // The same sample in Transitional differs only by flavor.
    assert_eq!(Flavor::Strict.w(), W_STRICT);
}

#[test]
fn prefix_fixtures_use_their_prefix_in_every_wordprocessingml_part() {
    let e = fixture("prefixes-ns0.docx");
    for part in [
        "word/document.xml",
        "word/styles.xml",
        "word/numbering.xml",
        "word/footnotes.xml",
    ] {
        let x = text(&e, part);
        assert!(
            x.contains(&format!(r#"xmlns:ns0="{W_TRANSITIONAL}""#)),
            "{part}"
        );
        assert!(
            !x.contains("<w:") && !x.contains(" w:"),
            "{part} still uses w:"
        );
        assert!(!x.contains("xmlns:w="), "{part}");
    }
    let doc = text(&e, "word/document.xml");
    assert!(doc.contains(r#"<ns0:pStyle ns0:val="Heading1"/>"#));
    assert!(doc.contains("<ns0:t>Namespace sample</ns0:t>"));

    let e = fixture("prefixes-default.docx");
    let doc = text(&e, "word/document.xml");
    assert!(doc.contains(&format!(
        r#"<document xmlns="{W_TRANSITIONAL}" xmlns:w="{W_TRANSITIONAL}""#
    )));
    assert!(doc.contains(
        r#"<body><p><pPr><pStyle w:val="Heading1"/></pPr><r><t>Namespace sample</t></r></p>"#
    ));
    assert!(!doc.contains("<w:"));
    assert!(text(&e, "word/styles.xml").contains("<styles xmlns="));
}

#[test]
fn prefix_renaming_leaves_text_and_other_prefixes_alone() {
    let x = r#"<w:p><w:r><w:t>a w:b &lt;w:c&gt;</w:t></w:r><w14:x w:val="w:y"/></w:p>"#;
    assert_eq!(
        docxtract::synth::rename_w_prefix(x, &WPrefix::Prefix("ns0".into())),
        r#"<ns0:p><ns0:r><ns0:t>a w:b &lt;w:c&gt;</ns0:t></ns0:r><w14:x ns0:val="w:y"/></ns0:p>"#
    );
}

#[test]
fn seed_article_fixture_has_the_paragraphs_bookmark_and_photo() {
    let e = fixture("newsroom-article.docx");
    let doc = text(&e, "word/document.xml");
    let paragraphs = doc.matches("<w:p>").count() + doc.matches("<w:p/>").count();
    assert_eq!(paragraphs, 25);
    assert_eq!(SEED_ARTICLE.split('\n').count(), 25);
    assert!(
        doc.contains(r#"<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>"#)
    );
    assert!(doc.contains(r#"<wp:docPr id="1" name="IMG_260" descr="IMG_260"/>"#));
    assert!(!doc.contains("[bookmark:") && !doc.contains("[image:"));
    // The no-break spaces and the single space of the last line are kept.
    assert!(doc.contains("记者\u{a0}旦增西旦 摄"));
    assert!(doc.ends_with(
        "<w:t xml:space=\"preserve\"> </w:t></w:r></w:p><w:sectPr><w:pgSz w:w=\"12240\" w:h=\"15840\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:cols w:space=\"720\"/></w:sectPr></w:body></w:document>"
    ));
    // The photo is an image relationship to a JPEG part.
    let rels = text(&e, "word/_rels/document.xml.rels");
    let rid = doc
        .split(r#"<a:blip r:embed=""#)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap();
    assert!(rels.contains(&format!(
        r#"Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.jpeg""#
    )));
    assert_eq!(&e["word/media/image1.jpeg"].0[..3], [0xFF, 0xD8, 0xFF]);
    let core = text(&e, "docProps/core.xml");
    assert!(core.contains("<dc:creator>xzrb</dc:creator>"));
}

#[test]
fn alternate_path_fixture_plays_case_and_target_games() {
    let e = fixture("alternate-path.docx");
    assert!(e.contains_key("Word/document2.xml"));
    assert!(e.contains_key("word/Styles.xml"));
    assert!(e.contains_key("word/media/Photo 1.png"));
    assert!(e.contains_key("notes/_rels/footnotes.xml.rels"));
    assert!(text(&e, "_rels/.rels").contains(r#"Target="/word/document2.xml""#));
    let rels = text(&e, "Word/_rels/document2.xml.rels");
    for target in [
        r#"Target="/word/styles.xml""#,
        r#"Target="../word/numbering.xml""#,
        r#"Target="../notes/footnotes.xml""#,
        r#"Target="media/photo%201.png""#,
    ] {
        assert!(rels.contains(target), "missing {target}");
    }
    assert!(
        text(&e, "notes/_rels/footnotes.xml.rels").contains(r#"Target="../word/media/image1.png""#)
    );
}

#[test]
fn corpus_articles_are_deterministic_and_newsroom_like() {
    for n in [1u64, 2, 17] {
        let a = corpus::article(n).to_bytes();
        assert!(a == corpus::article(n).to_bytes(), "article {n} differs");
        let e = entries(&a);
        let photos: Vec<_> = e
            .iter()
            .filter(|(name, _)| name.starts_with("word/media/"))
            .collect();
        assert!(
            (1..=4).contains(&photos.len()),
            "article {n}: {} photos",
            photos.len()
        );
        for (name, (bytes, method)) in &photos {
            assert!(
                (20_000..=210_000).contains(&bytes.len()),
                "{name}: {} bytes",
                bytes.len()
            );
            assert_eq!(&bytes[..2], [0xFF, 0xD8]);
            assert_eq!(&bytes[bytes.len() - 2..], [0xFF, 0xD9]);
            assert_eq!(*method, CompressionMethod::Stored);
        }
        let doc = text(&e, "word/document.xml");
        assert_well_formed("document.xml", doc.as_bytes());
        assert!(doc.contains(r#"w:name="_GoBack""#));
        assert!(doc.contains("<w:tbl>"));
        assert!(doc.contains(r#"<w:numId w:val="1"/>"#) && doc.contains(r#"<w:numId w:val="2"/>"#));
        assert!(doc.contains(r#"<w:footnoteReference w:id="1"/>"#));
        assert!(doc.contains(r#"<w:pStyle w:val="a5"/>"#));
        assert_eq!(doc.matches("<wp:docPr ").count(), photos.len());
        assert!(doc.contains(r#"name="IMG_"#) || doc.contains(r#"name="图片 "#));
    }
    assert!(corpus::article(1).to_bytes() != corpus::article(2).to_bytes());
}

#[test]
fn large_document_has_20000_paragraphs_and_50_photos() {
    let d = corpus::large_document();
    assert_eq!(d.body.matches("<w:p>").count(), 20_000);
    assert_eq!(d.body.matches("<wp:docPr ").count(), 50);
}
