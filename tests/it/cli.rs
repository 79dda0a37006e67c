//! Integration tests of the `docxtract` binary, run on folder trees made in each test.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::util::{code, fixture_path, minimal_docx, stderr, stdout, Env, BIN};

/// A package of `n` paragraphs, `paragraph 0` to `paragraph {n - 1}`: a file of a chosen size.
fn numbered_docx(n: usize) -> Vec<u8> {
    let paras: Vec<String> = (0..n).map(|k| format!("paragraph {k}")).collect();
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    minimal_docx(&refs)
}

/// Texts of the paragraphs of a JSON document.
fn paragraph_texts(doc: &serde_json::Value) -> Vec<String> {
    doc["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "paragraph")
        .map(|b| b["text"].as_str().unwrap().to_string())
        .collect()
}

fn temp_files_under(root: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains("docxtract-partial")
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Usage and help

#[test]
fn help_documents_exit_codes_and_stdout_conventions() {
    let env = Env::new();
    let o = env.run(&["--help"]);
    assert_eq!(code(&o), 0);
    let help = stdout(&o);
    for needle in [
        "EXIT CODES",
        "130",
        "==> PATH <==",
        "NDJSON",
        "--shard",
        "--skip-existing",
        "--csv-raw",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}:\n{help}");
    }
}

#[test]
fn usage_errors_exit_2_with_one_line() {
    let env = Env::new();
    env.docx("a.docx", &["x"]);
    for args in [
        &[][..],
        &["a.docx", "-t", "json,md"][..],
        &["a.docx", "--shard", "5/4"][..],
        &["-", "-"][..],
        &["a.docx", "--jobs", "0"][..],
        &["a.docx", "--glob", "a[b"][..],
        &["a.docx", "--to", "pdf"][..],
    ] {
        let o = env.run(args);
        assert_eq!(code(&o), 2, "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("docxtract") || stderr(&o).contains("error"));
        assert!(o.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_missing_input_is_a_failed_input_exit_1_alone_or_beside_good_ones() {
    let env = Env::new();
    env.docx("good.docx", &["x"]);
    for args in [&["no-such.docx"][..], &["no-such.docx", "good.docx"][..]] {
        let o = env.run(args);
        assert_eq!(code(&o), 1, "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.contains("docxtract: no-such.docx: cannot read:"),
            "{err}"
        );
        assert!(err.contains(" 1 failed"), "counted in the summary: {err}");
    }
}

#[test]
fn folder_without_documents_exits_2() {
    let env = Env::new();
    env.write("empty/readme.txt", b"hello");
    let o = env.run(&["empty"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("no documents found"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// One file to stdout

#[test]
fn single_file_goes_to_stdout_as_json() {
    let env = Env::new();
    env.docx("a.docx", &["Hello", "world"]);
    let o = env.run(&["a.docx"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "one NDJSON line");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(paragraph_texts(&doc), ["Hello", "world"]);
    assert_eq!(doc["source"]["path"], "a.docx");
}

#[test]
fn out_dash_means_standard_output_not_a_folder_named_dash() {
    let env = Env::new();
    env.docx("a.docx", &["Hello"]);
    let o = env.run(&["a.docx", "-o", "-"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(paragraph_texts(&doc), ["Hello"]);
    assert!(!env.path("-").exists(), "a folder named - was made");
}

#[test]
fn pretty_indents_json() {
    let env = Env::new();
    env.docx("a.docx", &["Hello"]);
    let o = env.run(&["a.docx", "--pretty"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).lines().count() > 5);
    assert!(stdout(&o).contains("\n  \"schema\""));
    let _: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
}

#[test]
fn dash_reads_one_document_from_stdin_with_null_path() {
    let env = Env::new();
    let o = env.run_stdin(&["-"], &minimal_docx(&["from stdin"]));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(paragraph_texts(&doc), ["from stdin"]);
    assert!(doc["source"]["path"].is_null());
}

#[test]
fn corrupt_file_fails_with_one_clear_line_and_exit_1() {
    let env = Env::new();
    env.write("bad.docx", b"this is not a zip at all");
    let o = env.run(&["bad.docx"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("bad.docx")).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("docxtract: bad.docx: "), "{err}");
    assert!(lines[0].contains("not a ZIP"), "{err}");
    assert!(o.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------------
// Folder trees

/// good files in nested folders, a corrupt one, a lock file, a CJK name, spaces and quotes.
fn make_tree(env: &Env) -> Vec<&'static str> {
    let good = vec![
        "in/top.docx",
        "in/2023/05/a.docx",
        "in/2023/05/with space.docx",
        "in/2023/06/\"quoted\" 'name'.docx",
        "in/中文/新闻稿.docx",
        "in/deep/er/still/d.DOCX",
        "in/macro.docm",
    ];
    for (i, rel) in good.iter().enumerate() {
        env.docx(
            rel,
            &[&format!("paragraph of {rel}"), &format!("number {i}")],
        );
    }
    env.write("in/2023/broken.docx", b"PK\x03\x04 truncated");
    env.write("in/2023/05/~$a.docx", b"lock file owner");
    env.write("in/notes.txt", b"not a document");
    good
}

#[test]
fn sha256_appears_in_json_and_report_only_with_the_flag() {
    let env = Env::new();
    env.docx("a.docx", &["hashed"]);
    let expected = docxtract::batch::sha256_hex(&std::fs::read(env.path("a.docx")).unwrap());

    let o = env.run(&["a.docx", "--report", "plain.jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(doc["source"]["sha256"], serde_json::Value::Null);
    assert!(env.report("plain.jsonl")[0].get("sha256").is_none());

    let o = env.run(&["a.docx", "--sha256", "--report", "hashed.jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let doc: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(doc["source"]["sha256"], expected.as_str());
    assert_eq!(env.report("hashed.jsonl")[0]["sha256"], expected.as_str());
}

#[test]
fn folder_tree_is_mirrored_under_out_with_report() {
    let env = Env::new();
    let good = make_tree(&env);
    let o = env.run(&[
        "in",
        "--out",
        "out",
        "--report",
        "report.jsonl",
        "--sha256",
        "-j",
        "3",
    ]);
    assert_eq!(code(&o), 1, "one corrupt file: {}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("docxtract: in/2023/broken.docx: "), "{err}");
    assert!(
        err.contains("7 converted, 1 failed, 1 skipped (1 lock file)"),
        "{err}"
    );
    for rel in &good {
        let sub = Path::new(rel).strip_prefix("in").unwrap();
        let out = match sub.extension().unwrap().to_str().unwrap() {
            "docx" | "DOCX" => Path::new("out").join(sub.with_extension("json")),
            _ => Path::new("out").join(format!("{}.json", sub.display())),
        };
        let doc: serde_json::Value =
            serde_json::from_str(&env.read(out.to_str().unwrap())).unwrap();
        assert_eq!(paragraph_texts(&doc)[0], format!("paragraph of {rel}"));
    }
    assert!(!env.path("out/2023/broken.json").exists());
    assert!(!env.path("out/notes.json").exists());
    assert!(temp_files_under(&env.path("out")).is_empty());

    let report = env.report("report.jsonl");
    assert_eq!(report.len(), 9, "7 ok, 1 error, 1 lock file");
    let by_source: BTreeMap<String, &serde_json::Value> = report
        .iter()
        .map(|r| (r["source"].as_str().unwrap().to_string(), r))
        .collect();
    let bad = by_source["in/2023/broken.docx"];
    assert_eq!(bad["status"], "error");
    assert!(bad["error_kind"].is_string());
    assert!(bad["error"].as_str().unwrap().len() > 5);
    assert_eq!(bad["sha256"].as_str().unwrap().len(), 64);
    let lock = by_source["in/2023/05/~$a.docx"];
    assert_eq!(lock["status"], "skipped");
    assert_eq!(lock["reason"], "lock file");
    let cjk = by_source["in/中文/新闻稿.docx"];
    assert_eq!(cjk["status"], "ok");
    assert_eq!(cjk["outputs"][0], "out/中文/新闻稿.json");
    assert_eq!(cjk["counts"]["paragraphs"], 2);
    assert!(cjk["ms"].is_u64());
    assert_eq!(cjk["sha256"].as_str().unwrap().len(), 64);
}

#[test]
fn glob_and_exclude_choose_walked_files() {
    let env = Env::new();
    make_tree(&env);
    let o = env.run(&[
        "in",
        "--glob",
        "2023/**/*.docx",
        "--exclude",
        "**/06",
        "--out",
        "out",
        "--report",
        "r.jsonl",
    ]);
    let sources: Vec<String> = env
        .report("r.jsonl")
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        sources,
        [
            "in/2023/05/a.docx",
            "in/2023/05/with space.docx",
            "in/2023/05/~$a.docx",
            "in/2023/broken.docx"
        ],
        "{}",
        stderr(&o)
    );
}

#[test]
fn files_from_reads_newline_and_nul_separated_lists() {
    let env = Env::new();
    env.docx("a/one.docx", &["one"]);
    env.docx("b/two two.docx", &["two"]);
    env.write("list.txt", b"a/one.docx\r\n\nb/two two.docx\n");
    env.write("list0", b"b/two two.docx\0a/one.docx\0");
    let o = env.run(&["--files-from", "list.txt", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        env.path("out/a/one.json").exists(),
        "relative list paths are mirrored"
    );
    assert!(env.path("out/b/two two.json").exists());

    let o = env.run(&["--files-from", "list0"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let texts: Vec<String> = stdout(&o)
        .lines()
        .map(|l| paragraph_texts(&serde_json::from_str(l).unwrap())[0].clone())
        .collect();
    assert_eq!(texts, ["two", "one"], "list order is kept");
}

#[cfg(unix)]
#[test]
fn symlinks_are_followed_only_with_follow_and_loops_end() {
    let env = Env::new();
    env.docx("target/linked.docx", &["linked"]);
    env.docx("in/real.docx", &["real"]);
    std::os::unix::fs::symlink(env.path("target"), env.path("in/link")).unwrap();
    std::os::unix::fs::symlink(env.path("in"), env.path("in/loop")).unwrap();

    let o = env.run(&["in", "--report", "r.jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().count(), 1, "only real.docx");

    let o = env.run(&["in", "--follow", "--report", "r.jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let texts: Vec<String> = stdout(&o)
        .lines()
        .map(|l| paragraph_texts(&serde_json::from_str(l).unwrap())[0].clone())
        .collect();
    assert_eq!(texts, ["linked", "real"]);
    let report = env.report("r.jsonl");
    assert!(
        report
            .iter()
            .any(|r| r["status"] == "skipped" && r["reason"] == "symbolic link loop"),
        "{report:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Order, shards, resume

#[test]
fn markdown_and_text_streams_are_the_same_bytes_whatever_jobs() {
    // Documents next in order are written by their worker, the others by the emitter: the
    // delimiter lines and blank lines must not depend on which.
    let env = Env::new();
    for i in 0..30 {
        let n = if i % 5 == 0 { 300 } else { 2 };
        let paras: Vec<String> = (0..n).map(|k| format!("doc {i} para {k}")).collect();
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        env.docx(&format!("in/f{i:03}.docx"), &refs);
    }
    for format in ["md", "text", "csv"] {
        let one = env.run(&["in", "-t", format, "-j", "1"]);
        let eight = env.run(&["in", "-t", format, "-j", "8"]);
        assert_eq!(code(&eight), 0, "{}", stderr(&eight));
        assert_eq!(one.stdout, eight.stdout, "{format}: same bytes whatever -j");
        if format != "csv" {
            assert_eq!(stdout(&eight).matches("==> in/f").count(), 30, "{format}");
        }
    }
}

#[test]
fn ndjson_order_equals_input_order_with_1_and_8_jobs() {
    let env = Env::new();
    let mut names = Vec::new();
    for i in 0..40 {
        // Uneven sizes so that workers finish out of order.
        let n = if i % 7 == 0 { 400 } else { 2 };
        let paras: Vec<String> = (0..n).map(|k| format!("doc {i} para {k}")).collect();
        let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
        let name = format!("in/f{i:03}.docx");
        env.docx(&name, &refs);
        names.push(name);
    }
    let walked: Vec<String> = names.clone();
    let one = env.run(&["in", "-j", "1"]);
    let eight = env.run(&["in", "-j", "8"]);
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    assert_eq!(code(&eight), 0, "{}", stderr(&eight));
    assert_eq!(one.stdout, eight.stdout, "same bytes whatever -j");
    let paths: Vec<String> = stdout(&eight)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"]["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(paths, walked);

    // Files named on the command line keep the command-line order.
    let mut shuffled = names.clone();
    shuffled.reverse();
    shuffled.swap(3, 17);
    let mut args: Vec<&str> = shuffled.iter().map(String::as_str).collect();
    args.extend(["-j", "8"]);
    let o = env.run(&args);
    let paths: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["source"]["path"].as_str().unwrap().to_string()
        })
        .collect();
    assert_eq!(paths, shuffled);
}

#[test]
fn union_of_four_shards_equals_one_unsharded_run_byte_for_byte() {
    let env = Env::new();
    for i in 0..30 {
        env.docx(&format!("in/d{}/f{i}.docx", i % 4), &[&format!("doc {i}")]);
    }
    let o = env.run(&["in", "--out", "full"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let full = env.tree("full");
    assert_eq!(full.len(), 30);

    let mut seen = 0;
    for k in 1..=4 {
        let shard = format!("{k}/4");
        let o = env.run(&[
            "in", "--out", "sharded", "--shard", &shard, "--report", "r.jsonl",
        ]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let n = env.report("r.jsonl").len();
        assert!(n < 30, "shard {shard} took {n} of 30");
        seen += n;
    }
    assert_eq!(seen, 30, "shards are disjoint and cover everything");
    assert_eq!(env.tree("sharded"), full);

    // Stdout: the concatenation of the shards holds the same lines.
    let all = env.run(&["in"]);
    let mut lines: Vec<String> = stdout(&all).lines().map(String::from).collect();
    let mut union: Vec<String> = (1..=4)
        .flat_map(|k| {
            let o = env.run(&["in", "--shard", &format!("{k}/4")]);
            stdout(&o).lines().map(String::from).collect::<Vec<_>>()
        })
        .collect();
    lines.sort();
    union.sort();
    assert_eq!(union, lines);
}

#[test]
fn skip_existing_skips_complete_outputs_and_redoes_missing_or_older_ones() {
    let env = Env::new();
    for i in 0..5 {
        env.docx(&format!("in/f{i}.docx"), &[&format!("doc {i}")]);
    }
    let o = env.run(&["in", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    fs::remove_file(env.path("out/f2.json")).unwrap();
    // An input changed after its output was written is converted again.
    std::thread::sleep(Duration::from_millis(20));
    env.docx("in/f4.docx", &["doc 4, edited"]);

    let o = env.run(&[
        "in",
        "--out",
        "out",
        "--skip-existing",
        "--report",
        "r.jsonl",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let statuses: Vec<(String, String)> = env
        .report("r.jsonl")
        .iter()
        .map(|r| {
            (
                r["source"].as_str().unwrap().to_string(),
                r["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = |i: usize, s: &str| (format!("in/f{i}.docx"), s.to_string());
    assert_eq!(
        statuses,
        [
            expect(0, "skipped"),
            expect(1, "skipped"),
            expect(2, "ok"),
            expect(3, "skipped"),
            expect(4, "ok")
        ]
    );
    assert!(env.read("out/f4.json").contains("doc 4, edited"));
}

#[test]
fn killed_run_resumed_with_skip_existing_ends_with_every_output_complete() {
    let env = Env::new();
    let paras: Vec<String> = (0..300).map(|k| format!("paragraph {k} ")).collect();
    let refs: Vec<&str> = paras.iter().map(String::as_str).collect();
    let n = 150;
    for i in 0..n {
        env.docx(&format!("in/d{}/f{i:03}.docx", i % 5), &refs);
    }
    let mut child = env
        .cmd(&["in", "--out", "out", "-t", "json", "-j", "2", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    let written_before = env.tree("out").len();
    assert!(
        !status.success() || written_before == n,
        "the run was killed or had already finished"
    );
    // Whatever the kill interrupted, every output present is complete.
    for (rel, bytes) in env.tree("out") {
        if !rel.contains("docxtract-partial") {
            serde_json::from_slice::<serde_json::Value>(&bytes)
                .unwrap_or_else(|e| panic!("{rel} is truncated: {e}"));
        }
    }

    let o = env.run(&[
        "in",
        "--out",
        "out",
        "--skip-existing",
        "--report",
        "r.jsonl",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let report = env.report("r.jsonl");
    assert_eq!(report.len(), n);
    let skipped = report.iter().filter(|r| r["status"] == "skipped").count();
    assert!(
        skipped <= written_before,
        "only complete outputs are skipped"
    );
    assert!(
        temp_files_under(&env.path("out")).is_empty(),
        "no temp file left"
    );
    let tree = env.tree("out");
    assert_eq!(tree.len(), n);
    for (rel, bytes) in tree {
        let doc: serde_json::Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{rel} is not complete JSON: {e}"));
        assert_eq!(paragraph_texts(&doc).len(), 300, "{rel}");
    }
}

// ---------------------------------------------------------------------------------------------
// Failures that must not lose or overwrite anything

#[test]
fn two_inputs_with_the_same_output_path_fail_the_second_without_overwriting() {
    let env = Env::new();
    env.docx("in/a.docx", &["from in"]);
    env.docx("in/a.dotx", &["template beside it"]);
    env.docx("other/a.docx", &["from other"]);
    // Files named on the command line land directly in the output folder, as with `cp`.
    let args = ["in/a.docx", "in/a.dotx", "other/a.docx"];
    let o = env.run(&[&args[..], &["--out", "out", "--report", "r.jsonl"]].concat());
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    let expected = "docxtract: other/a.docx: not converted: \
                    output out/a.json is already written from in/a.docx";
    assert!(err.contains(expected), "{err}");
    assert!(env.read("out/a.json").contains("from in"));
    assert!(env.read("out/a.dotx.json").contains("template beside it"));
    let kinds: Vec<String> = env
        .report("r.jsonl")
        .iter()
        .map(|r| r["error_kind"].as_str().unwrap_or("-").to_string())
        .collect();
    assert_eq!(kinds, ["-", "-", "duplicate_output"]);
}

#[test]
fn output_folder_under_or_at_a_regular_file_is_a_clear_error() {
    let env = Env::new();
    env.docx("a.docx", &["x"]);
    env.docx("in/b.docx", &["y"]);
    env.write("plainfile", b"I am a file");
    env.write("taken.json", b"keep me");
    // Under a file; and a file itself, for a folder run (one input that is a folder).
    for (args, message) in [
        (
            ["a.docx", "--out", "plainfile/out"],
            "docxtract: output folder plainfile/out is not writable:",
        ),
        (
            ["in", "--out", "taken.json"],
            "docxtract: --out taken.json is a file",
        ),
    ] {
        let o = env.run(&args);
        assert_eq!(code(&o), 2, "nothing could run");
        let err = stderr(&o);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(message), "{err}");
    }
    assert_eq!(env.read("plainfile"), "I am a file");
    assert_eq!(env.read("taken.json"), "keep me");
}

#[test]
fn panic_in_one_file_is_an_internal_error_and_the_run_goes_on() {
    let env = Env::new();
    env.docx("in/a.docx", &["a"]);
    env.docx("in/boom.docx", &["b"]);
    env.docx("in/c.docx", &["c"]);
    let o = env
        .cmd(&["in", "--out", "out", "--report", "r.jsonl", "-j", "2"])
        .env("DOCXTRACT_PANIC_ON", "boom")
        .output()
        .unwrap();
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(
        err.contains("docxtract: in/boom.docx: internal error (panic:"),
        "{err}"
    );
    assert!(
        !err.contains("panicked at"),
        "the panic is not dumped: {err}"
    );
    assert!(env.path("out/a.json").exists());
    assert!(env.path("out/c.json").exists());
    let report = env.report("r.jsonl");
    assert_eq!(report[1]["error_kind"], "internal");
}

#[test]
fn fail_fast_stops_starting_files_after_the_first_failure() {
    let env = Env::new();
    env.write("in/a000.docx", b"broken");
    for i in 1..40 {
        env.docx(&format!("in/a{i:03}.docx"), &["fine"]);
    }
    let o = env.run(&[
        "in",
        "--fail-fast",
        "-j",
        "1",
        "--out",
        "out",
        "--report",
        "r.jsonl",
    ]);
    assert_eq!(code(&o), 1);
    let report = env.report("r.jsonl");
    assert_eq!(report[0]["status"], "error");
    assert!(report.len() < 5, "stopped early: {} done", report.len());
}

#[test]
fn broken_pipe_on_stdout_ends_quietly() {
    let env = Env::new();
    let docx = numbered_docx(200);
    for i in 0..60 {
        env.write(&format!("in/f{i:03}.docx"), &docx);
    }
    let o = read_16_bytes_then_close_stdout(&env, &["in", "-j", "2"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        !err.contains("Broken pipe") && !err.contains("panicked"),
        "{err}"
    );
}

/// Run docxtract with `args`, read the first 16 bytes of its stdout and close the pipe, as
/// `docxtract ... | head -c 16` does.
fn read_16_bytes_then_close_stdout(env: &Env, args: &[&str]) -> Output {
    let mut child = env
        .cmd(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn one_large_document_streamed_to_a_closed_pipe_ends_quietly() {
    // One document is written to stdout as it is serialized; the reader leaving early must
    // end the run as quietly as it does for a batch.
    let env = Env::new();
    env.write("big.docx", &numbered_docx(20_000));
    for format in ["json", "md"] {
        let o = read_16_bytes_then_close_stdout(&env, &["big.docx", "-t", format]);
        assert_eq!(code(&o), 0, "{format}: {}", stderr(&o));
        assert!(stderr(&o).is_empty(), "{format}: {}", stderr(&o));
    }
}

#[cfg(unix)]
#[test]
fn interrupt_finishes_files_in_flight_writes_the_report_and_exits_130() {
    let env = Env::new();
    let docx = numbered_docx(300);
    for i in 0..300 {
        env.write(&format!("in/f{i:03}.docx"), &docx);
    }
    let child = env
        .cmd(&["in", "--out", "out", "-j", "1", "--report", "r.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt as soon as the first file is reported: a fixed sleep lets a fast build
    // finish all 300 files first.
    let started = std::time::Instant::now();
    while fs::read_to_string(env.path("r.jsonl")).map_or(true, |r| r.is_empty()) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no file reported"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(code(&o), 130, "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"));
    let report = env.report("r.jsonl");
    assert!(!report.is_empty() && report.len() < 300, "{}", report.len());
    assert!(report.iter().all(|r| r["status"] == "ok"));
    assert_eq!(
        env.tree("out").len(),
        report.len(),
        "every reported file was finished"
    );
    assert!(temp_files_under(&env.path("out")).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Media and limits

#[test]
fn extract_media_writes_images_next_to_the_outputs() {
    let env = Env::new();
    let fixture = fixture_path("images.docx");
    env.write("in/pics/photos.docx", &fs::read(fixture).unwrap());
    let o = env.run(&[
        "in",
        "--out",
        "out",
        "--extract-media",
        "--report",
        "r.jsonl",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let media = env.tree("out/pics/photos.media");
    assert!(!media.is_empty(), "images extracted");
    for (name, bytes) in &media {
        assert!(!name.contains('/') && !name.starts_with('.'), "{name}");
        assert!(!bytes.is_empty(), "{name}");
    }
    let report = env.report("r.jsonl");
    assert_eq!(report[0]["outputs"][0], "out/pics/photos.media");
    assert_eq!(report[0]["outputs"][1], "out/pics/photos.json");
    // Without --out there is nowhere to put them.
    let o = env.run(&["in", "--extract-media"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn timeout_fails_a_slow_file_as_timeout_and_the_batch_goes_on() {
    let env = Env::new();
    env.write("in/a-big.docx", &numbered_docx(100_000));
    env.docx("in/b-small.docx", &["small"]);
    let o = env.run(&[
        "in",
        "--out",
        "out",
        "--timeout",
        "0.001",
        "--report",
        "r.jsonl",
    ]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let report = env.report("r.jsonl");
    assert_eq!(report[0]["error_kind"], "timeout", "{report:?}");
    assert!(stderr(&o).contains("docxtract: in/a-big.docx: timed out"));
    assert_eq!(report[1]["status"], "ok");
}

#[test]
fn quiet_prints_no_summary_and_progress_always_draws_a_bar() {
    let env = Env::new();
    env.docx("a.docx", &["x"]);
    let o = env.run(&["a.docx", "-q"]);
    assert_eq!(code(&o), 0);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let o = env.run(&["a.docx", "--progress", "always"]);
    assert!(stderr(&o).contains("1/1 files"), "{}", stderr(&o));
    env.docx("b.docx", &["y"]);
    let o = env.run(&["a.docx", "b.docx"]);
    assert!(
        !stderr(&o).contains("files,"),
        "no bar when stderr is not a terminal"
    );
    assert!(stderr(&o).contains("2 converted, 0 failed, 0 skipped"));
}

#[test]
fn one_document_to_stdout_prints_no_summary() {
    let env = Env::new();
    env.docx("a.docx", &["x"]);
    let o = env.run(&["a.docx"]);
    assert_eq!(code(&o), 0);
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("{\"schema\":\"docxtract/1\""));
}

// ---------------------------------------------------------------------------------------------
// Formats (writers): un-ignore at the merge of branch `writers`

#[test]
fn several_formats_in_one_pass_under_out() {
    let env = Env::new();
    env.docx("in/sub/a.docx", &["Hello"]);
    let o = env.run(&["in", "-t", "json,md,csv,text", "--out", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for ext in ["json", "md", "csv", "txt"] {
        let text = env.read(&format!("out/sub/a.{ext}"));
        assert!(text.contains("Hello"), "{ext}: {text}");
    }
}

#[test]
fn csv_on_stdout_has_one_header_row_for_many_documents() {
    let env = Env::new();
    for i in 0..3 {
        env.docx(
            &format!("in/f{i}.docx"),
            &[&format!("doc {i} a"), &format!("doc {i} b")],
        );
    }
    let o = env.run(&["in", "-t", "csv", "-j", "3"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut reader = csv::Reader::from_reader(o.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "source");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(
        rows.len(),
        6,
        "two paragraphs per document, no repeated header"
    );
    assert!(rows.iter().all(|r| &r[0] != "source"));
    let text_col = headers.iter().position(|h| h == "text").unwrap();
    assert_eq!(&rows[5][text_col], "doc 2 b");
}

#[test]
fn markdown_and_text_on_stdout_are_separated_by_delimiter_lines() {
    let env = Env::new();
    env.docx("in/a.docx", &["alpha"]);
    env.docx("in/b.docx", &["beta"]);
    for format in ["md", "text"] {
        let o = env.run(&["in", "-t", format]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        let a = out.find("==> in/a.docx <==\n").expect(&out);
        let b = out.find("\n\n==> in/b.docx <==\n").expect(&out);
        assert!(a == 0 && a < b);
        assert!(
            out[..b].contains("alpha") && out[b..].contains("beta"),
            "{out}"
        );
    }
    // One document: no delimiter.
    let o = env.run(&["in/a.docx", "-t", "text"]);
    assert!(!stdout(&o).contains("==>"));
    assert!(stdout(&o).contains("alpha"));
}

// ---------------------------------------------------------------------------------------------
// Hostile input at the level of the batch (issue 6)

/// A package whose image relationships point outside the package root and at absolute paths,
/// with ZIP entries named the same way.
fn docx_with_hostile_media_names() -> Vec<u8> {
    use docxtract::synth::snippets::{inline_picture, Picture};
    use docxtract::synth::{Docx, RelType, Target};
    let mut docx = Docx::new();
    let main = docx.main_path().to_string();
    let up = docx.add_rel(
        &main,
        RelType::Image,
        Target::Raw("../../../../evil-up.png".into()),
    );
    let abs = docx.add_rel(
        &main,
        RelType::Image,
        Target::Raw("/tmp/evil-abs.png".into()),
    );
    docx.raw_entry("evil-up.png", docxtract::synth::PNG_1X1);
    docx.raw_entry("tmp/evil-abs.png", docxtract::synth::PNG_1X1);
    docx.raw_entry("../evil-zip-slip.png", docxtract::synth::PNG_1X1);
    let body = format!(
        "<w:p>{}{}</w:p>",
        inline_picture(&Picture::new(&up, 1, "up")),
        inline_picture(&Picture::new(&abs, 2, "abs"))
    );
    docx.set_body(&body);
    docx.to_bytes()
}

#[test]
fn extract_media_never_writes_outside_the_output_folder() {
    let env = Env::new();
    env.write("in/evil.docx", &docx_with_hostile_media_names());
    let absolute = Path::new("/tmp/evil-abs.png");
    let existed = absolute.exists();
    let o = env.run(&["in", "--out", "out/inner", "--extract-media", "-t", "md"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // Everything written sits under out/inner; nothing lands beside or above it.
    let everything = env.tree(".");
    for name in everything.keys() {
        assert!(
            name.starts_with("in/") || name.starts_with("out/inner/"),
            "written outside the output folder: {name}"
        );
    }
    assert!(existed || !absolute.exists(), "wrote an absolute path");
    let media = env.tree("out/inner/evil.media");
    assert_eq!(media.len(), 2, "{:?}", media.keys());
    for name in media.keys() {
        assert!(!name.contains("..") && !name.contains('/'), "{name}");
    }
}

#[test]
fn a_folder_named_like_a_document_is_walked_and_an_unreadable_input_is_one_error() {
    let env = Env::new();
    env.docx("x.docx/inside.docx", &["inside"]);
    #[cfg(unix)]
    std::os::unix::fs::symlink(env.path("nowhere.docx"), env.path("dangling.docx")).unwrap();
    let o = env.run(&["x.docx", "dangling.docx", "--out", "out"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    // Two inputs: the folder is mirrored under its own name.
    assert!(env.path("out/x.docx/inside.json").is_file());
    let err = stderr(&o);
    let lines: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("dangling.docx"))
        .collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].starts_with("docxtract: dangling.docx: "), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Hostile input, round two (issue 14): memory follows the parts read, output has a budget.

/// A document whose one hyperlink target of `url_bytes` is linked `links` times: a small
/// package whose outputs write the target each time.
fn repeated_link_docx(url_bytes: usize, links: usize) -> Vec<u8> {
    use docxtract::synth::snippets as s;
    use docxtract::synth::{Compression, Docx};
    let mut d = Docx::new();
    // Stored: the long target is incompressible for the ratio check, as in the report.
    d.xml_compression = Compression::Stored;
    let url = format!("https://example.com/{}", "x".repeat(url_bytes));
    let rid = d.add_hyperlink(Docx::MAIN, &url);
    let link = s::hyperlink(&rid, &s::run("link"));
    d.set_body(&s::p(&link.repeat(links)));
    d.to_bytes()
}

#[test]
fn a_huge_input_between_good_files_fails_alone_within_a_memory_limit() {
    let env = Env::new();
    env.docx("in/a.docx", &["First good file."]);
    // 3 GiB of holes: larger than the input limit, and than the address space allowed.
    fs::File::create(env.path("in/b.docx"))
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    env.docx("in/c.docx", &["Last good file."]);
    let script = format!(
        "ulimit -v 3000000 && exec '{BIN}' in -j 1 --extract-media --sha256 --out out \
         --report report.jsonl --progress never"
    );
    let out = Command::new("bash")
        .args(["-c", &script])
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("b.docx: limit exceeded: input size in bytes"),
        "{stderr}"
    );
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    let report = env.report("report.jsonl");
    let statuses: Vec<(&str, &str)> = report
        .iter()
        .map(|l| (l["source"].as_str().unwrap(), l["status"].as_str().unwrap()))
        .collect();
    assert_eq!(
        statuses,
        vec![
            ("in/a.docx", "ok"),
            ("in/b.docx", "error"),
            ("in/c.docx", "ok")
        ]
    );
    assert!(env.read("out/c.json").contains("Last good file."));
}

#[test]
fn standard_input_is_spooled_or_read_as_a_file_never_held_whole() {
    use docxtract::synth::snippets as s;
    use docxtract::synth::{Compression, Docx};
    let env = Env::new();
    // 12 MB of photo behind a pipe: past what is held in memory, so it is spooled.
    let mut d = Docx::new();
    d.xml_compression = Compression::Stored;
    let photo: Vec<u8> = (0..12_000_000u64).map(|i| (i * 7919 % 251) as u8).collect();
    let rid = d.add_image(Docx::MAIN, &photo, "jpeg");
    let pic = s::Picture::new(&rid, 1, "photo").descr("A photo");
    d.set_body(&(s::p_text(None, "Piped in.") + &s::p(&s::inline_picture(&pic))));
    let package = d.to_bytes();
    let out = env.run_stdin(&["-", "-t", "text"], &package);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("Piped in."));

    // The media of a spooled input are read from the spool.
    let out = env.run_stdin(
        &["-", "--out", "o", "--extract-media", "-t", "md"],
        &package,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let media = fs::read(env.path("o/stdin.media/image1.jpeg")).unwrap();
    assert_eq!(media.len(), photo.len());

    // A stream past the input limit stops there.
    let out = env.run_stdin(&["-", "--max-input-size", "1M"], &package);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("limit exceeded: input size"));

    // Redirected from a file, standard input is that file: its length is checked first.
    let path = env.write("big.docx", &package);
    let out = env
        .cmd(&["-", "--max-input-size", "1M"])
        .stdin(fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = env
        .cmd(&["-", "-t", "text"])
        .stdin(fs::File::open(&path).unwrap())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Piped in."));
}

#[test]
fn a_document_over_its_output_budget_fails_and_leaves_no_output() {
    let env = Env::new();
    env.docx("in/1-before.docx", &["Before."]);
    // 200 KB target, 1,000 links: 200 MB of output from a 200 KB package.
    env.write("in/2-links.docx", &repeated_link_docx(200_000, 1000));
    env.docx("in/3-after.docx", &["After."]);

    // Files: the document fails as a limit, and none of its outputs is left.
    let out = env.run(&[
        "in",
        "--out",
        "out",
        "-t",
        "json,text",
        "--max-output",
        "8M",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("2-links.docx: limit exceeded: output size in bytes (max 8388608)"),
        "{stderr}"
    );
    let files: Vec<String> = env.tree("out").into_keys().collect();
    assert_eq!(
        files,
        [
            "1-before.json",
            "1-before.txt",
            "3-after.json",
            "3-after.txt"
        ]
    );

    // Standard output: not a byte of it, and the documents around it whole, in order.
    let out = env.run(&["in", "--max-output", "8M", "-j", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{} bytes of stdout", stdout.len());
    assert!(lines[0].contains("Before.") && lines[1].contains("After."));

    // Under the default budget (at least 64 MiB), 20 MB of such output is written whole.
    env.write("small-links.docx", &repeated_link_docx(20_000, 1000));
    let out = env.run(&["small-links.docx"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.len() > 20_000_000);
}

// ---------------------------------------------------------------------------------------------
// Command-line habits

#[test]
fn out_with_one_input_and_one_format_and_an_extension_writes_that_file() {
    let env = Env::new();
    env.docx("lists.docx", &["Hello there"]);
    let o = env.run_ok(&["lists.docx", "-o", "a.md", "-t", "md"]);
    assert!(env.path("a.md").is_file(), "a.md is a file, not a folder");
    assert_eq!(env.read("a.md"), "Hello there\n");
    assert!(
        o.stderr.is_empty(),
        "no summary, as for stdout: {}",
        stderr(&o)
    );
    // Its folder is made; an existing file is replaced.
    env.run_ok(&["lists.docx", "-o", "sub/dir/a.json"]);
    assert!(env
        .read("sub/dir/a.json")
        .starts_with("{\"schema\":\"docxtract/1\""));
    env.run_ok(&["lists.docx", "-o", "a.md", "-t", "text"]);
    assert_eq!(env.read("a.md"), "Hello there\n");
    // A path without an extension is still a folder.
    env.run_ok(&["lists.docx", "-o", "plain", "-t", "md"]);
    assert!(env.path("plain/lists.md").is_file());
}

#[test]
fn several_input_folders_are_mirrored_each_under_its_own_name() {
    let env = Env::new();
    env.docx("2022/05/a.docx", &["twenty-two"]);
    env.docx("2023/05/a.docx", &["twenty-three"]);
    env.docx("loose.docx", &["loose"]);
    env.run_ok(&["2022", "2023/", "loose.docx", "--out", "out"]);
    let tree: Vec<String> = env.tree("out").into_keys().collect();
    assert_eq!(tree, ["2022/05/a.json", "2023/05/a.json", "loose.json"]);
    assert!(env.read("out/2022/05/a.json").contains("twenty-two"));
    assert!(env.read("out/2023/05/a.json").contains("twenty-three"));
    // One folder keeps today's layout.
    env.run_ok(&["2023", "--out", "one"]);
    assert!(env.path("one/05/a.json").is_file());
}

#[test]
fn legacy_files_in_folders_are_counted_in_the_summary_and_reported_as_skipped() {
    let env = Env::new();
    env.docx("in/a.docx", &["x"]);
    env.write("in/old1.doc", b"\xd0\xcf\x11\xe0 legacy");
    env.write("in/sub/old2.DOC", b"\xd0\xcf\x11\xe0 legacy");
    env.write("in/letter.rtf", b"{\\rtf1 hi}");
    env.write("in/notes.txt", b"not a document at all");
    let o = env.run_ok(&["in", "--out", "out", "--report", "r.jsonl"]);
    let err = stderr(&o);
    assert!(
        err.contains(
            "1 converted, 0 failed, 3 skipped (2 legacy .doc files not converted, \
             1 legacy .rtf file not converted)"
        ),
        "{err}"
    );
    let skipped: Vec<(String, String)> = env
        .report("r.jsonl")
        .iter()
        .filter(|r| r["status"] == "skipped")
        .map(|r| {
            let field = |k: &str| r[k].as_str().unwrap_or("").to_string();
            (field("source"), field("reason"))
        })
        .collect();
    assert_eq!(
        skipped,
        [
            (
                "in/letter.rtf".into(),
                "legacy .rtf format, not converted".into()
            ),
            (
                "in/old1.doc".into(),
                "legacy .doc format, not converted".into()
            ),
            (
                "in/sub/old2.DOC".into(),
                "legacy .doc format, not converted".into()
            ),
        ]
    );
    // --glob chooses the files itself: nothing else is counted.
    let o = env.run(&["in", "--glob", "*.docx", "--out", "out2"]);
    assert!(
        stderr(&o).contains("1 converted, 0 failed, 0 skipped"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn summary_of_a_run_that_skipped_everything_has_no_rate() {
    let env = Env::new();
    env.docx("in/a.docx", &["x"]);
    let o = env.run(&["in", "--out", "out"]);
    assert!(stderr(&o).contains(" files/s"), "{}", stderr(&o));
    let o = env.run_ok(&["in", "--out", "out", "--skip-existing"]);
    let err = stderr(&o);
    assert!(
        err.contains("0 converted, 0 failed, 1 skipped in "),
        "{err}"
    );
    assert!(!err.contains("files/s"), "{err}");
}

#[test]
fn csv_all_writes_every_table_next_to_each_other_and_needs_an_out_folder() {
    let env = Env::new();
    env.docx("in/a.docx", &["Hello"]);
    env.run_ok(&["in", "-t", "csv,json", "--csv", "all", "--out", "out"]);
    let tree: Vec<String> = env.tree("out").into_keys().collect();
    assert_eq!(
        tree,
        [
            "a.bookmarks.csv",
            "a.comments.csv",
            "a.controls.csv",
            "a.csv",
            "a.fields.csv",
            "a.images.csv",
            "a.json",
            "a.links.csv",
            "a.notes.csv",
            "a.objects.csv",
            "a.sections.csv",
        ]
    );
    assert!(env.read("out/a.csv").starts_with("source,block,location,"));
    assert!(env.read("out/a.csv").contains("Hello"));
    assert!(env
        .read("out/a.links.csv")
        .starts_with("source,link,url,anchor,"));
    assert!(env.read("out/a.comments.csv").contains("anchored_text"));
    for args in [
        &["in", "-t", "csv", "--csv", "all"][..],
        &["in/a.docx", "-t", "csv", "--csv", "all", "-o", "a.csv"][..],
    ] {
        let o = env.run(args);
        assert_eq!(code(&o), 2, "{args:?}");
        assert!(stderr(&o).contains("--csv all"), "{}", stderr(&o));
    }
    // One table to stdout, by name.
    let o = env.run_ok(&["in", "-t", "csv", "--csv", "links"]);
    assert!(
        stdout(&o).starts_with("source,link,url,anchor,text,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn completions_and_man_page_come_from_the_flag_definitions() {
    let env = Env::new();
    let o = env.run_ok(&["--completions", "bash"]);
    let script = stdout(&o);
    assert!(script.contains("_docxtract()"), "{script}");
    for flag in ["--csv", "--skip-existing", "--completions", "--man"] {
        assert!(script.contains(flag), "bash completion lacks {flag}");
    }
    let o = env.run_ok(&["--completions", "zsh"]);
    assert!(stdout(&o).contains("#compdef docxtract"));
    let o = env.run_ok(&["--man"]);
    let page = stdout(&o);
    assert!(
        page.starts_with(".ie") || page.contains(".TH docxtract"),
        "{page}"
    );
    assert!(page.contains("skip\\-existing"), "{page}");
}

#[test]
fn version_names_the_commit_and_the_build() {
    let env = Env::new();
    let o = env.run_ok(&["--version"]);
    let text = stdout(&o);
    assert!(
        text.starts_with(&format!("docxtract {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    let commit = text
        .lines()
        .find_map(|l| l.strip_prefix("commit: "))
        .expect("a commit line");
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{text}"
    );
    assert!(
        text.contains("build: ") && text.contains("features: "),
        "{text}"
    );
    // -V stays one line, for scripts.
    let o = env.run(&["-V"]);
    assert_eq!(stdout(&o).lines().count(), 1, "{}", stdout(&o));
}

#[test]
fn usage_line_after_an_unknown_flag_matches_help() {
    let env = Env::new();
    let o = env.run(&["--no-such-flag"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("Usage: docxtract [OPTIONS] [INPUT]..."),
        "{}",
        stderr(&o)
    );
    let help = stdout(&env.run(&["--help"]));
    assert!(
        help.contains("Usage: docxtract [OPTIONS] [INPUT]..."),
        "{help}"
    );
}

// ---------------------------------------------------------------------------------------------
// Names that attack the terminal or the log (issue 14, section 4)

#[cfg(unix)]
#[test]
fn a_file_name_with_a_newline_cannot_forge_an_error_line() {
    let env = Env::new();
    env.write(
        "in/fail\ndocxtract: forged.docx: converted fine.docx",
        b"not a zip",
    );
    env.write(
        "in/clear\u{1b}[2J\u{1b}]0;pwned\u{7}.docx",
        b"not a zip either",
    );
    let o = env.run(&["in", "-t", "json", "--out", "out"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("docxtract: forged.docx")),
        "{err}"
    );
    let errors: Vec<&&str> = lines.iter().filter(|l| l.contains("not a ZIP")).collect();
    assert_eq!(errors.len(), 2, "one line per failed file: {err}");
    assert!(
        err.contains("docxtract: in/fail\\ndocxtract: forged.docx: converted fine.docx: "),
        "{err}"
    );
    assert!(
        err.contains("in/clear\\x1b[2J\\x1b]0;pwned\\x07.docx"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_with_a_newline_cannot_forge_a_delimiter_line() {
    let env = Env::new();
    env.docx("in/a\n==> injected.docx <==\n.docx", &["alpha"]);
    env.docx("in/b.docx", &["beta"]);
    for format in ["md", "text"] {
        let o = env.run(&["in", "-t", format]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        let out = stdout(&o);
        let delimiters: Vec<&str> = out.lines().filter(|l| l.starts_with("==>")).collect();
        assert_eq!(
            delimiters,
            [
                "==> in/a\\n==> injected.docx <==\\n.docx <==",
                "==> in/b.docx <=="
            ],
            "{out}"
        );
    }
}

#[cfg(unix)]
#[test]
fn report_gives_the_bytes_of_a_name_that_is_not_utf8() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let name = std::ffi::OsStr::from_bytes(b"bad-\xff.docx");
    fs::create_dir_all(env.path("in")).unwrap();
    fs::write(env.path("in").join(name), minimal_docx(&["text"])).unwrap();
    env.docx("in/good.docx", &["text"]);
    let o = env.run(&["in", "--out", "out", "--report", "r.jsonl"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let report = env.report("r.jsonl");
    let bad = report
        .iter()
        .find(|l| l["source"] == "in/bad-\u{fffd}.docx")
        .expect("lossy name in the report");
    assert_eq!(bad["source_hex"], "696e2f6261642dff2e646f6378");
    let good = report
        .iter()
        .find(|l| l["source"] == "in/good.docx")
        .unwrap();
    assert!(good.get("source_hex").is_none(), "{good}");
}

#[test]
fn csv_cells_get_a_quote_before_a_formula_unless_csv_raw() {
    let env = Env::new();
    env.docx("=HYPERLINK(1).docx", &["=1+1", "plain"]);
    let o = env.run(&["=HYPERLINK(1).docx", "-t", "csv"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("'=HYPERLINK(1).docx,0,") && out.contains(",'=1+1,"),
        "{out}"
    );
    let raw = env.run(&["=HYPERLINK(1).docx", "-t", "csv", "--csv-raw"]);
    let out = stdout(&raw);
    assert!(
        out.contains("\n=HYPERLINK(1).docx,0,") && out.contains(",=1+1,"),
        "{out}"
    );
    assert!(!out.contains('\''), "{out}");
}

#[cfg(unix)]
#[test]
fn a_run_killed_mid_batch_leaves_the_complete_report_line_of_every_finished_input() {
    let env = Env::new();
    env.docx("a.docx", &["First."]);
    // A named pipe nobody writes to: the second input never finishes, as a stuck file.
    let fifo = env.path("b.docx");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let mut child = env
        .cmd(&["a.docx", "b.docx", "-j", "1", "--report", "r.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while fs::read_to_string(env.path("r.jsonl")).map_or(true, |r| r.is_empty()) {
        assert!(std::time::Instant::now() < deadline, "no report line");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL: nothing is flushed at exit
    child.wait().unwrap();
    let report = env.report("r.jsonl");
    assert_eq!(report.len(), 1);
    assert_eq!(report[0]["source"], "a.docx");
    assert_eq!(report[0]["status"], "ok");
}

#[test]
fn out_file_without_a_format_takes_the_format_its_extension_names() {
    let env = Env::new();
    env.docx("a.docx", &["Hello there"]);
    env.run_ok(&["a.docx", "-o", "a.md"]);
    assert_eq!(env.read("a.md"), "Hello there\n");
    env.run_ok(&["a.docx", "-o", "a.txt"]);
    assert_eq!(env.read("a.txt"), "Hello there\n");
    env.run_ok(&["a.docx", "-o", "a.json"]);
    assert!(env.read("a.json").starts_with("{\"schema\""));
    // A format given wins; an extension that names none is JSON.
    env.run_ok(&["a.docx", "-o", "b.json", "-t", "md"]);
    assert_eq!(env.read("b.json"), "Hello there\n");
    env.run_ok(&["a.docx", "-o", "c.out"]);
    assert!(env.read("c.out").starts_with("{\"schema\""));
}

#[test]
fn show_hidden_puts_vanish_text_in_the_text_output() {
    let env = Env::new();
    let fixture = fixture_path("special-chars.docx");
    let fixture = fixture.to_str().unwrap();
    let hidden_line = "Visible hidden text visible again web hidden";
    let plain = stdout(&env.run_ok(&[fixture, "-t", "text"]));
    assert!(
        plain.contains("Visible visible again web hidden\n"),
        "{plain}"
    );
    assert!(!plain.contains(hidden_line), "{plain}");
    let shown = stdout(&env.run_ok(&[fixture, "-t", "text", "--show-hidden"]));
    assert!(shown.contains(&format!("{hidden_line}\n")), "{shown}");
}
