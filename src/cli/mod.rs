//! The command-line program: arguments -> validated config -> discover -> plan -> batch ->
//! report. Knows documents only through the library's API.

mod args;
mod batch;
mod discover;
mod failure;
mod progress;
mod quote;
mod report;
mod sink;
mod stream;
mod walk;

use docxtract::write as writer;

use args::{Args, Config, EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE};
use batch::{Context, Done, Job, StdoutData, Target};
use clap::Parser;
use discover::{Entry, EntryKind, Filters};
use failure::FailureKind;
use quote::quote;
use report::{ReportFile, Status, Totals};
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;
use writer::{CsvTable, Format};

/// Run the program with the process arguments; returns the exit code.
pub fn run() -> u8 {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    if args.completions.is_some() || args.man {
        return match print_help_files(&args) {
            Ok(()) => EXIT_OK,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
            Err(e) => {
                eprintln!("docxtract: cannot write to standard output: {e}");
                EXIT_FAILED
            }
        };
    }
    let config = match args.validate() {
        Ok(c) => c,
        Err(msg) => {
            eprintln!("docxtract: {}", quote(&msg));
            return EXIT_USAGE;
        }
    };
    match execute(config) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("docxtract: {}", quote(&msg));
            EXIT_USAGE
        }
    }
}

/// `--completions SHELL` and `--man`: generated from the clap definition itself, so they
/// always list the flags this binary has.
fn print_help_files(args: &Args) -> io::Result<()> {
    use clap::CommandFactory;
    let mut command = Args::command();
    let mut out = io::stdout().lock();
    if let Some(shell) = args.completions {
        clap_complete::generate(shell, &mut command, "docxtract", &mut out);
    } else {
        clap_mangen::Man::new(command).render(&mut out)?;
    }
    out.flush()
}

/// Every input's entries, discovered as the batch goes. Fails (usage) only for a bad pattern
/// or a list that cannot be opened.
fn discovery(config: &Config) -> Result<discover::Discovery, String> {
    let filters = Filters::new(&config.glob, &config.exclude, config.follow)?;
    let list = match &config.files_from {
        Some(path) => Some(discover::ListReader::open(path)?),
        None => None,
    };
    Ok(discover::Discovery::new(
        config.inputs.clone(),
        list,
        Arc::new(filters),
    ))
}

/// How many inputs the run has (in its shard), for the progress bar's length: a second walk
/// that keeps nothing. `None` when the list is standard input, which cannot be read twice.
fn count_inputs(config: &Config) -> Option<u64> {
    if config.files_from.as_deref() == Some(std::path::Path::new("-")) {
        return None;
    }
    let shard = config.shard;
    let count = discovery(config)
        .ok()?
        .filter(|e| discover::in_shard(&e.rel, shard))
        .count();
    Some(count as u64)
}

/// Plans outputs: each entry gets its output paths; a second entry that would write an output
/// path already planned fails (before it runs) instead of overwriting it. Every entry is
/// planned, whatever the shard, so that every shard agrees on which of two clashing inputs
/// is first. Only `--out` keeps anything per input: the output paths claimed so far.
struct Planner<'a> {
    config: &'a Config,
    claimed: HashMap<PathBuf, String>,
}

impl Planner<'_> {
    fn plan(&mut self, mut entry: Entry) -> Job {
        let config = self.config;
        let mut targets = Vec::new();
        let mut media_dir = None;
        if let (Some(out), EntryKind::Convert) = (&config.out, &entry.kind) {
            let stem = if config.out_is_file {
                // `-o a.md`: the file itself, and `a.media/` beside it.
                targets.push(Target::new(
                    config.formats[0],
                    config.csv_tables[0],
                    out.clone(),
                ));
                out.with_extension("")
            } else {
                output_stem(out, &entry.rel)
            };
            for &format in config.formats.iter().filter(|_| !config.out_is_file) {
                if format == Format::Csv && config.csv_tables.len() > 1 {
                    for &table in &config.csv_tables {
                        targets.push(Target::new(format, table, csv_path(&stem, table)));
                    }
                } else {
                    let path = with_suffix(&stem, format.extension());
                    targets.push(Target::new(format, config.csv_tables[0], path));
                }
            }
            media_dir = config.extract_media.then(|| with_suffix(&stem, "media"));
            let clash = targets.iter().find_map(|t| {
                let first = self.claimed.get(&t.path)?;
                Some((t.path.clone(), first.clone()))
            });
            if let Some((target, first)) = clash {
                entry.kind = EntryKind::Fail {
                    kind: FailureKind::DuplicateOutput,
                    message: format!(
                        "not converted: output {} is already written from {first}",
                        target.display()
                    ),
                };
                targets.clear();
                media_dir = None;
            } else {
                for t in &targets {
                    self.claimed.insert(t.path.clone(), entry.display.clone());
                }
            }
        }
        Job {
            entry,
            targets,
            media_dir,
        }
    }
}

