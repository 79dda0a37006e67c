//! Command-line arguments (clap derive), validated into a [`Config`] before any work starts.

use super::writer::{CsvTable, Format, Markers, WriteOptions};
use clap::{Parser, ValueEnum};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Exit codes, also documented in `--help`.
pub const EXIT_OK: u8 = 0;
pub const EXIT_FAILED: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_INTERRUPTED: u8 = 130;

/// What the batch's part cache may hold (compressed and inflated sizes of the template parts
/// it keeps): 32 MiB is about eighty 400 KB templates, more than an archive has.
const PART_CACHE_BYTES: usize = 32 << 20;

const AFTER_HELP: &str = "\
INPUTS:
  Files are converted whatever their extension; folders are walked recursively for
  .docx .docm .dotx .dotm (or --glob). Word lock files (~$name.docx) are skipped and counted;
  so are legacy .doc .rtf .odt .wpd files met in folders (not converted). A missing input is a
  failed input (exit 1). `-` reads one document from standard input.

OUTPUT:
  With one input and one format, `-o FILE` (a path with an extension that is not a folder)
  writes that file: docxtract a.docx -o a.md -t md.

  Otherwise --out DIR mirrors each input tree under DIR: in/2023/a.docx -> DIR/2023/a.json
  (.md, .csv, .txt). With several inputs, each folder is mirrored under its own name, as
  `cp -r 2022 2023 DIR` does: DIR/2022/..., DIR/2023/.... A file named on the command line
  lands directly in DIR; a relative path from --files-from is kept as given. An extension
  other than .docx is kept (a.dotx -> a.dotx.json), so a.docx and a.dotx side by side do not
  collide. `--csv all` writes every CSV table: NAME.csv (blocks), NAME.images.csv,
  NAME.bookmarks.csv, NAME.links.csv, NAME.notes.csv, NAME.comments.csv, NAME.fields.csv,
  NAME.objects.csv, NAME.sections.csv, NAME.controls.csv. Every output is written to a
  temporary file next to it and renamed into place, so a killed run never leaves a truncated
  output. Two inputs that would write the same output are refused (the second one is
  reported as failed).

  Without --out, one format goes to standard output, in input order whatever --jobs:
    json      NDJSON: one document per line (with --pretty, indented documents one after
              another, which jq reads as a stream)
    csv       one CSV file: one header row, then the rows of every document
    md, text  with more than one document, each one starts with the delimiter line
              `==> PATH <==` (PATH as given, `-` for stdin, control characters quoted as
              `\n`, `\x1b`) and ends with an empty line

EXIT CODES:
  0    every input converted (or skipped)
  1    at least one input failed, a missing one included (each failure is one line on
       stderr: `docxtract: PATH: MESSAGE`)
  2    usage error, or nothing could run (no inputs found, output folder not writable)
  130  interrupted (Ctrl-C): files in flight were finished and the report written

EXAMPLES:
  docxtract article.docx | jq .blocks
  docxtract article.docx -o article.md -t md
  docxtract archive/ -t json,md,csv,text --out out/ --report report.jsonl
  docxtract archive/ -t csv --csv all --out out/           # every CSV table per document
  docxtract archive/ --out out/ --skip-existing            # resume a killed run
  docxtract archive/ --out out/ --shard 3/8                # machine 3 of 8
  docxtract --completions bash > /etc/bash_completion.d/docxtract
  docxtract --man > docxtract.1";

/// `--version`: the package version, then the commit and build (from build.rs).
const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ncommit: ",
    env!("DOCXTRACT_COMMIT"),
    "\nbuild: ",
    env!("DOCXTRACT_BUILD"),
);

