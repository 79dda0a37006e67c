//! A paragraph's text is stored once: visible runs are slices of the paragraph's `text`, runs
//! the paragraph leaves out (deleted, hidden) have text of their own, and no run ever claims
//! text that is not where its slice says. Style names are shared with the styles table.

use docxtract::model::*;
use docxtract::synth::{snippets as s, Docx};
use docxtract::{from_bytes, Options};

use crate::util::read_body_with;

fn read_with(body: &str, track_changes: TrackChanges) -> Document {
    let mut options = Options::default();
    options.track_changes = track_changes;
    read_body_with(body, &options)
}

fn read(body: &str) -> Document {
    read_with(body, TrackChanges::Accept)
}

fn first_paragraph(doc: &Document) -> &Paragraph {
    match doc.blocks.first() {
        Some(Block::Paragraph(p)) => p,
        other => panic!("expected a paragraph, found {other:?}"),
    }
}

/// Every text run of the paragraph, links included, depth first.
fn runs(p: &Paragraph) -> Vec<&TextRun> {
    fn walk<'a>(inlines: &'a [Inline], out: &mut Vec<&'a TextRun>) {
        for inline in inlines {
            match inline {
                Inline::Text(run) => out.push(run),
                Inline::Link(link) => walk(&link.inlines, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&p.inlines, &mut out);
    out
}

fn shares_paragraph_text(run: &TextRun, p: &Paragraph) -> bool {
    ArcStr::ptr_eq(run.text.parent(), &p.text)
}

fn deleted(inner: &str) -> String {
    format!(r#"<w:del w:id="1" w:author="Ann" w:date="2024-01-02T00:00:00Z">{inner}</w:del>"#)
}

fn del_run(text: &str) -> String {
    format!(r#"<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r>"#)
}

#[test]
fn visible_runs_are_slices_of_the_paragraph_text_buffer() {
    let doc = read(&s::p(
        &(s::run_rpr("<w:b/>", "Bold ") + &s::run("plain") + &s::run_rpr("<w:i/>", " 中文")),
    ));
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "Bold plain 中文");
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["Bold ", "plain", " 中文"]);
    for run in &runs {
        assert!(shares_paragraph_text(run, p), "{:?} is a copy", run.text);
        assert_eq!(&p.text[run.text.range()], run.text.as_str());
    }
}

#[test]
fn consecutive_runs_of_one_format_become_one_slice() {
    let doc = read(&s::p(&(s::run("ab") + &s::run("cd") + &s::run("ef"))));
    let p = first_paragraph(&doc);
    let runs = runs(p);
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0].text, "abcdef");
    assert_eq!(runs[0].text.range(), 0..6);
    assert!(shares_paragraph_text(runs[0], p));
}

#[test]
fn a_deleted_run_keeps_its_own_text_under_the_accept_view() {
    let body =
        s::p(&(s::run("kept ") + &deleted(&(del_run("gone") + &del_run(" too"))) + &s::run("end")));
    let doc = read(&body);
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "kept end");
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["kept ", "gone too", "end"]);
    assert!(shares_paragraph_text(runs[0], p));
    assert!(!shares_paragraph_text(runs[1], p));
    assert!(shares_paragraph_text(runs[2], p));
    assert_eq!(runs[2].text.range(), 5..8);
    let change = runs[1].change.as_ref().expect("a tracked change");
    assert_eq!(change.kind, ChangeKind::Deletion);
}

#[test]
fn under_the_reject_view_deleted_text_is_shared_and_inserted_text_is_not() {
    let inserted = r#"<w:ins w:id="2" w:author="Bo"><w:r><w:t>new</w:t></w:r></w:ins>"#;
    let body = s::p(&(s::run("a ") + &deleted(&del_run("old")) + inserted));
    let doc = read_with(&body, TrackChanges::Reject);
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "a old");
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["a ", "old", "new"]);
    assert!(shares_paragraph_text(runs[1], p));
    assert!(!shares_paragraph_text(runs[2], p));
}

#[test]
fn hidden_text_is_kept_in_its_run_and_left_out_of_the_paragraph_text() {
    let body = s::p(
        &(s::run("see ")
            + &s::run_rpr("<w:vanish/>", "secret")
            + &s::run_rpr("<w:webHidden/>", " also")
            + &s::run("this")),
    );
    let doc = read(&body);
    let p = first_paragraph(&doc);
    // `w:webHidden` hides text in Web Layout only: it is ordinary text.
    assert_eq!(p.text, "see  alsothis");
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["see ", "secret", " alsothis"]);
    assert!(runs[1].hidden && !shares_paragraph_text(runs[1], p));
    assert!(!runs[2].hidden && shares_paragraph_text(runs[2], p));
    assert_eq!(runs[2].text.range(), 4..13);
}

#[test]
fn shown_hidden_text_shares_the_paragraph_text_and_stays_flagged() {
    let body = s::p(&(s::run("see ") + &s::run_rpr("<w:vanish/>", "secret") + &s::run(" this")));
    let mut d = Docx::new();
    d.set_body(&body);
    let mut options = Options::default();
    options.show_hidden = true;
    let doc = from_bytes(&d.to_bytes(), &options).expect("converts");
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "see secret this");
    let runs = runs(p);
    assert!(runs[1].hidden && shares_paragraph_text(runs[1], p));
    assert_eq!(runs[1].text.range(), 4..10);
}

