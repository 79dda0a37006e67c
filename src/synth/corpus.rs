//! A deterministic newsroom-like corpus for benchmarks (`cargo run --release --example
//! gen_corpus`). The same arguments give the same bytes on every machine: all randomness comes
//! from [`SplitMix64`] seeded by the article number.

use super::fixtures::SEED_ARTICLE;
use super::snippets::*;
use super::{App, Core, Docx, JPEG_8X8};

/// splitmix64: a tiny, good-enough PRNG with a 64-bit state.
#[derive(Debug, Clone)]
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.next_u64() as usize % items.len()]
    }
    /// `true` with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

/// Bytes that look like a baseline JPEG photo of `width` x `height`: JFIF headers, then
/// `len` bytes of incompressible entropy-coded data (0xFF byte-stuffed), then EOI.
pub fn jpeg_like(rng: &mut SplitMix64, width: u16, height: u16, len: usize) -> Vec<u8> {
    // The headers of the tiny valid JPEG, up to and including SOS, with the size patched.
    let header = &JPEG_8X8[..JPEG_8X8.len() - 3];
    let mut out = Vec::with_capacity(header.len() + len + 2);
    out.extend_from_slice(header);
    let sof = out
        .windows(2)
        .position(|w| w == [0xFF, 0xC0])
        .expect("SOF0 in the template");
    out[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    out[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    while out.len() < header.len() + len {
        for b in rng.next_u64().to_le_bytes() {
            out.push(b);
            if b == 0xFF {
                out.push(0x00);
            }
        }
    }
    out.extend_from_slice(&[0xFF, 0xD9]);
    out
}

const LATIN: &[&str] = &[
    "The delegation visited the new industrial park on Tuesday morning.",
    "Officials said the agreement would create thousands of jobs by 2025.",
    "Local farmers welcomed the investment in cold-chain logistics.",
    "According to the provincial statistics bureau, output rose 6.2 percent year on year.",
    "The project covers an area of about 120 square kilometres.",
    "Reporters were shown a demonstration of the digital services platform.",
    "Students from the region thanked their teachers for years of support.",
    "The meeting ended with the signing of twelve cooperation documents.",
    "Tourism revenue in the first quarter exceeded expectations.",
    "Engineers explained how the new rail link will shorten travel times.",
    "A spokesperson declined to give further details on the timetable.",
    "Experts expect demand for renewable energy to keep growing.",
];

const HEADINGS: &[&str] = &[
    "经济合作",
    "科技创新",
    "Background",
    "教育援助",
    "What comes next",
    "产业发展",
    "Reactions",
    "文化交流",
];

fn cjk_phrases() -> Vec<&'static str> {
    SEED_ARTICLE
        .split(['。', '\n'])
        .map(str::trim)
        .filter(|s| s.chars().count() > 8 && !s.contains('['))
        .collect()
}

fn paragraph_text(rng: &mut SplitMix64, cjk: &[&str]) -> String {
    let mut text = String::new();
    for _ in 0..rng.range(2, 6) {
        if rng.chance(65) {
            text.push_str(rng.pick(cjk));
            text.push('。');
        } else {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(rng.pick(LATIN));
        }
    }
    text
}

fn styles() -> String {
    base_styles("a")
        + &para_style(
            "a3",
            "Title",
            Some("a"),
            r#"<w:jc w:val="center"/><w:outlineLvl w:val="0"/>"#,
            r#"<w:b/><w:sz w:val="36"/>"#,
        )
        + &para_style(
            "1",
            "heading 1",
            Some("a"),
            r#"<w:keepNext/><w:outlineLvl w:val="0"/>"#,
            "<w:b/><w:sz w:val=\"32\"/>",
        )
        + &para_style(
            "2",
            "heading 2",
            Some("a"),
            r#"<w:keepNext/><w:outlineLvl w:val="1"/>"#,
            "<w:b/>",
        )
        + &para_style(
            "a5",
            "caption",
            Some("a"),
            r#"<w:jc w:val="center"/>"#,
            r#"<w:sz w:val="20"/>"#,
        )
        + &para_style(
            "a7",
            "List Paragraph",
            Some("a"),
            r#"<w:ind w:firstLine="420"/>"#,
            "",
        )
        + &para_style(
            "FootnoteText",
            "footnote text",
            Some("a"),
            "",
            r#"<w:sz w:val="18"/>"#,
        )
        + r#"<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>"#
}

fn numbering() -> String {
    format!(
        r#"<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{bullet}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="420" w:hanging="420"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="840" w:hanging="420"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
        bullet = '\u{F0B7}'
    )
}

/// Adds a photo (a ~20-200 KB JPEG-like part) and returns its picture paragraph and caption.
fn photo(d: &mut Docx, rng: &mut SplitMix64, doc_pr_id: u32, cjk: &[&str]) -> String {
    let len = rng.range(20_000, 200_000) as usize;
    let (w, h) = rng.pick(&[(1080u16, 720u16), (1280, 853), (800, 600), (1024, 683)]);
    let bytes = jpeg_like(rng, w, h, len);
    let rid = d.add_image(Docx::MAIN, &bytes, "jpeg");
    let name = if rng.chance(50) {
        format!("IMG_{}", 256 + rng.range(0, 300))
    } else {
        format!("图片 {doc_pr_id}")
    };
    let alt = rng.pick(cjk).chars().take(20).collect::<String>();
    let emu_w = 5_274_310u64;
    let emu_h = emu_w * u64::from(h) / u64::from(w);
    let pic = Picture::new(&rid, doc_pr_id, &name)
        .descr(&alt)
        .size(emu_w, emu_h);
    let caption = format!("{}。记者\u{a0}旦增西旦 摄", rng.pick(cjk));
    p_style("a5", &inline_picture(&pic)) + &p_text(Some("a5"), &caption)
}

/// One newsroom-like article: title, lead, headings, CJK and Latin paragraphs, 1-4 photos
/// with captions, bookmarks (`_GoBack`, `_Toc`), a table, a bulleted and a numbered list and a
/// footnote. Article `n` is the same on every machine.
pub fn article(n: u64) -> Docx {
    let mut rng = SplitMix64(0xD0C5_7AC7 ^ n.wrapping_mul(0x1000_0000_01B3));
    let cjk = cjk_phrases();
    let mut d = Docx::new();
    d.styles(&styles());
    d.numbering(&numbering());
    d.footnotes(
        &(note_separators("footnote")
            + &note(
                "footnote",
                1,
                "本文数据来源：自治区统计局。Source: regional statistics bureau.",
            )),
    );
    d.core = Some(Core {
        title: Some(format!("Article {n}")),
        creator: Some("newsroom".into()),
        revision: Some(rng.range(1, 9).to_string()),
        created: Some(format!("2023-05-{:02}T08:00:00Z", 1 + n % 28)),
        modified: Some(format!("2023-05-{:02}T09:30:00Z", 1 + n % 28)),
        ..Core::default()
    });
    d.app = Some(App {
        application: Some("Microsoft Office Word".into()),
        app_version: Some("16.0000".into()),
        ..App::default()
    });
    let mut body = String::new();
    body.push_str(&p_text(
        Some("a3"),
        &rng.pick(&cjk).chars().take(30).collect::<String>(),
    ));
    let lead = paragraph_text(&mut rng, &cjk);
    body.push_str(&p(&(run(&lead) + &note_reference("footnote", 1))));
    let photos = rng.range(1, 4) as u32;
    let sections = rng.range(2, 4);
    let go_back_section = rng.range(0, sections - 1);
    let mut photo_id = 1;
    let mut bookmark = 0;
    for s in 0..sections {
        let heading = rng.pick(HEADINGS);
        body.push_str(&p_style(
            "1",
            &(bookmark_start(bookmark, &format!("_Toc{}", 135_000_000 + n * 10 + s))
                + &run(heading)
                + &bookmark_end(bookmark)),
        ));
        bookmark += 1;
        for i in 0..rng.range(3, 7) {
            let text = paragraph_text(&mut rng, &cjk);
            if s == go_back_section && i == 1 {
                body.push_str(&p(&(bookmark_start(bookmark, "_GoBack")
                    + &bookmark_end(bookmark)
                    + &run(&text))));
                bookmark += 1;
            } else {
                body.push_str(&p_text(None, &text));
            }
            if photo_id <= photos && rng.chance(45) {
                body.push_str(&photo(&mut d, &mut rng, photo_id, &cjk));
                photo_id += 1;
            }
        }
        match s {
            0 => {
                for _ in 0..rng.range(2, 5) {
                    body.push_str(&p_list(Some("a7"), 1, 0, rng.pick(LATIN)));
                }
            }
            1 => {
                for _ in 0..rng.range(2, 5) {
                    let level = u32::from(rng.chance(30));
                    body.push_str(&p_list(Some("a7"), 2, level, rng.pick(&cjk)));
                }
            }
            _ => {}
        }
    }
    while photo_id <= photos {
        body.push_str(&photo(&mut d, &mut rng, photo_id, &cjk));
        photo_id += 1;
    }
    body.push_str(&table(&mut rng));
    body.push_str(&p_text(None, &paragraph_text(&mut rng, &cjk)));
    body.push_str(&sect_pr(&[], &[]));
    d.set_body(&body);
    d
}

fn table(rng: &mut SplitMix64) -> String {
    let cell = |text: &str| tc(r#"<w:tcW w:w="2840" w:type="dxa"/>"#, &p_text(None, text));
    let mut rows = tr(
        "<w:tblHeader/>",
        &(cell("指标 Indicator") + &cell("2022") + &cell("2023")),
    );
    for i in 0..rng.range(2, 5) {
        let a = rng.range(100, 9999);
        let b = rng.range(100, 9999);
        rows.push_str(&tr(
            "",
            &(cell(&format!("项目 {}", i + 1)) + &cell(&a.to_string()) + &cell(&b.to_string())),
        ));
    }
    tbl(&[2840, 2840, 2840], &rows)
}

/// One very large document: 20,000 paragraphs (headings every 100, lists, captions) and 50
/// photos.
pub fn large_document() -> Docx {
    large_document_of(20_000)
}

/// [`large_document`] with `paragraphs` paragraphs (about 500 bytes of `document.xml` each)
/// and the same 50 photos: 280,000 make the 142 MB `document.xml` of issue 18.
pub fn large_document_of(paragraphs: u32) -> Docx {
    const PHOTOS: u32 = 50;
    let mut rng = SplitMix64(0x1A26_E000);
    let cjk = cjk_phrases();
    let mut d = Docx::new();
    d.styles(&styles());
    d.numbering(&numbering());
    d.core = Some(Core {
        title: Some("Large document".into()),
        creator: Some("newsroom".into()),
        ..Core::default()
    });
    let mut body = String::with_capacity(paragraphs as usize * 400);
    body.push_str(&p_text(Some("a3"), "年度报道汇编 Annual collection"));
    let mut count = 1;
    let mut photo_id = 1;
    let mut bookmark = 0;
    // Paragraphs between photos, so the 50 photos spread over the whole document.
    let every = paragraphs / (PHOTOS + 1);
    while count < paragraphs {
        if count % every == 0 && photo_id <= PHOTOS && count + 2 <= paragraphs {
            body.push_str(&photo(&mut d, &mut rng, photo_id, &cjk));
            photo_id += 1;
            count += 1; // the picture paragraph and its caption are two paragraphs
        } else if count % 100 == 1 {
            body.push_str(&p_style(
                "1",
                &(bookmark_start(bookmark, &format!("_Toc{}", 200_000_000 + count))
                    + &run(rng.pick(HEADINGS))
                    + &bookmark_end(bookmark)),
            ));
            bookmark += 1;
        } else if count % 37 == 0 {
            body.push_str(&p_list(Some("a7"), 2, 0, rng.pick(LATIN)));
        } else {
            body.push_str(&p_text(None, &paragraph_text(&mut rng, &cjk)));
        }
        count += 1;
    }
    body.push_str(&sect_pr(&[], &[]));
    d.set_body(&body);
    d
}