/// Turn Word .docx files into JSON, CSV, Markdown and Tika-style text, one file or millions.
#[derive(Debug, Parser)]
#[command(
    name = "docxtract",
    version,
    long_version = LONG_VERSION,
    about,
    after_help = AFTER_HELP,
    max_term_width = 100,
    // clap's own usage line names only `<INPUT>...` after an error; say what --help says.
    override_usage = "docxtract [OPTIONS] [INPUT]..."
)]
pub struct Args {
    /// Files or folders to convert; `-` for standard input.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Output formats, comma-separated: json, md, csv, text [default: json; with -o FILE,
    /// the format its extension names, as pandoc does].
    #[arg(
        short = 't',
        long = "to",
        value_name = "FORMATS",
        value_delimiter = ','
    )]
    pub to: Vec<FormatArg>,

    /// Write one file per input and format under DIR, mirroring the input tree; with one input
    /// and one format, a path with an extension is the output file itself (`-`: standard
    /// output, as without --out).
    #[arg(short = 'o', long = "out", value_name = "DIR|FILE")]
    pub out: Option<PathBuf>,

    /// Read more inputs from FILE (`-` for stdin), one per line or NUL-separated.
    #[arg(long = "files-from", value_name = "FILE", help_heading = "Inputs")]
    pub files_from: Option<PathBuf>,

    /// Only take files (in walked folders) whose path relative to the folder matches GLOB.
    /// Repeatable; replaces the default extensions.
    #[arg(
        short = 'g',
        long = "glob",
        value_name = "GLOB",
        help_heading = "Inputs"
    )]
    pub glob: Vec<String>,

    /// Leave out files and folders whose relative path matches GLOB. Repeatable.
    #[arg(long = "exclude", value_name = "GLOB", help_heading = "Inputs")]
    pub exclude: Vec<String>,

    /// Follow symbolic links inside walked folders (loops are detected and skipped).
    #[arg(short = 'L', long = "follow", help_heading = "Inputs")]
    pub follow: bool,

    /// Take only slice K of N (1-based), by a stable hash of each path relative to its input
    /// root, so N machines together convert everything exactly once.
    #[arg(long = "shard", value_name = "K/N", value_parser = parse_shard, help_heading = "Inputs")]
    pub shard: Option<(u64, u64)>,

    /// Parallel workers (default: all cores).
    #[arg(short = 'j', long = "jobs", value_name = "N", help_heading = "Running")]
    pub jobs: Option<usize>,

    /// Skip inputs whose outputs all exist and are newer than the input (resume a run).
    #[arg(long = "skip-existing", help_heading = "Running")]
    pub skip_existing: bool,

    /// Stop at the first failed input (files in flight are finished).
    #[arg(long = "fail-fast", help_heading = "Running")]
    pub fail_fast: bool,

    /// Time budget per document, in seconds; a slower one fails as `timeout`.
    #[arg(long = "timeout", value_name = "SECS", value_parser = parse_timeout, help_heading = "Running")]
    pub timeout: Option<Duration>,

    /// Write one JSON line per input to FILE: source, status, error, outputs, counts, ms (and
    /// sha256 with --sha256; source_hex, the path's bytes, when it is not valid UTF-8).
    #[arg(long = "report", value_name = "FILE", help_heading = "Running")]
    pub report: Option<PathBuf>,

    /// Progress bar on stderr.
    #[arg(
        long = "progress",
        value_name = "WHEN",
        default_value = "auto",
        help_heading = "Running"
    )]
    pub progress: ProgressWhen,

    /// No progress bar and no summary line (errors are still printed).
    #[arg(short = 'q', long = "quiet", help_heading = "Running")]
    pub quiet: bool,

    /// Indent JSON.
    #[arg(long = "pretty", help_heading = "Writers")]
    pub pretty: bool,

    /// Which table CSV holds; `all` writes each table to its own file (needs --out DIR).
    #[arg(
        long = "csv",
        value_name = "TABLE",
        default_value = "blocks",
        help_heading = "Writers"
    )]
    pub csv: CsvTableArg,

    /// Start CSV with a UTF-8 byte order mark (for spreadsheet programs).
    #[arg(long = "bom", help_heading = "Writers")]
    pub bom: bool,

    /// Write CSV text cells raw, for database loads: by default a cell starting with `=`, `+`,
    /// `-`, `@` or a tab gets a `'` before it, so a spreadsheet does not run it as a formula.
    #[arg(long = "csv-raw", help_heading = "Writers")]
    pub csv_raw: bool,

    /// Bracketed markers in text output: `[bookmark: x]`, `[image: x]`, ...
    #[arg(
        long = "markers",
        value_name = "STYLE",
        default_value = "tika",
        help_heading = "Writers"
    )]
    pub markers: MarkersArg,

    /// Leave headers and footers out of text output.
    #[arg(long = "no-headers-footers", help_heading = "Writers")]
    pub no_headers_footers: bool,

    /// Put headers before the body and footers after it in Markdown (off by default: page
    /// furniture, left out as pandoc does).
    #[arg(long = "md-headers-footers", help_heading = "Writers")]
    pub md_headers_footers: bool,

    /// Keep Word's hidden bookmarks (`_GoBack`, `_Toc...`) in Markdown (those that a link
    /// points at are always kept).
    #[arg(long = "keep-hidden-bookmarks", help_heading = "Writers")]
    pub keep_hidden_bookmarks: bool,

    /// Include comments in Markdown.
    #[arg(long = "comments", help_heading = "Writers")]
    pub comments: bool,

    /// Start Markdown with YAML front matter holding the metadata.
    #[arg(long = "front-matter", help_heading = "Writers")]
    pub front_matter: bool,

    /// Write the images of each document to DIR/.../NAME.media/ (needs --out); Markdown links
    /// point there.
    #[arg(long = "extract-media", help_heading = "Writers")]
    pub extract_media: bool,

    /// Which side of tracked changes the text shows: accepted, rejected, or both, marked
    /// (Markdown: ~~removed~~ <ins>added</ins>; text and CSV: [-removed-] {+added+}). The JSON
    /// keeps every change with author and date either way.
    #[arg(
        long = "track-changes",
        value_name = "MODE",
        default_value = "accept",
        help_heading = "Reading"
    )]
    pub track_changes: TrackChangesArg,

    /// Show hidden text (`w:vanish`) in text, Markdown and CSV, as Word does with "Hidden
    /// text" ticked. The JSON keeps hidden runs either way, flagged `hidden`.
    #[arg(long = "show-hidden", help_heading = "Reading")]
    pub show_hidden: bool,

    /// Leave out the prompts that empty content controls show ("Click or tap here to enter
    /// text.") from text, Markdown and CSV. Word shows them greyed; the JSON flags them
    /// `placeholder` either way.
    #[arg(long = "hide-placeholders", help_heading = "Reading")]
    pub hide_placeholders: bool,

    /// Compute the SHA-256 of each input: `source.sha256` in JSON and `sha256` in the report
    /// (off by default: it reads every byte of every photo).
    #[arg(long = "sha256", help_heading = "Reading")]
    pub sha256: bool,

    /// Parse every document's styles and numbering anew, even when another document of the
    /// batch had the same bytes (a template's parts are parsed once by default; the output
    /// is the same either way).
    #[arg(long = "no-part-cache", help_heading = "Reading")]
    pub no_part_cache: bool,

    /// Largest input file (suffixes K, M, G) [default: 2G].
    #[arg(long = "max-input-size", value_name = "BYTES", value_parser = parse_size, help_heading = "Limits")]
    pub max_input_size: Option<u64>,

    /// Largest uncompressed part (suffixes K, M, G) [default: 512M].
    #[arg(long = "max-part-size", value_name = "BYTES", value_parser = parse_size, help_heading = "Limits")]
    pub max_part_size: Option<u64>,

    /// Largest uncompressed total of the parts read (suffixes K, M, G) [default: 1G].
    #[arg(long = "max-total-size", value_name = "BYTES", value_parser = parse_size, help_heading = "Limits")]
    pub max_total_size: Option<u64>,

    /// Most ZIP entries in one package [default: 20000].
    #[arg(long = "max-entries", value_name = "N", help_heading = "Limits")]
    pub max_entries: Option<usize>,

    /// Largest compression ratio of a part over 1 MiB (zip bombs) [default: 500].
    #[arg(long = "max-ratio", value_name = "N", help_heading = "Limits")]
    pub max_ratio: Option<u64>,

    /// Deepest XML element nesting [default: 512].
    #[arg(long = "max-depth", value_name = "N", help_heading = "Limits")]
    pub max_depth: Option<usize>,

    /// Largest XML tag with its attributes (suffixes K, M, G) [default: 16M].
    #[arg(long = "max-xml-tag", value_name = "BYTES", value_parser = parse_size, help_heading = "Limits")]
    pub max_xml_tag: Option<u64>,

    /// Largest XML text node (suffixes K, M, G) [default: 128M].
    #[arg(long = "max-xml-text", value_name = "BYTES", value_parser = parse_size, help_heading = "Limits")]
    pub max_xml_text: Option<u64>,

    /// Most output of one document, all its formats together: a cap on the budget of
    /// --max-output-ratio (suffixes K, M, G) [default: 4G].
    #[arg(long = "max-output", value_name = "BYTES", value_parser = parse_size, help_heading = "Limits")]
    pub max_output: Option<u64>,

    /// Output bytes allowed per input byte; never less than 64M, never more than
    /// --max-output [default: 200].
    #[arg(long = "max-output-ratio", value_name = "N", help_heading = "Limits")]
    pub max_output_ratio: Option<u64>,

    /// Print a completion script for SHELL on standard output, and exit.
    #[arg(long = "completions", value_name = "SHELL", help_heading = "Help")]
    pub completions: Option<clap_complete::Shell>,

    /// Print the manual page (roff) on standard output, and exit.
    #[arg(long = "man", help_heading = "Help")]
    pub man: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TrackChangesArg {
    Accept,
    Reject,
    All,
}