/// The output path without its format extension: `.docx` is dropped (`a.docx` -> `a.json`);
/// any other extension is kept (`a.dotx` -> `a.dotx.json`), so `a.docx` and `a.dotx` side by
/// side (common in real archives) do not collide. The rule looks at one name only, so it is
/// the same whatever else is in the run or the shard.
fn output_stem(out: &std::path::Path, rel: &std::path::Path) -> PathBuf {
    let is_docx = rel
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if is_docx {
        out.join(rel.with_extension(""))
    } else {
        out.join(rel)
    }
}

/// `--csv all`: the blocks table is `NAME.csv`, as with one table; the others are
/// `NAME.images.csv`, `NAME.links.csv`, ...
fn csv_path(stem: &std::path::Path, table: CsvTable) -> PathBuf {
    match table {
        CsvTable::Blocks => with_suffix(stem, "csv"),
        other => with_suffix(stem, &format!("{}.csv", other.name())),
    }
}

fn with_suffix(stem: &std::path::Path, ext: &str) -> PathBuf {
    let mut s = stem.as_os_str().to_owned();
    s.push(".");
    s.push(ext);
    PathBuf::from(s)
}

/// The output folder exists and takes files; checked once before any work.
fn check_out_dir(out: &std::path::Path) -> Result<(), String> {
    if out.is_file() {
        return Err(format!(
            "--out {} is a file; a run that writes several outputs needs a folder \
             (one input and one format write a file only when its path has an extension)",
            out.display()
        ));
    }
    let fail = |e: io::Error| format!("output folder {} is not writable: {e}", out.display());
    std::fs::create_dir_all(out).map_err(fail)?;
    let probe = out.join(format!(".docxtract-probe-{}", std::process::id()));
    std::fs::File::create(&probe).map_err(fail)?;
    let _ = std::fs::remove_file(&probe);
    Ok(())
}

/// `-o FILE`: the folder that will hold it exists (it is made, as for `--report`).
fn check_out_file_dir(file: &std::path::Path) -> Result<(), String> {
    match file.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(parent) => std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot make the folder of {}: {e}", file.display())),
        None => Ok(()),
    }
}

/// Writes gathered stdout results in order, with the conventions documented in `--help`
/// (`batch::write_framed`; a worker writes a document that is next in order itself).
struct StdoutEmitter {
    format: Format,
    /// Locked per document: the lock guard cannot move to the worker that emits.
    out: io::Stdout,
    broken: bool,
}

impl StdoutEmitter {
    fn start(&mut self, config: &Config) -> io::Result<()> {
        if self.format == Format::Csv {
            // The one header row of the stream (and the BOM, if asked), from an empty document.
            let mut buf = Vec::new();
            writer::write(
                &docxtract::Document::default(),
                Format::Csv,
                &config.write,
                &mut buf,
            )?;
            let mut out = self.out.lock();
            out.write_all(&buf)?;
            out.flush()?;
        }
        Ok(())
    }

    fn emit(&mut self, ctx: &Context, source: &str, buf: &[u8]) -> io::Result<()> {
        let mut out = self.out.lock();
        batch::write_framed(ctx, source, &mut out, |w| w.write_all(buf))?;
        out.flush()
    }
}

