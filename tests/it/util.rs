//! Helpers the test modules share, written once: where the fixtures and the shared corpus are,
//! reading a document, writing one to a string, and running the binary in a fresh folder.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use docxtract::model::TrackChanges;
use docxtract::synth::Docx;
use docxtract::write::{write, Format, WriteOptions};
use docxtract::{Document, Options};

// ---------------------------------------------------------------------------------------------
// Fixtures and the shared corpus

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

pub fn fixture_path(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

/// Every committed `fixtures/*.docx`, sorted.
pub fn fixture_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(fixtures_dir())
        .expect("fixtures/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    files.sort();
    files
}

/// The reader's options in each tracked-change mode that reads `bytes`.
pub fn readable_in_every_mode(bytes: &[u8]) -> Vec<(TrackChanges, Options)> {
    let modes = [
        TrackChanges::Accept,
        TrackChanges::Reject,
        TrackChanges::All,
    ];
    modes
        .into_iter()
        .map(|track_changes| {
            let mut options = Options::default();
            options.track_changes = track_changes;
            (track_changes, options)
        })
        .filter(|(_, options)| docxtract::from_bytes(bytes, options).is_ok())
        .collect()
}

pub fn open_fixture_with(name: &str, options: &Options) -> Document {
    docxtract::open_path(fixture_path(name), options).unwrap_or_else(|e| panic!("{name}: {e}"))
}

pub fn open_fixture(name: &str) -> Document {
    open_fixture_with(name, &Options::default())
}

/// `../shared/REL` beside the repository, when it is there (it is never committed).
pub fn shared_path(rel: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    path.exists().then_some(path)
}

/// `../shared/corpus`, or `None` with a note that the test is skipped: a clone without the
/// corpus passes.
pub fn shared_corpus() -> Option<PathBuf> {
    let dir = shared_path("corpus").filter(|d| d.is_dir());
    if dir.is_none() {
        eprintln!("skipped: ../shared/corpus not found");
    }
    dir
}

// ---------------------------------------------------------------------------------------------
// Documents in and out

/// A package from the fixture builder, converted with the default options.
pub fn read_docx(d: &Docx) -> Document {
    docxtract::from_bytes(&d.to_bytes(), &Options::default()).expect("converts")
}

/// A package whose main part's body is `body`, converted with `options`.
pub fn read_body_with(body: &str, options: &Options) -> Document {
    let mut d = Docx::new();
    d.set_body(body);
    docxtract::from_bytes(&d.to_bytes(), options).expect("converts")
}

pub fn read_body(body: &str) -> Document {
    read_body_with(body, &Options::default())
}

/// A one-paragraph body ("Body") whose one section shows `header_inner` as its default header.
pub fn read_with_header(header_inner: &str) -> Document {
    use docxtract::synth::snippets as s;
    let mut d = Docx::new();
    let rid = d.header("header1.xml", header_inner);
    d.set_body(&format!(
        "{}{}",
        s::p(&s::run("Body")),
        s::sect_pr(&[("default", &rid)], &[])
    ));
    read_docx(&d)
}

/// One writer's output, as a string.
pub fn render(doc: &Document, format: Format, options: &WriteOptions) -> String {
    let mut out = Vec::new();
    write(doc, format, options, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

// ---------------------------------------------------------------------------------------------
// The binary

pub const BIN: &str = env!("CARGO_BIN_EXE_docxtract");

/// A fresh temporary folder; the binary runs with it as working directory.
pub struct Env {
    pub dir: tempfile::TempDir,
}

impl Env {
    pub fn new() -> Env {
        Env {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(&p, bytes).unwrap();
        p
    }

    /// A valid minimal .docx whose paragraphs are `paragraphs`.
    pub fn docx(&self, rel: &str, paragraphs: &[&str]) -> PathBuf {
        self.write(rel, &minimal_docx(paragraphs))
    }

    pub fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(BIN);
        c.args(args).current_dir(self.dir.path());
        c.env_remove("DOCXTRACT_PANIC_ON");
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().expect("run docxtract")
    }

    /// Run, and fail the test unless the run exits 0.
    pub fn run_ok(&self, args: &[&str]) -> Output {
        let o = self.run(args);
        assert_eq!(code(&o), 0, "{args:?}: {}", stderr(&o));
        o
    }

    pub fn run_stdin(&self, args: &[&str], input: &[u8]) -> Output {
        let mut child = self
            .cmd(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // From a thread: a large input would fill the pipes both ways. A broken pipe is
        // fine: the binary may stop reading (a limit) before the end.
        let mut stdin = child.stdin.take().unwrap();
        let input = input.to_vec();
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let out = child.wait_with_output().unwrap();
        writer.join().unwrap();
        out
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Lines of a `--report` file, parsed.
    pub fn report(&self, rel: &str) -> Vec<serde_json::Value> {
        self.read(rel)
            .lines()
            .map(|l| serde_json::from_str(l).expect("report line is JSON"))
            .collect()
    }

    /// Every file under `rel`, relative path -> bytes.
    pub fn tree(&self, rel: &str) -> BTreeMap<String, Vec<u8>> {
        let root = self.path(rel);
        walkdir::WalkDir::new(&root)
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&root).unwrap();
                (
                    rel.to_string_lossy().into_owned(),
                    fs::read(e.path()).unwrap(),
                )
            })
            .collect()
    }
}

/// A run stopped by its output budget: exit 1, nothing on stdout, one `limit exceeded` line;
/// returns that line.
pub fn assert_over_budget_with_no_stdout(out: &Output) -> String {
    let stderr = stderr(out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let stdout = out.stdout.len();
    assert!(out.stdout.is_empty(), "{stdout} bytes of stdout");
    let errors: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("limit exceeded"))
        .collect();
    assert_eq!(errors.len(), 1, "{stderr}");
    errors[0].to_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A package of the three parts Word needs, one plain paragraph per item of `paragraphs`.
pub fn minimal_docx(paragraphs: &[&str]) -> Vec<u8> {
    use zip::write::SimpleFileOptions;
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!(
            "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
            xml_escape(p)
        ));
    }
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
                .to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
                .to_string(),
        ),
        (
            "word/document.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
            ),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