/// A byte count with an optional K/M/G suffix (powers of 1024).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let (number, shift) = match t.chars().last().map(|c| c.to_ascii_uppercase()) {
        Some('K') => (&t[..t.len() - 1], 10),
        Some('M') => (&t[..t.len() - 1], 20),
        Some('G') => (&t[..t.len() - 1], 30),
        _ => (t, 0),
    };
    let n: u64 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 512M)"))?;
    n.checked_shl(shift)
        .filter(|v| *v > 0 && v >> shift == n)
        .ok_or_else(|| format!("`{s}` is not a positive size"))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Json,
    #[value(alias = "markdown")]
    Md,
    Csv,
    #[value(alias = "txt")]
    Text,
}

impl FormatArg {
    fn format(self) -> Format {
        match self {
            FormatArg::Json => Format::Json,
            FormatArg::Md => Format::Markdown,
            FormatArg::Csv => Format::Csv,
            FormatArg::Text => Format::Text,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvTableArg {
    Blocks,
    Images,
    Bookmarks,
    Links,
    Notes,
    Comments,
    Fields,
    Objects,
    Sections,
    Controls,
    /// Every table, each to its own file.
    All,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MarkersArg {
    Tika,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProgressWhen {
    Auto,
    Always,
    Never,
}

/// Whether `-o PATH` names the output file itself, as pandoc's `-o` does: one input that is
/// not a folder, one format, and a path with an extension that is not an existing folder nor
/// ends with a separator (`out/`, `out` and `2023.d/` stay folders).
fn single_output(inputs: &[PathBuf], formats: &[Format], out: &Path) -> bool {
    let [input] = inputs else { return false };
    let ends_with_separator = out
        .as_os_str()
        .to_string_lossy()
        .ends_with(std::path::is_separator);
    formats.len() == 1
        && !input.is_dir()
        && out.extension().is_some()
        && !ends_with_separator
        && !out.is_dir()
}

fn parse_shard(s: &str) -> Result<(u64, u64), String> {
    let (k, n) = s
        .split_once('/')
        .ok_or_else(|| format!("`{s}` is not K/N (e.g. 2/8)"))?;
    let k: u64 = k
        .trim()
        .parse()
        .map_err(|_| format!("`{k}` is not a number"))?;
    let n: u64 = n
        .trim()
        .parse()
        .map_err(|_| format!("`{n}` is not a number"))?;
    if n == 0 || k == 0 || k > n {
        return Err(format!("need 1 <= K <= N, got {k}/{n}"));
    }
    Ok((k, n))
}

fn parse_timeout(s: &str) -> Result<Duration, String> {
    let secs: f64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of seconds"))?;
    if !secs.is_finite() || secs <= 0.0 || secs > 1e9 {
        return Err(format!(
            "timeout must be a positive number of seconds, got {s}"
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Everything the run needs, checked.
#[derive(Debug)]
pub struct Config {
    pub inputs: Vec<PathBuf>,
    pub files_from: Option<PathBuf>,
    pub formats: Vec<Format>,
    pub out: Option<PathBuf>,
    /// `out` is the one output file itself (one input, one format), not a folder.
    pub out_is_file: bool,
    /// The CSV tables written for each document: one, or all of them under `--out DIR`.
    pub csv_tables: Vec<CsvTable>,
    pub glob: Vec<String>,
    pub exclude: Vec<String>,
    pub follow: bool,
    pub shard: Option<(u64, u64)>,
    pub jobs: usize,
    pub skip_existing: bool,
    pub fail_fast: bool,
    pub report: Option<PathBuf>,
    pub progress: ProgressWhen,
    pub quiet: bool,
    pub extract_media: bool,
    pub write: WriteOptions,
    pub options: docxtract::Options,
    pub output_budget: OutputBudget,
}

/// How the output budget of a document is set (see `docxtract::write::budget`).
#[derive(Debug, Clone, Copy)]
pub struct OutputBudget {
    pub ratio: u64,
    pub cap: u64,
}

impl OutputBudget {
    /// The budget of a document whose package is `input_bytes` long.
    pub fn for_input(self, input_bytes: u64) -> u64 {
        docxtract::write::budget::output_budget(input_bytes, self.ratio, self.cap)
    }
}

impl Default for OutputBudget {
    fn default() -> Self {
        use docxtract::write::budget::{DEFAULT_MAX_OUTPUT_BYTES, DEFAULT_OUTPUT_RATIO};
        OutputBudget {
            ratio: DEFAULT_OUTPUT_RATIO,
            cap: DEFAULT_MAX_OUTPUT_BYTES,
        }
    }
}

impl Args {
    /// Check the combination of arguments; the error is one line for `docxtract: ...`.
    pub fn validate(mut self) -> Result<Config, String> {
        // `-o -` is how many tools spell standard output; a folder named `-` is never meant.
        if self.out.as_deref() == Some(Path::new("-")) {
            self.out = None;
        }
        if self.inputs.is_empty() && self.files_from.is_none() {
            return Err(
                "no input: name files or folders, `-` for stdin, or --files-from \
                        (see --help)"
                    .into(),
            );
        }
        let stdin_inputs = self.inputs.iter().filter(|p| p.as_os_str() == "-").count();
        let list_from_stdin = self
            .files_from
            .as_deref()
            .is_some_and(|p| p.as_os_str() == "-");
        if stdin_inputs > 1 {
            return Err("`-` (standard input) can be given only once".into());
        }
        if stdin_inputs == 1 && list_from_stdin {
            return Err("`-` and `--files-from -` both want standard input".into());
        }
        let mut formats: Vec<Format> = Vec::new();
        for f in &self.to {
            let f = f.format();
            if !formats.contains(&f) {
                formats.push(f);
            }
        }
        if formats.is_empty() {
            // `-o a.md` alone means Markdown, as in pandoc; anything else JSON.
            let named = self
                .out
                .as_deref()
                .filter(|out| single_output(&self.inputs, &[Format::Json], out))
                .and_then(|out| out.extension())
                .and_then(|ext| Format::parse(&ext.to_string_lossy()));
            formats.push(named.unwrap_or(Format::Json));
        }
        if self.out.is_none() {
            if formats.len() > 1 {
                return Err("several formats need --out DIR (standard output takes one)".into());
            }
            if self.extract_media {
                return Err("--extract-media needs --out DIR".into());
            }
            if self.skip_existing {
                return Err("--skip-existing needs --out DIR".into());
            }
        }
        let jobs = match self.jobs {
            Some(0) => return Err("--jobs must be at least 1".into()),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let csv_tables = match self.csv {
            CsvTableArg::Blocks => vec![CsvTable::Blocks],
            CsvTableArg::Images => vec![CsvTable::Images],
            CsvTableArg::Bookmarks => vec![CsvTable::Bookmarks],
            CsvTableArg::Links => vec![CsvTable::Links],
            CsvTableArg::Notes => vec![CsvTable::Notes],
            CsvTableArg::Comments => vec![CsvTable::Comments],
            CsvTableArg::Fields => vec![CsvTable::Fields],
            CsvTableArg::Objects => vec![CsvTable::Objects],
            CsvTableArg::Sections => vec![CsvTable::Sections],
            CsvTableArg::Controls => vec![CsvTable::Controls],
            CsvTableArg::All => CsvTable::ALL.to_vec(),
        };
        let out_is_file = match &self.out {
            Some(out) => self.files_from.is_none() && single_output(&self.inputs, &formats, out),
            None => false,
        };
        if csv_tables.len() > 1
            && formats.contains(&Format::Csv)
            && (self.out.is_none() || out_is_file)
        {
            return Err("--csv all writes a file per table: it needs --out DIR".into());
        }
        let mut write = WriteOptions::new();
        write.pretty = self.pretty;
        write.csv_table = csv_tables[0];
        write.csv_header = true;
        write.bom = self.bom;
        write.csv_raw = self.csv_raw;
        write.markers = match self.markers {
            MarkersArg::Tika => Markers::Tika,
            MarkersArg::None => Markers::None,
        };
        write.headers_footers = !self.no_headers_footers;
        write.markdown_headers_footers = self.md_headers_footers;
        write.keep_hidden_bookmarks = self.keep_hidden_bookmarks;
        write.comments = self.comments;
        write.front_matter = self.front_matter;
        write.media_dir = None;
        // Each limit not given keeps the library's default.
        let mut limits = docxtract::Limits::default();
        limits.max_input_bytes = self.max_input_size.unwrap_or(limits.max_input_bytes);
        limits.max_part_bytes = self.max_part_size.unwrap_or(limits.max_part_bytes);
        limits.max_total_bytes = self.max_total_size.unwrap_or(limits.max_total_bytes);
        limits.max_compression_ratio = self.max_ratio.unwrap_or(limits.max_compression_ratio);
        limits.max_entries = self.max_entries.unwrap_or(limits.max_entries);
        limits.max_xml_depth = self.max_depth.unwrap_or(limits.max_xml_depth);
        if let Some(bytes) = self.max_xml_tag {
            limits.max_xml_tag_bytes = bytes as usize;
        }
        if let Some(bytes) = self.max_xml_text {
            limits.max_xml_text_bytes = bytes as usize;
        }
        let track_changes = match self.track_changes {
            TrackChangesArg::Accept => docxtract::model::TrackChanges::Accept,
            TrackChangesArg::Reject => docxtract::model::TrackChanges::Reject,
            TrackChangesArg::All => docxtract::model::TrackChanges::All,
        };
        let mut options = docxtract::Options::default();
        options.timeout = self.timeout;
        options.limits = limits;
        options.track_changes = track_changes;
        options.show_hidden = self.show_hidden;
        options.hide_placeholders = self.hide_placeholders;
        options.sha256 = self.sha256;
        options.part_cache = (!self.no_part_cache)
            .then(|| std::sync::Arc::new(docxtract::PartCache::new(PART_CACHE_BYTES)));
        Ok(Config {
            inputs: self.inputs,
            files_from: self.files_from,
            formats,
            out: self.out,
            out_is_file,
            csv_tables,
            glob: self.glob,
            exclude: self.exclude,
            follow: self.follow,
            shard: self.shard,
            jobs,
            skip_existing: self.skip_existing,
            fail_fast: self.fail_fast,
            report: self.report,
            progress: self.progress,
            quiet: self.quiet,
            extract_media: self.extract_media,
            write,
            options,
            output_budget: OutputBudget {
                ratio: self
                    .max_output_ratio
                    .unwrap_or(OutputBudget::default().ratio),
                cap: self.max_output.unwrap_or(OutputBudget::default().cap),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_accepts_k_of_n_and_refuses_nonsense() {
        assert_eq!(parse_shard("3/8"), Ok((3, 8)));
        assert!(parse_shard("0/4").is_err());
        assert!(parse_shard("5/4").is_err());
        assert!(parse_shard("1/0").is_err());
        assert!(parse_shard("x").is_err());
    }

    #[test]
    fn limit_defaults_in_help_match_the_library() {
        let d = docxtract::Limits::default();
        assert_eq!(parse_size("2G"), Ok(d.max_input_bytes));
        assert_eq!(parse_size("512M"), Ok(d.max_part_bytes));
        assert_eq!(parse_size("1G"), Ok(d.max_total_bytes));
        assert_eq!(d.max_entries, 20_000);
        assert_eq!(d.max_compression_ratio, 500);
        assert_eq!(d.max_xml_depth, 512);
        assert_eq!(parse_size("16M"), Ok(d.max_xml_tag_bytes as u64));
        assert_eq!(parse_size("128M"), Ok(d.max_xml_text_bytes as u64));
    }

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("512"), Ok(512));
        assert_eq!(parse_size("4K"), Ok(4096));
        assert_eq!(parse_size("2m"), Ok(2 << 20));
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert!(parse_size("0").is_err());
        assert!(parse_size("lots").is_err());
    }

    #[test]
    fn timeout_must_be_positive() {
        assert_eq!(parse_timeout("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_timeout("0").is_err());
        assert!(parse_timeout("-1").is_err());
        assert!(parse_timeout("nan").is_err());
    }

    #[test]
    fn help_text_lines_fit_the_help_width_so_nothing_wraps_mid_sentence() {
        for line in AFTER_HELP.lines() {
            assert!(line.chars().count() <= 96, "too long for --help: {line:?}");
        }
    }

    #[test]
    fn an_out_path_is_a_file_only_for_one_input_and_one_format() {
        let one = [PathBuf::from("a.docx")];
        let two = [PathBuf::from("a.docx"), PathBuf::from("b.docx")];
        let md = [Format::Markdown];
        assert!(single_output(&one, &md, Path::new("a.md")));
        assert!(single_output(&one, &md, Path::new("sub/a.md")));
        assert!(!single_output(&one, &md, Path::new("out")));
        assert!(!single_output(&one, &md, Path::new("out.d/")));
        assert!(!single_output(&two, &md, Path::new("a.md")));
        assert!(!single_output(
            &one,
            &[Format::Markdown, Format::Json],
            Path::new("a.md")
        ));
        let here = [PathBuf::from(".")];
        assert!(
            !single_output(&here, &md, Path::new("a.md")),
            "a folder input"
        );
    }

    #[test]
    fn clap_definition_is_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