fn execute(config: Config) -> Result<u8, String> {
    let started = Instant::now();
    let discovered = AtomicUsize::new(0);
    let mut planner = Planner {
        config: &config,
        claimed: HashMap::new(),
    };
    let shard = config.shard;
    let mut jobs = discovery(&config)?
        .inspect(|_| {
            discovered.fetch_add(1, Ordering::Relaxed);
        })
        .map(|entry| planner.plan(entry))
        .filter(|job| discover::in_shard(&job.entry.rel, shard));
    // Look ahead to the second document: whether Markdown and text on stdout get a header
    // line per document must be known before the first one is written.
    let mut head = Vec::new();
    let mut documents = 0;
    while documents < 2 {
        let Some(job) = jobs.next() else { break };
        if matches!(job.entry.kind, EntryKind::Convert) {
            documents += 1;
        }
        head.push(job);
    }
    if discovered.load(Ordering::Relaxed) == 0 {
        return Err("no documents found in the inputs (see --glob in --help)".into());
    }
    let jobs = head.into_iter().chain(jobs);
    match &config.out {
        Some(out) if config.out_is_file => check_out_file_dir(out)?,
        Some(out) => check_out_dir(out)?,
        None => {}
    }
    let mut report = match &config.report {
        Some(p) => Some(
            ReportFile::create(p)
                .map_err(|e| format!("cannot write report {}: {e}", p.display()))?,
        ),
        None => None,
    };
    let stdout_format = if config.out.is_none() {
        config.formats.first().copied()
    } else {
        None
    };
    let mut emitter = stdout_format.map(|format| StdoutEmitter {
        format,
        out: io::stdout(),
        broken: false,
    });
    if let Some(em) = &mut emitter {
        if let Err(e) = em.start(&config) {
            if e.kind() == io::ErrorKind::BrokenPipe {
                return Ok(EXIT_OK);
            }
            return Err(format!("cannot write to standard output: {e}"));
        }
    }

    let _ = ctrlc::set_handler(|| {
        if batch::INTERRUPTED.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C: stop now.
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
    batch::install_panic_hook();

    let ctx = Arc::new(Context {
        options: config.options.clone(),
        write: config.write.clone(),
        stdout_format,
        stdout_many: documents > 1,
        stream_in_order: true,
        skip_existing: config.skip_existing,
        fail_fast: config.fail_fast,
        report_sha256: report.is_some() && config.options.sha256,
        output_budget: config.output_budget,
        panic_on: std::env::var("DOCXTRACT_PANIC_ON")
            .ok()
            .filter(|s| !s.is_empty()),
    });
    let mut progress =
        progress::Progress::new(config.progress, config.quiet, || count_inputs(&config));
    let mut totals = Totals::default();
    let mut report_error: Option<io::Error> = None;
    let mut stdout_error: Option<io::Error> = None;
    // Wide enough that one slow file does not idle the other workers; stdout buffers are
    // also bounded in bytes by the batch itself.
    let window = config.jobs * 64;
    let fail_fast = config.fail_fast;
    let emit_ctx = Arc::clone(&ctx);
    let end = batch::run(ctx, jobs, config.jobs, window, |done: Done| {
        let Done { outcome, stdout } = done;
        totals.add(&outcome);
        let failed = outcome.status == Status::Error;
        progress.inc(failed);
        if let Some(line) = outcome.error_line() {
            progress.println(&line);
        }
        let mut go_on = !(failed && fail_fast);
        if let (Some(em), Some(data)) = (&mut emitter, stdout) {
            let written = match data {
                StdoutData::Buffered(_) if em.broken => Ok(()),
                StdoutData::Buffered(buf) => em.emit(&emit_ctx, &outcome.source, &buf),
                StdoutData::Streamed(written) => written,
            };
            if let Err(e) = written {
                em.broken = true;
                go_on = false;
                if e.kind() != io::ErrorKind::BrokenPipe {
                    stdout_error = Some(e);
                }
            }
        }
        if let Some(r) = &mut report {
            if report_error.is_none() {
                if let Err(e) = r.write(&outcome) {
                    report_error = Some(e);
                }
            }
        }
        go_on
    })
    .map_err(|e| e.to_string())?;
    progress.finish();

    if let Some(r) = report {
        if report_error.is_none() {
            report_error = r.finish().err();
        }
    }
    let mut code = if totals.failed > 0 {
        EXIT_FAILED
    } else {
        EXIT_OK
    };
    if let Some(e) = report_error {
        progress.println(&format!(
            "docxtract: cannot write report: {}",
            quote(&e.to_string())
        ));
        code = EXIT_FAILED;
    }
    if let Some(e) = stdout_error {
        progress.println(&format!(
            "docxtract: cannot write to standard output: {}",
            quote(&e.to_string())
        ));
        code = EXIT_FAILED;
    }
    let broken_pipe = emitter.as_ref().is_some_and(|e| e.broken);
    // One document converted to standard output or to `-o FILE` needs no summary, as with
    // pandoc: the data is the answer. Batches, files written under --out DIR, and any failure
    // get one.
    let single_to_stdout = (config.out.is_none() || config.out_is_file)
        && totals.converted == 1
        && totals.failed + totals.skipped + totals.lock_files == 0;
    if !config.quiet && !broken_pipe && !single_to_stdout {
        progress.println(&totals.summary(started.elapsed(), end.interrupted));
    }
    if !config.quiet && !broken_pipe {
        for note in totals.markdown_notes() {
            progress.println(&note);
        }
    }
    if end.interrupted {
        return Ok(EXIT_INTERRUPTED);
    }
    // A missing or unreadable input is a failed input like any other (exit 1), alone or
    // beside good ones: the exit code agrees with the summary's "1 failed".
    Ok(code)
}