#[test]
fn same_format_text_on_both_sides_of_a_tab_or_break_stays_two_runs() {
    let body = s::p(
        r#"<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t></w:r><w:r><w:t>d</w:t></w:r>"#,
    );
    let doc = read(&body);
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "a\tb\ncd");
    assert!(matches!(p.inlines[1], Inline::Tab));
    assert!(matches!(p.inlines[3], Inline::Break { .. }));
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["a", "b", "cd"]);
    for run in runs {
        assert_eq!(&p.text[run.text.range()], run.text.as_str());
    }
}

#[test]
fn a_tab_written_as_text_does_not_join_the_runs_around_it() {
    // A `w:t` holding only a tab is taken as a tab (in the text, not in a run): the runs on
    // either side are not contiguous in the text, so they are not merged into "ab".
    let body = s::p(
        r#"<w:r><w:t>a</w:t></w:r><w:r><w:t xml:space="preserve">	</w:t></w:r><w:r><w:t>b</w:t></w:r>"#,
    );
    let doc = read(&body);
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "a\tb");
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["a", "b"]);
    assert_eq!(runs[1].text.range(), 2..3);
}

#[test]
fn link_runs_share_the_paragraph_text_and_the_link_keeps_its_text() {
    let body = s::p(
        &(s::run("see ")
            + r#"<w:hyperlink w:anchor="target"><w:r><w:t>the link</w:t></w:r></w:hyperlink>"#
            + &s::run(" after")),
    );
    let doc = read(&body);
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "see the link after");
    assert_eq!(doc.links[0].text, "the link");
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["see ", "the link", " after"]);
    assert!(runs.iter().all(|r| shares_paragraph_text(r, p)));
    assert_eq!(runs[1].text.range(), 4..12);
}

#[test]
fn field_results_and_formulas_stay_in_the_text_around_shared_runs() {
    let body = s::p(
        &(s::run("page ")
            + r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
            + r#"<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:r><m:t>x</m:t></m:r></m:oMath>"#
            + &s::run(" end")),
    );
    let doc = read(&body);
    let p = first_paragraph(&doc);
    assert_eq!(p.text, "page 7x end");
    assert_eq!(doc.fields[0].result, "7");
    let runs = runs(p);
    let texts: Vec<&str> = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["page 7", " end"]);
    assert_eq!(runs[1].text.range(), 7..11);
    assert!(runs.iter().all(|r| shares_paragraph_text(r, p)));
}

#[test]
fn paragraphs_in_a_text_box_inside_a_paragraph_have_their_own_buffers() {
    let text_box = r#"<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox><w:txbxContent><w:p><w:r><w:t>inside</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"#;
    let body = s::p(&(s::run("before ") + text_box + &s::run("after")));
    let doc = read(&body);
    let outer = first_paragraph(&doc);
    assert_eq!(outer.text, "before after");
    let Some(Block::Paragraph(inner)) = doc.blocks.get(1) else {
        panic!("no text-box paragraph: {:?}", doc.blocks);
    };
    assert_eq!(inner.text, "inside");
    assert!(runs(inner).iter().all(|r| shares_paragraph_text(r, inner)));
    let outer_runs = runs(outer);
    let texts: Vec<&str> = outer_runs.iter().map(|r| r.text.as_str()).collect();
    // The text box leaves no inline between them: one run, contiguous in the outer text.
    assert_eq!(texts, ["before after"]);
    assert!(outer_runs.iter().all(|r| shares_paragraph_text(r, outer)));
}

#[test]
fn paragraphs_of_one_style_share_its_id_and_name() {
    let mut d = Docx::new();
    d.styles(
        &(s::base_styles("a1")
            + r#"<w:style w:type="paragraph" w:styleId="Quote"><w:name w:val="Quote Block"/></w:style>"#),
    );
    d.set_body(
        &[
            s::p_text(Some("Quote"), "one"),
            s::p_text(Some("Quote"), "two"),
            s::p_text(None, "three"),
            s::p_text(None, "four"),
            s::p_text(Some("Missing"), "five"),
        ]
        .concat(),
    );
    let doc = from_bytes(&d.to_bytes(), &Options::default()).expect("converts");
    let paragraphs: Vec<&Paragraph> = doc.paragraphs().into_iter().map(|(_, p)| p).collect();
    let style = |i: usize| {
        let p = paragraphs[i];
        (p.style_id.clone().unwrap(), p.style.clone())
    };
    let (quote_id, quote_name) = style(0);
    assert_eq!(
        (quote_id.as_str(), quote_name.as_deref()),
        ("Quote", Some("Quote Block"))
    );
    let (id, name) = style(1);
    assert!(ArcStr::ptr_eq(&id, &quote_id));
    assert!(ArcStr::ptr_eq(&name.unwrap(), quote_name.as_ref().unwrap()));
    // Paragraphs without w:pStyle take the default style, shared the same way.
    let (normal_id, normal_name) = style(2);
    assert_eq!(
        (normal_id.as_str(), normal_name.as_deref()),
        ("a1", Some("Normal"))
    );
    let (id, name) = style(3);
    assert!(ArcStr::ptr_eq(&id, &normal_id));
    assert!(ArcStr::ptr_eq(
        &name.unwrap(),
        normal_name.as_ref().unwrap()
    ));
    // An id the styles table lacks is kept as written, with no name.
    assert_eq!(style(4), (ArcStr::from("Missing"), None));
}
